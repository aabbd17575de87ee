"""Lists as people type them: split into items, kept whole where the words belong together.

``split_list`` for channel and data answers ("Instagram, our site and WhatsApp / phone"),
``split_statements`` for problems, goals and frustrations (commas between items, lower-case
sentences, a piece that continues the one before stays with it); nothing inside brackets splits.
"""

from __future__ import annotations

import re

from cjm_assistant.domain.model import MAX_TEXT, clean_text

from . import text as tx
from .catalogue import load

#: Free text beyond this many characters is not scanned (a 1 MB paste stays fast).
MAX_SCAN = MAX_TEXT



_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦‣+]|\d{1,2}[.)])\s+", re.M)
_SLASH = re.compile(r"(?<=[^\d\s/])\s*/\s*(?=[^\d\s/])|\s+/\s+")
_CONJ = re.compile(r"\s+(?:and|&|plus|as well as|or)\s+", re.I)
_LEAD = re.compile(r"^(?:and|or|also|plus|then|but|mostly|mainly|finally|eventually|hopefully|ideally|maybe|perhaps|fingers crossed|with (?:any )?luck|if all goes well|after that|e\.g\.|eg|i\.e\.|etc)\b[\s,:]*",
                   re.I)


_PUNCT = " \t-–—*•·.,;:!?[]"
_QUOTES = "\"'“”‘’"
_PAIRS = {'"': '"', "'": "'", "“": "”", "‘": "’"}


def _strip_quotes(item: str) -> str:
    """Drop quotes around an item and a quote left alone at either end, but keep a quote that closes one
    opened inside the item ("plumbers who say 'between 8 and 12'")."""
    previous = None
    while previous != item and item:
        previous = item
        item = item.strip(_PUNCT)
        if len(item) > 1 and _PAIRS.get(item[0]) == item[-1] and _count(item[1:-1], item[0]) == 0:
            item = item[1:-1]
        elif item and item[-1] in _QUOTES and _count(item, item[-1]) % 2 == 1:
            item = item[:-1]
        elif item and item[0] in _QUOTES and _count(item, item[0]) % 2 == 1:
            item = item[1:]
    return item


def _count(item: str, quote: str) -> int:
    """How many quotes of this kind the item holds (an opening and a closing curly quote are one kind; an
    apostrophe inside a word, as in "it's", is no quote)."""
    kind = {"“": "“”", "”": "“”", "‘": "‘’", "’": "‘’"}.get(quote, quote)
    return sum(1 for i, ch in enumerate(item) if ch in kind
               and not (0 < i < len(item) - 1 and item[i - 1].isalnum() and item[i + 1].isalnum()))


def _strip(item: str) -> str:
    """Trim punctuation around an item, but keep a bracket that closes one opened inside it ("(WEEE)") and a
    quote that closes one opened inside it."""
    item = _strip_quotes(item.strip(_PUNCT))
    while item.startswith("(") and ")" not in item:
        item = item[1:].strip()
    while item.endswith(")") and item.count("(") < item.count(")"):
        item = item[:-1].strip()
    while item.endswith("(") or (item.startswith(")")):
        item = item.strip("()").strip()
    return _strip_quotes(item.strip(_PUNCT))


def tidy(item: str) -> str:
    """A list item without bullets, quotes, trailing punctuation, leading "and"/"then" or a closing "etc"."""
    item = _strip(item)
    previous = None
    while previous != item:
        previous = item
        item = _strip(_LEAD.sub("", item))
    item = re.sub(r"\s*\b(?:etc|and so on|and more)\.?$", "", item, flags=re.I).strip(" .,;")
    return item


_COUNTS = r"(?:once|twice|one|two|three|four|five|six|seven|eight|nine|ten|a couple|a few|\d+)"
_COUNT_RANGE = re.compile(rf"\b{_COUNTS}\s+(?:or|to)\s+{_COUNTS}\b", re.I)
_HIDE = str.maketrans({",": "\x00", ";": "\x01", "/": "\x02", " ": "\x03", "\n": "\x03", "&": "\x04"})
_SHOW = str.maketrans({"\x00": ",", "\x01": ";", "\x02": "/", "\x03": " ", "\x04": "&"})


def split_list(text: str, conjunctions: bool = True) -> list[str]:
    """Split a list answer: newlines, bullets, ';', ',', '/', and "and"/"or".

    ``"Instagram, our site and WhatsApp / phone"`` ->
    ``["Instagram", "our site", "WhatsApp", "phone"]``.
    """
    text = within(clean_text(text), MAX_SCAN)
    text = _BULLET.sub("\n", text)
    # Nothing inside brackets splits: "newsletter (mailchimp, weekly)" is one item.
    text = _BRACKETED.sub(lambda m: m.group(0).translate(_HIDE), text)
    # Nor does a count given as a range: "once or twice a year", "two or three days" is one item.
    text = _COUNT_RANGE.sub(lambda m: m.group(0).translate(_HIDE), text)
    parts: list[str] = []
    for line in re.split(r"[\n;]+", text):
        for piece in re.split(r",", line):
            for chunk in _SLASH.split(piece):
                chunks = _CONJ.split(chunk) if conjunctions else [chunk]
                parts.extend(chunks)
    out, seen = [], set()
    for part in parts:
        item = tidy(part.translate(_SHOW))
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
    return out


