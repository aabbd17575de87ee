"""The main screen's insight actions: evidence, guesses, the future state, priorities, comparing.

Mixed into MainScreen. Each action (a palette entry from help_data, or a
slash command the router recognises) starts a task; :meth:`insight_done`
turns its result into a review, a report window or a chat message, and
:meth:`insight_failed` tells an open dialog (the failure itself is already a
notification and a chat message).
"""

from __future__ import annotations

from typing import Any

INSIGHT_ACTIONS = {"import_evidence", "evidence_summary", "guesses", "future", "linked_map", "priorities", "compare"}
INSIGHT_TASKS = {"evidence_read", "evidence", "evidence_summary", "guesses", "future", "future_open", "linked",
                 "priorities", "diff"}


class InsightActions:
    """Needs from MainScreen: chat, session, tasks, mode, review, load_conversation, notify, app."""

    # -- actions (palette) ------------------------------------------------------------------

    def action_import_evidence(self, path: str = "") -> None:
        from cjm_assistant.tui.screens.evidence_dialog import EvidenceScreen

        if not self._has_map():
            return

        def chosen(feedback: Any) -> None:
            if feedback is not None:
                self.tasks.import_evidence(feedback)

        self.app.push_screen(EvidenceScreen(path), chosen)

    def action_evidence_summary(self) -> None:
        if self._has_map():
            self.tasks.evidence_summary()

    def action_guesses(self) -> None:
        if self._has_map():
            self.tasks.guesses()

    def action_future(self) -> None:
        from cjm_assistant.tui.screens.future_picker import FuturePickerScreen

        if not self._has_map():
            return
        journey = self.session.journey
        if not any(stage.opportunities for stage in journey.stages):
            self.chat.add("system", "This map has no opportunities yet, so there is no future state to make: add "
                                    "some first (e.g. *add an opportunity “Price list on Instagram” to Discover*).")
            self.notify("The map has no opportunities yet.", severity="warning")
            return

        def chosen(refs: list[str] | None) -> None:
            if refs is not None:
                self.tasks.future(refs)

        self.app.push_screen(FuturePickerScreen(journey), chosen)

    def action_linked_map(self) -> None:
        if self._has_map():
            self.tasks.open_linked()

    def action_priorities(self) -> None:
        if self._has_map():
            self.tasks.priorities()

    def action_compare(self, ref: str = "") -> None:
        if self._has_map():
            self.tasks.diff(ref)

    def _has_map(self) -> bool:
        if self.mode() != "map":
            self.notify("Open a map first (Ctrl+O), or finish the interview.", severity="warning")
            return False
        return True

    # -- slash commands -------------------------------------------------------------------------

    def insight_intent(self, kind: str, args: list[str]) -> bool:
        """Run a router intent about the map; False when ``kind`` is not one of them."""
        arg = args[0] if args else ""
        if kind == "evidence":
            if arg:
                self.tasks.import_evidence(arg)
            else:
                self.tasks.evidence_summary()
        elif kind == "guesses":
            self.tasks.guesses()
        elif kind == "future":
            from cjm_assistant.tui.reports import split_refs

            if arg:
                self.tasks.future(split_refs(arg))
            else:
                self.action_future()
        elif kind == "linked":
            self.tasks.open_linked()
        elif kind == "priorities":
            self.tasks.priorities()
        elif kind == "diff":
            self.tasks.diff(arg)
        else:
            return False
        return True

    # -- results --------------------------------------------------------------------------------

    def insight_done(self, label: str, result: Any) -> None:  # noqa: C901 - one branch per task
        from cjm_assistant.tui.screens.report import ReportScreen

        if label == "evidence_read":
            dialog = self._evidence_dialog()
            if dialog is not None:
                dialog.show_read(result)
        elif label == "evidence" and result[0] == "confirm":
            from cjm_assistant.tui.screens.evidence_dialog import EvidenceScreen

            self.chat.add("system", f"Importing this file calls the model: {result[2].sentence()}. Check the "
                                    "columns and press Enter to go ahead, or Esc to leave it.")

            def chosen(feedback: Any) -> None:
                if feedback is not None:
                    self.tasks.import_evidence(feedback)

            self.app.push_screen(EvidenceScreen(str(result[1].path)), chosen)
        elif label in ("evidence", "future"):
            proposal = result[1]
            if not proposal.empty:
                if label == "evidence" and getattr(proposal, "evidence", None) is not None \
                        and proposal.evidence.counts["unplaced"]:
                    self.review_evidence_rows(proposal)  # where each row goes first, then the changes
                else:
                    self.review(proposal)
            else:
                self.notify("The evidence changes nothing on the map; nothing was saved.", title="Evidence")
        elif label in ("evidence_summary", "guesses"):
            self.chat.add("report", result)
        elif label == "future_open":
            self.load_conversation("open", result)
            self.notify("Saved as a new future-state map. “Switch to the linked map” in the palette (or /linked) "
                        "goes back to the current state.", title="Future state")
        elif label == "linked":
            if result is None:
                self.chat.add("system", "This map has no linked map: make a future state of it with `/future`.")
                self.notify("This map has no linked map yet.", severity="warning")
            else:
                self.load_conversation("open", result)
        elif label == "priorities":
            self.app.push_screen(ReportScreen("Priorities: what to do first", result,
                                              "Esc closes · /export priorities PATH writes it to a file"))
        elif label == "diff":
            markdown, summary = result
            self.chat.add("system", f"Compared {summary}.")
            self.app.push_screen(ReportScreen(f"Compare: {summary}", markdown))

    def insight_failed(self, label: str, error: BaseException) -> None:
        if label == "evidence_read":
            dialog = self._evidence_dialog()
            if dialog is not None:
                dialog.read_failed(error)

    def review_evidence_rows(self, proposal: Any) -> None:
        """The review table of an evidence import (row, text, proposed stage, confidence): the user accepts or
        reassigns rows, then reviews the proposal's changes as usual."""
        from cjm_assistant.tui.screens.evidence_review import EvidenceReviewScreen

        def chosen(choices: Any) -> None:
            if choices:
                proposal.evidence.reassign(choices)
            self.review(proposal)

        stages = [(s.id, s.name) for s in proposal.base.stages] if proposal.base else []
        self.app.push_screen(EvidenceReviewScreen(proposal.evidence.review_rows(), stages), chosen)

    def _evidence_dialog(self):
        from cjm_assistant.tui.screens.evidence_dialog import EvidenceScreen

        return next((s for s in reversed(self.app.screen_stack) if isinstance(s, EvidenceScreen)), None)
