"""Round two, session 13: chat instructions as people type them."""

from __future__ import annotations

import pytest


def _bakery_three():
    from cjm_assistant.domain.model import JourneyMap
    from tests.support.bakery import BAKERY

    data = dict(BAKERY)
    data["personas"] = [*BAKERY["personas"], {"id": "pe8", "name": "Student Zoë", "summary": "posters"},
                        {"id": "pe9", "name": "Café owner Renée", "summary": "menus"}]
    return JourneyMap.model_validate(data)


@pytest.mark.parametrize("said", [
    "add a pain point price shock to Checkout for Maya, Zoë and Renée",
    "add a pain point price shock to Checkout for Maya, Zoe, and Renee",
    "add a pain point 'Price shock' to Checkout for Maya, Zoë & Renée",
])
def test_three_personas_listed_with_commas_are_all_the_items_owners(said):
    from cjm_assistant.engines.instructions import propose

    op = propose(_bakery_three(), said).ops[0]
    assert op.name == "Price shock"
    assert op.stage == "st3" or op.stage == "Checkout"
    journey = _bakery_three()
    assert sorted(op.personas) == sorted(p.id for p in journey.personas)


def test_a_comma_after_for_that_names_no_persona_stays_in_the_name():
    from cjm_assistant.engines.instructions import propose

    op = propose(_bakery_three(), "add a pain point 'Too dear for weddings, parties and birthdays' to Checkout").ops[0]
    assert op.name == "Too dear for weddings, parties and birthdays"
    assert not op.personas
