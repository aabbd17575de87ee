"""The SQLite store: maps and every version of them, with the conversation, the LLM log and evidence beside them.

One file (see :mod:`cjm_assistant.locations`), WAL mode, foreign keys on, the
schema in :mod:`cjm_assistant.store.schema`. A version holds the edit ops that
made it from its parent; now and then along a chain (see :class:`versions.Chain`: when
the ops since the last snapshot take as much room as one, and at least every
``versions.MAX_REPLAY`` versions; and for the first version, and a map
replaced wholesale) it also holds the whole map, compressed. Loading a version
replays the ops since the nearest snapshot. Undo and redo only move the map's ``head``: nothing is deleted, and
an edit made after an undo starts a new branch beside the old one.

Writes run in ``BEGIN IMMEDIATE`` transactions (:mod:`.connection`), so two
processes saving on the same map take turns instead of both writing version N;
a save whose ``base`` is no longer the head is replayed on top of the new head,
or refused with :class:`StaleVersionError` when it no longer applies.

The conversation, the call log, the evidence and the links between maps live in
:mod:`.conversation`, :mod:`.calls`, :mod:`.evidence` and :mod:`.links`; :class:`Store`
hands their methods on under the same names, and keeps the maps and their versions.

Maps returned by :meth:`Store.load` may be shared with the store's cache:
change them only through ``edits.apply`` (which copies), never in place.
"""

from __future__ import annotations

import functools
import os
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from cjm_assistant.store import heads, versions
from cjm_assistant.store.calls import CallLog
from cjm_assistant.store.connection import Connection, locked
from cjm_assistant.store.conversation import Conversation
from cjm_assistant.store.evidence import EvidenceLog
from cjm_assistant.store.files import timestamp
from cjm_assistant.store.links import Links
from cjm_assistant.store.records import MapRecord, StaleVersionError, StoreError, VersionRecord
from cjm_assistant.store.versions import Chain

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:  # the model and the edits are imported when a map is loaded or saved, not to list maps
    from typing import Any

    from cjm_assistant.domain.edits import EditOp
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.domain.readonly import ReadOnlyMap

CACHE_SIZE = 4  # maps kept in memory, by (map id, version number); big maps cost GC time


def _checked(journey: JourneyMap) -> JourneyMap:
    """A map handed in by a caller: validated when it was built, and never changed in place after."""
    from cjm_assistant.domain.model import JourneyMap

    if not isinstance(journey, JourneyMap):
        raise TypeError(f"expected a JourneyMap, got {type(journey).__name__}")
    return journey


def _unreadable(map_id: str, number: int, damaged: int, rows: list, error: Exception) -> str:
    """The sentence for a version that cannot be rebuilt: the version whose row is damaged, why, and what still
    works; a newer program is blamed only when the snapshot says it was written by one."""
    import json

    from cjm_assistant.domain.model import SCHEMA_VERSION, explain

    try:
        stored = json.loads(zlib.decompress(rows[0][1])).get("schema_version")
    except (ValueError, TypeError, AttributeError, zlib.error):
        stored = None
    if isinstance(stored, int) and stored > SCHEMA_VERSION:
        return (f"version {rows[0][3]} of map {map_id} was saved by a newer cjm-assistant (schema version {stored}, "
                f"this one reads {SCHEMA_VERSION}); upgrade cjm-assistant to open it")
    which = "it is" if damaged == number else f"version {damaged}, which it is built on, is"
    return (f"version {number} of map {map_id} cannot be read: {which} damaged in the database ({explain(error)}); "
            f"versions not built on it still open, and `cjm history {map_id}` lists them")


def _handed_on(part: str, method: Callable) -> Callable:
    """A Store method that is ``method`` of one of its parts, with the same name, signature and docstring."""

    @functools.wraps(method)
    def call(self: Store, *args: Any, **kwargs: Any) -> Any:
        return method(getattr(self, part), *args, **kwargs)

    return call


