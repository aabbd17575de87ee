"""What an engine proposes, one class per kind; nothing is saved until the proposal is accepted.

Every proposal knows what it would change (``journey``: the map as it would be
once accepted whole), what can be accepted one by one (``parts``), and how to
save itself through the session (``accept``). Front ends show ``reply``,
``notes``, ``diff`` and ``parts`` and call ``Session.accept``; they never
branch on what kind of proposal it is to save it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from cjm_assistant.domain import edits
from cjm_assistant.domain.diff import MapDiff
from cjm_assistant.domain.draft import find_stage
from cjm_assistant.domain.edits import EditError, EditOp, RemoveStage
from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.domain.ops import AddPainPoint

if TYPE_CHECKING:
    from cjm_assistant.session.contract import SessionCore as Session


@dataclass
class Proposal:
    """A change to review: accept it whole, in part (``only``: indexes into ``parts``), or set it aside."""

    journey: JourneyMap
    reply: str = ""
    notes: list[str] = field(default_factory=list)
    diff: MapDiff = field(default_factory=MapDiff)
    instruction: str = ""
    kind: ClassVar[str] = ""  # "map" (a whole map, accepted stage by stage) or "edits" (accepted op by op)

    @property
    def parts(self) -> list[str]:
        raise NotImplementedError

    @property
    def empty(self) -> bool:
        """True when there is nothing to accept (an instruction that changed nothing)."""
        return not self.parts

    def accept(self, session: Session, only: list[int] | None = None) -> int:
        """Save it (whole, or only the parts numbered in ``only``); the version number saved."""
        raise NotImplementedError

    def preview(self, only: list[int] | None = None) -> JourneyMap:
        """The map as it would be with only the parts numbered in ``only`` accepted (None: all), for drawing while
        the user ticks parts; nothing is checked or saved, and no selection is refused."""
        raise NotImplementedError

    def _chosen(self, only: list[int] | None) -> list[int]:
        count = len(self.parts)
        chosen = list(range(count)) if only is None else sorted(set(only) & set(range(count)))
        if not chosen:
            raise EditError("nothing was selected, so nothing changed")
        return chosen


@dataclass
class MapProposal(Proposal):
    """A whole new map (the interview's draft); its parts are its stages."""

    kind: ClassVar[str] = "map"

    @property
    def parts(self) -> list[str]:
        return [f"stage {s.name}" for s in self.journey.stages]

    def selected(self, only: list[int] | None) -> JourneyMap:
        """The map with only the chosen stages (all of them when ``only`` is None)."""
        if only is None:
            return self.journey
        keep = set(self._chosen(only))
        drop = [s.id for i, s in enumerate(self.journey.stages) if i not in keep]
        return edits.apply(self.journey, [RemoveStage(stage=sid) for sid in drop])

    def preview(self, only: list[int] | None = None) -> JourneyMap:
        if only is None:
            return self.journey
        keep = set(only)
        return self.journey.model_copy(update={"stages": [s for i, s in enumerate(self.journey.stages) if i in keep]})

    def accept(self, session: Session, only: list[int] | None = None) -> int:
        message = f"{'accepted the' if only is None else 'accepted part of the'} draft map from {session.engine.name}"
        return session.save_new_map(self.selected(only), message)


@dataclass
class FutureProposal(MapProposal):
    """A future-state map made from a version of an open map; accepting saves it as a new, linked map."""

    derived_from: tuple[str, int] = ("", 0)  # (map id, version)
    ops: list[EditOp] = field(default_factory=list)

    def accept(self, session: Session, only: list[int] | None = None) -> int:
        return session.save_linked_map(self.selected(only), self.derived_from, self.instruction)


@dataclass
class EditProposal(Proposal):
    """Edits to the open map (a chat instruction); its parts are the edits."""

    ops: list[EditOp] = field(default_factory=list)
    base: JourneyMap | None = None  # the map the edits apply to
    repeats: list[str] = field(default_factory=list)  # pain points left out as already there (:func:`without_repeats`)
    kind: ClassVar[str] = "edits"

    @property
    def parts(self) -> list[str]:
        return [edits.describe(op, self.base) for op in self.ops]

    def preview(self, only: list[int] | None = None) -> JourneyMap:
        if only is None or self.base is None:
            return self.journey
        journey = self.base
        for i in sorted(set(only) & set(range(len(self.ops)))):
            try:
                journey = edits.apply(journey, [self.ops[i]])
            except EditError:  # it needs a part left out: accepting this selection will say so
                continue
        return journey

    def accept(self, session: Session, only: list[int] | None = None) -> int:
        ops = [self.ops[i] for i in self._chosen(only)]
        return session.edit(ops, self.instruction or "accepted a proposal", author=session.accepted_by,
                            preview=self.preview_for(session, only))

    def preview_for(self, session: Session, only: list[int] | None) -> JourneyMap | None:
        """The map shown, to be saved as it is: when it is accepted whole on the map it was made from."""
        return self.journey if only is None and self.ops and self.base is session.journey else None


@dataclass
class EvidenceProposal(EditProposal):
    """Edits that customer evidence supports; accepting also saves one evidence row per item kept."""

    evidence: Any = None  # an evidence.EvidenceImport

    @property
    def parts(self) -> list[str]:
        labels = self.evidence.op_labels if self.evidence is not None else None
        if labels and len(labels) == len(self.ops):  # "pp2 “Slow replies” (Ask & compare): +22 mentions"
            return list(labels)
        return super().parts

    @property
    def new_items(self) -> int:
        """How many items of the file are new to the map (kept as evidence rows if accepted): none when every one
        was imported before, and then accepting would save an empty version."""
        counts = self.evidence.counts if self.evidence is not None else {}
        return sum(counts.get(kind, 0) for kind in ("pain", "praise", "other"))

    def reassign(self, choices: dict[tuple[int, int], str | None]) -> None:
        """Put rows where the user chose in the review table, and make the changes again from where they now are
        (a row moved away from a pain point no longer counts for it): the ops, the map they make, its diff."""
        from cjm_assistant.domain.diff import diff_maps

        if self.evidence is None or not choices:
            return
        self.evidence.reassign(choices)
        self.ops = list(self.evidence.ops)
        self.notes = list(self.evidence.notes)
        self.reply = self.evidence.reply
        if self.base is not None:
            self.journey = edits.apply(self.base, self.ops) if self.ops else self.base
            self.diff = diff_maps(self.base, self.journey)

    def accept(self, session: Session, only: list[int] | None = None) -> int:
        # no edit to the map, but new rows: they are kept (listed, traced, assigned by hand), as a version
        chosen = [] if not self.ops and only is None and self.evidence is not None else self._chosen(only)
        rows = self.evidence.rows_for(None if only is None else chosen)
        return session.save_evidence([self.ops[i] for i in chosen], rows, self.instruction or "imported evidence",
                                     preview=self.preview_for(session, only))


# -- a pain point that is already there ------------------------------------------------

#: How alike two words must be (rapidfuzz's ratio of their stems, 0 to 100) for one to be a typo of the other:
#: "recieve" and "receive"; not "cash" and "card".
SAME_WORDS = 80
#: The fewest content words the shorter of two pain points needs for "all its words are in the other" to mean
#: the same ("Deliveries arrive late" and "Late deliveries"; not "Parking" and "Parking is free").
MIN_CONTAINED = 2
#: Words that tell one thing from another of the same kind ("Step one", "the second visit", "five pounds"):
#: two names that differ in them never say the same, whatever else they share.
_NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million "
    "first second third fourth fifth sixth seventh eighth ninth tenth last once twice half double".split())


