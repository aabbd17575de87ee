"""Issue 11, round 12: an outside attack's map findings, as general rules. Each test is phrased from a rule, never
from a business: the answers are built here for trades that are in no example, dev or held-out case."""

from __future__ import annotations

import json
import re

import pytest

from cjm_assistant.knowledge import denials


def _pain_points(journey: dict) -> list[str]:
    """Every pain point's name on a map's JSON export, placed or not."""
    names = [p["name"] for s in journey["stages"] for p in s.get("pain_points", [])]
    return names + [p["name"] for p in journey.get("unplaced", [])]

# ---------------------------------------------------------------------------
# 1. A denial is a denial whichever way "nobody" is spelt


@pytest.mark.parametrize("who", ["no one", "no-one", "No-one", "noone", "nobody", "no-body", "none of them",
                                 "none of my customers", "not one of them", "not a single one", "none of us"])
def test_every_spelling_of_nobody_denies_a_complaint(who):
    assert denials.denied(f"{who} complains about the parking") == "the parking"
    assert denials.denied(f"{who} has a problem with the parking") == "the parking"


@pytest.mark.parametrize("who", ["no-one", "noone", "no one"])
def test_a_hyphenated_denial_after_real_problems_leaves_only_the_problems(who):
    kept, fine = denials.apart(f"the ramp is too steep; {who} minds the parking")
    assert kept == ["the ramp is too steep"] and fine == ["the parking"]


def test_nobody_doing_something_is_no_denial_in_any_spelling():
    for who in ("no-one", "noone", "no one"):
        assert denials.denied(f"{who} turns up on time") is None


def test_a_hyphenated_denial_never_becomes_a_pain_point(new_map):
    journey = new_map(business="a mobile knife-sharpening van", offering="kitchen knives, garden shears",
                      customers="home cooks, allotment holders", journey="they ring, I come round, I sharpen, they pay",
                      kind="current", channels="phone, leaflets",
                      problems="the van is too small for mower blades; no-one complains about the price")
    names = [n.lower() for n in _pain_points(journey)]
    assert not any("price" in n for n in names), names
    assert any("mower blades" in n for n in names), names


# ---------------------------------------------------------------------------
# 2. A two-sided map: a step the owner labels with one side's name is that side's; a payout is no checkout

from cjm_assistant.knowledge import steps as st  # noqa: E402

_TWO_SIDED = ("host lists a spare room, guest searches the area, asks for dates, host approves, they meet to swap keys, "
              "guest leaves, host inspects the room, we pay hosts out monthly")


def _steps(journey: str) -> dict[str, st.Step]:
    return {s.text: s for s in st.parse_steps(journey)}


def test_a_step_of_no_known_kind_is_the_side_its_subject_names():
    steps = _steps(_TWO_SIDED)
    assert steps["host inspects the room"].side == "provider"
    assert steps["guest leaves"].side == "customer"
    # the side said as the subject, not the one before it in the list
    assert _steps("guest asks for dates, host approves, guest pays")["host approves"].side == "provider"


def test_a_step_both_sides_take_together_is_neither_sides_alone():
    assert _steps(_TWO_SIDED)["they meet to swap keys"].side == ""
    assert _steps("seller lists it, buyer offers, both sides agree a price, buyer pays")[
        "both sides agree a price"].side == ""


@pytest.mark.parametrize("paid", ["we pay the host out on Friday", "we pay hosts out monthly", "we pay the sellers"])
def test_the_business_paying_the_supply_side_is_a_payout_to_that_side(paid):
    step = _steps(f"host lists a room, guest books it, {paid}")[paid]
    assert (step.phase, step.side) == ("payout", "provider")


def test_the_business_being_paid_is_still_the_customer_paying():
    step = _steps("host lists a room, guest books it, guest pays us")["guest pays us"]
    assert step.phase == "pay"


