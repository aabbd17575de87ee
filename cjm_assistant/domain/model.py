"""The journey map schema: the single source of truth.

Everything else derives from these pydantic models: the JSON schema an LLM is
asked to fill (``cjm schema``), the JSON export and import, the rows of the
SQLite store and the Markdown export.

Every item on a map (stage, touchpoint, pain point, ...) has a short stable id
(``st1``, ``tp12``, ``pp3``) and a provenance that says where it came from:

* ``user``: the user said it;
* ``evidence``: imported customer data backs it;
* ``inferred``: an engine guessed it.

Ids may be left out on input (an LLM draft, a hand-written JSON file): the map
validator assigns the next free id of the right kind. Ids that are given must
be unique across the whole map, and every reference must point at something
that exists.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from pydantic.json_schema import SkipJsonSchema

from cjm_assistant.domain.errors import MapError  # noqa: F401 - re-exported
from cjm_assistant.domain.lanes import (  # noqa: F401 - re-exported: the words and lanes of a map live there
    EMOTION_LABELS,
    LANES,
    MAP_KIND_LABELS,
    PREFIXES,
    SCHEMA_VERSION,
    SEVERITY_LABELS,
    Lane,
    MapWalk,
    lane_of_op,
    noun,
    plural,
)
from cjm_assistant.domain.text import clean_name, clean_text  # noqa: F401 - re-exported

# Bounds: a real map is far smaller; these stop absurd input (a 1 MB paste in
# a name, a model that emits 10,000 stages) with a clear message.
MAX_NAME = 200
MAX_TEXT = 4000
MAX_STAGES = 60
MAX_ITEMS_PER_LANE = 200
MAX_PERSONAS = 20
MAX_CHANNELS = 60
MAX_TRANSITIONS = 2000

Provenance = Literal["user", "evidence", "inferred"]
MapKind = Literal["current", "future", "day-in-the-life", "blueprint"]
BusinessModel = Literal["B2C", "B2B", "B2B and B2C", "B2B2C", "D2C", "C2C", "marketplace", "nonprofit", "public", "other"]
#: A business that sells both to firms and to the public ("trade and public"): it is both B2B and B2C.
BOTH_MODELS = "B2B and B2C"


def model_among(business_model: str, models: Collection[str]) -> bool:
    """Whether a business of ``business_model`` is one of ``models``. One selling to both trade and the public
    takes what is meant for the public, and what is marked for both; what is meant for B2B alone (demos, win rate,
    procurement reviews: selling to firms) does not fit a shop or a yard that also has trade customers (attack 15:
    a student's map got "Long security and procurement review")."""
    return business_model in models or (business_model == BOTH_MODELS and "B2C" in models)
Level = Literal["low", "medium", "high"]
TransitionKind = Literal["next", "drop-off", "loop-back"]


# Text hygiene lives in domain/text.py; clean_text and clean_name are re-exported here.


def _not_blank(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


# Lengths are checked on the raw text (so a 1 MB paste is refused at once, as
# "String should have at most 200 characters"), then the text is cleaned, then
# a required name is checked again: "   " or a bare escape code is empty too.
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME), AfterValidator(clean_name), AfterValidator(_not_blank)]
OptName = Annotated[str, Field(max_length=MAX_NAME), AfterValidator(clean_name)]
Text = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(clean_text)]
RequiredText = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), AfterValidator(clean_text), AfterValidator(_not_blank)]
ItemId = Annotated[str, Field(pattern=r"^$|^[a-z]{2}[0-9]{1,6}$", max_length=8)]


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Item(Base):
    """Anything on a map that can be referred to and may be a guess."""

    id: ItemId = Field("", description="Stable short id such as 'tp3'; leave empty to have one assigned.")
    provenance: Provenance = Field(
        "inferred",
        description="user: the user said it; evidence: customer data backs it; inferred: a guess.",
    )


# ---------------------------------------------------------------------------
# Who the map is about.


