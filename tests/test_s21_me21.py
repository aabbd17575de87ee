"""Session 21: a business named by a word other trades share is no template's, a business that sells businesses a
service gets a service's stages (not delivery and reorder), and "through" names a step of a journey told by its ends.

Businesses here are invented for these tests (none is in tests/dev or tests/heldout).
"""

from cjm_assistant.domain.profile import Profile
from cjm_assistant.engines.playbook import compose_with_notes
from cjm_assistant.knowledge.detect import CONFIDENT, industry_match
from cjm_assistant.knowledge.steps import parse_steps


def _b2b(**kw) -> Profile:
    base = dict(business_name="Ledgerline", customers="B2B: small firms and charities", business_model="B2B",
                kind="current")
    return Profile(**{**base, **kw})


def test_a_trade_named_by_its_qualifier_is_not_the_industry_its_head_word_belongs_to():
    # "broker" is an insurance word; a freight broker offering haulage bookings and paperwork is no insurer
    key, confidence = industry_match("Northway, a freight broker in Hull", "haulage bookings, load matching and "
                                     "delivery paperwork for shippers")
    assert key != "insurance" or confidence < CONFIDENT
    journey, notes = compose_with_notes(_b2b(business_name="Northway", description="Northway, a freight broker in Hull",
                                             offering="haulage bookings, load matching and delivery paperwork"))
    text = " ".join(f"{s.name} {s.goal}" for s in journey.stages).casefold()
    assert "claim" not in text and "cover" not in text


def test_an_insurance_broker_is_still_read_as_one():
    key, confidence = industry_match("Hale & Co, an insurance broker in Leeds", "business insurance and cover for vans")
    assert key == "insurance" and confidence >= CONFIDENT


def test_a_business_that_sells_firms_a_service_gets_service_stages_not_delivery_and_reorder():
    journey, notes = compose_with_notes(_b2b(description="Ledgerline, outsourced bookkeeping for small firms",
                                             offering="bookkeeping, VAT returns, payroll administration and "
                                                      "month-end reports on a monthly subscription"))
    names = [s.name for s in journey.stages]
    assert not any(word in " ".join(names) for word in ("Delivery", "Reorder", "Collection")), names
    assert "Ongoing service" in names and "Agree terms and sign up" in names
    assert any("General business service" in n for n in notes)
    pains = " ".join(p.name for s in journey.stages for p in s.pain_points).casefold()
    assert "collection is confusing" not in pains and "no updates on the order" not in pains


def test_a_distributor_of_goods_keeps_the_delivery_and_reorder_stages():
    journey, _ = compose_with_notes(_b2b(description="Gearwise Ltd, distributor of hydraulic hoses and fittings",
                                         offering="hoses and fittings"))
    names = " ".join(s.name for s in journey.stages)
    assert "Deliver" in names and "Reorder" in names


def test_through_between_a_journeys_two_ends_names_a_step_of_its_own():
    steps = [s.name for s in parse_steps("from signing the contract through onboarding to their first renewal")]
    assert steps[:2] == ["Signing the contract", "Onboarding"]
    assert len(steps) == 3 and "renewal" in steps[2].casefold()


def test_the_service_stage_is_named_for_the_service_not_for_what_it_is_about():
    journey, _ = compose_with_notes(Profile(
        business_name="Fairlet", description="Fairlet, a charity running a free advice line for renters",
        offering="free advice by phone and webchat on deposits, repairs and evictions", customers="private tenants",
        kind="current"))
    names = [s.name for s in journey.stages]
    # session 23: a free advice line gets the advice model, whose service stage is "Advice and casework"
    assert any("advice" in n.casefold() for n in names) and "The repairs" not in names, names
