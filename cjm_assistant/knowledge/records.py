"""The records of the knowledge base: one small pydantic model per kind of entry in ``data/*.toml``
(an industry, a stage model, a channel, a pain point, an opportunity, a KPI, the vocabulary). The loading
and the checks across entries are in :mod:`cjm_assistant.knowledge.catalogue`."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from cjm_assistant.domain.model import BusinessModel, Channel, Level, MapKind

ChannelKind = Channel.model_fields["kind"].annotation
CHANNEL_KINDS: tuple[str, ...] = get_args(ChannelKind)


class KnowledgeError(ValueError):
    """A data file is malformed; the message names the file and the entry."""


class _KB(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Short = Annotated[str, Field(min_length=1, max_length=200)]


# ---------------------------------------------------------------------------
# Entry models, one per kind of table.


class Industry(_KB):
    key: str
    name: Short
    keywords: list[str] = Field(min_length=1)
    weak: list[str] = Field(default_factory=list, description="Keywords that are everyday words too (\"covering "
                            "Norfolk\", \"our returns policy\"): they support the industry, never decide it alone.")
    business_model: BusinessModel
    stage_model: str
    channels: list[str] = Field(min_length=1, description="Typical channels (keys of channels.toml), best first.")
    offering: Short
    customer: str = "customer"
    provider: str = "business"
    journey: str = "first purchase"
    persona: str = "Typical customer"
    persona_summary: str = ""


class StageTemplate(_KB):
    name: Short
    phase: str
    goal: Short
    actions: list[str] = Field(min_length=2, max_length=4)
    thoughts: list[str] = Field(min_length=1, max_length=3)
    emotion: int = Field(ge=-2, le=2)


class StageEnding(StageTemplate):
    """A stage drafted instead of the model's stage ``replaces`` when the answers say the journey ends with one of
    ``words`` (a course that ends with a test has no re-enrolment: one pupil passes once)."""

    replaces: Short
    words: list[str] = Field(min_length=1)


class StageModel(_KB):
    key: str
    name: Short
    description: str = ""
    business_models: list[BusinessModel] = []
    industries: list[str] = []
    kinds: list[MapKind] = []
    stages: list[StageTemplate] = Field(min_length=4, max_length=8)
    ends: StageEnding | None = None


class TouchpointTemplate(_KB):
    name: Short
    rank: int = Field(2, ge=1, le=3)
    team: str = ""
    description: str = ""
    backstage: list[str] = []
    #: Used instead when this one takes for granted what the business lacks ("Prices page" for a service
    #: business, where "Product and price pages" assumes a product catalogue); checked the same way.
    otherwise: TouchpointTemplate | None = None


class ChannelVariant(_KB):
    name: Short
    synonyms: list[str] = Field(min_length=1)
    kind: ChannelKind | None = None  # type: ignore[valid-type]


class ChannelInfo(_KB):
    key: str
    name: Short
    kind: ChannelKind  # type: ignore[valid-type]
    synonyms: list[str] = Field(min_length=1)
    weak_synonyms: list[str] = []
    person: bool = False  # people the customer deals with (a sales team), not a medium: never merged into a phrase
    variants: list[ChannelVariant] = []
    team: str = ""
    default: TouchpointTemplate | None = None
    touchpoints: dict[str, TouchpointTemplate] = {}


class PainInfo(_KB):
    key: str
    name: Short
    description: Short
    phases: list[str] = Field(min_length=1)
    channels: list[str] = []
    industries: list[str] = []
    business_models: list[BusinessModel] = []
    severity: int = Field(2, ge=1, le=3)
    keywords: list[str] = Field(min_length=1)
    opportunities: list[str] = Field(min_length=1)


class OpportunityTouchpoint(_KB):
    channel: str
    phase: str
    name: Short
    team: str = ""
    description: str = ""


class OpportunityInfo(_KB):
    key: str
    name: Short
    done: Short
    description: Short
    impact: Level = "medium"
    effort: Level = "medium"
    industries: list[str] = []
    business_models: list[BusinessModel] = []
    touchpoint: OpportunityTouchpoint | None = None
    eases: list[str] = []  # what it makes easier to do (ruled out when the owner wants less of it)
    about: list[str] = []  # a broad fix's topic: it answers only a problem with one of these phrases


class KpiInfo(_KB):
    phase: str
    name: Short
    target: str = ""
    industries: list[str] = []
    business_models: list[BusinessModel] = []
    channels: list[str] = []


class Phase(_KB):
    label: str
    fallback: list[str] = []
    keywords: list[str] = []
    opportunity: str


class JourneyStage(_KB):
    name: Short
    phase: str
    goal: str = ""  # the phase's general goal when empty
    #: Its name and goal for a business that sells no software (an office-plant service is not "connected" nor
    #: does it "go live"); the name and goal above when empty.
    physical: str = ""
    physical_goal: str = ""
    #: What the stage feels like, does and thinks when the phase's general content does not fit it (the moment an
    #: emergency happens is no neutral "Notices a need or an occasion"); the phase's when empty.
    emotion: int | None = Field(None, ge=-2, le=2)
    actions: list[str] = Field(default_factory=list, max_length=4)
    thoughts: list[str] = Field(default_factory=list, max_length=3)


class Journey(_KB):
    label: str
    words: list[str] = Field(min_length=1)
    with_offering: bool = True
    prefer: list[str] = []
    #: The usual steps of this kind of journey, for a business whose stage model does not cover it ...
    stages: list[JourneyStage] = []
    #: ... that is, has no stage of any of these phases.
    core: list[str] = []
    #: An emergency: nothing is planned (no date agreed, no reminder the day before, no no-show), so a stage model
    #: of planned work (a quote, booking a date) never stands for it: its own stages are used whatever the model.
    urgent: bool = False


class VagueRule(_KB):
    words: list[str] = Field(min_length=1)
    question: str
    resolved_by: list[str] = []


class ThinRule(_KB):
    min_words: int = 0
    short_question: str = ""
    unrecognised_question: str = ""
    person_question: str = ""  # asked when the answer describes a person ("Priya, 29, ...") and names none of it
    problems_question: str = ""  # asked when a persona answer lists what goes wrong for customers, and no person
    vague: list[VagueRule] = []


class Vocab(_KB):
    phases: dict[str, Phase]
    business_models: dict[BusinessModel, list[str]]
    kinds: dict[MapKind, list[str]]
    data_sources: dict[str, list[str]]
    severity: dict[Literal["1", "2", "3"], list[str]]
    journeys: dict[str, Journey]
    thin: dict[str, ThinRule]
    answers: dict[str, list[str]] = {}
    name_stopwords: list[str] = []
    none_words: list[str] = []
    hedge_words: list[str] = []
    capitalised_words: list[str] = []
    suggested_channels: list[str] = []
    unknown_channel: TouchpointTemplate
