"""Customer evidence: read feedback, match it to a map, propose what it changes.

    >>> from cjm_assistant.evidence import read_feedback, analyse
    >>> feedback = read_feedback("reviews.csv")
    >>> result = analyse(engine, journey, feedback)   # an EvidenceImport
    >>> result.ops, result.rows, result.reply

* :mod:`.reading` (and :mod:`.columns`): files (CSV, plain text, JSON lines)
  into items, streamed, with the column and rating-scale detection and the
  clear errors;
* :mod:`.clauses`: a comment split into its parts (sentences, clauses that
  turn, comma-joined opposite verdicts) and the polarity labels;
* :mod:`.sentiment`: each part read with vaderSentiment and the map's pain
  point words, combined with the row's rating;
* :mod:`.placement` and :mod:`.match`: the offline matcher the playbook uses
  (each part on a stage and a pain point, TF-IDF-like from the map's own
  words, with a confidence; unplaced below a threshold);
* :mod:`.propose` and :mod:`.rows`: matches into typed edit ops and traceable
  rows (one per part), provenance only on strong matches;
* :mod:`.report`: the machine-readable report (``--report json``).

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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from cjm_assistant.domain.lanes import counted
from cjm_assistant.domain.model import JourneyMap

from .match import Match, PartMatch
from .propose import EvidenceImport, NewPain, propose, quote
from .reading import EvidenceError, Feedback, FeedbackItem, ReadOptions, read_feedback
from .rows import row_key

ProgressCallback = Callable[[int, int], None]  # (items done, items in all)
Classified = tuple[Iterable[Match], dict[str, NewPain]]  # a match per item (may be lazy), new pain points

__all__ = [
    "Classified", "Estimate", "EvidenceEngine", "EvidenceError", "EvidenceImport", "Feedback", "FeedbackItem",
    "Match", "NewPain", "PartMatch", "ProgressCallback", "ReadOptions", "analyse", "classify_offline", "estimate",
    "propose", "quote", "read_feedback", "row_key", "summarise",
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
            return f"{counted(self.items, 'item')}, matched offline by the {self.engine} engine (no model calls, no cost)"
        cost = "price unknown for this model" if self.cost is None else f"about ${self.cost:,.2f}"
        return (f"{counted(self.items, 'item')} in {self.calls:,} call{'s' if self.calls != 1 else ''} to {self.engine}: "
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
    """The playbook's way: every item through the offline matcher, lazily (one item at a time, as the caller
    walks the matches); ``on_progress`` every 500 items and at the end (an engine raises from it to cancel)."""
    from .match import Matcher

    matcher = Matcher(journey)
    scale = feedback.scale if feedback.rating_used else None

    def walk() -> Iterator[Match]:
        total = len(feedback.items)
        for n, item in enumerate(feedback.items, 1):
            match = matcher.match(item.text, feedback.sentiment_of(item), item.channel,
                                  scale.extreme(item.score) if scale else False, item.subject, item.moment)
            if on_progress is not None and (n % 500 == 0 or n == total):
                on_progress(n, total)  # before the last match is handed over: a zip may not ask again
            yield match

    new = {key: NewPain(*info) for key, info in matcher.new_pains().items()}
    return walk(), new


def analyse(engine: EvidenceEngine, journey: JourneyMap, feedback: Feedback,
            seen: set[int] | None = None, cancel: threading.Event | None = None,
            on_progress: ProgressCallback | None = None,
            on_row: Callable[[FeedbackItem, Match], None] | None = None) -> EvidenceImport:
    """Classify every item by the engine and propose what the evidence changes (``seen``: :func:`row_key` of
    rows imported before; ``on_row`` sees each item and its match as they come)."""
    matches, new = engine.classify_evidence(journey, feedback, cancel=cancel, on_progress=on_progress)
    return propose(journey, feedback, matches, new, seen=seen, engine=engine.name, on_row=on_row)


#: An item's whole reading (``row_sentiment``) -> what :func:`summarise` counts it as.
WHOLE = {"negative": "pain", "positive": "praise", "mixed": "mixed", "neutral": "other"}


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts of stored evidence, for the Markdown export and `cjm show` (rows are parts; items are counted once).

    ``{"items": n, "cited": n, "sources": [{"source", "items", "pain", "praise", "mixed", "other", "cited",
    "placed"}], "praise": {stage_id: n}, "by_pain_point": {pp_id: n}}``: an item counts as the import read it whole
    (``row_sentiment``: negative is pain, positive praise, mixed, neutral other), so the saved counts are the ones the
    import showed; an item stored before that was kept counts as mixed when its parts complain and praise, pain when
    a part complains and none praises, praise when a part praises and none complains; cited and placed once.
    """
    sources: dict[str, Counter] = {}
    praise: Counter = Counter()
    by_pain: Counter = Counter()
    items: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        key = (row["source"], row["row"], row.get("version")) if "row" in row else (id(row),)
        seen = items.setdefault(key, {"source": row["source"], "kinds": set(), "pains": set(), "stages": set(),
                                      "praised": set()})
        seen["kinds"].add(row.get("kind") or "other")
        if row.get("row_sentiment"):
            seen["whole"] = row["row_sentiment"]
        if row.get("pain_point_id"):
            seen["pains"].add(row["pain_point_id"])
        if row.get("stage_id"):
            seen["stages"].add(row["stage_id"])
            if row.get("kind") == "praise":
                seen["praised"].add(row["stage_id"])
    for seen in items.values():
        c = sources.setdefault(seen["source"], Counter())
        c["items"] += 1
        kinds = seen["kinds"]
        if seen.get("whole") in WHOLE:
            c[WHOLE[seen["whole"]]] += 1
        else:
            c["mixed" if {"pain", "praise"} <= kinds else "pain" if "pain" in kinds else
              "praise" if "praise" in kinds else "other"] += 1
        c["cited"] += bool(seen["pains"])
        c["placed"] += bool(seen["stages"])
        by_pain.update(seen["pains"])
        praise.update(seen["praised"])
    return {
        "items": len(items),
        "cited": sum(c["cited"] for c in sources.values()),
        "sources": [{"source": name, **{k: c[k] for k in ("items", "pain", "praise", "mixed", "other", "cited",
                                                           "placed")}}
                    for name, c in sources.items()],
        "praise": dict(praise),
        "by_pain_point": dict(by_pain),
    }
