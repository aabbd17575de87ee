"""Wave 19 (attack18 findings 1-3 and 10-14): where finding the place, a date and a day of the service go, what a
boat owner is called, and what answers a problem the owner cannot see over the phone. Each test drafts a map for a
business in no example, dev or held-out case and asserts what the owner reads; each rule also gets a test of the
same words in another sense, where it must not fire."""

from __future__ import annotations

from cjm_assistant.engines.playbook.context import resolve_channel
from cjm_assistant.knowledge import remedies
from cjm_assistant.knowledge import steps as st

_POTTERY = dict(business="Muddy Hands, a pottery studio in a converted mill", offering="taster wheel sessions, "
                "six-week courses, gift vouchers", customers="adults wanting a hobby, people given a voucher",
                kind="current", channels="website, Instagram, email",
                journey="from buying a course to booking a class, turning up at the mill and throwing on the wheel",
                problems="the mill is hard to find because the satnav sends them round the back of the industrial "
                         "estate; our course prices are hard to find on the website")


def _stage_of(m: dict, pain: str) -> str:
    for stage in m["stages"]:
        if any(p["name"].startswith(pain) for p in stage["pain_points"]):
            return stage["name"]
    return "(not placed)"


def _fixes_for(m: dict, pain: str) -> list[str]:
    ref = next(p["id"] for s in m["stages"] for p in s["pain_points"] if p["name"].startswith(pain))
    return [o["name"] for s in m["stages"] for o in s["opportunities"] if ref in o.get("addresses", [])]


def test_a_place_hard_to_find_goes_where_they_turn_up_and_gets_directions(new_map):
    m = new_map(**_POTTERY)
    names = [s["name"] for s in m["stages"]]
    assert any("Turning up" in n for n in names), names
    assert "Turning up" in _stage_of(m, "The mill is hard to find")
    fixes = _fixes_for(m, "The mill is hard to find")
    assert any("directions" in f.lower() for f in fixes), fixes
    assert not any("up front" in f for f in fixes), fixes


def test_prices_hard_to_find_on_the_website_are_not_about_getting_there(new_map):
    """The same words of a thing on a site: not the way in, and not answered with directions."""
    m = new_map(**_POTTERY)
    assert "Turning up" not in _stage_of(m, "Our course prices are hard to find")
    topic = st.about("our course prices are hard to find on the website")
    assert topic is not st.data().about["finding-the-place"]
    assert st.about("the studio is hard to find on Google") is not st.data().about["finding-the-place"]
    fix = remedies.remedy("Our course prices are hard to find on the website")
    assert fix is None or "directions" not in fix.name.lower()


def test_getting_lost_on_the_way_is_answered_with_directions():
    fix = remedies.remedy("Got lost finding the workshop")
    assert fix is not None and "directions" in fix.name.lower(), fix


def test_a_word_that_only_says_who_does_not_pull_a_problem_onto_its_stage(new_map):
    """"Voucher holders can't find a date" is about the date (the owner's "Booking a date"), not the voucher."""
    m = new_map(**{**_POTTERY, "journey": "getting a gift voucher, booking a date, the class on the day",
                   "problems": "voucher holders can't find a date that suits them"})
    assert _stage_of(m, "Voucher holders can't find a date") == "Booking a date", \
        [(s["name"], [p["name"] for p in s["pain_points"]]) for s in m["stages"]]


def test_the_voucher_itself_is_still_the_voucher_stage(new_map):
    """The other sense: a problem about the voucher (no holders) stays on the voucher's own step."""
    m = new_map(**{**_POTTERY, "journey": "getting a gift voucher, booking a date, the class on the day",
                   "problems": "the gift voucher email goes to spam"})
    assert _stage_of(m, "The gift voucher email goes to spam") == "Getting a gift voucher"


def test_a_voucher_site_named_for_example_is_not_direct_mail():
    said = resolve_channel("experience sites like Golden Letter Breaks")
    assert said is not None and said.key != "post" and said.name == "Experience sites", said
    assert "Golden Letter Breaks" in said.note


def test_paper_examples_of_paper_channels_stay_paper():
    """The other sense: leaflets and magazines with "post" in the example are print, as they were."""
    assert resolve_channel("local magazines like the Parish Post").key == "print"
    assert resolve_channel("we send a letter").key == "post"


