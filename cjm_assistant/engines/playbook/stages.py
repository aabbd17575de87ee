"""The stages of a map: the owner's own steps first, a stage model for the rest.

When the journey answer names steps ("finding out about an event, getting a ticket and coming to
it"), every step is a stage, in the owner's words and order (provenance ``user``). A stage of the
base model (the industry's when it was recognised with confidence, else a general one) with the
same phase gives the step its goal, actions and thoughts. Three steps or more are the core of the
journey: the template adds no stage between them and renames none; but a journey map runs from first
hearing of the business to coming back, so when the owner's first step comes after discovery ("book a
class") the base model's discovery stages come before it, and when no step is about coming back,
reviewing or renewing, its after-phase stages come after the last (:func:`_with_ends`). When the owner named only where the journey starts and ends
("from first hearing about us to becoming a member"), the base model's other stages fill in what
the owner did not name: up to two before the first step, two between two steps and two after
the last, where their phase falls, and never more than eight stages in all. Without steps, the
base model is the map. When the owner names a kind of journey but not its steps ("onboarding a new
practice", "emergency lockout callout") and the base model has no stage for it, the base model is that
kind of journey's usual steps (:func:`journey_stage_model`).
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field

from cjm_assistant.knowledge import kinds
from cjm_assistant.knowledge import steps as st
from cjm_assistant.knowledge import text as tx
from cjm_assistant.domain.profile import StageChoice
from cjm_assistant.knowledge.catalogue import Journey, StageModel, StageTemplate

MAX_STAGES = 8
#: The owner's own steps are all kept, up to this many (the interview confirms as many): a long journey loses no end
#: stage; only the stages the playbook would add are held to :data:`MAX_STAGES` in all.
MAX_OWN = st.MAX_STEPS
MAX_AROUND = 2  # base stages kept before the first step, and after the last
MAX_BETWEEN = 2  # base stages kept between two steps
#: From this many steps, the owner's steps are the core of the journey: no stage is added between them, only
#: the discovery stages before and the after-phase stages after, when the owner's steps leave them out.
OWN_JOURNEY = 3
#: Phases of finding out about the business (before any booking, trial or purchase), and of what comes after.
DISCOVERY = ("discover", "list", "research", "enquire", "compare")
AFTERWARDS = ("follow-up", "renew", "advocate")
#: The phases of hearing of a business, before anyone asks it anything
HEARING = ("discover", "research")
#: A first contact ("enquiry", "the first call"): made once the customer has found the business and chosen to ask
#: it, so the stages of finding and choosing (:data:`FINDING`) come before it, never after.
FIRST_CONTACT = ("enquire",)
FINDING = ("discover", "list", "research", "compare")
#: Phases of signing up: when the owner's journey starts with one, no stage of one side of a two-sided deal comes
#: before it (listing an item, asking its seller: both need the people signed up first), only hearing of it.
JOINING = ("join", "onboard")


@dataclass
class StagePlan:
    """A stage to build: its template (name, phase, content), where it came from, and whose it is."""

    template: StageTemplate
    provenance: str = "inferred"  # "user" for a step the owner named
    side: str = ""  # provider, customer, business or "" (both sides)
    step: st.Step | None = None  # the owner's step, when it is one
    extra_actions: list[str] = field(default_factory=list)  # the owner's whole words, when the name is cut
    #: A step the owner added when confirming the stages: its content is its own (its name as the action, the
    #: goal left to fill in), never the phase's stock goal and actions that a neighbouring stage already shows.
    own_content: bool = False
    #: An owner's step of no known kind after a stage of its phase ("sew" after "arrive and get a coffee"): the service
    #: itself, whose goal is the service's and whose touchpoints are the channel's moment of use, not the arrival's.
    service: bool = False
    #: A stage the owner added (or renamed into one of their own) when confirming the stages: no neighbour's
    #: touchpoints are lent to it, only its own words' channels.
    added: bool = False

    @property
    def phase(self) -> str:
        return self.template.phase


def general_stage_model(kind: str) -> StageModel:
    """A general model (``steps.toml``) as a stage model, its stages filled with their phase's content."""
    model = kinds.general_model(kind)
    return StageModel(key=f"general-{kind}", name=model.name, description=model.description,
                      stages=[_template(s.name, s.phase, s.goal) for s in model.stages])


