"""The application: one object that every front end drives.

A session holds the interview, the current map, the engine and the store. It
turns what the user says into engine calls and typed edits, and it saves every
user message and every accepted change before it returns, so a crash or a kill
never loses more than the step in flight. It knows nothing about screens: the
TUI and the CLI call the same methods and render the same results.

:class:`Session` is composed of parts, one module per concern: :class:`~.turns.Turns` (the interview
and the engine's proposals), :class:`~.versions.Versions` (saving, undo and redo, history, diffs),
:class:`~.maps.Maps` (opening, listing, importing and linked maps), :class:`~.exports.Exports`
(show and export) and :class:`~.insights.Insights` (customer evidence, guesses, the future state).
This module keeps what they share: the state, the events, the transaction, the engine, the messages.

Why parts (mixins) rather than collaborator objects the session delegates to: a front end sees one
flat list of what it can do (``session.undo()``, not ``session.versions.undo()``), so the TUI and the
CLI stay as they are, and no method is written twice (once to do the work, once to forward to it).
What a part may use of the others is not left to a docstring: each part's ``self`` is typed by
:class:`~cjm_assistant.session.contract.SessionParts`, the protocol that lists it, and
``tests/test_session_parts.py`` checks both sides (every ``self.name`` a part uses is in the
contract, and :class:`Session` has everything the contract lists).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from cjm_assistant.domain.errors import EditError
from cjm_assistant.domain.text import clean_text
from cjm_assistant.session.exports import Exports
from cjm_assistant.session.insights import Insights
from cjm_assistant.session.maps import Maps
from cjm_assistant.session.turns import Turns
from cjm_assistant.session.versions import Versions
from cjm_assistant.store import Store

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:  # imported where they are used: listing maps and reading history need none of them
    from typing import Any

    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.engines.base import Engine
    from cjm_assistant.interview import Interview

MAX_MESSAGE = 1_000_000  # a chat message is kept whole up to this size


def user_errors() -> tuple[type[Exception], ...]:
    """Errors that carry a sentence for the user rather than a bug."""
    from cjm_assistant.domain.errors import MapError
    from cjm_assistant.engines.base import EngineError
    from cjm_assistant.evidence.reading import EvidenceError
    from cjm_assistant.export.jsonio import MapImportError
    from cjm_assistant.interview import AnswersError
    from cjm_assistant.store import StoreError

    return (EngineError, EditError, StoreError, MapError, MapImportError, AnswersError, EvidenceError)


class Session(Turns, Versions, Maps, Exports, Insights):
    def __init__(self, store: Store, engine: Engine | None, settings: Any = None):
        """``engine`` None: the offline engine, made when first used (a command that only reads never loads it)."""
        self.store = store
        self._engine: Engine | None = None
        self._settings = settings  # the config.Settings the engine was made from, when known
        if engine is not None:
            self.engine = engine
        self.interview: Interview | None = None
        # Called at the start of every engine call, after the user's words are saved (a front end waits there for
        # its model client to load, so that words sent meanwhile are shown and kept at once; it may raise
        # Cancelled); None: nothing to wait for.
        self.before_engine: Callable[[], None] | None = None
        self.map_id: str | None = None
        self._journey: JourneyMap | None = None
        self.head: int | None = None
        # Called with (event, data): 'said' (role, text), 'proposal' Proposal, 'applied' the version
        # number saved or walked to, 'map' the current JourneyMap, 'error' the error, 'usage' totals,
        # 'progress' a model reply streaming ({step, tokens, elapsed, done}).
        self.listeners: list[Callable[[str, Any], None]] = []
        self._held: list[tuple[str, Any]] | None = None  # events of a commit in progress (see _commit)
        self._unclaimed_calls: list[tuple[int, dict[str, Any]]] = []  # calls made before the map existed
        # (the stage "that stage" means in the next instruction, the stage selected on the map at the last one)
        self.stage_focus: tuple[str | None, str | None] = (None, None)
        # (the instruction, the name typed, the name suggested) of the last "did you mean", for a "yes" to take up
        self.suggested: tuple[str, str, str] | None = None
        self._data_version = store.data_version()  # what changed_elsewhere compares with

    @classmethod
    def start(cls, db: str | None = None, model: str | None = None, api_base: str | None = None,
              engine: str | None = None, **flags: Any) -> Session:
        """Open the store (``--db``, ``$CJM_DB`` or the data folder) with the engine the settings choose
        (``engine``: ``playbook`` forces the offline engine, ``llm`` requires a model; ``flags``: the
        ``--deadline`` and ``--max-tokens`` options)."""
        from cjm_assistant.locations import db_path

        if engine == "playbook":  # offline: no settings to read, and the engine is made when first used
            return cls(Store.open(db_path(db)), None)
        from cjm_assistant.config import choose_settings, engine_for

        settings = choose_settings(model, api_base, engine, **flags)
        return cls(Store.open(db_path(db)), engine_for(settings), settings)

    @property
    def journey(self) -> JourneyMap | None:
        """The open map at version ``head`` (None when no map is open), loaded when first asked for: a command that
        only lists, or prints the map (:meth:`shown`), never builds the model."""
        if self._journey is None and self.map_id is not None and self.head is not None:
            self._journey = self.store.load(self.map_id, self.head)
        return self._journey

    @journey.setter
    def journey(self, journey: JourneyMap | None) -> None:
        self._journey = journey

    @property
    def loaded(self) -> JourneyMap | None:
        """The open map if it is in memory already; never loads it (for a UI thread, which must not wait on the
        store while a worker loads a big map)."""
        return self._journey

    @property
    def has_map(self) -> bool:
        """Whether a map is open, without loading it."""
        return self._journey is not None or (self.map_id is not None and self.head is not None)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from cjm_assistant.config import engine_for

            self.engine = engine_for(self.settings)
        assert self._engine is not None
        return self._engine

    @engine.setter
    def engine(self, engine: Engine) -> None:
        self._engine = engine
        self._wire(engine)

    @property
    def settings(self) -> Any:
        if self._settings is None and self._engine is None:
            from cjm_assistant.config import Settings

            self._settings = Settings()  # the offline engine's
        return self._settings

    @settings.setter
    def settings(self, settings: Any) -> None:
        self._settings = settings

    def close(self) -> None:
        self.store.close()

    def emit(self, kind: str, data: Any = None) -> None:
        if self._held is not None:  # inside a commit: told once it has happened
            self._held.append((kind, data))
            return
        for listener in self.listeners:
            listener(kind, data)

    @contextmanager
    def _commit(self) -> Iterator[None]:
        """One transaction for a change and the messages that report it, so "saved" and "failed" are always true
        (a full disk never leaves a version saved but reported as failed, which a retry would duplicate).

        What the session emits inside is told to the listeners after the commit; on a failure nothing is told,
        and the open map and interview are as they were before.
        """
        outer = self._held is None
        if outer:
            self._held = []
        before = (self.map_id, self.journey, self.head,
                  self.interview.state.model_copy(deep=True) if self.interview else None)
        try:
            with self.store.transaction():
                yield
        except BaseException:
            if outer:
                self._held = None
            self.map_id, self.journey, self.head, state = before
            if self.interview is not None and state is not None:
                self.interview.state = state
            raise
        if outer:
            held, self._held = self._held, None
            for kind, data in held:
                self.emit(kind, data)

    def _record_call(self, record: dict[str, Any]) -> None:
        call_id = self.store.record_llm_call(map_id=self.map_id, **record)
        if self.map_id is None:
            self._unclaimed_calls.append((call_id, record))
        self.emit("usage", self.totals())

    @property
    def accepted_by(self) -> str:
        """The author of a version the user accepted from the engine's proposal (see :func:`who`)."""
        return f"user via {self.engine.name}"

    def _wire(self, engine: Engine) -> None:
        """Record the engine's calls, pass on its progress as 'progress' events, give it the database to remember
        what it learns about models in."""
        engine.recorder = self._record_call
        if hasattr(engine, "progress"):
            engine.progress = lambda data: self.emit("progress", data)
        remember = getattr(engine, "remember_in", None)
        if callable(remember):
            remember(self.store)

    def set_engine(self, engine: Engine) -> None:
        """Switch engines (the TUI's /model); an interview in progress carries on with the new one."""
        self.engine = engine
        if self.interview is not None:
            self.interview.engine = engine

    def switch_engine(self, name: str) -> str:
        """Use another engine from now on (``playbook``, or any litellm model name); its name."""
        from cjm_assistant.config import engine_for, load_settings, settings_for

        current = self.settings or load_settings()
        self.settings = settings_for(current, name)
        self.set_engine(engine_for(self.settings))
        return self.engine.name

    def warm_up(self) -> None:
        """Load the engine's client now, so that the first call does not wait for it.

        The LLM engine's client (litellm) takes seconds to import; a front end calls this in a
        background thread after it has drawn its first frame. Blocks until loaded; does nothing
        for the playbook engine. A failure is logged, not raised: the first real call reports it.
        """
        if self.settings is None or not self.settings.model:
            return
        from cjm_assistant.engines.llm import preload

        preload().join()

    def totals(self) -> dict[str, Any]:
        """Tokens and cost of the current map's calls, or of this interview's before a map exists."""
        if self.map_id is not None:
            return self.store.llm_totals(self.map_id)
        records = [r for _, r in self._unclaimed_calls]
        prompt = sum(int(r.get("prompt_tokens") or 0) for r in records)
        completion = sum(int(r.get("completion_tokens") or 0) for r in records)
        return {"calls": len(records), "errors": sum(r.get("outcome") != "ok" for r in records),
                "prompt_tokens": prompt, "completion_tokens": completion, "tokens": prompt + completion,
                "cost": sum(float(r.get("cost") or 0.0) for r in records)}

    def say(self, role: str, text: str, **meta: Any) -> str:
        """Save a chat message now (before anything else happens) and return it as saved.

        A message longer than MAX_MESSAGE characters keeps its first MAX_MESSAGE, and the session says so (a
        'notice' event), so a long paste is never cut without a word.
        """
        text = clean_text(text)
        if len(text) > MAX_MESSAGE:
            self.emit("notice", f"That message was {len(text):,} characters long; the first {MAX_MESSAGE:,} are "
                                "kept. Split a longer text, or import it as a file (/evidence, /import).")
            text = text[:MAX_MESSAGE]
        interview = self.interview.state.id if self.interview and not self.map_id else None
        self.store.add_message(role=role, content=text, map_id=self.map_id, interview=interview, meta=meta or None)
        self.emit("said", (role, text))
        return text

    def engine_call(self, call: Callable[[], Any]) -> Any:
        """Run an engine call; failures become a saved assistant message and re-raise."""
        from cjm_assistant.engines.base import Cancelled, EngineError

        try:
            if self.before_engine is not None:
                self.before_engine()
            return call()
        except Cancelled as e:
            self.say("assistant", str(e), error="cancelled")
            raise
        except EngineError as e:
            self.say("assistant", f"⚠ {e}", error=e.kind)
            self.emit("error", e)
            raise
        except EditError as e:
            self.say("assistant", f"⚠ {e}", error="edit")
            self.emit("error", e)
            raise

    def map_id_or_fail(self) -> str:
        if self.map_id is None:
            raise EditError("there is no map yet; finish the interview (say 'draft') or open a map first")
        return self.map_id

    def journey_or_fail(self) -> JourneyMap:
        map_id = self.map_id_or_fail()
        if self.journey is None:  # a map whose current version is gone (changed outside cjm)
            self.store._head(map_id)  # raises the sentence that says so
            raise EditError(f"map {map_id} cannot be read: `cjm history {map_id}` lists its versions")
        return self.journey

    def _reload(self) -> None:
        assert self.map_id is not None
        record = self.store.find_map(self.map_id)
        self.head, self._journey = record.head, None
        if self.listeners:
            self.emit("map", self.journey)
