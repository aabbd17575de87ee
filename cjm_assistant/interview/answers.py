"""Headless answers files (``cjm new --answers F.toml``): reading them, with one sentence for what is wrong,
and running an interview from them as a person would answer it."""

from __future__ import annotations

import tomllib
from typing import TYPE_CHECKING

from cjm_assistant.domain.model import MAX_PERSONAS, clean_text
from cjm_assistant.knowledge.questions import asks_back, dont_know

if TYPE_CHECKING:
    from cjm_assistant.interview.flow import Interview

ANSWER_KEYS = {"business", "offering", "customers", "journey", "kind", "channels", "problems", "data", "goal", "personas",
               "stages"}
#: The answers that may be a TOML list of texts (``problems = ["a", "b"]``), read like the same items as text
LIST_KEYS = {"offering", "customers", "channels", "problems", "data"}
PERSONA_KEYS = {"name", "description", "goals", "frustrations", "channels", "quote"}


class AnswersError(ValueError):
    pass


def load_answers(text: str) -> dict:
    """Parse and check an answers TOML file; AnswersError with a clear sentence on a bad one."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise AnswersError(f"the answers file is not valid TOML: {e}") from None
    except RecursionError:
        raise AnswersError("the answers file nests lists or tables too deeply to read; an answers file is "
                           "plain `key = \"text\"` lines (see examples/*.toml)") from None
    except ValueError:  # a number longer than Python converts (thousands of digits)
        raise AnswersError("the answers file holds a number too long to read; answers are text "
                           "(see examples/*.toml)") from None
    problems: list[str] = []  # every problem of the file, said in one run (one line each)
    unknown = set(data) - ANSWER_KEYS
    if unknown:
        problems.append(f"unknown key(s) in the answers file: {', '.join(sorted(unknown))}; "
                        f"known keys are {', '.join(sorted(ANSWER_KEYS))}")
    if isinstance(data.get("business", ""), str) and not data.get("business", "").strip():
        problems.append("the answers file needs at least `business = \"...\"` (what the business is)")
    elif isinstance(data.get("business"), str) and asks_back(data["business"]):  # "huh?": no business to map
        problems.append(f"`business` in the answers file asks a question instead of answering it "
                        f"(“{data['business'].strip()[:60]}”): say what the business is and does")
    elif isinstance(data.get("business"), str) and dont_know(data["business"]):  # "I don't know": no business
        problems.append(f"`business` in the answers file says “{clean_text(data['business'])[:60]}”, which is no "
                        "answer; the map needs at least what the business is and does (a few words are enough)")
    notes: list[str] = []
    _unsaid(data, sorted(ANSWER_KEYS - {"business", "personas", "stages"}), "", notes)
    for key, value in data.items():
        if key == "stages" and isinstance(value, list):
            if not all(isinstance(v, str) for v in value):
                problems.append("`stages` in the answers file should be a list of step names in quotes, "
                                "e.g. stages = [\"Find us\", \"Book\", \"Visit\"]")
            continue
        if key in LIST_KEYS and isinstance(value, list):
            if not all(isinstance(v, str) for v in value):
                problems.append(f"`{key}` in the answers file should be text in quotes, or a list of texts "
                                f"in quotes, e.g. {key} = [\"...\", \"...\"]")
            continue
        if key in ANSWER_KEYS and key != "personas" and not isinstance(value, str):
            problems.append(f"`{key}` in the answers file should be text in quotes"
                            + (", or a list of texts in quotes" if key in LIST_KEYS else ""))
    try:
        data["personas"] = _personas(data.get("personas", []), notes)
    except AnswersError as e:
        problems.append(str(e))
        data["personas"] = []
    if len(data["personas"]) > MAX_PERSONAS:  # said with the number the file gives, not the one the run got to
        from cjm_assistant.interview.flow import TooMany

        problems.append(TooMany("personas", "", "personas", len(data["personas"]), MAX_PERSONAS).said(in_file=True))
    for i, persona in enumerate(data["personas"], 1):
        if not isinstance(persona, dict) or not str(persona.get("name", "")).strip():
            problems.append(f"persona {i} in the answers file needs a name")
        if not isinstance(persona, dict):
            continue
        if isinstance(persona.get("name"), str) and dont_know(persona["name"]):  # "idk": no one of that name
            problems.append(f"persona {i} in the answers file needs a name (“{clean_text(persona['name'])[:60]}” "
                            "is no name): any first name will do, with who they are in `description`")
        _unsaid(persona, sorted(PERSONA_KEYS - {"name"}), f" of persona {i}", notes)
        unknown = set(persona) - PERSONA_KEYS
        if unknown:
            problems.append(f"unknown key(s) in persona {i}: {', '.join(sorted(unknown))}")
        if isinstance(persona.get("name"), list):  # one persona, one name: two names are two personas
            problems.append(f"`name` of persona {i} in the answers file should be one name in quotes; give each "
                            "person their own [[personas]] table")
        for key in sorted(set(persona) & PERSONA_KEYS):
            if not _text_or_texts(persona[key]):
                problems.append(f"`{key}` of persona {i} in the answers file should be text in quotes "
                                "(or a list of texts)")
    if isinstance(data.get("kind", ""), str):
        try:
            _check_kind(data.get("kind", ""))
        except AnswersError as e:
            problems.append(str(e))
    stages = data.get("stages")
    if isinstance(stages, list) and all(isinstance(v, str) for v in stages):  # a name listed twice: said with the rest
        try:
            data["stages"] = _stages(stages, notes)
        except AnswersError as e:
            problems.append(str(e))
    if len(problems) == 1:
        raise AnswersError(problems[0])
    if problems:
        raise AnswersError(f"the answers file has {len(problems)} problems:\n" + "\n".join(problems))
    data[NOTES] = notes
    return data


def _unsaid(data: dict, keys: list[str], whose: str, notes: list[str]) -> None:
    """Leave out of ``data`` each answer of ``keys`` that only says "I don't know" ("idk", "not sure", "no idea"),
    or such an item of a list, each said in ``notes``: no answer, never a field's text ("I don't know" as the
    offering). A key left with nothing is left out (as if the file had not given it) and named in ``data[UNSAID]``."""
    for key in keys:
        value = data.get(key)
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) for v in items):
            continue  # said as a problem of its own
        unsure = [v for v in items if dont_know(v)]
        if not unsure:
            continue
        kept = [v for v in items if not dont_know(v)]
        quoted = [f"“{clean_text(v)[:60]}”" for v in unsure]
        said = f"{', '.join(quoted[:-1])} and {quoted[-1]}" if len(quoted) > 1 else quoted[0]
        none = "are no answers" if len(quoted) > 1 else "is no answer"  # "“idk” and “no idea” are no answers"
        if kept and isinstance(value, list):
            data[key] = kept
            notes.append(f"`{key}`{whose} in the answers file: {said} {none}, left out of the list.")
            continue
        del data[key]
        if not whose:
            data.setdefault(UNSAID, []).append(key)
        lists = "lists only" if isinstance(value, list) else "says"
        notes.append(f"`{key}`{whose} in the answers file {lists} {said}, which {none}: read as not given"
                     + (", and the engine filled it in where it could." if not whose else "."))


def _text_or_texts(value) -> bool:
    """Whether a persona's field is text, or a list of texts (``goals = ["...", "..."]``)."""
    return isinstance(value, str) or isinstance(value, list) and all(isinstance(v, str) for v in value)


