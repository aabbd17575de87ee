"""Typed edits: the only way a map changes.

``apply(map, ops)`` returns a new map or raises EditError with a sentence for
the user; the map it was given never changes.
"""

from __future__ import annotations

import typing

import pytest

from cjm_assistant.domain import edits
from cjm_assistant.domain.edits import EditError, apply, describe, ops_to_json, parse_ops
from cjm_assistant.domain.model import MAX_STAGES, JourneyMap
from cjm_assistant.domain.lanes import EMOTION_LABELS


def edit(journey: JourneyMap, *ops: dict) -> JourneyMap:
    return apply(journey, parse_ops(list(ops)))


def refusal(journey: JourneyMap, *ops: dict) -> str:
    with pytest.raises(EditError) as caught:
        edit(journey, *ops)
    return str(caught.value)


def stage_names(journey: JourneyMap) -> list[str]:
    return [s.name for s in journey.stages]


def item(journey: JourneyMap, item_id: str):
    found = journey.find(item_id)
    return found[1] if found else None


def stage_of(journey: JourneyMap, item_id: str) -> str:
    return journey.find(item_id)[2].name


# -- every op applies --------------------------------------------------------------
#
# One case per op: the op as a user (or a model) would send it, and what the
# resulting map shows.

CASES: list[tuple[dict, typing.Callable[[JourneyMap], None]]] = []


def case(op: dict):
    def register(check):
        CASES.append((op, check))
        return check
    return register


@case({"op": "add_stage", "name": "Pickup", "after": "Checkout", "goal": "collect the cake", "emotion": 1})
def _(m):
    assert stage_names(m) == ["Discover", "Consider", "Checkout", "Pickup", "Delivery", "After"]
    pickup = m.stages[3]
    assert (pickup.id, pickup.goal, pickup.emotion, pickup.provenance) == ("st6", "collect the cake", 1, "user")


@case({"op": "rename_stage", "stage": "Consider", "name": "Research"})
def _(m):
    assert stage_names(m)[1] == "Research"
    assert m.stages[1].id == "st2"


@case({"op": "move_stage", "stage": "After", "before": "Delivery"})
def _(m):
    assert stage_names(m) == ["Discover", "Consider", "Checkout", "After", "Delivery"]


@case({"op": "remove_stage", "stage": "Delivery"})
def _(m):
    assert stage_names(m) == ["Discover", "Consider", "Checkout", "After"]
    assert item(m, "tp7") is None


@case({"op": "update_stage", "stage": "st2", "goal": "compare designs and prices"})
def _(m):
    assert m.stages[1].goal == "compare designs and prices"


@case({"op": "set_emotion", "stage": "Checkout", "score": -2})
def _(m):
    assert m.stages[2].emotion == -2


@case({"op": "add_touchpoint", "stage": "Delivery", "name": "Tracking link", "channel": "WhatsApp", "team": "Logistics"})
def _(m):
    tp = m.stages[3].touchpoints[-1]
    assert (tp.id, tp.name, tp.channel, tp.team, tp.provenance) == ("tp9", "Tracking link", "WhatsApp", "Logistics", "user")


@case({"op": "update_touchpoint", "touchpoint": "Cart page", "name": "Basket", "team": "Web"})
def _(m):
    tp = item(m, "tp5")
    assert (tp.name, tp.team, tp.channel) == ("Basket", "Web", "Website")


@case({"op": "remove_touchpoint", "touchpoint": "Menu page"})
def _(m):
    assert [tp.name for tp in m.stages[1].touchpoints] == ["Instagram DM", "WhatsApp chat"]


@case({"op": "add_pain_point", "stage": "Checkout", "name": "card declined", "severity": 3, "touchpoint": "Order form",
       "evidence": ["'my card failed twice'"]})
def _(m):
    pp = m.stages[2].pain_points[-1]
    assert (pp.id, pp.name, pp.severity, pp.touchpoint, pp.evidence) == (
        "pp5", "card declined", 3, "tp6", ["'my card failed twice'"])


@case({"op": "update_pain_point", "pain_point": "slow replies", "severity": 2, "touchpoint": "Instagram DM"})
def _(m):
    pp = item(m, "pp2")
    assert (pp.severity, pp.touchpoint) == (2, "tp3")


