"""Session calls, run in thread workers, and what the screen does with their results.

The UI thread never waits on the engine or the database: every intent (an
answer, an instruction, an accepted proposal, an undo...) runs the session in
a thread worker. One task runs at a time; a second one is refused with a
sentence while the first runs (Esc cancels an engine call). A worker reports
through the app's message queue (:mod:`cjm_assistant.tui.messages`), and every
failure ends as a notification and a chat message, never a traceback.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cjm_assistant.tui.messages import Partial, SessionEvent, TaskDone

if TYPE_CHECKING:
    from cjm_assistant.tui.app import CjmApp

log = logging.getLogger("cjm_assistant.tui")
PARTIAL_EVERY = 0.05
ENGINE_TASKS = {"answer": "thinking…", "draft": "drafting the map…", "instruct": "working out the changes…",
                "ask": "answering…"}


class Tasks:
    def __init__(self, app: CjmApp) -> None:
        self.app = app
        self.busy: str | None = None
        self.cancel_event: threading.Event | None = None
        self.model_ready = threading.Event()
        self.said: list[str] = []
        self._partial_at = 0.0

    @property
    def session(self):
        return self.app.session

    # -- running ----------------------------------------------------------------------

    def start(self, label: str, fn: Callable[[], Any], engine: bool = False) -> bool:
        if self.session is None:
            self.app.notify("Still opening the database; try again in a moment.", severity="warning")
            return False
        if self.busy:
            hint = " (Esc cancels it)" if self.cancel_event else ""
            self.app.notify(f"Still busy: {ENGINE_TASKS.get(self.busy, self.busy)}{hint}", severity="warning")
            return False
        self.busy = label
        self.cancel_event = threading.Event() if engine else None
        self.said = []
        self.app.run_worker(partial(self._body, label, fn, engine), name=label, group="session",
                            thread=True, exclusive=True, exit_on_error=False)
        self.app.on_task_started(label)
        return True

    def _body(self, label: str, fn: Callable[[], Any], engine: bool) -> None:
        result: Any = None
        error: BaseException | None = None
        try:
            if engine and not self.model_ready.is_set():
                self.app.post_message(SessionEvent("notice", "Loading the model client…"))
                if not self.model_ready.wait(timeout=180):
                    raise TimeoutError("the model client did not load within 3 minutes; see `cjm doctor`")
            result = fn()
        except Exception as e:  # noqa: BLE001 - every failure is reported, none is raised into Textual
            error = e
            if not _expected(e):
                log.exception("task %s failed", label)
        self.app.post_message(TaskDone(label, result, error, said=list(self.said)))

    def on_partial(self, data: Any) -> None:
        """The engine's on_partial (called in the worker): passed on at most every 50 ms."""
        now = time.monotonic()
        if now - self._partial_at >= PARTIAL_EVERY:
            self._partial_at = now
            self.app.post_message(Partial(data))

    def cancel(self) -> bool:
        if self.cancel_event is None or self.cancel_event.is_set():
            return False
        self.cancel_event.set()
        return True

    def finished(self, message: TaskDone) -> tuple[Any, BaseException | None]:
        self.busy, self.cancel_event = None, None
        return message.result, message.error

    # -- the interview and proposals --------------------------------------------------

    def answer(self, text: str) -> bool:
        s = self.session

        def run():
            turn = s.answer(text)
            if turn.ready:
                return "proposal", s.draft_map(on_partial=self.on_partial, cancel=self.cancel_event)
            return "turn", turn

        return self.start("answer", run, engine=True)

    def instruct(self, text: str) -> bool:
        s = self.session
        return self.start("instruct", lambda: ("proposal", s.instruct(text, self.on_partial, self.cancel_event)),
                          engine=True)

    def ask(self, text: str) -> bool:
        s = self.session
        return self.start("ask", lambda: ("reply", s.ask(text, self.on_partial, self.cancel_event)), engine=True)

    def accept(self, proposal, only: list[int] | None) -> bool:
        return self.start("accept", lambda: self.session.accept(proposal, only=only))

    def reject(self, proposal) -> bool:
        return self.start("reject", lambda: self.session.reject(proposal))

    # -- direct changes -------------------------------------------------------------------

    def edit_text(self, typed: str, instruction: str) -> bool:
        """A slash command (/add, /rename...): parsed by rule and saved at once, no review."""
        s = self.session

        def run():
            from cjm_assistant.edits import EditError
            from cjm_assistant.engines import instructions

            s.say("user", typed)
            if s.journey is None:
                raise EditError("there is no map yet; finish the interview (say 'draft') or open a map first")
            return s.edit(instructions.propose(s.journey, instruction).ops, instruction)

        return self.start("edit", run)

    def edit_ops(self, ops: list, message: str) -> bool:
        return self.start("edit", lambda: self.session.edit(ops, message))

    def undo(self) -> bool:
        return self.start("undo", lambda: self.session.undo())

    def redo(self) -> bool:
        return self.start("redo", lambda: self.session.redo())

    def export(self, fmt: str, path: str) -> bool:
        return self.start("export", lambda: (fmt, self.session.export(fmt, path)[1]))

    # -- maps, interviews, engines -------------------------------------------------------

    def new_interview(self) -> bool:
        return self.start("new", lambda: self.session.start_interview())

    def resume(self) -> bool:
        s = self.session

        def run():
            prompt = s.resume_interview()
            if prompt is None:
                return None
            return prompt, [(m.role, m.content) for m in s.store.messages(interview=s.interview.state.id)]

        return self.start("resume", run)

    def open_map(self, ref: str) -> bool:
        s = self.session

        def run():
            journey = s.open_map(ref)
            return journey, [(m.role, m.content) for m in s.store.messages(map_id=s.map_id)]

        return self.start("open", run)

    def import_file(self, path: str) -> bool:
        s = self.session

        def run():
            from cjm_assistant.export.jsonio import from_json

            source = Path(path).expanduser()
            try:
                text = source.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise ValueError(f"no such file: {source}") from None
            except IsADirectoryError:
                raise ValueError(f"{source} is a folder, not a JSON file") from None
            except UnicodeDecodeError:
                raise ValueError(f"{source} is not a UTF-8 text file") from None
            journey = from_json(text)
            s.import_map(journey, source.name)
            return journey, [(m.role, m.content) for m in s.store.messages(map_id=s.map_id)]

        return self.start("import", run)

    def switch_model(self, name: str) -> bool:
        def run():
            from cjm_assistant.config import engine_for, load_settings

            settings = self.app.settings or load_settings()
            if name.lower() in ("playbook", "offline", "none"):
                settings = settings.model_copy(update={"model": None})
            else:
                settings = load_settings(model=name, api_base=settings.api_base)
            engine = engine_for(settings)
            self.session.set_engine(engine)
            self.app.settings = settings
            return engine.name

        return self.start("model", run)

    def preload(self) -> None:
        """Import the LLM client in a thread after the first frame (no-op for the playbook engine)."""
        settings = self.app.settings
        if settings is None or not settings.model:
            self.model_ready.set()
            return
        self.model_ready.clear()

        def run():
            try:
                from cjm_assistant.engines.llm import preload

                preload().join()
            except Exception:  # noqa: BLE001 - the first real call will say what is wrong
                log.exception("preloading the model client failed")
            finally:
                self.model_ready.set()

        self.app.run_worker(run, name="preload", group="preload", thread=True, exit_on_error=False)


def _expected(error: BaseException) -> bool:
    from cjm_assistant.session import user_errors

    return isinstance(error, (*user_errors(), OSError, ValueError, TimeoutError))