class Store:
    def __init__(self, connection: Connection):
        self.connection = connection
        self.conn, self.path = connection.conn, connection.path
        self.conversation = Conversation(connection)
        self.calls = CallLog(connection)
        self.evidence_log = EvidenceLog(connection)
        self.map_links = Links(connection)
        self._cache: OrderedDict[tuple[str, int], tuple[JourneyMap, Chain]] = OrderedDict()
        self._rows: dict[tuple[str, int], versions.Rows] = {}
        self._made_rows = heads.Rows()

    @property
    def db(self) -> Any:
        """The file as a sqlite-utils ``Database`` (imported when first asked for)."""
        return self.connection.db

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Store:
        """Open (or create) the database at ``path`` and bring its schema up to date.

        StoreError, with a sentence, for a path that is not a cjm database, is
        read-only, or was written by a newer version; such files are left as
        they are. An older schema is copied to ``<file>.bak-<time>`` first.
        """
        return cls(Connection.open(path))

    @property
    def damage(self) -> str:
        """When the file is damaged: a sentence saying so and how to recover (it is then only read); else ""."""
        return self.connection.damage

    @property
    def read_only(self) -> str:
        """When the file cannot be written (a read-only file, folder or mount): the sentence every write gives (it
        is then only read); else ""."""
        return self.connection.read_only

    def check_writable(self, also: str = "") -> None:
        """Raise the sentence a write would give (StoreError, ``also`` added) now, before any slow work a save
        would end (reading a big feedback file); nothing when the file can be written."""
        self.connection.check_writable(also)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction around several store calls (they nest as savepoints): all or nothing."""
        with self._write():
            yield

    @contextmanager
    def _write(self) -> Iterator[None]:
        try:
            with self.connection.write():
                yield
        except BaseException:
            self._cache.clear()  # it may hold versions that were never committed
            self._rows.clear()
            raise

    # -- the conversation, the call log, the evidence, the links -----------------------

    add_message = _handed_on("conversation", Conversation.add_message)
    messages = _handed_on("conversation", Conversation.messages)
    last_message = _handed_on("conversation", Conversation.last_message)
    save_interview = _handed_on("conversation", Conversation.save_interview)
    load_interview = _handed_on("conversation", Conversation.load_interview)
    latest_interview = _handed_on("conversation", Conversation.latest_interview)
    unfinished_interviews = _handed_on("conversation", Conversation.unfinished_interviews)
    unfinished_count = _handed_on("conversation", Conversation.unfinished_count)
    record_llm_call = _handed_on("calls", CallLog.record_llm_call)
    llm_totals = _handed_on("calls", CallLog.llm_totals)
    claim_llm_calls = _handed_on("calls", CallLog.claim_llm_calls)
    model_format = _handed_on("calls", CallLog.model_format)
    remember_model_format = _handed_on("calls", CallLog.remember_model_format)
    evidence = _handed_on("evidence_log", EvidenceLog.evidence)
    links = _handed_on("map_links", Links.links)

    # -- maps and versions ---------------------------------------------------------

    @locked
    def create_map(self, journey: JourneyMap, author: str = "user", message: str = "") -> MapRecord:
        """Save a new map as its version 1 (a full snapshot) under a new 8-character id."""
        import secrets

        journey = _checked(journey)
        with self._write():
            map_id = secrets.token_hex(4)
            while self.conn.execute("SELECT 1 FROM maps WHERE id = ?", [map_id]).fetchone():
                map_id = secrets.token_hex(4)
            now = timestamp()
            self.conn.execute("INSERT INTO maps (id, created, updated, archived) VALUES (?, ?, ?, 0)",
                              [map_id, now, now])
            packed = versions.insert_version(self.conn, map_id, 1, None, author, message, "[]", journey, None)
            self._remember(map_id, 1, journey, Chain(0, 0, packed))
            self._move_head(map_id, 1, journey, None)
        return self.get_map(map_id)

    @locked
    def save_version(self, map_id: str, ops: list[EditOp] | list[dict] | str, author: str = "user",
                     message: str = "", base: int | None = None, allow_empty: bool = False,
                     preview: JourneyMap | None = None) -> VersionRecord:
        """Apply ``ops`` to the head and save the result as a new version on top of it.

        ``base`` is the version the caller made the ops against; if another
        save came first, the ops are replayed on the new head (the record says
        so in ``rebased_from``) or refused with StaleVersionError. ``allow_empty``:
        a version with no ops (evidence reassigned without changing the map).
        ``preview``: the map the ops make from version ``base`` (``edits.apply`` of them to that version, as
        the session shows it before saving); while ``base`` is the head it is saved as it is, not made again.
        """
        from cjm_assistant.domain import edits
        from cjm_assistant.domain.edits import EditError, ops_to_json, parse_ops

        if not (isinstance(ops, list) and all(isinstance(o, edits.Op) for o in ops)):
            ops = parse_ops(ops)
        ops = list(ops)
        if not ops and not allow_empty:
            raise EditError("there is nothing to save: no changes were given")
        with self._write():
            head = self._head(map_id)
            current, chain = self._get(map_id, head)
            if preview is not None and base == head:
                journey = _checked(preview)
            elif not ops:
                journey = current
            else:
                try:
                    journey = edits.apply(current, ops)
                except EditError as e:
                    if base is None or base == head:
                        raise
                    raise StaleVersionError(f"the map changed since you loaded it (now version {head}); "
                                            f"reload and try again: {e}") from None
            stored = versions.ops_text(ops_to_json(ops))
            after = chain.after(len(stored))
            snapshot = journey if after.wants_snapshot() else None
            number = self._next_number(map_id)
            rebased = base if base is not None and base != head else None
            packed = versions.insert_version(self.conn, map_id, number, head, author, message, stored, snapshot,
                                             rebased)
            self._remember(map_id, number, journey, Chain(0, 0, packed) if snapshot else after)
            self._move_head(map_id, number, journey, head)
            record = self.version(map_id, number)
        record.journey = journey
        return record

    @locked
    def save_map(self, map_id: str, journey: JourneyMap, author: str = "user", message: str = "",
                 base: int | None = None) -> VersionRecord:
        """Replace the map wholesale (e.g. an accepted draft); stored as a snapshot version without ops."""
        journey = _checked(journey)
        with self._write():
            head = self._head(map_id)
            if base is not None and base != head:
                raise StaleVersionError(f"the map changed since you loaded it (now version {head}); reload and try "
                                        "again: a whole new map cannot be merged with the changes made meanwhile")
            number = self._next_number(map_id)
            packed = versions.insert_version(self.conn, map_id, number, head, author, message, None, journey, None)
            self._remember(map_id, number, journey, Chain(0, 0, packed))
            self._move_head(map_id, number, journey, head)
            record = self.version(map_id, number)
        record.journey = journey
        return record

    @locked
    def load(self, map_id: str, version: int | None = None) -> JourneyMap:
        """A version of a map (the head by default). Treat it as read-only."""
        return self._get(map_id, self._head(map_id) if version is None else version)[0]

    @locked
    def undo(self, map_id: str, head: int | None = None) -> VersionRecord | None:
        """Move the head back to its parent; None when at the first version.

        With ``head`` (the version the caller shows), only from there: StaleVersionError when the map has
        moved on meanwhile (another process saved), so that nobody undoes a change they have not seen.
        """
        return self._step(map_id, "SELECT parent FROM versions WHERE map_id = ? AND number = ?", head)

    @locked
    def redo(self, map_id: str, head: int | None = None) -> VersionRecord | None:
        """Move the head to its newest child; None when there is none. ``head``: as for :meth:`undo`."""
        return self._step(map_id, "SELECT max(number) FROM versions WHERE map_id = ? AND parent = ?", head)

    def _step(self, map_id: str, sql: str, expected: int | None) -> VersionRecord | None:
        with self._write():
            head = self._head(map_id)
            if expected is not None and expected != head:
                raise StaleVersionError(f"the map changed since you loaded it (now version {head})")
            if self.conn.execute("SELECT 1 FROM versions WHERE map_id = ? AND number = ?",
                                 [map_id, head]).fetchone() is None:
                raise StoreError(f"map {map_id} points at version {head}, which is not in the database; "
                                 f"`cjm history {map_id}` lists the versions it has")
            target = self.conn.execute(sql, [map_id, head]).fetchone()[0]
            if target is None:
                return None
            self._move_head(map_id, target, self._get(map_id, target)[0], head)
            return self.version(map_id, target)

    @locked
    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: it changes when another connection (another process) commits.

        Cheap enough to poll every second; this connection's own writes leave it as it was.
        """
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    @locked
    def version(self, map_id: str, number: int) -> VersionRecord:
        found = self._versions(map_id, number)
        if not found:
            raise StoreError(f"map {map_id} has no version {number}")
        return found[0]

    @locked
    def history(self, map_id: str) -> list[VersionRecord]:
        """Every version of a map, oldest first, marked with the head and the path to it."""
        return self._versions(map_id)

    def _versions(self, map_id: str, number: int | None = None) -> list[VersionRecord]:
        try:
            head = self._head(map_id)
        except StoreError:
            if not self.conn.execute("SELECT 1 FROM maps WHERE id = ?", [map_id]).fetchone():
                raise
            head = -1  # its current version is gone (changed outside cjm): the versions are listed, none marked
        return versions.records(self.conn, map_id, head, number)

    @locked
    def get_map(self, map_id: str) -> MapRecord:
        rows = self._map_rows("m.id = ?", [map_id])
        if not rows:
            raise StoreError(f"there is no map {map_id!r}; `cjm list` shows your maps")
        return rows[0]

    @locked
    def list_maps(self) -> list[MapRecord]:
        return self._map_rows("m.archived = 0", [])

    @locked
    def find_map(self, ref: str) -> MapRecord:
        """A map by id, unique id prefix, or unique case-insensitive title prefix; else by its business's name (a
        map renamed "First groom" is still found as "pawsome" for Pawsome Wheels)."""
        key = " ".join(ref.split()).casefold()
        exact = self._map_rows("lower(m.id) = ?", [key])
        if exact:
            return exact[0]
        maps = self.list_maps()
        exact = [m for m in maps if m.title.casefold() == key]
        hits = exact or [m for m in maps if key and (m.title.casefold().startswith(key)
                                                     or (len(key) >= 4 and m.id.startswith(key)))]
        hits = hits or [m for m in maps if key and m.business.casefold().startswith(key)]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise StoreError(f"no map matches {ref!r}; `cjm list` shows your maps")
        names = ", ".join(f"{m.id} ({m.title!r})" for m in hits[:8])
        raise StoreError(f"{len(hits)} maps match {ref!r}: {names}; say which by id")

    # -- internals of versions -------------------------------------------------------

    def _map_rows(self, where: str, params: list) -> list[MapRecord]:
        sql = ("SELECT m.id, m.title, m.kind, m.persona, m.business, m.created, m.updated, m.head, m.archived, "
               f"(SELECT count(*) FROM stages s WHERE s.map_id = m.id), m.stage_count FROM maps m WHERE {where} "
               "ORDER BY m.updated DESC")
        return [MapRecord(r[0], r[1] or "", r[2] or "", r[3] or "", r[4] or "", r[5], r[6], r[7], bool(r[8]),
                          r[9] if r[10] is None or r[9] == r[10] else self._stage_count(r[0], r[7]))
                for r in self.conn.execute(sql, params).fetchall()]

    def _stage_count(self, map_id: str, head: int) -> int | None:
        """How many stages the head version has, from the versions (its stage rows were lost or added to outside
        the program); None when it cannot be read."""
        try:
            return len(self._get(map_id, head)[0].stages)
        except StoreError:
            return None

    def _head(self, map_id: str) -> int:
        return versions.head(self.conn, map_id)

    def _next_number(self, map_id: str) -> int:
        return self.conn.execute("SELECT coalesce(max(number), 0) + 1 FROM versions WHERE map_id = ?",
                                 [map_id]).fetchone()[0]

    def _move_head(self, map_id: str, number: int, journey: JourneyMap, old: int | None) -> None:
        """Point the map at version ``number`` (from head ``old``) and bring its current-state rows in step, with
        the checksum of its read head (see :mod:`.heads`)."""
        main = journey.main_persona  # listed first, then the others: "Priya, Dave"
        personas = ", ".join(p.name for p in sorted(journey.personas, key=lambda p: p is not main))
        # Rows written as a diff from the old head's only when they are as that head left them (its checksum
        # matches); a new map, one saved before its rows had JSON or a checksum (schema steps m009, m010), or rows
        # changed or lost outside the program: every row is written again.
        intact = old is not None and heads.intact(self.conn, map_id)
        text = heads.map_json(journey)
        before = self._rows_of(map_id, old) if intact and old is not None else {}
        rows = self._rows_of(map_id, number)
        stages = [values[-1] for values in rows["stages"].values()]  # the JSON column, in order of position
        self.conn.execute(
            "UPDATE maps SET head = ?, title = ?, kind = ?, persona = ?, business = ?, updated = ?, json = ?, "
            "checksum = ?, stage_count = ? WHERE id = ?",
            [number, journey.title, journey.kind, personas, journey.business.name,
             timestamp(), text, heads.checksum(number, text, stages), len(stages), map_id])
        if not intact:
            for table in versions.CURRENT_STATE:
                self.conn.execute(f"DELETE FROM {table} WHERE map_id = ?", [map_id])
        versions.write_rows(self.conn, map_id, before, rows)

    def _rows_of(self, map_id: str, number: int) -> versions.Rows:
        rows = self._rows.get((map_id, number))
        if rows is None:
            rows = self._made_rows.of(self._get(map_id, number)[0])
            self._rows = {k: v for k, v in self._rows.items() if k in self._cache} | {(map_id, number): rows}
        return rows

    @locked
    def read(self, map_id: str) -> tuple[int, ReadOnlyMap] | None:
        """(head version, the head as a read-only map) without importing the model, from the current-state
        JSON (see :mod:`.heads`); None for a map saved before that JSON was kept and not changed since, or whose
        JSON is damaged (load the model instead)."""
        read = heads.read(self.conn, map_id)
        return None if read is None or read[1] is None else (read[0], read[1])

    @locked
    def read_head(self, map_id: str) -> tuple[int, ReadOnlyMap | None] | None:
        """As :func:`.heads.read`: (head version, the read-only map, or None when it is damaged)."""
        return heads.read(self.conn, map_id)

    @locked
    def load_checked(self, map_id: str, version: int | None = None) -> JourneyMap:
        """A version of a map (the head by default) rebuilt from its versions with its snapshot validated in full,
        as an import validates a file: what show and export fall back on when the read head is damaged, and what a
        JSON export is made from when it does not come from an intact read head (StoreError with a sentence when
        the version cannot be read)."""
        number = self._head(map_id) if version is None else version
        return self._build(map_id, number, validate=True)[0]

    def _get(self, map_id: str, number: int) -> tuple[JourneyMap, Chain]:
        """(map, its chain of ops since the snapshot) for one version, from the cache or the file."""
        hit = self._cache.get((map_id, number))
        if hit is not None:
            self._cache.move_to_end((map_id, number))
            return hit
        journey, chain = self._build(map_id, number, validate=False)
        self._remember(map_id, number, journey, chain)
        return journey, chain

    def _build(self, map_id: str, number: int, validate: bool) -> tuple[JourneyMap, Chain]:
        """Rebuild a version from the nearest snapshot on its chain and the ops after it (the snapshot validated in
        full with ``validate``, else built as the program wrote it); a damaged row is named in the StoreError."""
        rows = versions.chain(self.conn, map_id, number)
        if not rows:
            raise StoreError(f"map {map_id} has no version {number}")
        if rows[0][1] is None:
            raise StoreError(f"version {number} of map {map_id} cannot be rebuilt: no snapshot on its chain")
        from pydantic import ValidationError

        from cjm_assistant.domain import edits
        from cjm_assistant.domain.edits import parse_ops
        from cjm_assistant.domain.model import JourneyMap
        from cjm_assistant.domain.trusted import load_map

        at = [rows[0][3]]  # the version being read: named if it is damaged

        def every_op() -> Iterator[Any]:
            for ops, _, _, version in rows[1:]:
                at[0] = version
                yield from parse_ops(ops)

        try:
            text = zlib.decompress(rows[0][1])
            journey = JourneyMap.model_validate_json(text) if validate else load_map(text)
            journey = edits.replay(journey, every_op())  # one draft for the whole chain: its indexes made once
        except (ValidationError, ValueError, TypeError, AttributeError, KeyError, zlib.error) as e:
            raise StoreError(_unreadable(map_id, number, at[0], rows, e)) from None
        chain = Chain(rows[0][2], sum(len(row[0] or "") for row in rows[1:]), len(rows[0][1]))
        return journey, chain

    def _remember(self, map_id: str, number: int, journey: JourneyMap, chain: Chain) -> None:
        self._cache[(map_id, number)] = (journey, chain)
        self._cache.move_to_end((map_id, number))
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    # -- versions with evidence, and linked maps ---------------------------------------------

    @locked
    def save_version_with_evidence(self, map_id: str, ops: list[EditOp], rows: Iterable[dict[str, Any]],
                                   author: str = "user", message: str = "", base: int | None = None,
                                   preview: JourneyMap | None = None) -> VersionRecord:
        """Save ``ops`` as a new version and the evidence rows behind them, in one transaction.

        Each row is a dict with some of :data:`.evidence.EVIDENCE_COLUMNS` (rows may be a generator: they are
        streamed in); it is stamped with the new version's number, so an undone import no longer counts.
        A row stored again for the same (source, row, part) by a later version (a reassignment)
        supersedes the earlier one. With no ops, the version changes only the evidence.
        """
        with self._write():
            record = self.save_version(map_id, ops, author=author, message=message, base=base, allow_empty=True,
                                       preview=preview)
            self.evidence_log.add(map_id, rows, record.number)
        return record

    @locked
    def create_linked_map(self, journey: JourneyMap, source_id: str, source_version: int, relation: str,
                          author: str = "user", message: str = "", note: str = "") -> MapRecord:
        """Save a map made from another one (a future state) and record where it came from."""
        self.version(source_id, source_version)  # the source must exist
        with self._write():
            record = self.create_map(journey, author=author, message=message)
            self.map_links.add(record.id, source_id, source_version, relation, note)
        return record
