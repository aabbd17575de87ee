"""Customer evidence: read feedback, match it to a map, propose what it changes.

    >>> from cjm_assistant.evidence import read_feedback, analyse
    >>> feedback = read_feedback("reviews.csv")
    >>> result = analyse(engine, journey, feedback)   # an EvidenceImport
    >>> result.ops, result.rows, result.reply

* :mod:`.reading`: files (CSV, plain text, JSON lines) into items, with the
  column detection and the clear errors;
* :mod:`.match`: the offline matcher the playbook uses (catalogue keywords,
  the map's own words, stage vocabularies, sentiment);
* :mod:`.llm`: the same classification by a language model, in batches that
  fit its context, with the cost estimated first;
* :mod:`.propose`: matches into typed edit ops and traceable rows.

How an engine takes part: an engine with a ``classify_evidence(journey,
feedback, cancel=None, on_progress=None)`` method (the LLM engine) classifies
the items itself and returns ``(matches, new_pains)``; any other engine (the
playbook) gets the offline matcher. Nothing here touches the store: the
session saves the accepted proposal and the rows together.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cjm_assistant.domain.model import JourneyMap

from .propose import EvidenceImport, NewPain, propose, quote
from .reading import EvidenceError, Feedback, FeedbackItem, ReadOptions, read_feedback

ProgressCallback = Callable[[int, int], None]  # (items done, items in all)

__all__ = [
    "Estimate", "EvidenceError", "EvidenceImport", "Feedback", "FeedbackItem", "NewPain", "ReadOptions",
    "analyse", "classify_offline", "estimate", "propose", "quote", "read_feedback", "summarise",
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
                f"about {self.tokens:,} tokens (estimated at 4 characters a token), {cost}")


def estimate(engine: Any, journey: JourneyMap, feedback: Feedback) -> Estimate:
    """The calls, tokens and cost an import will take with this engine."""
    method = getattr(engine, "estimate_evidence", None)
    if method is not None:
        return method(journey, feedback)
    return Estimate(len(feedback.items), getattr(engine, "name", "playbook"))


def classify_offline(journey: JourneyMap, feedback: Feedback, cancel: threading.Event | None = None,
                     on_progress: ProgressCallback | None = None) -> tuple[list, dict[str, NewPain]]:
    """The playbook's way: every item through the offline matcher."""
    from cjm_assistant.engines.base import check_cancel

    from .match import Matcher

    matcher = Matcher(journey)
    matches = []
    total = len(feedback.items)
    for n, item in enumerate(feedback.items, 1):
        matches.append(matcher.match(item.text, feedback.sentiment_of(item), item.channel))
        if n % 500 == 0:
            check_cancel(cancel)
            if on_progress is not None:
                on_progress(n, total)
    if on_progress is not None:
        on_progress(total, total)
    new = {f"new:{e.key}": NewPain(e.name, e.description, e.severity) for e in matcher.entries}
    return matches, new


def analyse(engine: Any, journey: JourneyMap, feedback: Feedback, seen: set[tuple[str, int, str]] | None = None,
            cancel: threading.Event | None = None, on_progress: ProgressCallback | None = None) -> EvidenceImport:
    """Classify every item (by the engine, or offline) and propose what the evidence changes."""
    method = getattr(engine, "classify_evidence", None)
    if method is not None:
        matches, new = method(journey, feedback, cancel=cancel, on_progress=on_progress)
    else:
        matches, new = classify_offline(journey, feedback, cancel, on_progress)
    return propose(journey, feedback, matches, new, seen=seen, engine=getattr(engine, "name", "playbook"))


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
