"""How fast the store is on a big map, and how much the file grows per edit.

Run: python bench/bench_store.py [--db PATH]

The map: 50 stages x 20 touchpoints x 3 pain points per touchpoint (1,000
touchpoints, 3,000 pain points). Prints the median of several runs, in ms of
wall-clock and of CPU time, of:

* save: create_map (compress the snapshot, write the current-state rows);
* load cold: a fresh Store (empty cache) loading the head, both at a snapshot
  and at the end of the longest run of ops it may have to replay;
* export: Markdown of the map (cjm_assistant.export.markdown.to_markdown), if present;
* edit: save_version of one small edit (edits.apply, then storing the version),
  and how much of that is edits.apply itself (it copies and re-validates the map);

and the growth of the file per small edit over 200 edits (after a checkpoint,
from the used pages). Targets: each < 100 ms, growth < 4 KB per edit.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cjm_assistant.store import store as store_module
from cjm_assistant.domain import edits  # noqa: E402
from cjm_assistant.domain.model import Business, Channel, JourneyMap, PainPoint, Persona, Stage, Touchpoint  # noqa: E402
from cjm_assistant.store import Store  # noqa: E402

TARGET_MS = 100
TARGET_GROWTH = 4096


def big_map(stages: int = 50, touchpoints: int = 20, pains: int = 3) -> JourneyMap:
    channels = [Channel(name=name, kind=kind) for name, kind in
                [("Website", "web"), ("App", "app"), ("Email", "email"), ("Phone", "phone"), ("Chat", "chat"),
                 ("Instagram", "social"), ("Shop", "store"), ("Marketplace", "marketplace"), ("Courier", "delivery"),
                 ("Flyer", "print")]]
    built = []
    for s in range(stages):
        tps = [Touchpoint(id=f"tp{s * touchpoints + t + 1}", name=f"Touchpoint {s + 1}.{t + 1}",
                          channel=channels[t % len(channels)].name, team="Customer care",
                          description="The customer checks the order status and reads the confirmation email.")
               for t in range(touchpoints)]
        pps = [PainPoint(name=f"Pain {s + 1}.{t + 1}.{p + 1}", severity=1 + (t + p) % 3, touchpoint=tp.id,
                         description="Delivery dates are vague and the tracking page times out on mobile.",
                         evidence=["'I never know when it will arrive'"], mentions=t)
               for t, tp in enumerate(tps) for p in range(pains)]
        built.append(Stage(name=f"Stage {s + 1}", goal="Get a custom cake for the weekend", emotion=(s % 5) - 2,
                           touchpoints=tps, pain_points=pps))
    return JourneyMap(title="Big bakery map", business=Business(name="Crumb & Co", description="Custom cakes"),
                      personas=[Persona(name="Busy parent")], channels=channels, stages=built)


def small_edit(i: int) -> list[dict]:
    stage = f"Stage {i % 50 + 1}"
    return [
        {"op": "set_emotion", "stage": stage, "score": (i % 5) - 2},
        {"op": "update_pain_point", "pain_point": f"pp{i % 3000 + 1}", "severity": i % 3 + 1},
        {"op": "update_touchpoint", "touchpoint": f"tp{i % 1000 + 1}", "team": f"Team {i}"},
        {"op": "add_thought", "stage": stage, "text": f"Is it going to be ready on time? ({i})"},
    ][i % 4:i % 4 + 1]


class Timer:
    """Wall-clock and CPU time (of this process) of each run, in ms."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __enter__(self) -> Timer:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall.append((time.perf_counter() - self._wall) * 1000)
        self.cpu.append((time.process_time() - self._cpu) * 1000)

    def medians(self) -> tuple[float, float]:
        return statistics.median(self.wall), statistics.median(self.cpu)


def store_share(total: Timer, part: Timer) -> tuple[float, float]:
    """Median of (total - part) per run, wall and CPU."""
    return (statistics.median(t - p for t, p in zip(total.wall, part.wall)),
            statistics.median(t - p for t, p in zip(total.cpu, part.cpu)))


def timed(fn, runs: int) -> tuple[float, float]:
    timer = Timer()
    for _ in range(runs):
        with timer:
            fn()
    return timer.medians()


def used_bytes(store: Store) -> int:
    conn = store.conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0] - conn.execute("PRAGMA freelist_count").fetchone()[0]
    return pages * page_size


def cold_load(path: Path, map_id: str, runs: int = 5) -> tuple[float, float]:
    """Time to load a map's head from a freshly opened Store (nothing cached)."""
    timer = Timer()
    for _ in range(runs):
        with Store.open(path) as fresh, timer:
            fresh.load(map_id)
    return timer.medians()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database file to use (default: a temporary file)")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    path = Path(args.db or Path(tmp.name) / "bench.db")
    journey = big_map()
    results: list[tuple[str, float, float]] = []

    store = Store.open(path)
    results.append(("save (create_map)", *timed(lambda: store.create_map(journey, "user", "bench"), 5)))
    map_id = store.create_map(journey, "user", "bench").id
    results.append(("load, cold, at a snapshot", *cold_load(path, map_id)))

    try:
        from cjm_assistant.export.markdown import to_markdown
    except ImportError as e:
        print(f"export to Markdown skipped: {e}")
    else:
        results.append(("export to Markdown", *timed(lambda: to_markdown(journey), 5)))

    count = iter(range(10**6))

    def save() -> None:
        store.save_version(map_id, small_edit(next(count)), "user", "bench edit", base=store.get_map(map_id).head)

    # save_version applies the ops (edits.apply, which copies and re-validates the whole map), then stores the
    # version; time edits.apply inside it separately to see the store's own share.
    applying, saving, real_apply = Timer(), Timer(), edits.apply

    def timed_apply(*args):
        with applying:
            return real_apply(*args)

    edits.apply = timed_apply
    try:
        for _ in range(31):
            with saving:
                save()
    finally:
        edits.apply = real_apply
    results.append(("apply one edit + save_version", *saving.medians()))
    results.append(("  of which edits.apply (model.py, edits.py)", *applying.medians()))
    results.append(("  of which the store", *store_share(saving, applying)))

    while store.get_map(map_id).head % store_module.SNAPSHOT_EVERY != 0:  # stop one short of the next snapshot
        save()
    results.append((f"load, cold, {store_module.SNAPSHOT_EVERY - 1} versions of ops to replay",
                     *cold_load(path, map_id)))

    before = used_bytes(store)
    for _ in range(200):
        save()
    growth = (used_bytes(store) - before) / 200
    store.close()

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(f"map: 50 stages x 20 touchpoints x 3 pain points; sqlite file {path}")
    print(f"machine: {os.cpu_count()} CPUs, load average {load}; targets are judged on this process's CPU time,")
    print("since other processes on a busy machine inflate the wall-clock time")
    print(f"  {'median of runs, ms':<46} {'wall':>8} {'CPU':>8}")
    failed = False
    for name, wall, cpu in results:
        ok = cpu < TARGET_MS
        failed |= not ok
        print(f"  {name:<46} {wall:>8.1f} {cpu:>8.1f}  (target < {TARGET_MS}) {'ok' if ok else 'SLOW'}")
    ok = growth < TARGET_GROWTH
    failed |= not ok
    print(f"  {'growth per small edit (200 edits), bytes':<46} {growth:>17.0f}  (target < {TARGET_GROWTH}) "
          f"{'ok' if ok else 'TOO BIG'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
