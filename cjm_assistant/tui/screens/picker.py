"""Open a saved map (a table of maps, newest change first), or resume an interview set aside."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from cjm_assistant.tui.widgets.footer import KeyFooter


def when(stamp: str) -> str:
    """'2024-05-01T14:03:22.120+00:00' -> '2024-05-01 15:03' (in local time)."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp[:16].replace("T", " ")


class _RowPicker(ModalScreen[str | None]):
    """A table of rows keyed by id: Enter (or a click) dismisses with the highlighted row's key, None when empty."""

    def action_choose(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            self.dismiss(None)
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        self.dismiss(row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(event.row_key.value)


class PickerScreen(_RowPicker):
    BINDINGS = [Binding("escape", "dismiss(None)", "Close"), Binding("enter", "choose", "Open", priority=True)]
    AUTO_FOCUS = "#maps"

    def __init__(self, maps: list) -> None:
        super().__init__()
        self.maps = maps

    def compose(self) -> ComposeResult:
        with Vertical(id="picker", classes="dialog"):
            yield Static("[b]Open a saved map[/b]", classes="dialog-title")
            table = DataTable(id="maps", cursor_type="row", zebra_stripes=True)
            yield table
            yield Static("No saved maps yet: start the interview with Ctrl+N." if not self.maps else
                         "Enter opens the highlighted map · Esc closes", classes="dialog-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Title", "Persona", "Kind", "Stages", "Version", "Last change")
        for m in self.maps:
            table.add_row(Text(m.title), Text(m.persona or "—"), Text(m.kind), str(m.stages), f"v{m.head}",
                          when(m.updated), key=m.id)
        table.display = bool(self.maps)



class InterviewPicker(_RowPicker):
    """Resume an unfinished interview set aside by a newer one: a table of them, newest first."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close"), Binding("enter", "choose", "Resume", priority=True)]
    AUTO_FOCUS = "#interviews"

    def __init__(self, interviews: list[tuple[dict, str]]) -> None:
        super().__init__()
        self.interviews = interviews  # (state, last saved)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker", classes="dialog"):
            yield Static("[b]Resume an earlier interview[/b]", classes="dialog-title")
            yield DataTable(id="interviews", cursor_type="row", zebra_stripes=True)
            yield Static("Enter resumes the highlighted interview · Esc closes", classes="dialog-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        from cjm_assistant.tui.screens.welcome import interview_about

        table = self.query_one(DataTable)
        table.add_columns("Business", "Where it stopped", "Last change")
        for state, updated in self.interviews:
            name, where = interview_about(state)
            table.add_row(Text(name or "(not named yet)"), Text(where), when(updated), key=state["id"])
