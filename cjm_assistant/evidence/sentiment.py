"""Sentiment: a comment split into its parts, each part read, and the rating taken into account.

* :func:`split_parts`: sentences, and clauses that turn ("but", "although",
  "however", "though", "except", "otherwise", "whereas", ";", a dash), so
  that "Lovely cut but my appointment started 20 mins late" is two parts.
* :func:`text_score`: a part's reading from its words, -1..+1: the
  ``vaderSentiment`` compound score (a maintained lexicon and rules: negation,
  intensifiers, "but", capitals, punctuation), nudged by what the map says
  hurts (:class:`Cues`): a term only the map's pain points use ("late",
  "unanswered", "rushed") reads as a complaint, and the same term negated
  ("never rushed", "no joining fee") as praise of that very thing; a negated
  plain word ("nobody picked up", "no tracking") leans to a complaint.
* :func:`combine`: the parts' readings and the row's rating (-1/0/+1 on its
  scale) into one sentiment per part and one for the row. A part that reads
  neutral takes the rating's side; a part that reads against the rating keeps
  its own reading when another part agrees with the rating (a mixed comment:
  "Great colour. Only 4 stars because...") or when it is strong; otherwise
  the rating wins ("no contract, no joining fee" at 5 stars is praise). The
  row is mixed when it has both complaint and praise parts.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from . import words as w

POSITIVE, NEGATIVE, NEUTRAL, MIXED = "positive", "negative", "neutral", "mixed"
LEAN = 0.15  # |score| at or above which a part leans one way
STRONG = 0.5  # ...and at which it holds against the rating on its own
PROBLEM_NUDGE = 0.4  # a term only the map's pain points use
NEGATION_NUDGE = 0.25  # a plain word negated: "nobody picked up"

_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\s*[;\n]+\s*|\s+[-–—]\s+|(?<=[!?])(?=[A-Za-z])")
_TURN = re.compile(r"(?:,\s*|\s+)(?=(?:but|although|though|tho|however|except|otherwise|whereas|apart from|"
                   r"only thing|only problem|only downside)\b)", re.I)


def split_parts(text: str) -> list[str]:
    """A comment's parts: sentences, then clauses that turn; empty pieces dropped."""
    out: list[str] = []
    for sentence in _SENTENCE.split(text):
        for clause in _TURN.split(sentence):
            clause = clause.strip(" ,")
            if clause and any(ch.isalnum() for ch in clause):
                out.append(clause)
    return out or [text]


@functools.cache
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@functools.lru_cache(maxsize=100_000)
def vader(text: str) -> float:
    """vaderSentiment's compound score of a text, -1..+1."""
    return _vader().polarity_scores(text)["compound"]


@dataclass
class Cues:
    """What one map says about words: ``problem`` terms, used by its pain points and nowhere neutral."""

    problem: frozenset[str] = frozenset()


@dataclass
class Reading:
    score: float  # -1..+1 from the words
    vader: float
    nudges: list[str] = field(default_factory=list)  # why the score moved from vader's: "“late” (a pain point word)"


def text_score(text: str, cues: Cues) -> Reading:
    """A part's reading from its words alone."""
    compound = vader(text)
    terms, negated = w.negated_terms(text)
    score = compound
    nudges: list[str] = []
    problems = [t for t in terms if t in cues.problem]
    if problems:
        if all(t in negated for t in problems):
            score += PROBLEM_NUDGE
            nudges.append(f"“{problems[0]}” negated (the map's pain point word)")
        else:
            score -= PROBLEM_NUDGE
            nudges.append(f"“{problems[0]}” (a word of the map's pain points)")
    elif negated and compound < STRONG:
        score -= NEGATION_NUDGE
        nudges.append("something expected did not happen (a negation)")
    return Reading(max(-1.0, min(1.0, score)), compound, nudges)


def leaning(score: float) -> str:
    return POSITIVE if score >= LEAN else NEGATIVE if score <= -LEAN else NEUTRAL


def combine(scores: list[float], rating: int | None, extreme: bool = False) -> tuple[list[str], str]:
    """(each part's sentiment, the row's) from the parts' scores and the row's rating (-1, 0, +1 or None)."""
    own = [leaning(s) for s in scores]
    if rating:
        side = POSITIVE if rating > 0 else NEGATIVE
        agrees = any(o == side for o in own)
        hold = STRONG + (0.15 if extreme else 0.0)
        out = []
        for o, s in zip(own, scores):
            if o == NEUTRAL:
                out.append(side)
            elif o != side and not agrees and abs(s) < hold:
                out.append(side)  # read against the rating, weakly and alone: the rating wins
            else:
                out.append(o)
        own = out
    return own, overall(own)


def overall(parts: list[str]) -> str:
    has_neg, has_pos = NEGATIVE in parts, POSITIVE in parts
    if has_neg and has_pos:
        return MIXED
    return NEGATIVE if has_neg else POSITIVE if has_pos else NEUTRAL
