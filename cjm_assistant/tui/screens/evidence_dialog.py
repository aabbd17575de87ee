"""Import customer evidence: a file, the columns it was read from, and what the import will cost.

Enter on the path reads the file (through ``read``: the session driver's
``read_evidence``, in its worker; the result comes back as ``show_read`` or
``read_failed``): the columns found are shown, the text column prefilled with the one
detected, score, date and channel optional; changing one reads the file again.
The estimate (calls, tokens, cost for a model; free offline) is shown before
anything starts. Enter again (or Import) dismisses with the Feedback read, and
the main screen matches it to the map and opens the proposal for review.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from cjm_assistant.domain.lanes import counted

ROLES = (("text", "Text column"), ("score", "Score column"), ("date", "Date column"), ("channel", "Channel column"))
OPTIONAL = ("score", "date", "channel")
Reader = Callable[[str, Any, tuple[str, ...]], bool]  # (path, read options, columns left out) -> started


class EvidenceScreen(ModalScreen[Any]):
    """Dismissed with the evidence.Feedback to import, or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]
    AUTO_FOCUS = "#evidence-path"

    def __init__(self, read: Reader, path: str = "", folder: str | None = None) -> None:
        super().__init__()
        self.reader = read
        self.start_path = path
        self.folder = Path(folder) if folder else None
        self.feedback: Any = None
        self.estimate: Any = None
        self.read_path = ""  # the path (as typed) self.feedback was read from
        self._pending = ""  # the path being read
        self.reading = False
        self._shown: dict[str, str | None] = {}  # the columns the selects show (to tell user changes apart)

    def compose(self) -> ComposeResult:
        with Vertical(id="evidence", classes="dialog"):
            yield Static("[b]Import customer evidence[/b]", classes="dialog-title")
            yield Input(self.start_path, placeholder="path/to/feedback.csv (CSV, plain text or JSON lines)",
                        id="evidence-path")
            # what was read scrolls (on a short terminal too), so the buttons and the hint stay in sight below it
            with VerticalScroll(id="evidence-body", can_focus=False):  # Tab goes from field to field, as before
                yield Static("Enter reads the file and shows its columns.", id="evidence-read", markup=False)
                with Grid(id="evidence-fields"):
                    for role, title in ROLES:
                        yield Label(title)
                        yield Select[str]([], id=f"evidence-{role}", allow_blank=True,
                                          prompt="(none)" if role in OPTIONAL else "(choose)", compact=True)
                yield Static("", id="evidence-estimate", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import", variant="primary", id="evidence-go", disabled=True)
                yield Button("Cancel", id="evidence-cancel")
            yield Static("Nothing is saved until you accept the proposal · Esc closes", classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#evidence-fields").display = False
        if self.start_path:
            self.read()

    # -- reading ----------------------------------------------------------------------------

    def _path(self) -> str:
        raw = self.query_one("#evidence-path", Input).value.strip().strip("'\"")
        if raw and self.folder is not None and not Path(raw).expanduser().is_absolute():
            raw = str(self.folder / raw)
        return raw

    def _options(self):
        """ReadOptions from the selects, and the optional roles chosen as none."""
        from cjm_assistant.evidence import ReadOptions

        if self.feedback is None or not self.feedback.available or self.read_path != self._path():
            return None, ()
        chosen = {role: self._value(role) for role, _ in ROLES}
        drop = tuple(role for role in OPTIONAL if chosen[role] is None)
        return ReadOptions(**{f"{role}_column": chosen[role] for role, _ in ROLES}), drop

    def _value(self, role: str) -> str | None:
        value = self.query_one(f"#evidence-{role}", Select).value
        return None if value is Select.NULL else str(value)

    def read(self) -> None:
        path = self._path()
        if not path:
            self.notify("Type the path of a feedback file first.", severity="warning")
            return
        options, drop = self._options()
        if self.reader(path, options, drop):
            self.reading, self._pending = True, path
            self.query_one("#evidence-go", Button).disabled = True
            self.query_one("#evidence-read", Static).update(f"Reading {Path(path).name}…")

    def show_read(self, result: Any) -> None:
        """The file was read: its columns, what was taken from them, the estimate."""
        self.reading = False
        self.feedback, self.estimate = result
        fb = self.feedback
        self.read_path = self._pending
        lines = [f"Read {fb.describe()}."]
        if fb.skipped:
            lines.append(f"{counted(fb.skipped, 'row')} with no text {'was' if fb.skipped == 1 else 'were'} skipped.")
        lines += list(fb.notes)
        self.query_one("#evidence-read", Static).update("\n".join(lines))
        fields = self.query_one("#evidence-fields")
        fields.display = bool(fb.available)
        self._shown = dict(fb.columns)
        for role, _ in ROLES:
            select = self.query_one(f"#evidence-{role}", Select)
            select.set_options([(name, name) for name in fb.available])
            column = fb.columns.get(role)
            select.value = column if column in fb.available else Select.NULL
        self.query_one("#evidence-estimate", Static).update(f"Estimate: {self.estimate.sentence()}.")
        self.query_one("#evidence-go", Button).disabled = False

    def read_failed(self, error: BaseException) -> None:
        self.reading = False
        self.feedback = None
        self.query_one("#evidence-read", Static).update(f"⚠ {error}")
        self.query_one("#evidence-estimate", Static).update("")
        self.query_one("#evidence-fields").display = False
        self.query_one("#evidence-go", Button).disabled = True

    def on_select_changed(self, event: Select.Changed) -> None:
        role = (event.select.id or "").removeprefix("evidence-")
        if self.feedback is None or self.reading or role not in self._shown:
            return
        value = self._value(role)  # now, not when the event was posted (set_options clears it first)
        if value == self._shown.get(role):
            return  # set by show_read, not by the user
        if role == "text" and value is None:
            self.notify("The text column is needed: choose the column with the customers' words.", severity="warning")
            return
        self._shown[role] = value
        self.read()

    # -- going ahead ----------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.feedback is not None and self._path() != self.read_path:
            self.query_one("#evidence-go", Button).disabled = True
            self.query_one("#evidence-estimate", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.go()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "evidence-go":
            self.go()
        else:
            self.dismiss(None)

    def go(self) -> None:
        if self.reading:
            self.notify("Still reading the file…", severity="warning")
        elif self.feedback is None or self._path() != self.read_path:
            self.read()
        else:
            self.dismiss(self.feedback)
