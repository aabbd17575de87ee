"""Score the fixes the offline engine drafts for many stated problems, one business at a time.

    python bench/score_fixes.py [--set dev|validation|PATH] [--misses]

A set is a folder of TOML files of labelled problems (tests/dev/fixes, tests/validation/fixes; format in
bench/fit_fix_kinds.py). For each business, an answers file is written (its one-line description as the business,
its problems as the problems answer, joined by semicolons) and drafted through the real CLI on the playbook engine
(bench/score_maps.py's ``draft``). Each problem is then found among the map's pain points (stated ones, on a stage or
unplaced: the most content words shared, at least half of the problem's) and its fixes are the opportunities that
address it, "no suggestion yet" aside.

Per problem with expected fix words (``fix`` not empty): ``found`` (a pain point is the problem), ``answered`` (it
has a fix), ``fix words`` (a fix's name or description names one of the expected word-starts: the fix check of
bench/score_maps.py). Problems with ``fix = []`` count as right when they get no fix. Printed per file and in total.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cjm_assistant.knowledge import relevance  # noqa: E402
from fit_fix_kinds import load  # noqa: E402
from score_maps import NO_SUGGESTION, any_ws, draft  # noqa: E402

SETS = {"dev": ROOT / "tests/dev/fixes", "validation": ROOT / "tests/validation/fixes"}


def pains(m: dict) -> list[dict]:
    out = [p for s in m.get("stages", []) for p in s.get("pain_points", [])]
    return out + [p for p in m.get("unplaced", []) if isinstance(p, dict)]


def fixes_for(m: dict, ids: set[str]) -> list[str]:
    return [f"{o.get('name', '')} {o.get('description', '')}" for s in m.get("stages", [])
            for o in s.get("opportunities", []) if ids & set(o.get("addresses", []))
            and NO_SUGGESTION not in o.get("name", "").lower()]


def match(problem: str, candidates: list[dict]) -> list[dict]:
    words = relevance.stems(problem)
    if not words:
        return []
    scored = [(len(relevance.shared(words, f"{p.get('name', '')} {p.get('description', '')}")), p) for p in candidates]
    best = max((s for s, _ in scored), default=0)
    return [p for s, p in scored if s == best and s >= len(words) / 2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default="dev")
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--json", type=Path, help="write each problem's fixes here")
    args = ap.parse_args(argv)
    folder = SETS.get(args.set, Path(args.set))
    problems = load(folder)
    dump = []
    totals = {"n": 0, "found": 0, "answered": 0, "named": 0, "none_ok": 0, "none_n": 0}
    for name in sorted({p["file"] for p in problems}):
        per = dict.fromkeys(totals, 0)
        mine = [p for p in problems if p["file"] == name]
        for business in dict.fromkeys(p["business"] for p in mine):
            group = [p for p in mine if p["business"] == business]
            with tempfile.TemporaryDirectory(prefix="cjm-fixes-") as tmp:
                answers = Path(tmp) / "answers.toml"
                said = "; ".join(p["text"].rstrip(".;") for p in group)
                # a JSON string is a TOML basic string (escapes and all) when non-ASCII stays as it is
                answers.write_text(f"business = {json.dumps(business, ensure_ascii=False)}\nkind = \"current\"\n"
                                   f"problems = {json.dumps(said, ensure_ascii=False)}\n", encoding="utf-8")
                try:
                    m, _ = draft(answers)
                except RuntimeError as e:
                    print(f"{name}: {business[:50]}: {e}")
                    m = {}
            stated = [p for p in pains(m) if p.get("provenance") == "user"]
            for p in group:
                found = match(p["text"], stated)
                fixes = fixes_for(m, {f.get("id", "") for f in found})
                dump.append({**p, "fixes": fixes})
                if not p["fix"]:
                    per["none_n"] += 1
                    per["none_ok"] += not fixes
                    continue
                named = bool(fixes) and any(any_ws(p["fix"], f) for f in fixes)
                per["n"] += 1
                per["found"] += bool(found)
                per["answered"] += bool(fixes)
                per["named"] += named
                if args.misses and not named:
                    print(f"  MISS {name} [{p['kind']}] {p['text']!r} -> {fixes[:2] or 'no fix'}")
        print(f"{name:24} found {per['found']}/{per['n']}  answered {per['answered']}/{per['n']}  "
              f"fix words {per['named']}/{per['n']}  no-fix right {per['none_ok']}/{per['none_n']}")
        for k in totals:
            totals[k] += per[k]
    if args.json:
        args.json.write_text(json.dumps(dump, indent=1), encoding="utf-8")
    n = max(1, totals["n"])
    print(f"TOTAL {'':18} found {totals['found']}/{totals['n']}  answered {totals['answered']}/{totals['n']}  "
          f"fix words {totals['named']}/{totals['n']} ({100 * totals['named'] / n:.1f}%)  "
          f"no-fix right {totals['none_ok']}/{totals['none_n']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
