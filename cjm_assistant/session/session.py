"""The application: one object that every front end drives.

A session holds the interview, the current map, the engine and the store. It
turns what the user says into engine calls and typed edits, and it saves every
user message and every accepted change before it returns, so a crash or a kill
never loses more than the step in flight. It knows nothing about screens: the
TUI and the CLI call the same methods and render the same results.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cjm_assistant.domain.errors import EditError
from cjm_assistant.domain.text import clean_text
from cjm_assistant.session.refs import parse_ref
from cjm_assistant.store import MapRecord, Store, VersionRecord

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:  # imported where they are used: listing maps and reading history need none of them
    from typing import Any

    from cjm_assistant.domain.diff import MapDiff
    from cjm_assistant.domain.edits import EditOp
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.engines.base import Engine, PartialCallback
    from cjm_assistant.interview import Interview, Turn
    from cjm_assistant.session.proposals import EditProposal, EvidenceProposal, FutureProposal, Proposal

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


def _insights() -> Any:
    from cjm_assistant.session import insights  # the evidence and the future state: imported when used

    return insights


def who(author: str) -> str:
    """A version's author as history shows it: "you", "you, proposed by playbook", or the engine or process."""
    if author == "user":
        return "you"
    if author.startswith("user via "):
        return f"you, proposed by {author.removeprefix('user via ')}"
    return author


