"""The open database: one SQLite connection, its lock, and write transactions that take turns.

Every store object (the maps and versions, the conversation, the call log)
works through one :class:`Connection`: the lock makes the store safe to share
between threads, and :meth:`Connection.write` holds SQLite's write lock from
its first statement (``BEGIN IMMEDIATE``), so two processes saving on the same
map take turns instead of both writing version N.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from cjm_assistant.store import schema
from cjm_assistant.store.files import backup, failure, is_busy, preflight

BUSY_RETRIES = 6  # on top of busy_timeout, for BEGIN IMMEDIATE
BUSY_TIMEOUT_MS = 10_000

Method = TypeVar("Method", bound=Callable[..., Any])


class Connection:
    """The database file, open: ``db`` (sqlite-utils), ``conn`` (sqlite3), ``path`` and ``lock``."""

    def __init__(self, db: Database, path: Path):
        self.db, self.conn, self.path = db, db.conn, path
        self.lock = threading.RLock()

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Connection:
        """Open (or create) the database at ``path`` and bring its schema up to date.

        StoreError, with a sentence, for a path that is not a cjm database, is
        read-only, or was written by a newer version; such files are left as
        they are. An older schema is copied to ``<file>.bak-<time>`` first.
        """
        path = Path(path).expanduser()
        preflight(path)
        try:
            conn = sqlite3.connect(path, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as e:
            raise failure(path, e) from None
        opened = cls(Database(conn), path)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a damaged file fails here, unwritten
            if opened.db.journal_mode != "wal":
                opened.db.enable_wal()
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            opened._migrate()
        except (sqlite3.Error, OSError) as e:
            conn.close()
            raise failure(path, e) from None
        except BaseException:
            conn.close()
            raise
        return opened

    def _migrate(self) -> None:
        if not schema.check_steps(self.db, self.path):
            return
        if schema.applied_steps(self.db):  # an older schema holding data: keep a copy first
            backup(self.conn, self.path)
        with self.write():  # under the write lock, so two first runs cannot both migrate
            schema.MIGRATIONS.apply(self.db)

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    @contextmanager
    def write(self) -> Iterator[None]:
        """A write transaction that holds the write lock from its first statement (a savepoint when nested).

        On failure it is rolled back, and an SQLite error becomes a StoreError with a sentence.
        """
        if self.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        for attempt in range(BUSY_RETRIES):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as e:
                if not is_busy(e) or attempt == BUSY_RETRIES - 1:
                    raise failure(self.path, e) from None
                time.sleep(0.05 * 2**attempt)
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException as e:
            self.db.rollback()
            if isinstance(e, sqlite3.Error):
                raise failure(self.path, e) from None
            raise


def locked(method: Method) -> Method:
    """Run a method of an object with a ``connection`` under that connection's lock."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        with self.connection.lock:
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
