"""The domain's errors, in a module of their own so that a caller can catch them without importing pydantic."""

from __future__ import annotations


class MapError(ValueError):
    """A map that breaks a rule; the message is meant for a person."""


class EditError(ValueError):
    """An edit that cannot be applied; ``str()`` is a sentence for the user."""

    def __init__(self, message: str, index: int | None = None):
        super().__init__(message)
        self.index = index
