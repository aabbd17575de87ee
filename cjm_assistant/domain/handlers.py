"""How each kind of edit changes a map: one case per op, on a :class:`~.draft.Draft`, and the helpers they share.

:func:`apply_one` is the inside of ``edits.apply`` and ``edits.replay``, which own the loop, the
atomicity, the whole-map check and the cache of recent results (:mod:`.edits`); the ops themselves,
their fields and validation are in :mod:`.ops`.
"""

from __future__ import annotations

import re

from cjm_assistant.domain import ops
from cjm_assistant.domain.draft import Draft, find_stage, index_of, remove
from cjm_assistant.domain.draft import resolve as _resolve
from cjm_assistant.domain.model import (
    LANES,
    MAX_CHANNELS,
    MAX_ITEMS_PER_LANE,
    MAX_PERSONAS,
    MAX_STAGES,
    MAX_TRANSITIONS,
    Channel,
    Item,
    JourneyMap,
    MapError,
    Persona,
    Stage,
    Transition,
    lane_item,
)
from cjm_assistant.domain.ops import EditError, EditOp, Op
from cjm_assistant.domain.renaming import goal_after_rename, scope_after_retitle
from cjm_assistant.domain.views import is_placeholder


def apply_one(draft: Draft, op: EditOp) -> None:
    """Apply one op to a draft in place; EditError or MapError, with a sentence, when it cannot be. A title that
    names the journey by its first and last stage follows them when a stage op changes either."""
    journey = draft.journey
    ends = _ends(journey)
    _apply(draft, op)
    if isinstance(op, (ops.AddStage, ops.RenameStage, ops.MoveStage, ops.RemoveStage)) and journey.stages:
        journey.title = _title_following(journey.title, ends, _ends(journey))


def _ends(journey: JourneyMap) -> tuple[str, str]:
    return (journey.stages[0].name, journey.stages[-1].name) if journey.stages else ("", "")


