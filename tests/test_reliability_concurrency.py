"""Concurrency: four processes x 100 edits on one map, with `cjm refine` runs in the middle.

tests/test_store_concurrency.py shows three Store writers taking turns; here
the writers are two Stores and two Sessions (which also save a chat message
per edit), all racing real `cjm refine` subprocesses, and the checks are the
user's: nothing crashed, no 'database is locked' reached anyone, every
reported version is there and the history is one chain whose rebased links
say so. Then two writers rename the same stage from the same base: the
second is rebased (the op still applies) or refused with StaleVersionError,
never silently overwritten.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import traceback

import pytest

from cjm_assistant.domain import edits
from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.session import Session
from cjm_assistant.store import StaleVersionError, Store

WORKERS = 4
EDITS = 100
CLI_RUNS = 4
STAGES = ["st1", "st2", "st3", "st4"]  # one stage per worker: at most 200 thoughts a lane

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def worker(path: str, map_id: str, n: int, start, results) -> None:
    """One process: EDITS saves, each made against the last version this process knew."""
    out = {"worker": n, "versions": [], "errors": []}
    try:
        store = Store.open(path)
        if n % 2:  # a Session, as the TUI drives it: base = the head it last loaded
            session = Session(store, PlaybookEngine())
            session.open_map(map_id)
            start.wait()
            for i in range(EDITS):
                op = edits.AddThought(stage=STAGES[n], text=f"worker {n} thought {i}")
                before = session.head
                number = session.edit([op], f"{n}/{i}")
                out["versions"].append((number, before))
        else:
            base = store.get_map(map_id).head
            start.wait()
            for i in range(EDITS):
                ops = [{"op": "add_thought", "stage": STAGES[n], "text": f"worker {n} thought {i}"}]
                if i % 10 == 0:
                    ops.append({"op": "set_emotion", "stage": STAGES[n], "score": i % 5 - 2})
                record = store.save_version(map_id, ops, author=f"worker {n}", message=f"{n}/{i}", base=base)
                out["versions"].append((record.number, base))
                base = record.number
        store.close()
    except Exception:  # noqa: BLE001 - reported to the test, which fails on it
        out["errors"].append(traceback.format_exc())
    results.put(out)


def test_four_processes_and_the_cli_edit_one_map_and_lose_nothing(tmp_db, bakery_map):
    with Store.open(tmp_db) as store:
        map_id = store.create_map(bakery_map).id

    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(WORKERS + 1), context.Queue()
    processes = [context.Process(target=worker, args=(str(tmp_db), map_id, n, start, results)) for n in range(WORKERS)]
    for p in processes:
        p.start()
    start.wait()
    cli = [subprocess.Popen([sys.executable, "-m", "cjm_assistant", "--db", str(tmp_db), "refine", map_id,
                             f"add thought 'cli run {k}' to After"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True) for k in range(CLI_RUNS)]
    outputs = [results.get(timeout=120) for _ in processes]
    for p in processes:
        p.join(30)
        assert p.exitcode == 0
    runs = [(proc.wait(60), *proc.communicate()) for proc in cli]

    assert [o["errors"] for o in outputs] == [[]] * WORKERS  # no crash, no StoreError ('locked' or else)
    for code, stdout, stderr in runs:
        assert code == 0 and stderr == "", stderr
        assert "locked" not in stdout + stderr and "busy" not in stdout + stderr
    cli_versions = [int(stdout.strip().splitlines()[-1].removeprefix("Saved version ").rstrip(".")) for _, stdout, _ in runs]

    reported = [number for o in outputs for number, _ in o["versions"]] + cli_versions
    assert len(reported) == len(set(reported)) == WORKERS * EDITS + CLI_RUNS  # every save its own version
    with Store.open(tmp_db) as store:
        history = store.history(map_id)
        assert [v.number for v in history] == list(range(1, 2 + WORKERS * EDITS + CLI_RUNS))  # count matches
        assert set(reported) == {v.number for v in history} - {1}
        assert all(v.on_path for v in history)  # a single chain: no lost branch
        for v in history[1:]:
            assert v.parent == v.number - 1
            # A version saved against an older base says so: rebased, never silently on top.
            assert v.rebased_from is None or v.rebased_from < v.parent
        bases = {number: base for o in outputs for number, base in o["versions"]}
        by_number = {v.number: v for v in history}
        for number, base in bases.items():
            assert by_number[number].rebased_from == (base if base != number - 1 else None)
        assert sum(1 for v in history if v.rebased_from is not None) > 0  # they really did overlap

        journey = store.load(map_id)
        thoughts = {t.text for stage in journey.stages for t in stage.thoughts}
        assert thoughts >= {f"worker {n} thought {i}" for n in range(WORKERS) for i in range(EDITS)}
        assert thoughts >= {f"cli run {k}" for k in range(CLI_RUNS)}
        # The sessions said each save in the chat, in step with the versions.
        saved = [m for m in store.messages(map_id) if m.content.startswith("Saved version ")]
        assert len(saved) == 2 * EDITS + CLI_RUNS
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# -- a conflicting pair -----------------------------------------------------------------------


def rename(path: str, map_id: str, ref: str, name: str, start, results) -> None:
    session = Session(Store.open(path), PlaybookEngine())
    session.open_map(map_id)
    base = session.head
    start.wait()
    try:
        number = session.edit([edits.RenameStage(stage=ref, name=name)], f"rename to {name}")
        results.put((name, "saved", number, base))
    except StaleVersionError as e:
        results.put((name, "refused", str(e), base))
    except Exception as e:  # noqa: BLE001
        results.put((name, "crashed", f"{type(e).__name__}: {e}", base))


def race(path, map_id: str, ref: str) -> dict:
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(2), context.Queue()
    processes = [context.Process(target=rename, args=(str(path), map_id, ref, name, start, results))
                 for name in ("Find", "Search")]
    for p in processes:
        p.start()
    outcome = {}
    for _ in processes:
        name, what, detail, base = results.get(timeout=60)
        outcome[name] = (what, detail, base)
    for p in processes:
        p.join(30)
    return outcome


@pytest.mark.parametrize("ref", ["st1", "Discover"])
def test_two_renames_of_one_stage_from_one_base_are_rebased_or_refused(tmp_db, bakery_map, ref):
    with Store.open(tmp_db) as store:
        map_id = store.create_map(bakery_map).id
    outcome = race(tmp_db, map_id, ref)
    assert {base for _, _, base in outcome.values()} == {1}  # both started from version 1
    with Store.open(tmp_db) as store:
        history = store.history(map_id)
        final = store.load(map_id).stages[0].name
    saved = {name: detail for name, (what, detail, _) in outcome.items() if what == "saved"}
    refused = {name: detail for name, (what, detail, _) in outcome.items() if what == "refused"}
    assert not [o for o in outcome.values() if o[0] == "crashed"], outcome
    if ref == "st1":
        # By id, the second rename still applies: replayed on the new head, and marked as such.
        assert sorted(saved.values()) == [2, 3] and not refused
        second = history[2]
        assert (second.parent, second.rebased_from) == (2, 1)
        assert final == next(name for name, number in saved.items() if number == 3)
    else:
        # By name, the second one no longer finds 'Discover': refused with a sentence, nothing overwritten.
        assert len(saved) == 1 and len(refused) == 1, outcome
        [(winner, number)] = saved.items()
        [message] = refused.values()
        assert number == 2 and final == winner
        assert message.startswith("the map changed in another window: now at v2") and "not saved" in message
        assert len(history) == 2


def test_a_stale_whole_map_is_refused_not_written_over_newer_edits(tmp_db, bakery_map):
    """Accepting a draft over a map that moved on would drop the other edits: refused instead."""
    with Store.open(tmp_db) as store:
        map_id = store.create_map(bakery_map).id
    mine, theirs = (Session(Store.open(tmp_db), PlaybookEngine()) for _ in range(2))
    mine.open_map(map_id)
    theirs.open_map(map_id)
    theirs.edit([edits.AddStage(name="Refund")], "add a stage")
    draft = mine.journey.model_copy(update={"title": "A new draft"})
    with pytest.raises(StaleVersionError, match=r"now version 2\); reload and try again: a whole new map cannot"):
        mine.save_new_map(draft, "accepted the draft")
    assert mine.store.load(map_id).stages[-1].name == "Refund" and len(mine.store.history(map_id)) == 2
    mine.open_map(map_id)  # after a reload the same change goes through, on top
    assert mine.save_new_map(draft, "accepted the draft") == 3
