"""What changed between two maps."""

from __future__ import annotations

import importlib.util

import pytest

from cjm_assistant.domain.diff import diff_maps, to_text
from cjm_assistant.export.changes import to_markdown
from cjm_assistant.domain.edits import apply, parse_ops
from cjm_assistant.domain.model import JourneyMap


def edited(journey: JourneyMap, *ops: dict) -> JourneyMap:
    return apply(journey, parse_ops(list(ops)))


def entries(d):
    return [(e.change, e.kind, e.name) for e in d.entries]


def small_map(stages: list[dict]) -> JourneyMap:
    return JourneyMap.model_validate({"title": "Ordering a cake", "business": {"name": "Sweet Crumbs"},
                                      "channels": [{"name": "Website"}], "stages": stages})


def test_a_map_compared_with_itself_has_no_changes(bakery_map):
    d = diff_maps(bakery_map, bakery_map)

    assert not d
    assert d.summary() == "no changes"
    assert to_text(d) == "No changes."


def test_an_added_stage(bakery_map):
    d = diff_maps(bakery_map, edited(bakery_map, {"op": "add_stage", "name": "Pickup", "after": "Checkout"}))

    assert entries(d) == [("added", "stage", "Pickup")]
    assert to_text(d) == "+ stage “Pickup”"


def test_an_added_item_says_which_stage_it_is_in(bakery_map):
    d = diff_maps(bakery_map, edited(bakery_map, {"op": "add_thought", "stage": "Checkout", "text": "Why so much?"}))

    assert to_text(d) == "+ thought “Why so much?” in Checkout"


def test_a_removed_touchpoint(bakery_map):
    d = diff_maps(bakery_map, edited(bakery_map, {"op": "remove_touchpoint", "touchpoint": "Menu page"}))

    assert entries(d) == [("removed", "touchpoint", "Menu page")]
    assert to_text(d) == "- touchpoint “Menu page” in Consider"


def test_a_changed_severity_shows_before_and_after(bakery_map):
    d = diff_maps(bakery_map, edited(bakery_map, {"op": "update_pain_point", "pain_point": "no delivery window",
                                                  "severity": 3}))

    assert entries(d) == [("changed", "pain point", "no delivery window")]
    assert d.entries[0].details == ["severity: 2 → 3"]
    assert to_text(d) == "~ pain point “no delivery window” in Delivery (severity: 2 → 3)"


def test_a_changed_text_field_is_quoted(bakery_map):
    d = diff_maps(bakery_map, edited(bakery_map, {"op": "update_kpi", "kpi": "Repeat orders", "target": "40%"}))

    assert d.entries[0].details == ["target: “30%” → “40%”"]


def test_a_rename_is_a_change_of_the_same_item(bakery_map):
    d = diff_maps(bakery_map, edited(bakery_map, {"op": "rename_stage", "stage": "Consider", "name": "Research"}))

    assert entries(d) == [("changed", "stage", "Research")]
    assert d.entries[0].details == ["name: “Consider” → “Research”"]


def test_a_cascade_shows_every_item_it_touched(bakery_map):
    d = diff_maps(bakery_map, edited(bakery_map, {"op": "remove_touchpoint", "touchpoint": "Cart page"}))

    assert ("removed", "touchpoint", "Cart page") in entries(d)
    changed = next(e for e in d.entries if e.name == "delivery fee shown late")
    assert changed.details == ["touchpoint: “Cart page” → empty"]  # by its name, not its id (attack 14)


def test_an_item_moved_to_another_stage(bakery_map):
    journey = edited(bakery_map, {"op": "remove_kpi", "kpi": "Repeat orders"},
                     {"op": "add_kpi", "stage": "Delivery", "name": "Repeat orders", "target": "30%", "provenance": "inferred"})

    d = diff_maps(bakery_map, journey)

    assert entries(d) == [("changed", "KPI", "Repeat orders")]
    assert d.entries[0].details == ["moved from After"]


def test_a_change_of_provenance_alone_is_not_reported(bakery_map):
    journey = edited(bakery_map, {"op": "update_kpi", "kpi": "Repeat orders", "target": "30%"})

    assert journey.find("kp3")[1].provenance == "user"
    assert not diff_maps(bakery_map, journey)


