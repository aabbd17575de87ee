"""The TUI on a big map: opening it, and sliding the grid's window of stages (Pilot, headless).

Run: python bench/bench_tui_map.py [--runs 5]

The map: 60 stages x 200 touchpoints x 200 pain points (24,000 items, some 405 grid rows), in a
database made for the run. Figures are medians of CPU time of this process (all its threads: the
event loop draws here, and the session loads in a worker thread), which other processes on a busy
machine inflate far less than the wall clock:

* open: from Enter on the map in the picker (``o`` on the welcome) to the main screen drawn with the
  map and no call running. Target (issue 15): <= 0.6 s. Baseline: a bare Textual app filling a
  DataTable with the same rows and visible columns in the same run;
* slide: one key press that moves the cursor past the edge of the grid's window, until the screen is
  drawn again. Target (issue 15): <= 50 ms, for the median and for the slowest slide (every slide).
  Baseline: the same bare DataTable rebuilt (what a slide cost when it rebuilt the whole table).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from figures import Figure, build_map, report

OPEN_TARGET_MS = 600
SLIDE_TARGET_MS = 50
SIZE = (120, 40)


async def settle(pilot, app, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    await pilot.pause()
    while time.monotonic() < deadline:
        main = getattr(app, "main", None)
        busy = main.driver.busy if main is not None and main.is_mounted else None
        if app.session is not None and not busy:
            break
        await asyncio.sleep(0.005)
        await pilot.pause()
    await pilot.pause()


async def measure_cjm(db: Path, runs: int) -> tuple[list[float], list[float]]:
    from cjm_assistant.tui.app import CjmApp
    from cjm_assistant.tui.screens.picker import PickerScreen
    from cjm_assistant.tui.widgets.map_grid import MapGrid

    opens, slides = [], []
    for _ in range(runs):
        app = CjmApp(db=str(db), engine="playbook")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            while "cjm_assistant.tui.screens.main" not in sys.modules or any(
                    worker.group == "load" and not worker.is_finished for worker in app.workers):
                await asyncio.sleep(0.01)  # what the app does while the welcome is read
            await pilot.press("o")
            while not isinstance(app.screen, PickerScreen):
                await pilot.pause()
            started = time.process_time()
            await pilot.press("enter")
            await settle(pilot, app)
            grid = app.screen.query_one(MapGrid)
            while grid.row_count == 0:
                await pilot.pause()
            await pilot.pause()
            opens.append(time.process_time() - started)
            grid.focus()
            await pilot.pause()
            for _ in range(12):
                first = grid.first
                started = time.process_time()
                await pilot.press("right")
                await pilot.pause()
                if grid.first != first:
                    slides.append(time.process_time() - started)
    return opens, slides


async def measure_bare(rows: int, columns: int, runs: int) -> tuple[list[float], list[float]]:
    """A bare Textual app: a DataTable filled with ``rows`` x ``columns`` short texts, then rebuilt."""
    from rich.text import Text
    from textual.app import App
    from textual.widgets import DataTable

    class Bare(App):
        def compose(self):
            yield DataTable()

    def fill(table: DataTable, salt: int) -> None:
        table.clear(columns=True)
        table.add_column("Lane", width=13)
        for c in range(columns):
            table.add_column(f"{c + salt}. Stage", width=24)
        table.add_rows([[Text(f"Lane {r}")] + [Text(f"Touchpoint {c + salt}.{r}") for c in range(columns)]
                        for r in range(rows)])

    fills, rebuilds = [], []
    for _ in range(runs):
        app = Bare()
        async with app.run_test(size=SIZE) as pilot:
            table = app.query_one(DataTable)
            started = time.process_time()
            fill(table, 0)
            await pilot.pause()
            fills.append(time.process_time() - started)
            for salt in range(1, 6):
                started = time.process_time()
                fill(table, salt)
                await pilot.pause()
                rebuilds.append(time.process_time() - started)
    return fills, rebuilds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from cjm_assistant.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="cjm-bench-tui-map-"))
    db = tmp / "big.db"
    journey = build_map(60, 200, 200)
    with Store.open(db) as store:
        store.create_map(journey, "user", "bench")
    opens, slides = asyncio.run(measure_cjm(db, args.runs))
    rows = 1 + 200 + 1 + 1 + 1 + 200 + 1 + 1  # goal, actions, touchpoints, thoughts, emotion, pains, opps, KPIs
    fills, rebuilds = asyncio.run(measure_bare(rows, 3, args.runs))
    open_ms, fill_ms = statistics.median(opens) * 1000, statistics.median(fills) * 1000
    slide_ms, rebuild_ms = statistics.median(slides) * 1000, statistics.median(rebuilds) * 1000
    slowest_ms = max(slides) * 1000  # a garbage collection falling on one slide shows here, not in the median
    figures = [
        Figure("open the big map (Enter in the picker -> drawn)", open_ms, "ms",
               f"<= {OPEN_TARGET_MS} ms ({open_ms / fill_ms:.1f}x baseline)", open_ms <= OPEN_TARGET_MS,
               f"bare app filling a {rows}-row DataTable {fill_ms:.0f} ms"),
        Figure(f"slide the stage window (median of {len(slides)})", slide_ms, "ms",
               f"<= {SLIDE_TARGET_MS} ms ({slide_ms / rebuild_ms:.2f}x baseline)", slide_ms <= SLIDE_TARGET_MS,
               f"the same DataTable rebuilt {rebuild_ms:.0f} ms"),
        Figure(f"slowest slide of the {len(slides)}", slowest_ms, "ms",
               f"<= {SLIDE_TARGET_MS} ms, every slide ({slowest_ms / rebuild_ms:.2f}x baseline)",
               slowest_ms <= SLIDE_TARGET_MS, f"the same DataTable rebuilt {rebuild_ms:.0f} ms (median)"),
    ]
    return report("TUI, big map: 60 stages x 200 touchpoints x 200 pain points; CPU time, headless (Pilot), "
                  f"{SIZE[0]}x{SIZE[1]}", figures)


if __name__ == "__main__":
    sys.exit(main())
