"""Exports of a journey map: Markdown, JSON, CSV, a Mermaid diagram, priorities, a brief, a web page and a
spreadsheet.

    >>> from cjm_assistant.export import export, suggest_filename
    >>> text = export(journey, "md")
    >>> suggest_filename(journey, "md")
    'sweet-crumbs-first-custom-cake-order.md'

Every format is a pure function from a :class:`~cjm_assistant.domain.model.JourneyMap`
to text, or to bytes for a ``binary`` format (the xlsx workbook); writing the
file is the caller's job. A format may also take what only a session knows
(``Format.context``: the ``evidence`` summary of the rows stored behind the
map, the ``links`` to maps made from it or that it was made from): pass them
as keywords to :func:`export`, which hands each format the ones it takes.

``FORMATS`` is the one list of formats (the CLI's ``--format``, the TUI's
``/export`` and its dialog read it); importing this package is cheap: a
format's module (and its library) loads when it is first used.
"""

from __future__ import annotations

import importlib
from collections import namedtuple
from collections.abc import Callable, Collection
from pathlib import Path, PurePath

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from typing import Any

    from cjm_assistant.domain.model import JourneyMap


class Format(namedtuple("Format", "name extension label module function binary context", defaults=(False, ()))):
    """An export format: ``module`` (cjm_assistant.export.MODULE) and its render ``function`` (JourneyMap, and the
    context it takes as keywords, -> str, or bytes when ``binary``: write it to a file, never to a terminal);
    ``context``: the keywords of session context it takes ("evidence", "links")."""

    __slots__ = ()

    @property
    def render(self) -> Callable[..., str | bytes]:
        return getattr(importlib.import_module(f"cjm_assistant.export.{self.module}"), self.function)


FORMATS: dict[str, Format] = {
    "md": Format("md", ".md", "Markdown (GitHub-flavoured)", "markdown", "to_markdown", context=("evidence",)),
    "json": Format("json", ".json", "JSON (re-importable)", "jsonio", "to_json"),
    "csv": Format("csv", ".csv", "CSV (one row per item)", "tabular", "to_csv"),
    "mermaid": Format("mermaid", ".mmd", "Mermaid journey diagram", "mermaid", "to_mermaid"),
    "priorities": Format("priorities", ".priorities.md", "Priorities: impact/effort 2x2 and ranked pain points",
                         "priorities", "to_priorities"),
    "brief": Format("brief", ".brief.md", "One-page brief for a manager (Markdown)", "brief", "to_brief"),
    "html": Format("html", ".html", "Web page: the grid, curve and 2x2; prints to PDF", "html", "to_html",
                   context=("evidence", "links")),
    "xlsx": Format("xlsx", ".xlsx", "Spreadsheet (Excel, LibreOffice, Google Sheets)", "xlsx", "to_xlsx",
                   binary=True, context=("evidence",)),
}
ALIASES = {"markdown": "md", "mmd": "mermaid", "htm": "html"}
MAX_FILENAME = 70  # a suggested file name, extension included
# One stem for every format, short enough for the longest extension (.priorities.md).
_MAX_STEM = MAX_FILENAME - max(len(f.extension) for f in FORMATS.values())


def format_named(fmt: str) -> Format:
    """The format called ``fmt`` (``md``, ``json``, ``csv``, ``mermaid``...; a leading dot is fine)."""
    key = fmt.strip().lower().lstrip(".")
    key = ALIASES.get(key, key)
    if key not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return FORMATS[key]


def format_of_path(path: str | Path) -> str | None:
    """The format a file's name says ("map.xlsx" -> "xlsx", "plan.brief.md" -> "brief", "map.markdown" -> "md"), or
    None when its extension names none ("map.txt", "notes", a folder)."""
    name = PurePath(str(path)).name.casefold()
    for fmt in sorted(FORMATS.values(), key=lambda f: -len(f.extension)):  # ".brief.md" before ".md"
        if name.endswith(fmt.extension) and len(name) > len(fmt.extension):
            return fmt.name
    suffix = PurePath(name).suffix.lstrip(".")
    return ALIASES.get(suffix) if suffix else None


