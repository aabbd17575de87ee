"""Reading customer feedback: CSV, plain text and JSON lines, with column detection.

:func:`read_feedback` turns a file into :class:`FeedbackItem` rows, each with
the place it came from (``row``), so every claim made from it can be traced:

* **CSV** (``.csv``, ``.tsv``, or anything that sniffs as a table with a
  header): ``row`` is the spreadsheet row (the header is row 1). The text
  column is the one named like text/comment/review/feedback/message/body with
  the longest texts, unless ``text_column`` says; score (rating, NPS, stars),
  date and channel columns are found by name the same way.
* **JSON lines** (``.jsonl``, ``.ndjson``, or lines starting with ``{``), and
  a ``.json`` array: the same detection over the objects' keys; ``row`` is the
  line (or the array position, from 1).
* **Plain text**: one item per line, or per paragraph when blank lines
  separate paragraphs; ``row`` is the line the item starts on.

Anything else (an empty file, a binary or Excel file, a column that does not
exist, a broken JSON line) raises :class:`EvidenceError` with one sentence
saying what to do; nothing is read half-way.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cjm_assistant.domain.model import clean_text, did_you_mean

MAX_FILE_BYTES = 50_000_000
MAX_ITEMS = 200_000
MAX_ITEM_CHARS = 2000
SAMPLE_ROWS = 500  # rows looked at to pick columns

ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "comment", "comments", "review", "reviews", "feedback", "message", "messages", "body",
             "verbatim", "response", "answer", "content", "remarks", "remark", "notes", "note", "description",
             "complaint", "ticket", "reason", "suggestion", "suggestions", "opinion", "said"),
    "score": ("score", "rating", "ratings", "nps", "stars", "star", "rate", "rated", "grade", "satisfaction",
              "csat", "ces"),
    "date": ("date", "time", "created", "submitted", "timestamp", "when", "day", "posted", "datetime",
             "received"),
    "channel": ("channel", "source", "platform", "via", "medium", "site", "origin", "network", "where"),
}
TEXT_EXTENSIONS = {".txt", ".text", ".md", ".markdown"}
CSV_EXTENSIONS = {".csv", ".tsv", ".tab"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson", ".jsonlines"}
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,4}[.)])\s+")
_NUMBER = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*(?:/\s*(\d+(?:[.,]\d+)?))?\s*(?:stars?|pts?|points?|%)?\s*$", re.I)
_STARS = re.compile(r"^\s*[★☆✩✪⭐]+\s*$")


class EvidenceError(ValueError):
    """A feedback file that cannot be read; ``str()`` is a sentence for the user."""


@dataclass(frozen=True)
class FeedbackItem:
    row: int
    text: str
    score: float | None = None
    date: str | None = None
    channel: str | None = None


@dataclass
class ReadOptions:
    """Which columns (or JSON keys) to use; None means detect it."""

    text_column: str | None = None
    score_column: str | None = None
    date_column: str | None = None
    channel_column: str | None = None


@dataclass
class Feedback:
    """The items of one file, and how they were read."""

    source: str  # the file name, as stored with each evidence row
    path: Path
    format: str  # csv, jsonl, json, text
    items: list[FeedbackItem]
    columns: dict[str, str | None] = field(default_factory=dict)  # role -> column used
    available: list[str] = field(default_factory=list)  # every column (or key) found
    score_scale: float | None = None  # 5, 10 or 100: the top of the score column
    skipped: int = 0  # rows with no text
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One line: what was read and from which columns."""
        used = ", ".join(f"{role} from “{col}”" for role, col in self.columns.items() if col)
        text = f"{len(self.items)} items from {self.source} ({self.format}"
        return text + (f"; {used})" if used else ")")

    def sentiment_of(self, item: FeedbackItem) -> int | None:
        """-1, 0 or +1 from an item's score on this file's scale; None without a score."""
        if item.score is None or not self.score_scale:
            return None
        if self.score_scale <= 5:
            low, high = 2, 4
        elif self.score_scale <= 10:  # NPS: detractors 0-6, promoters 9-10
            low, high = 6, 9
        else:
            low, high = 40, 80
        return -1 if item.score <= low else 1 if item.score >= high else 0


