"""Issue 11, round 14: an opportunity answers its pain point in the pain point's own sense, and a business nobody
tuned for is not read as the trade of the things it works on or its customers have. Each test is phrased from a
rule, never from a business: the answers are built here for trades that are in no example, dev or held-out case."""

from __future__ import annotations

import pytest

from cjm_assistant.knowledge import detect, sense
from cjm_assistant.knowledge.catalogue import load


def _answers(journey: dict, *words: str) -> list[str]:
    """The names of the opportunities that address the pain point whose name has all of ``words``."""
    for stage in journey["stages"]:
        for pain in stage["pain_points"]:
            if all(w in pain["name"].lower() for w in words):
                return [o["name"] for o in stage["opportunities"] if pain["id"] in o["addresses"]]
    raise AssertionError(f"no pain point with {words}: " + "; ".join(
        p["name"] for s in journey["stages"] for p in s["pain_points"]))


_CLIMBING = dict(business="a climbing centre with bouldering walls and a cafe", offering="taster sessions, courses and "
                 "school group visits", customers="families, students, school groups", kind="current",
                 channels="website, phone, email, Instagram",
                 journey="they find us online -> they book a session -> they arrive, pay at the desk and sign the "
                         "waiver -> induction on the wall -> they climb and leave their things in the lockers -> "
                         "they come back")


# ---------------------------------------------------------------------------
# 1. The sense of a shared word: what a compound is about, a thing and an act, a word that is no topic


@pytest.mark.parametrize("problem,fix,word", [
    ("the schools need our risk assessment every term", "Spot at-risk customers early", "risk"),
    ("our inspection reports go to the wrong email", "Before-and-after job report", "report"),
    ("the volunteers can't read each other's writing in the log", "Let customers choose how often we write", "write"),
    ("we keep the spare keys and phones in a drawer", "Call-back option", "phone"),
    ("the coffee is only gluten free on Fridays", "Reachable when customers are free", "free"),
    ("the kids lose their booking cards", "24/7 online booking", "book"),
])
def test_a_word_shared_in_another_sense_is_no_topic_in_common(problem, fix, word):
    assert word in sense.mismatched(problem, fix)


@pytest.mark.parametrize("problem,fix", [
    ("stock on the web shop isn't live", "Show availability and lead times"),
    ("three separate invoices a month", "One monthly invoice for every job"),
    ("no confirmation the parcel was delivered", "Clear written confirmation"),
])
def test_a_word_shared_in_the_same_sense_still_counts(problem, fix):
    kb = load()
    op = next(o for o in kb.opportunities.values() if o.name == fix)
    from cjm_assistant.knowledge import relevance
    shared = relevance.shared(relevance.stems(problem), op.name)
    assert shared and shared - sense.mismatched(problem, op.name, op.description)


def test_a_risk_assessment_is_not_answered_by_spotting_customers_at_risk(new_map):
    journey = new_map(**_CLIMBING, problems="teachers need our risk assessment before they book and have to ask "
                                            "for it each time")
    names = _answers(journey, "risk assessment")
    assert not any("at-risk" in n.lower() for n in names), names
    assert not any("online booking" in n.lower() for n in names), names  # when it happens is not what goes wrong


def test_somewhere_to_leave_things_is_answered_by_a_safe_place_not_a_call_back(new_map):
    journey = new_map(**_CLIMBING, problems="nowhere safe to leave the car keys and phones while they climb")
    names = _answers(journey, "keys")
    assert not any("call-back" in n.lower() for n in names), names
    assert any("somewhere safe to leave" in n.lower() for n in names), names


def test_a_call_back_answers_only_not_getting_through(new_map):
    journey = new_map(**_CLIMBING, problems="people ring up upset when they book a session")
    assert not any("call-back" in n.lower() for n in _answers(journey, "upset"))


def test_a_phone_line_open_only_some_hours_is_getting_through_and_gets_a_call_back(new_map):
    """Found on the ninth validation set (a debt-advice charity): once a call-back answered only not getting through,
    "the phone line is only open 10 till 2" got no suggestion at all; people reach the line only then."""
    journey = new_map(**_CLIMBING, problems="the phone line is only open 10 till 2")
    assert any("call-back" in n.lower() for n in _answers(journey, "phone line")), _answers(journey, "phone line")


def test_people_complaining_to_someone_else_get_no_complaint_process(new_map):
    journey = new_map(**_CLIMBING, problems="the neighbours complain about the noise when people climb")
    assert not any("complaint handling" in n.lower() for n in _answers(journey, "neighbours"))


# ---------------------------------------------------------------------------
# 2. A topic's stock answer only in the topic's sense; a direct answer in good grammar


def test_hearing_a_sample_before_paying_is_a_preview_not_a_hearing_loop(new_map):
    journey = new_map(business="a mobile DJ for weddings and parties", offering="DJ sets, lights and a playlist "
                      "planned with the couple", customers="couples getting married, people planning birthdays",
                      kind="current", channels="website, Instagram, email",
                      journey="they enquire -> we plan the playlist -> they pay the deposit -> the party",
                      problems="she can't hear a sample mix before paying the deposit")
    names = _answers(journey, "sample")
    assert not any("hearing loop" in n.lower() for n in names), names
    assert any("preview" in n.lower() for n in names), names


def test_hearing_from_the_back_still_gets_the_sound_answer(new_map):
    journey = new_map(**_CLIMBING, problems="people can't hear the instructor at the induction")
    assert any("hearing loop" in n.lower() or "sound" in n.lower() for n in _answers(journey, "hear")), \
        _answers(journey, "hear")


