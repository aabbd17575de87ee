"""The chat column: the conversation, the input, and the session driver, whose reports pass here first.

What is typed is read here (:func:`..router.route`) and handed to the session
driver, or to the dialog that asks for what is missing (a map to open, a file
to import or export to); the insight commands go to :mod:`..insights`, with
this pane as their host. The palette's session commands (import a map, draft
now, the insights) are its actions. A timer has the driver look for changes
made to the open map by another process (the CLI).

The session driver (non-visual) is mounted in this column so that what it
reports bubbles up through the chat on its way to the screen. The chat pane
says what happened, in the chat and in notifications: what was said, what
streams in, reports, maps opened, files written (or not, when the user keeps
a file an export would replace), undo and redo, failures. The screen hands
the rest to the other panes: the map, the status line, the reviews.
"""

from __future__ import annotations

import threading
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical

from cjm_assistant.tui import insights
from cjm_assistant.tui.driver import SessionDriver
from cjm_assistant.tui.router import Mode, mode_of, route
from cjm_assistant.tui.widgets.chat import ChatLog, ChatMessage
from cjm_assistant.tui.widgets.chat_input import ChatInput

if TYPE_CHECKING:
    from cjm_assistant.session import Session

WATCH_EVERY = 1.5  # seconds between two looks for changes made by another process


