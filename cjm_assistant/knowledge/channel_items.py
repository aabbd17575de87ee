"""A channels answer, read item by item: the real channels, and the rest kept whole.

``"phone (Sarah at reception handles most of it), trade counter, web shop, PDF invoices by email,
at lunch"`` gives the channels Phone (note: "Sarah at reception handles most of it"), Trade counter,
Web shop and Email, and keeps "PDF invoices by email" and "at lunch" as things said. A channel is
named in the owner's words when they name it better than the catalogue ("Trade counter", "Text
reminders", "IronWorks app"), in the catalogue's when the words are a short form or a typo ("insta"
is Instagram); what is said around it (a tool in brackets, a place, who answers) stays as its note.

Never channels: times ("at lunch", "8.30-5", "in the evenings"), devices and platforms ("iPhone",
"on her phone", "iOS"), people ("our rep Mick", "her daughter"), files ("PDF invoices"), and a
word inside another word ("posting" is not Post).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from cjm_assistant.domain.model import MAX_NAME, MAX_TEXT, clean_name

from . import papers
from . import text as tx
from .catalogue import load
from .detect import detect_channel_keys, split_list

#: A channel named in more words than this is shown by its catalogue name, the words kept as its note.
MAX_OWN_WORDS = 2

_TIME = re.compile(
    r"\b\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)?\s*(?:-|–|to)\s*\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)?\b|"
    r"\b\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)\b|\b\d{1,2}[.:]\d{2}\b|"
    r"\b(?:in|at|on|during|after|before|around|mostly|usually|every|each)?\s*(?:the\s+)?"
    r"(?:morning|mornings|evening|evenings|night|nights|lunch|lunchtime|lunchtimes|weekend|weekends|weekday|"
    r"weekdays|daytime|bedtime|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|"
    r"wednesdays|thursdays|fridays|saturdays|sundays|work|day before|day after|on the day|the day)\b",
    re.I,
)
_DEVICE = re.compile(
    r"\b(?:on|from|using|via|with)?\s*(?:my|his|her|their|your|the|a)?\s*(?:iphone|ipad|android|ios|laptop|"
    r"desktop|pc|mac|macbook|tablet|kindle|smartphone|computer|mobile phone)s?\b|"
    r"\bon\s+(?:my|his|her|their|your)\s+phone\b",
    re.I,
)
_PEOPLE = re.compile(
    r"\b(?:son|daughter|wife|husband|mum|mom|dad|mother|father|friend|friends|neighbour|neighbor|family|kids|"
    r"rep|reps|colleague|colleagues|assistant|receptionist|manager|boss|team|staff|seller|sellers|buyer|"
    r"buyers|driver|drivers|crew|crews)\b",
    re.I,
)
_FILE = re.compile(r"\b(?:pdf|pdfs|csv|xlsx?|spreadsheet|spreadsheets|invoice|invoices|receipt|receipts|"
                   r"statement|statements|document|documents|attachment|attachments|photos?|pictures?|forms?)\b",
                   re.I)
_LEAD = re.compile(r"^(?:the|our|my|a|an|their|his|her|your|its|we\s+use|we\s+have|we\s+do\s+have|mostly|"
                   r"mainly|also|plus|just|only|usually|normally|generally|sometimes|occasionally|often)\s+", re.I)
_PLACE_TAIL = re.compile(r"\s+(?:at|in|on|for|with|from|by|via|to|through|of|itself|only|too|mostly|mainly)\b.*$",
                         re.I)
_BRACKET = re.compile(r"\s*\(([^()]*)\)")
#: How a customer comes, not where: "in person", "face to face", "walk-ins". Said beside the business's own place
#: ("face to face at the counter", "the shop, walk-ins") it is that place, not a channel of its own.
_MANNER = re.compile(r"\b(?:in[- ]person|face[- ]to[- ]face|walk[- ]?ins?)\b", re.I)


#: Someone else's list of businesses, where people look the business up: "the Guild 'find a sweep' page", "a directory"
_DIRECTORY = re.compile(r"\bfind[- ]an?\s+[\w-]+['’\"”]?\s+(?:page|search|tool|list|map)\b|\bdirector(?:y|ies)\b|"
                        r"\bmembers['’]?\s+(?:page|list|map)\b", re.I)


@dataclass
class SaidChannel:
    name: str  # as shown on the map
    key: str | None  # the catalogue's channel, if known
    note: str = ""  # what else was said about it, in the user's words


def _strip(head: str) -> str:
    previous = None
    while previous != head:
        previous = head
        head = _LEAD.sub("", head.strip(" ,.;:-"))
    return head


_PREPOSITIONS = {"at", "in", "on", "to", "for", "with", "from", "by", "via", "through", "of", "into", "onto"}
_FILLER = re.compile(r"\s+(?:itself|only|too|mostly|mainly|etc|really)$", re.I)


def _segments(words: str) -> list[str]:
    """The runs of words between prepositions: "pops in to reception" -> ["pops", "reception"]."""
    out, run = [], []
    for word in words.split():
        if word.casefold() in _PREPOSITIONS:
            if run:
                out.append(" ".join(run))
            run = []
        else:
            run.append(word)
    return out + ([" ".join(run)] if run else [])


def _name_part(head: str) -> str:
    """The words that name the channel: without times, devices and determiners, and, in a longer phrase,
    the run between prepositions that names a channel ("pops in to reception" -> "reception"); "" when
    no short run does."""
    words = _FILLER.sub("", _strip(" ".join(_DEVICE.sub(" ", _TIME.sub(" ", head)).split())).strip(" ,.;:-"))
    if len(words.split()) <= MAX_OWN_WORDS:
        return words
    named = [_strip(p) for p in _segments(words) if _channels_in(p)]
    return named[0].strip(" ,.;:-") if named else ""


def _own_name(head: str, display: str) -> str:
    """The user's words for a channel when they are a short name of their own, else the catalogue's name."""
    if _PEOPLE.search(head) or _FILE.search(head):
        return display  # "phone calls from Tom in our ops team", "PDF invoices by email"
    words = _name_part(head)
    parts = words.split()
    if len(parts) > MAX_OWN_WORDS and _channels_in(parts[-1]) and not _channels_in(" ".join(parts[:-1])):
        parts = parts[-MAX_OWN_WORDS:]  # "the Kendal community noticeboard": "Community noticeboard", not "Print"
        words = " ".join(parts)
    if len(parts) > MAX_OWN_WORDS and re.search(r"\b[A-Z]", words) and _known_name(words):
        return tx.capitalise(words)  # "a Slack Connect channel": a name of the channel the catalogue knows, in full
    if not parts or len(parts) > MAX_OWN_WORDS or words.casefold() == display.casefold():
        return display
    if len(parts) == 1 and (len(words) < 4 or words.casefold() in display.casefold()):
        return display  # "insta", "ig", "site": a short form of the catalogue's name
    return tx.capitalise(words)


#: Channels that meet the customer at a distance: people met on them ("Zoom demos") are no in-person channel
REMOTE = ("video-call", "phone")


def met_on(key: str | None, said: str) -> str | None:
    """The kind of channel on which the people of a person channel (a sales team) are met, when the words said of it
    name a call ("Zoom demos", "sales demo calls": a video call, the phone); None when they are met in person."""
    info = load().channels.get(key) if key else None
    if info is None or not info.person:
        return None
    remote = [k for k, _ in detect_channel_keys(said) if k in REMOTE]
    return load().channels[remote[0]].kind if remote else None


def _known_name(words: str) -> bool:
    """Whether ``words`` are, word for word, one of the catalogue's names for a channel."""
    said = tx.phrase(words)
    return any(said == tx.phrase(name) for info in load().channels.values() for name in info.synonyms)


