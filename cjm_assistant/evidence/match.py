"""The playbook's offline evidence matcher: one feedback item -> a pain point, praise, a stage.

It knows three things and uses no model:

* the **pain-point catalogue** of the playbook (``pain_points.toml``), with
  the extra customer wordings and finer *topics* of ``evidence/vocab.toml``;
  each entry has keyword phrases, the phases of a journey where it happens,
  and a usual severity;
* the **map's own words**: each pain point on the map is linked to the
  catalogue entries its name and description match, and keeps its own
  content words; each stage gets a vocabulary from its name (weighted most),
  the keywords of its phase (detected from its name, goal and lanes, since a
  map does not store phases), and the words of its touchpoints, goal and
  lanes that no other stage uses;
* **sentiment**: positive and negative words, wishes ("would be nice if")
  that signal something missing, "but" that shifts the weight to what
  follows, and the item's score when the file has one.

An item that matches a catalogue entry and carries a complaint (or is a
neutral question with a strong match) is a *pain*: on the map's pain point
linked to that entry if there is one, else on a proposed new pain point,
placed on the stage whose phase fits the entry best. A positive item is
*praise*, placed by what it praises (taste, delivery, replies...) and the
stage words. Anything else is *other* and is not placed.

Matching is by stems through inverted indexes, so 10,000 items take about a
second; identical items are matched once.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from cjm_assistant.domain.model import JourneyMap, Stage
from cjm_assistant.knowledge import text as tx
from cjm_assistant.knowledge.catalogue import Knowledge, load

VOCAB_FILE = Path(__file__).with_name("vocab.toml")

MIN_ENTRY = 1.0  # the least keyword score that ties an item to a pain pattern
MIN_NEUTRAL = 3.0  # ...when the item carries no complaint (a bare question)
MIN_OWN_WORDS = 2  # content words of a map pain point an item must share to match it by its own words
MIN_PRAISE_PLACE = 2.0  # the least stage score that places praise
MIN_MENTION_PLACE = 4.0  # ...and a neutral mention ("spotted your stall at the market")
_MONEY = re.compile(r"[£$€¥₹]\s?\d|\d\s?(?:€|eur|euros?|dollars?|pounds?|quid)\b", re.I)
LINK_BONUS = 0.5  # a pattern the map already shows beats an equally good new one


class VocabError(ValueError):
    """evidence/vocab.toml is malformed; the message names the entry."""


# ---------------------------------------------------------------------------
# The vocabulary


@dataclass(frozen=True)
class Entry:
    """Something an item can complain about: a catalogue pain point or an evidence topic."""

    key: str
    name: str
    description: str
    phases: tuple[str, ...]
    severity: int
    needles: tuple[tuple[str, ...], ...]
    channels: tuple[str, ...] = ()
    opportunities: tuple[str, ...] = ()


@dataclass(frozen=True)
class PraiseTopic:
    key: str
    label: str
    phases: tuple[str, ...]
    needles: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Vocab:
    stopwords: frozenset[str]
    positive: tuple[tuple[str, ...], ...]
    negative: tuple[tuple[str, ...], ...]
    positive_phrases: tuple[tuple[str, ...], ...]
    negative_phrases: tuple[tuple[str, ...], ...]
    contrast: tuple[tuple[str, ...], ...]
    praise: tuple[PraiseTopic, ...]
    topics: dict[str, dict]
    pain_keywords: dict[str, list[str]]


def _needles(words: list[str]) -> tuple[tuple[str, ...], ...]:
    out: dict[tuple[str, ...], None] = {}
    for word in words:
        needle = tx.phrase(word)
        if needle:
            out.setdefault(needle)
    return tuple(out)


@functools.cache
def vocab(path: Path = VOCAB_FILE) -> Vocab:
    """The evidence vocabulary, read and checked once."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise VocabError(f"{path.name}: cannot be read ({e})") from None
    kb = load()
    sentiment = data.get("sentiment", {})
    praise = []
    for key, entry in data.get("praise", {}).items():
        for phase in entry.get("phases", []):
            if phase not in kb.vocab.phases:
                raise VocabError(f"{path.name}, [praise.{key}]: {phase!r} is not a phase")
        praise.append(PraiseTopic(key, entry.get("label", key), tuple(entry.get("phases", [])),
                                  _needles(entry.get("keywords", []))))
    topics = data.get("topics", {})
    for key, entry in topics.items():
        for required in ("name", "description", "phases", "keywords"):
            if not entry.get(required):
                raise VocabError(f"{path.name}, [topics.{key}]: {required} is required")
        if entry.get("parent") and entry["parent"] not in kb.pain_points:
            raise VocabError(f"{path.name}, [topics.{key}]: parent {entry['parent']!r} is not in pain_points.toml")
        for phase in entry["phases"]:
            if phase not in kb.vocab.phases:
                raise VocabError(f"{path.name}, [topics.{key}]: {phase!r} is not a phase")
        for industry in entry.get("industries", []):
            if industry not in kb.industries:
                raise VocabError(f"{path.name}, [topics.{key}]: industry {industry!r} is not in industries.toml")
    extra = data.get("pain_keywords", {})
    for key in extra:
        if key not in kb.pain_points:
            raise VocabError(f"{path.name}, [pain_keywords]: {key!r} is not in pain_points.toml")
    stop = {stem for word in data.get("stopwords", []) for stem in tx.phrase(word)}
    return Vocab(
        stopwords=frozenset(stop | {tx.stem(w) for w in kb.vocab.name_stopwords}),
        positive=_needles(sentiment.get("positive", [])),
        negative=_needles(sentiment.get("negative", [])),
        positive_phrases=_needles(sentiment.get("positive_phrases", [])),
        negative_phrases=_needles(sentiment.get("negative_phrases", [])),
        contrast=_needles(sentiment.get("contrast", [])),
        praise=tuple(praise),
        topics=topics,
        pain_keywords=extra,
    )


