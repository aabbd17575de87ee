"""Two problems joined by "and" are two statements; a list of things or a consequence stays one."""

from __future__ import annotations

import pytest

from cjm_assistant.knowledge.lists import split_statements


@pytest.mark.parametrize("said, statements", [
    ("I miss calls when I'm working and schools pay late", ["I miss calls when I'm working", "Schools pay late"]),
    ("the website is slow and the checkout breaks", ["The website is slow", "The checkout breaks"]),
    ("deliveries arrived late and the invoices were wrong", ["Deliveries arrived late", "The invoices were wrong"]),
    # a subject anyone may be is a subject too, and "nobody" or "it" before a verb in -s makes the first a clause
    ("invoices go missing and clients pay late", ["Invoices go missing", "Clients pay late"]),
    ("nobody answers at weekends and the deposit takes weeks", ["Nobody answers at weekends",
                                                                "The deposit takes weeks"]),
    ("the app crashes and nobody replies to emails", ["The app crashes", "Nobody replies to emails"]),
    # a phrasal verb ("queue up", "pile up") makes the first part a clause of its own
    ("inductions queue up on Saturday mornings and parents complain about the noise",
     ["Inductions queue up on Saturday mornings", "Parents complain about the noise"]),
    ("orders pile up on Mondays and drivers get lost", ["Orders pile up on Mondays", "Drivers get lost"]),
    ("kit piles up in the corner and the lockers break down", ["Kit piles up in the corner", "The lockers break down"]),
])
def test_two_clauses_joined_by_and_are_two_statements(said, statements):
    assert split_statements(said) == statements


@pytest.mark.parametrize("said", [
    "fridges and TVs go separately", "quick and friendly service", "bread and butter pudding sells out",
    "the DBS and references take 6-8 weeks", "invoices come as PDF and they want them in their system",
    "the waiting list is about 3 months and people go elsewhere", "people book online and then complain about the fee",
    "tables and chairs arrive damaged", "doesn't understand the excess and what is covered",
    "the wait is long and customers complain", "prices went up and clients go elsewhere",
    "the list is long and people don't know where they are on it",
    "parking is fine and nobody complains about prices",
    "the sign up and log in pages are slow", "pick up and drop off times are vague",
])
def test_things_listed_with_and_or_a_consequence_stay_one_statement(said):
    assert len(split_statements(said)) == 1


def test_both_problems_become_pain_points_and_the_lead_is_dropped(new_map):
    journey = new_map(business="Keynote Tuning, a one-man piano tuner", offering="tunings from £75",
                      customers="families and schools", kind="current",
                      journey="they ring me, we fix a date, I tune the piano, they pay by bank transfer",
                      problems="no one complains about the tuning itself, the problem is I miss calls when I'm "
                               "working and schools pay late",
                      personas=[{"name": "Helen"}])
    names = [p["name"] for s in journey["stages"] for p in s["pain_points"]] + [u["name"] for u in journey["unplaced"]]
    assert "Schools pay late" in names
    assert any(n.startswith("I miss calls") for n in names), names
    assert not any("tuning itself" in n or n.casefold().startswith("the problem") for n in names), names
