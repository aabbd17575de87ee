"""Score the evidence import against hand-labelled feedback (tests/dev/evidence, tests/heldout/evidence).

For every case NAME (NAME.map.json, NAME.csv, NAME.labels.csv; see tests/heldout/README.md) this imports
the map into a fresh database with the real CLI and runs ``cjm evidence MAP NAME.csv --report json`` (a
dry run: nothing is saved), then compares each row's reading with its label:

* placed: the share of rows labelled with a stage that the import placed (target >= 85%);
* on a fitting stage: of the placed rows, the share whose stage is the labelled one (a row labelled
  ``none`` that was placed counts as wrong) (target >= 80%);
* unplaced right: rows labelled ``none`` that the import left unplaced (reported, no target);
* sentiment: the share of rows whose overall sentiment equals the label (target >= 90%);
* praise on a pain point: rows labelled positive that the import tied to a pain point (target: 0);
* pain point right: of the rows labelled with a pain point, the share tied to that pain point (reported).

Usage: python bench/score_evidence.py [--set dev|heldout|PATH ...] [--json OUT]. Prints a table per set and
exits 0 (a report, not a test); a case whose commands fail is shown with its error.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = {"dev": ROOT / "tests" / "dev" / "evidence", "heldout": ROOT / "tests" / "heldout" / "evidence"}
TARGETS = {"placed": 0.85, "stage": 0.80, "sentiment": 0.90}


def cjm(db: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CJM_")}
    env.update(CJM_CONFIG=str(db.parent / "none.toml"), XDG_DATA_HOME=str(db.parent), XDG_CONFIG_HOME=str(db.parent))
    return subprocess.run([sys.executable, "-m", "cjm_assistant", "--db", str(db), "--engine", "playbook", *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)


def norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def score_case(folder: Path, name: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "cjm.db"
        made = cjm(db, "import", str(folder / f"{name}.map.json"))
        if made.returncode != 0:
            return {"case": name, "error": made.stderr.strip()}
        map_id = made.stdout.strip().splitlines()[-1]
        run = cjm(db, "evidence", map_id, str(folder / f"{name}.csv"), "--report", "json")
        if run.returncode != 0:
            return {"case": name, "error": run.stderr.strip() or run.stdout.strip()[-500:]}
    got = {}
    for line in run.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            row = json.loads(line)
            got[int(row["row"])] = row
    with open(folder / f"{name}.labels.csv", newline="", encoding="utf-8") as f:
        labels = list(csv.DictReader(f))
    c = dict(rows=len(labels), staged=0, placed=0, placed_all=0, stage_right=0, none=0, none_unplaced=0,
             sentiment_right=0, praise_on_pain=0, with_pain=0, pain_right=0)
    misses = []
    for label in labels:
        n = int(label["row"])
        row = got.get(n, {})
        want_stage = norm(label["stage"]) if norm(label["stage"]) != "none" else ""
        placed = bool(row.get("placed"))
        stage = norm(row.get("stage"))
        c["placed_all"] += placed
        if want_stage:
            c["staged"] += 1
            c["placed"] += placed
        else:
            c["none"] += 1
            c["none_unplaced"] += not placed
        if placed:
            ok = bool(want_stage) and stage == want_stage
            c["stage_right"] += ok
            if not ok:
                misses.append(f"row {n}: stage {row.get('stage')!r}, labelled {label['stage']!r}")
        sentiment = row.get("sentiment")
        if sentiment == label["sentiment"]:
            c["sentiment_right"] += 1
        else:
            misses.append(f"row {n}: sentiment {sentiment!r}, labelled {label['sentiment']!r}")
        if label["sentiment"] == "positive" and row.get("pain_point"):
            c["praise_on_pain"] += 1
            misses.append(f"row {n}: praise tied to pain point {row.get('pain_point')!r}")
        if label["pain_point"].strip():
            c["with_pain"] += 1
            c["pain_right"] += norm(row.get("pain_point")) == norm(label["pain_point"])
        if n not in got:
            misses.append(f"row {n}: missing from the report")
    return {"case": name, "counts": c, "misses": misses}


def pct(a: int, b: int) -> str:
    return f"{a}/{b} {100 * a / b:.1f}%" if b else "-"


def table(results: list[dict]) -> None:
    head = ("case", "placed", "on fitting stage", "none left unplaced", "sentiment", "praise on pain", "pain point")
    rows, total = [], {}
    for r in results:
        if "error" in r:
            rows.append((r["case"], "ERROR", r["error"][:60], "", "", "", ""))
            continue
        c = r["counts"]
        for k, v in c.items():
            total[k] = total.get(k, 0) + v
        rows.append(_cells(r["case"], c))
    if total:
        rows.append(_cells("TOTAL", total))
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip())
    if total:
        checks = [("placed", total["placed"] / max(total["staged"], 1)),
                  ("stage", total["stage_right"] / max(total["placed_all"], 1)),
                  ("sentiment", total["sentiment_right"] / max(total["rows"], 1))]
        # one decimal: 79.7% must not show as 80% beside a target of 80%
        verdict = ", ".join(f"{k} {v:.1%} (target {TARGETS[k]:.0%}{'' if v >= TARGETS[k] else ', MISSED'})"
                            for k, v in checks)
        print(f"targets: {verdict}; praise on a pain point {total['praise_on_pain']} (target 0)")


def _cells(name: str, c: dict) -> tuple:
    return (name, pct(c["placed"], c["staged"]), pct(c["stage_right"], c["placed_all"]),
            pct(c["none_unplaced"], c["none"]), pct(c["sentiment_right"], c["rows"]), str(c["praise_on_pain"]),
            pct(c["pain_right"], c["with_pain"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", dest="sets", help="dev, heldout or a folder (default: both)")
    parser.add_argument("--json", help="also write every result to this file")
    parser.add_argument("--misses", action="store_true", help="list every row read differently from its label")
    args = parser.parse_args(argv)
    everything = {}
    for name in args.sets or ["dev", "heldout"]:
        folder = SETS.get(name, Path(name))
        if not folder.is_dir():
            parser.error(f"no such set: {name}")
        cases = sorted(p.name.removesuffix(".labels.csv") for p in folder.glob("*.labels.csv"))
        results = [score_case(folder, case) for case in cases]
        everything[name] = results
        print(f"\n== {name} ({folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder})")
        table(results)
        if args.misses:
            for r in results:
                for miss in r.get("misses", []):
                    print(f"  {r['case']}: {miss}")
    if args.json:
        Path(args.json).write_text(json.dumps(everything, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
