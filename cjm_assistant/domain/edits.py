"""Typed edit operations: the only way a map changes.

An edit is a small pydantic model tagged by ``op`` (see :mod:`cjm_assistant.domain.ops`,
re-exported here). ``apply(map, ops)`` is
pure and atomic: it returns a new map with every op applied, or raises
:class:`EditError` naming the op that was refused and why, in words a user
understands, and the input map is untouched either way.

Items are referred to by id (``tp3``) or by name, case-insensitively; a name
that matches nothing gets a "did you mean" suggestion, and a name that matches
several items asks for an id.
"""

from __future__ import annotations

from cjm_assistant.domain.model import (
    LANES,
    MAX_CHANNELS,
    MAX_ITEMS_PER_LANE,
    MAX_PERSONAS,
    MAX_STAGES,
    MAX_TRANSITIONS,
    PREFIXES,
    Channel,
    Item,
    JourneyMap,
    MapError,
    Persona,
    Stage,
    Transition,
    check_map,
    did_you_mean,
    next_id,
    noun,
    plural,
)
from cjm_assistant.domain.ops import (  # noqa: F401 - the ops are part of this module's interface
    OPS_ADAPTER,
    AddAction,
    AddChannel,
    AddItem,
    AddKPI,
    AddOpportunity,
    AddPainPoint,
    AddPersona,
    AddStage,
    AddThought,
    AddTouchpoint,
    AddTransition,
    EditError,
    EditOp,
    MovePainPoint,
    MoveStage,
    Op,
    Ref,
    RemoveAction,
    RemoveChannel,
    RemoveItem,
    RemoveKPI,
    RemoveOpportunity,
    RemovePainPoint,
    RemovePersona,
    RemoveStage,
    RemoveThought,
    RemoveTouchpoint,
    RemoveTransition,
    RenameStage,
    SetEmotion,
    UpdateAction,
    UpdateBusiness,
    UpdateItem,
    UpdateKPI,
    UpdateMap,
    UpdateOpportunity,
    UpdatePainPoint,
    UpdatePersona,
    UpdateStage,
    UpdateThought,
    UpdateTouchpoint,
    ops_to_json,
    parse_ops,
)

# ---------------------------------------------------------------------------
# Applying.


def apply(journey: JourneyMap, ops: list[EditOp]) -> JourneyMap:
    """A new map with all ``ops`` applied, or EditError and nothing changed."""
    draft = _Draft(journey.model_copy(deep=True))
    for index, op in enumerate(ops):
        try:
            _apply_one(draft, op)
        except EditError as e:
            raise EditError(_prefix(index, ops) + str(e), index) from None
        except MapError as e:
            raise EditError(f"that change would break the map: {e}", index) from None
    # Every op was validated field by field when it was built, so only the
    # whole-map rules (references, unique ids and names, bounds) are left.
    try:
        return check_map(draft.journey)
    except MapError as e:
        raise EditError(f"that change would break the map: {e}") from None


def replay(journey: JourneyMap, ops: list[EditOp]) -> JourneyMap:
    """Re-apply ops that were checked when they were saved, in place on a private copy.

    The store uses this to rebuild a version from its last snapshot; callers
    must own ``journey`` (it is changed).
    """
    draft = _Draft(journey)
    for op in ops:
        _apply_one(draft, op)
    return journey


class _Draft:
    """A map being edited, with the ids in use kept at hand: k adds to a map of n items cost O(n + k), not O(k·n).

    New ids are "one more than the highest of that kind in use", as ``model.next_id`` says; a removal forgets the
    cache (the next add recounts), so an edit assigns the same ids however it is batched.
    """

    def __init__(self, journey: JourneyMap) -> None:
        self.journey = journey
        self._used: set[str] | None = None
        self._top: dict[str, int] = {}

    def new_id(self, kind: str, wanted: str = "") -> str:
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
                self._top[prefix] = int(next_id(prefix, self._used)[len(prefix):]) - 1
            new = f"{prefix}{self._top[prefix] + 1}"
        self._used.add(new)
        for prefix, top in self._top.items():
            if new.startswith(prefix) and new[len(prefix):].isdigit():
                self._top[prefix] = max(top, int(new[len(prefix):]))
        return new

    def removed(self) -> None:
        self._used = None

    def add_to(self, items: list, item: Item, limit: int, what: str) -> None:
        """Append, keeping the list within its bound (checked at once: 10,000 adds must not each cost more)."""
        if len(items) >= limit:
            raise MapError(f"a map can hold at most {limit} {what}; this one has {len(items) + 1}")
        items.append(item)