#: Where :func:`load_answers` keeps what it read in a way the file did not quite say (run_answers reports them)
NOTES = "_read_as"
#: ... and the keys it left out as no answer ("I don't know"), already said in the notes
UNSAID = "_unsaid"


def _check_kind(kind: str) -> None:
    """AnswersError when ``kind`` names no kind of map ("sideways"): it would be drawn as today's journey unsaid."""
    from cjm_assistant.knowledge.detect import detect_kind

    if kind.strip() and detect_kind(kind) is None:
        raise AnswersError(f"`kind` in the answers file is “{clean_text(kind)[:60]}”, which names no kind of map; "
                           "write \"current\" (the journey as it is today), \"future\" (the one you want), "
                           "\"day in the life\" or \"blueprint\", or leave the key out")


def _stages(stages, notes: list[str]):
    """The file's ``stages`` list with blank names left out (said in ``notes``); AnswersError when one name is
    listed twice, as two stages of one name cannot be told apart later ("make Find very negative": which?)."""
    if not isinstance(stages, list):
        return stages
    kept = [" ".join(s.split()) for s in stages if s.strip()]
    if len(kept) < len(stages):
        blank = len(stages) - len(kept)
        notes.append(f"`stages` in the answers file: {blank} blank name{'s' if blank != 1 else ''} left out.")
    seen: dict[str, str] = {}
    for name in kept:
        if name.casefold() in seen:
            raise AnswersError(f"`stages` in the answers file lists “{name}” twice; give each stage its own name "
                               "(two stages of one name cannot be told apart when you edit the map)")
        seen[name.casefold()] = name
    if not kept:
        notes.append("`stages` in the answers file is empty, so the engine proposed the stages; list yours in "
                     "`stages = [\"...\", \"...\"]` to use them.")
    return kept


