"""What the map views share: the lanes, item labels, provenance marks, selections.

Also :func:`sketch`, which turns a partial proposal (a half-streamed dict, or a
map) into something the views can draw, without raising on what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rich.style import Style
from rich.text import Text

from cjm_assistant.domain.lanes import counted
from cjm_assistant.domain.model import LANES, JourneyMap, Stage, lane_item
from cjm_assistant.domain.views import is_placeholder, pain_point_count

# The rows of the grid, top to bottom: stage fields and lanes.
ROWS: list[tuple[str, str]] = [
    ("goal", "Goal"),
    ("actions", "Actions"),
    ("touchpoints", "Touchpoints"),
    ("thoughts", "Thoughts"),
    ("emotion", "Emotion"),
    ("pain_points", "Pain points"),
    ("opportunities", "Opportunities"),
    ("kpis", "KPIs"),
]
LANE_TITLES = dict(ROWS)
ITEM_WORDS = {"stage": "stage", "touchpoints": "touchpoint", "pain_points": "pain point",
              "opportunities": "opportunity", "kpis": "KPI", "actions": "action", "thoughts": "thought"}
# The noun of a lane's item in edit ops: add_pain_point, remove_kpi...
NOUNS = {"touchpoints": "touchpoint", "pain_points": "pain_point", "opportunities": "opportunity", "kpis": "kpi",
         "actions": "action", "thoughts": "thought"}
EMOTION_BARS = {-2: "▁", -1: "▃", 0: "▄", 1: "▆", 2: "█"}
EMOTION_WORDS = {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "very positive"}
MARKS = {"inferred": "°", "evidence": "†", "user": ""}
GUESS, MARK_DIM, MARK_BOLD, PLAIN, DIM = (Style(italic=True, dim=True), Style(dim=True), Style(bold=True), Style(),
                                          Style(dim=True))


@dataclass(frozen=True)
class Selection:
    """What the cursor is on: a stage (kind 'stage') or an item of a lane."""

    kind: str  # "stage" or a key of model.LANES
    item_id: str
    stage_id: str

    @property
    def word(self) -> str:
        return ITEM_WORDS.get(self.kind, self.kind)


def label(item: Any) -> str:
    return getattr(item, "name", None) or getattr(item, "text", None) or getattr(item, "id", "") or "?"


def short(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def colors(app: Any) -> dict[str, str]:
    """The theme's colours by variable name ($error, $warning...), for Rich text."""
    try:
        return app.get_css_variables()
    except Exception:  # noqa: BLE001 - no app yet (e.g. a bench): plain styles
        return {}


def item_text(lane: str, item: Any, width: int, theme: dict[str, str]) -> Text:
    """One item as the grid and the tree draw it, with its provenance mark."""
    name = label(item)
    provenance = getattr(item, "provenance", "user")
    text = Text(no_wrap=True, overflow="ellipsis")
    budget = width
    if lane == "pain_points":
        severity = getattr(item, "severity", 2) or 2
        text.append("●" * severity + "○" * (3 - severity) + " ", _severity_style(theme, severity))
        budget -= 4
    mark = MARKS.get(provenance, "")
    body = short(name, max(budget - len(mark), 1))
    text.append(body, GUESS if provenance == "inferred" else PLAIN)
    if mark:
        text.append(mark, MARK_DIM if provenance == "inferred" else MARK_BOLD)
    return text


@lru_cache(maxsize=32)
def _color_style(value: str) -> Style:
    try:
        return Style(color=value) if value else MARK_BOLD
    except Exception:  # noqa: BLE001 - a theme value Rich cannot read: plain bold
        return MARK_BOLD


def _severity_style(theme: dict[str, str], severity: int) -> Style:
    if severity < 2:
        return DIM
    return _color_style(theme.get("error" if severity >= 3 else "warning", ""))


def emotion_text(score: int) -> str:
    return f"{EMOTION_BARS.get(score, '▄')} {score:+d} {EMOTION_WORDS.get(score, '')}"


def stage_items(stage: Stage, lane: str) -> list[Any]:
    return list(getattr(stage, lane, None) or [])


def counts(journey: JourneyMap) -> str:
    tps = sum(len(s.touchpoints) for s in journey.stages)
    ops = sum(not is_placeholder(o) for s in journey.stages for o in s.opportunities)  # "No suggestion yet": none
    return (f"{counted(len(journey.stages), 'stage')} · {counted(tps, 'touchpoint')} · {pain_point_count(journey)} · "
            f"{counted(ops, 'opportunity')}")


# -- partial proposals ------------------------------------------------------------------