def journey_stage_model(key: str, journey: Journey, software: bool = True) -> StageModel:
    """A kind of journey's usual steps (``[journeys.*].stages`` in vocab.toml) as a stage model; for a business that
    sells no ``software``, in the words of a service done in the world ("Set up", not "Set up and connect")."""
    stages = []
    for s in journey.stages:
        name, goal = (s.physical or s.name, s.physical_goal or s.goal) if not software else (s.name, s.goal)
        tpl = _template(name, s.phase)
        own = {"goal": goal, "actions": s.actions, "thoughts": s.thoughts, "emotion": s.emotion}
        stages.append(tpl.model_copy(update={k: v for k, v in own.items() if v not in (None, "", [])}))
    return StageModel(key=f"journey-{key}", name=f"General {journey.label}",
                      description=f"The usual steps of {journey.label}.", stages=stages)


def covers(model: StageModel, journey: Journey) -> bool:
    """Whether the stage model has a stage for what this kind of journey is about: one of its core phases, or
    a name in the journey's words ("Enrolment" for an enrolment)."""
    return not journey.core or any(s.phase in journey.core or tx.keyword_score(tx.tokens(s.name), journey.words) > 0
                                   for s in model.stages)


def general_sides(kind: str) -> list[str]:
    return [s.side for s in kinds.general_model(kind).stages]


def _template(name: str, phase: str, goal: str = "") -> StageTemplate:
    content = st.data().phase[phase]
    return StageTemplate(name=name, phase=phase, goal=goal or content.goal, actions=list(content.actions),
                         thoughts=list(content.thoughts), emotion=content.emotion)


def plan_stages(model: StageModel, steps: list[st.Step], sides: list[str] | None = None,
                complete: bool | None = None, service_between: bool = False, ends: bool = False) -> list[StagePlan]:
    """The stages for this base model and these owner's steps (see the module docstring). ``complete``: the
    steps are the journey's core as the owner told it (by default, when there are :data:`OWN_JOURNEY` of them);
    steps read from elsewhere (the offering) between the journey's two ends are not."""
    sides = sides or [""] * len(model.stages)
    base = [StagePlan(tpl, side=side) for tpl, side in zip(model.stages, sides)]
    # ``ends``: the journey told by its two ends ("from getting an eviction notice to knowing their rights"): both
    # are the owner's stages, whatever the model, even when one names no known kind of step
    if not st.describes_steps(steps) and not (ends and len(steps) == 2):
        return base
    phases = [b.phase for b in base]
    unknown = next((p for p in ("visit", "receive", "use") if p in phases), "receive")
    # a step of no known kind is the service itself, unless it opens the journey or only ways of hearing of it come
    # before it ("they find us on facebook, a leaflet or off a neighbour"): then it is how people hear of it
    # the last of two ends, of no known kind, is where the service leaves the customer (the follow-up after it)
    last = "follow-up" if ends and len(steps) == 2 and "follow-up" in phases else unknown
    owned = [_owner_stage(step, "discover" if not n or _another_way(step, steps[n - 1])
                          else last if n == len(steps) - 1 else unknown)
             for n, step in enumerate(steps)]
    owned = _without_repeats(owned)[:MAX_OWN]
    taken: dict[int, int] = {}  # base index -> owner index
    for n, plan in enumerate(owned):  # a base stage of the same phase lends its content
        match = _matching_base(plan, base, taken)
        if match is not None:
            taken[match] = n
            plan.template = base[match].template.model_copy(update={"name": plan.template.name})
            plan.side = plan.side or base[match].side
    # The owner's steps are the journey's core: the base model lends them content and fills in only the ends.
    if complete if complete is not None else len(owned) >= OWN_JOURNEY:
        return _own_when_repeated(_with_ends(owned, base, taken))
    where = _positions(owned, base, taken, service_between)
    return _own_when_repeated(_interleave(owned, where, base, taken, service_between))


