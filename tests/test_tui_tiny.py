"""A terminal too small to draw the app in (issue 13 item 6): one sentence instead of a crash, and back.

At 10x3 or 1x1 Textual's own widgets fail to lay out (a zero-width line to
wrap: ``ValueError: range() arg 3 must not be zero``); the app covers every
screen with "Make the window larger: at least 40×12", and gives it back when
the terminal is large enough again.
"""

from __future__ import annotations

import pytest
from tests.support.tui import make_app, new_interview, send, settle, wait_for
from textual.widgets import Static
from tests.support.sizes import app_with_map, opened, sized

from cjm_assistant.tui.screens.main import MainScreen
from cjm_assistant.tui.screens.too_small import TooSmallScreen
from cjm_assistant.tui.screens.welcome import WelcomeScreen


@pytest.mark.parametrize("tiny", [(10, 3), (1, 1)], ids=["10x3", "1x1"])
@sized
async def test_a_tiny_terminal_asks_for_a_larger_window_and_the_app_comes_back(tmp_path, size, tiny):
    app = app_with_map(tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        for expected in (WelcomeScreen, MainScreen):
            if expected is MainScreen:
                await opened(pilot, app)
            await pilot.resize_terminal(*tiny)
            await wait_for(pilot, lambda: isinstance(app.screen, TooSmallScreen), what="the too-small screen")
            assert "Make the window larger: at least" in str(app.screen.query_one("#too-small", Static).render())
            await pilot.resize_terminal(*size)
            await wait_for(pilot, lambda: isinstance(app.screen, expected), what="the app back")
            assert app.return_code is None
        await send(pilot, app, "/guesses")  # it still works
        assert app.main.is_mounted and app.return_code is None


async def test_a_tiny_terminal_at_start_up_shows_the_sentence(tmp_path):
    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=(1, 1)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TooSmallScreen), what="the too-small screen")
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen), what="the welcome screen")
        await new_interview(pilot, app)
        assert isinstance(app.screen, MainScreen)


@sized
async def test_a_window_open_when_the_terminal_shrinks_is_still_there_after(tmp_path, size):
    from cjm_assistant.tui.screens.help import HelpScreen

    app = app_with_map(tmp_path)
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        await pilot.resize_terminal(12, 4)
        await wait_for(pilot, lambda: isinstance(app.screen, TooSmallScreen), what="the too-small screen")
        await pilot.press("f1")  # nothing opens over it
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(*size)
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help, back")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
