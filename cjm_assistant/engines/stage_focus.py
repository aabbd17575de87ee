""""that stage", "this stage", "it": the stage a conversation is on.

"add a pain point about cold boxes to Delivery and then make that stage very negative": the stage an
instruction names is the one a pronoun in the next means. The rule-based reader (:mod:`.instructions`) keeps it
from one part of an instruction to the next; a session keeps it from one message to the next (the last stage
named, or the one selected on the map) and hands it in with :func:`focused`. With no stage to point to, the
pronoun is refused with the instruction said the way that works ("Which stage? Say: make Delivery very
negative"), never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from cjm_assistant.domain.edits import AddStage, EditError, EditOp, RemoveStage
from cjm_assistant.domain.model import JourneyMap

#: The id of the stage the conversation is on, handed in by a session (None: none yet)
FOCUS: ContextVar[str | None] = ContextVar("stage_focus", default=None)

_THAT_STAGE = re.compile(r"\b(?:that|this|the\s+same)\s+stage\b", re.IGNORECASE)
#: A quoted name ("add a pain point 'they skip this stage' to Delivery": the words of a name, no pronoun)
_QUOTED = re.compile(r"""'(?:[^']|'(?=\w))*'(?!\w)|"[^"]*"|“[^”]*”|‘(?:[^’]|’(?=\w))*’(?!\w)""")
#: How a stage is said to feel ("very negative" before "negative"): the words "make it X" / "it feels X" take
FEELINGS = r"very\s+negative|very\s+positive|very\s+bad|negative|positive|neutral|bad|good|great|delighted|furious"
# "make it very negative", "it feels bad", "it should be very positive": only a stage has a feeling
_IT_FEELS = re.compile(rf"(?P<verb>(?:make|mark|set)\s+)?it(?P<how>\s+(?:(?:is|feels|should\s+(?:be|feel)|to|as)\s+)?"
                       rf"(?:{FEELINGS}))", re.IGNORECASE)


@contextmanager
def focused(stage_id: str | None) -> Iterator[None]:
    """Read instructions with ``stage_id`` as the stage "that stage" means, until the block ends."""
    token = FOCUS.set(stage_id)
    try:
        yield
    finally:
        FOCUS.reset(token)


def with_stage(journey: JourneyMap, text: str, focus: str | None) -> str:
    """``text`` with "that stage" (or "it", where only a stage fits) written as the stage ``focus`` (an id)
    names; as it is when it says neither. EditError, saying what to type, when there is no such stage."""
    it = _IT_FEELS.fullmatch(text.strip())
    quoted = [q.span() for q in _QUOTED.finditer(text)]
    spans = [m for m in _THAT_STAGE.finditer(text) if not any(a <= m.start() < b for a, b in quoted)]
    said = spans[0] if spans else None
    if it is None and said is None:
        return text
    stage = next((st for st in journey.stages if st.id == focus), None)
    if stage is None:
        example = journey.stages[min(2, len(journey.stages) - 1)].name if journey.stages else "Delivery"
        if it is not None:
            typed = f"{it.group('verb') or ''}{example}{it.group('how')}"
        else:
            typed = text[:said.start()] + example + text[said.end():]
        pronoun = "it" if it is not None else said.group(0)
        raise EditError(f"Which stage? “{pronoun}” points to no stage named before it. Say: {typed}")
    quote = ("“", "”") if "”" not in stage.name else ('"', '"')
    named = f"stage {quote[0]}{stage.name}{quote[1]}"
    if it is not None:
        return f"{it.group('verb') or ''}{named}{it.group('how')}"
    for m in reversed(spans):
        text = text[:m.start()] + named + text[m.end():]
    return text


def focus_after(before: JourneyMap, after: JourneyMap, ops: Sequence[EditOp], focus: str | None) -> str | None:
    """The id of the stage ``ops`` name last (a stage's own, or an item's on its stage), else ``focus`` as it
    was; None when that stage was removed."""
    for op in ops:
        if isinstance(op, RemoveStage):
            gone = _stage_id(before, op.stage)
            focus = None if gone in (focus, None) else focus
            continue
        ref = op.name if isinstance(op, AddStage) else getattr(op, "stage", None)
        found = _stage_id(after, ref) or _stage_id(before, ref) if isinstance(ref, str) else None
        if found is None:
            found = next((sid for value in op.__dict__.values() if isinstance(value, str)
                          for sid in (_item_stage(before, value), _item_stage(after, value)) if sid), None)
        focus = found or focus
    return focus if any(st.id == focus for st in after.stages) else None


def _stage_id(journey: JourneyMap, ref: str | None) -> str | None:
    if not ref:
        return None
    return next((st.id for st in journey.stages if st.id == ref or st.name.casefold() == ref.casefold()), None)


def _item_stage(journey: JourneyMap, item_id: str) -> str | None:
    """The id of the stage the item ``item_id`` is on, or None."""
    return next((stage.id for _, item, stage in journey.items() if stage is not None and item.id == item_id), None)