class Business(Base):
    name: Name
    description: Text = ""
    industry: OptName = ""
    offering: Text = ""
    business_model: BusinessModel = "B2C"
    goals: list[Text] = Field(default_factory=list, max_length=20, description="Why this map is being made.")
    customers: Text = Field("", description="Who the customers are, in the user's words.")
    data: list[Text] = Field(default_factory=list, max_length=50, description="What the business knows about "
                                                                               "its customers from data, as said.")
    notes: list[Text] = Field(default_factory=list, max_length=50, description="Other things said about how "
                                                                                "customers reach the business "
                                                                                "(partners, people, places).")
    inferred: list[Literal["name", "description", "industry", "offering", "customers", "business_model", "goals",
                           "data"]] = Field(
        default_factory=list, max_length=8, exclude_if=lambda v: not v,
        description="The fields a model read or guessed rather than the user said (shown marked as inferred).")


class Persona(Item):
    name: Name
    summary: Text = ""
    goals: list[Text] = Field(default_factory=list, max_length=30)
    frustrations: list[Text] = Field(default_factory=list, max_length=30)
    channels: list[Name] = Field(default_factory=list, max_length=MAX_CHANNELS, description="Preferred channels, by name.")
    quote: Text = ""
    notes: list[Text] = Field(default_factory=list, max_length=30, description="Other things said about how they "
                                                                                "reach the business (a device, a "
                                                                                "time, someone who helps).")


class Channel(Item):
    name: Name
    description: Text = Field("", description="What the user said about it (a tool, a place, who answers).")
    kind: Literal["web", "app", "email", "phone", "chat", "social", "messaging", "store", "marketplace", "delivery", "in-person", "print", "other"] = "other"


# ---------------------------------------------------------------------------
# The stages and their lanes.


class Scoped(Item):
    """An item of the journey that may concern only some of the map's personas (a two-sided business: buyers
    and sellers in one journey)."""

    personas: list[ItemId] = Field(
        default_factory=list, max_length=MAX_PERSONAS,
        description="Ids of the personas this concerns; empty: every persona.",
    )


class Note(Scoped):
    """A one-line entry in a simple lane: an action or a thought."""

    text: RequiredText


class Touchpoint(Scoped):
    name: Name
    channel: Name = Field(description="Name of one of the map's channels.")
    team: OptName = Field("", description="The team that owns this touchpoint.")
    description: Text = ""
    backstage: list[Text] = Field(default_factory=list, max_length=30, description="Backstage actions (service blueprint).")


class PainPoint(Scoped):
    name: Name
    description: Text = ""
    severity: int = Field(2, ge=1, le=3, description="1 low, 2 medium, 3 high.")
    touchpoint: ItemId = Field("", description="Id of the touchpoint it sits on, if any.")
    evidence: list[Text] = Field(default_factory=list, max_length=50, description="Quotes or facts that back it.")
    mentions: int = Field(0, ge=0, description="How many customer items mention it.")


class Opportunity(Scoped):
    name: Name
    description: Text = ""
    addresses: list[ItemId] = Field(default_factory=list, description="Ids of the pain points it answers.")
    impact: Level = "medium"
    effort: Level = "medium"


class KPI(Scoped):
    name: Name
    target: OptName = ""
    current: OptName = ""


def lane_item(lane: Lane) -> type[Item]:
    """The model of a lane's items (``LANES["pain_points"]`` -> :class:`PainPoint`)."""
    return _LANE_ITEMS[lane.model]


_LANE_ITEMS: dict[str, type[Item]] = {"Note": Note, "Touchpoint": Touchpoint, "PainPoint": PainPoint,
                                      "Opportunity": Opportunity, "KPI": KPI}


class Stage(Scoped):
    name: Name
    goal: Text = Field("", description="What the customer wants at this stage.")
    emotion: int = Field(0, ge=-2, le=2, description="-2 very negative .. +2 very positive.")
    actions: list[Note] = Field(default_factory=list, max_length=MAX_ITEMS_PER_LANE)
    touchpoints: list[Touchpoint] = Field(default_factory=list, max_length=MAX_ITEMS_PER_LANE)
    thoughts: list[Note] = Field(default_factory=list, max_length=MAX_ITEMS_PER_LANE)
    pain_points: list[PainPoint] = Field(default_factory=list, max_length=MAX_ITEMS_PER_LANE)
    opportunities: list[Opportunity] = Field(default_factory=list, max_length=MAX_ITEMS_PER_LANE)
    kpis: list[KPI] = Field(default_factory=list, max_length=MAX_ITEMS_PER_LANE)


