"""Escaping for every export format: the one place where text meets syntax.

Map text has already been through ``model.clean_text`` / ``clean_name``, but an
exporter must be safe on its own: each function here also drops terminal
escapes and control characters, so whatever reaches it, nothing that could
break a table, a diagram or a terminal survives.

* :func:`md_cell`: one GitHub-flavoured Markdown table cell;
* :func:`md_inline`: a heading, a list item, a line of prose;
* :func:`mermaid_name` / :func:`mermaid_actor`: a title, section or task of a
  Mermaid ``journey`` diagram;
* :func:`csv_cell`: a spreadsheet cell, safe from formula injection (the CSV
  and the xlsx export both use it);
* :func:`html_text` / :func:`html_lines`: HTML text or a quoted attribute
  value (the web page and its SVG);
* :func:`slugify`: a file name.
"""

from __future__ import annotations

import re

from cjm_assistant.domain.text import SPECIAL, slug, strip_unsafe

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing (some 5 ms) is not imported to run `cjm export`
if TYPE_CHECKING:
    from typing import Any


def _clean(s: str) -> str:
    return strip_unsafe(s).replace("\t", " ")


def plain(value: object) -> str:
    """Text without escapes or control characters; newlines kept, tabs as spaces."""
    s = value if isinstance(value, str) else str(value)
    if SPECIAL.search(s) is not None:
        s = _clean(s)
    return s.strip()


def one_line(value: object) -> str:
    """:func:`plain` text on one line: whitespace runs become one space."""
    s = value if isinstance(value, str) else str(value)
    if SPECIAL.search(s) is not None:
        s = _clean(s)
    return " ".join(s.split())


# -- Markdown ----------------------------------------------------------------

# Characters that mean something inline in GitHub Markdown. Every user
# backslash is doubled, so the backslash we put before a pipe can never be
# cancelled by one of theirs. ``$`` would start GitHub math; ``<`` becomes an
# entity so HTML shows as typed (no tag or autolink opens without it); ``>``
# stays as people read it ("target > 85%"), escaped only where it would open a
# quote at the start of a line.
_MD_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "~": "\\~",
        "$": "\\$",
        "<": "&lt;",
    }
)
# "&" only matters where it would start an entity ("&amp;", "&#124;"); a
# plain "Ask & compare" stays as it is.
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# At the start of a line these would open a block: an ATX heading, a bullet,
# a thematic break or setext underline, a block quote, an ordered list item. ("<", "*",
# "_", "`", "~", "|" and "[" are escaped everywhere already.)
_BLOCK_START = re.compile(r"^(?:#{1,6}(?=\s|$)|[-+](?=\s|$)|[-= ]+$|>)")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
# An ATX heading drops a trailing run of "#" that follows a space.
_TRAILING_HASHES = re.compile(r"(?:(?<=\s)|^)(#+)$")
_BLOCK_FIRST = frozenset("#+-=>0123456789")


def md_cell(value: object) -> str:
    """Text for one cell of a GitHub Markdown table.

    Pipes are escaped, line breaks become ``<br>``, and HTML, links, emphasis
    and code spans are neutralised so the text shows as typed.
    """
    s = plain(value)
    if "&" in s:
        s = _ENTITY.sub("&amp;", s)
    s = s.translate(_MD_ESCAPES)
    if "\n" in s:
        s = "<br>".join(line.strip() for line in s.split("\n"))
    return s


def md_inline(value: object) -> str:
    """Text for a heading, list item or prose line: one line, escaped.

    Like :func:`md_cell`, but line breaks become spaces, and text that would
    open a Markdown block at the start of a line (``# ``, ``- ``, ``1. ``) or
    close a heading (a trailing ``#``) is escaped too.
    """
    s = one_line(value)
    if "&" in s:
        s = _ENTITY.sub("&amp;", s)
    s = s.translate(_MD_ESCAPES)
    if s[:1] in _BLOCK_FIRST:
        if _BLOCK_START.match(s):
            s = "\\" + s
        else:
            s = _ORDERED_START.sub(r"\1\\\2", s)
    if s[-1:] == "#":
        s = _TRAILING_HASHES.sub(r"\\\1", s)
    return s


# -- Mermaid -----------------------------------------------------------------

_MERMAID_DROP = str.maketrans({":": " ", "#": " ", ";": " ", "`": " ", "{": "(", "}": ")"})
_PERCENTS = re.compile(r"%{2,}")
# The journey lexer tries its keywords before a task name, case-insensitively.
_MERMAID_KEYWORD = re.compile(r"^(?:journey|title|section|acc ?title|acc ?descr)", re.IGNORECASE)


def mermaid_name(value: object, fallback: str = "Untitled") -> str:
    """Text for a Mermaid journey title, section or task: one line, never empty.

    ``:`` ``#`` ``;`` (the syntax of a task line and of comments) become
    spaces, ``%%`` (a comment or directive) becomes ``%``, braces become
    parentheses, and a name that starts with a keyword of the diagram is
    quoted so it is not read as one.
    """
    s = " ".join(_PERCENTS.sub("%", plain(value).translate(_MERMAID_DROP)).split())
    if not s:
        return fallback
    if _MERMAID_KEYWORD.match(s):
        s = f"“{s}”"
    return s


def mermaid_actor(value: object, fallback: str = "Customer") -> str:
    """An actor of a journey task: a :func:`mermaid_name` without commas."""
    s = " ".join(mermaid_name(value, fallback).replace(",", " ").split())
    return s or fallback


# -- CSV ---------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@")


def csv_cell(value: object) -> str:
    """Text for a spreadsheet cell: clean, and never read as a formula.

    A cell starting with ``=``, ``+``, ``-`` or ``@`` gets a leading ``'``,
    which spreadsheets show as text rather than run. Newlines are kept (the
    csv module quotes them).
    """
    s = plain(value)
    if s.startswith(_FORMULA_START):
        s = "'" + s
    return s


# -- HTML --------------------------------------------------------------------


def html_text(value: object) -> str:
    """Text for HTML (or SVG) content or a quoted attribute value, on one line.

    ``&``, ``<``, ``>``, ``"`` and ``'`` become entities, so a name such as
    ``<script>`` shows as typed; bidi overrides are dropped (an element with
    ``dir="auto"`` lays out right-to-left text on its own).
    """
    return _html_escape(one_line(value))


def html_lines(value: object) -> str:
    """:func:`html_text` for a longer text: its line breaks kept as ``<br>``."""
    return "<br>".join(_html_escape(line.strip()) for line in plain(value).split("\n"))


# -- File names --------------------------------------------------------------

_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{i}" for p in ("com", "lpt") for i in range(10)}
MAX_SLUG = 60


def slugify(value: object, fallback: str = "map", max_length: int = MAX_SLUG) -> str:
    """An ASCII, lower-case, hyphenated file name stem of at most ``max_length`` characters;
    ``fallback`` if nothing is left."""
    s = slug(value if isinstance(value, str) else str(value))
    if len(s) > max_length:
        cut = s[:max_length]
        s = (cut.rsplit("-", 1)[0] if "-" in cut else cut).strip("-")
    if not s:
        return fallback
    if s in _RESERVED:
        s = f"{s}-{fallback}"
    return s


def _html_escape(value: str) -> str:
    from html import escape  # the html module (and its entity tables) for the web page only, not for Markdown

    return escape(value, quote=True)


def joined(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" and {words[-1]}"


def personas_in_order(m: Any) -> list[Any]:
    """Every persona of the map, the main one first: a brief or a priorities page is drawn for all of them."""
    main = m.main_persona
    return ([main] if main else []) + [p for p in m.personas if p is not main]
