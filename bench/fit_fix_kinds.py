"""Fit the fix-kind model (cjm_assistant/knowledge/fix_kinds.py) on the tuning set, and score it on a set never tuned on.

    python bench/fit_fix_kinds.py [--write] [--score DIR] [--penalty P]

The tuning set is tests/dev/fixes/*.toml: problems as owners type them, each labelled with the kind that fits best
(``kind``, or "none"), kinds that fit about as well (``also``) and the word-starts a consultant's fix for it would
contain (``fix``), written by people who had not read the engine (tests/dev/fixes/README.md).

A multinomial logistic model (one weight per feature and class, L2 penalty but on the bias) is fitted by full-batch
gradient descent with AdaGrad steps from zero weights, a fixed number of steps: pure Python, deterministic.
Leave-one-file-out first, for each penalty of a small grid: the figures printed are for problems the model had not
seen. The penalty with the best leave-one-out accuracy is kept (ties: the larger), and the least probability at
which a kind is trusted (``trust``) is the smallest at which the leave-one-out kinds trusted are right at least
``--precision`` of the time. ``--write`` fits on every file and writes cjm_assistant/knowledge/data/fix_kinds.json.

``--score DIR`` reads DIR's files (the validation set, tests/validation/fixes) with the written model and prints
the same figures; nothing is fitted on them.

Figures: ``right`` = the kind read is the label or one of ``also`` (of all problems; "none" read for a "none"
label counts); ``answered`` = problems given a kind's fix (a kind trusted); ``right when answered``; ``fix words`` =
problems whose expected fix words (``fix`` not empty) the given fix's name or detail names (a word-start match, as
bench/score_maps.py's fix check), of all such problems and of those answered.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cjm_assistant.knowledge import fix_kinds  # noqa: E402
from score_maps import any_ws  # noqa: E402

TUNING = ROOT / "tests" / "dev" / "fixes"
PENALTIES = (0.003, 0.01, 0.03)
STEPS = 150
RATE = 0.5


def load(folder: Path) -> list[dict]:
    """Every problem of the folder's files, each with its file's name (``file``)."""
    out = []
    for path in sorted(folder.glob("*.toml")):
        for p in tomllib.loads(path.read_text(encoding="utf-8"))["problem"]:
            out.append({**p, "file": path.stem, "also": p.get("also", []), "fix": p.get("fix", [])})
    return out


def fit(problems: list[dict], classes: list[str], penalty: float) -> dict:
    index: dict[str, int] = {}
    rows = []
    for p in problems:
        feats = [index.setdefault(f, len(index)) for f in fix_kinds.features(p["text"])]
        rows.append((feats, classes.index(p["kind"])))
    c, n = len(classes), len(rows)
    w = [[0.0] * c for _ in index]
    bias = [0.0] * c
    gw2 = [[1e-8] * c for _ in index]
    gb2 = [1e-8] * c
    for _ in range(STEPS):
        grad = {}
        gbias = [0.0] * c
        for feats, label in rows:
            logits = list(bias)
            for f in feats:
                wf = w[f]
                for k in range(c):
                    logits[k] += wf[k]
            top = max(logits)
            exp = [math.exp(v - top) for v in logits]
            total = sum(exp)
            g = [e / total for e in exp]
            g[label] -= 1.0
            for k in range(c):
                gbias[k] += g[k] / n
            for f in feats:
                row = grad.setdefault(f, [0.0] * c)
                for k in range(c):
                    row[k] += g[k] / n
        for f in range(len(index)):
            row = grad.get(f)
            wf, acc = w[f], gw2[f]
            for k in range(c):
                step = (row[k] if row else 0.0) + penalty * wf[k]
                if step:
                    acc[k] += step * step
                    wf[k] -= RATE * step / math.sqrt(acc[k])
        for k in range(c):
            gb2[k] += gbias[k] * gbias[k]
            bias[k] -= RATE * gbias[k] / math.sqrt(gb2[k])
    names = {i: f for f, i in index.items()}
    weights = {names[f]: {str(k): round(v, 4) for k, v in enumerate(row) if abs(v) >= 0.005} for f, row in enumerate(w)}
    return {"classes": classes, "bias": [round(b, 4) for b in bias],
            "weights": {f: r for f, r in sorted(weights.items()) if r}, "trust": 0.0}


def read(problems: list[dict], fitted: dict) -> list[tuple[dict, str, float]]:
    return [(p, *fix_kinds.classify(p["text"], fitted)) for p in problems]


def right(p: dict, kind: str) -> bool:
    return kind == p["kind"] or kind in p["also"]


def names_fix(p: dict, kind: str) -> bool:
    info = fix_kinds.kinds().get(kind)
    return bool(info and p["fix"] and any_ws(p["fix"], f"{info.fix} {info.detail}"))


def figures(title: str, read_: list[tuple[dict, str, float]], trust: float) -> dict:
    n = len(read_)
    ok = sum(right(p, k) for p, k, _ in read_)
    given = [(p, k) for p, k, pr in read_ if k != fix_kinds.NONE and pr >= trust]
    good = sum(right(p, k) for p, k in given)
    want = [p for p, _, _ in read_ if p["fix"]]
    named = sum(names_fix(p, k) for p, k in given if p["fix"])
    given_want = sum(1 for p, _ in given if p["fix"])
    print(f"{title}: right {ok}/{n} ({100 * ok / max(1, n):.1f}%); answered {len(given)}/{n} "
          f"({100 * len(given) / max(1, n):.1f}%), right when answered {good}/{len(given)} "
          f"({100 * good / max(1, len(given)):.1f}%); fix words {named}/{len(want)} of all "
          f"({100 * named / max(1, len(want)):.1f}%), {named}/{given_want} of answered")
    return {"right": ok, "n": n, "answered": len(given), "good": good, "named": named}


def trust_for(read_: list[tuple[dict, str, float]], precision: float) -> float:
    """The least probability at which the kinds read at or above it are right ``precision`` of the time."""
    given = sorted(((pr, right(p, k)) for p, k, pr in read_ if k != fix_kinds.NONE), reverse=True)
    best, good = 1.0, 0
    for i, (pr, ok) in enumerate(given, 1):
        good += ok
        if good / i >= precision:
            best = pr
    return round(best, 3)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--score", type=Path)
    ap.add_argument("--penalty", type=float)
    ap.add_argument("--precision", type=float, default=0.75)
    args = ap.parse_args(argv)
    if args.score:
        fitted = fix_kinds.model()
        if not fitted:
            print("no model: run with --write first", file=sys.stderr)
            return 2
        figures(f"{args.score} (trust {fitted['trust']})", read(load(args.score), fitted), fitted["trust"])
        return 0
    problems = load(TUNING)
    classes = [*fix_kinds.kinds(), fix_kinds.NONE]
    unknown = sorted({p["kind"] for p in problems} - set(classes))
    if unknown:
        print(f"labels not in fix_kinds.toml: {unknown}", file=sys.stderr)
        return 2
    files = sorted({p["file"] for p in problems})
    best = None
    for penalty in ([args.penalty] if args.penalty else PENALTIES):
        out = []
        for name in files:
            fitted = fit([p for p in problems if p["file"] != name], classes, penalty)
            out += read([p for p in problems if p["file"] == name], fitted)
        trust = trust_for(out, args.precision)
        fig = figures(f"leave-one-file-out, penalty {penalty}, trust {trust}", out, trust)
        if best is None or fig["right"] >= best[0]:
            best = (fig["right"], penalty, trust)
    _, penalty, trust = best
    print(f"kept: penalty {penalty}, trust {trust}")
    if args.write:
        fitted = fit(problems, classes, penalty)
        fitted["trust"] = trust
        fitted["fitted"] = {"on": [f"tests/dev/fixes/{f}.toml" for f in files], "problems": len(problems),
                            "penalty": penalty, "steps": STEPS, "precision": args.precision}
        fix_kinds.MODEL.write_text(json.dumps(fitted, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {fix_kinds.MODEL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
