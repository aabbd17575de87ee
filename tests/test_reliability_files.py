"""Damaged or foreign database files, seen from the command line.

tests/test_store_files.py shows ``Store.open`` refusing such files with a
StoreError; here the real ``cjm`` meets them, and each must give exit code 1,
one line on stderr that says what to do, no traceback, and leave the user's
file byte for byte as it was. Also: a full disk (SQLite's ``max_page_count``,
and a real process whose file-size limit the OS enforces), and the backup
made before a migration, which must equal the old file.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import resource
import shutil
import signal
import sqlite3
import tempfile
from pathlib import Path

import pytest
from tests.support.reliability import EXAMPLES, cjm
from sqlite_utils import Database

from cjm_assistant import cli
from cjm_assistant.store.schema import KNOWN_STEPS, applied_steps
from cjm_assistant.store import Store

ADVICE = re.compile(r"pass --db|move it aside|upgrade cjm-assistant|check its permissions|free some space")


def assert_one_clear_line(code: int, stderr: str) -> str:
    assert code == 1, stderr
    assert not re.search(r"Traceback|\b[A-Z]\w+(Error|Exception)\b", stderr), stderr  # no Python internals
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("cjm: "), stderr
    assert ADVICE.search(lines[0]), f"no advice in {lines[0]!r}"
    return lines[0]


def folder_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def made_db(tmp_path, bakery_map) -> Path:
    """A real cjm database with a few maps and versions, closed cleanly."""
    path = tmp_path / "cjm.db"
    with Store.open(path) as store:
        for _ in range(3):
            map_id = store.create_map(bakery_map).id
            store.save_version(map_id, [{"op": "add_stage", "name": "Refund"}])
    return path


def damage(kind: str, path: Path, rng: random.Random) -> None:
    if kind == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    elif kind == "text":
        path.write_text("# My shopping list\n- flour\n- eggs\n" * 50)
    elif kind == "random":
        path.write_bytes(rng.randbytes(8192))
    elif kind == "random-after-header":
        path.write_bytes(b"SQLite format 3\x00" + rng.randbytes(8192))
    elif kind == "newer":  # as a newer cjm-assistant would leave it: closed cleanly
        newer = Database(path)
        newer["_sqlite_migrations"].insert(
            {"migration_set": "cjm", "name": "m999_from_the_future", "applied_at": "2099-01-01"})
        newer.close()


@pytest.mark.parametrize("kind", ["truncated", "text", "random", "random-after-header", "newer"])
def test_a_damaged_or_foreign_file_gets_one_sentence_and_is_left_alone(made_db, kind):
    damage(kind, made_db, random.Random(kind))
    before = folder_state(made_db.parent)
    for args in (["list"], ["new", "--answers", str(EXAMPLES / "bakery.toml")]):
        result = cjm("--db", str(made_db), *args)
        line = assert_one_clear_line(result.returncode, result.stderr)
        assert str(made_db) in line
        assert result.stdout == ""
        assert folder_state(made_db.parent) == before  # not a byte changed, nothing added beside it
    if kind == "newer":
        assert "written by a newer cjm-assistant" in line and "upgrade cjm-assistant" in line


# -- permissions: root may write anywhere, so the CLI runs as 'nobody' in a forked child ------------------


def warm_imports(args: list[str]) -> None:
    """Run the same command once as root on a scratch database, so the modules it imports lazily are
    loaded before the child drops to 'nobody' (who may not read the Python install under /root)."""
    assert args[0] == "--db"
    with tempfile.TemporaryDirectory() as scratch, contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()), pytest.MonkeyPatch.context() as env:
        env.setenv("XDG_CONFIG_HOME", scratch)
        cli.main(["--db", str(Path(scratch) / "warm.db"), *args[2:]])


def run_cli_as_nobody(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    warm_imports(args)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 99
        try:
            os.close(out_r)
            os.close(err_r)
            import sys

            sys.stdout = io.TextIOWrapper(os.fdopen(out_w, "wb"), encoding="utf-8", line_buffering=True)
            sys.stderr = io.TextIOWrapper(os.fdopen(err_w, "wb"), encoding="utf-8", line_buffering=True)
            os.environ.update(env or {})
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            code = cli.main(args)
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:  # say why the child died instead of a bare exit code 99
            import traceback

            os.write(err_w, traceback.format_exc().encode())
        finally:
            os._exit(code)
    os.close(out_w)
    os.close(err_w)
    with os.fdopen(out_r) as out, os.fdopen(err_r) as err:
        stdout, stderr = out.read(), err.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), stdout, stderr


@pytest.fixture
def shared_dir(bakery_map):
    """A folder 'nobody' can reach (pytest's own tmp folders are private to root), holding a database."""
    folder = Path(tempfile.mkdtemp(prefix="cjm-rel-"))
    folder.chmod(0o755)
    with Store.open(folder / "cjm.db") as store:
        store.create_map(bakery_map)
    (folder / "cjm.db").chmod(0o666)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755)
    shutil.rmtree(folder)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_read_only_file_is_listed_and_a_write_gets_one_sentence_and_it_is_left_alone(shared_dir, bakery_map):
    path = shared_dir / "cjm.db"
    path.chmod(0o444)
    before = folder_state(shared_dir)
    code, stdout, stderr = run_cli_as_nobody(["--db", str(path), "list"], {"XDG_CONFIG_HOME": str(shared_dir)})
    assert code == 0 and stderr == "" and bakery_map.title in stdout
    code, stdout, stderr = run_cli_as_nobody(["--db", str(path), "new", "--answers", str(EXAMPLES / "bakery.toml")],
                                             {"XDG_CONFIG_HOME": str(shared_dir)})
    line = assert_one_clear_line(code, stderr)
    assert line.startswith(f"cjm: cannot write to {path} (it is read-only); cjm.db is open for reading only")
    assert folder_state(shared_dir) == before


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_config_folder_the_user_cannot_read_gets_one_sentence(shared_dir):
    private = shared_dir / "private"
    (private / "cjm-assistant").mkdir(parents=True)
    private.chmod(0o700)  # root's, and 'nobody' may not look inside
    code, stdout, stderr = run_cli_as_nobody(["--db", str(shared_dir / "cjm.db"), "new", "--answers",
                                              str(EXAMPLES / "bakery.toml")], {"XDG_CONFIG_HOME": str(private)})
    assert code == 1 and "Traceback" not in stderr and len(stderr.splitlines()) == 1
    assert stderr.startswith(f"cjm: cannot read the config file {private}/cjm-assistant/config.toml (Permission denied)"
                             "; check its permissions, or set CJM_CONFIG to another file")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_database_in_a_read_only_folder_is_listed_and_a_write_gets_one_sentence(shared_dir, bakery_map):
    path = shared_dir / "cjm.db"
    before = folder_state(shared_dir)
    shared_dir.chmod(0o555)
    code, stdout, stderr = run_cli_as_nobody(["--db", str(path), "list"])
    assert code == 0 and stderr == "" and bakery_map.title in stdout
    map_id = stdout.splitlines()[1].split()[0]
    code, stdout, stderr = run_cli_as_nobody(["--db", str(path), "refine", map_id, "add a stage Refund", "--yes"],
                                             {"XDG_CONFIG_HOME": str(shared_dir)})
    line = assert_one_clear_line(code, stderr)
    assert line.startswith(f"cjm: cannot write in the folder {shared_dir} (it is read-only")
    code, stdout, stderr = run_cli_as_nobody(["--db", str(shared_dir / "new.db"), "list"])
    assert code == 0 and stderr == "" and stdout.startswith("No maps yet (there is no database at")  # none made
    code, stdout, stderr = run_cli_as_nobody(["--db", str(shared_dir / "new.db"), "import",
                                              str(EXAMPLES / "sweet-crumbs.json")])
    line = assert_one_clear_line(code, stderr)  # a database that is not there yet cannot be made there
    assert line.startswith(f"cjm: cannot write in the folder {shared_dir} (it is read-only")
    shared_dir.chmod(0o755)
    assert folder_state(shared_dir) == before


