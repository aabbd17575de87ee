"""The Textual app: it starts up, and hands over to the main screen.

Start-up is kept short on purpose: this module imports only Textual and the
welcome screen, which draws the first frame. The session (the store, the
engine: pydantic, sqlite-utils, the playbook) loads in a thread worker started
with it (the store first, the engine once the welcome has drawn what the store
holds), and the LLM client (litellm, seconds to import) warms up in another one,
only when a model is configured. A choice on the welcome screen then pushes
the main screen, which runs everything else through its session driver.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import App
from textual.message import Message
from textual.screen import Screen

from cjm_assistant.tui import _start_time, help_data
from cjm_assistant.tui.screens.too_small import TooSmallScreen, too_small
from cjm_assistant.tui.screens.welcome import WelcomeScreen

if TYPE_CHECKING:
    from collections.abc import Callable

    from cjm_assistant.session import Session
    from cjm_assistant.tui.screens.main import MainScreen

log = logging.getLogger("cjm_assistant.tui")


class CjmApp(App):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # the first frame's styles; the other screens' in SCREENS_CSS
    SCREENS_CSS = Path(__file__).with_name("screens.tcss")
    TITLE = "cjm · customer journey maps"
    BINDINGS = help_data.bindings("app")
    COMMANDS = App.COMMANDS | {lambda: _commands()}
    NOTIFICATION_TIMEOUT = 6

    class Prepared(Message):
        """The main screen's modules and the engine are loaded (in the load worker): the main screen can be made."""

    @dataclass
    class Configured(Message):
        """The settings (the model, if any) are read and set on the session opened before them: it can be used."""
        session: Session

    @dataclass
    class Loaded(Message):
        """The session is open (or ``error`` says why not), with what the welcome screen offers."""
        session: Session | None = None
        latest: dict | None = None
        maps: int = 0
        waiting: int = 0  # unfinished interviews (``latest`` is the newest)
        earlier: dict | None = None  # the newest of the others
        error: str = ""
        title: str = "Cannot start"  # what ``error`` stopped

    def __init__(self, db: str | None = None, model: str | None = None, api_base: str | None = None,
                 engine: str | None = None, open_map: str | None = None) -> None:
        super().__init__()
        self.db, self.model, self.api_base, self.engine_choice = db, model, api_base, engine
        self.open_on_start = open_map
        self.session: Session | None = None  # once open and configured (the engine the settings choose)
        self._choice: WelcomeScreen.Chosen | None = None  # made on the welcome before the settings were read
        self.load_error = ""
        self.latest_interview: dict | None = None
        self.map_count = 0
        self.model_ready = threading.Event()  # set once the engine's client has loaded
        self._welcome_drawn = threading.Event()  # set once the welcome has drawn what the database holds
        self.startup_seconds: float | None = None
        self.database_seconds: float | None = None  # when the database was open and the welcome could act on it
        self.main: MainScreen | None = None
        self._prepared: MainScreen | None = None  # the main screen, composed under the welcome, not shown yet
        self._prepared_ready = False  # ... and laid out
        self._show_when_ready: tuple[str, ...] = ()  # what show_main was asked for while it was being made
        # A main screen made at the choice starts after a refresh: until its chat input has taken the keys typed
        # ahead, the keys still arriving are kept behind them (else they reach the input first, and the first
        # answer is sent cut, or spliced: "ine Bakehouse ... paRise & Shstries")
        self._handing_over = False
        self._screens_css = False  # whether SCREENS_CSS is in the stylesheet
        # While the model client loads: called for each key, to hold its import back while the user types (see
        # runtime.hold_preload); None otherwise.
        self._typing: Callable[[], None] | None = None

    # -- start-up -----------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if self._typing is not None and isinstance(event, (events.Key, events.Paste)):
            self._typing()
        # Keys typed on the welcome screen after `n` are the first answer: kept here, in the order typed (a key
        # handed on to a widget waits in its queue, behind which the choice would act too late).
        # Once they start an interview, they are kept even if a dialog the welcome opened is still over it.
        if isinstance(event, events.Key) and not event.is_forwarded and (self.main is None or self._handing_over) \
                and isinstance(welcome := self.screen_stack[0], WelcomeScreen) \
                and (self.screen is welcome or welcome.typed_ahead is not None) and welcome.typed(event):
            return
        await super().on_event(event)

    def get_default_screen(self) -> WelcomeScreen:
        return WelcomeScreen()

    def on_mount(self) -> None:
        self._cover_if_too_small()
        self.call_after_refresh(self._first_frame)
        # The store opens in a thread from now, not after the first frame: its imports then use the time the first
        # frame waits on the terminal, and the database is ready sooner (by some 10%; the first frame is as soon).
        if os.environ.get("CJM_BENCH_EXIT_ON_READY") != "1":  # bench/bench_tui.py: the first frame alone
            self._load()

    # -- a terminal too small to draw in -------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        """Cover the screens with a sentence while the terminal is too small for them (they would fail to lay
        out); the cover goes away by itself once it is large enough again (see TooSmallScreen.leave)."""
        if too_small(*event.size):
            self._cover_if_too_small(event.size)

    def _cover_if_too_small(self, size: tuple[int, int] | None = None) -> None:
        if too_small(*(size or self.size)) and not isinstance(self.screen, TooSmallScreen):
            for screen in self.screen_stack:  # nothing of theirs is laid out while covered (see app.tcss)
                screen.add_class("-covered")
            super().push_screen(TooSmallScreen())

    def push_screen(self, screen: Screen | str, *args, **kwargs):  # type: ignore[override]
        """Push a screen (styled: see :meth:`load_screens_css`), and cover it at once if the terminal is too small
        for it (a dialog opened by a worker that finished meanwhile)."""
        self.load_screens_css()
        result = super().push_screen(screen, *args, **kwargs)
        self._cover_if_too_small()
        return result

    def show_problem(self, sentence: str, title: str) -> None:
        """One problem notice in view, the latest, each line once: the ones before it go (they are in the chat)."""
        self.clear_problems()
        self.notify(sentence, title=title, severity="error", timeout=10)

    def clear_problems(self) -> None:
        """Take the problem notices away: the next message was sent or a proposal came, so they are stale (one
        stayed over the map pane's tabs while the next proposal was shown)."""
        stale = [n for n in self._notifications if n.severity == "error"]
        for notification in stale:
            self._unnotify(notification, refresh=False)
        if stale:
            self._refresh_notifications()

    def load_screens_css(self) -> None:
        """Add the main screen's and the dialogs' styles (SCREENS_CSS) to the stylesheet, once, before the first
        of them is made or pushed. They are not in CSS_PATH because Textual parses that before the first frame,
        and they are most of the app's CSS: parsing them then delayed the welcome (and the database ready) by
        some 30-50 ms. Only the new file is parsed here (the others' rules are cached by the stylesheet)."""
        if self._screens_css:
            return
        self._screens_css = True
        if self.css_monitor is not None:  # `textual run --dev`: edits to it are picked up live, as app.tcss's
            self.css_monitor.add_paths([self.SCREENS_CSS])
        self.stylesheet.read(self.SCREENS_CSS)
        self.stylesheet.update(self)

    def _first_frame(self) -> None:
        self.startup_seconds = _start_time.elapsed()
        log.info("first frame after %.3f s (clock: %s)", self.startup_seconds, _start_time.SOURCE)
        if os.environ.get("CJM_BENCH_EXIT_ON_READY") == "1":
            self.exit()

    @work(thread=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        """Open the store and the session, then read the settings and make the engine (in a thread).

        The welcome needs only the store (what it holds decides the choices offered); the settings (pydantic,
        the config file) and the engine (the playbook's knowledge) take over a second on a busy machine, so they
        come after it has drawn its choices: the store is opened as the offline engine's session is (no
        settings), and the settings are set on it before the app uses it (a choice made meanwhile waits).
        """
        title = "Cannot open the database"
        try:
            from cjm_assistant.session import Session

            offline = self.engine_choice == "playbook"  # no settings to read (Session.start does the same)
            session = Session.start(self.db, engine="playbook")
            newest = session.store.unfinished_interviews(limit=2)  # the one to resume, and the newest set aside
            self.post_message(self.Loaded(session, newest[0][0] if newest else None, len(session.maps()),
                                          waiting=session.store.unfinished_count() if len(newest) > 1 else len(newest),
                                          earlier=newest[1][0] if len(newest) > 1 else None))
            title = "Cannot start"
            # The main screen's modules (the chat, the map views, the driver) and the engine (the playbook's
            # knowledge, some 0.4 s), made here while the welcome takes input, so that `n` or opening a map does
            # not wait for them on the event loop; once the welcome has drawn its choices, which would otherwise
            # wait for this thread's imports to let go of the interpreter.
            for _ in range(40):  # at most 2 s; not at all once the app is quitting
                if self._welcome_drawn.wait(0.05) or not self.is_running:
                    break
            if not offline:
                from cjm_assistant.config import choose_settings

                session.settings = choose_settings(self.model, self.api_base, self.engine_choice)
            self.post_message(self.Configured(session))
            import cjm_assistant.tui.screens.main  # noqa: F401
            import cjm_assistant.tui.screens.picker  # noqa: F401

            session.engine  # noqa: B018 - made on first use; made now
            self.post_message(self.Prepared())
        except Exception as e:  # noqa: BLE001 - shown on the welcome screen, as a sentence
            known = isinstance(e, (OSError, ValueError)) or type(e).__module__.startswith("cjm_assistant")
            if not known:
                log.exception("start-up failed")
            self.post_message(self.Loaded(error=str(e) if known else f"{type(e).__name__}: {e}", title=title))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.error:
            self.load_error = message.error
            self.notify(message.error, title=message.title, severity="error", timeout=30)
        else:
            self.latest_interview, self.map_count = message.latest, message.maps
        welcome = next((s for s in self.screen_stack if isinstance(s, WelcomeScreen)), None)
        if welcome is not None:
            store = message.session.store if message.session is not None else None
            welcome.loaded(self.load_error, self.latest_interview, self.map_count,
                           read_only=store.read_only or store.damage if store is not None else "",
                           waiting=message.waiting, earlier=message.earlier)
        self.call_after_refresh(self._database_ready)

    def _database_ready(self) -> None:
        """The welcome has drawn what the database holds (or why it could not be opened): noted in the log, and
        for bench/bench_tui_ready.py."""
        self.database_seconds = _start_time.elapsed()
        self._welcome_drawn.set()
        log.info("database ready after %.3f s", self.database_seconds)
        if os.environ.get("CJM_BENCH_EXIT_ON_READY") == "database":
            self.exit()

    @on(Configured)
    def _configured(self, message: Configured) -> None:
        if self.load_error:
            return
        self.session = message.session
        self._warm_up()
        if self.open_on_start:
            self.show_main("open", self.open_on_start)
        elif self._choice is not None:
            choice, self._choice = self._choice, None
            self._chosen(choice)

    @on(Prepared)
    def _prepare_main(self) -> None:
        """Compose and mount the main screen now, while the welcome is read, so that the first question after
        `n` (or the map opened) does not wait for its widgets to be made and styled: only for its layout.

        Textual has no public call for this (``install_screen`` keeps a screen, but composes it only once
        pushed): ``_register`` is what ``push_screen`` runs to start a screen that is not running yet.
        """
        from cjm_assistant.tui.screens.main import MainScreen

        if self.session is None or self.main is not None or self._prepared is not None or not self.is_running:
            return
        self.load_screens_css()
        self._prepared = MainScreen(self.session, self.model_ready)
        self._lay_out(self._prepared, self._register(self, self._prepared))

    @work(group="prepare", exit_on_error=False)
    async def _lay_out(self, screen: Screen, widgets: list) -> None:
        """Lay the prepared screen out at the terminal's size once its widgets are mounted (what pushing it would do
        first); a choice made meanwhile is carried out then."""
        from textual.widget import AwaitMount

        try:
            await AwaitMount(screen, widgets)
            if screen is self._prepared and not too_small(*self.size):
                screen._refresh_layout(self.size)
        finally:
            self._prepared_ready = True
            first, self._show_when_ready = self._show_when_ready, ()
            if first and self.is_running:
                self.show_main(*first)

    @work(thread=True, group="warm-up", exit_on_error=False)
    def _warm_up(self) -> None:
        """Load the model client (litellm) after the first frame; engine calls wait for it."""
        try:
            assert self.session is not None
            if self.session.settings is not None and self.session.settings.model:
                from cjm_assistant.engines.llm.runtime import hold_preload

                self._typing = hold_preload
            self.session.warm_up()
        except Exception:  # noqa: BLE001 - the first real call will say what is wrong
            log.exception("warming up the model client failed")
        finally:
            self._typing = None
            self.model_ready.set()

    # -- from the welcome screen to the main screen ------------------------------------------

    @on(WelcomeScreen.Chosen)
    def _chosen(self, message: WelcomeScreen.Chosen) -> None:
        from cjm_assistant.tui.screens.import_dialog import ImportScreen
        from cjm_assistant.tui.screens.picker import PickerScreen

        if message.choice == "quit":
            self.exit()
        elif self.session is None and not self.load_error:
            self._choice = message  # the database is open, the settings are being read: in a moment
        elif self.session is None or self.main is not None:
            pass  # the database could not be opened, or the main screen is up already (a map opened at start)
        elif message.choice == "open":
            self.push_screen(PickerScreen(self.session.maps()),
                             lambda map_id: map_id and self.show_main("open", map_id))
        elif message.choice == "last":  # Ctrl+R with no interview waiting: the map changed last
            maps = self.session.maps()
            if maps:
                self.show_main("open", maps[0].id)
        elif message.choice == "import":
            self.push_screen(ImportScreen(), lambda path: path and self.show_main("import", path))
        elif message.choice == "earlier":  # an interview a newer one set aside
            from cjm_assistant.tui.screens.picker import InterviewPicker

            self.push_screen(InterviewPicker(self.session.store.unfinished_interviews()[1:]),
                             lambda interview_id: interview_id and self.show_main("resume", interview_id))
        else:
            self.show_main(message.choice)

    def show_main(self, *first: str) -> None:
        """Push the main screen (once), starting with ``first``: new, resume, (open, MAP) or (import, PATH)."""
        from cjm_assistant.tui.screens.main import MainScreen

        if self.session is None or self.main is not None:
            return
        if self._prepared is not None and not self._prepared_ready:
            self._show_when_ready = first  # being made: shown in a moment, by _lay_out
            return
        while len(self.screen_stack) > 1:  # a dialog opened over the welcome screen
            self.pop_screen()
        prepared = self._prepared
        welcome = self.screen_stack[0] if isinstance(self.screen_stack[0], WelcomeScreen) else None
        if prepared is None or not prepared.is_mounted:  # not made yet (or its making failed)
            self.main = MainScreen(self.session, self.model_ready, first)
            self.push_screen(self.main)  # over the welcome screen, which stays below it
            if welcome is not None:  # once it has mounted and started: what was typed meanwhile, and until then
                self._handing_over = True
                self.call_after_refresh(self._hand_over, welcome)
            return
        self.main, self._prepared = prepared, None
        self.push_screen(prepared)  # over the welcome screen, which stays below it
        what, *arg = first  # what MainScreen.on_mount starts with, for a screen mounted before it was chosen
        {"new": prepared.action_new_interview, "resume": prepared.driver.resume, "open": prepared.driver.open_map,
         "import": prepared.driver.import_file}[what](*arg)
        if welcome is not None:  # what was typed since the choice, and from now on, goes to the chat input
            prepared.chat_pane.type_ahead(welcome.take_typed_ahead())

    def _hand_over(self, welcome: WelcomeScreen) -> None:
        """The keys typed since the choice, to the chat input of the main screen made at it; later keys go there
        directly, after them."""
        self._handing_over = False
        if self.main is not None:
            self.main.chat_pane.type_ahead(welcome.take_typed_ahead())

    # -- the last line of defence ------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """A bug in the UI itself: the traceback goes to the log file, the user gets one sentence."""
        log.error("unexpected error in the app", exc_info=error)
        self._fatal = error
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        error = getattr(self, "_fatal", None)
        if error is None or "debug" in self.features:  # `textual run --dev` still shows the traceback
            super()._print_error_renderables()
            return
        self._exit_renderables.clear()
        print(f"cjm: something went wrong ({type(error).__name__}: {error}). Everything you saved is in the "
              f"database; the details are in {_log_file()}.", file=sys.stderr)

    # -- actions offered everywhere ---------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit; with a proposal under review (not saved yet: a draft map, some changes) or the engine at work on
        one (a streaming draft Esc would cancel), ask first."""
        from cjm_assistant.tui.screens.confirm import ConfirmScreen
        from cjm_assistant.tui.screens.review import ReviewScreen

        if isinstance(self.screen, ConfirmScreen) and getattr(self.screen, "quitting", False):
            self.exit()  # Ctrl+Q again on the question: quit
            return
        driver = self.main.driver if self.main is not None and self.main.is_mounted else None
        if any(isinstance(s, ReviewScreen) for s in self.screen_stack):
            text = ("The proposal on screen is not saved yet. Quit and drop it? (a or Enter on the review saves "
                    "it; a dropped draft can be made again with `draft`.)")
        elif driver is not None and driver.cancellable:  # the model is at work: a draft, a change, an answer
            text = (f"The engine is still {driver.doing.rstrip('…')}; quitting stops it. Everything you said is "
                    "saved, and the same request can be made again. Quit?")
        else:
            self.exit()
            return

        def answered(quit_: bool | None) -> None:
            if quit_:
                self.exit()

        question = ConfirmScreen(text, "Quit, drop it" if "proposal" in text else "Quit, stop it", "Stay")
        question.quitting = True
        self.push_screen(question, answered)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """Quit; a write still waiting for another program's lock gives up at once (its thread would otherwise
        keep the process, its screen already gone, for up to a minute)."""
        if self.session is not None:
            self.session.store.connection.closing.set()
        super().exit(*args, **kwargs)

    def action_help(self) -> None:
        from cjm_assistant.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        elif not isinstance(self.screen, TooSmallScreen):
            self.push_screen(HelpScreen())


def _commands():
    from cjm_assistant.tui.commands import CjmCommands

    return CjmCommands


def run(db: str | None = None, model: str | None = None, api_base: str | None = None,
        engine: str | None = None) -> int:
    """Run the app until the user quits; the exit code for the shell."""
    _log_to_file()
    from cjm_assistant.tui import paste

    paste.install()  # a bracketed paste is read whole, escape sequences and line breaks included
    app = CjmApp(db=db, model=model, api_base=api_base, engine=engine)
    app.run()
    if os.environ.get("CJM_BENCH_EXIT_ON_READY") and app.startup_seconds is not None:
        print(f"ready {app.startup_seconds:.4f}")
        if app.database_seconds is not None:
            print(f"database {app.database_seconds:.4f}")
    if app.return_code not in (0, None):
        return app.return_code or 1
    if app.load_error:
        print(f"cjm: {app.load_error}", file=sys.stderr)
        return 1
    return 0


def _log_file() -> str:
    try:
        from cjm_assistant.locations import log_path

        return str(log_path())
    except Exception:  # noqa: BLE001 - only a hint in an error message
        return "the log folder"


def _log_to_file() -> None:
    """Send the app's log to the log folder (never to the terminal the app draws on)."""
    try:
        from cjm_assistant.locations import log_path

        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("cjm_assistant")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
