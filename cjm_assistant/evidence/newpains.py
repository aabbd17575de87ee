"""Names for problems the map does not show, from the playbook's pain-point catalogue.

A complaint that fits no pain point on the map may still be one that many
customers share. The playbook's catalogue (``knowledge/data/pain_points.toml``:
common problems of small businesses, by industry and business model, with
the words people use for them) gives such a problem a name; the proposal
only adds it when enough confident complaints share it (see
:func:`.propose.min_new_mentions`). Matching the map is not done here: that
is :mod:`.placement`, from the map's own words.
"""

from __future__ import annotations

import functools

from cjm_assistant.domain.model import JourneyMap, model_among
from cjm_assistant.knowledge import text as tx

MIN_SCORE = 2.0  # keyword score: one two-word phrase, or two words


@functools.cache
def _catalogue():
    from cjm_assistant.knowledge.catalogue import load

    return load()


class Catalogue:
    """The catalogue entries that apply to one map's business."""

    def __init__(self, journey: JourneyMap):
        from cjm_assistant.knowledge.detect import detect_industry

        kb = _catalogue()
        b = journey.business
        industry = detect_industry(" ".join([b.industry, b.name, b.description, b.offering]))
        on_map = {tx.fold(pp.name) for _, pp in journey.pain_points()}
        self.entries = {key: pain for key, pain in kb.pain_points.items()
                        if (not pain.industries or industry in pain.industries)
                        and (not pain.business_models or model_among(b.business_model, pain.business_models))
                        and tx.fold(pain.name) not in on_map}

    def best(self, text: str) -> tuple[str, float] | None:
        """The catalogue key a complaint names best, and how strongly; None below :data:`MIN_SCORE`."""
        toks = tx.tokens(text)
        if not toks:
            return None
        present = set(toks)
        scored = [(tx.keyword_score(toks, pain.keywords, present), key) for key, pain in self.entries.items()]
        score, key = max(scored, default=(0.0, ""))
        return (key, score) if score >= MIN_SCORE else None

    def describe(self, key: str) -> tuple[str, str, int]:
        pain = self.entries[key]
        return pain.name, pain.description, pain.severity
