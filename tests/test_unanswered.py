"""A message nothing answered is not lost: cjm killed right after Enter, or a proposal left unaccepted.

The user's words are saved before the engine runs; if cjm stops before the reply (kill -9, a closed terminal) or
the proposal is never accepted, the map does not have the change. Reopened, the map puts that message back in
the input and says why, so Enter sends it again. A slash command that fails says so in the saved conversation,
so it is not offered again as unanswered.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from cjm_assistant.domain.edits import EditError
from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.session import Session
from cjm_assistant.store import Store
from cjm_assistant.tui.screens.review import ReviewScreen
from cjm_assistant.tui.widgets.chat_input import ChatInput
from tests.support.bakery import BAKERY
from tests.support.tui import chat_texts, make_app, open_saved, saved_map, send, settle, wait_for

SIZE = (120, 40)
INSTRUCTION = "add a stage Aftercare after Checkout"


def _session(store: Store, map_id: str) -> Session:
    session = Session(store, PlaybookEngine())
    session.open_map(map_id)
    return session


@pytest.mark.skipif(os.name != "posix", reason="kill -9 is a POSIX signal")
def test_a_process_killed_after_the_instruction_leaves_it_unanswered_and_the_map_unchanged(tmp_path):
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    script = textwrap.dedent(f"""
        import os, signal
        from cjm_assistant.engines.playbook import PlaybookEngine
        from cjm_assistant.session import Session
        from cjm_assistant.store import Store
        store = Store.open({str(db)!r})
        session = Session(store, PlaybookEngine())
        session.open_map({map_id!r})
        session.instruct({INSTRUCTION!r})  # the proposal is made; killed before it is accepted
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    with Store.open(db) as store:
        session = _session(store, map_id)
        assert session.head == 1  # nothing saved but the message
        assert "Aftercare" not in [s.name for s in session.journey.stages]
        assert session.unanswered() == INSTRUCTION


def test_an_answered_instruction_a_reply_or_an_evidence_import_is_not_unanswered(tmp_db, tmp_path):
    with Store.open(tmp_db) as store:
        map_id = store.create_map(_bakery(), author="test", message="seed").id
        session = _session(store, map_id)
        assert session.unanswered() is None  # no messages yet
        session.accept(session.instruct(INSTRUCTION))
        assert session.unanswered() is None  # "Saved version 2" answered it
        session.ask("which stage has the most pain points?")
        assert session.unanswered() is None


@pytest.mark.skipif(os.name != "posix", reason="kill -9 is a POSIX signal")
def test_an_evidence_import_killed_half_way_is_not_offered_as_a_message_to_send(tmp_path):
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    feedback = tmp_path / "reviews.csv"
    feedback.write_text("rating,review\n" + "".join(f"1,Checkout kept failing on my phone ({i})\n" for i in range(50)),
                        encoding="utf-8")
    script = textwrap.dedent(f"""
        import os, signal
        from cjm_assistant.engines.playbook import PlaybookEngine
        from cjm_assistant.session import Session
        from cjm_assistant.store import Store
        store = Store.open({str(db)!r})
        session = Session(store, PlaybookEngine())
        session.open_map({map_id!r})
        session.import_evidence({str(feedback)!r}, on_progress=lambda done, total: os.kill(os.getpid(), signal.SIGKILL))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    with Store.open(db) as store:
        session = _session(store, map_id)
        role, text = session.conversation()[-1]
        assert role == "user" and text.startswith("Import customer evidence from reviews.csv")
        assert session.unanswered() is None  # not typed: nothing to put back in the input


def test_a_failed_slash_command_is_answered_in_the_saved_conversation(tmp_db):
    with Store.open(tmp_db) as store:
        map_id = store.create_map(_bakery(), author="test", message="seed").id
        session = _session(store, map_id)
        with pytest.raises(EditError):
            session.edit_by_rule("/rename Nowhere to Somewhere", "rename Nowhere to Somewhere")
        role, text = session.conversation()[-1]
        assert role == "assistant" and text.startswith("⚠") and "Nowhere" in text
        assert session.unanswered() is None


async def test_reopened_the_unanswered_instruction_is_back_in_the_input_and_enter_sends_it(tmp_path):
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        await send(pilot, app, INSTRUCTION)
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")
    # the app is gone with the proposal on screen, never accepted (as after kill -9 or a closed terminal)

    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        box = app.main.query_one(ChatInput)
        assert box.text == INSTRUCTION
        assert "Your last message was not answered or applied" in chat_texts(app)[-1]
        box.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")
        await pilot.press("enter")
        await settle(pilot, app)
        assert "Aftercare" in [s.name for s in app.session.journey.stages]

    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        box = app.main.query_one(ChatInput)
        assert box.text == ""  # answered now: nothing offered again
        assert not any("was not answered" in t for t in chat_texts(app))
        box.focus()
        await pilot.press("up")  # what was sent before, from the saved conversation
        assert box.text == INSTRUCTION


def _bakery() -> JourneyMap:
    return JourneyMap.model_validate(BAKERY)


async def test_a_draft_typed_over_the_offered_message_is_kept_when_the_map_is_opened_again(tmp_path):
    """Attack 15: the user replaced the offered message with a new draft and opened the same map again; the draft
    was overwritten by the old message."""
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    with Store.open(db) as store:
        _session(store, map_id).instruct(INSTRUCTION)  # never accepted
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        box = app.main.query_one(ChatInput)
        assert box.text == INSTRUCTION
        box.load_text("rename Checkout to Pay")
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.main.query_one(ChatInput).text == "rename Checkout to Pay"
