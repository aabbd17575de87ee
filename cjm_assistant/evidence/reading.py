"""Reading customer feedback: CSV, plain text and JSON lines, streamed, with column detection.

:func:`read_feedback` reads a file once to check it, pick its columns and
count its items, and returns a :class:`Feedback` whose ``items`` are read
from the file again each time they are walked through: a file of a million
rows is never held in memory. Each :class:`FeedbackItem` keeps the place it
came from (``row``), so every claim made from it can be traced:

* **CSV** (``.csv``, ``.tsv``, a ``.txt`` holding a tab-separated table, as
  Excel's "Unicode Text" saves, or anything that sniffs as a table with a
  header): ``row`` is the spreadsheet row (the header is row 1). The text
  column is the one named like text/comment/review/feedback (or a survey
  question) with the wordiest cells, unless ``text_column`` says; rating
  (stars, NPS, CSAT), date and channel columns are found by name the same way
  (:mod:`.columns`), and the rating's scale from its header and values.
* **JSON lines** (``.jsonl``, ``.ndjson``, or lines starting with ``{``), and
  a ``.json`` array (read whole, up to 50 MB): the same detection over the
  objects' keys; ``row`` is the line (or the array position, from 1).
* **Plain text**: one item per line, or per paragraph when blank lines
  separate paragraphs; ``row`` is the line the item starts on.

Anything else (an empty file, a binary or Excel file, a column that does not
exist, a broken JSON line) raises :class:`EvidenceError` with one sentence
saying what to do; nothing is read half-way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cjm_assistant.domain.model import clean_text

from .columns import (MOMENT_WORDS, SAMPLE_ROWS, ColumnError, RatingScale, cell, parse_score, pick_columns, pick_subject,
                      rating_scale)
from .formats import (NO_NUL, EvidenceError, csv_records, encoding_of, format_of, json_records, open_text,
                      text_blocks)

MAX_FILE_BYTES = 2_000_000_000
MAX_JSON_BYTES = 50_000_000  # a JSON array is read whole
MAX_ITEMS = 10_000_000
MAX_ITEM_CHARS = 2000
MAX_EMPTY_LISTED = 10_000  # rows with no text whose numbers are kept (for the report)
HEAD_BYTES = 65_536

__all__ = ["EvidenceError", "Feedback", "FeedbackItem", "ReadOptions", "parse_score", "read_feedback"]


@dataclass(frozen=True, slots=True)
class FeedbackItem:
    row: int  # the data row from 1 (a CSV's header is not counted): the one numbering shown and stored
    text: str
    score: float | None = None
    date: str | None = None
    channel: str | None = None
    subject: str | None = None  # the row's subject line (a ticket's "Subject"): helps place it, never read for sentiment
    moment: str | None = None  # when the row was given ("Survey": "12 months on"): places it, backs no pain point


@dataclass
class ReadOptions:
    """Which columns (or JSON keys) to use; None means detect it."""

    text_column: str | None = None
    score_column: str | None = None
    date_column: str | None = None
    channel_column: str | None = None


class StreamedItems(Sequence):
    """A file's items, read from the file each time they are walked through; ``len`` is known up front.

    Indexing reads the whole file into a list once (for small files and tests); an import only walks it.
    """

    def __init__(self, walk: Callable[[], Iterator[FeedbackItem]], count: int):
        self._walk = walk
        self._count = count
        self._list: list[FeedbackItem] | None = None

    def __iter__(self) -> Iterator[FeedbackItem]:
        return iter(self._list) if self._list is not None else self._walk()

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):  # type: ignore[override]
        if self._list is None:
            self._list = list(self._walk())
        return self._list[index]


@dataclass
class Feedback:
    """The items of one file, and how they were read."""

    source: str  # the file name, as stored with each evidence row
    path: Path
    format: str  # csv, jsonl, json, text
    items: Sequence[FeedbackItem]
    columns: dict[str, str | None] = field(default_factory=dict)  # role -> column used
    available: list[str] = field(default_factory=list)  # every column (or key) found
    score_scale: float | None = None  # the top of the rating scale (5, 7, 10 or 100); None: no rating used
    skipped: int = 0  # rows with no text
    empty_rows: list[int] = field(default_factory=list)  # their data rows, from 1 (the first MAX_EMPTY_LISTED)
    notes: list[str] = field(default_factory=list)
    scale: RatingScale | None = None  # how the rating column reads
    first_row: int = 1  # ``row`` of the first data row: items are numbered by data row from 1 everywhere
    subject_column: str | None = None  # a subject line per row (found by name), used to place rows
    moment_column: str | None = None  # the moment each row was given at (found by name), used to place rows

    def describe(self) -> str:
        """One line: what was read, from which columns, and the rating's scale."""
        n = len(self.items)
        parts = [f"{n:,} row{'s' if n != 1 else ''} from {self.source} ({self.format})"]
        for role, name in (("text", "text"), ("score", "rating"), ("date", "date"), ("channel", "channel")):
            col = self.columns.get(role)
            if col:
                scale = f" ({self.scale.label})" if role == "score" and self.rating_used else ""
                parts.append(f"{name} column “{col}”{scale}")
        if self.subject_column:
            parts.append(f"subject column “{self.subject_column}” (to place rows)")
        if self.moment_column:
            parts.append(f"moment column “{self.moment_column}” (when each row was given, to place rows)")
        if not self.columns.get("score"):
            parts.append("no rating column (sentiment from the words alone)")
        return "; ".join(parts)

    @property
    def rating_used(self) -> bool:
        return self.scale is not None and self.score_scale is not None and bool(self.columns.get("score"))

    def sentiment_of(self, item: FeedbackItem) -> int | None:
        """-1, 0 or +1 from an item's rating on this file's scale; None without one."""
        return self.scale.reading(item.score) if self.rating_used and self.scale else None

    def data_row(self, item: FeedbackItem) -> int:
        """The item's place among the data rows, from 1 (the header is not counted)."""
        return item.row - self.first_row + 1

    def without(self, roles: tuple[str, ...]) -> Feedback:
        """The same file with the score, date or channel column left out (still streamed)."""
        if not roles:
            return self
        source = self.items

        def walk() -> Iterator[FeedbackItem]:
            for item in source:
                yield replace(item, **{role: None for role in roles})

        columns = {**self.columns, **{role: None for role in roles}}
        return replace(self, items=StreamedItems(walk, len(source)), columns=columns,
                       score_scale=None if "score" in roles else self.score_scale,
                       scale=None if "score" in roles else self.scale)