class Transition(Item):
    source: ItemId = Field(min_length=1, description="Id of the touchpoint the customer leaves.")
    target: ItemId = Field("", description="Id of the touchpoint they go to; empty for a drop-off.")
    kind: TransitionKind = "next"
    label: Text = ""


class JourneyMap(Base, MapWalk):
    """One customer journey map, drawn for one persona (walked by the methods of ``lanes.MapWalk``)."""

    schema_version: int = SCHEMA_VERSION
    title: Name
    kind: MapKind = "current"
    scope: Text = Field("", description="The journey mapped, e.g. 'first online order of a custom cake'.")
    business: Business
    personas: list[Persona] = Field(default_factory=list, max_length=MAX_PERSONAS)
    persona: ItemId = Field("", description="Id of the persona this map is drawn for.")
    channels: list[Channel] = Field(default_factory=list, max_length=MAX_CHANNELS)
    stages: list[Stage] = Field(default_factory=list, max_length=MAX_STAGES)
    unplaced: list[PainPoint] = Field(
        default_factory=list, max_length=MAX_ITEMS_PER_LANE,
        description="Pain points the user stated whose stage is not known yet (listed as 'Not yet placed').",
    )
    transitions: list[Transition] = Field(default_factory=list, max_length=MAX_TRANSITIONS)
    #: The highest number given so far to each kind of id ("pp": 10): a new item never takes the id of one that was
    #: removed, whose customer evidence (stored by id) would follow it. Kept with the map, so that a version rebuilt
    #: from its ops gets the same ids; left out of the schema (a model never writes it).
    issued: SkipJsonSchema[dict[str, int]] = Field(default_factory=dict)

    # -- validation ----------------------------------------------------------

    @model_validator(mode="after")
    def _check(self) -> JourneyMap:
        assign_ids(self)
        check_bounds(self)
        seen: dict[str, str] = {}
        for kind, item, _ in self.items():
            if item.id in seen:
                raise MapError(f"two items share the id {item.id!r} (a {noun(seen[item.id])} and a {noun(kind)})")
            seen[item.id] = kind
        _unique_names("stage", [s.name for s in self.stages])
        _unique_names("channel", [c.name for c in self.channels])
        channels = {c.name.casefold() for c in self.channels}
        touchpoints = {tp.id for _, tp in self.touchpoints()}
        pains = {pp.id for _, pp in self.pain_points()} | {pp.id for pp in self.unplaced}
        if self.persona and self.persona not in {p.id for p in self.personas}:
            raise MapError(f"the map is drawn for persona {self.persona!r}, which is not among its personas")
        persona_ids = {p.id for p in self.personas}
        for kind, item, _ in self.items():
            for ref in getattr(item, "personas", ()):
                if ref not in persona_ids:
                    raise MapError(f"{noun(kind)} {_label(item)!r} is marked for persona {ref!r}, which is not among "
                                   "the map's personas")
        for stage in self.stages:
            for tp in stage.touchpoints:
                if tp.channel.casefold() not in channels:
                    raise MapError(
                        f"touchpoint {tp.name!r} in stage {stage.name!r} is on channel {tp.channel!r}, "
                        f"which is not one of the map's channels{_suggest(tp.channel, [c.name for c in self.channels])}"
                    )
            for pp in stage.pain_points:
                if pp.touchpoint and pp.touchpoint not in touchpoints:
                    raise MapError(f"pain point {pp.name!r} sits on touchpoint {pp.touchpoint!r}, which does not exist")
            for op in stage.opportunities:
                for ref in op.addresses:
                    if ref not in pains:
                        raise MapError(f"opportunity {op.name!r} answers pain point {ref!r}, which does not exist")
        for pp in self.unplaced:
            if pp.touchpoint:
                raise MapError(f"pain point {pp.name!r} is not placed on a stage, so it cannot sit on a touchpoint")
        for tr in self.transitions:
            if tr.source not in touchpoints:
                raise MapError(f"transition {tr.id} starts at touchpoint {tr.source!r}, which does not exist")
            if tr.target and tr.target not in touchpoints:
                raise MapError(f"transition {tr.id} goes to touchpoint {tr.target!r}, which does not exist")
            if not tr.target and tr.kind != "drop-off":
                raise MapError(f"transition {tr.id} has no target; only a drop-off may end nowhere")
        return self


