"""A trade that works at the customer's house, and places that send customers without being the business's own.

Businesses here are invented for these tests (none is in tests/dev or tests/heldout).
"""

from __future__ import annotations

import pytest

from cjm_assistant.knowledge import kinds
from cjm_assistant.knowledge.channel_items import read_channels


@pytest.mark.parametrize("said", [
    "we fix a date and I tune it at their house",
    "I do the job at your house, then send the bill",
    "we travel to them with the kit",
    "the work is done at people's homes",
])
def test_working_at_the_customer_s_house_is_coming_to_the_customer(said):
    assert kinds.comes_to_customer(said)


@pytest.mark.parametrize("answer, name", [
    ("the piano shop in Norwich (they recommend me)", "Piano shop"),
    ("the deli that recommends us", "Deli"),
    ("the bike shop on Mill Road, who send people to us", "Bike shop"),
])
def test_a_place_that_sends_customers_is_a_referrer_not_the_business_s_shop(answer, name):
    said, _ = read_channels(answer)
    assert [(c.name, c.key) for c in said] == [(name, "referrer")]


@pytest.mark.parametrize("answer", ["our shop (people recommend us to friends)", "our shop, Instagram",
                                    "the farm shop, which stocks our jam"])
def test_the_business_s_own_shop_stays_a_shop(answer):
    said, _ = read_channels(answer)
    assert said[0].key == "store"


PIANO = dict(
    business="Keynote Tuning, a one-man piano tuner covering Norfolk",
    offering="tunings from £75, repairs quoted after I've seen the piano",
    customers="B2C: families with a piano at home; B2B: schools",
    journey="they find me on Google or through the piano shop in Norwich, ring or email me, I give a rough price, "
            "we fix a date, I tune it at their house, they pay by bank transfer",
    kind="current",
    channels="Google, phone, email, the piano shop in Norwich (they recommend me)",
    problems="I can't answer the phone while tuning, so people ring someone else",
)


def test_a_visiting_trade_s_map_has_no_counter_shop_floor_or_waiting_room(new_map):
    journey = new_map(**PIANO, personas=[{"name": "Helen, 45, whose kids learn piano; and Mr Okafor, music teacher"}])
    assert [p["name"] for p in journey["personas"]] == ["Helen", "Mr Okafor"]
    assert journey["business"]["industry"] != "insurance"  # "covering Norfolk" is where, not what
    touchpoints = [(t["name"], t["channel"]) for s in journey["stages"] for t in s["touchpoints"]]
    shop = [t for t in touchpoints if t[1] == "Piano shop"]
    assert shop and all("counter" not in n.casefold() and "shop" not in n.casefold().replace("piano shop", "")
                        for n, _ in shop), shop
    said = " ".join(a["text"] for s in journey["stages"] for a in s["actions"]).casefold()
    assert "checks in" not in said and "waiting room" not in said


@pytest.mark.parametrize("said", ["just me and a van, covering the Peak District", "they ring me, I turn up and sweep",
                                  "our engineers on site fix it", "we go to the client's office and set it up"])
def test_a_trade_that_turns_up_or_works_from_a_van_comes_to_the_customer(said):
    assert kinds.comes_to_customer(said)


KILNS = dict(
    business="Kilnworks Ltd, we service and repair industrial kilns for potteries",
    offering="maintenance contracts and emergency breakdown callouts", customers="B2B: factory potteries",
    journey="they ring the hotline, we send an engineer, the engineer fixes the kiln on site, we invoice them",
    kind="current", channels="phone hotline, email, our engineers on site",
    problems="our engineers wait for parts; invoices without PO numbers get rejected",
)


def test_a_b2b_callout_visits_a_site_not_a_front_door_and_books_no_sessions(new_map):
    journey = new_map(**KILNS, personas=[{"name": "Production manager Raj"}])
    said = json_text(journey)
    for wrong in ("waits at home", "at the door", "first session", "regular sessions", "at the desk",
                  "hard to get there or get in", "arrives and checks in"):
        assert wrong not in said, wrong
    assert "on site" in said  # the visit's own words: waits on site, signs the work off


def json_text(journey: dict) -> str:
    import json

    return json.dumps(journey).casefold()


KNIVES = dict(
    business="Sharp Edge, a mobile knife sharpener: I park my van at farmers markets and visit restaurant kitchens",
    offering="sharpening from £3 a blade while you wait; restaurants on a monthly contract",
    customers="home cooks at markets and restaurant head chefs (B2B)", kind="current",
    journey="they bring knives to my van at the market or I collect from the kitchen, I sharpen them, they pay by "
            "card, I come back next month",
    channels="Instagram, the market stall, phone", problems="chefs pay late",
)


def test_a_trade_that_takes_the_customer_s_things_gets_a_hand_over_and_no_software_lines(new_map):
    journey = new_map(**KNIVES, personas=[{"name": "Head chef Marco"}])
    handover = next(s for s in journey["stages"] if s["name"].startswith("Bring"))
    assert "hand" in handover["goal"].casefold()
    said = json_text(journey)
    for wrong in ("existing tools", "integrations", "demo", "net revenue retention", "churn rate", "craving"):
        assert wrong not in said, wrong
