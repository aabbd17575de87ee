"""Evidence rows: one per part of each item, as the store's evidence table keeps them.

A row says where the words came from (``source``, ``row``: the spreadsheet
row, the header being row 1), the item's whole ``text`` and rating, which
``part`` of it this is (from 1) and the part's own words (``part_text``), its
``sentiment``, where it was placed (``stage_id``, ``touchpoint_id``,
``pain_point_id``), how sure that is (``confidence``), whether it was placed
at all (``placed``: 0 means the user should assign it) and why (``reason``:
the words it shares with the map), and ``row_sentiment``, the whole item's reading (what the import counts:
a part may read neutral in a complaint). ``kind`` (pain, praise, other) is the
part's sentiment as older versions stored it.

:class:`RowSpool` holds the rows of one import until it is accepted: in
memory while small, in a temporary file past :data:`SPOOL_BYTES`.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .match import Match, PartMatch
    from .reading import FeedbackItem

SPOOL_BYTES = 4_000_000
KINDS = {"negative": "pain", "positive": "praise"}


@dataclass(frozen=True)
class ReviewRow:
    """One part of one row of an import, as the review table shows it."""

    row: int
    part: int
    text: str
    stage_id: str | None
    confidence: float
    placed: bool
    sentiment: str = "neutral"


def row_key(source: str, row: int, text: str) -> int:
    """What says two rows are the same item of the same file (imported before: left out)."""
    return hash((source, row, text))


#: The fewest words an undated item needs for its words and rating alone to say it is the same review as one in
#: another file ("Great service", 5 stars, may be two customers; a sentence of six words or more is one).
SAME_REVIEW_WORDS = 6


def content_key(text: str, score: float | None, date: str | None) -> int | None:
    """What says an item of one file is an item already imported from another (next month's export holds last
    month's reviews too; an export saved again by Excel): the same words, rating and date; None for a short undated
    item, which two customers may well have written alike."""
    words = " ".join(str(text or "").casefold().split())
    if not words or (not date and len(words.split()) < SAME_REVIEW_WORDS):
        return None
    return hash(("content", words, score, date or ""))


def part_row(source: str, item: FeedbackItem, number: int, part: PartMatch, match: Match) -> dict[str, Any]:
    return {"source": source, "row": item.row, "text": item.text, "score": item.score, "date": item.date,
            "channel": item.channel, "stage_id": part.stage_id if part.placed else None,
            "touchpoint_id": part.touchpoint_id if part.placed else None,
            "pain_point_id": part.pain_point if part.placed and part.sentiment == "negative" else None,
            "kind": KINDS.get(part.sentiment, "other"), "part": number,
            "part_text": part.text if len(match.parts) > 1 else None, "sentiment": part.sentiment,
            "confidence": round(part.confidence, 3), "placed": int(part.placed), "reason": part.reason(),
            "row_sentiment": match.sentiment}


class RowSpool:
    """Rows appended once, read any number of times; on disk past :data:`SPOOL_BYTES`."""

    def __init__(self) -> None:
        self._file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+", encoding="utf-8")
        self._count = 0
        self._renames: dict[str, str | None] = {}
        self._moved: dict[tuple[int, int], str | None] = {}  # (row, part) -> the stage the user chose

    def append(self, row: dict[str, Any]) -> None:
        self._file.seek(0, 2)
        self._file.write(json.dumps(row, ensure_ascii=False) + "\n")
        self._count += 1

    def rename_target(self, old: str, new: str | None) -> None:
        """Rows naming ``old`` as their pain point name ``new`` instead (a new pain point got its id)."""
        self._renames[old] = new

    def forget_renames(self) -> None:
        """Rows name their pain points as the matcher did again (the ops are being made anew)."""
        self._renames.clear()

    def move(self, choices: dict[tuple[int, int], str | None], who: str = "you") -> None:
        """Put rows where the user chose: (row, part) -> a stage id, or None for unplaced."""
        self._moved.update(choices)
        self._who = who

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[dict[str, Any]]:
        self._file.flush()
        self._file.seek(0)
        for line in self._file:
            row = json.loads(line)
            target = row.get("pain_point_id")
            if target in self._renames:
                row["pain_point_id"] = self._renames[target]
            elif target and target.startswith("new:"):
                row["pain_point_id"] = None
            key = (row["row"], row["part"])
            if key in self._moved:
                stage = self._moved[key]
                if stage != row["stage_id"]:
                    row.update(stage_id=stage, touchpoint_id=None, pain_point_id=None, placed=int(stage is not None),
                               confidence=1.0, reason=f"assigned by {getattr(self, '_who', 'you')} in the review")
                    # what it now adds to the import's counts (EvidenceImport.reassign): no pain point, and the
                    # praise of the stage it was put on
                    for fed in ("_cluster", "_support", "_low", "_praise"):
                        row.pop(fed, None)
                    if stage is not None and row["sentiment"] == "positive":
                        row["_praise"] = stage
            yield row

    def close(self) -> None:
        self._file.close()

    def __del__(self) -> None:
        try:
            self._file.close()
        except Exception:  # noqa: BLE001 - at interpreter exit
            pass
