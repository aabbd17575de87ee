"""The application: the one door every front end (the TUI, the CLI) goes through.

Importing it is cheap (``cjm list`` opens a session to read two tables): the proposals and the engine's
``Cancelled`` are imported when first asked for.
"""

from __future__ import annotations

import importlib

from cjm_assistant.session.refs import Ref, parse_ref
from cjm_assistant.session.session import MAX_MESSAGE, Session, user_errors
from cjm_assistant.session.versions import who

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from typing import Any

_LAZY = {"Cancelled": "cjm_assistant.engines.base", "EditProposal": "cjm_assistant.session.proposals",
         "EvidenceProposal": "cjm_assistant.session.proposals", "FutureProposal": "cjm_assistant.session.proposals",
         "MapProposal": "cjm_assistant.session.proposals", "Proposal": "cjm_assistant.session.proposals"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["MAX_MESSAGE", "Cancelled", "EditProposal", "EvidenceProposal", "FutureProposal", "MapProposal", "Proposal",
           "Ref", "Session", "parse_ref", "user_errors", "who"]
