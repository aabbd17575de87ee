"""A customer's goal for a step the owner named that no stage of the playbook stands for, from the step's own name.

"Weekly rehearsals" -> "Know what to expect from weekly rehearsals, and feel it was worth it"; "Coming to a taster
rehearsal" -> "Come to a taster rehearsal knowing what to expect, and feel it was worth it"; "We measure up" ->
"Know what to expect while we measure up". General words around the owner's own, never a stock goal of another
kind of step.
"""

from __future__ import annotations

import re

from . import grammar
from . import text as tx

_WHO = {"we", "i", "they", "he", "she", "our", "the team", "staff"}
_NOUN_START = {"the", "a", "an", "our", "your", "their", "my", "his", "her", "its", "first", "second", "last", "final",
               "weekly", "monthly", "daily", "annual", "yearly", "regular", "new", "next", "free", "summer", "winter",
               "spring", "autumn", "christmas"}


#: Words after an -ing word that make it a verb ("Coming to", "Joining the band"); a noun follows a noun's ("Wedding day")
_AFTER_A_VERB = {"the", "a", "an", "to", "in", "on", "at", "for", "with", "up", "out", "back", "our", "your", "their",
                 "my", "his", "her", "it", "them", "us", "into", "off", "over", "through", "from", "and", "round", "along"}
_ONE_SYLLABLE_CVC = re.compile(r"^[^aeiou]*[aeiou][^aeiouwxy]$")


def _base_of_ing(word: str, after: str) -> str:
    """The base form of an -ing word that begins a step ("coming" -> "come", "playing" -> "play", "getting" -> "get"),
    or "" when it is no verb there ("wedding day", "evening")."""
    low = word.casefold()
    if not low.endswith("ing") or len(low) < 5 or (after and after.casefold() not in _AFTER_A_VERB):
        return ""
    stem = low[:-3]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]  # "getting", "shopping"
    return stem + "e" if _ONE_SYLLABLE_CVC.match(stem) else stem  # "coming", "using"; "playing", "visiting"


def _verbs() -> frozenset[str]:
    """Words that begin a step as its verb: the first words of the steps' phase words ("come to", "book", "pay")."""
    from .steps import data

    return frozenset(w.split()[0] for p in data().phase.values() for w in p.words if w.split()[0].isalpha()) | {
        "play", "sing", "get", "go", "take", "make", "have", "do", "see", "meet", "start", "learn", "try", "pick",
        "use", "bring", "leave", "fill", "choose", "find", "hear", "ring", "call", "send", "order", "buy", "wait"}


#: Words after a step's first word that make it a verb: "Measure up", "Paint it", "Sign the contract"
_AFTER_THE_VERB = _AFTER_A_VERB | {"down", "over", "away", "me", "him", "everything", "some", "any", "each", "every"}


#: Endings of a word that names a thing or an event, not what someone does ("Delivery", "Collection", "Payment")
_NOUN_ENDING = re.compile(r"(?:ery|tion|sion|ment|ance|ence|ure|age|ival|ship|ness)$")
#: Steps named by one word made of a verb and a particle: a thing ("Checkout", "Handover", "Setup")
_COMPOUND_NOUNS = {"checkout", "check-out", "checkin", "check-in", "setup", "set-up", "handover", "hand-over", "pickup",
                   "pick-up", "signup", "sign-up", "dropoff", "drop-off", "login", "log-in", "follow-up", "followup",
                   "callout", "call-out", "walkthrough", "walk-through", "aftercare", "onboarding", "takeover",
                   "turnaround", "buyout", "payout", "rollout", "fitout", "fit-out", "clearout", "teardown"}


def _a_noun(words: list[str]) -> bool:
    """Whether a step's name is a thing or an event rather than something done: "Delivery", "Checkout", and two
    verbs joined as the name of one thing ("Meet and greet", "Click and collect", "Park and ride")."""
    first = words[0].casefold()
    if len(words) == 1:
        return bool(_NOUN_ENDING.search(first)) or first in _COMPOUND_NOUNS
    return " ".join(w.casefold() for w in words).replace("&", "and") in _PAIRED_NOUNS


#: Two verbs joined that name one thing: "Meet and greet" is an event, not two things done
_PAIRED_NOUNS = {"meet and greet", "click and collect", "park and ride", "pick and mix", "pay and display",
                 "stay and play", "sip and paint", "grab and go", "drop and go", "dine and dash", "try and buy",
                 "pick and pack", "fly and drive", "bring and buy"}


def own_goal(name: str, side: str = "") -> str:
    """A general goal sentence for a step of the owner's own, built from its name; a step the business does
    (``side`` "provider": "Measure up") is one the customer knows what to expect of while it is done."""
    name = " ".join(name.split()).strip(" .")
    if not name:
        return ""
    words = name.split()
    first = words[0].casefold()
    if first in _WHO:
        return f"Know what to expect while {grammar.lower_first(name)}"
    after = words[1].casefold() if len(words) > 1 else ""
    verb = _base_of_ing(first, after) or (first if first not in _NOUN_START and not _a_noun(words) and (
        first in _verbs() or after in _AFTER_THE_VERB) else "")
    if verb and side == "provider":
        return f"Know what to expect while they {' '.join([verb, *words[1:]])}"
    if verb:
        phrase = " ".join([verb, *words[1:]])
        return f"{tx.capitalise(phrase)} knowing what to expect, and feel it was worth it"
    thing = grammar.lower_first(name)
    if not grammar.has_determiner(thing) and not grammar.is_plural(words[-1].casefold()):
        thing = f"the {thing}"
    return f"Know what to expect from {thing}, and feel it was worth it"
