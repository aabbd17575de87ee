"""The session driver: its messages, the refusal while a call runs, and Esc cancelling a running draft.

The driver on its own runs in a tiny host app, its messages seen through
``run_test(message_hook=...)``; the last tests drive the whole app. A real
store and the offline playbook engine; ``HeldEngine`` is the playbook with its
draft held open (one stage streamed, then waiting until cancelled), for the
calls that must still be running when the test acts.
"""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from tests.support.tui import chat_texts, make_app, new_interview, notifications, settle, wait_for
from textual.app import App, ComposeResult

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.engines.base import check_cancel
from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.session import EditProposal, MapProposal, Session
from cjm_assistant.store import Store
from cjm_assistant.tui.driver import SessionDriver
from cjm_assistant.tui.screens.confirm import ConfirmScreen
from cjm_assistant.tui.widgets.chat_input import ChatInput
from cjm_assistant.tui.widgets.status_bar import StatusBar

BUSINESS = "Sweet Crumbs, a bakery selling custom cakes online"


class HeldEngine(PlaybookEngine):
    """The playbook, but its draft streams one stage and then waits until it is cancelled."""

    def __init__(self) -> None:
        super().__init__()
        self.drafting = threading.Event()

    def propose_map(self, profile, on_partial=None, cancel=None, kind=None):
        first = super().propose_map(profile).journey.stages[0]
        if on_partial is not None:
            on_partial({"title": "Drafting", "stages": [first.model_dump(mode="json")]})
        self.drafting.set()
        if cancel is not None:
            cancel.wait(timeout=20)  # bounded, so that a failing test cannot hang the run
        check_cancel(cancel)
        raise AssertionError("a held draft ends only by being cancelled")


class Host(App):
    """Nothing but the driver."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield SessionDriver(self.session)

    @property
    def driver(self) -> SessionDriver:
        return self.query_one(SessionDriver)


def reports(seen: list) -> list:
    """The driver's messages in the order they were posted (each once, though it bubbles up)."""
    out, ids = [], set()
    for message in seen:
        if getattr(SessionDriver, type(message).__name__, None) is type(message) and id(message) not in ids:
            ids.add(id(message))
            out.append(message)
    return out


def kinds(seen: list) -> list[str]:
    return [type(m).__name__ for m in reports(seen)]


async def call_ended(pilot, seen: list, calls: int = 1, timeout: float = 15.0) -> None:
    """Wait until ``calls`` calls have ended and their reports have arrived."""
    deadline = time.monotonic() + timeout
    while kinds(seen).count("Idle") < calls:
        assert time.monotonic() < deadline, f"no end of the call; seen {kinds(seen)}"
        await asyncio.sleep(0.02)
        await pilot.pause()
    for _ in range(3):
        await pilot.pause()


@pytest.fixture
def session(tmp_path):
    """A session on a fresh database with the playbook engine (a test may swap the engine)."""
    opened = Session(Store.open(tmp_path / "cjm.db"), PlaybookEngine())
    yield opened
    opened.close()


def seeded(session: Session, bakery_map: JourneyMap) -> str:
    """Put the bakery map in the session's database; its id."""
    return session.store.create_map(bakery_map, author="test", message="seed").id


async def test_opening_a_map_reports_the_map_then_idle_then_opened(session, bakery_map):
    map_id = seeded(session, bakery_map)
    seen: list = []
    app = Host(session)
    async with app.run_test(message_hook=seen.append) as pilot:
        assert app.driver.open_map(map_id) is True
        await call_ended(pilot, seen)
        assert app.driver.busy is None
    assert kinds(seen) == ["Busy", "MapChanged", "Idle", "Opened"]
    opened = reports(seen)[-1]
    assert opened.how == "open" and opened.version == 1 and opened.journey.title == bakery_map.title
    assert reports(seen)[1].journey == opened.journey


async def test_a_proposal_is_proposed_and_accepting_it_is_saved(session, bakery_map):
    map_id = seeded(session, bakery_map)
    seen: list = []
    app = Host(session)
    async with app.run_test(message_hook=seen.append) as pilot:
        app.driver.open_map(map_id)
        await call_ended(pilot, seen)
        app.driver.instruct("rename Consider to Research")
        await call_ended(pilot, seen, calls=2)
        proposed = reports(seen)[-1]
        assert isinstance(proposed, SessionDriver.Proposed) and isinstance(proposed.proposal, EditProposal)
        assert session.head == 1  # nothing saved yet
        app.driver.accept(proposed.proposal)
        await call_ended(pilot, seen, calls=3)
    saved = reports(seen)[-1]
    assert isinstance(saved, SessionDriver.Saved) and saved.version == 2
    said = [m.text for m in reports(seen) if isinstance(m, SessionDriver.Said)]
    assert said[0] == "rename Consider to Research" and said[-1].startswith("Saved version 2")


async def test_failures_and_empty_walks_are_reported_as_messages(session, bakery_map):
    map_id = seeded(session, bakery_map)
    seen: list = []
    app = Host(session)
    async with app.run_test(message_hook=seen.append) as pilot:
        app.driver.open_map("nowhere")
        await call_ended(pilot, seen)
        failed = reports(seen)[-1]
        assert isinstance(failed, SessionDriver.Failed) and failed.action == "open"
        assert failed.expected and not failed.cancelled and "no map matches 'nowhere'" in failed.sentence
        app.driver.open_map(map_id)
        await call_ended(pilot, seen, calls=2)
        app.driver.undo()
        await call_ended(pilot, seen, calls=3)
    walked = reports(seen)[-1]
    assert isinstance(walked, SessionDriver.Walked) and (walked.action, walked.version) == ("undo", None)


