"""A map being edited: copy on write, with the ids in use and where each item sits kept at hand.

:func:`cjm_assistant.domain.edits.apply` is pure: the map it is given never
changes. It does not deep-copy the map for that (a 24,000-item map took 270 ms
to copy); a :class:`Draft` starts from a shallow copy of the map and copies a
part (a stage, an item, the business) the first time an op writes to it, so
an edit costs what it touches and the result shares every untouched part with
the map it came from. Maps are values: nothing changes one in place but a
draft, on parts it owns.

Ops find items by id through an index of where each id sits (a stage and a
lane), checked on use and rebuilt when stale, so k ops on a map of n items
cost O(n + k) rather than O(k x n); names are still looked up by a scan.
"""

from __future__ import annotations

import re
from typing import Any

from cjm_assistant.domain.errors import EditError, MapError
from cjm_assistant.domain.model import (
    LANES,
    PREFIXES,
    Business,
    Item,
    JourneyMap,
    Persona,
    Stage,
    did_you_mean,
    next_id,
    noun,
    plural,
)


def _numbered(item_id: str) -> tuple[str, int] | None:
    """("pp", 10) for "pp10": the kind of id and its number; None for an id not made by :meth:`Draft.new_id`."""
    prefix = next((p for p in PREFIXES.values() if item_id.startswith(p) and item_id[len(p):].isdigit()), None)
    return (prefix, int(item_id[len(prefix):])) if prefix is not None else None


