"""The customer's own thing a business works on (a car, a bike, a dog), and an industry's words made to fit it.

An industry's stock words are written for one thing: a garage's for "car servicing", "the driver", "the car". A bike
mechanic read as a garage keeps the garage's stages, but its words follow the thing the owner named: "bike
servicing", "the cyclist", "the bike"; a dog groomer's "the pet" is "the dog". :func:`fitted` gives the industry with
its words swapped (and its label, when the label names the thing); :func:`swap` does it for one text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Thing:
    key: str
    words: tuple[str, ...]  # singular names, the first the one written ("bike" for "bicycle")
    person: str  # who owns and brings it ("cyclist")
    trade: str = ""  # the label of a trade that works on it, when an industry's label names another thing


THINGS: tuple[Thing, ...] = (
    Thing("car", ("car", "vehicle"), "driver", "Garage and car repair"),
    Thing("motorbike", ("motorbike", "motorcycle", "scooter", "moped"), "rider", "Motorbike repair and servicing"),
    Thing("bike", ("bike", "bicycle", "e-bike", "ebike", "cycle"), "cyclist", "Bike repair and servicing"),
    Thing("van", ("van",), "van driver", "Van repair and servicing"),
    Thing("boat", ("boat", "yacht"), "boat owner", "Boat repair and servicing"),
    Thing("pet", ("pet",), "pet owner"),
    Thing("dog", ("dog", "puppy"), "dog owner", "Dog grooming and care"),
    Thing("cat", ("cat", "kitten"), "cat owner", "Cat grooming and care"),
    Thing("horse", ("horse", "pony"), "horse owner", "Horse care"),
)
#: The thing an industry's stock words are written for
INDUSTRY_THING = {"garage": "car", "car-dealer": "car"}
#: Words that hold a thing's word without being about the thing ("car park", "car boot", "cycle of")
_NOT_THE_THING = re.compile(r"\bcar\s+(?:park|parks|parking|boot|share|sharing)\b|\bcycle\s+(?:of|time)\b|"
                            r"\b(?:life|sales|billing)\s+cycle\b|\bdog[- ]eared\b", re.I)


def _by_key(key: str) -> Thing | None:
    return next((t for t in THINGS if t.key == key), None)


def _plural(word: str) -> str:
    return word if word.endswith("s") else f"{word}s"


def _pattern(words) -> re.Pattern:
    alts = sorted({w for word in words for w in (word, _plural(word))}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in alts) + r")(?![\w-])", re.I)


def own_thing(said: str) -> Thing | None:
    """The thing the owner's words for the business name first ("a bike mechanic": the bike), or None."""
    said = _NOT_THE_THING.sub(" ", said)
    found = []
    for thing in THINGS:
        m = _pattern(thing.words).search(said)
        if m:
            found.append((m.start(), thing))
    return min(found, key=lambda f: f[0])[1] if found else None


def _case(like: str, word: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def swap(text: str, old: Thing, new: Thing) -> str:
    """``text`` with ``old``'s words made ``new``'s: "car servicing" -> "bike servicing", "Everyday driver" ->
    "Everyday cyclist", "the pet" -> "the dog" (a car park stays one)."""
    if not text or old.key == new.key:
        return text
    kept: list[str] = []

    def hide(m: re.Match) -> str:
        kept.append(m.group(0))
        return f"\0{len(kept) - 1}\0"

    out = _NOT_THE_THING.sub(hide, text)

    def thing(m: re.Match) -> str:
        word = m.group(1)
        plural = word.casefold() not in old.words
        return _case(word, _plural(new.words[0]) if plural else new.words[0])

    out = _pattern(old.words).sub(thing, out)

    def person(m: re.Match) -> str:
        word = m.group(1)
        plural = word.casefold() != old.person
        return _case(word, _plural(new.person) if plural else new.person)

    out = _pattern((old.person,)).sub(person, out)
    return re.sub(r"\0(\d+)\0", lambda m: kept[int(m.group(1))], out)


def fitted(industry, key: str | None, said: str):
    """The industry (a :class:`cjm_assistant.knowledge.records.Industry`) with its stock words made to fit the thing
    the owner's own words name (``said``: the business and what it offers); the same industry when they name none
    or the one it is written for."""
    if industry is None:
        return None
    old = _by_key(INDUSTRY_THING.get(key or "", ""))
    new = own_thing(said)
    if old is None or new is None or new.key == old.key:
        return industry
    fields = ("offering", "customer", "persona", "persona_summary", "journey")
    update = {f: swap(getattr(industry, f), old, new) for f in fields}
    update["name"] = new.trade if old.trade and industry.name == old.trade and new.trade else \
        swap(industry.name, old, new)
    return industry.model_copy(update=update)
