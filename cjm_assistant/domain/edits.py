"""Typed edit operations: the only way a map changes.

An edit is a small pydantic model tagged by ``op`` (see :mod:`cjm_assistant.domain.ops`,
re-exported here); how each one changes a map is in :mod:`cjm_assistant.domain.handlers`.
``apply(map, ops)`` is pure and atomic: it returns a new map with every op applied, or raises
:class:`EditError` naming the op that was refused and why, in words a user
understands, and the input map is untouched either way.

Items are referred to by id (``tp3``) or by name, case-insensitively; a name
that matches nothing gets a "did you mean" suggestion, and a name that matches
several items asks for an id.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from pydantic import BaseModel

from cjm_assistant.domain.draft import Draft, find_in_lane, find_stage, lane_items
from cjm_assistant.domain.handlers import apply_one
from cjm_assistant.domain.lanes import EMOTION_LABELS, SEVERITY_LABELS
from cjm_assistant.domain.model import LANES, JourneyMap, MapError, check_map
from cjm_assistant.domain.ops import (  # the ops are part of this module's interface (__all__)
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

__all__ = ["AddAction", "AddChannel", "AddItem", "AddKPI", "AddOpportunity", "AddPainPoint", "AddPersona",
           "AddStage", "AddThought", "AddTouchpoint", "AddTransition", "EditError", "EditOp", "MapError",
           "MovePainPoint", "MoveStage", "OPS_ADAPTER", "Op", "Ref", "RemoveAction", "RemoveChannel", "RemoveItem",
           "RemoveKPI", "RemoveOpportunity", "RemovePainPoint", "RemovePersona", "RemoveStage", "RemoveThought",
           "RemoveTouchpoint", "RemoveTransition", "RenameStage", "SetEmotion", "UpdateAction", "UpdateBusiness",
           "UpdateItem", "UpdateKPI", "UpdateMap", "UpdateOpportunity", "UpdatePainPoint", "UpdatePersona",
           "UpdateStage", "UpdateThought", "UpdateTouchpoint", "apply", "already_so", "changes_nothing", "describe", "find_in_lane",
           "find_stage", "lane_items", "ops_to_json", "parse_ops", "replay", "without_no_change"]

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
            apply_one(draft, op)
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


def replay(journey: JourneyMap, ops: Iterable[EditOp]) -> JourneyMap:
    """Re-apply ops that were checked when they were saved, in place on a private copy.

    The store uses this to rebuild a version from its last snapshot; callers
    must own ``journey`` (it is changed).
    """
    draft = Draft(journey, owned=True)
    for op in ops:
        apply_one(draft, op)
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


def describe(op: EditOp, journey: JourneyMap | None = None) -> str:
    """A short phrase for an op, for history and proposal lists.

    With the map the op applies to, ids are shown as the names they stand for.
    """
    # a rename's goal is the stage's goal in the new name's words, which follows it: no change of its own to list
    data = op.model_dump(exclude_defaults=True, exclude={"op", "provenance", *(("goal",) if isinstance(
        op, RenameStage) else ())})
    if isinstance(op, UpdateMap) and set(data) == {"title"}:
        return f"retitle the map {data['title']!r}"
    if isinstance(op, MovePainPoint):  # the pain point moves to the stage (not "move 'Stage' (pain_point=...)")
        return f"move pain point {_named(journey, op.pain_point)!r} to {_named(journey, op.stage)!r}"
    if isinstance(op, SetEmotion):  # "set the emotion of 'Visit' to very negative (-2)", not "(score=-2)"
        return f"set the emotion of {_named(journey, op.stage)!r} to {EMOTION_LABELS[op.score]} ({op.score:+d})"
    verb, _, what = op.op.partition("_")
    main = data.pop("name", None) or data.pop("text", None)
    target = next((data.pop(k) for k in ("stage", "touchpoint", "pain_point", "opportunity", "kpi",
                                            "action", "thought", "persona", "channel", "transition") if k in data), None)
    if isinstance(target, str):
        target = _named(journey, target)
    parts = [verb, what.replace("_", " ")]
    if main and target and verb == "add":
        parts.append(f"{main!r} to {target!r}")
    elif target:
        parts.append(repr(target))
        if main:
            parts.append(f"-> {main!r}")
    elif main:
        parts.append(repr(main))
    whose = data.pop("personas", None)
    if whose:  # "for Maya and Tom", by the names the ids stand for
        from cjm_assistant.domain.views import whose_names

        parts.append("for " + ((whose_names(journey, op) if journey is not None else "") or " and ".join(whose)))
    for key in ("before", "after", "into"):  # "(after=Checkout)", not "(after=st3)"
        if isinstance(data.get(key), str):
            data[key] = _named(journey, data[key])
    rest = ", ".join(_field(k, v) for k, v in data.items() if k not in ("id",) and v not in (None, [], ""))
    return " ".join(parts) + (f" ({rest})" if rest else "")


def _field(key: str, value: object) -> str:
    """One field of :func:`describe`'s brackets as a person reads it: "severity high", "after 'Checkout'",
    "to position 2", "channel 'Website'" (it read "severity=3", "after=Checkout")."""
    if key == "severity" and isinstance(value, int):
        return f"severity {SEVERITY_LABELS.get(value, value)}"
    if key == "position":
        return f"to position {value}"
    return f"{key.replace('_', ' ')} {value!r}" if isinstance(value, str) else f"{key.replace('_', ' ')} {value}"


def _named(journey: JourneyMap | None, ref: str) -> str:
    """The name (or text) of the item ``ref`` stands for on ``journey``; ``ref`` itself when it is not found."""
    found = journey.find(ref) if journey is not None else None
    return (getattr(found[1], "name", None) or getattr(found[1], "text", None) or ref) if found else ref


# ---------------------------------------------------------------------------
# Edits that change nothing.


def without_no_change(journey: JourneyMap, ops: list[EditOp]) -> tuple[list[EditOp], list[str]]:
    """``ops`` without those that leave the map exactly as it was (a pain point moved to the stage it is on, a
    severity set to its current value, a stage renamed to its own name...), and one sentence for each left out
    (:func:`already_so`).

    Each op is tried on the map as the ops before it left it, and left out when :func:`changes_nothing`. When
    an op cannot be applied, it and the rest are kept as they are: applying them says why.
    """
    kept: list[EditOp] = []
    said: list[str] = []
    current = journey
    for index, op in enumerate(ops):
        try:
            after = apply(current, [op])
        except EditError:
            return kept + list(ops[index:]), said
        if changes_nothing(current, after):
            said.append(already_so(op, current))
            continue
        kept.append(op)
        current = after
    return kept, said


def changes_nothing(before: JourneyMap, after: JourneyMap) -> bool:
    """Whether ``after`` says just what ``before`` says: every field equal but who items come from (an edit marks
    what it touches as the user's, which is not news: see :mod:`.diff`)."""
    return _same(before, after)


def _same(a: object, b: object) -> bool:
    """Equal but for provenance; the parts an edit did not touch are the same objects (see :mod:`.draft`), so
    only what it copied is walked."""
    if a is b:
        return True
    if isinstance(a, BaseModel):
        return type(a) is type(b) and all(_same(getattr(a, name), getattr(b, name))
                                          for name in type(a).model_fields if name != "provenance")
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(_same, a, b))
    return a == b


