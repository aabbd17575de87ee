"""Session 23, w23: interview and TUI leftovers, each reproduced as a user first."""

from __future__ import annotations

import pytest

from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.interview.flow import Interview


def _at_the_data_question() -> Interview:
    interview = Interview(PlaybookEngine())
    for said in ("Mugwise, handmade ceramic mugs sold online through our own shop", "mugs", "B2C"):
        interview.answer(said)
    while interview.question.key != "data":
        interview.answer("skip")
    return interview


@pytest.mark.parametrize("said", ["None", "none really", "nothing yet", "we don't have any", "no data",
                                  "nothing really", "we have no data"])
def test_saying_there_is_no_data_is_an_answer(said):
    """"none really" at the data question was asked again ("“none really” is a start. Which data..."), and the
    next answer, meant for the goal, was taken as data. Saying there is none is an answer: the goal comes next,
    and the goal answer is the goal."""
    interview = _at_the_data_question()
    interview.answer(said)
    assert interview.question.key == "goal"
    interview.answer("fewer abandoned baskets")
    assert interview.state.profile.data == []
    assert interview.state.profile.goal == "fewer abandoned baskets"


def test_unsure_about_data_is_still_asked_about():
    """"dunno really, the usual" names nothing and says not knowing: still asked once more (not taken as none)."""
    interview = _at_the_data_question()
    turn = interview.answer("dunno really, the usual")
    assert interview.question.key == "data" or "Which data" in turn.reply


# -- 2. one review at a time; what was typed is never lost nor glued to other words ---------------------------------

def _hold_the_next_instruction(app):
    """The next instruction waits (cjm busy) until the returned event is set."""
    import threading

    session, release = app.session, threading.Event()
    instruct = session.instruct

    def held(*args, **kwargs):
        session.instruct = instruct
        release.wait(10)
        return instruct(*args, **kwargs)

    session.instruct = held
    return release


async def test_a_message_typed_ahead_waits_for_the_open_review(tmp_path):
    """Sent while cjm worked out a proposal, a second instruction was sent as soon as the first proposal's review
    opened, and a second review screen opened over it. It waits for the decision, then gets its own review."""
    from cjm_assistant.tui.screens.review import ReviewScreen
    from cjm_assistant.tui.widgets.chat_input import ChatInput
    from tests.support.tui import example_map, make_app, open_saved, saved_map, settle, wait_for

    db = tmp_path / "cjm.db"
    map_id = saved_map(db, example_map())
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_saved(pilot, app, map_id)
        release = _hold_the_next_instruction(app)
        app.screen.query_one(ChatInput).focus()
        await pilot.press(*"add a stage called Aftercare", "enter")
        await wait_for(pilot, lambda: app.main.driver.busy, what="cjm to be busy")
        await pilot.press(*"add a stage called Referral", "enter")
        await pilot.pause()
        release.set()
        await settle(pilot, app)
        await pilot.pause(0.3)
        await settle(pilot, app)
        assert [type(s) for s in app.screen_stack].count(ReviewScreen) == 1
        await pilot.press("enter")  # accepts the first: the second is sent, and reviewed on its own
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.main.map_pane.reviewing
                       and "Referral" in str(app.screen.proposal.parts), what="the second review")
        assert [type(s) for s in app.screen_stack].count(ReviewScreen) == 1
        await pilot.press("enter")
        await settle(pilot, app)
        names = [s.name for s in app.session.journey.stages]
        assert "Aftercare" in names and "Referral" in names, names


async def test_words_typed_over_the_review_are_not_glued_to_the_box(tmp_path):
    """Words typed over the review were put after what the chat box held ("draft words rename ..."), one message
    of two. The box keeps its words; those typed over the review are kept on their own (Up brings them back)."""
    import time

    from cjm_assistant.tui.screens import review
    from cjm_assistant.tui.screens.review import ReviewScreen
    from cjm_assistant.tui.widgets.chat_input import ChatInput
    from tests.support.tui import chat_texts, example_map, make_app, open_saved, saved_map, settle, wait_for

    db = tmp_path / "cjm.db"
    map_id = saved_map(db, example_map())
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_saved(pilot, app, map_id)
        release = _hold_the_next_instruction(app)
        box = app.screen.query_one(ChatInput)
        box.focus()
        await pilot.press(*"add a stage called Aftercare", "enter")
        await wait_for(pilot, lambda: app.main.driver.busy, what="cjm to be busy")
        await pilot.press(*"why is delivery sad?")  # not sent yet
        release.set()
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the review")
        await pilot.press(*"rename Discover to Find us")
        time.sleep(review.TYPING_PAUSE + 0.1)
        await pilot.press("enter")
        await settle(pilot, app)
        assert "Aftercare" in [s.name for s in app.session.journey.stages]
        assert box.text == "why is delivery sad?"
        assert box.sent[-1] == "rename Discover to Find us"
        assert any("rename Discover to Find us" in t and "Up" in t for t in chat_texts(app))


