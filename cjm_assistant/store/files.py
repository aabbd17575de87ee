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


def preflight(path: Path) -> str:
    """Refuse, without touching it, a path that cannot be or hold our database; for an existing file that can be
    read but not written (a read-only file or folder, an immutable file, a read-only mount), what cannot be
    written ("cannot write to ... (it is read-only)"; see :func:`read_only`): "" when it can be written."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file; pass --db with a file name")
    if path.exists():
        with open(path, "rb") as f:
            header = f.read(len(SQLITE_MAGIC))
        if header and header != SQLITE_MAGIC:
            raise StoreError(f"{path} is not a cjm database (file is not a database); "
                             "move it aside or pass --db with another file")
        if not os.access(path, os.R_OK):
            raise StoreError(f"cannot read {path} (permission denied); check its permissions "
                             "or pass --db with another file")
        if not os.access(path, os.W_OK):
            return f"cannot write to {path} (it is read-only)"
        if not os.access(path.parent, os.W_OK | os.X_OK):
            return (f"cannot write in the folder {path.parent} (it is read-only; the database needs to write its "
                    "journal beside the file)")
        return ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"cannot create the folder {path.parent} ({e.strerror}); "
                         "pass --db with another path") from None
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(f"cannot write in the folder {path.parent} (it is read-only; the database needs to write "
                         "its journal beside the file); pass --db with a writable path")
    return ""


def read_only(path: Path, why: str) -> str:
    """The sentence for a write to a database that can only be read (``why``: what cannot be written)."""
    return (f"{why}; {path.name} is open for reading only, so nothing can be saved: check its permissions "
            "or pass --db with a writable file")


def inspect(path: Path) -> str:
    """Look at an existing database file read-only, before anything is written to it.

    StoreError (nothing changed) when it is not a cjm database or was written by a newer cjm-assistant;
    a sentence when it is damaged (then it is only read); "" when it is fine to open for writing.
    """
    from cjm_assistant.store import schema  # schema imports sqlite-utils; this module stays light

    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as e:
        raise failure(path, e) from None
    try:
        try:
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as e:
            _damage_or_raise(path, e)  # raises for what is not damage (a lock, an I/O error)
            raise StoreError(damaged(path, e, readable=False, ours=_looks_ours(path))) from None
        steps: list[str] = []
        if "_sqlite_migrations" in tables:
            try:
                steps = [name for (name,) in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = 'cjm'")]
            except sqlite3.DatabaseError as e:
                return _damage_or_raise(path, e)
        # Ours only when cjm's own migrations made it: another program's table called "maps", or another
        # sqlite-utils program's migrations, do not make a file ours (and it is refused before any write).
        if tables and not steps:
            others = ", ".join(sorted(t for t in tables if not t.startswith(("sqlite_", "_sqlite")))[:5])
            holds = f"it holds other tables: {others}" if others else "it holds no cjm tables"
            raise StoreError(f"{path} is not a cjm database ({holds}); pass --db with another file")
        if steps:
            newer = [name for name in steps if name not in schema.KNOWN_STEPS]
            if newer:
                raise StoreError(f"{path} was written by a newer cjm-assistant (schema steps {', '.join(newer)}); "
                                 "upgrade cjm-assistant, or pass --db with another file")
        try:
            problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
        except sqlite3.DatabaseError as e:
            return _damage_or_raise(path, e)
        return "" if problems == ["ok"] else damaged(path, "; ".join(problems[:2]))
    finally:
        conn.close()


def _looks_ours(path: Path) -> bool | None:
    """Whether a file too damaged for SQLite to list its tables still shows cjm's table definitions in its
    first pages (where SQLite keeps them): True, False (other tables), or None (no definitions left to read)."""
    with open(path, "rb") as f:
        head = f.read(1 << 20)
    if b"CREATE TABLE" not in head:
        return None
    return all(name in head for name in (b"_sqlite_migrations", b"versions", b"pain_points", b"llm_calls"))


def read_only_uri(path: Path) -> str:
    """A URI that reads ``path`` without creating or changing a byte: a WAL database whose log is gone (closed
    cleanly) is read as immutable, since a plain read-only open would create its -wal and -shm files."""
    with open(path, "rb") as f:
        header = f.read(20)
    wal_mode = len(header) == 20 and header[18] == 2
    immutable = "&immutable=1" if wal_mode and not Path(f"{path}-wal").exists() else ""
    return f"file:{path}?mode=ro{immutable}"


def _damage_or_raise(path: Path, error: sqlite3.DatabaseError) -> str:
    """A sentence when ``error`` says the file's contents are broken; otherwise (a full disk, a lock, an I/O
    error) the StoreError that ``failure`` gives, since the file itself may be fine."""
    if any(word in str(error) for word in ("malformed", "not a database", "corrupt")):
        return damaged(path, error)
    raise failure(path, error) from None


def damaged(path: Path, problem: object, readable: bool = True, ours: bool | None = True) -> str:
    """The sentence for a damaged database: what is wrong, that it is kept as it is, and how to recover.

    ``ours=None`` when the damage hides whether cjm made the file: it is then not called a cjm database.
    The recovery command quotes the path, so it can be pasted into a shell as it is.
    """
    import shlex

    copies = sorted(path.parent.glob(f"{path.name}.bak-*"))
    backups = f"; or use the copy kept before an upgrade: {shlex.quote(str(copies[-1]))}" if copies else ""
    kept = "it is open read-only and nothing will be written to it" if readable else "nothing was changed"
    what = "is a cjm database but it is damaged" if ours else "is damaged (too damaged to tell whether cjm made it)"
    recover = "To recover what it holds" if ours else "If it holds your maps, to recover what it holds"
    return (f"{path} {what} ({problem}); {kept}. {recover}: "
            f"sqlite3 {shlex.quote(str(path))} .recover | sqlite3 recovered.db, then pass --db recovered.db{backups}")


def integrity(path: Path) -> tuple[bool, str]:
    """The full ``PRAGMA integrity_check`` of a database file, read-only (for ``cjm doctor``): (ok, sentence)."""
    if not path.exists():
        return True, f"No database yet at {path} (it is made on first use)."
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)  # makes no -wal or -shm beside a read-only file
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
        finally:
            conn.close()
    except OSError as e:
        return False, f"cannot read {path} ({e.strerror}); check its permissions"
    except sqlite3.Error as e:
        return False, damaged(path, e)
    if problems == ["ok"]:
        return True, f"{path} passed SQLite's integrity check."
    return False, damaged(path, "; ".join(problems[:2]))


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
    if "Could not decode to UTF-8" in text:  # bytes that are not text where the store keeps text
        return StoreError(damaged(path, "some of its stored text is not valid UTF-8", readable=False))
    if isinstance(error, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
        # The file starts like an SQLite database (preflight checked), so it is damaged, not foreign.
        return StoreError(damaged(path, text, readable=False))
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
