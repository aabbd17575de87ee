"""Sentiment: a comment split into its parts, each part read, and the rating taken into account.

* :func:`split_parts`: sentences, and clauses that turn ("but", "although",
  "however", "though", "except", "otherwise", "whereas", ";", a dash), so
  that "Lovely cut but my appointment started 20 mins late" is two parts.
* :func:`text_score`: a part's reading from its words, -1..+1: the
  ``vaderSentiment`` compound score (a maintained lexicon and rules: negation,
  intensifiers, "but", capitals, punctuation; its lexicon gains the general
  customer-service words of ``lexicon.toml``: "slow", "late", "overcharged"),
  with greetings, "please" and a closing "thanks" left out, nudged towards a
  complaint by what the map says hurts (:class:`Cues`: a term only the map's
  pain point names use), by a negated plain word ("nobody picked up", "no
  tracking"), by a negated problem word the other way ("no problem": a
  problem that did not happen) and by a request or wish ("would be nice
  to...", "let me..."); a plain question ("Are you open on Sundays?") reads
  neutral and judges nothing, whatever the rating.
* :func:`combine`: the parts' readings and the row's rating (-1/0/+1 on its
  scale) into one sentiment per part and one for the row. A part that reads
  neutral takes the rating's side, unless it turns ("Cut was good, bit of a
  long wait tho": the opposite of what it follows); a part that reads against
  the rating keeps its own reading when it is strong, or when another part
  agrees with the rating (a mixed comment: "Great colour. Only 4 stars
  because...") and the rating is not at the top of its scale, or the comment
  turns between them ("..., but the pizza still arrived hot"); otherwise the
  rating wins ("no contract, no joining fee" at 5 stars is praise). Only
  vaderSentiment's own strong reading holds against a rating: the nudges are
  guesses and never overturn it. The row
  is mixed when it has both complaint and praise parts.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field

from . import words as w
from .vader import LEXICON_FILE, analyser

POSITIVE, NEGATIVE, NEUTRAL, MIXED = "positive", "negative", "neutral", "mixed"
LEAN = 0.15  # |score| at or above which a part leans one way
STRONG = 0.5  # ...and at which it holds against the rating on its own
PROBLEM_NUDGE = 0.2  # a term only the map's pain point names use
NEGATION_NUDGE = 0.25  # a plain word negated: "nobody picked up"
REQUEST_NUDGE = 0.3  # a request or wish: something is missing ("would be nice to save my addresses")
BURDEN_NUDGE = 0.3  # the customer had to do more than they should ("had to email it", "ended up")
OWN_WORD_VALENCE = 2.0

_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\s*[;\n]+\s*|\s+[-–—]\s+|(?<=[!?])(?=[A-Za-z])")
_TURN = re.compile(r"(?:,\s*|\s+)(?=(?:but|although|though|tho|however|except|otherwise|whereas|apart from|"
                   r"only thing|only problem|only downside)\b)", re.I)


_TRAILING_TURN = re.compile(r"^(.+),\s*([^,]+?\s+(?:tho|though|too though)[.!]*)$", re.I)
TURN_START = re.compile(r"^(?:but|although|though|tho|however|except|otherwise|whereas|apart from|only thing|"
                        r"only problem|only downside)\b|\b(?:tho|though)[.!]*$", re.I)
_POLITE = re.compile(r"^\s*(?:hi|hello|hey|dear)\b[\s,!]*(?:[A-Z][a-z]+\b[,!]?)?|\bplease\b|"
                     r"\b(?:many\s+)?(?:thanks|thank you|cheers|ta)\b[\s,.!]*(?:[A-Z][a-z]+)?[\s.!x]*$", re.I)
_REQUEST = re.compile(r"\b(?:could you|would be (?:nice|good|great|better|helpful|handy)|it'?d be (?:nice|good|great)|"
                      r"i wish|wish (?:you|there)|should(?:n'?t)? (?:be|have|show|tell|let)|needs? to be|you need to|"
                      r"let me|why (?:is|does|do|can'?t|cant|isn'?t)|make (?:it|the)\b)", re.I)


_BURDEN = re.compile(r"\b(?:had to|have to|having to|ended up|still (?:waiting|not|no)|every (?:single )?time|"
                     r"(?:two|three|four|several|many) times|chase[ds]?|chasing|just want(?:ed)? to|"
                     r"only (?:lets?|allows?|shows?|takes?|accepts?)\b)", re.I)


def split_parts(text: str) -> list[str]:
    """A comment's parts: sentences, then clauses that turn; empty pieces dropped. A sentence that ends in
    "though" ("late, cards were fine tho") turns at its last comma."""
    out: list[str] = []
    for sentence in _SENTENCE.split(text):
        m = _TRAILING_TURN.match(sentence)
        clauses = [m.group(1), m.group(2)] if m else _TURN.split(sentence)
        for clause in clauses:
            clause = clause.strip(" ,")
            if clause and any(ch.isalnum() for ch in clause):
                out.append(clause)
    return out or [text]


class Cues:
    """What one map says about words.

    ``problem``: terms its pain point names use and no neutral lane does ("unanswered", "late").
    ``own``: terms of its stage names, actions and touchpoints: the business's own things and steps,
    which carry no sentiment here even where vaderSentiment gives them a mild one (a salon's "cut", a
    print shop's "bleed" or "approve": |valence| < 2). Goals are left out: "looking good" is a wish.
    """

    def __init__(self, problem: frozenset[str] = frozenset(), own: frozenset[str] = frozenset()):
        self.problem = problem
        base = analyser()
        drop = {word for word, valence in base.lexicon.items()
                if abs(valence) < OWN_WORD_VALENCE and w.content(word) in own and word not in _supplement()}
        if drop:
            import copy

            self._analyzer = copy.copy(base)
            self._analyzer.lexicon = {k: v for k, v in base.lexicon.items() if k not in drop}
        else:
            self._analyzer = base
        self.neutralised = frozenset(drop)
        self.lexicon_words = frozenset(self._analyzer.lexicon)
        self._score = functools.lru_cache(maxsize=100_000)(lambda text: self._analyzer.polarity_scores(text)["compound"])

    def vader(self, text: str) -> float:
        return self._score(text)


@functools.cache
def _supplement() -> frozenset[str]:
    with LEXICON_FILE.open("rb") as fh:
        return frozenset(tomllib.load(fh)["valence"])


@dataclass
class Reading:
    score: float  # -1..+1 from the words
    vader: float
    nudges: list[str] = field(default_factory=list)  # why the score moved from vader's: "“late” (a pain point word)"
    asks: bool = False  # a question that judges nothing ("Are you open on Sundays?")


_QUESTION = re.compile(r"\?\W*$")
_NO_BEFORE_WORD = re.compile(r"\bno\b(?=\s+[A-Za-z])", re.I)


def text_score(text: str, cues: Cues) -> Reading:
    """A part's reading from its words alone (greetings, "please" and a closing "thanks" left out).

    A negated word that names a problem (a negative word of vaderSentiment's lexicon, even one this map
    neutralised as its own: a "Report a problem" stage) says the problem did not happen ("no problem"):
    that is a nudge towards praise, and no negation nudge towards a complaint; the "no" before it is read
    as the negator it is, not as vaderSentiment's negative word (its valence for a bare "No.")."""
    plain = _POLITE.sub(" ", text).strip() or text
    terms, negated = w.negated_terms(plain)
    base = analyser().lexicon
    absent = [word for word in negated.values()
              if base.get(word.casefold(), 0.0) < 0 and word.casefold() not in cues.lexicon_words]
    # vaderSentiment gives a bare "no" a valence of its own (-1.2); before a problem it is only the negator
    compound = cues.vader(_NO_BEFORE_WORD.sub("not", plain) if absent else plain)
    score = compound
    nudges: list[str] = []
    if compound >= STRONG:
        return Reading(compound, compound, nudges)
    problems = [t for t in terms if t in cues.problem and t not in negated]
    if problems:
        score -= PROBLEM_NUDGE
        nudges.append(f"“{problems[0]}” (a word of the map's pain points)")
    if absent:
        score += NEGATION_NUDGE
        nudges.append(f"“{absent[0]}” negated (a problem that did not happen)")
    # vaderSentiment turns a negated sentiment word itself ("not happy"); a plain word ("nobody picked up"),
    # or a negation it read as next to nothing ("didn't want"), says something expected did not happen.
    plain_negated = [word for word in negated.values()
                     if base.get(word.casefold(), 0.0) >= 0
                     and (word.casefold() not in cues.lexicon_words or abs(compound) < LEAN)]
    if plain_negated and not absent:
        score -= NEGATION_NUDGE
        nudges.append(f"“{plain_negated[0]}” negated (something expected did not happen)")
    if _REQUEST.search(plain):
        score -= REQUEST_NUDGE
        nudges.append("a request or wish (something is missing)")
    if _BURDEN.search(plain):
        score -= BURDEN_NUDGE
        nudges.append("the customer had to do more than they should")
    if not nudges and abs(compound) < STRONG and _QUESTION.search(plain):
        nudges.append("a question (it asks, it does not judge)")
        return Reading(0.0, compound, nudges, asks=True)
    return Reading(max(-1.0, min(1.0, score)), compound, nudges)


def absent_problems(negated: dict[str, str]) -> set[str]:
    """The terms of ``negated`` ({term: word as written}) whose word is a negative one in vaderSentiment's own
    lexicon: problems said not to have happened ("never rushed", "no problem")."""
    base = analyser().lexicon
    return {term for term, word in negated.items() if base.get(word.casefold(), 0.0) < 0}


def leaning(score: float) -> str:
    return POSITIVE if score >= LEAN else NEGATIVE if score <= -LEAN else NEUTRAL


def combine(scores: list[float], rating: int | None, extreme: bool = False,
            turns: list[bool] | None = None, words: list[float] | None = None,
            asks: list[bool] | None = None) -> tuple[list[str], str]:
    """(each part's sentiment, the row's) from the parts' scores, the row's rating (-1, 0, +1 or None;
    ``extreme``: at the very end of its scale), which parts turn ("but ...", "... though") and what
    vaderSentiment alone read in each part (``words``; default: the scores).

    Against a rating, a part holds its own reading only when vaderSentiment reads it that way strongly by
    itself: the nudges (a negated word, a pain point's word, a request) are guesses and never overturn what
    the customer rated ("Claim sorted in a week, no quibbles" at 9/10 is praise). At the top of the scale a
    weak complaint beside praise still gives way ("no contract, no joining fee" at 5 stars), unless the
    comment turns between them ("but", "though", "otherwise") and the complaint's own words lean that way: a
    contrast the customer wrote is a mixed row."""
    own = [leaning(s) for s in scores]
    words = words if words is not None else scores
    turns = turns or [False] * len(own)
    for i in range(1, len(own)):  # "Cut was good, bit of a long wait tho": a neutral turn opposes what it follows
        if own[i] == NEUTRAL and turns[i] and own[i - 1] != NEUTRAL:
            own[i] = NEGATIVE if own[i - 1] == POSITIVE else POSITIVE
    contrast = any(turns[1:])
    if rating:
        side = POSITIVE if rating > 0 else NEGATIVE
        agrees = any(o == side for o in own)
        out = []
        for o, s, v, q in zip(own, scores, words, asks or [False] * len(own)):
            strong = (v <= -STRONG if o == NEGATIVE else v >= STRONG)
            written = contrast and leaning(s) == o  # a contrast, and the part's own words lean this way
            if o == NEUTRAL and q:
                out.append(o)  # a question is no verdict, whatever the rating
            elif o == NEUTRAL:
                out.append(side)
            elif o != side and not strong and (not agrees or (extreme and rating > 0 and not written)):
                out.append(side)  # read against the rating, weakly (or alone): the rating wins
            else:
                out.append(o)
        own = out
    return own, overall(own)


def overall(parts: list[str]) -> str:
    has_neg, has_pos = NEGATIVE in parts, POSITIVE in parts
    if has_neg and has_pos:
        return MIXED
    return NEGATIVE if has_neg else POSITIVE if has_pos else NEUTRAL
