"""Bracketed paste read whole, whatever it holds.

Textual's terminal parser reads a bracketed paste character by character,
and an escape character inside the paste starts an escape sequence that it
then gives back as key presses: a pasted ``Instagram\\x1b]52;…\\x07 …\\r\\nvan``
became keys (the line break an Enter that sent the answer early) and the
text before the escape came last, as the paste event. ``PasteParser`` takes
everything between the paste's start and end markers out of the input
before Textual's parser sees it and hands it over as one ``Paste`` event, in
its place among the keys; ``clean_paste`` then makes the text safe to show
(line breaks as ``\\n``, other control characters as ``^[``-style carets).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable

from textual import events
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.message import Message

HOLD = 0.02  # seconds a possible paste start waits for the rest of it
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_paste(text: str) -> str:
    """A pasted text as the chat input keeps it: CRLF and CR as one line break, NUL dropped, every other
    control character shown in caret notation (ESC as ``^[``, BEL as ``^G``) rather than acted on."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return _CONTROL.sub(lambda m: "^?" if m.group() == "\x7f" else "^" + chr(ord(m.group()) + 64), text)


def _held_prefix(data: str, marker: str) -> int:
    """How many characters at the end of ``data`` could begin ``marker``."""
    for size in range(min(len(marker) - 1, len(data)), 0, -1):
        if marker.startswith(data[-size:]):
            return size
    return 0


class PasteParser(XTermParser):
    """Textual's parser, with bracketed pastes taken out whole first (see the module's docstring)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pasted: list[str] | None = None  # inside a paste: what it holds so far
        self._held = ""  # the end of the last chunk, which may be the start of a marker
        self._held_at = 0.0

    def tick(self) -> Iterable[Message]:
        """A chunk that ended in what could begin a paste (a lone Esc: the Esc key, most likely) is passed on
        once no more input came for a moment."""
        if self._held and self._pasted is None and time.monotonic() - self._held_at >= HOLD:
            held, self._held = self._held, ""
            yield from super().feed(held)
        yield from super().tick()

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # end of input
            if self._pasted is not None:
                yield events.Paste("".join(self._pasted) + self._held)
                self._pasted, self._held = None, ""
            yield from super().feed(data)
            return
        data, self._held = self._held + data, ""
        while data:
            if self._pasted is None:
                start = data.find(BRACKETED_PASTE_START)
                if start < 0:
                    held = _held_prefix(data, BRACKETED_PASTE_START)
                    data, self._held = (data[:-held], data[-held:]) if held else (data, "")
                    self._held_at = time.monotonic()
                    if data:
                        yield from super().feed(data)
                    return
                if start:
                    yield from super().feed(data[:start])
                self._pasted, data = [], data[start + len(BRACKETED_PASTE_START):]
            else:
                end = data.find(BRACKETED_PASTE_END)
                if end < 0:
                    held = _held_prefix(data, BRACKETED_PASTE_END)
                    self._pasted.append(data[:-held] if held else data)
                    self._held = data[-held:] if held else ""
                    return
                self._pasted.append(data[:end])
                yield events.Paste("".join(self._pasted))
                self._pasted, data = None, data[end + len(BRACKETED_PASTE_END):]


def install() -> None:
    """Make Textual's terminal drivers read input with ``PasteParser`` (before the app runs)."""
    import textual.drivers.linux_driver as linux_driver

    linux_driver.XTermParser = PasteParser  # type: ignore[misc]
    try:
        import textual.drivers.linux_inline_driver as inline_driver

        inline_driver.XTermParser = PasteParser  # type: ignore[misc]
    except ImportError:  # pragma: no cover - Windows has no termios
        pass