_CONTINUATION = re.compile(
    r"\s*(?:especially|particularly|which|because|but|so|when|if|as|since|even|although|though|like|e\.g\.|"
    r"for example|mostly|mainly|usually|often|sometimes|then|it|its|it's|itself|she|shes|she's|he|hes|he's|"
    r"they|theyre|they're|them|you|youre|you're|who|whose|where|loads|lots|many|most|half|plus|etc|and so)\b",
    re.I,
)
# A sentence ends at . ! or ? followed by a space (whatever the next letter's case: owners type in lower
# case), but not after a common abbreviation.
_SENTENCE_END = re.compile(r"[.!?]+\s+(?=\S)")
_ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "approx", "incl", "no", "mr", "mrs", "ms", "dr", "st"}


def _sentences(text: str) -> list[str]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start: m.start()].split()
        if before and before[-1].casefold().strip("(") in _ABBREVIATIONS:
            continue
        out.append(text[start: m.start() + 1])
        start = m.end()
    return out + [text[start:]]


#: A piece that only says how much of the one before ("queues at the till, 40 minutes sometimes", "the meeting is 2
#: hours, a lot of it paperwork").
_AMOUNT = re.compile(r"\s*(?:\d[\d.,]*(?:\s*(?:-|to)\s*\d[\d.,]*)?\s*(?:%|minutes?|mins?|hours?|hrs?|days?|weeks?|"
                     r"months?|years?|times?|people|calls?)\b(?:\s+\w+){0,3}\s*$|a\s+lot\s+of\s+it\b|(?:all|some|most|half)\s+of\s+it\b)", re.I)
_HOW_MANY = (r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|a\s+couple(?:\s+of)?|"
             r"several|few)")
#: A piece that only says when the one before happens: "brides book too late, six weeks before the wedding", "...,
#: two or three days after the date", "the line is open 10 till 2, monday to friday". No problem of its own.
_WHEN = re.compile(rf"\s*(?:(?:about|around|only|just|roughly|maybe|sometimes|often|usually|normally)\s+)?{_HOW_MANY}"
                   rf"(?:\s+or\s+{_HOW_MANY})?\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|nights?)\s+"
                   r"(?:before|after|ahead|early|late|later|earlier|in\s+advance|beforehand|out|too\s+late)\b[^,]*$|"
                   r"\s*(?:on\s+)?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\s*(?:to|-|–|till|until|through)\s*"
                   r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*(?:\s+only)?\s*$|\s*(?:on\s+)?(?:weekdays|weekends)(?:\s+only)?\s*$",
                   re.I)
#: A piece that is a clause of its own, said by someone: "we only have two portaloos", "I can't always park".
_CLAUSE = re.compile(r"\s*(?:i|we|i'm|im|we're|were|i've|ive|we've|weve|there's|theres|there\s+(?:is|are|isn't|aren't))\b",
                     re.I)
_LABEL_SKIP = {"the", "a", "an", "our", "their", "my", "your"}
#: Words that make a short piece a problem of its own, not the name of what the next piece explains.
_SAYS_WRONG = re.compile(r"\b(?:no|not|never|slow|late|hidden|lost|wrong|bad|poor|hard|long|too|missing|broken|"
                         r"confusing|expensive|rude|dirty)\b|n't\b", re.I)


def _label(piece: str) -> bool:
    """Whether a piece only names what the next one explains: "parking, I can't always park", "toilets, we only have
    two portaloos" (one or two words, no verb, nothing said wrong)."""
    words = [w for w in piece.split() if w.casefold() not in _LABEL_SKIP]
    return 1 <= len(words) <= 2 and not _SAYS_WRONG.search(piece) and not _CLAUSE.match(piece)


#: A clause that only says how a thing is: "the mill has three doors", "our unit is round the back"
_HOW_IT_IS = re.compile(r"\s*(?:the|our|its|their|my)\s+[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?\s+(?:has|have|is|are|was|were|"
                        r"'s|sits|sit|looks|look)\s+\S", re.I)


def _explains(before: str, piece: str) -> bool:
    """Whether a piece after a comma only says how a thing is, after a piece that says what goes wrong of "us", "it"
    or "them": the reason for it, no problem of its own ("hard to find us, the mill has three doors"; not "the seller
    never replies, the delivery slot is a whole day")."""
    return bool(_SAYS_WRONG.search(before) and _VAGUE_END.search(before) and _HOW_IT_IS.match(piece)
                and not _SAYS_WRONG.search(piece) and not _label(before))


#: A complaint that names nothing but "us", "it" or "them" ("hard to find us"): what the next clause says names it
_VAGUE_END = re.compile(r"\b(?:us|you|it|them|me|here|there)\s*$", re.I)


def _commas(line: str) -> list[str]:
    """Split a sentence at its commas into list items; a piece that continues the one before (starts with
    "which", "because", "she", "so"...) stays with it, and commas in brackets or numbers never split."""
    protected = _BRACKETED.sub(lambda m: m.group(0).replace(",", "\x00"), line)
    protected = re.sub(r"(?<=\d),(?=\d)", "\x00", protected)
    pieces: list[str] = []
    for piece in protected.split(","):
        piece = piece.replace("\x00", ",")
        if pieces and (not piece.strip() or (_CONTINUATION.match(piece) and not _share_clause(piece))
                       or _AMOUNT.match(piece) or _WHEN.match(piece) or (_label(pieces[-1]) and _CLAUSE.match(piece))
                       or _explains(pieces[-1], piece)):
            pieces[-1] = f"{pieces[-1]},{piece}"
        else:
            pieces.append(piece)
    return pieces



