"""Memory of the TUI while undoing and redoing (a script, not a test).

    python bench/bench_tui_memory.py [--presses 2000] [--versions 30]

Opens a map with VERSIONS versions in a headless app and presses ctrl+z and
ctrl+y back and forth PRESSES times, printing the process's resident memory
(VmRSS) every few hundred presses and the Python allocations that grew most
(with --trace, tracemalloc). Target: growth under 20 MB over 2,000 presses (each press
reloads a map; nothing should accumulate).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_MB = 20.0


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def seed(db: Path, versions: int) -> str:
    from cjm_assistant.domain.edits import apply
    from cjm_assistant.domain.ops import UpdateMap
    from cjm_assistant.store import Store
    from tests.support.tui import example_map

    journey = example_map()
    with Store.open(db) as store:
        record = store.create_map(journey, author="bench", message="seed")
        for n in range(2, versions + 1):
            journey = apply(journey, [UpdateMap(title=f"{journey.title.split(' #')[0]} #{n}")])
            store.save_map(record.id, journey, author="bench", message=f"v{n}")
    return record.id


async def run(presses: int, versions: int, trace: bool) -> int:
    from tests.support.tui import make_app, settle

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "cjm.db"
        map_id = seed(db, versions)
        app = make_app(db, open_map=map_id)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, app)
            start = rss_mb()
            if trace:
                tracemalloc.start(10)
                first = tracemalloc.take_snapshot()
            print(f"start: {start:.1f} MB resident, map at v{app.session.head}")
            step = max(1, presses // 10)
            done = 0
            while done < presses:
                key = "ctrl+z" if (done // (versions - 1)) % 2 == 0 else "ctrl+y"
                await pilot.press(key)
                done += 1
                if done % 20 == 0:
                    await settle(pilot, app)
                if done % step == 0:
                    await settle(pilot, app)
                    print(f"{done:5d} presses: {rss_mb():.1f} MB resident (v{app.session.head})")
            await settle(pilot, app)
            growth = rss_mb() - start
            if trace:
                print("largest Python allocation growth (tracemalloc itself adds to the resident figures):")
                for stat in tracemalloc.take_snapshot().compare_to(first, "lineno")[:8]:
                    print(f"  {stat.size_diff / 1024:8.1f} KiB  {stat.traceback[0]}")
    verdict = "ok" if growth < TARGET_MB else "HIGH"
    print(f"growth over {presses} presses: {growth:.1f} MB (target < {TARGET_MB:.0f} MB): {verdict}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=2000)
    parser.add_argument("--versions", type=int, default=30)
    parser.add_argument("--trace", action="store_true", help="also show where Python memory grew")
    args = parser.parse_args()
    return asyncio.run(run(args.presses, args.versions, args.trace))


if __name__ == "__main__":
    sys.exit(main())
