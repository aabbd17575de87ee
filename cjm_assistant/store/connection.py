"""The open database: one SQLite connection, its lock, and write transactions that take turns.

Every store object (the maps and versions, the conversation, the call log)
works through one :class:`Connection`: the lock makes the store safe to share
between threads, and :meth:`Connection.write` holds SQLite's write lock from
its first statement (``BEGIN IMMEDIATE``), so two processes saving on the same
map take turns instead of both writing version N.
"""

from __future__ import annotations

import errno
import functools
import itertools
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cjm_assistant.store import schema
from cjm_assistant.store.files import backup, failure, inspect, is_busy, preflight, read_only, read_only_uri
from cjm_assistant.store.records import StoreError

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from typing import Any, TypeVar

    from sqlite_utils import Database

    Method = TypeVar("Method", bound=Callable[..., Any])

BUSY_TIMEOUT_MS = 10_000  # what any statement waits for another program's lock
WRITE_WAIT_SECONDS = 60.0  # what a write waits for another program to finish writing, then a sentence
WAIT_STEP_MS = 250  # ...in steps this long, saying how long it has waited and giving up at once on quitting
_SAVEPOINTS = itertools.count(1)


class Connection:
    """The database file, open: ``conn`` (sqlite3), ``db`` (sqlite-utils, made when first used), ``path`` and
    ``lock``.

    Opening a file whose schema is current runs a few PRAGMAs and one SELECT, with nothing but ``sqlite3``
    imported: ``cjm list`` should cost little more than starting Python.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn, self.path = conn, path
        self.lock = threading.RLock()
        self.damage = ""  # when the file is damaged: a sentence saying so and how to recover; nothing is written
        self.read_only = ""  # when the file cannot be written: the sentence a write gives; it is only read
        self._db: Database | None = None
        # Told, every WAIT_STEP_MS, how many seconds a write has waited for another program's lock (the TUI
        # shows it); and set when the program is quitting, so that a write still waiting gives up at once.
        self.waiting: Callable[[float], None] | None = None
        self.closing = threading.Event()

    @property
    def db(self) -> Database:
        """The connection as a sqlite-utils ``Database`` (for migrations, and for people reading the tables)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Connection:
        """Open (or create) the database at ``path`` and bring its schema up to date.

        An existing file is first looked at read-only: one that is not a cjm database, or was written by a
        newer version, is refused (StoreError, a sentence) with not one byte changed; a damaged one (``PRAGMA
        quick_check`` fails) is opened read-only, so maps can still be read and exported, and every write says
        how to recover. Only then is the journal switched to WAL. An older schema is copied to
        ``<file>.bak-<time>`` before it is migrated.
        """
        path = Path(path).expanduser()
        unwritable = preflight(path)
        damage = inspect(path) if path.exists() and path.stat().st_size > 0 else None
        if damage:
            return cls._read_only(path, damage)
        if unwritable:
            return cls._reader(path, unwritable)
        try:
            conn = sqlite3.connect(path, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as e:
            raise failure(path, e) from None
        opened = cls(conn, path)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils sets it
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                opened.db.enable_wal()
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            opened._migrate()
        except (sqlite3.Error, OSError) as e:
            conn.close()
            if _refused_write(e) and path.exists() and path.stat().st_size > 0:  # read-only in a way access() missed
                return cls._reader(path, f"cannot write to {path} ({e})")
            raise failure(path, e) from None
        except BaseException:
            conn.close()
            raise
        return opened

    @classmethod
    def _reader(cls, path: Path, why: str) -> Connection:
        """A healthy database that cannot be written, opened read-only (immutable when its log is gone): read
        commands work and every write says ``why`` (what cannot be written) and what to do. One that needs
        upgrading first is refused (StoreError)."""
        try:
            opened = cls._read_only(path, "")
            current = schema.is_current(opened.conn)
        except sqlite3.Error as e:
            raise failure(path, e) from None
        if not current:
            opened.close()
            raise StoreError(f"{why}, and it must be upgraded for this version of cjm-assistant, which "
                             "writes to it; make it writable once, or pass --db with another file")
        opened.read_only = read_only(path, why)
        return opened

    @classmethod
    def _read_only(cls, path: Path, damage: str) -> Connection:
        conn = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)
        opened = cls(conn, path)
        opened.damage = damage
        return opened

    def _migrate(self) -> None:
        if schema.is_current(self.conn) or not schema.check_steps(self.db, self.path):
            return
        if schema.applied_steps(self.db):  # an older schema holding data: keep a copy first
            backup(self.conn, self.path)
        with self.write():  # under the write lock, so two first runs cannot both migrate
            schema.migrations().apply(self.db)

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    def check_writable(self, also: str = "") -> None:
        """Raise the sentence every write gives on a file that is damaged or read-only (StoreError, ``also`` added
        in brackets); nothing when it can be written."""
        if self.damage or self.read_only:
            raise StoreError(f"{self.damage or self.read_only}{f' ({also})' if also else ''}")

    @contextmanager
    def write(self) -> Iterator[None]:
        """A write transaction that holds the write lock from its first statement (a savepoint when nested).

        On failure it is rolled back, and an SQLite error becomes a StoreError with a sentence.
        """
        self.check_writable()
        if self.conn.in_transaction:
            with self._savepoint():
                yield
            return
        self._begin()
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException as e:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(e, sqlite3.Error):
                raise failure(self.path, e) from None
            raise

    def _begin(self) -> None:
        """BEGIN IMMEDIATE: the write lock, waited for in short steps (see ``waiting`` and ``closing``)."""
        started = time.monotonic()
        self.conn.execute(f"PRAGMA busy_timeout = {WAIT_STEP_MS}")
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as e:
                    waited = time.monotonic() - started
                    if not is_busy(e) or waited >= WRITE_WAIT_SECONDS or self.closing.is_set():
                        raise failure(self.path, e) from None
                    if self.waiting is not None:
                        self.waiting(waited)
                    time.sleep(0.01)  # BEGIN may be refused at once (no busy wait), and would spin
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        """A nested write: rolled back to its start on failure, as sqlite-utils' ``atomic`` does."""
        name = f"cjm_{next(_SAVEPOINTS)}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:  # an error may already have ended the whole transaction
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        self.conn.execute(f"RELEASE SAVEPOINT {name}")


def _refused_write(error: BaseException) -> bool:
    """Whether opening for writing failed because the file or its folder cannot be written."""
    text = str(error)
    return ("readonly" in text or "read-only" in text or isinstance(error, PermissionError)
            or getattr(error, "errno", None) in (errno.EROFS, errno.EACCES, errno.EPERM))


class Part:
    """A part of the store on its connection (the conversation, the call log, the evidence, the links): its
    methods that read are :func:`locked`; those that write run in ``connection.write()``, or in the caller's."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.conn = connection.conn


def locked(method: Method) -> Method:
    """Run a method of an object with a ``connection`` under that connection's lock."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        with self.connection.lock:
            try:
                return method(self, *args, **kwargs)
            except sqlite3.DatabaseError as e:  # a read from a damaged file: a sentence, not an SQLite error
                raise failure(self.connection.path, e) from None

    return wrapper  # type: ignore[return-value]
