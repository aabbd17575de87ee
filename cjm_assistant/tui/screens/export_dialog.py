"""Export the map: pick a format, check the suggested file name, write it."""

from __future__ import annotations

import os
from pathlib import Path

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from cjm_assistant.export import FORMATS, suggest_filename
from cjm_assistant.userfiles import make_folder
from cjm_assistant.tui.widgets.footer import KeyFooter


def split_extension(name: str) -> tuple[str, str | None]:
    """(stem, format) of a file name by its export extension, the longest first.

    ``sweet.priorities.md`` is (sweet, priorities), not (sweet.priorities, md): the
    priorities and brief extensions end in ``.md`` too.
    """
    lowered = name.lower()
    for key, fmt in sorted(FORMATS.items(), key=lambda kv: -len(kv[1].extension)):
        if lowered.endswith(fmt.extension) and len(name) > len(fmt.extension):
            return name[: -len(fmt.extension)], key
    return name, None


def renamed(value: str, journey, old: str, new: str, persona: str = "") -> str:
    """The path to suggest after the format changes from ``old`` to ``new`` (``persona``: whose view it is)."""
    old_name = suggest_filename(journey, old, persona=persona)
    current = Path(value.strip() or old_name)
    if current.name == old_name:  # the user kept our suggestion: follow the format
        return str(current.with_name(suggest_filename(journey, new, persona=persona)))
    stem, known = split_extension(current.name)
    if known is not None:  # a name the user typed, ending in a format's extension: swap the extension only
        return str(current.with_name(stem + FORMATS[new].extension))
    return value


HINT = "Enter writes the file (on the format list too) · Esc closes"


def _not_a_folder(folder: Path) -> Path | None:
    """The part of ``folder``'s path that exists but is no folder (a file, a link to nowhere), if any: no folder
    can be made below it."""
    for part in [folder, *folder.parents]:
        if os.path.lexists(part):
            return None if part.is_dir() else part
    return None


class FormatButton(RadioButton):
    """A format choice whose mark says which one is chosen by its shape, not only its colour: ● chosen, ○ not."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual's ToggleButton reads this name when drawing
        return "●" if self.value else "○"


class FormatSet(RadioSet):
    """The format list: the arrows choose the format (the path follows it), Enter writes the file in it (space
    chooses too). Only Textual's public API: a button's ``value`` and ``name``, and the dialog's format."""

    BINDINGS = [Binding("enter", "write", "Write", show=False),
                Binding("down,right", "step(1)", "Next format", show=False),
                Binding("up,left", "step(-1)", "Previous format", show=False)]

    def action_step(self, step: int) -> None:
        """Choose the format ``step`` places on (wrapping round): chosen at once, so that Enter right after writes
        in it and the path shows its name; Textual moves the highlight to it when it says the choice changed."""
        screen = self.screen
        buttons = list(self.query(FormatButton))
        if not buttons or not isinstance(screen, ExportScreen):
            return
        at = next((i for i, b in enumerate(buttons) if b.name == screen.fmt), 0)
        button = buttons[(at + step) % len(buttons)]
        button.value = True
        screen.pick(button.name or "md")

    def action_write(self) -> None:
        if isinstance(self.screen, ExportScreen):
            self.screen._go()


