"""Pain points, opportunities, emotions and KPIs for a map being composed.

The user's problems and their persona's frustrations come first: each is
matched to the catalogue by keywords (to find where it happens, how much it
usually hurts and what answers it), placed on the stage that fits best, and
kept in the user's own words. The playbook then adds a few typical pain
points per stage, marked ``inferred``, never repeating one the user raised.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from cjm_assistant.domain.model import MAX_NAME, MAX_TEXT
from cjm_assistant.knowledge import text as tx
from cjm_assistant.knowledge.catalogue import PainInfo

from .extract import detect_channel_keys, detect_severity

if TYPE_CHECKING:
    from .context import Context, StageBuild

#: Inferred pain points per stage: with and without a pain point from the user.
INFERRED_WITH_USER = 1
INFERRED_WITHOUT_USER = 2
MAX_KPIS_PER_STAGE = 2
#: How much a pain point pulls the emotion down, by severity (user's own pain points).
USER_WEIGHT = {1: 0.5, 2: 1.0, 3: 2.0}
#: Inferred pain points are guesses: they weigh a fifth of their severity.
INFERRED_WEIGHT = 0.2


def user_statements(ctx: Context) -> list[str]:
    """The user's problems, then the main persona's frustrations, without repeats."""
    items = list(ctx.profile.problems)
    if ctx.profile.personas:
        items += ctx.profile.personas[0].frustrations
    seen: set[str] = set()
    out = []
    for item in items:
        key = " ".join(item.casefold().split())
        if key and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _allowed(ctx: Context, pain: PainInfo) -> bool:
    if pain.industries and ctx.industry_key not in pain.industries:
        return False
    if pain.business_models and ctx.business_model not in pain.business_models:
        return False
    return True


def match_pain(ctx: Context, statement: str) -> PainInfo | None:
    """The catalogue pain point that best matches the user's words, if any."""
    toks = tx.tokens(statement)
    best, best_score = None, 0.0
    phases = {p.phase for p in ctx.plans}
    for pain in ctx.kb.pain_points.values():
        if not _allowed(ctx, pain):
            continue
        score = tx.keyword_score(toks, pain.keywords)
        if score <= 0:
            continue
        if phases & set(pain.phases):
            score += 0.5
        if score > best_score:
            best, best_score = pain, score
    return best


def _place(ctx: Context, stages: list[StageBuild], pain: PainInfo | None, statement: str) -> StageBuild:
    toks = tx.tokens(statement)
    phase_score = {p: tx.keyword_score(toks, info.keywords) for p, info in ctx.kb.vocab.phases.items()}
    if pain:
        ranked = []
        for i, stage in enumerate(stages):
            chain = ctx.kb.phase_chain(stage.phase)
            depths = [(chain.index(p), pain.phases.index(p)) for p in pain.phases if p in chain]
            if depths:
                depth, pidx = min(depths)
                ranked.append(((depth, -phase_score[stage.phase], pidx, i), stage))
        if ranked:
            return min(ranked, key=lambda r: r[0])[1]
    scored = max(((phase_score[s.phase], -i), s) for i, s in enumerate(stages))
    if scored[0][0] > 0:
        return scored[1]
    middle = next((s for s in stages if s.phase in ("decide", "buy", "book")), None)
    return middle or stages[len(stages) // 2]


def _attach(stage: StageBuild, statement: str, pain: PainInfo | None, user: bool) -> str:
    """The touchpoint a pain point sits on: one its words or its catalogue entry name."""
    tps = stage.data["touchpoints"]
    mentioned = [key for key, _ in detect_channel_keys(statement)] if statement else []
    for key in mentioned:
        for tp, tkey in zip(tps, stage.touchpoint_keys):
            if tkey == key:
                return tp["_ref"]
    if pain and pain.channels:
        for tp, tkey in zip(tps, stage.touchpoint_keys):
            if tkey in pain.channels:
                return tp["_ref"]
    own = [tp for tp in tps if not tp["description"].startswith("Suggestion:")]
    if user and len(own) == 1:
        return own[0]["_ref"]
    return ""


def _pain(ctx: Context, name: str, description: str, severity: int, touchpoint: str, provenance: str) -> dict:
    return {
        "id": "",
        "_ref": ctx.ref("pp"),
        "provenance": provenance,
        "name": tx.shorten(name, 40, MAX_NAME),
        "description": description,
        "severity": severity,
        "touchpoint": touchpoint,
        "evidence": [],
        "mentions": 0,
    }


def add_pains_and_opportunities(ctx: Context, stages: list[StageBuild]) -> None:
    used_keys: set[str] = set()
    for statement in user_statements(ctx):
        pain = match_pain(ctx, statement)
        stage = _place(ctx, stages, pain, statement)
        severity = detect_severity(statement) or (max(pain.severity, 2) if pain else 2)
        description = pain.description if pain else ""
        if tx.shorten(statement, 40, MAX_NAME) != statement:  # too long for a name: keep every word
            description = f"In your words: {statement}" + (f"\n\n{description}" if description else "")
        data = _pain(ctx, statement, description[:MAX_TEXT], severity, _attach(stage, statement, pain, True), "user")
        stage.data["pain_points"].append(data)
        stage.pain_keys.append(pain.key if pain else None)
        if pain:
            used_keys.add(pain.key)
        else:
            ctx.notes.append(f"'{tx.shorten(statement, 12, 80)}' matched no known pattern; placed on '{stage.data['name']}' by its wording.")
    stated = set(ctx.stated_keys())
    for stage in stages:
        has_user = any(p["provenance"] == "user" for p in stage.data["pain_points"])
        wanted = INFERRED_WITH_USER if has_user else INFERRED_WITHOUT_USER
        for pain in _typical_pains(ctx, stage, stated, used_keys)[:wanted]:
            used_keys.add(pain.key)
            stage.data["pain_points"].append(_pain(ctx, pain.name, pain.description, min(pain.severity, 2),
                                                   _attach(stage, "", pain, False), "inferred"))
            stage.pain_keys.append(pain.key)
    _opportunities(ctx, stages)


def _typical_pains(ctx: Context, stage: StageBuild, stated: set[str], used: set[str]) -> list[PainInfo]:
    ranked = []
    tp_keys = set(k for k in stage.touchpoint_keys if k)
    for order, pain in enumerate(ctx.kb.pain_points.values()):
        if pain.key in used or stage.phase not in pain.phases or not _allowed(ctx, pain):
            continue
        if pain.channels and not set(pain.channels) & stated:
            continue
        score = 3 if pain.phases[0] == stage.phase else 1
        if pain.channels and set(pain.channels) & tp_keys:
            score += 2
        if pain.industries:
            score += 2
        if pain.business_models:
            score += 1
        ranked.append((-score, order, pain))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in ranked]


