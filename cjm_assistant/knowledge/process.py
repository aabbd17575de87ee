"""How the service runs, when the owner tells it outside the journey answer.

An owner asked for the journey often names only its two ends ("from landing on the site to a signed and stored
will") but tells how the service runs when describing what they sell: "you fill in a questionnaire online, a will
writer checks it and calls you if anything's unclear, then we post the will out to sign". Those clauses are the
journey's middle steps, in the owner's order and words. A sentence tells the process when it puts two or more
clauses in sequence ("then", "after that", "once", "next", an arrow) and most of them have someone acting (a
"you", "we", "they" or a step the playbook knows). A price list ("single will £90, mirror wills £150") or a list of
what is sold ("savings accounts, small loans") tells no process: no one acts and nothing follows anything.
"""

from __future__ import annotations

import re

from cjm_assistant.knowledge import relevance
from cjm_assistant.knowledge import steps as st

#: Words that put one clause after another
_SEQUENCE = re.compile(r"\b(?:then|after\s+that|afterwards|once|next|finally|when\s+(?:it'?s|that'?s)\s+done)\b|->|→|=>",
                       re.I)
#: Someone acting: a person as the clause's subject
_ACTOR = re.compile(r"\b(?:you|we|they|i|he|she|customers?|clients?|people)\b", re.I)
#: Where one sentence of an answer ends
_SENTENCE = re.compile(r"(?<=[a-z0-9)])[.!?]\s+|\n+|;\s*", re.I)
#: The fewest clauses that make a process
MIN_CLAUSES = 2


def told_process(offering: str) -> list[st.Step]:
    """The steps of the first sentence of ``offering`` that tells how the service runs (see the module docstring),
    or [] when none does."""
    for sentence in _SENTENCE.split(offering or ""):
        if not _SEQUENCE.search(sentence):
            continue
        steps = st.parse_steps(sentence)
        acting = [s for s in steps if _acts(s)]
        if len(steps) >= MIN_CLAUSES and len(acting) * 2 > len(steps):
            return steps
    return []


def _acts(step: st.Step) -> bool:
    """Whether someone acts in the step: a person named as who does it, or a verb the playbook knows as a step."""
    return bool(_ACTOR.search(step.text)) or step.phase is not None and step.at <= 3


def between_ends(ends: list[st.Step], process: list[st.Step]) -> list[st.Step]:
    """The journey's two ends (or its one start) with the told ``process`` between them; a step of the process
    that says what an end says already (the same words) is left out. ``ends`` as they are without a process."""
    if not process or len(ends) > 2:
        return ends
    known = [relevance.stems(e.text) for e in ends]
    middle = [s for s in process if not any(_same(relevance.stems(s.text), k) for k in known)]
    if len(middle) < MIN_CLAUSES:
        return ends
    return [*ends[:1], *middle, *ends[1:]]


def _same(words: set[str], other: set[str]) -> bool:
    """Whether two steps say the same thing: most of the shorter one's words are in the other."""
    small = min(words, other, key=len)
    return bool(small) and len(words & other) * 3 >= len(small) * 2
