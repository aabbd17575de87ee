"""From matched feedback to a proposal: typed edit ops, and traceable rows (one per part of each item).

Matches are streamed: the items are walked once, the rows go to a spool
(:class:`.rows.RowSpool`, on disk past a few MB) and only counts and a few
candidate quotes per pain point stay in memory, so a million rows propose in
bounded memory.

* A pain point on the map that complaint parts are attached to gets an
  ``update_pain_point``: its ``mentions`` go up by the number of rows, two or
  three representative quotes join its ``evidence``, and its severity rises
  when many customers mention it.
* **Provenance only on strong matches.** An *inferred* pain point becomes
  evidence-backed (†) only when :func:`supported` holds: at least
  :data:`SUPPORT_ROWS` (2) rows with a confident complaint part on it
  (pain point confidence >= :data:`SUPPORT_AT`), or one such row whose
  rating is low on its scale (1-2 stars, NPS 0-6). Otherwise the op raises
  the mentions and leaves the pain point a guess. Praise never supports a
  pain point and never raises its mentions; praise that fits one
  ("always kind, never rushed") is counted as contradicting it, in the notes.
* A problem the map does not show, raised by enough confident complaints
  (:func:`min_new_mentions`), becomes an ``add_pain_point`` (provenance
  ``evidence``) on the stage most of its rows concern.
* Praise that enough customers share on one stage becomes a thought there: a
  representative quote, with how many said something like it.

Every op's new or changed pain point id is known before the proposal is
accepted (new ones get their id here), so each evidence row can say which
pain point it backs.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from cjm_assistant.domain.edits import AddPainPoint, AddThought, EditOp, UpdatePainPoint
from cjm_assistant.domain.model import MAX_ITEMS_PER_LANE, JourneyMap, next_id
from cjm_assistant.domain.lanes import SEVERITY_LABELS, counted
from cjm_assistant.knowledge import text as tx

from . import clauses as sn
from .match import Match, PartMatch
from .reading import Feedback, FeedbackItem
from .rows import ReviewRow, RowSpool, part_row

MAX_QUOTE = 160  # characters of an item quoted on the map
MAX_EVIDENCE = 50  # PainPoint.evidence holds at most this many entries
MIN_PRAISE = 3  # rows praising one stage before it becomes a thought
SUPPORT_AT = 0.5  # pain point confidence of a complaint part that counts as support
SUPPORT_ROWS = 2  # confident complaint rows that make an inferred pain point evidence-backed
CANDIDATES = 12  # quote candidates kept per cluster
MIXED_QUOTE = 1.5  # how much less a row that also says the opposite is worth as a quote
UNPLACED_SHOWN = 200  # unplaced rows kept for the listing (all are in the rows)


@dataclass(frozen=True)
class NewPain:
    """What a proposed pain point is called and how much it usually hurts."""

    name: str
    description: str = ""
    severity: int = 2


@dataclass
class Cluster:
    """The rows behind one pain point (or one stage's praise): counts and a few quote candidates."""

    rows: int = 0
    support: int = 0  # confident complaint rows
    low_rated: int = 0  # ...of which with a low rating
    stages: Counter = field(default_factory=Counter)
    touchpoints: Counter = field(default_factory=Counter)
    candidates: list = field(default_factory=list)  # heap of (quality, -row, FeedbackItem)

    def add(self, item: FeedbackItem, part: PartMatch, rating: int | None, mixed: bool = False) -> None:
        """Count ``item`` (through its ``part``); ``mixed``: the row also says the opposite, so it is a weaker
        quote, and quoted by its part alone (praise in "Lovely bike but 3 months is a long time" is "Lovely
        bike", never the whole complaint)."""
        self.rows += 1
        if part.pain_confidence >= SUPPORT_AT or (part.pain_point or "").startswith("new:"):
            self.support += 1
            self.low_rated += rating is not None and rating < 0
        if part.stage_id:
            self.stages[part.stage_id] += 1
        if part.touchpoint_id:
            self.touchpoints[(part.stage_id, part.touchpoint_id)] += 1
        entry = (_quality(item, part) - (MIXED_QUOTE if mixed else 0.0), -item.row, item, part.text if mixed else None)
        if len(self.candidates) < CANDIDATES:
            heapq.heappush(self.candidates, entry)
        elif entry[:2] > self.candidates[0][:2]:
            heapq.heapreplace(self.candidates, entry)

    def remove(self, row: int, support: bool, low: bool) -> None:
        """Take back what one item added (the user moved it elsewhere in the review)."""
        self.rows = max(0, self.rows - 1)
        self.support = max(0, self.support - support)
        self.low_rated = max(0, self.low_rated - low)
        kept = [e for e in self.candidates if e[2].row != row]
        if len(kept) != len(self.candidates):
            heapq.heapify(kept)
            self.candidates = kept

    def quotes(self, how_many: int) -> list[FeedbackItem]:
        ranked = [e[2] for e in sorted(self.candidates, key=lambda e: (-e[0], -e[1]))]
        return representative(ranked, how_many)

    def words_of(self, item: FeedbackItem) -> str:
        """What to quote of ``item``: its part, when the row was mixed; else the whole row."""
        return next((e[3] for e in self.candidates if e[2] is item and e[3]), item.text)


@dataclass
class EvidenceImport:
    """The result of analysing a feedback file against a map: the ops, and the rows (one per part)."""

    feedback: Feedback
    ops: list[EditOp] = field(default_factory=list)
    op_targets: list[str | None] = field(default_factory=list)  # per op: the id it makes or changes
    op_labels: list[str] = field(default_factory=list)  # per op: what it does, in a line
    rows: RowSpool = field(default_factory=RowSpool)  # one per part of each new item, for the evidence table
    reply: str = ""
    notes: list[str] = field(default_factory=list)
    engine: str = "playbook"
    duplicates: int = 0  # items already imported into this map before
    overlaps: int = 0  # items of this file already imported from another (the same words, rating and date)
    counts: Counter = field(default_factory=Counter)  # pain, praise, other, mixed, placed, unplaced, cited
    unplaced: list[tuple[int, str]] = field(default_factory=list)  # (row, text) of the first unplaced rows
    supported: dict[str, int] = field(default_factory=dict)  # pain point id -> confident complaint rows
    # what the ops were made from, to make them again when the user moves rows in the review (:meth:`reassign`)
    made_from: tuple | None = field(default=None, repr=False)

    def review_rows(self, limit: int = 500) -> list[ReviewRow]:
        """The rows a person should look at first, for the review table: the unplaced ones, then the least
        sure (at most ``limit``, read from the spool without holding the rest)."""
        rows = ((bool(r["placed"]), r["confidence"] or 0.0, r["row"], r["part"], r) for r in self.rows)
        return [ReviewRow(r["row"], r["part"], r.get("part_text") or r["text"], r["stage_id"], conf, placed,
                          r["sentiment"]) for placed, conf, _, _, r in heapq.nsmallest(limit, rows, key=lambda e: e[:4])]

    def reassign(self, choices: dict[tuple[int, int], str | None]) -> None:
        """The user's choices from the review table: (row, part) -> stage id (None: unplaced).

        The ops are made again from what is left: a row moved off a pain point's stage no longer counts as its
        mention nor as its support (nor is it quoted there), so no † rests on a row that no longer cites it; a
        praise row moved to another stage counts as that stage's praise."""
        before = {(r["row"], r["part"]): r for r in self.rows if (r["row"], r["part"]) in choices}
        self.rows.move(choices)
        if self.made_from is None:
            return
        journey, clusters, praise, contradicted, pains, new_pains, threshold = self.made_from
        for key, old in before.items():
            stage = choices[key]
            if stage == old["stage_id"]:
                continue
            target = old.get("_cluster")
            if target and target in clusters:
                clusters[target].remove(old["row"], bool(old.get("_support")), bool(old.get("_low")))
            if old.get("_praise") and old["_praise"] in praise:
                praise[old["_praise"]].remove(old["row"], False, False)
            if stage is not None and old["sentiment"] == "positive":
                item = FeedbackItem(old["row"], old["text"], old.get("score"), old.get("date"), old.get("channel"))
                praise[stage].add(item, _Assigned(stage), None)
            if not old["placed"] and stage is not None and (old["row"], old["text"]) in self.unplaced:
                self.unplaced.remove((old["row"], old["text"]))
                self.counts["unplaced"] -= 1
                self.counts["placed"] += 1
        self.ops, self.op_targets, self.op_labels, self.supported = [], [], [], {}
        self.rows.forget_renames()
        _ops(self, journey, clusters, praise, contradicted, pains, new_pains, threshold)

    def rows_for(self, accepted: list[int] | None = None) -> Iterable[dict]:
        """The rows to store when ``accepted`` ops (indexes; None: all) are accepted.

        A row that backs a pain point whose op was left out keeps its stage
        but no longer names the pain point: nothing on the map cites it.
        """
        if accepted is None:
            yield from self.rows
            return
        kept = {self.op_targets[i] for i in accepted if 0 <= i < len(self.op_targets)}
        cited = {t for t in self.op_targets if t}
        for row in self.rows:
            if row.get("pain_point_id") in cited and row["pain_point_id"] not in kept:
                row["pain_point_id"] = None
            yield row


def min_new_mentions(items: int) -> int:
    """Confident complaints a problem nobody named needs before it is proposed as a pain point."""
    return max(3, math.ceil(items * 0.005))


def supported(cluster: Cluster) -> bool:
    """Whether the rows behind a pain point make it evidence-backed (see the module's docstring)."""
    return cluster.support >= SUPPORT_ROWS or cluster.low_rated >= 1


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


def _quality(item: FeedbackItem, part: PartMatch) -> float:
    length = len(item.text)
    score = 2 * part.confidence + part.pain_confidence
    score += 1.0 if 30 <= length <= MAX_QUOTE else -1.0 if length > 300 or length < 15 else 0.0
    return score + min(1.0, abs(part.score))


def representative(ranked: list[FeedbackItem], how_many: int) -> list[FeedbackItem]:
    """A few clear, different items, best first (``ranked`` is best first)."""
    chosen: list[FeedbackItem] = []
    words: list[set[str]] = []
    for item in ranked:
        toks = set(tx.tokens(item.text))
        if any(len(toks & w) / max(1, len(toks | w)) > 0.5 for w in words):
            continue
        chosen.append(item)
        words.append(toks)
        if len(chosen) >= how_many:
            break
    return chosen


def propose(journey: JourneyMap, feedback: Feedback, matches: Iterable[Match], new_pains: dict[str, NewPain],
            seen: set[int] | None = None, engine: str = "playbook",
            on_row: Callable[[FeedbackItem, Match], None] | None = None) -> EvidenceImport:
    """Ops and rows for a feedback file matched item by item (``matches`` parallels its items, and may be a
    generator); ``seen`` holds :func:`.rows.row_key` of rows imported before; ``on_row`` sees every item."""
    result = EvidenceImport(feedback, engine=engine)
    seen = seen or set()
    source = feedback.source
    pains = {pp.id: (st.id, pp) for st, pp in journey.pain_points()}
    clusters: dict[str, Cluster] = defaultdict(Cluster)
    praise: dict[str, Cluster] = defaultdict(Cluster)
    contradicted: Counter = Counter()
    fresh = 0
    from .rows import content_key, row_key

    for item, match in zip(feedback.items, matches):
        if on_row is not None:
            on_row(item, match)
        if row_key(source, item.row, item.text) in seen:
            result.duplicates += 1
            continue
        same = content_key(item.text, item.score, item.date)
        if same is not None and same in seen:  # the same review, imported from another file
            result.overlaps += 1
            continue
        fresh += 1
        rating = feedback.sentiment_of(item)
        result.counts[match.kind] += 1
        result.counts[match.sentiment] += 1
        main = match.main
        if main is None:
            result.counts["unplaced"] += 1
            if len(result.unplaced) < UNPLACED_SHOWN:
                result.unplaced.append((item.row, item.text))
        else:
            result.counts["placed"] += 1
        done: set[str] = set()
        fed: dict[int, dict] = {}  # part index -> what it added to a cluster (taken back if the user moves it)
        for index, part in enumerate(match.parts):
            if not part.placed:
                continue
            if part.sentiment == "negative" and part.pain_point and part.pain_point not in done:
                clusters[part.pain_point].add(item, part, rating)
                done.add(part.pain_point)
                fed[index] = {"_cluster": part.pain_point, "_low": int(rating is not None and rating < 0),
                              "_support": int(part.pain_confidence >= SUPPORT_AT or part.pain_point.startswith("new:"))}
            elif part.sentiment == "positive" and part.stage_id:
                if part.contradicts:
                    contradicted[part.contradicts] += 1
                if "praise:" + part.stage_id not in done:
                    praise[part.stage_id].add(item, part, rating, mixed=match.sentiment == sn.MIXED)
                    done.add("praise:" + part.stage_id)
                    fed[index] = {"_praise": part.stage_id}
        for number, part in enumerate(match.parts, 1):
            result.rows.append({**part_row(source, item, number, part, match), **fed.get(number - 1, {})})
    threshold = min_new_mentions(fresh)
    _ops(result, journey, clusters, praise, contradicted, pains, new_pains, threshold)
    result.made_from = (journey, clusters, praise, contradicted, pains, new_pains, threshold)
    return result


@dataclass
class _Assigned:
    """A part the user put on a stage in the review: placed there for sure."""

    stage_id: str
    confidence: float = 1.0
    pain_confidence: float = 0.0
    pain_point: str | None = None
    touchpoint_id: str | None = None
    score: float = 0.0


def _ops(result: EvidenceImport, journey: JourneyMap, clusters: dict[str, Cluster], praise: dict[str, Cluster],
         contradicted: Counter, pains: dict, new_pains: dict[str, NewPain], threshold: int) -> None:
    source = result.feedback.source
    stages = {s.id: s for s in journey.stages}
    placed_pains = sum(c.rows for c in clusters.values())
    used_ids = {item.id for _, item, _ in journey.items()}
    lane_sizes = {s.id: {"pain_points": len(s.pain_points), "thoughts": len(s.thoughts)} for s in journey.stages}
    notes_existing, notes_new, praise_notes = [], [], []
    dropped: set[str] = set()

    for target in sorted((t for t in clusters if t in pains and clusters[t].rows), key=lambda t: (-clusters[t].rows, t)):
        c = clusters[target]
        stage_id, pp = pains[target]
        backed = supported(c)
        result.supported[target] = c.support
        quotes = [q for q in (quote(i, source) for i in c.quotes(3 if c.rows >= 6 else 2)) if q not in pp.evidence]
        evidence = (list(pp.evidence) + quotes)[:MAX_EVIDENCE]
        severity = raised_severity(pp.severity, c.rows, placed_pains)
        op = UpdatePainPoint(pain_point=pp.id, mentions=pp.mentions + c.rows,
                             provenance="evidence" if backed else "inferred",
                             evidence=evidence if evidence != list(pp.evidence) else None,
                             severity=severity if severity != pp.severity else None)
        result.ops.append(op)
        result.op_targets.append(pp.id)
        change = (f"severity {SEVERITY_LABELS[pp.severity]} → {SEVERITY_LABELS[severity]}" if severity != pp.severity
                  else f"severity {SEVERITY_LABELS[severity]}")
        if pp.provenance == "inferred":
            became = (", now backed by evidence" if backed else
                      f", still a guess ({c.support} confident complaint{'s' if c.support != 1 else ''})")
        else:
            became = ""
        notes_existing.append(f"“{pp.name}” ({stages[stage_id].name}): +{counted(c.rows, 'mention')}, "
                              f"{change}{became}")
        result.op_labels.append(notes_existing[-1])

    for target in sorted((t for t in clusters if t not in pains and clusters[t].rows),
                         key=lambda t: (-clusters[t].rows, t)):
        c = clusters[target]
        info = new_pains.get(target)
        top = c.stages.most_common(1)
        if info is None or c.support < threshold or not top or \
                lane_sizes[top[0][0]]["pain_points"] >= MAX_ITEMS_PER_LANE:
            dropped.add(target)
            continue
        stage_id = top[0][0]
        lane_sizes[stage_id]["pain_points"] += 1
        pp_id = next_id("pp", used_ids)
        used_ids.add(pp_id)
        touchpoint = None
        on_stage = Counter({tp: n for (st, tp), n in c.touchpoints.items() if st == stage_id})
        if on_stage:
            tp, count = on_stage.most_common(1)[0]
            touchpoint = tp if count >= 0.4 * c.rows else None
        severity = raised_severity(min(info.severity, 2), c.rows, placed_pains)
        quotes = [quote(i, source) for i in c.quotes(3 if c.rows >= 6 else 2)]
        result.ops.append(AddPainPoint(stage=stage_id, name=info.name, description=info.description,
                                       severity=severity, touchpoint=touchpoint, evidence=quotes, mentions=c.rows,
                                       id=pp_id, provenance="evidence"))
        result.op_targets.append(pp_id)
        result.rows.rename_target(target, pp_id)
        notes_new.append(f"new pain point “{info.name}” ({stages[stage_id].name}): {counted(c.rows, 'mention')}, "
                         f"severity {SEVERITY_LABELS[severity]}")
        result.op_labels.append(notes_new[-1])
    for target in dropped:
        result.rows.rename_target(target, None)

    for stage in journey.stages:
        c = praise.get(stage.id)
        if c is None or c.rows < max(MIN_PRAISE, threshold) or \
                lane_sizes[stage.id]["thoughts"] >= MAX_ITEMS_PER_LANE:
            continue
        best = c.quotes(1)[0]
        said = c.words_of(best)
        text = said if len(said) <= MAX_QUOTE else tx.shorten(said, 60, MAX_QUOTE)
        if any(text in t.text for t in stage.thoughts):
            continue
        thought = f"“{text}” (praise for this stage: {c.rows} customers)"
        th_id = next_id("th", used_ids)
        used_ids.add(th_id)
        lane_sizes[stage.id]["thoughts"] += 1
        result.ops.append(AddThought(stage=stage.id, text=thought, id=th_id, provenance="evidence"))
        result.op_targets.append(th_id)
        praise_notes.append(f"praise on {stage.name}: {c.rows} customers")
        result.op_labels.append(f"new thought on {stage.name}: {thought}")

    names = {pp_id: pp.name for pp_id, (_, pp) in pains.items()}
    contra = [f"{n} customer{'s' if n != 1 else ''} praised what “{names[pp_id]}” says is a problem "
              "(counted as praise, not support)" for pp_id, n in contradicted.most_common() if pp_id in names]
    result.counts["cited"] = sum(c.rows for t, c in clusters.items() if t not in dropped)
    result.notes = notes_existing + notes_new + praise_notes + contra
    if result.counts["unplaced"]:
        n = result.counts["unplaced"]
        result.notes.append(f"{n:,} row{'s' if n != 1 else ''} not placed on any stage (not sure where they "
                            "belong): assign them with `cjm evidence MAP --assign ROW STAGE` or in the review table")
    if result.duplicates:
        n = result.duplicates
        result.notes.append(f"{counted(n, 'item')} {'was' if n == 1 else 'were'} imported into this map before and "
                            f"{'was' if n == 1 else 'were'} left out")
    if result.overlaps:
        result.notes.append(f"{result.overlaps:,} item{'s' if result.overlaps != 1 else ''} already imported from "
                            "another file (the same words, rating and date) were left out, so no review counts twice")
    result.reply = summary_line(result, len(notes_existing), len(notes_new))


def summary_line(result: EvidenceImport, existing: int, new: int) -> str:
    c = result.counts
    total = c["pain"] + c["praise"] + c["other"]
    if not total:
        return f"Every item in {result.feedback.source} was imported before; nothing new to add."
    parts = [f"Analysed {counted(total, 'item')} from {result.feedback.source} with {result.engine}:",
             f"{counted(c['negative'], 'complaint')}, {c['positive']:,} praise, {c['mixed']:,} mixed, "
             f"{c['neutral']:,} other;",
             f"{counted(c['cited'], 'item')} back{'s' if c['cited'] == 1 else ''} "
             f"{counted(existing + new, 'pain point')}"
             f" ({existing} on the map, {new} new); {c['placed']:,} placed on a stage, {c['unplaced']:,} unplaced."]
    return " ".join(parts)
