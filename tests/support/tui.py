"""Helpers shared by the TUI tests: an app on a database, and waiting on it with Textual's pilot."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.store import Store
from cjm_assistant.tui.app import CjmApp
from tests.support.bakery import BAKERY

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "sweet-crumbs.json"


def example_map() -> JourneyMap:
    """The example map (examples/sweet-crumbs.json), or the bakery map when it is missing."""
    if EXAMPLE.is_file():
        from cjm_assistant.export.jsonio import from_json

        return from_json(EXAMPLE.read_text(encoding="utf-8"))
    return JourneyMap.model_validate(json.loads(json.dumps(BAKERY)))


def saved_map(db: Path, journey: JourneyMap | None = None) -> str:
    """Put a map in the database at ``db``; returns its id."""
    with Store.open(db) as store:
        return store.create_map(journey or JourneyMap.model_validate(BAKERY), author="test", message="seed").id


def make_app(db: Path, **kwargs) -> CjmApp:
    kwargs.setdefault("engine", "playbook")
    return CjmApp(db=str(db), **kwargs)


def busy(app: CjmApp) -> str | None:
    """The session call running (by its action name), if any."""
    return app.main.driver.busy if app.main is not None and app.main.is_mounted else None


async def settle(pilot, app: CjmApp, timeout: float = 15.0) -> None:
    """Wait until the app has loaded and no session call is running, then let the screen catch up."""
    deadline = time.monotonic() + timeout
    await pilot.pause()
    while time.monotonic() < deadline:
        loading = app.session is None and not app.load_error
        if not loading and not busy(app):
            break
        await asyncio.sleep(0.02)
        await pilot.pause()
    else:
        raise AssertionError(f"the app did not settle within {timeout} s (busy: {busy(app)})")
    for _ in range(4):  # the call's report climbs from the driver through the chat pane to the screen
        await pilot.pause()


async def wait_for(pilot, predicate, timeout: float = 15.0, what: str = "a condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        await asyncio.sleep(0.02)
        await pilot.pause()
    raise AssertionError(f"timed out waiting for {what}")


async def send(pilot, app: CjmApp, text: str, typed: bool = False) -> None:
    """Send a chat message: typed key by key, or put in the input at once (like a paste)."""
    from cjm_assistant.tui.widgets.chat_input import ChatInput

    box = app.screen.query_one(ChatInput)
    box.focus()
    await pilot.pause()
    if typed:
        await pilot.press(*text)
    else:
        box.load_text(text)
    await pilot.press("enter")
    await settle(pilot, app)


def chat_texts(app: CjmApp) -> list[str]:
    from cjm_assistant.tui.widgets.chat import ChatMessage

    return [m.text for m in app.main.query(ChatMessage)]


def chat_roles(app: CjmApp) -> list[str]:
    from cjm_assistant.tui.widgets.chat import ChatMessage

    return [m.role for m in app.main.query(ChatMessage)]


def notifications(app: CjmApp) -> list[str]:
    return [n.message for n in app._notifications]


async def open_saved(pilot, app: CjmApp, map_id: str) -> None:
    """From the welcome screen: o, then Enter on the map."""
    await settle(pilot, app)
    await pilot.press("ctrl+o")
    await pilot.pause()
    from cjm_assistant.tui.screens.picker import PickerScreen

    assert isinstance(app.screen, PickerScreen)
    await pilot.press("enter")
    await settle(pilot, app)
    assert app.session.map_id == map_id


async def new_interview(pilot, app: CjmApp) -> None:
    """From the welcome screen: n, and wait for the first question."""
    await settle(pilot, app)
    await pilot.press("ctrl+n")
    await settle(pilot, app)
