"""The TUI's start: its welcome frame, and the moment the database is ready, against a bare Textual app.

Run: python bench/bench_tui_ready.py [--runs 7]

Both are launched as processes in a 120x40 pseudo-terminal (the real ``cjm`` console script), each told
when it was launched (``CJM_START_TIME``) and reporting the moment of each step (wall clock: what a user
waits for; the rounds interleave the two apps, so a busy machine slows both):

* welcome frame: the first frame that takes input;
* database ready: the store is open, the session has said what it holds (an unfinished interview, the
  saved maps) and the welcome has drawn the choices it offers ("Opening the database..." gone).
  ``CJM_BENCH_EXIT_ON_READY=database`` makes cjm exit right after it. Target (issue 15): <= 1.2x.

The baseline is a bare Textual app with the welcome's widgets (a title, a blurb, an option list, a status
line, a footer) that, after its first frame, opens the same SQLite file in a thread worker, counts its
maps and looks for its newest interview, then draws its options: the floor under cjm's "database ready"
(Python, Textual, SQLite), without cjm's store, session and model.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import textwrap
from pathlib import Path

from bench_tui import launch
from figures import Figure, python_env, report

LIMIT = 1.2
FRAME_LIMIT = 2.0  # bench_tui.py's start-up target (< 2x a hello world); the issue measured 0.75-0.93x

BARE = textwrap.dedent('''
    import os, sqlite3, sys, time
    from textual import work
    from textual.app import App
    from textual.containers import Vertical
    from textual.widgets import Footer, OptionList, Static
    from textual.widgets.option_list import Option

    def elapsed():
        return time.time() - float(os.environ["CJM_START_TIME"])

    class Bare(App):
        BINDINGS = [("n", "new", "New map"), ("o", "open", "Open")]

        def compose(self):
            with Vertical():
                yield Static("[b]cjm[/b] . customer journey maps")
                yield Static("I'll interview you about your business and your customers...")
                yield OptionList()
                yield Static("Opening the database...", id="status")
            yield Footer()

        def on_mount(self):
            self.call_after_refresh(self.first_frame)

        def first_frame(self):
            self.frame = elapsed()
            self.load()

        @work(thread=True)
        def load(self):
            conn = sqlite3.connect(sys.argv[1])
            maps = conn.execute("SELECT count(*) FROM maps").fetchone()[0]
            conn.execute("SELECT state FROM interviews ORDER BY rowid DESC LIMIT 1").fetchone()
            self.call_from_thread(self.loaded, maps)

        def loaded(self, maps):
            options = self.query_one(OptionList)
            options.add_options([Option("New map", id="new"), Option(f"Open a saved map ({maps})", id="open"),
                                 Option("Import a map from a JSON file", id="import")])
            self.query_one("#status", Static).update("")
            self.call_after_refresh(self.ready)

        def ready(self):
            self.database = elapsed()
            self.exit()

    app = Bare()
    app.run()
    print(f"ready {app.frame:.4f}")
    print(f"database {app.database:.4f}")
''')


def moments(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(welcome frame, database ready), seconds after the launch, as the child reported them."""
    frame, _wall, output = launch(argv, env, with_output=True)
    marker = output.rfind("database ")
    if marker < 0:
        raise RuntimeError(f"{argv[0]} did not report its database ready; its output ended with: {output[-400:]!r}")
    return frame, float(output[marker + 9:].split()[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    cjm = Path(sys.executable).parent / "cjm"
    if not cjm.exists():
        print(f"{cjm} is not installed (pip install -e .)")
        return 1
    with tempfile.TemporaryDirectory() as home:
        db = Path(home) / "bench.db"
        # Bytecode cached (in the temporary folder), as an installed package has it, for both apps: with
        # PYTHONDONTWRITEBYTECODE set here, cjm compiled every module of its own on every launch and the bare app none.
        env = {k: v for k, v in python_env(Path(home) / "pycache").items() if k not in ("CJM_MODEL", "CJM_API_BASE")}
        env.update(CJM_DB=str(db), XDG_DATA_HOME=home, XDG_CONFIG_HOME=home, XDG_STATE_HOME=home,
                   CJM_BENCH_EXIT_ON_READY="database")
        bare = Path(home) / "bare.py"
        bare.write_text(BARE, encoding="utf-8")
        moments([str(cjm)], env)  # makes the database, warms the file cache and the .pyc files
        moments([sys.executable, str(bare), str(db)], env)
        cjm_times, bare_times = [], []
        for _ in range(args.runs):
            cjm_times.append(moments([str(cjm)], env))
            bare_times.append(moments([sys.executable, str(bare), str(db)], env))
    frame, bare_frame = (statistics.median(t[0] for t in times) * 1000 for times in (cjm_times, bare_times))
    ready, bare_ready = (statistics.median(t[1] for t in times) * 1000 for times in (cjm_times, bare_times))
    figures = [
        Figure("welcome frame (launch -> first frame)", frame, "ms",
               f"<= {FRAME_LIMIT:g}x baseline (now {frame / bare_frame:.2f}x)", frame <= FRAME_LIMIT * bare_frame,
               f"bare app, welcome widgets {bare_frame:.0f} ms"),
        Figure("database ready (launch -> choices drawn)", ready, "ms",
               f"<= {LIMIT:g}x baseline (now {ready / bare_ready:.2f}x)", ready <= LIMIT * bare_ready,
               f"bare app + sqlite3 in a thread {bare_ready:.0f} ms"),
    ]
    return report(f"TUI start, {args.runs} interleaved launches in a 120x40 pseudo-terminal; wall clock as each "
                  "child saw it (medians)", figures,
                  ["here the times are wall clock (what a user waits for), not CPU time; the ratios hold the load"])


if __name__ == "__main__":
    sys.exit(main())
