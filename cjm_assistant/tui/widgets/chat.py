"""The conversation: one Markdown block per message, newest at the bottom.

Rendering cost stays flat on a long history: only the last ``MAX_MOUNTED``
messages are mounted (older ones are a line saying how many), and a message
longer than ``MAX_SHOWN`` characters is shown cut (it is kept whole in the
database). A streamed reply is one message updated at most every
``STREAM_EVERY`` seconds.
"""

from __future__ import annotations

import re
import time

from markdown_it import MarkdownIt
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

MAX_MOUNTED = 80
MAX_SHOWN = 6000
STREAM_EVERY = 0.08
AUTHORS = {"user": "you", "waiting": "you, waiting to send", "assistant": "cjm", "system": "note", "error": "problem",
           "report": "report"}
# Who says a message, in words (not only by colour): "You: ...", "cjm: ...", "⚠ ...".
LABELS = {"user": "You:", "waiting": "You (waiting to send):", "assistant": "cjm:", "system": "Note:", "error": "⚠",
          "report": "Report:"}
_BLOCK = re.compile(r"(#|\||`|>|~~~|    |\t|([-*+]|\d+[.)])\s)")  # a heading, table, code, quote or list item


def shown(text: str) -> str:
    if len(text) <= MAX_SHOWN:
        return text
    return f"{text[:MAX_SHOWN]}\n\n*… {len(text) - MAX_SHOWN:,} more characters (kept in full in the database)*"


def labelled(role: str, text: str) -> str:
    """The message as drawn: its author's label first, in bold ("**You:** ..."); on a line of its own when the
    text opens with a heading, a list, a table or code, so the Markdown stays what it was."""
    label = LABELS.get(role, "")
    if not label or (role == "error" and text.startswith("⚠")):
        return text
    head = text.lstrip("\n")
    if _BLOCK.match(head):
        return f"**{label}**\n\n{text}"
    return f"**{label}** {text}"


def _parser() -> MarkdownIt:
    """Markdown without raw HTML: text in angle brackets ("Cake <b>arrived</b> squashed") is shown as typed, not
    taken for a tag and dropped."""
    return MarkdownIt("gfm-like", {"html": False})


class ChatMessage(Markdown):
    def __init__(self, role: str, text: str) -> None:
        super().__init__(labelled(role, shown(text)), classes=f"message -{role}", parser_factory=_parser)
        self.role = role
        self.text = text
        self.border_title = AUTHORS.get(role, role)


class ChatLog(VerticalScroll, can_focus=False):
    """The chat history. It never takes the focus: typing always goes to the input."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._hidden = 0
        self._stream: ChatMessage | None = None
        self._stream_text = ""
        self._stream_at = 0.0

    def on_mount(self) -> None:
        self.anchor()

    def add(self, role: str, text: str) -> ChatMessage:
        """Append a message (``role``: user, assistant, system, error, or report: shown, not saved)."""
        self.end_stream()
        message = ChatMessage(role, text)
        self.mount(message)
        self._trim()
        return message

    def said(self, role: str, text: str) -> None:
        """A message the session saved; an assistant message starting with ⚠ is shown as a problem."""
        self.add("error" if role == "assistant" and text.startswith("⚠") else role, text)

    def problem(self, sentence: str, said: list[str]) -> None:
        """A failure, unless the session already said it."""
        if not any(sentence in line for line in said):
            self.add("error", f"⚠ {sentence}")

    def load(self, messages: list[tuple[str, str]]) -> None:
        """Show this conversation instead of the one shown."""
        self.clear_messages()
        self.add_many(messages)

    def add_many(self, messages: list[tuple[str, str]]) -> None:
        """Append a stored history at once (only the newest ``MAX_MOUNTED`` are drawn)."""
        self.end_stream()
        skipped = max(0, len(messages) - MAX_MOUNTED)
        self._hidden += skipped
        widgets = [ChatMessage(role, text) for role, text in messages[skipped:]]
        if widgets:
            self.mount_all(widgets)
        self._trim()

    def clear_messages(self) -> None:
        self.end_stream()
        self._hidden = 0
        self.remove_children()

    def _trim(self) -> None:
        messages = list(self.query_children(ChatMessage))
        extra = len(messages) - MAX_MOUNTED
        if extra > 0:
            self._hidden += extra
            for message in messages[:extra]:
                message.remove()
        notes = list(self.query_children("#earlier"))
        if self._hidden:
            text = f"… {self._hidden} earlier message(s) not shown"
            if notes:
                notes[0].update(text)
            else:
                self.mount(Static(text, id="earlier"), before=0)

    # -- streaming --------------------------------------------------------------------

    def stream(self, text: str, final: bool = False) -> None:
        """Show ``text`` (the reply so far) in one growing message."""
        self._stream_text = text
        if self._stream is None:
            self._stream = ChatMessage("assistant", text or "…")
            self._stream.add_class("-streaming")
            self.mount(self._stream)
            self._stream_at = time.monotonic()
            return
        now = time.monotonic()
        if final or now - self._stream_at >= STREAM_EVERY:
            self._stream_at = now
            self._stream.text = text
            self._stream.update(labelled("assistant", shown(text)))

    def end_stream(self) -> None:
        """Drop the streamed draft: the saved message replaces it."""
        if self._stream is not None:
            self._stream.remove()
            self._stream = None
            self._stream_text = ""
