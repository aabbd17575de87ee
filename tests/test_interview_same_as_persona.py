"""Asked about a second persona, "same as Femi really" is Femi's answer to the same question, not a goal called
"Same as Femi really" (attack 14). "same as above" keeps its meaning; an unknown name is read as said."""

from __future__ import annotations

from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.session import Session
from cjm_assistant.store import Store

ANSWERS = [
    "Pebble Testing, a lab in Leeds testing pool water for leisure centres and hotels",
    "monthly pool water tests with a certificate, £60 a visit",
    "B2B: leisure centre managers and hotel groups",
    "signing a site up to monthly testing",
    "current",
    "email, phone and our client portal",
    "Leisure manager Lena, 50, runs two pools",
    "a clean certificate before every inspection",
    "results come as PDFs and get lost",
    "email",
    "yes",
    "Hotel manager Hugo, 38, one spa pool",
]


def interviewed(tmp_db, goals: str):
    with Store.open(tmp_db) as store:
        session = Session(store, PlaybookEngine())
        session.start_interview()
        turns = [session.answer(text) for text in [*ANSWERS, goals]]
        return session.interview.state.profile.personas, turns[-1]


def test_same_as_another_persona_is_that_personas_answer(tmp_db):
    personas, turn = interviewed(tmp_db, "same as Lena really")
    hugo = personas[1]
    assert hugo.name.startswith("Hotel manager Hugo")
    assert hugo.goals and "clean certificate" in " ".join(hugo.goals)
    assert not any("same as" in g.casefold() for g in hugo.goals)
    assert "Lena" in (turn.note or "")


def test_same_as_another_persona_plus_more_keeps_both(tmp_db):
    personas, _ = interviewed(tmp_db, "same as Lena's, plus a quick answer when the spa pool fails")
    goals = " ".join(personas[1].goals)
    assert "clean certificate" in goals and "spa pool fails" in goals


def test_same_as_a_name_that_is_no_persona_is_read_as_said(tmp_db):
    personas, _ = interviewed(tmp_db, "same as Zed really")
    assert "clean certificate" not in " ".join(personas[1].goals)
