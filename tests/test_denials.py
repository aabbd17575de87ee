"""Problems the owner says are not problems ("no one complains about booking online; the problem is the wait").

A denied problem is never a pain point and never read as something missing; "the problem is X" names X.
"""

from __future__ import annotations

import pytest

from cjm_assistant.domain.profile import Profile
from cjm_assistant.knowledge import denials
from cjm_assistant.knowledge.facts import stated_facts


@pytest.mark.parametrize("said, thing", [
    ("no one complains about booking online", "booking online"),
    ("Nobody minds the parking", "the parking"),
    ("customers never have a problem with the car park", "the car park"),
    ("we get no complaints about the price", "the price"),
    ("never any trouble with deliveries", "deliveries"),
    ("Parking is fine", "Parking"),
    ("the price is not the problem", "the price"),
    ("online booking works well", "online booking"),
    ("customers don’t mind waiting", "waiting"),
    ("I'm very tidy", "the business"),
    ("we're quick and friendly", "the business"),
    ("our engineers are really thorough", "our engineers"),
    ("parking has never been a problem", "parking"),
    ("parking isn't an issue", "parking"),
    ("we've never had complaints about our prices", "our prices"),
    ("I'm never late", "the business"),
    ("our vans are never dirty", "our vans"),
    ("I wouldn't say prices are a problem", "prices"),
    ("all fine", "it"),
])
def test_a_denied_problem_says_what_is_fine(said, thing):
    assert denials.denied(said) == thing


@pytest.mark.parametrize("said", [
    "no online booking", "nobody answers the phone", "no one replies to emails", "people never come back",
    "the till is not working", "Problems with the till", "the website is fine on desktop but useless on mobile",
    "customers complain about the fee", "I'm too busy", "we are slow to reply", "we're short-staffed",
    "I'm on my own", "no one turns up on time", "never had a reply", "the van is never on time", "I'm never there",
])
def test_a_problem_is_not_read_as_denied(said):
    assert denials.denied(said) is None


@pytest.mark.parametrize("said, problem", [
    ("The problem is the wait", "the wait"),
    ("our biggest issue is that quotes take a week", "quotes take a week"),
    ("Main complaint: parking", "parking"),
    ("the real problem is, nobody rings back", "nobody rings back"),
    ("the thing is", ""),
    ("the problem isn't the price, it's the wait", "the wait"),
    ("the queue at the bar is long", "the queue at the bar is long"),
])
def test_the_problem_named_after_a_lead(said, problem):
    assert denials.named(said) == problem


def test_a_denied_complaint_about_a_thing_says_the_thing_is_there():
    facts = stated_facts(Profile(problems=["no one complains about booking online", "the wait"]))
    assert "online-booking" in facts.has and "online-booking" not in facts.missing
    facts = stated_facts(Profile(problems=["no online booking, only phone"]))
    assert "online-booking" in facts.missing


CINEMA = dict(
    business="Reel Nights, an independent two-screen cinema in Hull", offering="films, live screenings",
    customers="B2C, locals and students", journey="booking and watching a film", kind="current",
    channels="our website, Instagram, in person", data="Google reviews", goal="more repeat visits",
)


def _pains(journey: dict) -> list[dict]:
    return [p for s in journey["stages"] for p in s["pain_points"]]


@pytest.mark.parametrize("problems", [
    "no one complains about booking online; the problem is the wait",
    "nobody minds booking online, the real problem is the wait",
    "Booking online is fine. The main issue is the wait",
])
def test_a_denied_problem_is_no_pain_point_and_the_named_one_is(new_map, problems):
    journey = new_map(**CINEMA, problems=problems, personas=[{"name": "Local Lou", "goals": "an easy night out"}])
    names = [p["name"].casefold() for p in _pains(journey)]
    assert "the wait" in names
    assert not any("book" in n and "online" in n for n in names), names  # neither the denial nor "Can't book online"
    assert not any(n.startswith(("the problem", "the real problem", "the main issue")) for n in names), names
    said = " ".join(p.get("description") or "" for p in _pains(journey)).casefold()
    assert "only by phone" not in said


def test_a_lead_cut_off_by_a_comma_is_no_pain_point(new_map):
    journey = new_map(**CINEMA, problems="the thing is, nobody rings back after a missed call",
                      personas=[{"name": "Local Lou"}])
    names = [p["name"].casefold() for p in _pains(journey)]
    assert "the thing is" not in names
    assert any("rings back" in n for n in names), names


def test_a_persona_frustration_denied_is_no_pain_point(new_map):
    journey = new_map(**CINEMA, problems="the queue at the bar is long",
                      personas=[{"name": "Local Lou", "frustrations": "never had a problem with parking"}])
    names = [p["name"].casefold() for p in _pains(journey)] + [u["name"].casefold() for u in journey["unplaced"]]
    assert not any("parking" in n for n in names), names  # it was listed as a problem "not yet placed"
    assert journey["personas"][0]["frustrations"] == ["Never had a problem with parking"]  # their words kept


@pytest.mark.parametrize("said, kept, fine", [
    ("parking is fine and nobody complains about prices, but the website is slow", ["the website is slow"],
     ["parking", "prices"]),
    ("I'm very tidy and customers can't find my number", ["customers can't find my number"], ["the business"]),
    ("the van breaks down and I have to cancel jobs", ["the van breaks down and I have to cancel jobs"], []),
])
def test_a_real_problem_said_beside_a_denial_is_kept(said, kept, fine):
    # attack 8 H1: the whole statement, denial and all, was one pain point, or the real problem was lost
    assert denials.apart(said) == (kept, fine)


def test_a_guess_about_what_the_owner_denied_is_left_out(new_map):
    journey = new_map(**CINEMA, problems="nobody complains about our prices; the queue at the bar is long",
                      personas=[{"name": "Local Lou"}])
    names = [p["name"].casefold() for p in _pains(journey)]
    assert not any("price" in n for n in names), names
