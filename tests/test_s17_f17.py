"""Session 17, brief f17: opportunities that answer the owner's problem, for businesses nobody tuned on.

1. Nonsense guard: a direct answer or remedy reads as an action a business can take ("no signal" is no "Add a signal",
   a letter "full of legal language" is no "Add more ... letters", "it" in a claim stands for nothing).
2. Common problem shapes keyed by meaning (cjm_assistant/knowledge/data/remedy_shapes.toml): each shape is tested on
   three paraphrases from businesses that are not in tests/dev (other words, word order and voices), and gets the
   practitioner's usual fix for that shape.
"""

from __future__ import annotations

import pytest

from cjm_assistant.engines.playbook.fixes import by_topic
from cjm_assistant.knowledge import remedies
from cjm_assistant.knowledge.rephrase import garbled, rephrase
from tests.support.drafted import draft_maps


def _answers(problem: str) -> list[str]:
    """Every answer the rules write for ``problem``."""
    found = [remedies.shape_remedy(problem), rephrase(problem), remedies.remedy(problem),
             remedies.cue_remedy(problem), by_topic(problem)]
    return [f.name for f in found if f is not None]


# ---------------------------------------------------------------------------
# 1. the nonsense guard


@pytest.mark.parametrize("problem, never", [
    ("no signal at the campsite", "add a signal"),
    ("no mobile signal up the valley", "add a signal"),
    ("no data when they land", "add data"),
    ("the tenancy agreement is full of jargon", "add more"),
    ("our invoices are full of codes", "add more"),
    ("buyers think it's covered by the warranty", "whether it"),
    ("members thought it was included in the fee", "whether it"),
    ("clients think its finished once they sign", "whether its"),
    ("nobody would give him a time", "reason to would"),
    ("laptops that are too old dont run the software", "remind customers to run"),
    ("printers that are out of date dont connect", "remind customers to"),
    ("the office laptop turned out to be blocked and it wouldnt sync", "turned out"),
    ("the delivery fees aren't in the first estimate and buyers get a shock", "estimate of the delivery fees aren't"),
    ("returned the wrong parcel by mistake and had to pay again", "the returned the"),
])
def test_no_answer_pastes_words_into_nonsense(problem, never):
    for name in _answers(problem):
        assert never not in name.lower(), (problem, name)
        assert not garbled(name), (problem, name)


@pytest.mark.parametrize("problem, says", [
    ("didnt know you had to register first", "you have to register"),
    ("members didn't realise they had to book", "they have to book"),
])
def test_a_claim_said_in_the_past_agrees_with_its_subject_in_the_answer(problem, says):
    fix = rephrase(problem)
    assert fix is not None and says in fix.name, fix


def test_can_t_or_won_t_keeps_its_answer():
    fix = rephrase("older members can't or won't book online")
    assert fix is not None and "book online" in fix.name


def test_a_modal_after_to_is_garbled():
    assert garbled("Give people a reason to would give them a date")
    assert not garbled("Give people a date they can keep")


# ---------------------------------------------------------------------------
# 2. the shapes, each on three paraphrases from businesses not in dev


