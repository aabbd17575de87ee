"""The playbook behind the engine protocol (``cjm_assistant.engines.base.Engine``)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cjm_assistant.engines.base import (
    CallRecorder,
    EditProposal,
    Extraction,
    MapProposal,
    PartialCallback,
    check_cancel,
)
from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.domain.profile import Profile

from .answer import answer
from .compose import compose_with_notes, propose_stream
from .extract import FIELDS, cut_note, extract, journey_cut_note, name_only_note, thin_answer

if TYPE_CHECKING:
    from cjm_assistant.evidence import Classified, Estimate, Feedback, ProgressCallback


class PlaybookEngine:
    """Offline and deterministic: no network, no key, no cost. Nothing is recorded."""

    name = "playbook"

    def __init__(self) -> None:
        self.recorder: CallRecorder | None = None
        # The last map composed, by what it was composed from: the interview asks for the proposed stages, then
        # for the problems no stage fits, then for the draft, all from the same answers; composed once for the
        # three. Only read from here; the draft hands it over and forgets it (the caller may change it).
        self._composed: tuple[str, tuple[JourneyMap, list[str]]] | None = None
        self._lock = threading.Lock()

    def _compose(self, profile: Profile, kind: str | None = None, take: bool = False) -> tuple[JourneyMap, list[str]]:
        key = f"{kind}\n{profile.model_dump_json()}"
        with self._lock:
            kept = self._composed
            if kept is not None and kept[0] == key:
                if take:
                    self._composed = None
                return kept[1]
        made = compose_with_notes(profile, kind)
        if not take:
            with self._lock:
                self._composed = (key, made)
        return made

    def extract(self, field: str, answer: str, profile: Profile, cancel: threading.Event | None = None) -> Extraction:
        """What one interview answer says, and a follow-up question if it was too thin."""
        check_cancel(cancel)
        if field not in FIELDS:  # a question this engine has no rule for: the interview keeps the words
            return Extraction()
        cut = (field == "journey" and journey_cut_note(answer)) or cut_note(answer)  # the steps' cut is the nearer
        note = " ".join(filter(None, (cut, name_only_note(answer) if field == "business" else "")))
        return Extraction(update=extract(field, answer, profile), follow_up=thin_answer(field, answer, profile),
                          note=note)

    def propose_map(self, profile: Profile, on_partial: PartialCallback | None = None,
                    cancel: threading.Event | None = None, kind: str | None = None) -> MapProposal:
        """A first map; ``on_partial`` sees it grow one stage at a time."""
        check_cancel(cancel)
        journey, notes = self._compose(profile, kind, take=True)
        if on_partial is not None:
            for partial in propose_stream(profile, kind):
                check_cancel(cancel)
                on_partial(partial)
        check_cancel(cancel)
        return MapProposal(journey=journey, notes=notes)

    def propose_stream(self, profile: Profile, kind: str | None = None) -> Iterator[JourneyMap]:
        return propose_stream(profile, kind)

    def unplaced(self, profile: Profile) -> tuple[list[str], list[str]]:
        """(the stages of the map this profile gives, the stated problems no stage fits with confidence): the
        interview asks where each of those happens."""
        journey, _ = self._compose(profile)
        return [s.name for s in journey.stages], [pp.name for pp in journey.unplaced]

    def proposed_stages(self, profile: Profile) -> tuple[list[str], bool]:
        """(the stages of the map this profile gives, whether they rest on an industry recognised with
        confidence, ``SURE_OF_STAGES``): below it, the interview shows them for the owner to confirm, rename or
        reorder."""
        from cjm_assistant.knowledge.detect import SURE_OF_STAGES

        from .context import build_context

        journey, _ = self._compose(profile)
        ctx = build_context(profile, None)
        return [s.name for s in journey.stages], bool(ctx.industry_key) and ctx.confidence >= SURE_OF_STAGES

    def propose_edits(self, journey: JourneyMap, instruction: str, on_partial: PartialCallback | None = None,
                      cancel: threading.Event | None = None) -> EditProposal:
        """Typed edits from a plain-language instruction, by the shared rule-based parser."""
        from cjm_assistant.engines.instructions import propose

        check_cancel(cancel)
        return propose(journey, instruction)

    def answer(self, journey: JourneyMap, question: str, on_partial: PartialCallback | None = None,
               cancel: threading.Event | None = None) -> str:
        """A plain answer read from the map itself."""
        check_cancel(cancel)
        reply = answer(journey, question)
        if on_partial is not None:
            on_partial(reply)
        return reply

    def classify_evidence(self, journey: JourneyMap, feedback: Feedback, cancel: threading.Event | None = None,
                          on_progress: ProgressCallback | None = None) -> Classified:
        """Every feedback item through the offline matcher; cancel is checked every 500 items."""
        from cjm_assistant.evidence import classify_offline

        def progress(done: int, total: int) -> None:
            check_cancel(cancel)
            if on_progress is not None:
                on_progress(done, total)

        return classify_offline(journey, feedback, progress)

    def estimate_evidence(self, journey: JourneyMap, feedback: Feedback) -> Estimate:
        """Matching offline takes no model calls and costs nothing."""
        from cjm_assistant.evidence import Estimate

        return Estimate(len(feedback.items), self.name)
