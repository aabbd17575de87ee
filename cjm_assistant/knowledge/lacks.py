"""What the owner says a channel has not got on it (``[lack.*]`` in ``data/facts.toml``).

"a website that has no prices", "website, but no prices on it", "no reviews on Google", "no price list": each
is a thing (prices, a booking form, reviews, photos) said to be missing, on the channels named beside it, or, with
no channel named, on the business's channels at large. :func:`stated_lacks` reads them from the answers;
:func:`refutes` says whether a touchpoint's name speaks of such a thing as there.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass

from . import text as tx
from .detect import detect_channel_keys
from .facts import DATA, negated

#: Words between the negation and the thing that say it is there, only thin ("not many reviews", "no clear prices").
_THERE_BUT = frozenset(tx.stem(w) for w in ("many", "much", "enough", "lot", "clear", "good", "great", "more",
                                            "recent", "new", "up-to-date", "current", "fixed", "set", "hidden"))
#: Words just after the thing that make it another thing ("no price increase", "no review process").
_OTHER_THING = frozenset(tx.stem(w) for w in ("increase", "increases", "rise", "rises", "change", "changes", "hike",
                                              "war", "match", "cut", "cuts", "drop", "range", "point", "tag", "freeze",
                                              "process", "meeting", "date", "system", "sites", "site"))
#: A clause that goes on about the channel before it ("website, but no prices on it").
_GOES_ON = re.compile(r"^\s*(?:but|and|though|although|yet|which|that|with|just|only|so)\b", re.I)
_SENTENCE = re.compile(r"(?<=[.;!?])\s+|\n+")


@dataclass(frozen=True)
class Lack:
    key: str
    said: tuple[tuple[str, ...], ...]
    item: tuple[tuple[str, ...], ...]
    words: re.Pattern  # the said words as written, to find the channel named beside them ("reviews" is no channel)


@dataclass(frozen=True)
class Stated:
    thing: str  # a [lack.*] key
    channels: frozenset[str]  # the catalogue keys of the channels it is missing on; empty: said of none


@functools.cache
def lacks() -> tuple[Lack, ...]:
    raw = tomllib.loads(DATA.read_text(encoding="utf-8")).get("lack", {})

    def phrases(words: list[str]) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted({tx.phrase(w) for w in words if tx.phrase(w)}, key=len, reverse=True))

    def written(words: list[str]) -> re.Pattern:
        return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.I)

    return tuple(Lack(k, phrases(v["said"]), phrases(v.get("item", v["said"])), written(v["said"]))
                 for k, v in raw.items())


def _denied(toks: list[str], needle: tuple[str, ...]) -> bool:
    start = 0
    while (at := tx.find(toks, needle, start)) >= 0:
        before = toks[max(0, at - 4):at]
        after = toks[at + len(needle): at + len(needle) + 1]
        if negated(toks, at) and not _THERE_BUT.intersection(before) and not tx.contains(before, ("no", "one")) \
                and not _OTHER_THING.intersection(after):
            return True
        start = at + 1
    return False


def stated_lacks(texts: list[str]) -> list[Stated]:
    """Every lack the answers state, with the channels it is said of."""
    out: list[Stated] = []
    for text in texts:
        for sentence in _SENTENCE.split(text or ""):
            parts = sentence.split(",")
            for i, part in enumerate(parts):
                toks = tx.tokens(part)
                for lack in lacks():
                    if not any(_denied(toks, n) for n in lack.said):
                        continue
                    if _qualified(part, lack.words):
                        continue  # "no online booking for several people at once": there is, with a limit
                    keys = _said_of(part, lack.words)
                    if not keys and i and _GOES_ON.match(part):
                        keys = _channels(parts[i - 1])
                    if (found := Stated(lack.key, frozenset(keys))) not in out:
                        out.append(found)
    return out


def _channels(text: str) -> set[str]:
    return {k for k, _ in detect_channel_keys(text)}


#: Where the thing is said to be missing, just after it: "no photos (of our work) on the website", "no prices on it".
_ON = re.compile(r"^\s*(?:of\s+(?:[\w'-]+\s+){0,3}?)?(?:on|in|at)\s+((?:the|our|my|their|its)\s+)?"
                 r"([\w'.-]+(?:\s+[\w'.-]+)?)", re.I)


#: What may follow the thing and still leave it missing outright: where ("on the website", "on it"), of what ("of our
#: work"), or nothing.
_LIMIT = re.compile(r"^\s*(?:for|at|with|after|before|between|during|outside|until|over|under|above|below|beyond)\s+"
                    r"(?!(?:it|there|them|that)\b)", re.I)


def _qualified(part: str, words: re.Pattern) -> bool:
    """Whether the thing said to be missing is limited by what follows it ("no online booking for several people at
    once", "no prices for weddings"): then it is there, only not for everything."""
    m = words.search(part)
    rest = part[m.end():] if m else ""
    return bool(_LIMIT.match(rest)) and not _channels(rest)


def _said_of(part: str, words: re.Pattern) -> set[str]:
    """The channels a clause says lack the thing: the one before it ("a website that has no prices") or just after it
    ("no prices on Instagram"); not one the rest of the clause names ("no price list so people ring us")."""
    m = words.search(part)
    if m is None:
        return set()
    after = _ON.match(part[m.end():])
    return _channels(part[:m.start()]) | (_channels(after.group(2)) if after else set())


#: Channels where a customer asks rather than reads: a call to check prices fits a business with no price list.
_ASKED_ON = ("phone", "messaging", "email", "chat", "in-person", "delivery", "other")


def refutes(stated: list[Stated], name: str, channel_key: str | None, channel_kind: str | None) -> str | None:
    """The thing a touchpoint's name speaks of that the owner said the channel has not got ("Prices page" on a website
    with no prices), or None."""
    toks = tx.tokens(name)
    for lack in lacks():
        if not any(tx.contains(toks, n) for n in lack.item):
            continue
        for said in stated:
            if said.thing != lack.key:
                continue
            if channel_key in said.channels or (not said.channels and channel_kind not in _ASKED_ON):
                return lack.key
    return None
