"""What the model writes for a map's stages, and how it is read: small schemas, lenient reading, part by part.

The model is asked only for what it adds: the stage names (the skeleton), then
each stage's goal, emotion and lanes. Everything else on the map (the
business, personas, channels, the user's own problems) comes from the
interview. The schemas are small and flat on purpose: a lane item is a string
or a small object, so that a small model under a grammar (llama.cpp's
``json_object`` with a schema) can fill them, and every list has a bound.

Reading is lenient and salvaging (:class:`StageReader`): unknown fields are
ignored; an item may be a string or an object; numbers and names are put in
range (emotion -2..2, severity 1-3, names cut to their limit); a touchpoint's
channel is matched to the map's channels (exactly, closely, or by a name inside
it), else added as a new channel the model inferred; references between items
are resolved by id or by name. An item that still does not fit, or that only
repeats the instructions (:class:`prompts.Echoes`), is dropped on its own and
counted, so one bad field never costs the rest of a stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from cjm_assistant.domain.model import (
    KPI,
    MAX_NAME,
    MAX_TEXT,
    Note,
    Opportunity,
    PainPoint,
    Stage,
    Touchpoint,
    did_you_mean,
    next_id,
)
from cjm_assistant.knowledge import relevance

MIN_STAGES, MAX_STAGES = 4, 8  # asked for in a draft
LANE_LIMITS = {"actions": 3, "touchpoints": 4, "thoughts": 2, "pain_points": 3, "opportunities": 2, "kpis": 2}
MAX_STAGE_WORDS = 6  # a stage name longer than this is a sentence, not a name
MAX_STAGE_NAME = 60  # characters
# Lengths and patterns in the schemas bound what a small model writes (llama.cpp's grammar enforces them): a
# name starts with a letter-like character (not a digit, bracket, quote or punctuation: no "1. Order", no "]}")
# and holds no brackets, quotes or line breaks.
_START = '[^ \\n\\[\\]{}<>\\\\"0-9.,:;!?*#()/-]'
_REST = '[^\\n\\[\\]{}<>\\\\"]'
_S = {"type": "string", "pattern": f"^{_START}{_REST}{{1,159}}$"}
_NAME = {"type": "string", "pattern": f"^{_START}{_REST}{{1,59}}$"}
_STAGE_NAME = {"type": "string", "pattern": f"^{_START}{_REST}{{1,39}}$"}
_NUMBERING = re.compile(r"^\s*(?:(?:stage|step|phase)\s*)?\d{1,2}\s*[.):\-–—]?\s+", re.I)
_LETTERS = re.compile(r"[^\W\d_]{2}")
_EMOTIONS = {"very negative": -2, "negative": -1, "neutral": 0, "positive": 1, "very positive": 2, "frustrated": -1,
             "angry": -2, "happy": 1, "delighted": 2, "anxious": -1, "calm": 0, "excited": 2}
_LEVELS = {"low": 1, "minor": 1, "medium": 2, "moderate": 2, "high": 3, "major": 3, "critical": 3, "severe": 3}


# ---------------------------------------------------------------------------
# Schemas


def skeleton_schema() -> dict:
    """{"stages": ["Discover", "Order", ...]}: the stage names, in order."""
    return {"type": "object", "required": ["stages"], "properties": {
        "stages": {"type": "array", "items": _STAGE_NAME, "minItems": MIN_STAGES, "maxItems": MAX_STAGES}}}


def stage_schema(channels: list[str], named: bool = False) -> dict:
    """One stage's goal, emotion and lanes (with ``named``, its name too); a touchpoint's channel is one of
    ``channels`` when the interview named any."""
    channel = {"type": "string", "enum": channels} if channels else _NAME
    bounded = {lane: {"type": "array", "maxItems": limit} for lane, limit in LANE_LIMITS.items()}
    properties: dict[str, Any] = {
        "goal": _S, "emotion": {"type": "integer", "enum": [-2, -1, 0, 1, 2]},
        "actions": {**bounded["actions"], "items": _S},
        "touchpoints": {**bounded["touchpoints"], "items": {
            "type": "object", "required": ["name", "channel"], "properties": {"name": _NAME, "channel": channel}}},
        "thoughts": {**bounded["thoughts"], "items": _S},
        "pain_points": {**bounded["pain_points"], "items": {
            "type": "object", "required": ["name", "severity"],
            "properties": {"name": _NAME, "severity": {"type": "integer", "enum": [1, 2, 3]}}}},
        "opportunities": {**bounded["opportunities"], "items": _NAME},
        "kpis": {**bounded["kpis"], "items": _NAME},
    }
    if named:
        properties = {"name": _STAGE_NAME, **properties}
    return {"type": "object", "required": list(properties), "properties": properties}


def stages_schema(channels: list[str]) -> dict:
    """The whole journey in one reply: {"stages": [stage with its name, ...]}."""
    return {"type": "object", "required": ["stages"], "properties": {
        "stages": {"type": "array", "items": stage_schema(channels, named=True), "minItems": MIN_STAGES,
                   "maxItems": MAX_STAGES}}}


# ---------------------------------------------------------------------------
# Reading


def _text(value: Any, *keys: str) -> str:
    """A string, or the first string field of an object (``name``, ``text``...)."""
    if isinstance(value, dict):
        value = next((value[k] for k in (*keys, "name", "text", "title", "description") if
                      isinstance(value.get(k), str) and value[k].strip()), "")
    return " ".join(value.split()) if isinstance(value, str) else ""


def _name(text: str) -> str:
    return text[:MAX_NAME].rstrip(" ,;:-")


def _level(value: Any, low: int, high: int, words: dict[str, int], default: int) -> int:
    if isinstance(value, str):
        value = words.get(value.strip().casefold(), value)
        try:
            value = float(value)
        except (TypeError, ValueError):
            return default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    return max(low, min(high, round(value)))


_PLACEHOLDER_WORDS = frozenset({
    "current", "stage", "stages", "map", "journey", "step", "steps", "phase", "name", "customer", "business",
    "next", "first", "last", "new", "example", "placeholder", "item", "items", "todo", "tbd", "sample",
    # ordinals and counting words: a small model numbering its slots ("second", "third", "Stage two")
    "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "final",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    # the lanes' own names ("first goal", "last action", "channel1", "pain point 2")
    "goal", "goals", "action", "actions", "thought", "thoughts", "touchpoint", "touchpoints", "channel",
    "channels", "pain", "point", "points", "opportunity", "opportunities", "kpi", "kpis", "emotion"})
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
_WORD_SPLIT = re.compile(r"[\s\-_/.,:;#()]+")
_DIGIT_SPLIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
# A line of the prompt's interview summary copied back ("Channels: Google Search, Website"; see drafting.context).
_CONTEXT_LINE = re.compile(r"^\s*(business|sells|customers?|journey|channels|known problems)\s*:", re.I)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z0-9])")


def _unidentified(said: str) -> str:
    """"Delivery_Window" -> "Delivery Window", "CurrentStage1" -> "Current Stage 1": a small model's
    identifiers read as words."""
    said = said.replace("_", " ")
    return _CAMEL.sub(" ", said) if " " not in said.strip() else said


def _placeholder(name: str, avoid: frozenset[str]) -> bool:
    """A name that is no stage and no item: the business's, a persona's, the map kind's ("B2C") or a line of the
    prompt's interview summary (``avoid``, casefolded), or only placeholder words, ordinals and numbers ("current
    map", "Current Stage 1", "second", "first goal", "channel1", "2nd", "two-three-four")."""
    folded = " ".join(name.casefold().split()).strip(" .,;:!?\"'")
    if not folded or folded in avoid or _CONTEXT_LINE.match(folded):
        return True
    return all(_ORDINAL.match(word) or all(w in _PLACEHOLDER_WORDS or w.isdigit() for w in _DIGIT_SPLIT.split(word))
               for word in _WORD_SPLIT.split(folded) if word)


