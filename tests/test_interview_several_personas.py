"""One persona answer that names several people ("Margaret, 70, ...; and Tom, 38, ...") gives a persona each,
and the interview asks each one's questions in turn, as it would after "yes, another persona"."""

from __future__ import annotations

import pytest

from cjm_assistant.knowledge.detect import split_personas
from tests.test_interview import asking, new_interview, up_to_persona

TWO = "Retired film lover Margaret, 70, comes twice a week; and Busy parent Tom, 38, brings two kids on Saturdays"


@pytest.mark.parametrize("text, people", [
    (TWO, ["Retired film lover Margaret, 70, comes twice a week", "Busy parent Tom, 38, brings two kids on Saturdays"]),
    ("Maya, a busy mum, and Tom, a designer who works from home", ["Maya, a busy mum", "Tom, a designer who works from home"]),
    ("Sam (42) and Priya (29)", ["Sam (42)", "Priya (29)"]),
    ("Margaret: retired teacher\nTom: busy dad", ["Margaret: retired teacher", "Tom: busy dad"]),
    ("Tom is a designer and Anna is a nurse", ["Tom is a designer", "Anna is a nurse"]),
    ("Facilities manager Fiona, 45, runs three offices; IT lead Ian, 30, hates paperwork; Finance Frank, 55, pays",
     ["Facilities manager Fiona, 45, runs three offices", "IT lead Ian, 30, hates paperwork", "Finance Frank, 55, pays"]),
])
def test_an_answer_naming_several_people_is_split_into_one_each(text, people):
    assert split_personas(text) == people


@pytest.mark.parametrize("text", [
    "Runner Rob, 35, training for a marathon and a half",
    "Runner Rob, 35, training for the London Marathon and Paris, France",
    "Busy parent Priya, orders a cake twice a year",
    "Office manager Olga, 45, orders coffee and Snacks, a lot",  # the second does not open as the first did
    "a retired couple, and their grandchildren",
    "Dave",
])
def test_an_answer_about_one_person_stays_whole(text):
    assert split_personas(text) == [text]


def _two_personas_named():
    interview = new_interview()
    up_to_persona(interview)
    turn = interview.answer(TWO)
    return interview, turn


def test_both_people_become_personas_and_the_first_is_asked_about_first():
    interview, turn = _two_personas_named()
    margaret, tom = interview.state.profile.personas
    assert (margaret.name, margaret.description) == ("Retired film lover Margaret", "70, comes twice a week")
    assert (tom.name, tom.description) == ("Busy parent Tom", "38, brings two kids on Saturdays")
    assert "2 personas" in turn.note and "starting with Retired film lover Margaret" in turn.note
    assert turn.reply.startswith("What does Retired film lover Margaret want to get out of it?")


def test_the_second_persona_is_asked_about_without_a_yes_or_no_and_answers_land_on_the_right_one():
    interview, _ = _two_personas_named()
    for text in ("classic films and a comfy seat", "booking fees, small print", "the weekly email"):
        interview.answer(text)
    assert asking(interview) == "persona_goals"
    assert interview.prompt().startswith("What does Busy parent Tom want to get out of it?")
    for text in ("cheap kids screenings", "queues at the bar", "Facebook"):
        interview.answer(text)
    assert asking(interview) == "more_personas"

    margaret, tom = interview.state.profile.personas
    assert margaret.goals == ["Classic films and a comfy seat"]
    assert margaret.frustrations == ["Booking fees", "Small print"]
    assert tom.goals == ["Cheap kids screenings"]
    assert tom.frustrations == ["Queues at the bar"]
    assert tom.channels == ["Facebook"]


def test_back_from_the_second_persona_returns_to_the_first_and_comes_back_again():
    interview, _ = _two_personas_named()
    for text in ("classic films", "booking fees", "the weekly email"):
        interview.answer(text)
    turn = interview.back()
    assert asking(interview) == "persona_channels" and "Retired film lover Margaret" in turn.reply
    turn = interview.answer("the weekly email and the phone")
    assert "Now Busy parent Tom" in turn.note
    assert turn.reply.startswith("What does Busy parent Tom want to get out of it?")


def test_back_from_the_first_persona_question_removes_both_people():
    interview, _ = _two_personas_named()
    interview.back()
    assert asking(interview) == "persona_name"
    assert interview.state.profile.personas == []


def test_yes_to_another_persona_after_two_named_adds_a_third():
    interview, _ = _two_personas_named()
    for text in ("classic films", "booking fees", "email", "kids screenings", "queues", "Facebook"):
        interview.answer(text)
    interview.answer("yes")
    turn = interview.answer("Student Sara, 20, comes on cheap Tuesdays")
    assert turn.reply.startswith("What does Student Sara want to get out of it?")
    assert [p.name for p in interview.state.profile.personas] == [
        "Retired film lover Margaret", "Busy parent Tom", "Student Sara"]


