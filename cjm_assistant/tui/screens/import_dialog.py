"""Import a map from a JSON file (one made by `cjm export --format json`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from cjm_assistant.tui.widgets.footer import KeyFooter


class ImportScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]
    AUTO_FOCUS = "#import-path"

    def compose(self) -> ComposeResult:
        with Vertical(id="import", classes="dialog"):
            yield Static("[b]Import a map from JSON[/b]", classes="dialog-title")
            yield Input(placeholder="path/to/map.json", id="import-path")
            yield Static("A file written by `cjm export --format json` or the export dialog. "
                         "Enter imports it as a new map · Esc closes", classes="dialog-hint")
        yield KeyFooter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        path = event.value.strip().strip("'\"")
        if not path:
            self.notify("Type the path of a JSON file first.", severity="warning")
            return
        self.dismiss(path)
