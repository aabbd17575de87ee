"""A journey map as one self-contained web page, readable offline and in an email, that prints to a landscape PDF.

Layout: a header (title, map kind, business, linked maps), the persona cards,
the grid (stages as columns, lanes as rows, the emotion curve drawn across
its row), the pain points ranked, the impact/effort 2x2, and the evidence.

* Nothing is fetched: the stylesheet (``html.css``), the few lines of script
  (``html.js``) and the drawings (:mod:`.svg`) are inline; no font, image or
  script comes from anywhere else.
* Every text goes through :func:`~cjm_assistant.export.text.html_text`.
* The grid is cut into blocks of at most :data:`STAGES_PER_BLOCK` stages, each
  a table of its own, so a printed page holds whole stage columns.
* Provenance, severity and persona are said in text (``°``, ``†``, "High",
  a persona's letter) and only underlined by colour; a legend says what each
  mark means. The persona filter is a script's: with scripts off it stays
  hidden and every item shows.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from html import unescape
from importlib import resources
from typing import TYPE_CHECKING, Any, NamedTuple

from cjm_assistant.domain.lanes import LANES, MAP_KIND_LABELS, SEVERITY_LABELS, counted
from cjm_assistant.domain.views import is_placeholder, open_pains
from cjm_assistant.export import pagefit, priorities, svg
from cjm_assistant.export.markdown import MARKS as SYMBOLS
from cjm_assistant.export.markdown import kpi_facts
from cjm_assistant.export.text import html_lines, html_text

if TYPE_CHECKING:  # the models are only named here: a map read without pydantic exports too
    from cjm_assistant.domain.model import Item, JourneyMap, Stage

QUOTES = ('"', "“", "'", "‘", "«", "„")  # a thought that opens with one of these is quoted already
STAGES_PER_BLOCK = 6  # whole stage columns to a landscape A4 page
MARKS = {"evidence": (SYMBOLS["evidence"], "backed by customer evidence"),
         "inferred": (SYMBOLS["inferred"], "inferred by the assistant")}
ROWS = ("goal", "actions", "touchpoints", "backstage", "thoughts", "emotion", "pain_points", "opportunities", "kpis")
ROW_HEADINGS = {"goal": "Customer goal", "backstage": "Backstage", "emotion": "Emotion"} | {
    key: lane.heading for key, lane in LANES.items()}


class LinkedMap(NamedTuple):
    """Another map linked to this one: a future state made from it ("future"), or the map it was made from
    ("source"). ``file`` is the name its own HTML export gets, linked relative to this page."""

    relation: str
    title: str
    map_id: str
    version: int | None
    file: str


@cache
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def blocks(stages: list[Stage], size: int = STAGES_PER_BLOCK) -> list[list[Stage]]:
    """The stages cut into as few blocks of at most ``size`` as possible, as even as possible."""
    count = -(-len(stages) // size) if stages else 0
    out, start = [], 0
    for i in range(count):
        n = len(stages) // count + (1 if i < len(stages) % count else 0)
        out.append(stages[start:start + n])
        start += n
    return out


SR_CLASS, NONE = ' class="sr"', '<span class="none">—</span>'
_SCREEN_READER_ONLY = re.compile(r'<span class="sr">.*?</span>')
_TAG = re.compile(r"<[^>]+>")


def shown_lengths(cell: str) -> list[int]:
    """The length of the text a reader sees of each item of a grid cell's HTML."""
    items = cell.split("</li>") if "</li>" in cell else [cell]
    return [len(unescape(_TAG.sub("", _SCREEN_READER_ONLY.sub("", item)))) for item in items if item.strip()]