def test_a_stage_reorder_is_reported_as_moved(bakery_map):
    d = diff_maps(bakery_map, edited(bakery_map, {"op": "move_stage", "stage": "After", "position": 1}))

    assert entries(d) == [("moved", "stage order", "After → Discover → Consider → Checkout → Delivery")]
    assert d.summary() == "1 moved"
    assert to_text(d) == "↔ stage order “After → Discover → Consider → Checkout → Delivery”"


def test_adding_a_stage_is_not_a_reorder(bakery_map):
    d = diff_maps(bakery_map, edited(bakery_map, {"op": "add_stage", "name": "Research", "before": "Consider"}))

    assert [e.change for e in d.entries] == ["added"]


def test_emotions_are_listed_stage_by_stage(bakery_map):
    journey = edited(bakery_map, {"op": "set_emotion", "stage": "Checkout", "score": -2},
                     {"op": "remove_stage", "stage": "After"},
                     {"op": "add_stage", "name": "Pickup", "emotion": 1})

    d = diff_maps(bakery_map, journey)

    assert d.emotions == [("Discover", 1, 1), ("Consider", 0, 0), ("Checkout", -1, -2), ("Delivery", 0, 0),
                          ("Pickup", None, 1), ("After", 1, None)]
    assert ("changed", "stage", "Checkout") in entries(d)
    assert next(e for e in d.entries if e.name == "Checkout").details == ["emotion: -1 → -2"]


def test_independently_built_maps_are_matched_by_name():
    # Both maps number their items from 1, so ids clash: st2 is Order in one and Consider in the other.
    first = small_map([
        {"name": "Discover", "touchpoints": [{"name": "Home page", "channel": "Website"}]},
        {"name": "Order", "emotion": -1},
        {"name": "Delivery"},
    ])
    second = small_map([
        {"name": "discover", "touchpoints": [{"name": "Ad", "channel": "Website"},
                                             {"name": "Home page", "channel": "Website"}]},
        {"name": "Consider"},
        {"name": "Order", "emotion": -1},
        {"name": "Delivery", "emotion": 1},
    ])

    d = diff_maps(first, second)

    assert entries(d) == [
        ("changed", "stage", "discover"),
        ("added", "touchpoint", "Ad"),
        ("added", "stage", "Consider"),
        ("changed", "stage", "Delivery"),
    ]
    assert d.entries[0].details == ["name: “Discover” → “discover”"]
    assert d.entries[3].details == ["emotion: 0 → 1"]
    assert d.summary() == "2 added, 2 changed"


def test_a_stage_missing_from_the_newer_map_is_removed():
    first = small_map([{"name": "Discover"}, {"name": "Order"}, {"name": "Delivery"}])
    second = small_map([{"name": "Discover"}, {"name": "Delivery"}])

    assert entries(diff_maps(first, second)) == [("removed", "stage", "Order")]


def test_the_summary_counts_each_kind_of_change(bakery_map):
    journey = edited(bakery_map,
                     {"op": "add_stage", "name": "Pickup"},
                     {"op": "add_kpi", "stage": "Pickup", "name": "Pickup time"},
                     {"op": "set_emotion", "stage": "Discover", "score": 2},
                     {"op": "remove_thought", "thought": "th1"},
                     {"op": "move_stage", "stage": "Delivery", "position": 1})

    assert diff_maps(bakery_map, journey).summary() == "2 added, 1 changed, 1 removed, 1 moved"


@pytest.mark.skipif(importlib.util.find_spec("cjm_assistant.export.text") is None,
                    reason="cjm_assistant.export.text is not there yet")
def test_the_markdown_report_groups_changes_and_shows_the_emotion_curve(bakery_map):
    journey = edited(bakery_map, {"op": "add_stage", "name": "Pickup", "emotion": 1},
                     {"op": "set_emotion", "stage": "Checkout", "score": -2})

    report = to_markdown(diff_maps(bakery_map, journey), "v1", "v2")

    assert report.startswith("## Changes: v1 → v2\n\n*1 added, 1 changed*\n")
    assert "### Added\n\n- stage **Pickup**\n" in report
    assert "- stage **Checkout**: emotion: -1 → -2" in report
    assert "| Stage | v1 | v2 |" in report
    assert "| Checkout | -1 | -2 |" in report
    assert "| Pickup | — | +1 |" in report