@case({"op": "remove_pain_point", "pain_point": "no delivery window"})
def _(m):
    assert m.stages[3].pain_points == []


@case({"op": "move_pain_point", "pain_point": "no delivery window", "stage": "Checkout"})
def _(m):
    assert m.stages[3].pain_points == []
    assert [pp.name for pp in m.stages[2].pain_points][-1] == "no delivery window"


@case({"op": "add_opportunity", "stage": "Delivery", "name": "Send a delivery window", "addresses": ["no delivery window"],
       "impact": "high", "effort": "low"})
def _(m):
    op = m.stages[3].opportunities[-1]
    assert (op.id, op.addresses, op.impact, op.effort) == ("op4", ["pp4"], "high", "low")


@case({"op": "update_opportunity", "opportunity": "Quick-reply templates", "addresses": ["pp2", "pp4"], "effort": "low"})
def _(m):
    op = item(m, "op2")
    assert (op.addresses, op.effort, op.impact) == (["pp2", "pp4"], "low", "medium")


@case({"op": "remove_opportunity", "opportunity": "op1"})
def _(m):
    assert m.stages[0].opportunities == []


@case({"op": "add_kpi", "stage": "Consider", "name": "Reply time", "target": "under 1 hour", "current": "5 hours"})
def _(m):
    kpi = m.stages[1].kpis[-1]
    assert (kpi.id, kpi.name, kpi.target, kpi.current) == ("kp4", "Reply time", "under 1 hour", "5 hours")


@case({"op": "update_kpi", "kpi": "Repeat orders", "target": "40%"})
def _(m):
    assert item(m, "kp3").target == "40%"


@case({"op": "remove_kpi", "kpi": "Profile visits"})
def _(m):
    assert m.stages[0].kpis == []


@case({"op": "add_action", "stage": "Checkout", "text": "enters the party date"})
def _(m):
    action = m.stages[2].actions[-1]
    assert (action.id, action.text) == ("ac3", "enters the party date")


@case({"op": "update_action", "action": "scrolls cake photos", "text": "scrolls cake photos on Instagram"})
def _(m):
    assert item(m, "ac1").text == "scrolls cake photos on Instagram"


@case({"op": "remove_action", "action": "ac2"})
def _(m):
    assert m.stages[4].actions == []


@case({"op": "add_thought", "stage": "Checkout", "text": "Why is delivery so expensive?"})
def _(m):
    thought = m.stages[2].thoughts[-1]
    assert (thought.id, thought.text) == ("th3", "Why is delivery so expensive?")


@case({"op": "update_thought", "thought": "th2", "text": "Will it survive the trip?"})
def _(m):
    assert item(m, "th2").text == "Will it survive the trip?"


@case({"op": "remove_thought", "thought": "Will it arrive on time?"})
def _(m):
    assert m.stages[3].thoughts == []


@case({"op": "update_map", "title": "Ordering a wedding cake", "kind": "future", "persona": "Maya"})
def _(m):
    assert (m.title, m.kind, m.persona) == ("Ordering a wedding cake", "future", "pe1")


@case({"op": "update_business", "industry": "Bakery", "business_model": "D2C", "goals": ["Fewer abandoned carts"]})
def _(m):
    assert (m.business.industry, m.business.business_model, m.business.goals) == ("Bakery", "D2C", ["Fewer abandoned carts"])
    assert m.business.name == "Sweet Crumbs"


@case({"op": "add_persona", "name": "Tom", "summary": "Orders office cakes", "channels": ["Website"]})
def _(m):
    tom = m.personas[-1]
    assert (tom.id, tom.name, tom.channels) == ("pe2", "Tom", ["Website"])


@case({"op": "update_persona", "persona": "Maya", "quote": "Tell me the price first."})
def _(m):
    assert m.personas[0].quote == "Tell me the price first."
    assert m.personas[0].summary == "A busy parent planning a child's party."


@case({"op": "remove_persona", "persona": "pe1"})
def _(m):
    assert m.personas == []


@case({"op": "add_channel", "name": "Email", "kind": "email"})
def _(m):
    assert (m.channels[-1].id, m.channels[-1].name, m.channels[-1].kind) == ("ch4", "Email", "email")


@case({"op": "add_transition", "source": "Order form", "kind": "drop-off", "label": "gives up at payment"})
def _(m):
    tr = m.transitions[-1]
    assert (tr.id, tr.source, tr.target, tr.kind, tr.label) == ("tr2", "tp6", "", "drop-off", "gives up at payment")


