"""Stated problems, from an outside tester (w16b), each in a business no set was written for: a run-on answer of
several problems joined by "and" is one pain point per clause, in the owner's words; a timing constraint said after
"and" is a problem of its own; a problem that shares no word with any step and has no known place is asked about
(listed as not yet placed), never put silently on an unrelated step; a slow quote at a trade that must see the job
first, however it is worded, gets the site-visit remedy, not an instant quote online."""

from __future__ import annotations

import pytest

from cjm_assistant.knowledge.lists import split_statements


def _placed(journey: dict) -> dict[str, str]:
    """Each pain point the owner said, by name, with the stage it is on ("" when not yet placed)."""
    out = {pp["name"]: s["name"] for s in journey["stages"] for pp in s["pain_points"] if pp["provenance"] == "user"}
    out |= {pp["name"]: "" for pp in journey.get("unplaced", [])}
    return out


def _fixes_for(journey: dict, name: str) -> list[str]:
    """The names of the opportunities that answer the pain point called ``name``."""
    refs = {pp["id"] for s in journey["stages"] for pp in s["pain_points"]
            if pp["name"] == name}
    return [op["name"] for s in journey["stages"] for op in s["opportunities"]
            if refs & set(op.get("addresses", []))]


# -- 1. a run-on answer: one pain point per clause with its own subject and verb ----------------------------------

RUN_ON = ("the council takes weeks to send the licence and people think we're the pest control lot and half the time "
          "they get the voicemail and hang up")


def test_a_run_on_answer_is_one_problem_per_clause_in_the_owners_words():
    assert split_statements(RUN_ON) == ["The council takes weeks to send the licence",
                                        "People think we're the pest control lot",
                                        "Half the time they get the voicemail and hang up"]


@pytest.mark.parametrize("text", ["the van broke down and we had to cancel", "deliveries are late and people go elsewhere",
                                  "the parcel was late and we only found out on the day",
                                  "everyone wants Saturday 2pm and I can only be in one place"])
def test_what_follows_from_a_problem_stays_with_it(text):
    assert len(split_statements(text)) == 1


def test_a_map_of_a_run_on_answer_has_three_pain_points(new_map):
    journey = new_map(
        business="Skyguard Falconry, two of us flying Harris hawks to move gulls off warehouses and town centres",
        customers="B2B, facilities managers and councils", channels="phone, email, our website",
        journey="a facilities manager rings about gulls, we visit, quote a contract and start flying",
        problems=RUN_ON)
    names = set(_placed(journey))
    assert {"The council takes weeks to send the licence", "People think we're the pest control lot",
            "Half the time they get the voicemail and hang up"} <= names, names
    assert not [n for n in names if " and people think" in n or "licence and" in n], names


# -- 2. a timing constraint after "and" is a problem of its own -----------------------------------------------------

@pytest.mark.parametrize("text", ["she doesn't know what it'll cost till we've seen it, and we can only go out at dusk",
                                  "she doesn't know what it'll cost till we've seen it and we can only go out at dusk"])
def test_a_timing_constraint_after_and_is_its_own_problem(text):
    assert split_statements(text) == ["She doesn't know what it'll cost till we've seen it",
                                      "We can only go out at dusk"]


def test_a_map_keeps_the_cost_and_the_dusk_apart(new_map):
    journey = new_map(
        business="Duskwing Ecology, a one-woman bat survey consultancy for homeowners doing loft conversions",
        customers="B2C homeowners and small builders", channels="phone, email, our website",
        journey="a homeowner is told by the planners they need a bat survey, finds us, books the survey, we survey "
                "and send the report",
        problems="she doesn't know what it'll cost till we've seen it and we can only go out at dusk")
    names = set(_placed(journey))
    assert "She doesn't know what it'll cost till we've seen it" in names, names
    assert "We can only go out at dusk" in names, names


# -- 3. a problem with no word of any step and no known place is asked about -------------------------------------

@pytest.mark.parametrize("journey_text", [
    "someone rings, we send the forms, they sign the contract, we start the work",
    "sign up, get matched with a tutor, have lessons, renew the package",
])
def test_a_problem_sharing_nothing_with_any_step_is_not_placed_silently(new_map, journey_text):
    journey = new_map(
        business="Still Point Yoga, evening yoga classes in a church hall in Bristol",
        customers="B2C, office workers after work", channels="Instagram, our website, email",
        journey=journey_text, problems="the car park is locked after 9; the booking page is confusing")
    placed = _placed(journey)
    assert placed["The car park is locked after 9"] == "", placed


def test_a_problem_with_a_known_place_is_still_placed(new_map):
    journey = new_map(
        business="Still Point Yoga, evening yoga classes in a church hall in Bristol",
        customers="B2C, office workers after work", channels="Instagram, our website, email",
        journey="someone finds a class online, books a block, comes to the first class, keeps coming",
        problems="the car park is locked after 9")
    assert _placed(journey)["The car park is locked after 9"] == "Comes to the first class"


# -- 4. a slow quote at a trade that must see the job first ----------------------------------------------------

@pytest.mark.parametrize("problem, name", [
    ("customers waited 3 days for a quote", "Customers waited 3 days for a quote"),
    ("the quote took ages", "The quote took ages"),
    ("still no quote", "Still no quote"),
    ("quotes take too long", "Quotes take too long"),
])
@pytest.mark.parametrize("journey_text", [
    "a homeowner spots a leak, rings us, we come out to look, quote, do the job and get paid",
    "a homeowner spots a leak, rings us, we send a quote, do the job and get paid",  # a roofer: must see the roof
])
def test_a_slow_quote_at_a_trade_that_must_see_the_job_gets_the_site_visit_remedy(new_map, problem, name, journey_text):
    journey = new_map(
        business="Hartley Roofing, a three-man roofer in Sheffield doing repairs and re-roofs",
        customers="B2C homeowners", channels="phone, Checkatrade, our website", journey=journey_text,
        problems=problem)
    fixes = _fixes_for(journey, name)
    assert any("24 hours of the visit" in f and "price range" in f for f in fixes), fixes
    everything = " ".join(op["name"] for s in journey["stages"] for op in s["opportunities"]).casefold()
    assert "instant quote" not in everything, everything


def test_a_slow_quote_where_nothing_must_be_seen_keeps_the_quick_price(new_map):
    journey = new_map(
        business="Lockdown Escapes, two escape rooms in Derby", customers="B2C groups and B2B team days",
        channels="website, email, phone", journey="find us, ask for a quote, book, play, leave a review",
        problems="waited 3 days for a quote by email")
    fixes = _fixes_for(journey, "Waited 3 days for a quote by email")
    assert fixes and not any("24 hours of the visit" in f for f in fixes), fixes
