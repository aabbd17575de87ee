"""Session 23, r23: the a23 findings on refining in plain words and on stage and persona goals, beyond the one
example each (tests/test_s23_r23_a23.py holds the tester's own)."""

from __future__ import annotations

import pytest

from cjm_assistant.knowledge.lists import split_statements
from cjm_assistant.knowledge.step_goals import own_goal


@pytest.mark.parametrize("said, goals", [
    ("extra income from the combine, get it back clean and undamaged",
     ["Extra income from the combine", "Get it back clean and undamaged"]),
    ("fast booking, have it delivered and installed", ["Fast booking", "Have it delivered and installed"]),
    ("quick, cheap and friendly", ["Quick", "Cheap", "Friendly"]),
    ("slow replies, hidden prices and delays", ["Slow replies", "Hidden prices", "Delays"]),
])
def test_and_between_two_words_describing_one_thing_keeps_the_goal_whole(said, goals):
    assert split_statements(said) == goals


@pytest.mark.parametrize("name, goal", [
    ("Bike breaks", "Know what to do when the bike breaks"),
    ("The boiler breaks down", "Know what to do when the boiler breaks down"),
    ("Owner gets paid", "Know what to do when the owner gets paid"),
    ("Customer arrives at the van", "Know what to do when the customer arrives at the van"),
    ("Picks it up", "Pick it up knowing what to expect, and feel it was worth it"),
    ("Brings it back", "Bring it back knowing what to expect, and feel it was worth it"),
    ("Ride home fixed", "Ride home fixed knowing what to expect, and feel it was worth it"),
    ("Bike fixed", "Get the bike fixed knowing what to expect, and feel it was worth it"),
    ("Before the day", "Know what to expect before the day"),
    ("Renewal", "Know what to expect from the renewal, and feel it was worth it"),
    # nouns stay nouns: a plural is no verb
    ("Bike repairs", "Know what to expect from bike repairs, and feel it was worth it"),
    ("Piano lessons", "Know what to expect from piano lessons, and feel it was worth it"),
])
def test_a_goal_built_from_a_step_name_reads_as_english(name, goal):
    assert own_goal(name) == goal


def test_a_step_the_business_takes_named_as_a_sentence():
    assert own_goal("Owner lists a combine", "provider") == "Know what to expect when the owner lists a combine"
    assert own_goal("Certificate filed for the audit", "provider") == \
        "Know what to expect while the certificate is filed for the audit"


@pytest.mark.parametrize("goal, old, new, after", [
    # a goal built from the old name is built again from the new one (as it was built before: "from the ...")
    ("Know what to expect from the ride home fixed, and feel it was worth it", "Ride home fixed", "Collect the bike",
     "Collect the bike knowing what to expect, and feel it was worth it"),
    ("Know what to do when the bike breaks", "Bike breaks", "Repairs",
     "Know what to expect from repairs, and feel it was worth it"),
    # a goal of the playbook's: the new name where it reads as English, else the goal as it was
    ("Enjoy the visit and feel looked after", "Visit", "The big day", "Enjoy the big day and feel looked after"),
    ("Enjoy the visit and feel looked after", "Visit", "Check the teeth", "Enjoy the visit and feel looked after"),
    ("Find a trusted van nearby", "Find a van", "Find a groomer", "Find a trusted groomer nearby"),
])
def test_a_renamed_stage_s_goal_reads_as_english(goal, old, new, after):
    from cjm_assistant.knowledge.step_goals import goal_after_rename

    assert goal_after_rename(goal, old, new) == after


# -- refining in plain words -------------------------------------------------------------------------------------------

def _added(journey, said: str):
    from cjm_assistant.domain import edits
    from cjm_assistant.engines.instructions import propose

    after = edits.apply(journey, propose(journey, said).ops)
    new = {pp.id for _, pp in after.pain_points()} - {pp.id for _, pp in journey.pain_points()}
    return next((stage, pp) for stage, pp in after.pain_points() if pp.id in new)


