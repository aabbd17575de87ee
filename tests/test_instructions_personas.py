"""Whose it is, in plain words: "add a pain point X to Delivery for Hana" puts it on Delivery for Hana alone, as
the owner reads it back (the proposal says "for Hana", the Markdown marks it). "for" a pain point's name still
says what an opportunity answers; "for" words that name no persona are refused, never dropped unsaid."""

from __future__ import annotations

import pytest

from cjm_assistant.domain.edits import EditError
from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.engines.instructions import propose
from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.export.markdown import to_markdown
from cjm_assistant.session import Session
from cjm_assistant.store import Store
from tests.support.bakery import BAKERY


@pytest.fixture
def two_sided() -> JourneyMap:
    data = dict(BAKERY)
    data["personas"] = [*BAKERY["personas"], {"id": "pe2", "name": "Hana Sato", "summary": "Office manager"}]
    return JourneyMap.model_validate(data)


def _persona_ids(journey: JourneyMap, text: str) -> list[list[str]]:
    return [list(op.personas) for op in propose(journey, text).ops]


@pytest.mark.parametrize("text", [
    "add a pain point 'Cake arrives squashed' to Delivery for Hana",
    "add pain point about boxes left on the doorstep to Delivery for Hana",
    "add a pain point Cake arrives squashed for Hana to Delivery",
    "add a thought 'will it arrive on time?' to Delivery for Hana Sato",
    "add an opportunity 'Sturdier boxes' to Delivery for Hana",
])
def test_for_a_persona_makes_the_item_that_personas(two_sided, text):
    assert _persona_ids(two_sided, text) == [["pe2"]]


def test_for_two_personas_and_the_proposal_names_them(two_sided):
    parsed = propose(two_sided, "add a pain point 'Cake arrives squashed' to Delivery for Maya and Hana")
    ids = {p.name.split()[0]: p.id for p in two_sided.personas}
    assert list(parsed.ops[0].personas) == [ids["Maya"], ids["Hana"]]
    assert "for Maya and Hana Sato" in parsed.reply


def test_for_a_pain_point_still_says_what_an_opportunity_answers(two_sided):
    pain = two_sided.stages[0].pain_points[0] if two_sided.stages[0].pain_points else next(
        pp for _, pp in two_sided.pain_points())
    op = propose(two_sided, f"add an opportunity 'Answer within the hour' for {pain.name}").ops[0]
    assert op.addresses in ([pain.id], [pain.name]) and list(op.personas) == []


def test_for_words_that_name_no_persona_are_refused_not_dropped(two_sided):
    with pytest.raises(EditError, match="names no persona.*Maya, Hana Sato"):
        propose(two_sided, "add a pain point 'No reply' to Delivery for Zed")
    # words of the name itself, before "to STAGE", are still the name
    op = propose(two_sided, "add a pain point about the box being too small for two tiers to Delivery").ops[0]
    assert "two tiers" in op.name and list(op.personas) == []


def test_accepted_the_item_is_that_personas_on_the_map_and_in_the_markdown(tmp_db, two_sided):
    with Store.open(tmp_db) as store:
        map_id = store.create_map(two_sided, author="test", message="seed").id
        session = Session(store, PlaybookEngine())
        session.open_map(map_id)
        session.accept(session.instruct("add a pain point 'Cake arrives squashed' to Delivery for Hana"))
        delivery = next(s for s in session.journey.stages if s.name == "Delivery")
        added = next(pp for pp in delivery.pain_points if pp.name == "Cake arrives squashed")
        assert added.personas == ["pe2"]
        line = next(ln for ln in to_markdown(session.journey).splitlines() if "Cake arrives squashed" in ln)
        assert "Hana" in line and "Maya" not in line


def test_rename_persona_renames_the_persona_not_a_stage(two_sided):
    from cjm_assistant.domain import edits

    parsed = propose(two_sided, "rename persona Hana to Office manager Hana")
    after = edits.apply(two_sided, parsed.ops)
    assert [p.name for p in after.personas] == ["Maya", "Office manager Hana"]
    assert [s.name for s in after.stages] == [s.name for s in two_sided.stages]
    with pytest.raises(EditError, match="no persona called 'Zed'.*Maya"):
        propose(two_sided, "rename persona Zed to Zoe")
