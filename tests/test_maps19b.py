"""Wave 19 (attack 18, B2B laundry and refine): each rule with a test of the other sense of the same words."""

from __future__ import annotations

import pytest

from cjm_assistant.domain.profile import PersonaProfile, Profile
from cjm_assistant.engines.playbook import compose_with_notes
from cjm_assistant.knowledge import steps as st
from cjm_assistant.knowledge.detect import detect_channels
from cjm_assistant.knowledge.rephrase import rephrase


def _laundry(**kw) -> Profile:
    base = dict(business_name="Fresh Fold", description="Fresh Fold, a commercial laundry washing bedding and towels "
                                                         "for hotels",
                offering="weekly collection and delivery of washed linen", customers="B2B: hotel housekeepers",
                journey="onboarding a new hotel and the weekly collection and return", kind="current",
                channels=["phone", "email", "quarterly review meetings"],
                problems=["sheets come back to the wrong hotel or the wrong floor"],
                personas=[PersonaProfile(name="Housekeeper Ana", description="runs housekeeping for a 90-room hotel")])
    return Profile(**{**base, **kw})


# 5. "A and the weekly B and C": every step after "and" that is a step's own noun phrase is a step

def test_a_noun_phrase_step_after_and_is_a_step_of_its_own():
    steps = st.parse_steps("onboarding a new care home and the weekly collection and return")
    assert [s.text for s in steps] == ["onboarding a new care home", "the weekly collection", "return"]


def test_a_longer_noun_phrase_after_and_stays_in_the_step():
    # "the weekly booking slots" names things set up in the step, not a step of its own
    steps = st.parse_steps("we set up the account and the weekly booking slots")
    assert [s.text for s in steps] == ["we set up the account and the weekly booking slots"]


# 6. "collection and return": the thing comes back; "the first visit and the return": the customer comes back

def test_return_after_a_collection_brings_the_thing_back():
    journey, _ = compose_with_notes(_laundry())
    names = [s.name for s in journey.stages]
    assert "The weekly collection" in names and "Return" in names, names
    back = journey.stages[names.index("Return")]
    assert "Come back when I need it again" not in back.goal
    assert back.goal.startswith("Get it back when promised")
    assert not any("Renews, cancels or switches" in a.text for a in back.actions)
    collection = journey.stages[names.index("The weekly collection")]
    assert collection.goal.startswith("Hand it over")


def test_return_after_a_visit_is_still_coming_back():
    steps = st.parse_steps("people see our posts, come to a class and return")
    assert [s.phase for s in steps][-1] == "renew"
    steps = st.parse_steps("the first visit and the return")
    assert steps[-1].phase == "renew"


def test_return_after_the_customer_collects_is_not_brought_back():
    steps = st.parse_steps("they collect their order and return")
    assert steps[-1].phase == "renew"


# 7. "the wrong A or the wrong B": the fix makes both right, not one

def test_two_wrong_things_are_both_made_right():
    fix = rephrase("Residents' clothes come back to the wrong home or the wrong resident")
    assert fix is not None
    assert fix.name == "Check that Residents' clothes come back to the right home and the right resident"
    assert "wrong" not in fix.name


def test_one_wrong_thing_reads_as_before():
    assert rephrase("Parcels go to the wrong address").name == "Check that parcels go to the right address"


# 9. "quarterly review meetings" are meetings with the client, not a place with sessions and a desk

def test_review_meetings_are_their_own_channel():
    assert detect_channels("quarterly review meetings") == ["Review meetings"]
    assert detect_channels("account reviews") == ["Review meetings"]


def test_plain_meetings_are_still_the_office():
    assert detect_channels("client meetings") == ["Office"]
    assert detect_channels("meetings at our office") == ["Office"]


def test_a_laundry_with_review_meetings_has_no_sessions_at_an_office():
    journey, _ = compose_with_notes(_laundry())
    names = [tp.name for s in journey.stages for tp in s.touchpoints]
    assert not any("session" in n.casefold() and "Office" in n for n in names), names
    assert "Kick-off meeting" in names
    assert not any(c.name == "Office" for c in journey.channels)


# Refine: 15 (", high severity" after the stage) and 16 (a quoted name holding "for ... and")

def _bakery():
    from cjm_assistant.domain.model import JourneyMap
    from tests.support.bakery import BAKERY

    return JourneyMap.model_validate(BAKERY)


@pytest.mark.parametrize("said", [
    "add a pain point about cakes going stale to Delivery, high severity",
    "add a pain point about cakes going stale to Delivery, severity high",
    "add a pain point about cakes going stale to Delivery with a high severity",
])
def test_trailing_level_before_severity_is_the_severity(said):
    from cjm_assistant.engines.instructions import propose

    op = propose(_bakery(), said).ops[0]
    assert op.name == "Cakes going stale"
    assert op.stage in ("st4", "Delivery")
    assert op.severity == 3


def test_high_priority_inside_the_name_is_no_severity():
    from cjm_assistant.engines.instructions import propose

    op = propose(_bakery(), "add a pain point about high priority orders going out late to Delivery").ops[0]
    assert op.name == "High priority orders going out late"
    assert op.severity == 2
    op = propose(_bakery(), "add a pain point 'Not a high priority' to Delivery").ops[0]
    assert op.name == "Not a high priority"


def test_trailing_low_effort_on_an_opportunity():
    from cjm_assistant.engines.instructions import propose

    op = propose(_bakery(), "add an opportunity 'Delivery slots' to Delivery for no delivery window, low effort").ops[0]
    assert op.name == "Delivery slots" and op.effort == "low"


def test_a_quoted_opportunity_name_is_never_cut_inside_its_quotes():
    from cjm_assistant.engines.instructions import propose

    op = propose(_bakery(), "add an opportunity 'Text the slot for the van and a tracking link' "
                            "for the delivery window").ops[0]
    assert op.name == "Text the slot for the van and a tracking link"
    assert op.stage in ("st4", "Delivery")
    assert op.addresses in (["pp4"], ["no delivery window"])


def test_a_pain_point_said_with_being_is_found():
    from cjm_assistant.engines.instructions import propose

    op = propose(_bakery(), "add an opportunity 'Show the fee first' for the delivery fee being shown late").ops[0]
    assert op.addresses in (["pp3"], ["delivery fee shown late"]) and op.stage in ("st3", "Checkout")


def test_an_opportunity_for_no_known_pain_point_says_so():
    from cjm_assistant.engines.instructions import EditError, propose

    with pytest.raises(EditError, match="no pain point of this map matches “the cows being loose”"):
        propose(_bakery(), "add an opportunity 'Ring ahead for the gate' for the cows being loose")


def test_a_quoted_name_then_to_a_stage_still_goes_there():
    from cjm_assistant.engines.instructions import propose

    op = propose(_bakery(), "add an opportunity 'Ring ahead for the gate' to Delivery").ops[0]
    assert op.name == "Ring ahead for the gate" and op.stage in ("st4", "Delivery")