def _opportunities(ctx: Context, stages: list[StageBuild]) -> None:
    used: set[str] = set()
    future = ctx.kind == "future"
    for stage in stages:
        here: dict[str, dict] = {}
        for pain, key in zip(stage.data["pain_points"], stage.pain_keys):
            if pain["severity"] < 2 and pain["provenance"] != "user":
                continue
            info = ctx.kb.pain_points.get(key or "")
            keys = list(info.opportunities) if info else [ctx.kb.vocab.phases[stage.phase].opportunity]
            keys = [k for k in keys if _opportunity_allowed(ctx, k)] or [ctx.kb.vocab.phases[stage.phase].opportunity]
            target = next((k for k in keys if k in here), None)
            if target is None:
                target = next((k for k in keys if k not in used), keys[0])
            if target in here:
                here[target]["addresses"].append(pain["_ref"])
                continue
            op = ctx.kb.opportunities[target]
            impact = op.impact
            if pain["provenance"] == "user" and pain["severity"] == 3 and impact == "medium":
                impact = "high"
            here[target] = {
                "id": "",
                "provenance": "inferred",
                "name": op.done if future else op.name,
                "description": op.description,
                "addresses": [pain["_ref"]],
                "impact": impact,
                "effort": op.effort,
            }
            used.add(target)
            stage.opp_keys.append(target)
        stage.data["opportunities"].extend(here.values())


def _opportunity_allowed(ctx: Context, key: str) -> bool:
    op = ctx.kb.opportunities[key]
    if op.industries and ctx.industry_key not in op.industries:
        return False
    return not (op.business_models and ctx.business_model not in op.business_models)


def set_emotions(ctx: Context, stages: list[StageBuild]) -> None:
    """Baseline emotion minus the weight of the stage's pain; better on a future-state map."""
    for stage in stages:
        weight = 0.0
        for pain in stage.data["pain_points"]:
            if pain["provenance"] == "user":
                weight += USER_WEIGHT[pain["severity"]]
            else:
                weight += INFERRED_WEIGHT * pain["severity"]
        emotion = stage.baseline - math.floor(weight + 1e-9)
        if ctx.kind == "future":
            emotion = stage.baseline + 1 if stage.data["opportunities"] else stage.baseline
        stage.data["emotion"] = max(-2, min(2, emotion))


def add_kpis(ctx: Context, stages: list[StageBuild]) -> None:
    used: set[str] = set()
    for stage in stages:
        stated = ctx.stated_keys()
        kpis = ctx.kb.kpis_for(stage.phase, ctx.industry_key, ctx.business_model, stated)
        if not kpis:
            for phase in ctx.kb.phase_chain(stage.phase)[1:]:
                kpis = ctx.kb.kpis_for(phase, ctx.industry_key, ctx.business_model, stated)
                if kpis:
                    break
        fresh = [k for k in kpis if k.name.casefold() not in used] or kpis[:1]
        for kpi in fresh[:MAX_KPIS_PER_STAGE]:
            used.add(kpi.name.casefold())
            stage.data["kpis"].append({"id": "", "provenance": "inferred", "name": kpi.name, "target": kpi.target, "current": ""})
