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


# -- a thing "never there when needed" is not a customer nobody finds at home ---------------------------------------

def test_a_thing_never_there_when_needed_goes_where_people_use_the_service():
    journey = _map("Brickyard Direct, a builders merchant trade counter and yard in Leeds",
                   "timber, bricks, cement and tools for trade accounts, collected from the yard or delivered",
                   "builders and tradespeople with trade accounts, and some DIY customers",
                   "from needing materials to collecting them from the yard",
                   "the flatbed trolleys are never there when a builder needs one so they carry bags of cement by hand")
    assert _where(journey, "trolleys") == ["Collecting them from the yard"]
    pains = [p for s in journey.stages for p in s.pain_points] + list(journey.unplaced)
    # nothing said of agreeing a time when someone is home: the fix of a customer who is out
    assert not [o for s in journey.stages for o in s.opportunities if "someone will be there" in o.name.casefold()
                and set(o.addresses) & {p.id for p in pains if "trolleys" in p.name.casefold()}]


def test_someone_never_there_is_still_nobody_home():
    from cjm_assistant.knowledge import steps
    assert steps.about("holiday let owners are never there and we cant get paid") is \
        steps.data().about["nobody-in"]
    assert steps.about("trolleys are never there when he needs one") is not steps.data().about["nobody-in"]


# -- something left messy is found where the service ends, not on 'Leaving reviews' ---------------------------------

def test_a_place_left_messy_is_not_the_step_of_leaving_reviews():
    journey = _map("Seaview Lets, three holiday cottages in Whitby let through our own website and Airbnb",
                   "self-catering cottages, short breaks and weeks, we clean between stays",
                   "families and couples on holiday, some dog owners",
                   "from finding us to staying to leaving reviews",
                   "guests leave the house messy and the cleaner has two hours to turn it round")
    assert "Leaving reviews" in [s.name for s in journey.stages]
    assert _where(journey, "messy") == ["Staying"]