@case({"op": "remove_transition", "transition": "continue to order form"})
def _(m):
    assert m.transitions == []


@pytest.mark.parametrize("op, check", CASES, ids=[op["op"] for op, _ in CASES])
def test_every_op_applies(bakery_map, op, check):
    check(edit(bakery_map, op))


def test_an_unused_channel_can_be_removed(bakery_map):
    journey = edit(bakery_map, {"op": "add_channel", "name": "Email"}, {"op": "remove_channel", "channel": "email"})

    assert [c.name for c in journey.channels] == ["Instagram", "Website", "WhatsApp"]


def test_the_cases_above_cover_every_op():
    (union, _) = typing.get_args(edits.EditOp)
    every_op = {cls.model_fields["op"].default for cls in typing.get_args(union)}

    # Every channel of the bakery map is in use, so remove_channel has its own test above.
    assert every_op - {op["op"] for op, _ in CASES} == {"remove_channel"}


# -- placement of stages -------------------------------------------------------------


def test_a_new_stage_goes_at_the_end_by_default(bakery_map):
    assert stage_names(edit(bakery_map, {"op": "add_stage", "name": "Returns"}))[-1] == "Returns"


def test_a_new_stage_can_go_before_another(bakery_map):
    journey = edit(bakery_map, {"op": "add_stage", "name": "Research", "before": "consider"})

    assert stage_names(journey)[:3] == ["Discover", "Research", "Consider"]


def test_a_stage_moves_to_a_position(bakery_map):
    journey = edit(bakery_map, {"op": "move_stage", "stage": "After", "position": 1})

    assert stage_names(journey) == ["After", "Discover", "Consider", "Checkout", "Delivery"]


def test_a_position_past_the_end_moves_the_stage_to_the_end(bakery_map):
    journey = edit(bakery_map, {"op": "move_stage", "stage": "Discover", "position": 99})

    assert stage_names(journey)[-1] == "Discover"


def test_a_stage_is_found_by_id(bakery_map):
    journey = edit(bakery_map, {"op": "move_stage", "stage": "st1", "after": "st5"})

    assert stage_names(journey)[-1] == "Discover"


# -- refusals ----------------------------------------------------------------------


def test_a_misspelt_stage_gets_a_suggestion(bakery_map):
    message = refusal(bakery_map, {"op": "set_emotion", "stage": "Chekout", "score": -2})

    assert message == "no stage called 'Chekout'; did you mean 'Checkout'?"


def test_a_name_that_matches_nothing_lists_the_choices(bakery_map):
    message = refusal(bakery_map, {"op": "remove_stage", "stage": "Zzz"})

    assert message == "no stage called 'Zzz'; the stages are: 'Discover', 'Consider', 'Checkout', 'Delivery', 'After'"


def test_a_misspelt_item_gets_a_suggestion(bakery_map):
    message = refusal(bakery_map, {"op": "remove_pain_point", "pain_point": "slow replys"})

    assert message == "no pain point called 'slow replys'; did you mean 'slow replies'?"


def test_the_list_of_choices_uses_proper_plurals(bakery_map):
    message = refusal(bakery_map, {"op": "remove_opportunity", "opportunity": "Zzz"})

    assert message == ("no opportunity called 'Zzz'; the opportunities are: "
                       "'Show prices upfront', 'Quick-reply templates', 'Fee calculator on cart'")


def test_an_ambiguous_name_asks_for_an_id(bakery_map):
    message = refusal(bakery_map, {"op": "remove_touchpoint", "touchpoint": "WhatsApp chat"})

    assert message == "there are 2 touchpoints called 'WhatsApp chat'; say which by id: tp4 in 'Consider', tp7 in 'Delivery'"


def test_an_id_settles_an_ambiguous_name(bakery_map):
    journey = edit(bakery_map, {"op": "remove_touchpoint", "touchpoint": "tp7"})

    assert item(journey, "tp4").name == "WhatsApp chat"
    assert item(journey, "tp7") is None


def test_a_second_stage_with_the_same_name_is_refused(bakery_map):
    assert refusal(bakery_map, {"op": "add_stage", "name": "checkout"}) == "there is already a stage called 'checkout'"