def _another_way(step: st.Step, before: st.Step) -> bool:
    """Whether a step of no known kind only names another way of hearing of the business than the step before it
    ("they find us on facebook, a leaflet or off a neighbour"): no one acts in it, it starts with "a", "off", "from"."""
    return before.phase in HEARING and step.phase is None and bool(_ANOTHER_WAY.match(step.text)) \
        and not re.search(r"\b(?:we|they|i|he|she|you)\b", step.text, re.I)


_ANOTHER_WAY = re.compile(r"^(?:a|an|off|from|through|via|by|or)\s", re.I)


def _without_repeats(owned: list[StagePlan]) -> list[StagePlan]:
    """The owner's steps with a true repeat merged into the first: the same stage name said twice ("pay" after the
    visit and "pay" after the invoice); every other step stays, in the owner's order and words."""
    seen: set[str] = set()
    out = []
    for plan in owned:
        key = " ".join(tx.tokens(plan.template.name))
        key = re.sub(r"^(?:the|a|an|our|their)\s+", "", key)  # "Ops director hears ..." and "The ops director ..."
        if key in seen:
            continue
        seen.add(key)
        out.append(plan)
    return out


def _own_when_repeated(plans: list[StagePlan]) -> list[StagePlan]:
    """A step of no kind the playbook knows ("do the groom in the van") is placed as the service itself, but when
    another stage has that phase already, its content is its own (its name, the owner's words), never the stock
    lines of that phase that the other stage shows too."""
    for n, plan in enumerate(plans):
        if plan.step is not None and plan.step.phase is None and plan.provenance == "user" and \
                any(other is not plan and other.phase == plan.phase for other in plans):
            plan.own_content = True
            before = plans[n - 1] if n else None  # right after its arrival ("arrive and get a coffee"): the service
            plan.service = bool(before and before.phase == plan.phase and before.step and before.step.phase)
        elif n and _same_stock(plans[n - 1], plan):
            # two of the owner's steps of one kind in a row ("turning up", then "forging on the day"): the second
            # is the service itself, in the owner's words, never a second copy of the arrival's stock lines
            plan.own_content = plan.service = True
    return plans


def _same_stock(before: StagePlan, plan: StagePlan) -> bool:
    """Whether two of the owner's steps of a known kind, one right after the other, would show the same stock
    actions (both read as the visit): the later one then says nothing of its own."""
    return bool(plan.provenance == "user" and before.provenance == "user" and plan.step is not None
                and plan.step.phase is not None and before.step is not None and before.step.phase == plan.step.phase
                and plan.phase == before.phase == "visit" and plan.template.actions == before.template.actions)


