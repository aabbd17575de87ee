"""Answering questions about a map, offline: read the map, say what it shows.

No guessing and no model: the answer is built from the map's own lanes
(emotions, pain points, opportunities, KPIs, channels). The words that pick
the kind of answer live in ``data/vocab.toml`` under ``[answers]``.
"""

from __future__ import annotations

from cjm_assistant.domain.lanes import counted
from cjm_assistant.domain.model import SEVERITY_LABELS, JourneyMap, PainPoint, Stage
from cjm_assistant.domain.views import is_placeholder
from cjm_assistant.knowledge import text as tx
from cjm_assistant.knowledge.catalogue import load

_LEVEL = {"high": 0, "medium": 1, "low": 2}
MAX_LISTED = 5


def answer(journey: JourneyMap, question: str) -> str:
    """A short, plain answer to a question about ``journey``."""
    toks = tx.tokens(question[:2000])
    stage = _stage_named(journey, toks)
    intents = load().vocab.answers
    scores = {intent: tx.keyword_score(toks, words) for intent, words in intents.items()}
    best = max(scores, key=lambda k: scores[k], default="")
    if stage is not None and scores.get(best, 0) <= 1:
        return _about_stage(journey, stage)
    if not journey.stages:
        return "The map has no stages yet, so there is nothing to read from it."
    handler = _HANDLERS.get(best) if scores.get(best, 0) > 0 else None
    if handler is None:
        return _summary(journey) + "\n\n" + _HINT
    return handler(journey)


_HINT = ("Offline, I can tell you: where it hurts most, what to fix first, the pain points, the channels, "
         "the KPIs, what was assumed, or all about one stage (name it).")


def _stage_named(journey: JourneyMap, toks: list[str]) -> Stage | None:
    best, best_len = None, 0
    for stage in journey.stages:
        needle = tx.phrase(stage.name)
        if needle and tx.contains(toks, needle) and len(needle) > best_len:
            best, best_len = stage, len(needle)
    return best


def _ranked_pains(journey: JourneyMap) -> list[tuple[Stage, PainPoint]]:
    order = {s.id: i for i, s in enumerate(journey.stages)}
    return sorted(journey.pain_points(), key=lambda sp: (-sp[1].severity, sp[1].provenance != "user", order[sp[0].id]))


def _pain_line(stage: Stage, pain: PainPoint) -> str:
    said = " (you said so)" if pain.provenance == "user" else ""
    return f"- {pain.name}: {SEVERITY_LABELS[pain.severity]}, at '{stage.name}'{said}"


def _worst(journey: JourneyMap) -> str:
    stage = min(journey.stages, key=lambda s: (s.emotion, -len(s.pain_points)))
    lines = [f"It hurts most at '{stage.name}' (emotion {stage.emotion:+d})."]
    pains = sorted(stage.pain_points, key=lambda p: (-p.severity, p.provenance != "user"))
    if pains:
        lines.append("What happens there:")
        lines += [_pain_line(stage, p) for p in pains[:MAX_LISTED]]
    top = pains[0].id if pains else ""
    real = [o for o in stage.opportunities if not is_placeholder(o)]  # "No suggestion yet" is no move
    move = next((o for o in real if top in o.addresses), real[0] if real else None)
    if move is not None:
        lines.append(f"Best first move there: {move.name}.")
    return "\n".join(lines)


def _fix_first(journey: JourneyMap) -> str:
    pains = {pp.id: pp for _, pp in journey.pain_points()}
    ranked = []
    open_ = []  # the problems only a "No suggestion yet" answers: asked about, never recommended
    for i, (stage, op) in enumerate((s, o) for s in journey.stages for o in s.opportunities):
        answered = [pains[ref] for ref in op.addresses if ref in pains]
        if is_placeholder(op):
            open_ += [p.name for p in answered]
            continue
        user = any(p.provenance == "user" for p in answered)
        weight = sum(p.severity for p in answered)
        ranked.append(((not user, _LEVEL[op.impact], -_LEVEL[op.effort], -weight, i), stage, op))
    if not ranked and not open_:
        return "The map has no opportunities yet; add pain points and I can suggest where to start."
    ranked.sort(key=lambda r: r[0])
    lines = ["Start with what answers the problems you named, with high impact for low effort:"] if ranked else []
    for _, stage, op in ranked[:MAX_LISTED]:
        lines.append(f"- {op.name} ('{stage.name}'; impact {op.impact}, effort {op.effort})")
    if open_:
        lines.append("Nothing on the map answers these yet; what would you do about them? "
                     + "; ".join(f"“{name}”" for name in open_[:MAX_LISTED])
                     + " (add one with: add opportunity 'Your idea' for THE PROBLEM)")
    return "\n".join(lines)


