"""Going back and forward through a map's versions in plain words: "undo", "undo that", "actually put that back"
mean the same as /undo (Ctrl+Z) in the app and `cjm undo` on the command line, wherever a change can be typed;
"undo the last two changes" and "go back to version 1" walk back several versions at once."""

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


_HOW_MANY = {"a couple of": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10}
_COUNT = "|".join(map(re.escape, _HOW_MANY))
_UNDO_SOME = re.compile(rf"(?:undo|revert|take\s+back|go\s+back|roll\s+back)\s+(?:the\s+|my\s+)?(?:last\s+|previous\s+|"
                        rf"past\s+)?(?P<n>\d+|{_COUNT})\s+(?:changes|edits|steps|versions|things)")
_BACK_TO = re.compile(r"(?:(?:go|get|take\s+it|take\s+the\s+map)\s+back|revert|roll\s+back|return|restore|reset|undo"
                      r"(?:\s+back)?|back)(?:\s+(?:it|the\s+map))?\s+(?:to\s+)?(?:version|v)\s*(?P<v>\d+)")


def back_in_words(text: str) -> tuple[str, int] | None:
    """("steps", N) when the whole message asks to undo N changes ("undo the last two changes"), ("version", N)
    when it asks for the map as it was at version N ("go back to version 1"); else None."""
    m = _AROUND.match(" ".join(text.split()))
    if not m:
        return None
    said = m.group("said").casefold()
    if some := _UNDO_SOME.fullmatch(said):
        n = some.group("n")
        return "steps", int(n) if n.isdigit() else _HOW_MANY[n]
    if back := _BACK_TO.fullmatch(said):
        return "version", int(back.group("v"))
    return None
