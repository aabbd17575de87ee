"""The first screen: start a map, resume the interview, open a saved map, import JSON.

It draws before the database is open (that happens in a worker started with
the app); the app tells it what it found with :meth:`loaded`. A choice
is posted as :class:`WelcomeScreen.Chosen` for the app to act on; one made
before the database is open is posted as soon as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cjm_assistant.domain.lanes import counted
from cjm_assistant.tui import help_data
from cjm_assistant.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from textual import events

TITLE = "[b]cjm[/b] · customer journey maps"
BLURB = ("I'll interview you about your business and your customers, then draft a customer journey map "
         "you can refine by chatting or by hand. Everything is saved as you go. Type about your business to "
         "start, or choose below.")


class WelcomeScreen(Screen):
    BINDINGS = help_data.bindings("welcome")
    AUTO_FOCUS = "#welcome-options"

    @dataclass
    class Chosen(Message):
        """What to do: new, resume, last (the map changed last), open, import or quit."""
        choice: str

    def __init__(self) -> None:
        super().__init__()
        self._pending: str | None = None
        self.ready = False  # the database is open
        self.error = ""  # why it could not be opened
        self.latest: dict | None = None  # the unfinished interview's state
        self.maps = 0  # how many saved maps there are
        # Once a new interview (or a resume) is chosen, the keys typed before the interview shows: a fast typist's
        # first answer, handed to the chat input then (never read as this screen's keys: the 'o' of 'Bristol'
        # is not "Open a saved map").
        self.typed_ahead: list[tuple[str, str | None]] | None = None
        self.read_only = ""  # why the database can only be read (then maps are opened, not made or changed)
        self.sentence: list[tuple[str, str | None]] | None = None  # typed while an interview waits to be resumed
        self._typed_unsure = False  # a sentence began before the database said whether an interview waits
        self.waiting = 0  # unfinished interviews (the newest is ``latest``)
        self.earlier: dict | None = None  # the newest of the others

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome-box"):
            yield Static(TITLE, id="welcome-title")
            yield Static(BLURB, id="welcome-blurb")
            yield OptionList(id="welcome-options")
            yield Static("", id="welcome-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._draw()

    def loaded(self, error: str = "", latest: dict | None = None, maps: int = 0, read_only: str = "",
               waiting: int = 0, earlier: dict | None = None) -> None:
        """The database is open (or ``error`` says why not): what it holds decides the choices offered; one that can
        only be read (``read_only``: why) offers its maps to open, and says why nothing else is. ``waiting``: how
        many unfinished interviews there are (the newest is ``latest``; the others are offered in a list, the newest
        of them, ``earlier``, named)."""
        self.ready, self.error, self.latest, self.maps = not error, error, latest, maps
        self.waiting, self.earlier = waiting, earlier
        if self._typed_unsure and latest and not (error or read_only) and self._pending == "new":
            self._ask_about_typed()
        self._typed_unsure = False
        if (error or read_only) and self.typed_ahead is not None:  # nothing will start: the keys are this screen's
            self.typed_ahead = None
            if self.is_mounted:
                self.query_one(OptionList).focus()
        self.read_only = "" if error else read_only
        if self.is_mounted:
            self._draw()

    def _draw(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        status = self.query_one("#welcome-status", Static)
        if self.error:
            status.update(f"[$error]⚠ {_escape(self.error)}[/]")
            options.add_option(Option("Quit", id="quit"))
            options.highlighted = 0  # Enter quits (with nothing highlighted, Enter did nothing)
            self.refresh_bindings()
            return
        if self.read_only:
            options.add_option(Option(f"[b]Open[/b] a saved map ({self.maps}), to read and export", id="open",
                                      disabled=not self.maps))
            options.add_option(Option("Quit", id="quit"))
            options.highlighted = 0 if self.maps else 1
            status.update(f"[$warning]⚠ {_escape(self.read_only)}[/]")
            self.refresh_bindings()
            return
        if self.latest:
            options.add_option(Option(f"[b]Resume[/b] your interview{_about(self.latest)}", id="resume"))
        if self.waiting > 1:  # set aside by a newer one: never out of reach
            more = self.waiting - 1
            about = _about(self.earlier) if more == 1 and self.earlier else f" ({more} more)"
            options.add_option(Option(f"[b]Resume[/b] an earlier interview{about}", id="earlier"))
        options.add_option(Option("[b]New map[/b]: start the interview", id="new"))
        options.add_option(Option(f"[b]Open[/b] a saved map ({self.maps})" if self.maps else
                                  "[b]Open[/b] a saved map (none yet)", id="open", disabled=self.ready and not self.maps))
        options.add_option(Option("[b]Import[/b] a map from a JSON file", id="import"))
        options.highlighted = highlighted if highlighted is not None and highlighted < options.option_count else 0
        status.update("" if self.ready else "[$text-muted]Opening the database…[/]")
        if self.sentence:
            self._show_sentence()
        self.refresh_bindings()
        if self._pending and self.ready:
            choice, self._pending = self._pending, None
            self._choose(choice)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id or "")

    def typed(self, event: events.Key) -> bool:
        """Called by the app for every key while this screen is shown, in the order typed (before the key is
        handed to a widget, where it would wait in a queue): True when it is kept (for the interview, or as the
        sentence typed while an interview waits to be resumed)."""
        character = event.character if event.is_printable else None
        if self.typed_ahead is not None:
            self.typed_ahead.append((event.key, character))
            return True
        if self.sentence is not None:
            return self._typing(event.key, character)
        if self.error or self.read_only:
            return False
        if character and not character.isspace():  # someone typing about their business: their first answer
            if self.latest:  # not in place of the unfinished interview unasked: kept, and asked about
                self.sentence = [(event.key, character)]
                self._show_sentence()
            else:
                self._typed_unsure = not self.ready  # an interview may wait: said when the database is open
                self.start_with([(event.key, character)])
            return True
        options = self.query_one(OptionList)
        picked = options.get_option_at_index(options.highlighted).id if options.highlighted is not None else ""
        if event.key == "ctrl+n" or (event.key == "ctrl+r" and self.latest) or (
                event.key == "enter" and picked in ("new", "resume")):
            self.typed_ahead = []  # this key starts the interview; the keys after it are its first answer
        return False

    def _ask_about_typed(self) -> None:
        """A sentence typed before the database was open, which now shows an unfinished interview: it becomes
        the sentence asked about (Enter: a new map with it; Esc: drop it), not a new interview started unasked in
        place of the waiting one. Its editing keys are applied; an Enter typed ahead decides nothing."""
        sentence: list[tuple[str, str | None]] = []
        for key, character in self.typed_ahead or []:
            if key == "backspace":
                sentence = sentence[:-1]
            elif character:
                sentence.append((key, character))
        self.typed_ahead, self._pending, self.sentence = None, None, sentence or None

    def _typing(self, key: str, character: str | None) -> bool:
        """A sentence typed while an interview waits: Enter (or ctrl+n) starts a new map with it, Esc drops it,
        ctrl+r drops it and resumes the interview; other keys (ctrl+q, F1) are the screen's as ever."""
        assert self.sentence is not None
        if key in ("enter", "ctrl+n"):
            keys, self.sentence = self.sentence, None
            self.start_with(keys)
        elif key in ("escape", "ctrl+r"):
            self.sentence = None
            self._draw()
            if key == "ctrl+r":
                self._choose("resume")
        elif key == "backspace":
            self.sentence = self.sentence[:-1] or None
            self._show_sentence() if self.sentence else self._draw()
        elif character:
            self.sentence.append((key, character))
            self._show_sentence()
        else:
            return False
        return True

    def _show_sentence(self) -> None:
        text = "".join(character or "" for _, character in self.sentence or [])
        self.query_one("#welcome-status", Static).update(
            f"[b]{_escape(text)}[/b]▏\n[$text-muted]Enter: start a new map with this · Esc: drop it · Ctrl+R: resume "
            f"your interview instead (it is kept either way)[/]")

    def start_with(self, keys: list[tuple[str, str | None]]) -> None:
        """Start a new interview whose first answer begins with ``keys`` (typed before it showed)."""
        self.typed_ahead = list(keys)
        self._choose("new")

    def take_typed_ahead(self) -> list[tuple[str, str | None]]:
        """The keys typed since the choice (emptied: each is handed on once)."""
        keys, self.typed_ahead = list(self.typed_ahead or []), [] if self.typed_ahead is not None else None
        return keys

    def _choose(self, choice: str) -> None:
        if choice == "resume" and self.ready and not self.latest and self.maps:
            choice = "last"  # no interview waits: Ctrl+R resumes work on the map changed last
        if choice in ("open", "import", "earlier", "last") and self.typed_ahead is not None:
            return  # an interview is starting ("i want ..."): the binding of its first key acts after that, unheeded
        if self.read_only and choice in ("new", "resume", "import", "earlier"):  # each would write: said, not started
            self.notify(self.read_only, title="Read-only database", severity="warning", timeout=10)
            return
        if choice in ("new", "resume") and self.typed_ahead is None and not self.error:
            self.typed_ahead = []
            self.set_focus(None)  # Enter goes to the buffer, not to the option list
        if choice != "quit" and not self.ready:
            if not self.error:
                self._pending = choice  # chosen before the database was open
            return
        self.post_message(self.Chosen("new" if choice == "resume" and not self.latest else choice))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if self.error and action in ("new", "resume", "open", "import_file"):
            return False  # nothing can start: the footer offers only what works
        if action == "resume":  # the unfinished interview, or else the map changed last
            return bool(self.latest) or not self.ready or bool(self.maps)
        if action == "open":
            return not self.ready or bool(self.maps)
        return True

    def action_new(self) -> None:
        self._choose("new")

    def action_resume(self) -> None:
        self._choose("resume")

    def action_open(self) -> None:
        self._choose("open")

    def action_import_file(self) -> None:
        self._choose("import")


def _escape(text: str) -> str:
    from textual.markup import escape

    return escape(text)


def interview_about(state: dict) -> tuple[str, str]:
    """('Sweet Crumbs', 'question 4 of 14') from a saved interview state (the name may be "")."""
    name = (state.get("profile") or {}).get("business_name") or ""
    try:
        from cjm_assistant.knowledge.questions import script

        where = f"question {int(state.get('position', 0)) + 1} of {len(script().questions)}"
    except Exception:  # noqa: BLE001 - the label is a courtesy
        where = f"{counted(len(state.get('answers') or []), 'answer')} so far"
    if state.get("status") == "ready":
        where = "ready to draft"
    return name, where


def _about(state: dict) -> str:
    """', Sweet Crumbs (question 4 of 14)' from a saved interview state."""
    name, where = interview_about(state)
    return f" with {_escape(name)} ({where})" if name else f" ({where})"