def _with_ends(owned: list[StagePlan], base: list[StagePlan], taken: dict[int, int]) -> list[StagePlan]:
    """The owner's steps with the journey's missing ends: the base model's discovery stages before the first
    step when it comes after discovery (its stages of hearing of the business before a first contact), and its after-phase stages after the last when none of the steps is
    about coming back, reviewing or renewing (the general phase's stage when the model has none). At most
    :data:`MAX_AROUND` each, the first and last of them; never more than :data:`MAX_STAGES` in all."""
    names = {p.template.name.casefold() for p in owned}
    rest = [b for i, b in enumerate(base) if i not in taken and b.template.name.casefold() not in names]
    before: list[StagePlan] = []
    contact = owned[0].phase in FIRST_CONTACT
    if owned[0].step and owned[0].step.phase and (contact or owned[0].phase not in DISCOVERY):  # unknown: cannot tell
        first = st.rank(owned[0].phase)
        # a first contact is made once the business is heard of: those stages come before it (the owner's steps are
        # the journey: no stage of choosing is added that would take the problems of their first call)
        before = [b for b in rest if b.phase in HEARING] if contact else \
            [b for b in rest if b.phase in DISCOVERY and st.rank(b.phase) < first]
        if owned[0].phase in JOINING:  # one side's step of a deal (list it, ask the seller) needs them signed up
            before = [b for b in before if not b.side]
        before = before if len(before) <= MAX_AROUND else [before[0], before[-1]]
        before = before or [StagePlan(_template(st.data().phase["discover"].name, "discover"))]
    after: list[StagePlan] = []
    if not any(p.phase in AFTERWARDS or (p.step and st.mentions(p.step.text, AFTERWARDS)) for p in owned):
        after = [b for b in rest if b.phase in AFTERWARDS]
        after = after if len(after) <= MAX_AROUND else [after[0], after[-1]]
        after = after or [StagePlan(_template(st.data().phase["renew"].name, "renew"))]
    room = max(0, MAX_STAGES - len(owned))
    while room < len(before) + len(after):  # the first hearing and the first after-phase stage go last
        (after if len(after) >= len(before) else before).pop()
    return before + owned + after


def chosen_stages(plans: list[StagePlan], choices: list[StageChoice]) -> list[StagePlan]:
    """The stages the owner confirmed in the interview, in their order and words: a proposed stage they kept
    or renamed keeps its content; a stage of their own is read like a step of their journey (its phase places
    touchpoints and problems, and lends it that phase's goal and thoughts; one of no known kind is the service
    itself), but gets no copied content (:attr:`StagePlan.own_content`) when a proposed stage or one before it has
    that phase:
    no map of steps all typed by the owner is left with no goal or thought, and no stock line is shown twice. A
    stage the owner named takes a proposed stage's content, or its phase's, only where it speaks of the step
    (:func:`speaks_of`), never for its place in the list; else its content is its own (a goal from its name)."""
    by_name = {p.template.name.casefold(): p for p in plans}
    out = []
    own: set[int] = set()  # where the owner's own stages are in ``out``
    steps = [next(iter(st.parse_steps(c.name)), None) or st.Step(c.name, None, "", 0, "") for c in choices[:MAX_OWN]]
    # a stage of no known kind before the first one where people ask, choose or book ("Bike breaks", then "Book a
    # slot"): the need that opens the journey, before the customer has met the business; never the service itself
    asks = next((n for n, step in enumerate(steps) if step.phase in _FIRST_CONTACT), 1)
    for n, (choice, step) in enumerate(zip(choices[:MAX_OWN], steps)):
        base = by_name.get(choice.base.casefold()) if choice.base else None
        if base is not None and (choice.name.casefold() == base.template.name.casefold()
                                 or speaks_of(base.template, choice.name, step.phase)):
            # a proposed stage kept keeps what it showed: a step of the owner's own with its own content stays so,
            # never the stock lines of the phase it was placed in ("in good condition" on the bookkeeping)
            out.append(StagePlan(base.template.model_copy(update={"name": choice.name}), provenance="user",
                                 side=base.side, step=base.step, extra_actions=list(base.extra_actions),
                                 own_content=base.own_content, service=base.service, added=base.added))
            continue
        plan = _owner_stage(step, "discover" if n < asks else "visit")
        # a stage the owner named lends its place in the list nothing: a proposed stage's content, or its phase's,
        # only when it speaks of the step ("Coming to a taster rehearsal" is no "Waits, then is seen")
        plan.own_content = not speaks_of(_template(choice.name, plan.phase), choice.name, step.phase, own_name=False)
        plan.added = True
        plan.template = plan.template.model_copy(update={"name": choice.name})
        own.add(len(out))
        out.append(plan)
    for n, plan in enumerate(out):  # the first stage of a phase shows its content; a later one, its own words
        if n in own and any(other.phase == plan.phase and (m not in own or m < n)
                            for m, other in enumerate(out) if m != n):
            plan.own_content = True
    return out


