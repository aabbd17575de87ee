"""Problems the owner says are not problems, and the problem an owner names after "the problem is".

Owners often set one problem against another: "no one complains about booking online; the problem is the
wait". The first half denies a problem (booking online works), the second names one (the wait). ``denied``
finds what a statement says is fine, so it is never made a pain point and never read as missing;
``named`` gives the problem after a lead such as "the real problem is".
"""

from __future__ import annotations

import functools
import re

from . import text as tx

_WHO = (r"(?:nobody|no\s+customers?|not\s+(?:one|a\s+single)\s+(?:one\s+)?(?:customer|person|client|of\s+(?:them|us|"
        r"(?:our|the|my)\s+\w+))|not\s+a\s+single\s+one|hardly\s+anyone|"
        r"none\s+of\s+(?:them|us|(?:our|the|my)\s+\w+)|(?:customers|clients|people|they|guests|members|patients|"
        r"parents|users)\s+(?:never|don'?t|do\s+not|rarely)|(?:we|i)\s+(?:never|don'?t|do\s+not|rarely)\s+"
        r"(?:get|hear|have|see))")
_FAULT = r"(?:problems?|issues?|trouble|complaints?|moans?|grumbles?|bother|hassle)"
_COMPLAIN = (rf"(?:complain(?:s|ed)?|moan(?:s|ed)?|grumble[sd]?|mind(?:s|ed)?|object(?:s|ed)?|struggle[sd]?|"
             rf"(?:has|have|had|get|gets|got|see|sees|hear|hears)\s+(?:a|an|any)?\s*{_FAULT}|{_FAULT})")
# "no one complains about booking online", "customers never have a problem with parking"
_NOBODY = re.compile(rf"^{_WHO}(?:'s|'d|\s+has|\s+had|\s+have)?\s+(?:(?:ever|really|actually|much|seems?\s+to)\s+)*{_COMPLAIN}\s+"
                     rf"(?:(?:about|with|over|at|of|that)\s+)?(?P<thing>.+)$", re.I)
# "no complaints about the price", "never any trouble with parking", "zero issues with the app"
_NONE_ABOUT = re.compile(rf"^(?:(?:we|i|they|customers|people)(?:'ve|'d)?\s+)?(?:(?:have|get|had|got|see|hear)\s+)?(?:no|never\s+any|"
                         rf"never\s+(?:had|got|get|have|heard|seen)(?:\s+any)?(?=\s+(?:complaints?|moans?|grumbles?))|"
                         rf"zero|not\s+any|(?:never|not|haven'?t|hasn'?t)\s+(?:had|have|got|get|seen)\s+(?:a|an|any))\s+"
                         rf"(?:real\s+)?{_FAULT}\s+(?:about|with|over|from)?\s*(?P<thing>.+)$", re.I)
# "parking is fine", "the price is not the problem", "online booking works well", "parking has never been a problem",
# "parking isn't an issue"
_NOT_A_PROBLEM = re.compile(rf"^(?:i\s+(?:wouldn'?t|would\s+not|don'?t|do\s+not)\s+(?:say|think)\s+(?:that\s+)?)?"
                            rf"(?P<thing>.+?)\s+(?:(?:has|have)\s+never\s+been|(?:was|were|is|are)\s+never|"
                            rf"isn'?t|aren'?t|wasn'?t|weren'?t|is\s+not|are\s+not|(?:is|are|was|were)\s+not\s+really|"
                            rf"(?:is|are|was|were|has\s+been|have\s+been)(?=\s+(?:no|never)\b))\s+(?:really\s+|ever\s+)?"
                            rf"(?:no|never\s+a|never\s+an|a|an|any|the|much\s+of\s+a)?"
                            rf"\s*(?:real\s+|big\s+)?{_FAULT}(?:\s+(?:for|with)\s+\w+)?$", re.I)
