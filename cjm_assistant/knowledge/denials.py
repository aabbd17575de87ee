"""Problems the owner says are not problems, and the problem an owner names after "the problem is".

Owners often set one problem against another: "no one complains about booking online; the problem is the
wait". The first half denies a problem (booking online works), the second names one (the wait). ``denied``
finds what a statement says is fine, so it is never made a pain point and never read as missing;
``named`` gives the problem after a lead such as "the real problem is".
"""

from __future__ import annotations

import re

from . import text as tx

_WHO = (r"(?:no\s*one|nobody|no\s+customers?|not\s+(?:one|a\s+single)\s+(?:customer|person|client)|hardly\s+anyone|"
        r"none\s+of\s+(?:them|(?:our|the|my)\s+\w+)|(?:customers|clients|people|they|guests|members|patients|"
        r"parents|users)\s+(?:never|don'?t|do\s+not|rarely)|(?:we|i)\s+(?:never|don'?t|do\s+not|rarely)\s+"
        r"(?:get|hear|have|see))")
_FAULT = r"(?:problems?|issues?|trouble|complaints?|moans?|grumbles?|bother|hassle)"
_COMPLAIN = (rf"(?:complain(?:s|ed)?|moan(?:s|ed)?|grumble[sd]?|mind(?:s|ed)?|object(?:s|ed)?|struggle[sd]?|"
             rf"(?:has|have|had|get|gets|got|see|sees|hear|hears)\s+(?:a|an|any)?\s*{_FAULT}|{_FAULT})")
# "no one complains about booking online", "customers never have a problem with parking"
_NOBODY = re.compile(rf"^{_WHO}\s+(?:(?:ever|really|actually|much|seems?\s+to)\s+)*{_COMPLAIN}\s+"
                     rf"(?:(?:about|with|over|at|of|that)\s+)?(?P<thing>.+)$", re.I)
# "no complaints about the price", "never any trouble with parking", "zero issues with the app"
_NONE_ABOUT = re.compile(rf"^(?:(?:we|i|they|customers|people)\s+)?(?:(?:have|get|had|got|see|hear)\s+)?(?:no|never\s+any|"
                         rf"zero|not\s+any|(?:never|not|haven'?t|hasn'?t)\s+(?:had|have|got|get|seen)\s+(?:a|an|any))\s+"
                         rf"(?:real\s+)?{_FAULT}\s+(?:about|with|over|from)?\s*(?P<thing>.+)$", re.I)
# "parking is fine", "the price is not the problem", "online booking works well"
_FINE = re.compile(rf"^(?P<thing>.+?)\s+(?:is|are|was|were|has\s+been|have\s+been|seems?|works?|worked)\s+"
                   rf"(?:(?:totally|really|actually|absolutely|perfectly|pretty|all)\s+)?(?:fine|ok|okay|good|great|"
                   rf"brilliant|not\s+(?:a|an|the|our|really\s+a|much\s+of\s+a)\s+(?:\w+\s+)?{_FAULT}|no\s+{_FAULT}|"
                   rf"never\s+(?:a|an)\s+{_FAULT}|working(?:\s+(?:fine|well))?|well|going\s+(?:fine|well)|"
                   rf"not\s+what\s+(?:people|they|customers)\s+(?:complain|moan)\s+about)$", re.I)
# "I'm very tidy", "we're always on time", "our engineers are really thorough": the owner praising the business
_PRAISE = re.compile(r"^(?P<thing>i'?m|i\s+am|we'?re|we\s+are|(?:our|my|the)\s+(?:[\w'-]+\s+){0,2}?(?:is|are))\s+"
                     r"(?:(?:very|really|always|so|super|extremely|pretty|quite|dead|usually|never\s+not)\s+)*"
                     r"(?P<said>[\w' -]{2,40})$", re.I)
_PRAISE_WORDS = frozenset({"tidy", "neat", "quick", "fast", "reliable", "punctual", "on time", "thorough", "careful",
                           "clean", "friendly", "honest", "cheap", "good value", "professional", "polite", "helpful",
                           "efficient", "organised", "organized", "flexible", "local", "experienced", "qualified"})


def _praises(said: str) -> bool:
    """Whether the words after "I'm"/"we're" only praise ("very tidy", "quick and friendly")."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    lexicon = _lexicon(SentimentIntensityAnalyzer)
    parts = [p.strip() for p in re.split(r"\s+and\s+|,\s*", said.casefold()) if p.strip()]
    return bool(parts) and all(p in _PRAISE_WORDS or lexicon.get(p, 0.0) >= 1.0 for p in parts)


_LEXICON: dict = {}


def _lexicon(analyzer) -> dict:
    if not _LEXICON:
        _LEXICON.update(analyzer().lexicon)
    return _LEXICON


# "the problem is the wait", "our biggest issue is that quotes take a week", "main complaint: parking"
_NAMED = re.compile(r"^(?:the|our|my|their)?\s*(?:(?:main|real|big|biggest|only|actual|one|other|bigger)\s+)?"
                    r"(?:problem|issue|trouble|complaint|thing|headache|gripe|moan)\s*(?:(?:is|are|was|"
                    r"were)(?:\s+(?:that|really|just))?\s*|[:\-–—]\s*)(?P<problem>.*)$", re.I)
# Words which, between a negation and a thing, deny a complaint about the thing rather than the thing itself
COMPLAINT_STEMS = frozenset(tx.stem(w) for w in ("complain", "complains", "moan", "grumble", "mind", "minds",
                                                  "problem", "problems", "issue", "issues", "trouble", "object",
                                                  "struggle", "bother", "hassle"))


def _clean(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).strip(" .!;,")


def denied(text: str) -> str | None:
    """What ``text`` says is not a problem ("no one complains about booking online" -> "booking online"), or
    None when it says nothing of the kind."""
    said = _clean(text)
    for pattern in (_NOBODY, _NONE_ABOUT, _FINE):
        if (m := pattern.match(said)) and (thing := m.group("thing").strip(" .,")):
            return thing
    if (m := _PRAISE.match(said)) and _praises(m.group("said")):
        thing = re.sub(r"\s+(?:is|are)$", "", m.group("thing"), flags=re.I)
        return "the business" if thing.casefold().startswith(("i", "we")) else thing
    return None


def named(text: str) -> str:
    """The problem a statement names after a lead ("The problem is the wait" -> "the wait"), "" for a lead
    alone ("the thing is", cut off by a comma); the statement itself when it has no such lead."""
    m = _NAMED.match(_clean(text))
    return m.group("problem").strip(" .,;:") if m else text


def complaint_between(tokens: list[str]) -> bool:
    """Whether stemmed ``tokens`` (the words after a negation, before a thing) speak of complaining, so that the
    negation denies a complaint ("no one complains about booking online") rather than the thing."""
    return any(t in COMPLAINT_STEMS for t in tokens)
