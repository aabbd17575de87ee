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

from cjm_assistant.domain.model import LANES, JourneyMap, Stage

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
    pps = sum(len(s.pain_points) for s in journey.stages)
    ops = sum(len(s.opportunities) for s in journey.stages)
    return f"{len(journey.stages)} stages · {tps} touchpoints · {pps} pain points · {ops} opportunities"


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
            model, items = spec.item, []
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