#: Phases where the customer first deals with the business: what comes before them is the need that opens the journey.
_FIRST_CONTACT = ("list", "research", "enquire", "compare", "decide", "join", "book", "buy", "pay")


#: Phases whose words say only that the customer comes somewhere ("coming to", "the day", "a session"), nothing of
#: what happens there: a step of such a phase takes its stock content only when it shares a word with it.
_ONLY_WHERE = ("visit",)


def speaks_of(template: StageTemplate, step: str, phase: str | None = None, own_name: bool = True) -> bool:
    """Whether a stage's content speaks of an owner's step by its words, not only by where it stands: the step's
    words are of the stage's phase ("Joining the band" and "Join or register"; ``phase`` is the step's own), or a
    word of the step is in the stage's name, goal, actions or thoughts ("Hearing about us" and "Hears about ...").
    ``own_name`` False: the template is named after the step already, and its name says nothing."""
    from cjm_assistant.knowledge import relevance

    if phase is not None and phase == template.phase and phase not in _ONLY_WHERE:
        return True
    general = st.data().phase.get(template.phase)
    content = " ".join([template.name if own_name else "", general.name if general else "", template.goal,
                        *template.actions, *template.thoughts])
    return bool(relevance.shared(step, content))


def _owner_stage(step: st.Step, unknown: str = "visit") -> StagePlan:
    phase = step.phase or unknown  # a step of its own ("fix the bike"): the service itself
    tpl = _template(tx.shorten(step.name, 2 * st.MAX_NAME_WORDS, 200), phase)
    extra = [step.text[:1].upper() + step.text[1:]] if step.shortened else []
    side = step.side if step.side in ("provider", "customer") else ""
    # a step of no kind the playbook knows ("do the groom in the van"): its phase places touchpoints and problems,
    # but its content is its own, never the stock lines of that phase that a neighbouring stage shows too
    return StagePlan(tpl, provenance="user", side=side, step=step, extra_actions=extra)


def _matching_base(plan: StagePlan, base: list[StagePlan], taken: dict[int, int]) -> int | None:
    """The base stage this step stands for: the same phase, or the phase it falls back to when the two
    names share a word ("Joining" and "Join")."""
    if plan.step is None or plan.step.phase is None:
        return None
    phase = plan.step.phase
    words = set(tx.tokens(plan.template.name))
    for i, b in enumerate(base):
        if i not in taken and b.phase == phase and (not plan.side or not b.side or plan.side == b.side):
            return i
    for i, b in enumerate(base):
        if i not in taken and b.phase in _fallbacks(phase) and words & set(tx.tokens(b.template.name)):
            return i
    return None


def _fallbacks(phase: str) -> list[str]:
    from cjm_assistant.knowledge.catalogue import load

    info = load().vocab.phases.get(phase)
    return list(info.fallback) if info else []


def _positions(owned: list[StagePlan], base: list[StagePlan], taken: dict[int, int],
               service_between: bool = False) -> list[float]:
    """Where each owner's stage sits among the base stages: its base stage's index, or, for a step no base
    stage stands for, just before the first base stage whose phase usually comes later. With ``service_between``
    (a journey told by its two ends), a last end of taking away what was made ("to taking their glass home") comes
    after the service stage of the base model, as the end of the journey it is."""
    mine = {n: i for i, n in taken.items()}
    where: list[float] = []
    for n, plan in enumerate(owned):
        if n in mine:
            spot = float(mine[n])
        else:
            r = st.rank(plan.phase)
            if plan.phase in FIRST_CONTACT:  # asked once found and chosen: after the stages of finding and choosing
                r = max([r, *(st.rank(b.phase) for b in base if b.phase in FINDING)])
            spot = next((i for i, b in enumerate(base) if st.rank(b.phase) > r), len(base)) - 0.5
            if service_between and n and n == len(owned) - 1 and plan.phase == "receive":
                served = [i for i, b in enumerate(base) if i not in taken and b.phase in SERVICE and i > spot]
                spot = served[0] + 0.5 if served else spot
        where.append(max(spot, where[-1]) if where else spot)  # the owner's order stands
    return where