class ChatPane(Vertical):
    """The conversation and the input, with the session driver inside (see the module's docstring)."""

    def __init__(self, session: Session, model_ready: threading.Event | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.model_ready = model_ready
        # Words sent while a call ran, each shown in the chat as waiting: sent in turn once the driver is idle
        self._waiting: list[tuple[str, ChatMessage]] = []
        # A proposal on its way to the map pane (it passes here first): words waiting are not sent meanwhile
        self.proposal_coming = False

    def on_mount(self) -> None:
        self.set_interval(WATCH_EVERY, self._watch)

    def _watch(self) -> None:
        """A look for changes made to the open map by another process (the CLI): the driver reports them."""
        if self.mode() == "map":
            self.driver.watch()

    def compose(self) -> ComposeResult:
        yield ChatLog(id="chat")
        yield ChatInput(id="input", placeholder="Type here · Enter sends · Ctrl+J new line")
        yield SessionDriver(self.session, self.model_ready, id="driver")

    @property
    def chat(self) -> ChatLog:
        return self.query_one(ChatLog)

    @property
    def driver(self) -> SessionDriver:
        return self.query_one(SessionDriver)

    def mode(self) -> Mode:
        return mode_of(self.session)

    # -- what the user types ----------------------------------------------------------------------

    @on(ChatInput.Submitted)
    def _submitted(self, message: ChatInput.Submitted) -> None:
        """Route the words typed; while a call runs (or words wait before these), only help and quitting now: the
        rest waits its turn, shown in the chat, and is sent once the call is done (never merged with what is typed
        next, never lost)."""
        self.app.clear_problems()  # the problem notice was about the last message, not this one
        intent = route(message.text, self.mode())
        if (self.driver.busy or self.deciding() or self._waiting and not message.waited) and \
                intent.kind not in ("help", "quit"):
            message.stop()  # read again when it is sent: what the words mean may have changed by then
            self._wait(message.text, first=message.waited)
            return
        driver, arg = self.driver, intent.args[0] if intent.args else ""
        fmt, path = (intent.args + ["", ""])[:2]
        routes = {
            "error": partial(self.chat.add, "system", arg), "answer": partial(driver.answer, intent.text),
            "instruct": partial(driver.instruct, intent.text, self._selected_stage()),
            "ask": partial(driver.ask, intent.text),
            "edit": partial(driver.edit_text, message.text, intent.text),
            # read only for an undo: other intents' second argument is no count ("/export md out/map.md")
            "undo": lambda: driver.undo(message.text, *intent.args[:1], *map(int, intent.args[1:2])),
            "redo": partial(driver.redo, message.text),
            "help": partial(self.call_later, self.run_action, "app.help"), "new": driver.new_interview,
            "open": self.open_map, "quit": self.app.exit,
            "export": partial(driver.export, fmt or "md", path) if path and self.mode() == "map"
            else partial(self.export, fmt or "md"),
            "model": partial(driver.switch_model, arg) if arg else partial(self.chat.add, "system", (
                f"The engine is **{self.session.engine.name}**. Switch with `/model NAME` (a litellm model such as "
                "`openai/gpt-4o-mini`, or `playbook`).")),
            "import": partial(driver.import_file, arg) if arg else self.action_import_json,
        }
        routes.get(intent.kind, partial(insights.start, self, intent.kind, arg))()
        if message.waited and self._waiting and not self.driver.busy:  # it started no call (help, a dialog): the
            self.call_after_refresh(self.send_if_idle)  # next words waiting go now

    def _selected_stage(self) -> str | None:
        """The id of the stage the map's cursor is on (or on an item of), for "make that stage ..."; None."""
        pane = getattr(self.screen, "map_pane", None)
        selection = getattr(pane, "selection", None)
        return selection.stage_id if selection is not None else None

    def deciding(self) -> bool:
        """A proposal waits for the user's decision (its review is open): words waiting are sent after it, so
        that one review is open at a time (a second one opened over the first)."""
        return self.proposal_coming or bool(getattr(getattr(self.screen, "map_pane", None), "deciding", False))

    @on(SessionDriver.Proposed)
    def _proposal_coming(self) -> None:
        """Seen before the screen shows it: the words waiting (sent after Idle) must not open a second review."""
        self.proposal_coming = True

    def _wait(self, text: str, first: bool = False) -> None:
        """Words to send once the driver is idle (``first``: words that waited already, back at the head)."""
        shown = self.chat.add("waiting", text)
        self._waiting.insert(0 if first else len(self._waiting), (text, shown))
        if len(self._waiting) == 1 and not first and not self.driver.busy:  # a proposal is under review
            self.notify("Sent once the proposal is accepted or rejected.", title="Waiting to send")
        elif len(self._waiting) == 1 and not first:
            self.notify(f"Sent once cjm is done {self.driver.doing.rstrip('…')}"
                        f"{' (Esc cancels it, and this stays unsent)' if self.driver.engine_call else ''}.",
                        title="Waiting to send")

    @on(SessionDriver.Idle)
    def _send_waiting_after_report(self) -> None:
        if self._waiting:  # after the call's report (it is next in the driver's queue): its reply comes first
            self.driver.call_later(self._send_waiting)

    def _send_waiting(self) -> None:
        """The first words waiting, sent now that the driver is idle; all of them back to the user if the call
        was cancelled (they were typed for what it would have done)."""
        if not self._waiting or self.driver.busy or self.deciding():
            return  # (after a decision, the call saving or setting it aside ends with Idle: they go then)
        if self.driver.cancelled:
            self._unsend()
            return
        text, shown = self._waiting.pop(0)
        shown.remove()
        if route(text, self.mode()).kind == "error":  # the call did not lead where the words were meant for
            box = self.query_one(ChatInput)
            box.remember([*box.sent, text])
            self.keep(text)
            if self._waiting:
                self.call_after_refresh(self.send_if_idle)
        else:
            self.post_message(ChatInput.Submitted(text, waited=True))

    def send_if_idle(self) -> None:
        """The first words waiting, now, unless a call runs or a proposal waits for a decision."""
        if not self.driver.busy:
            self._send_waiting()

    def _unsend(self) -> None:
        """Cancelled: what waited is not sent. It goes back where the user can send it again: the first in the box
        (unless something is being typed there), every one in the box's history (Up)."""
        texts = [text for text, _ in self._waiting]
        for _, shown in self._waiting:
            shown.remove()
        self._waiting = []
        box = self.query_one(ChatInput)
        box.remember([*box.sent, *texts])
        kept = not box.text.strip()
        self.keep(texts[0])
        listed = ", ".join(f"“{text}”" for text in texts)
        self.chat.add("system", f"Not sent, as you cancelled: {listed}. "
                                f"{'It is back in the box below' if kept and len(texts) == 1 else 'Up in the box'}"
                                f"{' (and Up for the others)' if kept and len(texts) > 1 else ''} to send again.")

    def type_ahead(self, keys: list[tuple[str, str | None]]) -> None:
        """Keys typed before this pane was shown (see ``WelcomeScreen.typed_ahead``): into the input, as if typed
        here; an Enter among them sends what was typed."""
        box = self.query_one(ChatInput)
        self.screen.set_focus(box)  # now, not after a refresh: the keys still on their way come here too
        for key, character in keys:
            if key == "enter":
                box.submit()
            elif key == "backspace":
                box.action_delete_left()
            elif character:
                box.insert(character)

    def keep(self, text: str) -> None:
        """Put refused words back in the input, unless something new was typed meanwhile."""
        box = self.query_one(ChatInput)
        if not box.text:
            box.load_text(text)

    # -- the dialogs that ask for what a command lacks ----------------------------------------------

    def export(self, fmt: str = "md") -> None:
        """The export dialog (a format, a path), then the export."""
        from cjm_assistant.tui.screens.export_dialog import ExportScreen

        if self.mode() != "map":
            self.notify("There is no map to export yet.", severity="warning")
        else:
            persona = self._persona_shown()
            self.app.push_screen(ExportScreen(self.session.journey, fmt, persona=persona, db=self.session.store.path),
                                 lambda to: to and self.driver.export(*to, persona=persona[0] if persona else None))

    def _persona_shown(self) -> tuple[str, str] | None:
        """(id, name) of the persona the map is filtered to with /persona, or None when it shows everyone's."""
        from cjm_assistant.tui.widgets.map_pane import MapPane

        panes = self.screen.query(MapPane)
        journey = self.session.journey
        ref = panes.first().persona if panes and journey is not None else ""
        found = journey.find(ref) if ref else None
        return (ref, getattr(found[1], "name", ref)) if found else None

    def open_map(self) -> None:
        from cjm_assistant.tui.screens.picker import PickerScreen

        self.app.push_screen(PickerScreen(self.session.maps()), lambda map_id: map_id and self.driver.open_map(map_id))

    # -- the palette's session commands (help_data names this pane as their owner) -------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Drafting now applies during the interview, the insights on a map."""
        return self.mode() == {"draft": "interview", "insight": "map"}.get(action, self.mode())

    def action_import_json(self) -> None:
        from cjm_assistant.tui.screens.import_dialog import ImportScreen

        self.app.push_screen(ImportScreen(), lambda path: path and self.driver.import_file(path))

    def action_draft(self) -> None:
        self.driver.answer("draft")

    def action_insight(self, name: str, arg: str = "") -> None:
        """An insight (see help_data): evidence, guesses, the future state..."""
        insights.start(self, name, arg)

    # -- what the driver reports ------------------------------------------------------------------

    def _hint_draft(self) -> None:
        """An interview whose answers are all in, with no draft on screen (resumed, or a draft cancelled or
        set aside): say how to draft, rather than leaving "Drafting your journey map now..." as the last word."""
        interview = self.session.interview if self.session.journey is None else None
        if interview is not None and interview.state.status == "ready":
            self.chat.add("system", "Your answers are all in: type `draft` to draft the journey map (or add "
                                    "anything you forgot first).")

    @on(SessionDriver.SetAside)
    def _set_aside(self) -> None:
        self._hint_draft()

    @on(SessionDriver.Said)
    def _said(self, message: SessionDriver.Said) -> None:
        self.chat.said(message.role, message.text)

    @on(SessionDriver.Notice)
    def _notice(self, message: SessionDriver.Notice) -> None:
        self.chat.add("system", message.text)
        if message.warning:
            self.notify(message.warning, severity="warning")

    @on(SessionDriver.Streamed)
    def _streamed(self, message: SessionDriver.Streamed) -> None:
        self.chat.stream(message.text)

    @on(SessionDriver.Idle)
    def _done(self) -> None:
        self.chat.end_stream()  # the streamed draft goes: what was said and saved replaces it

    @on(SessionDriver.Opened)
    def _opened(self, message: SessionDriver.Opened) -> None:
        chat = self.chat
        chat.load(message.messages)
        self._waiting = [(text, chat.add("waiting", text)) for text, _ in self._waiting]  # still to be sent
        if message.journey is not None:
            from cjm_assistant.engines.instructions import example_names

            names = example_names(message.journey)  # an example that works, typed as it is, on this map
            chat.add("system", f"Opened “{message.journey.title}” at version {message.version}. Type an "
                               f"instruction (e.g. *add a stage {names['new_stage']} after {names['last']}*), a "
                               "question ending in `?`, or press Tab (F2 on a narrow screen) to work on the map.")
            self._unanswered(message.messages, message.unanswered)
        elif message.how == "resume" and message.question is None:
            chat.add("system", "There is no unfinished interview; starting a new one.")
        elif message.how == "resume":
            if not message.messages:
                chat.add("assistant", message.question or "")
            chat.add("system", "Welcome back: picking up where you stopped.")
            self._hint_draft()
        if message.how == "future":
            self.notify("Saved as a new future-state map. “Switch to the linked map” in the palette (or /linked) "
                        "goes back to the current state.", title="Future state")
        self.query_one(ChatInput).focus()

    def _unanswered(self, messages: list[tuple[str, str]], unanswered: str | None) -> None:
        """The map's own messages go back into the input's history; a last message nothing answered (cjm was
        stopped before it replied, or before what it proposed was accepted) is put back in the input, said so."""
        box = self.query_one(ChatInput)
        box.remember([text for role, text in messages if role == "user"])
        if unanswered and not box.text.strip():  # a draft being typed is never replaced
            box.offer(unanswered)
            self.chat.add("system", "Your last message was not answered or applied (cjm stopped first, or what it "
                                    "proposed was not accepted), so the map does not have it. It is back in the box "
                                    "below: press Enter to send it again, or clear it.")

    @on(SessionDriver.Reported)
    def _reported(self, message: SessionDriver.Reported) -> None:
        """A report: in the chat, or with a title in a window of its own."""
        from cjm_assistant.tui.screens.report import ReportScreen

        if message.said:
            self.chat.add("system", message.said)
        if message.title:
            self.app.push_screen(ReportScreen(message.title, message.markdown, message.hint))
        else:
            self.chat.add("report", message.markdown)

    @on(SessionDriver.Walked)
    def _walked(self, message: SessionDriver.Walked) -> None:
        if message.version is None:
            self.notify(f"Nothing to {message.action}.", severity="warning")
        elif message.action == "undo":
            self.notify(f"Undid {message.change or 'the last change'}. Now at v{message.version}.")
        else:
            self.notify(f"Redid {message.change or f'v{message.version}'}.")

    @on(SessionDriver.ChangedElsewhere)
    def _changed_elsewhere(self, message: SessionDriver.ChangedElsewhere) -> None:
        sentence = message.sentence[:1].upper() + message.sentence[1:]
        self.chat.add("system", f"{sentence}. Ctrl+Z undoes it.")
        self.notify(f"Now at v{message.version}, saved by {message.by}.", title="Changed in another window",
                    severity="warning")

    @on(SessionDriver.Switched)
    def _switched(self, message: SessionDriver.Switched) -> None:
        self.notify(f"Now using {message.engine}.", title="Engine")

    @on(SessionDriver.ReplaceAsked)
    def _replace_asked(self, message: SessionDriver.ReplaceAsked) -> None:
        from cjm_assistant.tui.screens.confirm import ConfirmScreen

        def answered(replace: bool | None) -> None:
            if replace:
                self.driver.export(message.fmt, message.path, replace=True, persona=message.persona)
            else:
                self.notify("Nothing was written; the file is as it was.", title="Export")

        self.app.push_screen(ConfirmScreen(f"{message.existing} already exists. Replace it?", "Replace", "Keep it"),
                             answered)

    @on(SessionDriver.FolderAsked)
    def _folder_asked(self, message: SessionDriver.FolderAsked) -> None:
        from cjm_assistant.tui.screens.confirm import ConfirmScreen

        def answered(create: bool | None) -> None:
            if create:
                self.driver.export(message.fmt, message.path, mkdir=True, persona=message.persona)
            else:
                self.notify("Nothing was written, and no folder was made.", title="Export")

        self.app.push_screen(ConfirmScreen(f"The folder {message.folder} does not exist. Create it and write the "
                                           "export there?", "Create it", "Cancel"), answered)

    @on(SessionDriver.EvidenceRead)
    def _evidence_read(self, message: SessionDriver.EvidenceRead) -> None:
        insights.evidence_read(self, message)

    @on(SessionDriver.Exported)
    def _exported(self, message: SessionDriver.Exported) -> None:
        self.notify(f"Wrote {message.path}", title="Exported")
        found = self.session.journey.find(message.persona) if message.persona and self.session.journey else None
        whose = f" as {found[1].name} lives it (the /persona view)" if found else ""
        self.chat.add("system", f"Exported the map ({message.fmt}){whose} to `{message.path}`")

    @on(SessionDriver.Failed)
    def _failed(self, message: SessionDriver.Failed) -> None:
        """Every failure: a notification, and a chat message unless the session already said it."""
        self.chat.end_stream()
        if message.cancelled:
            self.notify("Cancelled; the map is as it was.", severity="warning")
            self._hint_draft()
            return
        self.chat.problem(message.sentence, message.said)
        self.app.clear_notifications()  # one error in view, the latest: older ones are in the chat (they piled up)
        self.app.show_problem(message.sentence.splitlines()[0], message.title)
        insights.failed(self, message.error)  # the evidence dialog, if it was waiting for a file to be read
