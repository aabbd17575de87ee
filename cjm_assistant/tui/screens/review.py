"""Review a proposal: what it adds, changes and removes, and which parts to keep.

The parts are ticked ("[x]") or not ("[ ]"); every change of the ticks goes
to ``on_ticked`` (the map pane redraws the proposal with only those) and the
title counts them ("6 of 7 stages"). The reply, the changes and the notes
scroll beside the parts on a wide screen; ``n`` opens them in full in a
window of their own (on a narrow screen, the only place they are).

Dismissed with ``None`` (rejected), ``"all"`` (every part ticked: accept it
whole) or the indices of the ticked parts (accept those only).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static

from cjm_assistant.domain.lanes import counted
from cjm_assistant.knowledge.questions import consent
from cjm_assistant.tui import help_data
from cjm_assistant.tui.widgets.footer import KeyFooter
from cjm_assistant.tui.widgets.tick_list import TickList

#: Seconds after a typed letter during which the review's own keys are taken as typing, not decisions
TYPING_PAUSE = 1.5
#: Seconds after a letter key of the review (x, n) in which a next letter typed makes it the first letter of a word
#: typed over the review ("now rename...", "xmas rush..."): it acts at once, and is taken back (the ticks as they
#: were, the notes window closed) when a letter follows that soon (as typed: the keys' own times, however long the
#: screen took to show what the first did)
LETTER_WAIT = 0.4
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


def ticked_note(proposal, chosen: list[int]) -> str:
    """How many parts are ticked, in the proposal's words: "6 of 7 stages", "1 of 2 changes"."""
    total = len(proposal.parts)
    noun = ("stage", "stages") if proposal.kind == "map" else ("change", "changes")
    return f"{len(chosen)} of {total} {noun[total != 1]}"


def details_markdown(proposal) -> str:
    """The reply, every change and every note of a proposal, as Markdown for a window that scrolls."""
    from cjm_assistant.tui.reports import md

    lines = [proposal.reply, ""] if proposal.reply else []
    signs = {"+": "add", "-": "remove", "~": "change", "↔": "move"}
    changes = [line.plain for line in diff_lines(proposal)]
    lines += ["## Changes", "", *(f"- **{signs.get(c[:1], '')}** {md(c[1:].strip())}" if c[:1] in signs
                                  else f"- {md(c)}" for c in changes)]
    if proposal.notes:
        lines += ["", "## Notes: what was assumed, to check", "", *(f"- {note}" for note in proposal.notes)]
    lines += ["", "## Parts", "", *(f"{i}. {md(part)}" for i, part in enumerate(proposal.parts, 1))]
    return "\n".join(lines)


REVIEW_KEYS = help_data.key_names("review")


