"""How the service runs, when the owner tells it outside the journey answer.

An owner asked for the journey often names only its two ends ("from landing on the site to a signed and stored
will") but tells how the service runs when describing what they sell: "you fill in a questionnaire online, a will
writer checks it and calls you if anything's unclear, then we post the will out to sign". Those clauses are the
journey's middle steps, in the owner's order and words. A sentence tells the process when it puts two or more
clauses in sequence ("then", "after that", "once", "next", an arrow) and most of them have someone acting (a
"you", "we", "they" or a step the playbook knows). A price list ("single will £90, mirror wills £150") or a list of
what is sold ("savings accounts, small loans") tells no process: no one acts and nothing follows anything.

An offering that says the customer's thing is fetched and brought back ("calibration of torque wrenches ...
collection and return in our own van") tells the process too: it is collected, the service is done on it (the
offering's lead activity, "Calibration"), and it is returned (:func:`taken_and_returned`).
"""

from __future__ import annotations

import re

from cjm_assistant.knowledge import relevance
from cjm_assistant.knowledge import steps as st

#: Words that put one clause after another
_SEQUENCE = re.compile(r"\b(?:then|after\s+that|afterwards|once|next|finally|when\s+(?:it'?s|that'?s)\s+done)\b"
                       r"|->|→|=>", re.I)
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


#: The customer's thing fetched, then brought back: "collection and return", "pick-up and drop-off", "collect and
#: deliver back"
_FETCH_AND_RETURN = re.compile(r"\b(collection|collections|collect|pick[- ]?ups?|pickup)\s+(?:and|&)\s+"
                               r"(returns?|delivery\s+back|deliver\s+back|drop[- ]?offs?)\b", re.I)
#: The lead activity of an offering: "calibration of torque wrenches", "servicing of boilers", "repairs to bikes"
_ACTIVITY = re.compile(r"^\s*([a-z][\w-]+)\s+(?:of|to|for|on)\s+\w", re.I)
#: Words before "of" that count, not do: "bit of on-site work", "range of cakes"
_NO_ACTIVITY = {"bit", "lot", "lots", "loads", "range", "selection", "choice", "variety", "all", "most", "some", "any",
                "kind", "kinds", "sort", "sorts", "type", "types", "one", "two", "pair", "set", "box", "boxes"}


def taken_and_returned(offering: str) -> list[st.Step]:
    """The customer's thing collected, worked on and returned, when the offering says it is fetched and brought back
    and leads with the activity done on it: [collection, the activity, return]; [] otherwise."""
    fetched = _FETCH_AND_RETURN.search(offering or "")
    activity = _ACTIVITY.match(offering or "")
    if fetched is None or activity is None or activity.group(1).casefold() in _NO_ACTIVITY:
        return []
    work = activity.group(1)
    if st.phase_of(work)[0] is not None:  # "delivery of ...", "booking for ...": a step the map has already
        return []
    return [st.Step(fetched.group(1), "receive", ""), st.Step(work, None, ""),
            st.Step(fetched.group(2), "receive", "")]


def _acts(step: st.Step) -> bool:
    """Whether someone acts in the step: a person named as who does it, or a verb the playbook knows as a step."""
    return bool(_ACTOR.search(step.text)) or (step.phase is not None and step.at <= 3)


def between_ends(ends: list[st.Step], process: list[st.Step]) -> list[st.Step]:
    """The journey's two ends with the told ``process`` between them; a step of the process that says what an end
    says already (the same words) is left out. ``ends`` as they are without a process, or when the journey names
    one kind of journey ("onboarding a new cafe": its usual steps are known) rather than where it starts and ends."""
    if not process or len(ends) != 2:
        return ends
    known = [relevance.stems(e.text) for e in ends]
    middle = [s for s in process if not any(_same(relevance.stems(s.text), k) for k in known)]
    if _BACK.search(ends[-1].text):  # "getting kit and certs back" is the return itself
        middle = [s for s in middle if not _BACK.search(s.text)]
    if len(middle) < MIN_CLAUSES:
        return ends
    return [*ends[:1], *middle, *ends[1:]]


#: A step that brings the thing back
_BACK = re.compile(r"\b(?:back|returns?|returned|returning)\b", re.I)


def _same(words: set[str], other: set[str]) -> bool:
    """Whether two steps say the same thing: most of the shorter one's words are in the other."""
    small = min(words, other, key=len)
    return bool(small) and len(words & other) * 3 >= len(small) * 2
