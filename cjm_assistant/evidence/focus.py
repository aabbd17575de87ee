"""What a part of a comment is about, where its words say more than one thing.

* :func:`wishes` and :func:`wished`: a wish ("Would love to pay by card", "I wish you took cards", "would be nice
  if you texted first", "please add evening slots") names what the customer misses. Its warm words ("love",
  "nice") are the thing wished for, not praise: about one of the map's pain points it says that problem is real,
  a complaint that backs it (:meth:`.match.Matcher._match`), never praise that contradicts it.
* :func:`sought`: what a customer looked for ("Couldn't find any prices on Facebook"): a verb of looking for
  something shared with a pain point ("Hard to find online") says nothing of the fault; what was sought does.
* :func:`scene`: in a story told in order ("Booked weeks ahead then she cancelled the day before"), what came
  first sets the scene and what came after is the complaint: the words before "then" still place the part, but
  back no pain point.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from . import words as w

if TYPE_CHECKING:
    from .sentiment import Reading

# the customer wants something the business does not give, or wanted something that did not happen; not a wish for
# someone ("wish you all the best"), nor regret at not coming sooner ("wish I'd found them sooner": praise)
_WISH = re.compile(r"\bwish(?:ed)?\b(?! (?:you|them|him|her|everyone) (?:all|a|every|the best|well|luck|success)\b)"
                   r"(?! (?:i|we)'?d? (?:had )?(?:\w+ ){0,4}?(?:sooner|earlier|years ago|ages ago|before now))|"
                   r"\b(?:i'?d|we'?d|would)\s+(?:really\s+|still\s+|also\s+|so\s+)?(?:(?:love|prefer)\s+(?:to|it if|if)|"
                   r"(?:love|like|prefer)\s+(?:a|an|more|some|the option))\b|"
                   r"\bwould(?:'?ve| have| of)? be(?:en)? (?:nice|good|great|better|helpful|handy|lovely)\b|"
                   r"\bwould(?:'?ve| have| of) (?:helped|liked|loved|preferred)\b|"
                   r"\bit'?d be (?:nice|good|great|lovely|handy|helpful)\b|"
                   r"\bplease (?:add|consider|bring back|offer|start|take)\b|\bif only\b|"
                   # "the Facebook page could do with replying quicker", "the car park could do with a few more lights"
                   r"\b(?:could|would|might) (?:really |definitely )?do with\b", re.I)
# ...that is no wish for more of the same: "would love to come back", "would like to book again"
_AGAIN = re.compile(r"\b(?:again|come back|be back|return|recommend)\b", re.I)
WISH_NUDGE = 0.3  # how far a wish about a pain point reads as a complaint (as a request does: REQUEST_NUDGE)


def wishes(text: str) -> bool:
    """Whether a part wishes for something the business does not give (:data:`_WISH`), not to come again."""
    return bool(_WISH.search(text)) and not _AGAIN.search(text)


def wished(reading: Reading) -> Reading:
    """The reading of a wish about one of the map's pain points: a complaint (what is wished for is missing),
    however warm its words."""
    return replace(reading, score=min(reading.score, 0.0) - WISH_NUDGE, vader=min(reading.vader, 0.0),
                   nudges=[*reading.nudges, "a wish about a pain point (it says the problem is real)"],
                   complains=True, asks=False, bare=None)


# a story told in order: "Booked weeks ahead then she cancelled", "ordered on Monday, and then the shop closed"
_THEN = re.compile(r"(?:,\s*|\s+)(?:and\s+|but\s+)?then\s+(?=\w)", re.I)
# ...whose next event has a subject of its own ("then she cancelled", "then the van broke down"), where one that goes
# on with the same subject ("Host did 20 mins then vanished") or points back ("then had to do it again") is still
# about what came first
_OWN_SUBJECT = re.compile(r"^(?:i|we|she|he|they|you|the|my|our|his|her|their|your|someone|somebody|nobody|no one)\b",
                          re.I)
_POINTS_BACK = re.compile(r"\b(?:it|its|again|that|this|these|those|them|same|one)\b", re.I)


def scene(text: str, complains: Callable[[str], bool]) -> set[str]:
    """The terms of what a part tells first, before "then", when that says nothing went wrong by itself and what
    follows does, with a subject of its own and nothing that points back (``complains``: whether a piece of text
    complains by its own words): those words set the scene (where it belongs) and name no fault. Empty when there is
    no such order."""
    found = _THEN.search(text)
    if not found or found.start() == 0:
        return set()
    before, after = text[:found.start()], text[found.end():]
    if not w.raw_words(before) or not _OWN_SUBJECT.match(after) or _POINTS_BACK.search(after):
        return set()
    if complains(before) or not complains(after):
        return set()
    return set(w.terms(before)) - set(w.terms(after))



# a verb of looking for something, and what it names after it: "Couldn't find any prices", "searched for a number"
_SOUGHT = re.compile(r"\b(?:find|found|finding|finds|locate[sd]?|locating|search(?:ed|es|ing)?(?: for)?|"
                     r"look(?:ed|ing|s)? for)\s+(?:(?:any|the|a|an|your|their|his|her|its|some|much|out|anything about|"
                     r"info on|information on|details of)\s+)*([a-z][\w'-]*)", re.I)
# ...where that is the business itself, or its place online ("couldn't find you on Google", "hard to find them",
# "couldn't find your website"), or nothing in particular
_THE_BUSINESS = frozenset("you them him her it us me anyone anybody someone somebody anywhere website site webpage "
                          "page profile listing business company".split())


def sought(text: str) -> set[str]:
    """The terms of what a part says the customer looked for ("Couldn't find any prices on Facebook": price), none
    where they looked for the business itself ("couldn't find you on Google", "couldn't find your website")."""
    out = set()
    for found in _SOUGHT.finditer(text):
        word = w.fold_word(found.group(1))
        if word not in _THE_BUSINESS and (t := w.term(word)):
            out.add(t)
    return out


# a closing word that the customer will come back ("Will book again.", "Would definitely use again", "We'll be back!"):
# a verdict on the rest, not the moment of booking
_COMES_BACK = re.compile(r"^\W*(?:(?:i|we)\s*(?:'ll|will|would|'d)|will|would|'ll)\s+(?:definitely\s+|certainly\s+|"
                         r"100%\s+|deffo\s+|happily\s+|so\s+)?(?:be back|book|use|come|go|visit|order|recommend)\b"
                         r"(?:\s+(?:again|back|them|her|him|you|her again|him again|them again|in|with (?:her|him|them)))*"
                         r"\W*$", re.I)


def comes_back(text: str) -> bool:
    """Whether a part only says the customer will come back ("Will book again."): praise of the rest, at no stage."""
    return bool(_COMES_BACK.match(text))


# someone came later than agreed: "turned up an hour late", "arrived late", "they were two hours late", "Was told 10am,
# she arrived at 12:30" (not a thing that started late: "the appointment started 10 mins late")
_LATE = re.compile(r"\b(?:turn|show|turned|showed|turns|shows|turning|showing|rocked|arrived|came|got here)\b(?: up)?"
                   r"[^.!?]{0,30}?\blate\b|\b(?:he|she|they|you|we|driver|crew|engineer)\b[^.!?]{0,20}?\b(?:\d+|an?|one|two|three|four|"
                   r"half an?|several)\s+(?:hours?|hrs?|minutes?|mins?)\s+late\b|\b(?:told|said|promised|booked (?:in )?for|expecting (?:him|her|them)|supposed to "
                   r"(?:come|arrive|be here))\s+(?:at\s+|for\s+)?\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)?\b[^!?]{0,40}?"
                   r"\b(?:arrived|turned up|showed up|came|got here|rocked up)\b", re.I)
#: the words a problem of arrival time is named by in the playbook's catalogue ("arrived late", "arrival time")
ARRIVAL = frozenset(w.terms("arrive arrival late"))


def late(text: str) -> bool:
    """Whether a part says someone came later than agreed (:data:`_LATE`)."""
    return bool(_LATE.search(text))