def _not_a_channel(item: str) -> bool:
    """Times, devices, people and files, with nothing else of substance left."""
    rest = item
    for pattern in (_TIME, _DEVICE, _PEOPLE, _FILE):
        rest = pattern.sub(" ", rest)
    content = [w for w in tx.words(rest) if w not in set(load().vocab.name_stopwords) and not w.isdigit()]
    return len(content) == 0 or (rest != item and len(content) <= 1 and not _channels_in(rest))


#: "X like Y", "X such as Y", "X e.g. Y": Y is an example of X
_EXAMPLE = re.compile(r"^(?P<lead>.+?)\s+(?:like|such\s+as|e\.?g\.?|for\s+example|including)\s+(?P<example>.+)$", re.I)
#: A lead that says the channel is a site on the web: its example is never a letter in the post
_ONLINE_KIND = re.compile(r"\b(?:sites?|websites?|web\s*sites?|platforms?|marketplaces?|portals?|apps?|online)\b", re.I)
#: Channels on paper, which a site's example cannot be
_PAPER = frozenset({"post", "print"})


def _named_for_example(head: str) -> tuple[str, str] | None:
    """(what the channel is, the example) when an example named after a site-kind channel ("gift voucher sites like
    Red Letter Days") holds a paper channel's word in its name that the lead does not say: the lead is the channel."""
    m = _EXAMPLE.match(head)
    if not m or not _ONLINE_KIND.search(m["lead"]):
        return None
    said = {key for key, _ in _channels_in(_DEVICE.sub(" ", head))}
    if not said & _PAPER or {key for key, _ in _channels_in(m["lead"])} & _PAPER:
        return None
    return m["lead"].strip(), m["example"].strip()


