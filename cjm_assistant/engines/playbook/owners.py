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
  after "driver accepts") is the side's that takes that kind of step in the general two-sided model, or
  everyone's.

Otherwise it is everyone's (``[]``), as it is when every persona would own it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cjm_assistant.knowledge import relevance
from cjm_assistant.knowledge import kinds, steps
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


def _sides(ctx: Context) -> list[str]:
    """Each persona's side of the deal, when every persona's is known and they are not all on one side ([]
    otherwise): "Dog owner Rachel" names no side, so "Student sitter Kwame" (a student: a customer's word) cannot
    tell the sides apart, and no stage is marked by side."""
    sides = [persona_side(p.name, p.description) for p in ctx.profile.personas]
    known = all(s in ("provider", "customer") for s in sides) and len(set(sides)) > 1
    return sides if known else []


#: Kinds of step only one side of a deal ever takes, whoever the step before was about: paying, being paid out,
#: listing. Asking, chatting, meeting, travelling, reviewing are steps both sides may take.
_ONE_SIDED = frozenset({"pay", "payout", "list"})


def _model_side(phase: str | None) -> str:
    """The side that takes a kind of step only one side takes, in the general two-sided model (a buyer pays, a
    seller gets paid); "" for any other kind."""
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
        named = sides_named(step.text) & {"provider", "customer"}
        if len(named) == 2:
            return []  # a step that names both sides ("buyers message the seller"): both go through it
        if not named and not (step.phase and steps.data().phase[step.phase].side):
            side = _model_side(step.phase)  # its side was carried on from the step before ("passenger requests,
            # driver accepts -> pay in app"): only what kind of step it is says whose it is
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
