"""Clauses: a comment split into the parts that are read (and placed) one by one, and the polarity labels.

* :func:`split_parts`: sentences, then clauses that turn ("but", "although", "however", "though", "except",
  "otherwise", "whereas", "only issue", "my one gripe", ";", a dash), then comma-joined verdicts that lean
  opposite ways (:func:`comma_verdicts`: "Teachers lovely, changing room tiny"), so that "Lovely cut but my
  appointment started 20 mins late" is two parts.
* :data:`TURN_START`: whether a part opens (or ends) with a turn, which the reading and the matcher use.
* :func:`leaning`: a score -1..+1 as one of the labels :data:`POSITIVE`, :data:`NEGATIVE`, :data:`NEUTRAL`
  (:data:`MIXED` is a row with both complaint and praise parts).

The readings themselves are :mod:`.sentiment`'s.
"""

from __future__ import annotations

import re

from . import words as w
from .vader import analyser

POSITIVE, NEGATIVE, NEUTRAL, MIXED = "positive", "negative", "neutral", "mixed"
LEAN = 0.15  # |score| at or above which a part leans one way

_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\s*[;\n]+\s*|\s+[-–—]\s+|(?<=[!?])(?=[A-Za-z])")
# what the customer found wrong beside the rest: "only issue", "one gripe", "my only complaint"
# ("the one thing that went right" names no fault: praise, kept whole)
_FAULT = (r"(?:(?:the )?(?:only|one|my only|one small|one minor|my one) (?:thing(?!s? (?:that|which) (?:went|was|were|"
          r"is|are) (?:right|well|good|great|fine|perfect))|problem|downside|issue|complaint|gripe|niggle|criticism|"
          r"negative)|(?:just|only) wish)")
# the words before a fault named keep it whole ("my | one gripe", "no | one issue"); "anything but" is no turn
# A turn word that ends its sentence ("... 2 weeks out tho") turns nothing after it: no part of its own.
_TURN = re.compile(r"(?:,\s*|(?<!\banything)(?<!\beven)\s+)(?=(?:but|although|though|tho|however|except|otherwise|whereas|"
                   r"apart from)\b(?![\s.!?,)]*$))|"
                   rf"(?:,\s*|(?<!\bmy)(?<!\bone)(?<!\bnot)(?<!\bno)(?<!\bzero)(?<!\bthe)\s+)(?={_FAULT}\b)", re.I)
_TRAILING_TURN = re.compile(r"^(.+),\s*([^,]+?\s+(?:tho|though|too though)[.!]*)$", re.I)
TURN_START = re.compile(r"^(?:but|although|though|tho|however|except|otherwise|whereas|apart from|"
                        rf"{_FAULT})\b|\b(?:tho|though)[.!]*$", re.I)


# a clause that says what was heard, feared or met elsewhere did not happen here: "not our experience", "not
# here", "none of it", "didn't happen", "was anything but", "it was all fine" (:func:`denies`)
DENIAL = (r"(?:(?:but|and|yet|though)\s+)?(?:(?:honestly|thankfully|happily|luckily|fortunately|genuinely|really|"
          r"here|it|this|that)\s*,?\s+)*(?:not (?:here|for (?:us|me)|with (?:us|me|them|you)|in (?:my|our) case|"
          r"(?:at all )?(?:our|my) experience(?: at all)?|this time|at all|so)|none of (?:it|that|this|those|them)|"
          r"(?:it |that |which )?(?:didn'?t|did not|never) (?:happen(?:ed)?|materiali[sz]ed?|come up)|here,? never|"
          r"never here|(?:(?:these|those|this) (?:guys|people|lot|folks|ones|team|place|firm|company)|here|them|this time)\s*[:,-]?\s*never(?: once| again)?|not any ?more|no longer|(?:was|were|it was|it were) anything but|nothing of the (?:sort|kind)|no sign of (?:it|that|any of it)|"
          r"(?:it |everything |all )?(?:was|turned out|went|were|all went|all turned out) (?:all |absolutely |totally |"
          r"perfectly |completely |just |completely )?(?:fine|ok|okay|good|great|smooth|well|brilliant)|"
          r"no such (?:problem|issue|thing)s?)")
_DENIAL = re.compile(DENIAL + r"(?=\W*(?:(?:thank you|thanks|cheers|phew|so relieved)\W*)?$)", re.I)
_DENIAL_AFTER = re.compile(r",\s*(?=" + DENIAL + r"\s*(?:[,.!;]|$|(?:but|though|although|however|and)\b))", re.I)
_DENIAL_THEN = re.compile(r"^(" + DENIAL + r"(?:\s*,?\s*(?:thank you|thanks|cheers)[!.]*)?)(?:\s*,\s*|\s+(?=and\b))(?=\S)",
                          re.I)  # "but none of it, | the staff were lovely"


def denies(text: str) -> bool:
    """Whether a part only says that what came before it did not happen ("..., not our experience at all",
    "but honestly none of it", "didn't happen", "Here never.", "but it was all fine")."""
    return bool(_DENIAL.match(text.strip(" .!")))


