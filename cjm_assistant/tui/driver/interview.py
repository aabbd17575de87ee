"""The session driver's interview and proposal calls: answers, instructions, questions, accepting, rejecting.

An answer that completes the interview goes on to draft the map (streamed as
``Sketched``) and reports it as ``Proposed``; an instruction reports its
changes the same way; nothing is saved until ``accept``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from cjm_assistant.tui.driver.core import DriverBase, session_call

if TYPE_CHECKING:
    from cjm_assistant.session import Proposal


class InterviewCalls(DriverBase):
    """The interview, instructions and questions, and what becomes of a proposal."""

    @session_call("answer", engine=True, says_first=True)
    def answer(self, text: str) -> Message:
        """An interview answer; once the interview is ready, the draft map follows as ``Proposed``."""
        turn = self.session.answer(text, cancel=self._cancel)
        if turn.ready and not get_current_worker().is_cancelled:
            return self.Proposed(self.session.draft_map(on_partial=self._partial, cancel=self._cancel))
        return self.Answered(turn, self.session.sketch())

    @session_call("instruct", engine=True, says_first=True)
    def instruct(self, text: str, selected: str | None = None) -> Message:
        """An instruction; ``selected``: the stage selected on the map, which "that stage" may mean."""
        return self.Proposed(self.session.instruct(text, self._partial, self._cancel, selected=selected,
                                                   chatting=True))

    @session_call("ask", engine=True, says_first=True)
    def ask(self, question: str) -> None:
        """A question about the map; the reply streams (``Streamed``) and is said (``Said``)."""
        self.session.ask(question, self._partial, self._cancel)

    @session_call("accept")
    def accept(self, proposal: Proposal, only: list[int] | None = None) -> Message:
        """Save a proposal (``only``: the parts kept); a future state is saved as a new map, then opened."""
        from cjm_assistant.session import FutureProposal

        version = self.session.accept(proposal, only=only)
        return self._opened("future") if isinstance(proposal, FutureProposal) else self.Saved(version)

    @session_call("reject")
    def reject(self, proposal: Proposal) -> Message:
        self.session.reject(proposal)
        return self.SetAside(proposal)

    @session_call("new")
    def new_interview(self) -> None:
        """Start the interview: ``Opened`` (nothing to show yet), then its first question as ``Said``."""
        self.post_message(self.Opened(None, [], "new"))
        self.session.start_interview()

    @session_call("resume")
    def resume(self, interview_id: str | None = None) -> Message | None:
        """Pick up the unfinished interview (the newest, or ``interview_id``); with none left (finished elsewhere
        meanwhile), start a new one."""
        question = self.session.resume_interview(interview_id)
        if question is not None:
            return self.Opened(None, self.session.conversation(), "resume", question=question,
                               sketch=self.session.sketch())
        self.post_message(self.Opened(None, [], "resume", question=None))
        self.session.start_interview()
        return None
