"""A list of parts to tick, whose boxes differ in shape ("[x]" and "[ ]"), not only in colour.

Space (or a click) ticks or unticks the highlighted part; every change is
posted as :class:`TickList.Changed` with the values ticked, so whoever shows
what the ticks mean (the counts, the map) can follow them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList

TICKED, UNTICKED = "[x] ", "[ ] "


class TickList(OptionList):
    BINDINGS = [Binding("space", "toggle", "Tick / untick", show=False)]

    @dataclass
    class Changed(Message):
        """What is ticked now (values, in the list's order)."""
        tick_list: TickList
        selected: list[Any]

        @property
        def control(self) -> TickList:
            return self.tick_list

    def __init__(self, parts: Iterable[tuple[str, Any]], ticked: bool = True, **kwargs: Any) -> None:
        """``parts``: (label, value) pairs (a label is plain text or Content); ``ticked``: whether they start
        ticked."""
        self._parts = list(parts)
        self._ticked = [ticked] * len(self._parts)
        super().__init__(*(self._prompt(i) for i in range(len(self._parts))), **kwargs)

    def _prompt(self, index: int) -> Content:
        label = self._parts[index][0]
        text = label if isinstance(label, Content) else Content(str(label))
        if self._ticked[index]:
            return Content.assemble((TICKED, "bold $success"), text)
        return Content.assemble((UNTICKED, "$text-muted"), text.stylize("$text-muted"))

    @property
    def selected(self) -> list[Any]:
        return [value for (_, value), ticked in zip(self._parts, self._ticked) if ticked]

    def toggle(self, index: int) -> None:
        if 0 <= index < len(self._parts):
            self._ticked[index] = not self._ticked[index]
            self.replace_option_prompt_at_index(index, self._prompt(index))
            self.post_message(self.Changed(self, self.selected))

    def set_all(self, ticked: bool) -> None:
        self._ticked = [ticked] * len(self._parts)
        for index in range(len(self._parts)):
            self.replace_option_prompt_at_index(index, self._prompt(index))
        self.post_message(self.Changed(self, self.selected))

    def select_all(self) -> None:
        self.set_all(True)

    def deselect_all(self) -> None:
        self.set_all(False)

    def action_toggle(self) -> None:
        if self.highlighted is not None and not self._typing():
            self.toggle(self.highlighted)

    def _typing(self) -> bool:
        """Whether the screen says someone is typing a message (a space between typed words ticks nothing)."""
        typing = getattr(self.screen, "typing", None)
        return bool(typing and typing())

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click (or Enter, where the screen does not bind it) ticks or unticks the part."""
        event.stop()
        if not self._typing():
            self.toggle(event.option_index)