class Draft:
    """A map being edited (``journey``), copy on write unless ``owned`` (the caller owns every part of it)."""

    def __init__(self, journey: JourneyMap, owned: bool = False) -> None:
        self.owned = owned
        self._copies: dict[int, Any] = {}  # id(original part) -> its copy in this draft
        self._mine: dict[int, Any] = {}  # id(part) -> part, for the parts this draft may change in place
        self.journey = journey if owned else self._copy(journey)
        self._used: set[str] | None = None
        self._top: dict[str, int] = {}
        self._where: dict[str, tuple[str, str, int]] | None = None  # item id -> where it sits (_index_ids)
        self._stage_at: dict[str, int] = {}  # stage id -> position, checked on use
        self._lookups = 0
        self._pointing: dict[str, set[tuple[str, str]]] | None = None  # id -> what may point at it (pointing_at)

    # -- copy on write ------------------------------------------------------------------

    def _copy(self, part: Any) -> Any:
        """A shallow copy of a model whose lists are copied too (their items are shared until written)."""
        copy = part.model_copy()
        values = copy.__dict__
        for key, value in values.items():
            if type(value) is list:
                values[key] = list(value)
        self._copies[id(part)] = copy
        self._mine[id(copy)] = copy
        return copy

    def mine(self, part: Any) -> bool:
        return self.owned or id(part) in self._mine

    def adopt(self, part: Any) -> Any:
        """A part made by this edit (a new stage or item): the draft may change it in place."""
        if not self.owned:
            self._mine[id(part)] = part
        return part

    def stage(self, stage: Stage) -> Stage:
        """The stage, writable: its copy in this draft (made now if need be)."""
        if self.mine(stage):
            return stage
        if id(stage) in self._copies:
            return self._copies[id(stage)]
        stages = self.journey.stages
        index = index_of(stages, stage)
        stages[index] = copy = self._copy(stage)
        return copy

    def item(self, item: Item, stage: Stage | None, lane: str) -> Any:
        """A lane item of ``stage`` (None: a pain point not yet placed), writable."""
        if self.mine(item):
            return item
        if id(item) in self._copies:
            return self._copies[id(item)]
        items = self.journey.unplaced if stage is None else getattr(self.stage(stage), lane)
        index = index_of(items, item)
        items[index] = copy = self._copy(item)
        return copy

    def scoped(self, kind: str, item: Item, stage: Stage | None) -> Any:
        """Any item that ``JourneyMap.items`` yields as (kind, item, stage), writable."""
        if kind == "stage":
            return self.stage(item)  # type: ignore[arg-type]
        if kind == "unplaced":
            return self.item(item, None, "pain_points")
        if stage is not None:
            return self.item(item, stage, kind)
        return self.top(kind, item)

    def top(self, kind: str, item: Item) -> Any:
        """A persona, channel or transition, writable."""
        if self.mine(item):
            return item
        if id(item) in self._copies:
            return self._copies[id(item)]
        items = getattr(self.journey, {"persona": "personas", "channel": "channels", "transition": "transitions"}[kind])
        index = index_of(items, item)
        items[index] = copy = self._copy(item)
        return copy

    def persona(self, persona: Persona) -> Persona:
        return self.top("persona", persona)

    def business(self) -> Business:
        business = self.journey.business
        if not self.mine(business):
            self.journey.business = business = self._copy(business)
        return business

    # -- ids ------------------------------------------------------------------------------

    def new_id(self, kind: str, wanted: str = "") -> str:
        """A free id for a new item: ``wanted`` if given and free, else one more than the highest of its kind."""
        if self._used is None:
            self._used = {item.id for _, item, _ in self.journey.items()}
            self._top = {}
        if wanted:
            if wanted in self._used:
                raise EditError(f"the id {wanted!r} is already taken")
            new = wanted
        else:
            prefix = PREFIXES[kind]
            if prefix not in self._top:
                self._top[prefix] = max(int(next_id(prefix, self._used)[len(prefix):]) - 1,
                                        self.journey.issued.get(prefix, 0))  # never an id that was removed
            new = f"{prefix}{self._top[prefix] + 1}"
        self._used.add(new)
        self._issue(new)
        numbered = _numbered(new)
        if numbered is not None and numbered[0] in self._top:
            self._top[numbered[0]] = max(self._top[numbered[0]], numbered[1])
        return new

    def forget(self, ids: set[str]) -> None:
        """Items that went: their numbers stay issued in the map (``JourneyMap.issued``), so no later item takes
        their ids (a removed pain point's evidence would follow its id), however the edits are batched."""
        for item_id in ids:
            self._issue(item_id)
        if self._used is not None:
            self._used -= ids

    def _issue(self, item_id: str) -> None:
        """Raise the map's mark of the highest number issued for this kind of id to ``item_id``'s, if it is higher."""
        numbered = _numbered(item_id)
        if numbered is not None and numbered[1] > self.journey.issued.get(numbered[0], 0):
            self.journey.issued = {**self.journey.issued, numbered[0]: numbered[1]}

    def add_to(self, items: list, item: Item, limit: int, what: str) -> None:
        """Append, keeping the list within its bound (checked at once: 10,000 adds must not each cost more)."""
        if len(items) >= limit:
            raise MapError(f"a map can hold at most {limit} {what}; this one has {len(items) + 1}")
        items.append(self.adopt(item))

    # -- finding ----------------------------------------------------------------------------

    def find_stage(self, ref: str) -> Stage:
        """A stage by id (through an index of positions, checked on use) or name."""
        return self._stage_by_id(ref) or find_stage(self.journey, ref)

    def _stage_by_id(self, stage_id: str) -> Stage | None:
        stages = self.journey.stages
        at = self._stage_at.get(stage_id)
        if at is None or at >= len(stages) or stages[at].id != stage_id:
            self._stage_at = {s.id: i for i, s in enumerate(stages)}
            at = self._stage_at.get(stage_id)
        return None if at is None else stages[at]

    def find_in_lane(self, lane: str, ref: str) -> tuple[Item, Stage | None]:
        """An item of a lane by id or name, and its stage (None: not yet placed).

        From the second look-up of an edit on, ids go through an index of where each sits (the first builds
        it, so a one-op edit pays for one scan only): a stage and a position, checked on use and looked for
        in that lane when stale; a name, or an id the index does not know, is found by a scan.
        """
        self._lookups += 1
        if self._lookups > 1:
            if self._where is None:
                self._where = _index_ids(self.journey)
            where = self._where.get(ref)
            if where is not None and where[0] == lane:
                hit = self._at(lane, ref, where[1], where[2])
                if hit is not None:
                    return hit
        return find_in_lane(self.journey, lane, ref)

    def _at(self, lane: str, ref: str, stage_id: str, position: int) -> tuple[Item, Stage | None] | None:
        stage = self._stage_by_id(stage_id) if stage_id else None
        if stage_id and stage is None:
            return None
        items = self.journey.unplaced if stage is None else getattr(stage, lane)
        if not (position < len(items) and items[position].id == ref):
            position = next((i for i, item in enumerate(items) if item.id == ref), -1)
            if position < 0:
                return None
            self._where[ref] = (lane, stage_id, position)  # type: ignore[index]
        return items[position], stage

    def by_id(self, lane: str, item_id: str) -> tuple[Item, Stage | None] | None:
        """The item of a lane with this id and its stage, or None (no scan by name, no error)."""
        if self._where is None:
            self._where = _index_ids(self.journey)
        where = self._where.get(item_id)
        return self._at(lane, item_id, where[1], where[2]) if where is not None and where[0] == lane else None

    def pointing_at(self, ids: set[str]) -> set[tuple[str, str]]:
        """What may point at these items, as (lane or "transitions", id): the pain points that sat on them, the
        opportunities that answered them, the transitions from or to them. Some may point elsewhere by now (the
        caller checks); none that points at them is left out. Found through an index built at the first call."""
        if self._pointing is None:
            self._pointing = {}
            for _, pp in self.journey.pain_points():
                if pp.touchpoint:
                    self.points_at("pain_points", pp.id, [pp.touchpoint])
            for stage in self.journey.stages:
                for opp in stage.opportunities:
                    self.points_at("opportunities", opp.id, opp.addresses)
            for tr in self.journey.transitions:
                self.points_at("transitions", tr.id, [tr.source, tr.target])
        return {holder for target in ids for holder in self._pointing.get(target, ())}

    def points_at(self, lane: str, holder: str, targets: list[str]) -> None:
        """Tell the index that an item now points at ``targets`` (a reference set by an edit)."""
        if self._pointing is not None:
            for target in targets:
                if target:
                    self._pointing.setdefault(target, set()).add((lane, holder))

    def placed(self, item: Item, lane: str, stage: Stage | None) -> None:
        """Tell the index where an item now sits (appended to a lane of ``stage``, or moved there)."""
        if self._where is not None:
            items = self.journey.unplaced if stage is None else getattr(stage, lane)
            self._where[item.id] = (lane, stage.id if stage is not None else "", len(items) - 1)


