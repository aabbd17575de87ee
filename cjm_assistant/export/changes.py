"""What changed between two maps or versions, as Markdown (``cjm diff --format md``, the TUI's /diff)."""

from __future__ import annotations

from cjm_assistant.domain.diff import MapDiff
from cjm_assistant.export.markdown import FACES
from cjm_assistant.export.text import md_cell, md_inline


def to_markdown(d: MapDiff, title_a: str = "before", title_b: str = "after") -> str:
    lines = [f"## Changes: {md_inline(title_a)} → {md_inline(title_b)}", "", f"*{d.summary()}*", ""]
    for change in ("added", "changed", "removed", "moved"):
        entries = [e for e in d.entries if e.change == change]
        if not entries:
            continue
        lines.append(f"### {change.capitalize()}")
        lines.append("")
        for e in entries:
            where = f" (in {md_inline(e.stage)})" if e.stage and e.kind != "stage" else ""
            extra = f": {md_inline('; '.join(e.details))}" if e.details else ""
            lines.append(f"- {e.kind} **{md_inline(e.name)}**{where}{extra}")
        lines.append("")
    if d.emotions:
        lines += ["### Emotion curve", "", f"| Stage | {md_cell(title_a)} | {md_cell(title_b)} | Change |",
                  "|---|---|---|---|"]
        for name, a, b in d.emotions:
            lines.append(f"| {md_cell(name)} | {_fmt(a)} | {_fmt(b)} | {_delta(a, b)} |")
        lines.append("")
        lines += [f"- {md_inline(title_a)}: {_curve([a for _, a, _ in d.emotions])}",
                  f"- {md_inline(title_b)}: {_curve([b for _, _, b in d.emotions])}", ""]
    return "\n".join(lines)


def _delta(a: int | None, b: int | None) -> str:
    if a is None:
        return "new stage"
    if b is None:
        return "stage gone"
    return "—" if a == b else f"▲ {b - a:+d}" if b > a else f"▼ {b - a:+d}"


def _curve(scores: list[int | None]) -> str:
    """The emotion curve as faces, stage by stage (· for a stage the map does not have)."""
    return " → ".join("·" if s is None else FACES.get(s, "?") for s in scores)


def _fmt(score: int | None) -> str:
    return "—" if score is None else f"{score:+d}"
