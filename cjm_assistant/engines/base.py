"""The engine protocol: what the playbook and the LLM engines both do.

Engines are synchronous and side-effect free with respect to the store: they
read a profile or a map and return proposals. The session decides what is
saved. Long calls take an ``on_partial`` callback (called with the proposal as
it grows, so a UI can draw it) and a ``cancel`` event (checked between chunks;
when set, the call raises :class:`Cancelled` and nothing is proposed).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from cjm_assistant.domain.edits import EditOp
from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.domain.profile import Profile


class EngineError(Exception):
    """A failure the user should hear about in one sentence, with what to do.

    ``kind`` is a short tag (timeout, rate_limit, auth, not_found, context,
    server, connection, bad_output, cancelled...) for tests and the call log.
    """

    def __init__(self, message: str, kind: str = "error", retryable: bool = False):
        super().__init__(message)
        self.kind = kind
        self.retryable = retryable


class Cancelled(EngineError):
    def __init__(self, message: str = "Cancelled; the map is as it was."):
        super().__init__(message, kind="cancelled")


@dataclass
class Extraction:
    """What an engine understood from one interview answer."""

    update: dict[str, Any] = field(default_factory=dict)  # a partial Profile, for Profile.merge
    follow_up: str | None = None  # a question to ask when the answer was too thin


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
    recorder: CallRecorder | None

    def extract(self, field: str, answer: str, profile: Profile) -> Extraction: ...

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


def check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()
