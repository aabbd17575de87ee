"""Evidence through a language model: items classified in batches that fit the model's context.

The model sees the map in its compact form (stage, touchpoint and pain point
ids) and a batch of numbered items (with their rating, when the file has
one), and answers with one small JSON entry per item, split into its parts
like the offline matcher does: for each part its words, sentiment (negative,
positive, neutral), stage, the map's pain point (or a short name for a
problem the map lacks), touchpoint and confidence (0-1). Both engines thus
feed the same :class:`~cjm_assistant.evidence.match.Match` to the same
proposal (parts below ``match.PLACE_AT`` are unplaced; praise never gets a
pain point). An entry in the older one-kind-per-item shape (kind, stage,
pain_point) is read as one part. Ids it invents are dropped rather than
retried; a reply that is not the expected JSON is retried with the error
(:func:`structured.ask`), and then the import fails with nothing changed.

Batches hold at most :data:`BATCH_ITEMS` items and :data:`BATCH_TOKENS`
tokens of them, less when the model's context window (from litellm, when
known) is smaller. Tokens are counted before anything is sent, with the
model's tokenizer (:func:`runtime.count_tokens`); :func:`estimate` prices
them with ``litellm.cost_per_token`` when the model's price is known, and the
calls themselves record the provider's own counts.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, ValidationError

from cjm_assistant.domain.model import JourneyMap, explain
from cjm_assistant.engines.base import check_cancel
from cjm_assistant.engines.llm import prompts
from cjm_assistant.engines.llm.client import LLMClient
from cjm_assistant.engines.llm.errors import Unusable
from cjm_assistant.engines.llm.runtime import count_tokens, litellm_module, max_tokens_for, model_info
from cjm_assistant.engines.llm.structured import ask
from cjm_assistant.evidence import Classified, Estimate, Feedback, ProgressCallback
from cjm_assistant.evidence import sentiment as sn
from cjm_assistant.evidence.match import MODEL_PLACED, PLACE_AT, Match, PartMatch
from cjm_assistant.evidence.propose import NewPain

BATCH_ITEMS = 60
BATCH_TOKENS = 3_000  # of feedback items in one call
MIN_BATCH_TOKENS = 500  # even for a model whose context is nearly filled by the map
MAX_ITEM_CHARS = 600  # an item is cut to this for the model; the whole text is kept in the rows
COMPLETION_PER_ITEM = 30  # tokens of reply per item, for the estimate
REPLY_LIMIT_SHARE = 0.25  # of the context kept free for the reply


class PartEntry(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str = ""
    sentiment: str = "neutral"
    stage: str | None = None
    pain_point: str | None = None
    new_pain_point: str | None = None
    touchpoint: str | None = None
    confidence: float = 0.7


class EvidenceEntry(BaseModel):
    model_config = ConfigDict(extra="ignore")
    i: int
    parts: list[PartEntry] = []
    kind: str | None = None  # the older shape: one kind per item
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


def _prompt(map_text: str, lines: list[str]) -> str:
    return prompts.render("evidence.md", legend=prompts.MAP_LEGEND, map=map_text, count=len(lines),
                          items=prompts.user_data("\n".join(lines), "feedback"))


def _item_line(n: int, text: str, score: float | None, channel: str | None) -> str:
    meta = {"i": n, "text": text[:MAX_ITEM_CHARS]}
    if score is not None:
        meta["score"] = score
    if channel:
        meta["channel"] = channel
    return json.dumps(meta, ensure_ascii=False)


def _lines(feedback: Feedback, group: list[int]) -> list[str]:
    return [_item_line(n, feedback.items[i].text, feedback.items[i].score, feedback.items[i].channel)
            for n, i in enumerate(group)]


@dataclass
class _Plan:
    """The batches of one import, and the prompt tokens each will take."""

    map_text: str
    groups: list[list[int]]
    prompt_tokens: list[int]


def _plan(client: LLMClient, journey: JourneyMap, feedback: Feedback) -> _Plan:
    model = client.model
    map_text = _map_text(journey)
    # What every call sends besides its items: the system prompt, the map and instructions, the schema.
    fixed = count_tokens(model, messages=[{"role": "system", "content": prompts.system_prompt()},
                                          {"role": "user", "content": _prompt(map_text, [])}]) \
        + count_tokens(model, text=json.dumps(_schema()))
    budget = BATCH_TOKENS
    info = model_info(model)
    limit = info.get("max_input_tokens") or info.get("max_tokens")
    if limit:
        budget = max(MIN_BATCH_TOKENS, min(budget, int(int(limit) * (1 - REPLY_LIMIT_SHARE)) - fixed))
    groups: list[list[int]] = []
    tokens: list[int] = []
    current: list[int] = []
    size = 0
    for index in range(len(feedback.items)):
        length = count_tokens(model, text=_lines(feedback, [index])[0])
        if current and (size + length > budget or len(current) >= BATCH_ITEMS):
            groups.append(current)
            tokens.append(fixed + size)
            current, size = [], 0
        current.append(index)
        size += length
    if current:
        groups.append(current)
        tokens.append(fixed + size)
    return _Plan(map_text, groups, tokens)


def batches(client: LLMClient, journey: JourneyMap, feedback: Feedback) -> list[list[int]]:
    """Item indexes in batches that fit the model's context."""
    return _plan(client, journey, feedback).groups


