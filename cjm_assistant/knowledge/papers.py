"""A paper or magazine named in a channels answer: "an ad in the Cambs Times" is the channel "Cambs Times" (print),
never "Ad"; "people who saw us in the Times" and "the Times newspaper" name it again (:func:`publication`)."""

from __future__ import annotations

import re
from collections.abc import Callable

from . import text as tx


_CAP = r"[A-Z][\w'’&.-]*"
#: Words for an advert, or a piece about the business, in a paper: "an ad", "a write-up", "a listing"
ADVERT = re.compile(r"\b(?i:ads?|adverts?|advertisements?|advertis(?:ing|ed|e)|write-?ups?|articles?|features?|"
                     r"pieces?|listings?)\b")
_SEEN_IN = re.compile(r"\b(?i:saw|seen|see|sees|read|reads|spotted|noticed|found)\s+(?i:us|about\s+us|our\s+\w+|it)\b")
#: A paper or magazine named where the business is seen: "an ad in the Cambs Times", "a write-up in the Ely Standard
#: newspaper", "people who saw us in the Times"; and named on its own: "the Times newspaper"
_IN_THE = re.compile(rf"\b(?i:in|on)\s+(?:(?i:the)\s+)?(?P<name>(?:{_CAP}\s+){{0,3}}{_CAP})"
                     r"(?P<paper>\s+(?i:newspapers?|papers?|magazines?|mags?))?(?![\w'’&.-])")
_PAPER_NAMED = re.compile(rf"^(?:(?i:the)\s+)?(?P<name>(?:{_CAP}\s+){{0,3}}{_CAP})\s+(?i:newspapers?|papers?|magazines?)$")
#: The last word of a paper's or magazine's name
_MASTHEAD = frozenset({"times", "standard", "gazette", "news", "herald", "post", "echo", "mail", "chronicle",
                       "advertiser", "journal", "courier", "express", "mercury", "observer", "guardian", "telegraph",
                       "argus", "recorder", "star", "citizen", "press", "magazine", "mirror", "sentinel", "bulletin",
                       "reporter", "examiner", "tribune", "independent", "leader", "pioneer", "messenger"})


def publication(head: str, strip_lead: Callable[[str], str],
                known_channels: Callable[[str], list[tuple[str, str]]]) -> tuple[str, str | None] | None:
    """(name, catalogue key) of a paper or magazine an item names as where the business is seen ("an ad in the Cambs
    Times" -> "Cambs Times", print; "the Times newspaper" -> "Times"), or None. An ad on a channel the catalogue
    knows ("an ad on Facebook") is that channel's, and left to it. The channels answer's reader lends how it strips
    an item's leading small words (``strip_lead``) and finds the catalogue's channels in words (``known_channels``)."""
    m = _PAPER_NAMED.match(strip_lead(head))
    if m and len(m["name"].split()) == 1 and m["name"].casefold() not in _MASTHEAD:
        m = None  # "Local newspaper": a kind of paper, no paper's name
    paper = bool(m)
    if m is None:
        m = _IN_THE.search(head)
        if m is None or not (ADVERT.search(head[:m.start()]) or _SEEN_IN.search(head[:m.start()])):
            return None
        paper = bool(m["paper"])
    name = re.sub(r"^The\s+", "", m["name"])
    known = [key for key, _ in known_channels(name)]
    masthead = name.split()[-1].casefold() in _MASTHEAD
    if known and not masthead and "print" not in known:
        return None
    if not (paper or masthead) and not ADVERT.search(head[:m.start()]):
        return None  # "people who saw us in the Co-op": a place, no paper
    return tx.capitalise(name), "print" if paper or masthead or "print" in known else None
