"""The application: the one door every front end (the TUI, the CLI) goes through."""

from __future__ import annotations

from cjm_assistant.session.session import MAX_MESSAGE, Proposal, Session, user_errors

__all__ = ["MAX_MESSAGE", "Proposal", "Session", "user_errors"]
