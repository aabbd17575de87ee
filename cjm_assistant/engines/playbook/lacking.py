"""What the owner's words say is lacking, for problems that are the lack of something.

A catalogue problem such as "Can't book online" or "No reminder before the appointment" is the absence of a
thing; its keywords ("book online", "reminder") name the thing itself. So it is read into the owner's words only
when they say something is lacking, and only of what follows that word: "people book online then complain about
the fee" lacks nothing, "people who book online never get a reminder" lacks the reminder, not the booking.
"""

from __future__ import annotations

import re

from cjm_assistant.knowledge import denials
from cjm_assistant.knowledge import text as tx
from cjm_assistant.knowledge.catalogue import PainInfo

# A catalogue problem that is the lack of something ("Can't book online", "No reminder before the appointment")
ABSENCE = re.compile(r"^(?:can't|cannot|no|nobody|never)\b", re.I)
# Words by which the owner says something is lacking, or does not happen
LACKING = re.compile(r"\b(?:no|not|never|without|only|nobody|none|nothing|unable|lacks?|lacking|missing|forget|forgets|"
                     r"forgot|forgotten|have to|has to|had to|hard to|chas\w+|cannot|can not|neither|nor)\b|n't\b", re.I)


class Lacks:
    """What one statement says is lacking, against the catalogue's problems."""

    def __init__(self, statement: str, pains: dict[str, PainInfo]) -> None:
        # the first word that says something is lacking, not that nobody complains ("no one complains about ...")
        self.cue = next((m for m in LACKING.finditer(statement)
                         if not denials.complaint_between(tx.tokens(statement[m.end():])[:3])), None)
        after = tx.tokens(statement[self.cue.end():]) if self.cue else []
        # what the lack is said of: the catalogue problems named after the word that says it
        self.said_of = {p.key for p in pains.values() if after and tx.keyword_score(after, p.keywords) > 0}

    def may_be(self, pain: PainInfo) -> bool:
        """Whether ``pain`` may be read into the statement: any problem that is no lack, and a lack only when the
        statement says one, of that thing."""
        if not ABSENCE.match(pain.name):
            return True
        return self.cue is not None and (not self.said_of or pain.key in self.said_of)
