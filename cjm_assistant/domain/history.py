"""Going back and forward through a map's versions in plain words: "undo", "undo that", "actually put that back"
mean the same as /undo (Ctrl+Z) in the app and `cjm undo` on the command line, wherever a change can be typed."""

from __future__ import annotations

import re

_THAT = r"(?:\s+(?:that|it|this|the\s+last\s+(?:change|one|edit|thing)|my\s+last\s+(?:change|edit)))?"
_UNDO = re.compile(rf"(?:undo{_THAT}|(?:put|change|set)\s+(?:that|it|this)\s+back|take\s+(?:that|it)\s+back|"
                   rf"revert{_THAT}|go\s+back\s+(?:one|a\s+version|a\s+step)|cancel\s+(?:that|the\s+last\s+change)|"
                   rf"scrap\s+(?:that|the\s+last\s+change))")
_REDO = re.compile(rf"(?:redo{_THAT}|do\s+(?:that|it)\s+again)")
_AROUND = re.compile(r"^(?:(?:oh|ok|okay|no|hmm|sorry|actually|please|oops|wait)[,!.]?\s+)*(?P<said>.+?)"
                     r"(?:[,]?\s+(?:please|thanks|thank\s+you))?[.!]*$", re.I)


def step_in_words(text: str) -> str | None:
    """ "undo" or "redo" when the whole message only asks to go back or forward a version, else None ("undo the
    rename of Checkout and add a stage" is an instruction of its own, not a step back)."""
    m = _AROUND.match(" ".join(text.split()))
    if not m:
        return None
    said = m.group("said").casefold()
    if _REDO.fullmatch(said):
        return "redo"
    return "undo" if _UNDO.fullmatch(said) else None