def test_renaming_a_stage_onto_another_name_is_refused(bakery_map):
    message = refusal(bakery_map, {"op": "rename_stage", "stage": "Consider", "name": "Checkout"})

    assert message == "there is already a stage called 'Checkout'"


def test_a_stage_can_be_renamed_to_a_different_case_of_its_own_name(bakery_map):
    journey = edit(bakery_map, {"op": "rename_stage", "stage": "After", "name": "AFTER"})

    assert stage_names(journey)[-1] == "AFTER"


def test_a_move_without_a_target_is_refused(bakery_map):
    message = refusal(bakery_map, {"op": "move_stage", "stage": "After"})

    assert message == "say where to move 'After': before or after which stage, or to which position"


def test_before_and_after_together_are_refused(bakery_map):
    message = refusal(bakery_map, {"op": "move_stage", "stage": "After", "before": "Discover", "after": "Consider"})

    assert message == "say either before or after, not both"


def test_a_new_stage_with_before_and_after_is_refused(bakery_map):
    message = refusal(bakery_map, {"op": "add_stage", "name": "Pickup", "before": "Delivery", "after": "Checkout"})

    assert message == "say either before or after, not both"


def test_a_stage_cannot_move_after_itself(bakery_map):
    message = refusal(bakery_map, {"op": "move_stage", "stage": "Checkout", "after": "Checkout"})

    assert message == "a stage cannot go after itself ('Checkout')"


def test_a_stage_cannot_move_before_itself_by_id(bakery_map):
    message = refusal(bakery_map, {"op": "move_stage", "stage": "Checkout", "before": "st3"})

    assert message == "a stage cannot go before itself ('Checkout')"


def test_a_channel_still_in_use_cannot_be_removed(bakery_map):
    message = refusal(bakery_map, {"op": "remove_channel", "channel": "Instagram"})

    assert message == "channel 'Instagram' still has touchpoints (Instagram post, Instagram DM); remove or move them first"


def test_a_second_persona_with_the_same_name_is_refused(bakery_map):
    assert refusal(bakery_map, {"op": "add_persona", "name": "maya"}) == "there is already a persona called 'maya'"


def test_a_second_channel_with_the_same_name_is_refused(bakery_map):
    assert refusal(bakery_map, {"op": "add_channel", "name": "website"}) == "there is already a channel called 'website'"


def test_an_id_already_taken_is_refused(bakery_map):
    message = refusal(bakery_map, {"op": "add_touchpoint", "stage": "Delivery", "name": "Courier call",
                                   "channel": "WhatsApp", "id": "st1"})

    assert message == "the id 'st1' is already taken"


def test_a_free_id_asked_for_is_used(bakery_map):
    journey = edit(bakery_map, {"op": "add_stage", "name": "Pickup", "id": "st20"})

    assert journey.stages[-1].id == "st20"


def test_a_transition_to_nowhere_must_be_a_drop_off(bakery_map):
    message = refusal(bakery_map, {"op": "add_transition", "source": "Cart page"})

    assert message == "a transition needs a target touchpoint unless it is a drop-off"


def test_a_change_that_would_break_the_map_is_refused():
    full = JourneyMap.model_validate({"title": "t", "business": {"name": "b"},
                                      "stages": [{"name": f"Stage {n}"} for n in range(MAX_STAGES)]})

    message = refusal(full, {"op": "add_stage", "name": "One more"})

    assert message == (f"that change would break the map: a map holds at most {MAX_STAGES} stages and this one has "
                       f"{MAX_STAGES} already, so remove or merge one first")


def test_an_invalid_op_is_refused_before_anything_is_applied():
    with pytest.raises(EditError) as caught:
        parse_ops([{"op": "update_map", "title": "ok"}, {"op": "update_business", "name": "y" * 300}])

    assert str(caught.value) == "not a valid edit: 1.update_business.name: String should have at most 200 characters"


# -- cascades ----------------------------------------------------------------------


def test_removing_a_touchpoint_clears_pain_points_that_sat_on_it(bakery_map):
    journey = edit(bakery_map, {"op": "remove_touchpoint", "touchpoint": "Cart page"})

    assert item(journey, "pp3").touchpoint == ""


def test_removing_a_touchpoint_drops_its_transitions(bakery_map):
    journey = edit(bakery_map, {"op": "remove_touchpoint", "touchpoint": "Order form"})

    assert journey.transitions == []


