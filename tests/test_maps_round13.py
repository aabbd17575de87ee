"""Issue 11, round 13: faults an outside reader found in maps of businesses nobody tuned for, as general rules. Each
test is phrased from a rule, never from a business: the answers are built here for trades that are in no example,
dev or held-out case."""

from __future__ import annotations

import json

import pytest

from cjm_assistant.knowledge import steps as st
from cjm_assistant.knowledge.channel_items import channels_said_missing


def _stage_names(journey: dict) -> list[str]:
    return [s["name"] for s in journey["stages"]]


def _texts(journey: dict) -> str:
    """Every word of the map a reader sees, as one lower-case text."""
    return json.dumps(journey).lower()


# ---------------------------------------------------------------------------
# 1. A qualifier or a duration after a step is no step of its own


@pytest.mark.parametrize("qualifier", ["usually 2 to 3 weeks out", "usually with a sketch", "anything from 2 to 6 days",
                                       "if needed", "about 10 days", "3-4 working days", "often within a week"])
def test_a_qualifier_after_a_comma_stays_with_the_step_it_qualifies(qualifier):
    steps = st.parse_steps(f"they email me -> we agree a fitting date, {qualifier} -> I fit the blinds -> they pay")
    names = [s.name for s in steps]
    assert len(steps) == 4, names
    assert names[1].lower().startswith("agree a fitting date") and qualifier not in names[1].lower(), names
    assert qualifier in steps[1].text  # the owner's words are kept with the step


def test_a_step_with_a_subject_after_usually_is_still_a_step():
    steps = st.parse_steps("they ring, usually we visit within a week, we quote, they book")
    assert any("visit" in s.name.lower() for s in steps), [s.name for s in steps]


def test_no_stage_is_named_after_a_qualifier(new_map):
    journey = new_map(business="a window blind fitter", offering="made-to-measure blinds and shutters",
                      customers="homeowners", kind="current", channels="phone, email, website",
                      journey="they ring or email, usually with photos -> I measure up at their house -> we agree a "
                              "fitting date, usually 3 to 5 weeks out -> I fit the blinds -> they pay, if anything is "
                              "left to pay",
                      problems="people chase me for the fitting date; the fabric supplier is slow")
    names = [n.lower() for n in _stage_names(journey)]
    assert not any(n.startswith(("usually", "anything", "if ")) for n in names), names
    assert any("fitting date" in n for n in names), names


# ---------------------------------------------------------------------------
# 2. "have a look at the X and V it": the second verb is the step, its "it" the thing


def test_a_verb_with_it_after_and_is_a_step_on_the_thing_named_before():
    steps = st.parse_steps("they book online -> I turn up, look at the clock and repair it -> they pay by card")
    names = [s.name for s in steps]
    assert "Repair the clock" in names, names


def test_a_verb_with_it_stays_whole_when_nothing_was_named():
    steps = st.parse_steps("they book online -> I turn up and sort it -> they pay by card")
    assert not any("the " in s.name.lower() and "sort" in s.name.lower() for s in steps), [s.name for s in steps]


# ---------------------------------------------------------------------------
# 3. A step labelled with a time ("fitting day: ...") is one step with that name; a label of people is a group


def test_a_time_label_names_one_step():
    steps = st.parse_steps("they enquire -> we survey -> install day: the crew puts the frame up and hands over the keys "
                           "-> we invoice")
    names = [s.name for s in steps]
    assert "Install day" in names, names
    assert all(s.group == "" for s in steps)
    install = next(s for s in steps if s.name == "Install day")
    assert "hands over the keys" in install.text


def test_a_label_of_people_still_groups_their_steps():
    steps = st.parse_steps("donors: sign up, drop food off; families: hear about us, come in, take what they need")
    assert {s.group for s in steps} == {"donors", "families"}


# ---------------------------------------------------------------------------
# 4. A long journey keeps its last steps: the pieces between two arrows are told together first


_LONG = ("owner rings for an appraisal -> I go round, measure up and they sign the terms -> we photograph it, write it up "
         "and list it -> buyers enquire, we call them back, book a viewing -> viewings -> buyer makes an offer, pays a "
         "reservation fee -> searches, survey, mortgage valuation, anything from 4 to 12 weeks -> contracts exchanged, "
         "deposit paid, we tell the owner -> completion, keys handed over at our office -> after sale we send a "
         "review request -> aftercare visits if they ask -> they recommend us or list with us again")


def test_a_journey_of_many_pieces_keeps_its_last_steps():
    steps = st.parse_steps(_LONG)
    assert len(steps) <= st.MAX_STEPS
    names = " | ".join(s.name.lower() for s in steps)
    assert "aftercare" in names and "recommend" in names, names
    assert steps[0].name.lower().startswith("owner rings"), names


def test_a_merged_step_keeps_every_word_the_owner_said():
    steps = st.parse_steps(_LONG)
    said = " ".join(s.text for s in steps)
    for words in ("measure up", "book a viewing", "we tell the owner", "keys handed over"):
        assert words in said, words


