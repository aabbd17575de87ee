"""The playbook engine: offline, deterministic journey maps from a knowledge base.

No network, no key, no model: the knowledge lives in TOML files under
``data/`` (see ``data/README.md``); :mod:`.extract` reads interview answers
into a :class:`~cjm_assistant.domain.profile.Profile`, :mod:`.compose` turns a
profile into a :class:`~cjm_assistant.domain.model.JourneyMap`, and
:class:`PlaybookEngine` offers both through the engine protocol.
"""

from __future__ import annotations

from cjm_assistant.knowledge.catalogue import Knowledge, KnowledgeError, load

from .compose import assumptions, compose, compose_with_notes, propose_stream
from .engine import PlaybookEngine
from .extract import (
    business_name,
    detect_business_model,
    detect_channels,
    detect_industry,
    detect_kind,
    extract,
    split_list,
    thin_answer,
)

__all__ = [
    "Knowledge", "KnowledgeError", "PlaybookEngine", "assumptions", "business_name", "compose",
    "compose_with_notes", "detect_business_model", "detect_channels", "detect_industry", "detect_kind",
    "extract", "load", "propose_stream", "split_list", "thin_answer",
]
