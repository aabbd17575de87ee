"""What to fix first: opportunities by impact and effort, and pain points ranked.

Pure functions of a map, like every exporter (only the model and
:mod:`.text` are imported):

* :func:`rank_pains`: the problems the owner stated (or customer evidence
  backs) first, then the assistant's guesses; within each, every pain point
  scored by ``2 × severity`` plus the weight of customer evidence
  (``log2(1 + mentions)``, at most 4) plus how low the stage feels (its
  emotion when negative, as a positive number);
* :func:`quadrants`: opportunities in a 2x2 of impact and effort. High
  impact is an impact of "high", or "medium" for one that answers one of the
  three worst pain points or a severe one; low effort is an effort of "low".
  Quick wins (high impact, low effort) come first, then big bets, fill-ins
  and money pits; within each, those that answer a stated problem first, then
  the more and worse the pain points an opportunity answers, the earlier.
  "No suggestion yet" placeholders are no opportunity: they are listed apart;
* :func:`to_priorities`: both as Markdown, the 2x2 as a table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cjm_assistant.domain.lanes import MAP_KIND_LABELS, SEVERITY_LABELS
from cjm_assistant.domain.views import is_placeholder
from cjm_assistant.export.text import joined, md_cell, md_inline, personas_in_order

if TYPE_CHECKING:  # the models are only named here: a map read without pydantic exports too
    from cjm_assistant.domain.model import JourneyMap, Opportunity, PainPoint, Stage

MARKS = {"user": "", "evidence": "†", "inferred": "°"}
LEVELS = {"low": 1, "medium": 2, "high": 3}
QUADRANTS = ("Quick wins", "Big bets", "Fill-ins", "Money pits")
QUADRANT_HINTS = {
    "Quick wins": "high impact, low effort: do these first",
    "Big bets": "high impact, more effort: plan them",
    "Fill-ins": "lower impact, low effort: when there is time",
    "Money pits": "lower impact, more effort: think twice",
}


#: What a pain point only a "No suggestion yet" stands for is answered by, in the exports' rankings
NO_SUGGESTION = "no suggestion yet"

#: Where a stated problem no stage fits yet is, in a ranking
NOT_PLACED = "not yet placed"


@dataclass
class RankedPain:
    score: float
    stage: Stage | None  # None: a stated problem not yet placed on a stage (the map's "unplaced")
    pain: PainPoint
    answered_by: list[Opportunity] = field(default_factory=list)

    @property
    def where(self) -> str:
        return self.stage.name if self.stage is not None else NOT_PLACED

    @property
    def emotion(self) -> int | None:
        return self.stage.emotion if self.stage is not None else None

    @property
    def evidence_weight(self) -> float:
        return evidence_weight(self.pain.mentions)

    @property
    def fixes(self) -> list[Opportunity]:
        """The opportunities that answer it ("No suggestion yet" is none)."""
        return [o for o in self.answered_by if not is_placeholder(o)]

    @property
    def is_open(self) -> bool:
        """Whether only a "No suggestion yet" stands for its answer: shown as "no suggestion yet"."""
        return not self.fixes and len(self.answered_by) > 0


@dataclass
class RankedOpportunity:
    quadrant: str
    value: float  # the weight of the pain points it answers, plus its impact
    stage: Stage
    opportunity: Opportunity
    answers: list[RankedPain] = field(default_factory=list)

    @property
    def answers_the_owner(self) -> bool:
        """Whether it answers a pain point the owner stated (or evidence backs), not only guesses."""
        return any(r.pain.provenance != "inferred" for r in self.answers)


def evidence_weight(mentions: int) -> float:
    return min(4.0, math.log2(1 + mentions)) if mentions > 0 else 0.0


def pain_score(pain: PainPoint, stage: Stage | None) -> float:
    """Severity counts most, then how many customers mention it, then how low the stage feels."""
    return round(2 * pain.severity + evidence_weight(pain.mentions) + max(0, -(stage.emotion if stage else 0)), 2)


def rank_pains(m: JourneyMap) -> list[RankedPain]:
    """Every pain point, the stated ones first, then worst first (ties: earlier stage, then map order); the
    owner's problems not yet placed on a stage are ranked too (after the placed ones on a tie)."""
    answered: dict[str, list[Opportunity]] = {}
    for stage in m.stages:
        for op in stage.opportunities:
            for ref in dict.fromkeys(op.addresses):
                answered.setdefault(ref, []).append(op)
    ranked = []
    for order, stage in enumerate(m.stages):
        for index, pp in enumerate(stage.pain_points):
            ranked.append(((pp.provenance == "inferred", -pain_score(pp, stage), order, index),
                           RankedPain(pain_score(pp, stage), stage, pp, answered.get(pp.id, []))))
    for index, pp in enumerate(m.unplaced):
        ranked.append(((pp.provenance == "inferred", -pain_score(pp, None), len(m.stages), index),
                       RankedPain(pain_score(pp, None), None, pp, answered.get(pp.id, []))))
    ranked.sort(key=lambda r: r[0])
    return [r for _, r in ranked]


