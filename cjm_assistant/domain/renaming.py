"""A renamed stage's goal in its new words: a goal that repeats the old name ("Find a trusted van nearby" for
"Find a van") follows the rename ("Find a groomer": "Find a trusted groomer nearby"), so the map does not keep
words the owner has just replaced. A goal that does not repeat the old name is left as it is."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

#: Words too common to say which stage a goal is about ("the" in "Change the order" is no word of the name's own).
_COMMON = frozenset("a an the to of and or by for in on at with my your our their his her its it me us them "
                    "i we you they is are be get".split())
_WORD = re.compile(r"[\w'’-]+")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _phrase(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'’-])" + r"\W+".join(re.escape(w) for w in words) + r"(?![\w'’-])", re.I)


def _swap(goal: str, old: list[str], new: list[str]) -> str:
    """``goal`` with the words ``old`` (once, as a phrase) replaced by ``new``; as it was if they are not in it or
    ``new`` already is."""
    found = _phrase(old).search(goal)
    if found is None or (new and _phrase(new).search(goal)):
        return goal
    said = " ".join(new)
    if found.start() == 0 and goal[:1].isupper():
        said = said[:1].upper() + said[1:]
    return goal[:found.start()] + said + goal[found.end():]


def goal_after_rename(goal: str, old: str, new: str) -> str:
    """The goal of a stage renamed from ``old`` to ``new``: the old name, or each of its own words the new name
    replaces, swapped for the new words. New words are taken as typed."""
    if not goal or not old or not new:
        return goal
    old_words, new_typed = _words(old), _WORD.findall(new)
    whole = _swap(goal, old_words, new_typed)
    if whole != goal:
        return whole
    new_words = [w.casefold() for w in new_typed]
    out = goal
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes():
        if tag == "replace" and set(old_words[i1:i2]) - _COMMON and set(new_words[j1:j2]) - _COMMON:
            out = _swap(out, old_words[i1:i2], new_typed[j1:j2])
    return out


_FROM_TO = re.compile(r"^(?:.*:\s*)?from\s+.+\s+to\s+.+$", re.I | re.S)


def scope_after_retitle(old_title: str, scope: str, new_title: str) -> str:
    """The journey a map is about once the owner renames the map: when its old title named that journey (it held
    the scope, or named it by its first and last stage), the new title's words after any "Business: " the old title
    began with, in the case of a sentence's middle; any other scope stays (the owner's title says something else)."""
    old, new = old_title.strip(), new_title.strip()
    if not new or old == new or not (scope and scope.casefold() in old.casefold() or _FROM_TO.match(old)):
        return scope
    head = old.split(":", 1)[0] + ":" if ":" in old else ""
    out = new[len(head):].strip() if head and new.casefold().startswith(head.casefold()) else new
    first = out.split(" ", 1)[0]
    if first[1:2].islower() and first != "I":
        out = out[:1].lower() + out[1:]
    return out or scope


def _stem(word: str) -> str:
    """A word without the endings that make one word of another ("payment", "paying": "pay"; "orders": "order")."""
    for end in ("ments", "ment", "ings", "ing", "ies", "es", "ed", "s"):
        if word.endswith(end) and len(word) - len(end) >= 3:
            return word[: -len(end)] + ("y" if end == "ies" else "")
    return word


def goal_still_speaks_of(goal: str, old: str, new: str) -> list[str]:
    """The words of a renamed stage's goal that are the old name's own and not the new one's ("Confirm the order and
    pay easily" after "Order and payment" became "Checkout": order, pay), as they are in the goal; [] when none."""
    old_stems = {_stem(w) for w in _words(old) if w not in _COMMON}
    new_stems = {_stem(w) for w in _words(new)}
    return list(dict.fromkeys(w for w in _WORD.findall(goal or "") if w.casefold() not in _COMMON
                              and _stem(w.casefold()) in old_stems - new_stems))
