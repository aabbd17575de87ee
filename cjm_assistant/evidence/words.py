"""Words to terms: what feedback and a map are compared by.

A *term* is a word folded (case, accents), lemmatised with ``simplemma``
(English: "rang" -> "ring", "colours" -> "colour", "children" -> "child") and
then cut by the playbook's crude stem (``knowledge.text.stem``: "booking" ->
"book"), so that the customer's "booked" meets the map's "Booking". Function
words (the, and, was...) are no terms. :func:`prefix` gives a looser key
("delivery" and "delivered" share "delive") that counts for less.

Nothing here knows a business: the weights of terms come from the map itself
(:mod:`.placement`).
"""

from __future__ import annotations

import functools
import re

from cjm_assistant.knowledge import text as tx

# Function words: they say nothing about where in a journey a comment belongs.
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
on once only or other our ours ourselves out over own same she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves im ive id youre dont didnt cant
couldnt wasnt isnt wont doesnt s t ll re ve d m get got go went going gone one two three lot lots bit really
quite still even ever also though although however yet thing things something anything everything nothing
someone anyone everyone nobody anybody us let lets make made much many way well back new like just thanks thank
please hi hello dear x xx lol ok okay oh
""".split())
# Common verbs and adjectives: words of every topic, so they place nothing (they still count after a negation).
GENERIC = frozenset("""
said say says tell told ask asked take took taken come came keep kept want wanted look looks looked looking show shows showed shown feel felt
seem seemed give gave given put see saw seen know knew think thought try tried need needed become became
mean means meant
next last long different same whole able sure another every each else
""".split())
PART_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
NEGATORS = frozenset({"no", "not", "never", "nobody", "nothing", "none", "without", "neither", "nor", "cannot",
                      "noone", "zero"})
# a quantifier right after a negator is part of it, not a word of its reach: "not one message got lost",
# "not a single call missed", "not once did I..."
QUANTIFIERS = frozenset({"one", "single", "once", "a", "an", "even"})
# verbs of knowing and wanting: a negation of one reaches no further ("didn't realise we'd have to pay": the
# paying is not negated)
COGNITION = frozenset({"realise", "realize", "realised", "realized", "know", "knew", "tell", "sure", "think",
                       "remember", "understand", "want", "wanted", "mind", "like", "care", "seem", "expect",
                       "expected", "notice", "noticed", "recall", "bother"})
SENTIMENT_WEIGHT = 0.3
_NOT = re.compile(r"^(\w+?)n['’]t$")
_NT_WORDS = frozenset({"dont", "didnt", "cant", "couldnt", "wasnt", "isnt", "wont", "doesnt", "havent", "hasnt",
                       "wouldnt", "shouldnt", "arent", "werent", "aint"})


@functools.lru_cache(maxsize=200_000)
def content(word: str) -> str:
    """The term of one folded word, or "" for a function word (the, was, don't...)."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    if word in STOPWORDS or len(word) < 2 or word.isdigit():
        return ""
    lemma = _lemma(word)
    return "" if lemma in STOPWORDS else tx.stem(lemma)


@functools.lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The term of one folded word for placing it ("" for a function word or a generic one: take, want)."""
    t = content(word)
    if not t or word in GENERIC or _lemma(word.replace("’", "").replace("'", "")) in GENERIC:
        return ""
    return t


def _lemma(word: str) -> str:
    import simplemma

    try:
        return simplemma.lemmatize(word, lang="en").casefold()
    except Exception:  # noqa: BLE001 - an odd token: keep it as written
        return word


@functools.cache
def _sentiment_words() -> frozenset[str]:
    from cjm_assistant.evidence.vader import lexicon, topical_words

    named = topical_words()
    return frozenset(term_plain(word) for word in lexicon() if word not in named)


def term_plain(word: str) -> str:
    return tx.stem(_lemma(word.replace("'", "")))


def topical(t: str) -> float:
    """How much a term says about a topic: sentiment words ("great", "easy", "fine", "wrong": in
    vaderSentiment's lexicon) say how it went, not what it was about."""
    return SENTIMENT_WEIGHT if t in _sentiment_words() else 1.0


def prefix(t: str) -> str:
    """A looser key for a term: its first six letters (only for terms longer than that)."""
    return t[:6] if len(t) > 6 else ""


def raw_words(text: str) -> list[str]:
    """Folded words as written ("didn't" stays one word)."""
    return PART_WORD.findall(tx.fold(text))


def fold_word(token: str) -> str:
    """One whitespace-separated token as a folded word, its punctuation left out ("Stockout," -> "stockout")."""
    found = raw_words(token)
    return found[0] if found else ""


def is_negator(word: str) -> bool:
    return word in NEGATORS or word in _NT_WORDS or bool(_NOT.match(word))


# a verb whose particle makes it a general one: "found out" (learned), "turned up" (came), "worked out",
# "figured out": no word of finding, turning or working for placing
PHRASAL = {"find": "out", "found": "out", "finding": "out", "finds": "out", "turn": "up out", "turned": "up out",
           "turning": "up out", "turns": "up out", "work": "out", "worked": "out", "figure": "out",
           "figured": "out"}


def placing_words(text: str) -> list[str]:
    """:func:`raw_words` without the verbs of :data:`PHRASAL` that their particle makes general."""
    said = raw_words(text)
    return [x for i, x in enumerate(said)
            if not (x in PHRASAL and i + 1 < len(said) and said[i + 1] in PHRASAL[x].split())]


def terms(text: str) -> list[str]:
    """The terms of a text, in order (function words left out)."""
    return [t for t in (term(w) for w in placing_words(text)) if t]


def negated_terms(text: str, reach: int = 3) -> tuple[list[str], dict[str, str]]:
    """(every term, {term: word as written} of the content words within ``reach`` words after a negator:
    "never rushed", "didn't want", "no joining fee")."""
    out: list[str] = []
    negated: dict[str, str] = {}
    since = reach + 1
    for w in placing_words(text):
        if is_negator(w):
            since = 0
            continue
        if since == 0 and w in QUANTIFIERS:
            continue  # "not one", "not a single": the negation reaches past its quantifier
        since += 1
        c = content(w)
        if w in COGNITION and since <= reach:  # "didn't realise | we'd have to pay": the reach ends at the verb
            since = reach
        if not c:
            continue
        if term(w):
            out.append(c)
        if since <= reach:
            negated[c] = w
    return out, negated


def stage_texts(stage) -> list[tuple[str, str]]:
    """A stage's texts by lane, in its order on the map: name, goal, actions, touchpoints (name, channel, note,
    backstage), thoughts, pain points (name, note), opportunities (name, note)."""
    texts: list[tuple[str, str]] = [("name", stage.name), ("goal", stage.goal)]
    texts += [("action", a.text) for a in stage.actions]
    for tp in stage.touchpoints:
        texts += [("touchpoint", tp.name), ("channel", tp.channel), ("tp_note", tp.description or "")]
        texts += [("backstage", b) for b in getattr(tp, "backstage", []) or []]
    texts += [("thought", t.text) for t in stage.thoughts]
    for pp in stage.pain_points:
        texts += [("pain", pp.name), ("pain_note", pp.description or "")]
    for op in stage.opportunities:
        texts += [("opportunity", op.name), ("opp_note", op.description or "")]
    return texts
