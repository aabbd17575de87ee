"""What is in the database file: its schema, its migrations, and the code that knows its columns.

:mod:`cjm_assistant.store` is the API; this module holds what it stands on:
the record types it returns, its errors, the checks made before a file is
opened, and the SQL for versions and for the current-state tables.

Each schema step is a function named ``mNNN_what`` registered on the sqlite-utils
:class:`Migrations` set ``"cjm"``; applied steps are recorded in the
``_sqlite_migrations`` table. Steps are idempotent and never drop what a user
put in. To change the schema, add a new step at the end; never edit one that
has shipped.

The tables are meant to be read by people too (``sqlite-utils``, Datasette):

* ``maps``: one row per map, with its current (``head``) version number;
* ``versions``: every version, with the edit ops that made it from its
  ``parent``, and a zlib-compressed JSON ``snapshot`` of the whole map on
  every Nth version along a chain (``ops`` is NULL for a version that
  replaced the map wholesale);
* ``messages``, ``interviews``, ``llm_calls``: the conversation, the
  interview state for resuming, the log of model calls;
* ``stages``, ``touchpoints``, ``pain_points``, ``opportunities``: the head
  version of every map, one row per item, kept in step by the store, so that
  ``select * from pain_points where severity = 3`` works across maps.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database, Migrations

from cjm_assistant.domain import edits
from cjm_assistant.domain.edits import EditOp
from cjm_assistant.domain.model import JourneyMap

SQLITE_MAGIC = b"SQLite format 3\x00"

# ---------------------------------------------------------------------------
# What the store raises and returns.


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


# ---------------------------------------------------------------------------
# The schema.

# Columns of the current-state tables after (map_id, id), in order.
CURRENT_STATE: dict[str, tuple[str, ...]] = {
    "stages": ("position", "name", "goal", "emotion", "provenance"),
    "touchpoints": ("stage_id", "position", "name", "channel", "team", "provenance"),
    "pain_points": ("stage_id", "touchpoint_id", "position", "name", "description", "severity", "mentions",
                    "provenance"),
    "opportunities": ("stage_id", "position", "name", "description", "impact", "effort", "addresses",
                      "provenance"),
}
_TYPES = {"position": int, "emotion": int, "severity": int, "mentions": int}

MIGRATIONS = Migrations("cjm")
KNOWN_STEPS: list[str] = []


def _step(fn):
    """Register a migration step (in order) and remember its name."""
    KNOWN_STEPS.append(fn.__name__)
    return MIGRATIONS()(fn)


@_step
def m001_initial(db: Database) -> None:
    db["maps"].create(
        {"id": str, "title": str, "kind": str, "persona": str, "business": str, "created": str, "updated": str,
         "head": int, "archived": int},
        pk="id", not_null=["archived"], defaults={"archived": 0}, if_not_exists=True,
    )
    db["versions"].create(
        {"id": int, "map_id": str, "number": int, "parent": int, "author": str, "message": str, "ops": str,
         "snapshot": bytes, "rebased_from": int, "created": str},
        pk="id", foreign_keys=[("map_id", "maps", "id")], not_null=["map_id", "number"], if_not_exists=True,
    )
    db["versions"].create_index(["map_id", "number"], unique=True, if_not_exists=True)
    db["versions"].create_index(["map_id", "parent"], if_not_exists=True)
    db["interviews"].create(
        {"id": str, "map_id": str, "state": str, "created": str, "updated": str},
        pk="id", foreign_keys=[("map_id", "maps", "id")], if_not_exists=True,
    )
    db["messages"].create(
        {"id": int, "map_id": str, "interview": str, "role": str, "content": str, "created": str, "meta": str},
        pk="id", foreign_keys=[("map_id", "maps", "id")], not_null=["role", "content"], if_not_exists=True,
    )
    db["messages"].create_index(["map_id"], if_not_exists=True)
    db["messages"].create_index(["interview"], if_not_exists=True)
    db["llm_calls"].create(
        {"id": int, "map_id": str, "model": str, "purpose": str, "prompt_tokens": int, "completion_tokens": int,
         "cost": float, "latency_ms": int, "outcome": str, "error": str, "created": str},
        pk="id", foreign_keys=[("map_id", "maps", "id")], if_not_exists=True,
    )
    db["llm_calls"].create_index(["map_id"], if_not_exists=True)


@_step
def m002_current_state(db: Database) -> None:
    for table, columns in CURRENT_STATE.items():
        db[table].create(
            {"map_id": str, "id": str} | {c: _TYPES.get(c, str) for c in columns},
            pk=("map_id", "id"), foreign_keys=[("map_id", "maps", "id")], not_null=["map_id", "id"],
            if_not_exists=True,
        )


@_step
def m003_search(db: Database) -> None:
    for table, columns in (("messages", ["content"]), ("pain_points", ["name", "description"])):
        if not db[f"{table}_fts"].exists():
            db[table].enable_fts(columns, create_triggers=True, tokenize="porter")


@_step
def m004_evidence(db: Database) -> None:
    """Imported customer feedback, one row per item, traceable to its file and row.

    ``kind`` is pain, praise or other (not placed); ``version`` is the map
    version the import made (rows of an undone import are off the head's path).
    """
    db["evidence"].create(
        {"id": int, "map_id": str, "source": str, "row": int, "text": str, "score": float, "date": str,
         "channel": str, "stage_id": str, "touchpoint_id": str, "pain_point_id": str, "kind": str, "version": int,
         "created": str},
        pk="id", foreign_keys=[("map_id", "maps", "id")], not_null=["map_id", "source", "text"],
        if_not_exists=True,
    )
    db["evidence"].create_index(["map_id", "pain_point_id"], if_not_exists=True)
    db["evidence"].create_index(["map_id", "source", "row"], if_not_exists=True)


@_step
def m005_links(db: Database) -> None:
    """Maps made from other maps: a future state ``derived`` from a version of a current one."""
    db["links"].create(
        {"id": int, "map_id": str, "source_id": str, "source_version": int, "relation": str, "note": str,
         "created": str},
        pk="id", foreign_keys=[("map_id", "maps", "id"), ("source_id", "maps", "id")],
        not_null=["map_id", "source_id", "relation"], if_not_exists=True,
    )
    db["links"].create_index(["map_id"], if_not_exists=True)
    db["links"].create_index(["source_id"], if_not_exists=True)


@_step
def m006_evidence_touchpoints(db: Database) -> None:
    """The touchpoint an evidence row concerns (files made by an early m004 lack the column)."""
    if "touchpoint_id" not in db["evidence"].columns_dict:
        db["evidence"].add_column("touchpoint_id", str)


# ---------------------------------------------------------------------------
# Before migrating.


def applied_steps(db: Database) -> list[str]:
    return [m.name for m in MIGRATIONS.applied(db)]


def check_steps(db: Database, path: Path) -> bool:
    """Whether the file needs migrating; StoreError when it is newer than this code or not ours."""
    newer = [name for name in applied_steps(db) if name not in KNOWN_STEPS]
    if newer:
        raise StoreError(f"{path} was written by a newer cjm-assistant (schema steps {', '.join(newer)}); "
                         "upgrade cjm-assistant, or pass --db with another file")
    if not MIGRATIONS.pending(db):
        return False
    tables = [t for t in db.table_names() if not t.startswith("_sqlite")]
    if tables and not applied_steps(db):
        raise StoreError(f"{path} is not a cjm database (it holds other tables: {', '.join(tables[:5])}); "
                         "pass --db with another file")
    return True


def backup(conn: sqlite3.Connection, path: Path) -> Path:
    """A consistent copy of the open database (WAL contents included), beside it.

    When the write-ahead log is empty the file alone is the database: the copy
    is then its exact bytes, taken in a read transaction (no checkpoint can
    write to the file meanwhile). Otherwise SQLite's backup API copies it.
    """
    target = Path(f"{path}.bak-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%SZ')}")
    wal = Path(f"{path}-wal")
    if not conn.in_transaction:
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if not wal.exists() or wal.stat().st_size == 0:
                shutil.copyfile(path, target)
                return target
        finally:
            conn.execute("COMMIT")
    copy = sqlite3.connect(target)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    return target


# ---------------------------------------------------------------------------
# The file: checks before opening it, and sentences for what can go wrong.


def timestamp() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def preflight(path: Path) -> None:
    """Refuse, without touching it, a path that cannot be or hold our database."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file; pass --db with a file name")
    if path.exists():
        with open(path, "rb") as f:
            header = f.read(len(SQLITE_MAGIC))
        if header and header != SQLITE_MAGIC:
            raise StoreError(f"{path} is not a cjm database (file is not a database); "
                             "move it aside or pass --db with another file")
        if not os.access(path, os.R_OK | os.W_OK):
            raise StoreError(f"cannot write to {path} (it is read-only); check its permissions "
                             "or pass --db with a writable file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"cannot create the folder {path.parent} ({e.strerror}); "
                         "pass --db with another path") from None
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(f"cannot write in the folder {path.parent} (it is read-only; the database needs to write "
                         "its journal beside the file); pass --db with a writable path")


