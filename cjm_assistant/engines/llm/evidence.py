"""Evidence through a language model: items classified in batches that fit the model's context.

The model sees the map in its compact form (stage, touchpoint and pain point
ids) and a batch of numbered items, and answers with one small JSON entry per
item: kind (pain, praise, other), stage, the map's pain point, or a short
name for a problem the map lacks, and a touchpoint. Ids it invents are
dropped rather than retried; a reply that is not the expected JSON is retried
with the error (:func:`structured.ask`), and then the import fails with
nothing changed.

Batches hold at most :data:`BATCH_ITEMS` items and :data:`BATCH_CHARS`
characters of them, less when the model's context window (from litellm, when
known) is smaller. :func:`estimate` counts tokens as characters / 4 and
prices them with ``litellm.cost_per_token`` when the model's price is known.
"""

from __future__ import annotations

import json
import re
import threading
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from cjm_assistant.domain.model import JourneyMap, explain
from cjm_assistant.engines.base import check_cancel
from cjm_assistant.engines.llm import prompts
from cjm_assistant.engines.llm.client import LLMClient
from cjm_assistant.engines.llm.errors import Unusable
from cjm_assistant.engines.llm.runtime import litellm_module
from cjm_assistant.engines.llm.structured import ask
from cjm_assistant.evidence import Classified, Estimate, Feedback, ProgressCallback
from cjm_assistant.evidence.match import Match
from cjm_assistant.evidence.propose import NewPain

BATCH_ITEMS = 60
BATCH_CHARS = 12_000
MAX_ITEM_CHARS = 600  # an item is cut to this for the model; the whole text is kept in the rows
COMPLETION_PER_ITEM = 30  # tokens of reply per item, for the estimate
PROMPT_OVERHEAD = 1_500  # system prompt and instructions, in tokens
REPLY_LIMIT_SHARE = 0.25  # of the context kept free for the reply


class EvidenceEntry(BaseModel):
    model_config = ConfigDict(extra="ignore")
    i: int
    kind: str = "other"
    stage: str | None = None
    pain_point: str | None = None
    new_pain_point: str | None = None
    touchpoint: str | None = None


class EvidenceReply(BaseModel):
    model_config = ConfigDict(extra="ignore")
    items: list[EvidenceEntry]


@cache
def _schema() -> dict:
    return prompts.schema_of(EvidenceReply, descriptions=False)


def _map_text(journey: JourneyMap) -> str:
    return prompts.user_data(prompts.compact_map(journey, detail=False), "map")


def _item_line(n: int, text: str, score: float | None, channel: str | None) -> str:
    meta = {"i": n, "text": text[:MAX_ITEM_CHARS]}
    if score is not None:
        meta["score"] = score
    if channel:
        meta["channel"] = channel
    return json.dumps(meta, ensure_ascii=False)


def _context_tokens(model: str) -> int | None:
    try:
        info = litellm_module().get_model_info(model=model)
    except Exception:  # noqa: BLE001 - unknown model
        return None
    limit = info.get("max_input_tokens") or info.get("max_tokens")
    return int(limit) if limit else None


def batches(client: LLMClient, journey: JourneyMap, feedback: Feedback) -> list[list[int]]:
    """Item indexes in batches that fit the model's context."""
    budget = BATCH_CHARS
    context = _context_tokens(client.model)
    if context:
        map_tokens = len(_map_text(journey)) // 4
        room = int(context * (1 - REPLY_LIMIT_SHARE)) - map_tokens - PROMPT_OVERHEAD
        budget = max(2_000, min(budget, room * 4))
    out: list[list[int]] = []
    current: list[int] = []
    size = 0
    for index, item in enumerate(feedback.items):
        length = min(len(item.text), MAX_ITEM_CHARS) + 40
        if current and (size + length > budget or len(current) >= BATCH_ITEMS):
            out.append(current)
            current, size = [], 0
        current.append(index)
        size += length
    if current:
        out.append(current)
    return out


