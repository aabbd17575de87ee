"""A one-page brief for a manager: the journey, the worst moments, what to do, what to watch.

Four short sections, all read from the map (nothing invented):

1. **The journey** in one paragraph: who, through which stages, where it
   feels good and where it hurts;
2. **The three worst moments**: the top of :func:`.priorities.rank_pains` (the
   owner's stated problems lead), each with its stage, severity, how many
   customers mention it and up to two quotes, or a plain note that it rests on
   a guess;
3. **What to do first**: the quick wins and big bets (:func:`.priorities.quadrants`)
   that answer the owner's own problems, then those answering only guesses
   (quick wins before big bets within each); then the stated problems that
   have no suggestion yet.

Every name keeps its provenance mark (° inferred, † backed by evidence).
4. **KPIs to watch**: those of the worst moments' stages first, with now and target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cjm_assistant.domain.lanes import EMOTION_LABELS, MAP_KIND_LABELS, SEVERITY_LABELS
from cjm_assistant.export.markdown import kpi_facts
from cjm_assistant.export.priorities import MARKS, QUADRANTS, quadrants, rank_pains, unanswered
from cjm_assistant.export.text import joined, md_inline, personas_in_order

if TYPE_CHECKING:  # the models are only named here: a map read without pydantic exports too
    from cjm_assistant.domain.model import JourneyMap

TOP_MOMENTS = 3
TOP_OPPORTUNITIES = 5
TOP_KPIS = 6
FEELS = {2: "feels great", 1: "feels good", 0: "feels neutral", -1: "hurts", -2: "hurts most"}


def journey_paragraph(m: JourneyMap) -> str:
    names = [md_inline(p.name) for p in personas_in_order(m)]
    whose = f"{names[0]}'s journey" if len(names) == 1 else \
        f"The journey of {joined(names)}" if names else "The customer's journey"
    if not m.stages:
        return f"{whose} has no stages on the map yet."
    scope = md_inline(m.scope).rstrip(".")
    stages = [f"{md_inline(s.name)} ({FEELS.get(s.emotion, EMOTION_LABELS.get(s.emotion, ''))})" for s in m.stages]
    text = whose + (f" ({scope[:1].lower() + scope[1:]})" if scope else "")
    text += f" runs through {len(m.stages)} stage{'s' if len(m.stages) != 1 else ''}: {joined(stages)}."
    low = min(m.stages, key=lambda s: s.emotion)
    high = max(m.stages, key=lambda s: s.emotion)
    pains = rank_pains(m)
    if low.emotion < 0:
        worst_here = next((r for r in pains if r.stage is low), None)
        text += f" The low point is **{md_inline(low.name)}**"
        text += f" (worst there: “{md_inline(worst_here.pain.name)}”)." if worst_here else "."
    if high.emotion > 0 and high is not low:
        text += f" It feels best at **{md_inline(high.name)}**."
    total = sum(len(s.pain_points) for s in m.stages) + len(m.unplaced)
    backed = sum(1 for _, pp in m.pain_points() if pp.mentions or pp.evidence)
    if total:
        text += (f" The map holds {total} pain point{'s' if total != 1 else ''}, "
                 f"{backed} of them backed by customer evidence")
        text += f", {len(m.unplaced)} not yet placed on a stage." if m.unplaced else "."
    return text


def to_brief(m: JourneyMap) -> str:
    """The map as a one-page Markdown brief."""
    out = [f"# Brief: {md_inline(m.title)}", ""]
    line = f"*{MAP_KIND_LABELS.get(m.kind, m.kind)} map of {md_inline(m.business.name)}"
    names = [md_inline(p.name) for p in personas_in_order(m)]
    out += [line + (f", drawn for {joined(names)}.*" if names else ".*"), ""]
    out += ["## The journey", "", journey_paragraph(m), ""]

    out += ["## The three worst moments", ""]
    pains = rank_pains(m)
    if not pains:
        out += ["_No pain points on the map yet._", ""]
    for i, r in enumerate(pains[:TOP_MOMENTS], 1):
        pp = r.pain
        facts = [f"{SEVERITY_LABELS.get(pp.severity, pp.severity)} severity"]
        if r.emotion is not None:
            facts.append(f"emotion {r.emotion:+d}")
        if pp.mentions:
            facts.insert(1, f"{pp.mentions} customer mention{'s' if pp.mentions != 1 else ''}")
        where = f"at *{md_inline(r.where)}*" if r.stage is not None else f"({r.where}: which step is it?)"
        out.append(f"{i}. **{md_inline(pp.name)}**{MARKS.get(pp.provenance, '')} {where} — {', '.join(facts)}.")
        if pp.description:
            out.append(f"   {md_inline(pp.description)}")
        quotes = [e for e in pp.evidence if e][-2:]
        if quotes:
            out += [f"   - Evidence: {md_inline(q)}" for q in quotes]
        elif pp.provenance == "inferred":
            out.append("   - *No customer evidence yet: this rests on a guess; check it before acting on it.*")
        else:
            out.append("   - *No customer evidence attached yet: it comes from the owner's own account.*")
        fixes = ", ".join(md_inline(o.name) + MARKS.get(o.provenance, "") for o in r.fixes)
        out.append("   - " + (f"Answered by: {fixes}." if fixes else
                              "No suggestion yet: what would fix it is yours to add." if r.is_open
                              else "No opportunity answers it yet."))
        out.append("")

    out += ["## What to do first", ""]
    # the owner's own problems lead (a quick win on a guess comes after a big bet on what the owner said);
    # within each, quick wins before big bets
    first = sorted(quadrants(m), key=lambda r: not r.answers_the_owner)  # stable: quadrant order within each
    ranked = [r for r in first if r.quadrant in QUADRANTS[:2]][:TOP_OPPORTUNITIES] or first[:TOP_OPPORTUNITIES]
    if not ranked:
        out += ["_No opportunities on the map yet._", ""]
    for i, r in enumerate(ranked, 1):
        op = r.opportunity
        answers = "; ".join(md_inline(a.pain.name) + MARKS.get(a.pain.provenance, "") for a in r.answers)
        out.append(f"{i}. **{md_inline(op.name)}**{MARKS.get(op.provenance, '')} ({r.quadrant[:-1].lower()}: "
                   f"impact {op.impact}, effort {op.effort})" + (f" — answers {answers}." if answers else "."))
    waiting = unanswered(m)
    if waiting:
        names = "; ".join(list(dict.fromkeys(md_inline(r.pain.name) for r in waiting))[:TOP_OPPORTUNITIES])  # once
        out.append(f"{len(ranked) + 1}. **Your own ideas for:** {names} (nothing in the playbook answers these yet).")
    if ranked or waiting:
        out.append("")

    out += ["## KPIs to watch", ""]
    worst_stages = []
    for r in pains[:TOP_MOMENTS]:
        if r.stage is not None and r.stage not in worst_stages:
            worst_stages.append(r.stage)
    order = worst_stages + [s for s in m.stages if s not in worst_stages]
    kpis = [(s, k) for s in order for k in s.kpis][:TOP_KPIS]
    if not kpis:
        out += ["_No KPIs on the map yet: add one per stage, starting with the worst moments._", ""]
    for s, k in kpis:
        facts = kpi_facts(k)
        out.append(f"- **{md_inline(k.name)}** ({md_inline(s.name)})" + (f": {', '.join(facts)}" if facts else ""))
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