def test_two_sided_map_marks_each_side_with_its_own_steps(new_map):
    journey = new_map(
        business="Spare Nook, a website where people rent out a spare room to visiting workers, we take 10%",
        offering="rooms by the night", customers="two sides: hosts (home owners) and guests (contractors)",
        journey=_TWO_SIDED, kind="current", channels="our website, email",
        personas=[{"name": "Host Hana", "description": "has a spare room", "frustrations": "waiting for the money"},
                  {"name": "Guest Gil", "description": "a contractor working away", "frustrations": "dirty rooms"}])
    ids = {p["name"]: p["id"] for p in journey["personas"]}
    whose = {s["name"]: s.get("personas", []) for s in journey["stages"]}
    host, guest = ids["Host Hana"], ids["Guest Gil"]
    stages = {name.casefold(): who for name, who in whose.items()}
    hosts = [who for name, who in stages.items() if name.startswith("host ")]
    assert len(hosts) >= 2 and all(who == [host] for who in hosts), whose
    assert all(who == [guest] for name, who in stages.items() if name.startswith("guest ")), whose
    swap = next(who for name, who in stages.items() if "swap keys" in name)
    assert swap == [], whose  # both sides': shown to each
    payout = next(s for s in journey["stages"] if "pay hosts out" in s["name"].casefold())
    assert payout.get("personas") == [host], whose
    actions = " ".join(a["text"] if isinstance(a, dict) else a for a in payout["actions"]).casefold()
    assert "how to pay" not in actions and "invoice" not in actions, actions


# ---------------------------------------------------------------------------
# 3. Consumers are not firms; a thing wished for is not a thing the business has

from cjm_assistant.domain.profile import Profile  # noqa: E402
from cjm_assistant.knowledge import facts as fx  # noqa: E402
from cjm_assistant.knowledge.detect import detect_business_model  # noqa: E402


@pytest.mark.parametrize("customers", ["horse owners mostly", "boat owners, some pensioners",
                                       "older folk who can't get to a garage", "people who work in an office",
                                       "parents who can't get to the clinic"])
def test_people_named_by_what_they_own_or_where_they_cannot_go_are_consumers(customers):
    assert detect_business_model(customers) != "B2B"


@pytest.mark.parametrize("customers", ["salon owners", "small business owners", "restaurants that need linen",
                                       "office managers at companies of 20-500 staff", "shop owners and cafe owners"])
def test_firms_and_their_owners_are_still_b2b(customers):
    assert detect_business_model(customers) == "B2B"


@pytest.mark.parametrize("said", ["wants to book online", "would love online booking", "I wish I could book online",
                                  "wishes there was online booking", "would like to book online"])
def test_a_thing_wished_for_is_not_a_thing_the_business_has(said):
    facts = fx.stated_facts(Profile(problems=[said]))
    assert "online-booking" not in facts.has and "online-booking" in facts.missing


def test_a_wish_for_more_use_of_a_thing_says_the_thing_is_there():
    assert "online-booking" in fx.stated_facts(Profile(problems=["we want more people to book online"])).has


def test_the_checker_never_says_the_owner_has_what_a_persona_only_wants(tmp_path, capsys):
    from cjm_assistant import cli
    from tests.conftest import answers_toml

    path = tmp_path / "answers.toml"
    path.write_text(answers_toml({
        "business": "a mobile bike mechanic, I come to people's homes in my van",
        "offering": "services, puncture repairs", "customers": "commuters mostly, some older folk",
        "journey": "they message me, I give a time, I fix the bike outside their house, they pay",
        "kind": "current", "channels": "text, Facebook page, a website",
        "personas": [{"name": "Commuter Cal", "frustrations": "wants to book online, hates phoning"}]}), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["new", "--answers", str(path)]) == 0
    said = capsys.readouterr()
    log = said.out + said.err
    assert not [line for line in log.splitlines() if "online booking" in line and "you said you have" in line], log
    assert "read as B2B" not in log, log


# ---------------------------------------------------------------------------
# 4. A problem that says, as one noun, the verb a stage's name says is placed on that stage

from cjm_assistant.engines.playbook import placement  # noqa: E402


@pytest.mark.parametrize("step, noun", [("They meet to hand over", "handover"), ("We pay the host out", "payout"),
                                        ("Guests check in at the desk", "checkin"), ("Drop the kit off", "dropoff")])
def test_a_phrasal_verb_in_a_stage_name_also_says_its_noun(step, noun):
    assert noun in placement._with_compounds(step).split()


def test_a_word_with_no_particle_after_it_makes_no_compound():
    assert placement._with_compounds("Host inspects the room") == "Host inspects the room"


def test_problems_naming_a_stage_by_its_noun_are_placed_there(new_map):
    journey = new_map(
        business="Saddle Swap, an app where riders sell used saddles to each other, we take 8%",
        offering="used saddles", customers="two sides: sellers (riders upgrading) and buyers (new riders)",
        journey="seller lists a saddle, buyer searches, buyer messages the seller, they meet to hand over, "
                "we pay the seller out after a week",
        kind="current", channels="our app, email",
        problems="buyers not showing up at the handover; payouts take a week")
    where = {p["name"].casefold(): s["name"].casefold() for s in journey["stages"] for p in s.get("pain_points", [])}
    assert "hand over" in where.get("buyers not showing up at the handover", ""), (where, journey["unplaced"])
    assert "pay the seller out" in where.get("payouts take a week", ""), (where, journey["unplaced"])