# "half the members don't pay", "most of our regulars never rebook": a share of a group that does something is a
# problem of its own after a comma; "half of them ...", "half the time ..." say more about the piece before
_SHARE = re.compile(r"\s*(?:half|most|many|loads|lots|some)\s+(?:of\s+)?(?:the|our|my|their)\s+([a-z'-]+)\s+(.*)", re.I)
_TIMES = {"time", "times", "day", "days", "week", "weeks", "month", "months", "year", "years", "morning", "mornings",
          "evening", "evenings", "night", "nights", "while", "rest", "way"}
_REACTED = {"given", "gone", "stopped", "quit", "walked", "moved", "drifted"}


def _share_clause(piece: str) -> bool:
    from .grammar import words as grammar

    m = _SHARE.match(piece)
    if not m or m.group(1).casefold() in _TIMES:
        return False
    said = [w.casefold().strip(".,!?") for w in m.group(2).split()[:4]]
    if any(w in _REACT_VERBS or w in _REACTED for w in said):
        return False  # "..., most of our regulars have given up": how they took the piece before, no problem of its own
    finite = grammar()["finite"] | _VERBISH | _LINKING
    return any(w in finite for w in said[:3])

# Who a clause after "and" may be about and still say what follows from the first ("...and people go elsewhere",
# "...and they want them in their system"): no new problem, so the statement stays whole
_FOLLOWS = {"i", "we", "they", "he", "she", "it", "you", "then", "so", "that", "this", "what", "how", "when", "where",
            "why", "who", "which", "whether", "if"}  # "doesn't understand the excess and what is covered": one thing
# Who anyone may be: a clause about them after "and" is a problem of its own ("...and clients pay late") unless it
# says how they react to the first ("...and people go elsewhere", "...and customers complain")
_ANYONE = {"people", "customers", "clients", "everyone", "someone", "nobody", "folk", "users", "members", "guests",
           "patients", "parents", "buyers", "visitors", "families"}
_REACTS = {"go", "goes", "went", "leave", "leaves", "left", "complain", "complains", "moan", "moans", "give", "gives",
           "walk", "walks", "end", "ends", "stop", "stops", "cancel", "cancels", "book", "books", "buy",
           "buys", "turn", "turns", "shop", "shops", "try", "tries", "look", "looks", "then", "just", "simply",
           "probably", "usually", "understandably"}
# The verbs of _REACTS: said by a group of its own ("regulars give up", "the cleaners moan"), not by anyone at all,
# they make a problem of that group's own
_REACT_VERBS = _REACTS - {"then", "just", "simply", "probably", "usually", "understandably"}
# Someone arriving: a first clause that says only this ("the sweep turned up and the cleaners had gone") is when the
# problem after "and" happened, no problem of its own
_ARRIVED = {"turned up", "turn up", "turns up", "arrived", "arrives", "arrive", "showed up", "got there", "got here",
            "came round", "came over", "came out", "went round", "went over", "got back"}
# How people take a problem: "...and people get cross" is their reaction, no problem of its own
_FEELINGS = {"cross", "angry", "annoyed", "upset", "frustrated", "irritated", "fed", "grumpy", "shirty", "narked",
             "arsy", "impatient", "cranky", "stressed", "anxious", "worried", "mad", "huffy", "funny", "snappy",
             "livid", "furious", "fuming", "miserable", "unhappy", "disappointed", "embarrassed", "gutted", "sad",
             "distressed", "exasperated", "peeved", "displeased", "agitated"}
# Words that make a feeling stronger or softer, between the verb and the feeling ("really fed up", "a bit cross")
_HOW_STRONG = {"really", "so", "very", "quite", "pretty", "super", "totally", "absolutely", "understandably", "rightly",
               "always", "often", "just", "all", "extremely", "properly", "well", "dead", "proper", "more", "even",
               "increasingly", "a", "bit", "little", "rather", "fairly", "sometimes", "usually", "then", "too", "both",
               "naturally", "justifiably", "massively", "seriously"}
# Verbs that say how someone takes something ("owners GET upset", "clients ARE annoyed", "we FEEL let down")
_TAKES = {"get", "gets", "got", "getting", "are", "is", "was", "were", "feel", "feels", "felt", "become", "becomes",
          "became", "go", "goes", "went", "seem", "seems", "seemed", "end", "ends", "ended", "look", "looks", "'re"}
# Words for who takes it, before the verb: any people, a determiner and up to two words ("the dog owners")
_WHO_TAKES = {"i", "we", "they", "he", "she", "you", "everyone", "everybody", "people", "folk"}
# What makes someone feel it ("it drives me mad", "that winds people up"): said about the first, no problem of its own
_MAKES_FEEL = re.compile(r"^(?:it|that|this|which)\s+(?:really\s+|just\s+|always\s+)?(?:drives|drove|makes|made|"
                         r"winds|wound|gets|got)\s+(?:me|us|them|him|her|everyone|people|customers|clients|[a-z]+s)\s+"
                         r"(?:mad|crazy|nuts|up|angry|cross|furious|upset|annoyed)\b", re.I)


