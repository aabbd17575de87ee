"""The command palette (Ctrl+P): every action in help_data, where it applies.

The provider finds who has each action on the screen the palette was opened
from (the widget help_data names as its ``owner``, else the screen, else the
app) and asks it whether the action is available now (``check_action``), so
the palette offers what the keys do, on the screen you are on, and nothing
else.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from cjm_assistant.tui import help_data


class CjmCommands(Provider):
    def _commands(self) -> list[tuple[str, object, str]]:
        out = []
        seen = set()
        for _, key in help_data.palette_entries():
            name = key.action.partition("(")[0]
            target = self._owner(key, name)
            if target is None or key.title in seen:
                continue
            try:
                allowed = target.check_action(name, ())
            except Exception:  # noqa: BLE001 - a screen that cannot say is taken at its word
                allowed = True
            if allowed is False or allowed is None:
                continue
            seen.add(key.title)
            shortcut = help_data.display(key.keys) if key.keys else ""
            out.append((key.title, partial(target.run_action, key.action), shortcut))
        return out

    def _owner(self, key: help_data.Key, name: str) -> DOMNode | None:
        if key.owner:
            return next(iter(self.screen.query(key.owner)), None)
        return next((node for node in (self.screen, self.app) if hasattr(node, f"action_{name}")), None)

    async def discover(self) -> Hits:
        for title, run, shortcut in self._commands():
            yield DiscoveryHit(title, run, help=shortcut or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, run, shortcut in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=shortcut or None)
