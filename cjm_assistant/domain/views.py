"""Whose an item is, and a map seen by one persona.

Every stage and lane item has a ``personas`` list (empty: it concerns every persona). On a map of a
two-sided business the seller's stages and the buyer's pain points say so; these functions read
that, and :func:`for_persona` gives the map as one persona lives it: what concerns everyone, and
what concerns that persona.
"""

from __future__ import annotations


TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:  # whose_names serves the exports, which may get a read-only map: no pydantic for them
    from cjm_assistant.domain.model import JourneyMap, Persona


def whose(journey: JourneyMap, item) -> list[Persona]:
    """The personas an item concerns by name ([] when it concerns every persona)."""
    ids = getattr(item, "personas", None) or []
    return [p for p in journey.personas if p.id in ids]


def whose_names(journey: JourneyMap, item) -> str:
    """"Buyer Ben", "Buyer Ben and Seller Sandra", or "" for everyone's."""
    names = [p.name for p in whose(journey, item)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}" if names else ""


def find_persona(journey: JourneyMap, ref: str) -> Persona:
    """A persona by id, name, or the start of a name (case and accents aside); ValueError naming the personas."""
    from cjm_assistant.domain.text import folded

    key = folded(ref)
    exact = [p for p in journey.personas if p.id == ref or folded(p.name) == key]
    found = exact or [p for p in journey.personas if folded(p.name).startswith(key)] or \
        [p for p in journey.personas if key in folded(p.name)]
    if len(found) == 1:
        return found[0]
    names = ", ".join(f"'{p.name}'" for p in journey.personas) or "none"
    if found:
        raise ValueError(f"{ref!r} could be {', '.join(repr(p.name) for p in found)}; the personas are {names}")
    raise ValueError(f"no persona called {ref!r} on this map; its personas are {names}")


def for_persona(journey: JourneyMap, ref: str) -> JourneyMap:
    """The map as one persona lives it: stages and items that concern every persona or this one.

    An opportunity keeps only the pain points it answers that are still there; a transition goes when
    either end goes; the persona becomes the one the map is drawn for.
    """
    persona = find_persona(journey, ref)

    def mine(item) -> bool:
        return not item.personas or persona.id in item.personas

    from cjm_assistant.domain.model import check_map

    answered = {op.id: bool(op.addresses) for stage in journey.stages for op in stage.opportunities}
    m = journey.model_copy(deep=True)
    m.stages = [s for s in m.stages if mine(s)]
    for stage in m.stages:
        for lane in ("actions", "touchpoints", "thoughts", "pain_points", "opportunities", "kpis"):
            setattr(stage, lane, [i for i in getattr(stage, lane) if mine(i)])
    m.unplaced = [pp for pp in m.unplaced if mine(pp)]
    touchpoints = {tp.id for _, tp in m.touchpoints()}
    pains = {pp.id for _, pp in m.pain_points()} | {pp.id for pp in m.unplaced}
    for stage in m.stages:
        for pp in stage.pain_points:
            if pp.touchpoint not in touchpoints:
                pp.touchpoint = ""
        for op in stage.opportunities:
            op.addresses = [ref for ref in op.addresses if ref in pains]
        stage.opportunities = [op for op in stage.opportunities if op.addresses or not answered.get(op.id)]
    m.transitions = [t for t in m.transitions if t.source in touchpoints and (not t.target or t.target in touchpoints)]
    m.persona = persona.id
    m.personas = [p for p in m.personas if p.id == persona.id]  # the others' cards, goals and frustrations go too
    for stage in m.stages:
        for item in [stage, *(i for lane in ("actions", "touchpoints", "thoughts", "pain_points", "opportunities",
                                              "kpis") for i in getattr(stage, lane))]:
            item.personas = [p for p in item.personas if p == persona.id]
    for pp in m.unplaced:
        pp.personas = [p for p in pp.personas if p == persona.id]
    return check_map(m)


#: The name of the opportunity that stands for "nothing answers this problem yet": a question to the owner.
PLACEHOLDER = "No suggestion yet"


def is_placeholder(op) -> bool:
    """A "No suggestion yet" item: a question to the owner, not an opportunity."""
    return op.name.casefold() == PLACEHOLDER.casefold()


def open_pains(journey: JourneyMap) -> set[str]:
    """The ids of the pain points a "No suggestion yet" item stands for and no real opportunity answers: the
    exports show these as "no suggestion yet" under the pain point, never the placeholder as an opportunity."""
    asked, answered = set(), set()
    for stage in journey.stages:
        for op in stage.opportunities:
            (asked if is_placeholder(op) else answered).update(op.addresses)
    return asked - answered


def pain_point_count(journey: JourneyMap) -> str:
    """"14 pain points", or "14 pain points (2 not on a stage yet)": the stated problems no stage was sure of count
    too, and say so (the map pane, ``cjm new``)."""
    placed = sum(len(s.pain_points) for s in journey.stages)
    loose = len(journey.unplaced)
    from cjm_assistant.domain.lanes import counted

    total = counted(placed + loose, "pain point")
    return f"{total} ({loose} not on a stage yet)" if loose else total