def already_so(op: EditOp, journey: JourneyMap) -> str:
    """A sentence saying why ``op`` changes nothing on ``journey`` ("“Slow replies” is already on Ask & compare.")."""

    match op:
        case MovePainPoint():
            item, stage = find_in_lane(journey, "pain_points", op.pain_point)
            where = stage.name if stage is not None else "the unplaced list"
            return f"“{item.name}” is already on {where}."
        case SetEmotion():
            return (f"the emotion of {find_stage(journey, op.stage).name} is already {EMOTION_LABELS[op.score]} "
                    f"({op.score:+d}).")
        case RenameStage():
            return f"the stage is already called “{find_stage(journey, op.stage).name}”."
        case UpdateItem():
            item, _ = find_in_lane(journey, op.lane, op.ref)
            given = {k: v for k, v in op.model_dump(exclude={"op", "provenance", LANES[op.lane].op}).items()
                     if v is not None}
            if "severity" in given:
                given["severity"] = SEVERITY_LABELS.get(given["severity"], given["severity"])
            label = getattr(item, "name", None) or getattr(item, "text", None) or item.id
            fields = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in given.items())
            return f"“{label}” already has {fields}." if fields else f"“{label}” is already so."
    return f"the map already reads so ({describe(op, journey)})."


def _prefix(index: int, ops: list) -> str:
    return f"change {index + 1} of {len(ops)}: " if len(ops) > 1 else ""