#: What a file of each final extension is, and what a format of that extension writes, in words
_KIND_OF_FILE = {"md": ("a Markdown file", "Markdown"), "json": ("a JSON file", "JSON"), "csv": ("a CSV file", "CSV"),
                 "mmd": ("a Mermaid file", "a Mermaid diagram"), "html": ("a web page", "a web page (HTML)"),
                 "xlsx": ("a spreadsheet", "a spreadsheet (xlsx)")}


def clashing_extension(fmt: str, path: str | Path, ask: str = "--format {}") -> str:
    """A sentence when a file's name says another kind of file than the format ``fmt`` writes ("map.xlsx" for
    Markdown: a spreadsheet program could not open it), else "". A Markdown format to any ".md" name is no
    clash (a brief is Markdown), nor is a name whose extension names no format ("map.txt"). ``ask``: how the
    format is asked for where the sentence is shown ("/export {}" in the app)."""
    named = format_of_path(path)
    if named is None:
        return ""
    ours, theirs = (format_named(fmt).extension.rsplit(".", 1)[-1], FORMATS[named].extension.rsplit(".", 1)[-1])
    if ours == theirs:
        return ""
    return (f"{PurePath(str(path)).name} names {_KIND_OF_FILE[theirs][0]}, and {ask.format(fmt)} writes "
            f"{_KIND_OF_FILE[ours][1]}; name the file .{ours}, or use {ask.format(named)}")


def is_format(word: str) -> bool:
    """Whether ``word`` names a format (or an alias)."""
    key = word.strip().lower().lstrip(".")
    return key in FORMATS or key in ALIASES


def export(m: JourneyMap, fmt: str, **context: Any) -> str | bytes:
    """The map in format ``fmt``: text, or bytes for a binary format; ``ValueError`` for an unknown format.

    ``context`` (``evidence=``, ``links=``) reaches the formats that take it; the others ignore it.
    """
    chosen = format_named(fmt)
    return chosen.render(m, **{k: v for k, v in context.items() if k in chosen.context and v})


def suggest_filename(m: JourneyMap, fmt: str, taken: Collection[str] = (), persona: str = "") -> str:
    """A safe file name for the map in that format, e.g. ``sweet-crumbs.md``.

    Titles that differ only in accents or punctuation give the same name; pass
    the names already in the folder as ``taken`` to get ``sweet-crumbs-2.md``
    rather than a name that would write over another map's file. ``persona``: the
    name of the persona whose view is exported, which the name ends with
    (``sweet-crumbs-busy-parent-priya.md``), so that it never replaces the whole
    map's file.
    """
    from cjm_assistant.export.text import slugify

    whose = _persona_slug(persona) if persona else ""
    stem = slugify(m.title, max_length=_MAX_STEM - (len(whose) + 1 if whose else 0))
    stem, extension = f"{stem}-{whose}" if whose else stem, format_named(fmt).extension
    name, n = stem + extension, 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}{extension}"
    return name


def _persona_slug(persona: str) -> str:
    """The persona's name in a file name: its slug, or for a name of signs only (an emoji, "🧾") their Unicode
    names ("receipt"), so that a persona's view never gets the whole map's file name."""
    import unicodedata

    from cjm_assistant.export.text import slug

    whose = slug(persona)[:40].strip("-")
    if not whose:
        signs = [c for c in persona if not unicodedata.category(c).startswith(("M", "Z", "C"))]
        named = " ".join(unicodedata.name(c, "") for c in signs)
        whose = slug(named)[:40].strip("-") or "persona"
    return whose


_LAZY = {"MapImportError": "jsonio", "from_json": "jsonio", "to_json": "jsonio", "to_csv": "tabular",
         "to_brief": "brief", "to_markdown": "markdown", "to_mermaid": "mermaid", "to_priorities": "priorities",
         "to_html": "html", "to_xlsx": "xlsx", "LinkedMap": "html"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"cjm_assistant.export.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ALIASES", "FORMATS", "Format", "clashing_extension", "export", "format_named", "format_of_path",
           "is_format", "suggest_filename", *_LAZY]