def _index_ids(journey: JourneyMap) -> dict[str, tuple[str, str, int]]:
    """Where every lane item sits: id -> (lane, stage id or "" for not yet placed, position)."""
    where: dict[str, tuple[str, str, int]] = {}
    for stage in journey.stages:
        sid = stage.id
        for lane in LANES:
            for position, item in enumerate(getattr(stage, lane)):
                where[item.id] = (lane, sid, position)
    for position, pain in enumerate(journey.unplaced):
        where[pain.id] = ("pain_points", "", position)
    return where


def index_of(items: list, part: Any) -> int:
    """The position of ``part`` in ``items`` by identity (``list.index`` compares whole models)."""
    for index, candidate in enumerate(items):
        if candidate is part:
            return index
    raise ValueError("the part is not in this map")  # pragma: no cover - a bug in edits.py


def remove(items: list, part: Any) -> None:
    """Remove ``part`` from ``items`` by identity."""
    del items[index_of(items, part)]


# ---------------------------------------------------------------------------
# Finding items by id or name, as a user names them.


def resolve(candidates: list[tuple[Item, str, Stage | None]], ref: str, word: str) -> tuple[Item, Stage | None]:
    """Find one item by id or (case-insensitive) name among (item, name, stage)."""
    for item, _, stage in candidates:
        if item.id == ref:
            return item, stage
    key = " ".join(ref.split()).casefold()
    hits = [(item, stage) for item, name, stage in candidates if name.casefold() == key]
    if not hits:
        # "move Reviews before the Checkout" and "... before The celebration" both mean the stage's name.
        alt = key.removeprefix("the ") if key.startswith("the ") else f"the {key}"
        hits = [(item, stage) for item, name, stage in candidates if name.casefold() == alt]
    if not hits:  # a long name stored cut ("The booking system won't let them pick a…"), typed whole
        hits = [(item, stage) for item, name, stage in candidates
                if name.endswith("…") and len(stem := " ".join(name[:-1].split()).casefold()) >= 12
                and any(typed.startswith(stem) and _the_whole_of(item, typed) for typed in (key, alt))]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        where = ", ".join(f"{i.id}" + (f" in {s.name!r}" if s else "") for i, s in hits)
        raise EditError(f"there are {len(hits)} {plural(word)} called {ref!r}; say which by id: {where}")
    names = [name for _, name, _ in candidates]
    match = did_you_mean(ref, names)
    hint = f"; did you mean {match!r}?" if match else (
        f"; the {plural(word)} are: {', '.join(repr(n) for n in names[:12])}" if names and len(names) <= 12 else "")
    raise EditError(f"no {word} called {ref!r}{hint}")


_IN_YOUR_WORDS = re.compile(r"In your words: (.+)", re.I)


def _the_whole_of(item: Item, typed: str) -> bool:
    """Whether ``typed`` is the owner's whole words behind an item stored with a cut name (its description's "In
    your words: ..."), or the start of them; True when the item keeps no such words. Two problems cut to one name
    are told apart by the rest of their words, and words that differ after the cut name neither."""
    said = _IN_YOUR_WORDS.match(getattr(item, "description", "") or "")
    if said is None:
        return True
    whole = " ".join(said.group(1).split()).casefold().rstrip(" .;")
    return any(words.startswith(typed.rstrip(" .;")) or typed.startswith(words)
               for words in (whole, *whole.split("; ")))  # all the owner said, or one of the problems joined there


def find_stage(journey: JourneyMap, ref: str) -> Stage:
    stage, _ = resolve([(s, s.name, None) for s in journey.stages], ref, "stage")
    return stage  # type: ignore[return-value]


def lane_items(journey: JourneyMap, lane: str) -> list[tuple[Item, str, Stage | None]]:
    """(item, its name or text, its stage) for every item of a lane, stage by stage; for pain points, then those
    not yet placed (stage None)."""
    candidates = [
        (item, getattr(item, "name", None) or getattr(item, "text", ""), stage)
        for stage in journey.stages
        for item in getattr(stage, lane)
    ]
    if lane == "pain_points":
        candidates += [(pp, pp.name, None) for pp in journey.unplaced]
    return candidates


def find_in_lane(journey: JourneyMap, lane: str, ref: str) -> tuple[Item, Stage | None]:
    """An item of a lane by id or name, and its stage (None for a pain point not yet placed)."""
    item, stage = resolve(lane_items(journey, lane), ref, noun(lane))
    return item, stage
