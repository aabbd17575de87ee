"""Keys typed fast after `n` (outside attack 3): the first answer typed while the welcome hands over to the
interview is saved as that answer, whether the welcome was ready or still opening the database, and its
letters are never read as the welcome's keys (the 'o' of 'Bristol' is not "Open a saved map"). Keys are
handed to the app's driver all at once, as a fast typist or `tmux send-keys` delivers them (Pilot's press
waits for each); success is read from the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path
import unicodedata

import pytest
from textual import events
from textual.app import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from cjm_assistant.tui.app import CjmApp
from cjm_assistant.tui.screens.welcome import WelcomeScreen
from tests.support.tui import wait_for

SIZE = (80, 24)
ANSWER = "Drip Fix, a plumber in Bristol"


def burst(app: CjmApp, keys: list[str]) -> None:
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        original = REPLACED_KEYS.get(key, key)
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(original))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


def said_by_user(db) -> list[str]:
    if not db.exists():
        return []
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return [r[0] for r in conn.execute("select content from messages where role = 'user'")]
    except sqlite3.Error:
        return []


async def test_n_and_an_answer_typed_at_once_at_start_are_the_first_answer(tmp_path):
    db = tmp_path / "cjm.db"
    app = CjmApp(db=str(db), engine="playbook")
    async with app.run_test(size=SIZE) as pilot:
        burst(app, ["ctrl+n", *ANSWER, "enter"])
        await wait_for(pilot, lambda: ANSWER in said_by_user(db), 30, what=f"{ANSWER!r} saved as the first answer")
        assert not any(type(s).__name__ == "PickerScreen" for s in app.screen_stack)  # 'o' opened nothing


async def test_n_and_an_answer_typed_in_one_go_on_a_ready_welcome_are_the_first_answer(tmp_path):
    db = tmp_path / "cjm.db"
    app = CjmApp(db=str(db), engine="playbook")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app._prepared_ready, 30, what="the main screen made under the welcome")
        burst(app, ["ctrl+n", *"Drip Fix, a plumber in Bristoll", "backspace", "enter"])
        await wait_for(pilot, lambda: ANSWER in said_by_user(db), 30, what=f"{ANSWER!r} saved as the first answer")


async def test_after_a_failed_start_the_welcome_keys_work_again(tmp_path):
    # a welcome that cannot open its database offers Quit: keys typed after `n` must not stay swallowed
    app = CjmApp(db=str(tmp_path / "missing" / "deeper" / "cjm.db"), engine="playbook")
    async with app.run_test(size=SIZE) as pilot:
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen)
        welcome.typed_ahead = []  # as if `n` had been pressed while it was opening
        welcome.loaded(error="cannot open it")
        await pilot.pause()
        assert welcome.typed_ahead is None


@pytest.mark.parametrize("sentence", ["I want a map for my piano tuning round", "our shop sells wool",
                                      "need a map", "new owner here, we run a chippy", "really need a map",
                                      "i want a map for my piano business"])
async def test_a_sentence_typed_on_the_welcome_is_the_first_answer_whole(tmp_path, sentence):
    # the welcome's keys are no letters: typing is the first answer, the n, o, r and i in it too (they were New,
    # Open, Resume and Import, and cut the sentence)
    db = tmp_path / "cjm.db"
    app = CjmApp(db=str(db), engine="playbook")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.ready, 30, what="the database open")
        burst(app, [*sentence, "enter"])
        await wait_for(pilot, lambda: sentence in said_by_user(db), 30, what=f"{sentence!r} saved as the first answer")
        assert not any(type(s).__name__ in ("ImportScreen", "PickerScreen") for s in app.screen_stack)


async def test_a_sentence_typed_at_pilot_s_pace_is_the_first_answer_whole(tmp_path):
    db = tmp_path / "cjm.db"
    app = CjmApp(db=str(db), engine="playbook")
    sentence = "i run a bakery in Hull"
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.ready, 30, what="the database open")
        await pilot.press(*["space" if ch == " " else ch for ch in sentence], "enter")
        await wait_for(pilot, lambda: sentence in said_by_user(db), 30, what=f"{sentence!r} saved as the first answer")


async def interview_waiting(tmp_path) -> Path:
    """A database with an unfinished interview (its first answer given)."""
    db = tmp_path / "cjm.db"
    app = CjmApp(db=str(db), engine="playbook")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.ready, 30, what="the database open")
        burst(app, ["ctrl+n", *"Wool Nook, a yarn shop in Hexham", "enter"])
        await wait_for(pilot, lambda: "Wool Nook, a yarn shop in Hexham" in said_by_user(db), 30, what="the answer")
    return db


async def test_with_an_interview_waiting_a_sentence_is_kept_and_asked_about_not_taken_as_keys(tmp_path):
    # "our shop sells wool" resumed the old interview on its r and gave " shop sells wool" to another question
    db = await interview_waiting(tmp_path)
    app = CjmApp(db=str(db), engine="playbook")
    async with app.run_test(size=SIZE) as pilot:
        welcome = app.screen
        await wait_for(pilot, lambda: welcome.ready and welcome.latest, 30, what="the interview to resume")
        burst(app, [*"our shop sells wool"])
        await wait_for(pilot, lambda: "our shop sells wool" in str(welcome.query_one("#welcome-status").render()),
                       10, what="the sentence shown")
        assert app.screen is welcome and said_by_user(db) == ["Wool Nook, a yarn shop in Hexham"]
        await pilot.press("escape")  # dropped: the welcome as it was, its interview still there to resume
        await pilot.pause()
        assert app.screen is welcome and welcome.sentence is None and welcome.latest
        burst(app, [*"our shop sells wool", "enter"])  # Enter: a new map with it
        await wait_for(pilot, lambda: type(app.screen).__name__ == "MainScreen", 30, what="the new interview")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "our shop sells wool" in said_by_user(db), 30, what="the sentence as an answer")
        assert said_by_user(db).count("Wool Nook, a yarn shop in Hexham") == 1


async def test_with_an_interview_waiting_ctrl_r_resumes_it(tmp_path):
    db = await interview_waiting(tmp_path)
    app = CjmApp(db=str(db), engine="playbook")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.ready and app.screen.latest, 30, what="the interview to resume")
        burst(app, ["ctrl+r", *"wool and needles", "enter"])
        await wait_for(pilot, lambda: "wool and needles" in said_by_user(db), 30, what="the second answer")
        assert said_by_user(db)[:2] == ["Wool Nook, a yarn shop in Hexham", "wool and needles"]


async def test_a_sentence_typed_before_the_database_opens_is_asked_about_when_an_interview_waits(tmp_path,
                                                                                               monkeypatch):
    # typed before the welcome knew of the unfinished interview, it started a new one in its place unasked
    import threading

    from cjm_assistant.session import Session

    db = await interview_waiting(tmp_path)
    opened = threading.Event()  # the database opens only when the test says so (a slow disk)
    start = Session.start
    monkeypatch.setattr(Session, "start", staticmethod(lambda *a, **k: opened.wait(30) and start(*a, **k)))
    app = CjmApp(db=str(db), engine="playbook")
    async with app.run_test(size=SIZE) as pilot:
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen) and not welcome.ready
        burst(app, [*"our shop sells woll", "backspace", "backspace", "o", "l", "enter"])
        await pilot.pause(0.2)
        opened.set()
        await wait_for(pilot, lambda: welcome.ready, 30, what="the database open")
        await wait_for(pilot, lambda: "our shop sells wool" in str(welcome.query_one("#welcome-status").render()),
                       10, what="the sentence shown, asked about")
        await pilot.pause(0.3)
        assert app.screen is welcome and said_by_user(db) == ["Wool Nook, a yarn shop in Hexham"]
        await pilot.press("escape")  # dropped: the interview still waits to be resumed
        await pilot.pause()
        assert app.screen is welcome and welcome.sentence is None and welcome.latest


async def test_ctrl_r_while_a_sentence_is_asked_about_resumes_the_waiting_interview(tmp_path):
    # the footer offers ^r Resume: it did nothing while the sentence was asked about
    db = await interview_waiting(tmp_path)
    app = CjmApp(db=str(db), engine="playbook")
    async with app.run_test(size=SIZE) as pilot:
        welcome = app.screen
        await wait_for(pilot, lambda: welcome.ready and welcome.latest, 30, what="the interview to resume")
        burst(app, [*"a flower stall"])
        await wait_for(pilot, lambda: welcome.sentence, 10, what="the sentence asked about")
        burst(app, ["ctrl+r", *"wool and needles", "enter"])
        await wait_for(pilot, lambda: "wool and needles" in said_by_user(db), 30, what="the resumed interview's answer")
        assert said_by_user(db) == ["Wool Nook, a yarn shop in Hexham", "wool and needles"]


async def test_an_interview_set_aside_by_a_new_map_can_still_be_resumed(tmp_path):
    # Enter on the sentence starts a new map; the waiting interview was then out of reach (only the newest resumed)
    from cjm_assistant.tui.screens.picker import InterviewPicker

    db = await interview_waiting(tmp_path)
    app = CjmApp(db=str(db), engine="playbook")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.ready and app.screen.latest, 30, what="the interview to resume")
        burst(app, [*"Petal Pushers, a flower stall at Leeds market", "enter"])  # Enter: a new map with it
        await wait_for(pilot, lambda: type(app.screen).__name__ == "MainScreen", 30, what="the new interview")
        from cjm_assistant.tui.widgets.chat_input import ChatInput

        sentence = "Petal Pushers, a flower stall at Leeds market"
        await wait_for(pilot, lambda: isinstance(app.focused, ChatInput) and app.focused.text == sentence
                       and app.session.interview is not None, 30, what="the sentence in the chat input")
        await pilot.press("enter")  # and the sentence, in the chat input, sent as its first answer
        await wait_for(pilot, lambda: "Petal Pushers, a flower stall at Leeds market" in said_by_user(db), 30,
                       what="the new map's first answer")
    app = CjmApp(db=str(db), engine="playbook")
    async with app.run_test(size=SIZE) as pilot:
        welcome = app.screen
        await wait_for(pilot, lambda: welcome.ready and welcome.latest, 30, what="the interviews to resume")
        options = welcome.query_one("#welcome-options")
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Petal Pushers" in label and "Resume" in label for label in labels), labels
        earlier = next(i for i, label in enumerate(labels) if "earlier interview with Wool Nook" in label)
        options.focus()
        options.highlighted = earlier
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, InterviewPicker), 10, what="the list of interviews")
        table = app.screen.query_one("#interviews")
        assert table.row_count == 1 and "Wool Nook" in str(table.get_row_at(0)[0])
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "MainScreen", 30, what="the resumed interview")
        burst(app, [*"wool and needles", "enter"])
        await wait_for(pilot, lambda: "wool and needles" in said_by_user(db), 30, what="its next answer")
        assert app.session.interview.state.profile.business_name.startswith("Wool Nook")
