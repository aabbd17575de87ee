"""Faults found walking the TUI as a driving school and as a locksmith (walk 18): a trade that goes to its customers
gets no check-in desk nor waiting room, an emergency call-out is a stressed moment with no appointment reminders, a
reorder reminder only where something is reordered, and a lesson business has a stage for its lessons."""

from __future__ import annotations

import pytest

from cjm_assistant.domain.profile import Profile
from cjm_assistant.engines.playbook import compose_with_notes
from cjm_assistant.knowledge import kinds


def _map(**answers):
    answers.setdefault("kind", "current")
    return compose_with_notes(Profile(**answers))[0]


def _said(journey) -> str:
    """Every inferred word the owner reads on the map: stages, touchpoints, pain points, fixes and measures."""
    parts = []
    for s in journey.stages:
        parts += [s.name, s.goal, *(a.text for a in s.actions), *(t.text for t in s.thoughts)]
        parts += [f"{tp.name} {tp.description}" for tp in s.touchpoints]
        parts += [f"{p.name} {p.description}" for p in s.pain_points if p.provenance != "user"]
        parts += [f"{o.name} {o.description}" for o in s.opportunities]
        parts += [k.name for k in s.kpis]
    return " ".join(parts).casefold()


# -- a trade that goes to its customers ---------------------------------------------------------------------------

TRADES = [
    dict(business_name="Dave's Locks", description="Dave's Locks, a locksmith in Leeds",
         offering="lock changes, uPVC door repairs", customers="homeowners and landlords",
         channels=["Phone", "Google Search"]),
    dict(business_name="Clearview Glazing", description="Clearview Glazing, a glazier in York",
         offering="replacement windows, misted glass units", customers="homeowners and landlords",
         channels=["Phone", "Website", "Facebook"], journey="replacing a misted window"),
    dict(business_name="Dripfix", description="Dripfix, a plumber in Hull", offering="leaks, taps, toilets",
         customers="homeowners", channels=["Phone"]),
]


@pytest.mark.parametrize("answers", TRADES, ids=["locksmith", "glazier", "plumber"])
def test_a_trade_that_works_in_the_customers_home_has_no_check_in_nor_waiting_room(answers):
    said = _said(_map(**answers))
    for premises in ("checks in", "waiting time", "waiting room", "at reception", "on arrival", "am i in the right place"):
        assert premises not in said, (premises, said)


def test_the_glaziers_visit_is_waiting_at_home_for_them_to_arrive():
    actions = [a.text for s in _map(**TRADES[1]).stages for a in s.actions]
    assert "Waits at home for the agreed time" in actions, actions


@pytest.mark.parametrize("text", [
    "Keys Cut While You Wait, a locksmith's shop in Derby: people come in for keys cut and locks",
    "Frame and Glass, a glazier with a shop on the high street, customers bring broken panes into our shop",
])
def test_a_trade_with_its_own_counter_customers_come_to_is_no_visiting_trade(text):
    assert not kinds.comes_to_customer(text)


@pytest.mark.parametrize("text", ["a locksmith in Leeds", "Dripfix plumbing and heating, Hull",
                                  "we are glaziers covering York", "an electrician, domestic rewires"])
def test_a_trade_named_is_a_trade_that_comes_to_the_customer(text):
    assert kinds.comes_to_customer(text)


def test_shops_among_a_trades_customers_are_no_counter_of_its_own():
    """Walk 18, a glazier: "homeowners after a break-in, landlords, shops" are who it works for, not its shop."""
    assert kinds.comes_to_customer("Shatterproof, a glazier in Norwich. homeowners after a break-in, landlords, shops",
                                   own="Shatterproof, a glazier in Norwich")


def test_a_salon_still_has_customers_arrive_and_check_in():
    journey = _map(business_name="Shear Joy", description="Shear Joy, a hair salon in Leeds",
                   offering="cuts and colour", customers="local women", channels=["Instagram", "Phone"],
                   journey="booking an appointment")
    actions = [a.text for s in journey.stages for a in s.actions]
    assert "Checks in at reception" in actions, actions


# -- an emergency call-out ----------------------------------------------------------------------------------------

LOCKOUT = dict(business_name="Quick Keys", description="Quick Keys, a locksmith in Bristol",
               offering="emergency lockouts, lock changes", customers="people locked out of their homes",
               channels=["Phone", "Google Search"], journey="emergency lockout")


def test_the_emergency_moment_of_a_call_out_is_stressed_not_neutral():
    first = _map(**LOCKOUT).stages[0]
    assert first.emotion < 0, (first.name, first.emotion)
    assert "occasion" not in " ".join(a.text for a in first.actions).casefold()


def test_an_emergency_call_out_has_no_day_before_call_reminders_nor_no_shows():
    said = _said(_map(**LOCKOUT))
    for appointment in ("the day before", "reminder", "no-show", "late cancellation"):
        assert appointment not in said, (appointment, said)


