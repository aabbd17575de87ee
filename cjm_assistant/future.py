"""A future-state map: the current one with chosen opportunities in place.

:func:`future_state` turns a current map and a list of its opportunities into
a new map (kind ``future``) through ordinary edit ops, so the change can be
shown as a diff and every item stays traceable:

* a pain point an opportunity answers is **resolved** (removed) when the
  opportunity's impact is high, else **reduced** (severity -1, a note in its
  description naming the opportunity; a low pain point reduced is resolved);
* a stage where something was resolved or reduced feels better: emotion +1,
  and +1 more when its worst remaining pain is milder than before (at most +2);
* an opportunity the playbook's catalogue knows, and that adds a touchpoint
  on a channel the map uses (or that the opportunity names), adds it, on the
  stage of the catalogue touchpoint's phase, described "From opportunity op3
  “...”: ...";
* the applied opportunities leave the lane (they are done), and the map's
  business goals list, one line each, what every opportunity changed.

The current map is not touched; the session saves the result as a new map
linked to the version it came from.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from cjm_assistant.domain import edits
from cjm_assistant.domain.edits import (
    AddTouchpoint,
    EditError,
    EditOp,
    RemoveOpportunity,
    RemovePainPoint,
    SetEmotion,
    UpdateBusiness,
    UpdateMap,
    UpdatePainPoint,
)
from cjm_assistant.domain.lanes import counted
from cjm_assistant.domain.model import (
    MAX_NAME,
    MAX_TEXT,
    JourneyMap,
    Opportunity,
    PainPoint,
    Stage,
)

MAX_GOALS = 20  # Business.goals holds at most this many


@dataclass
class FutureResult:
    journey: JourneyMap
    ops: list[EditOp]
    applied: list[str]  # opportunity ids
    notes: list[str] = field(default_factory=list)  # one line per opportunity: what it changed
    summary: str = ""


def resolve_opportunities(journey: JourneyMap, refs: list[str] | None) -> list[tuple[Stage, Opportunity]]:
    """The opportunities named by id or name (None, [] or ["all"]: every one), in map order."""
    everything = [(stage, op) for stage in journey.stages for op in stage.opportunities]
    if not everything:
        raise EditError("the map has no opportunities to apply; add some first (e.g. “add an opportunity ...”)")
    if not refs or [r.strip().casefold() for r in refs] == ["all"]:
        return everything
    wanted = set()
    for ref in refs:
        if ref.strip():
            wanted.add(edits.find_in_lane(journey, "opportunities", ref.strip())[0].id)
    if not wanted:
        raise EditError("no opportunity was named; give ids such as op1,op3, or all")
    return [(stage, op) for stage, op in everything if op.id in wanted]


def _content(text: str) -> set[str]:
    from cjm_assistant.evidence.phases import content_words

    return content_words(text)


def catalogue_opportunity(journey: JourneyMap, op: Opportunity, linked: dict[str, str]):
    """The playbook catalogue's entry for a map opportunity, if one clearly fits; else None.

    Candidates are the catalogue answers to the pain points it addresses (or,
    when it addresses none, every catalogue opportunity); the one sharing most
    content words with its name and description wins (words of the names
    count double), if it shares any.
    """
    from cjm_assistant.knowledge.catalogue import load

    kb = load()
    keys: list[str] = []
    for ref in op.addresses:
        key = linked.get(ref)
        if key in kb.pain_points:
            keys += [k for k in kb.pain_points[key].opportunities if k not in keys]
    if not op.addresses:
        keys = list(kb.opportunities)
    name, words = _content(op.name), _content(f"{op.name} {op.description}")
    best, best_score = None, 0
    for key in keys:
        info = kb.opportunities[key]
        tp = info.touchpoint
        their_name = _content(f"{info.name} {tp.name if tp else ''}")
        theirs = their_name | _content(f"{info.done} {info.description} {tp.description if tp else ''}")
        score = 2 * len(name & their_name) + len(words & theirs)
        if score > best_score:
            best, best_score = info, score
    return best if best_score >= (2 if op.addresses else 4) else None


def future_state(journey: JourneyMap, refs: list[str] | None = None) -> FutureResult:
    """The future-state map with the chosen opportunities applied; EditError for an unknown one."""
    from cjm_assistant.evidence.phases import linked_entries, stage_phases
    from cjm_assistant.knowledge.catalogue import load
    from cjm_assistant.knowledge.detect import channel_key, detect_channel_keys

    chosen = resolve_opportunities(journey, refs)
    kb = load()
    linked = linked_entries(journey)
    phases = stage_phases(journey)
    pains: dict[str, tuple[Stage, PainPoint]] = {pp.id: (stage, pp) for stage, pp in journey.pain_points()}
    map_channels = {channel_key(c.name) or c.name.casefold(): c.name for c in journey.channels}

    severity = {pid: pp.severity for pid, (_, pp) in pains.items()}
    resolved: dict[str, str] = {}  # pain id -> opportunity id
    reduced: dict[str, list[str]] = defaultdict(list)  # pain id -> opportunity ids
    added: list[tuple[str, str, AddTouchpoint]] = []  # (opportunity id, stage id, op)
    lines: dict[str, list[str]] = defaultdict(list)
    touched: set[str] = set()
    tp_names = {(s.id, tp.name.casefold()) for s, tp in journey.touchpoints()}

    for stage, op in chosen:
        for ref in op.addresses:
            if ref not in pains or ref in resolved:
                continue
            pstage, pp = pains[ref]
            touched.add(pstage.id)
            if op.impact == "high" or severity[ref] <= 1:
                resolved[ref] = op.id
                lines[op.id].append(f"resolves “{pp.name}”")
            else:
                severity[ref] -= 1
                reduced[ref].append(op.id)
                lines[op.id].append(f"reduces “{pp.name}” to severity {severity[ref]}")
        info = catalogue_opportunity(journey, op, linked)
        template = info.touchpoint if info else None
        if template is None:
            continue
        named = {key for key, _ in detect_channel_keys(f"{op.name}. {op.description}")}
        if template.channel in map_channels:
            channel = map_channels[template.channel]
        elif template.channel in named:
            channel = kb.channels[template.channel].name
        else:
            continue
        # On the stage of the touchpoint's phase, else on the opportunity's own stage.
        target = next((s for s in journey.stages if template.phase in phases.get(s.id, [])), stage)
        if (target.id, template.name.casefold()) in tp_names:
            continue
        tp_names.add((target.id, template.name.casefold()))
        description = f"From opportunity {op.id} “{op.name}”: {template.description}"[:MAX_TEXT]
        added.append((op.id, target.id, AddTouchpoint(stage=target.id, name=template.name[:MAX_NAME], channel=channel,
                                                      team=template.team, description=description,
                                                      provenance="inferred")))
        touched.add(target.id)
        lines[op.id].append(f"adds touchpoint “{template.name}” ({channel}) to {target.name}")

    ops: list[EditOp] = [tp for _, _, tp in added]
    for pid, op_ids in reduced.items():
        if pid in resolved:
            continue
        _, pp = pains[pid]
        names = ", ".join(op_ids)
        note = f"Reduced by {names} (severity {pp.severity} → {severity[pid]})."
        description = f"{pp.description} {note}".strip()[:MAX_TEXT]
        ops.append(UpdatePainPoint(pain_point=pid, severity=severity[pid], description=description,
                                   provenance="inferred"))
    ops += [RemovePainPoint(pain_point=pid, provenance="inferred") for pid in resolved]

    # Emotions: better where something was resolved or reduced; more when the worst pain eased.
    emotions: dict[str, tuple[int, int]] = {}
    for stage in journey.stages:
        if stage.id not in touched:
            continue
        before = max((pp.severity for pp in stage.pain_points), default=0)
        after = max((severity[pp.id] for pp in stage.pain_points if pp.id not in resolved), default=0)
        eased = any(pp.id in resolved or pp.id in reduced for pp in stage.pain_points)
        gain = (1 if eased else 0) + (1 if after < before else 0)
        new = min(2, stage.emotion + gain)
        if new != stage.emotion:
            emotions[stage.id] = (stage.emotion, new)
            ops.append(SetEmotion(stage=stage.id, score=new, provenance="inferred"))
    for stage_id, (old, new) in emotions.items():
        name = next(s.name for s in journey.stages if s.id == stage_id)
        causes = [op_id for op_id, _, _ in added if _ == stage_id]
        causes += sorted({op_id for pid, op_id in resolved.items() if pains[pid][0].id == stage_id})
        causes += sorted({o for pid, ids in reduced.items() if pains[pid][0].id == stage_id for o in ids})
        for op_id in dict.fromkeys(causes):
            lines[op_id].append(f"lifts {name} {old:+d} → {new:+d}")

    ops += [RemoveOpportunity(opportunity=op.id, provenance="inferred") for _, op in chosen]
    notes = []
    for _, op in chosen:
        did = "; ".join(dict.fromkeys(lines[op.id])) or "no pain point or touchpoint to change"
        notes.append(f"{op.id} “{op.name}” applied: {did}")
    goals = list(journey.business.goals)
    room = MAX_GOALS - len(goals)
    if room > 0:
        shown = notes if len(notes) <= room else notes[:room - 1] + [
            f"… and {len(notes) - room + 1} more opportunities applied (see `cjm diff` with the current map)"]
        goals += [f"Future state: {line}"[:MAX_TEXT] for line in shown]
    ops.append(UpdateBusiness(goals=goals, provenance="inferred"))
    title = f"{journey.title} (future state)"
    if len(title) > MAX_NAME:
        title = journey.title[: MAX_NAME - len(" (future state)")].rstrip() + " (future state)"
    scope = f"Future state of “{journey.scope or journey.title}” with {len(chosen)} opportunit" \
            f"{'y' if len(chosen) == 1 else 'ies'} in place: {', '.join(op.id for _, op in chosen)}"
    ops.append(UpdateMap(kind="future", title=title, scope=scope[:MAX_TEXT], provenance="inferred"))
    future = edits.apply(journey, ops)
    summary = (f"future state with {', '.join(op.id for _, op in chosen)}: {counted(len(resolved), 'pain point')} resolved, "
               f"{len([p for p in reduced if p not in resolved])} reduced, {counted(len(added), 'touchpoint')} added, "
               f"{counted(len(emotions), 'stage')} feel{'s' if len(emotions) == 1 else ''} better")
    return FutureResult(future, ops, [op.id for _, op in chosen], notes, summary)
