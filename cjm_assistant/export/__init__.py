"""Exports of a journey map: Markdown, JSON, CSV and a Mermaid diagram.

    >>> from cjm_assistant.export import export, suggest_filename
    >>> text = export(journey, "md")
    >>> suggest_filename(journey, "md")
    'sweet-crumbs-first-custom-cake-order.md'

Every format is a pure function from a :class:`~cjm_assistant.domain.model.JourneyMap`
to text; writing the file is the caller's job. Only the standard library and
the model are imported.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import NamedTuple

from cjm_assistant.export.brief import to_brief
from cjm_assistant.export.jsonio import MapImportError, from_json, to_json
from cjm_assistant.export.markdown import to_markdown
from cjm_assistant.export.mermaid import to_mermaid
from cjm_assistant.export.priorities import to_priorities
from cjm_assistant.export.tabular import to_csv
from cjm_assistant.export.text import slugify
from cjm_assistant.domain.model import JourneyMap


class Format(NamedTuple):
    name: str
    extension: str
    label: str
    render: Callable[[JourneyMap], str]


FORMATS: dict[str, Format] = {
    "md": Format("md", ".md", "Markdown (GitHub-flavoured)", to_markdown),
    "json": Format("json", ".json", "JSON (re-importable)", to_json),
    "csv": Format("csv", ".csv", "CSV (one row per item)", to_csv),
    "mermaid": Format("mermaid", ".mmd", "Mermaid journey diagram", to_mermaid),
    "priorities": Format("priorities", ".priorities.md", "Priorities: impact/effort 2x2 and ranked pain points",
                         to_priorities),
    "brief": Format("brief", ".brief.md", "One-page brief for a manager (Markdown)", to_brief),
}
ALIASES = {"markdown": "md", "mmd": "mermaid"}
MAX_FILENAME = 70  # a suggested file name, extension included
# One stem for every format, short enough for the longest extension (.priorities.md).
_MAX_STEM = MAX_FILENAME - max(len(f.extension) for f in FORMATS.values())


def format_named(fmt: str) -> Format:
    """The format called ``fmt`` (``md``, ``json``, ``csv``, ``mermaid``; a leading dot is fine)."""
    key = fmt.strip().lower().lstrip(".")
    key = ALIASES.get(key, key)
    if key not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return FORMATS[key]


def export(m: JourneyMap, fmt: str) -> str:
    """The map as text in format ``fmt``; ``ValueError`` for an unknown format."""
    return format_named(fmt).render(m)


def suggest_filename(m: JourneyMap, fmt: str, taken: Collection[str] = ()) -> str:
    """A safe file name for the map in that format, e.g. ``sweet-crumbs.md``.

    Titles that differ only in accents or punctuation give the same name; pass
    the names already in the folder as ``taken`` to get ``sweet-crumbs-2.md``
    rather than a name that would write over another map's file.
    """
    stem, extension = slugify(m.title, max_length=_MAX_STEM), format_named(fmt).extension
    name, n = stem + extension, 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}{extension}"
    return name


__all__ = [
    "FORMATS",
    "Format",
    "MapImportError",
    "export",
    "format_named",
    "from_json",
    "suggest_filename",
    "to_csv",
    "to_json",
    "to_brief",
    "to_markdown",
    "to_mermaid",
    "to_priorities",
]