def _apply(draft: Draft, op: EditOp) -> None:  # noqa: C901 - one case per kind of op
    journey = draft.journey
    match op:
        case ops.AddStage():
            _check_new_name(journey, op.name)
            if len(journey.stages) >= MAX_STAGES:
                raise MapError(f"a map holds at most {MAX_STAGES} stages and this one has {len(journey.stages)} "
                               "already, so remove or merge one first")
            stage = Stage(id=draft.new_id("stage", op.id), name=op.name, goal=op.goal, emotion=op.emotion,
                          provenance=op.provenance, personas=_persona_ids(journey, op.personas))
            _insert_at(journey, draft.adopt(stage), op.after, op.before, None)
        case ops.RenameStage():
            stage = draft.find_stage(op.stage)
            if stage.name.casefold() != op.name.casefold():
                _check_new_name(journey, op.name)
            stage = draft.stage(stage)
            goal = op.goal if op.goal is not None else goal_after_rename(stage.goal, stage.name, op.name)
            stage.name, stage.goal = op.name, goal
            if not stage.goal:  # a stage with no goal of the assistant's is all the owner's once they name it
                _confirm_stage(stage, op)
        case ops.MoveStage():
            _move_stage(journey, op)
        case ops.RemoveStage():
            stage = draft.find_stage(op.stage)
            # the owner's own problems (and those customers' words back) are not the stage's to take with it: they
            # wait under "Not yet placed" for another stage; only the guesses go
            kept = [pp for pp in stage.pain_points if pp.provenance != "inferred"]
            remove(journey.stages, stage)  # first, so that what points at its items is looked for elsewhere only
            _detach_touchpoints(draft, {tp.id for tp in stage.touchpoints})
            _detach_pain_points(draft, {pp.id for pp in stage.pain_points} - {pp.id for pp in kept})
            for pp in kept:
                loose = draft.adopt(pp.model_copy(update={"touchpoint": "", "personas": list(pp.personas)}))
                draft.add_to(journey.unplaced, loose, MAX_ITEMS_PER_LANE, "pain points not yet placed")
                draft.placed(loose, "pain_points", None)
            draft.forget({stage.id} | {item.id for lane in LANES for item in getattr(stage, lane)}
                         - {pp.id for pp in kept})
        case ops.UpdateStage():
            stage = draft.stage(draft.find_stage(op.stage))
            if op.goal is not None:
                stage.goal = op.goal
            if op.personas is not None:
                stage.personas = _persona_ids(journey, op.personas)
            _confirm_stage(stage, op)
        case ops.SetEmotion():
            stage = draft.stage(draft.find_stage(op.stage))
            stage.emotion = op.score
            _confirm_stage(stage, op)
        case ops.AddItem():
            _add_item(draft, op)
        case ops.UpdateItem():
            _update_item(draft, op)
        case ops.RemoveItem():
            item, stage = draft.find_in_lane(op.lane, op.ref)
            if isinstance(op, ops.RemovePainPoint) and op.into is not None \
                    and draft.find_in_lane("pain_points", op.into)[0].id == item.id:
                raise EditError(f"a pain point cannot be merged into itself (“{item.name}”)")
            if op.lane == "touchpoints":
                _detach_touchpoints(draft, {item.id})
            elif op.lane == "pain_points":
                _detach_pain_points(draft, {item.id})
            remove(journey.unplaced if stage is None else getattr(draft.stage(stage), op.lane), item)
            draft.forget({item.id})
        case ops.MovePainPoint():
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
                for asked, at in _answers_for(draft, item.id):  # what answers it alone (or "No suggestion yet") too
                    if at is not target:
                        remove(draft.stage(at).opportunities, asked)
                        moved = draft.adopt(asked.model_copy())
                        draft.add_to(target.opportunities, moved, MAX_ITEMS_PER_LANE,
                                     f"opportunities in stage {target.name!r}")
                        draft.placed(moved, "opportunities", target)
            if op.provenance == "user" and source is None:
                item.provenance = "user"
        case ops.UpdateMap():
            data = _fields(op, "provenance")
            if "persona" in data:
                data["persona"] = _find_persona(journey, data["persona"]).id
            if "title" in data and "scope" not in data:  # the journey the map names follows the owner's new title
                data["scope"] = scope_after_retitle(journey.title, journey.scope, data["title"])
            for key, value in data.items():
                setattr(journey, key, value)
        case ops.UpdateBusiness():
            business = draft.business()
            for key, value in _fields(op, "provenance").items():
                setattr(business, key, value)
        case ops.AddPersona():
            if any(p.name.casefold() == op.name.casefold() for p in journey.personas):
                raise EditError(f"there is already a persona called {op.name!r}")
            draft.add_to(journey.personas, Persona(id=draft.new_id("persona", op.id), **_fields(op, "id")),
                         MAX_PERSONAS, "personas")
            if not journey.persona:
                journey.persona = journey.personas[-1].id
        case ops.UpdatePersona():
            persona = draft.persona(_find_persona(journey, op.persona))
            for key, value in _fields(op, "persona", "provenance").items():
                setattr(persona, key, value)
        case ops.RemovePersona():
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
        case ops.AddChannel():
            if journey.channel_named(op.name):
                raise EditError(f"there is already a channel called {op.name!r}")
            kinds = Channel.model_fields["kind"].annotation.__args__  # type: ignore[union-attr]
            channel = Channel(id=draft.new_id("channel", op.id), name=op.name,
                              kind=op.kind if op.kind in kinds else "other", provenance=op.provenance)
            draft.add_to(journey.channels, channel, MAX_CHANNELS, "channels")
        case ops.RemoveChannel():
            channel, _ = _resolve([(c, c.name, None) for c in journey.channels], op.channel, "channel")
            used = [tp.name for _, tp in journey.touchpoints() if tp.channel.casefold() == channel.name.casefold()]
            if used:
                raise EditError(f"channel {channel.name!r} still has touchpoints ({', '.join(used[:5])}); "
                                "remove or move them first")
            remove(journey.channels, channel)
            draft.forget({channel.id})
        case ops.AddTransition():
            source = _touchpoint_id(draft, op.source)
            target = _touchpoint_id(draft, op.target)
            if not target and op.kind != "drop-off":
                raise EditError("a transition needs a target touchpoint unless it is a drop-off")
            transition = Transition(id=draft.new_id("transition", op.id), source=source, target=target,
                                    kind=op.kind, label=op.label, provenance=op.provenance)
            draft.add_to(journey.transitions, transition, MAX_TRANSITIONS, "transitions")
            draft.points_at("transitions", transition.id, [source, target])
        case ops.RemoveTransition():
            transition, _ = _resolve([(t, t.label or t.id, None) for t in journey.transitions], op.transition,
                                     "transition")
            remove(journey.transitions, transition)
            draft.forget({transition.id})
        case _:  # pragma: no cover - the union is exhaustive
            raise EditError(f"unknown edit {op.op!r}")