async def test_a_second_call_is_refused_while_one_runs_and_cancel_ends_it(session):
    engine = HeldEngine()
    session.set_engine(engine)
    session.start_interview()
    session.answer(BUSINESS)
    seen: list = []
    app = Host(session)
    async with app.run_test(message_hook=seen.append) as pilot:
        assert app.driver.answer("draft") is True
        await wait_for(pilot, engine.drafting.is_set, what="the draft to start")
        await wait_for(pilot, lambda: "Sketched" in kinds(seen), what="the first stage to stream in")
        assert app.driver.busy == "answer" and app.driver.cancellable

        assert app.driver.undo() is False  # refused, with the sentence it always was
        await pilot.pause()
        assert any(n.message == "Still busy: thinking… (Esc cancels it)" for n in app._notifications)

        assert app.driver.cancel() is True
        assert app.driver.cancel() is False  # once is enough
        await call_ended(pilot, seen)
        assert app.driver.busy is None and session.map_id is None
    failed = reports(seen)[-1]
    assert isinstance(failed, SessionDriver.Failed) and failed.cancelled
    assert kinds(seen)[-2:] == ["Idle", "Failed"] and "Proposed" not in kinds(seen)


async def test_streamed_partials_come_at_most_every_50_ms(session):
    seen: list = []
    app = Host(session)
    async with app.run_test(message_hook=seen.append) as pilot:
        for i in range(200):  # as fast as an engine could stream
            app.driver._partial(f"a reply, {i} words so far")
        await pilot.pause()
    streamed = [m for m in reports(seen) if isinstance(m, SessionDriver.Streamed)]
    assert 1 <= len(streamed) <= 3 and streamed[0].text == "a reply, 0 words so far"


# -- the whole app --------------------------------------------------------------------------------


async def test_esc_cancels_a_running_draft_and_a_message_sent_meanwhile_is_kept(tmp_path):
    db = tmp_path / "cjm.db"
    app = make_app(db)
    engine = HeldEngine()
    async with app.run_test(size=(120, 40)) as pilot:
        await new_interview(pilot, app)
        app.session.set_engine(engine)
        box = app.screen.query_one(ChatInput)
        for text in (BUSINESS, "/draft"):
            box.load_text(text)
            await pilot.press("enter")
            if text == BUSINESS:
                await settle(pilot, app)
        pane = app.main.map_pane
        await wait_for(pilot, lambda: pane.mode == "streaming" and pane.journey is not None,
                       what="the draft to grow on the map pane")
        assert "(Esc/Ctrl+C cancels)" in app.screen.query_one(StatusBar).state

        box.load_text("and one more thing")
        await pilot.press("enter")  # while the draft runs: it waits in the chat, the box is free for more
        await pilot.pause()
        assert "and one more thing" in chat_texts(app) and box.text == ""

        await pilot.press("escape")
        await settle(pilot, app)
        assert box.text == "and one more thing"  # cancelled: not sent, given back
        assert "Cancelled; the map is as it was." in notifications(app)
        assert any("Cancelled" in text for text in chat_texts(app))
        assert pane.mode == "draft"  # back to what it was: the draft the answers give, not the half-drawn one
        assert pane.journey is app.main.map_pane.sketch
        assert app.session.map_id is None and app.session.interview is not None
    with Store.open(db) as store:
        assert store.list_maps() == []


async def test_a_draft_that_finishes_is_reviewed_from_the_proposed_message(tmp_path):
    app = make_app(tmp_path / "cjm.db")
    seen: list = []
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await new_interview(pilot, app)
        box = app.screen.query_one(ChatInput)
        for text in (BUSINESS, "/draft"):
            box.load_text(text)
            await pilot.press("enter")
            await settle(pilot, app)
        proposed = [m for m in reports(seen) if isinstance(m, SessionDriver.Proposed)]
        assert len(proposed) == 1 and isinstance(proposed[0].proposal, MapProposal)
        assert app.screen.proposal is proposed[0].proposal  # the review shows what the driver proposed


async def test_quitting_while_the_engine_drafts_asks_first_and_staying_keeps_it_drafting(tmp_path):
    app = make_app(tmp_path / "cjm.db")
    engine = HeldEngine()
    async with app.run_test(size=(120, 40)) as pilot:
        await new_interview(pilot, app)
        app.session.set_engine(engine)
        box = app.screen.query_one(ChatInput)
        box.load_text(BUSINESS)
        await pilot.press("enter")
        await settle(pilot, app)
        box.load_text("/draft")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.main.driver.cancellable and engine.drafting.is_set(),
                       what="the held draft")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question")
        assert "still thinking; quitting stops it" in app.screen.question
        await pilot.press("n")  # stay: the draft goes on
        await pilot.pause()
        assert app.return_code is None and app.main.driver.cancellable
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question again")
        await pilot.press("y")
        await wait_for(pilot, lambda: app.return_code is not None, what="the app to quit")
