"""Attacked from outside, round two (issue 13): what a tester found after the first fixes, each a test
that failed before its fix. The CLI is run as a user would run it, in a fresh home."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run_cjm(*args: str, cwd: Path, check_rc: int | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    for k in ("CJM_DB", "CJM_MODEL", "OPENAI_API_KEY"):
        env.pop(k, None)
    env["HOME"] = str(cwd)  # no user config, no user data folder
    env["XDG_CONFIG_HOME"] = str(cwd / ".config")
    env["XDG_DATA_HOME"] = str(cwd / ".data")
    proc = subprocess.run(
        [sys.executable, "-m", "cjm_assistant", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )
    if check_rc is not None:
        assert proc.returncode == check_rc, proc.stdout + proc.stderr
    return proc


@pytest.fixture
def cjm(tmp_path):
    def _run(*args: str, check_rc: int | None = None):
        return run_cjm(*args, cwd=tmp_path, check_rc=check_rc)

    return _run


@pytest.fixture
def map_db(tmp_path, cjm):
    """A database at tmp_path/real.db holding the hand-checked example map; returns (db, map_id)."""
    db = tmp_path / "real.db"
    out = cjm("--db", str(db), "import", str(EXAMPLES / "sweet-crumbs.json"), check_rc=0)
    map_id = out.stdout.strip().splitlines()[-1].strip()
    return db, map_id


@pytest.mark.parametrize("force", [False, True])
def test_export_refuses_the_real_wal_when_db_is_opened_through_a_symlink(tmp_path, cjm, map_db, force):
    # ~/.local/share/cjm-assistant/cjm.db is often a symlink into a synced folder.
    # SQLite resolves the symlink: the WAL it uses is <real file>-wal, not <link>-wal.
    db, map_id = map_db
    (tmp_path / "link").mkdir()
    link = tmp_path / "link" / "cjm.db"
    link.symlink_to(db)
    target = tmp_path / "real.db-wal"
    args = ["--db", str(link), "export", map_id, "-f", "json", "-o", str(target)]
    if force:
        args.append("--force")
    proc = cjm(*args)
    assert proc.returncode != 0, f"export over the live WAL was accepted: {proc.stdout}{proc.stderr}"
    assert "database" in proc.stderr


def test_export_over_real_wal_while_another_process_holds_it_does_not_damage_db(tmp_path, cjm, map_db):
    db, map_id = map_db
    (tmp_path / "link").mkdir()
    link = tmp_path / "link" / "cjm.db"
    link.symlink_to(db)
    holder = sqlite3.connect(db)  # e.g. the TUI, open on the same map
    try:
        holder.execute("pragma wal_autocheckpoint=0")
        holder.execute("update maps set title = title || ' (edited)'")
        holder.commit()
        cjm("--db", str(link), "export", map_id, "-f", "json", "-o", str(tmp_path / "real.db-wal"), "--force")
        proc = cjm("--db", str(db), "list")
        assert proc.returncode == 0, proc.stderr
        assert "damaged" not in proc.stderr
    finally:
        holder.close()


def test_output_with_trailing_slash_to_a_missing_folder_is_an_error(tmp_path, cjm, map_db):
    db, map_id = map_db
    proc = cjm("--db", str(db), "export", map_id, "-f", "md", "-o", "reports/")
    # `reports/` names a folder; it does not exist, so the rule "missing folders are an error
    # that names them" applies. Today a FILE called `reports` is written, exit 0.
    assert not (tmp_path / "reports").is_file()
    assert proc.returncode != 0
    assert "reports" in proc.stderr


def test_new_with_a_bad_export_path_saves_nothing(tmp_path, cjm):
    db = tmp_path / "n.db"
    proc = cjm("--db", str(db), "new", "--answers", str(EXAMPLES / "bakery.toml"),
               "--export", str(tmp_path / "no-such-folder" / "map.md"))
    assert proc.returncode != 0
    # The path can be checked before the interview is saved: a typo in --export should not
    # leave a map behind, or the user's retry makes a duplicate.
    listing = cjm("--db", str(db), "list")
    assert "Sweet Crumbs" not in listing.stdout, listing.stdout


def _sqlite_file(path, *statements):
    con = sqlite3.connect(path)
    con.execute("pragma journal_mode=delete")
    for s in statements:
        con.execute(s)
    con.commit()
    con.close()


MIGRATIONS = ('CREATE TABLE "_sqlite_migrations" ("id" INTEGER PRIMARY KEY, "migration_set" TEXT, '
              '"name" TEXT, "applied_at" TEXT)')


@pytest.mark.parametrize("statements", [
    # another app that happens to have a table called maps (a GIS tool, a game...)
    ["create table maps(id integer primary key, name text)", "insert into maps(name) values('x')"],
    # another app built on sqlite-utils migrations, like cjm
    [MIGRATIONS, "insert into _sqlite_migrations values(1,'notesapp','m001','2025')",
     "create table notes(x)", "insert into notes values('my notes')"],
], ids=["maps-table", "other-sqlite-utils-app"])
def test_foreign_sqlite_file_is_not_modified_before_it_is_refused(tmp_path, cjm, statements):
    db = tmp_path / "other-app.db"
    _sqlite_file(db, *statements)
    before = db.read_bytes()
    proc = cjm("--db", str(db), "list")
    assert proc.returncode != 0
    assert "not a cjm database" in proc.stderr
    after = db.read_bytes()
    # bytes 18-19 are the journal-mode bytes: 1,1 (rollback) before; 2,2 (WAL) after today
    assert after[18:20] == before[18:20], f"header changed {before[18:20]!r} -> {after[18:20]!r}"
    assert after == before


def test_truncated_foreign_sqlite_file_is_not_called_a_cjm_database(tmp_path, cjm):
    full = tmp_path / "photos-full.db"
    _sqlite_file(full, "create table photos(id integer primary key, data blob)",
                 *["insert into photos(data) values(randomblob(3000))"] * 60)
    db = tmp_path / "photos.db"
    db.write_bytes(full.read_bytes()[:100_000])
    proc = cjm("--db", str(db), "list")
    assert proc.returncode != 0
    # issue 13 item 11 the other way round: a damaged file that is NOT ours is told it is
    # "a cjm database" and advised to recover it into a new --db.
    assert "is a cjm database" not in proc.stderr, proc.stderr


def test_recovery_advice_can_be_pasted_for_a_path_with_spaces(tmp_path, cjm, map_db):
    db, _ = map_db
    damaged = tmp_path / "my maps.db"
    damaged.write_bytes(db.read_bytes()[:100_000])
    proc = cjm("--db", "my maps.db", "list")  # relative, as typed
    assert proc.returncode != 0
    assert "recover" in proc.stderr
    # the advised command must survive copy and paste into a shell
    assert "sqlite3 my maps.db " not in proc.stderr, proc.stderr




PYTHONISH = ("Traceback", "RecursionError", "set_int_max_str_digits", "unexpected error",
             "please report it", "Exceeds the limit")


def _assert_clear(proc):
    assert proc.returncode != 0
    for bad in PYTHONISH:
        assert bad not in proc.stderr, proc.stderr[-400:]
    assert proc.stderr.strip(), "no message at all"


def _answers(tmp_path, extra: str) -> str:
    text = (EXAMPLES / "bakery.toml").read_text(encoding="utf-8")
    p = tmp_path / "answers.toml"
    p.write_text(extra + "\n" + text if extra.startswith("#") else text + "\n" + extra + "\n",
                 encoding="utf-8")
    return str(p)


def test_answers_file_with_deep_nesting_gives_a_sentence(tmp_path, cjm):
    p = tmp_path / "deep.toml"
    p.write_text("a = " + "[" * 10000 + "]" * 10000 + "\n", encoding="utf-8")
    _assert_clear(cjm("--db", str(tmp_path / "x.db"), "new", "--answers", str(p)))


def test_answers_file_with_a_huge_integer_gives_a_sentence(tmp_path, cjm):
    path = _answers(tmp_path, "extra = " + "9" * 5000)
    _assert_clear(cjm("--db", str(tmp_path / "x.db"), "new", "--answers", path))


def test_evidence_assign_with_a_huge_row_number_gives_a_sentence(tmp_path, cjm, map_db):
    db, map_id = map_db
    # only a map that has stored evidence rows reaches the failing conversion
    cjm("--db", str(db), "evidence", map_id, str(EXAMPLES / "sweet-crumbs-feedback.csv"), "--yes", check_rc=0)
    _assert_clear(cjm("--db", str(db), "evidence", map_id, "--assign", "9" * 5000, "Discover"))


def _max_rss_mb(args, cwd, env):
    probe = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stderr.write(p.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)
    return int(proc.stdout.strip().splitlines()[-1]) / 1024, proc.stderr


def test_import_of_a_huge_non_map_file_is_refused_before_it_is_read_whole(tmp_path, map_db):
    # `cjm import` reads the whole file before looking at it: a 200 MB file of zero bytes
    # (sparse, costs no disk) takes ~450 MB, 1 GB takes 2.1 GB, /dev/zero grows until the
    # OOM killer (2.7 GB after 5 s). A map's JSON is kilobytes; the size can be checked first.
    db, _ = map_db
    big = tmp_path / "export.json"
    with open(big, "wb") as f:
        f.truncate(200 * 1024 * 1024)
    env = {k: v for k, v in os.environ.items() if k not in ("CJM_DB", "CJM_MODEL")}
    env["HOME"] = str(tmp_path)
    rss, err = _max_rss_mb([sys.executable, "-m", "cjm_assistant", "--db", str(db), "import", str(big)],
                           tmp_path, env)
    assert "Traceback" not in err
    assert rss < 250, f"{rss:.0f} MB to refuse a 200 MB file: {err[-200:]}"
