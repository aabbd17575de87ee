"""The first screen: start a map, resume the interview, open a saved map, import JSON.

It draws before the database is open (that happens in a worker right after
the first frame); a choice made in that moment runs as soon as it is ready.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from cjm_assistant.tui import help_data

TITLE = "[b]cjm[/b] · customer journey maps"
BLURB = ("I'll interview you about your business and your customers, then draft a customer journey map "
         "you can refine by chatting or by hand. Everything is saved as you go.")


class WelcomeScreen(Screen):
    BINDINGS = help_data.bindings("welcome")
    AUTO_FOCUS = "#welcome-options"

    def __init__(self) -> None:
        super().__init__()
        self._pending: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome-box"):
            yield Static(TITLE, id="welcome-title")
            yield Static(BLURB, id="welcome-blurb")
            yield OptionList(id="welcome-options")
            yield Static("", id="welcome-status")
        yield Footer()

    def on_mount(self) -> None:
        self.loaded()

    def loaded(self) -> None:
        """(Re)build the choices once the store is open (or failed to open)."""
        app = self.app
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        status = self.query_one("#welcome-status", Static)
        if getattr(app, "load_error", ""):
            status.update(f"[$error]⚠ {_escape(app.load_error)}[/]")
            options.add_option(Option("Quit", id="quit"))
            return
        latest = getattr(app, "latest_interview", None)
        if latest:
            options.add_option(Option(f"[b]Resume[/b] your interview{_about(latest)}", id="resume"))
        options.add_option(Option("[b]New map[/b]: start the interview", id="new"))
        count = getattr(app, "map_count", 0)
        options.add_option(Option(f"[b]Open[/b] a saved map ({count})" if count else "[b]Open[/b] a saved map (none yet)",
                                  id="open", disabled=app.session is not None and not count))
        options.add_option(Option("[b]Import[/b] a map from a JSON file", id="import"))
        options.highlighted = highlighted if highlighted is not None and highlighted < options.option_count else 0
        status.update("" if app.session is not None else "[$text-muted]Opening the database…[/]")
        self.refresh_bindings()
        if self._pending and app.session is not None:
            choice, self._pending = self._pending, None
            self._choose(choice)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id or "")

    def _choose(self, choice: str) -> None:
        app = self.app
        if choice == "quit":
            app.exit()
            return
        if app.session is None:
            if not getattr(app, "load_error", ""):
                self._pending = choice
            return
        if choice == "resume" and not app.latest_interview:
            choice = "new"
        {"new": app.start_new, "resume": app.resume, "open": app.pick_map, "import": app.ask_import}[choice]()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "resume":
            return bool(getattr(self.app, "latest_interview", None))
        if action == "open":
            return self.app.session is None or bool(getattr(self.app, "map_count", 0))
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


def _about(state: dict) -> str:
    """', Sweet Crumbs (question 4 of 14)' from a saved interview state."""
    name = (state.get("profile") or {}).get("business_name") or ""
    try:
        from cjm_assistant.knowledge.questions import script

        where = f"question {int(state.get('position', 0)) + 1} of {len(script().questions)}"
    except Exception:  # noqa: BLE001 - the label is a courtesy
        where = f"{len(state.get('answers') or [])} answers so far"
    if state.get("status") == "ready":
        where = "ready to draft"
    return f" with {_escape(name)} ({where})" if name else f" ({where})"
