"""How the session driver runs a call: one at a time, in a thread worker, reported as messages.

:func:`session_call` makes a method of the driver a session call; :class:`DriverBase`
holds what every call shares: the busy state and its refusal, Esc cancelling,
waiting for the model client, running the call under the session lock and
reporting how it went, passing on what the session and the engine say while it
runs (at most one streamed partial every 50 ms), and the look for changes made
to the open map by another process. The calls themselves are grouped by concern
in the sibling modules (:mod:`.interview`, :mod:`.map_edits`, :mod:`.insights`,
:mod:`.files`), each a subclass of :class:`DriverBase`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import partial, wraps
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.message import Message
from textual.widget import Widget

from cjm_assistant.tui.driver.messages import DriverMessages

if TYPE_CHECKING:
    from cjm_assistant.session import Session

log = logging.getLogger("cjm_assistant.tui")
PARTIAL_EVERY = 0.05  # seconds between two streamed partials
MODEL_WAIT = 180  # seconds an engine call waits for the model client to load
# What each call is doing, for the status line and the "still busy" sentence.
DOING = {"answer": "thinking…", "instruct": "working out the changes…", "ask": "answering…",
         "evidence": "matching the evidence…", "evidence_read": "reading the file…",
         "future": "working out the future state…", "accept": "saving…", "reject": "setting it aside…",
         "edit": "saving…", "undo": "undoing…", "redo": "redoing…", "export": "exporting…",
         "evidence_summary": "reading the evidence…", "guesses": "finding the guesses…",
         "linked": "opening the linked map…", "priorities": "ranking…", "diff": "comparing…",
         "new": "starting the interview…", "resume": "resuming…", "open": "opening the map…",
         "import": "importing…", "model": "switching the engine…"}


def session_call(action: str, engine: bool = False,
                 says_first: bool = False) -> Callable[[Callable[..., Message | None]], Callable[..., bool]]:
    """Make a driver method a session call: refused while another runs, else run in the session's thread worker.

    The method runs in the worker and returns the message that reports it (or None). The refusal is checked
    on the UI thread, before the worker starts (an exclusive worker would cancel the one running). An
    ``engine`` call may take long: Esc cancels it, and it waits for the model client to finish loading: before
    it starts, or with ``says_first`` (a message typed in the chat) once the session has saved and shown the
    words, at its engine call (``Session.before_engine``), so that words sent while the client loads are
    neither hidden nor lost if the wait is cancelled.
    """

    def decorate(body: Callable[..., Message | None]) -> Callable[..., bool]:
        @work(thread=True, exclusive=True, group="session", exit_on_error=False, name=action, description=action)
        def run(self: DriverBase, *args: Any, **kwargs: Any) -> None:
            self._run(action, engine, partial(body, self, *args, **kwargs), says_first)

        @wraps(body)
        def start(self: DriverBase, *args: Any, **kwargs: Any) -> bool:
            if not self._begin(action, engine):
                return False
            run(self, *args, **kwargs)
            return True

        return start

    return decorate


class DriverBase(DriverMessages, Widget):
    """What every session call shares (see the module's docstring); :class:`SessionDriver` adds the calls."""

    def __init__(self, session: Session, model_ready: threading.Event | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.model_ready = model_ready or threading.Event()
        if model_ready is None:
            self.model_ready.set()
        self.busy: str | None = None  # the call running, by its action name
        self.engine_call = False  # whether it is one Esc can cancel
        self._cancel = threading.Event()
        self._said: list[str] = []
        self._partial_at = 0.0
        self._session_lock = threading.Lock()  # a session call and a look for changes made elsewhere take turns
        self._progress_at = 0.0
        self._totals: dict = {}
        session.listeners.append(self._heard)  # now: the first call may start before this widget's on_mount
        session.store.connection.waiting = self._waiting
        self._told_waiting = False

    @property
    def doing(self) -> str:
        return DOING.get(self.busy or "", "working…")

    @property
    def cancellable(self) -> bool:
        return self.busy is not None and self.engine_call and not self._cancel.is_set()

    @property
    def cancelled(self) -> bool:
        """Whether the last call was cancelled (Esc), until the next one starts."""
        return self._cancel.is_set()

    def still_busy(self) -> str:
        """The sentence that refuses a second call while one runs."""
        return f"Still busy: {self.doing}{' (Esc cancels it)' if self.engine_call else ''}"

    def cancel(self) -> bool:
        """Cancel the engine call running (Esc); False when there is none."""
        if not self.cancellable:
            return False
        self._cancel.set()
        self.workers.cancel_group(self, "session")
        return True

    def on_unmount(self) -> None:
        self.cancel()  # quitting: an engine call in flight stops (everything said is already saved)
        if self._heard in self.session.listeners:
            self.session.listeners.remove(self._heard)

    def _begin(self, action: str, engine: bool) -> bool:
        if self.busy:
            self.notify(self.still_busy(), severity="warning")
            return False
        self.busy, self.engine_call = action, engine
        self._cancel = threading.Event()
        self._said = []
        self._told_waiting = False
        self.post_message(self.Busy(action))
        return True

    @on(DriverMessages.Idle)
    def _idle(self, message: DriverMessages.Idle) -> None:
        if message.action == self.busy:
            self.busy, self.engine_call = None, False

    def _run(self, action: str, engine: bool, call: Callable[[], Message | None], says_first: bool = False) -> None:
        """In the worker: make the call; then ``Idle``, then its report (its result, or ``Failed``)."""
        report: Message | None = None
        try:
            if engine and not says_first:
                self._wait_for_model()
            with self._session_lock:
                self.session.before_engine = self._wait_for_model if engine else None
                try:
                    report = call()
                finally:
                    self.session.before_engine = None
        except Exception as error:  # noqa: BLE001 - every failure is reported, none is raised into Textual
            from cjm_assistant.session import user_errors

            expected = isinstance(error, (*user_errors(), OSError, ValueError, TimeoutError))
            if not expected:
                log.exception("%s failed", action)
            report = self.Failed(action, error, list(self._said), expected)
        finally:
            self.post_message(self.Idle(action))
            if report is not None:
                self.post_message(report)

    def _wait_for_model(self) -> None:
        if self.model_ready.is_set():
            return
        from cjm_assistant.session import Cancelled

        self.post_message(self.Notice("Loading the model client…"))
        deadline = time.monotonic() + MODEL_WAIT
        while not self.model_ready.wait(0.1):
            if self._cancel.is_set():
                raise Cancelled()
            if time.monotonic() > deadline:
                raise TimeoutError("the model client did not load within 3 minutes; see `cjm doctor`")

    # -- what the session and the engine say, on the worker thread ---------------------------------

    def _heard(self, kind: str, data: Any) -> None:
        """The session's listener."""
        if kind == "said":
            self._said.append(data[1])
            self.post_message(self.Said(*data))
        elif kind == "map":
            self.post_message(self.MapChanged(data))
        elif kind == "usage":
            self._totals = dict(data or {})
            self.post_message(self.Usage(self._totals))
        elif kind == "notice":
            self.post_message(self.Notice(data, warning=data))
        elif kind == "progress":
            self._live(data or {})

    def _waiting(self, seconds: float) -> None:
        """The store's ``waiting``: a write has waited ``seconds`` for another program's lock; said once a call."""
        if seconds >= 1 and not self._told_waiting:
            self._told_waiting = True
            text = ("Waiting for the database: another program is writing to it. cjm waits up to a minute; "
                    "Ctrl+Q quits at once.")
            self.post_message(self.Notice(text, warning=text))

    def _live(self, progress: dict) -> None:
        """A model reply streaming: the totals so far with ``live`` (its step, tokens and seconds) for the status
        line, at most every 50 ms (and once more when the reply is done)."""
        now = time.monotonic()
        if not progress.get("done") and now - self._progress_at < PARTIAL_EVERY:
            return
        self._progress_at = now
        live = None if progress.get("done") else {k: progress.get(k) for k in ("step", "tokens", "elapsed")}
        self.post_message(self.Usage({**self._totals, "live": live}))

    def _partial(self, data: Any) -> None:
        """The engine's ``on_partial``: text, edits or a map so far, passed on at most every 50 ms."""
        now = time.monotonic()
        if now - self._partial_at < PARTIAL_EVERY:
            return
        self._partial_at = now
        if isinstance(data, str):
            self.post_message(self.Streamed(data))
        elif isinstance(data, dict) and isinstance(data.get("ops"), list):
            self.post_message(self.Streamed("Working out the changes…\n\n" + "\n".join(_described(data["ops"]))))
        else:
            from cjm_assistant.tui.widgets.map_data import sketch

            journey = sketch(data)
            if journey is not None:
                self.post_message(self.Sketched(journey))

    def _progress(self, done: int, total: int) -> None:
        """An evidence import's ``on_progress``: passed on at most every 50 ms, and at the end."""
        now = time.monotonic()
        if done >= total or now - self._partial_at >= PARTIAL_EVERY:
            self._partial_at = now
            self.post_message(self.Progress(done, total))

    def _opened(self, how: str) -> Message:
        """The map now open, with its conversation (in the worker)."""
        s = self.session
        return self.Opened(s.journey, s.conversation(), how, version=s.head, unanswered=s.unanswered())

    # -- changes made elsewhere -----------------------------------------------------------------

    def watch(self) -> None:
        """Look whether another process changed the open map (a timer calls this every second or so).

        Runs in a thread of its own, skipped while a session call runs (the call sees the change itself);
        a change comes back as ``ChangedElsewhere``, after the map was reloaded.
        """
        if self.busy is None:
            self._watch()

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch(self) -> None:
        from cjm_assistant.session import who

        if not self._session_lock.acquire(blocking=False):
            return
        try:
            record = self.session.changed_elsewhere()
            if record is not None and self.session.journey is not None:
                self.post_message(self.ChangedElsewhere(self.session.journey, record.number, who(record.author),
                                                        self.session.describe_change(record)))
        except Exception:  # noqa: BLE001 - a look that failed is tried again at the next tick
            log.warning("could not look for changes made elsewhere", exc_info=True)
        finally:
            self._session_lock.release()


def _described(ops: list) -> list[str]:
    """Edits streamed so far, one line each; a half-made one is not shown yet."""
    from cjm_assistant.domain import edits

    lines = []
    for raw in ops:
        try:
            lines.append(f"- {edits.describe(edits.parse_ops([raw])[0])}")
        except Exception:  # noqa: BLE001 - half-made: shown once it is whole
            continue
    return lines
