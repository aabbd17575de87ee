"""A customer's goal for a step the owner named that no stage of the playbook stands for, from the step's own name.

"Weekly rehearsals" -> "Know what to expect from weekly rehearsals, and feel it was worth it"; "Coming to a taster
rehearsal" -> "Come to a taster rehearsal knowing what to expect, and feel it was worth it"; "We measure up" ->
"Know what to expect while we measure up". General words around the owner's own, never a stock goal of another
kind of step.
"""

from __future__ import annotations

import re

from cjm_assistant.domain import edits, renaming
from cjm_assistant.domain.draft import find_stage
from cjm_assistant.domain.edits import EditError, EditOp, RenameStage
from cjm_assistant.domain.model import JourneyMap

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
_NOUN_ENDING = re.compile(r"(?:ery|tion|sion|ment|ance|ence|ure|age|ival|wal|sal|rral|oval|ntal|ship|ness)$")
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


#: Words after a verb in its -s form that make a sentence of a step's name: "Owner lists a combine", "Renter finds
#: it", "Owner gets paid", "The boiler breaks down" (not "Bike repairs at the van": a preposition follows a noun too)
_AFTER_A_SUBJECTS_VERB = {"it", "them", "him", "her", "us", "me", "you", "a", "an", "the", "this", "that", "my", "our",
                          "your", "their", "his", "its", "some", "every", "up", "down", "back", "out", "off", "over",
                          "away", "home", "paid", "ready", "told", "sent", "done"}
#: Verbs of something that happens, said of a thing as a step's whole name: "Bike breaks", "Kit arrives"
_HAPPENS = {"break", "fail", "leak", "stop", "crash", "die", "expire", "flood", "burst", "jam", "freeze", "overheat",
            "arrive", "happen", "start", "end", "open", "close", "lapse", "run", "go", "come", "drop", "fall", "tear",
            "crack", "puncture", "wear", "land", "begin", "finish", "return", "change", "move"}
#: Verbs that take "home" after them: "Ride home fixed", "Walk home"
_GO_HOME = {"ride", "walk", "drive", "go", "come", "head", "cycle", "fly", "get", "take", "bring", "send", "travel",
            "run", "wheel", "carry"}
#: Words that begin a step named by when it is: "Before the day", "After the visit"
_WHEN = {"before", "after", "during", "until", "between", "on", "at", "in"}
_DETERMINERS = {"the", "a", "an", "our", "your", "their", "my", "his", "her", "its", "this", "that"}


def _sentence_verb(words: list[str]) -> int:
    """The place of the verb of a step named as a sentence, a subject then its verb in the -s form ("Bike breaks",
    "Owner lists a combine", "The boiler breaks down", "Owner gets paid"); 0 when the name is no such sentence
    ("Bike repairs", "Weekly rehearsals", "Piano lessons": a noun in the plural)."""
    low = [w.casefold() for w in words]
    start = 1 if low[0] in _DETERMINERS else 0
    for i in range(start + 1, min(start + 3, len(low))):
        word = low[i]
        if not word.isalpha() or not word.endswith("s") or word.endswith(("ss", "us", "is")):
            continue
        verb = grammar.lemma(word)
        if verb == word or grammar.third(verb) != word or any(w in _WHEN | {"of", "for", "to", "with"}
                                                                for w in low[start:i]):
            continue
        subject = " ".join(low[start:i])
        person = grammar.kind(subject) in ("person", "customer", "staff", "provider", "owner")
        following = low[i + 1] if i + 1 < len(low) else ""
        if following in _AFTER_A_SUBJECTS_VERB or ((not following or following in _AFTER_A_VERB) and (
                person or verb in _HAPPENS)):  # "Kit arrives", "The customer arrives at the van"
            return i
        return 0
    return 0


#: Past participles that do not end in -ed: "Invoice paid", "Parcel sent"
_DONE = {"paid", "sent", "done", "made", "built", "kept", "told", "given", "taken", "seen", "found", "brought",
         "bought", "sold", "shown", "written", "sewn", "cut", "set", "put", "hung", "laid", "spun", "swept"}


def _done_to(words: list[str]) -> int:
    """The place of the past participle of a step named by a thing and what is done to it ("Bike fixed",
    "Certificate filed for the audit"); 0 when the name is none (a verb first: "Get it fixed")."""
    low = [w.casefold() for w in words]
    start = 1 if low[0] in _DETERMINERS else 0
    if low[start] in _WHO or low[start].endswith("ing") or grammar.lemma(low[start]) in _GO_HOME | {"get", "have"}:
        return 0
    for i in range(start + 1, min(start + 3, len(low))):
        word = low[i]
        if word in _DONE or (len(word) > 4 and word.endswith("ed") and grammar.lemma(word) != word):
            return i if all(w.isalpha() and w not in _WHEN for w in low[start:i]) else 0
    return 0