# -- 3. a stage overflow says the limit in one sentence and keeps the map -----------------------------------------

def _full_map(extra: int = 0):
    from cjm_assistant.domain.model import MAX_STAGES, JourneyMap
    from tests.support.tui import example_map

    data = example_map().model_dump(mode="json")
    data["stages"] += [{"id": f"st{900 + i}", "name": f"Extra step {i + 1}"}
                       for i in range(MAX_STAGES - len(data["stages"]) + extra)]
    return data if extra else JourneyMap.model_validate(data)


async def test_a_stage_past_the_limit_in_the_live_app_says_the_limit_and_keeps_the_map(tmp_path):
    """At 60 stages, "/add stage" said "a map can hold at most 60 stages; this one has 61" (it had 60), and a
    61-stage map imported showed pydantic's "stages: List should have at most 60 items after validation, not 61".
    Both now say the limit in one sentence; the map stays as it was."""
    import json

    from cjm_assistant.domain.model import MAX_STAGES
    from tests.support.tui import chat_texts, make_app, open_saved, saved_map, send

    db = tmp_path / "cjm.db"
    map_id = saved_map(db, _full_map())
    big = tmp_path / "big.json"
    big.write_text(json.dumps(_full_map(extra=1)), encoding="utf-8")
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_saved(pilot, app, map_id)
        await send(pilot, app, "/add stage Referral")
        said = chat_texts(app)[-1]
        assert f"at most {MAX_STAGES} stages" in said and f"has {MAX_STAGES} already" in said, said
        assert said.count(". ") == 0 and "\n" not in said
        await send(pilot, app, f"/import {big}")
        said = chat_texts(app)[-1]
        assert f"at most {MAX_STAGES}" in said and "List should have" not in said and "validation" not in said, said
        assert app.session.map_id == map_id and len(app.session.journey.stages) == MAX_STAGES
        assert app.session.head == 1


# -- 4. an offering taken from the business description has no quote marks ----------------------------------------

@pytest.mark.parametrize("said", ["Drawline, a small studio selling 'Plotter', a planning app for architects",
                                  "Drawline makes “Plotter”, a planning app for architects",
                                  'Drawline sells "Plotter" to architects'])
def test_an_offering_named_in_quote_marks_is_kept_without_them(said):
    from cjm_assistant.engines.playbook import PlaybookEngine

    interview = Interview(PlaybookEngine())
    interview.answer(said)
    assert interview.state.profile.offering == "Plotter"
    assert PlaybookEngine().propose_map(interview.state.profile).journey.business.offering == "Plotter"


def test_quote_marks_go_but_apostrophes_stay():
    from cjm_assistant.knowledge.detect import offering_phrase

    assert offering_phrase("we sell 'Plotter' and ‘Drafter’ subscriptions") == "Plotter and Drafter subscriptions"
    assert offering_phrase("we sell Sam's famous pies") == "Sam's famous pies"


# -- 5. a step the owner says happens on a channel is a touchpoint of that step --------------------------------------

def _map_for_channels(said: str):
    from cjm_assistant.engines.playbook import PlaybookEngine

    interview = Interview(PlaybookEngine())
    for answer in ("Ledgerly, accounting software for small firms, sold online to businesses", "monthly subscriptions",
                   "B2B: small accounting firms", "skip", "skip"):
        interview.answer(answer)
    assert interview.question.key == "channels"
    interview.answer(said)
    return PlaybookEngine().propose_map(interview.state.profile).journey


@pytest.mark.parametrize("said, demo", [("LinkedIn, our website, and we do Zoom demos", "Zoom demos"),
                                        ("LinkedIn, our website, demos on Teams", "Demos on Teams"),
                                        ("LinkedIn, website, Teams demos", "Teams demos")])
def test_zoom_or_teams_demos_are_a_demo_touchpoint(said, demo):
    """"we do Zoom demos" gave the video call an "Intro call", a "Kick-off call"... and no demo: the demo the owner
    named is a touchpoint on the video channel, on the stage where customers look closer and decide."""
    journey = _map_for_channels(said)
    found = [(s.name, t) for s in journey.stages for t in s.touchpoints if "demo" in t.name.casefold()]
    assert [t.name for _, t in found] == [demo], found
    stage, touchpoint = found[0]
    assert touchpoint.channel in [c.name for c in journey.channels]
    assert stage in [s.name for s in journey.stages[:3]]  # before the sign-up, not at the renewal


def test_a_channel_that_is_only_a_call_gets_no_extra_touchpoint():
    """"we do phone calls" and "Zoom calls" name the channel, no step on it: no touchpoint in their words."""
    for said in ("LinkedIn, our website, and we do phone calls", "email, Zoom calls"):
        names = [t.name for s in _map_for_channels(said).stages for t in s.touchpoints]
        assert not [n for n in names if n.casefold() in ("we do phone calls", "phone calls", "zoom calls")], names
