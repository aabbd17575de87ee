"""What the read-only commands cost: `cjm list`, `show`, `history` and `export`, against starting Python.

Run: python bench/bench_cli.py [--rounds 9]

Each command runs as its own process (the real ``cjm`` console script) on a database holding the
Sweet Crumbs example map with a few edits saved after it (so that ``show`` and ``export`` replay
ops after a snapshot, as they usually must). Rounds interleave the commands and the baselines;
the figure is the median CPU time (user + system) of the child process. Baselines, in the same
run: ``python -c pass``, and a bare ``sqlite3`` SELECT of the maps table from Python.

Target (issue 15): each command <= 5x ``python -c pass``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from figures import ROOT, Figure, child_cpu, python_env, report

LIMIT = 5.0
EDITS = [
    [{"op": "set_emotion", "stage": "st2", "score": -1}],
    [{"op": "add_thought", "stage": "st3", "text": "Will it arrive on time?"}],
    [{"op": "update_pain_point", "pain_point": "pp1", "severity": 3}],
]


def make_db(path: Path) -> None:
    from cjm_assistant.export.jsonio import from_json
    from cjm_assistant.store import Store

    journey = from_json((ROOT / "examples" / "sweet-crumbs.json").read_text(encoding="utf-8"))
    with Store.open(path) as store:
        map_id = store.create_map(journey, message="the example").id
        for number, ops in enumerate(EDITS, start=1):
            store.save_version(map_id, ops, message=f"edit {number}", base=number)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="cjm-bench-cli-"))
    db = tmp / "cjm.db"
    make_db(db)
    env = python_env(tmp / "pycache") | {"CJM_DB": str(db)}
    cjm = Path(sys.executable).with_name("cjm")
    entry = [str(cjm)] if cjm.exists() else [sys.executable, "-m", "cjm_assistant"]
    runs = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "bare sqlite3 SELECT": [sys.executable, "-c", "import sqlite3, sys; "
                                "sqlite3.connect(sys.argv[1]).execute('SELECT * FROM maps').fetchall()", str(db)],
        "cjm list": [*entry, "list"],
        "cjm show": [*entry, "show"],
        "cjm history": [*entry, "history"],
        "cjm export (Markdown)": [*entry, "export"],
        "cjm export -f json": [*entry, "export", "-f", "json"],
    }
    for argv in runs.values():  # warm up: bytecode compiled and cached, files in the page cache
        child_cpu(argv, env)
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, argv in runs.items():
            cpu[name].append(child_cpu(argv, env))
    median = {name: statistics.median(values) for name, values in cpu.items()}
    base = median["python -c pass"]
    figures = []
    for name in runs:
        if name == "python -c pass":
            continue
        ratio = median[name] / base
        judged = name.startswith("cjm")
        figures.append(Figure(name, median[name], "ms", f"<= {LIMIT:g}x pass (now {ratio:.1f}x)" if judged
                              else f"none (now {ratio:.1f}x)", ratio <= LIMIT or not judged,
                              f"python -c pass {base:.1f} ms"))
    return report(f"CPU of read-only commands, median of {args.rounds} interleaved rounds; database {db}", figures,
                  ["bytecode is cached (PYTHONPYCACHEPREFIX in a temporary folder), as an installed package has it"])


if __name__ == "__main__":
    sys.exit(main())