def stage_names(data: Any, echoes: Any = None, avoid: Any = ()) -> tuple[list[str], list[str]]:
    """(the stage names in a skeleton reply, what was left out): numbering ("1. ", "Stage 2:") stripped,
    identifiers read as words; repeats, echoes, empty names and names that are no stage (``avoid``: the
    business's and personas' names, the map's kind, casefolded; placeholders) dropped."""
    items = data.get("stages") if isinstance(data, dict) else data
    avoid = frozenset(avoid)
    names: list[str] = []
    dropped: list[str] = []
    for item in items if isinstance(items, list) else []:
        said = _unidentified(_NUMBERING.sub("", _text(item, "stage")).strip(" .,;:\"'[]{}"))
        name = _name(said)
        if not _LETTERS.search(name) or len(said) > MAX_STAGE_NAME or len(name.split()) > MAX_STAGE_WORDS \
                or _placeholder(name, avoid) or (echoes is not None and echoes(name)):
            dropped.append(f"an unusable stage name ({_text(item)[:40]!r})")
        elif name.casefold() in {n.casefold() for n in names}:
            dropped.append(f"a repeated stage “{name}”")
        else:
            names.append(name)
    if len(names) > MAX_STAGES:
        dropped.append(f"{len(names) - MAX_STAGES} more stages (a draft has at most {MAX_STAGES})")
    return names[:MAX_STAGES], dropped