def entries_for(kb: Knowledge, voc: Vocab, industry: str | None, business_model: str) -> list[Entry]:
    """The pain patterns that apply to a business: catalogue entries and topics, with their needles."""
    topic_needles: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    out: list[Entry] = []
    for key, t in voc.topics.items():
        if t.get("industries") and industry not in t["industries"]:
            continue
        needles = _needles(t["keywords"])
        if t.get("parent"):
            topic_needles[t["parent"]].update(needles)
        out.append(Entry(key, t["name"], t["description"], tuple(t["phases"]), int(t.get("severity", 2)), needles))
    for key, pain in kb.pain_points.items():
        if pain.industries and industry not in pain.industries:
            continue
        if pain.business_models and business_model not in pain.business_models:
            continue
        needles = tuple(n for n in _needles([*pain.keywords, *voc.pain_keywords.get(key, [])])
                        if n not in topic_needles.get(key, ()))
        out.append(Entry(key, pain.name, pain.description, tuple(pain.phases), pain.severity, needles,
                         tuple(pain.channels), tuple(pain.opportunities)))
    return out


# ---------------------------------------------------------------------------
# Results


@dataclass
class Match:
    """What one item is about. ``target`` is a map pain point id, or ``new:KEY`` for a proposed one."""

    kind: str  # pain, praise or other
    stage_id: str | None = None
    target: str | None = None
    touchpoint_id: str | None = None
    score: float = 0.0  # how strongly it matched its pain pattern (or praise topic)
    topic: str | None = None  # the entry key (pain) or praise topic key
    sentiment: float = 0.0  # positive minus negative cues, with the score's sign


@dataclass
class _StageInfo:
    stage: Stage
    index: int
    phases: list[str]
    chains: list[list[str]]
    touchpoints: dict[str, str] = field(default_factory=dict)  # channel key -> touchpoint id


# ---------------------------------------------------------------------------
# Phases of a map's stages


def _template_words(template: str) -> str:
    return re.sub(r"\{[a-z_]+\}", " ", template)