def test_a_planned_visit_by_a_trade_keeps_its_call_the_day_before():
    """The other side: a glazier fitting a window on an agreed day calls the day before."""
    said = _said(_map(**TRADES[1]))
    assert "the day before" in said, said


# -- reorder reminders only where things are reordered ---------------------------------------------------------------

def test_a_locksmith_is_offered_no_occasion_and_reorder_reminders():
    names = [o.name for s in _map(**LOCKOUT).stages for o in s.opportunities]
    names += [o.name for s in _map(**TRADES[1]).stages for o in s.opportunities]
    assert "Occasion and reorder reminders" not in names, names


def test_a_cake_maker_is_still_offered_occasion_and_reorder_reminders():
    journey = _map(business_name="Sweet Crumbs", description="Sweet Crumbs, a bakery making celebration cakes",
                   offering="custom birthday cakes", customers="parents planning parties",
                   channels=["Instagram", "Email"])
    names = [o.name for s in journey.stages for o in s.opportunities]
    assert "Occasion and reorder reminders" in names, names


# -- a lesson business ---------------------------------------------------------------------------------------------

DRIVING = dict(business_name="Smooth Start Driving School",
               description="Smooth Start Driving School in Norwich, me and two other instructors",
               offering="driving lessons in manual and automatic cars", customers="learners aged 17 to 25",
               channels=["Phone", "Website"], journey="first lesson to passing the test",
               problems=["people cancel lessons the night before", "instructors who cancel last minute"])


def test_a_driving_school_has_a_lessons_stage_where_cancelled_lessons_go():
    journey = _map(**DRIVING)
    lessons = [s for s in journey.stages if "lesson" in s.name.casefold()]
    assert lessons, [s.name for s in journey.stages]
    placed = {p.name.casefold(): s.name for s in journey.stages for p in s.pain_points}
    assert placed.get("people cancel lessons the night before") == lessons[0].name, placed
    assert placed.get("instructors who cancel last minute") == lessons[0].name, placed


def test_a_course_that_ends_with_a_test_has_no_re_enrolment():
    journey = _map(**DRIVING)
    names = [s.name for s in journey.stages]
    assert "Re-enrolment" not in names, names
    assert "test" in names[-1].casefold(), names
    said = _said(journey)
    assert "next term" not in said and "re-enrol" not in said, said


def test_a_language_school_with_terms_still_re_enrols():
    journey = _map(business_name="Lingua", description="Lingua, a language school in Brighton",
                   offering="English courses, ten-week terms", customers="adult learners",
                   channels=["Website", "Email"], journey="enrolment to the next term")
    assert "Re-enrolment" in [s.name for s in journey.stages]


# -- the interview's examples: a thing left with us, a trade that comes out ------------------------------------------

def _journey_example(*answers: str) -> str:
    from cjm_assistant.engines.playbook import PlaybookEngine
    from cjm_assistant.interview import Interview

    interview = Interview(PlaybookEngine())
    for text in answers:
        interview.answer(text)
        if interview.state.follow_up:
            interview.answer("skip")
    assert interview.question is not None and interview.question.key == "journey"
    return interview.prompt().split("For example:")[1]


@pytest.mark.parametrize("answers", [
    ("Frame It, a picture framer in Bath", "bespoke picture framing, mounts and box frames",
     "B2C: people with prints, photos and artwork"),
    ("Spokes, bike repair in Leeds", "bike repairs and servicing from £40", "B2C: commuters and families"),
    ("Stitch, tailor alterations in Hull", "hemming, taking in, zips", "B2C: local people"),
], ids=["framer", "bike-repair", "tailor"])
def test_work_on_the_customers_own_thing_is_shown_the_example_of_leaving_it_with_us(answers):
    from cjm_assistant.knowledge.questions import script

    example = _journey_example(*answers)
    assert script().examples["left"]["journey"] in example, example


@pytest.mark.parametrize("own", ["Heatwise, boiler repairs and servicing in Leeds",
                                 "Oakline, timber framing and building alterations",
                                 "Pixel, tailored websites for small firms"])
def test_work_where_the_thing_stays_or_another_sense_is_not_left_with_us(own):
    assert not kinds.works_on_their_thing(own)


def test_a_locksmith_is_shown_the_example_of_a_trade_that_comes_out():
    from cjm_assistant.knowledge.questions import script

    example = _journey_example("Dave's Locks, a locksmith in Leeds", "lock changes, uPVC door repairs",
                               "B2C: homeowners, landlords and a few shops")
    assert script().examples["visiting"]["journey"] in example, example


def test_a_shop_selling_frames_is_still_shown_a_shops_example():
    from cjm_assistant.knowledge.questions import script

    example = _journey_example("Frame Depot, an online shop selling ready-made photo frames",
                               "photo frames and albums, shipped UK-wide", "B2C: people buying gifts")
    assert script().examples["product"]["journey"] in example, example


