"""The chat input: Enter sends, Shift+Enter or Ctrl+J starts a new line.

A paste arrives as one event, so a pasted text with newlines is inserted
whole and never sent half-way. Up and Down on the first or last line walk
through what you sent before (the draft you were typing is kept).
"""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import TextArea

MAX_HISTORY = 200


class ChatInput(TextArea):
    class Submitted(Message):
        def __init__(self, text: str, waited: bool = False) -> None:
            super().__init__()
            self.text = text
            self.waited = waited  # sent after waiting for a call to end (the chat pane's queue)

    def __init__(self, **kwargs) -> None:
        super().__init__(soft_wrap=True, show_line_numbers=False, tab_behavior="focus", compact=True, **kwargs)
        self.sent: list[str] = []
        self._index: int | None = None  # position in history while walking it
        self._draft = ""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.submit()
            return
        if event.key in ("shift+enter", "ctrl+j"):
            event.stop()
            event.prevent_default()
            self.insert("\n")
            return
        if event.key == "up" and self.cursor_location[0] == 0 and self.sent:
            event.stop()
            event.prevent_default()
            self._walk(-1)
            return
        if event.key == "down" and self._index is not None and self.cursor_location[0] == self.document.line_count - 1:
            event.stop()
            event.prevent_default()
            self._walk(1)
            return
        await super()._on_key(event)

    async def _on_paste(self, event: events.Paste) -> None:
        """A paste is inserted whole, line breaks as new lines and control characters shown, not acted on."""
        from cjm_assistant.tui.paste import clean_paste

        event.stop()
        event.prevent_default()
        if result := self._replace_via_keyboard(clean_paste(event.text), *self.selection):
            self.move_cursor(result.end_location)
            self.focus()

    def submit(self) -> None:
        text = self.text.strip()
        if not text:
            return
        if not self.sent or self.sent[-1] != text:
            self.sent.append(text)
            del self.sent[:-MAX_HISTORY]
        self._index = None
        self._draft = ""
        self.clear()
        self.post_message(self.Submitted(text))

    def remember(self, sent: list[str]) -> None:
        """What was sent before (a reopened map's own messages), for Up to walk through."""
        self.sent = sent[-MAX_HISTORY:]
        self._index = None

    def offer(self, text: str) -> None:
        """Put ``text`` in the box, ready to send again with Enter (or to edit first)."""
        self._index = None
        self._draft = ""
        self._set(text)

    def _walk(self, step: int) -> None:
        if self._index is None:
            if step > 0:
                return
            self._draft = self.text
            self._index = len(self.sent)
        self._index += step
        if self._index < 0:
            self._index = 0
            return
        if self._index >= len(self.sent):
            self._index = None
            self._set(self._draft)
            return
        self._set(self.sent[self._index])

    def _set(self, text: str) -> None:
        self.load_text(text)
        last = self.document.line_count - 1
        self.move_cursor((last, len(self.document[last])))