@functools.cache
def _phase_lexicon() -> dict[str, tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]]:
    """Phase -> (its keywords and label, the names of stage templates in that phase)."""
    kb = load()
    names: dict[str, list[str]] = defaultdict(list)
    for model in kb.stage_models.values():
        for st in model.stages:
            names[st.phase].append(_template_words(st.name))
    return {p: (_needles([*info.keywords, info.label]), _needles(names[p])) for p, info in kb.vocab.phases.items()}


def _phase_score(toks: list[str], lexicon: tuple) -> float:
    keywords, templates = lexicon
    return needle_score(toks, keywords) + 0.5 * needle_score(toks, templates)


def needle_score(toks: list[str], needles, present: set[str] | None = None) -> float:
    """Like the playbook's keyword_score, for phrases already stemmed."""
    present = set(toks) if present is None else present
    score = 0.0
    for needle in needles:
        if needle[0] not in present:
            continue
        if len(needle) == 1:
            score += 1
        elif tx.contains(toks, needle):
            score += len(needle)
        elif all(w in present for w in needle):
            score += len(needle) / 2
    return score


def stage_phases(journey: JourneyMap) -> dict[str, list[str]]:
    """Stage id -> the phases it most likely covers, best first (a map does not store them)."""
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
        if best <= 0:
            # Nothing to go on: by position along the usual order of a journey.
            spine = ("discover", "research", "decide", "buy", "receive", "use", "follow-up")
            out[stage.id] = [spine[min(len(spine) - 1, round(i * (len(spine) - 1) / max(1, n - 1)))]]
            continue
        ranked = sorted((p for p in scores if scores[p] >= 0.5 * best), key=lambda p: -scores[p])
        out[stage.id] = ranked[:3]
    return out


# ---------------------------------------------------------------------------
# The matcher