def quadrants(m: JourneyMap) -> list[RankedOpportunity]:
    """Every opportunity with its quadrant, in order: quick wins, big bets, fill-ins, money pits."""
    pains = rank_pains(m)
    by_id = {r.pain.id: r for r in pains}
    worst = {r.pain.id for r in pains[:3]}
    out = []
    order = 0
    for stage in m.stages:
        for op in stage.opportunities:
            if is_placeholder(op):
                continue
            answers = [by_id[ref] for ref in dict.fromkeys(op.addresses) if ref in by_id]
            serious = any(r.pain.id in worst or r.pain.severity >= 3 for r in answers)
            high = op.impact == "high" or (op.impact == "medium" and serious)
            easy = op.effort == "low"
            quadrant = QUADRANTS[(0 if easy else 1) if high else (2 if easy else 3)]
            value = round(sum(r.score for r in answers) + 2 * LEVELS.get(op.impact, 2), 2)
            ranked = RankedOpportunity(quadrant, value, stage, op, answers)
            out.append((QUADRANTS.index(quadrant), not ranked.answers_the_owner, -value, LEVELS.get(op.effort, 2),
                        order, ranked))
            order += 1
    out.sort(key=lambda r: r[:5])
    return [r[-1] for r in out]


def unanswered(m: JourneyMap) -> list[RankedPain]:
    """The stated problems nothing on the map answers yet, worst first."""
    return [r for r in rank_pains(m) if r.pain.provenance != "inferred"
            and not r.fixes]


def _mark(item) -> str:
    return MARKS.get(item.provenance, "")


def _pain_facts(r: RankedPain) -> str:
    facts = [SEVERITY_LABELS.get(r.pain.severity, str(r.pain.severity))]
    if r.pain.mentions:
        facts.append(f"{r.pain.mentions} mention{'s' if r.pain.mentions != 1 else ''}")
    return ", ".join(facts)


def to_priorities(m: JourneyMap) -> str:
    """Opportunities by impact and effort (a 2x2 table, then a ranked list), and pain points ranked."""
    out = [f"# Priorities: {md_inline(m.title)}", ""]
    intro = f"**{MAP_KIND_LABELS.get(m.kind, m.kind)}** map"
    if m.personas:
        intro += " for " + joined([f"**{md_inline(p.name)}**" for p in personas_in_order(m)])
    out += [intro + ". What to do first, and why: opportunities by impact and effort, then the pain points "
            "ranked by severity, customer evidence and how low the stage feels.", ""]
    ranked = quadrants(m)
    out += ["## Impact and effort", ""]
    if not ranked:
        out += ["_No opportunities on the map yet._", ""]
    else:
        def cell(quadrant: str) -> str:
            items = [r for r in ranked if r.quadrant == quadrant]
            head = f"**{quadrant}** ({len(items)})"
            lines = [f"{i}. {md_cell(r.opportunity.name)}{_mark(r.opportunity)} ({md_cell(r.stage.name)})"
                     for i, r in enumerate(items, 1)]
            return "<br>".join([head, *lines]) if lines else f"{head}<br>—"

        out += ["| | Low effort | More effort |", "| --- | --- | --- |",
                f"| **High impact** | {cell('Quick wins')} | {cell('Big bets')} |",
                f"| **Lower impact** | {cell('Fill-ins')} | {cell('Money pits')} |", ""]
        out += ["## Opportunities, in order", ""]
        n = 0
        for quadrant in QUADRANTS:
            items = [r for r in ranked if r.quadrant == quadrant]
            if not items:
                continue
            out += [f"### {quadrant}: {QUADRANT_HINTS[quadrant]}", ""]
            for r in items:
                n += 1
                op = r.opportunity
                line = (f"{n}. **{md_inline(op.name)}**{_mark(op)} — {md_inline(r.stage.name)} · impact {op.impact}, "
                        f"effort {op.effort}")
                if r.answers:
                    line += " · answers " + "; ".join(f"{md_inline(a.pain.name)}{_mark(a.pain)} ({_pain_facts(a)})"
                                                      for a in r.answers)
                else:
                    line += " · answers no pain point on the map"
                out.append(line)
            out.append("")
    waiting = unanswered(m)
    if waiting:
        out += ["## Your problems with no suggestion yet", "",
                "Nothing in the playbook answers these yet; they need your own ideas:", ""]
        out += [f"- {md_inline(r.pain.name)}{_mark(r.pain)} ({md_inline(r.where)})" for r in waiting]
        out.append("")
    pains = rank_pains(m)
    out += ["## Pain points, ranked", ""]
    if not pains:
        out += ["_No pain points on the map yet._", ""]
    else:
        out += ["| # | Pain point | Stage | Severity | Mentions | Stage emotion | Score | Answered by |",
                "| ---: | --- | --- | --- | ---: | ---: | ---: | --- |"]
        for i, r in enumerate(pains, 1):
            answered = (", ".join(md_cell(o.name) + _mark(o) for o in r.fixes)
                        or (NO_SUGGESTION if r.is_open else "—"))
            feels = "—" if r.emotion is None else f"{r.emotion:+d}"
            out.append(f"| {i} | {md_cell(r.pain.name)}{_mark(r.pain)} | {md_cell(r.where)} | "
                       f"{SEVERITY_LABELS.get(r.pain.severity, r.pain.severity)} | {r.pain.mentions} | "
                       f"{feels} | {r.score:g} | {answered} |")
        out += ["", "The problems you named (unmarked) come first; then score = 2 × severity + evidence "
                "(log₂(1 + mentions), at most 4) + how low the stage feels (minus its emotion when negative)."]
        used = {p.pain.provenance for p in pains} | {r.opportunity.provenance for r in ranked}
        legend = [text for key, text in (("inferred", "° inferred by the assistant"),
                                          ("evidence", "† backed by customer evidence")) if key in used]
        if legend:
            out += ["", "Marks: " + "; ".join(legend) + "."]
        out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