SHAPES = {
    "sells-out-fast": [
        "the early-bird places for the summer camp sell out in minutes",
        "tickets for the tasting evenings are gone before I even see the email",
        "our regulars complain the limited-edition prints sold out within an hour",
    ],
    "timed-out": [
        "the booking site times out halfway through and you have to start again",
        "it logged me out while I was typing my details and everything was lost",
        "the members area kicks people out after ten minutes",
    ],
    "jargon": [
        "the tenancy agreement is full of jargon nobody follows",
        "our contracts are written in legalese and customers give up reading them",
        "the lab report uses technical terms patients can't make sense of",
    ],
    "unprepared": [
        "kids turn up in shorts for forest school in January",
        "half the walkers arrive in flip flops",
        "guests came without the right shoes for the climb",
    ],
    "not-as-pictured": [
        "the paint shade was much darker than the picture on the website",
        "buyers say the fabric colours look different on screen",
        "the rug looked nothing like the photos",
    ],
    "minimum-too-high": [
        "our minimum order of 50 units puts off independent cafes",
        "small buyers can't afford the minimum spend",
        "cafes say the order minimum is too high",
    ],
    "postage-costly": [
        "shipping to Ireland costs more than the candle",
        "delivery charges are too high for a single jar",
        "customers think postage is a fortune for one card",
    ],
    "runs-out-unwarned": [
        "the prepaid meter credit ran out overnight with no warning",
        "my broadband allowance got used up halfway through the month",
        "the cleaning subscription lapsed without any notice",
    ],
    "voucher-lapses": [
        "half our gift cards are never redeemed",
        "spa vouchers expire before people get round to booking",
        "class passes go unused and then people want refunds",
    ],
    "charged-unwarned": [
        "the annual renewal came out of her account with no warning",
        "members get charged for the next month without warning",
        "he was billed twice and it came as a surprise",
    ],
    "slow-support": [
        "the helpline takes forever to answer when a customer is stuck",
        "live chat replies after two hours on a Sunday",
        "customer service is so slow when the app breaks",
    ],
    "no-tracking": [
        "once the courier collects it there's no tracking",
        "customers can't track the parcel after it leaves the warehouse",
        "tracking stopped after the handover to the local courier",
    ],
    "rogue-rivals": [
        "unlicensed operators undercut our prices every summer",
        "rogue traders knock on doors in our area after every flood",
        "a door knocker told my neighbour her boiler was unsafe",
    ],
    "no-date": [
        "the council never gives us a date for the inspection",
        "no one could tell me which day the installer would come",
        "we never know when the delivery is coming",
    ],
    "quote-shock": [
        "the estimate came in at twice what they expected",
        "customers get quoted for a full rewire when they thought it was a socket",
        "our quotes are a shock to first-time buyers",
    ],
    "pay-after-proof": [
        "clients hold back the final payment until the system is tested",
        "some customers won't pay the rest till they see the results",
        "homeowners refuse to pay the balance before the inspector signs it off",
    ],
    "too-late-to-act": [
        "we cancel the match at 9am when families are already on the road",
        "the delay text arrives when passengers have already left home",
        "by the time we email about the closure people are already on their way",
    ],
    "others-spoil-it": [
        "noisy groups spoil the quiet swim for everyone",
        "other guests talking through the film ruin it",
        "kids running about wreck the yoga class",
    ],
    "same-dates": [
        "everyone wants the same Saturday slots in June",
        "all the families book the first week of the school holidays",
        "most people want a Friday night",
    ],
    "discarded-by-mistake": [
        "people bin the returns label by mistake",
        "users uninstall the app thinking the subscription is cancelled",
        "some guests threw out the voucher thinking it was a flyer",
    ],
    "chose-blind": [
        "students don't understand the refund rules and pick the wrong course",
        "people book without knowing the cancellation policy",
        "tenants sign up with no idea what the deposit terms are",
    ],
    "no-progress-news": [
        "parents don't know how their child is doing",
        "clients aren't sure if the ads are working",
        "no idea whether the treatment is working",
    ],
    "plan-b-disappoints": [
        "when the river is too high we do the lake trip instead and customers feel ripped off",
        "paid for a sea view and got moved to a garden room instead",
        "guests are let down when the band cancels and a DJ plays instead",
    ],
    "found-out-after-paying": [
        "buyers only find out the charger doesn't fit their car after paying",
        "some people only realise the course is in Welsh after booking",
        "customers found out after ordering that it won't ship to their island",
    ],
    "short-notice": [
        "tenants get the inspection dates at short notice",
        "the school gives us the trip dates with only two days' notice",
        "we get the new rota with hours' notice",
    ],
    "visit-unannounced": [
        "the landlord never tells the flat they're coming to read the meter",
        "nobody warned the office the cleaners were coming",
        "our fitters don't tell the neighbours they're arriving early",
    ],
    "no-access-on-arrival": [
        "our technician drove an hour and nobody had the keys",
        "half the callouts are a wasted trip because the gate is shut",
        "the inspector couldn't get in because the tenant was out",
    ],
    "no-help-at-hours": [
        "there's nobody to talk to at weekends when the boiler breaks",
        "late-night lockout calls go to voicemail and no one answers",
        "customers can't reach anyone in the evenings",
    ],
    "no-follow-up": [
        "people ask for a brochure and we never follow up",
        "honestly we forget to follow up after a taster session",
        "we don't chase the enquiries that come in on the contact form",
    ],
    "double-booked": [
        "the studio gets double booked between the app and the phone",
        "two groups turned up because the pitch was booked twice",
        "the hot desks are overbooked on Tuesdays",
    ],
    "access-barrier": [
        "the steps up to the gallery are hard for older visitors",
        "my dad can't manage the stairs with his hip",
        "the pram won't go through the narrow door",
    ],
    "cant-carry": [
        "older members can't carry the boxes home",
        "she struggles to lift the bags into the car",
        "he is unable to carry the old sofa downstairs",
    ],
    "what-can-i-bring": [
        "guests aren't sure if they can bring a cake",
        "parents ask whether kids are allowed to bring their own snacks",
        "no idea if we could bring the dog",
    ],
    "held-not-paid": [
        "buyers reserve a chair and then never pay",
        "people put items aside and then ghost us",
        "someone claimed the lamp and disappeared",
    ],
    "sizing-off": [
        "shoe sizes vary so much between brands that half come back",
        "ordered her normal size and it was tiny",
        "the jackets are sized inconsistently",
    ],
    "weather-cancel": [
        "when it rains we cancel the market and stallholders get annoyed",
        "icy roads mean we postpone lessons and pupils moan",
        "storms force us to call off the boat trips",
    ],
    "backlog-visits": [
        "in spring we can't get out to quote for a month",
        "after a storm we cant get round to everyone for weeks",
        "i can't get to new enquiries for days in the busy season",
    ],
    "paperwork-rejected": [
        "the receipt has no VAT number and finance won't accept it",
        "statements are missing the site address so the client can't pay them",
        "our bills don't show the company name and the accountant sends them back",
    ],
}