def _apply_one(draft: _Draft, op: EditOp) -> None:  # noqa: C901 - one case per kind of op
    journey = draft.journey
    match op:
        case AddStage():
            _check_new_name(journey, op.name)
            if len(journey.stages) >= MAX_STAGES:
                raise MapError(f"a map can hold at most {MAX_STAGES} stages; this one has {MAX_STAGES + 1}")
            stage = Stage(id=draft.new_id("stage", op.id), name=op.name, goal=op.goal, emotion=op.emotion,
                          provenance=op.provenance, personas=_persona_ids(journey, op.personas))
            _insert_at(journey, stage, op.after, op.before, None)
        case RenameStage():
            stage = find_stage(journey, op.stage)
            if stage.name.casefold() != op.name.casefold():
                _check_new_name(journey, op.name)
            stage.name = op.name
            _confirm_stage(stage, op)
        case MoveStage():
            _move_stage(journey, op)
        case RemoveStage():
            stage = find_stage(journey, op.stage)
            _detach_touchpoints(journey, {tp.id for tp in stage.touchpoints})
            _detach_pain_points(journey, {pp.id for pp in stage.pain_points})
            journey.stages.remove(stage)
            draft.removed()
        case UpdateStage():
            stage = find_stage(journey, op.stage)
            if op.goal is not None:
                stage.goal = op.goal
            if op.personas is not None:
                stage.personas = _persona_ids(journey, op.personas)
            _confirm_stage(stage, op)
        case SetEmotion():
            stage = find_stage(journey, op.stage)
            stage.emotion = op.score
            _confirm_stage(stage, op)
        case AddItem():
            _add_item(draft, op)
        case UpdateItem():
            _update_item(draft, op)
        case RemoveItem():
            item, stage = find_in_lane(journey, op.lane, op.ref)
            if op.lane == "touchpoints":
                _detach_touchpoints(journey, {item.id})
            elif op.lane == "pain_points":
                _detach_pain_points(journey, {item.id})
            (journey.unplaced if stage is None else getattr(stage, op.lane)).remove(item)
            draft.removed()
        case MovePainPoint():
            item, source = find_in_lane(journey, "pain_points", op.pain_point)
            target = find_stage(journey, op.stage)
            if source is not target:
                (journey.unplaced if source is None else source.pain_points).remove(item)
                if item.touchpoint and item.touchpoint not in {tp.id for tp in target.touchpoints}:
                    item.touchpoint = ""
                draft.add_to(target.pain_points, item, MAX_ITEMS_PER_LANE, f"pain points in stage {target.name!r}")
            if op.provenance == "user" and source is None:
                item.provenance = "user"
        case UpdateMap():
            data = _fields(op, "provenance")
            if "persona" in data:
                data["persona"] = _find_persona(journey, data["persona"]).id
            for key, value in data.items():
                setattr(journey, key, value)
        case UpdateBusiness():
            for key, value in _fields(op, "provenance").items():
                setattr(journey.business, key, value)
        case AddPersona():
            if any(p.name.casefold() == op.name.casefold() for p in journey.personas):
                raise EditError(f"there is already a persona called {op.name!r}")
            draft.add_to(journey.personas, Persona(id=draft.new_id("persona", op.id), **_fields(op, "id")),
                         MAX_PERSONAS, "personas")
            if not journey.persona:
                journey.persona = journey.personas[-1].id
        case UpdatePersona():
            persona = _find_persona(journey, op.persona)
            for key, value in _fields(op, "persona", "provenance").items():
                setattr(persona, key, value)
        case RemovePersona():
            persona = _find_persona(journey, op.persona)
            journey.personas.remove(persona)
            for _, item, _ in journey.items():
                if persona.id in getattr(item, "personas", ()):
                    item.personas = [ref for ref in item.personas if ref != persona.id]
            if journey.persona == persona.id:
                journey.persona = journey.personas[0].id if journey.personas else ""
            draft.removed()
        case AddChannel():
            if journey.channel_named(op.name):
                raise EditError(f"there is already a channel called {op.name!r}")
            kinds = Channel.model_fields["kind"].annotation.__args__  # type: ignore[union-attr]
            channel = Channel(id=draft.new_id("channel", op.id), name=op.name,
                              kind=op.kind if op.kind in kinds else "other", provenance=op.provenance)
            draft.add_to(journey.channels, channel, MAX_CHANNELS, "channels")
        case RemoveChannel():
            channel, _ = _resolve([(c, c.name, None) for c in journey.channels], op.channel, "channel")
            used = [tp.name for _, tp in journey.touchpoints() if tp.channel.casefold() == channel.name.casefold()]
            if used:
                raise EditError(f"channel {channel.name!r} still has touchpoints ({', '.join(used[:5])}); "
                                "remove or move them first")
            journey.channels.remove(channel)
            draft.removed()
        case AddTransition():
            source = _touchpoint_id(journey, op.source)
            target = _touchpoint_id(journey, op.target)
            if not target and op.kind != "drop-off":
                raise EditError("a transition needs a target touchpoint unless it is a drop-off")
            transition = Transition(id=draft.new_id("transition", op.id), source=source, target=target,
                                    kind=op.kind, label=op.label, provenance=op.provenance)
            draft.add_to(journey.transitions, transition, MAX_TRANSITIONS, "transitions")
        case RemoveTransition():
            transition, _ = _resolve([(t, t.label or t.id, None) for t in journey.transitions], op.transition,
                                     "transition")
            journey.transitions.remove(transition)
            draft.removed()
        case _:  # pragma: no cover - the union is exhaustive
            raise EditError(f"unknown edit {op.op!r}")


