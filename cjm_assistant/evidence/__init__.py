"""Customer evidence: read feedback, match it to a map, propose what it changes.

    >>> from cjm_assistant.evidence import read_feedback, analyse
    >>> feedback = read_feedback("reviews.csv")
    >>> result = analyse(engine, journey, feedback)   # an EvidenceImport
    >>> result.ops, result.rows, result.reply

* :mod:`.reading`: files (CSV, plain text, JSON lines) into items, with the
  column detection and the clear errors;
* :mod:`.match`: the offline matcher the playbook uses (catalogue keywords,
  the map's own words, stage vocabularies, sentiment);
* :mod:`.propose`: matches into typed edit ops and traceable rows.

How an engine takes part: every engine classifies the items and estimates
what that will cost (``classify_evidence`` and ``estimate_evidence``, part of
the engine protocol in :mod:`cjm_assistant.engines.base`): the playbook with
:func:`classify_offline`, for free; the LLM engine in batches that fit the
model's context (:mod:`cjm_assistant.engines.llm.evidence`). Nothing here
touches the store: the session saves the accepted proposal and the rows
together.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from cjm_assistant.domain.model import JourneyMap

from .match import Match
from .propose import EvidenceImport, NewPain, propose, quote
from .reading import EvidenceError, Feedback, FeedbackItem, ReadOptions, read_feedback

ProgressCallback = Callable[[int, int], None]  # (items done, items in all)
Classified = tuple[list[Match], dict[str, NewPain]]  # a match per item, and the new pain points they name

__all__ = [
    "Classified", "Estimate", "EvidenceEngine", "EvidenceError", "EvidenceImport", "Feedback", "FeedbackItem",
    "NewPain", "ProgressCallback", "ReadOptions", "analyse", "classify_offline", "estimate", "propose", "quote",
    "read_feedback", "summarise",
]


@dataclass
class Estimate:
    """What analysing a file will take, shown before a large import starts."""

    items: int
    engine: str
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = 0.0  # None: the model's price is unknown

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def free(self) -> bool:
        return self.calls == 0

    def sentence(self) -> str:
        if self.free:
            return f"{self.items:,} items, matched offline by the {self.engine} engine (no model calls, no cost)"
        cost = "price unknown for this model" if self.cost is None else f"about ${self.cost:,.2f}"
        return (f"{self.items:,} items in {self.calls:,} call{'s' if self.calls != 1 else ''} to {self.engine}: "
                f"about {self.tokens:,} tokens, {cost}")


class EvidenceEngine(Protocol):
    """What :func:`analyse` and :func:`estimate` need of an engine (every ``engines.base.Engine`` has it)."""

    name: str

    def classify_evidence(self, journey: JourneyMap, feedback: Feedback, cancel: threading.Event | None = None,
                          on_progress: ProgressCallback | None = None) -> Classified: ...

    def estimate_evidence(self, journey: JourneyMap, feedback: Feedback) -> Estimate: ...


def estimate(engine: EvidenceEngine, journey: JourneyMap, feedback: Feedback) -> Estimate:
    """The calls, tokens and cost an import will take with this engine."""
    return engine.estimate_evidence(journey, feedback)


def classify_offline(journey: JourneyMap, feedback: Feedback,
                     on_progress: ProgressCallback | None = None) -> Classified:
    """The playbook's way: every item through the offline matcher; ``on_progress`` every 500 items and
    at the end (an engine raises from it to cancel)."""
    from .match import Matcher

    matcher = Matcher(journey)
    matches = []
    total = len(feedback.items)
    for n, item in enumerate(feedback.items, 1):
        matches.append(matcher.match(item.text, feedback.sentiment_of(item), item.channel))
        if n % 500 == 0 and on_progress is not None:
            on_progress(n, total)
    if on_progress is not None:
        on_progress(total, total)
    new = {f"new:{e.key}": NewPain(e.name, e.description, e.severity) for e in matcher.entries}
    return matches, new


def analyse(engine: EvidenceEngine, journey: JourneyMap, feedback: Feedback,
            seen: set[tuple[str, int, str]] | None = None, cancel: threading.Event | None = None,
            on_progress: ProgressCallback | None = None) -> EvidenceImport:
    """Classify every item by the engine and propose what the evidence changes."""
    matches, new = engine.classify_evidence(journey, feedback, cancel=cancel, on_progress=on_progress)
    return propose(journey, feedback, matches, new, seen=seen, engine=engine.name)


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts of stored evidence rows, for the Markdown export and `cjm show`.

    ``{"items": n, "cited": n, "sources": [{"source", "items", "pain", "praise", "other", "cited",
    "placed"}], "praise": {stage_id: n}, "by_pain_point": {pp_id: n}}``
    """
    sources: dict[str, Counter] = {}
    praise: Counter = Counter()
    by_pain: Counter = Counter()
    for row in rows:
        c = sources.setdefault(row["source"], Counter())
        c["items"] += 1
        c[row.get("kind") or "other"] += 1
        if row.get("pain_point_id"):
            c["cited"] += 1
            by_pain[row["pain_point_id"]] += 1
        if row.get("stage_id"):
            c["placed"] += 1
            if row.get("kind") == "praise":
                praise[row["stage_id"]] += 1
    return {
        "items": len(rows),
        "cited": sum(by_pain.values()),
        "sources": [{"source": name, **{k: c[k] for k in ("items", "pain", "praise", "other", "cited", "placed")}}
                    for name, c in sources.items()],
        "praise": dict(praise),
        "by_pain_point": dict(by_pain),
    }
