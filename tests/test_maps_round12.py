"""Issue 11, round 12: an outside attack's map findings, as general rules. Each test is phrased from a rule, never
from a business: the answers are built here for trades that are in no example, dev or held-out case."""

from __future__ import annotations

import pytest

from cjm_assistant.knowledge import denials


def _pain_points(journey: dict) -> list[str]:
    """Every pain point's name on a map's JSON export, placed or not."""
    names = [p["name"] for s in journey["stages"] for p in s.get("pain_points", [])]
    return names + [p["name"] for p in journey.get("unplaced", [])]

# ---------------------------------------------------------------------------
# 1. A denial is a denial whichever way "nobody" is spelt


@pytest.mark.parametrize("who", ["no one", "no-one", "No-one", "noone", "nobody", "no-body", "none of them",
                                 "none of my customers", "not one of them", "not a single one", "none of us"])
def test_every_spelling_of_nobody_denies_a_complaint(who):
    assert denials.denied(f"{who} complains about the parking") == "the parking"
    assert denials.denied(f"{who} has a problem with the parking") == "the parking"


@pytest.mark.parametrize("who", ["no-one", "noone", "no one"])
def test_a_hyphenated_denial_after_real_problems_leaves_only_the_problems(who):
    kept, fine = denials.apart(f"the ramp is too steep; {who} minds the parking")
    assert kept == ["the ramp is too steep"] and fine == ["the parking"]


def test_nobody_doing_something_is_no_denial_in_any_spelling():
    for who in ("no-one", "noone", "no one"):
        assert denials.denied(f"{who} turns up on time") is None


def test_a_hyphenated_denial_never_becomes_a_pain_point(new_map):
    journey = new_map(business="a mobile knife-sharpening van", offering="kitchen knives, garden shears",
                      customers="home cooks, allotment holders", journey="they ring, I come round, I sharpen, they pay",
                      kind="current", channels="phone, leaflets",
                      problems="the van is too small for mower blades; no-one complains about the price")
    names = [n.lower() for n in _pain_points(journey)]
    assert not any("price" in n for n in names), names
    assert any("mower blades" in n for n in names), names
