"""Opening the database file: where it lives, migrations, and files that are not ours."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from pathlib import Path

import sqlite3

import pytest
from sqlite_utils import Database

from cjm_assistant import locations
from cjm_assistant.store.schema import KNOWN_STEPS, MIGRATIONS, applied_steps
from cjm_assistant.store import Store, StoreError

# -- where the file lives ------------------------------------------------------------


def test_db_flag_beats_the_environment_beats_the_default(monkeypatch, tmp_path):
    monkeypatch.setenv("CJM_DB", str(tmp_path / "from-env.db"))
    assert locations.db_path(str(tmp_path / "flag.db")) == tmp_path / "flag.db"
    assert locations.db_path(None) == tmp_path / "from-env.db"
    monkeypatch.delenv("CJM_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert locations.db_path(None) == tmp_path / "xdg" / "cjm-assistant" / "cjm.db"
    assert not (tmp_path / "xdg").exists()  # asking where is not writing


def test_the_folder_is_created_when_the_database_is(tmp_path):
    path = tmp_path / "new" / "deeper" / "cjm.db"
    Store.open(path).close()
    assert path.is_file()


# -- migrations ------------------------------------------------------------------------


def test_a_new_file_gets_every_step_and_readable_tables(tmp_db):
    with Store.open(tmp_db) as store:
        assert applied_steps(store.db) == KNOWN_STEPS
        assert {"maps", "versions", "messages", "interviews", "llm_calls", "stages", "touchpoints", "pain_points",
                "opportunities"} <= set(store.db.table_names())
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_an_empty_file_is_set_up_like_a_new_one(tmp_db):
    tmp_db.write_bytes(b"")
    Store.open(tmp_db).close()
    assert applied_steps(Database(tmp_db)) == KNOWN_STEPS


def test_reopening_changes_nothing_and_makes_no_backup(tmp_db, bakery_map):
    with Store.open(tmp_db) as store:
        map_id = store.create_map(bakery_map).id
    with Store.open(tmp_db) as store:
        assert store.load(map_id) == bakery_map
        assert applied_steps(store.db) == KNOWN_STEPS
    assert list(tmp_db.parent.glob("*.bak-*")) == []


def test_an_older_schema_is_backed_up_then_migrated(tmp_db):
    old = Database(tmp_db)
    MIGRATIONS.apply(old, stop_before=KNOWN_STEPS[1])
    old["maps"].insert({"id": "abcd1234", "title": "Kept", "archived": 0})
    old.close()

    with Store.open(tmp_db) as store:
        assert applied_steps(store.db) == KNOWN_STEPS
        assert store.conn.execute("select title from maps").fetchall() == [("Kept",)]
    [backup] = tmp_db.parent.glob("cjm.db.bak-*")
    assert applied_steps(Database(backup)) == KNOWN_STEPS[:1]
    assert Database(backup)["maps"].count == 1


def test_a_schema_newer_than_the_code_is_refused(tmp_db):
    Store.open(tmp_db).close()
    Database(tmp_db)["_sqlite_migrations"].insert(
        {"migration_set": "cjm", "name": "m999_from_the_future", "applied_at": "2099-01-01"})
    with pytest.raises(StoreError, match=r"written by a newer cjm-assistant \(schema steps m999_from_the_future\)"):
        Store.open(tmp_db)


# -- files that are not ours --------------------------------------------------------------


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_db):
    novel = b"Chapter one. It was a dark and stormy night...\n" * 200
    tmp_db.write_bytes(novel)
    with pytest.raises(StoreError, match=r"cjm.db is not a cjm database \(file is not a database\); move it aside"):
        Store.open(tmp_db)
    assert tmp_db.read_bytes() == novel
    assert sorted(p.name for p in tmp_db.parent.iterdir()) == ["cjm.db"]


def test_a_truncated_database_is_refused_and_left_alone(tmp_db, bakery_map):
    with Store.open(tmp_db) as store:
        for _ in range(5):
            store.create_map(bakery_map)
    data = tmp_db.read_bytes()
    tmp_db.write_bytes(data[: len(data) // 2])
    # Damaged, not foreign: a user told "not a cjm database" might delete their own maps. Cut in half,
    # the table definitions are gone too, so it cannot be told whether cjm made it: it says so.
    try:
        store = Store.open(tmp_db)  # what can still be read is read-only
    except StoreError as e:
        message = str(e)
    else:
        message = store.damage
        with pytest.raises(StoreError, match="damaged"):
            store.create_map(bakery_map)
        store.close()
    assert "damaged" in message and ".recover" in message
    assert "not a cjm database" not in message
    assert tmp_db.read_bytes() == data[: len(data) // 2]


def test_a_damaged_database_is_read_only_and_says_how_to_recover(tmp_db, bakery_map):
    with Store.open(tmp_db) as store:
        map_id = store.create_map(bakery_map).id
        for i in range(30):
            store.save_version(map_id, [{"op": "add_stage", "name": f"Step {i}"}])
    conn = sqlite3.connect(tmp_db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'versions'").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(tmp_db.read_bytes())
    data[(root - 1) * page + 8: (root - 1) * page + 40] = b"\xff" * 32  # scribble over the versions table
    tmp_db.write_bytes(bytes(data))

    store = Store.open(tmp_db)

    assert "is a cjm database but it is damaged" in store.damage and ".recover" in store.damage
    with pytest.raises(StoreError, match="open read-only and nothing will be written"):
        store.create_map(bakery_map)
    store.close()
    assert tmp_db.read_bytes() == bytes(data)


def test_someone_elses_sqlite_database_is_refused(tmp_db):
    Database(tmp_db)["recipes"].insert({"name": "scones"})
    with pytest.raises(StoreError, match=r"is not a cjm database \(it holds other tables: recipes\)"):
        Store.open(tmp_db)
    assert Database(tmp_db).table_names() == ["recipes"]


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(StoreError, match="is a folder, not a database file"):
        Store.open(tmp_path)


def _open_unprivileged(path: str, queue) -> None:
    """In a forked child: drop root (if we are root) and report what opening says; a store opened read-only
    reports what listing its maps gives and what a write says."""
    if os.geteuid() == 0:
        os.setgid(65534)
        os.setuid(65534)
    try:
        store = Store.open(path)
    except StoreError as e:
        queue.put(str(e))
        return
    if not store.read_only:
        store.close()
        queue.put("opened")
        return
    maps = store.list_maps()
    listed = [m.title for m in maps]
    try:
        store.save_version(maps[0].id, [{"op": "add_stage", "name": "Refund"}])
        said = "written"
    except StoreError as e:
        said = str(e)
    store.close()
    queue.put((listed, said, store.read_only))


def _open_as_someone_else(path: Path) -> str:
    """Root may write anywhere; fork and drop to 'nobody' to meet a real permission error."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_open_unprivileged, args=(str(path), queue))
    child.start()
    child.join(30)
    return queue.get(timeout=5)


