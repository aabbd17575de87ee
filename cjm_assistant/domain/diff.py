"""What changed between two maps: stages, touchpoints, pain points and more.

Items are matched by id when both maps share a lineage (two versions of one
map, or a proposal and the map it edits); items whose id is missing on the
other side are matched by kind and name, so two separately drawn maps compare
sensibly too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from cjm_assistant.domain.model import LANES, Item, JourneyMap, Stage, noun
from cjm_assistant.domain.renaming import goal_still_speaks_of

Change = Literal["added", "removed", "changed", "moved"]
_COMPARED = ("name", "text", "goal", "emotion", "channel", "team", "severity", "touchpoint", "addresses",
             "impact", "effort", "target", "description", "mentions", "evidence", "provenance")


@dataclass
class Entry:
    change: Change
    kind: str  # stage, touchpoint, pain point, ...
    name: str
    stage: str = ""  # the stage it belongs to (name in the newer map when it exists)
    details: list[str] = field(default_factory=list)  # "severity 2 → 3"

    def line(self) -> str:
        sign = {"added": "+", "removed": "-", "changed": "~", "moved": "↔"}[self.change]
        where = f" in {self.stage}" if self.stage and self.kind != "stage" else ""
        extra = f" ({'; '.join(self.details)})" if self.details else ""
        return f"{sign} {self.kind} “{self.name}”{where}{extra}"


@dataclass
class MapDiff:
    entries: list[Entry] = field(default_factory=list)
    emotions: list[tuple[str, int | None, int | None]] = field(default_factory=list)  # stage, before, after

    def __bool__(self) -> bool:
        return bool(self.entries)

    def count(self, change: Change) -> int:
        return sum(1 for e in self.entries if e.change == change)

    def summary(self) -> str:
        if not self.entries:
            return "no changes"
        parts = [f"{self.count(c)} {c}" for c in ("added", "changed", "removed", "moved") if self.count(c)]
        return ", ".join(parts)


def _items(journey: JourneyMap, skip: set[int]) -> dict[tuple[str, str], tuple[Item, Stage | None]]:
    """Every stage and lane item by (kind, id), leaving out the stages in ``skip`` (by ``id()``)."""
    out: dict[tuple[str, str], tuple[Item, Stage | None]] = {}
    for stage in journey.stages:
        if id(stage) in skip:
            continue
        out[("stage", stage.id)] = (stage, None)
        for lane in LANES:
            for item in getattr(stage, lane):
                out[(lane, item.id)] = (item, stage)
    for item in journey.unplaced:  # a pain point not yet placed: stage None (a stage's own entry has none either)
        out[("pain_points", item.id)] = (item, None)
    return out


def _label(item: Item) -> str:
    return getattr(item, "name", None) or getattr(item, "text", "") or item.id


#: Fields that hold ids of other items: shown by the names the ids stand for ("tp4" means nothing to an owner).
_REFS = ("touchpoint", "addresses", "personas")


def _details(old: Item, new: Item, names: dict[str, str] | None = None) -> list[str]:
    if old is new or (type(old) is type(new) and old.__dict__ == new.__dict__):
        return []
    out = []
    fields = type(old).model_fields
    for name in _COMPARED:
        if name in fields and name != "provenance":
            before, after = getattr(old, name), getattr(new, name)
            if before == after:
                continue
            if name == "evidence":  # quotes: say how many, not all of them
                out.append(f"evidence: {len(before)} → {len(after)} quote{'s' if len(after) != 1 else ''}")
            elif name in _REFS and names:
                def named(value):
                    return [names.get(v, v) for v in value] if isinstance(value, list) else names.get(value, value)
                out.append(f"{name.replace('_', ' ')}: {_show(named(before))} → {_show(named(after))}")
            else:
                out.append(f"{name.replace('_', ' ')}: {_show(before)} → {_show(after)}")
    if isinstance(old, Stage) and isinstance(new, Stage) and old.name != new.name and old.goal == new.goal \
            and (words := goal_still_speaks_of(new.goal, old.name, new.name)):
        # a goal written for the old name is the owner's to reword: said, not changed behind their back
        out.append(f"its goal still speaks of the old stage ({', '.join(words)}): “{new.goal}”; to reword it, "
                   f"'set goal of {new.name} to ...'")
    if out and new.provenance == "evidence" != old.provenance:
        # Editing an item makes it the user's, which is not news; evidence now backing a guess is.
        out.append(f"provenance: {old.provenance} → evidence")
    return out


def _map_entries(old: JourneyMap, new: JourneyMap) -> list[Entry]:
    """What changed about the map itself: kind, title, scope, goals, channels, personas."""
    details = []
    for name in ("kind", "title", "scope"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            details.append(f"{name}: {_show(before)} → {_show(after)}")
    if old.business.goals != new.business.goals:
        added = [g for g in new.business.goals if g not in old.business.goals]
        removed = [g for g in old.business.goals if g not in new.business.goals]
        parts = [f"+{len(added)}" if added else "", f"-{len(removed)}" if removed else ""]
        details.append(f"business goals: {' '.join(p for p in parts if p) or 'reordered'}")
    out = [Entry("changed", "map", new.title, "", details)] if details else []
    business = [f"{name.replace('_', ' ')}: {_show(getattr(old.business, name))} → "
                f"{_show(getattr(new.business, name))}"
                for name in _BUSINESS if getattr(old.business, name) != getattr(new.business, name)]
    if business:  # a rename by a model (update_business) is as visible as any other edit
        out.append(Entry("changed", "business", new.business.name, "", business))
    for kind, before, after in (("channel", old.channels, new.channels), ("persona", old.personas, new.personas)):
        old_items = {i.name.casefold(): i for i in before}
        new_items = {i.name.casefold(): i for i in after}
        out += [Entry("added", kind, i.name) for key, i in new_items.items() if key not in old_items]
        out += [Entry("removed", kind, i.name) for key, i in old_items.items() if key not in new_items]
        out += [Entry("changed", kind, i.name, "", changed) for key, i in new_items.items()
                if key in old_items and (changed := _details(old_items[key], i) + _more(old_items[key], i))]
    return out


# The business's fields a diff names (its goals are said above, as a count).
_BUSINESS = ("name", "description", "industry", "offering", "business_model", "customers", "data", "notes")
# A persona's or channel's own fields beyond _COMPARED.
_PERSONA = ("summary", "goals", "frustrations", "channels", "quote", "kind")


def _more(old: Item, new: Item) -> list[str]:
    fields = type(old).model_fields
    return [f"{name}: {_show(getattr(old, name))} → {_show(getattr(new, name))}" for name in _PERSONA
            if name in fields and getattr(old, name) != getattr(new, name)]


#: Characters of a changed value a diff line shows (a name is up to about 80: shown whole)
SHOWN = 90


def _show(value) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, str):
        if not value:
            return "empty"
        return f"“{value}”" if len(value) <= SHOWN else f"“{value[:SHOWN - 1].rstrip()}…”"  # a cut that says so
    return str(value)


def _pair(before: dict, after: dict) -> dict[tuple[str, str], tuple[str, str]]:
    """Which old item each new item is (new key -> old key).

    Two separately drawn maps both number their items from 1, so an id alone
    does not prove two items are the same: first pair items with the same id
    and name, then items of one kind with the same name, and only then items
    that kept their id but not their name (a rename).
    """
    def name(key: tuple[str, str], item: Item) -> tuple[str, str]:
        return key[0], _label(item).casefold()

    pairs: dict[tuple[str, str], tuple[str, str]] = {}
    used: set[tuple[str, str]] = set()
    for key, (item, _) in after.items():
        if key in before and name(key, before[key][0]) == name(key, item):
            pairs[key] = key
            used.add(key)
    by_name: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key, (item, _) in before.items():
        if key not in used:
            by_name.setdefault(name(key, item), []).append(key)
    for key, (item, _) in after.items():
        if key not in pairs:
            alt = next((k for k in by_name.get(name(key, item), []) if k not in used), None)
            if alt:
                pairs[key] = alt
                used.add(alt)
    for key in after:
        if key not in pairs and key in before and key not in used:
            pairs[key] = key
            used.add(key)
    return pairs


def diff_maps(old: JourneyMap, new: JourneyMap) -> MapDiff:
    """What changed from ``old`` to ``new``.

    A stage object found in both maps (an edit shares the stages it does not touch with the map it came from)
    has not changed: its items pair with themselves and say nothing, so they are not compared one by one.
    """
    result = MapDiff(_map_entries(old, new))
    shared = {id(s) for s in old.stages} & {id(s) for s in new.stages}
    before, after = _items(old, shared), _items(new, shared)
    pairs = _pair(before, after)
    matched_old = set(pairs.values())
    names = {p.id: p.name for m in (old, new) for p in m.personas}
    names.update({item.id: _label(item) for items in (before, after) for item, _ in items.values()})
    for new_key, (item, stage) in after.items():
        old_key = pairs.get(new_key)
        kind = noun(new_key[0])
        stage_name = stage.name if stage else ""
        if old_key is None:
            result.entries.append(Entry("added", kind, _label(item), stage_name))
            continue
        old_item, old_stage = before[old_key]
        details = _details(old_item, item, names)
        if old_stage is not None and stage is not None and old_stage.id != stage.id and old_stage.name != stage.name:
            details.append(f"moved from {old_stage.name}")
        elif new_key[0] != "stage" and (old_stage is None) != (stage is None):  # to or from "Not yet placed"
            details.append(f"moved from {old_stage.name} to not yet placed" if stage is None
                           else "placed; it was not yet placed")
        if details:
            result.entries.append(Entry("changed", kind, _label(item), stage_name, details))
    for key, (item, stage) in before.items():
        if key not in matched_old:
            result.entries.append(Entry("removed", noun(key[0]), _label(item), stage.name if stage else ""))
    old_order = [s.name.casefold() for s in old.stages]
    old_names = set(old_order)
    new_order = [s.name.casefold() for s in new.stages if s.name.casefold() in old_names]
    new_names = set(new_order)
    kept_old = [n for n in old_order if n in new_names]
    if kept_old != new_order:
        result.entries.append(Entry("moved", "stage order", " → ".join(s.name for s in new.stages)))
    old_emotion = {s.name.casefold(): s.emotion for s in old.stages}
    seen = set()
    for s in new.stages:
        result.emotions.append((s.name, old_emotion.get(s.name.casefold()), s.emotion))
        seen.add(s.name.casefold())
    for s in old.stages:
        if s.name.casefold() not in seen:
            result.emotions.append((s.name, s.emotion, None))
    return result


def to_text(d: MapDiff) -> str:
    return "\n".join(e.line() for e in d.entries) or "No changes."
