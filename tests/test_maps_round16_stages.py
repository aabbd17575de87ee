"""Issue 11, round 16: stated problems on the step they name, and what an owner's journey step holds. Each test is
phrased from a rule, never from a business: the answers are built here for trades that are in no example, dev or
held-out case, and each asserts on the map the owner would see (``cjm new --answers``, then the JSON export)."""

from __future__ import annotations

import pytest

from cjm_assistant.engines.playbook.compose import brand_case
from cjm_assistant.knowledge import steps as st


def _stage_of(journey: dict, *words: str) -> dict:
    """The stage holding the owner's pain point whose name has all of ``words``."""
    for stage in journey["stages"]:
        for pain in stage["pain_points"]:
            if all(w in pain["name"].lower() for w in words):
                return stage
    raise AssertionError(f"no pain point on a stage with {words}: " + "; ".join(
        p["name"] for s in journey["stages"] for p in s["pain_points"]))


def _named(journey: dict, start: str) -> dict:
    for stage in journey["stages"]:
        if stage["name"].lower().startswith(start.lower()):
            return stage
    raise AssertionError(f"no stage starting {start!r}: " + "; ".join(s["name"] for s in journey["stages"]))


def _names(journey: dict) -> list[str]:
    return [s["name"] for s in journey["stages"]]


_COBBLER = dict(business="Heel & Toe - shoe and boot repairs in the arcade, me and an apprentice",
                offering="resoling, heels, stretching and zip repairs on boots and bags", kind="current",
                customers="commuters, walkers with good boots, people with designer bags",
                channels="the shop counter, phone, Instagram",
                journey="they bring the boots in -> we look them over and give a price -> they pay a deposit -> "
                        "we resole them -> they collect and pay the rest")


# ---------------------------------------------------------------------------
# 1. A problem that says a step is left undone ("uncollected", "unpaid") is on that step


def test_a_thing_left_uncollected_is_on_the_collection_step(new_map):
    journey = new_map(**_COBBLER, problems="mended boots sit uncollected for months on the shelf")
    assert _stage_of(journey, "uncollected")["name"] == "Collect", _names(journey)


# ---------------------------------------------------------------------------
# 2. The customer's own thing, handed in and collected, is no hire handed back: a deposit on the work lends nothing


def test_collecting_one_s_own_thing_after_a_deposit_is_not_handing_a_hire_back(new_map):
    journey = new_map(**_COBBLER, problems="people argue about the price when they collect")
    goal = _named(journey, "Collect")["goal"].lower()
    assert "deposit back" not in goal and "hand it back" not in goal, goal


def test_a_hired_thing_collected_and_returned_is_still_handed_back():
    steps = st.parse_steps("they book online and pay a deposit -> they collect the trailer -> they use it for the "
                           "weekend -> they bring it back")
    assert [s.phase for s in steps][-1] == "hand-back", [(s.text, s.phase) for s in steps]


# ---------------------------------------------------------------------------
# 3. A price that comes as "a shock" is about the price, on the step where it is given


def test_a_price_that_comes_as_a_shock_is_on_the_pricing_step(new_map):
    journey = new_map(**_COBBLER, problems="quotes are a shock for the designer bags")
    assert _stage_of(journey, "quotes")["name"] == "Look over and give a price", _names(journey)


def test_being_in_shock_is_no_surprise_at_the_price():
    assert "price" in st.about("the quote was a shock").fix.lower()
    topic = st.about("families are in shock and can't take in the costs")
    assert topic is None or "price" not in topic.fix.lower(), topic


# ---------------------------------------------------------------------------
# 4. People arriving is a visit, not a delivery; the step after the arrival is the service itself


_POTTERY = dict(business="Spin Cycle - a pottery cafe with six wheels, run by two friends",
                offering="coffee, cake and two-hour wheel classes for beginners, tickets on eventbrite",
                customers="couples on a date, hen parties, beginners", kind="current",
                channels="instagram, eventbrite, email, the cafe",
                journey="they spot a reel on instagram -> book on eventbrite -> arrive and grab a coffee -> "
                        "throw a pot -> come back to glaze it",
                problems="people book and dont show up")


@pytest.mark.parametrize("said,phase", [("arrive and grab a coffee", "visit"), ("they arrive at the studio", "visit"),
                                        ("the parcel arrives", "receive"), ("it arrives by courier", "receive")])
