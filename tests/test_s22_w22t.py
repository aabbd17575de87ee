"""Session 22, w22t: what a22's outside attack found in the TUI beyond its own tests.

Typed-ahead answers were merged: while cjm was thinking, Enter on the chat input was refused with a toast and the
words stayed in the box, so the next answer typed was appended to them ("B2C: studentsa free tier and Pro", a
channel "SkipnoTikTok"). Now words sent while a call runs wait their turn, shown in the chat, and are sent on their
own once the call is done; a cancelled call sends none of them and gives them back."""

from __future__ import annotations

import threading

from tests.support.tui import chat_texts, make_app, new_interview, settle, wait_for

BUSINESS = "AppyDays, an online-only habit tracker app"


def _hold_the_next_answer(app) -> threading.Event:
    """The next answer is saved and shown, then its reading waits (cjm "thinking…") until the event is set, or
    the call is cancelled."""
    session = app.session
    release = threading.Event()
    read = session._read_pending

    def held(cancel=None):
        session._read_pending = read  # the answers after this one are read at once
        while not release.wait(0.02):
            if cancel is not None and cancel.is_set():
                break
        return read(cancel)

    session._read_pending = held
    return release


async def _type(pilot, text: str) -> None:
    await pilot.press(*text, "enter")


def _answer(app, key: str) -> str | None:
    return next((a.text for a in app.session.interview.state.answers if a.key == key), None)


async def test_an_answer_typed_while_cjm_thinks_waits_and_is_sent_on_its_own(tmp_path):
    from cjm_assistant.tui.widgets.chat_input import ChatInput

    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=(120, 40)) as pilot:
        await new_interview(pilot, app)
        box = app.screen.query_one(ChatInput)
        box.focus()
        await _type(pilot, BUSINESS)
        await settle(pilot, app)
        first_key = app.session.interview.question.key
        release = _hold_the_next_answer(app)
        await _type(pilot, "a free tier and Pro")
        await wait_for(pilot, lambda: app.main.driver.busy == "answer", what="cjm to be thinking")
        await _type(pilot, "B2C: students")  # Enter while busy
        await pilot.pause()
        assert app.main.driver.busy == "answer"
        assert box.text == ""  # nothing left in the box for the next words to be appended to
        assert "B2C: students" in chat_texts(app)  # shown as waiting
        assert any("waiting" in str(m.border_title) for m in app.main.chat_pane.chat.children
                   if getattr(m, "text", None) == "B2C: students")
        await _type(pilot, "LinkedIn")  # a third, typed while the second waits
        await pilot.pause()
        assert box.text == ""
        release.set()
        await settle(pilot, app)
        await wait_for(pilot, lambda: _answer(app, "customers") is not None or len(app.session.interview.state.answers)
                       >= 4, what="the waiting answers to be sent")
        await settle(pilot, app)
        answers = [a.text for a in app.session.interview.state.answers]
        assert _answer(app, first_key) is not None
        assert "a free tier and Pro" in answers and "B2C: students" in answers, answers
        assert not [a for a in answers if "studentsa" in a or "Pro" in a and "students" in a], answers
        said = [m.text for m in app.main.chat_pane.chat.children if getattr(m, "role", "") == "user"]
        assert said.count("a free tier and Pro") == 1 and said.count("B2C: students") == 1, said
        assert said.index("a free tier and Pro") < said.index("B2C: students") < said.index("LinkedIn"), said
        assert not [m for m in app.main.chat_pane.chat.children if getattr(m, "role", "") == "waiting"]
        # each was answered: a cjm reply follows each of them
        texts = [(m.role, m.text) for m in app.main.chat_pane.chat.children if hasattr(m, "role")]
        for sent in ("a free tier and Pro", "B2C: students"):
            at = texts.index(("user", sent))
            assert texts[at + 1][0] == "assistant", texts[at:at + 2]


async def test_words_waiting_behind_a_cancelled_call_are_given_back_not_sent(tmp_path):
    from cjm_assistant.tui.widgets.chat_input import ChatInput

    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=(120, 40)) as pilot:
        await new_interview(pilot, app)
        box = app.screen.query_one(ChatInput)
        box.focus()
        await _type(pilot, BUSINESS)
        await settle(pilot, app)
        answers = len(app.session.interview.state.answers)
        _hold_the_next_answer(app)
        await _type(pilot, "a free tier and Pro")
        await wait_for(pilot, lambda: app.main.driver.busy == "answer", what="cjm to be thinking")
        await _type(pilot, "B2C: students")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot, app)
        assert len(app.session.interview.state.answers) == answers  # neither was taken in
        said = [m.text for m in app.main.chat_pane.chat.children if getattr(m, "role", "") == "user"]
        assert "B2C: students" not in said
        assert box.text == "B2C: students"  # back to send again, alone
        assert any("Not sent" in text and "B2C: students" in text for text in chat_texts(app))


# -- a22 a17 in the app: "undo the last two changes" and "go back to version 1" typed in the chat walk back as many
# versions (the CLI's side is tests/test_s22_a22.py::test_a17_...).

async def test_undo_several_changes_in_plain_words_in_the_chat(tmp_path, monkeypatch):
    from cjm_assistant import cli
    from tests.support.tui import example_map, open_saved, saved_map, send

    db = tmp_path / "cjm.db"
    map_id = saved_map(db, example_map())
    monkeypatch.setenv("CJM_DB", str(db))
    for said in ("rename Discover to Find us", "swap Delivery and Order & pay", "rename Delivery to Drop-off"):
        assert cli.main(["refine", map_id, said, "--yes"]) == 0
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_saved(pilot, app, map_id)
        assert app.session.head == 4
        await send(pilot, app, "undo the last two changes")
        assert app.session.head == 2
        assert [s.name for s in app.session.journey.stages][:1] == ["Find us"]
        await send(pilot, app, "go back to version 1")
        assert app.session.head == 1
        assert [s.name for s in app.session.journey.stages][0] == "Discover"
        assert not app.main.map_pane.reviewing  # walked back at once, as Ctrl+Z does: nothing to accept
