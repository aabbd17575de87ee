"""File formats of customer feedback: bytes to text, which format, and records streamed from each.

* :func:`encoding_of` and :func:`format_of` look at the head of a file: a
  byte-order mark, UTF-8 or Windows cp1252, and refuse binaries, Excel and PDF
  with a sentence; then CSV, JSON lines, a JSON array or plain text, by the
  suffix and the first lines;
* :func:`csv_records`, :func:`json_records`, :func:`text_blocks` stream a
  file's records, so a large file is never held whole.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .columns import parse_score, role_of

TEXT_EXTENSIONS = {".txt", ".text", ".md", ".markdown"}
CSV_EXTENSIONS = {".csv", ".tsv", ".tab"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson", ".jsonlines"}
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,4}[.)])\s+")
MAX_CELL = 100_000  # characters in one cell or line: more is a document pasted in, not one piece of feedback
csv.field_size_limit(MAX_CELL)


class EvidenceError(ValueError):
    """A feedback file that cannot be read; ``str()`` is a sentence for the user."""




#: An encoding name that reads a text file with its stray NUL bytes dropped: "nonul-" and the file's own encoding
NO_NUL = "nonul-"


def _no_nul_codec(name: str) -> codecs.CodecInfo | None:
    """The codec ``nonul-ENCODING`` (looked up as ``nonul_encoding``): ENCODING's, with "\\0" left out of the
    text (a stray NUL byte in a text file, from a bad export or a copy cut short, is no part of any review)."""
    if not name.startswith("nonul_"):
        return None
    base = codecs.lookup(name.removeprefix("nonul_"))

    class Decoder(base.incrementaldecoder):  # type: ignore[name-defined, misc]
        def decode(self, data, final=False):
            return super().decode(data, final).replace("\0", "")

    def decode(data, errors="strict"):
        text, used = base.decode(data, errors)
        return text.replace("\0", ""), used

    return codecs.CodecInfo(base.encode, decode, incrementalencoder=base.incrementalencoder,
                            incrementaldecoder=Decoder, name=f"{NO_NUL}{base.name}")


codecs.register(_no_nul_codec)


def _utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when every other byte of the first kilobyte is NUL (Latin-script UTF-16 saved
    without a byte-order mark: the NUL after each letter, or before it), else None."""
    sample = head[:1024]
    sample = sample[:len(sample) - len(sample) % 2]
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even = sum(1 for b in sample[0::2] if b == 0)
    odd = sum(1 for b in sample[1::2] if b == 0)
    if odd >= 0.9 * pairs and even <= 0.1 * pairs:
        return "utf-16-le"
    if even >= 0.9 * pairs and odd <= 0.1 * pairs:
        return "utf-16-be"
    return None


