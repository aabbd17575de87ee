"""Files the user names: reading them, and the one set of rules for every file cjm writes.

Reading: one sentence for each way a file can fail to be read.

Writing (:func:`write_file`), wherever the path came from (``-o``, ``--export``, the TUI's export dialog):

* never the open database or its ``-wal``/``-shm`` files, and never any other SQLite database (another
  cjm database, a copy, some other program's), ``--force`` or not;
* only a regular file: a device, a FIFO or a socket at the path is refused, never replaced;
* an existing file is replaced only when the caller says so (``--force`` on the CLI, a confirmation in
  the TUI); otherwise :class:`FileExists` says what to do; a file the user write-protected (no write bit) is
  never replaced, and a file replaced keeps its permissions;
* a missing folder is an error that names it (nothing is created silently);
* written atomically: a temporary file beside the target, then renamed over it.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from cjm_assistant.domain.text import safe


def read_text(path: str | Path, limit: int = 50_000_000, what: str = "file") -> str:
    """The UTF-8 text of ``path`` (or UTF-16 with its byte-order mark; a UTF-8 one is dropped); ValueError with a
    sentence for the user when it can't be read.

    At most ``limit`` bytes are read: a bigger file (or an endless one, such as a device) is refused
    after that many, never read whole into memory.
    """
    path = Path(path).expanduser()
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
        if len(data) > limit:
            raise ValueError(f"{safe(path)} is larger than {limit // 1_000_000} MB, too large for a {what}; "
                             "is it the right file?")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Windows Notepad's "Unicode"
            return data.decode("utf-16")
        return data.decode("utf-8-sig")  # a byte-order mark (Notepad's "UTF-8 with BOM") is no part of the text
    except FileNotFoundError:
        raise ValueError(f"no such file: {safe(path)}") from None
    except IsADirectoryError:
        raise ValueError(f"{safe(path)} is a folder, not a file") from None
    except PermissionError:
        raise ValueError(f"cannot read {safe(path)} (permission denied)") from None
    except UnicodeError:
        raise ValueError(f"{safe(path)} is not a UTF-8 text file") from None


class UnsafeTarget(ValueError):
    """A path cjm will not write to; ``str()`` is a sentence saying why and what to do instead."""


class NoFolder(UnsafeTarget):
    """The folder the target would go in does not exist (``path``: that folder); nothing is created unasked."""

    def __init__(self, folder: Path, how: str = "create it first"):
        super().__init__(f"the folder {safe(folder)} does not exist; {how}, or choose another place")
        self.path = folder


def make_folder(path: str | Path) -> None:
    """Create the folder a target ``path`` goes in (``path`` itself when it names a folder: "docs/maps/"), with
    the folders above it; OSError with a sentence when that cannot be done."""
    folder = Path(path).expanduser()
    if not str(path).endswith(("/", os.sep)):
        folder = Path(os.path.abspath(folder)).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OSError(f"could not create the folder {safe(folder)}: a file of that name is in the way") from None
    except OSError as e:
        raise OSError(f"could not create the folder {safe(folder)}: {e.strerror or e}") from None


class FileExists(UnsafeTarget):
    """The target exists and replacing it was not asked for."""

    def __init__(self, message: str, path: Path):
        super().__init__(message)
        self.path = path


def database_files(db: Path) -> list[Path]:
    """The database file and the journal files SQLite keeps beside it: beside the path as given and, when
    that is a symbolic link, beside the file it points to (where SQLite really keeps them)."""
    files = []
    for base in dict.fromkeys([Path(db), Path(os.path.realpath(db))]):
        files += [base] + [base.with_name(base.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
    return files


def target_for(path: str | Path, name_in_folder: Callable[[set[str]], str] | None = None) -> Path:
    """The file ``path`` names; for an existing folder, ``name_in_folder(names already there)`` inside it."""
    if not str(path).strip():  # "" is no file ("." would be read as the current folder)
        raise UnsafeTarget("the file name to write to is empty; give a file or folder name")
    target = Path(path).expanduser()
    if str(path).endswith(("/", os.sep)) and not target.is_dir():  # "reports/" names a folder, not a file
        _no_file_in_the_way(target)
        raise NoFolder(target)
    if target.is_dir():
        if name_in_folder is None:
            raise UnsafeTarget(f"{safe(target)} is a folder; give a file name")
        target = target / name_in_folder(set(os.listdir(target)))
    return target


def _no_file_in_the_way(folder: Path) -> None:
    """UnsafeTarget when ``folder`` (which is no folder) or a folder above it is a file ("notes.txt/map.md"): no
    folder can be made there, --mkdir or not."""
    for above in [folder, *folder.parents]:
        if above.exists() or above.is_symlink():
            if not above.is_dir():
                raise UnsafeTarget(f"{safe(above)} is a file, not a folder, so nothing can be written inside it; "
                                   "choose another place")
            return


def check_target(target: Path, protect: Iterable[Path] = (), force: bool = False) -> Path:
    """``target`` made absolute, or UnsafeTarget (FileExists) with a sentence when the rules forbid writing it."""
    absolute = Path(os.path.abspath(target))
    folder = absolute.parent
    if not folder.is_dir():
        _no_file_in_the_way(folder)
        raise NoFolder(folder)
    for kept in protect:
        if _same_file(absolute, Path(kept)):
            raise UnsafeTarget(f"{safe(target)} is cjm's own database (or one of its files); writing there would "
                               "destroy every map. Choose another file name")
    try:
        mode = os.stat(absolute).st_mode
    except FileNotFoundError:
        return absolute
    except OSError as e:
        raise UnsafeTarget(f"cannot check {safe(target)}: {e.strerror or e}") from None
    if stat.S_ISDIR(mode):
        raise UnsafeTarget(f"{safe(target)} is a folder; give a file name")
    if not stat.S_ISREG(mode):
        raise UnsafeTarget(f"{safe(target)} is not a regular file (a device, a pipe or a socket); cjm only writes "
                           "ordinary files")
    if _is_sqlite(absolute):  # before the "replace it?" question: that answer is never yes
        raise UnsafeTarget(f"{safe(target)} is an SQLite database (perhaps another cjm database); cjm never "
                           "writes an export over a database, even with --force. Choose another file name")
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):  # the user protected it: --force is no licence
        raise UnsafeTarget(f"{safe(target)} is read-only (write-protected); cjm does not replace it, even with "
                           "--force. Make it writable first (chmod u+w), or choose another name")
    if not force:
        raise FileExists(f"{safe(target)} already exists; replace it with --force, or choose another name", absolute)
    return absolute


def checked_target(path: str | Path, db: Path, force: bool = False,
                   name_in_folder: Callable[[set[str]], str] | None = None) -> Path:
    """The file ``path`` names (see :func:`target_for`), checked by the rules against the database at ``db``."""
    return check_target(target_for(path, name_in_folder), database_files(db), force)


def write_file(target: Path, content: str | bytes) -> Path:
    """Write ``content`` to ``target`` (already checked) atomically; OSError with a sentence when it fails."""
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with open(tmp, "xb") as f:  # never follows a link planted at the temporary name
            f.write(content.encode("utf-8") if isinstance(content, str) else content)
            f.flush()
            os.fsync(f.fileno())
        try:  # a file replaced keeps its permissions (a file shared with the group stays shared)
            os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
        except FileNotFoundError:
            pass
        os.replace(tmp, target)
    except FileExistsError:
        raise OSError(f"could not write {safe(target)}: a temporary file {safe(tmp.name)} is in the way; "
                      "remove it and try again") from None
    except OSError as e:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:  # a read-only file system refuses even that; there is nothing to remove then
            pass
        raise OSError(f"could not write {safe(target)}: {why_not_written(e, target.parent)}") from None
    return target


def why_not_written(error: OSError, folder: Path) -> str:
    """Why a file could not be written in ``folder``, in words (never the hidden temporary file's name): a
    read-only folder or no permission, else the system's own words ("No space left on device")."""
    if error.errno == errno.EROFS:
        return f"the folder {safe(folder)} is read-only (on a read-only disk or mount); choose another folder"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied: you cannot write in the folder {safe(folder)}; choose another folder"
    if error.errno == errno.ENOENT and folder.is_dir():  # the folder is there (/proc, /sys): no new file is taken
        return f"the folder {safe(folder)} takes no new files (a folder the system keeps); choose another folder"
    return error.strerror or str(error)


def why_not_writable(folder: Path) -> str | None:
    """Why no new file can be written in the existing ``folder`` (tried with a temporary file, removed at once), in
    the words of :func:`why_not_written`; None when one can."""
    import tempfile

    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".cjm-", suffix=".tmp"):
            pass
    except OSError as e:
        return why_not_written(e, folder)
    return None


SQLITE_HEADER = b"SQLite format 3\0"


def _is_sqlite(path: Path) -> bool:
    """Whether the regular file at ``path`` starts with SQLite's header (unreadable: not known to be one)."""
    try:
        with open(path, "rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist: compare the paths themselves
        return os.path.abspath(os.path.realpath(a)) == os.path.abspath(os.path.realpath(b))
