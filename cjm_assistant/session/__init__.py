"""The application: the one door every front end (the TUI, the CLI) goes through."""

from __future__ import annotations

from cjm_assistant.engines.base import Cancelled
from cjm_assistant.session.proposals import EditProposal, EvidenceProposal, FutureProposal, MapProposal, Proposal
from cjm_assistant.session.refs import Ref, parse_ref
from cjm_assistant.session.session import MAX_MESSAGE, Session, user_errors, who

__all__ = ["MAX_MESSAGE", "Cancelled", "EditProposal", "EvidenceProposal", "FutureProposal", "MapProposal", "Proposal",
           "Ref", "Session", "parse_ref", "user_errors", "who"]
