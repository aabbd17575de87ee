"""The interview: a conversation that fills a :class:`Profile` (``flow``), its steps about stages
(``stages``), and answers files that run it without a person (``answers``)."""

from cjm_assistant.interview.answers import (ANSWER_KEYS, PERSONA_KEYS, AnswersError, load_answers,
                                             run_answers)
from cjm_assistant.interview.flow import MAX_ANSWER, Answer, Interview, InterviewState, Turn, script
from cjm_assistant.interview.stages import (KEEP_WORDS, MAX_STAGES, MIN_STAGES, confirm_question, match_stage,
                                            parse_stage_list, placing_question)

__all__ = ["ANSWER_KEYS", "KEEP_WORDS", "MAX_ANSWER", "MAX_STAGES", "MIN_STAGES", "PERSONA_KEYS", "Answer",
           "AnswersError", "Interview", "InterviewState", "Turn", "confirm_question", "load_answers",
           "match_stage", "parse_stage_list", "placing_question", "run_answers", "script"]
