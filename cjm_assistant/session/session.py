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

from cjm_assistant.domain import edits
from cjm_assistant.domain.diff import MapDiff, diff_maps
from cjm_assistant.domain.edits import EditError, EditOp, RemoveStage
from cjm_assistant.engines.base import Cancelled, Engine, EngineError, PartialCallback
from cjm_assistant.interview import Interview, InterviewState, Turn
from cjm_assistant.domain.model import JourneyMap, MapError, clean_text
from cjm_assistant.store import Store, StoreError

MAX_MESSAGE = 1_000_000  # a chat message is kept whole up to this size


def user_errors() -> tuple[type[Exception], ...]:
    """Errors that carry a sentence for the user rather than a bug."""
    from cjm_assistant.evidence.reading import EvidenceError
    from cjm_assistant.export.jsonio import MapImportError
    from cjm_assistant.interview import AnswersError

    return (EngineError, EditError, StoreError, MapError, MapImportError, AnswersError, EvidenceError)


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
    evidence: Any = None  # an evidence.EvidenceImport: its rows are saved with the accepted edits
    derived_from: tuple[str, int] | None = None  # (map id, version): accepting makes a new, linked map

    @property
    def parts(self) -> list[str]:
        """What can be accepted one by one: stages of a new map, or the edits."""
        if self.kind == "map":
            return [f"stage {s.name}" for s in self.journey.stages]
        labels = getattr(self.evidence, "op_labels", None)
        if labels and len(labels) == len(self.ops):  # evidence: "pp2 “Slow replies” (Ask & compare): +22 mentions"
            return list(labels)
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
        # Called with (event, data): 'said' (role, text), 'proposal' Proposal, 'applied' the version
        # number saved or walked to, 'map' the current JourneyMap, 'error' the error, 'usage' totals.
        self.listeners: list[Callable[[str, Any], None]] = []
        self._unclaimed_calls: list[tuple[int, dict[str, Any]]] = []  # calls made before the map existed

    # -- plumbing ------------------------------------------------------------

    def emit(self, kind: str, data: Any = None) -> None:
        for listener in self.listeners:
            listener(kind, data)

    def _record_call(self, record: dict[str, Any]) -> None:
        call_id = self.store.record_llm_call(map_id=self.map_id, **record)
        if self.map_id is None:
            self._unclaimed_calls.append((call_id, record))
        self.emit("usage", self.totals())

    def set_engine(self, engine: Engine) -> None:
        """Switch engines (the TUI's /model); an interview in progress carries on with the new one."""
        self.engine = engine
        self.engine.recorder = self._record_call
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
        # A draft starts a new map (the interview has none), so there is nothing to diff against.
        proposal = Proposal("map", result.journey, notes=list(result.notes))
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
        if proposal.evidence is not None:
            return self._accept_evidence(proposal, only)
        if proposal.kind == "map" and proposal.derived_from is not None:
            return self._accept_derived(proposal, only)
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
        self.emit("applied", record.number)
        self.say("assistant", f"Saved version {record.number}: {message}", version=record.number)
        return record.number

    def undo(self) -> int | None:
        return self._walk(self.store.undo)

    def redo(self) -> int | None:
        return self._walk(self.store.redo)

    def _walk(self, step: Callable[[str], Any]) -> int | None:
        map_id = self._require_map_id()
        record = step(map_id)
        if record is None:
            return None
        self._reload()
        self.emit("applied", record.number)
        return self.head

    def _save_whole(self, journey: JourneyMap, message: str) -> int:
        if self.map_id is None:
            record = self.store.create_map(journey, author=self.engine.name, message=message)
            self.map_id, number = record.id, 1
            self.store.claim_llm_calls([call_id for call_id, _ in self._unclaimed_calls], record.id)
            self._unclaimed_calls = []
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
        from cjm_assistant.export import suggest_filename

        journey = self._require_map()
        text = self._export_text(journey, fmt)
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

    # -- customer evidence ----------------------------------------------------------

    def read_evidence(self, path: str | Path, options: Any = None) -> Any:
        """Read a feedback file (CSV, plain text, JSON lines) into an ``evidence.Feedback``.

        ``options`` is an ``evidence.ReadOptions`` (which columns hold the text,
        score, date and channel; detected when left out). EvidenceError, a
        sentence, when the file cannot be read; nothing is saved either way.
        """
        from cjm_assistant.evidence import read_feedback

        return read_feedback(path, options)

    def estimate_evidence(self, feedback: Any) -> Any:
        """An ``evidence.Estimate``: calls, tokens and cost of importing ``feedback`` with this engine."""
        from cjm_assistant.evidence import estimate

        return estimate(self.engine, self._require_map(), feedback)

    def import_evidence(self, path: Any, options: Any = None, on_progress: Callable[[int, int], None] | None = None,
                        cancel: threading.Event | None = None) -> Proposal:
        """Match customer feedback to the map and propose what it changes (nothing saved until accepted).

        ``path`` is a file or an ``evidence.Feedback`` already read. The
        proposal's edits raise mentions, add quotes and severity, turn inferred
        pain points the evidence supports into evidence, add the problems
        customers raise that the map lacks, and praise as thoughts; accepting
        it saves those edits and one evidence row per item (source file and row)
        in the same transaction. Items already imported into this map are left out.
        """
        from cjm_assistant.evidence import Feedback, analyse, read_feedback

        journey = self._require_map()
        feedback = path if isinstance(path, Feedback) else read_feedback(path, options)
        seen = {(r["source"], r["row"], r["text"]) for r in self.store.evidence(self._require_map_id())}
        self.say("user", f"Import customer evidence from {feedback.source} ({len(feedback.items)} items)")
        result = self._engine_call(lambda: analyse(self.engine, journey, feedback, seen=seen, cancel=cancel,
                                                   on_progress=on_progress))
        self.say("assistant", result.reply)
        preview = edits.apply(journey, result.ops) if result.ops else journey
        proposal = Proposal("edits", preview, ops=result.ops, reply=result.reply, notes=list(result.notes),
                            diff=diff_maps(journey, preview), instruction=f"imported evidence from {feedback.source}",
                            base=journey, evidence=result)
        if result.ops:
            self.emit("proposal", proposal)
        return proposal

    def _accept_evidence(self, proposal: Proposal, only: list[int] | None) -> int:
        chosen = list(range(len(proposal.ops))) if only is None else sorted(set(only) & set(range(len(proposal.ops))))
        ops = [proposal.ops[i] for i in chosen]
        if not ops:
            raise EditError("nothing was selected, so nothing changed")
        rows = proposal.evidence.rows_for(None if only is None else chosen)
        map_id = self._require_map_id()
        message = proposal.instruction or "imported evidence"
        record = self.store.save_version_with_evidence(map_id, ops, rows, author=self.engine.name, message=message,
                                                       base=self.head)
        self._reload()
        self.emit("applied", record.number)
        self.say("assistant", f"Saved version {record.number}: {message} ({len(rows)} items kept, with their rows)",
                 version=record.number)
        return record.number

    def evidence_rows(self, pain_point: str | None = None, stage: str | None = None, kind: str | None = None,
                      version: int | None = None) -> list[dict[str, Any]]:
        """The stored evidence behind the map (its head, or ``version``): source, row, text, stage, pain point."""
        map_id = self._require_map_id()
        if pain_point:
            pain_point = edits.find_in_lane(self._require_map(), "pain_points", pain_point)[0].id
        if stage:
            stage = edits.find_stage(self._require_map(), stage).id
        return self.store.evidence(map_id, version, pain_point=pain_point, stage=stage, kind=kind)

    def evidence_summary(self, version: int | None = None) -> dict[str, Any]:
        """Counts of the evidence behind the map: items, sources, praise per stage, rows per pain point."""
        from cjm_assistant.evidence import summarise

        return summarise(self.store.evidence(self._require_map_id(), version))

    def guesses(self) -> list[tuple[str, str, str, str]]:
        """What still rests on guesses: (lane, id, name, stage name) of every inferred item on the map."""
        out = []
        for lane, item, stage in self._require_map().items():
            if item.provenance == "inferred" and lane not in ("persona", "channel", "transition"):
                name = getattr(item, "name", None) or getattr(item, "text", "")
                out.append((lane, item.id, name, stage.name if stage else ""))
        return out

    def _export_text(self, journey: JourneyMap, fmt: str) -> str:
        """An export; Markdown of a saved map also summarises the evidence stored behind it."""
        from cjm_assistant.export import export, format_named

        if format_named(fmt).name == "md" and self.map_id is not None:
            rows = self.store.evidence(self.map_id)
            if rows:
                from cjm_assistant.evidence import summarise
                from cjm_assistant.export.markdown import to_markdown

                return to_markdown(journey, evidence=summarise(rows))
        return export(journey, fmt)

    # -- future state -------------------------------------------------------------------

    def propose_future(self, opportunity_ids: list[str] | None = None) -> Proposal:
        """A future-state map with the chosen opportunities (ids or names; None: all) in place.

        Pain points they answer are resolved (removed) or reduced (severity -1,
        noted), emotions rise where things improve, and touchpoints the playbook
        knows an opportunity adds appear, each saying which opportunity it comes
        from. Accepting the proposal saves it as a new map linked to this
        version of this one, and opens it; this map is unchanged.
        """
        from cjm_assistant.future import future_state

        journey = self._require_map()
        result = future_state(journey, opportunity_ids)
        return Proposal("map", result.journey, ops=result.ops, reply=result.summary, notes=result.notes,
                        diff=diff_maps(journey, result.journey), instruction=result.summary, base=journey,
                        derived_from=(self._require_map_id(), self.head or 1))

    def _accept_derived(self, proposal: Proposal, only: list[int] | None) -> int:
        assert proposal.derived_from is not None
        journey = proposal.journey
        if only is not None:
            if not set(only) & set(range(len(journey.stages))):
                raise EditError("nothing was selected, so nothing changed")
            drop = [s.id for i, s in enumerate(journey.stages) if i not in set(only)]
            journey = edits.apply(journey, [RemoveStage(stage=sid) for sid in drop])
        source_id, version = proposal.derived_from
        message = f"future state of {source_id} v{version}: {proposal.instruction}"[:500]
        record = self.store.create_linked_map(journey, source_id, version, "future-of", author=self.engine.name,
                                              message=message, note=proposal.instruction[:500])
        self.map_id, self.interview = record.id, None
        self._reload()
        self.emit("applied", 1)
        self.say("assistant", f"Saved the future-state map {record.id} (from {source_id} v{version})", version=1)
        return 1

    def create_future(self, opportunity_ids: list[str] | None = None) -> str:
        """Propose and accept a future state in one go; returns the new map's id (now open)."""
        self.accept(self.propose_future(opportunity_ids))
        assert self.map_id is not None
        return self.map_id

    def linked_maps(self) -> list[dict[str, Any]]:
        """Maps made from this one and the map this one was made from: {map_id, source_id, source_version, relation}."""
        return self.store.links(self._require_map_id())