def _channels_in(text: str) -> list[tuple[str, str]]:
    """Known channels in ``text``, ignoring a word that only looks like one inside another ("cross posting")."""
    found = detect_channel_keys(text)
    words = tx.words(text)
    out = []
    for key, display in found:
        info = load().channels.get(key)
        if info and tx.phrase(info.name) and len(tx.phrase(info.name)) == 1 and not any(
                tx.contains(tx.tokens(text), tx.phrase(s)) for s in info.synonyms):
            # matched only by the channel's own name, which counts only as that word itself: "post" in
            # "posting" or "posts" is no Post, nor in "cross-posts" (the tail of a compound is not the word alone)
            words = tx.words(re.sub(r"\w+-[\w-]+", " ", text))
            if info.name.casefold() not in words:
                continue
        out.append((key, display))
    return out


def read_channels(text: str) -> tuple[list[SaidChannel], list[str]]:
    """The channels an answer names, in order and merged (one per catalogue channel), and what else it says."""
    kb = load()
    none = {w.casefold() for w in kb.vocab.none_words}
    stop = set(kb.vocab.name_stopwords)
    rule = kb.vocab.thin.get("channels")
    vague = [w for v in (rule.vague if rule else []) for w in v.words]
    channels: list[SaidChannel] = []
    other: list[str] = []
    items: list[str] = []
    for item in _said_items(text):  # "the bike shop, who send people to us": what follows says who it is
        if items and re.match(r"(?:who|which|that)\s", item, re.I):
            items[-1] = f"{items[-1]} ({item})"
        else:
            items += [p for p in re.split(r"\s+but\s+(?=(?:not|no)\b)", item, flags=re.I) if p]  # "phone but not WhatsApp"
    for item in items:
        if item.casefold() in none:
            continue
        if _NEGATED.match(item) or _DENIED_AFTER.search(item):  # "no website", "Facebook - not really", "website
            other.append(item)  # coming soon": what they do not have (yet) is no channel
            continue
        if (_PREDICATE.match(item) or _PEOPLE.search(item)) and not _channels_in(item):
            # "...and has no prices": said of the channel before; "her son Dave": who helps, no channel
            other.append(item)
            continue
        notes = [m.group(1).strip() for m in _BRACKET.finditer(item)]
        head = _WHO_WILL.sub("", _BRACKET.sub("", item).strip())  # "he'll text in a pinch": texting, not "He'll text"
        if (example := _named_for_example(head)) is not None:  # "gift voucher sites like Red Letter Days": sites,
            head, notes = example[0], [example[1], *notes]  # not Post for the "Letter" in the example's name
        if (paper := papers.publication(head, _strip, _channels_in)) is not None:  # "an ad in the Cambs Times": the paper, not "Ad"; "people who
            _add(channels, SaidChannel(paper[0][:MAX_NAME], paper[1], "; ".join([head, *notes])[:MAX_TEXT]))
            continue  # saw us in the Times" is the same paper again
        found = _channels_in(_DEVICE.sub(" ", head))
        if not found and _DIRECTORY.search(head) and len(head.split()) <= 7:
            # "the Guild 'find a sweep' page", "the council's business directory": where people look the business
            # up on someone else's site, named as the owner said it
            _add(channels, SaidChannel(tx.capitalise(_strip(head).strip("'\"‘’“”"))[:MAX_NAME], "review-sites",
                                       "; ".join(notes)))
            continue
        if not found:
            own = _named_by_purpose(head)
            if own:
                _add(channels, SaidChannel(tx.capitalise(own)[:MAX_NAME], None, "; ".join([item, *notes][:1])))
                continue
            place = _named_place(head)
            if place:  # "the ticket hut on the quay": a place of the business's own, named as the owner said it
                _add(channels, SaidChannel(tx.capitalise(place)[:MAX_NAME], None, "; ".join([head, *notes])[:MAX_TEXT]))
                continue
            if _not_a_channel(head) or (not _channels_in(" ".join(notes)) and _looks_like_a_sentence(head)):
                other.append(item)
                continue
            content = [w for w in tx.words(head) if w not in stop]
            toks = tx.tokens(head)
            if not content or len(content) > 3 or any(tx.contains(toks, tx.phrase(v)) for v in vague):
                if content and not any(tx.contains(toks, tx.phrase(v)) for v in vague):
                    other.append(item)
                continue
            name = tx.capitalise(clean_name(_name_part(head) or _strip(head)))
            if name.casefold() != _strip(head).casefold():
                notes.insert(0, head)
            _add(channels, SaidChannel(name[:MAX_NAME] or tx.capitalise(head)[:MAX_NAME], None, "; ".join(notes)))
            continue
        named_by = head
        refers = _REFERS.search(item)
        if refers and not _OURS.match(head) and any(load().channels[k].kind in PLACES for k, _ in found):
            # "the piano shop in Norwich (they recommend me)": someone else's place, which sends customers
            found = [("referrer", display) if load().channels[key].kind in PLACES else (key, display)
                     for key, display in found if key != "word-of-mouth"]
            named_by = head[:refers.start()].strip(" ,") or head if refers.start() < len(head) else head
        if len(found) > 1 and _MANNER.search(head):  # "face to face at the counter": the counter
            found = [(k, d) for k, d in found if (k, d) != ("premises", "In person")] or found
        for key, display in found:
            name = _own_name(named_by, display) if len(found) == 1 else display
            said = [n for n in notes if n]
            own = _strip(head).casefold()
            if own not in (name.casefold(), "") and own not in name.casefold():
                said.insert(0, head)  # the user's own words, when the name is shorter or the catalogue's
            _add(channels, SaidChannel(name[:MAX_NAME], key, "; ".join(said)[:MAX_TEXT]))
    _manner_into_place(channels)
    denied = channels_said_missing([text])  # "Pas de site web, we have no website": named, and said to be missing
    for c in [c for c in channels if c.key in denied]:
        channels.remove(c)
        other.append(c.note or c.name)
    return channels, other


