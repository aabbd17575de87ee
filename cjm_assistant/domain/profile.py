"""What the interview learns about a business, before there is a map.

The interview stores the user's raw answers; an engine extracts them into
this profile; an engine proposes a map from the profile. Every field keeps
the provenance of its value so that a headless run can say what it assumed.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from cjm_assistant.domain.model import (
    BusinessModel,
    MapKind,
    Name,
    OptName,
    Provenance,
    Text,
)


class ProfileBase(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonaProfile(ProfileBase):
    name: Name
    description: Text = ""
    goals: list[Text] = Field(default_factory=list)
    frustrations: list[Text] = Field(default_factory=list)
    channels: list[Name] = Field(default_factory=list)
    quote: Text = ""
    notes: list[Text] = Field(default_factory=list, description="What they said about reaching us that is no "
                                                                 "channel (a device, a time, someone who helps).")


class StageChoice(ProfileBase):
    """A stage the owner confirmed, renamed or added when the interview showed the proposed stages."""

    name: Name
    base: OptName = ""  # the proposed stage whose content it keeps ("" for a stage of the owner's own)


class Profile(ProfileBase):
    """Everything the interview has learnt so far. Empty means 'not known yet'."""

    business_name: OptName = ""
    description: Text = Field("", description="The user's own words about the business.")
    industry: OptName = Field("", description="An industry key from the playbook, e.g. 'bakery', 'saas', or free text.")
    offering: Text = ""
    business_model: BusinessModel | None = None
    customers: Text = Field("", description="Who the customers are, in the user's words.")
    journey: Text = Field("", description="The journey to map, e.g. 'first online order'.")
    goal: Text = Field("", description="Why the map is being made.")
    kind: MapKind | None = None
    channels: list[Name] = Field(default_factory=list, description="Channel names the business uses.")
    channel_notes: dict[str, Text] = Field(default_factory=dict, description="Channel name -> what the user said "
                                                                              "about it ('mailchimp').")
    notes: list[Text] = Field(default_factory=list, description="Things said that are not channels: partners, "
                                                                 "people, places, kept whole.")
    problems: list[Text] = Field(default_factory=list, description="Known problems, one per entry.")
    data: list[Text] = Field(default_factory=list, description="Data they have: reviews, NPS, tickets, analytics...")
    personas: list[PersonaProfile] = Field(default_factory=list)
    # A stated problem's name -> the stage the user said it happens in (asked when no stage fitted its words).
    placements: dict[str, Text] = Field(default_factory=dict)
    # The stages in the owner's order and words, when they changed the proposed ones (asked when the industry
    # was not recognised with confidence); replaced as a whole, never extended.
    stages: list[StageChoice] = Field(default_factory=list, max_length=16)
    # Field name -> where its value came from ('user' or 'inferred').
    sources: dict[str, Provenance] = Field(default_factory=dict)
    # Sentences describing what was assumed rather than told, for the user to check.
    assumptions: list[Text] = Field(default_factory=list)

    def merge(self, update: dict) -> Profile:
        """A new profile with ``update``'s non-empty fields laid over this one.

        List fields are extended (without duplicates, case-insensitively);
        personas with the same name are merged field by field.
        """
        data = self.model_dump()
        for key, value in update.items():
            if key not in Profile.model_fields or value in (None, "", [], {}):
                continue
            if key == "personas":
                data["personas"] = _merge_personas(data["personas"], value)
            elif key == "stages":
                data[key] = list(value)
            elif key in ("sources", "channel_notes", "placements"):
                data[key] = {**data[key], **value}
            elif isinstance(data.get(key), list):  # one string is one entry, never a list of its letters
                data[key] = _extend_unique(data[key], [value] if isinstance(value, str) else value)
            else:
                data[key] = value
        return Profile.model_validate(data)


def _extend_unique(old: list, new: list) -> list:
    seen = {str(v).casefold() for v in old}
    out = list(old)
    for value in new:
        if str(value).casefold() not in seen:
            out.append(value)
            seen.add(str(value).casefold())
    return out


def _merge_personas(old: list[dict], new: list) -> list[dict]:
    out = [dict(p) for p in old]
    for persona in new:
        persona = persona.model_dump() if isinstance(persona, BaseModel) else dict(persona)
        match = next((p for p in out if p["name"].casefold() == persona.get("name", "").casefold()), None)
        if match is None:
            out.append(persona)
            continue
        for key, value in persona.items():
            if isinstance(match.get(key), list):
                match[key] = _extend_unique(match[key], value or [])
            elif value:
                match[key] = value
    return out
