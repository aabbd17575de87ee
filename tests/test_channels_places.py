"""Coming in person is coming to the business's place: "the shop, walk-ins, face to face at the counter" is one
channel, the shop, with the owner's words kept; it was four ("Shop", "Walk-ins", "In person", "Physical store").
Two shops named apart stay two; "In person" with no place of the business's own stays a channel."""

from __future__ import annotations

import pytest

from cjm_assistant.interview.answers import AnswersError, load_answers
from cjm_assistant.knowledge.channel_items import read_channels


def names(text: str) -> list[str]:
    return [c.name for c in read_channels(text)[0]]


def test_the_shop_walk_ins_and_face_to_face_at_the_counter_are_one_channel_with_the_words_kept():
    channels, _ = read_channels("the shop, walk-ins, face to face at the counter, instagram, phone")
    assert [c.name for c in channels] == ["Shop", "Instagram", "Phone"]
    assert "Walk-ins" in channels[0].note and "face to face at the counter" in channels[0].note


@pytest.mark.parametrize("text, expected", [
    ("our salon, walk-ins, instagram", ["Salon", "Instagram"]),
    ("in person at the market stall, facebook", ["Market stall", "Facebook"]),
    ("face to face in the showroom", ["Showroom"]),
    ("shop, counter", ["Shop"]),
])
def test_how_customers_come_is_not_a_second_channel_beside_the_place(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("our Hexham shop and the Corbridge shop", ["Hexham shop", "Corbridge shop"]),
    ("in person, phone and email", ["In person", "Phone", "Email"]),
    ("walk-ins and whatsapp", ["Walk-ins", "WhatsApp"]),
    ("the clinic and in person at reception, phone", ["Clinic", "Reception", "Phone"]),
    ("the shop and the market stall on saturdays", ["Shop", "Market stall"]),
])
def test_places_named_apart_and_in_person_with_no_place_stay_channels(text, expected):
    assert names(text) == expected


def test_a_shops_map_has_one_shop_channel(new_map):
    journey = new_map(business="Brambles, a wool and yarn shop in Hexham", offering="yarn, needles and knitting classes",
                      customers="knitters of all ages",
                      channels="the shop, walk-ins, face to face at the counter, instagram, phone",
                      problems="we run out of popular colours, classes fill up fast")
    channels = [c["name"] for c in journey["channels"]]
    assert channels.count("Shop") == 1
    assert not {"Walk-ins", "In person", "Physical store", "Counter"} & set(channels), channels


@pytest.mark.parametrize("personas, expected", [
    ('personas = "Margaret, retired, knits for her grandchildren"', ["Margaret"]),
    ('personas = ["Margaret, retired", "Tom, a student"]', ["Margaret", "Tom"]),
    ('[personas]\nname = "Margaret"\ndescription = "retired"', ["Margaret"]),
])
def test_personas_told_in_words_or_as_one_table_are_read(personas, expected):
    data = load_answers(f'business = "Brambles, a yarn shop"\n{personas}\n')
    assert [p["name"].split(",")[0] for p in data["personas"]] == expected


def test_personas_of_another_shape_are_a_clear_error():
    with pytest.raises(AnswersError, match="personas"):
        load_answers('business = "Brambles, a yarn shop"\npersonas = 3\n')


def test_a_persona_told_in_words_in_the_answers_file_is_on_the_map(new_map):
    journey = new_map(business="Brambles, a wool and yarn shop in Hexham", customers="knitters of all ages",
                      personas="Margaret, retired, knits for her grandchildren")
    persona = journey["personas"][0]
    assert persona["name"] == "Margaret" and "grandchildren" in persona["summary"]


def test_a_persona_who_prefers_in_person_at_a_shop_means_the_shop(new_map):
    journey = new_map(business="Frame & Fold, a picture framing workshop in Whitby",
                      customers="locals and tourists", channels="the shop, walk-ins, phone and instagram",
                      personas=[{"name": "Brian", "description": "retired", "channels": "phone and in person"}])
    channels = [c["name"] for c in journey["channels"]]
    assert "In person" not in channels and channels.count("Shop") == 1, channels
    assert "Shop" in journey["personas"][0]["channels"], journey["personas"][0]["channels"]


def test_the_owners_words_of_a_merged_channel_are_each_said_once():
    channels, _ = read_channels("the shop, walk-ins, face to face at the counter, instagram")
    assert channels[0].note.casefold().count("counter") == 1, channels[0].note


def test_booking_through_a_ticketing_site_is_booking_online(new_map):
    """Walk at the end of session 12: a cafe's sewing classes booked on Eventbrite got "Can't book online" and
    "24/7 online booking" on its booking stage."""
    journey = new_map(business="Stitch & Bean, a cafe that also runs sewing classes", customers="sewing beginners",
                      journey="they find the class on instagram, book on eventbrite, turn up, sew",
                      channels="instagram, eventbrite, the cafe itself, email")
    said = [pp["name"] for s in journey["stages"] for pp in s["pain_points"]]
    assert "Can't book online" not in said, said
    assert "Eventbrite" in [c["name"] for c in journey["channels"]]
