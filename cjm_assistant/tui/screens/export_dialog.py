"""Export the map: pick a format, check the suggested file name, write it."""

from __future__ import annotations

import os
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, RadioButton, RadioSet, Static

from cjm_assistant.export import FORMATS, suggest_filename


class ExportScreen(ModalScreen[tuple[str, str] | None]):
    """Dismissed with (format, absolute path), or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]
    AUTO_FOCUS = "#export-path"

    def __init__(self, journey, fmt: str = "md", folder: str | None = None) -> None:
        super().__init__()
        self.journey = journey
        self.fmt = fmt if fmt in FORMATS else "md"
        self.folder = Path(folder or os.getcwd())

    def compose(self) -> ComposeResult:
        with Vertical(id="export", classes="dialog"):
            yield Static("[b]Export the map[/b]", classes="dialog-title")
            with RadioSet(id="export-format"):
                for key, fmt in FORMATS.items():
                    yield RadioButton(fmt.label, value=key == self.fmt, name=key)
            yield Input(str(self.folder / suggest_filename(self.journey, self.fmt)), id="export-path")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")
            yield Static("Enter writes the file · Esc closes", classes="dialog-hint")
        yield Footer()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        new = event.pressed.name or "md"
        path_input = self.query_one("#export-path", Input)
        old_name = suggest_filename(self.journey, self.fmt)
        current = Path(path_input.value.strip() or old_name)
        if current.name == old_name:  # the user kept our suggestion: follow the format
            path_input.value = str(current.with_name(suggest_filename(self.journey, new)))
        elif current.suffix.lower() == FORMATS[self.fmt].extension:
            path_input.value = str(current.with_suffix(FORMATS[new].extension))
        self.fmt = new

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._go()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-go":
            self._go()
        else:
            self.dismiss(None)

    def _go(self) -> None:
        raw = self.query_one("#export-path", Input).value.strip().strip("'\"")
        if not raw:
            self.notify("Type a file name first.", severity="warning")
            return
        path = Path(raw).expanduser()
        if not path.is_absolute():
            path = self.folder / path
        if path.is_dir():
            path = path / suggest_filename(self.journey, self.fmt)
        self.dismiss((self.fmt, str(path)))