def sketch(data: Any) -> JourneyMap | None:
    """A drawable map from a partial proposal: a JourneyMap, a (partial) dict, or None.

    Validation is skipped on purpose: a half-streamed map is incomplete by
    nature. Only what the views read is kept (names, emotion, lanes).
    """
    if isinstance(data, JourneyMap):
        return data
    if not isinstance(data, dict):
        return None
    data = data.get("journey", data) if isinstance(data.get("journey"), dict) else data
    stages = []
    for i, raw in enumerate(data.get("stages") or []):
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
            continue
        lanes = {}
        for lane, spec in LANES.items():
            model, items = lane_item(spec), []
            for j, it in enumerate(raw.get(lane) or []):
                if isinstance(it, dict) and isinstance(it.get("name") or it.get("text"), str):
                    fields = {k: v for k, v in it.items() if k in model.model_fields}
                    fields.setdefault("id", f"~{lane[:2]}{i}.{j}")
                    items.append(model.model_construct(**fields))
            lanes[lane] = items
        emotion = raw.get("emotion", 0)
        stages.append(Stage.model_construct(
            id=raw.get("id") or f"~st{i}", name=raw["name"], goal=str(raw.get("goal") or ""),
            emotion=emotion if isinstance(emotion, int) and -2 <= emotion <= 2 else 0,
            provenance=raw.get("provenance", "inferred"), **lanes))
    title = data.get("title") if isinstance(data.get("title"), str) else "Drafting…"
    return JourneyMap.model_construct(title=title or "Drafting…", stages=stages, personas=[], channels=[],
                                      transitions=[], persona="", kind=data.get("kind", "current"), scope="")


# -- what the pane says around the views: the map's who and where, the selection in full ------------------

PROVENANCE_WORDS = {"user": "you said it", "inferred": "inferred (°): a guess to check",
                    "evidence": "backed by customer evidence (†)"}
SEVERITY_WORDS = {1: "low", 2: "medium", 3: "high"}
DETAIL_FIELDS = (("channel", "channel"), ("team", "team"), ("target", "target"), ("current", "now"),
                 ("impact", "impact"), ("effort", "effort"), ("mentions", "mentions"))


def about(journey: JourneyMap, draft: bool = False) -> str:
    """One line: the business, the persona(s) and the channels ("(not yet)" on a draft for what is missing)."""
    business = getattr(getattr(journey, "business", None), "name", "") or ""
    personas = ", ".join(p.name for p in getattr(journey, "personas", None) or [])
    channels = ", ".join(c.name for c in getattr(journey, "channels", None) or [])
    missing = "(not yet)" if draft else "—"
    return (f"Business: {business or missing} · Persona: {personas or missing} · "
            f"Channels: {channels or missing}")


def find(journey: JourneyMap | None, selection: Selection | None) -> tuple[Stage, Any] | None:
    """(stage, item or None for the stage itself) that ``selection`` is on, if it is on ``journey``."""
    if journey is None or selection is None:
        return None
    stage = next((s for s in journey.stages if s.id == selection.stage_id), None)
    if stage is None:
        return None
    if selection.kind == "stage":
        return stage, None
    item = next((i for i in stage_items(stage, selection.kind) if i.id == selection.item_id), None)
    return (stage, item) if item is not None else None


def _count(n: int, word: str) -> str:
    return f"{n} {word if n == 1 else word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


def _facts(stage: Stage, item: Any, kind: str) -> list[str]:
    if item is None:
        lanes = [_count(len(stage_items(stage, lane)), ITEM_WORDS[lane]) for lane in ("touchpoints", "pain_points",
                                                                                         "opportunities")]
        return [f"emotion {emotion_text(stage.emotion)}", *lanes]
    facts = []
    if kind == "pain_points":
        facts.append(f"severity {SEVERITY_WORDS.get(getattr(item, 'severity', 2), '?')}")
    for field, word in DETAIL_FIELDS:
        value = getattr(item, field, None)
        if value:
            facts.append(f"{word} {value}")
    return facts


def detail(journey: JourneyMap | None, selection: Selection | None) -> str:
    """The selected stage or item in full, in a few lines (plain text): what a cut cell does not show."""
    found = find(journey, selection)
    if found is None or selection is None:
        return ""
    stage, item = found
    subject = item if item is not None else stage
    where = f" · stage {stage.name}" if item is not None else ""
    provenance = PROVENANCE_WORDS.get(getattr(subject, "provenance", "user"), "")
    head = f"{selection.word.capitalize()}{where}: {label(subject)}"
    text = getattr(subject, "goal" if item is None else "description", "") or ""
    from cjm_assistant.domain.views import whose_names

    whose = whose_names(journey, subject) if getattr(journey, "personas", None) else ""
    facts = " · ".join(_facts(stage, item, selection.kind) + ([f"for {whose}"] if whose else [])
                       + ([provenance] if provenance else []))
    return "\n".join(part for part in (head, facts, text) if part)


def in_full(journey: JourneyMap | None, selection: Selection | None) -> str:
    """The selected stage or item as Markdown, every field (for a window of its own)."""
    from cjm_assistant.tui.reports import md

    found = find(journey, selection)
    if found is None or selection is None:
        return ""
    stage, item = found
    lines = [md(line) for line in detail(journey, selection).splitlines()]
    lines = [f"**{lines[0]}**", "", *lines[1:]]
    subject = item if item is not None else stage
    for field in ("evidence", "backstage", "goals", "frustrations"):
        values = getattr(subject, field, None) or []
        if values:
            lines += ["", f"**{field.capitalize()}**", "", *(f"- {md(v)}" for v in values)]
    if item is None:
        for lane, title in ROWS:
            items = stage_items(stage, lane) if lane not in ("goal", "emotion") else []
            if items:
                lines += ["", f"**{title}**", "", *(f"- {md(label(i))}{MARKS.get(getattr(i, 'provenance', 'user'), '')}" for i in items)]
    return "\n".join(lines)