def _manner(channel: SaidChannel) -> bool:
    """An in-person channel named by how customers come ("Walk-ins", "In person": face to face), not by a place."""
    return channel.key == "premises" and bool(_MANNER.search(channel.name) or (
        channel.name == "In person" and _MANNER.search(channel.note or "")))


def place_of(said: SaidChannel, channels: list[tuple[str, str | None]]) -> tuple[str, str | None] | None:
    """The business's own place among ``channels`` (name, key) when ``said`` is only how customers come to it (a
    persona who prefers "in person" at a shop means the shop); None otherwise."""
    if not _manner(said):
        return None
    return next(((n, k) for n, k in channels
                 if k in PLACE_KEYS or (k == "premises" and not _manner(SaidChannel(n, k, "")))), None)


def _manner_into_place(channels: list[SaidChannel]) -> None:
    """"the shop, walk-ins, face to face": coming in person is coming to the business's place, so one channel, the
    place, keeps the other's words; with no place of its own named, "In person" stays a channel."""
    place = next((c for c in channels if c.key in PLACE_KEYS or (c.key == "premises" and not _manner(c))), None)
    if place is None:
        return
    for channel in [c for c in channels if _manner(c)]:
        channels.remove(channel)
        said = channel.name if channel.name != "In person" else ""
        place.note = _notes(place.note, said, channel.note)


def _said_items(text: str) -> list[str]:
    """The items of a channels answer, with a sentence's end as a break too ("front desk. No app.") and a denial
    carried over "or" ("there's no app or website": no app, no website)."""
    text = _DENIED_OR.sub(_denial_carried, text or "")
    text = _PLATFORMS.sub(lambda m: f"app ({m.group(1)}, {m.group(2)})", text)  # one app on two platforms
    text = _PUT_UP_IN.sub(_places_kept, text)
    text = _DENIED_THEN_ONLY.sub(r"\1, \2 ", text)  # "we haven't got a proper website just a facebook page"
    return [part for item in split_list(text) for part in _SENTENCE_END.split(item) if part.strip(" .")]


# Printed things and the places they are put up in: "posters in the library and cafes" is one channel, the posters,
# put up in two places; the cafes are not a channel of the business, nor is the Post the "post office" they hang in
_PUT_UP_IN = re.compile(r"\b(posters?|flyers?|leaflets?|notices?|cards?|banners?)\s+((?:in|at)\s+[\w'’-]+"
                        r"(?:\s+[\w'’-]+){0,2}?(?:\s+(?:and|&)\s+(?:the\s+|local\s+)?[\w'’-]+(?:\s+[\w'’-]+)?)?)"
                        r"(?=\s*(?:[,;.\n]|$))", re.I)


# A denial, then what there is instead without a comma: "no proper website just a facebook page" is two items
_DENIED_THEN_ONLY = re.compile(r"(\b(?:no|not|haven'?t\s+got|have\s+not\s+got|don'?t\s+have|do\s+not\s+have|without)\b"
                               r"[^,;.\n]*?)\s+(just|only|but)\s+(?=\w)", re.I)


