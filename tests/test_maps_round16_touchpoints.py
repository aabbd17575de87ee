"""Round two, session 13: one touchpoint per stage for channels of one kind.

"facebook, messenger" are two channels the owner named, of one kind: each brought the touchpoint "Facebook page
and Messenger" to the same stage, and "Messenger for help" twice to another.
"""

from __future__ import annotations

from collections import Counter

import pytest


@pytest.mark.parametrize("channels", ["facebook, messenger, phone", "Messenger, Facebook page and the phone"])
def test_channels_of_one_kind_do_not_repeat_a_touchpoint_on_a_stage(new_map, channels):
    journey = new_map(business="Mobile dog groomer, we come to your house in a van",
                      customers="dog owners",
                      journey="they find us online, message us, book a slot, we groom in the van, they pay",
                      problems="dogs get anxious in the van",
                      channels=channels)
    for stage in journey["stages"]:
        names = Counter(tp["name"] for tp in stage["touchpoints"])
        assert all(n == 1 for n in names.values()), (stage["name"], names)
    used = {tp["channel"] for stage in journey["stages"] for tp in stage["touchpoints"]}
    named = {ch["name"] for ch in journey["channels"] if ch["provenance"] == "user"}
    assert named <= used  # every channel the owner named still has a touchpoint


def test_a_touchpoint_naming_no_channel_is_kept_for_each_of_two_places(new_map):
    journey = new_map(business="Bike shop with two branches", customers="cyclists",
                      journey="they come into the shop, we fix the bike, they collect it",
                      channels="the Leeds shop, the York shop, phone")
    on_both = [stage["name"] for stage in journey["stages"]
               if {"Leeds shop", "York shop"} <= {tp["channel"] for tp in stage["touchpoints"]}]
    assert len(on_both) >= 3, on_both  # a visit, a collection, help: at either branch