def _confirm_stage(stage: Stage, op: Op) -> None:
    if op.provenance == "user":
        stage.provenance = "user"  # the user confirmed the stage by editing it


def _move_stage(journey: JourneyMap, op: ops.MoveStage) -> None:
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


def _add_item(draft: Draft, op: ops.AddItem) -> None:
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
    answered = data.get("addresses", ()) if lane.key == "opportunities" and not is_placeholder(item) else ()
    gone = [ask for ref in answered for ask in _placeholders_for(draft, ref)]  # an answer ends "no suggestion yet"
    for asked, at in gone:
        remove(draft.stage(at).opportunities, asked)
        draft.forget({asked.id})
    draft.add_to(getattr(stage, lane.key), item, MAX_ITEMS_PER_LANE, f"{lane.plural} in stage {stage.name!r}")
    draft.placed(item, lane.key, stage)
    draft.points_at(lane.key, item.id, [data.get("touchpoint", ""), *data.get("addresses", ())])


def _placeholders_for(draft: Draft, pain_id: str) -> list[tuple[Item, Stage]]:
    """The "No suggestion yet" items that stand for an answer to this pain point alone, with their stages (an
    opportunity is always on one)."""
    return [(opp, stage) for opp, stage in _answers_for(draft, pain_id) if is_placeholder(opp)]


def _answers_for(draft: Draft, pain_id: str) -> list[tuple[Item, Stage]]:
    """The opportunities that answer this pain point and no other, with their stages: a pain point moved to another
    stage takes them along (an answer left behind would sit on a stage whose problem it is not)."""
    out = []
    for lane, holder in sorted(draft.pointing_at({pain_id})):
        found = draft.by_id("opportunities", holder) if lane == "opportunities" else None
        if found is not None and found[0].addresses == [pain_id]:
            out.append(found)
    return out


def _update_item(draft: Draft, op: ops.UpdateItem) -> None:
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
    old_name = getattr(item, "name", "")
    item = draft.item(item, stage, op.lane)
    for key, value in data.items():
        setattr(item, key, value)
    if op.lane == "pain_points" and old_name and item.name != old_name:
        _answers_renamed(draft, item.id, old_name, item.name)
    draft.points_at(op.lane, item.id, [data.get("touchpoint", ""), *data.get("addresses", ())])
    if op.provenance == "user":
        item.provenance = "user"  # the user confirmed it by editing it
    elif op.provenance == "evidence" and item.provenance == "inferred":
        item.provenance = "evidence"  # customer data now backs a guess (the user's own words stay theirs)


def _answers_renamed(draft: Draft, pain_id: str, old: str, new: str) -> None:
    """An opportunity that says which problem it answers ("Answers “Slow replies”: ...") names the problem by its new
    name once the owner renames it, so the map does not quote words the owner has replaced."""
    said = f"Answers “{old}”"
    for stage in draft.journey.stages:
        for op in list(stage.opportunities):
            if pain_id in op.addresses and said in op.description:
                draft.item(op, stage, "opportunities").description = op.description.replace(said, f"Answers “{new}”", 1)


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


def _title_following(title: str, before: tuple[str, str], after: tuple[str, str]) -> str:
    """A title that names the journey by exactly its first and last stage ("Sharp Edge: from Craving to Pay")
    follows them when a stage is renamed, added, moved or removed at either end; any other title is the user's and
    stays as it is ("Vans: from Enquiry to the yard" names no last stage)."""
    m = re.fullmatch(rf"(.*: from ){re.escape(before[0])}( to ){re.escape(before[1])}((?: \([^)]*\))?)", title, re.S)
    if m is None or before == after or not all(before):
        return title
    return m.group(1) + after[0] + m.group(2) + after[1] + m.group(3)