# -- a full disk ---------------------------------------------------------------------------------


unpatched_open = Store.open  # bound now, before the fixture below patches the class


@pytest.fixture
def full_disk(monkeypatch):
    """Every database connection the CLI opens is on a full disk: every write answers SQLITE_FULL.

    (Capping ``max_page_count`` is not enough: a small write can still fit in a page's free space.)
    """
    import sqlite3

    real_connect = sqlite3.connect
    writes = ("insert", "update", "delete", "replace")

    class FullDisk(sqlite3.Connection):
        def execute(self, sql, *args, **kwargs):
            if sql.lstrip().lower().startswith(writes):
                raise sqlite3.OperationalError("database or disk is full")
            return super().execute(sql, *args, **kwargs)

        def executemany(self, sql, *args, **kwargs):
            if sql.lstrip().lower().startswith(writes):
                raise sqlite3.OperationalError("database or disk is full")
            return super().executemany(sql, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: real_connect(*a, factory=FullDisk, **k))


def test_a_full_disk_gets_one_sentence_and_keeps_the_last_version(made_db, full_disk, capsys):
    with unpatched_open(made_db) as store:
        map_id = store.list_maps()[0].id
        head_before, versions_before = store.get_map(map_id).head, len(store.history(map_id))
    big = "a long instruction to grow the file " * 5
    attempts = [
        ["--db", str(made_db), "refine", map_id, f"add touchpoint '{big[:180]}' to Refund on Website"],
        ["--db", str(made_db), "new", "--answers", str(EXAMPLES / "bakery.toml")],
    ]
    for args in attempts:
        code = cli.main(args)
        captured = capsys.readouterr()
        line = assert_one_clear_line(code, captured.err)
        assert line.startswith(f"cjm: the disk holding {made_db} is full"), line
    assert sqlite3.connect(made_db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with unpatched_open(made_db) as store:
        assert store.get_map(map_id).head == head_before and len(store.history(map_id)) == versions_before
        assert len(store.list_maps()) == 3
        assert store.load(map_id).stages[-1].name == "Refund"


def test_a_file_size_limit_from_the_os_gets_one_sentence_and_loses_nothing(made_db):
    """A real process that the OS stops from growing any file (RLIMIT_FSIZE, like a full disk)."""
    with Store.open(made_db) as store:
        map_id = store.list_maps()[0].id
        head_before = store.get_map(map_id).head

    def limit_file_size():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG instead of a signal
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    result = cjm("--db", str(made_db), "refine", map_id, "add stage Complaints", preexec_fn=limit_file_size)
    line = assert_one_clear_line(result.returncode, result.stderr)
    assert "disk" in line
    assert sqlite3.connect(made_db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store.open(made_db) as store:
        assert store.get_map(map_id).head == head_before
        assert [s.name for s in store.load(map_id).stages][-1] == "Refund"


# -- migrations back the old file up first -----------------------------------------------------------


def test_before_a_migration_the_old_file_is_backed_up_byte_for_byte(made_db):
    """A file from the release before the newest schema step: real maps, that step not applied yet."""
    last = KNOWN_STEPS[-1]
    conn = sqlite3.connect(made_db)
    with conn:
        conn.execute("DELETE FROM _sqlite_migrations WHERE migration_set = 'cjm' AND name = ?", [last])
    conn.close()  # closed cleanly, as every cjm-assistant leaves it: no -wal beside it
    assert sorted(p.name for p in made_db.parent.iterdir()) == ["cjm.db"]
    old_bytes = made_db.read_bytes()
    with unpatched_open(made_db) as store:
        listed = [(m.id, m.head) for m in store.list_maps()]
        assert applied_steps(store.db) == KNOWN_STEPS  # opening migrated it

    [backup] = made_db.parent.glob("cjm.db.bak-*")
    assert backup.read_bytes() == old_bytes
    kept = Database(backup)
    assert last not in applied_steps(kept) and kept["versions"].count == 6
    kept.close()
    result = cjm("--db", str(made_db), "list")  # and the migrated file works
    assert result.returncode == 0, result.stderr
    assert all(map_id in result.stdout for map_id, _ in listed)
    assert len(list(made_db.parent.glob("cjm.db.bak-*"))) == 1  # migrated once, backed up once


# -- what cjm writes: never the database, only regular files ------------------------------------


def test_an_export_over_the_open_database_is_refused_and_every_map_survives(made_db, capsys):
    with unpatched_open(made_db) as store:
        maps_before = [m.id for m in store.list_maps()]
    attempts = [["export", maps_before[0], "-f", "json", "-o", str(made_db), "--force"],
                ["export", maps_before[0], "-o", f"{made_db}-wal", "--force"],
                ["new", "--answers", str(EXAMPLES / "bakery.toml"), "--export", str(made_db), "--force"]]
    for args in attempts:
        code = cli.main(["--db", str(made_db), *args])
        err = capsys.readouterr().err
        assert code == 1 and "is cjm's own database" in err, err
    with unpatched_open(made_db) as store:
        assert set(maps_before) <= {m.id for m in store.list_maps()}
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_export_onto_a_device_or_a_fifo_is_refused_and_leaves_it_alone(made_db, tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with unpatched_open(made_db) as store:
        map_id = store.list_maps()[0].id
    for target in (Path("/dev/null"), fifo):
        before = os.stat(target)
        code = cli.main(["--db", str(made_db), "export", map_id, "-o", str(target), "--force"])
        err = capsys.readouterr().err
        assert code == 1 and "is not a regular file" in err, err
        after = os.stat(target)
        assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


# -- every error a sentence: odd data that Python itself would refuse ---------------------------------


def assert_one_sentence(code: int, stderr: str) -> str:
    """A file's problem: exit 1 and one line that names it, with none of Python's own words."""
    assert code == 1, stderr
    assert not re.search(r"Traceback|\b[A-Z]\w+(Error|Exception)\b|sys\.|recursion", stderr), stderr
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("cjm: "), stderr
    return lines[0]


def test_a_number_thousands_of_digits_long_in_a_map_file_gets_a_sentence(tmp_path, capsys):
    data = json.loads((EXAMPLES / "sweet-crumbs.json").read_text(encoding="utf-8"))
    text = json.dumps(data).replace('"emotion": 1', '"emotion": ' + "9" * 5000, 1)
    (tmp_path / "big.json").write_text(text, encoding="utf-8")

    code = cli.main(["--db", str(tmp_path / "cjm.db"), "import", str(tmp_path / "big.json")])

    line = assert_one_sentence(code, capsys.readouterr().err)
    assert "holds a number thousands of digits long" in line and "set_int_max_str_digits" not in line


@pytest.mark.parametrize("name, body", [
    ("deep.jsonl", '{"comment": ' + "[" * 40_000 + "]" * 40_000 + "}\n"),  # under the 100,000-character line limit
    ("deep.json", '[{"comment": ' + "[" * 50_000 + "]" * 50_000 + "}]"),
    ("big.jsonl", '{"comment": "late", "rating": ' + "9" * 5000 + "}\n"),
], ids=["deep-lines", "deep-list", "huge-number"])
def test_feedback_nested_too_deeply_or_with_huge_numbers_gets_a_sentence(made_db, tmp_path, capsys, name, body):
    (tmp_path / name).write_text(body, encoding="utf-8")

    code = cli.main(["--db", str(made_db), "evidence", str(tmp_path / name), "--yes"])

    line = assert_one_sentence(code, capsys.readouterr().err.splitlines()[-1] + "\n")
    assert name in line and ("nested too deeply" in line or "thousands of digits" in line)


def test_stored_text_that_is_not_utf8_is_called_damaged_with_how_to_recover(made_db, capsys):
    with unpatched_open(made_db) as store:
        map_id = store.list_maps()[0].id
    conn = sqlite3.connect(made_db)
    conn.execute("UPDATE versions SET message = CAST(X'5b7b226f70223affff' AS TEXT) WHERE map_id = ? AND number = 2",
                 [map_id])
    conn.commit()
    conn.close()

    code = cli.main(["--db", str(made_db), "history", map_id])

    line = assert_one_clear_line(code, capsys.readouterr().err)
    assert "is a cjm database but it is damaged (some of its stored text is not valid UTF-8)" in line
    assert ".recover" in line
