"""Issue 11, round 11: the outside attacks' remaining map faults, as general rules. Each test is phrased from a rule,
never from a business: the answers are built here for trades that are in no example, dev or held-out case."""

from __future__ import annotations

import pytest

from cjm_assistant.knowledge import detect
from cjm_assistant.knowledge.detect import CONFIDENT, industry_match
from cjm_assistant.knowledge.lists import split_statements


def _words_of(industry: str) -> tuple[str, str]:
    """One one-word keyword of an industry (a thing of that trade) and one more keyword (who works in it)."""
    words = [w for w in detect.load().industries[industry].keywords if w.isalpha() and not w.endswith("s")]
    other = next(w for w in words[1:] if detect.tx.stem(w) != detect.tx.stem(words[0]))
    return words[0], other


# ---------------------------------------------------------------------------
# 1. Who the business serves does not outweigh what it says it is


@pytest.mark.parametrize("industry", ["insurance", "restaurant", "dental", "hotel"])
def test_the_trade_of_those_served_is_no_confident_industry_when_the_business_says_it_is_something_else(industry):
    thing, trade = _words_of(industry)
    kind = "a copy shop"  # a kind of business the knowledge base has no industry for
    assert industry_match(f"Inkwell, {kind}")[1] < CONFIDENT
    key, confidence = industry_match(f"Inkwell, {kind} printing {thing} leaflets for {trade}s", "printing",
                                     f"B2B, {trade}s")
    assert key != industry or confidence < CONFIDENT, (key, confidence)


@pytest.mark.parametrize("industry", ["dental", "insurance"])
def test_a_business_that_says_it_is_the_trade_it_serves_keeps_that_trade(industry):
    thing, trade = _words_of(industry)
    key, confidence = industry_match(f"Northgate, a {thing} business for {trade}s and families", "")
    assert key == industry and confidence >= CONFIDENT, (key, confidence)


def test_what_the_business_says_it_is_stops_where_what_it_does_starts():
    assert detect.what_it_is("Inkwell, a copy shop printing leaflets for anyone") == "Inkwell Copy shop"
    assert detect.what_it_is("a dog grooming salon") == "Dog grooming salon"
    assert detect.what_it_is("amateur choir singing carols in churches") == "Amateur choir"


@pytest.mark.parametrize("description,expected", [
    ("amateur theatre company in a market town", "Amateur theatre company"),
    ("app and website matching walkers with guides", "App and website matching walkers"),
])
def test_a_word_starting_with_a_or_an_keeps_its_first_letters_in_a_label(description, expected):
    assert detect.business_label(description).startswith(expected.split()[0])


# ---------------------------------------------------------------------------
# 2. Two problems with their own subjects are two; a clause of telling belongs to the one before


@pytest.mark.parametrize("said", ["the card reader fails and nobody repairs it", "the boiler breaks and no-one fixes it",
                                  "the card reader fails and nobody explains the fee"])
def test_what_nobody_does_about_a_problem_is_a_problem_of_its_own(said):
    first, second = said.split(" and ")
    assert split_statements(said) == [first[0].upper() + first[1:], second[0].upper() + second[1:]]


@pytest.mark.parametrize("said", [
    "the trailer gets stuck at the lights, lost or late and nobody told us",
    "the trailer was late and we were never told",
    "the trailer broke down, and they never let us know",
    "the trailer is full and no one rang",
])
def test_a_clause_saying_nobody_told_us_belongs_to_the_problem_before_it(said):
    assert len(split_statements(said)) == 1, split_statements(said)


def test_short_items_after_a_subject_and_its_verb_are_said_of_that_subject():
    items = split_statements("the trailer gets stuck at the lights, lost or late")
    assert items == ["The trailer gets stuck at the lights", "The trailer gets lost", "The trailer gets late"]
    assert not [i for i in items if i.split()[0].casefold() in ("lost", "late")]