def test_who_arrives_says_whether_it_is_a_visit_or_a_delivery(said, phase):
    assert st.phase_of(said)[0] == phase


def test_arriving_in_person_gets_no_delivery_lines(new_map):
    journey = new_map(**_POTTERY)
    arrive = _named(journey, "Arrive")
    lines = " ".join([arrive["goal"]] + [p["name"] for p in arrive["pain_points"]]).lower()
    assert "in good condition" not in lines and "order" not in lines, lines


def test_the_step_after_the_arrival_is_the_service_with_a_goal_and_no_arrival_touchpoint(new_map):
    journey = new_map(**_POTTERY)
    service = _named(journey, "Throw a pot")
    assert service["goal"], service
    names = [t["name"].lower() for t in service["touchpoints"]]
    assert names and not any("arrival" in n or "booking" in n for n in names), names
    assert {t["channel"] for t in service["touchpoints"]} == {"Cafe"}, service["touchpoints"]


# ---------------------------------------------------------------------------
# 5. A brand keeps its maker's capitals in the owner's step names


def test_a_booking_system_s_name_is_written_as_its_maker_writes_it(new_map):
    journey = new_map(**_POTTERY)
    assert "Book on Eventbrite" in _names(journey) and "Spot a reel on Instagram" in _names(journey), _names(journey)


@pytest.mark.parametrize("said,shown", [("message us on whatsapp", "message us on WhatsApp"),
                                        ("we quote off google maps", "we quote off Google Maps"),
                                        ("pay at the shop", "pay at the shop"),
                                        ("book through calendly", "book through Calendly"),
                                        ("visit eventbrite.com", "visit eventbrite.com")])
def test_only_brands_are_recapitalised(said, shown):
    assert brand_case(said) == shown


# ---------------------------------------------------------------------------
# 6. How often, how long, and what the customer need not do, are no steps and name no phase


_ROUND = dict(business="Glint - a window and gutter cleaning round, two of us in one van",
              offering="windows, frames and sills, gutters twice a year", kind="current",
              customers="homeowners and a few small shops", channels="Facebook, text, phone",
              journey="they find us on facebook, a flyer or a neighbour -> we give a price -> they join the round, "
                      "every 6 weeks -> we clean, they don't need to be home -> they pay by bank transfer",
              problems="back gates are bolted when we arrive so only the front gets done")


def test_how_often_and_what_they_need_not_do_stay_with_their_step(new_map):
    journey = new_map(**_ROUND)
    names = [n.lower() for n in _names(journey)]
    assert not any(n.startswith(("every", "dont", "don't", "they don")) for n in names), names
    assert any(n == "clean" for n in names), names


def test_another_way_of_hearing_is_a_way_of_hearing(new_map):
    journey = new_map(**_ROUND)
    flyer = _named(journey, "A flyer")
    assert "done well" not in flyer["goal"].lower() and "find out" in flyer["goal"].lower(), flyer["goal"]


def test_how_long_the_work_takes_names_no_everyday_use():
    step = st.parse_steps("they bring it in -> we make it up in about three weeks -> they collect it")[1]
    assert step.phase != "use", step


def test_the_owner_ringing_when_it_is_ready_is_news_not_an_enquiry():
    steps = st.parse_steps("they drop the watch in -> we service it -> I ring when it's ready -> they collect it")
    ring = next(s for s in steps if "ring" in s.text)
    assert ring.phase == "prepare" and ring.name == "Get a call when it's ready", ring


# ---------------------------------------------------------------------------
# 7. A problem said to happen after the service ("after the installation ...") is on no step before it


def test_a_problem_opened_by_after_the_service_is_on_no_step_before_it(new_map):
    journey = new_map(business="SkyLine Aerials - TV aerial and satellite dish fitting, father and son",
                      offering="aerial installation, satellite dishes, extra TV points", kind="current",
                      customers="homeowners, landlords, a few pubs", channels="phone, Facebook, Checkatrade",
                      journey="they find us on Checkatrade or Facebook -> they ring for a price -> we book a day -> "
                              "we fit the aerial and tune the TVs -> they pay on the day",
                      problems="after the installation nobody knows how to retune the telly and they ring us at "
                               "night")
    names = _names(journey)
    where = names.index(_stage_of(journey, "retune")["name"])
    assert where > names.index("Fit the aerial and tune the TVs"), names


