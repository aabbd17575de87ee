"""A damaged database gives the right map or a sentence, never a wrong export.

The read head (``maps.json`` and the ``stages`` rows: what ``cjm show``, ``export`` and ``list`` read without
the model) is written with a checksum of exactly what a read reads. Rows changed or lost outside the program
(sqlite3, a bad disk) no longer match it, and the map is then read from its versions, which are the
authority; a read never writes. A version that cannot be rebuilt is named (the damaged row's version, not
the one asked for), and a newer program is blamed only when the snapshot says so.
"""

from __future__ import annotations

import json
import sqlite3
import zlib

import pytest

from cjm_assistant import cli
from cjm_assistant.export.jsonio import from_json
from cjm_assistant.store import Store, StoreError
from cjm_assistant.store import heads


class Result:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def cjm(capsys, tmp_db):
    """``cjm --db TMP ARGS...`` in-process: (exit code, stdout, stderr)."""

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = cli.main(["--db", str(tmp_db), *args])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        assert "unexpected error" not in captured.err, captured.err
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def saved(tmp_db, bakery_map):
    """A map at version 3 (two edits after the first version): its id."""
    with Store.open(tmp_db) as store:
        map_id = store.create_map(bakery_map).id
        store.save_version(map_id, [{"op": "set_emotion", "stage": "st2", "score": -2}], base=1)
        store.save_version(map_id, [{"op": "add_thought", "stage": "st3", "text": "Will it arrive on time?"}], base=2)
    return map_id


def sql(db, statement: str, *params) -> None:
    con = sqlite3.connect(db)
    with con:
        con.execute(statement, params)
    con.close()


def state(db, map_id: str) -> tuple:
    """Everything a read could change: the map's row and its stage rows."""
    con = sqlite3.connect(db)
    try:
        return (con.execute("SELECT * FROM maps WHERE id = ?", [map_id]).fetchall(),
                con.execute("SELECT * FROM stages WHERE map_id = ? ORDER BY position", [map_id]).fetchall())
    finally:
        con.close()