def _places_kept(m: re.Match) -> str:
    """ "posters in the library and cafes" -> "posters (in the library and cafes)": where they hang is a note, unless a
    place is the business's own ("flyers in our shop") or a channel that is no place ("flyers at the shop and
    Facebook")."""
    places = re.split(r"\s+(?:and|&)\s+", re.sub(r"^(?:in|at)\s+", "", m.group(2), flags=re.I))
    kb = load()
    if any(_OURS.match(p) or any(key in PLACE_KEYS or (key in kb.channels and kb.channels[key].kind not in PLACES)
                                 for key, _ in _channels_in(p) if key != "post") for p in places):
        return m.group(0)
    return f"{m.group(1)} ({m.group(2)})"


def _denial_carried(m: re.Match) -> str:
    """ "we don't have a shop or showroom" -> "we don't have a shop, we don't have a showroom": the article too."""
    article = ""
    if re.match(r"an?\s", m.group(2), re.I) and not re.match(r"(?:an?|the|any|our|my)$", m.group(3), re.I):
        article = "an " if m.group(3)[:1].casefold() in "aeiou" else "a "
    return f"{m.group(1)}{m.group(2)}, {m.group(1)}{article}"


# A sentence's end inside an item; "app? no" is one answer, not a question and a sentence
_SENTENCE_END = re.compile(r"(?<=[.!])\s+(?=\w)|(?<=\?)\s+(?=\w)(?!(?:no|nope|nah|not)\b)", re.I)


# Verbs of sending goods out: "we don't deliver" denies the delivery channel
_SENT_OUT = r"deliver|ship|post"
# Words that, before a channel, say the business does not have it ("no website", "we're not on Facebook")
_NEGATION = (r"(?:(?:he|she|they)(?:'s|\s+is|'re|\s+are)?\s+(?:just\s+|really\s+)?(?:won'?t|will\s+not|doesn'?t|does\s+not|"
             r"don'?t|do\s+not|never|can'?t|cannot|isn'?t|is\s+not|aren'?t|are\s+not|not)\b|"
             r"no|not|never|without|not\s+on|nothing\s+on|(?:we|i|we'?ve|i'?ve)\s+(?:have\s+|got\s+|have\s+got\s+)?no|(?:we|i)\s+(?:don'?t|do\s+not|"
             r"never)\s+(?:have|use|do|offer|run)|(?:we'?re|we\s+are|i'?m|i\s+am)\s+not\s+on|(?:we|i)\s+(?:haven'?t|have\s+not)"
             rf"\s+got|there'?s\s+no|there\s+is\s+no|(?:we|i)\s+(?:don'?t|do\s+not|never|can'?t|cannot)\s+(?={_SENT_OUT}))")
# Someone said to use a channel ("he'll text in a pinch", "she can email"): the channel is what follows
_WHO_WILL = re.compile(r"^\s*(?:(?:he|she|they|i|we)(?:'ll|'d|\s+will|\s+would|\s+can|\s+could|\s+uses?|"
                       r"\s+prefers?|\s+likes?)\s+(?:use\s+|do\s+|prefer\s+)?|it'?s\s+|it\s+is\s+)(?=\w)", re.I)
# A piece that starts with a verb says more about the channel before it ("... and has no prices", "is ancient")
_PREDICATE = re.compile(r"^\s*(?:(?:it|that|which)\s+)?(?:has|hasn'?t|have|is|isn'?t|was|wasn'?t|needs|looks|gets|got|takes|"
                        r"doesn'?t|does)\b|^\s*(?:it'?s|that'?s)\s", re.I)
# "iOS and Android app": one app, on two platforms
_PLATFORMS = re.compile(r"\b(ios|iphone|android)\s*(?:and|&|/|\+|or)\s*(ios|iphone|android)\s+apps?\b", re.I)
# "no app or website", "we are not on Facebook or Instagram": the denial goes on to the next thing named
_DENIED_OR = re.compile(r"(\b(?:no|there'?s\s+no|without|(?:we|i)\s+(?:don'?t|do\s+not|never)\s+(?:have|use|do)|"
                        r"(?:(?:we'?re|we\s+are|i'?m|i\s+am)\s+)?not\s+on)\s+)"
                        r"((?:an?\s+)?[\w'-]+(?:\s+[\w'-]+){0,2})\s+(?:or|nor)\s+(?!no\b)(?=(\w+))", re.I)