def _feels(right: list[str]) -> bool:
    """Whether a clause after "and" says only how someone takes what came before: "owners get upset", "the buyers
    are really fed up", "my singers feel let down", "it drives me mad". Who takes it is anyone, a group ("owners")
    or a determiner and a noun; then a verb of being or becoming, words of how much, and a feeling."""
    low = [w.casefold().strip(",.;:!") for w in right[:9]]
    if _MAKES_FEEL.match(" ".join(low)):
        return True
    from .grammar import words as grammar

    i = 0
    if low and low[0] in grammar()["determiners"]:
        i = 1
    start = i
    while i < len(low) and i - start < 3 and low[i] not in _TAKES:
        i += 1  # "the dog owners", "owners", "people"
    if i == start or i >= len(low) or low[i] not in _TAKES:
        return False
    if i - start > 1 and start == 0 and low[0] in _WHO_TAKES:
        return False  # "we have ..." is no one taking anything
    i += 1
    while i < len(low) and low[i] in _HOW_STRONG:
        i += 1
    if i < len(low) - 1 and low[i] == "let" and low[i + 1] == "down":
        return True
    return i < len(low) and low[i] in _FEELINGS and (low[i] != "fed" or (i + 1 < len(low) and low[i + 1] == "up"))


# A lack said as a statement of its own ("no parking", "not enough chairs", "nowhere to park"): before "and" and a clause
# with its own subject and verb ("...and the lift is broken") it is one problem of two
_LACK = re.compile(r"^(?:no|not\s+enough|nowhere\s+to)\s+[\w'-]+(?:\s+[\w'-]+){0,2}$")


# A number or amount before the noun ("the same 6 fixers do every session"): the verb comes a word later
_COUNTED = re.compile(r"^(?:\d+|two|three|four|five|six|few|many|same|other|new|old)$")
# Who says the verb after it is one ("nobody answers the phone", "it rings out")
_SUBJECT_WORDS = {"nobody", "everyone", "everybody", "someone", "somebody", "no-one", "noone", "it", "he", "she",
                  "one", "nothing", "everything", "something", "who", "that"}
_VERBISH = {"never", "always", "often", "still", "don't", "dont", "doesn't", "doesnt", "can't", "cant", "won't",
            "didn't", "keep", "keeps", "forget", "forgets", "ignore", "ignores", "pay", "pays", "miss", "misses",
            "complain", "complains", "cancel", "cancels", "leave", "leaves", "ring", "rings", "want", "wants",
            "expect", "expects", "struggle", "struggles", "hate", "hates", "disappear", "disappears", "drop", "drops",
            "wait", "waits", "break", "breaks", "crash", "crashes", "fail", "fails", "stop", "stops", "arrive",
            "arrives", "take", "takes", "ask", "asks", "lose", "loses", "think", "thinks", "assume", "assumes",
            "reckon", "reckons", "believe", "believes"}
# How often, said before a clause after "and": "...and half the time they get the voicemail" starts a new statement
_HOW_OFTEN = re.compile(r"^(?:(?:half|most|some|a\s+lot|lots)\s+(?:of\s+)?the\s+time|sometimes|often|every\s+time|"
                        r"nine\s+times\s+out\s+of\s+ten|more\s+often\s+than\s+not)\s+", re.I)
# Someone who says when alone they can work after "and" ("...and we can only go out at dusk"): a timing constraint
# of its own, not what follows from the first ("...and I can only be in one place" is that)
_LIMIT = re.compile(r"^(?:i|we|they|she|he|you)\s+(?:can\s+only|could\s+only|are\s+only|is\s+only|only)\s+"
                    r"(?!(?:find|found|hear|heard|realis|realiz|know|knew|learn|notic|discover|see|saw|get|got)\w*)"
                    r"(?:[\w']+\s+){0,4}?(?:at|after|before|in|on|between|from|till|until|during|when)\s+(?:the\s+)?"
                    r"(?:dusk|dawn|night|nights|dark|daylight|evenings?|mornings?|weekends?|weekdays?|summer|winter|spring|"
                    r"autumn|term|school|(?:jan|febr)uary|march|april|may|june|july|august|(?:septem|octo|novem|decem)ber|low\s+tide|high\s+tide|\d[\w:.]*|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|"
                    r"certain\s+times?|set\s+times?|it'?s\s+(?:dry|dark|light))\b", re.I)


# Nobody at all: what nobody does is a failure of its own ("...and nobody fixes them")
_NOBODY = {"nobody", "noone", "no-one"}
# Words of telling: a clause saying that someone did not tell, warn or ring about the first problem ("...and nobody
# told us", "...and they never let us know") is how it was (not) told, no problem of its own
_TELLING = {"tell", "tells", "told", "telling", "warn", "warns", "warned", "let", "lets", "say", "says", "said",
            "inform", "informs", "informed", "rang", "ring", "rings", "call", "calls", "called", "explain",
            "explains", "explained", "mention", "mentions", "mentioned", "text", "texts", "texted", "phone",
            "phones", "phoned", "email", "emails", "emailed"}
_TOLD_WHO = _NOBODY | {"no", "they", "he", "she", "you", "we", "i", "it", "anyone", "anybody", "someone", "somebody"}
_TOLD_WHOM = {"us", "me", "them", "him", "her", "you", "anyone", "anybody", "people", "customers", "clients",
              "beforehand", "first", "ahead", "back", "either"}
_NOT = {"never", "didn't", "didnt", "don't", "dont", "doesn't", "doesnt", "won't", "wont", "wasn't", "weren't",
        "not", "couldn't", "can't", "cant"}


def _told(words: list[str]) -> bool:
    """Whether a clause (its first words, lower case) says only that nobody told, warned or rang about what came
    before: "nobody told us", "no one rang", "they never let us know", "we weren't told", "I wasn't warned"."""
    if len(words) < 2 or words[0] not in _TOLD_WHO:
        return False
    rest = words[2:] if words[0] == "no" and words[1] in ("one", "one's") else words[1:]
    if words[0] in _NOBODY or words[0] == "no":
        verb = 0 if rest and rest[0] in _TELLING else None
    elif len(rest) >= 2 and rest[0] in _NOT | {"was", "were"} and rest[1] in _TELLING:
        verb = 1
    elif len(rest) >= 3 and rest[0] in _NOT | {"was", "were"} and rest[1] in _NOT and rest[2] in _TELLING:
        verb = 2
    else:
        return False
    # told whom, or nothing more: "nobody explains primer" names a thing nobody explains, a problem of its own
    return verb is not None and (len(rest) == verb + 1 or rest[verb + 1] in _TOLD_WHOM)


