"""The session's driver: every session call runs here, in a thread worker, and comes back as a typed message.

A non-visual widget mounted on the main screen. Each public method starts one
session call in a thread worker (``@work(thread=True, exclusive=True,
group="session")``, through :func:`session_call`) and says whether it started:
one call runs at a time, and a second one is refused with a sentence ("Still
busy: drafting the map… (Esc cancels it)"). The UI thread never waits on the
engine or the database.

What happens comes back as the small messages nested in :class:`SessionDriver`
(``Proposed``, ``Saved``, ``Opened``, ``Failed``...), posted from the worker and
handled on the UI thread with ``@on(SessionDriver.Proposed)`` by whoever needs
them. The session's own events (what was said, the map, token usage) and the
streamed partials (the map growing stage by stage, a reply growing word by
word; at most one every 50 ms) arrive the same way, while the call runs. A
call ends with ``Idle`` and then the message that reports how it went (its
result, or ``Failed``), so whoever handles the result may start the next call.

Cancelling (Esc) sets the ``threading.Event`` handed to the session (the
engine checks it; an interview answer stops being waited for at once) and
cancels the worker group; the call still ends with ``Idle`` and ``Failed`` (a
``Cancelled`` error), once its thread has stopped.

Between calls, :meth:`SessionDriver.watch` (a timer of the main screen calls
it) looks in a thread of its own whether another process changed the open
map, and reports it as ``ChangedElsewhere``; a lock keeps it and the session
calls from running at the same time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial, wraps
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.message import Message
from textual.widget import Widget
from textual.worker import get_current_worker

if TYPE_CHECKING:
    from pathlib import Path

    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.interview import Turn
    from cjm_assistant.session import Proposal, Session

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
ERROR_TITLES = {"rate_limit": "Rate limited", "timeout": "Timed out", "auth": "Key problem", "server": "Provider error",
                "connection": "Cannot reach the model"}


def session_call(action: str, engine: bool = False) -> Callable[[Callable[..., Message | None]], Callable[..., bool]]:
    """Make a driver method a session call: refused while another runs, else run in the session's thread worker.

    The method runs in the worker and returns the message that reports it (or None). The refusal is checked
    on the UI thread, before the worker starts (an exclusive worker would cancel the one running). An
    ``engine`` call may take long: Esc cancels it, and it waits for the model client to finish loading.
    """

    def decorate(body: Callable[..., Message | None]) -> Callable[..., bool]:
        @work(thread=True, exclusive=True, group="session", exit_on_error=False, name=action, description=action)
        def run(self: SessionDriver, *args: Any, **kwargs: Any) -> None:
            self._run(action, engine, partial(body, self, *args, **kwargs))

        @wraps(body)
        def start(self: SessionDriver, *args: Any, **kwargs: Any) -> bool:
            if not self._begin(action, engine):
                return False
            run(self, *args, **kwargs)
            return True

        return start

    return decorate


class SessionDriver(Widget):
    """Runs the session's calls off the UI thread and reports them as messages (see the module's docstring)."""

    DEFAULT_CSS = "SessionDriver { display: none; }"

    # -- what it reports ---------------------------------------------------------------------

    @dataclass
    class Busy(Message):
        """A call started (posted on the UI thread)."""
        action: str

    @dataclass
    class Idle(Message):
        """A call ended; the message that reports it (its result, or ``Failed``) comes next."""
        action: str

    @dataclass
    class Said(Message):
        """The session saved a chat message (``role``: user, assistant)."""
        role: str
        text: str

    @dataclass
    class Notice(Message):
        """A sentence for the chat that is not saved; ``warning`` also pops up."""
        text: str
        warning: str = ""

    @dataclass
    class MapChanged(Message):
        """The open map, as saved (after an edit, an undo, opening a map...)."""
        journey: JourneyMap

    @dataclass
    class Usage(Message):
        """Tokens and cost so far (``Session.totals``); while a model reply streams, ``totals["live"]`` says
        its step, tokens so far and seconds since it started."""
        totals: dict

    @dataclass
    class Progress(Message):
        """How far an evidence import has got."""
        done: int
        total: int

    @dataclass
    class Streamed(Message):
        """A reply, or the changes being worked out, as far as it has streamed."""
        text: str

    @dataclass
    class Sketched(Message):
        """A drafted map as far as it has streamed (incomplete, not validated: only for drawing)."""
        journey: JourneyMap

    @dataclass
    class Answered(Message):
        """An interview answer was taken; the next question is in ``turn.reply`` (and was said).

        ``sketch``: the map the answers so far give, to draw as a draft (None before the business is known).
        """
        turn: Turn
        sketch: JourneyMap | None = None

    @dataclass
    class ChangedElsewhere(Message):
        """Another process (the CLI, another window) changed the open map: it is now ``journey`` at ``version``,
        saved by ``by`` (as history says it: "you, proposed by playbook"); ``sentence`` says it all ("the map
        changed in another window: now at v3 (you, proposed by playbook: ...)")."""
        journey: JourneyMap
        version: int
        by: str
        sentence: str

    @dataclass
    class Proposed(Message):
        """A proposal to review (a draft map, edits, evidence, a future state); nothing is saved yet.

        An evidence import with rows it could not place also brings the rows to look at first
        (``review_rows``, read in the worker): the user assigns them before reviewing the changes.
        """
        proposal: Proposal
        review_rows: list = field(default_factory=list)

    @dataclass
    class SetAside(Message):
        """A rejected proposal: the map is as it was."""
        proposal: Proposal

    @dataclass
    class Saved(Message):
        """A change was saved as this version."""
        version: int

    @dataclass
    class Walked(Message):
        """Undo or redo (``action``) moved the map to ``version``; None: nothing to walk to.

        ``change``: the version undone or redone, as the user knows it ("v3 by you, proposed by playbook: ...").
        """
        action: str
        version: int | None
        change: str = ""

    @dataclass
    class Exported(Message):
        fmt: str
        path: Path

    @dataclass
    class ReplaceAsked(Message):
        """An export's file exists: ask before replacing it (then ``export(fmt, path, replace=True)``)."""
        fmt: str
        path: str
        existing: Path

    @dataclass
    class Opened(Message):
        """Another map or interview is open: ``how`` is new, resume, open, import, linked or future.

        ``journey`` is None for an interview, else the map at ``version``; ``messages`` is the conversation so
        far, (role, text); ``question`` what the interview asks next (for ``resume``; None: there was nothing
        to resume, so a new interview starts); ``sketch`` the draft a resumed interview's answers give so far.
        """
        journey: JourneyMap | None
        messages: list[tuple[str, str]]
        how: str
        version: int | None = None
        question: str | None = ""
        sketch: JourneyMap | None = None

    @dataclass
    class Reported(Message):
        """A report: in the chat, or with a ``title`` in a window of its own (``said``: a line for the chat)."""
        markdown: str
        title: str = ""
        hint: str = ""
        said: str = ""

    @dataclass
    class EvidenceRead(Message):
        """A feedback file was read (nothing saved): what it holds and what importing it would cost.

        ``confirm``: it was read for an import that would call the model, so ask before spending.
        """
        feedback: Any
        estimate: Any
        confirm: bool = False

    @dataclass
    class Switched(Message):
        """The engine is now ``engine`` (its client loaded)."""
        engine: str

    @dataclass
    class Failed(Message):
        """A call failed (or was cancelled); the session has kept everything said before it."""
        action: str
        error: BaseException
        said: list[str] = field(default_factory=list)  # what the session said during the call
        expected: bool = True  # a sentence for the user, not a bug

        @property
        def cancelled(self) -> bool:
            from cjm_assistant.session import Cancelled

            return isinstance(self.error, Cancelled)

        @property
        def sentence(self) -> str:
            text = str(self.error).strip() or type(self.error).__name__
            if not self.expected:
                return (f"Something went wrong ({type(self.error).__name__}: {text}). Nothing was lost; details are "
                        "in the log.")
            return text

        @property
        def title(self) -> str:
            return ERROR_TITLES.get(getattr(self.error, "kind", ""), "Problem")

    # -- running ---------------------------------------------------------------------------

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

    @property
    def doing(self) -> str:
        return DOING.get(self.busy or "", "working…")

    @property
    def cancellable(self) -> bool:
        return self.busy is not None and self.engine_call and not self._cancel.is_set()

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
        self.post_message(self.Busy(action))
        return True

    @on(Idle)
    def _idle(self, message: Idle) -> None:
        if message.action == self.busy:
            self.busy, self.engine_call = None, False

    def _run(self, action: str, engine: bool, call: Callable[[], Message | None]) -> None:
        """In the worker: make the call; then ``Idle``, then its report (its result, or ``Failed``)."""
        report: Message | None = None
        try:
            if engine:
                self._wait_for_model()
            with self._session_lock:
                report = call()
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
        return self.Opened(s.journey, s.conversation(), how, version=s.head)

    # -- the interview and proposals ------------------------------------------------------------

    @session_call("answer", engine=True)
    def answer(self, text: str) -> Message:
        """An interview answer; once the interview is ready, the draft map follows as ``Proposed``."""
        turn = self.session.answer(text, cancel=self._cancel)
        if turn.ready and not get_current_worker().is_cancelled:
            return self.Proposed(self.session.draft_map(on_partial=self._partial, cancel=self._cancel))
        return self.Answered(turn, self.session.sketch())

    @session_call("instruct", engine=True)
    def instruct(self, text: str) -> Message:
        return self.Proposed(self.session.instruct(text, self._partial, self._cancel))

    @session_call("ask", engine=True)
    def ask(self, question: str) -> None:
        """A question about the map; the reply streams (``Streamed``) and is said (``Said``)."""
        self.session.ask(question, self._partial, self._cancel)

    @session_call("accept")
    def accept(self, proposal: Proposal, only: list[int] | None = None) -> Message:
        """Save a proposal (``only``: the parts kept); a future state is saved as a new map, then opened."""
        from cjm_assistant.session import FutureProposal

        version = self.session.accept(proposal, only=only)
        return self._opened("future") if isinstance(proposal, FutureProposal) else self.Saved(version)

    @session_call("reject")
    def reject(self, proposal: Proposal) -> Message:
        self.session.reject(proposal)
        return self.SetAside(proposal)

    # -- direct changes ---------------------------------------------------------------------------

    @session_call("edit")
    def edit_text(self, typed: str, instruction: str) -> Message:
        """A slash command (/add, /rename...): read by rule and saved at once, no review."""
        return self.Saved(self.session.edit_by_rule(typed, instruction))

    @session_call("edit")
    def edit_ops(self, ops: list, message: str) -> Message:
        """Typed edits made on the map pane."""
        return self.Saved(self.session.edit(ops, message))

    @session_call("undo")
    def undo(self) -> Message:
        undone = self.session.head
        version = self.session.undo()
        return self.Walked("undo", version, self._version(undone) if version is not None else "")

    @session_call("redo")
    def redo(self) -> Message:
        version = self.session.redo()
        return self.Walked("redo", version, self._version(version) if version is not None else "")

    def _version(self, number: int | None) -> str:
        """A version as the user knows it: "v3 by you, proposed by playbook: “add a stage…”"."""
        from cjm_assistant.session import who
        from cjm_assistant.tui.widgets.map_data import short

        record = next((v for v in self.session.history() if v.number == number), None)
        if record is None:
            return f"v{number}"
        return f"v{number} by {who(record.author)}" + (f": “{short(record.message, 40)}”" if record.message else "")

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

    @session_call("export")
    def export(self, fmt: str, path: str, replace: bool = False) -> Message:
        """Write an export; ``ReplaceAsked`` instead when the file exists and replacing it was not confirmed."""
        from cjm_assistant.userfiles import FileExists

        try:
            return self.Exported(fmt, self.session.export(fmt, path, force=replace)[1])
        except FileExists as e:
            return self.ReplaceAsked(fmt, path, e.path)

    # -- evidence, guesses, the future state, priorities, comparing ---------------------------------

    @session_call("evidence_read")
    def read_evidence(self, path: str, options: Any = None, leave_out: tuple[str, ...] = ()) -> Message:
        """Read a feedback file for the evidence dialog: ``EvidenceRead``, with what importing it would cost."""
        feedback = self.session.read_evidence(path, options, leave_out)
        return self.EvidenceRead(feedback, self.session.estimate_evidence(feedback))

    @session_call("evidence", engine=True)
    def import_evidence(self, source: Any) -> Message:
        """Match feedback (a path, or the Feedback the dialog read) to the map: ``Proposed``.

        Given a path, an import that would call the model stops at ``EvidenceRead`` to confirm, so the
        cost is shown before anything is spent.
        """
        feedback = source
        if isinstance(source, str):
            feedback = self.session.read_evidence(source)
            estimate = self.session.estimate_evidence(feedback)
            if not estimate.free:
                return self.EvidenceRead(feedback, estimate, confirm=True)
        proposal = self.session.import_evidence(feedback, on_progress=self._progress, cancel=self._cancel)
        unplaced = proposal.evidence is not None and proposal.evidence.counts["unplaced"]
        return self.Proposed(proposal, proposal.evidence.review_rows() if unplaced else [])

    @session_call("evidence_summary")
    def evidence_summary(self) -> None:
        from cjm_assistant.tui.reports import evidence_markdown

        s = self.session
        names = {item.id: getattr(item, "name", "") for _, item, _ in s.journey.items()} if s.journey else {}
        s.say("assistant", evidence_markdown(s.evidence_summary(), names, map_id=s.map_id or "MAP"), report="evidence")
        return None  # said, and saved: it comes back when the map is opened again

    @session_call("guesses")
    def guesses(self) -> None:
        from cjm_assistant.tui.reports import guesses_markdown

        stages = [stage.name for stage in self.session.journey.stages] if self.session.journey else None
        self.session.say("assistant", guesses_markdown(self.session.guesses(), stages), report="guesses")
        return None  # said, and saved: it comes back when the map is opened again

    @session_call("future")
    def future(self, refs: list[str] | None = None) -> Message:
        """A future-state map with the chosen opportunities (ids or names; none: all) in place: ``Proposed``."""
        return self.Proposed(self.session.propose_future(refs or None))

    @session_call("linked")
    def open_linked(self) -> Message:
        """Open the map linked to this one (its current state, or its newest future state)."""
        if self.session.open_linked() is None:
            return self.Notice("This map has no linked map: make a future state of it with `/future`.",
                               warning="This map has no linked map yet.")
        return self._opened("linked")

    @session_call("priorities")
    def priorities(self) -> Message:
        return self.Reported(self.session.export("priorities")[0], "Priorities: what to do first",
                             "Esc closes · /export priorities PATH writes it to a file")

    @session_call("diff")
    def compare(self, ref: str = "") -> Message:
        """Compare the map with an earlier version or another map (``ref``; none: the previous version)."""
        from cjm_assistant.export.changes import to_markdown

        result, before, after = self.session.compare(ref.strip())
        summary = f"{before} → {after}: {result.summary()}"
        return self.Reported(to_markdown(result, before, after), f"Compare: {summary}", said=f"Compared {summary}.")

    # -- maps, interviews, engines -------------------------------------------------------------------

    @session_call("new")
    def new_interview(self) -> None:
        """Start the interview: ``Opened`` (nothing to show yet), then its first question as ``Said``."""
        self.post_message(self.Opened(None, [], "new"))
        self.session.start_interview()

    @session_call("resume")
    def resume(self) -> Message | None:
        """Pick up the unfinished interview; with none left (finished elsewhere meanwhile), start a new one."""
        question = self.session.resume_interview()
        if question is not None:
            return self.Opened(None, self.session.conversation(), "resume", question=question,
                               sketch=self.session.sketch())
        self.post_message(self.Opened(None, [], "resume", question=None))
        self.session.start_interview()
        return None

    @session_call("open")
    def open_map(self, ref: str) -> Message:
        self.session.open_map(ref)
        return self._opened("open")

    @session_call("import")
    def import_file(self, path: str) -> Message:
        """Import a map from a JSON file as a new map, and open it."""
        self.session.import_file(path)
        return self._opened("import")

    @session_call("model")
    def switch_model(self, name: str) -> Message:
        """Use another engine (a litellm model name, or ``playbook``); ``Switched`` once its client has loaded."""
        engine = self.session.switch_engine(name)
        self.session.warm_up()
        return self.Switched(engine)


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
