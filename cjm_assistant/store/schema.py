"""The database's schema: its migrations, and the checks made before applying them.

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
  ``select * from pain_points where severity = 3`` works across maps; and the
  head as JSON (``stages.json``, ``maps.json``: see :mod:`.heads`);
* ``evidence`` and ``links``: imported customer feedback, and maps made from
  other maps;
* ``model_formats``: the structured-output format each model and server took.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import cache
from pathlib import Path

from cjm_assistant.store.records import StoreError

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:  # sqlite-utils is imported when the schema is checked or migrated, not to open a current file
    from typing import Any

    from sqlite_utils import Database, Migrations

# Columns of the current-state tables after (map_id, id), in order.
CURRENT_STATE: dict[str, tuple[str, ...]] = {
    "stages": ("position", "name", "goal", "emotion", "provenance", "json"),
    "touchpoints": ("stage_id", "position", "name", "channel", "team", "provenance"),
    "pain_points": ("stage_id", "touchpoint_id", "position", "name", "description", "severity", "mentions",
                    "provenance"),
    "opportunities": ("stage_id", "position", "name", "description", "impact", "effort", "addresses",
                      "provenance"),
}
_TYPES = {"position": int, "emotion": int, "severity": int, "mentions": int}

MIGRATION_SET = "cjm"
STEPS: list[Callable[[Database], None]] = []
KNOWN_STEPS: list[str] = []


def _step(fn):
    """Register a migration step (in order) and remember its name."""
    STEPS.append(fn)
    KNOWN_STEPS.append(fn.__name__)
    return fn


@cache
def migrations() -> Migrations:
    """The sqlite-utils migration set ``"cjm"``, with every step in order."""
    from sqlite_utils import Migrations

    steps = Migrations(MIGRATION_SET)
    for fn in STEPS:
        steps()(fn)
    return steps


def __getattr__(name: str) -> Any:
    if name == "MIGRATIONS":  # built on first use: it imports sqlite-utils
        return migrations()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def is_current(conn: sqlite3.Connection) -> bool:
    """Whether the file has exactly the steps this version knows, applied (plain SQL: nothing else imported)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'").fetchone() is None:
        return False
    applied = [name for (name,) in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET])]
    return sorted(applied) == sorted(KNOWN_STEPS)


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
        columns = tuple(c for c in columns if c != "json")  # as it shipped: m009 adds the JSON
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


@_step
def m007_evidence_parts(db: Database) -> None:
    """Evidence by part of a comment: which part, its words, sentiment, confidence, placed or not, and why.

    Rows stored before keep everything they had and read as one part each
    (``part`` 1, sentiment from their kind, placed when they have a stage).
    """
    table = db["evidence"]
    added = {"part": int, "part_text": str, "sentiment": str, "confidence": float, "placed": int, "reason": str}
    for column, kind in added.items():
        if column not in table.columns_dict:
            table.add_column(column, kind)
    db.execute("UPDATE evidence SET part = 1 WHERE part IS NULL")
    db.execute("UPDATE evidence SET sentiment = CASE kind WHEN 'pain' THEN 'negative' WHEN 'praise' THEN 'positive' "
               "ELSE 'neutral' END WHERE sentiment IS NULL")
    db.execute("UPDATE evidence SET placed = (stage_id IS NOT NULL) WHERE placed IS NULL")
    table.create_index(["map_id", "stage_id"], if_not_exists=True)


@_step
def m008_model_formats(db: Database) -> None:
    """Which structured-output format each model accepted, per server: ``format`` is json_schema,
    json_object_schema (json_object with the schema), json_object or none (the schema in the prompt).
    ``api_base`` is '' for the provider's own endpoint."""
    db["model_formats"].create(
        {"model": str, "api_base": str, "format": str, "updated": str},
        pk=("model", "api_base"), not_null=["model", "api_base", "format"], if_not_exists=True,
    )


@_step
def m009_head_json(db: Database) -> None:
    """The head of every map as JSON beside its rows, to read it without the model (``cjm show``, ``cjm export``):
    ``stages.json`` each stage whole, ``maps.json`` the rest of the map with its stages left empty.

    Maps saved before stay NULL here until their head next moves; readers then load the model as before.
    """
    for table in ("maps", "stages"):
        if "json" not in db[table].columns_dict:
            db[table].add_column("json", str)


@_step
def m010_head_checksum(db: Database) -> None:
    """A checksum of each map's read head (``maps.checksum``: see :func:`.checksum.checksum`) and how many stage rows
    it has (``maps.stage_count``), written with the head, so that a read notices rows changed or lost since.

    Maps saved before have NULL here until step m011 gives them one.
    """
    for column in ("checksum", "stage_count"):
        if column not in db["maps"].columns_dict:
            db["maps"].add_column(column, int)


@_step
def m011_head_checksums_for_all(db: Database) -> None:
    """The checksum and stage count of every read head saved before m010, so that from here on a read head with
    no checksum was changed outside cjm (outside attack 5: setting it to NULL switched the check off)."""
    from cjm_assistant.store.checksum import checksum, stored_texts

    rows = db.conn.execute("SELECT id, head, json FROM maps WHERE json IS NOT NULL AND checksum IS NULL").fetchall()
    for map_id, head, text in rows:
        texts = stored_texts(db.conn, map_id)
        if head is None or None in texts:
            continue  # left without one: read from the versions
        db.conn.execute("UPDATE maps SET checksum = ?, stage_count = ? WHERE id = ?",
                        [checksum(head, text, texts), len(texts), map_id])


@_step
def m012_evidence_row_sentiment(db: Database) -> None:
    """The reading of the whole item beside each of its parts (``row_sentiment``: negative, positive, mixed or
    neutral), as the import counted it, so that the saved map's Evidence section counts each item as the import
    said ("11 complaints"), not from its parts' own readings (a part may stay neutral where the item, read whole,
    is a complaint). Rows stored before stay NULL and are counted from their parts as before."""
    if "row_sentiment" not in db["evidence"].columns_dict:
        db["evidence"].add_column("row_sentiment", str)


# ---------------------------------------------------------------------------
# Before migrating.


def applied_steps(db: Database) -> list[str]:
    return [m.name for m in migrations().applied(db)]


def check_steps(db: Database, path: Path) -> bool:
    """Whether the file needs migrating; StoreError when it is newer than this code or not ours."""
    newer = [name for name in applied_steps(db) if name not in KNOWN_STEPS]
    if newer:
        raise StoreError(f"{path} was written by a newer cjm-assistant (schema steps {', '.join(newer)}); "
                         "upgrade cjm-assistant, or pass --db with another file")
    if not migrations().pending(db):
        return False
    tables = [t for t in db.table_names() if not t.startswith("_sqlite")]
    if tables and not applied_steps(db):
        raise StoreError(f"{path} is not a cjm database (it holds other tables: {', '.join(tables[:5])}); "
                         "pass --db with another file")
    return True