_NEGATED = re.compile(rf"^\s*{_NEGATION}\b", re.I)
# Said after a channel's name, words that take it back ("Facebook - not really", "website coming soon")
_DENIED_AFTER = re.compile(r"^[^,;()]{1,40}?(?:\?\s*(?:no|nope|nah)\b|(?:\s*[-–—:?!,]\s*|\s+)(?:not\s+really|not\s+much|not\s+any\s*more|hardly(?:\s+ever)?|"
                           r"rarely|never|not\s+yet|coming\s+soon|soon|in\s+progress|being\s+built|under\s+construction|"
                           r"planned|one\s+day)\b)[^()]*$", re.I)
_NEGATED_ANYWHERE = re.compile(rf"\b{_NEGATION}\s+(?:(?:really|much|ever|too)\s+)?(?:(?:on|use|into)\s+)?"
                               rf"(?:(?:a|an|any|our\s+own|our|its|own)\b)?\s*(?:(?:proper|real|actual|decent)\s+)?"
                               rf"((?:[\w.'’-]+\s*){{1,3}})",
                               re.I)


#: A kind of channel named as a whole ("social media", "socials"): a denial of it denies every channel of that kind.
_KIND_WORDS = {"social": r"social(?:\s+media|\s+networks?|\s+channels?|\s+platforms?)?|socials"}
#: "we don't do social media", "not on social media", "no socials", "I don't use social media at all"
_KIND_DENIED = {kind: re.compile(rf"\b(?:{_NEGATION}|(?:we|i)\s+(?:don'?t|do\s+not|never)\s+(?:do|use|bother\s+with)|"
                                 rf"(?:we'?re|we\s+are|i'?m|i\s+am)\s+not\s+(?:on|into|big\s+on)|(?:we|i)\s+(?:stay|keep)\s+off)"
                                 rf"\s+(?:any\s+)?(?:{words})\b(?!(?:\s+(?:media|networks?|channels?|platforms?))?\s+(?:ads?|adverts|advertising|marketing|campaigns|"
                                 r"boosts)\b)",
                                 re.I) for kind, words in _KIND_WORDS.items()}
#: A channel denied with the rest of its kind: "I'm not on Facebook or any of that", "no Instagram or anything like it".
_AND_THE_REST = re.compile(rf"\b{_NEGATION}\s+(?P<named>[\w.'-]+(?:\s+[\w.'-]+)?)\s*,?\s+(?:or|nor|and)\s+(?:any|all|"
                           r"anything|everything)(?:\s+(?:of|like|else\s+like))?\s+(?:that|those|the\s+rest|them|it|"
                           r"this)\b", re.I)


def social_denied(text: str) -> bool:
    """Whether the owner says the business is on no social media at all ("we don't do social media", "I'm not on
    Facebook or any of that"): said in one answer that is split into items, the denial would not survive the split."""
    social = channels_of_kind("social")
    return bool(social) and social <= channels_said_missing([text])


@functools.cache
def channels_of_kind(kind: str) -> frozenset[str]:
    """The catalogue channels of one kind ("social": Instagram, Facebook, TikTok...)."""
    return frozenset(key for key, info in load().channels.items() if info.kind == kind)


