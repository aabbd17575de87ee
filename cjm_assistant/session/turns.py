"""The session's conversation: the interview, one answer at a time, and what the engine proposes.

A part of :class:`~cjm_assistant.session.session.Session` (see there why parts): its methods name
the session by :class:`~cjm_assistant.session.contract.SessionParts`.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from cjm_assistant.domain.errors import EditError

#: A "did you mean" in a refusal: the name typed and the one suggested ("no stage called 'Delivry'; did you mean
#: 'Delivery'?")
_DID_YOU_MEAN = re.compile(r"called '([^']+)'; did you mean '([^']+)'\?")

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.engines.base import PartialCallback
    from cjm_assistant.interview import Turn
    from cjm_assistant.session.contract import SessionParts
    from cjm_assistant.session.proposals import Proposal


class Turns:
    """Start or resume an interview, answer it, draft a map, instruct, ask; accept or set aside a proposal."""

    def start_interview(self: SessionParts, greet: bool = True) -> str:
        """Start a new interview; its greeting and first question are said (and saved) unless ``greet`` is
        False (an answers file answers it: the chat should not show a question nobody was asked)."""
        from cjm_assistant.interview import Interview

        self.map_id, self.journey, self.head = None, None, None
        self.interview = Interview(self.engine)
        self._save_interview()
        opening = self.interview.opening()
        return self.say("assistant", opening) if greet else opening

    def resume_interview(self: SessionParts, interview_id: str | None = None) -> str | None:
        """Pick up an unfinished interview; returns what to ask next, or None if there is none."""
        data = self.store.load_interview(interview_id) if interview_id else self.store.latest_interview()
        if data is None:
            return None
        from cjm_assistant.interview import Interview, InterviewState

        self.map_id, self.journey, self.head = None, None, None
        self.interview = Interview(self.engine, InterviewState.model_validate(data))
        if self.interview.state.pending:  # answered, but the app stopped before the answer was read
            return self._read_pending().reply
        return self.interview.prompt()

    def unfinished_interview(self: SessionParts) -> dict | None:
        """The saved state of the newest interview that has no map yet, if any (for "resume")."""
        return self.store.latest_interview()

    def answer(self: SessionParts, text: str, cancel: threading.Event | None = None) -> Turn:
        """Take an answer: saved at once with the interview marked as waiting for it, then read (the engine may
        call a model), then the interview's next step and the reply saved together. A kill in between loses
        nothing: resuming reads the waiting answer (see :meth:`resume_interview`).

        Setting ``cancel`` stops the reading at once: the interview stays at the same question (the answer is
        saved in the conversation, not taken in, and no longer waiting) and :class:`Cancelled` is raised.
        """
        if self.interview is None:
            raise EditError("there is no interview in progress; start one with /new")
        with self._commit():
            self.interview.state.pending = self.say("user", text)
            self._save_interview()
        return self._read_pending(cancel)

    def _read_pending(self: SessionParts, cancel: threading.Event | None = None) -> Turn:
        from cjm_assistant.engines.base import Cancelled
        from cjm_assistant.session import live

        interview = self.interview
        assert interview is not None
        text = interview.state.pending
        try:
            turn = self.engine_call(lambda: live.answer(interview, text, cancel))  # extraction may call a model
        except Cancelled:
            with self._commit():
                interview.state.pending = ""
                self._save_interview()
            raise
        with self._commit():
            interview.state.pending = ""
            self._save_interview()
            self.say("assistant", f"{turn.note}\n\n{turn.reply}".strip())
        return turn

    def interview_from_file(self: SessionParts, path: str | Path, answers: dict | None = None) -> list[str]:
        """Start an interview and answer it from an answers TOML file (``answers``: the file as
        :func:`~cjm_assistant.interview.load_answers` read it already); notes on what the file left unanswered.
        AnswersError, with nothing saved, when the answers give more than a map holds (61 channels)."""
        from cjm_assistant.interview import Interview, load_answers, run_answers
        from cjm_assistant.userfiles import read_text

        if answers is None:
            answers = load_answers(read_text(path, limit=1_000_000, what="answers file"))
        interview = Interview(self.engine)  # answered in memory: saved only once the answers are known to fit a map
        notes = self.engine_call(lambda: run_answers(interview, answers))
        self.map_id, self.journey, self.head = None, None, None
        self.interview = interview
        self._save_interview()
        # What the chat shows when the map is opened later: where its answers came from, not a first question.
        said = f"The interview was answered from the file {Path(path).name}."
        if notes:
            said += "\n\n" + "\n".join(f"- {note}" for note in notes)
        self.say("assistant", said, answers_file=str(path))
        return notes

    def sketch(self: SessionParts) -> JourneyMap | None:
        """The map the interview's answers so far give, as a draft to draw (nothing saved; cheap enough to call
        after every answer): the business, the personas and channels named, a skeleton of stages. None before
        the business is known, or with no interview. See :func:`live.sketch`."""
        from cjm_assistant.session import live

        return live.sketch(self.interview.state.profile) if self.interview is not None else None

    def _save_interview(self: SessionParts) -> None:
        assert self.interview is not None
        self.store.save_interview(self.interview.state.id, self.interview.state.model_dump(mode="json"), map_id=self.map_id)

    def draft_map(self: SessionParts, on_partial: PartialCallback | None = None,
                  cancel: threading.Event | None = None) -> Proposal:
        """Ask the engine for a whole map from the interview's profile."""
        if self.interview is None:
            raise EditError("there is no interview to draft a map from; start one with /new")
        profile = self.interview.state.profile
        from cjm_assistant.session.proposals import MapProposal

        result = self.engine_call(lambda: self.engine.propose_map(profile, on_partial=on_partial, cancel=cancel))
        # A draft starts a new map (the interview has none), so there is nothing to diff against.
        proposal = MapProposal(result.journey, notes=list(result.notes))
        self.emit("proposal", proposal)
        return proposal

    def instruct(self: SessionParts, text: str, on_partial: PartialCallback | None = None,
                 cancel: threading.Event | None = None, selected: str | None = None,
                 chatting: bool = False) -> Proposal:
        """Turn a plain-language instruction into proposed edits (nothing saved but the message).

        ``chatting``: a conversation goes on after this (the app), where a "yes" can take up a "did you mean": the
        refusal says so (one command line has no next turn to say it in).

        "that stage" ("this stage", "make it very negative") is the stage the last instruction named, or the
        stage ``selected`` on the map (an id) when the selection has moved since the last instruction."""
        from cjm_assistant.domain import edits
        from cjm_assistant.domain.diff import diff_maps
        from cjm_assistant.engines.stage_focus import focus_after, focused
        from cjm_assistant.knowledge.questions import consent
        from cjm_assistant.knowledge.step_goals import with_rename_goals
        from cjm_assistant.session.proposals import EditProposal, without_repeats

        journey = self.journey_or_fail()
        text = self.say("user", text)
        suggested, self.suggested = self.suggested, None
        if suggested and consent(text) == "accept":  # "yes" to "no stage called 'Delivry'; did you mean ...?"
            instruction, typed, better = suggested
            at = instruction.casefold().find(typed.casefold())
            text = instruction[:at] + better + instruction[at + len(typed):]
        if selected != self.stage_focus[1]:  # the cursor moved to a stage since: that is the one now
            self.stage_focus = (selected or self.stage_focus[0], selected)
        focus = self.stage_focus[0]
        def propose():
            try:
                return self.engine.propose_edits(journey, text, on_partial=on_partial, cancel=cancel)
            except EditError as e:
                hint = _DID_YOU_MEAN.search(str(e))
                if hint and hint.group(1).casefold() in text.casefold():
                    self.suggested = (text, hint.group(1), hint.group(2))
                    if chatting:  # said once, with the way to take it up
                        raise EditError(f"{e} Say “yes” to use it.") from None
                raise

        with focused(focus):
            result = self.engine_call(propose)
        # a rename the engine made without the stage's goal in its new words (the model's) gets it here
        ops, repeats = without_repeats(journey, with_rename_goals(journey, result.ops))
        ops, unchanged = edits.without_no_change(journey, ops)  # "move it to the stage it is on": nothing to save
        repeats += unchanged
        if not ops:
            reply = " ".join(repeats) or result.reply
            self.say("assistant", (f"No change: {reply}" if unchanged else reply)
                     or "I could not turn that into a change to the map.")
            return EditProposal(journey, reply=reply, instruction=text, base=journey, repeats=repeats)
        preview = edits.apply(journey, ops)  # the engine's own check of the ops made it already: not again
        self.stage_focus = (focus_after(journey, preview, ops, focus), self.stage_focus[1])
        # Loose readings of names ("Delivery" for "Delivery or collection"), for a front end to show before saving.
        understood = list(getattr(result, "understood", []))
        proposal = EditProposal(preview, ops=ops, reply=" ".join([*repeats, result.reply]).strip(), instruction=text,
                                notes=understood, diff=diff_maps(journey, preview), base=journey, repeats=repeats)
        self.emit("proposal", proposal)
        return proposal

    def ask(self: SessionParts, question: str, on_partial: PartialCallback | None = None,
            cancel: threading.Event | None = None) -> str:
        journey = self.journey_or_fail()
        question = self.say("user", question)
        reply = self.engine_call(lambda: self.engine.answer(journey, question, on_partial=on_partial, cancel=cancel))
        return self.say("assistant", reply)

    def accept(self: SessionParts, proposal: Proposal, only: list[int] | None = None) -> int:
        """Save a proposal (whole, or only the parts numbered in ``only``); the version number saved."""
        return proposal.accept(self, only)

    def reject(self: SessionParts, proposal: Proposal) -> None:
        self.say("assistant", "Proposal set aside; the map is unchanged.")

    def edit_by_rule(self: SessionParts, typed: str, instruction: str) -> int:
        """A slash command (``/add``, ``/rename``...): read by the deterministic parser and saved at once."""
        from cjm_assistant.engines import instructions

        self.say("user", typed)
        try:
            return self.edit(instructions.propose(self.journey_or_fail(), instruction).ops, instruction)
        except EditError as e:  # said, as an engine's failure is: read back later, the command has its answer
            self.say("assistant", f"⚠ {e}", error="edit")
            raise

    @staticmethod
    def instruction_help(journey: JourneyMap | None = None) -> str:
        """What ``/add``, ``/rename``, ``/move`` and ``/remove`` understand (see :meth:`edit_by_rule`), for a help page;
        with a map, its examples name that map's own stages."""
        from cjm_assistant.engines.instructions import help_for

        return help_for(journey)

    def unanswered(self: SessionParts) -> str | None:
        """The open map's last message, if the user typed it and nothing answered it: cjm stopped before the
        reply, or before what it proposed was accepted (a proposal not accepted saves nothing)."""
        if self.map_id is None:
            return None
        last = self.store.last_message(self.map_id)
        if last is None or last.role != "user" or (last.meta or {}).get("typed") is False:
            return None
        return last.content

    def conversation(self: SessionParts) -> list[tuple[str, str]]:
        """(role, text) of every message of the open map, or of the interview in progress."""
        if self.map_id is not None:
            messages = self.store.messages(map_id=self.map_id)
        elif self.interview is not None:
            messages = self.store.messages(interview=self.interview.state.id)
        else:
            return []
        return [(m.role, m.content) for m in messages]
