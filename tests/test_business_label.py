"""A map whose owner gave no trading name is titled by what the business is, not "Your business" (attack 10)."""

from __future__ import annotations

import pytest

from cjm_assistant.knowledge.detect import business_label


@pytest.mark.parametrize("answer,label", [
    ("Island ferry co-operative running a foot passenger boat to the island, 40 seats", "Island ferry co-operative"),
    ("i want a map for my piano tuning business", "Piano tuning business"),
    ("We are a small bakery in Leeds", "Small bakery"),
    ("A two-person dog grooming van, Bristol", "Two-person dog grooming van"),
    ("I run a hand bindery for students and collectors", "Hand bindery"),
])
def test_what_the_business_is_is_read_from_the_start_of_the_answer(answer, label):
    assert business_label(answer) == label


@pytest.mark.parametrize("answer", [
    "hmm", "just me tuning pianos across Cumbria", "our shop sells wool", "we make candles", "",
    "a business that does lots of different things for lots of different people in town",
])
def test_nothing_is_made_up_from_an_answer_that_says_no_kind_of_business(answer):
    assert business_label(answer) == ""


def test_a_map_with_no_name_given_is_titled_by_what_the_business_is(tmp_path):
    from cjm_assistant.engines.playbook import PlaybookEngine
    from cjm_assistant.domain.profile import Profile

    profile = Profile(description="Island ferry co-operative running a foot passenger boat, 40 seats",
                      offering="return crossings")
    journey = PlaybookEngine().propose_map(profile).journey
    assert journey.business.name == "Island ferry co-operative"
    assert journey.title.startswith("Island ferry co-operative: ")
