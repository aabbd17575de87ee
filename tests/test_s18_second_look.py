"""A second look at the stated problems no stage's words claim (round two, session 18).

The playbook's placement rules leave a problem "not yet placed" when no stage's name, step or phase words point to it.
The draft is then read the way customer feedback is (each stage as everything the draft says about it, rare words
counting most): a problem it places with confidence goes on that stage, with a note saying so, and gets its fix like
any placed problem; one that shares nothing with any stage stays unplaced for the interview to ask about; the owner's
own answer to "which step?" always wins. The business here is invented for the test.
"""

from __future__ import annotations

import pytest

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.engines.playbook import PlaybookEngine, compose_with_notes
from cjm_assistant.interview import Interview, load_answers, run_answers

ANSWERS = '''
business = "Riverside Rowing Club, a volunteer-run rowing club on the Severn in Worcester"
offering = "taster sessions, a learn-to-row course, club membership, coached outings and regattas"
customers = "adults who want to try rowing, members, juniors and their parents"
journey = "ask about a taster -> taster session on a Saturday -> join and pay the membership -> learn-to-row course -> club outings -> regattas -> renew each April"
kind = "current"
channels = "website, email, Facebook group, the boathouse"
problems = "the learn-to-row course is booked up for months; the seat rota for outings confuses everyone"
goal = "keep more new members past their first year"

[[personas]]
name = "New member Priya"
description = "34, joined last spring"
goals = "race at a regatta this summer"
frustrations = "put in the bow seat on the rota three weeks running; the cox shouts at novices"
channels = "email, Facebook group"
'''
ROTA = "Put in the bow seat on the rota three weeks running"
COX = "The cox shouts at novices"


@pytest.fixture(scope="module")
def profile():
    interview = Interview(PlaybookEngine())
    run_answers(interview, load_answers(ANSWERS))
    return interview.state.profile


def _stage_of(journey: JourneyMap, name: str) -> str | None:
    return next((stage.name for stage in journey.stages for pp in stage.pain_points if pp.name == name), None)


def test_a_problem_sharing_a_stages_own_words_goes_there_and_the_note_says_so(profile):
    journey, notes = compose_with_notes(profile)
    # "rota" and "seat" are the words of the owner's own problem on the outings step, and of no other step
    assert _stage_of(journey, ROTA) == "Club outings"
    assert ROTA not in [pp.name for pp in journey.unplaced]
    said = [n for n in notes if n.startswith(f"“{ROTA}” is on “Club outings”")]
    assert said and "% sure" in said[0] and "move pain point" in said[0]
    stage = next(s for s in journey.stages if s.name == "Club outings")
    ident = next(pp.id for pp in stage.pain_points if pp.name == ROTA)
    assert any(ident in opp.addresses for opp in stage.opportunities)  # a fix, or an honest "no suggestion yet"


def test_a_problem_sharing_nothing_with_any_stage_stays_unplaced_and_is_asked_about(profile):
    journey, notes = compose_with_notes(profile)
    assert COX in [pp.name for pp in journey.unplaced]
    assert not any(n.startswith(f"“{COX}” is on") for n in notes)
    stages, unplaced = PlaybookEngine().unplaced(profile)
    assert unplaced == [COX] and "Club outings" in stages


def test_the_owners_own_answer_wins_over_the_second_look(profile):
    told = profile.merge({"placements": {ROTA: "Regattas"}})
    journey, notes = compose_with_notes(told)
    assert _stage_of(journey, ROTA) == "Regattas"
    assert not any(n.startswith(f"“{ROTA}” is on") for n in notes)


def test_the_streamed_draft_ends_as_the_composed_map(profile):
    streamed = list(PlaybookEngine().propose_stream(profile))[-1]
    assert _stage_of(streamed, ROTA) == "Club outings"
    assert streamed.model_dump() == compose_with_notes(profile)[0].model_dump()


def test_cli_new_reports_where_the_problem_went(tmp_path, capsys):
    from cjm_assistant.cli import main

    answers = tmp_path / "club.toml"
    answers.write_text(ANSWERS, encoding="utf-8")
    assert main(["--db", str(tmp_path / "c.db"), "--engine", "playbook", "new", "--answers", str(answers)]) == 0
    out = capsys.readouterr().out
    assert f"“{ROTA}” is on “Club outings”" in out
    assert "1 not on a stage yet" in out
