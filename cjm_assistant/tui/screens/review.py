"""Review a proposal: what it adds, changes and removes, and which parts to keep.

Dismissed with ``None`` (rejected), ``"all"`` (every part ticked: accept it
whole) or the indices of the ticked parts (accept those only).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown, SelectionList, Static

from cjm_assistant.tui import help_data

SIGN_STYLES = {"+": "$success", "-": "$error", "~": "$warning", "↔": "$accent"}
MAX_LINES = 300


def diff_lines(proposal) -> list[Content]:
    """The proposal as coloured lines: the diff, or for a first map a summary per stage."""
    entries = list(proposal.diff.entries) if proposal.diff else []
    if entries:
        lines = [Content.styled(e.line(), SIGN_STYLES.get(e.line()[:1], "")) for e in entries[:MAX_LINES]]
        if len(entries) > MAX_LINES:
            lines.append(Content(f"… and {len(entries) - MAX_LINES} more changes"))
        return lines
    lines = []
    for stage in proposal.journey.stages[:MAX_LINES]:
        sizes = [_n(len(stage.touchpoints), "touchpoint"), _n(len(stage.pain_points), "pain point"),
                 _n(len(stage.opportunities), "opportunity", "opportunities")]
        lines.append(Content.assemble(("+ stage ", "$success"), (f"“{stage.name}”", "bold $success"),
                                      (f"  ({', '.join(sizes)}; emotion {stage.emotion:+d})", "$text-muted")))
    return lines


class ReviewScreen(ModalScreen[object]):
    BINDINGS = help_data.bindings("review")
    AUTO_FOCUS = "#parts"

    def on_mount(self) -> None:
        # Beside the map (over the chat), so the proposal drawn on the map stays in view.
        self.set_class(self.app.size.width < 100, "-narrow")

    def __init__(self, proposal) -> None:
        super().__init__()
        self.proposal = proposal

    def compose(self) -> ComposeResult:
        p = self.proposal
        title = "Proposed map" if p.kind == "map" else "Proposed changes"
        with Vertical(id="review", classes="dialog"):
            yield Static(Content.assemble((title, "bold"), (f" · {p.diff.summary() if p.diff else _count(p)}",
                                                            "$text-muted")), classes="dialog-title")
            with VerticalScroll(id="review-body"):
                if p.reply:
                    yield Markdown(p.reply, id="review-reply")
                yield Static(Content("\n").join(diff_lines(p)) or Content("(no visible change)"), id="review-diff")
                if p.notes:
                    yield Markdown("\n".join(f"- {note}" for note in p.notes), id="review-notes")
            yield Static("Parts · Space ticks or unticks · only ticked parts are saved", id="parts-hint")
            yield SelectionList[int](*((Content(part), i, True) for i, part in enumerate(p.parts)), id="parts",
                                     compact=True)
        yield Footer()

    def action_accept(self) -> None:
        parts = self.query_one(SelectionList)
        chosen = sorted(parts.selected)
        if not chosen:
            self.notify("Nothing is ticked: tick a part with Space, or press r to reject.", severity="warning")
            return
        self.dismiss("all" if len(chosen) == len(self.proposal.parts) else chosen)

    def action_reject(self) -> None:
        self.dismiss(None)

    def action_toggle_all(self) -> None:
        parts = self.query_one(SelectionList)
        if len(parts.selected) == len(self.proposal.parts):
            parts.deselect_all()
        else:
            parts.select_all()


def _count(p) -> str:
    return f"{len(p.journey.stages)} stages" if p.kind == "map" else f"{len(p.ops)} change(s)"


def _n(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"
