"""vaderSentiment's analyser with the product's own valences (``lexicon.toml``): one instance, made on first
use, shared by the sentiment reading and the word lists (which leave sentiment words out of topics)."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

LEXICON_FILE = Path(__file__).with_name("lexicon.toml")


@functools.cache
def analyser():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    with LEXICON_FILE.open("rb") as fh:
        analyzer.lexicon.update({k: float(v) for k, v in tomllib.load(fh)["valence"].items()})
    return analyzer


def lexicon() -> list[str]:
    """The words vaderSentiment knows a sentiment for (single words only)."""
    return [word for word in analyser().lexicon if word.isalpha()]


@functools.cache
def topical_words() -> frozenset[str]:
    """Sentiment words of ``lexicon.toml`` that also name a thing ("voicemail"): full topic words for placing."""
    with LEXICON_FILE.open("rb") as fh:
        return frozenset(tomllib.load(fh).get("topical", {}).get("words", []))


@functools.lru_cache(maxsize=100_000)
def vader(text: str) -> float:
    """vaderSentiment's compound score of a text, -1..+1."""
    return analyser().polarity_scores(text)["compound"]