def estimate(client: LLMClient, engine: str, journey: JourneyMap, feedback: Feedback) -> Estimate:
    """Calls, tokens (counted with the model's tokenizer) and cost (litellm's price, when known) of
    classifying ``feedback``; ``engine`` is the engine's name, for the sentence."""
    plan = _plan(client, journey, feedback)
    prompt = sum(plan.prompt_tokens)
    completion = COMPLETION_PER_ITEM * len(feedback.items)
    cost: float | None
    try:
        cost_in, cost_out = litellm_module().cost_per_token(model=client.model, prompt_tokens=prompt,
                                                            completion_tokens=completion)
        cost = float(cost_in + cost_out)
    except Exception:  # noqa: BLE001 - no price for this model
        cost = None
    return Estimate(len(feedback.items), engine, len(plan.groups), prompt, completion, cost)


_SLUG = re.compile(r"[^a-z0-9]+")


def classify(client: LLMClient, journey: JourneyMap, feedback: Feedback, cancel: threading.Event | None = None,
             on_progress: ProgressCallback | None = None) -> Classified:
    """Every item classified by the model, batch by batch, into the same per-part matches as offline."""
    plan = _plan(client, journey, feedback)
    known = _Known(journey)
    matches: list[Match] = []
    new: dict[str, NewPain] = {}
    done = 0
    for group in plan.groups:
        check_cancel(cancel)
        prompt = _prompt(plan.map_text, _lines(feedback, group))

        def checked(data: object, size: int = len(group)) -> list[EvidenceEntry]:
            if isinstance(data, list):
                data = {"items": data}
            try:
                reply = EvidenceReply.model_validate(data)
            except ValidationError as e:
                raise Unusable(f'{explain(e)}; reply with {{"items": [{{"i": 0, "parts": [...]}}]}}') from None
            if not reply.items:
                raise Unusable('the reply has no items; give one entry per item: {"items": [{"i": 0, ...}]}')
            return [e for e in reply.items if 0 <= e.i < size]

        step = f"feedback items {done + 1}-{done + len(group)} of {len(feedback.items)}"
        entries = {e.i: e for e in ask(client, "evidence", prompt, _schema(), "EvidenceReply", checked, cancel=cancel,
                                          max_tokens=max_tokens_for(client.settings, "evidence"), step=step)}
        for n, index in enumerate(group):
            item = feedback.items[index]
            entry = entries.get(n)
            extreme = feedback.scale.extreme(item.score) if feedback.rating_used and feedback.scale else False
            matches.append(_match(entry, item.text, feedback.sentiment_of(item), known, new, extreme) if entry else
                           Match([PartMatch(item.text)], sn.NEUTRAL, feedback.sentiment_of(item) is not None))
        done += len(group)
        if on_progress is not None:
            on_progress(done, len(feedback.items))
    return matches, new


class _Known:
    """The ids of one map the model may use."""

    def __init__(self, journey: JourneyMap):
        self.stages = {s.id for s in journey.stages}
        self.pains = {pp.id: st.id for st, pp in journey.pain_points()}
        self.touchpoints = {tp.id: st.id for st, tp in journey.touchpoints()}


_SENTIMENTS = {"negative": -0.6, "pain": -0.6, "complaint": -0.6, "positive": 0.6, "praise": 0.6}