class ReviewScreen(ModalScreen[object]):
    BINDINGS = help_data.bindings("review")
    AUTO_FOCUS = "#parts"
    NARROW = 100  # columns: below, the review sits under the map and its notes open with n

    def __init__(self, proposal, on_ticked: Callable[[list[int]], None] | None = None) -> None:
        super().__init__()
        self.proposal = proposal
        self.on_ticked = on_ticked
        self.typed = ""  # what was typed over the review, for the chat box once it is decided
        self._told = False
        self._typed_at = float("-inf")
        self._letter: tuple[str, float] | None = None  # (x or n, when it was typed) of a letter key to take back
        self._notes: Screen | None = None  # the notes window the last n opened

    def on_mount(self) -> None:
        # Beside the map (over the chat), or under it on a narrow screen, so the proposal stays in view.
        self.set_class(self.app.size.width < self.NARROW, "-narrow")

    def on_key(self, event: events.Key) -> None:
        """A letter that is none of the review's keys: someone typing a message. Say once how to decide first.
        What they type (with its spaces, and the review's letters while they type) is kept for the chat box."""
        answer = consent(self.typed) if event.key == "enter" and self.typing() else None
        if answer is not None:
            # "yes" or "no" typed over the review and sent: the answer to the proposal, not a message for later
            event.stop()
            event.prevent_default()
            self.typed, self._typed_at = "", float("-inf")
            self.action_accept() if answer == "accept" else self.action_reject()
            return
        letter = self._letter
        if event.is_printable and event.character and letter is not None and event.key != letter[0] \
                and event.time - letter[1] < LETTER_WAIT:
            self._take_back()
        if event.key in LETTER_KEYS and not self.typing():  # acted on here, in the order typed: as a binding it
            event.stop()  # acted only once the key had bubbled up to the app, after keys typed behind it (n opened
            event.prevent_default()  # the notes on the next key, and the Enter after it opened them)
            LETTER_KEYS[event.key](self)
            self._letter = (event.key, event.time)
            return
        if help_data.typed_letter(event) and event.key not in REVIEW_KEYS:
            self._typed_at = time.monotonic()
            self.typed += event.character or ""
            if not self._told:
                self._told = True
                self.notify("A proposal is waiting: Enter accepts the ticked parts, Esc rejects it; then type in the "
                            "chat, where what you typed is kept.", severity="warning")
        elif self.typing() and event.is_printable and event.character:
            self._typed_at = time.monotonic()
            self.typed += event.character
        elif self.typing() and event.key == "backspace":
            self._typed_at = time.monotonic()
            self.typed = self.typed[:-1]

    def typing(self) -> bool:
        """Whether someone is typing a message here (a letter none of the review's keys, under TYPING_PAUSE seconds
        ago): then x, n, Space and Enter are part of what they type ("/export" held the x of All/none, and the
        Enter after it accepted the proposal), not decisions. A pause, and they decide the proposal again."""
        return time.monotonic() - self._typed_at < TYPING_PAUSE

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("accept", "toggle_all", "details") and self.typing():
            return False
        return True

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < self.NARROW, "-narrow")

    def compose(self) -> ComposeResult:
        p = self.proposal
        with Vertical(id="review", classes="dialog"):
            yield Static(self._title(list(range(len(p.parts)))), id="review-title", classes="dialog-title")
            with VerticalScroll(id="review-body"):
                if p.reply:
                    yield Markdown(p.reply, id="review-reply")
                yield Static(Content("\n").join(diff_lines(p)) or Content("(no visible change)"), id="review-diff")
                if p.notes:
                    yield Markdown("\n".join(f"- {note}" for note in p.notes), id="review-notes")
            notes = f"{len(p.notes)} note{'s' if len(p.notes) != 1 else ''}, " if p.notes else ""
            yield Static(f"n: the {notes}changes and reply in full", id="review-more")
            yield Static("Space ticks [x] or unticks [ ] · only the ticked parts are saved", id="parts-hint",
                         markup=False)
            yield TickList(((part, i) for i, part in enumerate(p.parts)), id="parts", compact=True)
        yield KeyFooter()

    def _title(self, chosen: list[int]) -> Content:
        p = self.proposal
        title = "Proposed map" if p.kind == "map" else "Proposed changes"
        summary = f" · {p.diff.summary()}" if p.diff and p.diff.entries else ""
        return Content.assemble((title, "bold"), (f" · {ticked_note(p, chosen)} ticked", "bold $accent"),
                                (summary, "$text-muted"))

    def on_tick_list_changed(self, event: TickList.Changed) -> None:
        self.query_one("#review-title", Static).update(self._title(event.selected))
        if self.on_ticked is not None:
            self.on_ticked(list(event.selected))

    def action_details(self) -> None:
        """n: the notes window, at once (a next letter within LETTER_WAIT closes it: "now rename..." is typing)."""
        from cjm_assistant.tui.screens.report import ReportScreen

        def typing(character: str) -> None:  # a letter came soon after the n, to the window: a word's second
            self._take_back()
            self._typed_at = time.monotonic()
            self.typed += character

        self._notes = ReportScreen(f"{'Proposed map' if self.proposal.kind == 'map' else 'Proposed changes'}"
                                   ": notes and changes in full", details_markdown(self.proposal),
                                   "Esc closes, back to the review (Enter accepts, Esc rejects)",
                                   on_typing=typing, typing_until=time.monotonic() + LETTER_WAIT)
        self.app.push_screen(self._notes)

    def _take_back(self) -> None:
        """The last letter key (x, n) was the first letter of a word typed: its ticks as they were, its notes
        window closed, and the letter kept with what is typed."""
        letter, self._letter = self._letter, None
        if letter is None:
            return
        if letter[0] == "x":
            self._toggle_all_now()
        elif self._notes is not None and self._notes in self.app.screen_stack:
            self._notes.dismiss(None)
        self._typed_at = time.monotonic()
        self.typed += letter[0]


    def action_accept(self) -> None:
        self._letter = None
        parts = self.query_one(TickList)
        chosen = sorted(parts.selected)
        if not chosen:
            self.notify("Nothing is ticked: tick a part with Space, or press Esc to reject.", severity="warning")
            return
        self.dismiss("all" if len(chosen) == len(self.proposal.parts) else chosen)

    def action_reject(self) -> None:
        self.dismiss(None)

    def action_toggle_all(self) -> None:
        """x: tick or untick every part, at once (taken back when a letter follows within LETTER_WAIT)."""
        self._toggle_all_now()

    def _toggle_all_now(self) -> None:
        parts = self.query_one(TickList)
        if len(parts.selected) == len(self.proposal.parts):
            parts.deselect_all()
        else:
            parts.select_all()


#: The review's letter keys, acted on as they come (see ReviewScreen.on_key)
LETTER_KEYS: dict[str, Callable[[ReviewScreen], None]] = {"n": ReviewScreen.action_details,
                                                         "x": ReviewScreen.action_toggle_all}


def _count(p) -> str:
    return counted(len(p.journey.stages), "stage") if p.kind == "map" else counted(len(p.ops), "change")


def _n(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"
