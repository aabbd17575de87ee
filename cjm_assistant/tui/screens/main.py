"""The main screen: the chat on the left, the map on the right, a status line.

It composes the widgets and routes: what is typed goes through the router to
the session driver (:mod:`..driver`), the map pane's edits go to the driver,
the insight commands to :mod:`..insights`. What the driver reports comes back
as typed messages: the chat pane (where the driver is mounted) draws the
conversation, and the handlers below the map, the status line and reviews.
"""

from __future__ import annotations

import threading
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen

from cjm_assistant.tui import help_data, insights
from cjm_assistant.tui.driver import SessionDriver
from cjm_assistant.tui.router import Intent, route
from cjm_assistant.tui.widgets.chat import ChatLog
from cjm_assistant.tui.widgets.chat_input import ChatInput
from cjm_assistant.tui.widgets.chat_pane import ChatPane
from cjm_assistant.tui.widgets.footer import KeyFooter
from cjm_assistant.tui.widgets.map_pane import MapPane
from cjm_assistant.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from cjm_assistant.session import Proposal, Session

NARROW = 100  # below this many columns the panes stack
LAYOUTS = ("both", "chat", "map")
MODES = {"undo": "map", "redo": "map", "export": "map", "insight": "map", "draft": "interview"}  # where they apply


