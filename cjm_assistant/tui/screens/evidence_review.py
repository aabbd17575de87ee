"""Review where an import puts each row: row, text, proposed stage, confidence; accept or reassign.

Self-contained: it takes plain data, never the session. Open it with::

    app.push_screen(EvidenceReviewScreen(proposal.evidence.review_rows(), stages), done)

where ``stages`` is ``[(stage id, stage name), ...]`` of the map. It is dismissed
with a dict ``{(row, part): stage id or None}`` of the rows the user moved
(``{}``: every row accepted as proposed) or ``None`` (Esc: back, nothing
changed). Hand the dict to ``proposal.reassign(...)`` before the
proposal is accepted: the rows are then stored where the user put them.

Keys: ``1``-``9`` put the highlighted row on that stage, ``0`` (or ``u``)
leaves it unplaced, ``v`` shows the highlighted row in full, ``Enter`` accepts the table, ``Esc`` goes back.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from cjm_assistant.domain.lanes import counted
from cjm_assistant.evidence.rows import ReviewRow


STAGE_WIDTH = 24  # characters of a stage's name in the table
TEXT_WIDTH = 120  # characters of a row's text (the table's last column: cut by the screen's edge before this)


def _where(r: ReviewRow) -> str:
    """A row's number as the table shows it: "12", or "12.2" for the second part of row 12."""
    return f"{r.row}" if r.part == 1 else f"{r.row}.{r.part}"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


class EvidenceReviewScreen(ModalScreen[object]):
    """The review table of an evidence import (see the module's docstring)."""

    BINDINGS = [
        Binding("enter", "done", "Accept", priority=True),
        *(Binding(str(n), f"assign({n})", f"Stage {n}", show=False) for n in range(1, 10)),
        Binding("0,u", "assign(0)", "Unplaced"),
        Binding("v", "view_row", "Row in full"),
        # Home and End go to the first and last row; DataTable's own scroll the table sideways, off the stage column
        Binding("home", "to_row(0)", show=False, priority=True),
        Binding("end", "to_row(-1)", show=False, priority=True),
        Binding("escape", "cancel", "Back"),
    ]
    AUTO_FOCUS = "#evidence-rows"
    DEFAULT_CSS = """
    EvidenceReviewScreen { align: center middle; }
    #evidence-review { width: 95%; height: 90%; border: round $accent; background: $surface; padding: 0 1; }
    #evidence-rows { height: 1fr; }
    #evidence-stages { color: $text-muted; }
    #evidence-rows { overflow-x: hidden; }
    #evidence-detail { height: auto; max-height: 50%; border-top: solid $accent; }
    """

    def __init__(self, rows: list[ReviewRow], stages: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = list(rows)
        self.stages = list(stages)[:9]
        self.names = dict(stages)
        self.choices: dict[tuple[int, int], str | None] = {}

    def _stage_now(self, r: ReviewRow) -> str | None:
        """Where a row goes now: where the user put it, else where it was proposed (None: unplaced)."""
        key = (r.row, r.part)
        return self.choices[key] if key in self.choices else (r.stage_id if r.placed else None)

    def _heading(self) -> Content:
        unplaced = sum(1 for r in self.rows if self._stage_now(r) is None)
        placed = sum(1 for stage in self.choices.values() if stage is not None)
        mine = f", {placed} placed by you" if placed else ""
        return Content.assemble(("Where each row goes", "bold"),
                                (f" · {counted(len(self.rows), 'row')} to check, {unplaced} unplaced{mine}", "$text-muted"))

    def compose(self) -> ComposeResult:
        with Vertical(id="evidence-review"):
            yield Static(self._heading(), id="evidence-heading")
            keys = "  ".join(f"{n} {name}" for n, (_, name) in enumerate(self.stages, 1))
            yield Static(f"{keys}  0 unplaced · Enter accepts · Esc back", id="evidence-stages")
            yield DataTable(id="evidence-rows", cursor_type="row", zebra_stripes=True)
            yield Static("", id="evidence-detail")  # the highlighted row in full: the table cuts its text
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # the text last: on a narrow terminal (80 columns) it is what gets cut, never the stage proposed for it
        table.add_columns("row", "stage", "conf.", "sentiment", "", "text")
        for r in self.rows:
            table.add_row(*self._cells(r, r.stage_id if r.placed else None, False), key=f"{r.row}.{r.part}")

    def _cells(self, r: ReviewRow, stage_id: str | None, changed: bool) -> tuple:
        stage = self.names.get(stage_id, "") if stage_id else "(unplaced)"
        return (_where(r), _cut(stage, STAGE_WIDTH), "you" if changed else f"{r.confidence:.2f}", r.sentiment,
                "changed" if changed else ("" if r.placed else "assign?"), r.text[:TEXT_WIDTH])

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show(event.cursor_row)

    def _show(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            return
        r = self.rows[index]
        stage_id = self._stage_now(r)
        stage = self.names.get(stage_id, "") if stage_id else "unplaced"
        self.query_one("#evidence-detail", Static).update(Content.assemble(
            (f"Row {_where(r)} · {r.sentiment} · {stage}: ", "bold"), r.text))

    def action_to_row(self, index: int) -> None:
        table = self.query_one(DataTable)
        if self.rows:
            table.move_cursor(row=index % len(self.rows), column=0)
            table.scroll_x = 0

    def action_view_row(self) -> None:
        """The highlighted row's whole text, in a window that scrolls (a long one is cut below the table)."""
        from cjm_assistant.export.text import md_inline
        from cjm_assistant.tui.screens.report import ReportScreen

        if not self.rows:
            return
        r = self.rows[self.query_one(DataTable).cursor_row]
        self.app.push_screen(ReportScreen(f"Row {_where(r)} in full", md_inline(r.text), "Esc closes"))

    def action_assign(self, n: int) -> None:
        table = self.query_one(DataTable)
        if not self.rows or n > len(self.stages):
            return
        r = self.rows[table.cursor_row]
        stage_id = self.stages[n - 1][0] if n else None
        self.choices[(r.row, r.part)] = stage_id
        for column, value in enumerate(self._cells(r, stage_id, True)):
            table.update_cell_at((table.cursor_row, column), value)
        self.query_one("#evidence-heading", Static).update(self._heading())
        if table.cursor_row < len(self.rows) - 1:
            table.move_cursor(row=table.cursor_row + 1)
        else:
            self._show(table.cursor_row)

    def action_done(self) -> None:
        self.dismiss(dict(self.choices))

    def action_cancel(self) -> None:
        self.dismiss(None)
