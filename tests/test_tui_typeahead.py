"""Keys typed fast after `n` (outside attack 3): the first answer typed while the welcome hands over to the
interview is saved as that answer, whether the welcome was ready or still opening the database, and its
letters are never read as the welcome's keys (the 'o' of 'Bristol' is not "Open a saved map"). Keys are
handed to the app's driver all at once, as a fast typist or `tmux send-keys` delivers them (Pilot's press
waits for each); success is read from the database."""

from __future__ import annotations

import sqlite3
import unicodedata

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
        burst(app, ["n", *ANSWER, "enter"])
        await wait_for(pilot, lambda: ANSWER in said_by_user(db), 30, what=f"{ANSWER!r} saved as the first answer")
        assert not any(type(s).__name__ == "PickerScreen" for s in app.screen_stack)  # 'o' opened nothing


async def test_n_and_an_answer_typed_in_one_go_on_a_ready_welcome_are_the_first_answer(tmp_path):
    db = tmp_path / "cjm.db"
    app = CjmApp(db=str(db), engine="playbook")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app._prepared_ready, 30, what="the main screen made under the welcome")
        burst(app, ["n", *"Drip Fix, a plumber in Bristoll", "backspace", "enter"])
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


async def test_a_sentence_typed_at_once_on_the_welcome_is_the_first_answer_whole(tmp_path):
    # "I want a map ...": a visible key that is none of the welcome's starts the interview, and every later key,
    # the n, o, r and i among them, is part of the answer
    db = tmp_path / "cjm.db"
    app = CjmApp(db=str(db), engine="playbook")
    sentence = "I want a map for my piano tuning round"
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.ready, 30, what="the database open")
        burst(app, [*sentence, "enter"])
        await wait_for(pilot, lambda: sentence in said_by_user(db), 30, what=f"{sentence!r} saved as the first answer")


async def test_a_sentence_starting_with_the_import_key_is_the_first_answer_whole(tmp_path):
    # typed at Pilot's pace: "i" opens the import dialog; the space after it says the "i" was a word
    db = tmp_path / "cjm.db"
    app = CjmApp(db=str(db), engine="playbook")
    sentence = "i want a map for my piano business"
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.ready, 30, what="the database open")
        await pilot.press(*["space" if ch == " " else ch for ch in sentence], "enter")
        await wait_for(pilot, lambda: sentence in said_by_user(db), 30, what=f"{sentence!r} saved as the first answer")


async def test_the_import_key_then_a_path_still_opens_the_import_dialog(tmp_path):
    app = CjmApp(db=str(tmp_path / "cjm.db"), engine="playbook")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.ready, 30, what="the database open")
        await pilot.press("i", *"maps/x.json")
        await pilot.pause()
        assert type(app.screen).__name__ == "ImportScreen"
        assert app.screen.query_one("#import-path").value == "maps/x.json"


async def test_with_an_interview_to_resume_a_letter_is_not_taken_as_a_new_answer(tmp_path):
    # the unfinished interview is not replaced unasked: letters other than the welcome's keys do nothing
    app = CjmApp(db=str(tmp_path / "cjm.db"), engine="playbook")
    async with app.run_test(size=SIZE) as pilot:
        welcome = app.screen
        await wait_for(pilot, lambda: welcome.ready, 30, what="the database open")
        welcome.loaded(latest={"profile": {"business_name": "Keys"}, "position": 2})
        await pilot.press("w", "space", "e")
        await pilot.pause()
        assert app.screen is welcome and welcome.typed_ahead is None


async def test_a_sentence_starting_with_the_import_key_typed_at_once_is_the_first_answer_whole(tmp_path):
    # as tmux send-keys delivers it: the space after "i" may arrive before the import dialog shows
    db = tmp_path / "cjm.db"
    app = CjmApp(db=str(db), engine="playbook")
    sentence = "i tune pianos in Cumbria, Keys and Strings"
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.ready, 30, what="the database open")
        burst(app, [*sentence, "enter"])
        await wait_for(pilot, lambda: sentence in said_by_user(db), 30, what=f"{sentence!r} saved as the first answer")
        assert not any(type(s).__name__ == "ImportScreen" for s in app.screen_stack)
