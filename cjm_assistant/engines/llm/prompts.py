"""What the LLM engine sends: prompts from ``prompts/*.md``, the schemas it asks for, and compact forms.

* Templates are ``string.Template`` files (``$name`` placeholders) read with
  :func:`cjm_assistant.resources.read_prompt`.
* Everything that came from the user (answers, instructions, map contents) is
  wrapped by :func:`user_data` in ``<user_data>`` tags; the system prompt says
  such content is data, never instructions, and a closing tag inside the text
  is escaped so it cannot end the block early.
* The edit prompt shows the map in a compact form (:func:`compact_map`, one
  line per stage) and asks for typed edit ops, so a refinement costs tokens in
  proportion to the edit rather than to the map.
* Schemas are derived from the pydantic models (model.py, edits.py,
  profile.py), trimmed of what the model must not fill (provenance, the
  schema version) and of titles, which only cost tokens.
"""

from __future__ import annotations

import json
import re
import string
import typing
from functools import cache
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, create_model

from cjm_assistant.domain.edits import EditOp
from cjm_assistant.domain.model import LANES, JourneyMap
from cjm_assistant.domain.profile import Profile
from cjm_assistant.resources import read_prompt

MAX_LINE_TEXT = 80  # characters of an action or thought shown in the compact map

# ---------------------------------------------------------------------------
# Templates and user data

_TAG = re.compile(r"<(\s*/?\s*)user_data", re.I)


def user_data(text: str, source: str = "user") -> str:
    """The user's words delimited as data; a ``<user_data``/``</user_data`` inside is escaped."""
    escaped = _TAG.sub(lambda m: f"&lt;{m.group(1)}user_data", str(text))
    return f'<user_data source="{source}">\n{escaped}\n</user_data>'


@cache
def _template(name: str) -> string.Template:
    return string.Template(read_prompt(name))


def render(name: str, **values: Any) -> str:
    return _template(name).substitute({k: str(v) for k, v in values.items()}).strip()


def system_prompt() -> str:
    return render("system.md")


