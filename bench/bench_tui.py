"""Start-up and rendering figures for the TUI (a script, not a test).

    python bench/bench_tui.py [--runs 5]

1. Time from launching ``cjm`` (the real console script, in a pseudo-terminal)
   to its first screen that takes input, against a bare Textual hello-world
   app launched the same way in the same run. Targets: under 0.6 s, and under
   twice the hello-world time. Each child is told when it was launched
   (``CJM_START_TIME``) and reports the moment of its first frame; with
   ``CJM_BENCH_EXIT_ON_READY=1`` cjm exits right after it.
2. Time to draw the grid of a 50-stage map with 1,000 touchpoints (target
   under 300 ms), measured in a headless app.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import time
from pathlib import Path

from figures import python_env

HELLO = textwrap.dedent("""
    import os, time
    from textual.app import App
    from textual.widgets import Static

    class Hello(App):
        def compose(self):
            yield Static("Hello, world")
        def on_mount(self):
            self.call_after_refresh(self.ready)
        def ready(self):
            self.elapsed = time.time() - float(os.environ["CJM_START_TIME"])
            self.exit()

    app = Hello()
    app.run()
    print(f"ready {app.elapsed:.4f}")
""")


def launch(argv: list[str], env: dict[str, str], timeout: float = 30.0, with_output: bool = False) -> tuple:
    """Run ``argv`` in a 120x40 pseudo-terminal; (first frame as the child saw it, wall time to exit), and what
    it wrote to the terminal with ``with_output``."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**env, "TERM": "xterm-256color", "CJM_START_TIME": repr(time.time())}
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    output = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if b"ready " in output and proc.poll() is not None:
            break
    proc.wait(timeout=timeout)
    wall = time.perf_counter() - started
    os.close(master)
    text = output.decode(errors="replace")
    marker = text.rfind("ready ")
    if marker < 0:
        raise RuntimeError(f"{argv[0]} did not report a first frame; its output ended with: {text[-400:]!r}")
    frame = float(text[marker + 6:].split()[0])
    return (frame, wall, text) if with_output else (frame, wall)


def bench_startup(runs: int) -> None:
    cjm = Path(sys.executable).parent / "cjm"
    if not cjm.exists():
        print(f"skipping start-up: {cjm} is not installed (pip install -e .)")
        return
    with tempfile.TemporaryDirectory() as home:
        # Bytecode cached (in the temporary folder), as an installed package has it, for both apps: with
        # PYTHONDONTWRITEBYTECODE set here, cjm compiled every module of its own on every launch and the bare app none.
        env = {k: v for k, v in python_env(Path(home) / "pycache").items() if k not in ("CJM_MODEL", "CJM_API_BASE")}
        env.update(CJM_DB=str(Path(home) / "bench.db"), XDG_DATA_HOME=home, XDG_CONFIG_HOME=home,
                   XDG_STATE_HOME=home, CJM_BENCH_EXIT_ON_READY="1")
        hello = Path(home) / "hello.py"
        hello.write_text(HELLO, encoding="utf-8")
        launch([str(cjm)], env)  # warm the file cache and .pyc files once
        launch([sys.executable, str(hello)], env)
        cjm_times, hello_times = [], []
        for _ in range(runs):
            cjm_times.append(launch([str(cjm)], env))
            hello_times.append(launch([sys.executable, str(hello)], env))
    c_ready = statistics.median(t for t, _ in cjm_times)
    h_ready = statistics.median(t for t, _ in hello_times)
    print(f"start-up, median of {runs} runs (launch -> first frame that takes input):")
    print(f"  cjm          {c_ready * 1000:7.0f} ms   (process exit {statistics.median(w for _, w in cjm_times) * 1000:.0f} ms)")
    print(f"  hello world  {h_ready * 1000:7.0f} ms   (process exit {statistics.median(w for _, w in hello_times) * 1000:.0f} ms)")
    print(f"  ratio        {c_ready / h_ready:7.2f} x   target < 2x: {'ok' if c_ready < 2 * h_ready else 'MISSED'};"
          f" target < 600 ms: {'ok' if c_ready < 0.6 else 'MISSED'}")


def big_map(stages: int = 50, touchpoints: int = 1000):
    from cjm_assistant.domain.model import JourneyMap

    per = touchpoints // stages
    return JourneyMap.model_validate({
        "title": "Big map", "business": {"name": "Bench Ltd"},
        "channels": [{"name": f"Channel {c}"} for c in range(10)],
        "stages": [{
            "name": f"Stage {s}", "goal": f"goal of stage {s}", "emotion": (s % 5) - 2,
            "touchpoints": [{"name": f"Touchpoint {s}.{t}", "channel": f"Channel {t % 10}"} for t in range(per)],
            "pain_points": [{"name": f"Pain {s}.{p}", "severity": 1 + p % 3} for p in range(3)],
            "opportunities": [{"name": f"Idea {s}.{o}"} for o in range(2)],
            "kpis": [{"name": f"KPI {s}"}],
        } for s in range(stages)],
    })


def bench_grid(runs: int) -> None:
    from textual.app import App

    from cjm_assistant.tui.widgets.map_grid import MapGrid
    from cjm_assistant.tui.widgets.map_tree import MapTree

    journey = big_map()

    class GridApp(App):
        def compose(self):
            yield MapGrid()
            yield MapTree()

    async def measure() -> tuple[list[float], list[float]]:
        grid_times, tree_times = [], []
        app = GridApp()
        async with app.run_test(size=(160, 48)) as pilot:
            grid, tree = app.query_one(MapGrid), app.query_one(MapTree)
            for _ in range(runs):
                started = time.perf_counter()
                grid.show(journey)
                await pilot.pause()  # includes the refresh that draws it
                grid_times.append(time.perf_counter() - started)
                started = time.perf_counter()
                tree.show(journey)
                await pilot.pause()
                tree_times.append(time.perf_counter() - started)
        return grid_times, tree_times

    grid_times, tree_times = asyncio.run(measure())
    tps = sum(len(s.touchpoints) for s in journey.stages)
    grid_ms = statistics.median(grid_times) * 1000
    print(f"render, {len(journey.stages)} stages / {tps} touchpoints, median of {runs}:")
    print(f"  grid  {grid_ms:7.0f} ms   target < 300 ms: {'ok' if grid_ms < 300 else 'MISSED'}")
    print(f"  tree  {statistics.median(tree_times) * 1000:7.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bench_startup(args.runs)
    bench_grid(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
