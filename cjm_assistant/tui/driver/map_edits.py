"""The session driver's direct changes to the map: slash commands, the map pane's edits, undo and redo.

Each is saved at once (no review) and reported as ``Saved`` or ``Walked``.
"""

from __future__ import annotations

from textual.message import Message

from cjm_assistant.tui.driver.core import DriverBase, session_call


class MapEditCalls(DriverBase):
    """Changes saved straight to the map, and walking its versions."""

    @session_call("edit")
    def edit_text(self, typed: str, instruction: str) -> Message:
        """A slash command (/add, /rename...): read by rule and saved at once, no review."""
        return self.Saved(self.session.edit_by_rule(typed, instruction))

    @session_call("edit")
    def edit_ops(self, ops: list, message: str) -> Message:
        """Typed edits made on the map pane."""
        return self.Saved(self.session.edit(ops, message))

    @session_call("undo")
    def undo(self, typed: str = "", how: str = "steps", n: int = 1) -> Message:
        """Ctrl+Z, or ``typed`` in the chat ("undo that"): the words are said first, like any message. ``how`` and
        ``n``: several changes at once ("undo the last two changes", "go back to version 1": Session.walk_back)."""
        if typed:
            self.session.say("user", typed)
        undone = self.session.head
        version = self.session.undo() if (how, n) == ("steps", 1) else self.session.walk_back(how, n)
        return self.Walked("undo", version, self._version(undone) if version is not None else "")

    @session_call("redo")
    def redo(self, typed: str = "") -> Message:
        if typed:
            self.session.say("user", typed)
        version = self.session.redo()
        return self.Walked("redo", version, self._version(version) if version is not None else "")

    def _version(self, number: int | None) -> str:
        """A version as the user knows it: "v3 by you, proposed by playbook: “add a stage…”"."""
        from cjm_assistant.session import who
        from cjm_assistant.tui.widgets.map_data import short

        record = next((v for v in self.session.history() if v.number == number), None)
        if record is None:
            return f"v{number}"
        return f"v{number} by {who(record.author)}" + (f": “{short(record.message, 40)}”" if record.message else "")
