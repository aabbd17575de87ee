"""From matched feedback to a proposal: typed edit ops, and one traceable row per item.

* A pain point on the map that items match gets an ``update_pain_point``:
  its ``mentions`` go up by the number of items, two or three representative
  quotes join its ``evidence``, its severity rises when many customers
  mention it, and the op carries provenance ``evidence``, which turns an
  ``inferred`` pain point into one backed by evidence (the user's own stay
  theirs).
* A problem the map does not show, raised by enough customers, becomes an
  ``add_pain_point`` (provenance ``evidence``) on the stage most of its items
  concern, on the touchpoint most of them name.
* Praise that enough customers share becomes a thought on its stage: a
  representative quote, with how many said something like it.

Every op's new or changed pain point id is known before the proposal is
accepted (new ones get their id here), so each evidence row can say which
pain point it backs.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from cjm_assistant.domain.edits import AddPainPoint, AddThought, EditOp, UpdatePainPoint
from cjm_assistant.domain.model import (
    MAX_ITEMS_PER_LANE,
    JourneyMap,
    PainPoint,
    next_id,
)
from cjm_assistant.knowledge import text as tx

from .match import Match
from .reading import Feedback, FeedbackItem

MAX_QUOTE = 160  # characters of an item quoted on the map
MAX_EVIDENCE = 50  # PainPoint.evidence holds at most this many entries
MIN_PRAISE = 3  # items of one kind of praise on one stage before it becomes a thought
PRAISE_PER_STAGE = 2


@dataclass(frozen=True)
class NewPain:
    """What a proposed pain point is called and how much it usually hurts."""

    name: str
    description: str = ""
    severity: int = 2


@dataclass
class EvidenceImport:
    """The result of analysing a feedback file against a map: the ops, and a row per item."""

    feedback: Feedback
    matches: list[Match]
    ops: list[EditOp] = field(default_factory=list)
    op_targets: list[str | None] = field(default_factory=list)  # per op: the id it makes or changes
    op_labels: list[str] = field(default_factory=list)  # per op: what it does, in a line (for a proposal's parts)
    rows: list[dict] = field(default_factory=list)  # one per new item, for the store's evidence table
    reply: str = ""
    notes: list[str] = field(default_factory=list)
    engine: str = "playbook"
    duplicates: int = 0  # items already imported into this map before
    counts: Counter = field(default_factory=Counter)  # pain, praise, other, placed, matched

    def rows_for(self, accepted: list[int] | None = None) -> list[dict]:
        """The rows to store when ``accepted`` ops (indexes; None: all) are accepted.

        A row that backs a pain point whose op was left out keeps its stage
        but no longer names the pain point: nothing on the map cites it.
        """
        if accepted is None:
            return [dict(r) for r in self.rows]
        kept = {self.op_targets[i] for i in accepted if 0 <= i < len(self.op_targets)}
        cited = {t for t in self.op_targets if t}
        out = []
        for row in self.rows:
            row = dict(row)
            if row.get("pain_point_id") in cited and row["pain_point_id"] not in kept:
                row["pain_point_id"] = None
            out.append(row)
        return out


def _praise_labels() -> dict[str, str]:
    from .match import vocab

    return {t.key: t.label for t in vocab().praise}


def min_new_mentions(items: int) -> int:
    """Items a problem nobody named needs before it is proposed as a pain point."""
    return max(3, math.ceil(items * 0.005))


def raised_severity(current: int, mentions: int, pains: int) -> int:
    """Severity after evidence: many mentions raise it, evidence never lowers it."""
    if pains <= 0:
        return current
    if mentions >= max(5, 0.12 * pains):
        return 3
    if mentions >= max(3, 0.04 * pains):
        return max(current, 2)
    return current


def quote(item: FeedbackItem, source: str) -> str:
    """An item as a quote on the map: the words, then where they came from."""
    text = item.text if len(item.text) <= MAX_QUOTE else tx.shorten(item.text, 60, MAX_QUOTE)
    where = [part for part in (item.channel, item.date) if part]
    where.append(f"{source} row {item.row}")
    return f"“{text}” ({', '.join(where)})"


def _quality(item: FeedbackItem, match: Match, pain: bool) -> float:
    length = len(item.text)
    score = min(match.score, 6.0)
    score += 1.0 if 30 <= length <= MAX_QUOTE else -1.0 if length > 300 or length < 15 else 0.0
    score += min(2.0, abs(match.sentiment)) * 0.5 if (match.sentiment < 0) == pain else 0.0
    return score


def representative(members: list[tuple[FeedbackItem, Match]], pain: bool, how_many: int) -> list[FeedbackItem]:
    """A few clear, different items from a cluster, best first."""
    ranked = sorted(members, key=lambda m: (-_quality(m[0], m[1], pain), m[0].row))
    chosen: list[FeedbackItem] = []
    words: list[set[str]] = []
    for item, _ in ranked:
        toks = set(tx.tokens(item.text))
        if any(len(toks & w) / max(1, len(toks | w)) > 0.5 for w in words):
            continue
        chosen.append(item)
        words.append(toks)
        if len(chosen) >= how_many:
            break
    return chosen


def propose(journey: JourneyMap, feedback: Feedback, matches: list[Match], new_pains: dict[str, NewPain],
            seen: set[tuple[str, int, str]] | None = None, engine: str = "playbook") -> EvidenceImport:
    """Ops and rows for a feedback file already matched item by item (``matches`` parallels its items)."""
    result = EvidenceImport(feedback, matches, engine=engine)
    seen = seen or set()
    source = feedback.source
    fresh: list[tuple[FeedbackItem, Match]] = []
    for item, match in zip(feedback.items, matches):
        if (source, item.row, item.text) in seen:
            result.duplicates += 1
        else:
            fresh.append((item, match))
    stages = {s.id: s for s in journey.stages}
    pains: dict[str, tuple[str, PainPoint]] = {pp.id: (st.id, pp) for st, pp in journey.pain_points()}

    clusters: dict[str, list[tuple[FeedbackItem, Match]]] = defaultdict(list)
    praise: dict[tuple[str, str], list[tuple[FeedbackItem, Match]]] = defaultdict(list)
    for item, match in fresh:
        result.counts[match.kind] += 1
        if match.kind == "pain" and match.target:
            clusters[match.target].append((item, match))
        elif match.kind == "praise" and match.stage_id:
            praise[(match.stage_id, match.topic or "")].append((item, match))
    placed_pains = sum(len(members) for members in clusters.values())
    threshold = min_new_mentions(len(fresh))
    row_target: dict[int, tuple[str | None, str | None]] = {}  # id(item) -> (stage, pain point)
    used_ids = {item.id for _, item, _ in journey.items()}
    lane_sizes = {s.id: {"pain_points": len(s.pain_points), "thoughts": len(s.thoughts)} for s in journey.stages}
    notes_existing, notes_new = [], []

    # Pain points already on the map: most mentioned first.
    for target in sorted((t for t in clusters if t in pains), key=lambda t: (-len(clusters[t]), t)):
        members = clusters[target]
        stage_id, pp = pains[target]
        n = len(members)
        quotes = [quote(i, source) for i in representative(members, True, 3 if n >= 6 else 2)]
        quotes = [q for q in quotes if q not in pp.evidence]
        evidence = (list(pp.evidence) + quotes)[:MAX_EVIDENCE]
        severity = raised_severity(pp.severity, n, placed_pains)
        op = UpdatePainPoint(pain_point=pp.id, mentions=pp.mentions + n, provenance="evidence",
                             evidence=evidence if evidence != list(pp.evidence) else None,
                             severity=severity if severity != pp.severity else None)
        result.ops.append(op)
        result.op_targets.append(pp.id)
        for item, _ in members:
            row_target[id(item)] = (stage_id, pp.id)
        change = f"severity {pp.severity} → {severity}" if severity != pp.severity else f"severity {severity}"
        became = ", now backed by evidence" if pp.provenance == "inferred" else ""
        notes_existing.append(f"{pp.id} “{pp.name}” ({stages[stage_id].name}): +{n} mentions, {change}{became}")
        result.op_labels.append(notes_existing[-1])

    # Problems nobody named: new pain points when enough customers raise them.
    for target in sorted((t for t in clusters if t not in pains), key=lambda t: (-len(clusters[t]), t)):
        members = clusters[target]
        n = len(members)
        info = new_pains.get(target)
        stage_id = Counter(m.stage_id for _, m in members if m.stage_id).most_common(1)
        if info is None or n < threshold or not stage_id:
            for item, match in members:
                row_target[id(item)] = (match.stage_id, None)
            continue
        stage_id = stage_id[0][0]
        if lane_sizes[stage_id]["pain_points"] >= MAX_ITEMS_PER_LANE:
            for item, match in members:
                row_target[id(item)] = (match.stage_id, None)
            continue
        lane_sizes[stage_id]["pain_points"] += 1
        pp_id = next_id("pp", used_ids)
        used_ids.add(pp_id)
        touchpoints = Counter(m.touchpoint_id for _, m in members if m.touchpoint_id and m.stage_id == stage_id)
        touchpoint = None
        if touchpoints:
            tp, count = touchpoints.most_common(1)[0]
            touchpoint = tp if count >= 0.4 * n else None
        severity = raised_severity(min(info.severity, 2), n, placed_pains)
        quotes = [quote(i, source) for i in representative(members, True, 3 if n >= 6 else 2)]
        description = info.description
        result.ops.append(AddPainPoint(stage=stage_id, name=info.name, description=description, severity=severity,
                                       touchpoint=touchpoint, evidence=quotes, mentions=n, id=pp_id,
                                       provenance="evidence"))
        result.op_targets.append(pp_id)
        for item, _ in members:
            row_target[id(item)] = (stage_id, pp_id)
        notes_new.append(f"new {pp_id} “{info.name}” ({stages[stage_id].name}): {n} mentions, severity {severity}")
        result.op_labels.append(notes_new[-1])

    # Praise: a representative quote on the stage, for the kinds most customers share.
    praise_notes = []
    by_stage: dict[str, list[tuple[str, list]]] = defaultdict(list)
    for (stage_id, topic), members in praise.items():
        by_stage[stage_id].append((topic, members))
    for stage_id in [s.id for s in journey.stages if s.id in by_stage]:
        existing = {t.text for t in stages[stage_id].thoughts}
        groups = sorted(by_stage[stage_id], key=lambda g: (-len(g[1]), g[0]))
        for topic, members in groups[:PRAISE_PER_STAGE]:
            n = len(members)
            if n < max(MIN_PRAISE, threshold) or lane_sizes[stage_id]["thoughts"] >= MAX_ITEMS_PER_LANE:
                continue
            best = representative(members, False, 1)[0]
            text = best.text if len(best.text) <= MAX_QUOTE else tx.shorten(best.text, 60, MAX_QUOTE)
            label = _praise_labels().get(topic, "")
            thought = f"“{text}” (praise for {label.lower() if label else 'this stage'}: {n} customers)"
            if any(text in t for t in existing):
                continue
            th_id = next_id("th", used_ids)
            used_ids.add(th_id)
            lane_sizes[stage_id]["thoughts"] += 1
            result.ops.append(AddThought(stage=stage_id, text=thought, id=th_id, provenance="evidence"))
            result.op_targets.append(th_id)
            praise_notes.append(f"praise on {stages[stage_id].name}: {n} customers ({topic or 'general'})")
            result.op_labels.append(f"new thought on {stages[stage_id].name}: {thought}")

    for item, match in fresh:
        stage_id, pp_id = row_target.get(id(item), (match.stage_id, None))
        touchpoint = match.touchpoint_id if match.stage_id == stage_id else None
        result.rows.append({"source": source, "row": item.row, "text": item.text, "score": item.score,
                            "date": item.date, "channel": item.channel, "stage_id": stage_id,
                            "touchpoint_id": touchpoint, "pain_point_id": pp_id, "kind": match.kind})
    placed = sum(1 for r in result.rows if r["stage_id"])
    cited = sum(1 for r in result.rows if r["pain_point_id"])
    result.counts["placed"] = placed
    result.counts["cited"] = cited
    result.notes = notes_existing + notes_new + praise_notes
    if result.duplicates:
        result.notes.append(f"{result.duplicates} items were imported into this map before and were left out")
    result.reply = summary_line(result, len(notes_existing), len(notes_new))
    return result


def summary_line(result: EvidenceImport, existing: int, new: int) -> str:
    c = result.counts
    total = c["pain"] + c["praise"] + c["other"]
    if not total:
        return f"Every item in {result.feedback.source} was imported before; nothing new to add."
    parts = [f"Analysed {total} item{'s' if total != 1 else ''} from {result.feedback.source} with {result.engine}:",
             f"{c['pain']} complaints, {c['praise']} praise, {c['other']} other;",
             f"{c['cited']} back {existing + new} pain point{'s' if existing + new != 1 else ''}"
             f" ({existing} on the map, {new} new); {c['placed']} placed on a stage."]
    return " ".join(parts)