def test_a_bike_repairers_map_has_the_bike_left_with_it_not_a_waiting_room():
    journey = _map(business_name="Spokes", description="Spokes, bike repair in Leeds",
                   offering="bike repairs and servicing from £40", customers="commuters and families",
                   channels=["Phone", "Instagram"])
    actions = [a.text for s in journey.stages for a in s.actions]
    assert "Leaves it with them or has it collected" in actions, actions
    assert "Arrives and checks in" not in actions, actions


# -- the persona question answered with problems ---------------------------------------------------------------------

GLAZIER_ANSWERS = ["Shatterproof, a glazier in Norwich. Me and one fitter, emergency boarding up, 24 hours",
                   "emergency boarding up from £95, replacement glass from £120 fitted",
                   "homeowners after a break-in, landlords, shops", "an emergency call-out at night", "current",
                   "phone, google, checkatrade"]
PROBLEMS = ("people ring round three glaziers and go with whoever answers; at 2am nobody wants to wait more than "
            "an hour; they think the boarding up price includes the new glass")


def _at_persona_question():
    from cjm_assistant.engines.playbook import PlaybookEngine
    from cjm_assistant.interview import Interview

    interview = Interview(PlaybookEngine())
    for text in GLAZIER_ANSWERS:
        interview.answer(text)
        if interview.state.follow_up:
            interview.answer("skip")
    assert interview.question is not None and interview.question.key == "persona_name"
    return interview


def test_problems_given_for_the_persona_are_kept_as_problems_and_a_person_is_asked_for():
    interview = _at_persona_question()
    turn = interview.answer(PROBLEMS)
    assert "kept them as problems" in turn.reply, turn.reply
    assert "give them a name" in turn.reply
    profile = interview.state.profile
    assert profile.personas == [], profile.personas
    assert [p.casefold() for p in profile.problems] == [
        "people ring round three glaziers and go with whoever answers",
        "at 2am nobody wants to wait more than an hour",
        "they think the boarding up price includes the new glass"], profile.problems
    interview.answer("Homeowner Pat, 72, came home to a smashed back door")
    assert [p.name for p in interview.state.profile.personas] == ["Homeowner Pat"]
    assert interview.question.key == "persona_goals"


def test_a_person_with_frustrations_is_still_a_persona():
    interview = _at_persona_question()
    interview.answer("Landlord Sue, owns six flats; she never gets a call back from glaziers")
    personas = interview.state.profile.personas
    assert [p.name for p in personas] == ["Landlord Sue"], personas
    assert interview.state.profile.problems == []


def test_a_lesson_called_off_at_short_notice_is_on_the_repeated_lessons_not_the_first_one():
    journey = _map(business_name="Ripple Swim School", description="Ripple Swim School, swimming teacher in Exeter",
                   offering="children's swimming lessons, 30 minutes", customers="parents of 4 to 10 year olds",
                   channels=["Phone", "Facebook"],
                   journey="parents message us, first lesson to assess them, weekly lessons, badges, moving up",
                   problems=["parents cancel with under 24 hours notice"])
    placed = {p.name.casefold(): s.name for s in journey.stages for p in s.pain_points}
    assert placed.get("parents cancel with under 24 hours notice", "").casefold() == "weekly lessons", placed


def test_notice_given_well_ahead_is_no_last_minute_cancellation():
    journey = _map(business_name="Iron Works", description="Iron Works, a gym in Leeds",
                   offering="memberships and classes", customers="local adults", channels=["Instagram", "Website"],
                   problems=["members cancel with a month's notice"])
    placed = {p.name.casefold(): s.name for s in journey.stages for p in s.pain_points}
    stage = placed.get("members cancel with a month's notice", "")
    assert not any(w in stage.casefold() for w in ("book", "before", "confirm", "prepar")), placed


def test_a_music_teachers_own_steps_read_as_lessons_an_exam_and_the_next_term():
    """Walk 18, a music teacher: "weekly lessons" had a delivery's goal, "next term" was not read as carrying on
    (so a second 'Re-enrolment' stage was added after it), and "grade exam" read as receiving something."""
    journey = _map(business_name="Fifth Street Music",
                   description="Fifth Street Music, I'm a piano and guitar teacher in Bath, lessons at my home studio",
                   offering="30 minute lessons £22, termly blocks of 10, grade exam preparation",
                   customers="children whose parents pay, and some adults", channels=["Website", "Facebook"],
                   journey="a parent enquires, trial lesson, weekly lessons, grade exam, next term")
    stages = {s.name: s for s in journey.stages}
    assert list(stages)[-1] == "Next term" and "Re-enrolment" not in stages, list(stages)
    assert "Come to lessons week after week" in stages["Weekly lessons"].goal
    exam = " ".join(a.text for a in stages["Grade exam"].actions).casefold()
    assert "receives it" not in exam, exam
