"""The session's work with customer evidence, guesses and the future state.

A part of :class:`~cjm_assistant.session.session.Session` (see there why parts): its methods name
the session by :class:`~cjm_assistant.session.contract.SessionParts`. The evidence matcher, the
model and the diff are imported when a method runs, so that opening a session stays cheap.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from cjm_assistant.domain.errors import EditError
from cjm_assistant.domain.lanes import counted

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from typing import Any

    from cjm_assistant.domain.edits import EditOp
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.session.contract import SessionParts
    from cjm_assistant.session.proposals import EvidenceProposal, FutureProposal


class Insights:
    """Read, estimate, import, report on and assign customer evidence; list the guesses; propose a future state."""

    def read_evidence(self: SessionParts, path: str | Path, options: Any = None,
                      leave_out: tuple[str, ...] = ()) -> Any:
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

    def estimate_evidence(self: SessionParts, feedback: Any) -> Any:
        """An ``evidence.Estimate``: calls, tokens and cost of importing ``feedback`` with this engine."""
        from cjm_assistant.evidence import estimate

        return estimate(self.engine, self.journey_or_fail(), feedback)

    def import_evidence(self: SessionParts, path: Any, options: Any = None,
                        on_progress: Callable[[int, int], None] | None = None,
                        cancel: threading.Event | None = None, force: bool = False,
                      record: bool = True) -> EvidenceProposal:
        """Match customer feedback to the map and propose what it changes (nothing saved until accepted).

        ``path`` is a file or an ``evidence.Feedback`` already read. The proposal's
        edits raise mentions, add quotes and severity, turn inferred pain points the
        evidence supports into evidence, add the problems customers raise that the
        map lacks, and praise as thoughts; accepting it saves those edits and one
        evidence row per item (source file and row) in the same transaction. Items
        already imported into this map are left out, and so is a file whose every
        item (row, text, rating, date) is already stored from a file of another name
        (a copy, "reviews (1).csv"), unless ``force``: nothing is matched or proposed.

        ``record=False`` says nothing in the map's conversation (the CLI asks first: a run not accepted is a dry run
        and leaves no trace); :meth:`record_import` says it once the import is accepted.
        """
        from cjm_assistant.domain import edits
        from cjm_assistant.domain.diff import diff_maps
        from cjm_assistant.evidence import Feedback, analyse, read_feedback, row_key
        from cjm_assistant.evidence.rows import content_key
        from cjm_assistant.session.proposals import EvidenceProposal

        journey = self.journey_or_fail()
        feedback = path if isinstance(path, Feedback) else read_feedback(path, options)
        stored = self.store.evidence(self.map_id_or_fail())
        seen = {row_key(r["source"], r["row"], r["text"]) for r in stored}
        if not force:  # an item already imported from another file (next month's export holds last month's too)
            seen |= {key for r in stored if r["source"] != feedback.source
                     and (key := content_key(r["text"], r["score"], r["date"])) is not None}
        if record:
            self._say_import(feedback)
        original = None if force else copy_of(feedback, stored)
        if original is not None:
            from cjm_assistant.evidence.propose import EvidenceImport

            n = len(feedback.items)
            result = EvidenceImport(feedback, engine=self.engine.name,
                                    duplicates=n)
            result.reply = (f"{feedback.source} has the same {n:,} item{'s' if n != 1 else ''} as {original}, "
                            "imported before; nothing new to add (import it with --force to count them again).")
        else:
            result = self.engine_call(lambda: analyse(self.engine, journey, feedback, seen=seen, cancel=cancel,
                                                      on_progress=on_progress))
        if record:
            self.say("assistant", result.reply)
        preview = edits.apply(journey, result.ops) if result.ops else journey
        proposal = EvidenceProposal(preview, ops=result.ops, reply=result.reply, notes=list(result.notes),
                                    diff=diff_maps(journey, preview),
                                    instruction=f"imported evidence from {feedback.source}", base=journey,
                                    evidence=result)
        if result.ops:
            self.emit("proposal", proposal)
        return proposal

    def _say_import(self: SessionParts, feedback: Any) -> None:
        self.say("user", f"Import customer evidence from {feedback.source} ({counted(len(feedback.items), 'item')})",
                 typed=False)  # said for the record: not a message to send again

    def record_import(self: SessionParts, proposal: EvidenceProposal) -> None:
        """Say an import made with ``record=False`` in the conversation, as :meth:`import_evidence` would have."""
        self._say_import(proposal.evidence.feedback)
        self.say("assistant", proposal.reply)

    def save_evidence(self: SessionParts, ops: list[EditOp], rows: Iterable[dict[str, Any]], message: str,
                      preview: JourneyMap | None = None) -> int:
        """Save accepted evidence edits and their evidence rows (streamed: rows may be a generator) in one
        transaction; ``preview`` as for :meth:`edit`."""
        items = [0]

        def tallied() -> Iterator[dict[str, Any]]:
            last = None
            for row in rows:  # the parts of one item come together
                if (row.get("source"), row.get("row")) != last:
                    items[0] += 1
                    last = (row.get("source"), row.get("row"))
                yield row

        with self._commit():
            record = self.store.save_version_with_evidence(self.map_id_or_fail(), ops, tallied(),
                                                           author=self.accepted_by, message=message, base=self.head)
            self._reload()
            self.emit("applied", record.number)
            self.say("assistant", f"Saved version {record.number}: {message} ({counted(items[0], 'item')} kept, "
                                  f"with {'its row' if items[0] == 1 else 'their rows'})", version=record.number)
        return record.number

    def evidence_report(self: SessionParts, path: Any, on_row: Callable[[dict[str, Any]], None], options: Any = None,
                        on_progress: Callable[[int, int], None] | None = None,
                        cancel: threading.Event | None = None) -> Any:
        """A dry run: every item matched and handed to ``on_row`` as its report dict (``evidence.report``), as it
        comes; nothing is said, proposed or saved. Returns the ``EvidenceImport`` (counts, unplaced rows)."""
        from cjm_assistant.evidence import Feedback, analyse, read_feedback
        from cjm_assistant.evidence.report import Names, report_row

        journey = self.journey_or_fail()
        feedback = path if isinstance(path, Feedback) else read_feedback(path, options)
        names = Names(journey)
        return self.engine_call(lambda: analyse(
            self.engine, journey, feedback, cancel=cancel, on_progress=on_progress,
            on_row=lambda item, match: on_row(report_row(feedback, item, match, names))))

    def assign_evidence(self: SessionParts, row: str, stage: str, pain_point: str | None = None,
                        source: str | None = None) -> tuple[int, list[dict[str, Any]]]:
        """Put a stored row (``"12"``: every part of spreadsheet row 12; ``"12.2"``: its second part) on a stage,
        and on a pain point of that stage when given, as a new version; the user's word is final.

        The pain point's mentions follow the row (one more there, one fewer where it was), and an inferred
        pain point the user attaches a complaint to becomes evidence-backed. A pain point under 'Not yet placed' is
        placed on the stage too (the owner has said where it happens); one on another stage is refused. A part that
        praises is put on the stage only and stays praise: praise never counts for a pain point. Returns (version,
        the new rows). A row whose every part praises goes on no pain point, so it places none either: a pain
        point under 'Not yet placed' stays there (nothing the owner said attaches it to the stage).
        """
        from cjm_assistant.domain import edits
        from cjm_assistant.domain.edits import MovePainPoint, UpdatePainPoint

        journey = self.journey_or_fail()
        number, _, part = row.partition(".")
        if not number.strip().isdigit() or (part and not part.strip().isdigit()):
            raise EditError(f"{row!r} is not a row: give its number as listed (12), or a part of it (12.2)")
        if len(number.strip()) > 12 or len(part.strip()) > 6:  # no file has that many rows
            raise EditError(f"there is no row {row[:20]}…: `cjm evidence MAP --list` shows the rows")
        from cjm_assistant.engines.instructions import loose_ref

        target_stage = edits.find_stage(journey, loose_ref(journey, "stages", stage))
        target_pain = edits.find_in_lane(journey, "pain_points", loose_ref(journey, "pain_points", pain_point))[0] \
            if pain_point else None
        # a pain point under "Not yet placed" goes on the stage with the row: the owner just said where it happens
        placing = target_pain is not None and any(pp.id == target_pain.id for pp in journey.unplaced)
        if target_pain is not None and not placing \
                and not any(pp.id == target_pain.id for pp in target_stage.pain_points):
            raise EditError(f"pain point {target_pain.id} “{target_pain.name}” is not on stage "
                                  f"“{target_stage.name}”")
        rows = [r for r in self.store.evidence(self.map_id_or_fail())
                if r["row"] == int(number) and (not part or (r["part"] or 1) == int(part))
                and (source is None or r["source"] == source)]
        if not rows:
            raise EditError(f"no stored evidence row {row}" + (f" from {source}" if source else "")
                                  + "; `cjm evidence MAP --list` shows them")
        if len({r["source"] for r in rows}) > 1:
            raise EditError(f"row {row} is in several files ({', '.join(sorted({r['source'] for r in rows}))}); "
                                  "say which with --source")
        tps = {tp.channel.casefold(): tp.id for tp in target_stage.touchpoints}
        new_rows, delta = [], {}
        for r in rows:
            old = r["pain_point_id"]
            praise = r["sentiment"] == "positive" or r["kind"] == "praise"
            # praise never counts for a pain point: a praising part goes on the stage, beside it, and stays praise
            pp = target_pain.id if target_pain is not None and not praise else None
            if old and old != pp:
                delta[old] = delta.get(old, 0) - 1
            if pp and old != pp:
                delta[pp] = delta.get(pp, 0) + 1
            new = {k: r[k] for k in r if k not in ("id", "version", "created")}
            new.update(stage_id=target_stage.id, pain_point_id=pp, placed=1, confidence=1.0,
                       touchpoint_id=tps.get((r["channel"] or "").casefold()) or
                       (target_pain.touchpoint if target_pain is not None
                        and target_pain.touchpoint in tps.values() else None),
                       reason=f"assigned by {self.accepted_by}", kind="pain" if pp else r["kind"],
                       sentiment="negative" if pp else r["sentiment"])
            if pp and r.get("row_sentiment"):  # put on a pain point by the owner: the item complains, now counted so
                new["row_sentiment"] = "mixed" if r["row_sentiment"] in ("positive", "mixed") else "negative"
            new_rows.append(new)
        placing = placing and any(r["pain_point_id"] for r in new_rows)  # praise alone places no pain point
        ops: list = [MovePainPoint(pain_point=target_pain.id, stage=target_stage.id)] if placing else []
        for pp_id, change in delta.items():
            found = journey.find(pp_id)
            if found is None:
                continue
            item = found[1]
            ops.append(UpdatePainPoint(pain_point=pp_id, mentions=max(0, item.mentions + change),
                                       provenance="evidence" if change > 0 else "inferred"))
        where = f"“{target_stage.name}”" + (f", {target_pain.id} “{target_pain.name}”" if target_pain else "")
        placed = f" (placed {target_pain.id} on “{target_stage.name}”, from 'Not yet placed')" if placing else ""
        version = self.save_evidence(ops, new_rows, f"assigned evidence row {row} to {where}{placed}")
        return version, new_rows

    def evidence_rows(self: SessionParts, pain_point: str | None = None, stage: str | None = None,
                      kind: str | None = None, version: int | None = None) -> list[dict[str, Any]]:
        """The stored evidence behind the map (its head, or ``version``): source, row, text, stage, pain point."""
        from cjm_assistant.domain import edits

        journey = self.journey_or_fail()
        if pain_point:
            pain_point = edits.find_in_lane(journey, "pain_points", pain_point)[0].id
        if stage:
            stage = edits.find_stage(journey, stage).id
        return self.store.evidence(self.map_id_or_fail(), version, pain_point=pain_point, stage=stage, kind=kind)

    def evidence_summary(self: SessionParts, version: int | None = None) -> dict[str, Any]:
        """Counts of the evidence behind the map: items, sources, praise per stage, rows per pain point."""
        from cjm_assistant.evidence import summarise

        return summarise(self.store.evidence(self.map_id_or_fail(), version))

    def guesses(self: SessionParts) -> list[tuple[str, str, str, str]]:
        """What still rests on guesses: (lane, id, name, stage name) of every inferred item on the map."""
        journey = self.journey_or_fail()
        out = []
        for lane, item, stage in journey.items():
            if item.provenance == "inferred" and lane not in ("persona", "channel", "transition"):
                name = getattr(item, "name", None) or getattr(item, "text", "")
                out.append((lane, item.id, name, stage.name if stage else ""))
        return out

    def propose_future(self: SessionParts, opportunity_ids: list[str] | None = None) -> FutureProposal:
        """A future-state map with the chosen opportunities (ids or names; None: all) in place.

        Pain points they answer are resolved (removed) or reduced (severity -1,
        noted), emotions rise where things improve, and touchpoints the playbook
        knows an opportunity adds appear, each saying which opportunity it comes
        from. Accepting the proposal saves it as a new map linked to this version of
        this one, and opens it; this map is unchanged.
        """
        from cjm_assistant.domain.diff import diff_maps
        from cjm_assistant.future import future_state
        from cjm_assistant.session.proposals import FutureProposal

        journey = self.journey_or_fail()
        result = future_state(journey, opportunity_ids)
        return FutureProposal(result.journey, reply=result.summary, notes=result.notes,
                              diff=diff_maps(journey, result.journey), instruction=result.summary, ops=result.ops,
                              derived_from=(self.map_id_or_fail(), self.head or 1))

    def create_future(self: SessionParts, opportunity_ids: list[str] | None = None) -> str:
        """Propose and accept a future state in one go; returns the new map's id (now open)."""
        self.accept(self.propose_future(opportunity_ids))
        assert self.map_id is not None
        return self.map_id


def copy_of(feedback: Any, stored: list[dict[str, Any]]) -> str | None:
    """The file of another name whose stored rows hold every item of ``feedback`` (the same row, text, rating
    and date: the same export saved again, "reviews (1).csv"), or None. One pass over the items."""
    sources: dict[tuple, set[str]] = {}
    for r in stored:
        if r["source"] != feedback.source:
            sources.setdefault((r["row"], r["text"], r["score"], r["date"]), set()).add(r["source"])
    if not sources:
        return None
    candidates: set[str] | None = None
    for item in feedback.items:
        found = sources.get((item.row, item.text, item.score, item.date))
        if not found:
            return None
        candidates = set(found) if candidates is None else candidates & found
        if not candidates:
            return None
    return min(candidates) if candidates else None