@pytest.mark.parametrize("said, name", [
    ("add a pain point for Maya about no parking near the shop to Delivery", "No parking near the shop"),
    ("add a pain point for Maya: the cake box is too small to Delivery", "The cake box is too small"),
    ("add a problem for Maya that says the driver never rings to Delivery, severity high", "The driver never rings"),
])
def test_a_pain_point_for_a_persona_said_first_is_hers(bakery_map, said, name):
    stage, pp = _added(bakery_map, said)
    assert (stage.name, pp.name, pp.personas) == ("Delivery", name, ["pe1"])


def test_for_words_that_name_no_persona_stay_the_name(bakery_map):
    stage, pp = _added(bakery_map, "add a pain point for 120 guests the cake is too small to Delivery")
    assert (stage.name, pp.name, pp.personas) == ("Delivery", "For 120 guests the cake is too small", [])


@pytest.mark.parametrize("said, name, stage, touchpoint", [
    ("add a pain point about the box getting rained on to Delivery", "The box getting rained on", "Delivery", ""),
    ("add a pain point about cakes left at the door on to Delivery", "Cakes left at the door on", "Delivery", ""),
    ("add a pain point about a coupon field that fails on Cart page to Checkout", "A coupon field that fails",
     "Checkout", "Cart page"),
])
def test_on_and_at_inside_a_pain_point_are_no_stage(bakery_map, said, name, stage, touchpoint):
    where, pp = _added(bakery_map, said)
    touchpoints = {tp.id: tp.name for tp in where.touchpoints}
    assert (pp.name, where.name, touchpoints.get(pp.touchpoint, "")) == (name, stage, touchpoint)


def test_merging_two_pain_points_on_two_stages(bakery_map):
    from cjm_assistant.domain import edits
    from cjm_assistant.engines.instructions import propose

    journey = bakery_map.model_copy(deep=True)
    journey.stages[1].pain_points[0].evidence = ["“Nobody answered for 3 days” (f.csv row 4)"]
    journey.stages[1].pain_points[0].mentions = 1
    journey.stages[1].pain_points[0].severity = 3
    after = edits.apply(journey, propose(journey, "merge the pain point 'slow replies' into 'no prices on "
                                                  "Instagram'").ops)
    pains = {pp.name: (stage.name, pp) for stage, pp in after.pain_points()}
    assert "slow replies" not in pains
    where, kept = pains["no prices on Instagram"]
    assert where == "Discover" and kept.mentions == 1 and kept.severity == 3 and kept.evidence
    fix = next((st.name, o) for st in after.stages for o in st.opportunities if o.name == "Quick-reply templates")
    assert fix[0] == "Discover" and fix[1].addresses == [kept.id]  # what answered it answers the kept one


def test_merging_pain_points_with_and_keeps_the_first(bakery_map):
    from cjm_assistant.domain import edits
    from cjm_assistant.engines.instructions import propose

    after = edits.apply(bakery_map, propose(bakery_map, "merge the problems slow replies and no delivery window").ops)
    names = [pp.name for _, pp in after.pain_points()]
    assert "slow replies" in names and "no delivery window" not in names


def test_merging_pain_points_moves_their_stored_evidence_and_undo_takes_it_back(capsys, tmp_path):
    import csv

    from cjm_assistant import cli

    from .test_s23_r23_a23 import FIELDSHARE, _new

    map_id = _new(capsys, tmp_path, FIELDSHARE)
    path = tmp_path / "pay.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["comment", "rating"], ["Waited two weeks for my payout again, owners wait too long "
                                                         "for payouts", "1"]])
    assert cli.main(["evidence", map_id, str(path), "--yes"]) == 0
    said = "merge the pain point 'Owners wait 2 weeks for payouts' into 'Payout takes forever'"
    assert cli.main(["refine", map_id, said, "--yes"]) == 0
    capsys.readouterr()
    assert cli.main(["evidence", map_id, "--list", "--pain-point", "Payout takes forever"]) == 0
    assert "Waited two weeks" in capsys.readouterr().out
    assert cli.main(["undo", map_id]) == 0
    capsys.readouterr()
    assert cli.main(["evidence", map_id, "--list", "--pain-point", "Owners wait 2 weeks for payouts"]) == 0
    assert "Waited two weeks" in capsys.readouterr().out