class Matcher:
    """Matches feedback items against one map. Build once per import; :meth:`match` is cheap."""

    def __init__(self, journey: JourneyMap, kb: Knowledge | None = None, voc: Vocab | None = None):
        from cjm_assistant.knowledge.detect import channel_key, detect_industry

        self.journey = journey
        self.kb = kb or load()
        self.voc = voc or vocab()
        b = journey.business
        self.industry = detect_industry(" ".join([b.industry, b.name, b.description, b.offering]))
        self.entries = entries_for(self.kb, self.voc, self.industry, b.business_model)
        self.entry_index: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        for i, entry in enumerate(self.entries):
            for needle in entry.needles:
                self.entry_index[needle[0]].append((i, needle))
        phases = stage_phases(journey)
        self.stages = [
            _StageInfo(s, i, phases[s.id], [self.kb.phase_chain(p) for p in phases[s.id]])
            for i, s in enumerate(journey.stages)
        ]
        self.stage_by_id = {info.stage.id: info for info in self.stages}
        # Channels: the map's channels by catalogue key, and the phrases that name them.
        self.channel_keys: dict[str, str] = {}  # channel name (casefolded) -> key
        for channel in journey.channels:
            key = channel_key(channel.name)
            self.channel_keys[channel.name.casefold()] = key or f"name:{channel.name.casefold()}"
        wanted = set(self.channel_keys.values())
        self.channel_index: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for needle, key, _display, weak in self.kb.channel_phrases:
            if key in wanted and not weak:
                self.channel_index[needle[0]].append((needle, key))
        for channel in journey.channels:  # the map's own channel names, as written
            needle = tx.phrase(channel.name)
            if needle:
                self.channel_index[needle[0]].append((needle, self.channel_keys[channel.name.casefold()]))
        for info in self.stages:
            for tp in info.stage.touchpoints:
                key = self.channel_keys.get(tp.channel.casefold())
                if key:
                    info.touchpoints.setdefault(key, tp.id)
        self.loyal_topics = {"return"}
        self._neg_multi = [n for n in self.voc.negative if len(n) > 1]
        self._pos_multi = [n for n in self.voc.positive if len(n) > 1]
        self._pos_single = {n[0] for n in self.voc.positive if len(n) == 1}
        self._neg_single = {n[0] for n in self.voc.negative if len(n) == 1}
        self._stage_words()
        self._link_pains()
        self._cache: dict[tuple, Match] = {}
        self._channel_cache: dict[str, str | None] = {}

    # -- building --------------------------------------------------------------

    def _content(self, text: str) -> set[str]:
        business = set(tx.tokens(self.journey.business.name))
        return {t for t in tx.tokens(text) if t not in self.voc.stopwords and t not in business and len(t) > 2}

    def _stage_words(self) -> None:
        """An index stem -> (stage, needle, weight) of every stage's vocabulary."""
        self.stage_index: dict[str, list[tuple[int, tuple[str, ...], float]]] = defaultdict(list)
        lanes: list[set[str]] = []
        for info in self.stages:
            s = info.stage
            lanes.append(self._content(" . ".join([s.goal, *(a.text for a in s.actions), *(t.text for t in s.thoughts),
                                                   *(tp.name for tp in s.touchpoints)])))
        seen_in: dict[str, int] = defaultdict(int)
        for words in lanes:
            for w in words:
                seen_in[w] += 1
        for info, words in zip(self.stages, lanes):
            weights: dict[tuple[str, ...], float] = {}
            for phase in info.phases:
                for needle in self.kb.vocab.phases[phase].keywords:
                    n = tx.phrase(needle)
                    if n:
                        weights[n] = max(weights.get(n, 0.0), 1.0)
            for w in words:
                if seen_in[w] == 1:
                    weights[(w,)] = max(weights.get((w,), 0.0), 0.5)
            for w in self._content(info.stage.name):
                weights[(w,)] = 2.0
            for needle, weight in weights.items():
                self.stage_index[needle[0]].append((info.index, needle, weight))

    def _link_pains(self) -> None:
        """Tie each pain point on the map to the catalogue entries its words match."""
        self.links: dict[int, list[tuple[str, float]]] = defaultdict(list)  # entry -> [(pp id, strength)]
        self.own_words: dict[str, set[str]] = {}
        self.pain_stage: dict[str, str] = {}
        self.pain_touchpoint: dict[str, str] = {}
        self.linked_entry: dict[str, str] = {}  # pp id -> the entry key it is linked to best
        for stage, pp in self.journey.pain_points():
            self.pain_stage[pp.id] = stage.id
            self.pain_touchpoint[pp.id] = pp.touchpoint
            name = tx.tokens(pp.name)
            desc = tx.tokens(pp.description)
            by_name, by_desc = self._scores(name, set(name)), self._scores(desc, set(desc))
            scores = {i: 2 * by_name.get(i, 0.0) + by_desc.get(i, 0.0) for i in by_name.keys() | by_desc.keys()}
            best = max(scores.values(), default=0.0)
            if best >= MIN_ENTRY:
                for i, s in sorted(scores.items(), key=lambda kv: -kv[1]):
                    if s >= max(MIN_ENTRY, 0.6 * best):
                        self.links[i].append((pp.id, s))
                        self.linked_entry.setdefault(pp.id, self.entries[i].key)
            self.own_words[pp.id] = self._content(pp.name)
        self.own_index: dict[str, list[str]] = defaultdict(list)
        for pp_id, words in self.own_words.items():
            for w in words:
                self.own_index[w].append(pp_id)

    # -- scoring ---------------------------------------------------------------

    def _scores(self, toks: list[str], present: set[str]) -> dict[int, float]:
        scores: dict[int, float] = {}
        for stem in present:
            for i, needle in self.entry_index.get(stem, ()):
                if len(needle) == 1:
                    s = 1.0
                elif tx.contains(toks, needle):
                    s = float(len(needle))
                elif all(w in present for w in needle):
                    s = len(needle) / 2
                else:
                    continue
                scores[i] = scores.get(i, 0.0) + s
        return scores

    @staticmethod
    def _phrase_hits(toks: list[str], present: set[str], needles, used: list[bool], weight_at) -> float:
        total = 0.0
        for needle in needles:
            if needle[0] not in present:
                continue
            start = tx.find(toks, needle)
            while start >= 0:
                end = start + len(needle)
                if not any(used[start:end]):
                    for j in range(start, end):
                        used[j] = True
                    total += weight_at(start)
                start = tx.find(toks, needle, start + 1)
        return total

    def sentiment(self, toks: list[str], present: set[str]) -> tuple[float, float]:
        """(positive, negative) cue weights; what follows a "but" weighs 1.5."""
        voc = self.voc
        cut = len(toks)
        for needle in voc.contrast:
            at = tx.find(toks, needle) if needle[0] in present else -1
            if 0 <= at < cut:
                cut = at

        def weight_at(i: int) -> float:
            return 1.5 if i > cut else 1.0

        used = [False] * len(toks)
        pos = self._phrase_hits(toks, present, voc.positive_phrases, used, weight_at)
        neg = self._phrase_hits(toks, present, voc.negative_phrases, used, weight_at)
        neg += self._phrase_hits(toks, present, self._neg_multi, used, weight_at)
        pos += self._phrase_hits(toks, present, self._pos_multi, used, weight_at)
        singles_pos, singles_neg = self._pos_single, self._neg_single
        for i, t in enumerate(toks):
            if used[i]:
                continue
            if t in singles_neg:
                neg += weight_at(i)
            elif t in singles_pos:
                pos += weight_at(i)
        return pos, neg

    def _stage_word_scores(self, toks: list[str], present: set[str]) -> list[float]:
        out = [0.0] * len(self.stages)
        for stem in present:
            for index, needle, weight in self.stage_index.get(stem, ()):
                if len(needle) == 1 or tx.contains(toks, needle):
                    out[index] += weight
        return out

    def fit(self, info: _StageInfo, phases: tuple[str, ...] | list[str]) -> float:
        """How well a stage fits a list of phases (best first): 3 for its own first phase, less further off."""
        best = 0.0
        for pidx, phase in enumerate(phases):
            for chain in info.chains:
                if phase in chain:
                    depth = chain.index(phase)
                    if depth <= 2:
                        best = max(best, 3.0 - depth - 0.3 * pidx)
        return best

    def _channel_of(self, toks: list[str], present: set[str]) -> str | None:
        for stem in present:
            for needle, key in self.channel_index.get(stem, ()):
                if len(needle) == 1 or tx.contains(toks, needle):
                    return key
        return None

    def _channel_column(self, value: str | None) -> str | None:
        if not value:
            return None
        if value not in self._channel_cache:
            toks = tx.tokens(value)
            self._channel_cache[value] = self._channel_of(toks, set(toks))
        return self._channel_cache[value]

    def _touchpoint(self, stage_id: str | None, channel: str | None, fallback: str | None) -> str | None:
        if stage_id is None:
            return None
        info = self.stage_by_id[stage_id]
        if channel and channel in info.touchpoints:
            return info.touchpoints[channel]
        return fallback or None

    # -- matching ----------------------------------------------------------------

    def match(self, text: str, rating: int | None = None, channel: str | None = None) -> Match:
        """What one item is about. ``rating``: -1, 0 or +1 from its score; ``channel``: the channel column."""
        key = (text, rating, channel)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._match(text, rating, channel)
            if len(self._cache) < 200_000:
                self._cache[key] = hit
        return Match(**vars(hit))

    def _match(self, text: str, rating: int | None, channel_column: str | None) -> Match:
        toks = tx.tokens(text)
        if not toks:
            return Match("other")
        if _MONEY.search(text):  # "£40 or £140": an amount of money is talk about price
            toks.append(tx.stem("price"))
        present = set(toks)
        pos, neg = self.sentiment(toks, present)
        mood = pos - neg + (rating or 0)
        words = self._stage_word_scores(toks, present)
        channel = self._channel_of(toks, present) or self._channel_column(channel_column)

        # Pain: the best pattern, on the map's own pain point when one is linked to it.
        scores = self._scores(toks, present)
        candidates: dict[str, tuple[float, str, str | None]] = {}  # target -> (score, entry key, stage)
        for i, s in scores.items():
            if s < MIN_ENTRY:
                continue
            entry = self.entries[i]
            linked = self.links.get(i)
            if linked:
                pp_id = max(linked, key=lambda link: (self._own(link[0], present), link[1]))[0]
                stage_id = self.pain_stage[pp_id]
                total = s + LINK_BONUS + 0.25 * words[self.stage_by_id[stage_id].index]
                target = pp_id
            else:
                stage_id, place = self._place(entry.phases, words)
                if stage_id is None:
                    continue
                total = s + 0.1 * place
                target = f"new:{entry.key}"
            if total > candidates.get(target, (0.0,))[0]:
                candidates[target] = (total, entry.key, stage_id)
        for pp_id in {p for stem in present for p in self.own_index.get(stem, ())}:
            overlap = self._own(pp_id, present)
            if overlap >= MIN_OWN_WORDS:
                old = candidates.get(pp_id, (0.0, self.linked_entry.get(pp_id, ""), self.pain_stage[pp_id]))
                candidates[pp_id] = (old[0] + overlap, old[1], old[2])
        best = max(candidates.items(), key=lambda kv: kv[1][0], default=None)

        if best is not None:
            target, (score, entry_key, stage_id) = best
            # A named problem with any complaint in the words (or a low score) is a pain, even
            # beside praise ("slow replies on insta but lovely cake"): it is a mention of that problem.
            complaint = neg > 0 or (rating is not None and rating < 0)
            neutral = pos == 0 and neg == 0 and not rating
            if complaint or (neutral and score >= MIN_NEUTRAL):
                fallback = self.pain_touchpoint.get(target) if not target.startswith("new:") else None
                return Match("pain", stage_id, target, self._touchpoint(stage_id, channel, fallback), score,
                             entry_key, mood)
        stage_id, score, topic = self._place_praise(toks, present, words, best)
        praise = mood > 0 and (pos > 0 or rating is not None)
        if not praise and neg == 0 and topic in self.loyal_topics and score >= MIN_MENTION_PLACE:
            praise = True  # "will be ordering for every birthday from now on"
        if praise:
            return Match("praise", stage_id, None, self._touchpoint(stage_id, channel, None), score, topic, mood)
        if stage_id is not None and score >= MIN_MENTION_PLACE:
            # Neither a complaint nor praise, but clearly about one stage: a mention.
            return Match("other", stage_id, None, self._touchpoint(stage_id, channel, None), score, topic, mood)
        return Match("other", sentiment=mood)

    def _own(self, pp_id: str, present: set[str]) -> int:
        return len(self.own_words.get(pp_id, set()) & present)

    def _place(self, phases: tuple[str, ...], words: list[float]) -> tuple[str | None, float]:
        best, best_score = None, 0.0
        for info in self.stages:
            fit = self.fit(info, phases)
            if fit <= 0 and words[info.index] < 1:
                continue
            score = 2 * fit + words[info.index]
            if score > best_score:
                best, best_score = info.stage.id, score
        return best, best_score

    def _place_praise(self, toks: list[str], present: set[str], words: list[float],
                      pain: tuple[str, tuple[float, str, str | None]] | None) -> tuple[str | None, float, str | None]:
        topic_scores = []
        for topic in self.voc.praise:
            s = sum(len(n) if len(n) == 1 or tx.contains(toks, n) else 0 for n in topic.needles if n[0] in present)
            if s:
                topic_scores.append((topic, float(s)))
        best, best_score = None, 0.0
        for info in self.stages:
            score = words[info.index] + sum(s * self.fit(info, t.phases) for t, s in topic_scores)
            if pain is not None and pain[1][2] == info.stage.id:
                score += 0.5 * pain[1][0]
            if score > best_score:
                best, best_score = info.stage.id, score
        topic = max(topic_scores, key=lambda ts: ts[1])[0].key if topic_scores else None
        if best_score < MIN_PRAISE_PLACE:
            return None, best_score, topic
        return best, best_score, topic