def test_the_service_on_the_day_is_not_a_copy_of_turning_up(new_map):
    m = new_map(**{**_POTTERY, "journey": "turning up at the mill and throwing pots on the day",
                   "problems": "people get cold in the mill in winter"})
    stages = {s["name"]: s for s in m["stages"]}
    arrive = next(s for n, s in stages.items() if n.startswith("Turning up"))
    day = next(s for n, s in stages.items() if "on the day" in n)
    assert [a["text"] for a in day["actions"]] != [a["text"] for a in arrive["actions"]]
    assert day["goal"], day
    assert not any("Arrives and checks in" in a["text"] for a in day["actions"])


def test_a_single_visit_keeps_its_arrival(new_map):
    """The other sense: one visit step alone is still the arrival and the visit ("Arrives and checks in")."""
    m = new_map(**{**_POTTERY, "journey": "booking a class, then turning up at the mill",
                   "problems": "people get cold in the mill in winter"})
    arrive = next(s for s in m["stages"] if s["name"].startswith("Turning up"))
    assert any("Arrives and checks in" in a["text"] for a in arrive["actions"])


_MARINE = dict(business="Tideway Outboards, a mobile outboard mechanic on the Clyde",
               offering="outboard servicing, breakdown callouts, winter lay-up", kind="current",
               customers="yacht owners and a few fishing boats", channels="phone, WhatsApp",
               journey="a breakdown: the motor dies at the marina and they call me",
               problems="customers can't give me the motor model so I bring the wrong parts")


def _texts(m: dict) -> str:
    out = []
    for s in m["stages"]:
        out += [s.get("goal", "")] + [a["text"] for a in s["actions"]]
        out += [f"{t['name']} {t['description']}" for t in s["touchpoints"]]
    return "\n".join(out)


def test_a_boat_owner_at_the_marina_is_no_driver_at_the_door(new_map):
    m = new_map(**_MARINE)
    text = _texts(m)
    assert "The driver " not in text
    assert "at the door" not in text
    assert "Waits at home" not in text


def test_a_garage_whose_customers_are_drivers_still_calls_them_drivers(new_map):
    """The other sense: a garage that says its customers are drivers keeps the word; a callout to a house keeps
    the door."""
    m = new_map(business="Ridgeway Motors, a garage and MOT centre", offering="car servicing, MOTs, tyres",
                customers="local drivers and small van fleets", kind="current", channels="phone, website",
                journey="booking a service", problems="people forget their MOT date")
    assert "The driver " in _texts(m)
    plumber = new_map(business="Dripfix, a plumber in Leeds", offering="boiler repairs, leaks, bathroom fitting",
                      customers="homeowners and landlords", kind="current", channels="phone",
                      journey="they call me, I come out to the house and fix it, they pay",
                      problems="I can't give a price until I've seen it")
    assert "at the door" in _texts(plumber)


def test_a_model_the_customer_cannot_name_is_answered_with_a_photo_not_my_own_words(new_map):
    m = new_map(**_MARINE)
    fixes = _fixes_for(m, "Customers can't give me the motor model")
    assert any("photo" in f.lower() for f in fixes), fixes
    assert not any("I bring" in f for f in fixes), fixes


def test_not_knowing_a_size_of_ones_own_is_no_photo_to_ask_for():
    """The other sense: the owner not knowing what to send, or customers saying what they want, is no photo."""
    for problem in ("We never know what size of van to send", "Customers can't tell me the size they want",
                    "Staff can't tell me the rota"):
        fix = remedies.remedy(problem)
        assert fix is None or "photo" not in fix.name.lower(), (problem, fix)


def test_a_channel_the_playbook_does_not_know_sits_on_the_stage_its_words_name(new_map):
    """"Gift voucher sites" is where vouchers are bought: on "Getting a gift voucher", not on arriving."""
    m = new_map(**{**_POTTERY, "channels": "website, Instagram, email, gift voucher sites like Golden Letter Breaks",
                   "journey": "getting a gift voucher, booking a date, turning up at the mill"})
    where = [s["name"] for s in m["stages"] if any(t["name"] == "Gift voucher sites" for t in s["touchpoints"])]
    assert where == ["Getting a gift voucher"], where
    assert [c["name"] for c in m["channels"] if c["name"] in ("Post", "Gift voucher sites")] == ["Gift voucher sites"]