def _personas(value, notes: list[str]) -> list:
    """The file's personas as a list of tables: ``[[personas]]`` tables as they are; one ``[personas]`` table, or
    a persona told in words (``personas = "Margaret, retired, knits for her grandchildren"``, or a list of such
    texts) as the interview's answer to "who is a typical customer" is (name first, then what they are). The two
    readings of a shape that is not ``[[personas]]`` are said in ``notes``."""
    if isinstance(value, dict):
        name = clean_text(str(value.get("name", "")))[:60]
        notes.append(f"`[personas]` in the answers file is one table, read as one persona{f' ({name})' if name else ''}"
                     "; write [[personas]] (double brackets) before each persona to give several.")
        return [value]
    if isinstance(value, str) and dont_know(value):  # personas = "not sure": none told, the engine's own are drawn
        notes.append(f"`personas` in the answers file says “{clean_text(value)[:60]}”, which is no answer: read as "
                     "not given, and the engine proposed the personas.")
        value = ""
    if isinstance(value, str):
        value = [value] if value.strip() else []
        if value:
            notes.append(f"`personas` in the answers file is text, read as one persona told in words "
                         f"(“{clean_text(value[0])[:60]}”); use [[personas]] tables with name, goals and "
                         "frustrations to say more.")
    if not isinstance(value, list):
        raise AnswersError("`personas` in the answers file should be [[personas]] tables with a name, or text")
    return [{"name": v} if isinstance(v, str) else v for v in value]


#: Said when the interview would have shown its proposed stages (the industry is unsure) and the file lists none.
_UNCONFIRMED = ("The industry is not known for sure, so the interview would show the proposed stages to confirm; the "
                "answers file has no `stages`, so the proposal was kept unconfirmed. Check the stages, or list yours "
                "in `stages = [\"...\", \"...\"]`.")


def run_answers(interview: Interview, answers: dict) -> list[str]:
    """Answer every question from an answers file; returns notes on what went unanswered (and on answers the
    model could not read)."""
    notes: list[str] = list(answers.get(NOTES, []))
    already = len(interview.state.notes)
    personas = list(answers.get("personas", []))
    persona_index = 0
    said = ("", "")  # (question key, the file's answer) last given: a follow-up question is about it
    guard = 0
    while interview.state.status == "asking" and guard < 200:
        guard += 1
        if interview.state.confirming:
            if not answers.get("stages"):
                notes.append(_UNCONFIRMED)
            turn = interview.answer(_stages_text(answers.get("stages", "")) or "ok")
            if interview.state.confirming:  # the file's stages could not be read: say why, keep the proposal
                notes.append(f"`stages` in the answers file: {turn.note} Kept the proposed stages.")
                interview.answer("ok")
            continue
        if interview.state.placing:
            notes.append(f"Which step “{interview.state.placing[0]}” happens in: no answer in the file; "
                         "listed as not yet placed.")
            interview.answer("skip")
            continue
        q = interview.question
        assert q is not None
        if interview.state.follow_up:
            notes.append(_unanswered_follow_up(interview.state.follow_up, *said))
            interview.answer("skip")
            continue
        if q.key == "more_personas":
            interview.answer("yes" if persona_index < len(personas) else "no")
            continue
        if q.persona:
            if persona_index >= len(personas):
                interview.answer("skip")
                continue
            persona = personas[persona_index]
            field = q.key.removeprefix("persona_")
            value = persona.get(field, "")
            if field == "name" and persona.get("description"):
                value = f"{_as_text(persona['name'])}, {_as_text(persona['description'])}"
            said = (q.key, _as_text(value))
            _give(interview, said[1], notes, value if isinstance(value, list) else None)
            if q.key == "persona_channels":
                persona_index += 1
                if persona.get("quote"):
                    _set_quote(interview, _as_text(persona["quote"]))
            continue
        given = answers.get(q.key, "")
        value = _as_text(given)
        if not value and q.key not in answers.get(UNSAID, ()):
            notes.append(f"No answer for “{q.key}”; the engine filled it in where it could.")
        said = (q.key, value)
        _give(interview, value, notes, given if isinstance(given, list) else None)
    notes += _owners_stages(interview, answers.get("stages"))
    return notes + interview.state.notes[already:]


