"""The store keeps every version of a map, and gives back exactly what was saved."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading

import pytest

from cjm_assistant.store import connection as connection_module
from cjm_assistant.store import versions as store_module
from cjm_assistant.store import versions as versions_module
from cjm_assistant.domain import edits
from cjm_assistant.domain.edits import EditError
from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.store import StaleVersionError, Store, StoreError


@pytest.fixture
def store(tmp_db):
    with Store.open(tmp_db) as opened:
        yield opened


def edit_script(count: int) -> list[list[dict]]:
    """``count`` varied edits that apply one after the other to the bakery map."""
    script = []
    for i in range(count):
        step = i % 6
        if step == 0:
            ops = [{"op": "add_touchpoint", "stage": "Checkout", "name": f"Touch {i}", "channel": "Website"}]
        elif step == 1:
            ops = [{"op": "add_pain_point", "stage": "Checkout", "name": f"Pain {i}", "severity": i % 3 + 1,
                    "touchpoint": f"Touch {i - 1}", "evidence": [f"customer {i} said so"]}]
        elif step == 2:
            ops = [{"op": "set_emotion", "stage": "Delivery", "score": i % 5 - 2},
                   {"op": "add_thought", "stage": "Delivery", "text": f"Where is my cake? ({i})"}]
        elif step == 3:
            ops = [{"op": "update_pain_point", "pain_point": f"Pain {i - 2}", "severity": (i + 1) % 3 + 1}]
        elif step == 4:
            ops = [{"op": "add_stage", "name": f"Stage {i}", "after": "Checkout", "goal": "keep going"}]
        else:
            ops = [{"op": "rename_stage", "stage": f"Stage {i - 1}", "name": f"Renamed {i}"},
                   {"op": "add_opportunity", "stage": "Checkout", "name": f"Fix {i}", "addresses": [f"Pain {i - 4}"]}]
        script.append(ops)
    return script


def apply_script(journey: JourneyMap, script: list[list[dict]]) -> list[JourneyMap]:
    """The map after each step, applied directly (index 0 is the map itself)."""
    maps = [journey]
    for ops in script:
        maps.append(edits.apply(maps[-1], edits.parse_ops(ops)))
    return maps


# -- maps and versions ------------------------------------------------------------


def test_a_created_map_loads_back_equal(tmp_db, bakery_map):
    with Store.open(tmp_db) as store:
        record = store.create_map(bakery_map, author="playbook", message="first draft")
    assert len(record.id) == 8 and record.head == 1
    assert (record.title, record.persona, record.business, record.stages) == (
        "Ordering a birthday cake", "Maya", "Sweet Crumbs", 5)
    with Store.open(tmp_db) as reopened:
        assert reopened.load(record.id) == bakery_map
        [first] = reopened.history(record.id)
    assert (first.number, first.parent, first.author, first.ops, first.snapshot) == (1, None, "playbook", [], True)


def test_every_version_loads_equal_to_applying_its_ops(tmp_db, bakery_map):
    script = edit_script(60)
    expected = apply_script(bakery_map, script)
    with Store.open(tmp_db) as store:
        map_id = store.create_map(bakery_map).id
        for number, ops in enumerate(script, start=2):
            record = store.save_version(map_id, ops, author="user", message=f"step {number}", base=number - 1)
            assert record.number == number and record.journey == expected[number - 1]
    with Store.open(tmp_db) as cold:  # nothing cached: snapshots plus replayed ops
        for number in range(1, 62):
            assert cold.load(map_id, number) == expected[number - 1], f"version {number}"
        rows = cold.conn.execute("SELECT number, length(ops), length(snapshot) FROM versions ORDER BY number")
        versions = [(number, ops, snapshot) for number, ops, snapshot in rows]
    # A snapshot on the first version, then one whenever the ops since the last took as much room as it did:
    # a few, not one per version, and never a run of more than MAX_REPLAY versions of ops to replay.
    snapshots = [n for n, _, snapshot in versions if snapshot]
    assert snapshots[0] == 1 and 2 <= len(snapshots) <= 10, snapshots
    for first, following in zip(snapshots, snapshots[1:]):
        run = [ops for n, ops, _ in versions if first < n < following]
        size = versions[first - 1][2]
        assert sum(run) < size <= sum(run) + versions[following - 1][1] and len(run) <= store_module.MAX_REPLAY


def test_a_refused_edit_saves_nothing(store, bakery_map):
    map_id = store.create_map(bakery_map).id
    with pytest.raises(EditError, match="no stage called 'Nowhere'"):
        store.save_version(map_id, [{"op": "set_emotion", "stage": "Nowhere", "score": 1}], base=1)
    assert store.get_map(map_id).head == 1 and len(store.history(map_id)) == 1


def test_undo_and_redo_walk_the_versions_without_deleting_any(store, bakery_map):
    maps = apply_script(bakery_map, edit_script(2))
    map_id = store.create_map(bakery_map).id
    for number, ops in enumerate(edit_script(2), start=2):
        store.save_version(map_id, ops, base=number - 1)

    assert store.undo(map_id).number == 2 and store.load(map_id) == maps[1]
    assert store.undo(map_id).number == 1 and store.load(map_id) == maps[0]
    assert store.undo(map_id) is None
    assert store.redo(map_id).number == 2
    assert store.redo(map_id).number == 3 and store.load(map_id) == maps[2]
    assert store.redo(map_id) is None


def test_an_edit_after_undo_starts_a_branch_and_keeps_the_old_one(store, bakery_map):
    map_id = store.create_map(bakery_map).id
    store.save_version(map_id, [{"op": "add_stage", "name": "Refund"}], base=1)
    store.save_version(map_id, [{"op": "add_stage", "name": "Complain"}], base=2)
    store.undo(map_id)
    store.undo(map_id)
    branch = store.save_version(map_id, [{"op": "rename_stage", "stage": "After", "name": "Loyalty"}], base=1)

    assert (branch.number, branch.parent) == (4, 1)
    history = {v.number: v for v in store.history(map_id)}
    assert [(n, v.on_path, v.is_head) for n, v in history.items()] == [
        (1, True, False), (2, False, False), (3, False, False), (4, True, True)]
    assert [s.name for s in store.load(map_id, 3).stages][-2:] == ["Refund", "Complain"]
    assert store.undo(map_id).number == 1
    assert store.redo(map_id).number == 4  # the newest child


def test_history_describes_each_version(store, bakery_map):
    map_id = store.create_map(bakery_map, author="playbook", message="draft").id
    store.save_version(map_id, edit_script(3)[2], author="llm:gpt-4o-mini", message="calmer delivery", base=1)
    first, second = store.history(map_id)
    assert (second.number, second.parent, second.author, second.message, second.op_count) == (
        2, 1, "llm:gpt-4o-mini", "calmer delivery", 2)
    assert second.is_head and second.on_path and not first.is_head
    assert [edits.describe(op) for op in edits.parse_ops(second.ops)][0] == "set the emotion of 'Delivery' to neutral (+0)"


def test_save_map_replaces_the_whole_map(store, bakery_map):
    map_id = store.create_map(bakery_map).id
    smaller = edits.apply(bakery_map, edits.parse_ops([{"op": "remove_stage", "stage": "After"}]))
    record = store.save_map(map_id, smaller, author="playbook", message="accepted a new draft", base=1)
    assert (record.number, record.ops, record.snapshot) == (2, None, True)
    assert store.load(map_id) == smaller
    store.save_version(map_id, [{"op": "add_stage", "name": "Party"}], base=2)
    with Store.open(store.path) as cold:
        assert [s.name for s in cold.load(map_id).stages][-1] == "Party"
    with pytest.raises(StaleVersionError, match="now version 3"):
        store.save_map(map_id, bakery_map, base=2)


def test_a_stale_edit_is_replayed_on_the_new_head_when_it_still_applies(tmp_db, bakery_map):
    with Store.open(tmp_db) as mine, Store.open(tmp_db) as theirs:
        map_id = mine.create_map(bakery_map).id
        assert mine.load(map_id) == bakery_map  # cached at version 1
        theirs.save_version(map_id, [{"op": "add_thought", "stage": "Discover", "text": "Is it gluten free?"}], base=1)
        record = mine.save_version(map_id, [{"op": "set_emotion", "stage": "Checkout", "score": -2}], base=1)
        assert (record.number, record.parent, record.rebased_from) == (3, 2, 1)
        journey = mine.load(map_id)
    assert journey.stages[0].thoughts[-1].text == "Is it gluten free?" and journey.stages[2].emotion == -2


def test_a_stale_edit_that_no_longer_applies_is_refused(tmp_db, bakery_map):
    with Store.open(tmp_db) as mine, Store.open(tmp_db) as theirs:
        map_id = mine.create_map(bakery_map).id
        theirs.save_version(map_id, [{"op": "remove_stage", "stage": "Delivery"}], base=1)
        with pytest.raises(StaleVersionError, match=r"changed since you loaded it \(now version 2\); reload"):
            mine.save_version(map_id, [{"op": "set_emotion", "stage": "Delivery", "score": 1}], base=1)
        assert len(mine.history(map_id)) == 2


def test_the_cache_notices_another_process_moving_the_head(tmp_db, bakery_map):
    with Store.open(tmp_db) as mine, Store.open(tmp_db) as theirs:
        map_id = mine.create_map(bakery_map).id
        mine.load(map_id)
        theirs.save_version(map_id, [{"op": "rename_stage", "stage": "After", "name": "Afterwards"}], base=1)
        assert mine.load(map_id).stages[-1].name == "Afterwards"
        theirs.undo(map_id)
        assert mine.load(map_id).stages[-1].name == "After"


# -- finding maps -----------------------------------------------------------------------


def test_find_map_by_id_or_title_prefix(store, bakery_map):
    cake = store.create_map(bakery_map)
    tea = store.create_map(edits.apply(bakery_map, edits.parse_ops([{"op": "update_map", "title": "Ordering tea"}])))
    assert store.find_map(cake.id).id == cake.id
    assert store.find_map("ordering A").id == cake.id
    assert store.find_map("  ORDERING   TEA ").id == tea.id
    with pytest.raises(StoreError, match=r"2 maps match 'ordering': .*say which by id") as err:
        store.find_map("ordering")
    assert cake.id in str(err.value) and tea.id in str(err.value)
    with pytest.raises(StoreError, match="no map matches 'dental'; `cjm list` shows your maps"):
        store.find_map("dental")


# -- the current-state tables --------------------------------------------------------------


def test_current_state_tables_follow_the_head_across_maps(tmp_db, bakery_map):
    with Store.open(tmp_db) as store:
        cake = store.create_map(bakery_map).id
        other = store.create_map(bakery_map).id
        store.save_version(other, [{"op": "update_pain_point", "pain_point": "pp2", "severity": 1},
                                   {"op": "add_pain_point", "stage": "After", "name": "no loyalty card",
                                    "severity": 3}], base=1)
    query = "select map_id, id, name from pain_points where severity = 3 order by map_id = '%s', id" % cake
    result = subprocess.run([sys.executable, "-m", "sqlite_utils", "query", str(tmp_db), query],
                            capture_output=True, text=True, check=True)
    rows = json.loads(result.stdout)
    assert [(r["map_id"], r["id"]) for r in rows] == [(other, "pp3"), (other, "pp5"), (cake, "pp2"), (cake, "pp3")]
    with Store.open(tmp_db) as store:
        store.undo(other)
        severe = store.conn.execute("select count(*) from pain_points where severity = 3 and map_id = ?", [other])
        assert severe.fetchone()[0] == 2
        hits = store.conn.execute("select rowid from pain_points_fts where pain_points_fts match 'delivery fee'")
        assert len(hits.fetchall()) == 2
        stage = store.conn.execute("select position, name, emotion from stages where map_id = ? and id = 'st3'", [cake])
        assert stage.fetchone() == (3, "Checkout", -1)


def test_foreign_keys_are_enforced(store, bakery_map):
    with pytest.raises(Exception, match="FOREIGN KEY"):
        with store.db.atomic():
            store.conn.execute("insert into pain_points (map_id, id, name, severity) values ('nomap', 'pp1', 'x', 3)")
    with pytest.raises(StoreError, match="refused the change"):
        store.add_message("user", "hello", map_id="nomap")


# -- the conversation, interviews and the LLM log ---------------------------------------------


def test_messages_are_kept_per_interview_then_per_map(store, bakery_map):
    store.add_message("assistant", "What does your business sell?", interview="iv1")
    store.add_message("user", "Custom cakes | <b>delivered</b>\x07", interview="iv1", meta={"field": "offering"})
    store.save_interview("iv1", {"id": "iv1", "position": 2, "status": "asking"})
    assert store.latest_interview() == {"id": "iv1", "position": 2, "status": "asking"}

    map_id = store.create_map(bakery_map).id
    store.save_interview("iv1", {"id": "iv1", "position": 9, "status": "ready"}, map_id=map_id)
    store.add_message("user", "make checkout calmer", map_id=map_id)

    said = store.messages(map_id=map_id)
    # Control characters are dropped on the way in (the BEL); HTML and pipes are text and stay as typed.
    assert [m.content for m in said] == ["What does your business sell?", "Custom cakes | <b>delivered</b>",
                                         "make checkout calmer"]
    assert said[1].meta == {"field": "offering"} and said[1].interview == "iv1"
    assert store.latest_interview() is None  # the only interview has its map now
    assert store.latest_interview(unfinished=False)["position"] == 9
    assert store.load_interview("nope") is None
    found = store.conn.execute("select rowid from messages_fts where messages_fts match 'cakes'").fetchall()
    assert len(found) == 1
    with pytest.raises(StoreError, match="not 'robot'"):
        store.add_message("robot", "beep")


def test_llm_calls_add_up(store, bakery_map):
    map_id = store.create_map(bakery_map).id
    store.record_llm_call("gpt-4o-mini", "propose_map", 1200, 800, 0.0021, 2300, map_id=map_id)
    store.record_llm_call("gpt-4o-mini", "propose_edits", 300, 0, 0.0, 30000, outcome="timeout", error="took too long")
    assert store.llm_totals(map_id) == {"calls": 1, "errors": 0, "prompt_tokens": 1200, "completion_tokens": 800,
                                        "tokens": 2000, "cost": 0.0021}
    assert store.llm_totals()["calls"] == 2 and store.llm_totals()["errors"] == 1


def test_one_store_can_be_shared_by_threads(store, bakery_map):
    map_id = store.create_map(bakery_map).id
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(15):
                store.save_version(map_id, [{"op": "add_thought", "stage": "After", "text": f"t{n}-{i}"}])
                store.add_message("user", f"t{n}-{i}", map_id=map_id)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(store.load(map_id).stages[-1].thoughts) == 45 and len(store.messages(map_id)) == 45


def test_a_write_that_fails_half_way_leaves_the_last_version_intact(store, bakery_map, monkeypatch):
    map_id = store.create_map(bakery_map).id
    store.save_version(map_id, [{"op": "add_stage", "name": "Refund"}], base=1)

    def crash(*args):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(versions_module, "write_rows", crash)
    with pytest.raises(StoreError, match="failed: disk I/O error"):
        store.save_version(map_id, [{"op": "add_stage", "name": "Complain"}], base=2)
    monkeypatch.undo()
    assert store.get_map(map_id).head == 2 and len(store.history(map_id)) == 2
    assert [s.name for s in store.load(map_id).stages][-1] == "Refund"
    assert store.save_version(map_id, [{"op": "add_stage", "name": "Complain"}], base=2).number == 3


def test_a_writer_that_never_lets_go_gets_a_sentence_not_a_hang(store, bakery_map, monkeypatch):
    map_id = store.create_map(bakery_map).id
    monkeypatch.setattr(connection_module, "WRITE_WAIT_SECONDS", 0.5)
    waited: list[float] = []
    store.connection.waiting = waited.append
    other = sqlite3.connect(store.path)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="is busy: another program has been writing to it"):
            store.save_version(map_id, [{"op": "add_stage", "name": "Refund"}], base=1)
    finally:
        other.rollback()
        other.close()
    assert waited and waited == sorted(waited)  # told as it waited, in steps
    assert store.save_version(map_id, [{"op": "add_stage", "name": "Refund"}], base=1).number == 2


def test_a_write_waiting_for_another_program_gives_up_at_once_when_told_the_program_is_closing(store, bakery_map):
    map_id = store.create_map(bakery_map).id
    other = sqlite3.connect(store.path)
    other.execute("BEGIN IMMEDIATE")
    told: list[float] = []

    def quit_while_waiting(seconds: float) -> None:
        told.append(seconds)
        store.connection.closing.set()

    store.connection.waiting = quit_while_waiting
    try:
        with pytest.raises(StoreError, match="is busy"):
            store.save_version(map_id, [{"op": "add_stage", "name": "Refund"}], base=1)
    finally:
        other.rollback()
        other.close()
    assert len(told) == 1  # it gave up on the step after being told, not a minute later
    assert store.get_map(map_id).head == 1


def test_data_version_changes_when_another_connection_commits(tmp_db, bakery_map):
    with Store.open(tmp_db) as store, Store.open(tmp_db) as other:
        before = store.data_version()
        store.create_map(bakery_map)
        assert store.data_version() == before  # its own writes
        other.create_map(bakery_map)
        assert store.data_version() != before


def test_undo_from_a_version_the_map_has_moved_on_from_is_refused(tmp_db, bakery_map):
    from cjm_assistant.store import StaleVersionError

    with Store.open(tmp_db) as store:
        map_id = store.create_map(bakery_map).id
        store.save_version(map_id, [edits.RenameStage(stage="Discover", name="Find")])
        with pytest.raises(StaleVersionError):
            store.undo(map_id, head=1)
        assert store.find_map(map_id).head == 2
        assert store.undo(map_id, head=2).number == 1
        with pytest.raises(StaleVersionError):
            store.redo(map_id, head=2)
