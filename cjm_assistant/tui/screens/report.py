"""A report in a window of its own: the priorities, a comparison of two maps (Markdown, wide enough for tables)."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from cjm_assistant.tui import help_data
from cjm_assistant.tui.reports import for_viewer
from cjm_assistant.tui.widgets.footer import KeyFooter


class ReportScreen(ModalScreen[None]):
    BINDINGS = help_data.bindings("window")
    AUTO_FOCUS = "#report-body"  # a scroll that takes the focus, so arrows and PgUp/PgDn scroll the report

    def __init__(self, title: str, markdown: str, hint: str = "", on_typing: Callable[[str], None] | None = None,
                 typing_until: float = 0.0) -> None:
        """``on_typing``: a letter typed before ``typing_until`` (a key event's time) goes there (which closes the
        window): the key that opened it was the first letter of a word typed (the review's n of "now rename...")."""
        super().__init__()
        self.title_text = title
        self.markdown = markdown
        self.hint = hint
        self.on_typing = on_typing
        self.typing_until = typing_until

    def on_key(self, event: events.Key) -> None:
        if self.on_typing is not None and help_data.typed_letter(event) and event.time < self.typing_until:
            event.stop()
            event.prevent_default()
            typing, self.on_typing = self.on_typing, None
            typing(event.character or "")

    def compose(self) -> ComposeResult:
        with Vertical(id="report", classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(id="report-body"):
                yield Markdown(for_viewer(self.markdown))
            yield Static(self.hint or "Esc closes", classes="dialog-hint", markup=False)
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss(None)