# ---------------------------------------------------------------------------
# 8. A payment device names the paying step; how many are behind says nothing of the step they are counted in


_STALL = dict(business="Nook Noodles - a noodle stall at the Saturday market, me and my partner", kind="current",
              offering="hand-pulled noodles, dumplings and bubble tea", customers="market shoppers and office workers",
              channels="Instagram, the stall", journey="they see the queue at the market -> order at the hatch -> "
                                                       "pay at the till -> wait for their name -> eat at the benches")


def test_a_card_machine_problem_is_on_the_paying_step(new_map):
    journey = new_map(**_STALL, problems="the card machine keeps dropping out when it gets busy")
    assert _stage_of(journey, "card machine")["name"] == "Pay at the till", _names(journey)


def test_how_many_are_behind_paying_is_about_paying_not_the_counted_service():
    """"3 walks behind paying" counts walks: the word shares nothing with a step "Walk" when placed."""
    from cjm_assistant.engines.playbook.placement import _without_durations

    said = _without_durations("5 or 6 owners are always 3 walks behind paying")
    assert "walks" not in said and "paying" in said, said
    assert "walks" in _without_durations("3 walks a week is too many for him"), "a count that is no arrears stays"


def test_a_thing_done_by_hand_is_not_handed_back(new_map):
    """"I do them by hand" says how, not that something is handed back: no hire's hand-back step takes it."""
    journey = new_map(business="Trail Wheels - e-bike hire at the forest car park, three of us", kind="current",
                      offering="e-bikes by the half day or day, a £50 deposit per bike", channels="website, phone",
                      customers="families on holiday", journey="they book online -> they collect the bikes from the "
                      "hut -> they ride the trails -> they bring the bikes back -> we refund the deposit",
                      problems="quotes for groups take ages because I do them by hand")
    where = [s["name"] for s in journey["stages"] for p in s["pain_points"] if "by hand" in p["name"].lower()]
    assert "Bring the bikes back" not in where, where


# ---------------------------------------------------------------------------
# 9. A problem that speaks of people leaving their things makes no buyer's collection a repair coming back


def test_a_problem_about_people_leaving_things_does_not_make_buying_a_repair(new_map):
    journey = new_map(business="Second Chance Furniture - a charity furniture shop and warehouse, volunteers and two "
                               "staff", offering="donated sofas, tables and beds at low prices, delivery for £20",
                      customers="young families, students", channels="Facebook, phone, the warehouse", kind="current",
                      journey="they see it on our Facebook -> come to the warehouse -> pay at the till -> we deliver "
                              "it or they collect it",
                      problems="people want to drop their old sofas off when we're already full")
    goals = " ".join(s["goal"] for s in journey["stages"]).lower()
    assert "get it back" not in goals and "the work was done" not in goals, goals


def test_a_deposit_back_late_is_on_the_step_that_refunds_the_deposit(new_map):
    """"back" says nothing of where: the problem's own thing, the deposit, names the step."""
    journey = new_map(business="Trail Wheels - e-bike hire at the forest car park, three of us", kind="current",
                      offering="e-bikes by the half day or day, a £50 deposit per bike", channels="website, phone",
                      customers="families on holiday", journey="they book online -> they collect the bikes from the "
                      "hut -> they ride the trails -> they bring the bikes back -> we refund the deposit",
                      problems="people wait a week for the deposit back and ring us")
    assert _stage_of(journey, "deposit back")["name"] == "Refund the deposit", _names(journey)


# ---------------------------------------------------------------------------
# 10. A word said as a verb ("can't picture") is not the thing a step names ("Bring the picture in")


def test_a_verb_after_can_t_is_not_the_thing_a_step_names(new_map):
    journey = new_map(business="Gilt Edge Framing - a picture framing workshop on the high street, me and an "
                               "assistant", offering="bespoke frames, mount cutting, box frames", kind="current",
                      customers="locals with prints, artists", channels="the shop, phone, email",
                      journey="they bring the picture in -> we choose the frame and mount together -> they pay a "
                              "deposit -> we make it up -> they collect",
                      problems="people cant picture how the moulding will look on their wall")
    assert _stage_of(journey, "cant picture")["name"] != "Bring the picture in", _names(journey)
