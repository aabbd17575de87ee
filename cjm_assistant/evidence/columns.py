"""Which column holds what: the feedback text, a rating (and on which scale), the date, the channel.

:func:`pick_columns` chooses by the header's words and by what the cells hold
(a sample of rows): the text column is the one with the longest, wordiest
cells among those named like text (review, comment, "What could we do
better?"...); an identifier column (``Response ID``) is never the text.

:func:`rating_scale` reads a rating column's header and every value seen to
tell stars (1-5), NPS (0-10), CSAT (1-5 or 1-7) or a percentage apart, and
:class:`RatingScale` says what a value means on it: -1 (a low rating), 0
(the middle) or +1 (a high one), and whether it is at the very end of the
scale (1 or 5 stars, NPS 0-4 or 10).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cjm_assistant.domain.model import did_you_mean

SAMPLE_ROWS = 500  # rows looked at to pick columns

ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "comment", "comments", "review", "reviews", "feedback", "message", "messages", "body",
             "verbatim", "response", "answer", "content", "remarks", "remark", "notes", "note", "description",
             "complaint", "ticket", "reason", "suggestion", "suggestions", "opinion", "said", "better", "improve",
             "why", "tell"),
    "score": ("score", "rating", "ratings", "nps", "stars", "star", "rate", "rated", "grade", "satisfaction",
              "satisfied", "csat", "ces", "recommend", "likely", "happy"),
    "date": ("date", "time", "created", "submitted", "timestamp", "when", "day", "posted", "datetime",
             "received"),
    "channel": ("channel", "source", "platform", "via", "medium", "site", "origin", "network", "where"),
}
SUBJECT_WORDS = ("subject", "title", "summary", "topic", "headline", "regarding", "heading")
SUBJECT_MAX_WORDS = 15  # a subject is a line, not a comment
# ...or a column that says at which moment of the journey each row was given ("Survey": "after fitting", "12 months
# on"; "Stage": "Booking"): it places the row as a subject does, when it says more than one thing
MOMENT_WORDS = ("survey", "stage", "step", "moment", "touchpoint", "phase", "occasion")
_ID_WORDS = ("id", "ref", "reference", "number", "no", "uuid", "key", "code")
_NUMBER = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*(?:/\s*(\d+(?:[.,]\d+)?))?\s*(?:stars?|pts?|points?|%)?\s*$", re.I)
_SCALE_SAID = re.compile(r"\(\s*[01]\s*(?:-|–|to)\s*(?:5|7|10)\s*\)|\b[01]\s*(?:to|–)\s*(?:5|7|10)\b"
                         r"|\bout of (?:5|7|10)\b", re.I)
_STARS = re.compile(r"^\s*[★☆✩✪⭐]+\s*$")


class ColumnError(ValueError):
    """A column that was asked for and is not there (reading turns it into an EvidenceError)."""


def words_of(header: str) -> list[str]:
    return re.findall(r"[a-z]+", header.casefold())


def role_of(header: str) -> str | None:
    """The role a header's words name (text, score, date, channel), or None. A header that gives a scale
    ("(1-5)", "0 to 10", "out of 5") names a score, whatever its words."""
    words = words_of(header)
    if words and words[-1] in _ID_WORDS and words[-2:] != ["yes", "no"]:  # "Response ID", "Order no": an
        return None  # identifier; "Satisfied? (Yes/No)" is an answer
    if _SCALE_SAID.search(header):
        return "score"
    for role, names in ROLE_WORDS.items():
        if any(w in names for w in words) or any(header.casefold().startswith(n) for n in names if len(n) > 3):
            return role
    return None


#: A rating given in words, on the usual five-point scale ("terrible" 1 ... "excellent" 5)
RATING_WORDS = {
    "terrible": 1.0, "awful": 1.0, "very poor": 1.0, "very bad": 1.0, "horrible": 1.0, "appalling": 1.0,
    "very dissatisfied": 1.0, "poor": 2.0, "bad": 2.0, "below average": 2.0, "dissatisfied": 2.0,
    "ok": 3.0, "okay": 3.0, "average": 3.0, "fair": 3.0, "neutral": 3.0, "satisfactory": 3.0,
    "neither satisfied nor dissatisfied": 3.0, "good": 4.0, "very good": 5.0, "satisfied": 4.0,
    "great": 5.0, "excellent": 5.0, "outstanding": 5.0, "superb": 5.0, "very satisfied": 5.0,
    "yes": 4.0, "y": 4.0, "no": 2.0, "n": 2.0,  # "Were you satisfied? (Yes/No)": a lean, not the end of a scale
}


def parse_score(value: Any, words: bool = False) -> float | None:
    """A number from a rating cell: "4", "4.5", "4/5", "4 stars", "★★★★", and with ``words`` (a column named as
    a rating) a rating in words ("excellent": 5, "poor": 2, see :data:`RATING_WORDS`); None otherwise."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if not text:
        return None
    if _STARS.match(text):
        return float(sum(1 for ch in text if ch in "★⭐✪"))
    m = _NUMBER.match(text)
    if not m:
        return RATING_WORDS.get(" ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())) if words else None
    return float(m.group(1).replace(",", "."))  # "4/5": the scale comes from the column


def cell(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)


# ---------------------------------------------------------------------------
# Rating scales


@dataclass(frozen=True)
class RatingScale:
    """A rating column's scale: what is low, what is high, and how to say it."""

    kind: str  # stars, nps, csat, scale, percent
    bottom: float
    top: float
    low: float  # at or below: a low rating
    high: float  # at or above: a high rating
    label: str  # "1-5 stars", "NPS 0-10"...

    def reading(self, value: float | None) -> int | None:
        """-1 (low), 0 (middle) or +1 (high); None without a value."""
        if value is None:
            return None
        return -1 if value <= self.low else 1 if value >= self.high else 0

    def extreme(self, value: float | None) -> bool:
        """At the very end of the scale: 1 or 5 stars, NPS 0-4 or 10, the best or worst CSAT."""
        if value is None:
            return False
        x = (value - self.bottom) / ((self.top - self.bottom) or 1)
        return x >= 0.9 or x <= 0.25


def rating_scale(header: str, values: tuple[float, float] | None) -> RatingScale | None:
    """The scale of a rating column from its header and the (lowest, highest) value in it."""
    if values is None:
        return None
    lo, hi = values
    words = set(words_of(header))
    text = header.casefold()
    said = re.search(r"(\d+)\s*(?:-|to|–)\s*(\d+)", text)
    if said:
        lo, hi = min(lo, float(said.group(1))), max(hi, float(said.group(2)))
    if {"yes", "no"} <= words and hi <= 5:  # "Were you satisfied? (Yes/No)": a yes is the top, a no the bottom
        return RatingScale("yes-no", 1, 5, 2, 4, "yes/no")
    if words & {"nps", "recommend", "likely"} or (hi > 7 and hi <= 10 and lo == 0):
        return RatingScale("nps", 0, 10, 6, 9, "NPS 0-10")
    if hi <= 5:
        bottom = 0.0 if lo == 0 else 1.0
        if words & {"csat", "satisfaction", "satisfied"}:
            return RatingScale("csat", bottom, 5, 2, 4, "CSAT 1-5")
        return RatingScale("stars", bottom, 5, 2, 4, "1-5 stars")
    if hi <= 7:
        return RatingScale("csat", 1, 7, 3, 5, "CSAT 1-7" if words & {"csat", "satisfaction"} else "1-7 scale")
    if hi <= 10:
        return RatingScale("scale", 1, 10, 4, 8, "1-10 scale")
    return RatingScale("percent", 0, 100, 40, 80, "0-100")


# ---------------------------------------------------------------------------
# Picking the columns


def pick_columns(names: list[str], rows: list[dict[str, Any]], wanted: dict[str, str | None],
                 source: str) -> dict[str, str | None]:
    """Role -> column, from ``wanted`` (role -> a name the user gave, or None) or by name and content."""
    chosen: dict[str, str | None] = {}
    folded = {n.casefold().strip(): n for n in names}

    def explicit(role: str, name: str) -> str:
        key = name.casefold().strip()
        if key in folded:
            return folded[key]
        hint = did_you_mean(name, names)
        listing = ", ".join(f"“{n}”" for n in names[:20])
        raise ColumnError(f"{source} has no column called “{name}” (for --{role}-column)"
                          + (f"; did you mean “{hint}”?" if hint else f"; its columns are: {listing}"))

    for role in ("text", "score", "date", "channel"):
        if wanted.get(role):
            chosen[role] = explicit(role, wanted[role] or "")
    sample = rows[:SAMPLE_ROWS]

    def values(col: str) -> list[str]:
        return [v for v in (cell(r.get(col)).strip() for r in sample) if v]

    def wordiness(col: str) -> float:
        vals = values(col)
        return sum(len(v.split()) for v in vals) / len(vals) if vals else 0.0

    def numeric_share(col: str, words: bool = False) -> float:
        vals = values(col)
        return sum(1 for v in vals if parse_score(v, words) is not None) / len(vals) if vals else 0.0

    if chosen.get("score") and wanted.get("score") and numeric_share(chosen["score"] or "", True) < 0.5:
        raise ColumnError(f"column “{chosen['score']}” of {source} holds no numbers (or few), "
                          "so it cannot be a score")
    taken = set(chosen.values())
    numbered = bool(names) and all(re.fullmatch(r"column \d+", n) for n in names)  # a file with no header row
    if "text" not in chosen:
        free = [n for n in names if n not in taken and numeric_share(n, numbered) < 0.5]
        named = [n for n in free if role_of(n) == "text"]
        # A named column wins unless another holds far wordier cells (a survey question as the header).
        best = max(named, key=wordiness, default=None)
        other = max((n for n in free if n not in named), key=wordiness, default=None)
        if other is not None and (best is None or wordiness(other) > max(2.5, 2 * wordiness(best))):
            best = other
        if best is None or wordiness(best) < (1 if best in named or numbered else 2.5):
            listing = ", ".join(f"“{n}”" for n in names[:20])
            raise ColumnError(f"cannot tell which column of {source} holds the feedback text; "
                              f"pass --text-column (its columns are: {listing})")
        chosen["text"] = best
        taken.add(best)
    for role in ("score", "date", "channel"):
        if role in chosen:
            continue
        named = [n for n in names if n not in taken and role_of(n) == role]
        if role == "score":
            # a header that also names the text ("Review Stars", "Feedback score" in a review site's export) is the
            # rating when its cells are ratings: the text column was chosen by its cells already
            named += [n for n in names if n not in taken and n not in named and role_of(n) is not None
                      and set(words_of(n)) & set(ROLE_WORDS["score"])]
            named = [n for n in named if numeric_share(n, True) >= 0.6]  # a rating column may say it in words
            if not named:  # a file with no header ("5,Great sweep"): a numbered column of small whole numbers
                named = [n for n in names if n not in taken and re.fullmatch(r"column \d+", n) and values(n)
                         and all((re.fullmatch(r"\d{1,2}", v) and int(v) <= 10) or v.casefold().strip(" .!") in
                                 RATING_WORDS for v in values(n))]
            if not named:  # "Note" that holds only ratings is the French (and German) for one: "Note;Avis", 4,5
                named = [n for n in names if n not in taken and words_of(n) == ["note"] and values(n)
                         and all((score := parse_score(v)) is not None and 0 <= score <= 10 for v in values(n))]
        chosen[role] = named[0] if named else None
        if named:
            taken.add(named[0])
    return {role: chosen.get(role) for role in ("text", "score", "date", "channel")}


def pick_subject(names: list[str], rows: list[dict[str, Any]], taken: set[str | None],
                 kind: tuple[str, ...] = SUBJECT_WORDS) -> str | None:
    """The column that gives each row a subject line (a ticket's "Subject", a review's "Title"), or None: named
    so, not already used for another role, holding words (not numbers) and short lines. A subject says what
    the row is about, so it helps place the row; it is never read for sentiment.

    ``kind`` :data:`MOMENT_WORDS`: the column that says at which moment each row was given (a "Survey" of "After
    sign-off", "12 months on"): named so (not an identifier, "Survey ref", nor a kind, "Visit type"), and saying
    more than one thing (the same survey's name on every row says no moment)."""
    sample = rows[:SAMPLE_ROWS]
    for name in names:
        words = words_of(name)
        if name in taken or not set(words) & set(kind):
            continue
        if kind is MOMENT_WORDS and words[-1] in (*_ID_WORDS, "type", "kind", "category", "date", "time"):
            continue
        vals = [v for v in (cell(r.get(name)).strip() for r in sample) if v]
        if not vals or sum(1 for v in vals if parse_score(v) is not None) > len(vals) / 2:
            continue
        if kind is MOMENT_WORDS and len({v.casefold() for v in vals}) < 2:
            continue
        if sum(len(v.split()) for v in vals) / len(vals) <= SUBJECT_MAX_WORDS:
            return name
    return None
