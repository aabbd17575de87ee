"""Channels the owner says the business has not: never channels, never suggested, removable in plain words."""

from __future__ import annotations

import pytest

from cjm_assistant.domain import edits
from cjm_assistant.domain.errors import EditError
from cjm_assistant.engines import instructions
from cjm_assistant.knowledge.channel_items import channels_said_missing, read_channels


@pytest.mark.parametrize("answer, kept", [
    ("Facebook - not really, phone", ["Phone"]), ("phone but not WhatsApp", ["Phone"]),
    ("Facebook? not really, email", ["Email"]), ("website coming soon, Instagram", ["Instagram"]),
])
def test_a_channel_taken_back_after_its_name_is_no_channel(answer, kept):
    said, _ = read_channels(answer)
    assert [c.name for c in said] == kept


def test_a_negated_channel_in_the_channels_answer_is_no_channel():
    said, other = read_channels("phone and text mostly, no website, no facebook, word of mouth")
    assert [c.name for c in said] == ["Phone", "Text", "Word of mouth"]
    assert other == ["no website", "no facebook"]


@pytest.mark.parametrize("text, missing", [
    ("everyone books by phone, we have no website", {"website"}),
    ("we are not on Instagram or TikTok", {"instagram", "tiktok"}),
    ("No website, no facebook", {"website", "facebook"}),
    ("no website. Phone and email only", {"website"}),
    ("no phone signal in the valley", set()),
    ("not many people use email", set()),
    ("no website and phone calls all day", {"website"}),
    ("Facebook - not really, phone", {"facebook"}),
    ("website coming soon", {"website"}),
    ("not really, phone", set()),
])
def test_channels_said_missing(text, missing):
    assert channels_said_missing([text]) == missing


SWEEP = dict(
    business="Soot & Sons, a one-man chimney sweep in Frome", offering="sweeps from £65, a certificate each time",
    customers="B2C: homeowners with wood burners", kind="current",
    journey="they ring me, I give a date, I sweep the chimney, I give them the certificate, I ring back next year",
    channels="phone, text, word of mouth", problems="everyone books by phone, we have no website; I miss calls up ladders",
)


def test_a_map_never_suggests_a_channel_the_owner_said_they_have_not(new_map):
    journey = new_map(**SWEEP, personas=[{"name": "Homeowner Hannah", "frustrations": "no facebook page to check"}])
    names = {c["name"].casefold() for c in journey["channels"]}
    assert "website" not in names and "facebook" not in names, names
    on = {t["channel"].casefold() for s in journey["stages"] for t in s["touchpoints"]}
    assert "website" not in on and "facebook" not in on


@pytest.mark.parametrize("said", ["remove channel Instagram", "remove the Instagram channel", "delete channel 'Instagram'"])
def test_a_channel_is_removed_in_plain_words_with_its_touchpoints(bakery_map, said):
    assert any(tp.channel == "Instagram" for _, tp in bakery_map.touchpoints())
    after = edits.apply(bakery_map, instructions.parse(bakery_map, said))
    assert "Instagram" not in [c.name for c in after.channels]
    assert not any(tp.channel == "Instagram" for _, tp in after.touchpoints())
    assert [c.name for c in after.channels] == [c.name for c in bakery_map.channels if c.name != "Instagram"]


def test_removing_a_channel_that_is_not_there_names_the_channels_there_are(bakery_map):
    with pytest.raises(EditError, match="no channel is called 'TikTok'.*Instagram, Website, WhatsApp"):
        instructions.parse(bakery_map, "remove channel TikTok")


@pytest.mark.parametrize("answer, kept, missing", [
    # a denial after a full stop, "there's no", carried over "or", a bare "? no", "we don't deliver" (attack 9)
    ("Instagram, front desk. No app.", ["Instagram", "Front desk"], {"mobile-app"}),
    ("Instagram, front desk, there's no app or website", ["Instagram", "Front desk"], {"mobile-app", "website"}),
    ("Instagram and the front desk; app? no", ["Instagram", "Front desk"], {"mobile-app"}),
    ("WhatsApp groups, Facebook. No website to speak of, no app", ["WhatsApp groups", "Facebook"],
     {"website", "mobile-app"}),
    ("shop counter, Instagram, we don't deliver", ["Shop counter", "Instagram"], {"delivery"}),
    ("no app", [], {"mobile-app"}),
])
def test_a_channel_the_owner_denies_in_any_of_the_usual_ways_is_no_channel(answer, kept, missing):
    said, _ = read_channels(answer)
    assert [c.name for c in said] == kept
    assert channels_said_missing([answer]) >= missing


@pytest.mark.parametrize("answer", ["Instagram, an app for bookings", "no phone signal out there, so email"])
def test_a_channel_beside_a_denial_of_something_else_is_kept(answer):
    said, _ = read_channels(answer)
    assert not channels_said_missing([answer]) & {c.key for c in said if c.key}


@pytest.mark.parametrize("answer", ["iOS and Android app, email", "our iPhone/Android apps, email"])
def test_one_app_on_two_platforms_is_one_channel_and_keeps_both_platforms(answer):
    # "iOS and Android app" gave the Mobile app channel and left "iOS" behind as a note (attack 9)
    said, other = read_channels(answer)
    assert [c.name for c in said] == ["Mobile app", "Email"] and not other
    assert "Android" in said[0].note and ("iOS" in said[0].note or "iPhone" in said[0].note)


# Attack 13 (a mail-in film lab, a crêpe van, a hot-tub hire firm)

@pytest.mark.parametrize("answer", ["website order form, email. We don't take phone calls", "we don't take phone calls",
                                    "no phone calls, email only", "we can't take calls, email us"])
def test_not_taking_phone_calls_denies_the_phone(answer):
    assert "phone" in channels_said_missing([answer])
    assert "Phone" not in [c.name for c in read_channels(answer)[0]]


def test_no_phone_signal_is_still_no_denial_of_the_phone():
    assert "phone" not in channels_said_missing(["phone, but no phone signal at the market"])


def test_a_channel_named_and_denied_in_one_answer_is_denied_and_the_words_kept():
    said, other = read_channels("our van at markets, Instagram. Pas de site web, we have no website")
    assert "Website" not in [c.name for c in said] and "Instagram" in [c.name for c in said]
    assert "Pas de site web" in other and "we have no website" in other


def test_a_denial_carried_over_or_keeps_its_article():
    _, other = read_channels("Facebook, WhatsApp. We don't have a shop or showroom")
    assert other == ["We don't have a shop", "We don't have a showroom"]
    _, other = read_channels("we don't have an app or a website")
    assert other == ["we don't have an app", "we don't have a website"]