# Words of knowing, agreeing or owning: a clause saying nobody knows, agrees or owns what came before ("...and nobody
# agrees who pays", "...and nobody knows who", "...and no one owns it") says who answers for the first problem and
# means nothing alone; "...and nobody fixes it" or "...and nobody explains the fee" names a failure of its own
_ANSWERS_FOR = {"agree", "agrees", "agreed", "know", "knows", "knew", "decide", "decides", "decided", "own", "owns",
                "owned", "admit", "admits", "admitted", "claim", "claims", "claimed", "accept", "accepts", "accepted"}
_ANSWERS_WHAT = {"who", "whose", "whom", "what", "which", "why", "how", "when", "where", "whether", "if", "it", "them",
                 "this", "that", "responsibility", "liability", "blame", "fault", "anymore", "either"}


def _answers_for(words: list[str]) -> bool:
    """Whether a clause (its first words, lower case) says only that nobody knows, agrees or owns what came before:
    "nobody agrees who pays", "nobody knows who", "no one owns it", "nobody accepts responsibility"."""
    rest = words[2:] if words[:2] == ["no", "one"] else words[1:] if words and words[0] in _NOBODY else None
    if not rest or rest[0] not in _ANSWERS_FOR:
        return False
    return len(rest) == 1 or rest[1] in _ANSWERS_WHAT \
        or (rest[1] == "on" and len(rest) > 2 and rest[2] in _ANSWERS_WHAT)


_ANSWERS_TAIL = re.compile(r",?\s+and\s+((?:no\s+one|no-one|noone|nobody)\s+[\w'-]+(?:\s+[\w'-]+){0,6})\s*[.!]*\s*$",
                           re.I)


def without_who_answers(statement: str) -> str:
    """``statement`` without a last clause saying only that nobody knows, agrees or owns it (:func:`_answers_for`):
    "machines come back damaged and nobody agrees who pays" happens where the machines come back."""
    tail = _ANSWERS_TAIL.search(statement)
    if tail is None or not _answers_for([w.casefold().strip(",.;:") for w in tail.group(1).split()]):
        return statement
    return statement[:tail.start()].rstrip(" ,") or statement


# A clause of telling at a statement's end, after "and": it belongs to the whole statement before it
def _subject_first(clause: str) -> bool:
    """Whether a clause begins with who or what does something and a verb ("the neighbours objected", "our van
    broke down"), not with more words about the piece before ("lost or late")."""
    from .grammar import words as grammar

    said = [w.casefold().strip(",.;:") for w in clause.split()]
    if len(said) < 2 or said[0] not in grammar()["determiners"] | _SUBJECT_WORDS:
        return False
    finite = grammar()["finite"] | _VERBISH
    return any(w in finite or w.endswith("ed") for w in said[1:])


#: A thing or people and what they do, said as a list item: "dogs that pull", "owners who don't leave the key"
_NOUN_THAT_DOES = re.compile(r"\s*(?:the\s+|some\s+|our\s+)?[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?\s+(?:that|who|which)\s+\S",
                             re.I)
_TOLD_TAIL = re.compile(r",?\s+and\s+([\w'-]+(?:\s+[\w'-]+){1,5})\s*[.!]*\s*$", re.I)


#: Words after a verb that make a phrasal verb of it: "inductions queue up", "orders pile up", "the van breaks down".
_PARTICLES = {"up", "down", "out", "off", "over", "away"}


