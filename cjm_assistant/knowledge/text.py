"""Small, predictable text matching for the playbook.

Everything the playbook recognises in free text (industries, channels, pain
points, vague answers) goes through these helpers, so that "Prices aren't
shown", "hidden pricing" and "price" meet the same stems.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)*")
_NOT = re.compile(r"^(\w+?)n['’]t$")
_IRREGULAR_NOT = {"can't": ("can", "not"), "won't": ("will", "not"), "cannot": ("can", "not"), "shan't": ("shall", "not")}


@functools.lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude, stable stem: enough to make plurals and -ing/-ed forms meet."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix, keep in (("ing", 3), ("ed", 3), ("es", 3), ("s", 3)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep and not word.endswith("ss"):
            if suffix == "es" and word[-3] not in "sxzh":
                continue
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


@functools.lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Lower case without accents ("Café" -> "cafe"); cached: the same answers and catalogue phrases are folded
    again and again while a map is drafted."""
    if text.isascii():  # nothing to decompose, no accent to drop
        return text.lower().replace("&", " and ")
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("&", " and ")


def words(text: str) -> list[str]:
    """Folded words, with "don't" split into ("do", "not")."""
    return list(_words(text))


@functools.lru_cache(maxsize=16384)
def _words(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for word in _WORD.findall(fold(text)):
        word = word.replace("’", "'")
        if word in _IRREGULAR_NOT:
            out.extend(_IRREGULAR_NOT[word])
        elif m := _NOT.match(word):
            out.extend((m.group(1), "not"))
        else:
            out.append(word)
    return tuple(out)


def tokens(text: str) -> list[str]:
    """Stemmed words of ``text``."""
    return [stem(w) for w in words(text)]


@functools.lru_cache(maxsize=16384)
def phrase(text: str) -> tuple[str, ...]:
    """A keyword or synonym as a tuple of stems (cached: catalogue phrases repeat)."""
    return tuple(tokens(text))


def find(hay: list[str], needle: tuple[str, ...], start: int = 0) -> int:
    """Index of the first contiguous occurrence of ``needle`` in ``hay``, or -1."""
    n = len(needle)
    if not n:
        return -1
    first, stop, i = needle[0], len(hay) - n + 1, start
    while i < stop:
        try:
            i = hay.index(first, i, stop)  # the first word, looked for in C
        except ValueError:
            return -1
        if n == 1 or tuple(hay[i : i + n]) == needle:
            return i
        i += 1
    return -1


def contains(hay: list[str], needle: tuple[str, ...]) -> bool:
    return find(hay, needle) >= 0


@functools.lru_cache(maxsize=4096)
def _needles(keywords: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    out: list[tuple[str, ...]] = []
    for keyword in keywords:
        needle = phrase(keyword)
        if needle and needle not in out:
            out.append(needle)
    return tuple(out)


def keyword_score(hay: list[str], keywords: list[str] | tuple[str, ...], present: set[str] | None = None) -> float:
    """How strongly ``hay`` (stems) matches a list of keyword phrases.

    A phrase found as written scores its length in words; a phrase of two or
    more words whose words all occur, in any order, scores half that. Phrases
    that stem alike ("price", "prices", "pricing") count once.
    """
    if not hay:
        return 0.0
    if present is None:
        present = set(hay)
    score = 0.0
    for needle in _needles(tuple(keywords)):
        if needle[0] not in present:
            continue
        if len(needle) == 1:
            score += 1
        elif contains(hay, needle):
            score += len(needle)
        elif all(w in present for w in needle):
            score += len(needle) / 2
    return score


def close_word(word: str, choices: list[str], cutoff: float = 0.85) -> str | None:
    """A light fuzzy match for typos ("instagramm", "whatsap") on longer words."""
    if len(word) < 5:
        return None
    match = difflib.get_close_matches(word, [c for c in choices if len(c) >= 5], n=1, cutoff=cutoff)
    return match[0] if match else None


def shorten(text: str, max_words: int, max_chars: int = 0) -> str:
    """At most ``max_words`` words (and ``max_chars`` characters), with an ellipsis if cut."""
    parts = text.split()
    out = " ".join(parts[:max_words])
    if max_chars and len(out) > max_chars:
        out = out[: max_chars - 1].rstrip()
    return out + ("…" if out != " ".join(parts) else "")


def capitalise(text: str) -> str:
    """First letter upper case, the rest as the user wrote it."""
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text
