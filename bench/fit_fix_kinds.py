"""Count the fix-kind model (cjm_assistant/knowledge/fix_kinds.py) on the tuning set, and score it on a set never tuned on.

    python bench/fit_fix_kinds.py [--write] [--score DIR] [--alpha A] [--precision P]

The tuning set is tests/dev/fixes/*.toml: problems as owners type them, each labelled with the kind that fits best
(``kind``, or "none"), kinds that fit about as well (``also``) and the word-starts a consultant's fix for it would
contain (``fix``), written by people who had not read the engine (tests/dev/fixes/README.md). Each kind's ``fits``
text (data/fix_kinds.toml) counts as one more labelled problem.

The model is naive Bayes (:func:`fix_kinds.probabilities`): per class, how many labelled problems it has and how many
of them have each feature; deterministic, no search. Leave-one-file-out first, for each smoothing ``alpha`` of a
small grid: the figures printed are for problems the counts had not seen. The alpha with the best leave-one-out
accuracy is kept (ties: the larger), and the least probability at which a kind is trusted (``trust``) is the
smallest at which the leave-one-out kinds trusted are right at least ``--precision`` of the time (0.85: a wrong kind's fix is a stock fix that answers nothing, worse than "no suggestion yet"). ``--write``
counts every file and writes cjm_assistant/knowledge/data/fix_kinds.json.

``--score DIR`` reads DIR's files (the validation set, tests/validation/fixes) with the written model and prints
the same figures; nothing is counted on them.

Figures: ``right`` = the kind read is the label or one of ``also`` (of all problems; "none" read for a "none"
label counts); ``answered`` = problems given a kind's fix (a kind trusted); ``right when answered``; ``fix words`` =
problems whose expected fix words (``fix`` not empty) the given fix's name or detail names (a word-start match, as
bench/score_maps.py's fix check), of all such problems and of those answered.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cjm_assistant.knowledge import fix_kinds  # noqa: E402
from score_maps import any_ws  # noqa: E402

TUNING = ROOT / "tests" / "dev" / "fixes"
ALPHAS = (0.05, 0.1, 0.3)


def load(folder: Path) -> list[dict]:
    """Every problem of the folder's files, each with its file's name (``file``)."""
    out = []
    for path in sorted(folder.glob("*.toml")):
        for p in tomllib.loads(path.read_text(encoding="utf-8"))["problem"]:
            out.append({**p, "file": path.stem, "also": p.get("also", []), "fix": p.get("fix", [])})
    return out


def fit(problems: list[dict], classes: list[str], alpha: float) -> dict:
    """The counts: per class, its labelled problems (``docs``) and, per feature, how many of them have it."""
    docs = dict.fromkeys(classes, 0)
    counts: dict[str, dict[str, int]] = {}
    examples = [(p["text"], p["kind"]) for p in problems] + [(k.fits, k.key) for k in fix_kinds.kinds().values()]
    for text, kind in examples:
        docs[kind] += 1
        for f in fix_kinds.features(text):
            row = counts.setdefault(f, {})
            row[kind] = row.get(kind, 0) + 1
    return {"docs": docs, "counts": dict(sorted(counts.items())), "alpha": alpha, "trust": 0.0}


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
    ap.add_argument("--alpha", type=float)
    ap.add_argument("--precision", type=float, default=0.85)
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
    for alpha in ([args.alpha] if args.alpha else ALPHAS):
        out = []
        for name in files:
            fitted = fit([p for p in problems if p["file"] != name], classes, alpha)
            out += read([p for p in problems if p["file"] == name], fitted)
        trust = trust_for(out, args.precision)
        fig = figures(f"leave-one-file-out, alpha {alpha}, trust {trust}", out, trust)
        if best is None or fig["right"] >= best[0]:
            best = (fig["right"], alpha, trust)
    _, alpha, trust = best
    print(f"kept: alpha {alpha}, trust {trust}")
    if args.write:
        fitted = fit(problems, classes, alpha)
        fitted["trust"] = trust
        fitted["fitted"] = {"on": [f"tests/dev/fixes/{f}.toml" for f in files], "problems": len(problems),
                            "precision": args.precision}
        fix_kinds.MODEL.write_text(json.dumps(fitted, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {fix_kinds.MODEL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