def _give(interview: Interview, value: str, notes: list[str], items: list[str] | None = None) -> None:
    """Answer the question asked now with a file's ``value`` (skip it when empty). An answer the interview asks
    again (a question back, "what do you mean?"; a first "not sure") is not given twice: the question is skipped,
    and a question back is noted."""
    from cjm_assistant.interview.flow import ASKED_BACK

    key = interview.question.key if interview.question else ""
    turn = interview.answer(value or "skip", items=[str(v) for v in items if str(v).strip()] if items else None)
    if turn.too_many is not None:  # 61 channels: refused in one sentence, as the interview refuses it
        raise AnswersError(turn.too_many.said(in_file=True) + " (nothing was saved)")
    if turn.note == ASKED_BACK:
        notes.append(f"“{key}”: the answer “{value[:60]}” asks a question instead of answering it; skipped.")
        interview.answer("skip")
    elif interview.question is not None and interview.question.key == key and interview.state.unsure and \
            interview.state.unsure.startswith(f"{key}:") and not interview.state.follow_up:
        interview.answer("skip")


def _unanswered_follow_up(question: str, key: str, value: str) -> str:
    """What happened when the file's answer to ``key`` was too vague or short to build on and the file has no
    answer to the follow-up the interview would have asked: the answer (or its opening, when it was long) and the
    question, and that the answer stands as it was read."""
    from cjm_assistant.interview.flow import MAX_ANSWER
    from cjm_assistant.interview.stages import short

    words = " ".join(value.split())
    said = f"your answer “{short(words, 50)}”"
    if len(value) > MAX_ANSWER:
        said += f" (too long: {len(value):,} characters, read in part, as the note on its length says)"
    return (f"“{key}”: {said} was too vague or short to build on; the interview would have asked “{question}”, "
            "and the file has no answer to that, so the answer stands as read.")


def _owners_stages(interview: Interview, stages) -> list[str]:
    """The file's ``stages`` when the interview never showed proposed stages to confirm (a model names its own; the
    playbook asks only when unsure of the industry): they are the owner's confirmed stages all the same, in their
    order and words, and the map's stages with any engine. When the interview asked, they were the answer to that
    question. Notes say what was done."""
    from cjm_assistant.interview.stages import parse_stage_list

    if not stages or interview.state.confirmed or interview.state.status != "ready":
        return []
    try:
        choices = parse_stage_list(_stages_text(stages), [])  # read as the answer to the confirmation is
    except ValueError as e:
        return [f"`stages` in the answers file: {e} The stages are the engine's own."]
    interview.state.profile = interview.state.profile.merge({"stages": choices})
    interview.state.confirmed = True
    return []


def _stages_text(stages) -> str:
    """A file's ``stages`` as the answer to the stage confirmation: a list one stage per line, so that a stage's
    own comma stays in it ("Post your film, with the form")."""
    return "\n".join(str(s) for s in stages) if isinstance(stages, list) else _as_text(stages)


def _as_text(value) -> str:
    if isinstance(value, list):  # a list's items each stand apart, as a semicolon keeps them in text
        return "; ".join(" ".join(str(v).split()).strip(" ;,") for v in value if str(v).strip())
    return str(value or "").strip()


def _set_quote(interview: Interview, quote: str) -> None:
    personas = interview.state.profile.personas
    if personas:
        target = personas[-1].model_copy(update={"quote": clean_text(quote)})
        interview.state.profile = interview.state.profile.merge({"personas": [target.model_dump()]})