@pytest.fixture
def shared_dir():
    """A folder that 'nobody' can reach (pytest's own tmp folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="cjm-ro-"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        path.chmod(0o755)
    shutil.rmtree(folder)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_read_only_folder_gets_a_sentence_not_a_traceback(shared_dir):
    locked = shared_dir / "locked"
    locked.mkdir(mode=0o555)
    locked.chmod(0o555)
    message = _open_as_someone_else(locked / "cjm.db")
    assert message.startswith(f"cannot write in the folder {locked} (it is read-only")
    assert list(locked.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_read_only_file_is_read_and_a_write_gets_a_sentence(shared_dir, bakery_map):
    path = shared_dir / "cjm.db"
    with Store.open(path) as store:
        store.create_map(bakery_map)
    path.chmod(0o444)
    before = path.read_bytes()
    listed, said, read_only = _open_as_someone_else(path)
    assert listed == [bakery_map.title]
    assert said == read_only
    assert said.startswith(f"cannot write to {path} (it is read-only); cjm.db is open for reading only, so nothing "
                           "can be saved")
    assert path.read_bytes() == before and sorted(p.name for p in shared_dir.iterdir()) == ["cjm.db"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_database_in_a_read_only_folder_is_read_and_a_write_gets_a_sentence(shared_dir, bakery_map):
    path = shared_dir / "cjm.db"
    with Store.open(path) as store:
        store.create_map(bakery_map)
    path.chmod(0o666)
    shared_dir.chmod(0o555)
    listed, said, _ = _open_as_someone_else(path)
    assert listed == [bakery_map.title]
    assert said.startswith(f"cannot write in the folder {shared_dir} (it is read-only")
    assert sorted(p.name for p in shared_dir.iterdir()) == ["cjm.db"]  # no journal was made beside it


def test_a_read_only_database_that_needs_upgrading_is_refused_with_a_sentence(tmp_db, bakery_map, monkeypatch):
    from cjm_assistant.store import connection

    with Store.open(tmp_db) as store:
        store.create_map(bakery_map)
    monkeypatch.setattr(connection, "preflight", lambda path: f"cannot write to {path} (it is read-only)")
    monkeypatch.setattr(connection.schema, "is_current", lambda conn: False)
    with pytest.raises(StoreError, match=r"\(it is read-only\), and it must be upgraded .*writes to it; make it "
                                         "writable once, or pass --db with another file"):
        Store.open(tmp_db)
