"""One line at the bottom: engine, tokens and cost, save state (with a model reply's progress while it streams),
a future-state badge, the map's title."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

if TYPE_CHECKING:
    from cjm_assistant.tui.driver import SessionDriver


# How to stop what runs, kept in view however narrow the bar: both keys that do it (F1 lists them).
CANCEL_HINT = " (Esc/Ctrl+C cancels)"

class StatusBar(Static):
    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.engine = ""
        self.tokens = 0
        self.cost = 0.0
        self.state = ""  # "saved v7", "unsaved proposal", "drafting…", "interview 4/14"
        self.tail = ""  # the end of the state, never cut: "· 212 tokens · 14 s (Esc/Ctrl+C cancels)"
        self.title = ""
        self.kind = ""  # the map's kind: "future" shows a badge
        self.totals: dict = {}  # Session.totals(): tokens and cost so far

    def set(self, **fields) -> None:
        for key, value in fields.items():
            setattr(self, key, value)
        self._draw()

    def follow(self, driver: SessionDriver, mode: str, state: str | None = None, reviewing: bool = False) -> None:
        """Draw the state of the session ``driver`` runs: the call running (and whether Esc cancels it), else the
        totals so far and, with a proposal under review, "unsaved proposal"; ``state`` says more (progress)."""
        if driver.busy:
            state = state or driver.doing + (CANCEL_HINT if driver.engine_call else "")
        else:
            self.totals = driver.session.totals()
        self.show(driver.session, mode, state or ("unsaved proposal" if reviewing else None))

    def show(self, session: Any, mode: str, state: str | None = None) -> None:
        """Draw the session's state; ``state`` says what is going on (else: the interview's progress or the version
        saved), ``mode`` is interview, map or none."""
        if state is None and mode == "interview":
            position, total = session.interview.progress
            state = "ready to draft" if session.interview.state.status == "ready" else \
                f"interview · question {position + 1} of {total}" + \
                (" · follow-up" if session.interview.state.follow_up else "")
        elif state is None:
            state = f"saved v{session.head}" if session.has_map else "no map yet"
        # the map as loaded so far: reading session.journey here would wait on the store while a worker loads it
        journey, interview = session.loaded, session.interview
        title = journey.title if journey is not None else interview.state.profile.business_name if interview else ""
        live = self.totals.get("live")
        tail = ""  # what must stay in view however narrow: the seconds so far and how to cancel
        if state and "Esc" in state:
            state, tail = state.split(" (Esc", 1)[0], CANCEL_HINT
        if live and state and "…" in state:  # a model reply streaming: what it is on, tokens so far and seconds
            step, counts = live_parts(live)
            state = f"{state} {step}".rstrip()
            tail = f" · {counts}" + tail if step else f" {counts}{tail}"
        self.set(engine=session.engine.name, tokens=self.totals.get("tokens", 0), cost=self.totals.get("cost", 0.0),
                 state=state + tail, tail=tail, title=title or "",
                 kind=journey.kind if journey is not None and mode == "map" else "")

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        """The line, made to fit the width: the title is cut first, then the totals while a model step shows its
        own tokens, then the engine's provider; the step's description is cut last, its tail never."""
        cost = f"${self.cost:.4f}" if 0 < self.cost < 0.01 else f"${self.cost:.2f}"
        state = self.state
        tail = self.tail if self.tail and state.endswith(self.tail) else ""
        head = state[:len(state) - len(tail)]
        busy = state.startswith(("unsaved", "drafting", "working", "loading", "matching")) or "…" in state
        width = self.size.width or 10_000  # not laid out yet: drawn again on its first resize
        engine, totals, title = self.engine or "…", f" {self.tokens:,} tokens · {cost} ", self.title
        badge = " future state " if self.kind == "future" else ""

        def length() -> int:
            return (cell_len(engine) + 2 + cell_len(totals) + (cell_len(state) + 2 if state else 0) + len(badge)
                    + (cell_len(title) + 1 if title else 0))

        if length() > width and title:  # the title is cut first (it is in the header too)
            room = cell_len(title) - (length() - width) - 1
            title = title[:room].rstrip() + "…" if room >= 8 else ""
        if length() > width and tail:  # a model step counts its own tokens
            totals = " "
        if length() > width and "/" in engine:  # "llm:openai/smollm2" -> "llm:smollm2"
            engine = engine.split(":", 1)[0] + ":" + engine.rsplit("/", 1)[-1] if ":" in engine else \
                engine.rsplit("/", 1)[-1]
        if length() > width and head:
            room = max(1, len(head) - (length() - width) - 1)
            state = (head[:room].rstrip() + "…" if room < len(head) else head) + tail
        state_style = "$warning" if busy else "$success"
        parts = [
            Content.styled(f" {engine} ", "bold $foreground on $panel"),
            Content(totals),
            Content.styled(f" {state} ", f"bold {state_style}") if state else Content(""),
            Content.styled(badge, "bold $background on $accent") if badge else Content(""),
            Content.styled(f" {title}", "italic") if title else Content(""),
        ]
        self.update(Content("").join(parts))


def live_parts(live: dict) -> tuple[str, str]:
    """("stage 2 of 6 “Order”", "212 tokens · 14 s"): what a model reply in progress is on, and its counts."""
    counts = f"{int(live.get('tokens') or 0):,} tokens · {float(live.get('elapsed') or 0):.0f} s"
    return str(live.get("step") or ""), counts
