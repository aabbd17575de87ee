"""What the main screen looks like at 80x24 and at 120x40, driven with Pilot (issue 14 item 1).

Each test runs at both sizes. The footer keeps Ctrl+Q and F1 first and every
window says how to close it. (A terminal too small to draw in:
test_tui_tiny.py.)
"""

from __future__ import annotations

from test_tui_support import send
from textual.widgets import Static
from textual.widgets._footer import FooterKey
from tui_sizes import app_with_map, opened, sized

from cjm_assistant.tui.screens.help import HelpScreen
from cjm_assistant.tui.screens.main import MainScreen
from cjm_assistant.tui.screens.report import ReportScreen


def footer(app) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


def footer_keys(app) -> list[str]:
    return [key.key for key in footer(app)]


@sized
async def test_the_footer_shows_quit_and_help_first_whatever_has_the_focus(tmp_path, size):
    app = app_with_map(tmp_path)
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app)
        for focus in ("chat", "map"):
            getattr(app.main, f"action_focus_{focus}")()
            await pilot.pause()
            await pilot.pause()
            keys = footer(app)
            assert [k.key for k in keys][:2] == ["ctrl+q", "f1"], focus
            assert "ctrl+p" in [k.key for k in keys]  # the palette, docked on the right
            assert all(k.region.right <= size[0] for k in keys)  # none is cut off at the edge
        assert "enter" in footer_keys(app)  # the map's own keys follow (Edit)


@sized
async def test_every_window_says_how_to_close_it(tmp_path, size):
    app = app_with_map(tmp_path)
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "escape" in footer_keys(app) and "Close" in [k.description for k in footer(app)]
        assert footer_keys(app)[:2] == ["ctrl+q", "f1"]
        assert "Esc" in str(app.screen.query_one(".dialog-hint", Static).render())
        await pilot.press("f1")  # F1 again closes it too
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await send(pilot, app, "/priorities")
        assert isinstance(app.screen, ReportScreen)
        assert "Close" in [k.description for k in footer(app)]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
