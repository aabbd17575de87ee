"""One line at the bottom: engine, tokens and cost, save state (with a model reply's progress while it streams),
a future-state badge, the map's title."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static


class StatusBar(Static):
    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.engine = ""
        self.tokens = 0
        self.cost = 0.0
        self.state = ""  # "saved v7", "unsaved proposal", "drafting…", "interview 4/14"
        self.title = ""
        self.kind = ""  # the map's kind: "future" shows a badge
        self.totals: dict = {}  # Session.totals(): tokens and cost so far

    def set(self, **fields) -> None:
        for key, value in fields.items():
            setattr(self, key, value)
        self._draw()

    def show(self, session: Any, mode: str, state: str | None = None) -> None:
        """Draw the session's state; ``state`` says what is going on (else: the interview's progress or the version
        saved), ``mode`` is interview, map or none."""
        if state is None and mode == "interview":
            position, total = session.interview.progress
            state = "ready to draft" if session.interview.state.status == "ready" else \
                f"interview · question {position + 1} of {total}" + \
                (" · follow-up" if session.interview.state.follow_up else "")
        elif state is None:
            state = f"saved v{session.head}" if session.journey is not None else "no map yet"
        journey, interview = session.journey, session.interview
        title = journey.title if journey is not None else interview.state.profile.business_name if interview else ""
        live = self.totals.get("live")
        if live and state and "…" in state:  # a model reply streaming: what it is on, tokens so far and seconds
            state = f"{state.split(' (Esc', 1)[0]} {live_text(live)}" + (" (Esc cancels)" if "Esc" in state else "")
        self.set(engine=session.engine.name, tokens=self.totals.get("tokens", 0), cost=self.totals.get("cost", 0.0),
                 state=state, title=title or "", kind=journey.kind if journey is not None and mode == "map" else "")

    def on_mount(self) -> None:
        self._draw()

    def _draw(self) -> None:
        cost = f"${self.cost:.4f}" if 0 < self.cost < 0.01 else f"${self.cost:.2f}"
        busy = self.state.startswith(("unsaved", "drafting", "working", "loading")) or "…" in self.state
        state_style = "$warning" if busy else "$success"
        parts = [
            Content.styled(f" {self.engine or '…'} ", "bold $foreground on $panel"),
            Content(f" {self.tokens:,} tokens · {cost} "),
            Content.styled(f" {self.state} ", f"bold {state_style}") if self.state else Content(""),
            Content.styled(" future state ", "bold $background on $accent") if self.kind == "future"
            else Content(""),
            Content.styled(f" {self.title}", "italic") if self.title else Content(""),
        ]
        self.update(Content("").join(parts))


def live_text(live: dict) -> str:
    """"stage 2 of 6 “Order” · 212 tokens · 14 s": a model reply in progress."""
    parts = [str(live.get("step") or ""), f"{int(live.get('tokens') or 0):,} tokens",
             f"{float(live.get('elapsed') or 0):.0f} s"]
    return " · ".join(p for p in parts if p)