# ---------------------------------------------------------------------------
# 5. A physical service sold to businesses is no software: a customer's own system says nothing of the business's

from cjm_assistant.knowledge import kinds  # noqa: E402


@pytest.mark.parametrize("theirs", ["the procurement portal", "their finance system", "the accounts payable system",
                                    "the client's HR software"])
def test_a_customers_own_system_is_no_software_the_business_has(theirs):
    answers = f"we service coffee machines in offices; invoices go through {theirs}"
    assert "software" in kinds.lacking(answers, "service")


@pytest.mark.parametrize("ours", ["our portal", "a client portal where they log in", "our booking system"])
def test_the_business_own_system_is_still_software(ours):
    assert "software" not in kinds.lacking(f"we service coffee machines in offices; {ours}", "service")


def test_a_business_without_software_gets_no_data_migration_or_logins(new_map):
    journey = new_map(business="Brewcare Ltd, we install and service coffee machines in offices (B2B)",
                      offering="installation, quarterly servicing, repairs", customers="office managers at firms",
                      journey="onboarding a new office client", kind="current", channels="email, phone",
                      problems="quotes take two weeks to turn round; engineers can't get into the building",
                      personas=[{"name": "Facilities Fay", "channels": "email, procurement portal"}])
    text = json.dumps(journey).casefold()
    for stock in ("data import", "migration", "moving data in", "weekly active use", "login and access"):
        assert stock not in text, stock
    # a quote comes before signing: never on a stage of using the service because both say "weeks"
    where = [s["name"] for s in journey["stages"] for p in s.get("pain_points", []) if p["name"].startswith("Quotes")]
    assert not any(re.search(r"use|go live|training|help", w, re.I) for w in where), where


@pytest.mark.parametrize("statement", ["quotes take two weeks to turn round", "a few days before anyone replies",
                                       "48 hours to hear back"])
def test_how_long_a_thing_takes_is_no_word_of_where_it_happens(statement):
    assert not re.search(r"\b(?:weeks?|days?|hours?)\b", placement._without_durations(statement))


@pytest.mark.parametrize("statement", ["they drop out after a few weeks", "in the first two weeks nobody calls"])
def test_a_time_said_as_when_is_kept(statement):
    assert re.search(r"\bweeks\b", placement._without_durations(statement))


# ---------------------------------------------------------------------------
# 6. Stock fixes answer the fault, not a shared word; the owner's voice is not pasted into names

from cjm_assistant.knowledge import remedies  # noqa: E402
from cjm_assistant.knowledge.rephrase import rephrase  # noqa: E402


@pytest.mark.parametrize("said", ["tools returned dirty", "the boots come back muddy", "tents are handed back dirty"])
def test_a_thing_returned_dirty_is_answered_by_a_check_at_hand_over(said):
    (reading,) = remedies.cued(said)
    assert reading.key == "returned-dirty"
    assert not remedies.touches("Integrations with the tools they already use", said)
    assert remedies.touches(reading.fix.name, said)


def test_a_dirty_place_is_no_thing_returned_dirty():
    assert not any(r.key == "returned-dirty" for r in remedies.cued("the changing rooms are dirty"))


@pytest.mark.parametrize("said, name", [("people forget I'm coming", "Remind people that we're coming"),
                                        ("customers forget I am on my way", "Remind customers that we are on our way"),
                                        ("clients forget we're closed on Mondays",
                                         "Remind clients that we're closed on Mondays")])
def test_a_clause_people_forget_is_said_as_the_business_with_that(said, name):
    assert rephrase(said).name == name


def test_a_forgotten_thing_is_still_reminded_about():
    assert rephrase("customers forget their appointment").name == "Remind customers about their appointment"


@pytest.mark.parametrize("said, seen", [("I text a reminder 6 weeks later", "Get a reminder by text 6 weeks later"),
                                        ("we text them a link to pay", "Get a link by text to pay"),
                                        ("I text the day before", "Get a text the day before")])
def test_what_the_owner_texts_is_what_the_customer_gets_by_text(said, seen):
    assert st.owner_voice(said, "business")[0] == seen
