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


# 2. The owner's steps are the stages; a template stage named after another kind of business never appears.

from cjm_assistant.domain.profile import PersonaProfile, Profile  # noqa: E402
from cjm_assistant.engines.playbook import compose_with_notes  # noqa: E402


def _studio(**kw) -> Profile:
    base = dict(business_name="Still Point", description="Still Point, a small yoga studio in Bristol",
                offering="drop-in yoga classes and class passes", customers="local adults", kind="current",
                personas=[PersonaProfile(name="Becky", description="office worker, new to yoga")])
    return Profile(**{**base, **kw})


def test_the_steps_the_owner_described_are_the_stages_in_their_order():
    journey, _ = compose_with_notes(_studio(journey="people see our posts, come to a class, sign up"))
    assert [s.name for s in journey.stages] == ["People see our posts", "Come to a class", "Sign up"]
    assert all(s.provenance == "user" for s in journey.stages)
    assert all(s.goal for s in journey.stages)  # the template still lends goals where it fits


def test_a_template_stage_is_not_named_after_another_kind_of_business():
    journey, _ = compose_with_notes(_studio(journey="new students"))
    names = " ".join(s.name for s in journey.stages).lower()
    assert "gym" not in names
    assert "find a studio" in names  # the owner's own word for their business


def test_channels_joined_by_a_plus_or_a_slash_stay_apart():
    assert detect_channels("our website + webshop") == ["Website", "Online shop"]
    assert detect_channels("email/phone") == ["Email", "Phone"]
