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
    from cjm_assistant.domain.renaming import goal_after_rename

    assert goal_after_rename(goal, old, new) == after
