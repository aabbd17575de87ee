"""Session 22, w22i: the interview and map-reading findings of the outside attack a22 (tests/test_s22_a22.py keeps
a22's own tests), each in other words than a22's, as a user would check them."""

from __future__ import annotations

import pytest

from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.interview import Interview
from cjm_assistant.knowledge.catalogue import load
from cjm_assistant.knowledge.channel_items import read_channels
from cjm_assistant.knowledge.steps import parse_steps, phase_of

MAX_JOURNEY = 2000  # the characters of a journey answer read for its steps (knowledge/steps.py)


def _asking(interview: Interview, key: str) -> str:
    while interview.question is not None and interview.question.key != key:
        interview.answer("skip")
    return interview.prompt()


# -- a1: talk around the steps (a hesitation, a remark on the question) is no step

@pytest.mark.parametrize("said", [
    "Good question! Let me think. They see an ad, then they sign up, then they use the app every day",
    "Um, so, it depends. They see an ad, they sign up, they use the app every day",
    "Honestly it’s quite messy – they see an ad, then they sign up, then they use the app every day",
    "They see an ad, well, then they sign up, then they use the app every day",
])
def test_a1_talk_around_the_steps_is_no_step(said):
    assert [s.text.casefold() for s in parse_steps(said)] == ["they see an ad", "they sign up",
                                                              "they use the app every day"]


def test_a1_a_step_that_only_starts_like_talk_stays():
    assert [s.text for s in parse_steps("it depends on the job, they ring, we quote, they pay")][1:] == \
        ["they ring", "we quote", "they pay"]


# -- a2: a journey answer too long to read whole is cut between two steps, and the interview says so

def test_a2_a_long_journey_is_cut_between_steps_and_the_interview_says_where():
    step = "they ring about a leak, we come out the same day, we fix it, they pay by card"
    said = ", then ".join([step] * 40)
    assert len(said) > MAX_JOURNEY
    steps = parse_steps(said)
    assert steps and all(s.text in step for s in steps), [s.text for s in steps if s.text not in step]
    interview = Interview(PlaybookEngine())
    interview.answer("Drip Ltd, a plumber")
    _asking(interview, "journey")
    turn = interview.answer(said)
    assert f"first {MAX_JOURNEY:,}" in turn.note and "left out the rest" in turn.note, turn.note
    assert f"up to “{steps[-1].text}”" in turn.note, turn.note


# -- a3: a review that checks a paper or a piece of work is no customer leaving a review

@pytest.mark.parametrize("step", ["procurement reviews our terms", "the customer reviews the proofs",
                                  "a security review", "we review their application", "their lawyer reviews the lease"])
def test_a3_a_review_of_a_paper_is_a_check_not_advocacy(step):
    assert phase_of(step)[0] == "decide", phase_of(step)


@pytest.mark.parametrize("step", ["they leave a review", "happy customers review us on Google", "they write reviews",
                                  "leave a google review"])
def test_a3_a_customers_review_is_still_telling_others(step):
    assert phase_of(step)[0] == "advocate"


# -- a6: a customer described at the channels question is offered at the persona question, and "same as above" takes
# them up

def _told_at_channels(who: str) -> Interview:
    interview = Interview(PlaybookEngine())
    interview.answer("Tidy Paws, a dog grooming salon in Leeds")
    _asking(interview, "channels")
    assert "ask about them next" in interview.answer(who).reply
    interview.answer("Instagram, phone, walk-ins")
    assert interview.question.key == "persona_name"
    return interview


def test_a6_the_persona_question_offers_the_customer_told_early():
    interview = _told_at_channels("Dog mum Dana, 34, nurse on shifts")
    assert "Dog mum Dana, 34, nurse on shifts" in interview.prompt()


def test_a6_same_as_above_takes_the_customer_told_early_with_what_is_added():
    interview = _told_at_channels("Dog mum Dana, 34, nurse on shifts")
    turn = interview.answer("same as above, plus she books at the last minute")
    assert "Dana" in turn.reply, turn.reply
    [dana] = interview.state.profile.personas
    assert dana.name == "Dog mum Dana" and "nurse on shifts" in dana.description, dana