def _sentence_goal(words: list[str], at: int, side: str) -> str:
    """ "Know what to do when the bike breaks": a step named as a sentence is when the customer acts (or, for a step
    the business takes, knows what to expect)."""
    subject = grammar.lower_first(" ".join(words[:at]))
    subject = subject if grammar.has_determiner(subject) else grammar.the(subject)
    clause = " ".join([subject, *(grammar.lower_first(w) if w[:1].isupper() and w[1:].islower() else w
                                  for w in words[at:])])
    return f"Know what to {'expect' if side == 'provider' else 'do'} when {clause}"


def own_goal(name: str, side: str = "") -> str:
    """A general goal sentence for a step of the owner's own, built from its name; a step the business does
    (``side`` "provider": "Measure up") is one the customer knows what to expect of while it is done. The name is
    read as English reads it: "Bike breaks" is a sentence ("Know what to do when the bike breaks"), "Picks it up"
    and "Ride home fixed" something done ("Pick it up knowing what to expect, ..."), "Before the day" a time
    ("Know what to expect before the day"), and only a thing is "Know what to expect from the delivery, ..."."""
    name = " ".join(name.split()).strip(" .")
    if not name:
        return ""
    words = name.split()
    first = words[0].casefold()
    if first in _WHO:
        return f"Know what to expect while {grammar.lower_first(name)}"
    after = words[1].casefold() if len(words) > 1 else ""
    if first in _WHEN and after in _DETERMINERS | _NOUN_START and len(words) > 2:
        return f"Know what to expect {grammar.lower_first(name)}"
    said = _sentence_verb(words) if len(words) > 1 else 0
    if said:
        return _sentence_goal(words, said, side)
    done = _done_to(words)
    if done:  # "Bike fixed", "Certificate filed for the audit": what the customer wants done to it
        thing = grammar.lower_first(" ".join(words[:done]))
        thing = thing if grammar.has_determiner(thing) else grammar.the(thing)
        rest = " ".join(words[done:])
        if side == "provider":
            return f"Know what to expect while {thing} {'are' if grammar.is_plural(thing) else 'is'} {rest}"
        return f"Get {thing} {rest} knowing what to expect, and feel it was worth it"
    if first.endswith("s") and after in _AFTER_THE_VERB and (base := grammar.lemma(first)) != first \
            and grammar.third(base) == first:
        verb = base  # "Picks it up", "Brings it back": the step is to pick it up
    else:
        verb = _base_of_ing(first, after) or (first if first not in _NOUN_START and not _a_noun(words) and (
            first in _verbs() or after in _AFTER_THE_VERB or (after == "home" and first in _GO_HOME)) else "")
    if verb and side == "provider":
        return f"Know what to expect while they {' '.join([verb, *words[1:]])}"
    if verb:
        phrase = " ".join([verb, *words[1:]])
        return f"{tx.capitalise(phrase)} knowing what to expect, and feel it was worth it"
    thing = grammar.lower_first(name)
    if not grammar.has_determiner(thing) and not grammar.is_plural(words[-1].casefold()):
        thing = f"the {thing}"
    return f"Know what to expect from {thing}, and feel it was worth it"


def names_a_thing(name: str) -> bool:
    """Whether a step's name reads as a thing after "the" ("Delivery", "Weekly rehearsals"), not as something done
    ("Collect the bike") or a sentence ("Bike breaks"). One word is a thing there ("the booking", "the visit")."""
    return len(name.split()) == 1 or own_goal(name).startswith("Know what to expect from ")


def goal_after_rename(goal: str, old: str, new: str) -> str:
    """The goal of a stage renamed from ``old`` to ``new``, read as English reads the names: one :func:`own_goal`
    built from the old name is built again from the new one; else the old name's words are swapped for the new
    ones where these read as English (:func:`names_a_thing` after "the"). What a rename's proposer puts on the op."""
    return renaming.goal_after_rename(goal, old, new, own_goal=own_goal, names_a_thing=names_a_thing)


def with_rename_goals(journey: JourneyMap, ops: list[EditOp]) -> list[EditOp]:
    """``ops`` with each stage rename that carries no goal given the goal in its new words (:func:`goal_after_rename`
    of the stage as the ops before it leave it); the others as they are. A rename of a stage that is not there
    is left for the edit to refuse."""
    if not any(isinstance(op, RenameStage) and op.goal is None for op in ops):
        return ops
    out: list[EditOp] = []
    for i, op in enumerate(ops):
        if isinstance(op, RenameStage) and op.goal is None:
            try:
                stage = find_stage(journey, op.stage)
            except EditError:
                return out + ops[i:]
            op = op.model_copy(update={"goal": goal_after_rename(stage.goal, stage.name, op.name)})
        out.append(op)
        if i + 1 < len(ops):
            try:
                journey = edits.apply(journey, [op])  # the next rename reads the stage as this op leaves it
            except EditError:
                return out + ops[i + 1:]
    return out
