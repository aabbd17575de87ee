"""Fit the row-verdict model (cjm_assistant/evidence/verdict.py) on the dev set, and show how it generalises.

Every dev case (tests/dev/evidence/NAME.map.json, NAME.csv, NAME.labels.csv) is read by the offline matcher
with the hand reading alone; each row gives the model's signals (:data:`verdict.FEATURES`), the hand
reading's verdict and the label. A multinomial logistic model (four classes, one weight per signal and
class, L2 penalty on all but the bias) is fitted by plain gradient descent from zero weights, a fixed number
of steps: pure Python and deterministic (the same data gives the same weights, byte for byte).

Leave-one-case-out first: for each case, fit on the others and read that case; printed beside the hand
reading's figure for the same case, per case and for the cases given by ``--fresh`` (the newest dev cases,
read by nothing tuned on them). The penalty and the margin by which the model must beat the hand verdict
are chosen from small grids by the leave-one-out total (ties: the larger penalty, then the larger margin).
Then the model is fitted on every case and written to cjm_assistant/evidence/verdict.json (``--write``).

``--confusion`` prints, for the leave-one-out reading, how each label was read (positive, negative, mixed,
neutral), rated, unrated and rule-read rows apart: the largest cells are the classes of row to work on. ``--penalty P``
fits with that penalty alone (a third of the time; the margin is still chosen).

Usage: python bench/fit_sentiment.py [--write] [--confusion] [--penalty P] [--fresh NAME ...] [--exclude NAME ...]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cjm_assistant.evidence import verdict  # noqa: E402
from cjm_assistant.evidence.match import Matcher  # noqa: E402
from cjm_assistant.evidence.reading import read_feedback  # noqa: E402
from cjm_assistant.session.maps import read_map_file  # noqa: E402

DEV = ROOT / "tests" / "dev" / "evidence"
CLASSES = verdict.CLASSES
STEPS = 400
RATE = 0.5
MOMENTUM = 0.9
PENALTIES = (0.001, 0.003, 0.01)
MARGINS = (0.0, 0.1, 0.2)


def rows_of(case: str) -> list[tuple[list[float], str, str, str]]:
    """(signals, hand verdict, label, text) for each labelled row of a dev case (a row read by a rule alone has no
    signals; whether a row is rated is its "unrated" signal, :func:`rated`)."""
    journey = read_map_file(str(DEV / f"{case}.map.json"))
    feedback = read_feedback(DEV / f"{case}.csv")
    matcher = Matcher(journey, verdicts={})
    scale = feedback.scale if feedback.rating_used else None
    with open(DEV / f"{case}.labels.csv", newline="", encoding="utf-8") as fh:
        labels = {int(r["row"]): r["sentiment"].strip() for r in csv.DictReader(fh)}
    out = []
    for item in feedback.items:
        match = matcher.match(item.text, feedback.sentiment_of(item), item.channel,
                              scale.extreme(item.score) if scale else False, item.subject, item.moment)
        label = labels.get(feedback.data_row(item))
        if label in CLASSES:
            out.append((match.signals, match.sentiment, label, item.text))
    return out


def fit(data: list[tuple[list[float], str, str, str]], penalty: float) -> dict[str, list[float]]:
    """Weights of a multinomial logistic model, by gradient descent with momentum from zero. Rows the matcher
    keeps to its rules (no signals: a denial, a concession, sarcasm) are left out: the model never reads them."""
    data = [r for r in data if r[0]]
    k = len(verdict.FEATURES)
    weights = {c: [0.0] * k for c in CLASSES}
    velocity = {c: [0.0] * k for c in CLASSES}
    n = max(len(data), 1)
    sparse = [([(i, xi) for i, xi in enumerate(x) if xi], label) for x, _base, label, _text in data]
    for _ in range(STEPS):
        grad = {c: [0.0] * k for c in CLASSES}
        for nonzero, label in sparse:
            logits = {c: sum(weights[c][i] * xi for i, xi in nonzero) for c in CLASSES}
            top = max(logits.values())
            exp = {c: math.exp(v - top) for c, v in logits.items()}
            total = sum(exp.values())
            for c in CLASSES:
                g = exp[c] / total - (c == label)
                row = grad[c]
                for i, xi in nonzero:
                    row[i] += g * xi
        for c in CLASSES:
            w, v, g = weights[c], velocity[c], grad[c]
            for i in range(k):
                step = g[i] / n + (penalty * w[i] if i else 0.0)
                v[i] = MOMENTUM * v[i] - RATE * step
                w[i] += v[i]
    return {c: [round(x, 4) for x in w] for c, w in weights.items()}


def right(data, fitted) -> tuple[int, int]:
    """(rows the model gets right, rows the hand reading gets right)."""
    got = sum(verdict.decide(x, base, fitted)[0] == label for x, base, label, _ in data)
    return got, sum(base == label for _, base, label, _ in data)


def rated(x: list[float]) -> bool | None:
    """Whether a row was rated, from its signals (None: a row read by a rule alone, which has none)."""
    return None if not x else not x[verdict.FEATURES.index("unrated")]


def confusion(title: str, pairs: list[tuple[str, str]]) -> None:
    """Print how each label was read: one line per label, one column per reading."""
    print(f"  {title} ({len(pairs)} rows): label \\ read " + " ".join(f"{c[:8]:>8}" for c in CLASSES))
    for label in CLASSES:
        cells = [sum(1 for lab, got in pairs if lab == label and got == c) for c in CLASSES]
        right = cells[CLASSES.index(label)]
        print(f"    {label:10} " + " ".join(f"{n:8}" for n in cells) + f"   right {right}/{sum(cells)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write cjm_assistant/evidence/verdict.json")
    parser.add_argument("--fresh", nargs="*", default=[], help="cases to total apart (the newest dev cases)")
    parser.add_argument("--show", action="store_true", help="list the rows the model reads otherwise (left out)")
    parser.add_argument("--exclude", nargs="*", default=[], help="cases to leave out of the fit altogether")
    parser.add_argument("--confusion", action="store_true", help="how each label was read, leave-one-out")
    parser.add_argument("--penalty", type=float, help="fit with this penalty alone (quicker)")
    parser.add_argument("--misses", action="store_true", help="list every row read wrong left out")
    args = parser.parse_args(argv)
    cases = sorted(p.name.removesuffix(".labels.csv") for p in DEV.glob("*.labels.csv")
                   if p.name.removesuffix(".labels.csv") not in args.exclude)
    data = {case: rows_of(case) for case in cases}
    best = None
    folds_of = {}
    loo: dict[tuple[float, float], dict[str, tuple[int, int, int]]] = {}
    for penalty in ((args.penalty,) if args.penalty is not None else PENALTIES):
        folds = {case: fit([r for other in cases if other != case for r in data[other]], penalty) for case in cases}
        folds_of[penalty] = folds
        for margin in MARGINS:
            per = {}
            for case in cases:
                got, base = right(data[case], {"weights": folds[case], "margin": margin})
                per[case] = (got, base, len(data[case]))
            loo[(penalty, margin)] = per
            total = sum(g for g, _, _ in per.values())
            key = (total, penalty, margin)
            if best is None or key > best:
                best = key
    _, penalty, margin = best
    print(f"leave-one-case-out (penalty {penalty}, margin {margin}): model vs hand reading")
    per = loo[(penalty, margin)]
    for case in cases:
        got, base, n = per[case]
        print(f"  {case:22} {got:3}/{n} {100 * got / n:5.1f}%   hand {base:3}/{n} {100 * base / n:5.1f}%"
              f"{'   (fresh)' if case in args.fresh else ''}")
    for title, chosen in (("all", cases), ("fresh", [c for c in cases if c in args.fresh])):
        if chosen:
            g, b, n = (sum(per[c][i] for c in chosen) for i in range(3))
            print(f"  {title:22} {g:3}/{n} {100 * g / n:5.1f}%   hand {b:3}/{n} {100 * b / n:5.1f}%")
    if args.confusion:
        read = {case: [(label, verdict.decide(x, base, {"weights": folds_of[penalty][case], "margin": margin})[0], x)
                       for x, base, label, _text in data[case]] for case in cases}
        every = [r for case in cases for r in read[case]]
        print("how each label was read (leave-one-case-out):")
        confusion("rated", [(lab, got) for lab, got, x in every if rated(x) is True])
        confusion("unrated", [(lab, got) for lab, got, x in every if rated(x) is False])
        confusion("read by a rule alone (a denial, a concession, sarcasm...)",
                  [(lab, got) for lab, got, x in every if rated(x) is None])
    if args.show:
        for case in cases:
            for x, base, label, text in data[case]:
                got = verdict.decide(x, base, {"weights": folds_of[penalty][case], "margin": margin})[0]
                if got != base:
                    print(f"  {'WIN ' if got == label else 'LOSS' if base == label else 'miss'} {case}: {base} -> "
                          f"{got} (label {label}): {text[:110]}")
    if args.misses:
        for case in cases:
            for x, base, label, text in data[case]:
                got = verdict.decide(x, base, {"weights": folds_of[penalty][case], "margin": margin})[0]
                if got != label:
                    kind = "rule" if rated(x) is None else "rated" if rated(x) else "unrated"
                    print(f"  MISS {case}: {got} (label {label}, {kind}): {' '.join(text.split())[:150]}")
    print("grid (leave-one-out rows right):")
    for (pen, mar), p in loo.items():
        print(f"  penalty {pen:<6} margin {mar:<4} {sum(g for g, _, _ in p.values())}")
    weights = fit([r for case in cases for r in data[case]], penalty)
    every = [r for case in cases for r in data[case]]
    got, base = right(every, {"weights": weights, "margin": margin})
    print(f"fitted on all {len(every)} rows: model {got}, hand {base}")
    if args.write:
        out = {"about": "fitted by bench/fit_sentiment.py on tests/dev/evidence; do not edit by hand",
               "cases": cases, "penalty": penalty, "margin": margin, "steps": STEPS,
               "features": list(verdict.FEATURES), "weights": weights}
        verdict.WEIGHTS_FILE.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {verdict.WEIGHTS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
