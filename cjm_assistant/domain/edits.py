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
    PREFIXES,
    Channel,
    Item,
    JourneyMap,
    MapError,
    Persona,
    Stage,
    Transition,
    check_bounds,
    check_map,
    did_you_mean,
    next_id,
)
from cjm_assistant.domain.ops import (  # noqa: F401 - the ops are part of this module's interface
    AddAction,
    AddChannel,
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
    MoveStage,
    OPS_ADAPTER,
    Op,
    Ref,
    RemoveAction,
    RemoveChannel,
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

_LANE_OF_OP = {
    "touchpoint": "touchpoints",
    "pain_point": "pain_points",
    "opportunity": "opportunities",
    "kpi": "kpis",
    "action": "actions",
    "thought": "thoughts",
}
_WORD = {
    "stage": "stage", "touchpoints": "touchpoint", "pain_points": "pain point", "opportunities": "opportunity",
    "kpis": "KPI", "actions": "action", "thoughts": "thought", "persona": "persona", "channel": "channel",
    "transition": "transition",
}


def apply(journey: JourneyMap, ops: list[EditOp]) -> JourneyMap:
    """A new map with all ``ops`` applied, or EditError and nothing changed."""
    draft = journey.model_copy(deep=True)
    for index, op in enumerate(ops):
        try:
            _apply_one(draft, op)
            if op.op.startswith("add_"):
                check_bounds(draft)  # at once: 10,000 new stages must not cost 10,000 ever slower steps
        except EditError as e:
            raise EditError(_prefix(index, ops) + str(e), index) from None
        except MapError as e:
            raise EditError(f"that change would break the map: {e}", index) from None
    # Every op was validated field by field when it was built, so only the
    # whole-map rules (references, unique ids and names, bounds) are left.
    try:
        return check_map(draft)
    except MapError as e:
        raise EditError(f"that change would break the map: {e}") from None


def replay(journey: JourneyMap, ops: list[EditOp]) -> JourneyMap:
    """Re-apply ops that were checked when they were saved, in place on a private copy.

    The store uses this to rebuild a version from its last snapshot; callers
    must own ``journey`` (it is changed).
    """
    for op in ops:
        _apply_one(journey, op)
    return journey


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


def _used_ids(journey: JourneyMap) -> set[str]:
    return {item.id for _, item, _ in journey.items()}


def _new_id(journey: JourneyMap, kind: str, wanted: str) -> str:
    used = _used_ids(journey)
    if wanted:
        if wanted in used:
            raise EditError(f"the id {wanted!r} is already taken")
        return wanted
    return next_id(PREFIXES[kind], used)


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
        raise EditError(f"there are {len(hits)} {_plural(word)} called {ref!r}; say which by id: {where}")
    names = [name for _, name, _ in candidates]
    match = did_you_mean(ref, names)
    hint = f"; did you mean {match!r}?" if match else (
        f"; the {_plural(word)} are: {', '.join(repr(n) for n in names[:12])}" if names and len(names) <= 12 else "")
    raise EditError(f"no {word} called {ref!r}{hint}")


def _plural(word: str) -> str:
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


def find_stage(journey: JourneyMap, ref: str) -> Stage:
    stage, _ = _resolve([(s, s.name, None) for s in journey.stages], ref, "stage")
    return stage  # type: ignore[return-value]


def find_in_lane(journey: JourneyMap, lane: str, ref: str) -> tuple[Item, Stage]:
    candidates = [
        (item, getattr(item, "name", None) or getattr(item, "text", ""), stage)
        for stage in journey.stages
        for item in getattr(stage, lane)
    ]
    item, stage = _resolve(candidates, ref, _WORD[lane])
    return item, stage  # type: ignore[return-value]


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


def _ensure_channel(journey: JourneyMap, name: str, provenance: str) -> str:
    existing = journey.channel_named(name)
    if existing:
        return existing.name
    journey.channels.append(Channel(id=_new_id(journey, "channel", ""), name=name, provenance=provenance))
    return name


def _pain_ids(journey: JourneyMap, refs: list[str]) -> list[str]:
    return [find_in_lane(journey, "pain_points", ref)[0].id for ref in refs]


def _touchpoint_id(journey: JourneyMap, ref: str | None) -> str:
    return find_in_lane(journey, "touchpoints", ref)[0].id if ref else ""


def _fields(op: Op, *exclude: str) -> dict:
    """The op's item fields that were given (None means 'leave as it is')."""
    skip = {"op", *exclude}
    return {k: v for k, v in op.__dict__.items() if k not in skip and v is not None}


def _apply_one(journey: JourneyMap, op: EditOp) -> None:  # noqa: C901 - a dispatch table in one place
    kind = op.op
    verb, _, noun = kind.partition("_")

    if kind == "add_stage":
        _check_new_name(journey, op.name)
        stage = Stage(id=_new_id(journey, "stage", op.id), name=op.name, goal=op.goal, emotion=op.emotion,
                      provenance=op.provenance)
        _insert_at(journey, stage, op.after, op.before, None)
    elif kind == "rename_stage":
        stage = find_stage(journey, op.stage)
        if stage.name.casefold() != op.name.casefold():
            _check_new_name(journey, op.name)
        stage.name = op.name
    elif kind == "move_stage":
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
    elif kind == "remove_stage":
        stage = find_stage(journey, op.stage)
        for tp in list(stage.touchpoints):
            _detach_touchpoint(journey, tp.id)
        for pp in list(stage.pain_points):
            _detach_pain_point(journey, pp.id)
        journey.stages.remove(stage)
    elif kind == "update_stage":
        stage = find_stage(journey, op.stage)
        if op.goal is not None:
            stage.goal = op.goal
    elif kind == "set_emotion":
        find_stage(journey, op.stage).emotion = op.score
    elif verb == "add" and noun in _LANE_OF_OP:
        lane = _LANE_OF_OP[noun]
        stage = find_stage(journey, op.stage)
        data = _fields(op, "stage", "id")
        if noun == "touchpoint":
            data["channel"] = _ensure_channel(journey, op.channel, op.provenance)
        elif noun == "pain_point":
            data["touchpoint"] = _touchpoint_id(journey, op.touchpoint)
        elif noun == "opportunity":
            data["addresses"] = _pain_ids(journey, op.addresses)
        model = LANES[lane][1]
        getattr(stage, lane).append(model(id=_new_id(journey, lane, op.id), **data))
    elif verb == "update" and noun in _LANE_OF_OP:
        lane = _LANE_OF_OP[noun]
        item, _ = find_in_lane(journey, lane, getattr(op, noun))
        data = _fields(op, noun, "provenance")
        if "channel" in data:
            data["channel"] = _ensure_channel(journey, data["channel"], op.provenance)
        if "touchpoint" in data:
            data["touchpoint"] = _touchpoint_id(journey, data["touchpoint"])
        if "addresses" in data:
            data["addresses"] = _pain_ids(journey, data["addresses"])
        for key, value in data.items():
            setattr(item, key, value)
        if op.provenance == "user":
            item.provenance = "user"  # the user confirmed it by editing it
        elif op.provenance == "evidence" and item.provenance == "inferred":
            item.provenance = "evidence"  # customer data now backs a guess (the user's own words stay theirs)
    elif verb == "remove" and noun in _LANE_OF_OP:
        lane = _LANE_OF_OP[noun]
        item, stage = find_in_lane(journey, lane, getattr(op, noun))
        if noun == "touchpoint":
            _detach_touchpoint(journey, item.id)
        elif noun == "pain_point":
            _detach_pain_point(journey, item.id)
        getattr(stage, lane).remove(item)
    elif kind == "update_map":
        data = _fields(op, "provenance")
        if "persona" in data:
            data["persona"] = _find_persona(journey, data["persona"]).id
        for key, value in data.items():
            setattr(journey, key, value)
    elif kind == "update_business":
        for key, value in _fields(op, "provenance").items():
            setattr(journey.business, key, value)
    elif kind == "add_persona":
        if any(p.name.casefold() == op.name.casefold() for p in journey.personas):
            raise EditError(f"there is already a persona called {op.name!r}")
        journey.personas.append(Persona(id=_new_id(journey, "persona", op.id), **_fields(op, "id")))
        if not journey.persona:
            journey.persona = journey.personas[-1].id
    elif kind == "update_persona":
        persona = _find_persona(journey, op.persona)
        for key, value in _fields(op, "persona", "provenance").items():
            setattr(persona, key, value)
    elif kind == "remove_persona":
        persona = _find_persona(journey, op.persona)
        journey.personas.remove(persona)
        if journey.persona == persona.id:
            journey.persona = journey.personas[0].id if journey.personas else ""
    elif kind == "add_channel":
        if journey.channel_named(op.name):
            raise EditError(f"there is already a channel called {op.name!r}")
        kinds = Channel.model_fields["kind"].annotation.__args__  # type: ignore[union-attr]
        journey.channels.append(Channel(id=_new_id(journey, "channel", op.id), name=op.name,
                                        kind=op.kind if op.kind in kinds else "other", provenance=op.provenance))
    elif kind == "remove_channel":
        channel, _ = _resolve([(c, c.name, None) for c in journey.channels], op.channel, "channel")
        used = [tp.name for _, tp in journey.touchpoints() if tp.channel.casefold() == channel.name.casefold()]
        if used:
            raise EditError(f"channel {channel.name!r} still has touchpoints ({', '.join(used[:5])}); remove or move them first")
        journey.channels.remove(channel)
    elif kind == "add_transition":
        source = _touchpoint_id(journey, op.source)
        target = _touchpoint_id(journey, op.target)
        if not target and op.kind != "drop-off":
            raise EditError("a transition needs a target touchpoint unless it is a drop-off")
        journey.transitions.append(Transition(id=_new_id(journey, "transition", op.id), source=source,
                                              target=target, kind=op.kind, label=op.label, provenance=op.provenance))
    elif kind == "remove_transition":
        transition, _ = _resolve([(t, t.label or t.id, None) for t in journey.transitions], op.transition, "transition")
        journey.transitions.remove(transition)
    else:  # pragma: no cover - the union above is exhaustive
        raise EditError(f"unknown edit {kind!r}")
    if kind in ("rename_stage", "update_stage", "set_emotion") and op.provenance == "user":
        # The user confirmed the stage by editing it.
        find_stage(journey, op.name if kind == "rename_stage" else op.stage).provenance = "user"


def _check_new_name(journey: JourneyMap, name: str) -> None:
    if any(s.name.casefold() == name.casefold() for s in journey.stages):
        raise EditError(f"there is already a stage called {name!r}")


def _detach_touchpoint(journey: JourneyMap, tp_id: str) -> None:
    for _, pp in journey.pain_points():
        if pp.touchpoint == tp_id:
            pp.touchpoint = ""
    journey.transitions = [t for t in journey.transitions if tp_id not in (t.source, t.target)]


def _detach_pain_point(journey: JourneyMap, pp_id: str) -> None:
    for stage in journey.stages:
        for opp in stage.opportunities:
            if pp_id in opp.addresses:
                opp.addresses.remove(pp_id)