def _clauses(item: str) -> list[str]:
    """A statement of two problems joined by "and" as two statements: "I miss calls when I'm working and schools
    pay late", "the website is slow and the checkout breaks". "fridges and TVs go separately", "quick and
    friendly", and a clause saying what follows ("...and people go elsewhere") stay one."""
    from .grammar import words as grammar

    finite = grammar()["finite"] | _VERBISH
    determiners = grammar()["determiners"]
    out, start = [], 0
    for m in re.finditer(r"\s+and\s+", item):
        left, right = item[start:m.start()].split(), item[m.end():].split()
        often = _HOW_OFTEN.match(item[m.end():])
        if often:  # "half the time they get the voicemail": the clause after how often it happens
            right = item[m.end() + often.end():].split()
        low = [w.casefold().strip(",.;:") for w in right[:5]]
        said = [w.casefold().strip(",.;:") for w in left]
        if len(left) < 2 or len(low) < 2 or (low[0] in _FOLLOWS and not often and not _LIMIT.match(" ".join(right))):
            continue
        phrasal = any(said[i + 1] in _PARTICLES and not said[i] in determiners for i in range(1, len(said) - 1))
        lack = _LACK.match(" ".join(said[-5:])) is not None and said[0] in ("no", "not", "nowhere")
        if not phrasal and not lack and not any(w in finite or w.endswith(("ed", "'m", "'s", "'re"))
                                   or (i and said[i - 1] in _SUBJECT_WORDS and w.endswith("s") and not w.endswith("ss"))
                                   for i, w in enumerate(said)):
            continue  # "the DBS and references take 6-8 weeks": the first part is no clause of its own
        # a reaction by a group of its own ("regulars give up", "the cleaners moan") is a problem of its own when what
        # it reacts to is one too ("classes fill up", "kit piles up", "the list is too long"); "quotes go out and
        # homeowners go quiet" is one problem
        arrived = any(" ".join(said[i:i + 2]) in _ARRIVED or said[i] in _ARRIVED for i in range(1, len(said)))
        wrong = bool(_SAYS_WRONG.search(" ".join(left))) or any(
            said[i + 1] in ("up", "down") and said[i] not in determiners and " ".join(said[i:i + 2]) not in _ARRIVED
            for i in range(1, len(said) - 1))
        if arrived and not wrong:
            continue  # "the sweep turned up and the cleaners had locked up": the first only says when the second was
        if _feels(right):
            continue  # "...and owners get upset", "...and the buyers are really fed up": how they take the first
        if _told(low):
            continue  # "...and nobody told us": how the first was (not) told, no problem of its own
        if _answers_for(low):
            continue  # "...and nobody agrees who pays": who answers for the first, no problem of its own
        if low[:2] == ["no", "one"]:
            low = ["no-one", *low[2:]]
        # "clients pay late", not "people go elsewhere" nor "people don't know where it is"
        if low[0] in _FOLLOWS:  # "...and we can only go out at dusk", "...and half the time they get the voicemail"
            new_problem = bool(_LIMIT.match(" ".join(right))) or (low[1] in finite or low[1] in _LINKING)
        elif low[0] in _ANYONE or low[0] in _NOBODY:
            # what nobody does about the first is a problem of its own ("...and nobody fixes them")
            back = set() if low[0] in _NOBODY else \
                {w.casefold().strip(",.;:") for w in right} & {"it", "them", "this", "that", "there", "its"}
            # "...and parents complain about the noise" names a problem; "...and nobody complains about X" denies one
            about = len(low) > 2 and low[2] in ("about", "that", "of") and low[0] not in ("nobody", "noone", "no-one")
            new_problem = (low[1] in finite or (low[0] in _SUBJECT_WORDS and low[1].endswith("s"))) \
                and (low[1] not in _REACTS or about) and not back
        elif low[0] in determiners:  # "the checkout breaks", "the lockers break down"
            new_problem = len(low) >= 3 and (any(w in finite or w.endswith("ed") or (w in _REACT_VERBS and wrong)
                                                 for w in low[2:5 if low[2:4] and _COUNTED.match(low[2]) else 4])
                                             or (len(low) >= 4 and low[3] in _PARTICLES))
        else:  # "schools pay late", "regulars give up": a group of its own (not anyone at all), then a verb
            new_problem = low[0].endswith("s") and ((low[1] in finite and low[1] not in _REACTS)
                                                    or (low[1] in _REACT_VERBS and wrong)
                                                    or (len(low) > 2 and low[2] in _PARTICLES and low[1] not in _REACTS))
        if new_problem:
            out.append(item[start:m.start()])
            start = m.end()
    return out + [item[start:]] if out else [item]


_ASKED_FINE = re.compile(r"(?:^|(?<=[;,.!\n]))\s*([\w'-]+(?:\s+[\w'-]+)?)\s*\?\s*((?:(?:all|mostly|pretty\s+much)\s+)?(?:fine|ok|okay|good|"
                         r"great|grand))\b", re.I)


# Verbs that link a subject to what is said of it ("invoices get paid late", "the bins are full"): a list of what is
# said after it ("..., lost or ignored") is said of the same subject
_LINKING = {"is", "are", "was", "were", "get", "gets", "got", "go", "goes", "went", "feel", "feels", "seem", "seems",
            "look", "looks", "arrive", "arrives", "arrived", "come", "comes", "came", "stay", "stays", "turn", "turns"}
# Words after "or" or "and" at a list's end that are no item of it ("wrong size, wrong colour or both")
_NOT_AN_ITEM = {"both", "all", "either", "neither", "anything", "whatever", "everything", "more", "worse", "similar",
                "again", "too", "still", "though", "etc", "so", "whatnot", "something"}


def _listed(pieces: list[str]) -> list[str]:
    """A list said with commas whose last piece joins two items with "or" or "and" ("slow replies, hidden prices or
    late deliveries"): each item its own statement; a one-word item that only says more of the subject of the item
    before it ("invoices get paid late, lost or ignored") gets that subject and verb ("Invoices get lost"). A last
    piece that is a clause of its own ("calls, emails and texts go unanswered") or ends in no item ("or both") stays
    whole."""
    from .grammar import words as grammar

    if len(pieces) < 2:
        return pieces
    finite = grammar()["finite"] | _VERBISH | _LINKING
    hedges = {h.casefold() for h in load().vocab.hedge_words}
    items = [re.sub(r"^\s*(?:and|or)\s+", "", p, flags=re.I) for p in pieces]
    joins = list(re.finditer(r"\s+(?:and|or)\s+", items[-1], re.I))
    if len(joins) == 1 and "," not in items[-1]:
        both = [items[-1][:joins[0].start()], items[-1][joins[0].end():]]
        said = [[w.casefold().strip(".,;:!?") for w in side.split()] for side in both]
        if all(0 < len(w) <= 4 and not any(x in finite for x in w[1:]) for w in said) \
                and said[1][-1] not in _NOT_AN_ITEM and said[1][0] not in hedges and not _one_description(*said):
            items[-1:] = both
    out: list[str] = []
    head = ""
    for item in items:
        words = [w.casefold().strip(".,;:!?") for w in item.split()]
        if out and len(words) == 1 and words[0] in _SAYS_NO_ITEM:
            continue  # "late deliveries, sadly": a word about the item before, no item
        if out and len(words) == 1 and _ADVERB.match(words[0]) and words[0] not in _LY_ADJECTIVES \
                and words[0] not in _SAYS_NO_ITEM and words[0] not in hedges:
            out[-1] = f"{out[-1].rstrip()}, {item.strip()}"  # "came out at all, cheaply": how, not an item
            continue
        if out and head and len(words) == 1 and words[0].isalpha() and words[0] not in _SAYS_NO_ITEM \
                and words[0] not in hedges and words[0] not in _NOT_AN_ITEM:
            out.append(f"{head} {item.strip()}")  # "lost" after "invoices get paid late": "invoices get lost"
            continue
        out.append(item)
        verb = next((i for i, w in enumerate(words) if w in _LINKING and i > 0), None)
        head = " ".join(item.split()[:verb + 1]) if verb is not None and 1 <= len(words) - verb - 1 <= 4 else ""
    return out


