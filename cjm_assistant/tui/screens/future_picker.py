"""Pick the opportunities a future-state map puts in place (all are ticked at first)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from cjm_assistant.tui.widgets.footer import KeyFooter
from cjm_assistant.tui.widgets.tick_list import TickList


class FuturePickerScreen(ModalScreen[list[str] | None]):
    """Dismissed with the ticked opportunity ids ([] when all are ticked), or None."""

    BINDINGS = [Binding("enter,a", "choose", "Make the future state", priority=True),
                Binding("x", "toggle_all", "All/none"), Binding("escape", "dismiss(None)", "Close")]
    AUTO_FOCUS = "#opportunities"

    def __init__(self, journey) -> None:
        super().__init__()
        self.choices = [(op.id, stage.name, op) for stage in journey.stages for op in stage.opportunities]

    def compose(self) -> ComposeResult:
        with Vertical(id="future-picker", classes="dialog"):
            yield Static("[b]Future state: which opportunities are in place?[/b]", classes="dialog-title")
            yield TickList(
                ((Content.assemble((f"{oid:<5} ", "$text-muted"), (op.name, "bold"),
                                   (f"  {stage} · impact {op.impact}, effort {op.effort}", "$text-muted")), oid)
                 for oid, stage, op in self.choices), id="opportunities", compact=True)
            yield Static("Space ticks or unticks · x all/none · Enter makes the proposal (you review it before "
                         "anything is saved) · Esc closes", classes="dialog-hint")
        yield KeyFooter()

    def action_choose(self) -> None:
        chosen = self.query_one(TickList).selected
        if not chosen:
            self.notify("Nothing is ticked: tick an opportunity with Space.", severity="warning")
            return
        self.dismiss([] if len(chosen) == len(self.choices) else [oid for oid, _, _ in self.choices if oid in chosen])

    def action_toggle_all(self) -> None:
        parts = self.query_one(TickList)
        if len(parts.selected) == len(self.choices):
            parts.deselect_all()
        else:
            parts.select_all()