def _interleave(owned: list[StagePlan], where: list[float], base: list[StagePlan],
                taken: dict[int, int], service_between: bool = False) -> list[StagePlan]:
    """The owner's stages in their order; base stages before the first and between two of them where
    their position falls; after the last, the phases that usually follow it."""
    # an owner's step of no known kind placed as the service ("the audit", "treatment") is the service: no base stage
    # of that phase ("The visit") is added beside it
    served = {p.phase for n, p in enumerate(owned) if n and p.step is not None and p.step.phase is None
              and p.phase in SERVICE}
    rest = [(i, b) for i, b in enumerate(base) if i not in taken and b.phase not in served]
    before = [b for i, b in rest if i < where[0]][-MAX_AROUND:]
    fill: dict[int, list[StagePlan]] = {}
    for i, b in rest:
        gap = next((n for n in range(len(where) - 1) if where[n] < i < where[n + 1]), None)
        if gap is not None:
            fill.setdefault(gap, []).append(b)
    fill = {gap: _kept_between(plans) if service_between else plans[:MAX_BETWEEN] for gap, plans in fill.items()}
    placed = owned + before + [p for plans in fill.values() for p in plans]
    after = _after(owned[-1], base, taken, placed)
    room = max(0, MAX_STAGES - len(owned))
    # Keep the owner's steps whole; of the rest, drop the farthest from the owner's steps first.
    while room < len(before) + len(after) + sum(map(len, fill.values())):
        if before and len(before) >= len(after):
            before.pop(0)
        elif after:
            after.pop()
        else:
            longest = max(fill, key=lambda g: len(fill[g]))
            fill[longest].pop()
    names = {p.template.name.casefold() for p in owned}
    out = [p for p in before if p.template.name.casefold() not in names]
    for n, plan in enumerate(owned):
        out.append(plan)
        out.extend(p for p in fill.get(n, []) if p.template.name.casefold() not in names)
    return out + [p for p in after if p.template.name.casefold() not in names]


#: The phases in which the service itself is given: kept between two of the owner's steps before any other
SERVICE = ("visit", "receive", "use")


def _kept_between(plans: list[StagePlan]) -> list[StagePlan]:
    """The base stages kept between two of the owner's steps, in their order, for a journey told by its ends that
    names no service: the service itself ("from the service being due to getting the certificate": the visit stays
    on the map), and besides it the earliest :data:`MAX_BETWEEN` of the rest, as between any two steps."""
    keep = [p for p in plans if p.phase in SERVICE][:1]
    keep += [p for p in plans if p not in keep][:MAX_BETWEEN]
    return [p for p in plans if p in keep]


def _after(last: StagePlan, base: list[StagePlan], taken: dict[int, int], owned: list[StagePlan]) -> list[StagePlan]:
    """Up to two stages after the owner's last step: the phases that usually follow it, from the base model
    when it has them (its wording), else in general words."""
    phases = {p.phase for p in owned}
    out: list[StagePlan] = []
    phase = last.phase
    for _ in range(MAX_AROUND):
        nxt = next((p for p in st.data().phase[phase].next if p not in phases), None) if phase in st.data().phase \
            else None
        if nxt is None:
            break
        phases.add(nxt)
        found = next((b for i, b in enumerate(base) if i not in taken and b.phase == nxt), None)
        out.append(found or StagePlan(_template(st.data().phase[nxt].name, nxt)))
        phase = nxt
    return out