def test_removing_a_pain_point_drops_it_from_opportunities(bakery_map):
    journey = edit(bakery_map, {"op": "update_opportunity", "opportunity": "op2", "addresses": ["pp2", "pp4"]},
                   {"op": "remove_pain_point", "pain_point": "no delivery window"})

    assert item(journey, "op2").addresses == ["pp2"]


def test_removing_a_stage_removes_its_items_and_everything_pointing_at_them(bakery_map):
    journey = edit(bakery_map,
                   {"op": "update_opportunity", "opportunity": "Show prices upfront", "addresses": ["pp1", "pp3"]},
                   {"op": "remove_stage", "stage": "Checkout"})

    assert item(journey, "tp5") is None and item(journey, "pp3") is None and item(journey, "op3") is None
    assert journey.transitions == []  # it ran from the cart to the order form
    assert item(journey, "op1").addresses == ["pp1"]


def test_removing_a_stage_clears_pain_points_elsewhere_that_sat_on_its_touchpoints(bakery_map):
    journey = edit(bakery_map, {"op": "update_pain_point", "pain_point": "no delivery window", "touchpoint": "Order form"},
                   {"op": "remove_stage", "stage": "Checkout"})

    assert item(journey, "pp4").touchpoint == ""


def test_removing_the_main_persona_falls_back_to_the_next(bakery_map):
    journey = edit(bakery_map, {"op": "add_persona", "name": "Tom"}, {"op": "update_map", "persona": "Maya"},
                   {"op": "remove_persona", "persona": "Maya"})

    assert journey.persona == "pe2"


# -- atomic and pure -----------------------------------------------------------------


def test_a_failing_change_leaves_the_map_unchanged_and_names_the_change(bakery_map):
    before = bakery_map.model_dump()
    ops = parse_ops([
        {"op": "rename_stage", "stage": "Consider", "name": "Research"},
        {"op": "remove_stage", "stage": "Delivery"},
        {"op": "set_emotion", "stage": "Chekout", "score": -2},
    ])

    with pytest.raises(EditError) as caught:
        apply(bakery_map, ops)

    assert str(caught.value) == "change 3 of 3: no stage called 'Chekout'; did you mean 'Checkout'?"
    assert caught.value.index == 2
    assert bakery_map.model_dump() == before


def test_a_single_failing_change_has_no_counter(bakery_map):
    assert not refusal(bakery_map, {"op": "remove_stage", "stage": "Chekout"}).startswith("change")


def test_apply_never_changes_its_input(bakery_map):
    before = bakery_map.model_dump()

    after = edit(bakery_map,
                 {"op": "remove_stage", "stage": "Checkout"},
                 {"op": "update_touchpoint", "touchpoint": "Menu page", "name": "Price list"},
                 {"op": "add_action", "stage": "Discover", "text": "asks a friend"},
                 {"op": "move_stage", "stage": "After", "position": 1})

    assert bakery_map.model_dump() == before
    assert after.model_dump() != before


def test_a_refused_move_does_not_lose_the_stage(bakery_map):
    ops = parse_ops([{"op": "move_stage", "stage": "After", "before": "Nowhere"}])

    with pytest.raises(EditError):
        apply(bakery_map, ops)

    assert stage_names(bakery_map)[-1] == "After"


def test_later_changes_see_earlier_ones(bakery_map):
    journey = edit(bakery_map, {"op": "add_stage", "name": "Pickup"},
                   {"op": "add_touchpoint", "stage": "Pickup", "name": "Shop counter", "channel": "Shop"})

    assert journey.stages[-1].touchpoints[0].name == "Shop counter"


# -- what edits add along the way ------------------------------------------------------


def test_a_touchpoint_on_a_new_channel_adds_the_channel(bakery_map):
    journey = edit(bakery_map, {"op": "add_touchpoint", "stage": "Discover", "name": "Shop window", "channel": "Shop front"})

    channel = journey.channels[-1]
    assert (channel.id, channel.name, channel.provenance) == ("ch4", "Shop front", "user")


def test_a_touchpoint_on_a_known_channel_uses_its_spelling(bakery_map):
    journey = edit(bakery_map, {"op": "add_touchpoint", "stage": "Discover", "name": "Story", "channel": "instagram"})

    assert journey.stages[0].touchpoints[-1].channel == "Instagram"
    assert len(journey.channels) == 3


