"""The journey map schema: what a valid map is, and how an invalid one is refused."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cjm_assistant.domain.model import (
    MAX_NAME,
    MAX_STAGES,
    MAX_TEXT,
    JourneyMap,
    clean_name,
    clean_text,
    explain,
    json_schema,
)


def minimal(**extra) -> dict:
    """The smallest valid map, plus whatever a test adds."""
    return {"title": "Ordering a cake", "business": {"name": "Sweet Crumbs"}} | extra


def refusal(data: dict) -> str:
    """The plain-language message a user sees when ``data`` is not a valid map."""
    with pytest.raises(ValidationError) as caught:
        JourneyMap.model_validate(data)
    return explain(caught.value)


# -- a valid map -------------------------------------------------------------------


def test_a_valid_map_round_trips_through_json(bakery_map):
    again = JourneyMap.model_validate_json(bakery_map.model_dump_json())

    assert again == bakery_map
    assert again.model_dump() == bakery_map.model_dump()


def test_the_smallest_map_needs_only_a_title_and_a_business():
    journey = JourneyMap.model_validate(minimal())

    assert journey.title == "Ordering a cake"
    assert journey.stages == []
    assert journey.kind == "current"


def test_ids_are_assigned_in_order_by_kind(bakery_map):
    assert [s.id for s in bakery_map.stages] == ["st1", "st2", "st3", "st4", "st5"]
    assert [c.id for c in bakery_map.channels] == ["ch1", "ch2", "ch3"]
    assert bakery_map.personas[0].id == "pe1"
    assert [o.id for s in bakery_map.stages for o in s.opportunities] == ["op1", "op2", "op3"]
    assert bakery_map.transitions[0].id == "tr1"


def test_lane_ids_count_across_stages():
    journey = JourneyMap.model_validate(minimal(
        channels=[{"name": "Website"}],
        stages=[
            {"name": "Discover", "touchpoints": [{"name": "Home page", "channel": "Website"}]},
            {"name": "Checkout", "touchpoints": [{"name": "Cart", "channel": "Website"},
                                                 {"name": "Payment", "channel": "Website"}]},
        ],
    ))

    assert [tp.id for _, tp in journey.touchpoints()] == ["tp1", "tp2", "tp3"]


def test_given_ids_are_kept_and_new_ids_continue_after_the_highest():
    journey = JourneyMap.model_validate(minimal(stages=[
        {"name": "Discover"},
        {"id": "st7", "name": "Checkout"},
        {"name": "Delivery"},
    ]))

    assert [(s.name, s.id) for s in journey.stages] == [("Discover", "st8"), ("Checkout", "st7"), ("Delivery", "st9")]


def test_items_default_to_inferred_provenance(bakery_map):
    assert bakery_map.stages[0].provenance == "inferred"


def test_find_returns_the_kind_the_item_and_its_stage(bakery_map):
    kind, item, stage = bakery_map.find("pp3")

    assert kind == "pain_points"
    assert item.name == "delivery fee shown late"
    assert stage.name == "Checkout"
    assert bakery_map.find("pp99") is None


def test_channels_are_found_by_name_case_insensitively(bakery_map):
    assert bakery_map.channel_named("whatsapp").name == "WhatsApp"
    assert bakery_map.channel_named("TikTok") is None


def test_main_persona_falls_back_to_the_first(bakery_map):
    assert bakery_map.persona == ""
    assert bakery_map.main_persona.name == "Maya"


# -- refusals, in words a user understands ---------------------------------------------


def test_an_empty_title_is_refused():
    assert refusal(minimal(title="")) == "title: String should have at least 1 character"


def test_a_blank_title_is_refused_as_empty():
    assert refusal(minimal(title="  \n ")) == "title: must not be empty"


def test_a_name_made_only_of_escape_codes_is_refused_as_empty():
    assert refusal(minimal(stages=[{"name": "\x1b[31m\x1b[0m"}])) == "stages.0.name: must not be empty"


def test_a_blank_action_is_refused():
    message = refusal(minimal(stages=[{"name": "Discover", "actions": [{"text": "   "}]}]))

    assert message == "stages.0.actions.0.text: must not be empty"


def test_two_items_with_the_same_id_are_refused():
    message = refusal(minimal(stages=[{"id": "st1", "name": "Discover"}, {"id": "st1", "name": "Checkout"}]))

    assert message == "two items share the id 'st1' (a stage and a stage)"


def test_an_id_shared_across_kinds_names_both_kinds():
    message = refusal(minimal(
        channels=[{"id": "ch1", "name": "Website"}],
        stages=[{"name": "Discover", "touchpoints": [{"id": "ch1", "name": "Home", "channel": "Website"}]}],
    ))

    assert message == "two items share the id 'ch1' (a channel and a touchpoint)"


def test_two_stages_with_the_same_name_in_different_case_are_refused():
    message = refusal(minimal(stages=[{"name": "Checkout"}, {"name": "checkout"}]))

    assert message == "two stages are called 'checkout'; stage names must be unique"


def test_a_pain_point_on_a_missing_touchpoint_is_refused():
    message = refusal(minimal(stages=[{"name": "Checkout", "pain_points": [{"name": "fee shown late", "touchpoint": "tp9"}]}]))

    assert message == "pain point 'fee shown late' sits on touchpoint 'tp9', which does not exist"


def test_an_opportunity_answering_a_missing_pain_point_is_refused():
    message = refusal(minimal(stages=[{"name": "Checkout", "opportunities": [{"name": "Show fees", "addresses": ["pp4"]}]}]))

    assert message == "opportunity 'Show fees' answers pain point 'pp4', which does not exist"


def test_a_transition_to_a_missing_touchpoint_is_refused(bakery_data):
    bakery_data["transitions"] = [{"source": "tp5", "target": "tp42"}]

    assert refusal(bakery_data) == "transition tr1 goes to touchpoint 'tp42', which does not exist"


def test_a_transition_from_a_missing_touchpoint_is_refused(bakery_data):
    bakery_data["transitions"] = [{"source": "tp42", "target": "tp5"}]

    assert refusal(bakery_data) == "transition tr1 starts at touchpoint 'tp42', which does not exist"


def test_only_a_drop_off_may_have_no_target(bakery_data):
    bakery_data["transitions"] = [{"source": "tp5", "kind": "next"}]

    assert refusal(bakery_data) == "transition tr1 has no target; only a drop-off may end nowhere"


def test_a_drop_off_without_a_target_is_fine(bakery_data):
    bakery_data["transitions"] = [{"source": "tp5", "kind": "drop-off", "label": "gives up at the fee"}]

    assert JourneyMap.model_validate(bakery_data).transitions[0].target == ""


def test_a_touchpoint_on_an_unknown_channel_suggests_the_closest(bakery_data):
    bakery_data["stages"][2]["touchpoints"][0]["channel"] = "Webiste"

    assert refusal(bakery_data) == (
        "touchpoint 'Cart page' in stage 'Checkout' is on channel 'Webiste', "
        "which is not one of the map's channels; did you mean 'Website'?"
    )


def test_touchpoint_channels_match_case_insensitively(bakery_data):
    bakery_data["stages"][2]["touchpoints"][0]["channel"] = "website"

    JourneyMap.model_validate(bakery_data)


def test_a_map_drawn_for_a_missing_persona_is_refused(bakery_data):
    bakery_data["persona"] = "pe9"

    assert refusal(bakery_data) == "the map is drawn for persona 'pe9', which is not among its personas"


def test_an_emotion_of_3_is_out_of_range():
    message = refusal(minimal(stages=[{"name": "Checkout", "emotion": 3}]))

    assert message == "stages.0.emotion: Input should be less than or equal to 2"


def test_a_severity_of_0_is_out_of_range():
    message = refusal(minimal(stages=[{"name": "Checkout", "pain_points": [{"name": "fee", "severity": 0}]}]))

    assert message == "stages.0.pain_points.0.severity: Input should be greater than or equal to 1"


def test_an_unknown_field_is_refused_not_ignored():
    message = refusal(minimal(stages=[{"name": "Checkout", "colour": "red"}]))

    assert message == "stages.0.colour: Extra inputs are not permitted"


def test_one_stage_too_many_is_refused():
    message = refusal(minimal(stages=[{"name": f"Stage {n}"} for n in range(MAX_STAGES + 1)]))

    assert message == f"the map would hold {MAX_STAGES + 1} stages, and a map holds at most {MAX_STAGES}"


def test_the_most_stages_allowed_is_fine():
    journey = JourneyMap.model_validate(minimal(stages=[{"name": f"Stage {n}"} for n in range(MAX_STAGES)]))

    assert len(journey.stages) == MAX_STAGES


def test_a_one_megabyte_name_is_refused():
    message = refusal(minimal(title="x" * 1_000_000))

    assert message == f"title: String should have at most {MAX_NAME} characters"


def test_a_description_longer_than_the_limit_is_refused():
    assert refusal(minimal(scope="y" * (MAX_TEXT + 1))) == f"scope: String should have at most {MAX_TEXT} characters"


def test_a_long_list_of_problems_is_cut_short():
    message = refusal(minimal(stages=[{"name": f"S{n}", "emotion": 9} for n in range(8)]))

    assert message.count("emotion: Input should be less than or equal to 2") == 5
    assert message.endswith("... and 3 more problems")


def test_explain_passes_other_errors_through():
    assert explain(ValueError("plain words")) == "plain words"


# -- text hygiene ----------------------------------------------------------------------


def test_clean_text_strips_ansi_escapes():
    assert clean_text("\x1b[31mred\x1b[0m alert") == "red alert"


def test_clean_text_strips_eight_bit_escapes_whole():
    assert clean_text("\x9b31mred\x9b0m alert") == "red alert"


def test_clean_text_strips_terminal_title_sequences():
    assert clean_text("before\x1b]0;pwned\x07after") == "beforeafter"


def test_clean_text_strips_control_characters():
    assert clean_text("bell\x07 null\x00 del\x7f") == "bell null del"


def test_clean_text_keeps_emoji():
    assert clean_text("Loves it 🎂🎉") == "Loves it 🎂🎉"


def test_clean_text_keeps_right_to_left_text():
    assert clean_text("مخبز الحي") == "مخبز الحي"
    assert clean_text("מאפייה") == "מאפייה"


def test_clean_text_keeps_newlines_and_tabs_and_normalises_line_ends():
    assert clean_text("first line\r\nsecond\tline\rthird") == "first line\nsecond\tline\nthird"


def test_clean_text_normalises_unicode_so_lookalikes_compare_equal():
    assert clean_text("Cafe\u0301") == clean_text("Caf\u00e9")


def test_clean_name_makes_one_line():
    assert clean_name("  Order\nform \t page  ") == "Order form page"


def test_names_on_a_map_are_cleaned(bakery_data):
    bakery_data["stages"][0]["name"] = "\x1b[1mDiscover\x1b[0m\n"

    assert JourneyMap.model_validate(bakery_data).stages[0].name == "Discover"


def test_descriptions_keep_their_line_breaks(bakery_data):
    bakery_data["stages"][2]["pain_points"][0]["description"] = "The fee appears\non the last page."

    journey = JourneyMap.model_validate(bakery_data)

    assert journey.stages[2].pain_points[0].description == "The fee appears\non the last page."


# -- the JSON schema -----------------------------------------------------------------


def test_json_schema_describes_the_map():
    schema = json_schema()

    assert {"title", "business", "stages", "channels", "transitions", "personas"} <= set(schema["properties"])
    assert schema["required"] == ["title", "business"]
    stage = schema["$defs"]["Stage"]
    assert {"touchpoints", "pain_points", "opportunities", "kpis", "actions", "thoughts"} <= set(stage["properties"])
    assert stage["properties"]["emotion"]["minimum"] == -2
    assert stage["properties"]["emotion"]["maximum"] == 2
    assert schema["$defs"]["PainPoint"]["properties"]["severity"]["maximum"] == 3
    assert schema["$defs"]["Stage"]["additionalProperties"] is False