def _one_description(left: list[str], right: list[str]) -> bool:
    """Whether "and"/"or" joins two words that describe one thing at the end of an item, not two items: "get it back
    clean and undamaged", "have it delivered and installed" (a word like "undamaged" is no goal or problem alone).
    Two items of one word each ("quick, cheap and friendly") stay two."""
    return len(left) >= 2 and len(right) == 1 and _describes(left[-1]) and _describes(right[0])


#: Endings of a word that describes a thing ("undamaged", "careful", "reliable"), and words that do without one
_DESCRIBING = re.compile(r"^(?:un[a-z]{3,}|[a-z]{3,}(?:ed|ful|less|ous|ive|able|ible))$")
_DESCRIPTIONS = {"clean", "dry", "safe", "tidy", "quick", "fast", "cheap", "easy", "simple", "clear", "fair", "fine",
                 "happy", "secure", "complete", "whole", "intact", "ready", "accurate", "correct", "right", "quiet",
                 "warm", "cool", "fresh", "new", "working", "sound", "full", "empty", "short", "small", "big",
                 "smooth", "calm", "healthy", "hot", "cold", "legal", "on-time", "open", "honest", "polite"}


def _describes(word: str) -> bool:
    return word in _DESCRIPTIONS or word in _LY_ADJECTIVES or bool(_DESCRIBING.match(word))


# One word that says how the item before it is wanted or done ("to see if they came out, cheaply")
_ADVERB = re.compile(r"^[a-z]{3,}ly$")
#: Words ending in -ly that are adjectives, items of a list of their own ("quick, cheap and friendly")
_LY_ADJECTIVES = {"friendly", "early", "lovely", "costly", "timely", "likely", "ugly", "lonely", "daily", "weekly",
                  "monthly", "yearly", "hourly", "only", "holy", "jolly", "silly", "curly", "elderly", "orderly",
                  "lively", "deadly", "smelly", "chilly", "oily", "hilly", "bubbly", "wobbly", "homely", "manly",
                  "kindly", "likeable", "user-friendly", "unfriendly", "unlikely", "untimely", "nightly", "sickly",
                  "cuddly", "prickly", "surly", "burly", "sly", "ghostly", "beastly", "scaly", "comely", "lowly"}

# One word that is no item of a list after a clause ("..., honestly", "..., sadly")
_SAYS_NO_ITEM = {"honestly", "really", "sadly", "again", "apparently", "obviously", "basically", "anyway", "lol",
                 "sometimes", "often", "always", "usually", "mostly", "though", "too", "yet", "still", "now"}


