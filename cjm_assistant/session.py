"""The application: one object that every front end drives.

A session holds the interview, the current map, the engine and the store. It
turns what the user says into engine calls and typed edits, and it saves every
user message and every accepted change before it returns, so a crash or a kill
never loses more than the step in flight. It knows nothing about screens: the
TUI and the CLI call the same methods and render the same results.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from cjm_assistant import edits
from cjm_assistant.diff import MapDiff, diff_maps
from cjm_assistant.edits import EditError, EditOp, RemoveStage
from cjm_assistant.engines.base import Cancelled, Engine, EngineError, PartialCallback
from cjm_assistant.interview import Interview, InterviewState, Turn
from cjm_assistant.model import JourneyMap, MapError, clean_text
from cjm_assistant.store import Store, StoreError

MAX_MESSAGE = 1_000_000  # a chat message is kept whole up to this size


def user_errors() -> tuple[type[Exception], ...]:
    """Errors that carry a sentence for the user rather than a bug."""
    from cjm_assistant.export.jsonio import MapImportError
    from cjm_assistant.interview import AnswersError

    return (EngineError, EditError, StoreError, MapError, MapImportError, AnswersError)


@dataclass
class Proposal:
    """A change an engine proposes; nothing is saved until it is accepted."""

    kind: Literal["map", "edits"]
    journey: JourneyMap  # the map as it would be once accepted whole
    ops: list[EditOp] = field(default_factory=list)
    reply: str = ""
    notes: list[str] = field(default_factory=list)
    diff: MapDiff = field(default_factory=MapDiff)
    instruction: str = ""
    base: JourneyMap | None = None  # the map the edits apply to

    @property
    def parts(self) -> list[str]:
        """What can be accepted one by one: stages of a new map, or the edits."""
        if self.kind == "map":
            return [f"stage {s.name}" for s in self.journey.stages]
        return [edits.describe(op, self.base) for op in self.ops]


class Session:
    def __init__(self, store: Store, engine: Engine):
        self.store = store
        self.engine = engine
        self.engine.recorder = self._record_call
        self.interview: Interview | None = None
        self.map_id: str | None = None
        self.journey: JourneyMap | None = None
        self.head: int | None = None
        self.listeners: list[Callable[[str, Any], None]] = []

    # -- plumbing ------------------------------------------------------------

    def emit(self, kind: str, data: Any = None) -> None:
        for listener in self.listeners:
            listener(kind, data)

    def _record_call(self, record: dict[str, Any]) -> None:
        self.store.record_llm_call(map_id=self.map_id, **record)
        self.emit("usage", self.totals())

    def set_engine(self, engine: Engine) -> None:
        """Switch engines (the TUI's /model); an interview in progress carries on with the new one."""
        self.engine = engine
        self.engine.recorder = self._record_call
        if self.interview is not None:
            self.interview.engine = engine

    def totals(self) -> dict[str, Any]:
        return self.store.llm_totals(self.map_id)

    def say(self, role: str, text: str, **meta: Any) -> str:
        """Save a chat message now (before anything else happens) and return it as saved."""
        text = clean_text(text)[:MAX_MESSAGE]
        interview = self.interview.state.id if self.interview and not self.map_id else None
        self.store.add_message(role=role, content=text, map_id=self.map_id, interview=interview, meta=meta or None)
        self.emit("said", (role, text))
        return text

    # -- the interview ---------------------------------------------------------

    def start_interview(self) -> str:
        self.map_id, self.journey, self.head = None, None, None
        self.interview = Interview(self.engine)
        self._save_interview()
        return self.say("assistant", self.interview.opening())

    def resume_interview(self, interview_id: str | None = None) -> str | None:
        """Pick up an unfinished interview; returns what to ask next, or None if there is none."""
        data = self.store.load_interview(interview_id) if interview_id else self.store.latest_interview()
        if data is None:
            return None
        self.map_id, self.journey, self.head = None, None, None
        self.interview = Interview(self.engine, InterviewState.model_validate(data))
        return self.interview.prompt()

    def answer(self, text: str) -> Turn:
        if self.interview is None:
            raise EditError("there is no interview in progress; start one with /new")
        self.say("user", text)
        interview = self.interview
        turn = self._engine_call(lambda: interview.answer(text))  # extraction may call a model
        self._save_interview()
        self.say("assistant", f"{turn.note}\n\n{turn.reply}".strip())
        return turn

    def _save_interview(self) -> None:
        assert self.interview is not None
        self.store.save_interview(self.interview.state.id, self.interview.state.model_dump(mode="json"), map_id=self.map_id)

    # -- proposals ---------------------------------------------------------------

    def draft_map(self, on_partial: PartialCallback | None = None, cancel: threading.Event | None = None) -> Proposal:
        """Ask the engine for a whole map from the interview's profile."""
        if self.interview is None:
            raise EditError("there is no interview to draft a map from; start one with /new")
        profile = self.interview.state.profile
        result = self._engine_call(lambda: self.engine.propose_map(profile, on_partial=on_partial, cancel=cancel))
        empty = self.journey
        proposal = Proposal("map", result.journey, notes=list(result.notes),
                            diff=diff_maps(empty, result.journey) if empty else MapDiff())
        self.emit("proposal", proposal)
        return proposal

    def instruct(self, text: str, on_partial: PartialCallback | None = None,
                 cancel: threading.Event | None = None) -> Proposal:
        """Turn a plain-language instruction into proposed edits (nothing saved but the message)."""
        journey = self._require_map()
        text = self.say("user", text)
        result = self._engine_call(lambda: self.engine.propose_edits(journey, text, on_partial=on_partial, cancel=cancel))
        if not result.ops:
            self.say("assistant", result.reply or "I could not turn that into a change to the map.")
            return Proposal("edits", journey, reply=result.reply, instruction=text)
        preview = edits.apply(journey, result.ops)
        proposal = Proposal("edits", preview, ops=result.ops, reply=result.reply, instruction=text,
                            diff=diff_maps(journey, preview), base=journey)
        self.emit("proposal", proposal)
        return proposal

    def ask(self, question: str, on_partial: PartialCallback | None = None,
            cancel: threading.Event | None = None) -> str:
        journey = self._require_map()
        question = self.say("user", question)
        reply = self._engine_call(lambda: self.engine.answer(journey, question, on_partial=on_partial, cancel=cancel))
        return self.say("assistant", reply)

    def accept(self, proposal: Proposal, only: list[int] | None = None) -> int:
        """Save a proposal (whole, or only the parts numbered in ``only``) as a new version."""
        if proposal.kind == "map":
            journey = proposal.journey
            if only is not None:
                if not set(only) & set(range(len(journey.stages))):
                    raise EditError("nothing was selected, so nothing changed")
                drop = [s.id for i, s in enumerate(journey.stages) if i not in set(only)]
                journey = edits.apply(journey, [RemoveStage(stage=sid) for sid in drop])
            return self._save_whole(journey, f"{'accepted the' if only is None else 'accepted part of the'} "
                                             f"draft map from {self.engine.name}")
        ops = proposal.ops if only is None else [op for i, op in enumerate(proposal.ops) if i in set(only)]
        if not ops:
            raise EditError("nothing was selected, so nothing changed")
        return self.edit(ops, proposal.instruction or "accepted a proposal", author=self.engine.name)

    def reject(self, proposal: Proposal) -> None:
        self.say("assistant", "Proposal set aside; the map is unchanged.")

    # -- direct changes ------------------------------------------------------------

    def edit(self, ops: list[EditOp], message: str, author: str = "user") -> int:
        map_id = self._require_map_id()
        record = self.store.save_version(map_id, ops, author=author, message=message, base=self.head)
        self._reload()  # the head may already be past our version if another process saved meanwhile
        self.emit("applied", record)
        self.say("assistant", f"Saved version {record.number}: {message}", version=record.number)
        return record.number

    def undo(self) -> int | None:
        return self._walk(self.store.undo, "Undone")

    def redo(self) -> int | None:
        return self._walk(self.store.redo, "Redone")

    def _walk(self, step: Callable[[str], Any], verb: str) -> int | None:
        map_id = self._require_map_id()
        record = step(map_id)
        if record is None:
            return None
        self._reload()
        self.emit("applied", record)
        return self.head

    def _save_whole(self, journey: JourneyMap, message: str) -> int:
        if self.map_id is None:
            record = self.store.create_map(journey, author=self.engine.name, message=message)
            self.map_id, number = record.id, 1
            if self.interview is not None:
                self._save_interview()
        else:
            number = self.store.save_map(self.map_id, journey, author=self.engine.name, message=message,
                                         base=self.head).number
        self._reload()
        self.emit("applied", number)
        self.say("assistant", f"Saved version {number}: {message}", version=number)
        return number

    def import_map(self, journey: JourneyMap, source: str) -> str:
        record = self.store.create_map(journey, author="user", message=f"imported from {source}")
        self.open_map(record.id)
        return record.id

    # -- maps ---------------------------------------------------------------------

    def open_map(self, ref: str) -> JourneyMap:
        record = self.store.find_map(ref)
        self.map_id = record.id
        self.interview = None
        self._reload()
        assert self.journey is not None
        return self.journey

    def _reload(self) -> None:
        assert self.map_id is not None
        record = self.store.find_map(self.map_id)
        self.head = record.head
        self.journey = self.store.load(self.map_id)
        self.emit("map", self.journey)

    def _require_map_id(self) -> str:
        if self.map_id is None:
            raise EditError("there is no map yet; finish the interview (say 'draft') or open a map first")
        return self.map_id

    def _require_map(self) -> JourneyMap:
        self._require_map_id()
        assert self.journey is not None
        return self.journey

    def export(self, fmt: str, path: str | Path | None = None) -> tuple[str, Path | None]:
        """The map as text; with ``path`` (a file, or a folder to put it in), also written there atomically."""
        from cjm_assistant.export import export, suggest_filename

        journey = self._require_map()
        text = export(journey, fmt)
        if path is None:
            return text, None
        target = Path(path).expanduser()
        if target.is_dir():
            target = target / suggest_filename(journey, fmt)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(target)
        except OSError as e:
            tmp.unlink(missing_ok=True)
            raise OSError(f"could not write {target}: {e.strerror or e}") from None
        return text, target.resolve()

    def _engine_call(self, call: Callable[[], Any]) -> Any:
        """Run an engine call; failures become a saved assistant message and re-raise."""
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
