"""What the owner and the personas said is wrong: every problem and frustration, once, with whose it is.

* the owner's problems come first, then each persona's frustrations, each already split into items
  by the interview (``detect.split_statements``);
* the same words twice (the owner and a persona both said "the seller never replies") are one
  statement, marked with the persona;
* "same as above really: the phone queue" is a reference: its content ("the phone queue") is matched
  to what was said before and that statement gets this persona too; with nothing after it ("same as
  above") it adds nothing; only content that matches nothing becomes a statement of its own;
* "no one complains about booking online" denies a problem: it is no statement (a note says how it was
  read), and "the problem is the wait" names "The wait";
* the owner's "people can't find the entrance" and a persona's "couldn't find the way in" in other words are
  one complaint when they land on the same stage (:func:`same_complaint`, checked once placed, in pains.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from cjm_assistant.domain.profile import Profile
from cjm_assistant.knowledge import denials, relevance
from cjm_assistant.knowledge import text as tx
from cjm_assistant.knowledge.detect import tidy

#: "same as above", "same here", "as above", "ditto", "like I said", "same as Ben"..., then any content.
SAME_AS = re.compile(
    r"^\s*(?:(?:it'?s|its|that'?s|thats)\s+)?(?:(?:the\s+)?same\s+(?:as\s+(?:above|before|earlier|(?:the\s+)?"
    r"(?:last|other|first|previous)(?:\s+one)?|[A-Z][\w'-]*(?:\s+(?:re|about)(?=\s+\S))?)|here|again|thing|problem|story)|as\s+(?:above|before|"
    r"i\s+said|mentioned)|ditto|like\s+(?:above|i\s+said|before))\b(?:\s+(?:really|too|basically|mostly|though|"
    r"honestly|tbh))*\s*(?:[:,;.!\-–—]+\s*|(?<=\bre)\s+|(?<=\babout)\s+|$)",
    re.I,
)
#: How much of a reference's words must be in a statement for the reference to mean it.
REFERENCE_OVERLAP = 0.5


@dataclass
class Statement:
    text: str  # the words the pain point is named from
    personas: list[int] = field(default_factory=list)  # indexes of the personas who said it ([]: the owner only)
    said: list[str] = field(default_factory=list)  # every answer it came from, as typed
    owner: bool = False  # the owner said it too (as one of the business's problems)

    def add(self, persona: int | None, said: str) -> None:
        if persona is None:
            self.owner = True
        elif persona not in self.personas:
            self.personas.append(persona)
        if said not in self.said:
            self.said.append(said)

    @property
    def whose(self) -> list[int]:
        """The personas the problem is marked for: none (everyone's) when the owner said it too, for a persona
        repeating the owner's own problem does not make it theirs alone."""
        return [] if self.owner else sorted(self.personas)


def reference(text: str) -> tuple[bool, str]:
    """(whether ``text`` refers back to something said before, its own content): ``"Same as above really:
    waitlist"`` -> ``(True, "waitlist")``, ``"same as above"`` -> ``(True, "")``."""
    m = SAME_AS.match(text)
    if not m:
        return False, text
    return True, tidy(text[m.end():])


def _key(text: str) -> str:
    return " ".join(tx.words(text))


def gather(profile: Profile, named: Callable[[str], str] = lambda text: text) -> tuple[list[Statement], list[str]]:
    """Every stated problem and frustration once, in order, and notes on the references read. Two that ``named``
    names alike are one, said by both: the owner's "the zoom link changes every week which is so bad we have to
    resend it" and a persona's "the zoom link changes every week" (the first keeps its words for the name; every
    answer it came from stays with it)."""
    out: list[Statement] = []
    by_name: dict[str, Statement] = {}
    notes: list[str] = []
    said = [(p, None) for p in profile.problems]
    said += [(f, i) for i, persona in enumerate(profile.personas) for f in persona.frustrations]
    for text, who in said:
        whose = profile.personas[who].name if who is not None else "you"
        if (rest := denials.unsure(text)) is not None:
            if not rest:
                notes.append(f"“{text}” ({whose}) names no problem; nothing added.")
                continue
            text = rest
        kept, fine = denials.apart(text)
        if fine:
            things = " and ".join(f for f in fine if f != "the business")
            said = (f"says {things} {'is' if len(fine) == 1 else 'are'} not a problem" if things
                    else "praises the business")
            notes.append(f"“{text}” ({whose}) {said}; read as something that works, not a pain point.")
        if not kept:
            continue
        if not (problem := denials.named(kept[0])):
            continue  # a lead alone ("the thing is,"): the problem is in the statement after it
        is_reference, content = reference(problem)
        if is_reference and not content:
            notes.append(f"“{text}” ({whose}) refers to what was said before; read as agreement, nothing new added.")
            continue
        if content != text and not is_reference:
            content = tx.capitalise(content)
        if is_reference:
            target = _referred(out, content)
            if target is not None:
                target.add(who, text)
                notes.append(f"“{text}” ({whose}) read as the same problem as “{target.text}”, not a new one.")
                continue
            content = tx.capitalise(content)
        key = _key(named(content))
        if (same := by_name.get(key)) is not None:
            same.add(who, text)
            continue
        statement = Statement(content)
        statement.add(who, text)
        out.append(statement)
        by_name[key] = statement
    return out, notes


def _referred(earlier: list[Statement], content: str) -> Statement | None:
    """The earlier statement a reference's content names: most of its words are there (the first best)."""
    best, best_share = None, 0.0
    for statement in earlier:
        share = relevance.overlap(content, statement.text)
        if share > best_share:
            best, best_share = statement, share
    return best if best_share >= REFERENCE_OVERLAP else None


#: Two ways of saying one thing that stemming and ``relevance.SYNONYMS`` do not join: a phrase said for a word
#: ("the way in" is the entrance), then words that mean the same in a complaint.
_SAID_FOR = ((re.compile(r"\bway\s+in(?!\w)", re.I), "entrance"), (re.compile(r"\bway\s+out(?!\w)", re.I), "exit"),
             (re.compile(r"\bfront\s+door(?!\w)", re.I), "entrance"))
_ALIKE = (("entranc", "entri", "doorway"), ("find", "locat", "spot"), ("rude", "unfriend", "impolit"),
          ("slow", "sluggish"), ("ignor", "unansw"))
_CANON = {word: group[0] for group in _ALIKE for word in group}
#: "couldn't", "can't": the negation is no word of what went wrong.
_NOT = re.compile(r"(?:ca|could|do|did|does|wo|would|is|are|was|were|have|has|should|must)nt$")


def _complaint_words(text: str) -> set[str]:
    for phrase, word in _SAID_FOR:
        text = phrase.sub(word, text)
    return {_CANON.get(w, w) for w in relevance.stems(text) if not _NOT.fullmatch(w)}


def same_complaint(a: str, b: str) -> bool:
    """Whether two statements are clearly one complaint in other words: most of the content words of each are the
    other's (stemmed, synonyms folded: "people can't find the entrance" and "couldn't find the way in"), so that
    "can't find the entrance" and "couldn't find a parking space" stay two."""
    wa, wb = _complaint_words(a), _complaint_words(b)
    shared = min(len(relevance.shared(wa, wb)), len(relevance.shared(wb, wa)))
    return shared > 0 and 2 * shared > len(wa) and 2 * shared > len(wb)