def encoding_of(head: bytes, name: str) -> tuple[str, str]:
    if head.startswith(b"PK\x03\x04"):
        raise EvidenceError(f"{name} is an Excel workbook or a zip file, not text; save it as CSV "
                            "(File > Save as > CSV UTF-8) and import that")
    if head.startswith(b"%PDF"):
        raise EvidenceError(f"{name} is a PDF, not text; export the feedback as CSV or plain text")
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if head.startswith(bom):
            return encoding, head.decode(encoding, errors="ignore")
    utf16 = _utf16_without_bom(head)
    if utf16:
        return utf16, head[:len(head) - len(head) % 2].decode(utf16, errors="ignore")
    stray = head[:8192].count(b"\x00")
    if stray > max(2, len(head[:8192]) // 1000):  # NULs all through it: a binary file, not text with a stray NUL
        raise EvidenceError(f"{name} looks like a binary file, not CSV, text or JSON lines")
    if stray:  # a few stray NULs in text: read without them (read_feedback says so), not refused as "binary"
        encoding, text = encoding_of(head.replace(b"\x00", b""), name)
        return NO_NUL + encoding, text
    try:
        encoding, text = "utf-8", head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start >= len(head) - 4:  # a character cut at the end of the head
            encoding, text = "utf-8", head[:e.start].decode("utf-8")
        else:
            encoding, text = "cp1252", head.decode("cp1252", errors="replace")
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t")
    if sample and controls / len(sample) > 0.01:
        raise EvidenceError(f"{name} looks like a binary file, not CSV, text or JSON lines")
    return encoding, text


def format_of(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in CSV_EXTENSIONS:
        return "csv"
    if suffix in JSONL_EXTENSIONS:
        return "jsonl"
    if suffix == ".json":
        return "json" if text.lstrip().startswith("[") else "jsonl"
    if suffix in TEXT_EXTENSIONS:
        return "csv" if suffix in TAB_TEXT_EXTENSIONS and tab_table(text) else "text"
    first = text.lstrip()[:1]
    if first == "{":
        return "jsonl"
    if first == "[":
        return "json"
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if len(lines) >= 2:
        try:
            header = next(csv.reader([lines[0]], delimiter=delimiter_of("\n".join(lines))))
        except (csv.Error, StopIteration):
            return "text"
        if len(header) >= 2 and any(role_of(h) for h in header):
            return "csv"
    return "text"


#: Plain-text names under which spreadsheets save tab-separated tables (Excel's "Unicode Text" and "Text (Tab
#: delimited)" are .txt)
TAB_TEXT_EXTENSIONS = {".txt", ".text"}


def tab_table(text: str) -> bool:
    """Whether a text file's first lines are a tab-separated table: a header of two columns or more, one of them
    named like a column cjm knows (comment, rating, date...), or at least three lines with the same number of tabs.
    A list of reviews, one a line, has no tabs, or tabs only here and there."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if len(lines) < 2 or "\t" not in lines[0]:
        return False
    try:
        rows = list(csv.reader(lines[:-1] if len(lines) > 2 else lines, delimiter="\t"))
    except csv.Error:
        return False
    width = len(rows[0])
    if width < 2:
        return False
    alike = sum(1 for r in rows if len(r) == width)
    if any(role_of(h) for h in rows[0]) and alike >= 0.8 * len(rows):
        return True
    return len(rows) >= 3 and alike == len(rows)


#: The line Excel writes first to name the delimiter: "sep=;"
_EXCEL_SEP = re.compile(r'\A\ufeff?"?sep=([,;\t|])"?[ \t]*\r?\n')


def delimiter_of(sample: str) -> str:
    """The delimiter that reads ``sample`` (a file's first lines) as a table: the one whose header has two columns
    or more and whose rows have as many, most often (a row with more keeps an unquoted comma in its last column).
    csv.Sniffer guessed wrong on a semicolon file saved by Excel (CRLF) with a semicolon inside a quoted comment,
    and read the whole line as one column, the rating with it."""
    best, best_score = ",", -1.0
    for delimiter in ",;\t|":
        try:
            rows = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width, body = len(rows[0]), rows[1:-1] if len(rows) > 2 else rows[1:]  # the sample may cut its last row
        score = sum(1.0 if len(r) == width else 0.5 if len(r) > width else 0.0 for r in body) / len(body) if body else 0.5
        if score > best_score:
            best, best_score = delimiter, score
    return best


def open_text(path: Path, encoding: str) -> io.TextIOWrapper:
    return open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by the caller's with


# ---------------------------------------------------------------------------
# Records: (row, {column: value}) from each format, streamed


def csv_records(path: Path, encoding: str) -> Iterator[tuple[int, Any]]:
    """First (row, the header as a list), then (row, record) for every non-blank row."""
    with open_text(path, encoding) as fh:
        skipped = 0  # lines before the reader's first (Excel's "sep=" line)
        if path.suffix.lower() in (".tsv", ".tab") or path.suffix.lower() in TAB_TEXT_EXTENSIONS:
            delimiter = "\t"
        else:
            sample = "".join(line for _, line in zip(range(50), fh))
            fh.seek(0)
            said = _EXCEL_SEP.match(sample)
            if said:  # Excel's "sep=;" first line names the delimiter, and is no header
                fh.readline()
                skipped = 1
                delimiter = said.group(1)
            else:
                delimiter = delimiter_of(sample)
        raw: list[str] = []  # the lines of the record being read, as they are in the file
        reader = csv.reader(_recorded(fh, raw), delimiter=delimiter)
        header: list[str] | None = None
        last: tuple[int, list[str]] | None = None  # the last record read, and its line
        line = 0  # the file's line where the record being read starts
        try:
            for index, record in enumerate(reader, start=1):
                start, line = line + 1, reader.line_num
                lines, raw[:] = raw[:], []
                if not any(c.strip() for c in record):
                    continue
                _refuse_quote_closed_mid_cell(record, lines, delimiter, start + skipped, path)
                _refuse_unclosed_quote(record, delimiter, len(header or record), start, path)
                if header is None and _data_not_header(record):
                    # no header: the first row is feedback ("5,Great sweep, no mess"); the columns are numbered
                    header = [f"column {i + 1}" for i in range(len(record))]
                    yield index - 1, header
                if header is None:
                    header = [c.strip() or f"column {i + 1}" for i, c in enumerate(record)]
                    seen: dict[str, int] = {}
                    for i, name in enumerate(header):  # duplicate names get a number
                        key = name.casefold()
                        seen[key] = seen.get(key, 0) + 1
                        if seen[key] > 1:
                            header[i] = f"{name} {seen[key]}"
                    yield index, header
                    continue
                if len(record) > len(header):  # an unquoted comma in the last column: it keeps the rest
                    record = record[:len(header) - 1] + [delimiter.join(record[len(header) - 1:])]
                last = (start, record)
                yield index, dict(zip(header, record))
            if last is not None and _rows_in_a_cell(last[1], delimiter, len(header or [])):
                _refuse_open_at_the_end(fh, last[0] + skipped, path)
        except csv.Error as e:
            if "field larger than field limit" in str(e):
                raise EvidenceError(f"line {reader.line_num} of {path.name} has a cell longer than {MAX_CELL:,} "
                                    "characters, more than one piece of feedback (a document pasted into a cell?); "
                                    "shorten it or remove that row, then import again") from None
            raise EvidenceError(f"{path.name} is not a readable CSV file (line {reader.line_num}: {e})") from None


#: Lines inside one cell that read as rows of the file themselves: a quote opened and never closed
UNCLOSED_ROWS = 3


def _row_like(line: str, delimiter: str, width: int) -> bool:
    """Whether a line inside a cell reads as a row of the file itself (as many fields as the header; in a
    one-column file, any line with words)."""
    return bool(line.strip()) and (width <= 1 or len(next(csv.reader([line], delimiter=delimiter), [])) >= width)


def _never_closed(start: int, path: Path, after: int) -> EvidenceError:
    return EvidenceError(f"line {start} of {path.name} opens a quote (\") that is never closed, so the {after:,} "
                         f"line{'s' if after != 1 else ''} after it would be read as part of one review; close or "
                         "remove that quote and import again (nothing was imported)")


def _rows_in_a_cell(record: list[str], delimiter: str, width: int) -> int:
    """How many lines inside the record's cells read as rows of the file themselves."""
    return sum(1 for cell in record if "\n" in cell for ln in cell.splitlines()[1:] if _row_like(ln, delimiter, width))


def _refuse_open_at_the_end(fh, start: int, path: Path) -> None:
    """EvidenceError when the file's last record holds rows of the file in a cell because its quote is still open
    at the end of the file (an odd number of quotes from its line on): the reviews after it were read as its text.
    A quoted review of a few lines that closes its quote is read as it is."""
    fh.seek(0)
    rest = "".join(text for number, text in enumerate(fh, start=1) if number >= start)
    if rest.count('"') % 2:
        raise _never_closed(start, path, len(rest.splitlines()) - 1)


def _recorded(fh: io.TextIOWrapper, lines: list[str]) -> Iterator[str]:
    """The file's lines, each also appended to ``lines`` (which the caller empties after each record)."""
    for text in fh:
        lines.append(text)
        yield text


def _refuse_quote_closed_mid_cell(record: list[str], lines: list[str], delimiter: str, start: int, path: Path) -> None:
    """EvidenceError when a record spanning several lines only ends because a later quote, itself meant to open
    a cell ('"Another,2'), closed the first one in the middle of a cell: a quote left open on line ``start`` has
    swallowed the rows after it, and a lenient reader reads them as one review with no word said. No CSV writer
    puts text straight after a closing quote, so the strict reader's refusal of that record is the sign."""
    if len(lines) < 2 or not any("\n" in c or "\r" in c for c in record):
        return
    try:
        list(csv.reader(lines, delimiter=delimiter, strict=True))
    except csv.Error:
        raise _never_closed(start, path, len(lines) - 1) from None


def _refuse_unclosed_quote(record: list[str], delimiter: str, width: int, start: int, path: Path) -> None:
    """EvidenceError when a cell holds lines that are rows of the file ('"The hem was "fixed" badly' opens a quote
    that never closes, and every review after it became this one's text, with no word said)."""
    for cell in record:
        if cell.count("\n") < UNCLOSED_ROWS or width <= 1:
            continue
        if sum(1 for ln in cell.splitlines()[1:] if _row_like(ln, delimiter, width)) >= UNCLOSED_ROWS:
            raise _never_closed(start, path, len(cell.splitlines()) - 1)


def _data_not_header(record: list[str]) -> bool:
    """Whether a CSV's first row is feedback, not column names: no cell names a column's role, and a cell is a
    number (a rating) or a sentence (four words or more)."""
    cells = [c.strip() for c in record if c.strip()]
    if len(cells) >= 2 and any(re.fullmatch(r"[-+]?\d+(?:[.,]\d+)?", c) or parse_score(c, words=True) is not None
                               for c in cells):
        return True  # a header never holds a bare number or a rating ("5", "excellent")
    if not cells or any(role_of(c) for c in cells):
        return False
    if len(cells) == 1:  # one column: a header names it in a word or asks a question ("What could we do better?")
        return len(cells[0].split()) >= 2 and not cells[0].endswith(("?", ":"))
    return any(re.fullmatch(r"[-+]?\d+(?:[.,]\d+)?", c) or len(c.split()) >= 4 or parse_score(c, words=True) is not None
               for c in cells)


def json_records(path: Path, encoding: str, kind: str) -> Iterator[tuple[int, dict[str, Any]]]:
    if kind == "json":
        with open_text(path, encoding) as fh:
            try:
                data = json.load(fh)
            except json.JSONDecodeError as e:
                raise EvidenceError(f"{path.name} is not valid JSON (line {e.lineno}: {e.msg})") from None
            except (RecursionError, ValueError):  # nested thousands deep, or a number thousands of digits long
                raise EvidenceError(f"{path.name} is not feedback: it is nested too deeply or holds a number "
                                    "thousands of digits long; give a list of items, or one object per line") from None
        if not isinstance(data, list):
            raise EvidenceError(f"{path.name} holds a JSON object; give a list of items, or one object per line")
        entries: Any = enumerate(data, start=1)
    else:
        entries = _json_lines(path, encoding)
    for number, value in entries:
        if isinstance(value, str):
            value = {"text": value}
        if not isinstance(value, dict):
            raise EvidenceError(f"item {number} of {path.name} is {type(value).__name__}, not an object with the "
                                "feedback text")
        yield number, {str(k): v for k, v in value.items()}


def _lines(fh: io.TextIOWrapper, name: str) -> Iterator[tuple[int, str]]:
    """(number, line) of an open file, refusing a line longer than MAX_CELL before it is read whole."""
    number = 0
    while True:
        line = fh.readline(MAX_CELL + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_CELL and not line.endswith("\n"):
            raise EvidenceError(f"line {number} of {name} is longer than {MAX_CELL:,} characters, more than one "
                                "piece of feedback; shorten it or split it into lines, then import again")
        yield number, line


def _json_lines(path: Path, encoding: str) -> Iterator[tuple[int, Any]]:
    with open_text(path, encoding) as fh:
        for number, line in _lines(fh, path.name):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as e:
                raise EvidenceError(f"line {number} of {path.name} is not valid JSON ({e.msg}); "
                                    "each line must be one JSON object") from None
            except RecursionError:
                raise EvidenceError(f"line {number} of {path.name} is nested too deeply to be feedback; each line "
                                    "must be one JSON object with the feedback text") from None
            except ValueError:  # a number thousands of digits long
                raise EvidenceError(f"line {number} of {path.name} holds a number thousands of digits long; "
                                    "each line must be one JSON object with the feedback text") from None


def text_blocks(path: Path, encoding: str, paragraphs: bool) -> Iterator[tuple[int, str]]:
    with open_text(path, encoding) as fh:
        current: list[str] = []
        start, size = 0, 0
        for number, line in _lines(fh, path.name):
            line = line.rstrip("\r\n")
            if not paragraphs:
                if line.strip():
                    yield number, _BULLET.sub("", line)
                continue
            if line.strip():
                if not current:
                    start, size = number, 0
                size += len(line)
                if size > MAX_CELL:
                    raise EvidenceError(f"the paragraph from line {start} of {path.name} is longer than {MAX_CELL:,} "
                                        "characters, more than one piece of feedback; split it with blank lines")
                current.append(_BULLET.sub("", line))
            elif current:
                yield start, " ".join(current)
                current = []
        if current:
            yield start, " ".join(current)