def test_a_full_diary_is_a_business_booked_up_not_one_short_of_diaries(new_map):
    journey = new_map(**_CLIMBING, problems="the diary is full for weeks so people can't book a session")
    names = _answers(journey, "diary")
    assert not any("more diaries" in n.lower() for n in names), names
    assert any("waiting list" in n.lower() for n in names), names


def test_a_thing_that_drops_signal_gets_a_reliable_signal_in_good_grammar(new_map):
    journey = new_map(**_CLIMBING, problems="the card machine drops signal when they pay at the desk")
    names = _answers(journey, "card machine")
    assert not any("reliable signal" in n.lower() and "a reliable signal" not in n.lower() for n in names), names
    assert any(n.startswith("Give the card machine a reliable signal") for n in names), names


# ---------------------------------------------------------------------------
# 3. What its customers have is not what a business is


def test_what_the_customers_have_is_not_what_the_business_is():
    industry, confidence = detect.industry_match(
        "Solar Sorted - we clean and service solar panels", "panel cleaning and bird guards",
        "people who've just got an electric car and solar, farms with a barn roof full of panels")
    assert industry != "car-dealer" or confidence < detect.CONFIDENT, (industry, confidence)


def test_a_map_for_a_charger_fitter_has_no_car_sales_stages(new_map):
    journey = new_map(business="Plug Point - we fit home electric car chargers, me and two electricians",
                      offering="supply and fit wall chargers from £850", customers="people who've just got an "
                      "electric car, a few landlords", kind="current", channels="website, phone, email",
                      journey="they fill in the form -> they send photos of the fuse box -> we quote -> "
                              "install day -> we set up the app",
                      problems="the photos are blurry so the quote is wrong")
    stages = " | ".join(s["name"] for s in journey["stages"]).lower()
    assert "test drive" not in stages and "showroom" not in stages and "need a car" not in stages, stages


# ---------------------------------------------------------------------------
# 4. Where nothing in the catalogue fits, a remedy from the problem's own words, in good grammar


def test_papers_that_reach_one_inbox_get_a_remedy_that_copies_everyone_in(new_map):
    journey = new_map(business="a drone survey firm for roofers", offering="roof surveys with photos and a report",
                      customers="roofing firms, building managers", kind="current", channels="website, email, phone",
                      journey="they email a request -> we fly the survey -> we send the report -> they pay the invoice",
                      problems="our survey reports go to one email address and the roofer on site never sees them")
    names = _answers(journey, "survey reports")
    assert any("who gets our survey reports" in n and "copy them all in" in n for n in names), names


def test_neighbours_who_complain_are_told_before_it_happens(new_map):
    journey = new_map(**_CLIMBING, problems="the neighbours complain about the noise when people climb")
    names = _answers(journey, "neighbours")
    assert any(n.startswith("Tell the neighbours before it happens") for n in names), names


@pytest.mark.parametrize("problem,expected", [
    ("customers can't try the jackets on at the market", "Make room to try the jackets on at the market"),
    ("couples want to see the running order before the day", "Let people see the running order first"),
    ("we never get the delivery notes, they go to head office", "Let each customer name who gets the delivery notes"),
])
def test_a_remedy_is_written_from_the_problem_s_own_words(problem, expected):
    from cjm_assistant.knowledge import remedies

    fix = remedies.remedy(problem)
    assert fix is not None and fix.name.startswith(expected), fix


def test_a_machine_that_keeps_tripping_is_made_reliable():
    from cjm_assistant.knowledge.rephrase import rephrase

    assert rephrase("the kiln keeps tripping on firing nights").name == "Make the kiln reliable on firing nights"


# ---------------------------------------------------------------------------
# 5. A direct answer reads as English, and "leave" means leaving for good only when nothing is left behind


@pytest.mark.parametrize("problem,expected", [
    ("nobody knows who's booked on the minibus", "Make sure someone knows who's booked on the minibus"),
    ("members leave after the first month", "Check in with members before they leave after the first month"),
])
def test_a_direct_answer_keeps_the_owner_s_tense_and_sense(problem, expected):
    from cjm_assistant.knowledge.rephrase import rephrase

    assert rephrase(problem).name == expected


@pytest.mark.parametrize("problem", ["callers leave voicemails that nobody hears",
                                     "the queue is long and people leave before they're seen"])
def test_leaving_something_or_leaving_a_queue_is_not_leaving_for_good(problem):
    from cjm_assistant.knowledge.rephrase import rephrase

    fix = rephrase(problem)
    assert fix is None or "before they leave" not in fix.name, fix


@pytest.mark.parametrize("name", ["Tell parents about the for a child not at school", "Make sure the rang in may"])
def test_a_fix_with_a_preposition_or_a_past_verb_after_the_is_garbled(name):
    from cjm_assistant.knowledge.rephrase import garbled

    assert garbled(name)


def test_things_left_at_the_door_when_closed_get_a_drop_off_remedy():
    from cjm_assistant.knowledge import remedies

    fix = remedies.remedy("customers leave boxes of returns outside the unit after we close")
    assert fix is not None and fix.name.startswith("Say when and where to drop boxes off"), fix


@pytest.mark.parametrize("problem,fix,word", [
    ("it was forced on him with one training session", "Train a champion on each site", "train"),
    ("the delivery window is a whole day", "Tell people the delivery time", "deliver"),
    ("stock shortages every Friday", "Keep more stock", "stock"),
])
def test_a_noun_saying_when_or_how_much_leaves_the_topic_to_the_noun_before_it(problem, fix, word):
    """"one training session" is about training, "stock shortages" about stock (the held-out fix column fell when
    every noun before another was read as only saying which kind of it)."""
    assert word not in sense.mismatched(problem, fix)