def failure(path: Path, error: BaseException) -> StoreError:
    """A StoreError with a sentence for an error from SQLite or the file system."""
    text = str(error)
    if isinstance(error, sqlite3.IntegrityError):
        return StoreError(f"the database refused the change ({text})")
    if isinstance(error, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
        return StoreError(f"{path} is not a cjm database ({text}); move it aside or pass --db with another file")
    if "readonly" in text or "read-only" in text or "unable to open" in text or isinstance(error, PermissionError):
        return StoreError(f"cannot write to {path} ({text}); check its permissions or pass --db with a writable file")
    if "locked" in text or "busy" in text:
        return StoreError(f"{path} is busy: another program has been writing to it for over a minute; "
                          "try again when it is done")
    if "disk is full" in text or getattr(error, "errno", None) == errno.ENOSPC:
        return StoreError(f"the disk holding {path} is full ({text}); free some space and try again "
                          "(what was saved before is intact)")
    if "disk I/O error" in text:
        return StoreError(f"the database {path} failed: {text}; the disk may be full or failing: free some space "
                          "or check the disk, then try again (what was saved before is intact)")
    return StoreError(f"the database {path} failed: {text}")


def is_busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


# ---------------------------------------------------------------------------
# Versions.


def insert_version(conn: sqlite3.Connection, map_id: str, number: int, parent: int | None, author: str,
                   message: str, ops: list[dict] | None, snapshot: JourneyMap | None, rebased: int | None) -> None:
    conn.execute(
        "INSERT INTO versions (map_id, number, parent, author, message, ops, snapshot, rebased_from, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [map_id, number, parent, author, message, None if ops is None else json.dumps(ops, ensure_ascii=False),
         None if snapshot is None else pack(snapshot), rebased, timestamp()])