def estimate(client: LLMClient, engine: str, journey: JourneyMap, feedback: Feedback) -> Estimate:
    """Calls, tokens (characters / 4) and cost (litellm's price, when known) of classifying ``feedback``;
    ``engine`` is the engine's name, for the sentence."""
    groups = batches(client, journey, feedback)
    map_chars = len(_map_text(journey))
    prompt = sum(PROMPT_OVERHEAD + (map_chars + sum(min(len(feedback.items[i].text), MAX_ITEM_CHARS) + 40
                                                     for i in group)) // 4 for group in groups)
    completion = COMPLETION_PER_ITEM * len(feedback.items)
    cost: float | None
    try:
        cost_in, cost_out = litellm_module().cost_per_token(model=client.model, prompt_tokens=prompt,
                                                            completion_tokens=completion)
        cost = float(cost_in + cost_out)
    except Exception:  # noqa: BLE001 - no price for this model
        cost = None
    return Estimate(len(feedback.items), engine, len(groups), prompt, completion, cost)


_SLUG = re.compile(r"[^a-z0-9]+")


def classify(client: LLMClient, journey: JourneyMap, feedback: Feedback, cancel: threading.Event | None = None,
             on_progress: ProgressCallback | None = None) -> Classified:
    """Every item classified by the model, batch by batch."""
    stages = {s.id for s in journey.stages}
    pains = {pp.id: st.id for st, pp in journey.pain_points()}
    touchpoints = {tp.id: st.id for st, tp in journey.touchpoints()}
    map_text = _map_text(journey)
    schema = _schema()
    matches: list[Match] = [Match("other") for _ in feedback.items]
    new: dict[str, NewPain] = {}
    groups = batches(client, journey, feedback)
    done = 0
    for group in groups:
        check_cancel(cancel)
        lines = "\n".join(_item_line(n, feedback.items[index].text, feedback.items[index].score,
                                     feedback.items[index].channel) for n, index in enumerate(group))
        prompt = prompts.render("evidence.md", legend=prompts.MAP_LEGEND, map=map_text, count=len(group),
                                items=prompts.user_data(lines, "feedback"))

        def checked(data: Any, size: int = len(group)) -> list[EvidenceEntry]:
            if isinstance(data, list):
                data = {"items": data}
            try:
                reply = EvidenceReply.model_validate(data)
            except ValidationError as e:
                raise Unusable(f'{explain(e)}; reply with {{"items": [{{"i": 0, "kind": "pain", ...}}]}}') from None
            if not reply.items:
                raise Unusable('the reply has no items; give one entry per item: {"items": [{"i": 0, ...}]}')
            return [e for e in reply.items if 0 <= e.i < size]

        entries = ask(client, "evidence", prompt, schema, "EvidenceReply", checked, cancel=cancel)
        for entry in entries:
            index = group[entry.i]
            kind = entry.kind if entry.kind in ("pain", "praise", "other") else "other"
            stage = entry.stage if entry.stage in stages else None
            target = entry.pain_point if entry.pain_point in pains else None
            if target:
                stage = pains[target]
            elif kind == "pain" and entry.new_pain_point and entry.new_pain_point.strip():
                name = " ".join(entry.new_pain_point.split())[:120]
                key = "new:llm:" + _SLUG.sub("-", name.casefold()).strip("-")
                new.setdefault(key, NewPain(name[:1].upper() + name[1:], "Raised in customer feedback.", 2))
                target = key
            touchpoint = entry.touchpoint if entry.touchpoint in touchpoints and \
                touchpoints[entry.touchpoint] == stage else None
            if kind != "pain":
                target = None
            matches[index] = Match(kind, stage, target, touchpoint, 1.0,
                                   None, -1.0 if kind == "pain" else 1.0 if kind == "praise" else 0.0)
        done += len(group)
        if on_progress is not None:
            on_progress(done, len(feedback.items))
    return matches, new