class ExportScreen(ModalScreen[tuple[str, str] | None]):
    """Dismissed with (format, absolute path), or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]
    AUTO_FOCUS = "#export-path"

    def __init__(self, journey, fmt: str = "md", folder: str | None = None,
                 persona: tuple[str, str] | None = None, db: Path | None = None) -> None:
        """``persona``: (id, name) of the persona the map is filtered to (/persona): the export is their view, under
        a name of its own. ``db``: the database, never written over (said in the dialog, the path kept)."""
        super().__init__()
        self.persona = persona
        self.db = db
        self.journey = journey
        self.to_create: Path | None = None  # a missing folder the user was told about; Enter again creates it
        self.fmt = fmt if fmt in FORMATS else "md"
        self.folder = Path(folder or os.getcwd())

    def compose(self) -> ComposeResult:
        with Vertical(id="export", classes="dialog"):
            if self.persona:
                yield Static(f"[b]Export {escape(self.persona[1])}'s view of the map[/b]", classes="dialog-title",
                             id="export-title")
                yield Static("Only their stages and items, and those everyone shares, as /persona shows them; "
                             "`/persona all` first for the whole map.", classes="dialog-hint", id="export-whose")
            else:
                yield Static("[b]Export the map[/b] (the whole map, every persona)", classes="dialog-title",
                             id="export-title")
            with FormatSet(id="export-format"):
                for key, fmt in FORMATS.items():
                    yield FormatButton(fmt.label, value=key == self.fmt, name=key)
            yield Input(str(self.folder / self._suggested(self.fmt)), id="export-path")
            # right under the path it is about: on 24 rows the dialog's last lines are below the screen's edge
            yield Static(HINT, classes="dialog-hint", id="export-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")
        yield KeyFooter()

    def _whose(self) -> str:
        """The name of the persona whose view is exported, or "" for the whole map."""
        return self.persona[1] if self.persona else ""

    def _suggested(self, fmt: str) -> str:
        """The file name suggested: the map's, with the persona's for their view (never the whole map's file)."""
        return suggest_filename(self.journey, fmt, persona=self._whose())

    def on_mount(self) -> None:
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """On a short terminal (24 rows) the format list and the buttons go without their borders, so that the
        whole dialog shows, its buttons and a refusal under the path included; roomier ones keep the borders."""
        short = self.size.height < 30
        self.query_one(FormatSet).compact = short
        for button in self.query(Button):
            button.compact = short

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.pick(event.pressed.name or "md")

    def pick(self, new: str) -> None:
        """Choose the format ``new``: the path follows it (the extension, or the suggested name)."""
        if new == self.fmt:
            return
        path_input = self.query_one("#export-path", Input)
        path_input.value = renamed(path_input.value, self.journey, self.fmt, new, self._whose())
        self.fmt = new

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._go()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-go":
            self._go()
        else:
            self.dismiss(None)

    def _go(self) -> None:
        raw = self.query_one("#export-path", Input).value.strip().strip("'\"")
        if not raw:
            self.notify("Type a file name first.", severity="warning")
            return
        path = Path(raw).expanduser()
        if not path.is_absolute():
            path = self.folder / path
        if path.is_dir():
            path = path / self._suggested(self.fmt)
        folder = path.parent
        if not folder.is_dir():  # said here, with the path kept, rather than after the dialog has closed
            hint = self.query_one("#export-hint", Static)
            blocked = _not_a_folder(folder)
            if blocked is not None:
                self.to_create = None
                hint.update(f"{blocked} is not a folder (a file, or a link to nowhere): change the path.")
                return
            if self.to_create != folder:
                self.to_create = folder
                hint.update(f"The folder {folder} does not exist: Enter again creates it, or change the path.")
                return
            try:
                make_folder(path)
            except OSError as e:
                self.to_create = None
                said = str(e)
                hint.update(f"{said[:1].upper()}{said[1:]}. Change the path.")
                return
        if self._refused(path):
            return
        self.dismiss((self.fmt, str(path)))

    def _refused(self, path: Path) -> bool:
        """Whether ``path`` is one no export may be written to (the database, another SQLite database, a folder,
        a write-protected file): said under the path, which stays to be corrected, with the dialog open. A file
        that exists otherwise is asked about after (replace it?)."""
        from cjm_assistant.userfiles import UnsafeTarget, check_target, database_files, why_not_writable

        try:
            check_target(path, database_files(self.db) if self.db is not None else (), force=True)
        except UnsafeTarget as e:
            said = str(e).replace(", even with --force", "")
            self.query_one("#export-hint", Static).update(f"{said[:1].upper()}{said[1:]}.")
            return True
        except OSError:
            return False  # said by the export itself, in words
        why = why_not_writable(path.parent)  # a folder that takes no new file (read-only, /proc): said here too
        if why is not None:
            self.query_one("#export-hint", Static).update(escape(f"Cannot write {path}: {why}."))
            return True
        return False