def check_bounds(journey: JourneyMap) -> None:
    """List limits, checked here too so that edits (which skip full re-validation) keep them."""
    limits = [("stages", journey.stages, MAX_STAGES), ("personas", journey.personas, MAX_PERSONAS),
              ("pain points not yet placed", journey.unplaced, MAX_ITEMS_PER_LANE),
              ("channels", journey.channels, MAX_CHANNELS), ("transitions", journey.transitions, MAX_TRANSITIONS)]
    for stage in journey.stages:
        limits += [(f"{lane.replace('_', ' ')} in stage {stage.name!r}", getattr(stage, lane), MAX_ITEMS_PER_LANE)
                   for lane in LANES]
    for what, items, limit in limits:
        if len(items) > limit:
            raise MapError(f"a map can hold at most {limit} {what}; this one has {len(items)}")


def check_map(journey: JourneyMap) -> JourneyMap:
    """Run the whole-map rules (ids, references, names, bounds) on a map built from valid parts."""
    return journey._check()


def _label(item: Item) -> str:
    return getattr(item, "name", None) or getattr(item, "text", None) or item.id


def _unique_names(what: str, names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        key = name.casefold()
        if key in seen:
            raise MapError(f"two {what}s are called {name!r}; {what} names must be unique")
        seen.add(key)


def _suggest(word: str, choices: list[str]) -> str:
    match = did_you_mean(word, choices)
    return f"; did you mean {match!r}?" if match else ""


def did_you_mean(word: str, choices: list[str]) -> str | None:
    """The closest of ``choices`` to ``word`` (case-insensitive), if any is close."""
    folded = {c.casefold(): c for c in choices}
    match = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None


def next_id(prefix: str, used: set[str]) -> str:
    """The next free id with this prefix: one more than the highest in use."""
    highest = 0
    for item_id in used:
        if item_id.startswith(prefix) and item_id[len(prefix):].isdigit():
            highest = max(highest, int(item_id[len(prefix):]))
    return f"{prefix}{highest + 1}"


def assign_ids(journey: JourneyMap) -> None:
    """Give every item without an id the next free id of its kind (in place)."""
    used = {item.id for _, item, _ in journey.items()}
    if "" not in used:
        return  # every item has its id (a map made by edits, or read back from the store)
    used.discard("")
    counters: dict[str, int] = {}
    for kind, item, _ in journey.items():
        if item.id:
            continue
        prefix = PREFIXES[kind]
        if prefix not in counters:
            counters[prefix] = int(next_id(prefix, used)[len(prefix):])
        item.id = f"{prefix}{counters[prefix]}"
        counters[prefix] += 1
        used.add(item.id)


def json_schema() -> dict:
    """The JSON schema of a journey map, as printed by ``cjm schema``."""
    return JourneyMap.model_json_schema()


def explain(error: Exception) -> str:
    """One short, human sentence (or a few) for a validation error."""
    from pydantic import ValidationError

    if not isinstance(error, ValidationError):
        return str(error)
    from cjm_assistant.domain.errors import over_the_limit

    if (said := over_the_limit(error)) is not None:  # 61 stages: the limit in one sentence, never pydantic's words
        return said
    lines = []
    for err in error.errors()[:5]:
        where = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: {msg}" if where else msg)
    more = error.error_count() - len(lines)
    if more > 0:
        lines.append(f"... and {more} more problem{'s' if more > 1 else ''}")
    return "; ".join(lines)