def test_a6_someone_else_can_still_be_described():
    interview = _told_at_channels("Dog mum Dana, 34, nurse on shifts")
    interview.answer("Retired Ray, 70, walks his spaniel twice a day")
    assert [p.name for p in interview.state.profile.personas] == ["Retired Ray"]
    interview.answer("a tidy dog")
    assert "Dana" not in interview.prompt()


# -- a7: people met on a call are no in-person channel; a shared Slack or Discord channel is a channel

@pytest.mark.parametrize("said, kind", [("Google Meet demos", "other"), ("sales demo calls", "phone")])
def test_a7_a_sales_team_met_on_a_call_is_no_in_person_channel(new_map, said, kind):
    journey = new_map(business="Ledgerly Ltd, compliance software for logistics firms",
                      customers="B2B: logistics firms",
                      channels=f"our website, {said}")
    kinds = {c["name"]: c["kind"] for c in journey["channels"]}
    assert kinds.get("Sales team") == kind, kinds
    assert "in-person" not in kinds.values(), kinds


def test_a7_a_sales_team_met_in_person_stays_in_person(new_map):
    journey = new_map(business="Ledgerly Ltd, compliance software for logistics firms",
                      customers="B2B: logistics firms",
                      channels="our website, a sales team that visits")
    assert {c["name"]: c["kind"] for c in journey["channels"]}.get("Sales team") == "in-person", journey["channels"]


@pytest.mark.parametrize("said, name", [("a Slack Connect channel", "Slack Connect"),
                                        ("our Discord server", "Discord server"), ("slack", "Slack")])
def test_a7_a_shared_chat_channel_is_a_channel_by_its_name(said, name):
    channels, other = read_channels(f"email, {said}")
    assert [c.name for c in channels] == ["Email", name] and not other, (channels, other)
    assert load().channels[channels[1].key].kind == "messaging"  # its touchpoints are a chat's, not a made-up one's


# -- a8: "I don't know" said before an answer is no part of it; with only vague words after it, it is no answer

@pytest.mark.parametrize("said", ["I don't know, stuff", "dunno, things like that", "no idea, various bits"])
def test_a8_not_knowing_then_vague_words_is_not_sure(said):
    interview = Interview(PlaybookEngine())
    interview.answer("Tidy Paws, a dog grooming salon in Leeds")
    _asking(interview, "offering")
    turn = interview.answer(said)
    assert interview.question.key == "offering" and "not sure" in turn.note, turn.note  # asked once more, with a hint
    interview.answer(said)
    assert interview.question.key != "offering" and not interview.state.profile.offering.casefold().startswith(
        ("i don't", "dunno", "no idea")), interview.state.profile.offering


@pytest.mark.parametrize("said, kept", [("I don't know, full grooms and nail trims mostly",
                                         "full grooms and nail trims mostly"),
                                        ("No idea, but mostly full grooms", "mostly full grooms")])
def test_a8_what_follows_not_knowing_is_the_answer(said, kept):
    interview = Interview(PlaybookEngine())
    interview.answer("Tidy Paws, a dog grooming salon in Leeds")
    _asking(interview, "offering")
    interview.answer(said)
    assert interview.state.profile.offering == kept


# -- a9: selling software or a service to firms is no shop's selling of goods

@pytest.mark.parametrize("business", ["Stackly, we sell project management software to agencies, B2B only",
                                      "Certa, we sell ISO audit support and consultancy to manufacturers, B2B only"])
def test_a9_a_firm_selling_software_or_a_service_to_firms_gets_a_firms_example_customer(business):
    interview = Interview(PlaybookEngine())
    interview.answer(business)
    example = _asking(interview, "persona_name").split("For example:")[1]
    assert "lunch break" not in example and "Office manager" in example, example