class _Page:
    def __init__(self, m: JourneyMap, evidence: dict[str, Any] | None, links: tuple[LinkedMap, ...]):
        self.m, self.summary, self.links = m, evidence or {}, links
        self.text = lru_cache(maxsize=None)(html_text)
        self.keys = {p.id: chr(ord("A") + i) for i, p in enumerate(m.personas)}
        self.names = {p.id: p.name for p in m.personas}
        self.tp_names = {tp.id: tp.name for _, tp in m.touchpoints()}
        self.open = open_pains(m)  # shown as "no suggestion yet" under the pain point, never as an opportunity
        self.used: set[str] = set()

    # -- small pieces ----------------------------------------------------------

    def mark(self, item: Item) -> str:
        if item.provenance not in MARKS:
            return ""
        self.used.add(item.provenance)
        symbol, words = MARKS[item.provenance]
        return f'<span class="mark" title="{words}"><span aria-hidden="true">{symbol}</span><span class="sr"> ({words})</span></span>'

    def who(self, item: Item) -> str:
        """The letters of the personas an item concerns, when it concerns only some of several."""
        ids = [p for p in getattr(item, "personas", ()) if p in self.keys]
        if not ids or len(self.keys) < 2:
            return ""
        names = self.text(", ".join(self.names[p] for p in ids))
        letters = " ".join(self.keys[p] for p in ids)
        return (f' <span class="who" title="For {names} only"><span aria-hidden="true">{letters}</span>'
                f'<span class="sr"> (for {names} only)</span></span>')

    def scope(self, item: Item) -> str:
        return f' data-personas="{self.text(" ".join(getattr(item, "personas", ())))}"'

    def li(self, item: Item, body: str, cls: str = "") -> str:
        klass = f' class="{cls}"' if cls else ""
        return f'<li dir="auto"{klass}{self.scope(item)}>{body}{self.mark(item)}{self.who(item)}</li>'

    @staticmethod
    def severity(value: int) -> str:
        label = SEVERITY_LABELS.get(value, str(value))
        return f'<span class="sev sev-{value}">{label.capitalize()}</span>'

    # -- the header and the personas ----------------------------------------------

    def header(self) -> list[str]:
        m, b = self.m, self.m.business
        out = ['<header class="page-head">', f'<p class="kind">{MAP_KIND_LABELS.get(m.kind, m.kind)} journey map</p>',
               f'<h1 dir="auto">{self.text(m.title)}</h1>']
        if m.scope:
            out.append(f'<p class="scope" dir="auto">{html_lines(m.scope)}</p>')
        facts = [("Business", b.name), ("What it does", b.description), ("Industry", b.industry),
                 ("Offering", b.offering), ("Model", b.business_model)]
        out.append('<dl class="facts">')
        out += [f'<div><dt>{label}</dt><dd dir="auto">{self.text(value)}</dd></div>' for label, value in facts if value]
        if m.channels:
            channels = ", ".join(f"{self.text(c.name)} ({c.kind})" for c in m.channels)
            out.append(f'<div><dt>Channels</dt><dd dir="auto">{channels}</dd></div>')
        goals = [g for g in b.goals if g]
        if goals:
            out.append('<div><dt>Goals of this map</dt><dd><ul>'
                       + "".join(f'<li dir="auto">{self.text(g)}</li>' for g in goals) + "</ul></dd></div>")
        out.append("</dl>")
        for link in self.links:
            what = "Future state" if link.relation == "future" else "Made from"
            version = f", version {link.version}" if link.version else ""
            out.append(f'<p class="linked">{what}: <a href="{self.text(link.file)}" dir="auto">{self.text(link.title)}</a>'
                       f'{version} <span class="hint">(map {self.text(link.map_id)}; <code>cjm export '
                       f'{self.text(link.map_id)} -f html -o .</code> in this folder writes <code>{self.text(link.file)}</code> beside '
                       'this page)</span></p>')
        return out + ["</header>"]

    def personas(self) -> list[str]:
        if not self.m.personas:
            return []
        out = ['<section id="personas" aria-labelledby="personas-h">', '<h2 id="personas-h">Personas</h2>',
               '<div class="cards">']
        main = self.m.main_persona
        for p in self.m.personas:
            ident = self.text(p.id)
            out += [f'<article class="persona" aria-labelledby="persona-{ident}">',
                    f'<h3 id="persona-{ident}" dir="auto"><span class="key" aria-hidden="true">{self.keys[p.id]}</span> '
                    f'{self.text(p.name)}{self.mark(p)}</h3>']
            if p is main and len(self.m.personas) > 1:
                out.append('<p class="tag">The persona this map is drawn for</p>')
            out.append('<div class="persona-body"><div>')
            if p.summary:
                out.append(f'<p dir="auto">{html_lines(p.summary)}</p>')
            if p.quote:
                out.append(f'<blockquote dir="auto">“{html_lines(p.quote)}”</blockquote>')
            out.append("</div>")
            for label, entries in (("Goals", p.goals), ("Frustrations", p.frustrations), ("Channels", p.channels)):
                entries = [e for e in entries if e]
                if entries:
                    out.append(f'<div><h4>{label}</h4><ul class="{label.lower()}">'
                               + "".join(f'<li dir="auto">{self.text(e)}</li>' for e in entries) + "</ul></div>")
            out.append("</div></article>")
        return out + ["</div>", "</section>"]

    # -- the grid ----------------------------------------------------------------

    def cell(self, stage: Stage, row: str) -> str:
        if row == "goal":
            return f'<p dir="auto">{html_lines(stage.goal)}</p>' if stage.goal else ""
        if row == "backstage":
            return "".join(f'<li dir="auto">{self.text(b)}</li>' for tp in stage.touchpoints for b in tp.backstage if b)
        items = []
        for item in getattr(stage, row):
            if row in ("actions", "thoughts"):
                text = self.text(item.text)
                quoted = row == "thoughts" and not item.text.startswith(QUOTES)
                items.append(self.li(item, f"“{text}”" if quoted else text))
            elif row == "touchpoints":
                team = f' <span class="meta">· {self.text(item.team)}</span>' if item.team else ""
                items.append(self.li(item, f'{self.text(item.name)} <span class="channel">{self.text(item.channel)}'
                                           f'</span>{team}'))
            elif row == "pain_points":
                still = ' <span class="meta">no suggestion yet</span>' if item.id in self.open else ""
                items.append(self.li(item, f"{self.severity(item.severity)} {self.text(item.name)}{still}",
                                     f"pain sev-{item.severity}"))
            elif row == "opportunities":
                if is_placeholder(item):
                    continue
                items.append(self.li(item, f'{self.text(item.name)} <span class="meta">impact {item.impact} · '
                                           f'effort {item.effort}</span>'))
            else:
                facts = " · ".join(kpi_facts(item, self.text))
                items.append(self.li(item, self.text(item.name) + (f' <span class="meta">{facts}</span>' if facts else "")))
        return "".join(items)

    def block(self, number: int, stages: list[Stage], first: int, count: int) -> list[str]:
        all_stages = self.m.stages
        caption = (f"Stages {first + 1}–{first + len(stages)} of {len(all_stages)}" if count > 1
                   else "The journey, stage by stage")
        rows = [r for r in ROWS if r != "backstage" or self.m.kind == "blueprint"]
        heads = [f'{self.text(stage.name)}{self.mark(stage)}{self.who(stage)}' for stage in stages]
        cells = {row: [self.cell(stage, row) for stage in stages] for row in rows if row != "emotion"}
        lengths = [[[n * 6 // 5 for n in shown_lengths(h)] for h in heads]]  # a header's font is a fifth larger
        zoom = pagefit.print_zoom(lengths + [[shown_lengths(c) for c in row] for row in cells.values()], len(stages),
                                  first=number == 1)
        style = f' style="--print-zoom: {zoom:g}"' if zoom < 1 else ""
        out = [f'<div class="grid-block"{style}>', '<table class="grid">',
               f'<caption{"" if count > 1 else SR_CLASS}>{caption}</caption>',
               f'<colgroup><col class="lane-col"><col span="{len(stages)}"></colgroup>',
               '<thead><tr><th scope="col" class="corner">Stage</th>']
        for i, (stage, head) in enumerate(zip(stages, heads), first + 1):
            out.append(f'<th scope="col" id="stage-{self.text(stage.id)}" dir="auto"{self.scope(stage)}>'
                       f'<span class="num">{i}</span> {head}</th>')
        out.append("</tr></thead><tbody>")
        for row in rows:
            out.append(f'<tr class="row-{row}"><th scope="row">{ROW_HEADINGS[row]}</th>')
            if row == "emotion":
                before = all_stages[first - 1].emotion if first > 0 else None
                after = all_stages[first + len(stages)].emotion if first + len(stages) < len(all_stages) else None
                out.append(f'<td colspan="{len(stages)}" class="curve-cell">'
                           f'{svg.emotion_curve(stages, f"curve-{number}", before, after)}</td></tr>')
                continue
            for stage, body in zip(stages, cells[row]):
                if body and row != "goal":
                    body = f"<ul>{body}</ul>"
                out.append(f'<td{self.scope(stage)}>{body or NONE}</td>')
            out.append("</tr>")
        return out + ["</tbody></table>", "</div>"]

    def legend(self) -> list[str]:
        entries = [f'<li><span aria-hidden="true">{symbol}</span> {words}</li>'
                   for key, (symbol, words) in MARKS.items() if key in self.used]
        if entries:
            entries.append("<li>no mark: from you</li>")
        entries.append("<li>Severity: " + " ".join(self.severity(v) for v in (3, 2, 1)) + "</li>")
        if len(self.keys) > 1:
            entries += [f'<li><span class="who" aria-hidden="true">{key}</span> for {self.text(self.names[pid])} only</li>'
                        for pid, key in self.keys.items()]
            entries.append("<li>no letter: every persona</li>")
        return ['<ul class="legend" aria-label="What the marks mean">', *entries, "</ul>"]

    def persona_filter(self) -> list[str]:
        if len(self.keys) < 2:
            return []
        out = ['<fieldset id="persona-filter" class="persona-filter" hidden><legend>Show the journey of</legend>',
               '<label><input type="radio" name="persona" value="" checked> every persona</label>']
        out += [f'<label dir="auto"><input type="radio" name="persona" value="{self.text(pid)}"> {key} · '
                f'{self.text(self.names[pid])}</label>' for pid, key in self.keys.items()]
        return out + ['<span id="filter-status" class="hint" aria-live="polite"></span></fieldset>']

    def grid(self) -> list[str]:
        out = ['<section id="journey" aria-labelledby="journey-h">', '<h2 id="journey-h">The journey</h2>']
        if not self.m.stages:
            return out + ["<p>No stages yet.</p>", "</section>"]
        parts, first = blocks(self.m.stages), 0
        body = []
        for number, stages in enumerate(parts, 1):
            body += self.block(number, stages, first, len(parts))
            first += len(stages)
        return out + self.persona_filter() + self.legend() + body + ["</section>"]

    # -- what to fix first, and the evidence ------------------------------------------

    def ranked(self) -> list[str]:
        pains = priorities.rank_pains(self.m)
        if not pains:
            return []
        out = ['<section id="pains" aria-labelledby="pains-h">', '<h2 id="pains-h">Pain points, ranked</h2>',
               '<table class="list"><thead><tr><th scope="col">#</th><th scope="col">Pain point</th>'
               '<th scope="col">Stage</th><th scope="col">Severity</th><th scope="col" class="n">Mentions</th>'
               '<th scope="col" class="n">Score</th><th scope="col">Answered by</th></tr></thead><tbody>']
        for i, r in enumerate(pains, 1):
            answered = (", ".join(self.text(o.name) for o in r.fixes)
                        or f'<span class="none">{"no suggestion yet" if r.is_open else "none yet"}</span>')
            on = self.tp_names.get(r.pain.touchpoint)
            where = self.text(r.where) + (f' <span class="meta">on {self.text(on)}</span>' if on else "")
            out.append(f'<tr><td class="n">{i}</td><th scope="row" dir="auto">{self.text(r.pain.name)}{self.mark(r.pain)}'
                       f'{self.who(r.pain)}</th><td dir="auto">{where}</td><td>{self.severity(r.pain.severity)}</td>'
                       f'<td class="n">{r.pain.mentions}</td><td class="n">{r.score:g}</td><td dir="auto">{answered}</td></tr>')
        return out + ['</tbody></table>', '<p class="hint">Score = 2 × severity + customer evidence (log₂(1 + mentions), '
                      'at most 4) + how low the stage feels.</p>', "</section>"]

    def matrix(self) -> list[str]:
        ranked = priorities.quadrants(self.m)
        if not ranked:
            return []
        numbers = {r.opportunity.id: n for n, r in enumerate(ranked, 1)}
        out = ['<section id="priorities" aria-labelledby="priorities-h">',
               '<h2 id="priorities-h">Impact and effort</h2>', '<div class="matrix-wrap">',
               f'<figure>{svg.quadrant_chart(ranked, numbers)}</figure>', '<div class="matrix-list">']
        for quadrant in priorities.QUADRANTS:
            items = [r for r in ranked if r.quadrant == quadrant]
            if not items:
                continue
            out.append(f'<h3>{quadrant} <span class="hint">{priorities.QUADRANT_HINTS[quadrant].split(": ")[1]}</span></h3>'
                       f'<ol start="{numbers[items[0].opportunity.id]}">')
            for r in items:
                op = r.opportunity
                answers = "; ".join(self.text(a.pain.name) for a in r.answers) or "no pain point on the map"
                out.append(f'<li dir="auto">{self.text(op.name)}{self.mark(op)}{self.who(op)} <span class="meta">'
                           f'{self.text(r.stage.name)} · impact {op.impact}, effort {op.effort} · answers {answers}'
                           '</span></li>')
            out.append("</ol>")
        return out + ["</div>", "</div>", "</section>"]

    def evidence(self) -> list[str]:
        m, summary = self.m, self.summary
        backed = [(stage, pp) for stage, pp in m.pain_points() if pp.mentions or pp.evidence]
        if not backed and not summary.get("items"):
            return []
        out = ['<section id="evidence" aria-labelledby="evidence-h">', '<h2 id="evidence-h">Evidence</h2>']
        sources = summary.get("sources", [])
        if sources:
            out.append('<ul class="sources">')
            out += [f'<li dir="auto"><strong>{self.text(s["source"])}</strong>: {counted(s["items"], "customer item")} '
                    f'analysed: {counted(s["pain"], "complaint")}, {s["praise"]:,} praise, {s.get("mixed", 0):,} mixed, '
                    f'{s["other"]:,} other; {s["cited"]:,} back a pain point, {s["placed"]:,} placed on a stage.</li>'
                    for s in sources]
            out.append("</ul>")
        order = {s.id: i for i, s in enumerate(m.stages)}
        out.append('<div class="quotes">')
        for stage, pp in sorted(backed, key=lambda sp: (-sp[1].mentions, order[sp[0].id])):
            out += ['<article class="quote-card">', f'<h3 dir="auto">{self.text(pp.name)}{self.mark(pp)}</h3>',
                    f'<p class="meta">{self.text(stage.name)} · {counted(pp.mentions, "mention")} · '
                    f'{self.severity(pp.severity)}</p>']
            out += [f'<blockquote dir="auto">{html_lines(e)}</blockquote>' for e in pp.evidence[-3:] if e]
            out.append("</article>")
        out.append("</div>")
        praise = summary.get("praise") or {}
        parts = [f"{self.text(s.name)} {praise[s.id]}" for s in m.stages if praise.get(s.id)]
        if parts:
            out.append(f'<p><strong>Praise by stage:</strong> {" · ".join(parts)}</p>')
        guesses = [(s, pp) for s, pp in m.pain_points() if pp.provenance == "inferred" and not pp.mentions
                   and not pp.evidence]
        if guesses:
            names = ", ".join(f"{self.text(pp.name)} ({self.text(s.name)})" for s, pp in guesses)
            out.append(f'<p><strong>Still guesses:</strong> {counted(len(guesses), "pain point")} with no customer '
                       f'evidence yet: {names}.</p>')
        return out + ["</section>"]

    def render(self) -> str:
        body = [*self.header(), "<main>", *self.personas(), *self.grid(), *self.ranked(), *self.matrix(),
                *self.evidence(), "</main>",
                '<footer><p>Made with cjm-assistant. This page is self-contained: it needs no network, and prints '
                'to a landscape PDF (File → Print → Save as PDF).</p></footer>']
        head = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                '<meta name="generator" content="cjm-assistant">', f"<title>{self.text(self.m.title)}</title>",
                f"<style>\n{_asset('html.css')}</style>", "</head>", "<body>"]
        script = [f"<script>\n{_asset('html.js')}</script>"] if len(self.keys) > 1 else []
        return "\n".join(head + body + script + ["</body>", "</html>"]) + "\n"


def to_html(m: JourneyMap, evidence: dict[str, Any] | None = None, links: tuple[LinkedMap, ...] = ()) -> str:
    """The whole map as one self-contained HTML page.

    ``evidence`` (``evidence.summarise`` of the stored rows) adds what was
    imported, from which files; ``links`` adds the maps linked to this one.
    """
    return _Page(m, evidence, tuple(links)).render()