# "I wouldn't say prices are a problem": the lead denies what follows
_WOULDNT_SAY = re.compile(rf"^i\s+(?:wouldn'?t|would\s+not|don'?t|do\s+not)\s+(?:say|think)\s+(?:that\s+)?(?P<thing>.+?)\s+"
                          rf"(?:is|are|was|were|has\s+been|have\s+been)\s+(?:really\s+)?(?:a|an|any|much\s+of\s+a)?"
                          rf"\s*(?:real\s+|big\s+)?{_FAULT}(?:\s+(?:for|with)\s+\w+)?$", re.I)
_FINE = re.compile(rf"^(?P<thing>.+?)\s+(?:is|are|was|were|has\s+been|have\s+been|seems?|works?|worked)\s+"
                   rf"(?:(?:totally|really|actually|absolutely|perfectly|pretty|all)\s+)?(?:fine|ok|okay|good|great|"
                   rf"brilliant|not\s+(?:a|an|the|our|really\s+a|much\s+of\s+a)\s+(?:\w+\s+)?{_FAULT}|no\s+{_FAULT}|"
                   rf"never\s+(?:a|an)\s+{_FAULT}|working(?:\s+(?:fine|well))?|well|going\s+(?:fine|well)|"
                   rf"not\s+what\s+(?:people|they|customers)\s+(?:complain|moan)\s+about)$", re.I)
# "I'm very tidy", "we're always on time", "our engineers are really thorough": the owner praising the business
_PRAISE = re.compile(r"^(?P<thing>i'?m|i\s+am|we'?re|we\s+are|(?:our|my|the)\s+(?:[\w'-]+\s+){0,2}?(?:is|are)|"
                     r"(?:they|he|she|everyone|everybody|you)(?:'re)?\s+(?:were|was|are|is)?)\s+"
                     r"(?:(?:very|really|always|so|super|extremely|pretty|quite|dead|usually)\s+)*"
                     r"(?P<said>[\w' -]{2,40})$", re.I)
_PRAISE_WORDS = frozenset({"tidy", "neat", "quick", "fast", "reliable", "punctual", "on time", "thorough", "careful",
                           "clean", "friendly", "honest", "cheap", "good value", "professional", "polite", "helpful",
                           "efficient", "organised", "organized", "flexible", "local", "experienced", "qualified"})


def _praises(said: str) -> bool:
    """Whether the words after "I'm"/"we're" only praise ("very tidy", "quick and friendly", "never late")."""
    lexicon = _lexicon()
    parts = [p.strip() for p in re.split(r"\s+and\s+|,\s*", said.casefold()) if p.strip()]

    def good(part: str) -> bool:
        if part.startswith("never "):  # "never late", "never dirty": the opposite of a fault
            bad = part[len("never "):].strip()
            return bad in _FAULT_WORDS or lexicon.get(bad, 0.0) <= -1.0
        return part in _PRAISE_WORDS or lexicon.get(part, 0.0) >= 1.0

    return bool(parts) and all(good(p) for p in parts)


_FAULT_WORDS = frozenset({"late", "dirty", "rude", "slow", "messy", "untidy", "unreliable", "expensive", "closed",
                          "busy", "rushed", "wrong", "broken", "short", "behind"})


