"""Whose a stage is: which of the map's personas go through it.

One rule serves the placing of what each persona said (a persona's problem goes on a stage of theirs, or on one
every persona shares) and the marking of the stages (``personas`` on the map, which ``--persona`` and the TUI's
filter read). A stage is a persona's own when:

* it is the stage made for that persona (their "part" at the end, ``_lane``);
* the owner told the journey in labelled parts ("drivers: search, book... hosts: list the drive...") and the label
  of its part names the persona's role ("Host Margaret") or their side of the deal (a "sellers:" part, "Buyer Ben"
  on the other side);
* on a two-sided business, only one side takes it (a seller lists, a buyer pays), and its words do not name the
  other side too ("buyers message the seller" is both sides'). A step whose words name no side ("pay in app"
  after "driver accepts") is the side's that takes that kind of step in the general two-sided model (booking is the
  buyer's, and so is using what was hired after the buyer's steps), or everyone's.

A persona's side is read first from the journey's steps: the one whose role is the subject of a one-sided step
("Owner Gwen" and "owner lists a combine", "owner gets paid") is on that step's side, whatever their other words
say; then from their name and description ("Seller Sandra"). When some persona is placed by the steps and the
others' words name no side, those others are on the other side ("Contractor Tom" across from the owner).

Otherwise it is everyone's (``[]``), as it is when every persona would own it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cjm_assistant.knowledge import relevance
from cjm_assistant.knowledge import kinds, steps
from cjm_assistant.knowledge import text as tx
from cjm_assistant.knowledge.steps import persona_side, side_of, sides_named

if TYPE_CHECKING:
    from .context import Context, StageBuild

#: Words of a part's label that say nothing of whose part it is ("for the trades", "the hosts' side").
_LABEL_WORDS = "for the a an our their someone people side steps step journey part first then and of"


def _role_words(name: str) -> str:
    """A persona's name without its last word, the given name ("Sole trader electrician Dave" -> its role)."""
    toks = name.split()
    return " ".join(toks[:-1]) if len(toks) > 1 else ""


def part_owners(ctx: Context, label: str) -> list[int]:
    """The personas a part of the journey is labelled for: by their role's words ("hosts:" and "Host
    Margaret"), else by their side of the deal ("sellers:" and a persona on the sellers' side); [] when the label
    names none of them, or all of them."""
    personas = ctx.profile.personas
    words = relevance.stems(label) - relevance.stems(_LABEL_WORDS)
    if not words or len(personas) < 2:
        return []
    found = [i for i, p in enumerate(personas) if (role := _role_words(p.name)) and relevance.shared(words, role)]
    if not found and (sides := _sides(ctx)):
        side = side_of(label)
        found = [i for i, s in enumerate(sides) if side and s == side]
    return found if len(found) < len(personas) else []


_DEAL_SIDES = ("provider", "customer")


def _sides(ctx: Context) -> list[str]:
    """Each persona's side of the deal, when every persona's is known and they are not all on one side ([]
    otherwise): "Dog owner Rachel" names no side, so "Student sitter Kwame" (a student: a customer's word) cannot
    tell the sides apart, and no stage is marked by side, unless the steps say whose they are ("the sitter gets
    paid"; "owner searches")."""
    personas = ctx.profile.personas
    told = _sides_told(ctx)
    sides = [told[i] or persona_side(p.name, p.description) for i, p in enumerate(personas)]
    known = {s for s in sides if s in _DEAL_SIDES}
    if ctx.two_sided and any(told) and len(known) == 1:
        # one side is known from the steps; the personas whose words name no side are the other one
        other = next(s for s in _DEAL_SIDES if s not in known)
        sides = [s if s in _DEAL_SIDES else other for s in sides]
    known_all = all(s in _DEAL_SIDES for s in sides) and len(set(sides)) > 1
    return sides if known_all else []


#: Words before a step's subject ("the sitter gets paid", "then the owner lists it").
_BEFORE_SUBJECT = frozenset({"the", "a", "an", "then", "and", "our", "every", "each", "once", "after"})


def _subject(text: str) -> str:
    """The first word of a step after its articles: its subject when a role starts it ("owner lists a combine")."""
    words = tx.words(text)
    while words and words[0] in _BEFORE_SUBJECT:
        words.pop(0)
    return words[0] if words else ""


def _sides_told(ctx: Context) -> list[str]:
    """Each persona's side as the journey's steps tell it ("" when they do not): a persona whose role is the subject
    of steps one side takes, all of one side ("owner lists a combine", "owner gets paid": "Owner Gwen" lists and is
    paid, a provider)."""
    personas = ctx.profile.personas
    found: list[set[str]] = [set() for _ in personas]
    if not ctx.two_sided or len(personas) < 2:
        return ["" for _ in personas]
    roles = [relevance.stems(_role_words(p.name)) for p in personas]
    for plan in ctx.plans:
        step = plan.step
        if step is None or not step.text:
            continue
        side = _step_side(plan.side, step)
        subject = _subject(step.text)
        if side not in _DEAL_SIDES or not subject:
            continue
        for i, role in enumerate(roles):
            if role and relevance.shared(subject, role):
                found[i].add(side)
    return [next(iter(f)) if len(f) == 1 else "" for f in found]