def _markers(text: str) -> list[str]:
    """The numbers, number words and one-letter labels ("Writer B") of a name, in order of size."""
    import re

    found = re.findall(r"\d+(?:[.,]\d+)*|[^\W\d_]+", text.casefold())
    return sorted(w for w in found if w[0].isdigit() or w in _NUMBER_WORDS or (len(w) == 1 and w not in "ai"))


def says_the_same(a: str, b: str) -> bool:
    """Whether two pain points' names say the same thing: the same numbers and labels ("Step 2" is not "Step 1",
    "the second visit" not "the first"), and the same content words (stemmed, synonyms folded) in any order, a
    word allowed to differ only by a typo; or all the shorter one's words (two or more) in the longer one."""
    from rapidfuzz import fuzz

    from cjm_assistant.knowledge.relevance import stems

    if _markers(a) != _markers(b):
        return False
    sa, sb = stems(a), stems(b)
    if not sa or not sb:
        return a.casefold().strip() == b.casefold().strip()
    if min(len(sa), len(sb)) >= MIN_CONTAINED and (sa <= sb or sb <= sa):
        return True
    only_a, only_b = sa - sb, sb - sa

    def typo(x: str, y: str) -> bool:  # a stem the stemmer left whole beside its typo ("confirmaton", "confirm")
        short, long = sorted((x, y), key=len)
        return fuzz.ratio(x, y) >= SAME_WORDS or (len(short) >= 5 and len(long) - len(short) <= 4
                                                  and fuzz.partial_ratio(short, long) == 100)

    def typos(left: set[str], right: set[str]) -> bool:
        return all(any(typo(x, y) for y in right) for x in left)

    return typos(only_a, only_b) and typos(only_b, only_a)


def without_repeats(base: JourneyMap, ops: list[EditOp]) -> tuple[list[EditOp], list[str]]:
    """``ops`` without the pain points that say the same as one already on their stage (:func:`says_the_same`),
    and one sentence for each left out, naming the one that is there."""
    kept: list[EditOp] = []
    said: list[str] = []
    for op in ops:
        if isinstance(op, AddPainPoint):
            try:
                stage = find_stage(base, op.stage)
            except EditError:  # a stage these ops add, or none: applying them will say so
                stage = None
            same = next((p for p in stage.pain_points if says_the_same(op.name, p.name)), None) if stage else None
            if same is not None:
                said.append(f"“{op.name}” says the same as “{same.name}”, already on {stage.name}: "
                            "not added again.")
                continue
        kept.append(op)
    return kept, said
