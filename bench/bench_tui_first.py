"""The TUI's first interview question after `n`, against a bare Textual app with the same widgets (Pilot).

Run: python bench/bench_tui_first.py [--runs 7]

Both apps start on a welcome screen; the bench waits as a user reading it would (cjm opens the
database, imports the main screen and makes the engine in a thread meanwhile), then presses `n`.
The figure is the CPU time of this process (all its threads) from the key to the first question
drawn in the chat. The baseline, measured in the same run, is a bare Textual app that pushes a
screen of the same widgets (a chat of Markdown messages over a TextArea, tabs over a DataTable, a
Tree and a Static, a status line, a footer) and shows one Markdown message. Target (issue 15):
<= 1.3x. Rounds interleave the two apps, each fresh.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from figures import Figure, report

LIMIT = 1.3
SIZE = (120, 40)
QUESTION = "What does your business do, and who are its customers?"


def bare_app():
    from textual.app import App
    from textual.containers import Horizontal, HorizontalScroll, Vertical, VerticalScroll
    from textual.screen import Screen
    from textual.widgets import ContentSwitcher, DataTable, Footer, Markdown, Static, Tab, Tabs, TextArea, Tree

    class Main(Screen):
        def compose(self):
            with Horizontal():
                with Vertical():
                    yield VerticalScroll(id="chat")
                    yield TextArea(id="input")
                with Vertical():
                    yield Tabs(Tab("1 Grid", id="g"), Tab("2 Tree", id="t"), Tab("3 Curve", id="c"))
                    with ContentSwitcher(initial="grid"):
                        yield DataTable(id="grid")
                        yield Tree("Map", id="tree")
                        with HorizontalScroll(id="curve"):
                            yield Static("")
                    yield Static("No map yet", id="empty")
            yield Static("status", id="status")
            yield Footer()

        def on_mount(self) -> None:
            self.query_one("#chat").mount(Markdown(QUESTION))

    class Welcome(Screen):
        BINDINGS = [("n", "new", "New map")]

        def compose(self):
            yield Static("Welcome\n\nn  new map\no  open a map")

        def action_new(self) -> None:
            self.app.push_screen(Main())

    class Bare(App):
        def get_default_screen(self):
            return Welcome()

    return Bare()


def asked(app) -> bool:
    """Whether the first question is drawn in the chat."""
    if app.__class__.__name__ == "Bare":
        from textual.widgets import Markdown

        return len(app.screen.query(Markdown)) > 0 and app.screen.is_mounted
    main = getattr(app, "main", None)
    if main is None or not main.is_mounted:
        return False
    from cjm_assistant.tui.widgets.chat import ChatMessage

    return any(m.role == "assistant" for m in main.query(ChatMessage))


async def first_question(make, ready) -> float:
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        deadline = time.monotonic() + 60
        while not ready(app) and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
            await pilot.pause()
        await asyncio.sleep(0.2)  # a user reads the welcome
        await pilot.pause()
        started = time.process_time()
        await pilot.press("n")
        while not asked(app):
            if time.monotonic() > deadline:
                raise RuntimeError("no first question within 60 s")
            await pilot.pause()
        await pilot.pause()  # drawn
        return (time.process_time() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from cjm_assistant.tui.app import CjmApp

    tmp = Path(tempfile.mkdtemp(prefix="cjm-bench-first-"))

    def cjm_ready(app) -> bool:
        return app.session is not None and "cjm_assistant.tui.screens.main" in sys.modules and not any(
            worker.group == "load" and not worker.is_finished for worker in app.workers)

    cjm_times, bare_times = [], []
    for i in range(args.runs + 1):  # the first round warms both up
        cjm = asyncio.run(first_question(lambda i=i: CjmApp(db=str(tmp / f"first-{i}.db"), engine="playbook"),
                                         cjm_ready))
        bare = asyncio.run(first_question(bare_app, lambda app: True))
        if i:
            cjm_times.append(cjm)
            bare_times.append(bare)
    cjm_ms, bare_ms = statistics.median(cjm_times), statistics.median(bare_times)
    figures = [Figure("first interview question after n", cjm_ms, "ms",
                      f"<= {LIMIT:g}x baseline (now {cjm_ms / bare_ms:.2f}x)", cjm_ms <= LIMIT * bare_ms,
                      f"bare Textual app, same widgets {bare_ms:.0f} ms")]
    return report(f"TUI: from `n` on the welcome to the first question drawn; CPU time, headless (Pilot), "
                  f"{SIZE[0]}x{SIZE[1]}, median of {args.runs}", figures)


if __name__ == "__main__":
    sys.exit(main())
