"""Session 17, x17: what an outside tester (walk17) found in file handling.

1. An export never overwrites an SQLite database, --force or not (CLI and the TUI's export call).
2. A feedback CSV whose quote never closes is not silently read as fewer rows.
3. Tab-separated tables in .txt/.tsv (Excel's "Unicode Text") are read as tables.
4. BOM-less UTF-16 and a stray NUL byte in a text file.
5. Answers files with wrong shapes get a clear error or an obvious, announced reading.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cjm_assistant import cli
from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.session import Session
from cjm_assistant.store import Store
from cjm_assistant.userfiles import FileExists, UnsafeTarget

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


# -- 1. an export never lands on an SQLite database ------------------------------------------------------


def other_database(path: Path) -> bytes:
    """A database that is not the open one: 'another program's', a table with a few rows."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE evidence (id INTEGER PRIMARY KEY, text TEXT)")
        conn.executemany("INSERT INTO evidence (text) VALUES (?)", [(f"row {i}",) for i in range(50)])
    return path.read_bytes()


@pytest.mark.parametrize("name", ["other.db", "backup-copy.sqlite", "notes.md"])  # the name says nothing
def test_an_export_with_force_onto_another_sqlite_database_is_refused_and_leaves_it_whole(tmp_path, capsys, name):
    db = tmp_path / "cjm.db"
    assert cli.main(["--db", str(db), "new", "--answers", str(EXAMPLES / "bakery.toml")]) == 0
    capsys.readouterr()
    with Store.open(db) as store:
        map_id = store.list_maps()[0].id
    other = tmp_path / name
    before = other_database(other)
    for args in (["export", map_id, "-o", str(other), "--force"],
                 ["export", map_id, "-f", "json", "-o", str(other), "--force"],
                 ["new", "--answers", str(EXAMPLES / "bakery.toml"), "--export", str(other), "--force"]):
        code = cli.main(["--db", str(db), *args])
        err = capsys.readouterr().err
        assert code == 1 and "is an SQLite database" in err and "even with --force" in err, err
        assert other.read_bytes() == before
    with sqlite3.connect(other) as conn:
        assert conn.execute("SELECT count(*) FROM evidence").fetchone()[0] == 50


def test_the_tuis_export_call_refuses_a_database_outright_instead_of_asking_to_replace_it(tmp_path, bakery_map):
    """The TUI's driver asks "replace it?" on FileExists; for a database the refusal must come first."""
    other = tmp_path / "team.db"
    before = other_database(other)
    with Store.open(tmp_path / "cjm.db") as store:
        session = Session(store, PlaybookEngine())
        session.open_map(store.create_map(bakery_map).id)
        for replace in (False, True):
            with pytest.raises(UnsafeTarget) as caught:
                session.export("md", str(other), force=replace)
            assert not isinstance(caught.value, FileExists)
            assert "is an SQLite database" in str(caught.value)
        assert other.read_bytes() == before
        plain = tmp_path / "plain.md"
        plain.write_text("old notes\n", encoding="utf-8")
        session.export("md", str(plain), force=True)  # an ordinary file is still replaced when asked
        assert plain.read_text(encoding="utf-8").startswith("#")
