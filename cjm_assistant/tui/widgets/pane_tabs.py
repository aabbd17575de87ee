"""The chat and the map as two tabs, on a narrow screen (the screen shows them there only).

The map's tab says what the map pane shows ("Map · draft, 5 stages"). Picking a
tab posts :class:`PaneTabs.Picked`; the screen shows that pane.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.message import Message
from textual.widgets import Tab, Tabs


class PaneTabs(Tabs, can_focus=False):  # F2 and the mouse switch them; Tab moves between the panes

    @dataclass
    class Picked(Message):
        """A tab was picked: show this pane (``chat`` or ``map``)."""
        pane: str

    def __init__(self, **kwargs) -> None:
        super().__init__(Tab("Chat", id="show-chat"), Tab("Map", id="show-map"), **kwargs)

    def select(self, pane: str) -> None:
        """Mark the pane shown (the screen chose it: its ``Picked`` changes nothing). Nothing while the tabs are not
        there (a main screen made under the welcome, sized while the app closes, crashed the app here)."""
        if self.active != f"show-{pane}" and self.query(f"#show-{pane}"):
            self.active = f"show-{pane}"

    def label_map(self, summary: str) -> None:
        """What the map pane shows, in a few words, on its tab."""
        for tab in self.query(Tab):
            tab.label = f"Map · {summary}" if tab.id == "show-map" else "Chat"

    @on(Tabs.TabActivated)
    def _activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        self.post_message(self.Picked((event.tab.id or "").removeprefix("show-")))