def test_moving_a_touchpoint_to_a_new_channel_adds_the_channel(bakery_map):
    journey = edit(bakery_map, {"op": "update_touchpoint", "touchpoint": "Review request", "channel": "Email"})

    assert journey.channel_named("Email") is not None


def test_an_update_by_the_user_confirms_an_inferred_item(bakery_map):
    assert item(bakery_map, "pp2").provenance == "inferred"

    journey = edit(bakery_map, {"op": "update_pain_point", "pain_point": "slow replies", "severity": 2})

    assert item(journey, "pp2").provenance == "user"


def test_an_update_by_an_engine_keeps_the_provenance(bakery_map):
    journey = edit(bakery_map, {"op": "update_pain_point", "pain_point": "pp2", "severity": 2, "provenance": "inferred"})

    assert item(journey, "pp2").provenance == "inferred"


def test_an_added_item_takes_the_ops_provenance(bakery_map):
    journey = edit(bakery_map, {"op": "add_kpi", "stage": "After", "name": "Reviews", "provenance": "evidence"})

    assert journey.stages[-1].kpis[-1].provenance == "evidence"


def test_the_first_persona_added_becomes_the_maps_persona():
    journey = JourneyMap.model_validate({"title": "t", "business": {"name": "b"}})

    assert edit(journey, {"op": "add_persona", "name": "Maya"}).persona == "pe1"


def test_names_in_edits_are_cleaned(bakery_map):
    journey = edit(bakery_map, {"op": "add_stage", "name": "\x1b[31mPick\nup\x1b[0m"})

    assert journey.stages[-1].name == "Pick up"


# -- parsing ops -------------------------------------------------------------------


def test_parse_ops_accepts_json_text(bakery_map):
    ops = parse_ops('[{"op": "set_emotion", "stage": "Checkout", "score": -2}]')

    assert ops == [edits.SetEmotion(stage="Checkout", score=-2)]


def test_parse_ops_rejects_an_unknown_op():
    with pytest.raises(EditError) as caught:
        parse_ops([{"op": "paint_stage", "stage": "Checkout"}])

    assert str(caught.value).startswith("not a valid edit: ")
    assert "paint_stage" in str(caught.value)


def test_parse_ops_rejects_a_wrong_type():
    with pytest.raises(EditError) as caught:
        parse_ops([{"op": "set_emotion", "stage": "Checkout", "score": "very sad"}])

    assert str(caught.value) == (
        "not a valid edit: 0.set_emotion.score: Input should be a valid integer, unable to parse string as an integer"
    )


def test_parse_ops_rejects_an_out_of_range_score():
    with pytest.raises(EditError, match="score: Input should be less than or equal to 2"):
        parse_ops([{"op": "set_emotion", "stage": "Checkout", "score": 3}])


def test_parse_ops_rejects_unknown_fields():
    with pytest.raises(EditError, match="colour: Extra inputs are not permitted"):
        parse_ops([{"op": "add_stage", "name": "Pickup", "colour": "red"}])


def test_parse_ops_rejects_a_missing_op():
    with pytest.raises(EditError, match="not a valid edit"):
        parse_ops([{"stage": "Checkout"}])


def test_parse_ops_rejects_text_that_is_not_json():
    with pytest.raises(EditError, match="not a valid edit"):
        parse_ops("add a stage please")


def test_ops_survive_a_round_trip_through_json(bakery_map):
    ops = parse_ops([
        {"op": "add_stage", "name": "Pickup", "after": "Checkout"},
        {"op": "add_pain_point", "stage": "Pickup", "name": "queue at the counter", "severity": 1},
        {"op": "set_emotion", "stage": "Pickup", "score": 0},
        {"op": "update_touchpoint", "touchpoint": "tp5", "team": "Web", "provenance": "inferred"},
        {"op": "add_opportunity", "stage": "Pickup", "name": "Pickup slots", "addresses": ["queue at the counter"]},
    ])

    again = parse_ops(ops_to_json(ops))

    assert again == ops
    assert apply(bakery_map, again).model_dump() == apply(bakery_map, ops).model_dump()