def _pains(journey: JourneyMap) -> str:
    ranked = _ranked_pains(journey)
    if not ranked:
        return "The map has no pain points yet."
    mine = sum(1 for _, p in ranked if p.provenance == "user")
    lines = [f"{counted(len(ranked), 'pain point')}, {mine} of them from you. The most serious:"]
    lines += [_pain_line(s, p) for s, p in ranked[:MAX_LISTED]]
    return "\n".join(lines)


def _channels(journey: JourneyMap) -> str:
    counts = {c.name: 0 for c in journey.channels}
    for _, tp in journey.touchpoints():
        counts[tp.channel] = counts.get(tp.channel, 0) + 1
    lines = ["Touchpoints per channel:"]
    for channel in journey.channels:
        note = " (suggested, you didn't mention it)" if channel.provenance == "inferred" else ""
        lines.append(f"- {channel.name}: {counts.get(channel.name, 0)}{note}")
    idle = [s.name for s in journey.stages if not s.touchpoints]
    if idle:
        lines.append("Stages with no touchpoint: " + ", ".join(idle) + ".")
    return "\n".join(lines)


def _kpis(journey: JourneyMap) -> str:
    lines = ["What to measure, stage by stage:"]
    for stage in journey.stages:
        if stage.kpis:
            kpis = "; ".join(f"{k.name} ({k.target})" if k.target else k.name for k in stage.kpis)
            lines.append(f"- {stage.name}: {kpis}")
    return "\n".join(lines) if len(lines) > 1 else "The map has no KPIs yet."


def _assumed(journey: JourneyMap) -> str:
    guessed = sum(1 for _, item, _ in journey.items() if item.provenance == "inferred")
    told = sum(1 for _, item, _ in journey.items() if item.provenance == "user")
    lines = [f"{counted(told, 'item')} {'comes' if told == 1 else 'come'} from what you said, {guessed} "
             f"{'is' if guessed == 1 else 'are'} the playbook's {'guess' if guessed == 1 else 'guesses'} (marked "
             "inferred)."]
    persona = journey.main_persona
    if persona and persona.provenance == "inferred":
        lines.append(f"The persona '{persona.name}' is assumed; describe a real customer to replace it.")
    suggested = [c.name for c in journey.channels if c.provenance == "inferred"]
    if suggested:
        lines.append("Suggested channels you didn't mention: " + ", ".join(suggested) + ".")
    return "\n".join(lines)


def _summary(journey: JourneyMap) -> str:
    curve = " → ".join(f"{s.name} {s.emotion:+d}" for s in journey.stages)
    pains = sum(len(s.pain_points) for s in journey.stages)
    ops = sum(len(s.opportunities) for s in journey.stages)
    return (f"'{journey.title}': {counted(len(journey.stages), 'stage')}, {counted(pains, 'pain point')}, "
            f"{counted(ops, 'opportunity')}.\n"
            f"Emotion: {curve}.")


def _about_stage(journey: JourneyMap, stage: Stage) -> str:
    lines = [f"'{stage.name}' (emotion {stage.emotion:+d}): {stage.goal}".rstrip(": ")]
    if stage.touchpoints:
        lines.append("Touchpoints: " + "; ".join(f"{t.name} ({t.channel})" for t in stage.touchpoints) + ".")
    lines += [_pain_line(stage, p) for p in sorted(stage.pain_points, key=lambda p: -p.severity)]
    if stage.opportunities:
        lines.append("Opportunities: " + "; ".join(o.name for o in stage.opportunities) + ".")
    return "\n".join(lines)


_HANDLERS = {
    "worst": _worst,
    "fix_first": _fix_first,
    "pains": _pains,
    "channels": _channels,
    "kpis": _kpis,
    "assumed": _assumed,
    "summary": _summary,
}
