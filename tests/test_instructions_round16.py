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


def test_personas_listed_before_the_stage_are_all_the_items_owners():
    from cjm_assistant.engines.instructions import propose

    journey = _bakery_three()
    op = propose(journey, "add a pain point 'Price shock' for Maya, Zoë and Renée to Checkout").ops[0]
    assert op.name == "Price shock" and sorted(op.personas) == sorted(p.id for p in journey.personas)


def test_a_list_of_personas_with_a_stranger_is_refused_naming_the_stranger():
    from cjm_assistant.domain.edits import EditError
    from cjm_assistant.engines.instructions import propose

    with pytest.raises(EditError, match=r"“Bob” is no persona of this map \(its personas: Maya, Student Zoë"):
        propose(_bakery_three(), "add a pain point price shock to Checkout for Zoë, Renée and Bob")


@pytest.mark.parametrize("said, name", [
    ("remove the pain point the van is in their village", None),
    ("set severity of 'The van is in their village' to high", "The van is in their village"),
    ('add a pain point "Parking is in short supply" to Checkout', "Parking is in short supply"),
])
def test_a_name_saying_is_in_is_no_placing_instruction(said, name):
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.engines.instructions import propose
    from tests.support.bakery import BAKERY

    data = dict(BAKERY)
    stages = [dict(s) for s in BAKERY["stages"]]
    stages[2] = {**stages[2], "pain_points": [*stages[2].get("pain_points", []),
                                              {"id": "pp77", "name": "The van is in their village"}]}
    data["stages"] = stages
    ops = propose(JourneyMap.model_validate(data), said).ops
    assert ops
    if name is not None:
        assert getattr(ops[0], "name", None) == name or getattr(ops[0], "pain_point", None) in (name, "pp77")
    else:
        assert ops[0].op == "remove_pain_point"


def test_an_opportunity_whose_words_say_on_x_goes_to_the_stage_after_to():
    from cjm_assistant.engines.instructions import propose
    from tests.support.bakery import BAKERY
    from cjm_assistant.domain.model import JourneyMap

    op = propose(JourneyMap.model_validate(BAKERY), "add an opportunity list the cakes on Google to Checkout").ops[0]
    assert op.name == "List the cakes on Google" and op.stage in ("Checkout", "st3")


@pytest.mark.parametrize("said, stage, score", [
    ("Checkout is very negative", "Checkout", -2),
    ("make Checkout very negative", "Checkout", -2),
    ("Delivery feels bad", "Delivery", -1),
    ("make the stage Discover positive", "Discover", 1),
])
def test_how_a_stage_feels_in_plain_words(said, stage, score):
    from cjm_assistant.domain import edits
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.engines.instructions import propose
    from tests.support.bakery import BAKERY

    journey = JourneyMap.model_validate(BAKERY)
    after = edits.apply(journey, propose(journey, said).ops)
    assert next(s for s in after.stages if s.name == stage).emotion == score


def test_a_question_about_how_a_stage_feels_is_no_change():
    from cjm_assistant.domain.edits import EditError
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.engines.instructions import propose
    from tests.support.bakery import BAKERY

    with pytest.raises(EditError, match="didn't understand"):
        propose(JourneyMap.model_validate(BAKERY), "why is checkout negative")


@pytest.mark.parametrize("said, severity", [
    ("delivery fee shown late is a big problem", 3),
    ("the pain point slow replies is a minor issue", 1),
])
def test_a_big_or_small_problem_in_plain_words_is_its_severity(said, severity):
    from cjm_assistant.domain import edits
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.engines.instructions import propose
    from tests.support.bakery import BAKERY

    journey = JourneyMap.model_validate(BAKERY)
    after = edits.apply(journey, propose(journey, said).ops)
    name = said.removeprefix("the pain point ").split(" is a ")[0]
    assert next(p for s in after.stages for p in s.pain_points if p.name == name).severity == severity
