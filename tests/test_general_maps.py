"""Rules for maps of a business nobody tuned for (issue 11, round 3): each test is phrased from the rule."""

from cjm_assistant.knowledge.channel_items import read_channels
from cjm_assistant.knowledge.detect import detect_channels


# 1. One list item names one channel: the head noun (the phrase's last channel word) names it.

def test_one_list_item_names_one_channel_its_head_noun():
    assert detect_channels("email newsletters") == ["Newsletter"]
    said, _ = read_channels("Instagram, email newsletters")
    assert [s.key for s in said] == ["instagram", "newsletter"]


def test_channels_apart_in_one_item_stay_apart():
    assert detect_channels("Facebook and Instagram") == ["Facebook", "Instagram"]
    assert detect_channels("email or phone") == ["Email", "Phone"]
