"""The session driver's calls about what the map tells: evidence, guesses, the future state, priorities, comparing.

Reports come back as ``Reported`` (or are said in the chat and saved), an
evidence import or a future state as ``Proposed``, a file read for the
evidence dialog as ``EvidenceRead``.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message

from cjm_assistant.tui.driver.core import DriverBase, session_call


class InsightCalls(DriverBase):
    """Evidence, guesses, the future state and the linked map, priorities, comparing."""

    @session_call("evidence_read")
    def read_evidence(self, path: str, options: Any = None, leave_out: tuple[str, ...] = ()) -> Message:
        """Read a feedback file for the evidence dialog: ``EvidenceRead``, with what importing it would cost."""
        self.session.store.check_writable()  # before the file is read: its import could not be saved
        feedback = self.session.read_evidence(path, options, leave_out)
        return self.EvidenceRead(feedback, self.session.estimate_evidence(feedback))

    @session_call("evidence", engine=True)
    def import_evidence(self, source: Any) -> Message:
        """Match feedback (a path, or the Feedback the dialog read) to the map: ``Proposed``.

        Given a path, an import that would call the model stops at ``EvidenceRead`` to confirm, so the
        cost is shown before anything is spent.
        """
        feedback = source
        if isinstance(source, str):
            self.session.store.check_writable()
            feedback = self.session.read_evidence(source)
            estimate = self.session.estimate_evidence(feedback)
            if not estimate.free:
                return self.EvidenceRead(feedback, estimate, confirm=True)
        proposal = self.session.import_evidence(feedback, on_progress=self._progress, cancel=self._cancel)
        unplaced = proposal.evidence is not None and proposal.evidence.counts["unplaced"]
        return self.Proposed(proposal, proposal.evidence.review_rows() if unplaced else [])

    @session_call("evidence_summary")
    def evidence_summary(self) -> None:
        from cjm_assistant.tui.reports import evidence_markdown

        s = self.session
        names = {item.id: getattr(item, "name", "") for _, item, _ in s.journey.items()} if s.journey else {}
        s.say("assistant", evidence_markdown(s.evidence_summary(), names, map_id=s.map_id or "MAP"), report="evidence")
        return None  # said, and saved: it comes back when the map is opened again

    @session_call("guesses")
    def guesses(self) -> None:
        from cjm_assistant.tui.reports import guesses_markdown

        stages = [stage.name for stage in self.session.journey.stages] if self.session.journey else None
        self.session.say("assistant", guesses_markdown(self.session.guesses(), stages), report="guesses")
        return None  # said, and saved: it comes back when the map is opened again

    @session_call("future")
    def future(self, refs: list[str] | None = None) -> Message:
        """A future-state map with the chosen opportunities (ids or names; none: all) in place: ``Proposed``."""
        return self.Proposed(self.session.propose_future(refs or None))

    @session_call("linked")
    def open_linked(self) -> Message:
        """Open the map linked to this one (its current state, or its newest future state)."""
        if self.session.open_linked() is None:
            return self.Notice("This map has no linked map: make a future state of it with `/future`.",
                               warning="This map has no linked map yet.")
        return self._opened("linked")

    @session_call("priorities")
    def priorities(self) -> Message:
        return self.Reported(self.session.export("priorities")[0], "Priorities: what to do first",
                             "Esc closes · /export priorities PATH writes it to a file")

    @session_call("diff")
    def compare(self, ref: str = "") -> Message:
        """Compare the map with an earlier version or another map (``ref``; none: the previous version)."""
        from cjm_assistant.export.changes import to_markdown

        result, before, after = self.session.compare(ref.strip())
        summary = f"{before} → {after}: {result.summary()}"
        return self.Reported(to_markdown(result, before, after), f"Compare: {summary}", said=f"Compared {summary}.")