def _confirm_stage(stage: Stage, op: Op) -> None:
    if op.provenance == "user":
        stage.provenance = "user"  # the user confirmed the stage by editing it


def _move_stage(journey: JourneyMap, op: MoveStage) -> None:
    stage = find_stage(journey, op.stage)
    if not (op.after or op.before or op.position):
        raise EditError(f"say where to move {stage.name!r}: before or after which stage, or to which position")
    # Check the anchor while the stage is still in the list (once popped, its name is not found).
    anchor = None if op.after and op.before else op.after or op.before
    if anchor and find_stage(journey, anchor) is stage:
        raise EditError(f"a stage cannot go {'after' if op.after else 'before'} itself ({stage.name!r})")
    index = journey.stages.index(stage)
    journey.stages.pop(index)
    try:
        _insert_at(journey, stage, op.after, op.before, op.position)
    except EditError:
        journey.stages.insert(index, stage)
        raise


def _add_item(draft: _Draft, op: AddItem) -> None:
    journey = draft.journey
    lane = LANES[op.lane]
    stage = find_stage(journey, op.stage)
    data = _fields(op, "stage", "id")
    if lane.key == "touchpoints":
        data["channel"] = _ensure_channel(draft, op.channel, op.provenance)
    elif lane.key == "pain_points":
        data["touchpoint"] = _touchpoint_id(journey, op.touchpoint)
    elif lane.key == "opportunities":
        data["addresses"] = _pain_ids(journey, op.addresses)
    data["personas"] = _persona_ids(journey, op.personas)
    item = lane.item(id=draft.new_id(lane.key, op.id), **data)
    draft.add_to(getattr(stage, lane.key), item, MAX_ITEMS_PER_LANE, f"{lane.plural} in stage {stage.name!r}")


def _update_item(draft: _Draft, op: UpdateItem) -> None:
    journey = draft.journey
    item, _ = find_in_lane(journey, op.lane, op.ref)
    data = _fields(op, LANES[op.lane].op, "provenance")
    if "channel" in data:
        data["channel"] = _ensure_channel(draft, data["channel"], op.provenance)
    if "touchpoint" in data:
        data["touchpoint"] = _touchpoint_id(journey, data["touchpoint"])
    if "addresses" in data:
        data["addresses"] = _pain_ids(journey, data["addresses"])
    if "personas" in data:
        data["personas"] = _persona_ids(journey, data["personas"])
    for key, value in data.items():
        setattr(item, key, value)
    if op.provenance == "user":
        item.provenance = "user"  # the user confirmed it by editing it
    elif op.provenance == "evidence" and item.provenance == "inferred":
        item.provenance = "evidence"  # customer data now backs a guess (the user's own words stay theirs)


def describe(op: EditOp, journey: JourneyMap | None = None) -> str:
    """A short phrase for an op, for history and proposal lists.

    With the map the op applies to, ids are shown as the names they stand for.
    """
    data = op.model_dump(exclude_defaults=True, exclude={"op", "provenance"})
    verb, _, what = op.op.partition("_")
    main = data.pop("name", None) or data.pop("text", None)
    target = next((data.pop(k) for k in ("stage", "touchpoint", "pain_point", "opportunity", "kpi",
                                            "action", "thought", "persona", "channel", "transition") if k in data), None)
    if journey is not None and isinstance(target, str):
        found = journey.find(target)
        if found is not None:
            target = getattr(found[1], "name", None) or getattr(found[1], "text", None) or target
    parts = [verb, what.replace("_", " ")]
    if main and target and verb == "add":
        parts.append(f"{main!r} to {target!r}")
    elif target:
        parts.append(repr(target))
        if main:
            parts.append(f"-> {main!r}")
    elif main:
        parts.append(repr(main))
    rest = ", ".join(f"{k}={v}" for k, v in data.items() if k not in ("id",) and v not in (None, [], ""))
    return " ".join(parts) + (f" ({rest})" if rest else "")


