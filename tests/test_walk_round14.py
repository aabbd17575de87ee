"""Faults found walking the TUI as a van-wrap workshop's owner (round two, session 11): template words take the
owner's own word for the business when the knowledge base has no industry for it, and the data answer's details
("about 60, mostly 5 stars") are not data of their own."""

from __future__ import annotations

import pytest

from cjm_assistant.domain.profile import Profile
from cjm_assistant.engines.playbook import compose_with_notes
from cjm_assistant.engines.playbook.extract import extract


def test_template_words_use_the_owners_word_for_a_business_no_industry_covers():
    journey, _ = compose_with_notes(Profile(
        business_name="Wrapit", description="Wrapit, a sign-writing and vehicle wrap workshop in Stockport",
        offering="van wraps and livery", customers="tradesmen with vans", kind="current",
        channels=["Google Search", "Instagram"], journey="a van wrap"))
    names = [tp.name for _, tp in journey.touchpoints()]
    assert not any("'best business'" in n for n in names), names
    assert any("'best workshop'" in n for n in names), names


@pytest.mark.parametrize(("answer", "data"), [
    ("google reviews, about 60, mostly 5 stars", ["Google reviews"]),
    ("customer emails, 200 or so a month", ["Customer emails"]),
    ("Square sales reports, Mailchimp", ["Square sales reports", "Mailchimp"]),
])
def test_how_much_of_a_data_source_there_is_is_not_a_data_source(answer, data):
    assert extract("data", answer, Profile()).get("data") == data


def test_stages_the_owner_types_are_read_as_their_words_a_drop_off_is_no_waiting_room():
    """The owner typed "Drop off the van" at the stage confirmation: the customer leaves their own thing with the
    business, so the stage is no visit where they check in and wait to be seen (the stage names the owner types
    are answers too, like the journey answer)."""
    from cjm_assistant.domain.profile import StageChoice
    from cjm_assistant.interview import parse_stage_list

    base = dict(business_name="Wrapit", description="Wrapit, a vehicle wrap workshop in Stockport",
                offering="van wraps and livery", customers="tradesmen with vans", kind="current",
                journey="a van wrap, from first enquiry to the van back on the road")
    proposed = [s.name for s in compose_with_notes(Profile(**base))[0].stages]
    choices = parse_stage_list("Enquiry, Measure and quote, Book a slot, Drop off the van, Wrap the van, "
                               "Collect the van", proposed)
    journey, _ = compose_with_notes(Profile(**base, stages=[StageChoice(**c) for c in choices]))
    drop = next(s for s in journey.stages if s.name == "Drop off the van")
    said = " ".join([drop.goal, *(a.text for a in drop.actions), *(t.text for t in drop.thoughts)]).casefold()
    for waiting in ("checks in", "is seen", "waiting room", "right place"):
        assert waiting not in said, said
