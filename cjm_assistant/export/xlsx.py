"""A journey map as a spreadsheet (``.xlsx``), made with openpyxl.

The first sheet is the map as practitioners keep it: stages across, lanes
down, text wrapped, the header row and the lane column frozen, and each pain
point cell coloured by its worst severity (the severity is in the text too).
Then one sheet per list, with typed columns (numbers are numbers, so they
sort and chart): stages, touchpoints, pain points (ranked), opportunities (in
impact/effort order), KPIs, the evidence quotes and, when the session passes
its summary, the evidence sources; and an "About" sheet with the business,
the personas and what the marks mean.

Every text cell goes through :func:`~cjm_assistant.export.text.csv_cell`, the
CSV export's rule, so ``=HYPERLINK(...)`` stays text. openpyxl is imported
here only, so it loads when a workbook is made and not before.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cjm_assistant.domain.model import EMOTION_LABELS, MAP_KIND_LABELS, SEVERITY_LABELS, Item, JourneyMap, Stage
from cjm_assistant.domain.views import is_placeholder, open_pains
from cjm_assistant.export import priorities
from cjm_assistant.export.html import ROW_HEADINGS, ROWS
from cjm_assistant.export.markdown import MARKS, kpi_facts
from cjm_assistant.export.text import csv_cell

MAX_CELL = 32_000  # a spreadsheet cell holds at most 32,767 characters
HEAD_FILL = PatternFill("solid", fgColor="1E3A5F")
LANE_FILL = PatternFill("solid", fgColor="F1F5F9")
SEVERITY_FILLS = {3: PatternFill("solid", fgColor="FDE2E1"), 2: PatternFill("solid", fgColor="FFF0C2"),
                  1: PatternFill("solid", fgColor="E3ECF7")}
WRAP = Alignment(wrap_text=True, vertical="top")
_NUMBER = re.compile(r"^(-?\d{1,12}(?:\.\d{1,6})?)(%?)$")

# A column: (header, width, kind). Kinds: "text" (one line), "long" (wrapped), "int", "float", "number" (a
# number when the text is one, "31%" as a percentage, else text).
Column = tuple[str, int, str]


def text(value: object) -> str:
    """A text cell: the CSV rule (never a formula), cut to what a cell holds."""
    s = csv_cell(value)
    return s if len(s) <= MAX_CELL else s[:MAX_CELL - 1] + "…"


def mark(item: Item) -> str:
    return MARKS.get(item.provenance, "")


def _number(value: str) -> float | int | str:
    found = _NUMBER.match(value.strip())
    if not found:
        return text(value)
    number = float(found.group(1))
    if found.group(2):
        return number / 100
    return int(number) if number.is_integer() and "." not in found.group(1) else number


def _table(ws: Worksheet, columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> None:
    """Headers, rows typed by their column's kind, the header frozen and filtered."""
    for col, (header, width, _) in enumerate(columns, 1):
        cell = ws.cell(1, col, header)
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), HEAD_FILL
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, row in enumerate(rows, 2):
        for col, ((_, _, kind), value) in enumerate(zip(columns, row), 1):
            if kind in ("int", "float"):
                cell = ws.cell(r, col, int(value) if kind == "int" else float(value))
                cell.number_format = "0" if kind == "int" else "0.00"
            elif kind == "number":
                cell = ws.cell(r, col, _number(str(value)) if value != "" else None)
                if isinstance(cell.value, float) and str(value).strip().endswith("%"):
                    cell.number_format = "0%" if (cell.value * 100).is_integer() else "0.0%"
            else:
                cell = ws.cell(r, col, text(value))
                if kind == "long":
                    cell.alignment = WRAP
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"


def _colour(ws: Worksheet, column: int, fills: Callable[[int], PatternFill | None]) -> None:
    """Fill the cells of ``column`` (1-based) row by row: ``fills(row index from 0)``."""
    for r in range(2, ws.max_row + 1):
        fill = fills(r - 2)
        if fill is not None:
            ws.cell(r, column).fill = fill


