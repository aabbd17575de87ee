"""The SQL behind versions and the current-state tables.

A version row holds the edit ops that made it from its parent and, now and
then, a snapshot: the whole map as compressed JSON (:func:`pack`). A version
is rebuilt from the nearest snapshot on its chain (:func:`chain`) by replaying
the ops after it. The current-state tables hold the head of every map, one row
per item (:func:`current_rows`), brought from one head to the next by writing
only what changed (:func:`write_rows`).
"""

from __future__ import annotations

import json
import sqlite3
import zlib

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.domain.text import clean_name, clean_text
from cjm_assistant.store.files import timestamp
from cjm_assistant.store.schema import CURRENT_STATE

Rows = dict[str, dict[str, tuple]]  # {table: {item id: column values}}


# ---------------------------------------------------------------------------
# Versions


def pack(journey: JourneyMap) -> bytes:
    """A version snapshot: the map as compressed JSON."""
    return zlib.compress(journey.model_dump_json().encode(), 6)


def unpack(blob: bytes) -> JourneyMap:
    return JourneyMap.model_validate_json(zlib.decompress(blob))


def insert_version(conn: sqlite3.Connection, map_id: str, number: int, parent: int | None, author: str,
                   message: str, ops: list[dict] | None, snapshot: JourneyMap | None, rebased: int | None) -> None:
    conn.execute(
        "INSERT INTO versions (map_id, number, parent, author, message, ops, snapshot, rebased_from, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [map_id, number, parent, clean_name(author), clean_text(message), None if ops is None else json.dumps(ops, ensure_ascii=False),
         None if snapshot is None else pack(snapshot), rebased, timestamp()])


def chain(conn: sqlite3.Connection, map_id: str, number: int) -> list[tuple[str | None, bytes | None, int]]:
    """(ops, snapshot, depth) from the nearest snapshot at or above a version down to it."""
    return conn.execute(
        "WITH RECURSIVE chain (number, parent, ops, snapshot, depth) AS ("
        " SELECT number, parent, ops, snapshot, 0 FROM versions WHERE map_id = :m AND number = :n"
        " UNION ALL SELECT v.number, v.parent, v.ops, v.snapshot, chain.depth + 1"
        " FROM versions v JOIN chain ON v.map_id = :m AND v.number = chain.parent WHERE chain.snapshot IS NULL)"
        " SELECT ops, snapshot, depth FROM chain ORDER BY depth DESC", {"m": map_id, "n": number}).fetchall()


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


# ---------------------------------------------------------------------------
# Current-state rows: derived from a map, written as a diff


def current_rows(journey: JourneyMap) -> Rows:
    """The current-state rows of a map."""
    rows: Rows = {table: {} for table in CURRENT_STATE}
    for position, st in enumerate(journey.stages, 1):
        rows["stages"][st.id] = (position, st.name, st.goal, st.emotion, st.provenance)
        for i, tp in enumerate(st.touchpoints, 1):
            rows["touchpoints"][tp.id] = (st.id, i, tp.name, tp.channel, tp.team, tp.provenance)
        for i, pp in enumerate(st.pain_points, 1):
            rows["pain_points"][pp.id] = (st.id, pp.touchpoint or None, i, pp.name, pp.description, pp.severity,
                                          pp.mentions, pp.provenance)
        for i, op in enumerate(st.opportunities, 1):
            rows["opportunities"][op.id] = (st.id, i, op.name, op.description, op.impact, op.effort,
                                            json.dumps(op.addresses), op.provenance)
    return rows


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
