"""Shown instead of everything else while the terminal is too small to draw the app (see ``CjmApp.on_resize``).

Below a few columns Textual's own widgets fail to lay out (a zero-width line
to wrap), so the app covers them with this screen, which draws one sentence
at any size and goes away by itself once the terminal is large enough again,
also when it is shown again after a dialog above it closed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 40, 12


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(Screen[None]):
    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; }
    TooSmallScreen > Static { width: auto; max-width: 100%; height: auto; padding: 0; }
    """

    def compose(self) -> ComposeResult:
        yield Static(self._sentence(), id="too-small", markup=False)

    def _sentence(self) -> str:
        width, height = self.app.size
        return f"Make the window larger: at least {MIN_WIDTH}×{MIN_HEIGHT} (it is {width}×{height} now)."

    def on_resize(self) -> None:
        self.query_one("#too-small", Static).update(self._sentence())
        self.leave()

    def on_screen_resume(self) -> None:
        self.call_later(self.leave)

    def leave(self) -> None:
        """Give the screens back, once the terminal is large enough (and only if this is still on top).

        Each screen is uncovered by its own message queue, after the resize the app sent it before: a screen
        never lays out its widgets at the size it had while covered.
        """
        if not self.is_current or too_small(*self.app.size):
            return
        self.app.pop_screen()
        for screen in self.app.screen_stack:
            if not isinstance(screen, TooSmallScreen):
                screen.call_later(screen.remove_class, "-covered")