class MainScreen(Screen):
    BINDINGS = help_data.bindings("main")
    AUTO_FOCUS = "#input"

    def __init__(self, session: Session, model_ready: threading.Event | None = None, first: tuple[str, ...] = ()):
        """``first``: what to start with: (``new``), (``resume``), (``open``, MAP) or (``import``, PATH)."""
        super().__init__()
        self.session = session
        self.model_ready = model_ready
        self.first = first
        self.layout_mode = "both"
        self.reviewing = False  # a proposal is on the map, waiting for a decision

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield ChatPane(self.session, self.model_ready, id="chat-column")
            yield MapPane(id="map-pane")
        yield StatusBar(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.on_resize()
        self.refresh_status()
        if self.first:
            what, *arg = self.first
            {"new": self.action_new_interview, "resume": self.driver.resume, "open": self.driver.open_map,
             "import": self.driver.import_file}[what](*arg)

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    @property
    def chat(self) -> ChatLog:
        return self.query_one(ChatLog)

    @property
    def map_pane(self) -> MapPane:
        return self.query_one(MapPane)

    @property
    def driver(self) -> SessionDriver:
        return self.query_one(SessionDriver)

    def mode(self) -> str:
        s = self.session
        if s.interview is not None and s.map_id is None:
            return "interview"
        return "map" if s.journey is not None else "none"

    # -- what the user types ----------------------------------------------------------------------

    def on_chat_input_submitted(self, message: ChatInput.Submitted) -> None:
        intent = route(message.text, self.mode())
        if self.driver.busy and intent.kind not in ("help", "error", "quit"):
            self.query_one(ChatPane).keep(message.text)  # for when the call is done
            self.notify(self.driver.still_busy(), severity="warning")
        else:
            self.dispatch(intent, message.text)
            self.refresh_status()  # now: "thinking…" before the words typed show up in the chat

    def dispatch(self, intent: Intent, typed: str) -> None:
        driver, arg = self.driver, intent.args[0] if intent.args else ""
        fmt, path = (intent.args + ["", ""])[:2]
        routes = {
            "error": partial(self.chat.add, "system", arg), "answer": partial(driver.answer, intent.text),
            "instruct": partial(driver.instruct, intent.text), "ask": partial(driver.ask, intent.text),
            "edit": partial(driver.edit_text, typed, intent.text), "undo": driver.undo, "redo": driver.redo,
            "help": partial(self.call_later, self.run_action, "app.help"), "new": self.action_new_interview,
            "open": self.action_open_map, "quit": self.app.exit,
            "export": partial(driver.export, fmt or "md", path) if path and self.mode() == "map"
            else partial(self.action_export, fmt or "md"),
            "model": partial(driver.switch_model, arg) if arg else partial(self.chat.add, "system", (
                f"The engine is **{self.session.engine.name}**. Switch with `/model NAME` (a litellm model such as "
                "`openai/gpt-4o-mini`, or `playbook`).")),
            "import": partial(driver.import_file, arg) if arg else self.action_import_json,
        }
        routes.get(intent.kind, partial(insights.start, self, intent.kind, arg))()

    # -- what the driver reports (the conversation is the chat pane's) -----------------------------

    def refresh_status(self, state: str | None = None) -> None:
        driver, status = self.driver, self.query_one(StatusBar)
        if driver.busy:
            state = state or driver.doing + (" (Esc cancels)" if driver.engine_call else "")
        else:
            status.totals = self.session.totals()
        status.show(self.session, self.mode(), state or ("unsaved proposal" if self.reviewing else None))
        self.refresh_bindings()

    @on(SessionDriver.Busy)
    @on(SessionDriver.Idle)
    def _busy_or_idle(self) -> None:
        self.refresh_status()

    @on(SessionDriver.Usage)
    def _usage(self, message: SessionDriver.Usage) -> None:
        self.query_one(StatusBar).totals = message.totals
        self.refresh_status()

    @on(SessionDriver.Progress)
    def _progress(self, message: SessionDriver.Progress) -> None:
        self.refresh_status(f"matching the evidence… {message.done:,}/{message.total:,} (Esc cancels)")

    @on(SessionDriver.MapChanged)
    def _map_changed(self, message: SessionDriver.MapChanged) -> None:
        if not self.reviewing:
            self.map_pane.show(message.journey)

    @on(SessionDriver.Sketched)
    def _sketched(self, message: SessionDriver.Sketched) -> None:
        self.map_pane.show(message.journey, "streaming")
        self.refresh_status("drafting… (Esc cancels)")

    @on(SessionDriver.Opened)
    def _opened(self, message: SessionDriver.Opened) -> None:
        if message.journey is None:  # an interview: no map yet
            self.map_pane.show(None)

    @on(SessionDriver.Proposed)
    def _proposed(self, message: SessionDriver.Proposed) -> None:
        if not message.proposal.empty:
            self.review(message.proposal)
        elif getattr(message.proposal, "evidence", None) is not None:
            self.notify("The evidence changes nothing on the map; nothing was saved.", title="Evidence")

    def review(self, proposal: Proposal) -> None:
        """Show the proposal on the map and ask which parts to keep; the driver saves them or sets it aside."""
        from cjm_assistant.tui.screens.review import ReviewScreen

        def decided(choice) -> None:
            self.reviewing = False
            if choice is None:
                self.driver.reject(proposal)
            else:
                self.driver.accept(proposal, None if choice == "all" else list(choice))
            self.refresh_status()

        self.reviewing = True
        self.map_pane.show(proposal.journey, "preview")
        self.refresh_status()
        self.app.push_screen(ReviewScreen(proposal), decided)

    @on(SessionDriver.SetAside)
    def _set_aside(self) -> None:
        self.map_pane.show(self.session.journey)

    @on(SessionDriver.EvidenceRead)
    def _evidence_read(self, message: SessionDriver.EvidenceRead) -> None:
        insights.evidence_read(self, message)

    @on(SessionDriver.Failed)
    def _failed(self, message: SessionDriver.Failed) -> None:
        if message.cancelled:
            self.map_pane.show(self.session.journey)  # the map as it was, not the half-drawn draft
        else:
            insights.failed(self, message.error)

    @on(MapPane.Edited)
    def _edited(self, message: MapPane.Edited) -> None:
        if self.driver.edit_ops(message.ops, message.message) and message.notice:
            self.notify(message.notice)

    # -- actions (keys and the palette; help_data has the table) -------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "cancel":
            return self.driver.cancellable
        return self.mode() == MODES.get(action, self.mode())

    def action_undo(self) -> None:
        self.driver.undo()

    def action_redo(self) -> None:
        self.driver.redo()

    def action_cancel(self) -> None:
        if self.driver.cancel():
            self.notify("Cancelling…", severity="warning")
            self.refresh_status("cancelling…")

    def action_export(self, fmt: str = "md") -> None:
        from cjm_assistant.tui.screens.export_dialog import ExportScreen

        if self.mode() != "map":
            self.notify("There is no map to export yet.", severity="warning")
        else:
            self.app.push_screen(ExportScreen(self.session.journey, fmt), lambda to: to and self.driver.export(*to))

    def action_layout(self) -> None:
        self.layout_mode = LAYOUTS[(LAYOUTS.index(self.layout_mode) + 1) % len(LAYOUTS)]
        for name in LAYOUTS:
            self.set_class(self.layout_mode == name, f"-layout-{name}")
        if self.layout_mode == "map":
            self.action_focus_map()
        else:
            self.action_focus_chat()

    def action_new_interview(self) -> None:
        if self.driver.busy:
            self.notify("Still busy: wait for it, or press Esc to cancel it first.", severity="warning")
        else:
            self.driver.new_interview()

    def action_open_map(self) -> None:
        from cjm_assistant.tui.screens.picker import PickerScreen

        self.app.push_screen(PickerScreen(self.session.maps()), lambda map_id: map_id and self.driver.open_map(map_id))

    def action_import_json(self) -> None:
        from cjm_assistant.tui.screens.import_dialog import ImportScreen

        self.app.push_screen(ImportScreen(), lambda path: path and self.driver.import_file(path))

    def action_draft(self) -> None:
        self.driver.answer("draft")

    def action_insight(self, name: str, arg: str = "") -> None:
        """An insight from the palette (see help_data): evidence, guesses, the future state..."""
        insights.start(self, name, arg)

    def action_focus_chat(self) -> None:
        self.query_one(ChatInput).focus()

    def action_focus_map(self) -> None:
        self.map_pane.focus_view()
