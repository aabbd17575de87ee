"""Score `cjm evidence MAP FILE --report json` against hand-made labels (development sets only).

    python bench/score_evidence.py [--set dev|DIR] [--report-dir OUT] [-v]

For every NAME.map.json in the set (default tests/dev/evidence), imports the map into a
fresh temporary database, runs the real CLI `cjm evidence MAP NAME.csv --report json`
(a dry run) and compares each JSON line with NAME.labels.csv (row, stage name or
``none``, sentiment, pain point name or empty). Prints per set and in all:

* stage      of the rows placed on a stage, the share on the labelled stage;
* placed     of the rows labelled with a stage, the share placed on one;
* unplaced   of the rows labelled ``none``, the share left unplaced (correct);
* sentiment  the share of rows whose overall sentiment matches the label;
* pain point of the rows labelled with a pain point, the share on it; and
  attached wrongly: rows given a pain point the label does not name;
* praise on a pain point: rows labelled positive that were attached to one (must be 0).

Targets (issue 12): stage >= 80%, placed >= 85%, sentiment >= 90%, praise on a pain point 0.
Tune on the development sets only; never point this at tests/heldout.
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
DEV = ROOT / "tests" / "dev" / "evidence"


def run_cli(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-m", "cjm_assistant", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"cjm {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def report(map_path: Path, csv_path: Path) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, CJM_DB=str(Path(tmp) / "score.db"), XDG_STATE_HOME=tmp)
        env.pop("CJM_MODEL", None)
        map_id = run_cli(["import", str(map_path)], env).strip().splitlines()[-1]
        out = run_cli(["evidence", map_id, str(csv_path), "--report", "json"], env)
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def labels(path: Path) -> dict[int, dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return {int(r["row"]): r for r in csv.DictReader(f)}


def norm(text: str | None) -> str:
    return " ".join((text or "").replace("’", "'").casefold().split())


def score(rows: list[dict], truth: dict[int, dict], verbose: bool = False, name: str = "") -> dict[str, int]:
    c = dict.fromkeys(("rows", "placed", "placed_right", "staged", "staged_placed", "none", "none_unplaced",
                       "sentiment", "pain_labelled", "pain_right", "pain_wrong", "praise_on_pain"), 0)
    by_row = {r["row"]: r for r in rows}
    for number, label in sorted(truth.items()):
        got = by_row.get(number, {"stage": None, "placed": False, "sentiment": None, "pain_point": None, "text": "?"})
        c["rows"] += 1
        stage_label = norm(label["stage"])
        stage = norm(got.get("stage")) if got.get("placed") else ""
        notes = []
        if stage:
            c["placed"] += 1
            if stage == stage_label:
                c["placed_right"] += 1
            else:
                notes.append(f"stage {got.get('stage')!r} (label {label['stage']!r})")
        if stage_label == "none":
            c["none"] += 1
            c["none_unplaced"] += not stage
        else:
            c["staged"] += 1
            if stage:
                c["staged_placed"] += 1
            else:
                notes.append(f"unplaced (label {label['stage']!r})")
        if got.get("sentiment") == label["sentiment"]:
            c["sentiment"] += 1
        else:
            notes.append(f"sentiment {got.get('sentiment')} (label {label['sentiment']})")
        pain, pain_label = norm(got.get("pain_point")), norm(label.get("pain_point"))
        if pain_label:
            c["pain_labelled"] += 1
            c["pain_right"] += pain == pain_label
        if pain and pain != pain_label:
            c["pain_wrong"] += 1
        if pain != pain_label:
            notes.append(f"pain point {got.get('pain_point')!r} (label {label.get('pain_point') or None!r})")
        if pain and label["sentiment"] == "positive":
            c["praise_on_pain"] += 1
            notes.append("PRAISE ON A PAIN POINT")
        if verbose and notes:
            print(f"  {name}:{number} {got.get('text', '')[:90]!r}\n      " + "; ".join(notes))
    return c


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}% ({a}/{b})" if b else "   -"


def line(name: str, c: dict[str, int]) -> str:
    return (f"{name:<12} stage {pct(c['placed_right'], c['placed'])}  placed {pct(c['staged_placed'], c['staged'])}  "
            f"unplaced-none {pct(c['none_unplaced'], c['none'])}  sentiment {pct(c['sentiment'], c['rows'])}  "
            f"pain point {pct(c['pain_right'], c['pain_labelled'])}, wrong {c['pain_wrong']}  "
            f"praise on pain {c['praise_on_pain']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", default="dev", help="dev (tests/dev/evidence) or a folder of NAME.map.json files")
    parser.add_argument("--report-dir", help="also keep each NAME.report.jsonl here")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every row that misses")
    args = parser.parse_args(argv)
    folder = DEV if args.set == "dev" else Path(args.set)
    if "heldout" in folder.resolve().parts:
        print("score_evidence.py is for development sets; the held-out set is scored by the coordinator")
        return 2
    total: dict[str, int] = {}
    for map_path in sorted(folder.glob("*.map.json")):
        name = map_path.name.removesuffix(".map.json")
        rows = report(map_path, folder / f"{name}.csv")
        if args.report_dir:
            Path(args.report_dir).mkdir(parents=True, exist_ok=True)
            (Path(args.report_dir) / f"{name}.report.jsonl").write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        c = score(rows, labels(folder / f"{name}.labels.csv"), args.verbose, name)
        print(line(name, c))
        for k, v in c.items():
            total[k] = total.get(k, 0) + v
    print(line("all", total))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
