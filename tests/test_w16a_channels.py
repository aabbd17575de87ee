"""Channels and touchpoints that must not contradict or mangle what the owner said (outside tester, w16a).

Each case is an answers file in tests/data/w16a/ (businesses of no other test): the map is drafted with
``cjm new --answers`` and read as its JSON export, as an owner would read it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from cjm_assistant.knowledge.lacks import stated_lacks

DATA = Path(__file__).parent / "data" / "w16a"


def _answers(name: str, **changes) -> dict:
    return {**tomllib.loads((DATA / f"{name}.toml").read_text(encoding="utf-8")), **changes}


def _touchpoints(journey: dict) -> list[tuple[str, str, str]]:
    """(stage, touchpoint, channel) for every touchpoint of the map."""
    return [(s["name"], t["name"], t["channel"]) for s in journey["stages"] for t in s["touchpoints"]]


# 1. a stated absence refutes the touchpoint that shows it

@pytest.mark.parametrize("name", ["roofer", "florist"])
def test_a_website_said_to_have_no_prices_gets_no_prices_page(new_map, name):
    journey = new_map(**_answers(name))
    on_web = [(s, t) for s, t, c in _touchpoints(journey) if c == "Website"]
    assert on_web, "the website is still a channel on the map"
    assert not [t for _, t in on_web if "price" in t.casefold() or "pricing" in t.casefold()], on_web


def test_no_price_list_said_of_no_channel_drops_price_pages_but_not_a_call_to_ask(new_map):
    journey = new_map(**_answers("roofer", channels="leaflets, phone, our website, Facebook",
                                 problems="there's no price list so people ring just to ask; invoices paid late"))
    names = [t for _, t, c in _touchpoints(journey) if c in ("Website", "Facebook")]
    assert not [t for t in names if "price" in t.casefold() or "pricing" in t.casefold()], names


@pytest.mark.parametrize("text, thing, channels", [
    ("a website that has no prices", "prices", {"website"}),
    ("website, but no prices on it", "prices", {"website"}),
    ("no prices on Instagram", "prices", {"instagram"}),
    ("no price list", "prices", set()),
    ("our website has no booking form", "booking-form", {"website"}),
    ("Facebook page but no reviews on it", "reviews", {"facebook"}),
    ("no photos of our work on the website", "photos", {"website"}),
])
def test_stated_absences_are_read_with_the_channel_they_are_said_of(text, thing, channels):
    assert [(s.thing, set(s.channels)) for s in stated_lacks([text])] == [(thing, channels)]


@pytest.mark.parametrize("text", ["people ring just to ask prices", "not many reviews on Google", "no price increase",
                                  "no one reads the reviews", "nobody knows our prices",
                                  "no online booking for several people at once"])
def test_what_is_no_absence_is_not_read_as_one(text):
    assert stated_lacks([text]) == []


def test_no_reviews_and_no_booking_form_drop_the_touchpoints_that_show_them(new_map):
    journey = new_map(**_answers("roofer", channels="phone, our website (no booking form and no reviews on it)",
                                 problems="people ring just to ask prices; we have no reviews anywhere"))
    on_web = [t.casefold() for _, t, c in _touchpoints(journey) if c == "Website"]
    assert not [t for t in on_web if "review" in t or "booking page" in t], on_web


# 2. a paper named twice is one channel, named by the paper

def _channel_names(journey: dict) -> list[str]:
    return [c["name"] for c in journey["channels"]]


def test_a_paper_named_twice_is_one_channel_named_by_the_paper(new_map):
    names = _channel_names(new_map(**_answers("florist")))
    papers = [n for n in names if "times" in n.casefold()]
    assert papers == ["Cambs Times"], names
    assert not [n for n in names if n.casefold() in ("ad", "ads", "advert", "times newspaper")], names


@pytest.mark.parametrize("channels, paper", [
    ("leaflets, an ad in the Fenland Citizen, phone", "Fenland Citizen"),
    ("phone, an advert in the Ely Standard; people who saw us in the Standard newspaper", "Ely Standard"),
    ("an ad in the Yorkshire Post, email", "Yorkshire Post"),
    ("flyers, an ad in the Cambs Times, and the Times", "Cambs Times"),
])
def test_an_ad_in_a_named_paper_is_that_paper_on_the_map(new_map, channels, paper):
    journey = new_map(**_answers("roofer", channels=channels))
    names = _channel_names(journey)
    assert paper in names and not {"Ad", "Advert", "Standard newspaper", "Times"} & set(names), names
    kinds = {c["name"]: c.get("kind") for c in journey["channels"]}
    assert kinds[paper] == "print", kinds


# 3. adverts meet customers while they find the business, never during the job

_JOB_WORDS = ("job", "day", "visit", "measure", "deliver", "fit", "install", "work", "service", "rehears", "concert")


@pytest.mark.parametrize("name, changes", [
    ("florist", {}),
    ("roofer", {}),
    ("roofer", {"channels": "leaflets through doors, an ad in the Parish Magazine, phone, text"}),
    ("roofer", {"channels": "posters in the library, ads on Rightmove, phone"}),
])
def test_advertising_channels_are_never_touchpoints_during_the_job(new_map, name, changes):
    journey = new_map(**_answers(name, **changes))
    adverts = {c["name"] for c in journey["channels"]
               if c.get("kind") == "print" or any(w in (c.get("description") or "").casefold() for w in ("ad ", "ads"))}
    assert adverts, _channel_names(journey)
    stages = [s["name"] for s in journey["stages"]]
    job = [i for i, s in enumerate(journey["stages"]) if i and any(w in s["name"].casefold() for w in _JOB_WORDS)]
    assert job, stages
    during = [(s, t, c) for s, t, c in _touchpoints(journey) if c in adverts and stages.index(s) in job]
    assert not during, during


# 4. a step the owner adds gets a goal of its own and no neighbour's touchpoints

def _stage(journey: dict, name: str) -> dict:
    return next(s for s in journey["stages"] if s["name"] == name)


def _words(stage: dict) -> str:
    return " ".join([stage.get("goal") or "", *(a["text"] for a in stage["actions"])]).casefold()


def test_a_step_added_in_the_interview_gets_a_goal_from_its_own_name_and_no_neighbours_touchpoints(new_map):
    journey = new_map(**_answers("brass-band"))
    for name, word in (("Weekly rehearsals", "rehearsals"), ("Playing in the summer concert", "concert")):
        stage = _stage(journey, name)
        assert word in (stage.get("goal") or "").casefold(), stage.get("goal")
        assert stage["touchpoints"] == [], [t["name"] for t in stage["touchpoints"]]


def test_a_step_of_the_owners_own_in_the_journey_gets_a_goal_too(new_map):
    journey = new_map(**_answers("brass-band", stages="ok", journey=(
        "hear about us -> come to a taster rehearsal -> join and pay subs -> weekly rehearsals -> "
        "play in the summer concert")))
    stage = _stage(journey, "Weekly rehearsals")
    assert "rehearsals" in (stage.get("goal") or "").casefold(), stage.get("goal")


@pytest.mark.parametrize("name, goal", [
    ("Weekly rehearsals", "Know what to expect from weekly rehearsals, and feel it was worth it"),
    ("Coming to a taster rehearsal", "Come to a taster rehearsal knowing what to expect, and feel it was worth it"),
    ("Playing in the summer concert", "Play in the summer concert knowing what to expect, and feel it was worth it"),
    ("Getting the keys", "Get the keys knowing what to expect, and feel it was worth it"),
    ("Wedding day", "Know what to expect from the wedding day, and feel it was worth it"),
    ("We measure up", "Know what to expect while we measure up"),
    ("Paint it", "Paint it knowing what to expect, and feel it was worth it"),
])
def test_an_own_steps_goal_reads_as_a_sentence_of_its_name(name, goal):
    from cjm_assistant.knowledge.step_goals import own_goal

    assert own_goal(name) == goal


def test_a_step_the_business_does_is_one_the_customer_knows_what_to_expect_of():
    from cjm_assistant.knowledge.step_goals import own_goal

    assert own_goal("Measure up", "provider") == "Know what to expect while they measure up"


# 5. the owner's named steps take a template's content only where it speaks of them

@pytest.mark.parametrize("stages", [
    "Hearing about us, Coming to a taster rehearsal, Joining the band, Weekly rehearsals, Playing in the summer concert",
    "1 Hearing about us, 5 Coming to a taster rehearsal, 3 Joining the band and paying subs, Weekly rehearsals, "
    "6 The summer concert",
])
def test_owner_named_steps_take_no_template_content_by_position(new_map, stages):
    journey = new_map(**_answers("brass-band", stages=stages))
    taster = _words(_stage(journey, "Coming to a taster rehearsal"))
    assert "waits, then is seen" not in taster and "checks in" not in taster, taster
    assert "taster rehearsal" in taster, taster
    concert = next(s for s in journey["stages"] if "concert" in s["name"].casefold())
    assert "get set up" not in _words(concert) and "concert" in _words(concert), _words(concert)
    hearing = _words(_stage(journey, "Hearing about us"))
    assert "hears about" in hearing, hearing  # the template's content where it speaks of the step stays


@pytest.mark.parametrize("answer, names", [
    ("an ad in the Cambs Times, and the Times", ["Cambs Times"]),
    ("phone, an ad in the Cambs Times and people who saw us in the Times", ["Phone", "Cambs Times"]),
    ("an ad in the Cambs Times; people who saw us in the Times newspaper", ["Cambs Times"]),
    ("Cambs Times newspaper", ["Cambs Times"]),
    ("Local newspaper, phone", ["Local newspaper", "Phone"]),
    ("an ad on Facebook", ["Facebook"]),
    ("people who saw us in the Co-op", []),
])
def test_a_paper_is_read_by_its_name_once(answer, names):
    from cjm_assistant.knowledge.channel_items import read_channels

    assert [c.name for c in read_channels(answer)[0]] == names
