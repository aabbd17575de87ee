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
from typing import TYPE_CHECKING, Any

from cjm_assistant.tui.messages import Partial, SessionEvent, TaskDone

if TYPE_CHECKING:
    from cjm_assistant.tui.app import CjmApp

log = logging.getLogger("cjm_assistant.tui")
PARTIAL_EVERY = 0.05
ENGINE_TASKS = {"answer": "thinking…", "draft": "drafting the map…", "instruct": "working out the changes…",
                "ask": "answering…", "evidence": "matching the evidence…"}
WORKING = {"evidence_read": "reading the file…", "future": "working out the future state…",
           "future_open": "saving the future-state map…", "diff": "comparing…", "priorities": "ranking…",
           "linked": "opening the linked map…"}


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
            self.app.notify(f"Still busy: {doing(self.busy)}{hint}", severity="warning")
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

    def on_progress(self, done: int, total: int) -> None:
        """An evidence import's progress (called in the worker): passed on at most every 50 ms, and at the end."""
        now = time.monotonic()
        if done >= total or now - self._partial_at >= PARTIAL_EVERY:
            self._partial_at = now
            self.app.post_message(SessionEvent("progress", (done, total)))

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

        return self.start("edit", lambda: s.edit_by_rule(typed, instruction))

    def edit_ops(self, ops: list, message: str) -> bool:
        return self.start("edit", lambda: self.session.edit(ops, message))

    def undo(self) -> bool:
        return self.start("undo", lambda: self.session.undo())

    def redo(self) -> bool:
        return self.start("redo", lambda: self.session.redo())

    def export(self, fmt: str, path: str) -> bool:
        return self.start("export", lambda: (fmt, self.session.export(fmt, path)[1]))

    # -- evidence, guesses, the future state, priorities, comparing ----------------------

    def read_evidence(self, path: str, options: Any = None, drop: tuple[str, ...] = ()) -> bool:
        """Read a feedback file and estimate the import (for the evidence dialog): (feedback, estimate)."""
        s = self.session

        def run():
            feedback = without(s.read_evidence(path, options), drop)
            return feedback, s.estimate_evidence(feedback)

        return self.start("evidence_read", run)

    def import_evidence(self, source: Any) -> bool:
        """Match feedback (a path, or a Feedback the dialog read) to the map: a proposal to review.

        Given a path (``/evidence PATH``), a free import (the playbook) goes straight to the
        proposal; one that costs model calls comes back as ("confirm", feedback, estimate) so the
        dialog can show the estimate before anything is spent.
        """
        s = self.session

        def run():
            feedback = source
            if isinstance(source, str):
                feedback = s.read_evidence(source)
                estimate = s.estimate_evidence(feedback)
                if not estimate.free:
                    return "confirm", feedback, estimate
            return "proposal", s.import_evidence(feedback, on_progress=self.on_progress, cancel=self.cancel_event)

        return self.start("evidence", run, engine=True)

    def evidence_summary(self) -> bool:
        s = self.session

        def run():
            from cjm_assistant.tui.reports import evidence_markdown

            journey = s.journey
            names = {item.id: getattr(item, "name", "") for _, item, _ in journey.items()} if journey else {}
            return evidence_markdown(s.evidence_summary(), names, map_id=s.map_id or "MAP")

        return self.start("evidence_summary", run)

    def guesses(self) -> bool:
        s = self.session

        def run():
            from cjm_assistant.tui.reports import guesses_markdown

            found = s.guesses()
            return guesses_markdown(found, [st.name for st in s.journey.stages] if s.journey else None)

        return self.start("guesses", run)

    def future(self, refs: list[str] | None) -> bool:
        return self.start("future", lambda: ("proposal", self.session.propose_future(refs or None)))

    def accept_future(self, proposal, only: list[int] | None) -> bool:
        """Accept a future state: saved as a new linked map, which the chat and the map then show."""
        s = self.session

        def run():
            s.accept(proposal, only=only)
            return s.journey, s.conversation()

        return self.start("future_open", run)

    def open_linked(self) -> bool:
        """Open the map linked to this one: its current state, or the newest future state made from it."""
        s = self.session

        def run():
            journey = s.open_linked()
            return None if journey is None else (journey, s.conversation())

        return self.start("linked", run)

    def priorities(self) -> bool:
        return self.start("priorities", lambda: self.session.export("priorities")[0])

    def diff(self, ref: str = "") -> bool:
        """Compare the map (its head) with an earlier version or another map: (markdown, summary line)."""
        s = self.session

        def run():
            from cjm_assistant.export.changes import to_markdown

            result, before, after = s.compare(ref.strip())
            return to_markdown(result, before, after), f"{before} → {after}: {result.summary()}"

        return self.start("diff", run)

    # -- maps, interviews, engines -------------------------------------------------------

    def new_interview(self) -> bool:
        return self.start("new", lambda: self.session.start_interview())

    def resume(self) -> bool:
        s = self.session

        def run():
            prompt = s.resume_interview()
            if prompt is None:
                return None
            return prompt, s.conversation()

        return self.start("resume", run)

    def open_map(self, ref: str) -> bool:
        s = self.session

        def run():
            journey = s.open_map(ref)
            return journey, s.conversation()

        return self.start("open", run)

    def import_file(self, path: str) -> bool:
        s = self.session

        def run():
            s.import_file(path)
            return s.journey, s.conversation()

        return self.start("import", run)

    def switch_model(self, name: str) -> bool:
        return self.start("model", lambda: self.session.switch_engine(name))

    def preload(self) -> None:
        """Import the LLM client in a thread after the first frame (no-op for the playbook engine)."""
        settings = self.session.settings if self.session is not None else None
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


def doing(label: str) -> str:
    """What a task is doing, for the status line and the "still busy" notice."""
    return ENGINE_TASKS.get(label) or WORKING.get(label) or label


def without(feedback: Any, roles: tuple[str, ...]) -> Any:
    """The feedback with the score, date or channel column left out (the dialog's "none")."""
    if not roles:
        return feedback
    from dataclasses import replace

    items = [replace(item, **{role: None for role in roles}) for item in feedback.items]
    columns = {**feedback.columns, **{role: None for role in roles}}
    return replace(feedback, items=items, columns=columns,
                   score_scale=None if "score" in roles else feedback.score_scale)


def _expected(error: BaseException) -> bool:
    from cjm_assistant.session import user_errors

    return isinstance(error, (*user_errors(), OSError, ValueError, TimeoutError))
