"""What the main screen looks like, as SVG snapshots (pytest-textual-snapshot).

The example map is opened straight from the database, so the screen holds no
clock, no random id and no path: it is the same on every run. Update the
snapshots after an intended change with ``pytest --snapshot-update``.
"""

from __future__ import annotations

import pytest
from tests.support.tui import example_map, make_app, saved_map, settle, wait_for

from cjm_assistant.tui.screens.review import ReviewScreen
from cjm_assistant.tui.widgets.chat_input import ChatInput


def snapshot_app(tmp_path):
    db = tmp_path / "cjm.db"
    return make_app(db, open_map=saved_map(db, example_map()))


async def _ready(pilot) -> None:
    app = pilot.app
    await settle(pilot, app)
    app.screen.query_one(ChatInput).cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_main_screen_with_the_example_map(snap_compare, tmp_path, size):
    assert snap_compare(snapshot_app(tmp_path), terminal_size=size, run_before=_ready)


def test_the_emotion_curve_view(snap_compare, tmp_path):
    async def curve(pilot) -> None:
        await _ready(pilot)
        await pilot.press("tab", "3", "right", "right")
        await pilot.pause()

    assert snap_compare(snapshot_app(tmp_path), terminal_size=(120, 32), run_before=curve)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_main_screen_with_a_proposal_open(snap_compare, tmp_path, size):
    """A proposal of two changes, one of them unticked: the tick boxes, the counts, the map following them."""

    async def proposal(pilot) -> None:
        await _ready(pilot)
        app = pilot.app
        box = app.screen.query_one(ChatInput)
        box.load_text("add a stage Referral after After the party\nrename Discover to Looking around")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the review")
        await pilot.press("down", "space")
        await pilot.pause()

    assert snap_compare(snapshot_app(tmp_path), terminal_size=size, run_before=proposal)
