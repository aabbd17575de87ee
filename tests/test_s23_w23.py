"""Session 23, w23: interview and TUI leftovers, each reproduced as a user first."""

from __future__ import annotations

import pytest

from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.interview.flow import Interview


def _at_the_data_question() -> Interview:
    interview = Interview(PlaybookEngine())
    for said in ("Mugwise, handmade ceramic mugs sold online through our own shop", "mugs", "B2C"):
        interview.answer(said)
    while interview.question.key != "data":
        interview.answer("skip")
    return interview


@pytest.mark.parametrize("said", ["None", "none really", "nothing yet", "we don't have any", "no data",
                                  "nothing really", "we have no data"])
def test_saying_there_is_no_data_is_an_answer(said):
    """"none really" at the data question was asked again ("“none really” is a start. Which data..."), and the
    next answer, meant for the goal, was taken as data. Saying there is none is an answer: the goal comes next,
    and the goal answer is the goal."""
    interview = _at_the_data_question()
    interview.answer(said)
    assert interview.question.key == "goal"
    interview.answer("fewer abandoned baskets")
    assert interview.state.profile.data == []
    assert interview.state.profile.goal == "fewer abandoned baskets"


def test_unsure_about_data_is_still_asked_about():
    """"dunno really, the usual" names nothing and says not knowing: still asked once more (not taken as none)."""
    interview = _at_the_data_question()
    turn = interview.answer("dunno really, the usual")
    assert interview.question.key == "data" or "Which data" in turn.reply