#: Kinds of step where both sides of a deal meet, whoever the step's subject is: a hand-over, a visit, a return,
#: a message, a review ("the worker turns up" is the venue's too).
_MEETING = frozenset({"receive", "visit", "hand-back", "enquire", "advocate", "support", "claim", "follow-up"})


def _told_whose(ctx: Context, text: str) -> list[int] | None:
    """The persona a step names as its subject by their role ("skipper finds it": "Skipper Ola's"); [] when it names
    another persona's role too ("the venue is invoiced and the worker gets paid"); None when its subject is no
    persona's role."""
    subject = _subject(text)
    if not subject:
        return None
    roles = [relevance.stems(_role_words(p.name)) for p in ctx.profile.personas]
    found = [i for i, role in enumerate(roles) if role and relevance.shared(subject, role)]
    if len(found) != 1:
        return None
    said = relevance.stems(text)
    return [] if any(role and relevance.shared(said, role) for i, role in enumerate(roles) if i != found[0]) else found


def _subjectless(text: str) -> bool:
    """Whether a step is told without its subject, as a verb and its object ("uses it", "sails it"): a short step
    whose first word is no article ("the stay itself" has its own subject)."""
    words = tx.words(text)
    return 0 < len(words) <= 3 and words[0] not in _BEFORE_SUBJECT


def _carried_buyer(ctx: Context, plan) -> str:
    """"customer" when the nearest earlier step whose subject is a persona's role is a buyer's ("skipper finds it"
    before "books, sails it"), when every persona's side is known; "" otherwise."""
    sides = _sides(ctx)
    at = next((i for i, p in enumerate(ctx.plans) if p is plan), 0)
    for before in reversed(ctx.plans[:at]):
        told = _told_whose(ctx, before.step.text) if before.step is not None and before.step.text else None
        if told is not None:
            return "customer" if sides and len(told) == 1 and sides[told[0]] == "customer" else ""
    return ""


def _step_side(carried: str, step) -> str:
    """The side that takes a step of the owner's: the side its words name ("" when they name both), else the side
    its kind says, else the one carried on from the step before when that kind keeps it."""
    named = sides_named(step.text) & set(_DEAL_SIDES)
    if len(named) == 2:
        return ""  # a step that names both sides ("buyers message the seller"): both go through it
    if named or step.phase and steps.data().phase[step.phase].side:
        return carried
    # its side was carried on from the step before ("passenger requests, driver accepts -> pay in app"): only what
    # kind of step it is says whose it is
    return _model_side(step.phase, carried)


#: Kinds of step only one side of a deal ever takes, whoever the step before was about: paying, being paid out,
#: listing. Asking, chatting, meeting, travelling, reviewing are steps both sides may take.
_ONE_SIDED = frozenset({"pay", "payout", "list"})
#: Kinds of step only the buyer takes, which the general two-sided model has no stage for: booking (a host
#: accepting a booking names the host). Using what was hired is the buyer's when the buyer's steps led to it
#: ("renter finds it, books, picks it up, uses it"); a use after no one's steps (a sitter's stay, a worker's
#: shift) is everyone's.
_BUYERS = frozenset({"book"})
_BUYERS_AFTER_THEIRS = frozenset({"use"})


def _model_side(phase: str | None, carried: str = "") -> str:
    """The side that takes a kind of step only one side takes, in the general two-sided model (a buyer pays, a
    seller gets paid, a buyer books); "" for any other kind."""
    if phase in _BUYERS or phase in _BUYERS_AFTER_THEIRS and carried == "customer":
        return "customer"
    if phase not in _ONE_SIDED:
        return ""
    return next((s.side for s in kinds.general_model("two-sided").stages if s.phase == phase), "")


def stage_owners(ctx: Context, stage: StageBuild) -> list[int]:
    """The indexes of the personas whose own stage this is; [] when it is everyone's."""
    personas = ctx.profile.personas
    if len(personas) < 2:
        return []
    lane = stage.data.get("_lane")
    if lane is not None:
        return [lane] if lane < len(personas) else []
    group = stage.plan.step.group if stage.plan is not None and stage.plan.step is not None else ""
    if group and (found := part_owners(ctx, group)):
        return found
    side = stage.data.get("_side", "")
    step = stage.plan.step if stage.plan is not None else None
    if step is not None and step.text:
        told = _told_whose(ctx, step.text) if ctx.two_sided and not {stage.phase, step.phase} & _MEETING else None
        if told is not None:
            return told
        side = _step_side(side, step)
        if not side and ctx.two_sided and stage.phase in _BUYERS_AFTER_THEIRS and _subjectless(step.text):
            side = _carried_buyer(ctx, stage.plan)  # "skipper finds it, books, sails it": the skipper sails
    if ctx.two_sided and side and (sides := _sides(ctx)):
        mine = [i for i, s in enumerate(sides) if s == side]
        if mine and len(mine) < len(personas):
            return mine
    return []


def theirs(ctx: Context, stages: list[StageBuild], who: list[int]) -> list[StageBuild]:
    """The stages the personas ``who`` go through (their own, and everyone's); all of ``stages`` when ``who`` is
    the owner ([]) or when none of them is theirs."""
    if not who:
        return stages
    mine = [s for s in stages if not (owners := stage_owners(ctx, s)) or set(owners) & set(who)]
    return mine or stages
