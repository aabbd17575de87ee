"""A journey map as CSV, for the spreadsheet crowd.

One row per stage, then one per item of each of its lanes (actions,
touchpoints, thoughts, pain points, opportunities, KPIs), told apart by the
``type`` column; the columns a type does not use are left empty. The
``personas`` column names whose an item is (empty: every persona's), and pain
points not yet placed on a stage come last, with an empty stage. A "No suggestion yet" item is no
opportunity: it follows the pain point it stands open for as a ``no_suggestion_yet`` row, never rated
(no impact or effort). Every text
cell goes through :func:`~cjm_assistant.export.text.csv_cell`, so a name such
as ``=HYPERLINK(...)`` is shown as text, never run as a formula.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from cjm_assistant.domain.lanes import SEVERITY_LABELS
from cjm_assistant.domain.views import is_placeholder, open_pains
from cjm_assistant.export.text import csv_cell

if TYPE_CHECKING:  # the models are only named here: a map read without pydantic exports too
    from cjm_assistant.domain.model import JourneyMap

COLUMNS = (
    "map", "stage_order", "stage", "emotion", "type", "id", "name", "channel", "team",
    "severity", "touchpoint", "impact", "effort", "target", "provenance", "description",
    "current", "answers", "personas",
)


def rows(m: JourneyMap) -> list[list[str]]:
    """The data rows, in :data:`COLUMNS` order (text already made spreadsheet-safe)."""
    tp_names = {tp.id: tp.name for _, tp in m.touchpoints()}
    pp_names = {pp.id: pp.name for _, pp in m.pain_points()} | {pp.id: pp.name for pp in m.unplaced}
    names = {p.id: p.name for p in m.personas}
    title = csv_cell(m.title)
    out: list[list[str]] = []
    still = open_pains(m)
    asks = {ref: op for s in m.stages for op in s.opportunities if is_placeholder(op)
            for ref in op.addresses if ref in still}

    def whose(item) -> str:
        return csv_cell("; ".join(names[i] for i in item.personas if i in names))

    def pain_rows(head: list[str], pp) -> list[list[str]]:
        severity = SEVERITY_LABELS.get(pp.severity, str(pp.severity))
        on = csv_cell(tp_names.get(pp.touchpoint, pp.touchpoint))
        rows = [head + ["pain_point", pp.id, csv_cell(pp.name), "", "", severity, on, "", "", "",
                        pp.provenance, csv_cell(pp.description), "", "", whose(pp)]]
        if pp.id in asks:  # open: what would fix it is the owner's to add
            ask = asks[pp.id]
            rows.append(head + ["no_suggestion_yet", ask.id, csv_cell(ask.name)] + [""] * 7
                        + [ask.provenance, "", "", csv_cell(pp.name), whose(ask)])
        return rows

    for order, stage in enumerate(m.stages, 1):
        name = csv_cell(stage.name)
        head = [title, str(order), name, str(stage.emotion)]
        out.append(head + ["stage", stage.id, name, "", "", "", "", "", "", "", stage.provenance,
                           csv_cell(stage.goal), "", "", whose(stage)])
        for note in stage.actions:
            out.append(head + ["action", note.id, csv_cell(note.text)] + [""] * 7 + [note.provenance, "", "", "",
                                                                                     whose(note)])
        for tp in stage.touchpoints:
            out.append(head + ["touchpoint", tp.id, csv_cell(tp.name), csv_cell(tp.channel), csv_cell(tp.team),
                               "", "", "", "", "", tp.provenance, csv_cell(tp.description), "", "", whose(tp)])
        for note in stage.thoughts:
            out.append(head + ["thought", note.id, csv_cell(note.text)] + [""] * 7 + [note.provenance, "", "", "",
                                                                                      whose(note)])
        for pp in stage.pain_points:
            out += pain_rows(head, pp)
        for op in stage.opportunities:
            if is_placeholder(op):
                continue
            answers = csv_cell("; ".join(pp_names.get(r, r) for r in op.addresses))
            out.append(head + ["opportunity", op.id, csv_cell(op.name), "", "", "", "", op.impact, op.effort, "",
                               op.provenance, csv_cell(op.description), "", answers, whose(op)])
        for k in stage.kpis:
            out.append(head + ["kpi", k.id, csv_cell(k.name), "", "", "", "", "", "", csv_cell(k.target),
                               k.provenance, "", csv_cell(k.current), "", whose(k)])
    for pp in m.unplaced:
        out += pain_rows([title, "", "", ""], pp)
    return out


def to_csv(m: JourneyMap) -> str:
    """The map as CSV text (``\\n`` line ends; cells with commas, quotes or newlines quoted)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(m))
    return buffer.getvalue()
