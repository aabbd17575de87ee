"""The footer of every screen: the keys that work everywhere first (quit, help), then those of the focus.

Textual lists the focused widget's keys first and the app's last, so a widget
with many keys (the map) pushed Ctrl+Q and F1 off the edge of the screen, and
a dialog's footer left them out (a dialog cuts the app's keys from its
footer, although these work there: they are priority keys). Here the app's
footer keys (``help_data.footer_first``) always come first, the command
palette's key is always docked on the right, and the keys that do not fit
between them are left out (F1 lists them all) rather than cut in half. On a
narrow screen the footer is compact.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # the footer's own key widget (not exported by textual.widgets)

from cjm_assistant.tui import help_data

COMPACT_BELOW = 100  # columns


class KeyFooter(Footer):
    _drawn: tuple | None = None  # what the keys on show were drawn from (see _keys_shown)

    async def recompose(self) -> None:
        """Draw the keys again (unless what they show is unchanged), and let the old ones go.

        The footer is asked to redraw at every change of the bindings, of the focus, of the status (a dozen
        times between `n` and the first question), mostly to draw the same keys; each redraw makes, mounts
        and styles its keys anew. It is skipped when the keys, their states and the width are the same.

        Every key widget watches the footer's ``compact`` (``data_bind``); Textual drops a watcher of a
        removed widget only when the watched value changes, which ``compact`` seldom does, so each redraw
        (every undo, every change of focus) kept its old keys alive: 0.3 MB per undo, without end
        (Textual issue 6666). Once the old keys are removed, their watchers are dropped here.
        """
        drawn = self._keys_shown()
        if drawn is not None and drawn == self._drawn and self.children:
            return
        self._drawn = drawn
        await super().recompose()
        watchers = getattr(self, "__watchers", None)  # where textual.reactive keeps the watchers of this node
        if isinstance(watchers, dict):
            for entries in watchers.values():
                entries[:] = [(node, callback) for node, callback in entries
                              if not (getattr(node, "_closing", False) or getattr(node, "_closed", False))]

    def _keys_shown(self) -> tuple | None:
        """What the keys drawn depend on: the screen's bindings (shown, enabled, tooltips), the width, compact."""
        if not self._bindings_ready or not self.is_attached:
            return None
        bindings = tuple((key, binding.action, binding.description, binding.key_display, binding.show, binding.group,
                          enabled, tooltip) for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items())
        return self.screen, self.size.width, self.compact, self.show_command_palette, bindings

    def compose(self) -> ComposeResult:
        first = help_data.footer_first()
        widgets = list(super().compose())
        present = {getattr(widget, "key", None) for widget in widgets}
        for binding in help_data.bindings("app"):
            if binding.key in first and binding.key not in present:
                widgets.append(FooterKey(binding.key, self.app.get_key_display(binding), binding.description,
                                         binding.action).data_bind(compact=Footer.compact))
        palette = self.app.COMMAND_PALETTE_BINDING
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and palette not in present:
            binding = Binding(palette, "command_palette", "palette", key_display=self.app.COMMAND_PALETTE_DISPLAY)
            widgets.append(FooterKey(binding.key, self.app.get_key_display(binding), binding.description,
                                     binding.action, classes="-command-palette"))
        rank = {key: i for i, key in enumerate(first)}
        yield from self._fitting(sorted(widgets, key=lambda widget: rank.get(getattr(widget, "key", ""), len(first))))

    def _fitting(self, widgets: list[Widget]) -> list[Widget]:
        """The keys in order while they fit in the width (the palette's key, docked on the right, always)."""
        room = self.size.width
        if not room:
            return widgets
        docked = [w for w in widgets if w.has_class("-command-palette")]
        room -= sum(self._width(w) for w in docked)
        kept = []
        for widget in widgets:
            if widget in docked:
                continue
            room -= self._width(widget)
            if room < 0:
                break
            kept.append(widget)
        return kept + docked

    def _width(self, widget: Widget) -> int:
        key, description = getattr(widget, "key_display", ""), getattr(widget, "description", "")
        extra = 2 if widget.has_class("-command-palette") else 0  # its border and padding
        return cell_len(key) + cell_len(description) + (2 if self.compact else 3) + extra

    def on_resize(self, event: events.Resize) -> None:
        compact = event.size.width < COMPACT_BELOW
        if compact != self.compact:
            self.compact = compact
        self.call_after_refresh(self.recompose)
