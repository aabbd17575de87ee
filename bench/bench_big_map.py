"""One edit on a big map: 60 stages x 200 touchpoints (and 200 pain points) per stage, 24,000 items.

Run: python bench/bench_big_map.py [--edits 200]

The map is at the bounds (60 stages, 200 items per lane of a stage): 12,000 touchpoints and 12,000
pain points, each on a touchpoint. Figures (CPU time, medians), each with its target and baseline:

* one edit in-process, with the map open in a session: ``Session.edit`` (ops given), and an
  instruction through the offline engine accepted whole (``instruct`` then ``accept``; this is
  ``cjm refine`` without starting Python and loading the map). Target (issue 15): < 150 ms.
  Baseline: one deep copy of the map, the price of each of the three ``apply`` runs an edit made before;
* how many times ``edits.apply`` edits the map for that instruction (target 1);
* load from the file, at a snapshot and at the end of the longest run of ops a load may replay;
  target <= 3x the bare read of the snapshot (SQLite SELECT, zlib, json.loads) in the same run, and
  6x after the replay (a load replays at most a snapshot's worth of ops: up to twice the snapshot's);
* the growth of the file per small edit over ``--edits`` edits, snapshots included (target <= 4 KB);
* ``cjm refine`` as a process on this map, CPU (the issue measured 3.95 s; no target of its own).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import zlib
from pathlib import Path

import figures
from figures import Figure, Timer, build_map, child_cpu, item_count, python_env, ratio_figure, report, timed, used_bytes

EDIT_TARGET_MS = 150
GROWTH_TARGET = 4096
LOAD_LIMIT = 3.0


def edit_now(session, i: int) -> None:
    """Save the i-th small edit on the session's map, as it is now."""
    from cjm_assistant.domain import edits

    session.edit(edits.parse_ops(small_edit(i, session.journey)), "bench edit")


def small_edit(i: int, journey=None) -> list[dict]:
    return figures.small_edit(i, stages=60, pains=12000, touchpoints=12000, journey=journey)


def bare_read(path: Path, map_id: str) -> None:
    """The floor under a load: the newest snapshot's bytes read, inflated and parsed, nothing built."""
    conn = sqlite3.connect(path)
    blob = conn.execute("SELECT snapshot FROM versions WHERE map_id = ? AND snapshot IS NOT NULL "
                        "ORDER BY number DESC LIMIT 1", [map_id]).fetchone()[0]
    json.loads(zlib.decompress(blob))
    conn.close()


def cold_load(path: Path, map_id: str, runs: int = 5) -> Timer:
    from cjm_assistant.store import Store

    timer = Timer()
    for _ in range(runs):
        with Store.open(path) as fresh, timer:
            fresh.load(map_id)
    return timer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()

    from cjm_assistant.domain import draft, edits
    from cjm_assistant.session import Session
    from cjm_assistant.store import versions

    tmp = Path(tempfile.mkdtemp(prefix="cjm-bench-big-"))
    path = tmp / "big.db"
    journey = build_map(60, 200, 200)
    figures: list[Figure] = []
    deep_copy = timed(lambda: journey.model_copy(deep=True), 3).median

    session = Session.start(str(path), engine="playbook")
    map_id = session.import_map(journey, "bench")
    count = iter(range(10**6))
    edit_now(session, next(count))
    direct = timed(lambda: edit_now(session, next(count)), 9)
    figures.append(Figure("one edit, Session.edit (store included)", direct.median, "ms", f"< {EDIT_TARGET_MS} ms",
                          direct.median < EDIT_TARGET_MS, f"one deep copy of the map {deep_copy:.0f} ms"))

    drafts = []
    real_init = draft.Draft.__init__

    def counted(self, journey, owned=False):
        drafts.append(owned)
        real_init(self, journey, owned)

    def refine() -> None:
        stage = f"st{next(count) % 60 + 1}"
        proposal = session.instruct(f"set emotion of {stage} to {next(count) % 5 - 2}")
        session.accept(proposal)

    refine()
    draft.Draft.__init__ = counted
    try:
        instructed = timed(refine, 9)
    finally:
        draft.Draft.__init__ = real_init
    figures.append(Figure("one edit, instruct + accept (cjm refine in-process)", instructed.median, "ms",
                          f"< {EDIT_TARGET_MS} ms", instructed.median < EDIT_TARGET_MS,
                          f"one deep copy of the map {deep_copy:.0f} ms"))
    applied = drafts.count(False) / 9
    figures.append(Figure("edits.apply runs per instruction accepted", applied, "", "1", applied == 1,
                          "3 before (engine, preview, save)"))

    store = session.store
    while True:  # the head at a snapshot: the next edit to start a new run of ops
        depth = store._get(map_id, store.get_map(map_id).head)[1].depth
        if depth == 0:
            break
        edit_now(session, next(count))
    bare = timed(lambda: bare_read(path, map_id), 5).median
    at_snapshot = cold_load(path, map_id).median
    figures.append(ratio_figure("load from the file, at a snapshot", at_snapshot, "bare read of the snapshot", bare,
                                LOAD_LIMIT))

    before = used_bytes(store.conn)
    saved = 0
    replayed = at_snapshot
    for _ in range(args.edits):
        edit_now(session, next(count))
        saved += 1
        if store._get(map_id, store.get_map(map_id).head)[1].depth == versions.MAX_REPLAY:
            replayed = cold_load(path, map_id).median  # the longest run of ops a load replays
    growth = (used_bytes(store.conn) - before) / saved
    # A load replays at most a snapshot's worth of ops (versions.Chain) on top of the snapshot: up to twice the
    # snapshot's load, the same limit bench_store.py sets for its replay (6x its bare read).
    figures.append(ratio_figure(f"load from the file, {versions.MAX_REPLAY} versions of ops to replay", replayed,
                                "bare read of the snapshot", bare, 2 * LOAD_LIMIT))
    figures.append(Figure(f"file growth per small edit ({saved} edits)", growth, "bytes", f"<= {GROWTH_TARGET}",
                          growth <= GROWTH_TARGET, "the ops of one edit are ~100 bytes"))
    session.close()

    env = python_env(tmp / "pycache") | {"CJM_DB": str(path)}
    cjm = Path(sys.executable).with_name("cjm")
    argv = [str(cjm)] if cjm.exists() else [sys.executable, "-m", "cjm_assistant"]
    child_cpu([*argv, "list"], env)
    runs = [child_cpu([*argv, "refine", "--engine", "playbook", "set", "emotion", "of", f"st{i + 1}", "to", "1"], env)
            for i in range(3)]
    process = statistics.median(runs)
    pass_cpu = statistics.median(child_cpu([sys.executable, "-c", "pass"], env) for _ in range(5))
    figures.append(Figure("cjm refine as a process, CPU", process, "ms", "none (the issue's figure)", True,
                          f"python -c pass {pass_cpu:.1f} ms; 3,950 ms in the issue"))
    return report(f"big map: {item_count(journey):,} items (60 stages x 200 touchpoints x 200 pain points); "
                  f"file {path}", figures)


if __name__ == "__main__":
    sys.exit(main())
