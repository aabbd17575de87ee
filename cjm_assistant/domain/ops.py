"""The edit operations: what can be done to a map, as data.

Each op is a small pydantic model tagged by ``op``; :data:`EditOp` is their
discriminated union. They are validated field by field when built, so an op
that exists is well formed; whether it applies to a given map is
:func:`cjm_assistant.domain.edits.apply`'s question.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import Field, TypeAdapter, ValidationError

from cjm_assistant.domain.errors import EditError  # noqa: F401 - re-exported
from cjm_assistant.domain.model import (
    LANES,
    Base,
    BusinessModel,
    Level,
    MapKind,
    Name,
    OptName,
    Provenance,
    RequiredText,
    Text,
    TransitionKind,
    explain,
)

Ref = Annotated[str, Field(min_length=1, max_length=200, description="An id such as 'st2' or a name.")]


class Op(Base):
    provenance: Provenance = "user"


class AddItem(Op):
    """Adds an item to one lane of a stage (``lane`` names it, a key of ``model.LANES``)."""

    lane: ClassVar[str]


class UpdateItem(Op):
    """Changes the given fields of a lane item, found by ``ref`` (its id or name)."""

    lane: ClassVar[str]

    @property
    def ref(self) -> str:
        return getattr(self, LANES[self.lane].op)


class RemoveItem(Op):
    """Removes a lane item, found by ``ref`` (its id or name)."""

    lane: ClassVar[str]

    @property
    def ref(self) -> str:
        return getattr(self, LANES[self.lane].op)


# -- stages -----------------------------------------------------------------


class AddStage(Op):
    op: Literal["add_stage"] = "add_stage"
    name: Name
    goal: Text = ""
    emotion: int = Field(0, ge=-2, le=2)
    after: Ref | None = Field(None, description="Put it after this stage (default: at the end).")
    before: Ref | None = None
    personas: list[Ref] = Field(default_factory=list, description="Personas it concerns (ids or names); empty: all.")
    id: str = ""


class RenameStage(Op):
    op: Literal["rename_stage"] = "rename_stage"
    stage: Ref
    name: Name
    goal: Text | None = Field(None, description="The stage's goal in the new name's words, as the rename's proposer "
                                                "made it; none: a goal repeating the old name follows it plainly.")


class MoveStage(Op):
    op: Literal["move_stage"] = "move_stage"
    stage: Ref
    after: Ref | None = None
    before: Ref | None = None
    position: int | None = Field(None, ge=1, description="1-based position; used when neither before nor after is given.")


class RemoveStage(Op):
    op: Literal["remove_stage"] = "remove_stage"
    stage: Ref


class UpdateStage(Op):
    op: Literal["update_stage"] = "update_stage"
    stage: Ref
    goal: Text | None = None
    personas: list[Ref] | None = Field(None, description="Personas it concerns (ids or names); [] for all.")


class SetEmotion(Op):
    op: Literal["set_emotion"] = "set_emotion"
    stage: Ref
    score: int = Field(ge=-2, le=2)


# -- lane items ----------------------------------------------------------------


class AddTouchpoint(AddItem):
    lane: ClassVar[str] = "touchpoints"
    op: Literal["add_touchpoint"] = "add_touchpoint"
    stage: Ref
    name: Name
    channel: Name
    team: OptName = ""
    description: Text = ""
    backstage: list[Text] = Field(default_factory=list)
    personas: list[Ref] = Field(default_factory=list, description="Personas it concerns (ids or names); empty: all.")
    id: str = ""


class UpdateTouchpoint(UpdateItem):
    lane: ClassVar[str] = "touchpoints"
    op: Literal["update_touchpoint"] = "update_touchpoint"
    touchpoint: Ref
    name: Name | None = None
    channel: Name | None = None
    team: OptName | None = None
    description: Text | None = None
    backstage: list[Text] | None = None
    personas: list[Ref] | None = Field(None, description="Personas it concerns (ids or names); [] for all.")


class RemoveTouchpoint(RemoveItem):
    lane: ClassVar[str] = "touchpoints"
    op: Literal["remove_touchpoint"] = "remove_touchpoint"
    touchpoint: Ref


class AddPainPoint(AddItem):
    lane: ClassVar[str] = "pain_points"
    op: Literal["add_pain_point"] = "add_pain_point"
    stage: Ref
    name: Name
    description: Text = ""
    severity: int = Field(2, ge=1, le=3)
    touchpoint: Ref | None = None
    evidence: list[Text] = Field(default_factory=list)
    mentions: int = Field(0, ge=0)
    personas: list[Ref] = Field(default_factory=list, description="Personas it concerns (ids or names); empty: all.")
    id: str = ""


class UpdatePainPoint(UpdateItem):
    lane: ClassVar[str] = "pain_points"
    op: Literal["update_pain_point"] = "update_pain_point"
    pain_point: Ref
    name: Name | None = None
    description: Text | None = None
    severity: int | None = Field(None, ge=1, le=3)
    touchpoint: Ref | None = None
    evidence: list[Text] | None = None
    mentions: int | None = Field(None, ge=0)
    personas: list[Ref] | None = Field(None, description="Personas it concerns (ids or names); [] for all.")


class MovePainPoint(Op):
    """Puts a pain point on a stage: one not yet placed, or one on another stage."""

    op: Literal["move_pain_point"] = "move_pain_point"
    pain_point: Ref
    stage: Ref


class RemovePainPoint(RemoveItem):
    lane: ClassVar[str] = "pain_points"
    op: Literal["remove_pain_point"] = "remove_pain_point"
    pain_point: Ref
    into: Ref | None = Field(None, description="The pain point it is merged into (id or name): the evidence stored "
                                               "behind it goes there.")


class AddOpportunity(AddItem):
    lane: ClassVar[str] = "opportunities"
    op: Literal["add_opportunity"] = "add_opportunity"
    stage: Ref
    name: Name
    description: Text = ""
    addresses: list[Ref] = Field(default_factory=list, description="Pain points it answers, by id or name.")
    impact: Level = "medium"
    effort: Level = "medium"
    personas: list[Ref] = Field(default_factory=list, description="Personas it concerns (ids or names); empty: all.")
    id: str = ""


class UpdateOpportunity(UpdateItem):
    lane: ClassVar[str] = "opportunities"
    op: Literal["update_opportunity"] = "update_opportunity"
    opportunity: Ref
    name: Name | None = None
    description: Text | None = None
    addresses: list[Ref] | None = None
    impact: Level | None = None
    effort: Level | None = None
    personas: list[Ref] | None = Field(None, description="Personas it concerns (ids or names); [] for all.")


class RemoveOpportunity(RemoveItem):
    lane: ClassVar[str] = "opportunities"
    op: Literal["remove_opportunity"] = "remove_opportunity"
    opportunity: Ref


class AddKPI(AddItem):
    lane: ClassVar[str] = "kpis"
    op: Literal["add_kpi"] = "add_kpi"
    stage: Ref
    name: Name
    target: OptName = ""
    current: OptName = ""
    personas: list[Ref] = Field(default_factory=list, description="Personas it concerns (ids or names); empty: all.")
    id: str = ""


class UpdateKPI(UpdateItem):
    lane: ClassVar[str] = "kpis"
    op: Literal["update_kpi"] = "update_kpi"
    kpi: Ref
    name: Name | None = None
    target: OptName | None = None
    current: OptName | None = None
    personas: list[Ref] | None = Field(None, description="Personas it concerns (ids or names); [] for all.")


class RemoveKPI(RemoveItem):
    lane: ClassVar[str] = "kpis"
    op: Literal["remove_kpi"] = "remove_kpi"
    kpi: Ref


class AddAction(AddItem):
    lane: ClassVar[str] = "actions"
    op: Literal["add_action"] = "add_action"
    stage: Ref
    text: RequiredText
    personas: list[Ref] = Field(default_factory=list, description="Personas it concerns (ids or names); empty: all.")
    id: str = ""


class UpdateAction(UpdateItem):
    lane: ClassVar[str] = "actions"
    op: Literal["update_action"] = "update_action"
    action: Ref
    text: RequiredText
    personas: list[Ref] | None = Field(None, description="Personas it concerns (ids or names); [] for all.")


class RemoveAction(RemoveItem):
    lane: ClassVar[str] = "actions"
    op: Literal["remove_action"] = "remove_action"
    action: Ref


class AddThought(AddItem):
    lane: ClassVar[str] = "thoughts"
    op: Literal["add_thought"] = "add_thought"
    stage: Ref
    text: RequiredText
    personas: list[Ref] = Field(default_factory=list, description="Personas it concerns (ids or names); empty: all.")
    id: str = ""


class UpdateThought(UpdateItem):
    lane: ClassVar[str] = "thoughts"
    op: Literal["update_thought"] = "update_thought"
    thought: Ref
    text: RequiredText
    personas: list[Ref] | None = Field(None, description="Personas it concerns (ids or names); [] for all.")


class RemoveThought(RemoveItem):
    lane: ClassVar[str] = "thoughts"
    op: Literal["remove_thought"] = "remove_thought"
    thought: Ref


# -- map, business, personas, channels, transitions ------------------------------


class UpdateMap(Op):
    op: Literal["update_map"] = "update_map"
    title: Name | None = None
    kind: MapKind | None = None
    scope: Text | None = None
    persona: Ref | None = Field(None, description="The persona the map is drawn for.")


class UpdateBusiness(Op):
    op: Literal["update_business"] = "update_business"
    name: Name | None = None
    description: Text | None = None
    industry: OptName | None = None
    offering: Text | None = None
    business_model: BusinessModel | None = None
    goals: list[Text] | None = None


class AddPersona(Op):
    op: Literal["add_persona"] = "add_persona"
    name: Name
    summary: Text = ""
    goals: list[Text] = Field(default_factory=list)
    frustrations: list[Text] = Field(default_factory=list)
    channels: list[Name] = Field(default_factory=list)
    quote: Text = ""
    id: str = ""


class UpdatePersona(Op):
    op: Literal["update_persona"] = "update_persona"
    persona: Ref
    name: Name | None = None
    summary: Text | None = None
    goals: list[Text] | None = None
    frustrations: list[Text] | None = None
    channels: list[Name] | None = None
    quote: Text | None = None


class RemovePersona(Op):
    op: Literal["remove_persona"] = "remove_persona"
    persona: Ref


class AddChannel(Op):
    op: Literal["add_channel"] = "add_channel"
    name: Name
    kind: str = "other"
    id: str = ""


class RemoveChannel(Op):
    op: Literal["remove_channel"] = "remove_channel"
    channel: Ref


class AddTransition(Op):
    op: Literal["add_transition"] = "add_transition"
    source: Ref
    target: Ref | None = None
    kind: TransitionKind = "next"
    label: Text = ""
    id: str = ""


class RemoveTransition(Op):
    op: Literal["remove_transition"] = "remove_transition"
    transition: Ref


EditOp = Annotated[
    Union[
        AddStage, RenameStage, MoveStage, RemoveStage, UpdateStage, SetEmotion,
        AddTouchpoint, UpdateTouchpoint, RemoveTouchpoint,
        AddPainPoint, UpdatePainPoint, RemovePainPoint, MovePainPoint,
        AddOpportunity, UpdateOpportunity, RemoveOpportunity,
        AddKPI, UpdateKPI, RemoveKPI,
        AddAction, UpdateAction, RemoveAction,
        AddThought, UpdateThought, RemoveThought,
        UpdateMap, UpdateBusiness, AddPersona, UpdatePersona, RemovePersona,
        AddChannel, RemoveChannel, AddTransition, RemoveTransition,
    ],
    Field(discriminator="op"),
]

OPS_ADAPTER: TypeAdapter[list[EditOp]] = TypeAdapter(list[EditOp])


def parse_ops(data: Any) -> list[EditOp]:
    """Validate a list of dicts (or JSON text) as edit ops; EditError on failure."""
    try:
        if isinstance(data, (str, bytes)):
            return OPS_ADAPTER.validate_json(data)
        return OPS_ADAPTER.validate_python(data)
    except ValidationError as e:
        raise EditError(f"not a valid edit: {explain(e)}") from None


def ops_to_json(ops: list[EditOp]) -> list[dict]:
    return [op.model_dump(mode="json", exclude_defaults=True) | {"op": op.op} for op in ops]
