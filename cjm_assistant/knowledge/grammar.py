"""Small English word helpers for writing a fix from a problem's own words.

Nouns to plural and back, verbs to their base or third-person form (lemmas from simplemma), "a" or "the"
in front of a noun phrase, a clause put in the present tense, and which kind of subject a phrase names
(the owner, their staff, a customer, a provider, a person of no known side, or a thing). The word lists
live in ``data/rephrase.toml`` (``[words]``).
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

import simplemma

DATA = Path(__file__).parent / "data" / "rephrase.toml"
_WORD = re.compile(r"[\w£$%'’-]+")
#: Past forms simplemma gets wrong ("cancelled" -> "cancell").
_LEMMA_FIXES = {"cancelled": "cancel", "canceled": "cancel", "cancelling": "cancel", "canceling": "cancel",
                "travelled": "travel", "travelling": "travel", "labelled": "label", "fitted": "fit",
                "left": "leave", "booking": "book", "signing": "sign", "sent": "send", "set": "set", "put": "put",
                "cut": "cut", "shut": "shut", "read": "read", "paid": "pay", "rang": "ring", "rung": "ring"}
_IRREGULAR_PLURALS = {"person": "people", "child": "children", "man": "men", "woman": "women", "staff": "staff",
                      "people": "people", "children": "children", "kit": "kit", "news": "news", "info": "info",
                      "information": "information", "equipment": "equipment", "feedback": "feedback",
                      "reception": "reception", "support": "support", "crew": "crew", "team": "team"}
_SINGULAR_KEEP = {"news", "progress", "business", "status", "class", "glass", "bus", "address", "access", "process",
                  "boss", "loss", "success", "analysis", "basis", "series", "species", "wifi", "gas", "canvas"}
_THIRD = {"be": "is", "have": "has", "do": "does", "go": "goes", "can": "can"}
#: Nouns ending like an agent ("-er") that are things.
_NOT_AGENTS = {"order", "paper", "number", "letter", "folder", "computer", "printer", "server", "poster", "sticker",
               "timer", "voucher", "counter", "trailer", "container", "cover", "border", "filter", "register",
               "water", "power", "shelter", "corner", "answer", "offer", "other", "matter", "weather", "winter",
               "summer", "centre", "center", "chapter", "filler", "reminder", "header", "footer", "banner",
               "after", "never", "ever", "over", "under", "later", "either", "neither", "whether", "together",
               "rather", "ledger", "calendar", "career", "cancer", "dinner", "burger", "flower", "member",
               "remainder", "newsletter", "tracker", "browser", "scanner", "charger", "cooler",
               "order", "headphone", "monitor", "elevator", "error", "door", "floor", "colour", "color", "factor",
               "sector", "mirror", "motor", "tractor", "calculator", "indicator", "indoor", "outdoor", "for",
               "event", "payment", "appointment", "statement", "agreement", "equipment", "department",
               "treatment", "document", "comment", "moment", "content", "amount", "account", "discount",
               "point", "paint", "talent", "percent", "parent", "client", "patient", "student", "resident",
               "list", "artist", "dentist"}
_AGENT = re.compile(r"(?:er|or|ist|ian|ant|ent|ee)s?$")
#: A device named for what it reads or scans, not a person who does ("the card readers drop out"; a "reader" alone
#: may be someone who reads).
_DEVICE = re.compile(r"\b(?:card|barcode|qr|ticket|badge|chip|fingerprint)\s+(?:readers?|scanners?)$")


@functools.cache
def words() -> dict[str, frozenset[str]]:
    """The ``[words]`` lists of rephrase.toml, as sets."""
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in raw["words"].items()}


def split(text: str) -> list[str]:
    return _WORD.findall(text)


def lemma(word: str) -> str:
    low = word.casefold().replace("’", "'")
    if low in _LEMMA_FIXES:
        return _LEMMA_FIXES[low]
    return simplemma.lemmatize(low, lang="en")


def base(phrase: str) -> str:
    """The phrase with its first word (a verb) in its base form: "showed him" -> "show him"."""
    parts = phrase.strip().split(" ", 1)
    if not parts[0]:
        return phrase.strip()
    head = lemma(parts[0])
    return " ".join([head] + parts[1:])


def third(phrase: str) -> str:
    """The phrase with its first word (a verb) in the third person: "show him" -> "shows him"."""
    parts = phrase.strip().split(" ", 1)
    verb = lemma(parts[0]) if parts[0] else ""
    if not verb:
        return phrase.strip()
    out = _THIRD.get(verb) or _with_s(verb, o_takes_es=True)  # "goes", "does"
    return " ".join([out] + parts[1:])


def _with_s(word: str, o_takes_es: bool = False) -> str:
    """The -s form of a word, spelled as English spells it: "fixes", "replies", "sellers"."""
    if re.search(r"(?:s|sh|ch|x|z|o)$" if o_takes_es else r"(?:s|sh|ch|x|z)$", word.casefold()):
        return word + "es"
    if re.search(r"[^aeiou]y$", word.casefold()):
        return word[:-1] + "ies"
    return word + "s"


def plural(noun: str) -> str:
    """A noun (or the last word of a phrase) in the plural: "seller" -> "sellers"."""
    head, _, last = noun.strip().rpartition(" ")
    low = last.casefold()
    if low in _IRREGULAR_PLURALS:
        out = _IRREGULAR_PLURALS[low]
    elif is_plural(last):
        out = last
    else:
        out = _with_s(last)  # "photos": a noun's o takes s
    return f"{head} {out}".strip()


def singular(noun: str) -> str:
    head, _, last = noun.strip().rpartition(" ")
    out = last if not is_plural(last) else simplemma.lemmatize(last.casefold(), lang="en")
    return f"{head} {out}".strip()


def is_plural(noun: str) -> bool:
    last = noun.strip().rpartition(" ")[2].casefold()
    if last in ("people", "children", "men", "women", "staff", "police", "folks"):
        return True
    return last.endswith("s") and not last.endswith(("ss", "us", "is")) and last not in _SINGULAR_KEEP \
        and len(last) > 3


def has_determiner(phrase: str) -> bool:
    first = phrase.strip().split(" ", 1)[0].casefold()
    return first in words()["determiners"] or first.endswith(("'s", "’s")) or first[:1].isdigit() \
        or first.startswith(("£", "$", "€"))


_AFTER_NOUN = re.compile(r"\s+(?:on|in|at|for|of|with|from|to|by|during|over|outside|inside|left|sent|put|kept|made|"
                         r"done|that|which|who|when|while|before|after)\b.*$", re.I)


def noun(phrase: str) -> str:
    """The noun phrase without what follows its noun: "bar queue on festival nights" -> "bar queue"."""
    return _AFTER_NOUN.sub("", phrase.strip()) or phrase.strip()


def the(phrase: str) -> str:
    """"the" before a singular countable noun phrase that has no determiner: "bar queue" -> "the bar queue"."""
    phrase = phrase.strip()
    if not phrase or has_determiner(phrase) or is_plural(noun(phrase)) or _proper(phrase):
        return phrase
    head = phrase.split(" ", 1)[0].casefold()
    last = noun(phrase).rpartition(" ")[2].casefold()
    if last in words()["mass"] or head in words()["mass"]:
        return phrase
    return f"the {phrase}"


def a(phrase: str) -> str:
    """"a"/"an" before a single countable noun phrase: "photo" -> "a photo"; "updates", "tracking" stay."""
    phrase = phrase.strip()
    last = noun(phrase).rpartition(" ")[2].casefold()
    if not phrase or has_determiner(phrase) or is_plural(noun(phrase)) or last in words()["mass"]:
        return phrase
    first = phrase.split(" ", 1)[0]
    if first.isupper() and len(first) > 1:  # an acronym is read letter by letter: "an SMS", "a PO number"
        an = first[0] in "AEFHILMNORSX"
    else:
        low = first.casefold()
        an = low[:1] in "aeio" or (low[:1] == "u" and not low.startswith(("us", "uni", "ut", "eu")))
    return f"{'an' if an else 'a'} {phrase}"


def _proper(phrase: str) -> bool:
    first = phrase.split(" ", 1)[0]
    parts = [p for p in first.casefold().split("-") if p]
    return first[:1].isupper() and not any(simplemma.is_known(p, lang="en") for p in parts)


_PAST_BE = {"was": "is", "were": "are", "wasn't": "isn't", "weren't": "aren't", "wasnt": "isnt",
            "werent": "arent", "had": "has", "didn't": "doesn't", "didnt": "doesnt"}


_BE_FORMS = frozenset("is are was were be been being get gets got am".split())

#: Verbs already in the present that end the search for the clause's verb.
_PRESENT_FINITE = frozenset("is are am isn't aren't isnt arent has have does doesn't don't can't won't".split())


#: The present of a past verb after a plural subject or "you", "they", "we", "I".
_PLURAL_PRESENT = {"had": "have", "didn't": "don't", "didnt": "dont"}


def present(clause: str) -> str:
    """The clause's first verb in the present: "the kit was delivered" -> "the kit is delivered", "it arrived"
    -> "it arrives", "the warehouse existed" -> "the warehouse exists"."""
    toks = clause.split(" ")
    for i, tok in enumerate(toks):
        low = tok.casefold()
        if low in _PAST_BE:
            subject = " ".join(toks[:i]).casefold()
            plural = subject in ("they", "you", "we", "i") or (bool(subject) and is_plural(subject))
            toks[i] = _PLURAL_PRESENT.get(low, _PAST_BE[low]) if plural and low not in ("was", "wasn't", "wasnt") \
                else _PAST_BE[low]  # "you had to apply" -> "you have to apply", not "you has"
            toks[i] = "am" if subject == "i" and low == "was" else toks[i]
            break
        if i > 0 and low in _PRESENT_FINITE:
            break  # "the quote is a fixed price": the clause's verb is already in the present
        if i > 0 and low.endswith("ed") and lemma(low) != low and len(low) > 4:
            before = toks[i - 1].casefold().replace("’", "'")
            if before in ("a", "an", "the", "this", "that", "their", "our", "my", "your", "his", "her", "its"):
                continue  # "a fixed price", "the booked slot": an adjective, not the verb
            if before in _BE_FORMS or before.endswith(("'s", "'re")):
                break  # a participle after "is" ("who's booked"), not a verb in the past: it stays as it is
            subject = " ".join(toks[:i])
            toks[i] = lemma(low) if is_plural(subject) or subject.casefold() in ("they", "you", "we", "i") \
                else third(lemma(low))
            break
    return " ".join(toks)


def agree(subject: str, verb: str) -> str:
    """``verb`` (base form) agreeing with ``subject``: ("kit", "come") -> "comes"."""
    subject = noun(subject)
    if is_plural(subject) or subject.casefold() in ("they", "you", "we", "i") or " and " in subject:
        return "are" if lemma(verb) == "be" else base(verb)
    return third(verb)


def head(phrase: str) -> str:
    """The last word of a noun phrase, lower case ("the parent portal" -> "portal")."""
    toks = split(phrase)
    return toks[-1].casefold() if toks else ""


def kind(phrase: str) -> str:
    """Who or what a subject names: owner, staff, customer, provider, person (no known side), thing or empty."""
    w = words()
    low = " ".join(split(phrase.casefold()))
    if not low:
        return "empty"
    if low in w["owner"]:
        return "owner"
    last = head(low)
    two = " ".join(split(low)[-2:])
    if _DEVICE.search(two):
        return "thing"
    for name in ("staff", "provider", "customer"):
        if last in w[name] or two in w[name]:
            return name
    if _AGENT.search(last) and lemma(last) not in _NOT_AGENTS and last not in _NOT_AGENTS and not _thing_in_ee(last):
        return "person"
    return "thing"


def _thing_in_ee(word: str) -> bool:
    """Whether a word ending in "-ee" is a thing: one who has something done to them is named from a verb of three
    letters or more ("employ-ee", "train-ee", "pay-ee"); "fee", "coffee", "guarantee" and "degree" are none."""
    single = lemma(word)
    if not single.endswith("ee"):
        return False
    base = single[:-2]
    return len(base) < 3 or not simplemma.is_known(base, lang="en")


# -- subjects and the owner's words (used by rephrase and its filters) -------------------------------

NEGATION = re.compile(r"^(?:never|not|no|don'?t|doesn'?t|didn'?t|can'?t|cant|cannot|won'?t|isn'?t|aren'?t|wasn'?t|"
                       r"weren'?t|just|always|often|still|really|only)$", re.I)


def subject(phrase: str) -> str:
    """The person or thing a subject group names, without what leads up to it ("owners message sitters" ->
    "sitters", "loads of happy customers" -> "happy customers")."""
    text = re.split(r"\b(?:and|but|so|because|while|when|then|who|that)\b|,", phrase, flags=re.I)[-1].strip()
    w = words()
    low = text.casefold()
    for q in sorted(w["quantifiers"], key=len, reverse=True):
        if low.startswith(q + " ") and len(text) > len(q) + 1:
            text, low = text[len(q) + 1:], low[len(q) + 1:]
            break
    toks = split(text)
    verbs = [i for i, t in enumerate(toks[:-1]) if t.casefold() in w["finite"] or _is_verb_s(t, toks, i)]
    if verbs:  # "owners message sitters": the subject is after the verb
        toks = toks[verbs[-1] + 1:]
    return " ".join(toks)


def _is_verb_s(tok: str, toks: list[str], i: int) -> bool:
    low = tok.casefold()
    return i > 0 and low in ("message", "messages", "ring", "rings", "email", "emails", "call", "calls", "ask",
                             "asks", "phone", "phones", "text", "texts", "contact", "contacts", "book", "books")


_OBJECT = [(re.compile(r"\bhim\b", re.I), "them"), (re.compile(r"\bher(?=\s*$|\s+(?:how|what|when|where|why|who|about|around|round|to|in|on|at|up|"
                       r"back|off|out|and|that|if|again|first|later|through|the|a|an)\b)", re.I), "them"),
           (re.compile(r"\b(?:his|her)\b", re.I), "their"), (re.compile(r"\b(?:she|he)(?='ll|'d|’ll|’d)", re.I), "they"),
           (re.compile(r"\b(?:himself|herself)\b", re.I), "themselves"),
           (re.compile(r"\b(?:really|actually|basically|literally|honestly|even|at all|whatsoever)\b\s*", re.I), ""),
           (re.compile(r"(?:^|\s+)(?:yet|anymore|any more)\s*$", re.I), "")]


def clean(text: str) -> str:
    """The owner's words with "him"/"her" as "them", "his"/"her" as "their", and fillers ("really") out."""
    for pattern, repl in _OBJECT:
        text = pattern.sub(repl, text)
    return re.sub(r"\s+", " ", text).strip(" ,;:-")


def lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and not first.isupper() and not first[:2].isupper() and any(simplemma.is_known(p, lang="en")
                                                            for p in first.casefold().split("-") if p):
        return text[:1].lower() + text[1:]
    return text


def subject_of(clause: str) -> str:
    toks = clause.split(" ")
    for i, tok in enumerate(toks[1:], 1):
        if tok.casefold() in words()["finite"] or NEGATION.match(tok):
            subject = " ".join(toks[:i])
            return subject if kind(subject) not in ("owner", "empty") else ""
    return ""