def chain(conn: sqlite3.Connection, map_id: str, number: int) -> list[tuple[str | None, bytes | None, int]]:
    """(ops, snapshot, depth) from the nearest snapshot at or above a version down to it."""
    return conn.execute(
        "WITH RECURSIVE chain (number, parent, ops, snapshot, depth) AS ("
        " SELECT number, parent, ops, snapshot, 0 FROM versions WHERE map_id = :m AND number = :n"
        " UNION ALL SELECT v.number, v.parent, v.ops, v.snapshot, chain.depth + 1"
        " FROM versions v JOIN chain ON v.map_id = :m AND v.number = chain.parent WHERE chain.snapshot IS NULL)"
        " SELECT ops, snapshot, depth FROM chain ORDER BY depth DESC", {"m": map_id, "n": number}).fetchall()


def pack(journey: JourneyMap) -> bytes:
    """A version snapshot: the map as compressed JSON."""
    return zlib.compress(journey.model_dump_json().encode(), 6)


def unpack(blob: bytes) -> JourneyMap:
    return JourneyMap.model_validate_json(zlib.decompress(blob))


def replay(journey: JourneyMap, ops: list[EditOp]) -> JourneyMap:
    """Re-apply stored ops (checked when they were saved) to a private copy, in place."""
    return edits.replay(journey, ops)


# ---------------------------------------------------------------------------
# Current-state rows: derived from a map, written as a diff.

Rows = dict[str, dict[str, tuple]]


def current_rows(journey: JourneyMap) -> Rows:
    """The current-state rows of a map: {table: {item id: column values}}."""
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


def stored_rows(conn: sqlite3.Connection, map_id: str, tables: Iterable[str] = CURRENT_STATE) -> Rows:
    """What the current-state tables hold for one map (to rebuild them from scratch)."""
    rows: Rows = {}
    for table in tables:
        cursor = conn.execute(f"SELECT id, {', '.join(CURRENT_STATE[table])} FROM {table} WHERE map_id = ?", [map_id])
        rows[table] = {row[0]: tuple(row[1:]) for row in cursor}
    return rows