def test_ops_to_json_leaves_out_defaults_but_keeps_the_op():
    assert ops_to_json(parse_ops([{"op": "remove_stage", "stage": "Delivery"}])) == [
        {"op": "remove_stage", "stage": "Delivery"}
    ]


# -- describing ops ----------------------------------------------------------------


@pytest.mark.parametrize("op, phrase", [
    ({"op": "add_stage", "name": "Pickup", "after": "Checkout"}, "add stage 'Pickup' (after 'Checkout')"),
    ({"op": "rename_stage", "stage": "Consider", "name": "Research"}, "rename stage 'Consider' -> 'Research'"),
    ({"op": "remove_stage", "stage": "Delivery"}, "remove stage 'Delivery'"),
    ({"op": "move_stage", "stage": "After", "position": 1}, "move stage 'After' (to position 1)"),
    ({"op": "set_emotion", "stage": "Checkout", "score": -2}, "set the emotion of 'Checkout' to very negative (-2)"),
    ({"op": "add_touchpoint", "stage": "Checkout", "name": "Order form", "channel": "Website"},
     "add touchpoint 'Order form' to 'Checkout' (channel 'Website')"),
    ({"op": "update_pain_point", "pain_point": "slow replies", "severity": 3},
     "update pain point 'slow replies' (severity high)"),
    ({"op": "add_thought", "stage": "Delivery", "text": "Will it arrive?"}, "add thought 'Will it arrive?' to 'Delivery'"),
    ({"op": "add_channel", "name": "Email", "id": "ch9"}, "add channel 'Email'"),
    # the pain point moves to the stage (it read "move pain point 'Stage' (pain_point=...)")
    ({"op": "move_pain_point", "pain_point": "payouts are only weekly", "stage": "We pay out"},
     "move pain point 'payouts are only weekly' to 'We pay out'"),
])
def test_describe_says_what_an_op_does(op, phrase):
    assert describe(parse_ops([op])[0]) == phrase


# -- whose an item is (several personas on one map) ------------------------------------------


def two_sided(bakery_map: JourneyMap) -> JourneyMap:
    return edit(bakery_map, {"op": "add_persona", "name": "Office manager Omar"})


def test_an_item_can_be_marked_for_some_personas_by_name(bakery_map):
    journey = two_sided(bakery_map)
    maya, omar = (p.id for p in journey.personas)

    after = edit(journey, {"op": "add_pain_point", "stage": "Checkout", "name": "No invoice for the office",
                           "personas": ["office manager omar"]},
                 {"op": "add_stage", "name": "Office order", "personas": [maya, "Office manager Omar"]})

    pain = next(pp for _, pp in after.pain_points() if pp.name == "No invoice for the office")
    assert pain.personas == [omar]
    assert after.stages[-1].personas == [maya, omar]  # in the map's order, each once
    assert all(not pp.personas for _, pp in journey.pain_points())  # unmarked: every persona


def test_marking_an_item_for_a_persona_the_map_does_not_have_is_refused(bakery_map):
    message = refusal(bakery_map, {"op": "update_pain_point", "pain_point": "pp1", "personas": ["Nobody"]})

    assert "no persona called 'Nobody'" in message


def test_a_map_whose_item_names_a_missing_persona_does_not_validate(bakery_data):
    bakery_data["stages"][0]["pain_points"][0]["personas"] = ["pe9"]

    with pytest.raises(ValueError, match="marked for persona 'pe9', which is not among the map's personas"):
        JourneyMap.model_validate(bakery_data)


def test_removing_a_persona_unmarks_its_items(bakery_map):
    journey = edit(two_sided(bakery_map), {"op": "update_pain_point", "pain_point": "pp1",
                                           "personas": ["Office manager Omar"]})

    after = edit(journey, {"op": "remove_persona", "persona": "Office manager Omar"})

    assert item(after, "pp1").personas == [] and len(after.personas) == 1


def test_a_pain_point_not_yet_placed_is_placed_by_moving_it_to_a_stage(bakery_map):
    data = bakery_map.model_dump()
    data["unplaced"] = [{"id": "pp90", "name": "parking is a nightmare", "provenance": "user"}]
    journey = JourneyMap.model_validate(data)
    assert journey.find("pp90")[0] == "unplaced"
    moved = edit(journey, {"op": "move_pain_point", "pain_point": "parking is a nightmare", "stage": "Delivery"})
    assert moved.unplaced == [] and moved.stages[3].pain_points[-1].id == "pp90"
    assert journey.unplaced  # the map it was given never changes
    removed = edit(journey, {"op": "remove_pain_point", "pain_point": "pp90"})
    assert removed.unplaced == []


