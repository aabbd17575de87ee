"""The database file: checks before it is opened, a backup beside it, and sentences for what goes wrong."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from cjm_assistant.store.records import StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"


def timestamp() -> str:
    from datetime import datetime, timezone  # imported by writes, not by a command that only reads

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


def backup(conn: sqlite3.Connection, path: Path) -> Path:
    """A consistent copy of the open database (WAL contents included), beside it.

    When the write-ahead log is empty the file alone is the database: the copy
    is then its exact bytes, taken in a read transaction (no checkpoint can
    write to the file meanwhile). Otherwise SQLite's backup API copies it.
    """
    import shutil
    from datetime import datetime, timezone

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


def failure(path: Path, error: BaseException) -> StoreError:
    """A StoreError with a sentence for an error from SQLite or the file system."""
    text = str(error)
    if isinstance(error, sqlite3.IntegrityError):
        return StoreError(f"the database refused the change ({text})")
    if isinstance(error, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
        return StoreError(f"{path} is not a cjm database ({text}); move it aside or pass --db with another file")
    if "readonly" in text or "read-only" in text or "unable to open" in text or isinstance(error, PermissionError):
        return StoreError(f"cannot write to {path} ({text}); check its permissions or pass --db with a writable file")
    if is_busy(error):
        return StoreError(f"{path} is busy: another program has been writing to it for over a minute; "
                          "try again when it is done")
    if "disk is full" in text or getattr(error, "errno", None) == errno.ENOSPC:
        return StoreError(f"the disk holding {path} is full ({text}); free some space and try again "
                          "(what was saved before is intact)")
    if "disk I/O error" in text:
        return StoreError(f"the database {path} failed: {text}; the disk may be full or failing: free some space "
                          "or check the disk, then try again (what was saved before is intact)")
    return StoreError(f"the database {path} failed: {text}")


def is_busy(error: BaseException) -> bool:
    """Whether SQLite gave up waiting for another writer."""
    return "locked" in str(error) or "busy" in str(error)
