"""The chat column: the conversation, the input, and the session driver, whose reports pass here first.

The session driver (non-visual) is mounted in this column so that what it
reports bubbles up through the chat on its way to the screen. The chat pane
says what happened, in the chat and in notifications: what was said, what
streams in, reports, maps opened, files written, undo and redo, failures. The
screen draws the rest: the map, the status line, the reviews.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical

from cjm_assistant.tui.driver import SessionDriver
from cjm_assistant.tui.widgets.chat import ChatLog
from cjm_assistant.tui.widgets.chat_input import ChatInput

if TYPE_CHECKING:
    from cjm_assistant.session import Session


class ChatPane(Vertical):
    """The conversation and the input, with the session driver inside (see the module's docstring)."""

    def __init__(self, session: Session, model_ready: threading.Event | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.model_ready = model_ready

    def compose(self) -> ComposeResult:
        yield ChatLog(id="chat")
        yield ChatInput(id="input", placeholder="Type here · Enter sends · Ctrl+J new line")
        yield SessionDriver(self.session, self.model_ready, id="driver")

    @property
    def chat(self) -> ChatLog:
        return self.query_one(ChatLog)

    def keep(self, text: str) -> None:
        """Put refused words back in the input, unless something new was typed meanwhile."""
        box = self.query_one(ChatInput)
        if not box.text:
            box.load_text(text)

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
        if message.journey is not None:
            chat.add("system", f"Opened “{message.journey.title}” at version {message.version}. Type an "
                               "instruction (e.g. *add a stage Onboarding after Purchase*), a question ending in "
                               "`?`, or press Tab (F2 on a narrow screen) to work on the map.")
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

    @on(SessionDriver.Exported)
    def _exported(self, message: SessionDriver.Exported) -> None:
        self.notify(f"Wrote {message.path}", title="Exported")
        self.chat.add("system", f"Exported the map ({message.fmt}) to `{message.path}`")

    @on(SessionDriver.Failed)
    def _failed(self, message: SessionDriver.Failed) -> None:
        """Every failure: a notification, and a chat message unless the session already said it."""
        self.chat.end_stream()
        if message.cancelled:
            self.notify("Cancelled; the map is as it was.", severity="warning")
            self._hint_draft()
            return
        self.chat.problem(message.sentence, message.said)
        self.notify(message.sentence.splitlines()[0], title=message.title, severity="error", timeout=10)
