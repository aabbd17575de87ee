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

import threading

from cjm_assistant.domain.draft import Draft, find_in_lane, find_stage, index_of, remove
from cjm_assistant.domain.draft import resolve as _resolve
from cjm_assistant.domain.model import (
    LANES,
    MAX_CHANNELS,
    MAX_ITEMS_PER_LANE,
    MAX_PERSONAS,
    MAX_STAGES,
    MAX_TRANSITIONS,
    Channel,
    JourneyMap,
    MapError,
    Persona,
    Stage,
    Transition,
    check_map,
    lane_item,
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
    """A new map with all ``ops`` applied, or EditError and nothing changed.

    The new map shares every part the ops did not touch with ``journey`` (see :mod:`.draft`): maps are values,
    changed only through here. The same ops applied to the same map object again (an engine checks its ops, the
    session previews them) give the same map back without being applied again (see :class:`_Recent`).
    """
    done, known = _RECENT.get(journey, ops)
    if known is not None and done == len(ops):
        return known
    if known is not None:  # the first ops were applied already (an engine checks an instruction part by part)
        try:
            result = apply(known, ops[done:])
        except EditError:
            pass  # said below as the whole edit says it (which change of how many)
        else:
            _RECENT.put(journey, ops, result)
            return result
    draft = Draft(journey)
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
        result = check_map(draft.journey)
    except MapError as e:
        raise EditError(f"that change would break the map: {e}") from None
    _RECENT.put(journey, ops, result)
    return result


def replay(journey: JourneyMap, ops: list[EditOp]) -> JourneyMap:
    """Re-apply ops that were checked when they were saved, in place on a private copy.

    The store uses this to rebuild a version from its last snapshot; callers
    must own ``journey`` (it is changed).
    """
    draft = Draft(journey, owned=True)
    for op in ops:
        _apply_one(draft, op)
    return journey


class _Recent:
    """The last few results of ``apply``, by the map object and the ops' values.

    ``apply`` is pure and maps are never changed in place, so its result for a map and ops it has just applied
    is the same map: an edit checked by an engine (part by part, for an instruction in several parts), previewed
    by the session and saved by the store is applied once. Ops are compared by value (an op changed after it
    was applied is not mistaken for the old one).
    """

    SIZE = 8

    def __init__(self) -> None:
        self._entries: list[tuple[JourneyMap, list[tuple[type, dict]], JourneyMap]] = []
        self._lock = threading.Lock()

    @staticmethod
    def _key(ops: list[EditOp]) -> list[tuple[type, dict]]:
        return [(type(op), op.model_dump()) for op in ops]

    def get(self, journey: JourneyMap, ops: list[EditOp]) -> tuple[int, JourneyMap | None]:
        """(n, the map the first n ``ops`` make from ``journey``) for the longest such n known, or (0, None)."""
        with self._lock:
            candidates = [e for e in self._entries if e[0] is journey and 0 < len(e[1]) <= len(ops)]
        if not candidates:
            return 0, None
        key = self._key(ops)
        done = [(len(known), result) for _, known, result in candidates if key[:len(known)] == known]
        return max(done, key=lambda hit: hit[0], default=(0, None))

    def put(self, journey: JourneyMap, ops: list[EditOp], result: JourneyMap) -> None:
        if not ops:
            return
        entry = (journey, self._key(ops), result)
        with self._lock:
            self._entries = [*self._entries[-(self.SIZE - 1):], entry]

    def clear(self) -> None:
        with self._lock:
            self._entries = []


_RECENT = _Recent()


def _apply_one(draft: Draft, op: EditOp) -> None:  # noqa: C901 - one case per kind of op
    journey = draft.journey
    match op:
        case AddStage():
            _check_new_name(journey, op.name)
            if len(journey.stages) >= MAX_STAGES:
                raise MapError(f"a map can hold at most {MAX_STAGES} stages; this one has {MAX_STAGES + 1}")
            stage = Stage(id=draft.new_id("stage", op.id), name=op.name, goal=op.goal, emotion=op.emotion,
                          provenance=op.provenance, personas=_persona_ids(journey, op.personas))
            _insert_at(journey, draft.adopt(stage), op.after, op.before, None)
        case RenameStage():
            stage = draft.find_stage(op.stage)
            if stage.name.casefold() != op.name.casefold():
                _check_new_name(journey, op.name)
            stage = draft.stage(stage)
            stage.name = op.name
            _confirm_stage(stage, op)
        case MoveStage():
            _move_stage(journey, op)
        case RemoveStage():
            stage = draft.find_stage(op.stage)
            remove(journey.stages, stage)  # first, so that what points at its items is looked for elsewhere only
            _detach_touchpoints(draft, {tp.id for tp in stage.touchpoints})
            _detach_pain_points(draft, {pp.id for pp in stage.pain_points})
            draft.forget({stage.id} | {item.id for lane in LANES for item in getattr(stage, lane)})
        case UpdateStage():
            stage = draft.stage(draft.find_stage(op.stage))
            if op.goal is not None:
                stage.goal = op.goal
            if op.personas is not None:
                stage.personas = _persona_ids(journey, op.personas)
            _confirm_stage(stage, op)
        case SetEmotion():
            stage = draft.stage(draft.find_stage(op.stage))
            stage.emotion = op.score
            _confirm_stage(stage, op)
        case AddItem():
            _add_item(draft, op)
        case UpdateItem():
            _update_item(draft, op)
        case RemoveItem():
            item, stage = draft.find_in_lane(op.lane, op.ref)
            if op.lane == "touchpoints":
                _detach_touchpoints(draft, {item.id})
            elif op.lane == "pain_points":
                _detach_pain_points(draft, {item.id})
            remove(journey.unplaced if stage is None else getattr(draft.stage(stage), op.lane), item)
            draft.forget({item.id})
        case MovePainPoint():
            item, source = draft.find_in_lane("pain_points", op.pain_point)
            target = draft.stage(draft.find_stage(op.stage))
            if source is not None:
                source = draft.stage(source)
            item = draft.item(item, source, "pain_points")
            if source is not target:
                remove(journey.unplaced if source is None else source.pain_points, item)
                if item.touchpoint and item.touchpoint not in {tp.id for tp in target.touchpoints}:
                    item.touchpoint = ""
                draft.add_to(target.pain_points, item, MAX_ITEMS_PER_LANE, f"pain points in stage {target.name!r}")
                draft.placed(item, "pain_points", target)
            if op.provenance == "user" and source is None:
                item.provenance = "user"
        case UpdateMap():
            data = _fields(op, "provenance")
            if "persona" in data:
                data["persona"] = _find_persona(journey, data["persona"]).id
            for key, value in data.items():
                setattr(journey, key, value)
        case UpdateBusiness():
            business = draft.business()
            for key, value in _fields(op, "provenance").items():
                setattr(business, key, value)
        case AddPersona():
            if any(p.name.casefold() == op.name.casefold() for p in journey.personas):
                raise EditError(f"there is already a persona called {op.name!r}")
            draft.add_to(journey.personas, Persona(id=draft.new_id("persona", op.id), **_fields(op, "id")),
                         MAX_PERSONAS, "personas")
            if not journey.persona:
                journey.persona = journey.personas[-1].id
        case UpdatePersona():
            persona = draft.persona(_find_persona(journey, op.persona))
            for key, value in _fields(op, "persona", "provenance").items():
                setattr(persona, key, value)
        case RemovePersona():
            persona = _find_persona(journey, op.persona)
            remove(journey.personas, persona)
            marked = [(kind, item, stage) for kind, item, stage in journey.items()
                      if persona.id in getattr(item, "personas", ())]
            for kind, item, stage in marked:
                item = draft.scoped(kind, item, stage)
                item.personas = [ref for ref in item.personas if ref != persona.id]
            if journey.persona == persona.id:
                journey.persona = journey.personas[0].id if journey.personas else ""
            draft.forget({persona.id})
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
            remove(journey.channels, channel)
            draft.forget({channel.id})
        case AddTransition():
            source = _touchpoint_id(draft, op.source)
            target = _touchpoint_id(draft, op.target)
            if not target and op.kind != "drop-off":
                raise EditError("a transition needs a target touchpoint unless it is a drop-off")
            transition = Transition(id=draft.new_id("transition", op.id), source=source, target=target,
                                    kind=op.kind, label=op.label, provenance=op.provenance)
            draft.add_to(journey.transitions, transition, MAX_TRANSITIONS, "transitions")
            draft.points_at("transitions", transition.id, [source, target])
        case RemoveTransition():
            transition, _ = _resolve([(t, t.label or t.id, None) for t in journey.transitions], op.transition,
                                     "transition")
            remove(journey.transitions, transition)
            draft.forget({transition.id})
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
    index = index_of(journey.stages, stage)
    journey.stages.pop(index)
    try:
        _insert_at(journey, stage, op.after, op.before, op.position)
    except EditError:
        journey.stages.insert(index, stage)
        raise


def _add_item(draft: Draft, op: AddItem) -> None:
    journey = draft.journey
    lane = LANES[op.lane]
    stage = draft.find_stage(op.stage)
    data = _fields(op, "stage", "id")
    if lane.key == "touchpoints":
        data["channel"] = _ensure_channel(draft, op.channel, op.provenance)
    elif lane.key == "pain_points":
        data["touchpoint"] = _touchpoint_id(draft, op.touchpoint)
    elif lane.key == "opportunities":
        data["addresses"] = _pain_ids(draft, op.addresses)
    data["personas"] = _persona_ids(journey, op.personas)
    item = lane_item(lane)(id=draft.new_id(lane.key, op.id), **data)
    stage = draft.stage(stage)
    draft.add_to(getattr(stage, lane.key), item, MAX_ITEMS_PER_LANE, f"{lane.plural} in stage {stage.name!r}")
    draft.placed(item, lane.key, stage)
    draft.points_at(lane.key, item.id, [data.get("touchpoint", ""), *data.get("addresses", ())])


def _update_item(draft: Draft, op: UpdateItem) -> None:
    item, stage = draft.find_in_lane(op.lane, op.ref)
    data = _fields(op, LANES[op.lane].op, "provenance")
    if "channel" in data:
        data["channel"] = _ensure_channel(draft, data["channel"], op.provenance)
    if "touchpoint" in data:
        data["touchpoint"] = _touchpoint_id(draft, data["touchpoint"])
    if "addresses" in data:
        data["addresses"] = _pain_ids(draft, data["addresses"])
    if "personas" in data:
        data["personas"] = _persona_ids(draft.journey, data["personas"])
    item = draft.item(item, stage, op.lane)
    for key, value in data.items():
        setattr(item, key, value)
    draft.points_at(op.lane, item.id, [data.get("touchpoint", ""), *data.get("addresses", ())])
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
        stages.insert(index_of(stages, anchor) + 1, stage)
    elif before:
        anchor = find_stage(journey, before)
        if anchor is stage:
            raise EditError(f"a stage cannot go before itself ({stage.name!r})")
        stages.insert(index_of(stages, anchor), stage)
    elif position is not None:
        stages.insert(min(position, len(stages) + 1) - 1, stage)
    else:
        stages.append(stage)


def _ensure_channel(draft: Draft, name: str, provenance: str) -> str:
    existing = draft.journey.channel_named(name)
    if existing:
        return existing.name
    channel = Channel(id=draft.new_id("channel"), name=name, provenance=provenance)
    draft.add_to(draft.journey.channels, channel, MAX_CHANNELS, "channels")
    return name


def _pain_ids(draft: Draft, refs: list[str]) -> list[str]:
    return [draft.find_in_lane("pain_points", ref)[0].id for ref in refs]


def _touchpoint_id(draft: Draft, ref: str | None) -> str:
    return draft.find_in_lane("touchpoints", ref)[0].id if ref else ""


def _fields(op: Op, *exclude: str) -> dict:
    """The op's item fields that were given (None means 'leave as it is')."""
    skip = {"op", *exclude}
    return {k: v for k, v in op.__dict__.items() if k not in skip and v is not None}


def _check_new_name(journey: JourneyMap, name: str) -> None:
    if any(s.name.casefold() == name.casefold() for s in journey.stages):
        raise EditError(f"there is already a stage called {name!r}")


def _detach_touchpoints(draft: Draft, ids: set[str]) -> None:
    """Forget touchpoints that are going away: pain points no longer sit on them, transitions to them go."""
    if not ids:
        return
    holders = draft.pointing_at(ids)
    for lane, holder in holders:
        found = draft.by_id(lane, holder) if lane == "pain_points" else None
        if found is not None and found[0].touchpoint in ids:  # type: ignore[attr-defined]
            draft.item(found[0], found[1], lane).touchpoint = ""
    if any(lane == "transitions" for lane, _ in holders):
        journey = draft.journey
        kept = [t for t in journey.transitions if t.source not in ids and t.target not in ids]
        if len(kept) < len(journey.transitions):
            draft.forget({t.id for t in journey.transitions} - {t.id for t in kept})
            journey.transitions = kept


def _detach_pain_points(draft: Draft, ids: set[str]) -> None:
    """Forget pain points that are going away: opportunities no longer answer them."""
    if not ids:
        return
    for lane, holder in draft.pointing_at(ids):
        found = draft.by_id(lane, holder) if lane == "opportunities" else None
        if found is not None and ids.intersection(found[0].addresses):  # type: ignore[attr-defined]
            opp = draft.item(found[0], found[1], lane)
            opp.addresses = [ref for ref in opp.addresses if ref not in ids]
