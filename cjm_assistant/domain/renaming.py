"""A renamed stage's goal in its new words: a goal that repeats the old name ("Find a trusted van nearby" for
"Find a van") follows the rename ("Find a groomer": "Find a trusted groomer nearby"), so the map does not keep
words the owner has just replaced. A goal that does not repeat the old name is left as it is.

How a step's name reads as English (a goal built from a name, a name that is a thing after "the") is the
knowledge layer's (``cjm_assistant.knowledge.step_goals``): whoever proposes a rename passes it in, or puts the
goal it makes on the :class:`~cjm_assistant.domain.ops.RenameStage` op; without it the plain rules below hold."""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher

#: A goal sentence built from a step's name for a side ("" the customer's, "provider" the business's), "" when none.
OwnGoal = Callable[[str, str], str]
#: Whether a step's name reads as a thing after "the" ("the delivery", not "the Collect the bike").
NamesAThing = Callable[[str], bool]

#: Words too common to say which stage a goal is about ("the" in "Change the order" is no word of the name's own).
_COMMON = frozenset("a an the to of and or by for in on at with my your our their his her its it me us them "
                    "i we you they is are be get".split())
_WORD = re.compile(r"[\w'’-]+")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _phrase(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'’-])" + r"\W+".join(re.escape(w) for w in words) + r"(?![\w'’-])", re.I)


#: Words that make what follows a noun: a name pasted after one must read as a thing ("from the Collect the bike")
_DETERMINER = re.compile(r"(?:^|\W)(the|a|an|my|our|your|their|his|her|its|this|that)\s+$", re.I)


_ARTICLES = {"the", "a", "an", "my", "our", "your", "their", "his", "her", "its", "this", "that"}


def plainly_a_thing(name: str) -> bool:
    """The plain rule for a name after "the", without the knowledge of English: one word ("the booking") or a name
    with a determiner of its own ("The big day") reads as a thing; anything longer may be something done."""
    words = name.split()
    return len(words) == 1 or bool(words) and words[0].casefold() in _ARTICLES


def _swap(goal: str, old: list[str], new: list[str], names_a_thing: NamesAThing) -> str:
    """``goal`` with the words ``old`` (once, as a phrase) replaced by ``new``; as it was if they are not in it or
    ``new`` already is. Words after "the" (a thing: "from the ride home fixed") are swapped only for words that name
    a thing too, and new words with "the" of their own take its place ("the The visit" is no English).
    """
    found = _phrase(old).search(goal)
    if found is None or (new and _phrase(new).search(goal)):
        return goal
    said, start = " ".join(new), found.start()
    before = _DETERMINER.search(goal[:start])
    if before is not None:
        if not names_a_thing(said):
            return goal  # "Know what to expect from the Collect the bike": not said, the goal stays as it was
        if new and new[0].casefold() in _ARTICLES:
            start = before.start(1)
            said = said[:1].lower() + said[1:] if start else said
    if start == 0 and goal[:1].isupper():
        said = said[:1].upper() + said[1:]
    return goal[:start] + said + goal[found.end():]



def _built_from(goal: str, name: str, own_goal: OwnGoal) -> str | None:
    """The side ("" or "provider") ``own_goal`` built ``goal`` for, from the stage's name ``name``; None when the
    goal is none of its sentences (it came from the playbook or the owner), or one an earlier version built ("Know
    what to expect from the ride home fixed, and feel it was worth it")."""
    for side in ("", "provider"):
        if goal == own_goal(name, side):
            return side
    said = re.escape(" ".join(name.split()))
    earlier = re.fullmatch(rf"Know what to expect from (?:the )?{said}, and feel it was worth it", goal, re.I)
    return "" if earlier else None


def goal_after_rename(goal: str, old: str, new: str, own_goal: OwnGoal | None = None,
                      names_a_thing: NamesAThing = plainly_a_thing) -> str:
    """The goal of a stage renamed from ``old`` to ``new``: one built from the old name (``own_goal``, when given)
    built again from the new one; else the old name, or each of its own words the new name replaces, swapped for the
    new words where they read as English (``names_a_thing``). New words are taken as typed."""
    if not goal or not old or not new:
        return goal
    side = _built_from(goal, old, own_goal) if own_goal is not None else None
    if side is not None:
        return own_goal(new, side) or goal
    old_words, new_typed = _words(old), _WORD.findall(new)
    whole = _swap(goal, old_words, new_typed, names_a_thing)
    if whole != goal:
        return whole
    new_words = [w.casefold() for w in new_typed]
    out = goal
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes():
        if tag == "replace" and set(old_words[i1:i2]) - _COMMON and set(new_words[j1:j2]) - _COMMON:
            out = _swap(out, old_words[i1:i2], new_typed[j1:j2], names_a_thing)
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
