"""The main screen: the chat on the left, the map on the right, a status line.

On a narrow terminal (under 100 columns) the chat and the map are two tabs
and F2 switches between them, so the map gets the whole height; on a wide one
F2 cycles both side by side, the chat only, the map only. A timer looks for
changes made to the open map by another process (the CLI) and shows them.

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

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Tab, Tabs

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
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.session import Proposal, Session

NARROW = 100  # below this many columns the chat and the map are tabs
LAYOUTS = ("both", "chat", "map")
WATCH_EVERY = 1.5  # seconds between two looks for changes made by another process
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
        self.layout_mode = "both"  # on a narrow screen "both" shows the chat
        self.reviewing = False  # a proposal is on the map, waiting for a decision
        self.sketch: JourneyMap | None = None  # the draft the interview's answers give so far

    def compose(self) -> ComposeResult:
        tabs = Tabs(Tab("Chat", id="show-chat"), Tab("Map", id="show-map"), id="pane-tabs")
        tabs.can_focus = False
        yield tabs
        with Horizontal(id="panes"):
            yield ChatPane(self.session, self.model_ready, id="chat-column")
            yield MapPane(id="map-pane")
        yield StatusBar(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.on_resize()
        self.refresh_status()
        self.set_interval(WATCH_EVERY, self._watch)
        if self.first:
            what, *arg = self.first
            {"new": self.action_new_interview, "resume": self.driver.resume, "open": self.driver.open_map,
             "import": self.driver.import_file}[what](*arg)

    def on_resize(self) -> None:
        self.set_class(self.narrow, "-narrow")
        self._apply_layout()

    @property
    def narrow(self) -> bool:
        return self.size.width < NARROW

    @property
    def shown(self) -> str:
        """What is on screen: both panes, the chat or the map."""
        return "chat" if self.narrow and self.layout_mode == "both" else self.layout_mode

    def _apply_layout(self) -> None:
        shown = self.shown
        for name in LAYOUTS:
            self.set_class(shown == name, f"-layout-{name}")
        tabs = self.query_one("#pane-tabs", Tabs)
        if shown != "both" and tabs.active != f"show-{shown}":
            tabs.active = f"show-{shown}"
        self._label_tabs()

    def _label_tabs(self) -> None:
        self.query_one("#show-map", Tab).label = f"Map · {self.map_pane.summary}"
        self.query_one("#show-chat", Tab).label = "Chat"

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tabs.id != "pane-tabs":
            return
        event.stop()
        wanted = (event.tab.id or "").removeprefix("show-")
        if self.narrow and wanted in LAYOUTS and wanted != self.shown:  # the tabs show on a narrow screen only
            self.show_pane(wanted)

    def show_pane(self, name: str) -> None:
        """Show both panes, the chat or the map (on a narrow screen: the chat or the map), and focus it."""
        self.layout_mode = name
        self._apply_layout()
        if self.shown == "map":
            self.action_focus_map()
        else:
            self.action_focus_chat()

    def show_map(self, journey: JourneyMap | None, mode: str = "saved", note: str = "") -> None:
        """Draw ``journey`` on the map pane (and say so on its tab)."""
        self.map_pane.show(journey, mode, note=note)
        self._label_tabs()

    def _watch(self) -> None:
        if self.mode() == "map":
            self.driver.watch()

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
            self.show_map(message.journey)

    @on(SessionDriver.ChangedElsewhere)
    def _changed_elsewhere(self, message: SessionDriver.ChangedElsewhere) -> None:
        if not self.reviewing:
            self.show_map(message.journey)
        self.refresh_status()

    @on(SessionDriver.Answered)
    def _answered(self, message: SessionDriver.Answered) -> None:
        self.sketch = message.sketch
        self.show_map(message.sketch, "draft")

    @on(SessionDriver.Sketched)
    def _sketched(self, message: SessionDriver.Sketched) -> None:
        self.show_map(message.journey, "streaming")
        self.refresh_status("drafting… (Esc cancels)")

    @on(SessionDriver.Opened)
    def _opened(self, message: SessionDriver.Opened) -> None:
        if message.journey is None:  # an interview: no map yet, perhaps a draft from the answers so far
            self.sketch = message.sketch
            self.show_map(message.sketch, "draft")

    def show_saved(self) -> None:
        """The saved map again (after a proposal), or during the interview the draft from its answers."""
        if self.session.journey is None and self.mode() == "interview":
            self.show_map(self.sketch, "draft")
        else:
            self.show_map(self.session.journey)

    @on(SessionDriver.Proposed)
    def _proposed(self, message: SessionDriver.Proposed) -> None:
        if message.review_rows:
            self.review_evidence_rows(message.proposal, message.review_rows)
        elif not message.proposal.empty:
            self.review(message.proposal)
        elif getattr(message.proposal, "evidence", None) is not None:
            self.notify("The evidence changes nothing on the map; nothing was saved.", title="Evidence")

    def review_evidence_rows(self, proposal: Proposal, rows: list) -> None:
        """The review table of an evidence import (row, text, proposed stage, confidence): the user accepts or
        reassigns rows, then reviews the proposal's changes as usual."""
        from cjm_assistant.tui.screens.evidence_review import EvidenceReviewScreen

        def chosen(choices) -> None:
            if choices:
                proposal.evidence.reassign(choices)
            if not proposal.empty:
                self.review(proposal)

        stages = [(s.id, s.name) for s in proposal.base.stages] if proposal.base else []
        self.app.push_screen(EvidenceReviewScreen(rows, stages), chosen)

    def review(self, proposal: Proposal) -> None:
        """Show the proposal on the map and ask which parts to keep; the driver saves them or sets it aside.

        The map follows the ticks (the parts left out are not drawn, the counts say "6 of 7 stages"); on a
        narrow screen the map is shown above the review, and the chat comes back after it.
        """
        from cjm_assistant.tui.screens.review import ReviewScreen, ticked_note

        layout = self.layout_mode

        def ticked(chosen: list[int]) -> None:
            self.show_map(proposal.preview(chosen), "preview", f"{ticked_note(proposal, chosen)} ticked")

        def decided(choice) -> None:
            self.reviewing = False
            if self.narrow:
                self.show_pane(layout)
            if choice is None:
                self.driver.reject(proposal)
            else:
                self.driver.accept(proposal, None if choice == "all" else list(choice))
            self.refresh_status()

        self.reviewing = True
        if self.narrow:
            self.show_pane("map")
        ticked(list(range(len(proposal.parts))))
        self.refresh_status()
        self.app.push_screen(ReviewScreen(proposal, ticked), decided)

    @on(SessionDriver.SetAside)
    def _set_aside(self) -> None:
        self.show_saved()

    @on(SessionDriver.EvidenceRead)
    def _evidence_read(self, message: SessionDriver.EvidenceRead) -> None:
        insights.evidence_read(self, message)

    @on(SessionDriver.ReplaceAsked)
    def _replace_asked(self, message: SessionDriver.ReplaceAsked) -> None:
        from cjm_assistant.tui.screens.confirm import ConfirmScreen

        def answered(replace: bool | None) -> None:
            if replace:
                self.driver.export(message.fmt, message.path, replace=True)
            else:
                self.notify("Nothing was written; the file is as it was.", title="Export")

        self.app.push_screen(ConfirmScreen(f"{message.existing} already exists. Replace it?", "Replace", "Keep it"),
                             answered)

    @on(SessionDriver.Failed)
    def _failed(self, message: SessionDriver.Failed) -> None:
        if message.cancelled:
            self.show_saved()  # the map as it was, not the half-drawn draft
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

    def on_key(self, event: events.Key) -> None:
        """Esc while a local step runs (saving, reading a file): the Cancel key is not offered, so say why."""
        if event.key == "escape" and self.driver.busy is not None and not self.driver.engine_call:
            event.stop()
            self.notify(f"Still {self.driver.doing.rstrip('…')}: this step cannot be stopped half-way and ends in "
                        "a moment.", severity="warning")

    def action_export(self, fmt: str = "md") -> None:
        from cjm_assistant.tui.screens.export_dialog import ExportScreen

        if self.mode() != "map":
            self.notify("There is no map to export yet.", severity="warning")
        else:
            self.app.push_screen(ExportScreen(self.session.journey, fmt), lambda to: to and self.driver.export(*to))

    def action_layout(self) -> None:
        """F2: the chat or the map on a narrow screen; both, the chat, the map on a wide one."""
        if self.narrow:
            self.show_pane("chat" if self.shown == "map" else "map")
        else:
            self.show_pane(LAYOUTS[(LAYOUTS.index(self.layout_mode) + 1) % len(LAYOUTS)])

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
        if self.shown == "map":
            self.show_pane("chat" if self.narrow else "both")  # show_pane focuses the input
        else:
            self.query_one(ChatInput).focus()

    def action_focus_map(self) -> None:
        if self.shown == "chat":
            self.show_pane("map" if self.narrow else "both")
        self.map_pane.focus_view()