ST1 = "map_id = ? AND id = 'st1'"
DAMAGE = {
    "touchpoints not a list": ("UPDATE stages SET json = json_set(json, '$.touchpoints', 'x') WHERE " + ST1),
    "stage without touchpoints": ("UPDATE stages SET json = json_remove(json, '$.touchpoints') WHERE " + ST1),
    "stage JSON null": "UPDATE stages SET json = 'null' WHERE " + ST1,
    "stage JSON not JSON": "UPDATE stages SET json = '{not json' WHERE " + ST1,
    "stage JSON lost": "UPDATE stages SET json = NULL WHERE " + ST1,
    "emotion a word": "UPDATE stages SET json = json_set(json, '$.emotion', 'very sad') WHERE " + ST1,
    "emotion out of range": "UPDATE stages SET json = json_set(json, '$.emotion', 99) WHERE " + ST1,
    "severity a word": ("UPDATE stages SET json = json_set(json, '$.pain_points[0].severity', 'high') WHERE " + ST1),
    "name too long": ("UPDATE stages SET json = json_set(json, '$.name', printf('%.*c', 5000, 'x')) WHERE " + ST1),
    "a renamed stage": "UPDATE stages SET json = replace(json, 'Discover', 'Something else') WHERE map_id = ?",
    "stage rows deleted": "DELETE FROM stages WHERE map_id = ?",
    "a stage row added": ("INSERT INTO stages (map_id, id, position, json) SELECT map_id, 'st9', 99, json "
                          "FROM stages WHERE " + ST1),
    "head without title": "UPDATE maps SET json = json_remove(json, '$.title') WHERE id = ?",
    "personas a string": "UPDATE maps SET json = json_set(json, '$.personas', 'nobody') WHERE id = ?",
    "kind bogus": "UPDATE maps SET json = json_set(json, '$.kind', 'bogus') WHERE id = ?",
    "head JSON not JSON": "UPDATE maps SET json = '{' WHERE id = ?",
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_read_head_is_read_from_the_versions_and_left_as_it_is(cjm, tmp_db, saved, damage, tmp_path):
    shown, exported = cjm("show", saved).out, cjm("export", saved, "-f", "json").out
    html, csv = cjm("export", saved, "-f", "html").out, cjm("export", saved, "-f", "csv").out
    sql(tmp_db, DAMAGE[damage], saved)
    damaged = state(tmp_db, saved)
    with Store.open(tmp_db) as store:
        assert not heads.intact(store.conn, saved)
        assert store.read(saved) is None  # the damaged head is never handed out
    again = cjm("show", saved)
    assert again.code == 0 and again.out == shown
    assert again.err == (f"cjm: the copy of map {saved} kept for quick reading is damaged in the database; it was "
                         "read from its versions instead (the next change to the map rewrites the copy)\n")
    assert cjm("export", saved, "-f", "html").out == html
    assert cjm("export", saved, "-f", "csv").out == csv
    target = tmp_path / "backup.json"
    result = cjm("export", saved, "-f", "json", "-o", str(target))
    assert result.code == 0, result.err
    assert target.read_text(encoding="utf-8") == exported
    from_json(target.read_text(encoding="utf-8"))  # what `cjm import` reads: it accepts the file
    listed = next(line for line in cjm("list").out.splitlines() if line.startswith(saved))
    assert " 5 " in listed  # the bakery map's five stages, whatever its rows say
    assert state(tmp_db, saved) == damaged  # reading wrote nothing


def test_the_next_save_rewrites_a_damaged_read_head_whole(cjm, tmp_db, saved):
    sql(tmp_db, "DELETE FROM stages WHERE map_id = ?", saved)
    assert cjm("refine", saved, "add pain point 'After the loss' to Discover", "--yes").code == 0
    with Store.open(tmp_db) as store:
        assert heads.intact(store.conn, saved)
        assert store.list_maps()[0].stages == 5
        assert store.read(saved)[1].model_dump_json() == store.load(saved).model_dump_json()
    con = sqlite3.connect(tmp_db)
    assert con.execute("SELECT count(*) FROM stages WHERE map_id = ?", [saved]).fetchone()[0] == 5
    con.close()


def test_a_head_saved_before_checksums_gets_one_when_the_database_is_upgraded(cjm, tmp_db, saved):
    shown = cjm("show", saved).out
    # as a database from before schema step m011: heads without a checksum, the step not applied
    sql(tmp_db, "UPDATE maps SET checksum = NULL, stage_count = NULL WHERE id = ?", saved)
    sql(tmp_db, "DELETE FROM _sqlite_migrations WHERE name = 'm011_head_checksums_for_all'")
    with Store.open(tmp_db) as store:  # upgraded on opening (a copy of the old file is kept beside it)
        head, read = store.read_head(saved)
        assert head == 3 and read is not None and heads.intact(store.conn, saved)
    assert cjm("show", saved).out == shown


def test_a_head_whose_checksum_was_removed_is_read_from_the_versions(cjm, tmp_db, saved):
    # outside attack 5 #3: setting the checksum to NULL switched the check off, and a changed title and stage
    # name were shown and exported as the map
    shown = cjm("show", saved).out
    sql(tmp_db, "UPDATE maps SET checksum = NULL, json = json_set(json, '$.title', 'Forged') WHERE id = ?", saved)
    sql(tmp_db, DAMAGE["emotion a word"], saved)
    result = cjm("show", saved)
    assert result.code == 0 and result.out == shown and "Forged" not in result.out
    assert "read from its versions instead" in result.err
    assert "Forged" not in cjm("export", saved, "-f", "md").out
    assert cjm("undo", saved).code == 0  # the next change rewrites the read head, with its checksum
    with Store.open(tmp_db) as store:
        assert heads.intact(store.conn, saved) and store.read_head(saved)[1] is not None


def test_when_neither_the_read_head_nor_the_versions_can_be_read_export_writes_nothing(cjm, tmp_db, saved,
                                                                                        tmp_path):
    sql(tmp_db, DAMAGE["emotion out of range"], saved)
    sql(tmp_db, "UPDATE versions SET snapshot = X'00' WHERE map_id = ? AND number = 1", saved)
    target = tmp_path / "backup.json"
    result = cjm("export", saved, "-f", "json", "-o", str(target))
    assert result.code == 1 and not target.exists()
    assert saved in result.err and "version 1" in result.err and "damaged in the database" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_a_damaged_snapshot_names_its_version_and_blames_no_newer_program(cjm, tmp_db, saved):
    sql(tmp_db, "UPDATE versions SET snapshot = X'00' WHERE map_id = ? AND number = 1", saved)
    result = cjm("refine", saved, "add pain point 'Later' to Discover", "--yes")
    assert result.code == 1
    assert f"version 3 of map {saved} cannot be read: version 1, which it is built on, is damaged in the database" \
        in result.err
    assert "newer" not in result.err and f"cjm history {saved}" in result.err
    history = cjm("history", saved)
    assert history.code == 0 and [line[2:].split()[0] for line in history.out.splitlines()] == ["v1", "v2", "v3"]
    assert cjm("show", saved).code == 0  # the read head is intact


def test_a_snapshot_from_a_newer_program_says_so(tmp_db, saved):
    sql(tmp_db, "UPDATE versions SET snapshot = ? WHERE map_id = ? AND number = 1",
        zlib.compress(json.dumps({"schema_version": 99, "title": "From the future"}).encode()), saved)
    with Store.open(tmp_db) as store, pytest.raises(StoreError, match=r"version 1 of map \w+ was saved by a newer"):
        store.load(saved, 2)


def test_history_lists_every_version_when_one_edit_cannot_be_parsed(cjm, tmp_db, saved):
    sql(tmp_db, "UPDATE versions SET ops = '{bad' WHERE map_id = ? AND number = 2", saved)
    history = cjm("history", saved)
    assert history.code == 0 and len(history.out.splitlines()) == 3
    diff = cjm("diff", f"{saved}@1", saved)
    assert diff.code == 1
    assert "version 2, which it is built on, is damaged in the database" in diff.err and "newer" not in diff.err
    with Store.open(tmp_db) as store:
        store.load(saved, 1)  # not built on it: still opens
        with pytest.raises(StoreError, match="version 2 of map .* cannot be read: it is damaged"):
            store.load(saved, 2)


@pytest.mark.parametrize("command", ["undo", "redo"])
def test_a_head_pointing_at_a_missing_version_is_a_sentence(cjm, tmp_db, saved, command):
    sql(tmp_db, "UPDATE maps SET head = 99 WHERE id = ?", saved)
    result = cjm(command, saved)
    assert result.code == 1 and f"map {saved} points at version 99, which is not in the database" in result.err
    for fmt in ("md", "json", "csv"):  # the read head was written for another version: it is not used
        exported = cjm("export", saved, "-f", fmt)
        assert exported.code == 1 and f"map {saved} has no version 99" in exported.err


def test_a_json_export_from_the_versions_is_validated_whatever_path_it_takes(cjm, tmp_db, saved, tmp_path):
    """A snapshot of the right shape holding a value out of range: a JSON export made from it (an older version,
    one persona's view) refuses with a sentence instead of writing a file that `cjm import` refuses."""
    con = sqlite3.connect(tmp_db)
    (blob,) = con.execute("SELECT snapshot FROM versions WHERE map_id = ? AND number = 1", [saved]).fetchone()
    data = json.loads(zlib.decompress(blob))
    data["stages"][0]["emotion"] = 99
    with con:
        con.execute("UPDATE versions SET snapshot = ? WHERE map_id = ? AND number = 1",
                    [zlib.compress(json.dumps(data).encode()), saved])
    con.close()
    for args in ([f"{saved}@1"], [saved, "--persona", "Maya"]):
        target = tmp_path / "out.json"
        result = cjm("export", *args, "-f", "json", "-o", str(target))
        assert result.code == 1 and not target.exists()
        assert f"map {saved} cannot be read" in result.err and "version 1" in result.err
    # the read head was validated when it was saved and is intact: the current map still exports and imports
    from_json(cjm("export", saved, "-f", "json").out)


def test_list_says_it_cannot_count_stages_when_neither_rows_nor_versions_can_be_read(cjm, tmp_db, saved):
    sql(tmp_db, "DELETE FROM stages WHERE map_id = ?", saved)
    sql(tmp_db, "UPDATE versions SET snapshot = X'00' WHERE map_id = ? AND number = 1", saved)
    listed = cjm("list")
    assert listed.code == 0
    row = next(line for line in listed.out.splitlines() if line.startswith(saved)).split()
    assert row[row.index("v3") - 1] == "?"


def test_a_map_with_no_current_version_is_a_sentence_and_its_history_still_lists(cjm, tmp_db, saved):
    # outside attack 5 #5: "version None" everywhere, and refine gave "unexpected error (AssertionError)"
    sql(tmp_db, "UPDATE maps SET head = NULL WHERE id = ?", saved)
    said = f"map {saved} has no current version in the database (it was changed outside cjm)"
    for command in (["show", saved], ["export", saved, "-f", "json"], ["undo", saved],
                    ["refine", saved, "add stage Returns"]):
        result = cjm(*command)
        assert result.code == 1 and said in result.err, (command, result.err)
    history = cjm("history", saved)
    assert history.code == 0 and len(history.out.splitlines()) == 3 and "*" not in history.out
    listed = cjm("list")
    assert listed.code == 0 and "None" not in listed.out


@pytest.mark.parametrize("fmt", ["md", "json", "csv", "mermaid", "priorities", "brief", "html"])
def test_every_export_refuses_alike_when_the_current_version_row_is_gone(cjm, tmp_db, saved, fmt):
    # outside attack 5 #4: show, md and html refused while json, csv, mermaid, priorities and brief exited 0
    sql(tmp_db, "DELETE FROM versions WHERE map_id = ? AND number = 3", saved)
    result = cjm("export", saved, "-f", fmt)
    assert result.code == 1 and f"map {saved} has no version 3" in result.err and result.out == ""