# ---------------------------------------------------------------------------
# The entry point


def read_feedback(path: str | Path, options: ReadOptions | None = None) -> Feedback:
    """Read a feedback file; EvidenceError (a sentence) when it cannot be."""
    options = options or ReadOptions()
    path = Path(path).expanduser()
    name = path.name
    try:
        if path.is_dir():
            raise EvidenceError(f"{path} is a folder; give a CSV, text or JSON lines file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise EvidenceError(f"{name} is {size // 1_000_000:,} MB; the limit is {MAX_FILE_BYTES // 1_000_000:,} MB "
                                "(split it into smaller files)")
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except FileNotFoundError:
        raise EvidenceError(f"no such file: {path}") from None
    except PermissionError:
        raise EvidenceError(f"cannot read {path} (permission denied)") from None
    except IsADirectoryError:
        raise EvidenceError(f"{path} is a folder; give a CSV, text or JSON lines file") from None
    encoding, head_text = encoding_of(head, name)
    if not head_text.strip():
        raise EvidenceError(f"{name} is empty: there is no feedback in it")
    kind = format_of(path, head_text)
    if kind == "text":
        given = [f"--{role.replace('_', '-')}" for role, value in vars(options).items() if value]
        if given:
            raise EvidenceError(f"{name} is plain text, which has no columns; leave out {', '.join(given)}")
    if kind == "json" and size > MAX_JSON_BYTES:
        raise EvidenceError(f"{name} is a JSON array of {size // 1_000_000} MB; save it as JSON lines (one object "
                            "per line) to import it")
    try:
        feedback = _scan(path, kind, encoding, options)
    except UnicodeDecodeError:
        if encoding.removeprefix(NO_NUL) != "utf-8":
            raise EvidenceError(f"{name} is not a text file (save it as UTF-8 CSV or text)") from None
        feedback = _scan(path, kind, encoding.replace("utf-8", "cp1252"), options)  # spreadsheets on Windows save this
    if encoding.startswith(NO_NUL):
        feedback.notes.append(f"{name} holds stray NUL bytes (\\0, not text, from a damaged export or copy); they "
                              "were left out and the rest read as text: check the rows look right")
    return feedback


def _clean(text: str) -> str:
    text = " ".join(clean_text(text).split())
    if len(text) > MAX_ITEM_CHARS:
        text = text[: MAX_ITEM_CHARS - 1].rstrip() + "…"
    return text


# ---------------------------------------------------------------------------
# The scan: columns, counts and the rating's range, in one pass


def _scan(path: Path, kind: str, encoding: str, options: ReadOptions) -> Feedback:
    name = path.name
    if kind == "text":
        return _scan_text(path, encoding)
    if kind == "csv":
        records = csv_records(path, encoding)
        header = next(records, None)
        if header is None:
            raise EvidenceError(f"{name} is empty: there is no feedback in it")
        names: list[str] = list(header[1])
        first_row = header[0] + 1
    else:
        records = json_records(path, encoding, kind)
        names = []
        first_row = 1
    sample: list[tuple[int, dict[str, Any]]] = []
    for record in records:
        sample.append(record)  # type: ignore[arg-type]
        if len(sample) >= SAMPLE_ROWS:
            break
    if not sample:
        raise EvidenceError(f"{name} has a header row but no feedback rows" if kind == "csv"
                            else f"{name} is empty: there is no feedback in it")
    if kind != "csv":
        keys: dict[str, None] = {}
        for _, rec in sample:
            for key in list(rec)[:100]:
                keys.setdefault(key)
        names = list(keys)
    wanted = {"text": options.text_column, "score": options.score_column, "date": options.date_column,
              "channel": options.channel_column}
    try:
        columns = pick_columns(names, [r for _, r in sample], wanted, name)
    except ColumnError as e:
        raise EvidenceError(str(e)) from None
    subject = pick_subject(names, [r for _, r in sample], set(columns.values()))
    moment = pick_subject(names, [r for _, r in sample], {*columns.values(), subject}, MOMENT_WORDS)
    count = skipped = 0
    empty: list[int] = []
    low = high = None
    for number, rec in _chain(sample, records):
        item = _item(number - first_row + 1, rec, columns, subject, moment)
        if item is None:
            skipped += 1
            if len(empty) < MAX_EMPTY_LISTED:
                empty.append(number - first_row + 1)
            continue
        count += 1
        if item.score is not None:
            low = item.score if low is None else min(low, item.score)
            high = item.score if high is None else max(high, item.score)
    if not count:
        raise EvidenceError(f"{name} has no feedback text" + (f" in column “{columns['text']}”"
                                                              if columns.get("text") else ""))
    if count > MAX_ITEMS:
        raise EvidenceError(f"{name} has {count:,} items; the limit is {MAX_ITEMS:,} per import (split the file)")
    scale = rating_scale(columns["score"], (low, high)) if columns.get("score") and high is not None else None

    def walk() -> Iterator[FeedbackItem]:
        source = csv_records(path, encoding) if kind == "csv" else json_records(path, encoding, kind)
        for record in source:
            if isinstance(record[1], list):
                continue
            item = _item(record[0] - first_row + 1, record[1], columns, subject, moment)
            if item is not None:
                yield item

    feedback = Feedback(name, path, kind, StreamedItems(walk, count), columns, names,
                        scale.top if scale else None, skipped, empty, scale=scale,
                        subject_column=subject, moment_column=moment)
    if skipped:
        feedback.notes.append(f"{skipped:,} row{'s' if skipped != 1 else ''} with no text skipped")
    return feedback


def _chain(sample: list, rest: Iterator) -> Iterator[tuple[int, dict[str, Any]]]:
    yield from sample
    yield from rest


def _item(row: int, record: dict[str, Any], columns: dict[str, str | None],
          subject: str | None = None, moment: str | None = None) -> FeedbackItem | None:
    text = _clean(cell(record.get(columns["text"])))
    if not text:
        return None

    def opt(role: str) -> str | None:
        col = columns.get(role)
        value = " ".join(cell(record.get(col)).split()) if col else ""
        return value[:200] or None

    score = parse_score(record.get(columns["score"]), words=True) if columns.get("score") else None
    about = " ".join(cell(record.get(subject)).split())[:200] if subject else ""
    when = " ".join(cell(record.get(moment)).split())[:200] if moment else ""
    return FeedbackItem(row, text, score, opt("date"), opt("channel"), about or None, when or None)


def _scan_text(path: Path, encoding: str) -> Feedback:
    blocks = 0
    multi = False
    run = 0
    with open_text(path, encoding) as fh:
        for line in fh:
            if line.strip():
                run += 1
                if run == 1:
                    blocks += 1
                multi |= run > 1
            else:
                run = 0
    paragraphs = blocks > 1 and multi

    def walk() -> Iterator[FeedbackItem]:
        for number, text in text_blocks(path, encoding, paragraphs):
            text = _clean(text)
            if text:
                yield FeedbackItem(row=number, text=text)

    count = sum(1 for _ in walk())
    if not count:
        raise EvidenceError(f"{path.name} is empty: there is no feedback in it")
    feedback = Feedback(path.name, path, "text", StreamedItems(walk, count),
                        {"text": None, "score": None, "date": None, "channel": None}, first_row=1)
    feedback.notes.append("one item per paragraph" if paragraphs else "one item per line")
    return feedback