def _match(entry: EvidenceEntry, text: str, rating: int | None, known: _Known, new: dict[str, NewPain],
           extreme: bool = False) -> Match:
    """One item's match from the model's entry. The model's own reading of each part is its verdict, weighed with
    the row's rating by the same rules as offline (:func:`.sentiment.combine`: a part read neutral takes the
    rating's side; at the bottom of the scale (``extreme``) a row is never only praise, at the top never only a
    complaint). The offline rules that say a row is no feedback hold here too (a job application or a sales pitch,
    a comment that is only the form's "Y": neutral, whatever the rating). The fitted verdict model
    (:mod:`cjm_assistant.evidence.verdict`) is not applied: its weights were fitted on the offline reading's own
    signals (its verdict is one of them), not on a language model's."""
    parts = entry.parts or [PartEntry(text=text, sentiment=entry.kind or "neutral", stage=entry.stage,
                                      pain_point=entry.pain_point, new_pain_point=entry.new_pain_point,
                                      touchpoint=entry.touchpoint, confidence=1.0 if entry.kind else 0.7)]
    scores = [_SENTIMENTS.get((p.sentiment or "").casefold(), 0.0) for p in parts]
    if sn.not_feedback(text) or sn.bare_answer(text):  # a job application, a sales pitch, a bare "Y": no verdict on
        rating, scores = None, [0.0] * len(scores)  # the business, whatever the model or the form's rating says
    feelings, _ = sn.combine(scores, rating, extreme)
    out = []
    for part, feeling, score in zip(parts, feelings, scores):
        confidence = max(0.0, min(1.0, float(part.confidence)))
        stage = part.stage if part.stage in known.stages else None
        # Praise never supports a pain point, even when the model names one; nor does a part the model read
        # as neutral or positive that only the row's rating makes a complaint: the model's own reading must be one.
        complaint = feeling == sn.NEGATIVE and score < 0
        target = part.pain_point if part.pain_point in known.pains and complaint else None
        if target:
            stage = known.pains[target]
        elif complaint and part.new_pain_point and part.new_pain_point.strip():
            name = " ".join(part.new_pain_point.split())[:120]
            key = "new:llm:" + _SLUG.sub("-", name.casefold()).strip("-")
            new.setdefault(key, NewPain(name[:1].upper() + name[1:], "Raised in customer feedback.", 2))
            target = key
        touchpoint = part.touchpoint if known.touchpoints.get(part.touchpoint or "") == stage else None
        placed = stage is not None and confidence >= PLACE_AT
        words, summary = own_words(part.text, text)
        out.append(PartMatch(words, feeling, stage, target if placed else None, confidence,
                             confidence if target else 0.0, placed, touchpoint if placed else None,
                             [], summary=summary,
                             nudges=[MODEL_PLACED] + (
                                 [f"the model's summary “{_short(summary)}”, not the customer's words"]
                                 if summary else [])))
    return Match(out, sn.overall([p.sentiment for p in out]), rating is not None)


# ---------------------------------------------------------------------------
# The customer's own words

_EDGES = " \t\r\n\"'“”‘’«».,;:!?()[]-–—…"
FOUND_SHARE = 0.6  # of a model part's content words that a clause of the row must hold to be its source


def own_words(said: str, row: str) -> tuple[str, str | None]:
    """(the customer's words a model's part stands for, the model's own words when they are not the customer's).

    A part the model quoted (whatever its case, spacing or the punctuation at its ends) is that span of the row,
    as written. A part it paraphrased is the clause of the row that holds most of its content words (at least
    ``FOUND_SHARE`` of them), and the model's words come back as its summary. A part whose words are not in the
    row (invented, or in another language) stands for the whole row, again with the model's words as a summary:
    the model's words are never quoted as the customer's."""
    said = " ".join((said or "").split()).strip(_EDGES)
    if not said or not row.strip():
        return row, None
    span = _span(said, row)
    if span is not None:
        return span, None
    wanted = _content(said)
    best, share = row, 0.0
    if wanted:
        for piece in [*_clauses(row), row]:
            got = len(wanted & _content(piece)) / len(wanted)
            if got > share or (got == share and len(piece) < len(best)):
                best, share = piece, got
    if share < FOUND_SHARE:
        best = row
    return best, said


def _span(said: str, row: str) -> str | None:
    """The span of ``row`` that says ``said`` word for word (case and spacing aside), as the row writes it."""
    pattern = r"\s+".join(re.escape(word) for word in said.split())
    pattern = (r"(?<!\w)" if said[:1].isalnum() else "") + pattern + (r"(?!\w)" if said[-1:].isalnum() else "")
    m = re.search(pattern, row, re.I)
    return m.group(0) if m else None


def _clauses(row: str) -> list[str]:
    """The row's parts as the offline reader splits it, each the span of the row it is."""
    from cjm_assistant.evidence.clauses import split_parts

    out = []
    for piece in split_parts(row):
        span = _span(" ".join(piece.split()).strip(_EDGES), row) if piece.strip(_EDGES) else None
        if span:
            out.append(span)
    return out


def _content(text: str) -> set[str]:
    from cjm_assistant.evidence import words as w
    from cjm_assistant.knowledge import text as tx

    return {t for t in (w.content(x) for x in tx.words(text)) if t}


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