def test_a9_a_firm_selling_goods_to_firms_is_still_a_supplier_of_goods():
    from cjm_assistant.knowledge import kinds

    assert not kinds.only_services("we sell cakes and support to cafes")
    assert not kinds.only_services("we sell training shoes to gyms")


# -- a14: an app sold by subscription, with no goods, is no shop that delivers; a15: a paywall is where people pay

ZENLY = dict(business="Zenly, a meditation app on the App Store and Google Play, free with a premium subscription",
             offering="guided meditations, Premium at £6.99 a month", customers="consumers, busy adults",
             kind="current", channels="Instagram, the app, email",
             personas=[dict(name="Busy Bea", description="38, two kids",
                            frustrations="upgrade prompts everywhere; the paywall hides the sleep stories")])


def test_a14_a_subscription_app_is_mapped_as_an_app_not_a_shop(new_map):
    journey = new_map(**ZENLY)
    assert journey["business"]["industry"] != "E-commerce retail", journey["business"]
    said = " ".join([s["name"] + " " + s.get("goal", "") + " " + " ".join(a["text"] for a in s.get("actions", []))
                     for s in journey["stages"]]).casefold()
    assert "deliver" not in said and "parcel" not in said and "basket" not in said, said


def test_a15_paywall_and_upgrade_complaints_go_where_people_pay(new_map):
    journey = new_map(**ZENLY)
    assert not journey.get("unplaced"), journey.get("unplaced")
    phase = {s["name"]: s for s in journey["stages"]}
    placed = {p["name"]: s["name"] for s in journey["stages"] for p in s["pain_points"]}
    for pain in ("Upgrade prompts everywhere", "The paywall hides the sleep stories"):
        assert "pay" in " ".join(a["text"] for a in phase[placed[pain]]["actions"]).casefold(), (pain, placed[pain])


def test_a15_a_paywall_goes_on_the_purchase_stage_of_a_software_map(new_map):
    journey = new_map(business="Stackly, project management software for agencies",
                      offering="a free plan and Team at £8 per seat per month", customers="B2B: creative agencies",
                      kind="current", channels="website, LinkedIn, email",
                      personas=[dict(name="Agency owner Ade", description="41",
                                     frustrations="the paywall on the reports")])
    placed = {p["name"]: s["name"] for s in journey["stages"] for p in s["pain_points"]}
    assert placed.get("The paywall on the reports") == "Purchase", placed


@pytest.mark.parametrize("business", [
    "AppyDays, an online-only habit tracker app, freemium, subscriptions via the App Store",
                                      "Plotter, a gardening planner web app, free with Pro at £3 a month"])
def test_a14_an_apps_interview_examples_speak_of_no_delivery_or_shop(business):
    interview = Interview(PlaybookEngine())
    interview.answer(business)
    shown = []
    while interview.question is not None and interview.question.key != "persona_name":
        shown.append(interview.prompt())
        interview.answer("skip")
    shown.append(interview.prompt())
    said = " ".join(p.split("For example:")[1] for p in shown if "For example:" in p).casefold()
    assert "deliver" not in said and "shop" not in said and "lunch break" not in said, said


@pytest.mark.parametrize("business", ["a gym with an app, membership £30 a month",
                                      "a bakery, order cakes by our app, a monthly cake box"])
def test_a14_a_business_that_has_an_app_is_not_an_app(business):
    interview = Interview(PlaybookEngine())
    interview.answer(business)
    assert interview._kind() != "app"


def test_a2_a_journey_pasted_twice_gives_each_step_once(new_map):
    said = "The buyer finds us at a trade show, then books a demo, then signs the contract, then renewal."
    journey = new_map(business="Ledgerly Ltd, compliance software for logistics firms",
                      customers="B2B: logistics firms",
                      kind="current", journey=f"{said} {said}")
    names = [s["name"].casefold().removeprefix("the ") for s in journey["stages"]]
    assert len(names) == len(set(names)), names