@dataclass
class Channels:
    """The map's channels (dicts as on the map), and those a touchpoint names that the interview did not."""

    known: list[dict]
    added: list[dict] = field(default_factory=list)

    def names(self) -> list[str]:
        return [c["name"] for c in self.known]

    def match(self, said: str) -> str:
        """The map's channel a touchpoint means (exactly, closely, or named inside it), else a new channel."""
        names = self.names()
        if not said:
            return names[0] if names else self._add("Other")
        folded = {n.casefold(): n for n in names}
        if said.casefold() in folded:
            return folded[said.casefold()]
        close = did_you_mean(said, names) or next((n for n in names if n.casefold() in said.casefold()), None)
        return close or self._add(_name(said))

    def _add(self, name: str) -> str:
        from cjm_assistant.knowledge.catalogue import load

        used = {c["id"] for c in self.known}
        channel = {"id": next_id("ch", used), "name": name, "kind": load().channel_kind(name),
                   "provenance": "inferred"}
        self.known.append(channel)
        self.added.append(channel)
        return name


class StageReader:
    """Turns what the model wrote for a stage into a valid stage (a dict as on the map), item by item.

    Ids are given here, after the ids already on the map (``used``), so that a pain point's touchpoint and
    an opportunity's pain points can be resolved by the model's id or by name. Everything read is ``inferred``.
    """

    def __init__(self, channels: Channels, used: set[str], echoes: Any = None, avoid: Any = ()):
        self.channels = channels
        self.used = set(used)
        self.echoes = echoes or (lambda text: False)
        # What is no item's name or text: the interview's names and summary lines (the prompt echoed back).
        self.avoid = frozenset(avoid)

    def _unusable(self, text: str) -> bool:
        return self.echoes(text) or _placeholder(text, self.avoid)

    def _id(self, prefix: str) -> str:
        new = next_id(prefix, self.used)
        self.used.add(new)
        return new

    def stage(self, name: str, data: Any) -> tuple[dict, list[str]]:
        """(the stage, what was dropped from it, as phrases: "1 touchpoint (channel: Field required)")."""
        data = data if isinstance(data, dict) else {}
        dropped: list[str] = []
        goal = _text(data.get("goal"))
        stage: dict[str, Any] = {
            "id": self._id("st"), "name": name, "provenance": "inferred",
            "goal": "" if self._unusable(goal) else goal[:MAX_TEXT],
            "emotion": _level(data.get("emotion"), -2, 2, _EMOTIONS, 0),
        }
        refs: dict[str, str] = {}  # the model's ids and names (casefolded) -> ours
        stage["actions"] = self._notes(data.get("actions"), "ac", "actions", dropped)
        stage["touchpoints"] = self._items(data.get("touchpoints"), "touchpoints", Touchpoint, dropped, refs,
                                           self._touchpoint)
        stage["thoughts"] = self._notes(data.get("thoughts"), "th", "thoughts", dropped)
        stage["pain_points"] = self._items(data.get("pain_points"), "pain_points", PainPoint, dropped, refs,
                                           lambda raw: self._pain(raw, refs))
        pains = stage["pain_points"]
        stage["opportunities"] = self._items(data.get("opportunities"), "opportunities", Opportunity, dropped, refs,
                                             lambda raw: self._opportunity(raw, refs, pains))
        stage["kpis"] = self._items(data.get("kpis"), "kpis", KPI, dropped, refs, self._kpi)
        Stage.model_validate(stage)  # every part was checked on its own: this holds
        return stage, _counted(dropped)

    # -- lanes -------------------------------------------------------------------------------------

    def _notes(self, raw: Any, prefix: str, lane: str, dropped: list[str]) -> list[dict]:
        out = []
        for item in raw if isinstance(raw, list) else []:
            text = _text(item, "text", "action", "thought")
            if not text or self._unusable(text):
                dropped.append(_singular(lane))
                continue
            note = {"id": self._id(prefix), "text": text[:MAX_TEXT], "provenance": "inferred"}
            Note.model_validate(note)
            out.append(note)
        return out[:LANE_LIMITS[lane] * 2]

    def _items(self, raw: Any, lane: str, model: type, dropped: list[str], refs: dict[str, str], make) -> list[dict]:
        out = []
        for item in raw if isinstance(raw, list) else []:
            made = make(item)
            name = made.get("name", "") if made else ""
            if not name or self._unusable(name):
                dropped.append(_singular(lane))
                continue
            made.update(id=self._id(_PREFIX[lane]), provenance="inferred")
            try:
                model.model_validate(made)
            except ValidationError:
                dropped.append(_singular(lane))
                continue
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                refs[item["id"]] = made["id"]
            refs[name.casefold()] = made["id"]
            out.append(made)
        return out[:LANE_LIMITS[lane] * 2]

    def _touchpoint(self, raw: Any) -> dict:
        name = _name(_text(raw, "touchpoint"))
        said = _text(raw.get("channel")) if isinstance(raw, dict) else ""
        if not said:  # "Instagram post": the channel is in the name
            said = next((c for c in self.channels.names() if c.casefold() in name.casefold()), "")
        names = self.channels.names()
        if not said and len(names) > 1:
            return {"name": name, "channel": ""}  # which channel is a guess too far: the touchpoint is dropped
        tp = {"name": name, "channel": self.channels.match(said)}
        if isinstance(raw, dict):
            tp.update({k: _text(raw.get(k))[:MAX_NAME if k == "team" else MAX_TEXT] for k in ("team", "description")
                       if _text(raw.get(k)) and not self.echoes(_text(raw.get(k)))})
        return tp

    def _pain(self, raw: Any, refs: dict[str, str]) -> dict:
        pain = {"name": _name(_text(raw, "pain_point")), "severity": 2}
        if isinstance(raw, dict):
            pain["severity"] = _level(raw.get("severity"), 1, 3, _LEVELS, 2)
            description = _text(raw.get("description"))
            if description and not self.echoes(description):
                pain["description"] = description[:MAX_TEXT]
            where = _text(raw.get("touchpoint"))
            if where and (where in refs or where.casefold() in refs):
                pain["touchpoint"] = refs.get(where) or refs[where.casefold()]
        return pain

    def _opportunity(self, raw: Any, refs: dict[str, str], pains: list[dict]) -> dict:
        name = _name(_text(raw, "opportunity"))
        said = raw.get("addresses") or raw.get("answers") if isinstance(raw, dict) else None
        said = [said] if isinstance(said, str) else said if isinstance(said, list) else []
        addresses = [refs.get(s) or refs.get(s.casefold()) for s in said if isinstance(s, str)]
        addresses = [a for a in addresses if a and a.startswith("pp")]
        if not addresses and pains:  # it answers the stage's pain point whose words it shares most
            best = max(pains, key=lambda p: relevance.overlap(name, f"{p['name']} {p.get('description', '')}"))
            addresses = [best["id"]]
        opportunity = {"name": name, "addresses": list(dict.fromkeys(addresses))}
        if isinstance(raw, dict):
            opportunity.update({k: raw[k] for k in ("impact", "effort") if raw.get(k) in ("low", "medium", "high")})
        return opportunity

    def _kpi(self, raw: Any) -> dict:
        kpi = {"name": _name(_text(raw, "kpi", "metric"))}
        if isinstance(raw, dict) and _text(raw.get("target")):
            kpi["target"] = _name(_text(raw.get("target")))
        return kpi


_PREFIX = {"touchpoints": "tp", "pain_points": "pp", "opportunities": "op", "kpis": "kp"}
_NOUNS = {"actions": "action", "touchpoints": "touchpoint", "thoughts": "thought", "pain_points": "pain point",
          "opportunities": "opportunity", "kpis": "KPI"}


def _singular(lane: str) -> str:
    return _NOUNS[lane]


def _counted(dropped: list[str]) -> list[str]:
    """["touchpoint", "touchpoint", "thought"] -> ["2 touchpoints", "1 thought"]."""
    from cjm_assistant.domain.model import plural

    counts: dict[str, int] = {}
    for noun in dropped:
        counts[noun] = counts.get(noun, 0) + 1
    return [f"{n} {noun if n == 1 else plural(noun)}" for noun, n in counts.items()]