def channels_said_missing(texts: list[str]) -> set[str]:
    """The catalogue channels the owner says the business does not have ("no website", "we're not on
    Facebook", "everyone books by phone, we have no website"); "we don't do social media", or a social channel
    denied "or any of that", denies every social channel."""
    out: set[str] = set()
    for text in texts:
        for kind, pattern in _KIND_DENIED.items():
            if pattern.search(text or ""):
                out |= channels_of_kind(kind)
        if _NO_CALLS.search(text or ""):
            out.add("phone")
        for m in _AND_THE_REST.finditer(text or ""):
            out |= {k for key, _ in _channels_in(m.group("named")) if key in load().channels
                    and load().channels[key].kind in _KIND_WORDS for k in channels_of_kind(load().channels[key].kind)}
    for text in texts:
        for item in _said_items(text or ""):  # "Facebook - not really", "website coming soon"
            if _NEGATED.match(item) and re.search(_SENT_OUT, item, re.I):
                out |= {key for key, _ in _channels_in(item)}  # "we don't deliver"
            if _DENIED_AFTER.search(item) and not _NEGATED.match(item):
                out |= {key for key, _ in _channels_in(re.split(r"\s*[-–—:?!,]\s*|\s+(?=not|hardly|rarely|never|coming|soon|in\s+progress|being|under|planned|one\s+day)", item, maxsplit=1)[0])}
        for m in _NEGATED_ANYWHERE.finditer(text or ""):
            words = (m.group(1) + " " + text[m.end():]).split()[:8]
            start = 0
            while start < len(words):  # the channels named right after the negation ("no Instagram or TikTok")
                n = next((n for n in range(1, 4) if start + n <= len(words)
                          and _channels_in(" ".join(words[start:start + n]))
                          and not any(w[-1:] in ".,;:!?)" for w in words[start:start + n - 1])  # one phrase
                          and not (n > 1 and _channels_in(" ".join(words[start + 1:start + n])))), 0)
                if not n:
                    # "we don't do social media ads or TikTok": a use of something ("ads") and then "or" goes on
                    use = next((j for j in range(1, 4) if start + j < len(words)
                                and words[start + j - 1].strip(".,;:!?").casefold() in _ONLY_A_USE_OF_IT
                                and words[start + j - 1][-1:] not in ".,;:!?)"
                                and words[start + j].casefold() in ("or", "nor")), 0)
                    if not use:
                        break
                    start += use + 1
                    continue
                found = _channels_in(" ".join(words[start:start + n]))
                ends = words[start + n - 1][-1:] in ".,;:!?)" or start + n >= len(words) \
                    or words[start + n][:1] in "(["  # "no website (a map lists us)": what follows is an aside
                after = "" if ends else words[start + n].strip(".,;:!?").casefold()
                if after in _ONLY_A_USE_OF_IT and start + n + 1 < len(words) \
                        and words[start + n][-1:] not in ".,;:!?)" and words[start + n + 1].casefold() in ("or", "nor"):
                    # "we don't do social media ads or TikTok": not the ads, but the next one named is denied whole
                    start += n + 2
                    continue
                if after not in _AFTER_A_MISSING_CHANNEL:  # "no phone signal" says nothing about the phone
                    break
                out |= {key for key, _ in found}
                if ends or after not in ("or", "nor", "and"):
                    break
                start += n + 1
    return out


#: After a channel denied, a word that denies only one use of it ("no Facebook ads": a page may still be there)
_ONLY_A_USE_OF_IT = {"ads", "adverts", "advertising", "ad", "marketing", "campaigns", "boosts", "promotion", "promos"}
_AFTER_A_MISSING_CHANNEL = {"", "yet", "or", "and", "just", "only", "at", "either", "anymore", "any", "so", "but", "because", "as",
                            "page", "account", "presence", "really", "though", "nor", "still", "now", "to", "of",
                            "worth", "whatsoever", "number", "line", "address"}  # "no phone number": no phone
#: "we don't take phone calls", "no calls, email only": the phone is no channel
_NO_CALLS = re.compile(r"\b(?:(?:we|i)\s+(?:don'?t|do\s+not|never|can'?t|cannot|won'?t)\s+(?:take|answer|accept|do|"
                       r"pick\s+up)|no)\s+(?:phone\s*calls?|calls)\b", re.I)


# Words by which the owner says a place named as a channel is someone else's, which sends customers their way
_REFERS = re.compile(r"\b(?:they|who|which|that|he|she)\s+(?:often\s+|always\s+|sometimes\s+)?(?:recommends?|refers?|"
                     r"sends?|passes?\s+on|points?)\s+(?:me|us|people|customers|clients|them|folk)\b|"
                     r"\breferrals?\s+from\b", re.I)
_OURS = re.compile(r"^\s*(?:our|my|the\s+business'?s?)\b", re.I)
#: Channel kinds that are a place customers go to
PLACES = ("store", "in-person")
#: The catalogue's channels that are a place of the business's own where customers come in.
PLACE_KEYS = ("store", "market-stall")


_PROPER = re.compile(r"^((?:[A-Z][\w.&'-]*)(?:\s+[A-Z][\w.&'-]*){0,2})\s+\w")
_NOT_PROPER = {"we", "our", "i", "they", "the", "a", "an", "my", "people", "customers", "most", "some", "all"}


def _named_by_purpose(head: str) -> str:
    """A channel of the user's own named before what it is for or what happens on it: "bookshop.org for
    online sales", "EDI for our 2 biggest customers", "Interflora orders come in through the Interflora
    system" -> "bookshop.org", "EDI", "Interflora"."""
    words = head.split()
    if len(words) >= 3 and words[1].casefold() == "for" and not _not_a_channel(words[0]):
        return words[0]
    if len(words) >= 3 and len(words) > 2 and words[2].casefold() == "for" and not _not_a_channel(" ".join(words[:2])):
        return " ".join(words[:2])
    m = _PROPER.match(head)
    # a name before what happens on it ("Interflora orders come in through ..."), not the capital that starts
    # a phrase with no preposition ("Customer success QBRs" is one name, not "Customer")
    rest = {w.casefold() for w in head[m.end(1):].split()} if m else set()
    if m and m.group(1).split()[0].casefold() not in _NOT_PROPER and len(words) >= 3 and rest & _PREPOSITIONS:
        return m.group(1)
    return ""