@functools.cache
def _lexicon() -> dict[str, float]:
    """vaderSentiment's valences, loaded once, on the first self-praise to read (never at start-up)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer().lexicon


# A verdict alone, after a topic cut off by a question mark ("reviews? all fine"): nothing is wrong
_ALL_FINE = re.compile(r"^(?:(?:it'?s|its|that'?s|all|mostly|pretty\s+much|everything(?:'s|\s+is)?)\s+)*(?:fine|ok|okay|"
                       r"good|great|grand|no\s+(?:problems?|issues?|complaints?))$", re.I)


# "the problem is the wait", "our biggest issue is that quotes take a week", "main complaint: parking"
_NAMED = re.compile(r"^(?:the|our|my|their)?\s*(?:(?:main|real|big|biggest|only|actual|one|other|bigger)\s+)?"
                    r"(?:problem|issue|trouble|complaint|thing|headache|gripe|moan)\s*(?:(?:is|are|was|"
                    r"were)(?!n'?t\b|\s+not\b)(?:\s+(?:that|really|just))?\s*|[:\-–—]\s*)(?P<problem>.*)$", re.I)
# Words which, between a negation and a thing, deny a complaint about the thing rather than the thing itself
COMPLAINT_STEMS = frozenset(tx.stem(w) for w in ("complain", "complains", "moan", "grumble", "mind", "minds",
                                                  "problem", "problems", "issue", "issues", "trouble", "object",
                                                  "struggle", "bother", "hassle"))


# Every spelling of "nobody" ("no one", "no-one", "noone", "no-body"), read as one word so that each rule
# that knows "nobody" knows them all
_NOBODY_SPELLINGS = re.compile(r"\bno(?:\s*-\s*|\s+)?(?:one|body)\b", re.I)


def nobody(text: str) -> str:
    """``text`` with every spelling of "nobody" written "nobody" ("no-one complains" -> "nobody complains")."""
    return _NOBODY_SPELLINGS.sub("nobody", text)


def _clean(text: str) -> str:
    return nobody(" ".join(text.replace("’", "'").split()).strip(" .!;,"))


# "it's not that people take too much", "it isn't that the price is high": what follows is not the problem
_NOT_THAT = re.compile(r"^(?:(?:honestly|really|actually|tbh)\s*,?\s*)?(?:it'?s\s+not|it\s+is\s+not|it\s+isn'?t|"
                       r"it\s+wasn'?t|it\s+was\s+not)\s+(?:really\s+|just\s+)?that\s+(?P<thing>.+)$", re.I)
#: "it's not that X, it's that Y" said in one piece: :func:`apart` takes it apart, the denial first.
_NOT_THAT_BUT = re.compile(r"[,;]\s*(?:(?:honestly|really|actually)\s*,?\s*)?(?:it'?s|it\s+is|but)\b", re.I)
# "honestly, it's that there's not enough spread across the week": the problem after its lead
_ITS_THAT = re.compile(r"^(?:(?:honestly|really|actually|tbh|to\s+be\s+honest)\s*,?\s*)?(?:it'?s|it\s+is|it\s+was)\s+"
                       r"(?:more\s+|really\s+|just\s+|mostly\s+)?that\s+(?P<problem>\S.*)$", re.I)


def denied(text: str) -> str | None:
    """What ``text`` says is not a problem ("no one complains about booking online" -> "booking online"), or
    None when it says nothing of the kind."""
    said = _clean(text)
    if _ALL_FINE.match(said):
        return "it"
    if (m := _NOT_THAT.match(said)) and not _NOT_THAT_BUT.search(m.group("thing")):
        return re.sub(r"[,\s]+(?:honestly|really|actually|tbh)$", "", m.group("thing")).strip(" .,")
    for pattern in (_NOBODY, _NONE_ABOUT, _WOULDNT_SAY, _NOT_A_PROBLEM, _FINE):
        if (m := pattern.match(said)) and (thing := m.group("thing").strip(" .,")):
            return thing
    if (m := _PRAISE.match(said)) and _praises(m.group("said")):
        thing = re.sub(r"\s+(?:is|are|was|were)$", "", m.group("thing"), flags=re.I)
        people = ("i", "we", "they", "he", "she", "everyone", "everybody", "you")
        return "the business" if thing.casefold().split("'")[0].split()[0] in people else thing
    return None


# "dunno really, it was all a blur", "not sure, it's mostly fine": a lead that says there is nothing to tell
_DONT_KNOW = re.compile(r"^(?:(?:i|we)\s+)?(?:don'?t\s+know|do\s+not\s+know|dunno|not\s+sure|no\s+idea|can'?t\s+"
                        r"think\s+of\s+(?:any|anything)|nothing\s+(?:really|much|comes\s+to\s+mind))(?:\s+(?:really|"
                        r"tbh|honestly|to\s+be\s+honest))*\s*(?:[,;:.!-]+\s*|$)", re.I)
# What says something is wrong, after such a lead: "dunno, the van is always late" still names a problem
_WRONG = re.compile(r"\b(?:no|not|never|nobody|none|can'?t|cannot|don'?t|doesn'?t|didn'?t|won'?t|isn'?t|aren'?t|"
                    r"wasn'?t|too|late|lost|wrong|broken|slow|hard|grey|dirty|rude|missing|forgot\w*|wait\w*|"
                    r"expensive|confus\w*|annoy\w*|stain\w*|torn|cold|damaged)\b|n't\b", re.I)


def unsure(text: str) -> str | None:
    """What is left of a statement that opens by saying there is nothing to tell ("dunno really, it was all a
    blur" -> "" , "not sure, the van is always late" -> "the van is always late"), or None when it does not."""
    m = _DONT_KNOW.match(_clean(text))
    if not m:
        return None
    rest = _clean(text)[m.end():].strip(" ,.;")
    return rest if rest and _WRONG.search(rest) else ""


def named(text: str) -> str:
    """The problem a statement names after a lead ("The problem is the wait" -> "the wait"), "" for a lead
    alone ("the thing is", cut off by a comma); the statement itself when it has no such lead."""
    said = _clean(text)
    if m := _NOT_X_BUT_Y.match(said):  # "the problem isn't the price, it's the wait"
        return m.group("problem").strip(" .,;:")
    if m := _ITS_THAT.match(said):  # "honestly, it's that there's not enough spread across the week"
        return m.group("problem").strip(" .,;:")
    m = _NAMED.match(said)
    return m.group("problem").strip(" .,;:") if m else text


_NOT_X_BUT_Y = re.compile(r"^(?:the|our|my|their)?\s*(?:(?:main|real|big|biggest|only|actual)\s+)?(?:problem|issue|"
                          r"trouble|complaint|thing)\s+(?:isn'?t|is\s+not|wasn'?t|was\s+not)\s+.+?[,;]\s*"
                          r"(?:it'?s|it\s+is|it\s+was|but|rather)\s+(?P<problem>\S.*)$", re.I)


# A denial, then "it's ..." naming what the problem is instead
_DENIED_THEN_NAMED = re.compile(r"^(?P<denial>.+?)\s*[,;]\s*(?:but\s+)?(?:it'?s|its|it\s+is|it\s+was|the\s+(?:real\s+|"
                                r"main\s+)?(?:problem|issue)\s+is)\s+(?:that\s+|more\s+|really\s+)?(?P<problem>\S.*)$",
                                re.I)
_BRACKETED = re.compile(r"\s*\([^)]*\)")


def complaint_between(tokens: list[str]) -> bool:
    """Whether stemmed ``tokens`` (the words after a negation, before a thing) speak of complaining, so that the
    negation denies a complaint ("no one complains about booking online") rather than the thing."""
    return any(t in COMPLAINT_STEMS for t in tokens)


_CLAUSE_GAP = re.compile(r"\s*[,;]\s*(?:but|and|though|however)?\s*|\s+(?:but|and|though|however)\s+", re.I)


def apart(text: str) -> tuple[list[str], list[str]]:
    """A statement that denies one problem and names another, taken apart: (the clauses that are no denial, what
    the denials say is fine). "parking is fine and nobody complains about prices, but the website is slow" ->
    (["the website is slow"], ["parking", "prices"]). A statement with no denial in it comes back whole."""
    if (m := _DENIED_THEN_NAMED.match(_clean(text))) and (thing := denied(_BRACKETED.sub("", m.group("denial")))):
        # "nobody complains about the price, it's that I run out", "the queue isn't the problem (we do tea), it's
        # people feeling ashamed": the denial, then the problem it names instead
        return [m.group("problem").strip(" .,;")], [thing]
    if (thing := denied(text)) is not None:
        return [], [thing]
    clauses = [c for c in _CLAUSE_GAP.split(_clean(text)) if c and c.strip()]
    found = [denied(c) for c in clauses]
    if len(clauses) < 2 or not any(f is not None for f in found):
        return [text], []
    kept = [c for c, f in zip(clauses, found) if f is None]
    return ([", ".join(kept)] if kept else []), [f for f in found if f is not None]