# ---------------------------------------------------------------------------
# The entry point


def read_feedback(path: str | Path, options: ReadOptions | None = None) -> Feedback:
    """Read a feedback file; EvidenceError (a sentence) when it cannot be."""
    options = options or ReadOptions()
    path = Path(path).expanduser()
    name = path.name
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise EvidenceError(f"{path} is a folder; give a CSV, text or JSON lines file")
        if size > MAX_FILE_BYTES:
            raise EvidenceError(f"{name} is {size // 1_000_000} MB; the limit is {MAX_FILE_BYTES // 1_000_000} MB "
                                "(split it into smaller files)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise EvidenceError(f"no such file: {path}") from None
    except PermissionError:
        raise EvidenceError(f"cannot read {path} (permission denied)") from None
    except IsADirectoryError:
        raise EvidenceError(f"{path} is a folder; give a CSV, text or JSON lines file") from None
    text = _decode(data, name)
    if not text.strip():
        raise EvidenceError(f"{name} is empty: there is no feedback in it")
    kind = _format(path, text)
    if kind == "csv":
        feedback = _read_csv(text, path, options)
    elif kind in ("jsonl", "json"):
        feedback = _read_json(text, path, options, kind)
    else:
        _no_columns(options, name, "plain text")
        feedback = _read_text(text, path)
    if not feedback.items:
        raise EvidenceError(f"{name} has no feedback text"
                            + (f" in column “{feedback.columns.get('text')}”" if feedback.columns.get("text") else ""))
    if len(feedback.items) > MAX_ITEMS:
        raise EvidenceError(f"{name} has {len(feedback.items):,} items; the limit is {MAX_ITEMS:,} per import "
                            "(split the file)")
    return feedback


# ---------------------------------------------------------------------------
# Bytes to text, and which format


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise EvidenceError(f"{name} is an Excel workbook or a zip file, not text; save it as CSV "
                            "(File > Save as > CSV UTF-8) and import that")
    if data.startswith(b"%PDF"):
        raise EvidenceError(f"{name} is a PDF, not text; export the feedback as CSV or plain text")
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    head = data[:8192]
    if b"\x00" in head:
        raise EvidenceError(f"{name} looks like a binary file, not CSV, text or JSON lines")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # spreadsheets on Windows save this
        except UnicodeDecodeError:
            raise EvidenceError(f"{name} is not a text file (save it as UTF-8 CSV or text)") from None
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t")
    if sample and controls / len(sample) > 0.01:
        raise EvidenceError(f"{name} looks like a binary file, not CSV, text or JSON lines")
    return text


def _format(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in CSV_EXTENSIONS:
        return "csv"
    if suffix in JSONL_EXTENSIONS:
        return "jsonl"
    if suffix == ".json":
        return "json" if text.lstrip().startswith("[") else "jsonl"
    if suffix in TEXT_EXTENSIONS:
        return "text"
    first = text.lstrip()[:1]
    if first == "{":
        return "jsonl"
    if first == "[":
        return "json"
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if len(lines) >= 2:
        try:
            dialect = csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t|")
            header = next(csv.reader([lines[0]], dialect))
        except (csv.Error, StopIteration):
            return "text"
        if len(header) >= 2 and any(_role_of(h) for h in header):
            return "csv"
    return "text"


def _no_columns(options: ReadOptions, name: str, what: str) -> None:
    given = [f"--{role.replace('_', '-')}" for role, value in vars(options).items() if value]
    if given:
        raise EvidenceError(f"{name} is {what}, which has no columns; leave out {', '.join(given)}")


# ---------------------------------------------------------------------------
# Columns


def _words_of(header: str) -> list[str]:
    return re.findall(r"[a-z]+", header.casefold())


def _role_of(header: str) -> str | None:
    words = _words_of(header)
    for role, names in ROLE_WORDS.items():
        if any(w in names for w in words) or any(header.casefold().startswith(n) for n in names if len(n) > 3):
            return role
    return None


def parse_score(value: Any) -> float | None:
    """A number from a rating cell: "4", "4.5", "4/5", "4 stars", "★★★★"; None otherwise."""
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
        return None
    number = float(m.group(1).replace(",", "."))
    if m.group(2):  # "4/5" on its own scale: kept as written, the scale comes from the column
        return number
    return number


def _scale(scores: list[float]) -> float | None:
    if not scores:
        return None
    top = max(scores)
    return 5.0 if top <= 5 else 10.0 if top <= 10 else 100.0


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return ""
    return str(value)


def _pick_columns(names: list[str], rows: list[dict[str, Any]], options: ReadOptions,
                  source: str) -> dict[str, str | None]:
    """Role -> column, from the options or by name and content."""
    chosen: dict[str, str | None] = {}
    folded = {n.casefold().strip(): n for n in names}

    def explicit(role: str, wanted: str) -> str:
        key = wanted.casefold().strip()
        if key in folded:
            return folded[key]
        hint = did_you_mean(wanted, names)
        listing = ", ".join(f"“{n}”" for n in names[:20])
        raise EvidenceError(f"{source} has no column called “{wanted}” (for --{role}-column)"
                            + (f"; did you mean “{hint}”?" if hint else f"; its columns are: {listing}"))

    for role in ("text", "score", "date", "channel"):
        wanted = getattr(options, f"{role}_column")
        if wanted:
            chosen[role] = explicit(role, wanted)
    sample = rows[:SAMPLE_ROWS]

    def avg_len(col: str) -> float:
        values = [_cell(r.get(col)).strip() for r in sample]
        values = [v for v in values if v]
        return sum(len(v) for v in values) / len(values) if values else 0.0

    def numeric_share(col: str) -> float:
        values = [_cell(r.get(col)).strip() for r in sample]
        values = [v for v in values if v]
        return sum(1 for v in values if parse_score(v) is not None) / len(values) if values else 0.0

    taken = set(chosen.values())
    if "text" not in chosen:
        named = [n for n in names if _role_of(n) == "text" and n not in taken]
        candidates = named or [n for n in names if n not in taken and numeric_share(n) < 0.5]
        best = max(candidates, key=avg_len, default=None)
        if best is None or avg_len(best) < (1 if named else 12):
            listing = ", ".join(f"“{n}”" for n in names[:20])
            raise EvidenceError(f"cannot tell which column of {source} holds the feedback text; "
                                f"pass --text-column (its columns are: {listing})")
        chosen["text"] = best
        taken.add(best)
    for role in ("score", "date", "channel"):
        if role in chosen:
            continue
        named = [n for n in names if n not in taken and _role_of(n) == role]
        if role == "score":
            named = [n for n in named if numeric_share(n) >= 0.6]
        chosen[role] = named[0] if named else None
        if named:
            taken.add(named[0])
    if chosen.get("score") and options.score_column and numeric_share(chosen["score"]) < 0.5:
        raise EvidenceError(f"column “{chosen['score']}” of {source} holds no numbers (or few), "
                            "so it cannot be a score")
    return {role: chosen.get(role) for role in ("text", "score", "date", "channel")}


def _item(row: int, record: dict[str, Any], columns: dict[str, str | None]) -> FeedbackItem | None:
    text = _clean(_cell(record.get(columns["text"])))
    if not text:
        return None

    def opt(role: str) -> str | None:
        col = columns.get(role)
        value = " ".join(_cell(record.get(col)).split()) if col else ""
        return value[:200] or None

    score = parse_score(record.get(columns["score"])) if columns.get("score") else None
    return FeedbackItem(row=row, text=text, score=score, date=opt("date"), channel=opt("channel"))


def _clean(text: str) -> str:
    text = " ".join(clean_text(text).split())
    if len(text) > MAX_ITEM_CHARS:
        text = text[: MAX_ITEM_CHARS - 1].rstrip() + "…"
    return text


def _finish(path: Path, fmt: str, rows: list[tuple[int, dict[str, Any]]], names: list[str],
            options: ReadOptions) -> Feedback:
    columns = _pick_columns(names, [r for _, r in rows], options, path.name)
    items, skipped = [], 0
    for number, record in rows:
        item = _item(number, record, columns)
        if item is None:
            skipped += 1
        else:
            items.append(item)
    scale = _scale([i.score for i in items if i.score is not None])
    feedback = Feedback(path.name, path, fmt, items, columns, names, scale, skipped)
    if skipped:
        feedback.notes.append(f"{skipped} row{'s' if skipped != 1 else ''} with no text skipped")
    return feedback


# ---------------------------------------------------------------------------
# The formats


def _read_csv(text: str, path: Path, options: ReadOptions) -> Feedback:
    if path.suffix.lower() in (".tsv", ".tab"):
        delimiter = "\t"
    else:
        sample = "\n".join(text.splitlines()[:50])
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as e:
        raise EvidenceError(f"{path.name} is not a readable CSV file (line {reader.line_num}: {e})") from None
    start = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if start is None:
        raise EvidenceError(f"{path.name} is empty: there is no feedback in it")
    header = [c.strip() or f"column {i + 1}" for i, c in enumerate(records[start])]
    seen: dict[str, int] = {}
    for i, name in enumerate(header):  # duplicate names get a number
        key = name.casefold()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            header[i] = f"{name} {seen[key]}"
    rows = []
    for index, record in enumerate(records[start + 1:], start=start + 2):
        if not any(c.strip() for c in record):
            continue
        rows.append((index, {header[i]: value for i, value in enumerate(record[:len(header)])}))
    if not rows:
        raise EvidenceError(f"{path.name} has a header row but no feedback rows")
    return _finish(path, "csv", rows, header, options)


def _read_json(text: str, path: Path, options: ReadOptions, kind: str) -> Feedback:
    rows: list[tuple[int, dict[str, Any]]] = []
    if kind == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise EvidenceError(f"{path.name} is not valid JSON (line {e.lineno}: {e.msg})") from None
        if not isinstance(data, list):
            raise EvidenceError(f"{path.name} holds a JSON object; give a list of items, or one object per line")
        entries = list(enumerate(data, start=1))
    else:
        entries = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entries.append((number, json.loads(line)))
            except json.JSONDecodeError as e:
                raise EvidenceError(f"line {number} of {path.name} is not valid JSON ({e.msg}); "
                                    "each line must be one JSON object") from None
    names: dict[str, None] = {}
    for number, value in entries:
        if isinstance(value, str):
            value = {"text": value}
        if not isinstance(value, dict):
            raise EvidenceError(f"item {number} of {path.name} is {type(value).__name__}, not an object with the "
                                "feedback text")
        for key in list(value)[:100]:
            names.setdefault(str(key))
        rows.append((number, {str(k): v for k, v in value.items()}))
    if not rows:
        raise EvidenceError(f"{path.name} is empty: there is no feedback in it")
    return _finish(path, kind, rows, list(names), options)


def _read_text(text: str, path: Path) -> Feedback:
    lines = text.splitlines()
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    paragraphs = len(blocks) > 1 and any(len(b) > 1 for _, b in blocks)
    items = []
    if paragraphs:
        for start, block in blocks:
            text_ = _clean(" ".join(_BULLET.sub("", line) for line in block))
            if text_:
                items.append(FeedbackItem(row=start, text=text_))
    else:
        for number, line in enumerate(lines, start=1):
            text_ = _clean(_BULLET.sub("", line))
            if text_:
                items.append(FeedbackItem(row=number, text=text_))
    feedback = Feedback(path.name, path, "text", items, {"text": None, "score": None, "date": None, "channel": None})
    feedback.notes.append("one item per paragraph" if paragraphs else "one item per line")
    return feedback