def test_a_long_journey_map_has_a_stage_for_the_end_of_the_journey(new_map):
    journey = new_map(business="an estate agent", offering="selling homes", customers="home owners and buyers",
                      kind="current", channels="phone, email, Rightmove", journey=_LONG,
                      problems="aftercare visits get forgotten; buyers chase us for updates")
    names = " | ".join(n.lower() for n in _stage_names(journey))
    assert "aftercare" in names, names


# ---------------------------------------------------------------------------
# 5. "We don't do social media" rules out every social channel, everywhere on the map


@pytest.mark.parametrize("said", ["we don't do social media", "not on social media", "no socials",
                                  "I'm not on Facebook or any of that", "we don't do Instagram or anything like that"])
def test_a_denial_of_social_media_denies_every_social_channel(said):
    missing = channels_said_missing([f"phone, email, {said}"])
    assert {"facebook", "instagram", "tiktok"} <= missing, missing


@pytest.mark.parametrize("said", ["Instagram, no TikTok", "we do social media", "no website or any of that"])
def test_a_denial_of_one_channel_denies_no_other_social_channel(said):
    missing = channels_said_missing([said])
    assert "facebook" not in missing and "instagram" not in missing, missing


def test_a_map_of_a_business_on_no_social_media_never_suggests_it(new_map):
    journey = new_map(business="a mobile saddle fitter", offering="saddle fitting and flocking, £70 a visit",
                      customers="horse owners at livery yards", kind="current",
                      journey="they ring me -> I come to the yard and fit the saddle -> they pay by transfer -> "
                              "I remind them in 6 months",
                      channels="phone, word of mouth at the yards, a simple website. I'm not on Facebook or any of "
                               "that and I don't intend to be",
                      problems="people can't book online; I can't answer the phone while I'm riding a horse")
    text = _texts(journey)
    for word in ("instagram", "facebook", "tiktok", "social"):
        assert word not in text.replace("not on facebook", "").replace("not on social media", ""), word


# ---------------------------------------------------------------------------
# 6. A stock fix of another trade never answers a problem because it shares a word with it


def _fixes_for(journey: dict, words: str) -> list[str]:
    """The opportunities that answer the pain point whose name holds ``words``."""
    ids = {p["id"] for s in journey["stages"] for p in s.get("pain_points", []) if words in p["name"].lower()}
    assert ids, f"no pain point about {words!r}"
    return [o["name"] for s in journey["stages"] for o in s.get("opportunities", []) if ids & set(o["addresses"])]


def test_a_schools_stock_fix_never_answers_another_trades_problem_by_a_shared_word(new_map):
    journey = new_map(business="a canoe and paddleboard hire on a tidal estuary", offering="half-day canoe hire, £40",
                      customers="tourists and families on holiday", kind="current", channels="website, phone",
                      journey="they book online -> they arrive and kit up -> they paddle out -> they bring the boats back",
                      problems="the tide level cancels trips at short notice; people arrive late for their slot")
    fixes = _fixes_for(journey, "tide level")
    assert not any("level test" in f.lower() or "lesson" in f.lower() for f in fixes), fixes


def test_check_out_is_no_identity_check():
    from cjm_assistant.knowledge import relevance

    assert not relevance.shared("deposit deductions at check out turn into rows", "Faster identity checks")
    assert relevance.shared("the identity check took a week", "Faster identity checks")


def test_a_trades_own_fix_is_offered_only_in_that_trade():
    from cjm_assistant.knowledge.catalogue import load

    ops = load().opportunities
    for key in ("placement-test", "self-scheduled-viewings", "faster-verification"):
        assert ops[key].industries, key
    assert not ops["reply-promise"].industries  # everyone's


# ---------------------------------------------------------------------------
# 7. "X is full": more of X, the noun that is full, not of the place it is from or of how long


def test_more_of_what_is_full_is_the_noun_before_where_it_is():
    from cjm_assistant.knowledge.rephrase import rephrase

    assert rephrase("the ferry back from the island is sometimes full", "").name == \
        "Add more ferries back from the island"
    assert "weeks" not in rephrase("the evening slots are full for weeks", "").name


# ---------------------------------------------------------------------------
# 8. A stage typed as a noun ("payout", "delivery") finds the stage that says it as a verb


def test_a_noun_made_of_a_verb_and_its_particle_finds_the_stage_that_says_them_apart():
    from cjm_assistant.domain.names import closest

    names = ["Owner lists the caravan", "Guest books it", "They meet to swap keys", "We pay the owner out"]
    assert closest("payout", names) == "We pay the owner out"
    assert closest("the payout stage", names) == "We pay the owner out"
    assert closest("pickup", names) is None  # no stage picks anything up


def test_another_form_of_a_word_finds_its_stage_but_a_near_spelling_does_not():
    from cjm_assistant.domain.names import closest

    assert closest("delivery", ["Order online", "We deliver it", "Pay"]) == "We deliver it"
    assert closest("contact", ["Contract signed", "Visit"]) is None


