"""What kind of problem a stated problem is, and the fix practitioners propose for that kind.

The kinds (``data/fix_kinds.toml``: a late reply, no-shows, an unclear price, ...) are general: nothing in them names
a trade. A problem is read by a naive Bayes model over its words (stems, and pairs of neighbouring stems, so "no
show" and "turn up" count as phrases), counted on labelled problems written for the purpose by people who had not
read the engine (``tests/dev/fixes/``) and on each kind's own ``fits`` text; ``bench/fit_fix_kinds.py`` counts them
and keeps in ``fix_kinds.json`` the counts, the smoothing, the least probability at which a kind is trusted (chosen
leave-one-file-out) and what it was counted on. A kind below that
probability, or the "none" class, gives no fix: the map says "no suggestion yet" rather than guess.

This is the playbook's last resort for a stated problem: the rules of remedies.toml and the catalogue's relevant
fixes are read first, because they answer the problem in its own words.
"""

from __future__ import annotations

import functools
import json
import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from . import relevance
from . import text as tx
from .rephrase import Fix

DATA = Path(__file__).with_name("data") / "fix_kinds.toml"
MODEL = Path(__file__).with_name("data") / "fix_kinds.json"
NONE = "none"

#: Words too common to tell kinds apart; negations, quantities and times stay, they are what a problem says.
_FUNCTION = frozenset("""
a an the and or but so of to in on at for with from by as is are was were be been being it its this that these
those there their they them we our us you your i me my he she his her him who which what if then than just
really very quite also too have has had do does did get gets got will would can could should
""".split())
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Kind:
    key: str
    fits: str
    fix: str
    detail: str


@functools.cache
def kinds() -> dict[str, Kind]:
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    return {k["key"]: Kind(k["key"], k["fits"], k["fix"], k["detail"]) for k in raw["kind"]}


def features(text: str) -> list[str]:
    """The words of a problem the model reads: stems (synonyms folded, as :mod:`relevance` does) and each pair of
    neighbouring stems ("no show" -> "no", "show", "no_show"); function words and numbers dropped first."""
    folded = tx.fold(text).replace("'", "").replace("\u2019", "")
    words = [w for w in _WORD.findall(folded) if w not in _FUNCTION and not w.isdigit()]
    grams = [relevance.canonical(s) for s in (relevance.stem(w) for w in words)]
    return sorted(set(grams) | {f"{a}_{b}" for a, b in zip(grams, grams[1:])})


@functools.cache
def model() -> dict | None:
    """The fitted model, or None when ``fix_kinds.json`` is missing (then no problem gets a kind's fix)."""
    try:
        return json.loads(MODEL.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def probabilities(text: str, fitted: dict | None = None) -> dict[str, float]:
    """Each class's probability for ``text`` (the kinds and "none"); empty when there is no model.

    Naive Bayes over the features present: a class's log prior (its share of the labelled problems) plus, for each
    feature of ``text`` the labelled problems had, the log of how often that class's problems had it (smoothed by
    ``alpha``)."""
    fitted = fitted if fitted is not None else model()
    if not fitted:
        return {}
    docs, counts, alpha = fitted["docs"], fitted["counts"], fitted["alpha"]
    total = sum(docs.values())
    seen = [counts[f] for f in features(text) if f in counts]
    logits = {}
    for c, n in docs.items():
        logits[c] = math.log((n + 1) / (total + len(docs))) + sum(
            math.log((row.get(c, 0) + alpha) / (n + 2 * alpha)) for row in seen)
    top = max(logits.values())
    exp = {c: math.exp(v - top) for c, v in logits.items()}
    z = sum(exp.values())
    return {c: e / z for c, e in exp.items()}


def classify(text: str, fitted: dict | None = None) -> tuple[str, float]:
    """(the most likely class, its probability); ("none", 0.0) when there is no model."""
    probs = probabilities(text, fitted)
    if not probs:
        return NONE, 0.0
    best = max(probs, key=lambda c: probs[c])
    return best, probs[best]


def kind_fix(text: str) -> Fix | None:
    """The fix for the kind of problem ``text`` is, when the model is sure enough of a kind; else None."""
    fitted = model()
    if not fitted:
        return None
    key, p = classify(text, fitted)
    if key == NONE or p < fitted["trust"] or key not in kinds():
        return None
    kind = kinds()[key]
    return Fix(kind.fix, kind.detail, f"kind:{key}", enables=False)
