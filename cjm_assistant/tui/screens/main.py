"""The main screen: the chat on the left, the map on the right, a status line.

It composes the widgets and routes: what is typed goes through the router to
a task, keys on the map become typed edits, and what the session reports
(messages, maps, usage) is drawn. The work itself runs in :mod:`..tasks`.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer

from cjm_assistant.tui import help_data
from cjm_assistant.tui.router import Intent, route
from cjm_assistant.tui.screens.main_insights import INSIGHT_ACTIONS, InsightActions
from cjm_assistant.tui.screens.main_results import MainResults
from cjm_assistant.tui.screens.map_actions import MapActions
from cjm_assistant.tui.tasks import ENGINE_TASKS, WORKING, doing
from cjm_assistant.tui.widgets.chat import ChatLog
from cjm_assistant.tui.widgets.chat_input import ChatInput
from cjm_assistant.tui.widgets.map_pane import MapPane
from cjm_assistant.tui.widgets.status_bar import StatusBar

NARROW = 100  # below this many columns the panes stack
LAYOUTS = ("both", "chat", "map")
MAP_ONLY = {"undo", "redo", "export", "edit_item", "remove_item", "move_left", "move_right", "add_touchpoint",
            "add_pain_point", "emotion_up", "emotion_down", *INSIGHT_ACTIONS}


class MainScreen(MainResults, MapActions, InsightActions, Screen):
    BINDINGS = help_data.bindings("main")
    AUTO_FOCUS = "#input"

    def __init__(self) -> None:
        super().__init__()
        self._ready = False
        self._queued: list[Callable[[], None]] = []
        self.layout_mode = "both"
        self.reviewing = False
        self.totals: dict = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            with Vertical(id="chat-column"):
                yield ChatLog(id="chat")
                yield ChatInput(id="input", placeholder="Type here · Enter sends · Ctrl+J new line")
            yield MapPane(id="map-pane")
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._ready = True
        self.set_class(self.size.width < NARROW, "-narrow")
        for fn in self._queued:
            fn()
        self._queued.clear()
        self.refresh_status()

    def _when_ready(self, fn: Callable[[], None]) -> None:
        if self._ready:
            fn()
        else:
            self._queued.append(fn)

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    # -- shortcuts --------------------------------------------------------------------------

    @property
    def chat(self) -> ChatLog:
        return self.query_one(ChatLog)

    @property
    def map_pane(self) -> MapPane:
        return self.query_one(MapPane)

    @property
    def session(self):
        return self.app.session

    @property
    def tasks(self):
        return self.app.tasks

    def mode(self) -> str:
        s = self.session
        if s is None:
            return "none"
        if s.interview is not None and s.map_id is None:
            return "interview"
        return "map" if s.journey is not None else "none"

    # -- what the user types ------------------------------------------------------------------

    def on_chat_input_submitted(self, message: ChatInput.Submitted) -> None:
        intent = route(message.text, self.mode())
        if self.tasks.busy and intent.kind not in ("help", "error", "quit"):
            box = self.query_one(ChatInput)
            if not box.text:
                box.load_text(message.text)  # keep the words for when the task is done
            hint = " (Esc cancels it)" if self.tasks.cancel_event else ""
            self.notify(f"Still busy: {doing(self.tasks.busy)}{hint}", severity="warning")
            return
        self.dispatch(intent, message.text)

    def dispatch(self, intent: Intent, typed: str) -> None:  # noqa: C901 - one branch per intent
        kind, tasks = intent.kind, self.tasks
        if kind == "error":
            self.chat.add("system", intent.args[0])
        elif kind == "answer":
            tasks.answer(intent.text)
        elif kind == "instruct":
            tasks.instruct(intent.text)
        elif kind == "ask":
            tasks.ask(intent.text)
        elif kind == "edit":
            tasks.edit_text(typed, intent.text)
        elif kind == "undo":
            tasks.undo()
        elif kind == "redo":
            tasks.redo()
        elif kind == "help":
            self.app.action_help()
        elif kind == "new":
            self.new_interview()
        elif kind == "open":
            self.app.pick_map()
        elif kind == "quit":
            tasks.cancel()
            self.app.exit()
        elif kind == "export":
            fmt, path = intent.args
            if path and self.mode() == "map":
                tasks.export(fmt or "md", path)
            else:
                self.action_export(fmt or "md")
        elif kind == "model":
            if intent.args:
                tasks.switch_model(intent.args[0])
            else:
                self.chat.add("system", f"The engine is **{self.session.engine.name}**. Switch with `/model NAME` "
                                        "(a litellm model such as `openai/gpt-4o-mini`, or `playbook`).")
        elif kind == "import":
            self.import_file(intent.args[0]) if intent.args else self.app.ask_import()
        else:
            self.insight_intent(kind, intent.args)

    # -- starting points ----------------------------------------------------------------------

    def new_interview(self) -> None:
        def go():
            if self.tasks.busy:
                self.notify("Still busy: wait for it, or press Esc to cancel it first.", severity="warning")
                return
            self.chat.clear_messages()
            self.map_pane.show(None)
            self.tasks.new_interview()
        self._when_ready(go)

    def resume_interview(self) -> None:
        self._when_ready(self.tasks.resume)

    def open_map(self, map_id: str) -> None:
        self._when_ready(lambda: self.tasks.open_map(map_id))

    def import_file(self, path: str) -> None:
        self._when_ready(lambda: self.tasks.import_file(path))

    def refresh_status(self, state: str | None = None) -> None:
        if not self._ready:
            return
        s = self.session
        status = self.query_one(StatusBar)
        if s is None:
            status.set(engine="", state="opening…")
            return
        if not self.tasks.busy:
            self.totals = s.totals()
        title = s.journey.title if s.journey is not None else (
            s.interview.state.profile.business_name if s.interview is not None else "")
        if state is None:
            if self.tasks.busy:
                state = ENGINE_TASKS.get(self.tasks.busy) or WORKING.get(self.tasks.busy, "working…")
            elif self.reviewing:
                state = "unsaved proposal"
            elif self.mode() == "interview":
                position, total = s.interview.progress
                state = "ready to draft" if s.interview.state.status == "ready" else \
                    f"interview · question {position + 1} of {total}"
            elif s.journey is not None:
                state = f"saved v{s.head}"
            else:
                state = "no map yet"
        kind = s.journey.kind if s.journey is not None and self.mode() == "map" else ""
        status.set(engine=s.engine.name, tokens=self.totals.get("tokens", 0), cost=self.totals.get("cost", 0.0),
                   state=state, title=title or "", kind=kind)
        self.refresh_bindings()

    # -- actions: main ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "cancel":
            return self.tasks.cancel_event is not None
        if action in MAP_ONLY:
            return self.mode() == "map"
        if action == "draft":
            return self.mode() == "interview"
        return True

    def action_undo(self) -> None:
        self.tasks.undo()

    def action_redo(self) -> None:
        self.tasks.redo()

    def action_cancel(self) -> None:
        if self.tasks.cancel():
            self.notify("Cancelling…", severity="warning")
            self.refresh_status("cancelling…")

    def action_export(self, fmt: str = "md") -> None:
        from cjm_assistant.tui.screens.export_dialog import ExportScreen

        if self.mode() != "map":
            self.notify("There is no map to export yet.", severity="warning")
            return

        def chosen(choice) -> None:
            if choice:
                self.tasks.export(*choice)

        self.app.push_screen(ExportScreen(self.session.journey, fmt), chosen)

    def action_layout(self) -> None:
        self.layout_mode = LAYOUTS[(LAYOUTS.index(self.layout_mode) + 1) % len(LAYOUTS)]
        for name in LAYOUTS:
            self.set_class(self.layout_mode == name, f"-layout-{name}")
        if self.layout_mode == "map":
            self.map_pane.focus_view()
        else:
            self.query_one(ChatInput).focus()

    def action_new_interview(self) -> None:
        self.new_interview()

    def action_open_map(self) -> None:
        self.app.pick_map()

    def action_import_json(self) -> None:
        self.app.ask_import()

    def action_draft(self) -> None:
        self.tasks.answer("draft")

    def action_focus_chat(self) -> None:
        self.query_one(ChatInput).focus()

    def action_focus_map(self) -> None:
        self.map_pane.focus_view()