class Session:
    def __init__(self, store: Store, engine: Engine | None, settings: Any = None):
        """``engine`` None: the offline engine, made when first used (a command that only reads never loads it)."""
        self.store = store
        self._engine: Engine | None = None
        self._settings = settings  # the config.Settings the engine was made from, when known
        if engine is not None:
            self.engine = engine
        self.interview: Interview | None = None
        self.map_id: str | None = None
        self._journey: JourneyMap | None = None
        self.head: int | None = None
        # Called with (event, data): 'said' (role, text), 'proposal' Proposal, 'applied' the version
        # number saved or walked to, 'map' the current JourneyMap, 'error' the error, 'usage' totals,
        # 'progress' a model reply streaming ({step, tokens, elapsed, done}).
        self.listeners: list[Callable[[str, Any], None]] = []
        self._held: list[tuple[str, Any]] | None = None  # events of a commit in progress (see _commit)
        self._unclaimed_calls: list[tuple[int, dict[str, Any]]] = []  # calls made before the map existed
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

    # -- plumbing ------------------------------------------------------------

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

    # -- the interview ---------------------------------------------------------

    def start_interview(self) -> str:
        from cjm_assistant.interview import Interview

        self.map_id, self.journey, self.head = None, None, None
        self.interview = Interview(self.engine)
        self._save_interview()
        return self.say("assistant", self.interview.opening())

    def resume_interview(self, interview_id: str | None = None) -> str | None:
        """Pick up an unfinished interview; returns what to ask next, or None if there is none."""
        data = self.store.load_interview(interview_id) if interview_id else self.store.latest_interview()
        if data is None:
            return None
        from cjm_assistant.interview import Interview, InterviewState

        self.map_id, self.journey, self.head = None, None, None
        self.interview = Interview(self.engine, InterviewState.model_validate(data))
        if self.interview.state.pending:  # answered, but the app stopped before the answer was read
            return self._read_pending().reply
        return self.interview.prompt()

    def unfinished_interview(self) -> dict | None:
        """The saved state of the newest interview that has no map yet, if any (for "resume")."""
        return self.store.latest_interview()

    def answer(self, text: str, cancel: threading.Event | None = None) -> Turn:
        """Take an answer: saved at once with the interview marked as waiting for it, then read (the engine may
        call a model), then the interview's next step and the reply saved together. A kill in between loses
        nothing: resuming reads the waiting answer (see :meth:`resume_interview`).

        Setting ``cancel`` stops the reading at once: the interview stays at the same question (the answer is
        saved in the conversation, not taken in, and no longer waiting) and :class:`Cancelled` is raised.
        """
        if self.interview is None:
            raise EditError("there is no interview in progress; start one with /new")
        with self._commit():
            self.interview.state.pending = self.say("user", text)
            self._save_interview()
        return self._read_pending(cancel)

    def _read_pending(self, cancel: threading.Event | None = None) -> Turn:
        from cjm_assistant.engines.base import Cancelled
        from cjm_assistant.session import live

        interview = self.interview
        assert interview is not None
        text = interview.state.pending
        try:
            turn = self.engine_call(lambda: live.answer(interview, text, cancel))  # extraction may call a model
        except Cancelled:
            with self._commit():
                interview.state.pending = ""
                self._save_interview()
            raise
        with self._commit():
            interview.state.pending = ""
            self._save_interview()
            self.say("assistant", f"{turn.note}\n\n{turn.reply}".strip())
        return turn

    def interview_from_file(self, path: str | Path) -> list[str]:
        """Start an interview and answer it from an answers TOML file; notes on what the file left unanswered."""
        from cjm_assistant.interview import load_answers, run_answers
        from cjm_assistant.userfiles import read_text

        answers = load_answers(read_text(path, limit=1_000_000, what="answers file"))
        self.start_interview()
        assert self.interview is not None
        notes = self.engine_call(lambda: run_answers(self.interview, answers))
        self._save_interview()
        return notes

    def sketch(self) -> JourneyMap | None:
        """The map the interview's answers so far give, as a draft to draw (nothing saved; cheap enough to call
        after every answer): the business, the personas and channels named, a skeleton of stages. None before
        the business is known, or with no interview. See :func:`live.sketch`."""
        from cjm_assistant.session import live

        return live.sketch(self.interview.state.profile) if self.interview is not None else None

    def _save_interview(self) -> None:
        assert self.interview is not None
        self.store.save_interview(self.interview.state.id, self.interview.state.model_dump(mode="json"), map_id=self.map_id)

    # -- proposals ---------------------------------------------------------------

    def draft_map(self, on_partial: PartialCallback | None = None, cancel: threading.Event | None = None) -> Proposal:
        """Ask the engine for a whole map from the interview's profile."""
        if self.interview is None:
            raise EditError("there is no interview to draft a map from; start one with /new")
        profile = self.interview.state.profile
        from cjm_assistant.session.proposals import MapProposal

        result = self.engine_call(lambda: self.engine.propose_map(profile, on_partial=on_partial, cancel=cancel))
        # A draft starts a new map (the interview has none), so there is nothing to diff against.
        proposal = MapProposal(result.journey, notes=list(result.notes))
        self.emit("proposal", proposal)
        return proposal

    def instruct(self, text: str, on_partial: PartialCallback | None = None,
                 cancel: threading.Event | None = None) -> Proposal:
        """Turn a plain-language instruction into proposed edits (nothing saved but the message)."""
        from cjm_assistant.domain import edits
        from cjm_assistant.domain.diff import diff_maps
        from cjm_assistant.session.proposals import EditProposal, without_repeats

        journey = self.journey_or_fail()
        text = self.say("user", text)
        result = self.engine_call(lambda: self.engine.propose_edits(journey, text, on_partial=on_partial, cancel=cancel))
        ops, repeats = without_repeats(journey, result.ops)
        if not ops:
            reply = " ".join(repeats) or result.reply
            self.say("assistant", reply or "I could not turn that into a change to the map.")
            return EditProposal(journey, reply=reply, instruction=text, base=journey)
        preview = edits.apply(journey, ops)  # the engine's own check of the ops made it already: not again
        # Loose readings of names ("Delivery" for "Delivery or collection"), for a front end to show before saving.
        understood = list(getattr(result, "understood", []))
        proposal = EditProposal(preview, ops=ops, reply=" ".join([*repeats, result.reply]).strip(), instruction=text,
                                notes=understood, diff=diff_maps(journey, preview), base=journey, repeats=repeats)
        self.emit("proposal", proposal)
        return proposal

    def ask(self, question: str, on_partial: PartialCallback | None = None,
            cancel: threading.Event | None = None) -> str:
        journey = self.journey_or_fail()
        question = self.say("user", question)
        reply = self.engine_call(lambda: self.engine.answer(journey, question, on_partial=on_partial, cancel=cancel))
        return self.say("assistant", reply)

    def accept(self, proposal: Proposal, only: list[int] | None = None) -> int:
        """Save a proposal (whole, or only the parts numbered in ``only``); the version number saved."""
        return proposal.accept(self, only)

    def reject(self, proposal: Proposal) -> None:
        self.say("assistant", "Proposal set aside; the map is unchanged.")

    # -- direct changes ------------------------------------------------------------

    def edit(self, ops: list[EditOp], message: str, author: str = "user", preview: JourneyMap | None = None) -> int:
        """Save ``ops`` as a new version; ``preview``: the map they make from the open one, when it was shown
        already (a proposal's), so that the store saves it rather than applying the ops again."""
        map_id = self.map_id_or_fail()
        with self._commit():
            record = self.store.save_version(map_id, ops, author=author, message=message, base=self.head,
                                             preview=preview)
            self._reload()  # the head may already be past our version if another process saved meanwhile
            self.emit("applied", record.number)
            self.say("assistant", f"Saved version {record.number}: {message}", version=record.number)
        return record.number

    def undo(self) -> int | None:
        return self._walk(self.store.undo)

    def redo(self) -> int | None:
        return self._walk(self.store.redo)

    def _walk(self, step: Callable[..., Any]) -> int | None:
        """Undo or redo from the version shown; if another process moved the map on meanwhile, nothing is
        walked: the map is reloaded and the error says what changed (so that undo never undoes a change the
        user has not seen)."""
        from cjm_assistant.store import StaleVersionError

        map_id = self.map_id_or_fail()
        try:
            record = step(map_id, head=self.head)
        except StaleVersionError:
            done = "undone" if step.__name__ == "undo" else "redone"
            changed = self.changed_elsewhere(force=True)
            raise EditError(f"{self.describe_change(changed)}; nothing was {done}. It is shown now: "
                            f"{step.__name__} again to {step.__name__} from there") from None
        if record is None:
            return None
        self._reload()
        self.emit("applied", record.number)
        return self.head

    def save_new_map(self, journey: JourneyMap, message: str) -> int:
        """Save an accepted draft: a new map (or, with a map open, a whole new version of it)."""
        with self._commit():
            if self.map_id is None:
                record = self.store.create_map(journey, author=self.accepted_by, message=message)
                self.map_id, number = record.id, 1
                self.store.claim_llm_calls([call_id for call_id, _ in self._unclaimed_calls], record.id)
                if self.interview is not None:
                    self._save_interview()
            else:
                number = self.store.save_map(self.map_id, journey, author=self.accepted_by, message=message,
                                             base=self.head).number
            self._reload()
            self.emit("applied", number)
            self.say("assistant", f"Saved version {number}: {message}", version=number)
        self._unclaimed_calls = []
        return number

    def import_map(self, journey: JourneyMap, source: str) -> str:
        record = self.store.create_map(journey, author="user", message=f"imported from {source}")
        self.open_map(record.id)
        return record.id

    # -- maps ---------------------------------------------------------------------

    def open_map(self, ref: str) -> JourneyMap:
        self.use_map(ref)
        assert self.journey is not None
        return self.journey

    def use_map(self, ref: str) -> MapRecord:
        """Open a map (by id or title, as ``find_map`` reads it) without loading it yet (see :attr:`journey`)."""
        record = self.store.find_map(ref)
        self.map_id = record.id
        self.interview = None
        self._reload()
        return record

    def changed_elsewhere(self, force: bool = False) -> VersionRecord | None:
        """Whether another process (the CLI, another window) changed the open map since it was loaded.

        Cheap enough to poll every second: it reads SQLite's data_version and looks further only when another
        connection has committed (``force``: look anyway). When the open map's head moved, the map is reloaded
        (listeners hear ``map``) and the version now shown is returned; else None.
        """
        version = self.store.data_version()
        if (version == self._data_version and not force) or self.map_id is None:
            self._data_version = version
            return None
        self._data_version = version
        if self.store.get_map(self.map_id).head == self.head:
            return None
        self._reload()
        assert self.head is not None
        return self.store.version(self.map_id, self.head)

    @staticmethod
    def describe_change(record: VersionRecord | None) -> str:
        """A sentence on a change made in another window: "the map changed in another window: now at v3 (you,
        proposed by playbook: added ...)"."""
        if record is None:
            return "the map changed in another window"
        message = f": {record.message}" if record.message else ""
        return f"the map changed in another window: now at v{record.number} ({who(record.author)}{message})"

    def _reload(self) -> None:
        assert self.map_id is not None
        record = self.store.find_map(self.map_id)
        self.head, self._journey = record.head, None
        if self.listeners:
            self.emit("map", self.journey)

    def shown(self, version: int | None = None) -> Any:
        """The open map (or one of its versions) to print or export, not to change: the map if loaded; else its
        head read without the model when the store keeps its JSON (a ``domain.readonly.ReadOnlyMap``); else
        loaded."""
        map_id = self.map_id_or_fail()
        if version is not None and version != self.head:
            return self.store.load(map_id, version)
        if self._journey is None:
            read = self.store.read(map_id)
            if read is not None and read[0] == self.head:
                return read[1]
        return self.journey_or_fail()

    def map_id_or_fail(self) -> str:
        if self.map_id is None:
            raise EditError("there is no map yet; finish the interview (say 'draft') or open a map first")
        return self.map_id

    def journey_or_fail(self) -> JourneyMap:
        self.map_id_or_fail()
        assert self.journey is not None
        return self.journey

    def maps(self) -> list[MapRecord]:
        """Every map in the store, newest first."""
        return self.store.list_maps()

    def links(self) -> list[dict[str, Any]]:
        """Every link between maps (a future state and the map it was made from)."""
        return self.store.links()

    def history(self) -> list[VersionRecord]:
        """The open map's versions, oldest first."""
        return self.store.history(self.map_id_or_fail())

    def conversation(self) -> list[tuple[str, str]]:
        """(role, text) of every message of the open map, or of the interview in progress."""
        if self.map_id is not None:
            messages = self.store.messages(map_id=self.map_id)
        elif self.interview is not None:
            messages = self.store.messages(interview=self.interview.state.id)
        else:
            return []
        return [(m.role, m.content) for m in messages]

    def load_ref(self, text: str) -> tuple[JourneyMap, str]:
        """A map or version named as the user names it (``MAP``, ``MAP@3``, ``MAP@v3``; ``3``/``v3`` for the open
        map): the map and a label such as "Sweet Crumbs (v3)"."""
        ref = parse_ref(text, open_map=self.map_id is not None)
        if not ref.map:
            return self.store.load(self.map_id_or_fail(), ref.version), f"v{ref.version}"
        record = self.store.find_map(ref.map)
        number = ref.version or record.head
        return self.store.load(record.id, number), f"{record.title} (v{number})"

    def compare(self, older: str = "", newer: str = "") -> tuple[MapDiff, str, str]:
        """What changed between two maps or versions: (diff, label of the older, label of the newer).

        With no ``newer``, the open map now; with no ``older`` either, its previous version.
        """
        from cjm_assistant.domain.diff import diff_maps

        if newer:
            after, after_label = self.load_ref(newer)
        else:
            after = self.journey_or_fail()
            after_label = f"v{self.head} (now)" if not older or parse_ref(older, open_map=True).map == "" \
                else f"{after.title} (v{self.head})"
        if older:
            before, before_label = self.load_ref(older)
        else:
            parent = next((v.parent for v in self.history() if v.is_head), None)
            if parent is None:
                raise EditError(f"this is the first version of the map (v{self.head}); there is nothing earlier to "
                                "compare with. Name another map or version to compare with")
            before, before_label = self.store.load(self.map_id_or_fail(), parent), f"v{parent}"
        return diff_maps(before, after), before_label, after_label

    def show(self, version: int | None = None) -> str:
        """The open map (or one of its versions) as Markdown, with the evidence stored behind it."""
        text = self._export(self.shown(version), "md", version)
        assert isinstance(text, str)
        return text

    def import_file(self, path: str | Path) -> str:
        """Import a map from a JSON file (as ``cjm export -f json`` writes it), open it, and return its id."""
        from cjm_assistant.export.jsonio import from_json
        from cjm_assistant.userfiles import read_text

        source = Path(path).expanduser()
        return self.import_map(from_json(read_text(source, what="map file")), source.name)

    def open_linked(self) -> JourneyMap | None:
        """Open the map linked to this one: the map it was made from, else the newest future state made from it."""
        here = self.map_id_or_fail()
        links = self.store.links(here)
        target = next((link["source_id"] for link in links if link["map_id"] == here), None)
        if target is None:
            target = next((link["map_id"] for link in reversed(links) if link["source_id"] == here), None)
        return None if target is None else self.open_map(target)

    def edit_by_rule(self, typed: str, instruction: str) -> int:
        """A slash command (``/add``, ``/rename``...): read by the deterministic parser and saved at once."""
        from cjm_assistant.engines import instructions

        self.say("user", typed)
        return self.edit(instructions.propose(self.journey_or_fail(), instruction).ops, instruction)

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

    @staticmethod
    def instruction_help() -> str:
        """What ``/add``, ``/rename``, ``/move`` and ``/remove`` understand (see :meth:`edit_by_rule`), for a help page."""
        from cjm_assistant.engines.instructions import HELP

        return HELP

    def switch_engine(self, name: str) -> str:
        """Use another engine from now on (``playbook``, or any litellm model name); its name."""
        from cjm_assistant.config import engine_for, load_settings, settings_for

        current = self.settings or load_settings()
        self.settings = settings_for(current, name)
        self.set_engine(engine_for(self.settings))
        return self.engine.name

    def export(self, fmt: str, path: str | Path | None = None, force: bool = False,
               persona: str | None = None) -> tuple[str | bytes, Path | None]:
        """The map in format ``fmt``: text, or bytes for a binary format (xlsx); with ``persona``, only what
        concerns that persona (see ``domain.views.for_persona``).

        With ``path`` it is also written there by the rules of :mod:`cjm_assistant.userfiles` (never the
        database, only regular files, an existing file only with ``force``, no folder created): to the file, or
        into a folder under the map's suggested name (with the map's id added when another file has that name).
        """
        from cjm_assistant import userfiles
        from cjm_assistant.export import format_named, suggest_filename

        if persona:
            from cjm_assistant.domain.views import for_persona

            journey = for_persona(self.journey_or_fail(), persona)
        else:
            journey = self.shown()
        if path is None:
            return self._export(journey, fmt, None), None

        def name_in_folder(taken: set[str]) -> str:
            name = suggest_filename(journey, fmt)
            if name in taken and self.map_id:
                extension = format_named(fmt).extension
                name = f"{name.removesuffix(extension)}-{self.map_id}{extension}"
            return name

        target = userfiles.checked_target(path, self.store.path, force, name_in_folder)  # before the work
        content = self._export(journey, fmt, None)
        return content, userfiles.write_file(target, content)

    def check_export_path(self, path: str | Path, force: bool = False) -> None:
        """Refuse now, before any work is saved, a path :meth:`export` would refuse later (UnsafeTarget with a
        sentence); a folder is checked when the file's name in it is known."""
        from cjm_assistant import userfiles

        if not Path(path).expanduser().is_dir():
            userfiles.checked_target(path, self.store.path, force)

    def engine_call(self, call: Callable[[], Any]) -> Any:
        """Run an engine call; failures become a saved assistant message and re-raise."""
        from cjm_assistant.engines.base import Cancelled, EngineError

        try:
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

    def _export(self, journey: JourneyMap, fmt: str, version: int | None) -> str | bytes:
        """An export, with what its format takes from the store: the evidence summary, the linked maps."""
        from cjm_assistant.export import export, format_named

        from cjm_assistant.session.context import export_context

        return export(journey, fmt, **export_context(self, format_named(fmt).context, version))

    # -- customer evidence and the future state (the work is in session/insights.py) ------------

    def read_evidence(self, path: str | Path, options: Any = None, leave_out: tuple[str, ...] = ()) -> Any:
        """Read a feedback file (CSV, plain text, JSON lines) into an ``evidence.Feedback``; nothing is saved.

        ``leave_out`` names optional columns to ignore even where one was found (``"score"``, ``"date"``,
        ``"channel"``): the TUI's evidence dialog offers "none" for each.
        """
        from dataclasses import replace

        from cjm_assistant.evidence import read_feedback

        feedback = read_feedback(path, options)
        if not leave_out:
            return feedback
        items = [replace(item, **{role: None for role in leave_out}) for item in feedback.items]
        return replace(feedback, items=items, columns={**feedback.columns, **{role: None for role in leave_out}},
                       score_scale=None if "score" in leave_out else feedback.score_scale)

    def estimate_evidence(self, feedback: Any) -> Any:
        """An ``evidence.Estimate``: calls, tokens and cost of importing ``feedback`` with this engine."""
        from cjm_assistant.evidence import estimate

        return estimate(self.engine, self.journey_or_fail(), feedback)

    def import_evidence(self, path: Any, options: Any = None, on_progress: Callable[[int, int], None] | None = None,
                        cancel: threading.Event | None = None) -> EvidenceProposal:
        """Match customer feedback (a file, or an ``evidence.Feedback`` already read) to the map and propose what it
        changes; see :func:`insights.import_evidence`."""
        return _insights().import_evidence(self, path, options, on_progress, cancel)

    def save_evidence(self, ops: list[EditOp], rows: Iterable[dict[str, Any]], message: str,
                      preview: JourneyMap | None = None) -> int:
        """Save accepted evidence edits and their evidence rows (streamed: rows may be a generator) in one
        transaction; ``preview`` as for :meth:`edit`."""
        items = [0]

        def counted() -> Iterator[dict[str, Any]]:
            last = None
            for row in rows:  # the parts of one item come together
                if (row.get("source"), row.get("row")) != last:
                    items[0] += 1
                    last = (row.get("source"), row.get("row"))
                yield row

        with self._commit():
            record = self.store.save_version_with_evidence(self.map_id_or_fail(), ops, counted(),
                                                           author=self.accepted_by, message=message, base=self.head)
            self._reload()
            self.emit("applied", record.number)
            self.say("assistant", f"Saved version {record.number}: {message} ({items[0]:,} items kept, with their "
                                  "rows)", version=record.number)
        return record.number

    def evidence_report(self, path: Any, on_row: Callable[[dict[str, Any]], None], options: Any = None,
                        on_progress: Callable[[int, int], None] | None = None,
                        cancel: threading.Event | None = None) -> Any:
        """A dry run of an import, one report dict per row to ``on_row``; see :func:`insights.evidence_report`."""
        return _insights().evidence_report(self, path, on_row, options, on_progress, cancel)

    def assign_evidence(self, row: str, stage: str, pain_point: str | None = None,
                        source: str | None = None) -> tuple[int, list[dict[str, Any]]]:
        """Put a stored evidence row (or one part of it) on a stage and pain point, as a new version; see
        :func:`insights.assign_evidence`."""
        return _insights().assign_evidence(self, row, stage, pain_point, source)

    def evidence_rows(self, pain_point: str | None = None, stage: str | None = None, kind: str | None = None,
                      version: int | None = None) -> list[dict[str, Any]]:
        """The stored evidence behind the map (its head, or ``version``): source, row, text, stage, pain point."""
        return _insights().evidence_rows(self, pain_point, stage, kind, version)

    def evidence_summary(self, version: int | None = None) -> dict[str, Any]:
        """Counts of the evidence behind the map: items, sources, praise per stage, rows per pain point."""
        from cjm_assistant.evidence import summarise

        return summarise(self.store.evidence(self.map_id_or_fail(), version))

    def guesses(self) -> list[tuple[str, str, str, str]]:
        """What still rests on guesses: (lane, id, name, stage name) of every inferred item on the map."""
        return _insights().guesses(self.journey_or_fail())

    def propose_future(self, opportunity_ids: list[str] | None = None) -> FutureProposal:
        """A future-state map with the chosen opportunities (ids or names; None: all) in place; accepting it saves
        a new map linked to this version of this one. See :func:`insights.propose_future`."""
        return _insights().propose_future(self, opportunity_ids)

    def save_linked_map(self, journey: JourneyMap, derived_from: tuple[str, int], note: str) -> int:
        """Save an accepted future state as a new map linked to the version it was made from, and open it."""
        source_id, version = derived_from
        message = f"future state of {source_id} v{version}: {note}"[:500]
        with self._commit():
            record = self.store.create_linked_map(journey, source_id, version, "future-of", author=self.accepted_by,
                                                  message=message, note=note[:500])
            self.map_id = record.id
            self._reload()
            self.emit("applied", 1)
            self.say("assistant", f"Saved the future-state map {record.id} (from {source_id} v{version})", version=1)
        self.interview = None
        return 1

    def create_future(self, opportunity_ids: list[str] | None = None) -> str:
        """Propose and accept a future state in one go; returns the new map's id (now open)."""
        self.accept(self.propose_future(opportunity_ids))
        assert self.map_id is not None
        return self.map_id

    def linked_maps(self) -> list[dict[str, Any]]:
        """Maps made from this one and the map this one was made from: {map_id, source_id, source_version, relation}."""
        return self.store.links(self.map_id_or_fail())
