"""What the benchmarks share: timing, the maps they run on, and how a figure is printed and judged.

Every figure is printed with its target and the baseline it is compared with, measured in the same run
(``python -c pass``, a bare SQLite query, zlib and json on the same bytes...), so that a busy machine
moves the figure and its baseline together. Targets are judged on CPU time (of this process, or of a
child process), which other processes inflate less than the wall clock. A script exits 1 when a
figure misses its target, 0 otherwise.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cjm_assistant.cli import tune_gc  # noqa: E402

tune_gc()  # measure as cjm runs: its entry point tunes the garbage collector the same way


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

    @property
    def median(self) -> float:
        """The median CPU time, ms."""
        return statistics.median(self.cpu)

    @property
    def best(self) -> float:
        """The least CPU time, ms: what the work costs when nothing else got in its way."""
        return min(self.cpu)


def timed(fn: Callable[[], object], runs: int) -> Timer:
    timer = Timer()
    for _ in range(runs):
        with timer:
            fn()
    return timer


def child_cpu(argv: list[str], env: dict[str, str] | None = None, stdin: str | None = None) -> float:
    """CPU time (user + system, ms) of running ``argv`` to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, input=stdin, capture_output=True, text=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000


def python_env(pycache: Path) -> dict[str, str]:
    """The environment for child Pythons: bytecode cached (in ``pycache``, not in the checkout), as an installed
    package has it, whatever PYTHONDONTWRITEBYTECODE says here."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPYCACHEPREFIX": str(pycache)}


@dataclass
class Figure:
    """One measured figure, its target, and what it is compared with."""

    name: str
    value: float
    unit: str  # "ms", "bytes", "x"...
    target: str  # how it is judged, in words: "<= 5x python -c pass"
    ok: bool
    baseline: str = ""  # the baseline and its value, in words

    def line(self, width: int = 52) -> str:
        value = f"{self.value:,.1f} {self.unit}" if self.unit != "bytes" else f"{self.value:,.0f} bytes"
        mark = "ok" if self.ok else "MISSED"
        return (f"  {self.name:<{width}} {value:>14}  target {self.target:<28} {mark:<6}"
                + (f"  baseline: {self.baseline}" if self.baseline else ""))


def ratio_figure(name: str, value: float, base_name: str, base: float, limit: float) -> Figure:
    """A CPU time judged as a multiple of a baseline measured in the same run."""
    ratio = value / base
    return Figure(name, value, "ms", f"<= {limit:g}x baseline (now {ratio:.1f}x)", ratio <= limit,
                  f"{base_name} {base:.1f} ms")


def report(title: str, figures: list[Figure], notes: list[str] = ()) -> int:
    """Print the figures; 1 if any missed its target."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(title)
    print(f"machine: {os.cpu_count()} CPUs, load average {load}; times are CPU time (medians), which other processes "
          "inflate less than the wall clock")
    for note in notes:
        print(note)
    for figure in figures:
        print(figure.line())
    missed = [f.name for f in figures if not f.ok]
    print(f"{len(figures) - len(missed)} of {len(figures)} figures on target" + (f"; missed: {', '.join(missed)}"
                                                                                    if missed else ""))
    return 1 if missed else 0


# ---------------------------------------------------------------------------
# Maps


CHANNELS = ["Website", "App", "Email", "Phone", "Chat", "Instagram", "Shop", "Marketplace", "Courier", "Flyer"]


def map_data(stages: int, touchpoints: int, pains: int, others: int = 0) -> dict:
    """A map as JSON-like data: per stage, ``touchpoints`` touchpoints, ``pains`` pain points (each on a
    touchpoint of its stage), and ``others`` more items (actions, thoughts, opportunities, KPIs in turn)."""
    built = []
    for s in range(stages):
        tps = [{"id": f"tp{s * touchpoints + t + 1}", "name": f"Touchpoint {s + 1}.{t + 1}",
                "channel": CHANNELS[t % len(CHANNELS)], "team": "Customer care",
                "description": "The customer checks the order status and reads the confirmation email."}
               for t in range(touchpoints)]
        pps = [{"id": f"pp{s * pains + p + 1}", "name": f"Pain {s + 1}.{p + 1}", "severity": 1 + p % 3,
                "touchpoint": tps[p % len(tps)]["id"] if tps else "",
                "description": "Delivery dates are vague and the tracking page times out on mobile.",
                "evidence": ["'I never know when it will arrive'"], "mentions": p % 7}
               for p in range(pains)]
        lanes: dict[str, list] = {"actions": [], "thoughts": [], "opportunities": [], "kpis": []}
        for o in range(others):
            lane = list(lanes)[o % 4]
            item = {"text": f"Item {s + 1}.{o + 1}"} if lane in ("actions", "thoughts") else {"name": f"Item {s + 1}.{o + 1}"}
            if lane == "opportunities" and pps:
                item["addresses"] = [pps[o % len(pps)]["id"]]
            lanes[lane].append(item)
        built.append({"name": f"Stage {s + 1}", "goal": "Get a custom cake for the weekend", "emotion": s % 5 - 2,
                      "touchpoints": tps, "pain_points": pps, **lanes})
    return {"title": "Big bakery map", "business": {"name": "Crumb & Co", "description": "Custom cakes"},
            "personas": [{"name": "Busy parent"}], "channels": [{"name": c} for c in CHANNELS], "stages": built}


def build_map(stages: int, touchpoints: int, pains: int, others: int = 0):
    from cjm_assistant.domain.model import JourneyMap

    return JourneyMap.model_validate(map_data(stages, touchpoints, pains, others))


def item_count(journey) -> int:
    return sum(1 for _ in journey.items())


def small_edit(i: int, stages: int, pains: int, touchpoints: int, journey=None) -> list[dict]:
    """The i-th of a round of small edits (an emotion, a severity, a team, a thought) on a built map.

    An edit that changes nothing is refused (and saves no version): given the map as it is now (``journey``), the
    emotion and the severity set are never the ones the stage and the pain point have.
    """
    stage = f"st{i % stages + 1}"
    score, severity = (i % 5) - 2, i % 3 + 1
    if journey is not None and i % 4 == 0 and journey.stages[i % stages].emotion == score:
        score = score + 1 if score < 2 else -2
    if journey is not None and i % 4 == 1 and _severity(journey, f"pp{i % pains + 1}") == severity:
        severity = severity % 3 + 1
    return [
        [{"op": "set_emotion", "stage": stage, "score": score}],
        [{"op": "update_pain_point", "pain_point": f"pp{i % pains + 1}", "severity": severity}],
        [{"op": "update_touchpoint", "touchpoint": f"tp{i % touchpoints + 1}", "team": f"Team {i}"}],
        [{"op": "add_thought", "stage": stage, "text": f"Is it going to be ready on time? ({i})"}],
    ][i % 4]


def _severity(journey, pain_id: str) -> int | None:
    """The severity of pain point ``pain_id`` ("pp7"), found where map_data put it (as many in each stage)."""
    per_stage = len(journey.stages[0].pain_points) or 1
    number = int(pain_id[2:]) - 1
    stage = journey.stages[number // per_stage] if number // per_stage < len(journey.stages) else None
    if stage is not None and number % per_stage < len(stage.pain_points) \
            and stage.pain_points[number % per_stage].id == pain_id:
        return stage.pain_points[number % per_stage].severity
    return next((pp.severity for st in journey.stages for pp in st.pain_points if pp.id == pain_id), None)


def used_bytes(conn) -> int:
    """Bytes the database file uses (pages in use, after a checkpoint)."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0] - conn.execute("PRAGMA freelist_count").fetchone()[0]
    return pages * page_size
