"""The parts of a map as plain data: its lanes, the words for them, and how to walk a map; no pydantic.

:mod:`cjm_assistant.domain.model` builds the pydantic models on these (and re-exports them); a
reader that only shows a map (``cjm show``, an export) reads them here without paying for pydantic.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from typing import Any

SCHEMA_VERSION = 1

MAP_KIND_LABELS: dict[str, str] = {
    "current": "Current state",
    "future": "Future state",
    "day-in-the-life": "Day in the life",
    "blueprint": "Service blueprint",
}
SEVERITY_LABELS = {1: "low", 2: "medium", 3: "high"}
EMOTION_LABELS = {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "very positive"}


class Lane(namedtuple("Lane", "key prefix model noun op heading")):
    """One lane of a stage: the one table every module reads its words and ids from.

    ``key``: the Stage attribute, and the kind of its items ("pain_points"); ``prefix``: the id prefix of its
    items ("pp"); ``model``: the name of the model of its items in domain.model ("PainPoint"); ``noun``: what
    a user calls one ("pain point"); ``op``: the suffix of its edit ops (add_pain_point...); ``heading``:
    "Pain points".
    """

    __slots__ = ()

    @property
    def plural(self) -> str:
        return plural(self.noun)


# The lanes of a stage, in display order.
LANES: dict[str, Lane] = {lane.key: lane for lane in (
    Lane("actions", "ac", "Note", "action", "action", "Actions"),
    Lane("touchpoints", "tp", "Touchpoint", "touchpoint", "touchpoint", "Touchpoints"),
    Lane("thoughts", "th", "Note", "thought", "thought", "Thoughts"),
    Lane("pain_points", "pp", "PainPoint", "pain point", "pain_point", "Pain points"),
    Lane("opportunities", "op", "Opportunity", "opportunity", "opportunity", "Opportunities"),
    Lane("kpis", "kp", "KPI", "KPI", "kpi", "KPIs"),
)}
# Kinds of item outside the lanes, and their id prefixes.
PREFIXES = {"stage": "st", "persona": "pe", "channel": "ch", "transition": "tr", "unplaced": "pp"} | {
    lane.key: lane.prefix for lane in LANES.values()
}


def noun(kind: str) -> str:
    """What a user calls an item of this kind ("pain_points" -> "pain point", "stage" -> "stage")."""
    lane = LANES.get(kind)
    return lane.noun if lane else "pain point" if kind == "unplaced" else kind


def plural(word: str) -> str:
    """"pain point" -> "pain points", "opportunity" -> "opportunities"."""
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"


def counted(n: int, word: str, words: str = "") -> str:
    """"1 complaint", "1,204 complaints", "3 opportunities": a count and the word that agrees with it."""
    return f"{n:,} {word if n == 1 else words or plural(word)}"


def lane_of_op(suffix: str) -> Lane | None:
    """The lane whose ops end in ``suffix`` ("pain_point" -> the pain points lane)."""
    return next((lane for lane in LANES.values() if lane.op == suffix), None)


class MapWalk:
    """How to walk a map (its items are typed ``Any`` here: this module does not import the models, which
    are built on it): the traversals of ``JourneyMap``, on anything with its fields (the model, or a
    :class:`cjm_assistant.domain.readonly.ReadOnlyMap`). It declares no fields: the class it is mixed into
    has them (``personas``, ``channels``, ``stages``, ``unplaced``, ``transitions``, ``persona``)."""

    def items(self: Any) -> Iterator[tuple[str, Any, Any | None]]:
        """Every identifiable item as (kind, item, its stage or None)."""
        for persona in self.personas:
            yield "persona", persona, None
        for channel in self.channels:
            yield "channel", channel, None
        for stage in self.stages:
            yield "stage", stage, None
            for lane in LANES:
                for item in getattr(stage, lane):
                    yield lane, item, stage
        for pain in self.unplaced:
            yield "unplaced", pain, None
        for transition in self.transitions:
            yield "transition", transition, None

    def find(self: Any, item_id: str) -> tuple[str, Any, Any | None] | None:
        for found in self.items():
            if found[1].id == item_id:
                return found
        return None

    def touchpoints(self: Any) -> Iterator[tuple[Any, Any]]:
        for stage in self.stages:
            for tp in stage.touchpoints:
                yield stage, tp

    def pain_points(self: Any) -> Iterator[tuple[Any, Any]]:
        for stage in self.stages:
            for pp in stage.pain_points:
                yield stage, pp

    def channel_named(self: Any, name: str) -> Any | None:
        key = name.casefold()
        return next((c for c in self.channels if c.name.casefold() == key), None)

    @property
    def main_persona(self: Any) -> Any | None:
        return next((p for p in self.personas if p.id == self.persona), self.personas[0] if self.personas else None)