def within(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at the last break between items before it (a new line, ";", ".", ","),
    so that no item is cut mid-phrase ("problem number 118 with the sound" became "Problem number")."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    at = max(cut.rfind(c) for c in "\n;.,")
    return cut[:at] if at > limit // 2 else cut


def split_statements(text: str, loud: bool = False) -> list[str]:
    """Split problems, goals or frustrations as people list them: one statement per line, bullet, ';',
    sentence, or comma-separated item (a piece that continues the one before stays with it:
    "wasnt at the kerb, shes on the 3rd floor"). ``"slow replies, hidden prices, and late deliveries"``
    gives three statements; brackets and the user's words are kept whole. ``loud``: the statements of a sentence
    that ends in "!!" keep it, as the owner's way of saying how bad it is (a problem's severity)."""
    text = within(clean_text(text), MAX_SCAN)
    text = _BULLET.sub("\n", text)
    # "reviews? all fine": a topic asked and answered in one breath says the topic is fine, as one statement
    text = _ASKED_FINE.sub(lambda m: f" {m.group(1)} {'are' if m.group(1).endswith('s') else 'is'} {m.group(2)}", text)
    out: list[str] = []
    starts: list[tuple[int, bool]] = []  # where each sentence's statements start in ``out``, and if it ends in "!!"
    for block in re.split(r"[\n;]+", text):
        at = 0
        for line in _sentences(block):
            at = block.find(line, at) + len(line)
            starts.append((len(out), line.rstrip().endswith("!!") or line.endswith("!") and block[at:at + 1] == "!"))
            tail = _TOLD_TAIL.search(line)
            if tail and _told([w.casefold() for w in tail.group(1).split()]):
                # "the bus is stuck in traffic, lost or late and nobody told us": one problem; but when the last
                # piece says who did what before its "and nobody told us" ("..., the neighbours objected and nobody
                # warned us"), the pieces before it are statements of their own
                *before, last = _commas(line)
                said = last[: last.casefold().rfind(" and ")]  # the last piece before its "and nobody told us"
                if before and (_subject_first(said) or _NOUN_THAT_DOES.match(said)):
                    out.extend(part for piece in _listed(before) for part in _clauses(piece))
                    out.append(last)
                else:
                    out.append(line)
                continue
            out.extend(part for piece in _listed(_commas(line)) for part in _clauses(piece))
    seen: set[str] = set()
    result = []
    ends = [start for start, _ in starts[1:]] + [len(out)]
    shouted = {i for (start, bangs), end in zip(starts, ends) if loud and bangs for i in range(start, end)}
    for i, item in enumerate(out):
        item = tx.capitalise(tidy(_without_trailing_hedge(item)))
        key = item.casefold()
        if item and key not in seen and not no_answer(item):
            seen.add(key)
            result.append(item[:MAX_TEXT - 2] + "!!" if i in shouted else item[:MAX_TEXT])
    return result


def whole_statement(text: str) -> str:
    """One statement as :func:`split_statements` tidies each of its items, never split ("delivery slots, windows
    and times confuse them" given as one item of a list stays one); "" when it says nothing ("not sure")."""
    item = tx.capitalise(tidy(_without_trailing_hedge(" ".join(clean_text(text).split()))))
    return "" if not item or no_answer(item) else item[:MAX_TEXT]


#: A hedge said after a statement, no part of it: "people go off-app after the first walk i guess"
_TRAILING_HEDGE = re.compile(r"(?:,\s*|\s+)(?:i\s+guess|i\s+think|i\s+suppose|i\s+reckon|tbh|to\s+be\s+honest|lol|"
                             r"i'?d\s+say|if\s+i'?m\s+honest)\s*[.!]*\s*$", re.I)


def _without_trailing_hedge(item: str) -> str:
    out, previous = item, None
    while out != previous:
        previous = out
        out = _TRAILING_HEDGE.sub("", out)
    return out if out.strip() else item


def no_answer(text: str) -> bool:
    """Whether an answer says there is nothing to tell ("not sure really", "nothing comes to mind", "no idea"):
    one of the vocabulary's ``none_words`` once its hedges ("really", "tbh", "I guess") are left out."""
    vocab = load().vocab
    said = " ".join(re.sub(r"[^\w'’/-]+", " ", clean_text(text)[:200].casefold().replace("’", "'")).split())
    none = {w.casefold() for w in vocab.none_words}
    if said in none:
        return True
    parts = [p for p in re.split(r"[,;]|\s+-\s+", clean_text(text)[:200]) if p.strip()]
    if len(parts) > 1:  # "hmm, dunno really, nothing major I guess", "none, she's fine": every part says nothing
        return all(no_answer(p) for p in parts)
    hedges = sorted((h.casefold() for h in vocab.hedge_words), key=len, reverse=True)
    bare = said
    for hedge in hedges:
        bare = re.sub(rf"(?<![\w']){re.escape(hedge)}(?![\w'])", " ", bare)
    bare = " ".join(bare.split())
    return bool(bare) and (bare in none or bool(_NOTHING_NAMED.match(bare)) or bool(_CONTENT.match(bare))
                           or bool(_NOTHING_MORE.match(bare))) or bool(_NOTHING_MORE.match(said)) \
        or (not bare and said != "")


#: Asked what frustrates someone, "she's fine", "they seem happy enough": all is well, no problem to keep
_CONTENT = re.compile(r"^(?:(?:she|he|they|we|it|everyone|everybody)(?:'s|'re|s| is| are| seems?| looks?| was| were)|"
                      r"(?:all|everything)(?:'s| is| seems)?)\s+(?:(?:quite|pretty|very|mostly|generally|all|happy)\s+)?"
                      r"(?:fine|happy|ok|okay|good|great|alright|all right|sorted|content|satisfied|pleased|grand|"
                      r"well)(?:\s+(?:enough|with us|with it|mostly|overall|on the whole))?$")
#: "the usual hassles", "you know, the normal headaches", "all the usual problems": there are problems, none named
_NOTHING_NAMED = re.compile(r"^(?:(?:you know|like|oh|ah|and|but|so|just)\s+)*(?:all\s+)?(?:the|our|my|their|your)\s+"
                            r"(?:usual|normal|standard|typical|everyday|same old|regular|common)\s+"
                            r"(?:stuff|things|hassles?|problems?|issues?|headaches?|complaints?|niggles?|gripes?|moans?|"
                            r"annoyances?|frustrations?|bits|nonsense|rubbish|struggles?|pains?|challenges?|"
                            r"bugbears?|difficulties|troubles?)(?:\s+(?:really|mostly|i suppose|i guess|etc|and so on))?$")
#: The end of a list, not an item: "idk what else", "dunno what else really", "can't think of anything else",
#: "that's about it", "that's all I can think of"
_NOTHING_MORE = re.compile(r"^(?:(?:and|but|so|oh|um+|hmm+|erm)\s+)*(?:(?:idk|dunno|don'?t\s+know|not\s+sure|no\s+idea)\s+"
                           r"(?:what|anything)\s+else|(?:i\s+)?can'?t\s+think\s+of\s+(?:anything|much)\s+(?:else|more)|"
                           r"that'?s\s+(?:about\s+)?(?:it|all)(?:\s+(?:i\s+can\s+think\s+of|for\s+now))?|nothing\s+else|"
                           r"(?:and\s+)?(?:stuff|things)\s+like\s+that|etc)(?:\s+(?:really|tbh|honestly|i\s+guess|lol|atm|now))*$")
