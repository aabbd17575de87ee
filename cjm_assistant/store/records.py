"""What the store returns and raises: plain records of its rows, and its errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cjm_assistant.domain.model import JourneyMap


class StoreError(Exception):
    """A problem with the database; ``str()`` is a sentence for the user."""


class StaleVersionError(StoreError):
    """The map moved on since the caller loaded it, and the change no longer applies."""


@dataclass(frozen=True)
class MapRecord:
    id: str
    title: str
    kind: str
    persona: str
    business: str
    created: str
    updated: str
    head: int
    archived: bool = False
    stages: int = 0


@dataclass
class VersionRecord:
    map_id: str
    number: int
    parent: int | None
    author: str
    message: str
    created: str
    ops: list[dict] | None  # None: the map was replaced wholesale
    snapshot: bool = False
    rebased_from: int | None = None  # the base the caller had, when the edit was replayed on a newer head
    is_head: bool = False
    on_path: bool = False  # on the chain from the first version to the head
    journey: JourneyMap | None = field(default=None, repr=False, compare=False)

    @property
    def op_count(self) -> int:
        return len(self.ops or [])


@dataclass(frozen=True)
class MessageRecord:
    id: int
    map_id: str | None
    interview: str | None
    role: str
    content: str
    created: str
    meta: dict | None = None
