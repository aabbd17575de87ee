"""What the store returns and raises: plain records of its rows, and its errors.

Named tuples and a small class rather than dataclasses: ``cjm list`` reads these, and importing
``dataclasses`` (which imports ``inspect``) would cost it more than the query.
"""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    import sqlite3
    from typing import Any

    from cjm_assistant.domain.model import JourneyMap


class StoreError(Exception):
    """A problem with the database; ``str()`` is a sentence for the user."""


class StaleVersionError(StoreError):
    """The map moved on since the caller loaded it, and the change no longer applies."""


class MapRecord(namedtuple("MapRecord", "id title kind persona business created updated head archived stages",
                           defaults=(False, 0))):
    """A map's row: id, title, kind, persona, business, created, updated, head (version), archived, stages (None
    when its stage rows disagree with its versions and those cannot be read)."""

    __slots__ = ()


class VersionRecord:
    """A version's row; ``ops`` is None for a map replaced wholesale, ``rebased_from`` the base the caller had when
    the edit was replayed on a newer head, ``on_path`` whether it is on the chain from the first version to the
    head; ``journey`` is the map, when the call that made the record has it (not compared)."""

    __slots__ = ("map_id", "number", "parent", "author", "message", "created", "ops", "snapshot", "rebased_from",
                 "is_head", "on_path", "journey")
    _compared = __slots__[:-1]

    def __init__(self, map_id: str, number: int, parent: int | None, author: str, message: str, created: str,
                 ops: list[dict] | None, snapshot: bool = False, rebased_from: int | None = None,
                 is_head: bool = False, on_path: bool = False, journey: JourneyMap | None = None) -> None:
        self.map_id, self.number, self.parent, self.author, self.message = map_id, number, parent, author, message
        self.created, self.ops, self.snapshot, self.rebased_from = created, ops, snapshot, rebased_from
        self.is_head, self.on_path, self.journey = is_head, on_path, journey

    @property
    def op_count(self) -> int:
        return len(self.ops or [])

    def __eq__(self, other: object) -> bool:
        if type(other) is not VersionRecord:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._compared)

    __hash__ = None  # type: ignore[assignment] - mutable, as the dataclass it replaces

    def __repr__(self) -> str:
        return f"VersionRecord({', '.join(f'{name}={getattr(self, name)!r}' for name in self._compared)})"


class MessageRecord(namedtuple("MessageRecord", "id map_id interview role content created meta", defaults=(None,))):
    """A chat message's row: id, map_id, interview, role, content, created, meta."""

    __slots__ = ()


def dicts(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """The rows of a query as dicts by column name (the evidence and the links are handed out so)."""
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]
