"""The Textual app: opens the store and the engine, and routes what happens to the screens.

Start-up is kept short on purpose: this module imports only Textual and the
welcome screen. The store, the session and the engine (pydantic, sqlite-utils,
the playbook) load in a thread worker after the first frame, and the LLM
client (litellm, seconds to import) preloads in another one, only when a
model is configured.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from textual.app import App

from cjm_assistant.tui import _start_time, help_data
from cjm_assistant.tui.messages import Loaded, Partial, SessionEvent, TaskDone
from cjm_assistant.tui.screens.welcome import WelcomeScreen
from cjm_assistant.tui.tasks import Tasks

log = logging.getLogger("cjm_assistant.tui")


class CjmApp(App):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "cjm · customer journey maps"
    BINDINGS = help_data.bindings("app")
    COMMANDS = App.COMMANDS | {lambda: _commands()}
    NOTIFICATION_TIMEOUT = 6

    def __init__(self, db: str | None = None, model: str | None = None, api_base: str | None = None,
                 engine: str | None = None, open_map: str | None = None) -> None:
        super().__init__()
        self.db, self.model, self.api_base, self.engine_choice = db, model, api_base, engine
        self.open_on_start = open_map
        self.session: Any = None
        self.load_error = ""
        self.latest_interview: dict | None = None
        self.map_count = 0
        self.tasks = Tasks(self)
        self.startup_seconds: float | None = None
        self._main: Any = None

    # -- start-up -----------------------------------------------------------------------

    def get_default_screen(self) -> WelcomeScreen:
        return WelcomeScreen()

    def on_mount(self) -> None:
        self.call_after_refresh(self._first_frame)

    def _first_frame(self) -> None:
        self.startup_seconds = _start_time.elapsed()
        log.info("first frame after %.3f s (clock: %s)", self.startup_seconds, _start_time.SOURCE)
        if os.environ.get("CJM_BENCH_EXIT_ON_READY"):
            self.exit()
            return
        # Only now load the heavier modules, so they do not compete with the first frame.
        self.run_worker(self._load, name="load", group="load", thread=True, exit_on_error=False)

    def _load(self) -> None:
        """Open the store and make the engine and the session (in a thread)."""
        try:
            from cjm_assistant.session import Session

            session = Session.start(self.db, self.model, self.api_base, self.engine_choice)
            session.listeners.append(self._session_listener)
            self.post_message(Loaded(session, session.unfinished_interview(), len(session.maps())))
        except Exception as e:  # noqa: BLE001 - shown on the welcome screen, as a sentence
            known = isinstance(e, (OSError, ValueError)) or type(e).__module__.startswith("cjm_assistant")
            if not known:
                log.exception("start-up failed")
            self.post_message(Loaded(error=str(e) if known else f"{type(e).__name__}: {e}"))

    def on_loaded(self, message: Loaded) -> None:
        if message.error:
            self.load_error = message.error
            self.notify(message.error, title="Cannot start", severity="error", timeout=30)
        else:
            self.session = message.session
            self.latest_interview, self.map_count = message.latest, message.maps
            self.tasks.preload()
            if self.open_on_start:
                self.show_main()
                self.tasks.open_map(self.open_on_start)
        if isinstance(self.screen, WelcomeScreen):
            self.screen.loaded()

    def _session_listener(self, kind: str, data: Any) -> None:
        """The session's listener: called on whatever thread the session runs in."""
        if kind == "said":
            self.tasks.said.append(data[1])
        self.post_message(SessionEvent(kind, data))

    # -- the main screen --------------------------------------------------------------------

    @property
    def main(self):
        if self._main is None:
            from cjm_assistant.tui.screens.main import MainScreen

            self._main = MainScreen()
        return self._main

    def show_main(self) -> None:
        """Leave the welcome screen (or a modal) for the main screen."""
        main = self.main
        if self.screen is main:
            return
        if main in self.screen_stack:
            while self.screen is not main:
                self.pop_screen()
        else:
            while len(self.screen_stack) > 1:  # close a dialog opened over the welcome screen
                self.pop_screen()
            self.push_screen(main)  # over the welcome screen, which stays below it

    def on_session_event(self, message: SessionEvent) -> None:
        if self._main is not None:
            self._main.on_session(message.kind, message.data)

    def on_partial(self, message: Partial) -> None:
        if self._main is not None:
            self._main.on_partial_data(message.data)

    def on_task_done(self, message: TaskDone) -> None:
        result, error = self.tasks.finished(message)
        if self._main is not None:
            self._main.task_done(message.label, result, error, message.said)

    def on_task_started(self, label: str) -> None:
        if self._main is not None:
            self._main.task_started(label)

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
        """Quit; an engine call in flight is cancelled (everything said so far is already saved)."""
        self.tasks.cancel()
        self.exit()

    def action_help(self) -> None:
        from cjm_assistant.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def start_new(self) -> None:
        self.show_main()
        self.main.new_interview()

    def resume(self) -> None:
        self.show_main()
        self.main.resume_interview()

    def pick_map(self) -> None:
        from cjm_assistant.tui.screens.picker import PickerScreen

        if self.session is None:
            self.notify("Still opening the database; try again in a moment.", severity="warning")
            return

        def chosen(map_id: str | None) -> None:
            if map_id:
                self.show_main()
                self.main.open_map(map_id)

        self.push_screen(PickerScreen(self.session.maps()), chosen)

    def ask_import(self) -> None:
        from cjm_assistant.tui.screens.import_dialog import ImportScreen

        def chosen(path: str | None) -> None:
            if path:
                self.show_main()
                self.main.import_file(path)

        self.push_screen(ImportScreen(), chosen)


def _commands():
    from cjm_assistant.tui.commands import CjmCommands

    return CjmCommands


def run(db: str | None = None, model: str | None = None, api_base: str | None = None,
        engine: str | None = None) -> int:
    """Run the app until the user quits; the exit code for the shell."""
    _log_to_file()
    app = CjmApp(db=db, model=model, api_base=api_base, engine=engine)
    app.run()
    if os.environ.get("CJM_BENCH_EXIT_ON_READY") and app.startup_seconds is not None:
        print(f"ready {app.startup_seconds:.4f}")
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
