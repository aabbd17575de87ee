"""The playbook's knowledge base: the TOML files in ``data/``.

The files are read once (:func:`load` is cached), every entry is validated by
a small pydantic model, and every cross-reference (an industry's stage model,
a pain point's opportunities, a stage's phase...) is checked. A bad file fails
loudly with the file name and the key of the entry at fault, so whoever edits
the data learns what to fix. See ``data/README.md`` for the format.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cjm_assistant.domain.model import explain, model_among

# The records are re-exported: callers name them from here, where they are loaded.
from .records import (CHANNEL_KINDS, ChannelInfo, Industry, Journey, KnowledgeError, KpiInfo, OpportunityInfo,
                      PainInfo, StageModel, StageTemplate, TouchpointTemplate, Vocab, _KB)

from . import text as tx

__all__ = ["CHANNEL_KINDS", "ChannelInfo", "Industry", "Journey", "Knowledge", "KnowledgeError", "KpiInfo",
           "OpportunityInfo", "PainInfo", "StageModel", "StageTemplate", "TouchpointTemplate", "Vocab", "load",
           "load_from"]

DATA_DIR = Path(__file__).parent / "data"



# ---------------------------------------------------------------------------
# The loaded knowledge base.


@dataclass(frozen=True)
class Knowledge:
    industries: dict[str, Industry]
    stage_models: dict[str, StageModel]
    channels: dict[str, ChannelInfo]
    pain_points: dict[str, PainInfo]
    opportunities: dict[str, OpportunityInfo]
    kpis: dict[str, list[KpiInfo]]
    vocab: Vocab

    # -- accessors ----------------------------------------------------------

    def phase_chain(self, phase: str) -> list[str]:
        """The phase, then its fallbacks breadth-first (no repeats)."""
        return _phase_chain(self.vocab, phase)

    def kpis_for(self, phase: str, industry: str = "", business_model: str = "", channels: Collection[str] = ()) -> list[KpiInfo]:
        """KPIs for a phase that fit the industry, business model and channels, best first."""
        out = []
        for kpi in self.kpis.get(phase, []):
            if kpi.industries and industry not in kpi.industries:
                continue
            if kpi.business_models and not model_among(business_model, kpi.business_models):
                continue
            if kpi.channels and not set(kpi.channels) & set(channels):
                continue
            out.append(kpi)
        out.sort(key=lambda k: not (k.industries or k.business_models or k.channels))
        return out

    @functools.cached_property
    def channel_names(self) -> dict[str, str]:
        """Casefolded display name (channel or variant) -> channel key."""
        names: dict[str, str] = {}
        for key, info in self.channels.items():
            names.setdefault(info.name.casefold(), key)
            for variant in info.variants:
                names.setdefault(variant.name.casefold(), key)
        return names

    @functools.cached_property
    def channel_phrases(self) -> list[tuple[tuple[str, ...], str, str, bool]]:
        """(stems, channel key, display name, weak) for every synonym, longest first."""
        out: list[tuple[tuple[str, ...], str, str, bool]] = []
        for key, info in self.channels.items():
            for variant in info.variants:
                for syn in [variant.name, *variant.synonyms]:
                    out.append((tx.phrase(syn), key, variant.name, False))
            for syn in [info.name, *info.synonyms]:
                out.append((tx.phrase(syn), key, info.name, False))
            for syn in info.weak_synonyms:
                out.append((tx.phrase(syn), key, info.name, True))
        out = [o for o in out if o[0]]
        order = {key: i for i, key in enumerate(self.channels)}
        out.sort(key=lambda o: (-len(o[0]), o[3], order[o[1]]))
        return out

    def channel_kind(self, name: str) -> str:
        """The Channel.kind of a channel display name ("other" if unknown)."""
        key = self.channel_names.get(name.casefold())
        if key is None:
            return "other"
        info = self.channels[key]
        for variant in info.variants:
            if variant.name.casefold() == name.casefold() and variant.kind:
                return variant.kind
        return info.kind


def _phase_chain(vocab: Vocab, phase: str) -> list[str]:
    chain = [phase]
    i = 0
    while i < len(chain):
        for nxt in vocab.phases[chain[i]].fallback if chain[i] in vocab.phases else []:
            if nxt not in chain:
                chain.append(nxt)
        i += 1
    return chain


# ---------------------------------------------------------------------------
# Loading and checking.


def _read(name: str, data_dir: Path) -> dict[str, Any]:
    path = data_dir / name
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise KnowledgeError(f"{name}: the playbook data file is missing (looked in {data_dir})") from None
    except tomllib.TOMLDecodeError as err:
        raise KnowledgeError(f"{name}: not valid TOML: {err}") from None


def _entries(name: str, data: dict[str, Any], model: type[_KB]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        if not isinstance(value, dict):
            raise KnowledgeError(f"{name}, [{key}]: expected a table of fields, found {type(value).__name__}")
        try:
            out[key] = model.model_validate({"key": key, **value})
        except ValidationError as err:
            raise KnowledgeError(f"{name}, [{key}]: {explain(err)}") from None
    if not out:
        raise KnowledgeError(f"{name}: has no entries")
    return out


def _fail(name: str, key: str, message: str) -> None:
    raise KnowledgeError(f"{name}, [{key}]: {message}")


def _check(kb: Knowledge) -> None:
    phases = kb.vocab.phases
    for key, phase in phases.items():
        for nxt in phase.fallback:
            if nxt not in phases:
                _fail("vocab.toml", f"phases.{key}", f"fallback {nxt!r} is not a phase")
        if phase.opportunity not in kb.opportunities:
            _fail("vocab.toml", f"phases.{key}", f"opportunity {phase.opportunity!r} is not in opportunities.toml")
    for key, ind in kb.industries.items():
        if ind.stage_model not in kb.stage_models:
            _fail("industries.toml", key, f"stage_model {ind.stage_model!r} is not in stage_models.toml")
        for ch in ind.channels:
            if ch not in kb.channels:
                _fail("industries.toml", key, f"channel {ch!r} is not in channels.toml")
        for word in ind.weak:
            if word not in ind.keywords:
                _fail("industries.toml", key, f"weak keyword {word!r} is not one of its keywords")
    for key, sm in kb.stage_models.items():
        for ind in sm.industries:
            if ind not in kb.industries:
                _fail("stage_models.toml", key, f"industry {ind!r} is not in industries.toml")
        names = set()
        for st in sm.stages:
            if st.phase not in phases:
                _fail("stage_models.toml", key, f"stage {st.name!r} has phase {st.phase!r}, not one of: {', '.join(phases)}")
            if st.name.casefold() in names:
                _fail("stage_models.toml", key, f"two stages are called {st.name!r}")
            names.add(st.name.casefold())
    for key, ch in kb.channels.items():
        for phase in ch.touchpoints:
            if phase not in phases:
                _fail("channels.toml", key, f"touchpoints.{phase}: {phase!r} is not a phase")
    for key, pain in kb.pain_points.items():
        for phase in pain.phases:
            if phase not in phases:
                _fail("pain_points.toml", key, f"phase {phase!r} is not a phase")
        for ch in pain.channels:
            if ch not in kb.channels:
                _fail("pain_points.toml", key, f"channel {ch!r} is not in channels.toml")
        for ind in pain.industries:
            if ind not in kb.industries:
                _fail("pain_points.toml", key, f"industry {ind!r} is not in industries.toml")
        for op in pain.opportunities:
            if op not in kb.opportunities:
                _fail("pain_points.toml", key, f"opportunity {op!r} is not in opportunities.toml")
    for key, op in kb.opportunities.items():
        if op.touchpoint:
            if op.touchpoint.channel not in kb.channels:
                _fail("opportunities.toml", key, f"touchpoint channel {op.touchpoint.channel!r} is not in channels.toml")
            if op.touchpoint.phase not in phases:
                _fail("opportunities.toml", key, f"touchpoint phase {op.touchpoint.phase!r} is not a phase")
    for phase, kpis in kb.kpis.items():
        if phase not in phases:
            _fail("kpis.toml", phase, f"{phase!r} is not a phase")
        for kpi in kpis:
            for ind in kpi.industries:
                if ind not in kb.industries:
                    _fail("kpis.toml", phase, f"KPI {kpi.name!r}: industry {ind!r} is not in industries.toml")
            for ch in kpi.channels:
                if ch not in kb.channels:
                    _fail("kpis.toml", phase, f"KPI {kpi.name!r}: channel {ch!r} is not in channels.toml")
    for key, journey in kb.vocab.journeys.items():
        for sm in journey.prefer:
            if sm not in kb.stage_models:
                _fail("vocab.toml", f"journeys.{key}", f"stage model {sm!r} is not in stage_models.toml")
        for phase in [s.phase for s in journey.stages] + journey.core:
            if phase not in kb.vocab.phases:
                _fail("vocab.toml", f"journeys.{key}", f"phase {phase!r} is not in [phases]")
        if journey.stages and not (4 <= len(journey.stages) <= 8 and journey.core):
            _fail("vocab.toml", f"journeys.{key}", "stages needs 4 to 8 stages and a core")
    for ch in kb.vocab.suggested_channels:
        if ch not in kb.channels:
            _fail("vocab.toml", "suggested_channels", f"{ch!r} is not in channels.toml")
    for field, rule in kb.vocab.thin.items():
        for vague in rule.vague:
            for kind in vague.resolved_by:
                if kind not in CHANNEL_KINDS:
                    _fail("vocab.toml", f"thin.{field}", f"resolved_by {kind!r} is not a channel kind")


def load_from(data_dir: Path) -> Knowledge:
    """Load and check a knowledge base from a folder (tests use a copy)."""
    vocab_data = _read("vocab.toml", data_dir)
    try:
        vocab = Vocab.model_validate(vocab_data)
    except ValidationError as err:
        raise KnowledgeError(f"vocab.toml: {explain(err)}") from None
    kpis: dict[str, list[KpiInfo]] = {}
    for phase, entries in _read("kpis.toml", data_dir).items():
        if not isinstance(entries, list):
            raise KnowledgeError(f"kpis.toml, [{phase}]: expected a list of [[{phase}]] KPIs")
        try:
            kpis[phase] = [KpiInfo.model_validate({"phase": phase, **e}) for e in entries]
        except (ValidationError, TypeError) as err:
            raise KnowledgeError(f"kpis.toml, [{phase}]: {explain(err)}") from None
    kb = Knowledge(
        industries=_entries("industries.toml", _read("industries.toml", data_dir), Industry),
        stage_models=_entries("stage_models.toml", _read("stage_models.toml", data_dir), StageModel),
        channels=_entries("channels.toml", _read("channels.toml", data_dir), ChannelInfo),
        pain_points=_entries("pain_points.toml", _read("pain_points.toml", data_dir), PainInfo),
        opportunities=_entries("opportunities.toml", _read("opportunities.toml", data_dir), OpportunityInfo),
        kpis=kpis,
        vocab=vocab,
    )
    _check(kb)
    return kb


@functools.cache
def load() -> Knowledge:
    """The shipped knowledge base, loaded and checked once per process."""
    return load_from(DATA_DIR)


# Typed accessors, for callers that only need one part.


def industries() -> dict[str, Industry]:
    return load().industries


def stage_models() -> dict[str, StageModel]:
    return load().stage_models


def channels() -> dict[str, ChannelInfo]:
    return load().channels


def pain_points() -> dict[str, PainInfo]:
    return load().pain_points


def opportunities() -> dict[str, OpportunityInfo]:
    return load().opportunities


def vocab() -> Vocab:
    return load().vocab
