"""The command palette (Ctrl+P): every action in help_data, where it applies.

The provider asks the screen the palette was opened from whether it has the
action and whether it is available now (``check_action``), so the palette
offers what the keys do, on the screen you are on, and nothing else.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from cjm_assistant.tui import help_data


class CjmCommands(Provider):
    def _commands(self) -> list[tuple[str, object, str]]:
        screen, app = self.screen, self.app
        out = []
        seen = set()
        for area, key in help_data.palette_entries():
            name, _, args = key.action.partition("(")
            target = screen if hasattr(screen, f"action_{name}") else app if hasattr(app, f"action_{name}") else None
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

    async def discover(self) -> Hits:
        for title, run, shortcut in self._commands():
            yield DiscoveryHit(title, run, help=shortcut or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, run, shortcut in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=shortcut or None)
