"""The SQL behind versions and the current-state tables.

A version row holds the edit ops that made it from its parent and, now and
then, a snapshot: the whole map as compressed JSON (:func:`pack`). A version
is rebuilt from the nearest snapshot on its chain (:func:`chain`) by replaying
the ops after it. The current-state tables hold the head of every map, one row
per item (made by :class:`.heads.Rows`), brought from one head to the next by
writing only what changed (:func:`write_rows`).
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections import namedtuple

from cjm_assistant.domain.text import clean_name, clean_text
from cjm_assistant.store.files import timestamp
from cjm_assistant.store.records import StoreError, VersionRecord
from cjm_assistant.store.schema import CURRENT_STATE

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from cjm_assistant.domain.model import JourneyMap

Rows = dict[str, dict[str, tuple]]  # {table: {item id: column values}}

MAX_REPLAY = 100  # the most versions of ops a load replays after the snapshot it starts from


# ---------------------------------------------------------------------------
# Versions


class Chain(namedtuple("Chain", "depth ops snapshot")):
    """A version's place after the last snapshot on its chain: how many versions of ops a load replays
    (``depth``), their size in characters of JSON (``ops``), and the size of that snapshot (``snapshot``).

    A version gets a snapshot of its own when the ops since the last one take as much room as a snapshot (a map
    replaced bit by bit, an import of thousands of changes), or when there are more than ``MAX_REPLAY`` versions
    of them. Small edits to a big map thus cost their ops plus a share of a snapshot every ``MAX_REPLAY``
    versions (not a whole snapshot every 20), and a load replays a bounded run of ops: no more than one
    snapshot's worth, in at most ``MAX_REPLAY`` versions.
    """

    __slots__ = ()

    def after(self, ops: int) -> Chain:
        """The chain of a new version on top of this one, with ops of that size, if it gets no snapshot."""
        return Chain(self.depth + 1, self.ops + ops, self.snapshot)

    def wants_snapshot(self) -> bool:
        return self.depth > MAX_REPLAY or self.ops >= self.snapshot


def ops_text(ops: list[dict]) -> str:
    """A version's ops as stored."""
    return json.dumps(ops, ensure_ascii=False)


def pack(journey: JourneyMap) -> bytes:
    """A version snapshot: the map as compressed JSON."""
    return zlib.compress(journey.model_dump_json().encode(), 6)


def unpack(blob: bytes) -> JourneyMap:
    """A snapshot's map: the program wrote it, so it is built without validating it again (see ``domain.trusted``)."""
    from cjm_assistant.domain.trusted import load_map

    return load_map(zlib.decompress(blob))


def insert_version(conn: sqlite3.Connection, map_id: str, number: int, parent: int | None, author: str,
                   message: str, ops: str | None, snapshot: JourneyMap | None, rebased: int | None) -> int:
    """Insert a version (``ops``: their :func:`ops_text`, None for a map replaced wholesale); the size of its
    snapshot, 0 for none."""
    packed = None if snapshot is None else pack(snapshot)
    conn.execute(
        "INSERT INTO versions (map_id, number, parent, author, message, ops, snapshot, rebased_from, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [map_id, number, parent, clean_name(author), clean_text(message), ops, packed, rebased, timestamp()])
    return len(packed) if packed is not None else 0


def chain(conn: sqlite3.Connection, map_id: str, number: int) -> list[tuple[str | None, bytes | None, int, int]]:
    """(ops, snapshot, depth, version number) from the nearest snapshot at or above a version down to it."""
    return conn.execute(
        "WITH RECURSIVE chain (number, parent, ops, snapshot, depth) AS ("
        " SELECT number, parent, ops, snapshot, 0 FROM versions WHERE map_id = :m AND number = :n"
        " UNION ALL SELECT v.number, v.parent, v.ops, v.snapshot, chain.depth + 1"
        " FROM versions v JOIN chain ON v.map_id = :m AND v.number = chain.parent WHERE chain.snapshot IS NULL)"
        " SELECT ops, snapshot, depth, number FROM chain ORDER BY depth DESC", {"m": map_id, "n": number}).fetchall()


def head(conn: sqlite3.Connection, map_id: str) -> int:
    """The number of a map's head version; StoreError when there is no such map."""
    row = conn.execute("SELECT head FROM maps WHERE id = ?", [map_id]).fetchone()
    if row is None:
        raise StoreError(f"there is no map {map_id!r}; `cjm list` shows your maps")
    if type(row[0]) is not int:  # changed outside cjm (outside attack 5: "version None", an AssertionError)
        raise StoreError(f"map {map_id} has no current version in the database (it was changed outside cjm); "
                         f"`cjm history {map_id}` lists the versions it still has")
    return row[0]


def parents(conn: sqlite3.Connection, map_id: str) -> dict[int, int | None]:
    """{version number: its parent's} for every version of a map."""
    return dict(conn.execute("SELECT number, parent FROM versions WHERE map_id = ?", [map_id]).fetchall())


def path_to(parents: dict[int, int | None], number: int | None) -> list[int]:
    """Version numbers from ``number`` back to the first, following parents."""
    path: list[int] = []
    while number is not None and number not in path:
        path.append(number)
        number = parents.get(number)
    return path


def records(conn: sqlite3.Connection, map_id: str, head: int, number: int | None = None) -> list[VersionRecord]:
    """Every version of a map (or version ``number``), oldest first, marked with the head and the path to it."""
    path = set(path_to(parents(conn, map_id), head))
    rows = conn.execute(
        "SELECT number, parent, author, message, created, ops, snapshot IS NOT NULL, rebased_from FROM versions "
        "WHERE map_id = ?" + (" AND number = ?" if number is not None else "") + " ORDER BY number",
        [map_id] if number is None else [map_id, number]).fetchall()
    return [VersionRecord(map_id, n, parent, author or "", message or "", created, _ops(ops), bool(snap), rebased,
                          n == head, n in path)
            for n, parent, author, message, created, ops, snap, rebased in rows]


def _ops(text: str | None) -> list[dict] | None:
    """A version's stored ops as a list; [] when they are damaged (a version that cannot be rebuilt says so when
    it is loaded: its message and date are still listed)."""
    if text is None:
        return None
    try:
        ops = json.loads(text)
    except ValueError:
        return []
    return ops if type(ops) is list else []


# ---------------------------------------------------------------------------
# Current-state rows, written as a diff


def write_rows(conn: sqlite3.Connection, map_id: str, old: Rows, new: Rows) -> int:
    """Bring one map's current-state rows from ``old`` to ``new``; returns rows touched."""
    touched = 0
    for table, columns in CURRENT_STATE.items():
        before, after = old.get(table, {}), new[table]
        gone = [(map_id, item_id) for item_id in before.keys() - after.keys()]
        changed = [(map_id, item_id, *values) for item_id, values in after.items() if before.get(item_id) != values]
        if gone:
            conn.executemany(f"DELETE FROM {table} WHERE map_id = ? AND id = ?", gone)
        if changed:
            names = ("map_id", "id", *columns)
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
                f"ON CONFLICT (map_id, id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in columns)}",
                changed,
            )
        touched += len(gone) + len(changed)
    return touched
