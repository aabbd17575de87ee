"""The machine-readable report of an import: one JSON object per row (``cjm evidence MAP FILE --report json``).

Stable: scorers read exactly this. Each line::

    {"row": 3,                      # the data row, from 1 (a CSV's header is not counted)
     "text": "Lovely cut but ...",  # the whole comment, as read
     "sentiment": "mixed",          # the row's reading: negative, positive, mixed or neutral
     "score_used": true,            # the row had a rating on the detected scale, and it was used
     "parts": [{"text": "Lovely cut", "sentiment": "positive", "stage": "Consultation & service",
                "pain_point": null, "confidence": 0.71, "placed": true}, ...],
     "stage": "Arrive & wait",      # the row's stage: its placed complaint part's, else its most confident
                                    # placed part's; null when no part is placed
     "pain_point": "Appointments start late",  # the complaint part's pain point on the map, or null
     "placed": true}                # the row has a stage

A part's ``text`` is always the customer's own words (a span of the row, or the whole row). With a model, a
part whose words the model wrote itself rather than quoting the row also has ``"summary"``: the model's words,
never to be quoted as the customer's (the offline engine's parts have no ``summary``).

Names are the map's (stage and pain point names), never ids; a complaint that
fits no pain point on the map has ``"pain_point": null`` even when the
proposal would add a new one. A row with no text has its line too (``"text": ""``,
neutral, no parts, unplaced), so that every data row is in the report.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from cjm_assistant.domain.model import JourneyMap

from .match import Match
from .reading import Feedback, FeedbackItem


class Names:
    """Stage and pain point names by id, for one map."""

    def __init__(self, journey: JourneyMap):
        self.stages = {s.id: s.name for s in journey.stages}
        self.pains = {pp.id: pp.name for _, pp in journey.pain_points()}

    def stage(self, stage_id: str | None) -> str | None:
        return self.stages.get(stage_id) if stage_id else None

    def pain(self, pain_id: str | None) -> str | None:
        return self.pains.get(pain_id) if pain_id else None


def report_row(feedback: Feedback, item: FeedbackItem, match: Match, names: Names) -> dict[str, Any]:
    """One row of the report, as a dict (see the module's docstring)."""
    main = match.main
    return {
        "row": feedback.data_row(item),
        "text": item.text,
        "sentiment": match.sentiment,
        "score_used": match.score_used,
        "parts": [{"text": p.text, "sentiment": p.sentiment, "stage": names.stage(p.stage_id) if p.placed else None,
                   "pain_point": names.pain(p.pain_point) if p.placed and p.sentiment == "negative" else None,
                   "confidence": round(p.confidence, 3), "placed": p.placed,
                   **({"summary": p.summary} if p.summary else {})} for p in match.parts],
        "stage": names.stage(main.stage_id) if main else None,
        "pain_point": names.pain(match.target),
        "placed": main is not None,
    }


def report_line(feedback: Feedback, item: FeedbackItem, match: Match, names: Names) -> str:
    return json.dumps(report_row(feedback, item, match, names), ensure_ascii=False)


def empty_row(row: int) -> dict[str, Any]:
    """The report's line for a data row with no text: nothing to read, nothing placed."""
    return {"row": row, "text": "", "sentiment": "neutral", "score_used": False, "parts": [], "stage": None,
            "pain_point": None, "placed": False}


def every_row(feedback: Feedback, write: Callable[[dict[str, Any]], None]) -> tuple[Callable[[dict[str, Any]], None],
                                                                                   Callable[[], None]]:
    """(a writer that puts the lines of rows with no text in their places among the rows handed to it, and a
    call that writes those left after the last row)."""
    empty = iter(feedback.empty_rows)
    pending = [next(empty, None)]

    def before(row: int | None) -> None:
        while pending[0] is not None and (row is None or pending[0] < row):
            write(empty_row(pending[0]))
            pending[0] = next(empty, None)

    def each(line: dict[str, Any]) -> None:
        before(line["row"])
        write(line)

    return each, lambda: before(None)