def split_parts(text: str) -> list[str]:
    """A comment's parts: sentences, then clauses that turn, then comma-joined verdicts
    (:func:`comma_verdicts`); empty pieces dropped. A sentence that ends in "though" ("late, cards were fine
    tho") turns at its last comma."""
    out: list[str] = []
    for sentence in (x for whole in _SENTENCE.split(text) for x in _DENIAL_AFTER.split(whole)):
        m = _TRAILING_TURN.match(sentence)
        clauses = [m.group(1), m.group(2)] if m else _TURN.split(sentence)
        for i in range(len(clauses) - 1, 0, -1):  # "but | my one gripe is...": a turn word alone opens the next
            if TURN_START.fullmatch(clauses[i - 1].strip(" ,")):
                clauses[i - 1:i + 1] = [f"{clauses[i - 1].strip()} {clauses[i]}"]
        clauses = [x for clause in clauses for x in (lambda m, c: [m.group(1), c[m.end():]] if m else [c])(
            _DENIAL_THEN.match(clause.strip()), clause.strip())]
        for clause in clauses:
            for piece in comma_verdicts(clause.strip(" ,")):
                if piece and any(ch.isalnum() for ch in piece):
                    out.append(piece)
    return out or [text]


def _says_and_judges(piece: str) -> bool:
    """Whether a piece has a topic word of its own (a content word that is not a sentiment word) and an
    evaluative word of its own (a word of vaderSentiment's lexicon, with ``lexicon.toml``)."""
    lexicon = analyser().lexicon
    said = [x for x in w.raw_words(piece) if w.term(x)]
    return (any(x in lexicon for x in said) or bool(hedged(piece))) and any(x not in lexicon for x in said)


def _opposite(a: str, b: str) -> bool:
    # a complaint made small leans against praise ("fab film, popcorn could be fresher")
    def lean(x: str) -> str:
        return NEGATIVE if hedged(x) else leaning(analyser().polarity_scores(x)["compound"])

    return {lean(a), lean(b)} == {POSITIVE, NEGATIVE}


def comma_verdicts(clause: str) -> list[str]:
    """A clause split at its commas where each side is a verdict of its own, the two opposite: a topic word
    and an evaluative word on each side, one side praise and the other a complaint ("Teachers lovely,
    changing room tiny"; "staff friendly, parking a nightmare"), so each side is read and placed by itself.
    A piece that is not a verdict by itself ("Honestly, ...", "..., to be fair"), or that leans the same way
    as the piece before it (a list of praise: "lovely staff, great cut, good price"), stays with it."""
    pieces = [x.strip() for x in clause.split(",")]
    if len(pieces) < 2:
        return [clause]
    out: list[str] = []
    pending = ""
    for piece in filter(None, pieces):
        if pending and _says_and_judges(pending) and _says_and_judges(piece) and _opposite(pending, piece):
            out.append(pending)
            pending = piece
        else:
            pending = f"{pending}, {piece}" if pending else piece
    if out and not _says_and_judges(pending):
        out[-1] = f"{out[-1]}, {pending}"
    else:
        out.append(pending)
    return out or [clause]


def leaning(score: float) -> str:
    return POSITIVE if score >= LEAN else NEGATIVE if score <= -LEAN else NEUTRAL


def negated_within(text: str, found: re.Match) -> bool:
    """Whether a negator comes in the three words before a match ("hasn't gone up")."""
    return any(w.is_negator(x) for x in w.raw_words(text[:found.start()] + " " + found.group(0))[-6:-1])


# a complaint made small ("a bit pricey", "bit of a wait", "a little loud", "could be fresher", "could do with more
# seats"): mild, but a complaint whatever vaderSentiment's word for the thing ("a bit warm", "a bit quick"); not a
# comparison that went well ("a bit cheaper than last time"), praise called "a bit of a gem", a bit of something
# ("a bit of cardboard"), nor "a bit" after a verb ("cried a bit")
_HEDGED = re.compile(r"(?:(?:^|(?<=[,.!(;:]))\s*|\ba\s+(?:little\s+|tiny\s+)?)bit\s+(?:of\s+an?\s+(?P<noun>[\w'-]+)|"
                     r"(?P<adj>(?!(?:more|less|better|of|and|but|like|on|in|at|to|for|the|a|not|so|too|as|off|"
                     r"over|about|with|late(?:r)?|earlier|sooner|longer|was|were|is|are|has|had|i|we|you|it)\b)"
                     r"[a-z'-]+))|"
                     r"\bcould (?:be|have been|of been|do with|use)\s+(?:a (?:bit|little|lot) |much |so much )?(?:more\b|"
                     r"better\b|(?P<er>[a-z]+er)\b)", re.I)
_NOT_COMPARED = frozenset("her never ever other over under water paper number river winter summer after before "
                          "either neither together whether rather".split())


def hedged(text: str) -> re.Match | None:
    """A complaint made small (:data:`_HEDGED`), or None: "a bit pricey", "bit of a wait", "could be fresher"."""
    for m in _HEDGED.finditer(text):
        if m.group("noun") and analyser().lexicon.get(m.group("noun").casefold(), 0.0) > 0:
            continue  # "a bit of a legend"
        word = (m.group("adj") or "").casefold()
        if word and (word.endswith("er") and word not in _NOT_COMPARED or word.endswith("ly")):
            continue  # "a bit cheaper", "a bit quickly"
        if m.group("er") and m.group("er").casefold() in _NOT_COMPARED:
            continue
        if negated_within(text, m):
            continue
        return m
    return None
