"""Several processes saving versions of the same map at once lose nothing."""

from __future__ import annotations

import multiprocessing

from cjm_assistant.store import Store

WORKERS = 3
SAVES = 50
STAGES = ["Discover", "Consider", "Checkout", "Delivery", "After"]  # a stage holds at most 200 thoughts


def save_many(path: str, map_id: str, worker: int, start: multiprocessing.Barrier) -> list[tuple[int, int | None]]:
    """One process: SAVES versions, each based on the last head this process knew."""
    results = []
    with Store.open(path) as store:
        base = store.get_map(map_id).head
        start.wait()
        for i in range(SAVES):
            ops = [{"op": "add_thought", "stage": STAGES[worker % len(STAGES)], "text": f"worker {worker} thought {i}"}]
            record = store.save_version(map_id, ops, author=f"worker {worker}", message=f"{worker}/{i}", base=base)
            results.append((record.number, record.rebased_from))
            base = record.number
    return results


def test_processes_saving_the_same_map_take_turns_and_lose_nothing(tmp_db, bakery_map):
    with Store.open(tmp_db) as store:
        map_id = store.create_map(bakery_map).id

    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Barrier(WORKERS)
        with context.Pool(WORKERS) as pool:
            runs = pool.starmap(save_many, [(str(tmp_db), map_id, n, start) for n in range(WORKERS)])

    numbers = [number for run in runs for number, _ in run]
    assert sorted(numbers) == list(range(2, 2 + WORKERS * SAVES))  # every save got its own version
    assert any(rebased is not None for run in runs for _, rebased in run)  # they really did overlap

    with Store.open(tmp_db) as store:
        assert len(store.history(map_id)) == 1 + WORKERS * SAVES
        assert all(v.on_path for v in store.history(map_id))  # one line, no lost branch
        thoughts = {t.text for stage in store.load(map_id).stages for t in stage.thoughts}
        assert thoughts >= {f"worker {w} thought {i}" for w in range(WORKERS) for i in range(SAVES)}
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
