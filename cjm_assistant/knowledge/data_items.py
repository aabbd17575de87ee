"""The data a business says it has ("just the waiting list spreadsheet and the committee minutes tbh"), each source
kept in the owner's words: "Waiting list spreadsheet", "Committee minutes". A source said by its own name keeps it
("some facebook reviews" is "Facebook reviews", not a general "Reviews"), and nothing is added that was not said
("email complaints" is no "Email and chat history"). Only a long item that names known sources among other words
is given their general names."""

from __future__ import annotations

import re

from . import text as tx
from .catalogue import load
from .detect import detect_data
from .lists import no_answer, split_list
from .steps import without_hedges

#: Words before a source that say how much or which, not what: "just the", "some", "a few of our".
_LEAD = re.compile(r"^(?:(?:just|only|also|plus|some|any|the|our|my|their|a\s+few(?:\s+of)?|a\s+couple(?:\s+of)?|"
                   r"a\s+bit\s+of|a\s+load\s+of|loads\s+of|lots\s+of|a\s+lot\s+of|we\s+have|we'?ve\s+got|"
                   r"there'?s|there\s+are|we\s+keep|i\s+keep|we\s+get|i\s+get|a|an)\s+)+", re.I)
#: An item that says there is nothing: "we dont really track anything", "never kept any".
_DENIED = re.compile(r"\b(?:don'?t|do\s+not|doesn'?t|haven'?t|never|nothing|nowt|none|zero)\b|^\s*(?:no|not\s+any)\s+|"
                     r"^\s*(?:or\s+)?(?:anything|whatever)(?:\s+(?:else|like\s+that))?\s*$", re.I)
#: A piece that says how much or how good of the item before it ("about 60", "mostly 5 stars"): no source.
_DETAIL = re.compile(r"^(?:(?:about|around|roughly|approx\w*|over|under|nearly|almost|maybe|mostly|mainly|usually|"
                     r"loads|lots|not\s+many|hardly\s+any|few|hundreds|dozens|thousands|so|per|each|every|"
                     r"a\s+(?:day|week|month|year))\b|\d|[<>~≈])", re.I)
#: Who fills a source in, said after it: "the returns sheet the driver fills in", "a log that we keep".
_CLAUSE = re.compile(r"\s+(?:that|which|who|where|we|i|they|you|he|she|the|our|my|his|her|their)\s+\S.*$", re.I)
_PREPOSITION = re.compile(r"\b(?:of|from|in|on|for|with|at|by|to|about|into)$", re.I)
_DASH = re.compile(r"\s+[-–—]+\s+")
#: Longer than this, an item is a sentence about the data, not its name.
MAX_WORDS = 5


def _named(item: str) -> str:
    """The source's name in an item: its leading and trailing talk and a clause on who fills it in left out."""
    out = without_hedges(_LEAD.sub("", item.strip(" .!")).strip())
    out = _LEAD.sub("", out).strip()
    clause = _CLAUSE.search(out)
    if clause and not _PREPOSITION.search(out[:clause.start()]) and len(out[:clause.start()].split()) >= 1:
        out = out[:clause.start()]
    return out.strip(" ,.;:")


def no_data(text: str) -> bool:
    """Whether an answer to the data question says there is none ("none really", "nothing yet", "no data",
    "we don't have any"): an answer to keep as it is (no source), never one to ask about again."""
    return no_answer(text) or not data_sources(text) and _DENIED.search(text) is not None


def data_sources(text: str) -> list[str]:
    """Each data source said, in the owner's words and in order, capitalised; none for "not much really"."""
    none = {w.casefold() for w in load().vocab.none_words}
    out: list[str] = []
    for piece in split_list(text):
        for item in _DASH.split(piece):
            if item.casefold() in none or no_answer(item) or _DETAIL.match(item.strip()) or _DENIED.search(item):
                continue
            name = _named(item)
            if not name or name.casefold() in none or no_answer(name) or _DETAIL.match(name) or _DENIED.search(name):
                continue
            if len(name.split()) > MAX_WORDS:
                out.extend(detect_data(name))
            else:
                out.append(tx.capitalise(name))
    seen: set[str] = set()
    return [d for d in out if not (d.casefold() in seen or seen.add(d.casefold()))]