#: What the practitioner's fix for each shape says (one of these words, in its name).
SAYS = {
    "sells-out-fast": ["waiting list", "alert"], "timed-out": ["logged in", "save"], "jargon": ["plain-english"],
    "unprepared": ["what-to-bring"], "not-as-pictured": ["true-colour", "swatches"],
    "minimum-too-high": ["starter", "lower minimum"], "postage-costly": ["threshold"],
    "runs-out-unwarned": ["before it runs out", "top-up"], "voucher-lapses": ["before it expires", "grace"],
    "charged-unwarned": ["before a charge"], "slow-support": ["faster", "self-help"],
    "no-tracking": ["tracked"], "rogue-rivals": ["accreditation", "guarantee"], "no-date": ["firm date"],
    "quote-shock": ["line by line"], "pay-after-proof": ["balance", "proof"], "too-late-to-act": ["earlier"],
    "others-spoil-it": ["house rules"], "same-dates": ["quieter dates"], "discarded-by-mistake": ["not to delete"],
    "chose-blind": ["explain the rules"], "no-progress-news": ["progress report"],
    "plan-b-disappoints": ["rebooking", "credit"], "found-out-after-paying": ["before they pay"],
    "short-notice": ["well ahead", "schedule"], "visit-unannounced": ["before a visit"],
    "no-access-on-arrival": ["confirm access"],
    "no-help-at-hours": ["out-of-hours", "call-back"], "no-follow-up": ["follow up"],
    "double-booked": ["one booking calendar"], "access-barrier": ["step-free"], "cant-carry": ["help to carry"],
    "what-can-i-bring": ["can bring"], "held-not-paid": ["payment link"], "sizing-off": ["size guide"],
    "weather-cancel": ["forecast"], "backlog-visits": ["triage"],
    "paperwork-rejected": ["finance team"],
}

_CASES = [(key, problem) for key, problems in SHAPES.items() for problem in problems]


