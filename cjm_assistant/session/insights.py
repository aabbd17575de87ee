"""The session's work with customer evidence, guesses and the future state.

Functions of a :class:`~cjm_assistant.session.Session` (passed in): the session's
methods of the same names delegate here, so the session class stays a short
list of what a front end can do.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cjm_assistant.domain import edits
from cjm_assistant.domain.diff import diff_maps
from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.session.proposals import EvidenceProposal, FutureProposal

if TYPE_CHECKING:
    from cjm_assistant.session.contract import SessionCore as Session


def import_evidence(session: Session, path: Any, options: Any = None,
                    on_progress: Callable[[int, int], None] | None = None,
                    cancel: threading.Event | None = None) -> EvidenceProposal:
    """Match customer feedback to the map and propose what it changes (nothing saved until accepted).

    ``path`` is a file or an ``evidence.Feedback`` already read. The proposal's
    edits raise mentions, add quotes and severity, turn inferred pain points the
    evidence supports into evidence, add the problems customers raise that the
    map lacks, and praise as thoughts; accepting it saves those edits and one
    evidence row per item (source file and row) in the same transaction. Items
    already imported into this map are left out.
    """
    from cjm_assistant.evidence import Feedback, analyse, read_feedback, row_key

    journey = session.journey_or_fail()
    feedback = path if isinstance(path, Feedback) else read_feedback(path, options)
    seen = {row_key(r["source"], r["row"], r["text"]) for r in session.store.evidence(session.map_id_or_fail())}
    session.say("user", f"Import customer evidence from {feedback.source} ({len(feedback.items):,} items)")
    result = session.engine_call(lambda: analyse(session.engine, journey, feedback, seen=seen, cancel=cancel,
                                                 on_progress=on_progress))
    session.say("assistant", result.reply)
    preview = edits.apply(journey, result.ops) if result.ops else journey
    proposal = EvidenceProposal(preview, ops=result.ops, reply=result.reply, notes=list(result.notes),
                                diff=diff_maps(journey, preview), instruction=f"imported evidence from {feedback.source}",
                                base=journey, evidence=result)
    if result.ops:
        session.emit("proposal", proposal)
    return proposal


def evidence_report(session: Session, path: Any, on_row: Callable[[dict[str, Any]], None], options: Any = None,
                    on_progress: Callable[[int, int], None] | None = None,
                    cancel: threading.Event | None = None) -> Any:
    """A dry run: every item matched and handed to ``on_row`` as its report dict (``evidence.report``), as it
    comes; nothing is said, proposed or saved. Returns the ``EvidenceImport`` (counts, unplaced rows)."""
    from cjm_assistant.evidence import Feedback, analyse, read_feedback
    from cjm_assistant.evidence.report import Names, report_row

    journey = session.journey_or_fail()
    feedback = path if isinstance(path, Feedback) else read_feedback(path, options)
    names = Names(journey)
    return session.engine_call(lambda: analyse(
        session.engine, journey, feedback, cancel=cancel, on_progress=on_progress,
        on_row=lambda item, match: on_row(report_row(feedback, item, match, names))))


def assign_evidence(session: Session, row: str, stage: str, pain_point: str | None = None,
                    source: str | None = None) -> tuple[int, list[dict[str, Any]]]:
    """Put a stored row (``"12"``: every part of spreadsheet row 12; ``"12.2"``: its second part) on a stage,
    and on a pain point of that stage when given, as a new version; the user's word is final.

    The pain point's mentions follow the row (one more there, one fewer where it was), and an inferred
    pain point the user attaches a complaint to becomes evidence-backed. Returns (version, the new rows).
    """
    from cjm_assistant.domain.edits import UpdatePainPoint

    journey = session.journey_or_fail()
    number, _, part = row.partition(".")
    if not number.strip().isdigit() or (part and not part.strip().isdigit()):
        raise edits.EditError(f"{row!r} is not a row: give its number as listed (12), or a part of it (12.2)")
    if len(number.strip()) > 12 or len(part.strip()) > 6:  # no file has that many rows
        raise edits.EditError(f"there is no row {row[:20]}…: `cjm evidence MAP --list` shows the rows")
    target_stage = edits.find_stage(journey, stage)
    target_pain = edits.find_in_lane(journey, "pain_points", pain_point)[0] if pain_point else None
    if target_pain is not None and not any(pp.id == target_pain.id for pp in target_stage.pain_points):
        raise edits.EditError(f"pain point {target_pain.id} “{target_pain.name}” is not on stage "
                              f"“{target_stage.name}”")
    rows = [r for r in session.store.evidence(session.map_id_or_fail())
            if r["row"] == int(number) and (not part or (r["part"] or 1) == int(part))
            and (source is None or r["source"] == source)]
    if not rows:
        raise edits.EditError(f"no stored evidence row {row}" + (f" from {source}" if source else "")
                              + "; `cjm evidence MAP --list` shows them")
    if len({r["source"] for r in rows}) > 1:
        raise edits.EditError(f"row {row} is in several files ({', '.join(sorted({r['source'] for r in rows}))}); "
                              "say which with --source")
    tps = {tp.channel.casefold(): tp.id for tp in target_stage.touchpoints}
    new_rows, delta = [], {}
    for r in rows:
        old = r["pain_point_id"]
        pp = target_pain.id if target_pain is not None else None
        if old and old != pp:
            delta[old] = delta.get(old, 0) - 1
        if pp and old != pp:
            delta[pp] = delta.get(pp, 0) + 1
        new = {k: r[k] for k in r if k not in ("id", "version", "created")}
        new.update(stage_id=target_stage.id, pain_point_id=pp, placed=1, confidence=1.0,
                   touchpoint_id=tps.get((r["channel"] or "").casefold()) or
                   (target_pain.touchpoint if target_pain is not None else None),
                   reason=f"assigned by {session.accepted_by}", kind="pain" if pp else r["kind"],
                   sentiment="negative" if pp else r["sentiment"])
        new_rows.append(new)
    ops = []
    for pp_id, change in delta.items():
        found = journey.find(pp_id)
        if found is None:
            continue
        item = found[1]
        ops.append(UpdatePainPoint(pain_point=pp_id, mentions=max(0, item.mentions + change),
                                   provenance="evidence" if change > 0 else "inferred"))
    where = f"“{target_stage.name}”" + (f", {target_pain.id} “{target_pain.name}”" if target_pain else "")
    version = session.save_evidence(ops, new_rows, f"assigned evidence row {row} to {where}")
    return version, new_rows


def evidence_rows(session: Session, pain_point: str | None, stage: str | None, kind: str | None,
                  version: int | None) -> list[dict[str, Any]]:
    journey = session.journey_or_fail()
    if pain_point:
        pain_point = edits.find_in_lane(journey, "pain_points", pain_point)[0].id
    if stage:
        stage = edits.find_stage(journey, stage).id
    return session.store.evidence(session.map_id_or_fail(), version, pain_point=pain_point, stage=stage, kind=kind)


def guesses(journey: JourneyMap) -> list[tuple[str, str, str, str]]:
    """(lane, id, name, stage name) of every inferred item on the map."""
    out = []
    for lane, item, stage in journey.items():
        if item.provenance == "inferred" and lane not in ("persona", "channel", "transition"):
            name = getattr(item, "name", None) or getattr(item, "text", "")
            out.append((lane, item.id, name, stage.name if stage else ""))
    return out


def propose_future(session: Session, opportunity_ids: list[str] | None) -> FutureProposal:
    """A future-state map with the chosen opportunities (ids or names; None: all) in place.

    Pain points they answer are resolved (removed) or reduced (severity -1,
    noted), emotions rise where things improve, and touchpoints the playbook
    knows an opportunity adds appear, each saying which opportunity it comes
    from. Accepting the proposal saves it as a new map linked to this version of
    this one, and opens it; this map is unchanged.
    """
    from cjm_assistant.future import future_state

    journey = session.journey_or_fail()
    result = future_state(journey, opportunity_ids)
    return FutureProposal(result.journey, reply=result.summary, notes=result.notes,
                          diff=diff_maps(journey, result.journey), instruction=result.summary, ops=result.ops,
                          derived_from=(session.map_id_or_fail(), session.head or 1))
