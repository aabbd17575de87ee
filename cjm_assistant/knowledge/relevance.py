"""Do two texts talk about the same thing? Word overlap on stems, the one rule for relevance.

Used to place a stated problem on the stage its words fit, to check that an opportunity answers
the pain point it is offered for, and that a catalogue description fits the owner's own words.
Words are stemmed with the Snowball (Porter 2) stemmer; two stems also meet when one is a prefix
of the other of five letters or more, longer by two at most ("invoic" and "invoice", not "event" and
"eventbrit" nor "account" and "accountant": a person named by what they do keeps its ending), and a
few general synonyms that stemming cannot join (``SYNONYMS``, stems) count as the same word.
"""

from __future__ import annotations

import functools
import re

import snowballstemmer

from . import text as tx

_STEMMER = snowballstemmer.stemmer("english")
_WORD = re.compile(r"[a-z0-9]+")

#: Words that say nothing about what a problem is about.
STOPWORDS = frozenset("""
a about above after again against all also always am an and any are as at be because been before being
below between both but by can cannot could did do does doing done dont down during each even ever every
few for from further get gets getting got had has have having he her here hers him his how i if in into
is it its itself just less like lot lots made make makes making many me more most much my never no nor not
now of off often on once one only or other our ours out over own really same she should so some such than
that the their them then there these they this those through to too under until up us very was we were
what when where which while who whom why will with would you your yours
people customer customers client clients thing things way want wants need needs go goes going went come
comes came bit still yet already sometimes usually mostly mainly quite else etc time times day days
first next last away ago again once twice often soon later today tomorrow yesterday whole close
two three four five six seven eight nine ten show shows showed full felt feel feels
know knows knew known long run runs running ran take takes took make makes made
""".split())

#: General words that mean the same thing and that stemming does not join (each group: one meaning).
SYNONYMS = (
    ("phone", "call", "ring", "rang", "telephon", "callback"),
    ("messag", "chat", "dm", "dms"),
    ("repli", "respons", "respond", "answer"),
    ("price", "cost", "fee", "charg", "pay", "paid", "bill", "invoic", "billing"),
    ("book", "reserv", "appoint", "slot", "schedul"),
    ("deliv", "deliveri", "dispatch", "ship"),
    ("photo", "pictur", "imag"),
    ("wait", "queue", "hold", "delay"),
    ("remind", "notif", "alert", "text", "sms"),
    ("confus", "unclear", "understand", "explain"),
    ("signup", "regist", "enrol"),
    ("cancel", "quit", "churn"),
    ("review", "rate", "rating", "recommend"),
    ("stock", "avail"),
    ("purchas", "po"),
    ("welcom", "greet", "induct", "onboard"),
)
_CANON = {word: group[0] for group in SYNONYMS for word in group}


@functools.lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """The Snowball stem, but a person named by what they do keeps its ending ("accountants" -> "accountant",
    "consultant"): an accountant is not an account, nor a consultant a consultation."""
    out = _STEMMER.stemWord(word)
    single = word[:-1] if word.endswith("ants") else word
    if single.endswith("ant") and len(single) > 6 and not out.endswith("ant"):
        return single
    return out


def canonical(s: str) -> str:
    """The one stem a group of synonyms is known by (``SYNONYMS``): "ring" -> "phone"."""
    return _CANON.get(s, s)


#: A verb and its particle said as one word ("no-show", "sign up", "check in"); not a thing signed in a place: "they
#: sign in the wrong place" is a signature, no log-in
_COMPOUNDS = re.compile(r"\b(no|drop|sign|check|follow|cut|set|log|pick|call)(?:s|ed|ing)?[\s-]+(shows?|offs?|ups?|ins?|"
                        r"backs?|outs?)\b"
                        r"(?!(?<=in)\s+(?:the|a|an|their|his|her|my|your|each|every|both)\s+(?:wrong|right|same|"
                        r"correct|places?|box|boxes|spaces?|spots?)\b)")


def stems(text: str) -> set[str]:
    """The content stems of ``text`` (stopwords and one-letter words dropped), synonyms folded together; a
    compound ("no-show", "cut-off", "sign up", "call back") is one word."""
    return set(_stems(text))


@functools.lru_cache(maxsize=16384)
def _stems(text: str) -> frozenset[str]:
    folded = _COMPOUNDS.sub(lambda m: m.group(1) + m.group(2), tx.fold(text))
    words = _WORD.findall(folded.replace("'", ""))
    return frozenset(canonical(stem(w)) for w in words if w not in STOPWORDS and len(w) > 1 and not w.isdigit())


def _meet(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if long == short + "er":  # who or what does it is not the doing: a "price checker" is no identity check
        return False
    return len(short) >= 5 and len(long) - len(short) <= 2 and long.startswith(short)


def shared(a: set[str] | str, b: set[str] | str) -> set[str]:
    """The stems of ``a`` that meet a stem of ``b``."""
    sa = stems(a) if isinstance(a, str) else a
    sb = stems(b) if isinstance(b, str) else b
    same = sa & sb
    # Stems that are not the same meet only when both have five letters or more and one starts with the other
    # (:func:`_meet`): so only those that share their first five letters are compared.
    heads: dict[str, list[str]] = {}
    for y in sb:
        if len(y) >= 5:
            heads.setdefault(y[:5], []).append(y)
    if heads:
        same |= {x for x in sa if len(x) >= 5 and x not in same
                 and any(_meet(x, y) for y in heads.get(x[:5], ()))}
    return same


def overlap(a: set[str] | str, b: set[str] | str) -> float:
    """How much of ``a`` is in ``b``: the share of ``a``'s content stems that ``b`` has (0 to 1)."""
    sa = stems(a) if isinstance(a, str) else a
    return len(shared(sa, b)) / len(sa) if sa else 0.0


def relevant(a: str, b: str, least: int = 1) -> bool:
    """Whether ``a`` and ``b`` share at least ``least`` content words (stemmed)."""
    return len(shared(a, b)) >= least


def weights(texts: list[str]) -> dict[str, float]:
    """How telling each stem is among ``texts`` (inverse document frequency): a word in one of them
    counts 1, a word in many of them far less ("waitlist" says more than "clear")."""
    import math

    docs = [stems(t) for t in texts]
    n = len(docs) or 1
    df: dict[str, int] = {}
    for doc in docs:
        for w in doc:
            df[w] = df.get(w, 0) + 1
    top = math.log(n + 1)
    return {w: math.log((n + 1) / (c + 0.5)) / top for w, c in df.items()}


def weighted_shared(a: set[str] | str, b: set[str] | str, idf: dict[str, float]) -> float:
    """The shared stems of ``a`` and ``b`` (:func:`shared`), each weighed by ``idf`` (1 when unknown)."""
    return sum(idf.get(w, 1.0) for w in shared(a, b))