def test_refine_moves_a_pain_point_to_the_payout_stage(new_map, capsys):
    from cjm_assistant import cli

    journey = new_map(business="a peer-to-peer caravan rental site", offering="caravan hire between owners and guests",
                      customers="caravan owners and holidaymakers", kind="current", channels="website, email",
                      journey="owner lists the caravan -> guest books it -> they meet to swap keys -> guest returns it "
                              "-> we pay the owner out",
                      problems="owners wait three weeks for their money; guests can't find the pitch")
    pain = next(p["name"] for p in [*journey.get("unplaced", []), *(p for s in journey["stages"]
                                                                       for p in s.get("pain_points", []))]
                if "pitch" in p["name"])
    assert not any("pitch" in p["name"] for s in journey["stages"] if "pay the owner out" in s["name"].lower()
                   for p in s.get("pain_points", []))
    capsys.readouterr()
    assert cli.main(["refine", f"move pain point '{pain}' to payout", "--yes"]) == 0
    capsys.readouterr()
    assert cli.main(["export", "-f", "json"]) == 0
    after = json.loads(capsys.readouterr().out)
    payout = next(s for s in after["stages"] if "pay the owner out" in s["name"].lower())
    assert any("pitch" in p["name"] for p in payout.get("pain_points", [])), payout["name"]


# ---------------------------------------------------------------------------
# 9. A service done in the world gets no software words in its usual onboarding steps


def test_onboarding_a_physical_service_has_no_software_stage_names(new_map):
    journey = new_map(business="Fernery, we hire out and care for plants in shops and cafes",
                      offering="plant hire: we bring the plants and planters, then visit every two weeks to water them",
                      customers="cafe and shop owners", journey="onboarding a new cafe", kind="current",
                      channels="email, phone", problems="plants wilt in sunny windows; staff move the planters")
    names = [n.lower() for n in _stage_names(journey)]
    assert not any(n in ("go live", "set up and connect") for n in names), names
    assert any(n.startswith("set up") for n in names), names


def test_onboarding_software_keeps_its_own_words(new_map):
    journey = new_map(business="Rota.ly, a shift scheduling app for cafes", offering="a cloud rota app, £3 per staff member",
                      customers="cafe owners", journey="onboarding a new cafe", kind="current", channels="email, in-app chat",
                      problems="owners never import their staff list")
    names = [n.lower() for n in _stage_names(journey)]
    assert "go live" in names, names


# ---------------------------------------------------------------------------
# 10. "Nobody's ever complained about X, it's Y": X is no problem, Y is


@pytest.mark.parametrize("said", ["nobody's ever complained about the sharpening itself, it's getting hold of me",
                                  "no one has ever complained about the sharpening itself, it's getting hold of me"])
def test_a_denial_with_has_names_the_problem_after_it(said):
    from cjm_assistant.knowledge import denials

    kept, fine = denials.apart(said)
    assert fine == ["the sharpening itself"] and kept == ["getting hold of me"]


def test_a_denied_complaint_is_no_pain_point_and_gets_no_complaint_fix(new_map):
    journey = new_map(business="a mobile knife sharpener", offering="knife and scissor sharpening at your door, £3 a blade",
                      customers="home cooks and restaurants", kind="current", channels="phone, text",
                      journey="they text me -> I come round -> I sharpen in the van -> they pay by card",
                      problems="the van battery dies in winter; nobody's ever complained about the sharpening itself, "
                               "it's getting hold of me")
    names = [p["name"].lower() for s in journey["stages"] for p in s.get("pain_points", [])] + \
        [p["name"].lower() for p in journey.get("unplaced", [])]
    assert not any("complained" in n for n in names), names
    assert not any("complaint" in o["name"].lower() for s in journey["stages"] for o in s.get("opportunities", []))


# ---------------------------------------------------------------------------
# 11. Parking is about getting there: it sits on the visit and gets a parking answer


def test_a_parking_problem_sits_on_the_visit_with_a_parking_answer(new_map):
    journey = new_map(business="a mobile dog physio", offering="hydrotherapy-free physio for dogs at home, £55 a session",
                      customers="owners of older dogs", kind="current", channels="phone, email, website",
                      journey="they fill in the form on my website -> I ring back and book a date -> I come round "
                              "and treat the dog -> they pay by transfer",
                      problems="parking in the city centre is a nightmare; owners forget to send the vet's notes")
    stage = next(s for s in journey["stages"] for p in s.get("pain_points", []) if "parking" in p["name"].lower())
    assert "come round" in stage["name"].lower() or "visit" in stage["name"].lower(), stage["name"]
    fixes = [o["name"].lower() for o in stage.get("opportunities", [])]
    assert any("park" in f for f in fixes), fixes


@pytest.mark.parametrize("said", ["it's not that people order too much", "it isn't that people order too much",
                                  "honestly it's not that people order too much"])
def test_its_not_that_denies_what_follows(said):
    from cjm_assistant.knowledge import denials

    assert denials.denied(said) == "people order too much"


def test_its_that_names_the_problem_after_its_lead():
    from cjm_assistant.knowledge import denials

    assert denials.named("honestly, it's that the van is too small") == "the van is too small"
    assert denials.apart("it's not that people order too much, honestly, it's that the van is too small") == \
        (["the van is too small"], ["people order too much"])
    assert denials.denied("it's not working") is None