def _prefix(index: int, ops: list) -> str:
    return f"change {index + 1} of {len(ops)}: " if len(ops) > 1 else ""


def _resolve(candidates: list[tuple[Item, str, Stage | None]], ref: str, word: str) -> tuple[Item, Stage | None]:
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


def find_stage(journey: JourneyMap, ref: str) -> Stage:
    stage, _ = _resolve([(s, s.name, None) for s in journey.stages], ref, "stage")
    return stage  # type: ignore[return-value]


def find_in_lane(journey: JourneyMap, lane: str, ref: str) -> tuple[Item, Stage | None]:
    """An item of a lane by id or name, and its stage (None for a pain point not yet placed)."""
    candidates = [
        (item, getattr(item, "name", None) or getattr(item, "text", ""), stage)
        for stage in journey.stages
        for item in getattr(stage, lane)
    ]
    if lane == "pain_points":
        candidates += [(pp, pp.name, None) for pp in journey.unplaced]
    item, stage = _resolve(candidates, ref, noun(lane))
    return item, stage


def _persona_ids(journey: JourneyMap, refs: list[str]) -> list[str]:
    """Persona ids for refs (ids or names), in the map's order, each once."""
    wanted = {_find_persona(journey, ref).id for ref in refs}
    return [p.id for p in journey.personas if p.id in wanted]


def _find_persona(journey: JourneyMap, ref: str) -> Persona:
    persona, _ = _resolve([(p, p.name, None) for p in journey.personas], ref, "persona")
    return persona  # type: ignore[return-value]


def _insert_at(journey: JourneyMap, stage: Stage, after: str | None, before: str | None, position: int | None) -> None:
    stages = journey.stages
    if after and before:
        raise EditError("say either before or after, not both")
    if after:
        anchor = find_stage(journey, after)
        if anchor is stage:
            raise EditError(f"a stage cannot go after itself ({stage.name!r})")
        stages.insert(stages.index(anchor) + 1, stage)
    elif before:
        anchor = find_stage(journey, before)
        if anchor is stage:
            raise EditError(f"a stage cannot go before itself ({stage.name!r})")
        stages.insert(stages.index(anchor), stage)
    elif position is not None:
        stages.insert(min(position, len(stages) + 1) - 1, stage)
    else:
        stages.append(stage)


def _ensure_channel(draft: _Draft, name: str, provenance: str) -> str:
    existing = draft.journey.channel_named(name)
    if existing:
        return existing.name
    channel = Channel(id=draft.new_id("channel"), name=name, provenance=provenance)
    draft.add_to(draft.journey.channels, channel, MAX_CHANNELS, "channels")
    return name


def _pain_ids(journey: JourneyMap, refs: list[str]) -> list[str]:
    return [find_in_lane(journey, "pain_points", ref)[0].id for ref in refs]


def _touchpoint_id(journey: JourneyMap, ref: str | None) -> str:
    return find_in_lane(journey, "touchpoints", ref)[0].id if ref else ""


def _fields(op: Op, *exclude: str) -> dict:
    """The op's item fields that were given (None means 'leave as it is')."""
    skip = {"op", *exclude}
    return {k: v for k, v in op.__dict__.items() if k not in skip and v is not None}


def _check_new_name(journey: JourneyMap, name: str) -> None:
    if any(s.name.casefold() == name.casefold() for s in journey.stages):
        raise EditError(f"there is already a stage called {name!r}")


def _detach_touchpoints(journey: JourneyMap, ids: set[str]) -> None:
    """Forget touchpoints that are going away: pain points no longer sit on them, transitions to them go."""
    if not ids:
        return
    for _, pp in journey.pain_points():
        if pp.touchpoint in ids:
            pp.touchpoint = ""
    journey.transitions = [t for t in journey.transitions if t.source not in ids and t.target not in ids]


def _detach_pain_points(journey: JourneyMap, ids: set[str]) -> None:
    """Forget pain points that are going away: opportunities no longer answer them."""
    if not ids:
        return
    for stage in journey.stages:
        for opp in stage.opportunities:
            if ids.intersection(opp.addresses):
                opp.addresses = [ref for ref in opp.addresses if ref not in ids]
