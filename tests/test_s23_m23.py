"""Session 23, brief m23: each stated problem on the stage where it happens, for businesses nobody tuned on, and
journeys told "from A to B to C" whose middle point is a noun ("the monthly plan").

Businesses here are invented for these tests (none is in tests/dev or tests/heldout)."""

from __future__ import annotations

from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.interview import Interview, load_answers, run_answers
from cjm_assistant.knowledge.steps import parse_steps


def _map(business: str, offering: str, customers: str, journey: str, problems: str = ""):
    """The map an answers file with these answers drafts (as `cjm new --answers` does)."""
    text = (f'business = "{business}"\noffering = "{offering}"\ncustomers = "{customers}"\njourney = "{journey}"\n'
            f'problems = "{problems}"\n')
    interview = Interview(PlaybookEngine())
    run_answers(interview, load_answers(text))
    return interview.engine.propose_map(interview.state.profile).journey


def _where(journey, words: str) -> list[str]:
    """The stages whose pain points name ``words`` ("Not yet placed" for one left unplaced)."""
    found = [s.name for s in journey.stages for p in s.pain_points if words in p.name.casefold()]
    return found + ["Not yet placed" for p in journey.unplaced if words in p.name.casefold()]


# -- a booking that goes wrong on the map's step named for booking ----------------------------------------------------

def test_a_booking_problem_stays_on_the_step_named_for_booking_again():
    journey = _map("PitchPal, a website where schools and clubs list their sports pitches and teams book and pay online",
                   "free listing for pitch owners with a booking calendar and online payment, we take 6% from teams",
                   "pitch owners, mostly school bursars, and teams: five-a-side groups, junior clubs, walking football",
                   "from someone needing a pitch to them booking again next season",
                   "five-a-side groups want to book every thursday for the whole season and the calendar only does "
                   "single dates")
    names = [s.name for s in journey.stages]
    assert "Booking again next season" in names
    assert _where(journey, "every thursday") == ["Booking again next season"]


# -- "from A to B to C" when B is a noun that takes a "to" ------------------------------------------------------------

def test_a_doing_after_a_noun_s_to_is_the_next_step():
    assert [s.text for s in parse_steps("from signing up to the monthly plan to cancelling")] == \
        ["signing up to the monthly plan", "cancelling"]
    assert [s.text for s in parse_steps("from placing the order to receiving it to reordering")] == \
        ["placing the order", "receiving it", "reordering"]


def test_a_noun_s_to_before_a_verb_stays_in_its_step():
    assert [s.text for s in parse_steps("from a plan to cut costs to the launch")] == \
        ["a plan to cut costs", "the launch"]
