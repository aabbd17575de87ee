"""What the owner's answers say a business has, has not, charges and wants (``data/facts.toml``).

``stated_facts(profile)`` reads every answer (the business, offering, customers, journey, channels
and what was said about them, problems, data, goal, and every persona's words) and says, for each
thing in facts.toml, whether the owner has it ("we DO have online booking", "text reminders") or
said it is not there ("no tracking yet"): a positive mention anywhere wins over a negative one
("you cant do it in the app" does not unsay "the IronWorks app"). It also keeps what the owner said
is free ("list ... for free") and whether they quoted a price.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from cjm_assistant.domain.profile import Profile

from . import denials
from . import text as tx
from .detect import detect_channel_keys

DATA = Path(__file__).parent / "data" / "facts.toml"
#: How many words before a thing a negation or an introduction may stand.
REACH = 3
_PRICE = re.compile(r"[£$€]\s?\d|\b\d+(?:\.\d+)?\s?(?:pounds|dollars|euros|gbp|usd|eur)\b|\bper (?:month|year|week)\b",
                    re.I)
#: Booking or ordering a named thing online, the words apart: "book a service online", "book their table online".
_BOOK_IT_ONLINE = re.compile(r"\bbook(?:s|ed|ing)?\s+(?:(?:a|an|the|their|your|his|her|my|our)\s+)?(?:[\w-]+\s+){1,2}"
                             r"online\b", re.I)
_NOT_BEFORE = re.compile(r"\b(?:no|not|never|can'?t|cannot|don'?t|doesn'?t|unable to|without)\b[^,;.]*$", re.I)
_FOR_FREE = re.compile(r"((?:[\w'-]+\s+){1,5})for\s+free\b(?=\s*(?:$|[,.;)]|and\b|but\b))", re.I)
_FREE_THING = re.compile(r"\bfree\s+([\w-]+)", re.I)


@dataclass(frozen=True)
class Thing:
    key: str
    said: tuple[tuple[str, ...], ...]
    item: tuple[tuple[str, ...], ...]


@dataclass
class Facts:
    has: set[str] = field(default_factory=set)  # things the owner has
    missing: set[str] = field(default_factory=set)  # things the owner said are not there (and never that they are)
    free: set[str] = field(default_factory=set)  # stems of what the owner said is free ("list")
    charges: bool = False  # the owner quoted a price
    free_service: bool = False  # what the business offers is free ("free food parcels", "no charge", "donations")


@functools.cache
def _data() -> tuple[tuple[Thing, ...], tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))

    def phrases(words: list[str]) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted({tx.phrase(w) for w in words if tx.phrase(w)}, key=len, reverse=True))

    things = tuple(Thing(k, phrases(v["said"]), phrases(v.get("item", v["said"]))) for k, v in raw["thing"].items())
    return things, phrases(raw["negations"]), phrases(raw["introductions"]), phrases(raw["wishes"])


def things() -> tuple[Thing, ...]:
    return _data()[0]


def _tokens(text: str) -> list[str]:
    """Stemmed words, a no-show one word ("no-shows" says nothing is missing)."""
    toks = tx.tokens(text)
    return [t for i, t in enumerate(toks) if not (t == "no" and i + 1 < len(toks) and toks[i + 1] == "show")]


def _mentions(toks: list[str], needles: tuple[tuple[str, ...], ...]) -> list[int]:
    """Start positions of every mention (a longer phrase hides the shorter ones inside it)."""
    taken: set[int] = set()
    out = []
    for needle in needles:
        start = 0
        while (at := tx.find(toks, needle, start)) >= 0:
            span = set(range(at, at + len(needle)))
            if not span & taken:
                taken |= span
                out.append(at)
            start = at + 1
    return sorted(out)


def _before(toks: list[str], at: int, words: tuple[tuple[str, ...], ...]) -> bool:
    window = toks[max(0, at - REACH - 1): at]
    return any(tx.contains(window, w) for w in words)


def negated(toks: list[str], at: int) -> bool:
    """Whether a negation stands just before the thing at ``at`` ("no tracking yet"), and denies the thing
    rather than a complaint about it ("no one complains about booking online" says booking online is there)."""
    window = toks[max(0, at - REACH - 1): at]
    ends = [tx.find(window, w) + len(w) for w in _data()[1] if tx.contains(window, w)]
    return bool(ends) and not denials.complaint_between(window[max(ends):])


#: Words that may stand between a wish and the thing wished for: "wants to book online", "wish I could book online",
#: "wishes there was online booking"; not "wants more people to book online" (there already)
_WISH_GAP = frozenset(tx.stem(w) for w in ("to", "i", "they", "we", "he", "she", "you", "could", "can", "there", "was",
                                            "were", "a", "an", "the", "be", "able", "for", "if", "some", "sort", "of",
                                            "just", "simply", "proper", "really"))


def wished(toks: list[str], at: int) -> bool:
    """Whether the thing at ``at`` is wished for ("wants to book online", "would love online booking"): something
    the business does not have yet."""
    window = toks[max(0, at - REACH - 2): at]
    for wish in _data()[3]:
        start = tx.find(window, wish)
        while start >= 0:
            if all(t in _WISH_GAP for t in window[start + len(wish):]):
                return True
            start = tx.find(window, wish, start + 1)
    return False


def introduced(toks: list[str], at: int) -> bool:
    return _before(toks, at, _data()[2])


def _texts(profile: Profile) -> list[str]:
    out = [profile.description, profile.offering, profile.customers, profile.journey, profile.goal,
           *profile.channels, *profile.channel_notes.values(), *profile.notes, *profile.problems, *profile.data]
    for p in profile.personas:
        out += [p.description, *p.goals, *p.frustrations, *p.channels, *p.notes, p.quote]
    return [t for t in out if t]


def stated_facts(profile: Profile) -> Facts:
    facts = Facts()
    negative: set[str] = set()
    for text in _texts(profile):
        toks = _tokens(text)
        for thing in things():
            for at in _mentions(toks, thing.said):
                (negative if negated(toks, at) or wished(toks, at) else facts.has).add(thing.key)
        if (m := _BOOK_IT_ONLINE.search(text)) and not _NOT_BEFORE.search(text[:m.start()][-25:]) and \
                not wished(_tokens(text[:m.end()]), len(_tokens(text[:m.start()]))):
            facts.has.add("online-booking")  # "book a service online", "order a cake online" (words apart)
        facts.charges |= bool(_PRICE.search(text))
        for m in _FOR_FREE.finditer(text):  # "people list their used furniture for free": listing is free
            facts.free |= set(tx.tokens(m.group(1))[-4:])
        for m in _FREE_THING.finditer(text):  # "a free trial day": the trial is free
            facts.free.add(tx.stem(m.group(1).casefold()))
    # a free thing listed after what is sold ("courses, private lessons, and a free placement test") is an extra
    offer = f"{profile.description} {_FREE_EXTRA.sub(' ', profile.offering)}"
    # "nobody pays for anything", "families never pay a penny": payment denied says free, it is no sale
    facts.free_service = bool(_FREE_SERVICE.search(offer) or _NO_PAYMENT.search(offer)) and not facts.charges \
        and not _SELLS.search(_NO_PAYMENT.sub(" ", offer))
    said = [*profile.channels, *(c for p in profile.personas for c in p.channels)]
    if any(key == "online-booking" for c in said for key, _ in detect_channel_keys(c)):
        facts.has.add("online-booking")  # a channel that is a booking system ("Eventbrite", "Calendly")
    if "app" in facts.has and "app" not in negative and "online-booking" not in negative and any(
            _BOOKS.search(t) for t in (profile.offering, profile.journey, profile.description)):
        facts.has.add("online-booking")  # an app business whose customers book: they book in the app
    facts.missing = negative - facts.has
    return facts


#: What the business offers said to be free: "free emergency food parcels", "a free clinic", "no charge", "funded by
#: donations"; not a free extra of something sold ("free delivery", "a free trial", "gluten-free")
_FREE_SERVICE = re.compile(r"(?<![-\w])free\s+(?!(?:trial|trials|delivery|deliveries|quote|quotes|consultation|"
                           r"consultations|sample|samples|taster|tasters|estimate|estimates|parking|wi-?fi|returns?|"
                           r"postage|shipping|collection|listing|listings|time|slot|slots|first|initial|intro|"
                           r"introductory|gift|gifts|upgrade|upgrades|p&p|installation|survey|demo|of)\b)|"
                           r"\bfree\s+of\s+charge\b|\bno\s+charge\b|\bat\s+no\s+cost\b|\bcosts?\s+nothing\b|"
                           r"\b(?:funded|run|paid\s+for)\s+(?:\w+\s+)?by\s+donations\b|\bdonation[- ](?:funded|based)\b|"
                           r"\bfree\s*$", re.I)
#: A free thing listed after others ("..., and a free placement test", "... plus a free first lesson"): an extra of
#: what the business offers, not what it offers
_FREE_EXTRA = re.compile(r"(?:[,;]\s*(?:and\s+|plus\s+)?|\s(?:and|plus)\s+)(?:a\s+|an\s+|our\s+|the\s+)?free\s+"
                         r"(?!of\s+charge\b)[^,;.()]*", re.I)
#: Payment denied: "nobody pays for anything", "families never pay a penny", "they don't pay", "without paying"; not
#: paying late or in another way ("clients never pay on time", "don't pay upfront")
_NO_PAYMENT = re.compile(r"\b(?:nobody|no[\s-]?one|noone|never|don'?t|doesn'?t|do\s+not|does\s+not|won'?t|will\s+not|"
                         r"not|without)\s+(?:ever\s+|(?:have|has|needs?)\s+to\s+)?(?:pay|pays|paying)"
                         r"(?:\s+(?:a\s+(?:single\s+)?penny|a\s+thing|anything|a\s+bean|a\s+cent|nothing|"
                         r"for\s+(?:anything|it|them|a\s+thing|any\s+of\s+it)))?(?=\s*(?:$|[,.;:!)]|-|and\b|but\b))",
                         re.I)
#: Selling said of the business: "a charity shop selling donated clothes" charges, whatever is free
_SELLS = re.compile(r"\b(?:sell|sells|selling|sold|shop|shops|store|fee|fees|subscription|membership|per\s+(?:hour|"
                    r"session|month|year)|pay|pays|paying|commission|(?:we|they|i)\s+(?:charge|take))\b|[£$€]|"
                    r"\d\s?%", re.I)


#: A journey or offering in which customers book ("books a first walk", "bookings by the hour")
_BOOKS = re.compile(r"\bbook(?:s|ed|ing|ings)?\b(?!\s*(?:shop|store|keeping|keeper|case|s?shelf))", re.I)


def says_there_is_none(text: str, thing: Thing) -> bool:
    """Whether an item's text says the thing is missing or proposes to start it ("Can't book online",
    "Launch an app")."""
    toks = _tokens(text)
    return any(negated(toks, at) or introduced(toks, at) for at in _mentions(toks, thing.item))


def says_there_is(text: str, thing: Thing) -> bool:
    """Whether an item's text speaks of the thing as there ("Order status page", "checks the tracking")."""
    toks = _tokens(text)
    return any(not negated(toks, at) and not introduced(toks, at) for at in _mentions(toks, thing.item))


def spoken_of_as_there(text: str) -> set[str]:
    """The things a statement speaks of as there, by any of their names ("people book online then complain about
    the fee": online booking; "half of trials never import their employees": a trial); a thing said to be
    missing ("people who book online never get a reminder": no reminder) is not."""
    toks = _tokens(text)
    return {t.key for t in things() if any(not negated(toks, at) for at in _mentions(toks, t.said + t.item))}


#: Words before a thing's name in a fix that make the fix something done in or around the thing, not the thing
#: itself ("Guided import during the trial").
_WITHIN = ("dur", "in", "after", "within", "through", "via", "from", "for", "on", "befor", "by")


def offered_by(name: str) -> set[str]:
    """The things a fix's name offers ("24/7 online booking": online booking; "Free trial, sample or taster": a
    trial), not those it only works within ("Guided import during the trial")."""
    toks = _tokens(name)
    out = set()
    for t in things():
        for at in _mentions(toks, t.said + t.item):
            before = toks[max(0, at - 2): at]
            if not negated(toks, at) and not any(w in _WITHIN for w in before):
                out.add(t.key)
    return out