async def test_in_the_tui_two_people_in_one_answer_are_both_asked_about_and_both_on_the_saved_map(tmp_path):
    from tests.support.tui import chat_texts, make_app, new_interview as tui_interview, send, wait_for

    from cjm_assistant.store import Store
    from cjm_assistant.tui.screens.review import ReviewScreen

    db = tmp_path / "cjm.db"
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await tui_interview(pilot, app)
        for text in ("The Regent, a one-screen independent cinema in Hexham with a small cafe bar",
                     "film tickets, memberships, drinks and snacks", "B2C: local film lovers and young families",
                     "they see what's on in our weekly email, book online, turn up, watch the film",
                     "current state", "weekly email, website, Facebook", TWO):
            await send(pilot, app, text)
        assert any("What does Retired film lover Margaret want" in t for t in chat_texts(app)[-2:])
        for text in ("classic films and a comfy seat", "booking fees", "the weekly email"):
            await send(pilot, app, text)
        assert any("Now Busy parent Tom, whom you named too" in t for t in chat_texts(app)[-3:])
        assert "What does Busy parent Tom want to get out of it?" in chat_texts(app)[-1]
        for text in ("cheap kids screenings", "queues at the bar before the film", "Facebook", "no"):
            await send(pilot, app, text)
        await send(pilot, app, "draft")
        for _ in range(6):  # an industry the playbook is unsure of: it asks to confirm the stages, then where
            if isinstance(app.screen, ReviewScreen):  # problems it cannot place happen
                break
            last = chat_texts(app)[-1]
            if "Say ok to keep them" in last:
                await send(pilot, app, "ok")
            elif "Which step does" in last:
                await send(pilot, app, "skip")
            else:
                break
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")
        await pilot.press("enter")
        await wait_for(pilot, lambda: Store.open(db).list_maps() != [], what="the saved map")
    with Store.open(db) as store:
        journey = store.load(store.list_maps()[0].id)
    assert [p.name for p in journey.personas] == ["Retired film lover Margaret", "Busy parent Tom"]
    assert journey.personas[1].goals == ["Cheap kids screenings"]
    assert "Tom" not in journey.personas[0].summary


# outside attack 6: five and more people, names alone, a name with a bracket, an emoji or a quoted nickname
@pytest.mark.parametrize("text, people", [
    ("Zoe, 20, student; Max, 22, student; Ann, 60, retired; Bob, 61, retired; Cy, 40, teacher",
     ["Zoe, 20, student", "Max, 22, student", "Ann, 60, retired", "Bob, 61, retired", "Cy, 40, teacher"]),
    ("Anna, 30; Ben, 31; Cara, 32; Dan, 33; Eve, 34; Finn, 35; Gus, 36",
     ["Anna, 30", "Ben, 31", "Cara, 32", "Dan, 33", "Eve, 34", "Finn, 35", "Gus, 36"]),
    ("Ana, Ben, Carl, Dana, Eve and Fred", ["Ana", "Ben", "Carl", "Dana", "Eve", "Fred"]),
    ("Ana\nBen\nCarl", ["Ana", "Ben", "Carl"]),
    ("Dr. Smith, a GP, and Nurse Jones", ["Dr. Smith, a GP", "Nurse Jones"]),
    ("Li Wei (李伟), 28, and Ahmed, 40", ["Li Wei (李伟), 28", "Ahmed, 40"]),
    ("😀 Zoe, 20 🎬, and 🍿 Max", ["😀 Zoe, 20 🎬", "🍿 Max"]),
    ("\"Big\" Mike, 50, and 'Little' Lou, 8", ["\"Big\" Mike, 50", "'Little' Lou, 8"]),
])
def test_every_person_of_a_longer_or_odder_answer_is_a_persona(text, people):
    assert split_personas(text) == people


@pytest.mark.parametrize("text", ["Margaret, Retired", "Runner Rob, 35, sore knee, trains with Strava and Garmin",
                                  "Priya, busy mum of two, orders via Instagram and WhatsApp"])
def test_a_name_and_what_they_use_or_are_stays_one_person(text):
    assert split_personas(text) == [text]


@pytest.mark.parametrize("text, name, summary", [
    ("\"Big\" Mike, 50", "Big Mike", "50"), ("'Little' Lou, 8", "Little Lou", "8"),
    ("Li Wei (李伟), 28", "Li Wei (李伟)", "28"), ("Runner Rob (marathon runner), 35", "Runner Rob", "Marathon runner, 35"),
    ("Sam (42)", "Sam", "42"),
])
def test_quotes_and_brackets_in_a_name_are_kept_whole_or_moved_to_the_summary(text, name, summary):
    from cjm_assistant.knowledge.detect import persona_name_and_summary

    assert persona_name_and_summary(text) == (name, summary)


def test_examples_for_a_persona_s_answers_fit_anyone_asked_about():
    # the goals/frustrations/channels examples are shown for each person in turn (Tom as well as Margaret):
    # "a time that suits her" under Tom's goals read as a mistake
    import re

    from cjm_assistant.knowledge.questions import script

    s = script()
    shown = [(q.key, q.example) for q in s.questions if q.persona and q.key != "persona_name"]
    shown += [(key, ex) for kind in s.examples.values() for key, ex in kind.items()
              if key.startswith("persona_") and key != "persona_name"]
    assert shown
    gendered = [(key, ex) for key, ex in shown if re.search(r"\b(?:she|he|her|his|him|hers)\b", ex, re.I)]
    assert gendered == []


@pytest.mark.parametrize("answer, people", [
    ("Helen, 45, whose kids learn piano; and Mr Okafor, music teacher at a primary school", 2),
    ("Sue, 50, runs the office\nDev, the IT guy", 2),
    ("Sue, 50, runs the office; and Dev, the IT guy who orders", 2),
    ("Music teacher Helen, 50, recommends me; and school bursar Mr Patel, 45, needs an invoice", 2),
])
def test_after_a_semicolon_or_a_new_line_a_person_may_open_differently_from_the_first(answer, people):
    # the second person used to stay in the first one's description: they opened with a role, not an age
    assert len(split_personas(answer)) == people


@pytest.mark.parametrize("answer", [
    "Helen, 45, whose kids learn piano; she books by phone, Tuesdays",
    "Sue, 50, runs the office; Mondays, a quiet day for her",
    "Sue, 50, runs the office; Instagram, likes the stories",
    "Runner Rob, 35, training for a marathon; likes Strava, Garmin",
    "Sue, 50, runs the office; open 9, 5 days a week",
])
def test_what_follows_a_semicolon_about_the_same_person_stays_with_them(answer):
    assert split_personas(answer) == [answer]