@pytest.mark.parametrize("key, problem", _CASES)
def test_a_paraphrase_of_a_common_shape_gets_its_usual_fix(key, problem):
    fix = remedies.shape_remedy(problem)
    assert fix is not None, problem
    assert fix.rule == f"shape:{key}", (problem, fix.rule)
    assert any(word in fix.name.lower() for word in SAYS[key]), fix.name
    assert not garbled(fix.name), fix.name


@pytest.mark.parametrize("problem", [
    "we go out to every job ourselves",
    "the summer camp starts in July",
    "customers look online for more information before they book",
    "support workers visit twice a week",
    "the minimum wage went up",
    "we decide the menu on Monday",
    "people love the photos on our website",
    "the training clashed with her exams",
    "she worries about paying on the doorstep",
])
def test_a_sentence_of_no_known_shape_gets_none(problem):
    assert remedies.shape_remedy(problem) is None, remedies.shape_remedy(problem)


def test_the_shape_names_the_problem_s_own_thing_when_it_can():
    fix = remedies.shape_remedy("the welcome pack is full of jargon")
    assert fix is not None and "the welcome pack" in fix.name


def test_a_shape_said_across_two_problems_answers_each_part():
    whole = "the minimum order is 200 pounds and corner shops say it's too much"
    parts = ("the minimum order is 200 pounds", "corner shops say it's too much")
    for part in parts:
        fix = remedies.shape_in_part(whole, part, parts)
        assert fix is not None and "starter" in fix.name, part
    two = ("the app logs people out", "the cafe shuts at 4")
    assert remedies.shape_in_part("the app logs people out and the cafe shuts at 4", two[1], two) is None
    # the rest of the sentence is only why: the whole sentence's shape is this problem's
    fix = remedies.shape_in_part("tablets that are too old won't run it, buyers only find out after paying",
                                 "tablets that are too old won't run it", ("tablets that are too old won't run it",))
    assert fix is not None and "before they pay" in fix.name


def test_a_shape_takes_the_place_of_the_looser_reading_it_replaces():
    problem = "the season tickets sell out in minutes"
    shape, direct = remedies.shape_remedy(problem), rephrase(problem)
    assert shape is not None and direct is not None
    assert remedies.shape_replaces(shape, direct)  # not "Add more season tickets" beside it


# ---------------------------------------------------------------------------
# on a drafted map of a business nobody tuned on


_CLIMBING = dict(business="Peak Week - guided mountain walking weekends in the Lake District",
                 offering="guided walks, navigation courses, weekend packages with a bunkhouse stay",
                 customers="beginners from cities, hen and stag groups, walking clubs", kind="current",
                 channels="website, email, Instagram, phone",
                 journey="they find us -> they book online -> we send joining details -> the walk -> we follow up",
                 problems="the summer weekends sell out in minutes and our regulars miss them. "
                          "people turn up in trainers and jeans and are soaked by lunchtime. "
                          "by the time we call off a walk the groups have already set off from the city. "
                          "the booking page logs people out and they lose the whole form")


@pytest.fixture(scope="module")
def walking(tmp_path_factory):
    return draft_maps(tmp_path_factory.mktemp, [("walking", _CLIMBING)])["walking"]


def _fixes_for(journey: dict, *words: str) -> list[str]:
    for stage in journey["stages"]:
        for pain in stage["pain_points"]:
            if pain["provenance"] == "user" and all(w in pain["name"].lower() for w in words):
                return [o["name"] for o in stage["opportunities"] if pain["id"] in o["addresses"]]
    pytest.skip(f"the problem with {words} was not placed on a stage (placement is not this test's rule)")


@pytest.mark.parametrize("words, says", [
    (("sell out",), "waiting list"),
    (("trainers",), "what-to-bring"),
    (("call off",), "earlier"),
    (("logs people out",), "logged in"),
])
def test_the_map_answers_each_stated_shape_with_its_usual_fix(walking, words, says):
    fixes = _fixes_for(walking, *words)
    assert any(says in f.lower() for f in fixes), fixes
    assert not any(garbled(f) for f in fixes), fixes
    assert "No suggestion yet" not in fixes
