"""``apply`` copies only what an edit touches, and finds items by id without scanning the map per op.

The result shares every untouched part with the map it came from, so these
tests hold it to the same answer as applying the ops to a deep copy, and to
leaving its input exactly as it was, for any sequence of ops. Costs are
asserted in counts (copies, traversals), never in seconds.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjm_assistant.domain import draft as draft_module
from cjm_assistant.domain import edits
from cjm_assistant.domain.diff import diff_maps
from cjm_assistant.domain.edits import EditError, MapError, apply, parse_ops
from cjm_assistant.domain.model import JourneyMap, check_map
from tests.support.bakery import BAKERY

BAKERY_MAP = JourneyMap.model_validate(BAKERY)
STAGES = ["st1", "st2", "st3", "st4", "st5", "Discover", "Checkout", "Nowhere"]
ITEMS = {lane: [i.id for _, i, _ in BAKERY_MAP.items() if _ is not None and i.id.startswith(prefix)] + ["zz9"]
         for lane, prefix in (("touchpoint", "tp"), ("pain_point", "pp"), ("opportunity", "op"), ("kpi", "kp"),
                              ("action", "ac"), ("thought", "th"))}
NAMES = st.sampled_from(["New one", "Checkout", "Another", "Menu page", "Delivery"])


def _op(kind: str, stage: str, ref_of: dict, name: str, n: int) -> dict:
    lane = kind.split("_", 1)[1] if "_" in kind else ""
    return {
        "add_stage": {"op": "add_stage", "name": f"{name} {n}", "after": stage},
        "rename_stage": {"op": "rename_stage", "stage": stage, "name": f"{name} {n}"},
        "move_stage": {"op": "move_stage", "stage": stage, "position": n % 6 + 1},
        "remove_stage": {"op": "remove_stage", "stage": stage},
        "set_emotion": {"op": "set_emotion", "stage": stage, "score": n % 5 - 2},
        "add_touchpoint": {"op": "add_touchpoint", "stage": stage, "name": name, "channel": "Website"},
        "add_pain_point": {"op": "add_pain_point", "stage": stage, "name": name, "touchpoint": ref_of["touchpoint"]},
        "add_opportunity": {"op": "add_opportunity", "stage": stage, "name": name, "addresses": [ref_of["pain_point"]]},
        "update_touchpoint": {"op": "update_touchpoint", "touchpoint": ref_of["touchpoint"], "team": f"T{n}"},
        "update_pain_point": {"op": "update_pain_point", "pain_point": ref_of["pain_point"], "severity": n % 3 + 1,
                              "touchpoint": ref_of["touchpoint"]},
        "remove_touchpoint": {"op": "remove_touchpoint", "touchpoint": ref_of["touchpoint"]},
        "remove_pain_point": {"op": "remove_pain_point", "pain_point": ref_of["pain_point"]},
        "move_pain_point": {"op": "move_pain_point", "pain_point": ref_of["pain_point"], "stage": stage},
        "remove_opportunity": {"op": "remove_opportunity", "opportunity": ref_of["opportunity"]},
        "update_kpi": {"op": "update_kpi", "kpi": ref_of["kpi"], "target": f"{n}%"},
        "remove_thought": {"op": "remove_thought", "thought": ref_of["thought"]},
        "update_action": {"op": "update_action", "action": ref_of["action"], "text": f"{name} {n}"},
        "update_business": {"op": "update_business", "industry": name},
        "update_persona": {"op": "update_persona", "persona": "Maya", "quote": name},
        "remove_persona": {"op": "remove_persona", "persona": "pe1"},
        "add_transition": {"op": "add_transition", "source": ref_of["touchpoint"], "kind": "drop-off"},
        "remove_transition": {"op": "remove_transition", "transition": "tr1"},
    }[kind] | ({} if lane else {})


KINDS = ["add_stage", "rename_stage", "move_stage", "remove_stage", "set_emotion", "add_touchpoint", "add_pain_point",
         "add_opportunity", "update_touchpoint", "update_pain_point", "remove_touchpoint", "remove_pain_point",
         "move_pain_point", "remove_opportunity", "update_kpi", "remove_thought", "update_action", "update_business",
         "update_persona", "remove_persona", "add_transition", "remove_transition"]
one_op = st.builds(_op, st.sampled_from(KINDS), st.sampled_from(STAGES),
                   st.fixed_dictionaries({lane: st.sampled_from(refs) for lane, refs in ITEMS.items()}),
                   NAMES, st.integers(0, 50))


def on_a_deep_copy(journey: JourneyMap, ops: list) -> JourneyMap:
    """What apply did before it shared parts: every op on a private deep copy, then the whole-map checks."""
    return check_map(edits.replay(journey.model_copy(deep=True), ops))


@given(st.lists(one_op, min_size=1, max_size=6))
def test_apply_gives_what_a_deep_copy_gives_and_never_changes_its_input(raw_ops):
    edits._RECENT.clear()
    ops = parse_ops(raw_ops)
    before = BAKERY_MAP.model_dump()
    try:
        expected = on_a_deep_copy(BAKERY_MAP, ops)
    except (EditError, MapError):
        expected = None
    try:
        result = apply(BAKERY_MAP, ops)
    except EditError as e:
        # Removals detach what pointed at the removed items: the whole-map check never finds one left dangling.
        assert "does not exist" not in str(e)
        result = None
    assert BAKERY_MAP.model_dump() == before
    assert (result is None) == (expected is None)
    if result is not None:
        assert result.model_dump() == expected.model_dump()
        check_map(result.model_copy(deep=True))  # the shared result is a whole, valid map
        # the diff, which skips the stages an edit shares, says what it says of an unshared copy
        assert diff_maps(BAKERY_MAP, result) == diff_maps(BAKERY_MAP, expected)
        # and applying more to it leaves it as it is too
        again = result.model_dump()
        try:
            apply(result, parse_ops(raw_ops[:1]))
        except EditError:
            pass
        assert result.model_dump() == again


def test_an_edit_shares_every_stage_it_does_not_touch(bakery_map):
    after = apply(bakery_map, parse_ops([{"op": "set_emotion", "stage": "Checkout", "score": -2}]))

    assert [a is b for a, b in zip(after.stages, bakery_map.stages)] == [True, True, False, True, True]
    assert after.stages[2].touchpoints[0] is bakery_map.stages[2].touchpoints[0]
    assert (after.stages[2].emotion, bakery_map.stages[2].emotion) == (-2, bakery_map.stages[2].emotion)


def test_an_update_copies_the_item_and_its_stage_only(bakery_map):
    after = apply(bakery_map, parse_ops([{"op": "update_touchpoint", "touchpoint": "tp1", "team": "Sales"}]))

    assert after.stages[0] is not bakery_map.stages[0] and after.stages[1] is bakery_map.stages[1]
    assert after.stages[0].touchpoints[0].team == "Sales" != bakery_map.stages[0].touchpoints[0].team
    assert after.business is bakery_map.business and after.personas[0] is bakery_map.personas[0]


def test_a_refused_edit_copies_nothing_into_its_input(bakery_map):
    before = bakery_map.model_dump()
    with pytest.raises(EditError):
        apply(bakery_map, parse_ops([{"op": "set_emotion", "stage": "Checkout", "score": 1},
                                     {"op": "remove_stage", "stage": "Nowhere"}]))
    assert bakery_map.model_dump() == before


def test_the_same_ops_on_the_same_map_are_applied_once(bakery_map, monkeypatch):
    drafts = count_drafts(monkeypatch)
    ops = parse_ops([{"op": "set_emotion", "stage": "Checkout", "score": -2}])

    first = apply(bakery_map, ops)
    again = apply(bakery_map, parse_ops([{"op": "set_emotion", "stage": "Checkout", "score": -2}]))
    other = apply(bakery_map, parse_ops([{"op": "set_emotion", "stage": "Checkout", "score": 2}]))
    more = apply(bakery_map, parse_ops([{"op": "set_emotion", "stage": "Checkout", "score": -2},
                                        {"op": "add_stage", "name": "Pickup"}]))

    assert again is first and other is not first and len(drafts) == 3  # the last applied its second op only
    assert more.stages[2] is first.stages[2] and more.stages[-1].name == "Pickup"


@given(st.lists(one_op, min_size=2, max_size=6), st.integers(1, 5))
def test_ops_applied_in_two_steps_give_what_they_give_at_once(raw_ops, split):
    ops = parse_ops(raw_ops)
    split = min(split, len(ops) - 1)
    edits._RECENT.clear()
    try:
        at_once = apply(BAKERY_MAP, ops)
    except EditError:
        at_once = None
    edits._RECENT.clear()
    try:
        in_steps = apply(apply(BAKERY_MAP, ops[:split]), ops[split:])
    except EditError:
        return  # a first step the whole edit would have carried past is not a question here
    assert at_once is not None and at_once.model_dump() == in_steps.model_dump()
    edits._RECENT.clear()
    apply(BAKERY_MAP, ops[:split])
    assert apply(BAKERY_MAP, ops).model_dump() == at_once.model_dump()  # through the first step remembered


def test_k_updates_by_id_index_the_map_once(monkeypatch):
    journey = wide_map(stages=10, touchpoints=50)
    builds = []
    real = draft_module._index_ids
    monkeypatch.setattr(draft_module, "_index_ids", lambda j: builds.append(1) or real(j))
    scans = []
    real_scan = draft_module.find_in_lane
    monkeypatch.setattr(draft_module, "find_in_lane", lambda *a: scans.append(1) or real_scan(*a))
    ops = parse_ops([{"op": "update_touchpoint", "touchpoint": f"tp{i}", "team": f"T{i}"} for i in range(1, 301)]
                    + [{"op": "add_pain_point", "stage": f"S{i % 10}", "name": f"New {i}", "touchpoint": f"tp{i}"}
                       for i in range(1, 101)])

    after = apply(journey, ops)

    assert len(builds) == 1 and len(scans) == 1  # the first look-up scans; the rest go through the index
    assert after.find("tp300")[1].team == "T300" and len(after.stages[1].pain_points) == 10


def count_drafts(monkeypatch) -> list:
    made = []
    real = draft_module.Draft.__init__

    def counted(self, *args, **kwargs):
        made.append(1)
        real(self, *args, **kwargs)

    monkeypatch.setattr(draft_module.Draft, "__init__", counted)
    edits._RECENT.clear()
    return made


def wide_map(stages: int, touchpoints: int) -> JourneyMap:
    return JourneyMap.model_validate({
        "title": "Wide", "business": {"name": "B"}, "channels": [{"name": "Web"}],
        "stages": [{"name": f"S{s}", "touchpoints": [{"id": f"tp{s * touchpoints + t + 1}", "name": f"T{s}.{t}",
                                                       "channel": "Web"} for t in range(touchpoints)]}
                   for s in range(stages)]})