# ---------------------------------------------------------------------------
# Compact forms


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _short(text: str, limit: int = MAX_LINE_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bare(text: str, limit: int = MAX_LINE_TEXT) -> str:
    """A name or text for the compact map: one line, no ``|`` (the item separator), bounded."""
    return _short(text.replace("|", "/"), limit)


def compact_map(journey: JourneyMap, detail: bool = True, focus: set[str] | None = None) -> str:
    """The map in a few lines: header, personas, channels, then one line per stage with ids.

    ``st2 Checkout (emotion -1) | tp4 Cart page [Website] | pp3 fees shown late sev3 on tp4 | ...``

    ``detail=False`` is the form the edit prompt sends: ids, names and links only
    (no goals, teams, impact or effort), texts cut shorter. With ``focus`` (stage
    ids, see :func:`focus_stages`) only those stages list their items; the others
    show their name and how many items they hold. Together they make a refinement
    cost tokens in proportion to the edit rather than to the map.
    """
    b = journey.business
    limit = MAX_LINE_TEXT if detail else 48
    lines = [f"map {_q(journey.title)} kind={journey.kind}" + (f" scope={_q(_short(journey.scope))}" if journey.scope and detail else ""),
             f"business {_q(b.name)} {b.business_model}" + (f" industry={_q(b.industry)}" if b.industry else "")]
    if journey.personas:
        lines.append("personas " + ", ".join(
            f"{p.id} {p.name}" + (" (main)" if p.id == journey.persona else "") for p in journey.personas))
    if journey.channels:
        lines.append("channels " + ", ".join(f"{c.id} {c.name}" for c in journey.channels))
    for stage in journey.stages:
        parts = [f"{stage.id} {_bare(stage.name)} (emotion {stage.emotion:+d})" if stage.emotion
                 else f"{stage.id} {_bare(stage.name)} (emotion 0)"]
        if focus is not None and stage.id not in focus:
            count = sum(len(getattr(stage, lane)) for lane in LANES)
            lines.append(f"{parts[0]} | {count} items not shown" if count else parts[0])
            continue
        if stage.goal and detail:
            parts.append(f"goal: {_bare(stage.goal, limit)}")
        parts += [f"{a.id} {_bare(a.text, limit)}" for a in stage.actions]
        parts += [f"{t.id} {_bare(t.name)} [{t.channel}]" + (f" team={t.team}" if t.team and detail else "")
                  for t in stage.touchpoints]
        parts += [f"{t.id} {_bare(t.text, limit)}" for t in stage.thoughts]
        parts += [f"{p.id} {_bare(p.name)} sev{p.severity}" + (f" on {p.touchpoint}" if p.touchpoint else "")
                  for p in stage.pain_points]
        parts += [f"{o.id} {_bare(o.name)}" + (f" answers {','.join(o.addresses)}" if o.addresses else "")
                  + (f" impact={o.impact} effort={o.effort}" if detail else "") for o in stage.opportunities]
        parts += [f"{k.id} {_bare(k.name)}" + (f" target={k.target}" if k.target and detail else "") for k in stage.kpis]
        lines.append(" | ".join(parts))
    for tr in journey.transitions:
        lines.append(f"{tr.id} {tr.source} -> {tr.target or '(leaves)'} {tr.kind}" + (f" {_q(tr.label)}" if tr.label else ""))
    return "\n".join(lines)


FOCUS_MIN_ITEMS = 40  # smaller maps are always sent whole
_STOP = frozenset(
    "about after also before change could delete each every from into make more move need remove rename should "
    "stage stages than that their them then there they this update what when where which with would your "
    "touchpoint touchpoints pain point points opportunity opportunities action actions thought thoughts kpis "
    "customer customers severity emotion".split())
_WORD = re.compile(r"[^\W_]{4,}|\b[a-z]{2}\d{1,6}\b")


def _words(text: str) -> set[str]:
    return {w.removesuffix("s") for w in _WORD.findall(text.casefold()) if w not in _STOP}


def focus_stages(journey: JourneyMap, instruction: str) -> set[str] | None:
    """The stages an instruction is about, or None to send the whole map.

    A stage is in focus when the instruction names it (or its id), or an item's
    id, or a word of one of its items that is not on most stages. Small maps,
    and instructions that name nothing in particular ("make it more positive",
    "remove the WhatsApp touchpoints"), get the whole map.
    """
    if sum(1 for _ in journey.items()) < FOCUS_MIN_ITEMS:
        return None
    text = " " + " ".join(re.findall(r"\w+", instruction.casefold())) + " "
    words = _words(instruction)
    hits: dict[str, set[str]] = {}  # instruction word -> stages whose items use it
    focus = set()
    for stage in journey.stages:
        name = " " + " ".join(re.findall(r"\w+", stage.name.casefold())) + " "
        if name.strip() and name in text or stage.id in words:
            focus.add(stage.id)
        for lane in LANES:
            for item in getattr(stage, lane):
                label = getattr(item, "name", None) or getattr(item, "text", "")
                for word in words & (_words(label) | {item.id}):
                    hits.setdefault(word, set()).add(stage.id)
    common = max(2, len(journey.stages) // 2)  # a word on most stages tells nothing
    for stages in hits.values():
        if len(stages) <= common:
            focus |= stages
    return focus or None


MAP_LEGEND = ("Ids: st stage, ac action, tp touchpoint [channel], th thought, pp pain point (sev 1-3, on a "
              "touchpoint), op opportunity (answers pain points), kp KPI, tr transition.")


def compact_profile(profile: Profile) -> str:
    """The profile's non-empty fields as one-line JSON (sources left out)."""
    data = profile.model_dump(exclude={"sources"}, exclude_defaults=True, mode="json")
    return json.dumps(data, ensure_ascii=False)


# ---------------------------------------------------------------------------
# Schemas


def schema_of(model: type[BaseModel], drop: frozenset[str] = frozenset(), descriptions: bool = True) -> dict:
    """The JSON schema a model is asked to fill: ``model``'s, without the fields in ``drop``, titles,
    empty defaults and (with ``descriptions=False``) descriptions, which only cost tokens."""
    schema = _trim(model.model_json_schema(), drop)
    return schema if descriptions else _strip_descriptions(schema)


def _trim(schema: Any, drop: frozenset[str]) -> Any:
    if isinstance(schema, list):
        return [_trim(v, drop) for v in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "title" and isinstance(value, str):
            continue
        if key == "default" and value in ("", [], {}, None):
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {k: _trim(v, drop) for k, v in value.items() if k not in drop}
        elif key == "required" and isinstance(value, list):
            out[key] = [k for k in value if k not in drop]
        else:
            out[key] = _trim(value, drop)
    return out


def _strip_descriptions(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {k: _strip_descriptions(v) for k, v in schema.items() if k != "description"}
    if isinstance(schema, list):
        return [_strip_descriptions(v) for v in schema]
    return schema


@cache
def map_schema() -> dict:
    return schema_of(JourneyMap, frozenset({"provenance", "schema_version"}))


def op_classes() -> list[type[BaseModel]]:
    return list(typing.get_args(typing.get_args(EditOp)[0]))


class OpStub(BaseModel):
    model_config = ConfigDict(extra="allow")
    op: str


class EditReply(BaseModel):
    """What the edit prompt asks for: typed ops and a sentence for the user.

    The schema stays small on purpose (the op names and fields are listed in the
    prompt, one line each); edits.OPS_ADAPTER validates every op afterwards.
    """

    ops: list[OpStub]
    reply: str


@cache
def edit_schema() -> dict:
    return schema_of(EditReply, descriptions=False)


def _profile_update_model() -> type[BaseModel]:
    fields: dict[str, Any] = {
        name: (Union[field.annotation, None], None)  # noqa: UP007 - runtime union of a runtime annotation
        for name, field in Profile.model_fields.items()
        if name != "sources"
    }
    fields["guessed"] = (list[str], Field(default_factory=list, description="Fields inferred rather than said."))
    fields["follow_up"] = (Union[str, None], Field(None, description="A question to ask back, only when the answer is too thin."))  # noqa: UP007
    return create_model("ProfileUpdate", __config__=ConfigDict(extra="ignore"), **fields)


ProfileUpdate = _profile_update_model()


@cache
def extraction_schema() -> dict:
    return schema_of(ProfileUpdate)


def _hint(annotation: Any, field: Any) -> str:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) is Literal:
        return "|".join(str(a) for a in typing.get_args(annotation))
    if args and typing.get_origin(annotation) in (Union, getattr(__import__("types"), "UnionType", Union)):
        return _hint(args[0], field)
    if typing.get_origin(annotation) is list:
        return "[...]"
    low = high = None
    for meta in getattr(field, "metadata", []):
        low = getattr(meta, "ge", low)
        high = getattr(meta, "le", high)
    return f"{low}..{high}" if low is not None and high is not None else ""


def _field_list(cls: type[BaseModel], skip: tuple[str, ...] = ()) -> list[str]:
    parts = []
    for name, field in cls.model_fields.items():
        if name in ("op", "provenance", "id", *skip):
            continue
        hint = _hint(field.annotation, field)
        optional = "" if field.is_required() else "?"
        parts.append(f"{name}{optional}" + ("[]" if hint == "[...]" else f"({hint})" if hint else ""))
    return parts


@cache
def ops_guide() -> str:
    """The edit ops, generated from edits.py, in as few lines as they can be said.

    ``add_stage: name, goal?, emotion?(-2..2), after?, before?``; the update and
    remove ops that follow the common pattern are folded into two lines.
    """
    classes = {cls.model_fields["op"].default: cls for cls in op_classes()}
    lines, updates, removes = [], [], []
    for name, cls in classes.items():
        verb, _, noun = name.partition("_")
        fields = set(cls.model_fields) - {"op", "provenance", "id"}
        add = classes.get(f"add_{noun}")
        if verb == "remove" and fields == {noun}:
            removes.append(noun)
        elif verb == "update" and add is not None and noun in fields and \
                fields - {noun} == set(add.model_fields) - {"op", "provenance", "id", "stage"}:
            updates.append(noun)
        else:
            lines.append(f"- {name}: {', '.join(_field_list(cls))}")
    lines.append(f"- update_X: X (the item's id or name) and any fields of add_X to change; X is one of "
                 f"{', '.join(updates)}")
    lines.append(f"- remove_X: X (id or name); X is one of {', '.join(removes)}")
    return "\n".join(lines)


def schema_instructions(schema: dict) -> str:
    """For servers that take no json_schema: the schema described in the prompt instead."""
    return ("Reply with one JSON object only (no prose, no Markdown fences) that matches this JSON schema:\n"
            + json.dumps(schema, ensure_ascii=False, separators=(",", ":")))


def fix_message(problem: str) -> str:
    """What a retry adds to the request: the problem, not the bad reply (which may be long)."""
    return f"Your last reply did not fit: {problem}. Reply with the whole corrected JSON object only."


# ---------------------------------------------------------------------------
# Echoes: a reply that gives our own instructions back as its answer

_USER_BLOCK = re.compile(r"<user_data[^>]*>.*?</user_data>", re.S | re.I)
_QUOTED = re.compile(r'"([^"\n]{1,80})"|“([^”\n]{1,80})”')
_NOT_WORD = re.compile(r"[\W_]+")
ECHO_MIN_WORDS = 2


def _plain(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


class Echoes:
    """Tells whether a text in a reply is a piece of the instructions it was asked with (a field's description
    such as "a sentence to the user: what you changed...", an example such as "first stage"), rather than an
    answer: two words or more found word for word in the instructions, or the whole of a phrase quoted there.
    The user's own words (the ``<user_data>`` blocks) are not instructions: repeating those is fine."""

    def __init__(self, *texts: str):
        plain = [_USER_BLOCK.sub(" ", t) for t in (system_prompt(), *texts)]
        self.said = " " + " ".join(_plain(t) for t in plain) + " "
        self.quoted = {_plain(a or b) for t in plain for a, b in _QUOTED.findall(t)}

    def __call__(self, text: Any) -> bool:
        if not isinstance(text, str):
            return False
        plain = _plain(text)
        if not plain:
            return True  # punctuation alone ("]", "...") says nothing
        words = plain.split()
        if plain in self.quoted or len(words) >= ECHO_MIN_WORDS and f" {plain} " in self.said:
            return True
        # Mostly the instructions' words with a number changed ("0-4 ways the business could do better here").
        runs = [" ".join(words[i:i + 3]) for i in range(len(words) - 2)]
        return len(runs) >= 3 and sum(f" {run} " in self.said for run in runs) * 2 > len(runs)