class _Book:
    def __init__(self, m: JourneyMap, evidence: dict[str, Any] | None):
        self.m, self.summary = m, evidence or {}
        self.persona_names = {p.id: p.name for p in m.personas}
        self.tp_names = {tp.id: tp.name for _, tp in m.touchpoints()}
        self.open = open_pains(m)  # shown as "no suggestion yet" under the pain point, never as an opportunity
        self.wb = Workbook()

    def whose(self, item: Item) -> str:
        ids = getattr(item, "personas", ())
        return ", ".join(self.persona_names.get(p, p) for p in ids) if ids else "every persona"

    def sheet(self, title: str) -> Worksheet:
        if self.wb.active is not None and self.wb.active.title == "Sheet":
            ws = self.wb.active
            ws.title = title
            return ws
        return self.wb.create_sheet(title)

    # -- the grid ------------------------------------------------------------------

    def lane(self, stage: Stage, row: str) -> str:
        def bullets(lines: list[str]) -> str:
            return "\n".join(f"• {line}" for line in lines) if len(lines) > 1 else "".join(lines)

        if row == "goal":
            return stage.goal
        if row == "emotion":  # the word first: a cell that starts with "+" or "-" would be taken for a formula
            return f"{EMOTION_LABELS.get(stage.emotion, '')} ({stage.emotion:+d})" if stage.emotion else "neutral (0)"
        if row == "backstage":
            return bullets([b for tp in stage.touchpoints for b in tp.backstage if b])
        lines = []
        for item in getattr(stage, row):
            if row in ("actions", "thoughts"):
                lines.append(item.text + mark(item))
            elif row == "touchpoints":
                lines.append(f"{item.name}{mark(item)} ({item.channel})")
            elif row == "pain_points":
                still = ", no suggestion yet" if item.id in self.open else ""
                lines.append(f"{item.name}{mark(item)} ({SEVERITY_LABELS.get(item.severity, item.severity)}{still})")
            elif row == "opportunities":
                if is_placeholder(item):
                    continue
                lines.append(f"{item.name}{mark(item)} (impact {item.impact}, effort {item.effort})")
            else:
                facts = kpi_facts(item, str)
                lines.append(item.name + mark(item) + (f" ({', '.join(facts)})" if facts else ""))
        return bullets(lines)

    def grid(self) -> None:
        ws = self.sheet("Journey")
        stages = self.m.stages
        ws.cell(1, 1, "Stage").font = Font(bold=True)
        ws.column_dimensions["A"].width = 16
        for col, stage in enumerate(stages, 2):
            cell = ws.cell(1, col, text(f"{col - 1}. {stage.name}{mark(stage)}"))
            cell.font, cell.fill, cell.alignment = Font(bold=True, color="FFFFFF"), HEAD_FILL, WRAP
            ws.column_dimensions[get_column_letter(col)].width = 34
        rows = [r for r in ROWS if r != "backstage" or self.m.kind == "blueprint"]
        for r, row in enumerate(rows, 2):
            head = ws.cell(r, 1, ROW_HEADINGS[row])
            head.font, head.fill, head.alignment = Font(bold=True), LANE_FILL, WRAP
            for col, stage in enumerate(stages, 2):
                cell = ws.cell(r, col, text(self.lane(stage, row)))
                cell.alignment = WRAP
                if row == "pain_points" and stage.pain_points:
                    cell.fill = SEVERITY_FILLS[max(p.severity for p in stage.pain_points)]
        ws.freeze_panes = "B2"

    # -- the lists ---------------------------------------------------------------------

    def lists(self) -> None:
        m = self.m
        _table(self.sheet("Stages"), [("#", 5, "int"), ("Stage", 26, "text"), ("Emotion", 9, "int"),
                                      ("Feeling", 14, "text"), ("Customer goal", 50, "long"),
                                      ("Touchpoints", 12, "int"), ("Pain points", 12, "int"),
                                      ("For", 18, "text"), ("Provenance", 12, "text"), ("Id", 7, "text")],
               [[i, s.name, s.emotion, EMOTION_LABELS.get(s.emotion, ""), s.goal, len(s.touchpoints),
                 len(s.pain_points), self.whose(s), s.provenance, s.id] for i, s in enumerate(m.stages, 1)])
        _table(self.sheet("Touchpoints"), [("Stage", 22, "text"), ("Touchpoint", 32, "text"), ("Channel", 18, "text"),
                                           ("Team", 18, "text"), ("Description", 50, "long"), ("For", 18, "text"),
                                           ("Provenance", 12, "text"), ("Id", 7, "text")],
               [[s.name, tp.name, tp.channel, tp.team, tp.description, self.whose(tp), tp.provenance, tp.id]
                for s, tp in m.touchpoints()])
        pains = priorities.rank_pains(m)
        _table(ws := self.sheet("Pain points"),
               [("Rank", 6, "int"), ("Pain point", 34, "text"), ("Stage", 20, "text"), ("Severity", 10, "text"),
                ("Mentions", 10, "int"), ("Score", 8, "float"), ("Touchpoint", 24, "text"),
                ("Answered by", 34, "long"), ("Description", 44, "long"), ("For", 18, "text"),
                ("Provenance", 12, "text"), ("Id", 7, "text")],
               [[i, r.pain.name, r.where, SEVERITY_LABELS.get(r.pain.severity, ""), r.pain.mentions, r.score,
                 self.tp_names.get(r.pain.touchpoint, ""), "; ".join(o.name for o in r.fixes) or (priorities.NO_SUGGESTION if r.is_open else ""),
                 r.pain.description, self.whose(r.pain), r.pain.provenance, r.pain.id] for i, r in enumerate(pains, 1)])
        _colour(ws, 4, lambda i: SEVERITY_FILLS.get(pains[i].pain.severity))
        ranked = priorities.quadrants(m)
        _table(self.sheet("Opportunities"),
               [("#", 5, "int"), ("Opportunity", 34, "text"), ("Stage", 20, "text"), ("Quadrant", 13, "text"),
                ("Impact", 9, "text"), ("Effort", 9, "text"), ("Value", 8, "float"), ("Answers", 34, "long"),
                ("Description", 44, "long"), ("For", 18, "text"), ("Provenance", 12, "text"), ("Id", 7, "text")],
               [[i, r.opportunity.name, r.stage.name, r.quadrant, r.opportunity.impact, r.opportunity.effort, r.value,
                 "; ".join(a.pain.name for a in r.answers), r.opportunity.description, self.whose(r.opportunity),
                 r.opportunity.provenance, r.opportunity.id] for i, r in enumerate(ranked, 1)])
        _table(self.sheet("KPIs"), [("Stage", 22, "text"), ("KPI", 34, "text"), ("Current", 12, "number"),
                                    ("Target", 12, "number"), ("For", 18, "text"), ("Provenance", 12, "text"),
                                    ("Id", 7, "text")],
               [[s.name, k.name, k.current, k.target, self.whose(k), k.provenance, k.id]
                for s in m.stages for k in s.kpis])

    def evidence(self) -> None:
        stored = self.summary.get("by_pain_point", {})
        rows = []
        for stage, pp in self.m.pain_points():
            if pp.evidence or pp.mentions or stored.get(pp.id):
                rows += [[stage.name, pp.name, pp.mentions, stored.get(pp.id, 0), SEVERITY_LABELS.get(pp.severity, ""),
                          quote, pp.id] for quote in (pp.evidence or [""])]
        _table(self.sheet("Evidence"), [("Stage", 22, "text"), ("Pain point", 34, "text"), ("Mentions", 10, "int"),
                                        ("Stored rows", 12, "int"), ("Severity", 10, "text"), ("Quote", 70, "long"),
                                        ("Id", 7, "text")], rows)
        sources = self.summary.get("sources", [])
        if sources:
            keys = [("items", "Items"), ("pain", "Complaints"), ("praise", "Praise"), ("other", "Other"),
                    ("cited", "Back a pain point"), ("placed", "Placed on a stage")]
            _table(self.sheet("Evidence sources"), [("Source", 30, "text"), *[(h, 14, "int") for _, h in keys]],
                   [[src["source"], *[int(src.get(k, 0)) for k, _ in keys]] for src in sources])

    def about(self) -> None:
        m, b = self.m, self.m.business
        rows = [("Map", m.title), ("Kind", MAP_KIND_LABELS.get(m.kind, m.kind)), ("Scope", m.scope),
                ("Business", b.name), ("What it does", b.description), ("Industry", b.industry),
                ("Offering", b.offering), ("Model", b.business_model),
                ("Channels", ", ".join(f"{c.name} ({c.kind})" for c in m.channels)),
                *[("Goal of this map", g) for g in b.goals]]
        for p in m.personas:
            facts = [p.summary, f"“{p.quote}”" if p.quote else "", "Goals: " + "; ".join(p.goals) if p.goals else "",
                     "Frustrations: " + "; ".join(p.frustrations) if p.frustrations else "",
                     "Channels: " + ", ".join(p.channels) if p.channels else ""]
            rows.append(("Persona" + (" (main)" if p is m.main_persona and len(m.personas) > 1 else ""),
                         f"{p.name}{mark(p)}\n" + "\n".join(f for f in facts if f)))
        rows.append(("Marks", "° inferred by the assistant; † backed by customer evidence; no mark: from you"))
        _table(self.sheet("About"), [("About", 18, "text"), ("", 90, "long")], [r for r in rows if r[1]])

    def render(self) -> bytes:
        self.grid()
        self.lists()
        self.evidence()
        self.about()
        self.wb.properties.title = text(self.m.title)
        self.wb.properties.creator = "cjm-assistant"
        buffer = io.BytesIO()
        self.wb.save(buffer)
        return buffer.getvalue()


def to_xlsx(m: JourneyMap, evidence: dict[str, Any] | None = None) -> bytes:
    """The map as an xlsx workbook (bytes): the grid first, then one sheet per list.

    ``evidence`` (``evidence.summarise`` of the stored rows) adds the stored rows per pain point and a sheet of
    the sources analysed.
    """
    return _Book(m, evidence).render()
