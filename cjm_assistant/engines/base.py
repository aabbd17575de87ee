"""The engine protocol: what the playbook and the LLM engines both do.

Engines are synchronous and side-effect free with respect to the store: they
read a profile or a map and return proposals. The session decides what is
saved.

Long calls take an ``on_partial`` callback, called with the proposal as it
grows (a dict of the JSON so far, or the text of an answer) so that a UI can
draw it, and a ``cancel`` event.

Cancellation: whoever started a call may set its ``cancel`` (a
:class:`threading.Event`) from any thread. The engine checks it between
steps (between streamed chunks, batches, or every few hundred evidence items,
and while it waits for a provider to answer) and then raises
:class:`Cancelled`: nothing is proposed, so the map is as it was
(:func:`check_cancel` is the check).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from cjm_assistant.domain.edits import EditOp
from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.domain.profile import Profile

if TYPE_CHECKING:
    from cjm_assistant.evidence import Classified, Estimate, Feedback, ProgressCallback


class EngineError(Exception):
    """A failure the user should hear about in one sentence, with what to do.

    ``kind`` is a short tag (timeout, rate_limit, auth, not_found, context,
    server, connection, bad_output, cancelled...) for tests and the call log.
    """

    def __init__(self, message: str, kind: str = "error", retryable: bool = False):
        from cjm_assistant.domain.text import redact

        super().__init__(redact(message))  # an --api-base with a password or ?token= in it is never shown
        self.kind = kind
        self.retryable = retryable


class Cancelled(EngineError):
    """The caller set the call's ``cancel`` event; nothing was proposed."""

    def __init__(self, message: str = "Cancelled; the map is as it was."):
        super().__init__(message, kind="cancelled")


@dataclass
class Extraction:
    """What an engine understood from one interview answer."""

    update: dict[str, Any] = field(default_factory=dict)  # a partial Profile, for Profile.merge
    follow_up: str | None = None  # a question to ask when the answer was too thin
    note: str = ""  # what the owner should know about the reading (part of a long answer left out)


@dataclass
class EditProposal:
    """Edits an engine proposes for an instruction, and what it says about them."""

    ops: list[EditOp]
    reply: str = ""


@dataclass
class MapProposal:
    journey: JourneyMap
    notes: list[str] = field(default_factory=list)  # what was assumed, for the user to check


CallRecorder = Callable[[dict[str, Any]], None]
PartialCallback = Callable[[Any], None]


class Engine(Protocol):
    name: str
    recorder: CallRecorder | None  # gets one dict per model call (the store's llm_calls columns), if set
    # An engine that calls a model may also have ``progress`` (called with {step, tokens, elapsed, done} while a
    # reply streams) and ``remember_in(store)`` (what it learns about a model, kept in the database): the session
    # sets both when they are there.

    def extract(self, field: str, answer: str, profile: Profile,
                cancel: threading.Event | None = None) -> Extraction: ...

    def propose_map(
        self,
        profile: Profile,
        on_partial: PartialCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> MapProposal: ...

    def propose_edits(
        self,
        journey: JourneyMap,
        instruction: str,
        on_partial: PartialCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> EditProposal: ...

    def answer(
        self,
        journey: JourneyMap,
        question: str,
        on_partial: PartialCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> str: ...

    # Customer evidence (see cjm_assistant.evidence, whose analyse and estimate call these).

    def classify_evidence(
        self,
        journey: JourneyMap,
        feedback: Feedback,
        cancel: threading.Event | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Classified:
        """One match per feedback item (kind, stage, pain point, touchpoint), and the new pain points the
        matches name; ``on_progress(done, total)`` now and then. The playbook matches offline."""
        ...

    def estimate_evidence(self, journey: JourneyMap, feedback: Feedback) -> Estimate:
        """The calls, tokens and cost :meth:`classify_evidence` will take, before it runs (free offline)."""
        ...


def check_cancel(cancel: threading.Event | None) -> None:
    """Raise :class:`Cancelled` if ``cancel`` is set."""
    if cancel is not None and cancel.is_set():
        raise Cancelled()