# A thing named, then where it stands: "the ticket hut on the quay", "a kiosk by the station"
_WHERE = re.compile(r"^(?:(?:the|our|my|a|an)\s+)?((?:[\w'-]+\s+){0,2}[\w'-]+)\s+(?:on|at|by|in|near|beside|opposite|"
                    r"outside|next\s+to|inside)\s+(?:the|a|an|our)\s+(?:[\w'-]+\s*){1,3}$", re.I)


def _named_place(head: str) -> str:
    """The name of a place an item of the channels answer names by where it stands ("the ticket hut on the
    quay" -> "ticket hut"); "" when the item is a clause (it has a verb), or a time, device, person or file."""
    m = _WHERE.match(head.strip(" ."))
    if not m:
        return ""
    from .grammar import words as grammar

    finite = grammar()["finite"]
    if any(w in finite or (w.endswith("ed") and len(w) > 4) for w in tx.words(head)) or _not_a_channel(m.group(1)):
        return ""
    return m.group(1)


def _looks_like_a_sentence(head: str) -> bool:
    """"out of hours goes to VetsNow in Leeds": a clause with a verb, about something, not a channel's name."""
    return len(head.split()) >= 4


def near(a: SaidChannel | tuple[str, str | None], b: SaidChannel | tuple[str, str | None]) -> bool:
    """Two names of one channel: the same name, or the same catalogue channel where one name holds the
    other's words ("Email" and "Email orders"; not "Waiting room" and "Reception desk")."""
    (na, ka), (nb, kb) = ((x.name, x.key) if isinstance(x, SaidChannel) else x for x in (a, b))
    if na.casefold() == nb.casefold():
        return True
    short, long = sorted((set(tx.tokens(na)), set(tx.tokens(nb))), key=len)
    if {ka, kb} <= {None, "print"} and not (ka and kb):  # named by the owner: "the Gazette" is the "Westmorland
        ta, tb = tx.tokens(na), tx.tokens(nb)  # Gazette" (one paper, same last word, read as print or not); "Library"
        return bool(short and short <= long and ta and tb and ta[-1] == tb[-1])  # is not the "Library noticeboard"
    return bool(ka and ka == kb and (short and short <= long or _synonyms(ka, na, nb)))


#: Kinds of channel where two names are always one medium; places, named things, apps and social accounts stay apart
#: ("Messenger" is not the "Facebook page", "in-app messaging" not the app itself; "Waiting room" and
#: "Reception desk" are two spots of one building).
_ONE_MEDIUM = ("messaging", "phone", "email")


def _synonyms(key: str, a: str, b: str) -> bool:
    """Two names of one medium in other words: one is just the channel ("Text messages"), the other names it too
    ("SMS reminders"): "Text messages" and "SMS" are synonyms of one channel, so one channel on the map. Two bare
    names of the business's shop or stall ("the shop", "the counter") are one place."""
    channel = load().channels.get(key)
    if channel is None or (channel.kind not in _ONE_MEDIUM and key not in PLACE_KEYS):
        return False
    words = [tx.phrase(w) for w in [channel.name, *channel.synonyms]]
    words = [w for w in words if w]

    def bare(name: str) -> bool:
        return tuple(tx.tokens(name)) in words

    def names_it(name: str) -> bool:
        return any(tx.contains(tx.tokens(name), w) for w in words)

    if key in PLACE_KEYS:  # "the shop" and "the counter": one shop; "the Hexham shop" and "the Corbridge shop": two
        return bare(a) and bare(b)
    return (bare(a) and names_it(b)) or (bare(b) and names_it(a))


def _notes(*said: str) -> str:
    """What the owner said of one channel, each once: a piece inside another ("Counter" in "face to face at the
    counter") is not said twice."""
    pieces = [p for n in said if n for p in n.split("; ") if p]
    kept = [p for i, p in enumerate(pieces)
            if not any(j != i and p.casefold() in q.casefold() and p.casefold() != q.casefold() for j, q in enumerate(pieces))]
    return "; ".join(dict.fromkeys(kept))[:MAX_TEXT]


def _add(channels: list[SaidChannel], new: SaidChannel) -> None:
    """Add a channel, or merge it into one already there (:func:`near`)."""
    for old in channels:
        same = near(old, new)
        if same:
            extra = new.name if new.name.casefold() != old.name.casefold() else ""
            old.note = _notes(old.note, extra, new.note)
            return
    channels.append(new)
