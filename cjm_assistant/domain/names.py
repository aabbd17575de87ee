"""Finding a name the way people type it: "order & pay" is "Order and payment", "delivery" is
"Delivery or collection", "the vist" is "The visit".

One rule for every place that matches a typed name loosely (plain-language edits, the interview's
"which step?" question): exact (ignoring case, "&"/"and", a leading "the"), then a unique name that
holds every typed word, then the closest by fuzzy token matching (rapidfuzz), only when it is clearly
closer than the next one. Nothing matches when nothing is close: the caller says so.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

#: The least fuzzy score (0-100) for a loose match, and how far it must beat the runner-up.
CUTOFF = 80
MARGIN = 5
_WORD = re.compile(r"[a-z0-9]+")
_SMALL = {"the", "a", "an", "and", "or", "of", "to", "stage", "step"}


def normal(text: str) -> str:
    """Lower case, "&" as "and", punctuation as spaces, without a leading "the"."""
    words = _WORD.findall(text.casefold().replace("&", " and "))
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _content(text: str) -> set[str]:
    return {w for w in normal(text).split() if w not in _SMALL}


def _covers(typed: set[str], name: str) -> bool:
    """Every typed word is a word of the name, or starts one ("pay" starts "payment"), or is another form of one
    ("delivery" of "deliver", "renewal" of "renews"), or a noun made of a verb and its particle that the name says
    apart ("payout" for "we pay the lender out", "checkout" for "check out with the clerk")."""
    words = normal(name).split()
    return all(any(w == t or (len(t) >= 3 and w.startswith(t)) or _same_root(w, t) for w in words)
               or _said_apart(t, words) for t in typed)


#: Particles that end a noun made of a verb and its particle ("payout", "pickup", "handover", "drop-off").
_PARTICLES = ("out", "up", "over", "off", "in", "back", "through", "on", "down", "away")


def _same_root(a: str, b: str) -> bool:
    """Two forms of one word: they share all but the last two letters of the shorter, five letters at least
    ("deliver" and "delivery", "collect" and "collection"; not "contract" and "contact")."""
    short, long = sorted((a, b), key=len)
    n = max(5, len(short) - 2)
    return len(short) >= 5 and long[:n] == short[:n]


def _said_apart(typed: str, words: list[str]) -> bool:
    """Whether ``typed`` is a verb and its particle in one word ("payout") and the name has both ("pay ... out")."""
    for particle in _PARTICLES:
        verb = typed[: -len(particle)]
        if typed.endswith(particle) and len(verb) >= 3 and particle in words and \
                any(w == verb or w.startswith(verb) for w in words if w != particle):
            return True
    return False


def closest(typed: str, names: list[str]) -> str | None:
    """The one name ``typed`` means, or None (see the module docstring)."""
    key = normal(typed)
    if not key:
        return None
    exact = [n for n in names if normal(n) == key]
    if exact:
        return exact[0]
    content = _content(typed)
    covering = [n for n in names if content and _covers(content, n)]
    if len(covering) == 1:
        return covering[0]
    pool = covering or names
    scored = process.extract(key, {n: normal(n) for n in pool}, scorer=fuzz.WRatio, limit=2)
    if not scored or scored[0][1] < CUTOFF:
        return None
    if len(scored) > 1 and scored[0][1] - scored[1][1] < MARGIN:
        return None
    return scored[0][2]
