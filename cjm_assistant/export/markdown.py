"""A journey map as GitHub-flavoured Markdown that reads well raw, too.

Layout: title and a one-line summary; the business; the persona; the map at a
glance (a table with one column per stage and one row per lane); each stage in
detail; the pain points ranked; the evidence (when customers' words back any
pain point: mentions and quotes per pain point, what was imported, and what
still rests on guesses); the emotion curve as a Mermaid diagram; the
transitions between touchpoints.

Provenance stays out of the way: a name the assistant inferred ends in ``°``,
one backed by evidence in ``†``, the user's own words carry no mark, and a
legend line says so whenever a mark is used.

All user text goes through :mod:`cjm_assistant.export.text`; nothing is
escaped anywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from cjm_assistant.domain.lanes import EMOTION_LABELS, MAP_KIND_LABELS, SEVERITY_LABELS, counted
from cjm_assistant.domain.views import is_placeholder, open_pains, whose_names
from cjm_assistant.export.mermaid import to_mermaid
from cjm_assistant.export.text import md_cell, md_inline

QUOTES = ('"', "“", "'", "‘", "«", "„")  # a thought that opens with one of these is quoted already (as in html.py)


#: After an open pain point's severity in the table: no opportunity answers it, and the owner knows it is open.
OPEN_NOTE = ", no suggestion yet"


def quoted(text: str) -> str:
    """A thought in quotation marks, unless it opens with its own (a customer's words quoted from the evidence:
    “Lovely man” (praise for this stage: 3 customers))."""
    return text if text.startswith(QUOTES) else f"“{text}”"


TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:  # the models are only named here: a map read without pydantic exports too
    from typing import Any

    from cjm_assistant.domain.model import KPI, Item, JourneyMap, PainPoint, Stage, Touchpoint

MARKS = {"user": "", "evidence": "†", "inferred": "°"}
FACES = {-2: "😣", -1: "😟", 0: "😐", 1: "🙂", 2: "😄"}
TRANSITION_WORDS = {"next": "→", "loop-back": "↩ back to", "drop-off": "✕ drops off"}


def emotion_short(emotion: int) -> str:
    """``😟 -1``: a face for the eye and a signed number for plain text."""
    return f"{FACES.get(emotion, '')} {emotion:+d}" if emotion else f"{FACES[0]} 0"


def emotion_long(emotion: int) -> str:
    return f"{emotion_short(emotion)} ({EMOTION_LABELS.get(emotion, 'unknown')})"


def kpi_facts(kpi: KPI, inline=md_inline) -> list[str]:
    """'now 20%', 'target 30%': what a KPI says besides its name, escaped for prose."""
    facts = []
    if kpi.current:  # escaped whole: "> 3%" opens no quote after "target"
        facts.append(inline(f"now {kpi.current}"))
    if kpi.target:
        facts.append(inline(f"target {kpi.target}"))
    return facts


def _sentence_end(text: str) -> str:
    return "" if text[-1:] in ".!?…" else "."


class _Renderer:
    def __init__(self, m: JourneyMap, evidence: dict[str, Any] | None = None):
        self.m = m
        self.evidence_summary = evidence
        self.used: set[str] = set()
        # Names recur (stage names in every ranked line, touchpoints in every
        # reference): escape each distinct string once per document.
        self.inline = lru_cache(maxsize=None)(md_inline)
        self.cell = lru_cache(maxsize=None)(md_cell)
        self.stage_of: dict[str, Stage] = {}
        self.touchpoints: dict[str, Touchpoint] = {}
        self.pains: dict[str, PainPoint] = {}
        self.answers: dict[str, int] = {}
        self.open = open_pains(m)  # the pain points only a "No suggestion yet" stands for: shown as open
        for stage in m.stages:
            for tp in stage.touchpoints:
                self.touchpoints[tp.id] = tp
                self.stage_of[tp.id] = stage
            for pp in stage.pain_points:
                self.pains[pp.id] = pp
                self.stage_of[pp.id] = stage
            for op in stage.opportunities:
                if is_placeholder(op):  # "No suggestion yet" asks the owner; it answers nothing
                    continue
                for ref in dict.fromkeys(op.addresses):
                    self.answers[ref] = self.answers.get(ref, 0) + 1

    # -- pieces ------------------------------------------------------------

    def mark(self, item: Item) -> str:
        mark = MARKS.get(item.provenance, "")
        if mark:
            self.used.add(item.provenance)
        return mark

    def guessed(self, field: str) -> str:
        """The inferred mark for a business field a model read rather than the user said (Business.inferred)."""
        if field and field in getattr(self.m.business, "inferred", ()):
            self.used.add("inferred")
            return MARKS["inferred"]
        return ""

    def name(self, item: Item, text: str | None = None) -> str:
        """A name for prose: escaped, with its provenance mark."""
        return self.inline(getattr(item, "name", "") if text is None else text) + self.mark(item)

    def bold(self, item: Item) -> str:
        return f"**{self.inline(getattr(item, 'name', ''))}**{self.mark(item)}{self.whose(item)}"

    def whose(self, item: Item, escape=None) -> str:
        """" (for Buyer Ben)" after an item that concerns only some personas, on a map with several."""
        if len(self.m.personas) < 2:
            return ""
        names = whose_names(self.m, item)
        return f" (for {(escape or self.inline)(names)})" if names else ""

    def ref(self, item_id: str, table: dict, here: Stage | None) -> str:
        """The name of a touchpoint or pain point, with its stage when elsewhere."""
        item = table.get(item_id)
        if item is None:
            return self.inline(item_id)
        stage = self.stage_of[item_id]
        where = "" if stage is here else f" ({self.inline(stage.name)})"
        return f"{self.inline(item.name)}{where}"

    # -- sections ----------------------------------------------------------

    def header(self, out: list[str]) -> None:
        m = self.m
        out.append(f"# {self.inline(m.title)}{self.guessed('name') if m.business.name in m.title else ''}")
        out.append("")
        persona = m.main_persona
        summary = f"**{MAP_KIND_LABELS.get(m.kind, m.kind)}** map"
        if len(m.personas) > 1:
            names = [f"**{self.inline(p.name)}**" for p in m.personas]
            summary += f" for {', '.join(names[:-1])} and {names[-1]}"
        elif persona:
            summary += f" for **{self.inline(persona.name)}**"
        scope = self.inline(m.scope)
        if scope:
            summary += f": {scope}{_sentence_end(scope)}"
        else:
            summary += "."
        out.append(summary)
        out.append("")

    def business(self, out: list[str]) -> None:
        b = self.m.business
        out += ["## Business", ""]
        facts = [("Name", b.name, "name"), ("What it does", b.description, "description"),
                 ("Industry", b.industry, "industry"), ("Offering", b.offering, "offering"),
                 ("Customers", b.customers, "customers"), ("Model", b.business_model, "business_model"),
                 ("Data you have", "; ".join(b.data), "data"), ("Also said", "; ".join(b.notes), "")]
        for label, value, field in facts:
            text = self.inline(value)
            if text:
                out.append(f"- **{label}:** {text}{self.guessed(field)}")
        if self.m.channels:
            def channel(c) -> str:
                said = f": {self.inline(c.description)}" if c.description else ""
                return f"{self.name(c)} ({c.kind}{said})"

            out.append(f"- **Channels:** {', '.join(channel(c) for c in self.m.channels)}")
        out.append("")
        goals = [self.inline(g) for g in b.goals]
        goals = [g for g in goals if g]
        if goals:
            out += ["**Goals of this map**", ""]
            out += [f"- {g}" for g in goals]
            out.append("")

    def persona(self, out: list[str]) -> None:
        """One persona under "## Persona: NAME"; several under "## Personas", each with its own heading."""
        personas = self.m.personas if len(self.m.personas) > 1 else [p for p in [self.m.main_persona] if p]
        if len(personas) > 1:
            out += ["## Personas", ""]
        for persona in personas:
            head = "###" if len(personas) > 1 else "## Persona:"
            out += [f"{head} {self.name(persona)}", ""]
            summary = self.inline(persona.summary)
            if summary:
                out += [summary, ""]
            quote = self.inline(persona.quote)
            if quote:
                out += [f"> “{quote}”", ""]
            for label, entries in (("Goals", persona.goals), ("Frustrations", persona.frustrations)):
                lines = [f"- {text}" for text in map(md_inline, entries) if text]
                if lines:
                    out += [f"**{label}**", "", *lines, ""]
            if persona.channels:
                out += [f"**Preferred channels:** {', '.join(self.inline(c) for c in persona.channels)}", ""]
            if persona.notes:
                out += [f"**Also said:** {'; '.join(self.inline(n) for n in persona.notes)}", ""]

    def table(self, out: list[str]) -> None:
        stages = self.m.stages
        out += ["## The journey at a glance", ""]
        if not stages:
            out += ["_No stages yet._", ""]
            return

        def cell(entries: Iterable[str]) -> str:
            entries = [e for e in entries if e]
            if len(entries) > 1:
                return "<br>".join(f"• {e}" for e in entries)
            return entries[0] if entries else ""

        def kpi(k) -> str:
            target = self.cell(k.target)
            return f"{self.cell(k.name)}{self.mark(k)}" + (f" (target {target})" if target else "")

        rows: list[tuple[str, list[str]]] = [
            ("Customer goal", [self.cell(s.goal) for s in stages]),
            ("Actions", [cell(self.cell(a.text) + self.mark(a) for a in s.actions) for s in stages]),
            ("Touchpoints", [cell(f"{self.cell(t.name)}{self.mark(t)} ({self.cell(t.channel)})" for t in s.touchpoints)
                             for s in stages]),
        ]
        if self.m.kind == "blueprint":
            rows.append(("Backstage", [cell(self.cell(b) for t in s.touchpoints for b in t.backstage) for s in stages]))
        rows += [
            ("Thoughts", [cell(f"{quoted(self.cell(n.text))}{self.mark(n)}" for n in s.thoughts) for s in stages]),
            ("Emotion", [emotion_short(s.emotion) for s in stages]),
            ("Pain points", [cell(f"{self.cell(p.name)}{self.mark(p)} ({SEVERITY_LABELS.get(p.severity, p.severity)}"
                                  f"{OPEN_NOTE if p.id in self.open else ''}){self.whose(p, self.cell)}"
                                  for p in s.pain_points) for s in stages]),
            ("Opportunities", [cell(self.cell(o.name) + self.mark(o) + self.whose(o, self.cell)
                                    for o in s.opportunities if not is_placeholder(o)) for s in stages]),
            ("KPIs", [cell(kpi(k) for k in s.kpis) for s in stages]),
        ]
        out.append("| Stage | " + " | ".join(self.cell(s.name) + self.mark(s) + self.whose(s, self.cell)
                                             for s in stages) + " |")
        out.append("|" + " --- |" * (len(stages) + 1))
        for label, cells in rows:
            out.append(f"| **{label}** | " + " | ".join(cells) + " |")
        out.append("")

    def stage(self, out: list[str], number: int, stage: Stage) -> None:
        out += [f"## Stage {number}: {self.name(stage)}{self.whose(stage)}", ""]
        goal = self.inline(stage.goal)
        if goal:
            out.append(f"- **Customer goal:** {goal}")
        out += [f"- **Emotion:** {emotion_long(stage.emotion)}", ""]

        def lane(label: str, lines: list[str]) -> None:
            if lines:
                out.extend([f"**{label}**", "", *lines, ""])

        lane("Actions", [f"- {self.name(a, a.text)}" for a in stage.actions])
        lane("Thoughts", [f"- {quoted(self.inline(n.text))}{self.mark(n)}" for n in stage.thoughts])

        lines = []
        for tp in stage.touchpoints:
            facts = [self.inline(tp.channel)]
            if tp.team:
                facts.append(f"owned by {self.inline(tp.team)}")
            lines.append(f"- {self.bold(tp)} — {' · '.join(facts)}")
            if tp.description:
                lines.append(f"  {self.inline(tp.description)}")
            lines += [f"  - Backstage: {self.inline(b)}" for b in tp.backstage if b]
        lane("Touchpoints", lines)

        lines = []
        for pp in stage.pain_points:
            facts = [f"{SEVERITY_LABELS.get(pp.severity, pp.severity)} severity"]
            if pp.touchpoint:
                facts.append(f"on {self.ref(pp.touchpoint, self.touchpoints, stage)}")
            if pp.mentions:
                facts.append(counted(pp.mentions, "mention"))
            if pp.id in self.open:
                facts.append("no suggestion yet: what would fix it is yours to add")
            lines.append(f"- {self.bold(pp)} — {' · '.join(facts)}")
            if pp.description:
                lines.append(f"  {self.inline(pp.description)}")
            lines += [f"  - Evidence: {self.inline(e)}" for e in pp.evidence if e]
        lane("Pain points", lines)

        lines = []
        for op in stage.opportunities:
            if is_placeholder(op):  # shown under its pain point, never rated as an opportunity
                continue
            text = f"- {self.bold(op)} — impact {op.impact}, effort {op.effort}"
            if op.addresses:
                text += " · answers " + ", ".join(self.ref(r, self.pains, stage) for r in op.addresses)
            lines.append(text)
            if op.description:
                lines.append(f"  {self.inline(op.description)}")
        lane("Opportunities", lines)

        lines = []
        for k in stage.kpis:
            facts = kpi_facts(k, self.inline)
            lines.append(f"- {self.bold(k)}" + (f" — {' · '.join(facts)}" if facts else ""))
        lane("KPIs", lines)

    def unplaced(self, out: list[str]) -> None:
        """Stated problems no stage fits with confidence: listed, with how to place them."""
        if not self.m.unplaced:
            return
        out += ["## Not yet placed", "",
                "Problems you named whose step is not clear yet. Which step does each happen in? Place one with "
                "`cjm refine MAP \"move pain point 'NAME' to STAGE\"`.", ""]
        for pp in self.m.unplaced:
            out.append(f"- {self.bold(pp)} — {SEVERITY_LABELS.get(pp.severity, pp.severity)} severity")
            if pp.description:
                out.append(f"  {self.inline(pp.description)}")
        out.append("")

    def ranked(self, out: list[str]) -> None:
        ranked = []
        for order, stage in enumerate(self.m.stages):
            for index, pp in enumerate(stage.pain_points):
                ranked.append((pp.provenance == "inferred", -pp.severity, -self.answers.get(pp.id, 0), order, index,
                               stage, pp))
        for index, pp in enumerate(self.m.unplaced):
            ranked.append((pp.provenance == "inferred", -pp.severity, 0, len(self.m.stages), index, None, pp))
        if not ranked:
            return
        ranked.sort(key=lambda r: r[:5])  # the owner's own problems first, as the priorities export ranks them
        out += ["## Pain points, ranked", ""]
        for n, (_, _, answered, _, _, stage, pp) in enumerate(ranked, 1):
            answered = -answered
            answers = (f"answered by {counted(answered, 'opportunity', 'opportunities')}" if answered
                       else "no suggestion yet" if pp.id in self.open else "no opportunity yet")
            severity = SEVERITY_LABELS.get(pp.severity, pp.severity)
            where = self.inline(stage.name) if stage else "not yet placed"
            out.append(f"{n}. {self.bold(pp)} — {severity} · {where} · {answers}")
        out.append("")

    def evidence(self, out: list[str]) -> None:
        """Mentions and quotes per pain point, what was imported, and what still rests on guesses."""
        backed = [(stage, pp) for stage, pp in self.m.pain_points() if pp.mentions or pp.evidence]
        summary = self.evidence_summary or {}
        if not backed and not summary.get("items"):
            return
        out += ["## Evidence", ""]
        for src in summary.get("sources", []):
            out.append(f"- **{self.inline(src['source'])}:** {counted(src['items'], 'customer item')} analysed: "
                       f"{counted(src['pain'], 'complaint')}, {src['praise']:,} praise, {src.get('mixed', 0):,} mixed, "
                       f"{src['other']:,} other; "
                       f"{src['cited']:,} back a pain point, {src['placed']:,} placed on a stage.")
        if summary.get("sources"):
            out.append("")
        if backed:
            total = sum(pp.mentions for _, pp in backed)
            out += [f"{counted(total, 'customer mention')} back {len(backed)} of "
                    f"{counted(len(self.pains), 'pain point')}.", ""]
            order = {s.id: i for i, s in enumerate(self.m.stages)}
            # A list, not a table: the map at a glance stays the document's only table.
            for stage, pp in sorted(backed, key=lambda sp: (-sp[1].mentions, order[sp[0].id])):
                out.append(f"- {self.bold(pp)} — {self.inline(stage.name)} · {counted(pp.mentions, 'mention')} · "
                           f"{SEVERITY_LABELS.get(pp.severity, pp.severity)} severity")
                out += [f"  - {self.inline(e)}" for e in pp.evidence[-3:] if e]
            out.append("")
        praise = summary.get("praise") or {}
        if praise:
            parts = [f"{self.inline(s.name)} {praise[s.id]}" for s in self.m.stages if praise.get(s.id)]
            out += [f"**Praise by stage:** {' · '.join(parts)}", ""]
        guesses = [(stage, pp) for stage, pp in self.m.pain_points() if pp.provenance == "inferred"
                   and not pp.mentions and not pp.evidence]
        if guesses:
            names = ", ".join(f"{self.name(pp)} ({self.inline(stage.name)})" for stage, pp in guesses)
            out += [f"**Still guesses:** {counted(len(guesses), 'pain point')} with no customer evidence yet: "
                    f"{names}.", ""]

    def curve(self, out: list[str]) -> None:
        if not self.m.stages:
            return
        out += ["## Emotion curve", "", "```mermaid", to_mermaid(self.m).rstrip("\n"), "```", ""]

    def transitions(self, out: list[str]) -> None:
        if not self.m.transitions:
            return
        out += ["## Transitions", ""]
        for tr in self.m.transitions:
            text = f"- {self.ref(tr.source, self.touchpoints, None)} {TRANSITION_WORDS.get(tr.kind, '→')}"
            if tr.target:
                text += f" {self.ref(tr.target, self.touchpoints, None)}"
            text += self.mark(tr)
            label = self.inline(tr.label) if tr.label else self.drop_off_reason(tr)
            if label:
                text += f": {label}"
            out.append(text)
        out.append("")

    def drop_off_reason(self, tr) -> str:
        """Why customers leave at a drop-off without a label: the pain points at
        that touchpoint, by their current names."""
        if tr.kind != "drop-off":
            return ""
        stage = self.stage_of.get(tr.source)
        pains = [pp for pp in stage.pain_points if pp.touchpoint == tr.source] if stage else []
        names = ", ".join(self.name(pp) for pp in pains)
        return f"customers may give up here ({names})" if names else "customers may give up here"

    def render(self) -> str:
        head: list[str] = []
        body: list[str] = []
        self.header(head)
        self.business(body)
        self.persona(body)
        self.table(body)
        for number, stage in enumerate(self.m.stages, 1):
            self.stage(body, number, stage)
        self.unplaced(body)
        self.ranked(body)
        self.evidence(body)
        self.curve(body)
        self.transitions(body)
        legend = []
        if "inferred" in self.used:
            legend.append("items marked ° are inferred by the assistant")
        if "evidence" in self.used:
            legend.append("items marked † are backed by evidence")
        if legend:
            legend.append("unmarked items come from you.")
            text = "; ".join(legend)
            head += [text[0].upper() + text[1:], ""]
        while body and body[-1] == "":
            body.pop()
        return "\n".join(head + body) + "\n"


def to_markdown(m: JourneyMap, evidence: dict[str, Any] | None = None) -> str:
    """The whole map as one GitHub-flavoured Markdown document.

    ``evidence`` (``evidence.summarise`` of the stored rows) adds what was
    imported, from which files, to the Evidence section.
    """
    return _Renderer(m, evidence).render()
