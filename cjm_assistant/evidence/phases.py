"""What the playbook's general knowledge says about a map: each stage's journey phases, and which catalogue
pain point each of the map's pain points is.

A map does not store phases (discover, book, receive, use...) or catalogue keys; they are read here from the
map's own words against the playbook's knowledge base (``knowledge/data``), for the evidence matcher (phase
words fill in what a customer says and a map leaves out) and for the future state (which catalogue
opportunity answers a pain point, and on which stage its touchpoint goes).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.knowledge import text as tx
from cjm_assistant.knowledge.catalogue import load
from cjm_assistant.knowledge.sense import describing_words

from .wayfinding import about_finding

MIN_LINK = 1.0  # keyword score that ties a map pain point to a catalogue entry
SPINE = ("discover", "research", "decide", "buy", "receive", "use", "follow-up")


def _template_words(template: str) -> str:
    return re.sub(r"\{[a-z_]+\}", " ", template)


@functools.cache
def _phase_lexicon() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Phase -> (its keywords and label, the names of stage templates in that phase)."""
    kb = load()
    names: dict[str, list[str]] = defaultdict(list)
    for model in kb.stage_models.values():
        for st in model.stages:
            names[st.phase].append(_template_words(st.name))
    return {p: (tuple([*info.keywords, info.label]), tuple(names[p])) for p, info in kb.vocab.phases.items()}


def _phase_score(toks: list[str], lexicon: tuple) -> float:
    keywords, templates = lexicon
    return tx.keyword_score(toks, keywords) + 0.5 * tx.keyword_score(toks, templates)


def stage_phases(journey: JourneyMap) -> dict[str, list[str]]:
    """Stage id -> the phases it most likely covers, best first."""
    lexicon = _phase_lexicon()
    allowed = [p for p in lexicon if p != "routine" or journey.kind == "day-in-the-life"]
    out: dict[str, list[str]] = {}
    n = len(journey.stages)
    for i, stage in enumerate(journey.stages):
        name = tx.tokens(stage.name)
        goal = tx.tokens(stage.goal)
        lanes = tx.tokens(" . ".join([*(a.text for a in stage.actions), *(t.text for t in stage.thoughts),
                                      *(tp.name for tp in stage.touchpoints)]))
        # The name says most: when it names a phase, only phases it names count.
        by_name = {p: _phase_score(name, lexicon[p]) for p in allowed}
        if max(by_name.values(), default=0.0) > 0:
            scores = {p: 3 * by_name[p] + _phase_score(goal, lexicon[p]) for p in allowed if by_name[p] > 0}
        else:
            scores = {p: _phase_score(goal, lexicon[p]) + 0.5 * _phase_score(lanes, lexicon[p]) for p in allowed}
        best = max(scores.values(), default=0.0)
        if best <= 0:  # nothing to go on: by position along the usual order of a journey
            out[stage.id] = [SPINE[min(len(SPINE) - 1, round(i * (len(SPINE) - 1) / max(1, n - 1)))]]
            continue
        ranked = sorted((p for p in scores if scores[p] >= 0.5 * best), key=lambda p: -scores[p])
        out[stage.id] = ranked[:3]
    return out


@functools.cache
def _finding_entries() -> frozenset[str]:
    """The keys of the catalogue's pain points about finding the place (:func:`.wayfinding.about_finding`)."""
    return frozenset(key for key, entry in load().pain_points.items()
                     if about_finding(f"{entry.name}. {entry.description}"))


def linked_entries(journey: JourneyMap) -> dict[str, str]:
    """Map pain point id -> the key of the catalogue pain point its name (twice) and description match best."""
    kb = load()
    out: dict[str, str] = {}
    for _, pp in journey.pain_points():
        # what is hard to find is the thing named after it ("Hard to find a free slot": no slot is free), not the
        # business, so no catalogue problem of being found ("Hard to find online"); "Hard to find us" still is
        name, desc = tx.tokens(describing_words(pp.name)), tx.tokens(describing_words(pp.description or ""))
        # a pain point about finding the place ("Entrance hard to find") is no catalogue problem of another fault
        # that shares its words ("Hard to find online"): only one about the way there or in may be it
        place = about_finding(f"{pp.name}. {pp.description or ''}")
        scored = [(2 * tx.keyword_score(name, entry.keywords) + tx.keyword_score(desc, entry.keywords), key)
                  for key, entry in kb.pain_points.items() if not place or key in _finding_entries()]
        score, key = max(scored, default=(0.0, ""))
        if score >= MIN_LINK:
            out[pp.id] = key
    return out


# Words that say nothing about which catalogue entry an item is (the list the future state has always used).
CONTENT_STOPWORDS = """
the a an and or of to in on for with at by from it its is was be are we i you your my our they them she her he
his this that what how when where who which so as up out get gets got one all can could would will just very
really much many more some any no not nothing do does did have has had their there about first next time way
like make made know tell see want hard easy order customer customers business day new sure back still
""".split()


@functools.cache
def _stop_stems() -> frozenset[str]:
    kb = load()
    return frozenset(t for w in (*CONTENT_STOPWORDS, *kb.vocab.name_stopwords) for t in tx.tokens(w))


def content_words(text: str) -> set[str]:
    """The stems of a text's content words (function and generic words left out)."""
    stop = _stop_stems()
    return {t for t in tx.tokens(text) if t not in stop and len(t) > 2}


def stage_phase_words(journey: JourneyMap) -> dict[int, tuple[str, ...]]:
    """Stage index -> the keywords of the (at most two) journey phases it most likely covers.

    The phases and their words are the playbook's general knowledge of journeys (discover, book, receive,
    use, support...), not any business's: they fill in the words a customer uses and a map leaves out
    ("courier", "parcel" on a delivery stage).
    """
    phases = load().vocab.phases
    by_stage = stage_phases(journey)
    return {i: tuple(kw for p in by_stage.get(stage.id, [])[:2] for kw in phases[p].keywords)
            for i, stage in enumerate(journey.stages)}