# -- edits that change nothing -------------------------------------------------------


def test_edits_that_leave_the_map_as_it_is_are_left_out_with_what_is_already_so(bakery_map):
    stage = bakery_map.stages[0]
    pain = next(p for s in bakery_map.stages for p in s.pain_points)
    on = next(s for s in bakery_map.stages if pain in s.pain_points)
    same = parse_ops([
        {"op": "move_pain_point", "pain_point": pain.id, "stage": on.name},
        {"op": "update_pain_point", "pain_point": pain.name, "severity": pain.severity},
        {"op": "set_emotion", "stage": stage.id, "score": stage.emotion},
        {"op": "rename_stage", "stage": stage.name, "name": stage.name},
    ])
    changed = parse_ops([{"op": "set_emotion", "stage": stage.id, "score": -stage.emotion or 1}])

    kept, said = edits.without_no_change(bakery_map, [*same, *changed])

    assert kept == changed
    assert said == [f"“{pain.name}” is already on {on.name}.",
                    f"“{pain.name}” already has severity {['low', 'medium', 'high'][pain.severity - 1]}.",
                    f"the emotion of {stage.name} is already {EMOTION_LABELS[stage.emotion]} ({stage.emotion:+d}).",
                    f"the stage is already called “{stage.name}”."]


def test_an_edit_counts_as_a_change_when_it_changes_a_field_not_only_who_an_item_comes_from(bakery_map):
    pain = next(p for s in bakery_map.stages for p in s.pain_points)
    renamed = parse_ops([{"op": "rename_stage", "stage": bakery_map.stages[0].name,
                          "name": bakery_map.stages[0].name.upper()}])  # a new spelling is a change
    guessed = bakery_map.model_copy(deep=True)
    guessed.stages[0].provenance = "inferred"

    assert edits.without_no_change(bakery_map, renamed) == (renamed, [])
    assert edits.changes_nothing(bakery_map, guessed)  # only who it comes from: nothing the user would see
    assert not edits.changes_nothing(bakery_map, edit(bakery_map, {"op": "update_pain_point", "pain_point": pain.id,
                                                                   "severity": pain.severity % 3 + 1}))
    # an op after one that cannot be applied is kept: applying them says why
    broken = parse_ops([{"op": "set_emotion", "stage": "Nowhere", "score": 1},
                        {"op": "set_emotion", "stage": bakery_map.stages[0].id, "score": bakery_map.stages[0].emotion}])
    assert edits.without_no_change(bakery_map, broken) == (broken, [])


def test_a_title_named_by_its_first_and_last_stage_follows_their_renames(bakery_map):
    from cjm_assistant.domain import edits as ed

    journey = bakery_map.model_copy(deep=True)
    first, last = journey.stages[0].name, journey.stages[-1].name
    journey.title = f"Sweet Crumbs: from {first} to {last}"
    journey = ed.apply(journey, [ed.RenameStage(stage=first, name="Spot us")])
    journey = ed.apply(journey, [ed.RenameStage(stage=last, name="Order again")])
    assert journey.title == "Sweet Crumbs: from Spot us to Order again"
    journey = ed.apply(journey, [ed.RenameStage(stage=journey.stages[1].name, name="Think it over")])
    assert journey.title == "Sweet Crumbs: from Spot us to Order again"  # a middle stage is not in the title


def test_a_title_of_the_user_s_own_stays_when_a_stage_is_renamed(bakery_map):
    from cjm_assistant.domain import edits as ed

    journey = bakery_map.model_copy(deep=True)
    journey.title = f"Why nobody orders twice ({journey.stages[0].name})"
    after = ed.apply(journey, [ed.RenameStage(stage=journey.stages[0].name, name="Spot us")])
    assert after.title == journey.title
    own = bakery_map.model_copy(deep=True)
    own.title = f"Vans: from {own.stages[0].name} to the yard"  # the user's words, not the last stage
    after = ed.apply(own, [ed.RenameStage(stage=own.stages[0].name, name="Spot us")])
    assert after.title == f"Vans: from {bakery_map.stages[0].name} to the yard"
