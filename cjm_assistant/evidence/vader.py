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
        added = tomllib.load(fh)
    analyzer.lexicon.update({k: float(v) for k, v in added["valence"].items()})
    for word in neutral_words():  # names of things in service English ("asset tag")
        analyzer.lexicon.pop(word, None)
    return analyzer


def lexicon() -> list[str]:
    """The words vaderSentiment knows a sentiment for (single words only), with those ``lexicon.toml`` reads as
    neutral ("asset", "support"): for placing, every one of them says less about a topic than a plain word
    (placement is as it was before they were made neutral)."""
    return [word for word in analyser().lexicon if word.isalpha()] + sorted(neutral_words())


@functools.cache
def neutral_words() -> frozenset[str]:
    """Words of vaderSentiment's lexicon that ``lexicon.toml`` says carry no sentiment in customer service."""
    with LEXICON_FILE.open("rb") as fh:
        return frozenset(tomllib.load(fh).get("neutral", {}).get("words", []))


@functools.cache
def topical_words() -> frozenset[str]:
    """Sentiment words of ``lexicon.toml`` that also name a thing ("voicemail"): full topic words for placing."""
    with LEXICON_FILE.open("rb") as fh:
        return frozenset(tomllib.load(fh).get("topical", {}).get("words", []))


@functools.lru_cache(maxsize=100_000)
def vader(text: str) -> float:
    """vaderSentiment's compound score of a text, -1..+1."""
    return analyser().polarity_scores(text)["compound"]
