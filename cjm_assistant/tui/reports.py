"""What the insight commands print: guesses, the evidence summary, a diff's title line.

Pure functions of session results (no screen, no store), so they are tested
without an app. The screen puts them in the chat or in a report window.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from cjm_assistant.domain.lanes import counted

LANE_WORDS = {"stage": "stage", "touchpoints": "touchpoint", "pain_points": "pain point",
              "opportunities": "opportunity", "kpis": "KPI", "actions": "action", "thoughts": "thought"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md(text: Any) -> str:
    """Text safe inside a Markdown line (no emphasis, links or tables by accident)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def guesses_markdown(guesses: Iterable[tuple[str, str, str, str]], stage_order: list[str] | None = None) -> str:
    """session.guesses() grouped by stage, as Markdown for the chat."""
    rows = list(guesses)
    if not rows:
        return ("**Nothing on this map rests on a guess**: every stage and item was said by you or is backed by "
                "customer evidence.")
    groups: dict[str, list[tuple[str, str, str]]] = {}
    for lane, item_id, name, stage in rows:
        groups.setdefault(stage or "", []).append((lane, item_id, name))
    order = [s for s in (stage_order or []) if s in groups] + [s for s in groups if s not in (stage_order or [])]
    lines = [f"**What still rests on guesses**: {counted(len(rows), 'inferred item')} (marked ° on the map). "
             "Check them with customers, or import feedback with `/evidence PATH`.", ""]
    for stage in order:  # one paragraph per stage, a line per item: few blocks, so a long list draws fast
        items = [f"° {LANE_WORDS.get(lane, lane)}: {md(name)} `{item_id}`" for lane, item_id, name in groups[stage]]
        lines += ["\\\n".join([f"**{md(stage) if stage else 'The whole map'}** ({len(items)})", *items]), ""]
    return "\n".join(lines).rstrip()


def evidence_markdown(summary: dict[str, Any], names: dict[str, str] | None = None, top: int = 8,
                      map_id: str = "MAP") -> str:
    """session.evidence_summary() as Markdown for the chat; ``names`` maps ids to stage and pain point names."""
    names = names or {}
    if not summary.get("items"):
        return ("**No customer evidence is stored behind this map yet.** Import a feedback file (CSV, plain text or "
                "JSON lines) with `/evidence PATH`, or *Import customer evidence* in the command palette (Ctrl+P).")
    sources = summary.get("sources") or []
    lines = [f"**Evidence behind this map**: {counted(summary['items'], 'item')} from "
             f"{counted(len(sources), 'file')}; {summary.get('cited', 0):,} back a pain point.", ""]
    for s in sources:
        lines.append(f"- **{md(s['source'])}**: {counted(s['items'], 'item')}: {counted(s.get('pain', 0), 'complaint')}, "
                     f"{s.get('praise', 0):,} praise, {s.get('other', 0):,} other; {s.get('cited', 0):,} cited, "
                     f"{s.get('placed', 0):,} placed on a stage")
    by_pain = sorted((summary.get("by_pain_point") or {}).items(), key=lambda kv: (-kv[1], kv[0]))
    if by_pain:
        lines += ["", "**Pain points with the most evidence**", ""]
        for i, (pp, n) in enumerate(by_pain[:top], 1):
            lines.append(f"{i}. {md(names.get(pp, pp))} `{pp}`: {counted(n, 'item')}")
        if len(by_pain) > top:
            lines.append(f"\n*… and {len(by_pain) - top} more pain points with evidence.*")
    praise = summary.get("praise") or {}
    if praise:
        lines += ["", "**Praise by stage**: " + ", ".join(f"{md(names.get(st, st))} {n}" for st, n in
                                                          sorted(praise.items(), key=lambda kv: -kv[1]))]
    lines += ["", f"Every row, with its file and line: `cjm evidence {map_id} --list`. What still rests on guesses: "
                  "`/guesses`."]
    return "\n".join(lines)


def for_viewer(markdown: str) -> str:
    """Markdown from the exports, tuned for Textual's viewer.

    The viewer cannot break a line inside a table cell (it shows ``<br>``
    literally), so a table whose cells hold ``<br>``-separated lists (the
    priorities' impact/effort 2x2) becomes one block per cell: its first line
    in bold, as the cell has it, then its list. Other tables stay tables.
    """
    out: list[str] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        if not lines[i].lstrip().startswith("|"):
            out.append(lines[i])
            i += 1
            continue
        start = i
        while i < len(lines) and lines[i].lstrip().startswith("|"):
            i += 1
        table = lines[start:i]
        out += _unstack(table) if any("<br>" in line for line in table) else table
    return "\n".join(out)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]


def _unstack(table: list[str]) -> list[str]:
    """A table with multi-line cells as blocks: "**Quick wins** (4) · high impact, low effort" and its items."""
    header = _cells(table[0])
    out: list[str] = []
    for line in table[2:]:
        cells = _cells(line)
        row = cells[0].replace("**", "").strip() if cells else ""
        for col, cell in enumerate(cells[1:], 1):
            first, *rest = cell.split("<br>")
            where = ", ".join(x for x in (row.lower(), header[col].replace("**", "").strip().lower()
                                          if col < len(header) else "") if x)
            out += [f"{first}" + (f" · *{where}*" if where else ""), ""]
            if rest:
                out += [*rest, ""]
    return out


def split_refs(text: str) -> list[str]:
    """`/future op1, op3` or `op1 op3` or a name with spaces: the opportunity refs (empty: all)."""
    text = text.strip()
    if not text or text.casefold() == "all":
        return []
    refs: list[str] = []
    for chunk in text.split(","):
        words = chunk.split()
        if len(words) > 1 and all(re.fullmatch(r"[a-z]{2}\d+", w, re.I) for w in words):
            refs += words
        elif chunk.strip():
            refs.append(chunk.strip())
    return refs
