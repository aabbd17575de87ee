"""Interview answers: the playbook's reader first, the model only where it adds something.

Most answers need no model: the playbook's reader keeps free text in the
user's words (the offering, the customers, the goal...) and reads names,
channels, lists and the kind of map by rule. The model is asked only when the
reader found nothing for the question's own field (:func:`understood`): a
business with no name it can spot, channels it does not know, a kind of map
it cannot tell. Then the prompt is small (the question, the answer and the
few fields that question fills, with a schema of just those), and:

* what the model read is marked ``inferred`` in the profile's ``sources`` and
  said as an assumption; the user's own words stay the user's;
* the reader's result is kept under it, so nothing the user said is lost;
* a model that fails raises (the interview then keeps the answer and goes on
  with the reader; see ``Interview.answer``); Esc cancels the call.
"""

from __future__ import annotations

import re
import threading
from typing import Any, get_args

from pydantic import ValidationError

from cjm_assistant.domain.model import BusinessModel, MapKind
from cjm_assistant.domain.profile import Profile
from cjm_assistant.engines.base import Extraction
from cjm_assistant.engines.llm import prompts
from cjm_assistant.engines.llm.client import LLMClient
from cjm_assistant.engines.llm.errors import Unusable
from cjm_assistant.engines.llm.runtime import max_tokens_for
from cjm_assistant.engines.llm.structured import ask

_S = {"type": "string"}
_LIST = {"type": "array", "items": _S, "maxItems": 12}
KINDS = list(get_args(MapKind))
MODELS = list(get_args(BusinessModel))

# The question -> the fields its answer fills, with their schema and a few words for the prompt.
FIELDS: dict[str, dict[str, tuple[dict, str]]] = {
    "business": {"business_name": (_S, "the business's name"), "description": (_S, "what it does"),
                 "industry": (_S, 'a short industry key such as "bakery"')},
    "offering": {"offering": (_S, "what customers buy")},
    "customers": {"customers": (_S, "who the customers are"),
                  "business_model": ({"type": "string", "enum": MODELS}, "one of " + ", ".join(MODELS))},
    "journey": {"journey": (_S, "the journey to map")},
    "kind": {"kind": ({"type": "string", "enum": KINDS}, "one of " + ", ".join(KINDS))},
    "channels": {"channels": (_LIST, 'channel names such as "Instagram", "Website", "Phone"')},
    "problems": {"problems": (_LIST, "the problems, one per entry")},
    "data": {"data": (_LIST, "the data they have: reviews, surveys, analytics...")},
    "goal": {"goal": (_S, "why the map is being made")},
    "persona_name": {"name": (_S, "the customer's name or label"), "description": (_S, "who they are")},
    "persona_description": {"description": (_S, "who they are")},
    "persona_goals": {"goals": (_LIST, "what they want, one per entry")},
    "persona_frustrations": {"frustrations": (_LIST, "what frustrates them, one per entry")},
    "persona_channels": {"channels": (_LIST, "the channels they prefer")},
    "persona_quote": {"quote": (_S, "something they would say")},
}
# The field an answer must give for the reader's result to be enough.
KEY_FIELD = {"business": "business_name", "persona_name": "name", "persona_channels": "channels"}


def understood(field: str, answer: str, update: dict) -> bool:
    """Whether the reader's update has what the question asks for (so the model would add nothing)."""
    if field not in FIELDS:
        return True  # a question no schema covers: the words are kept as they are
    key = KEY_FIELD.get(field, next(iter(FIELDS[field])))
    if field.startswith("persona_"):
        persona = (update.get("personas") or [{}])[0]
        if field == "persona_name":  # the reader falls back to a typical customer when it finds no name
            return bool(persona.get("name")) and persona["name"].casefold() in answer.casefold()
        return bool(persona.get(field.removeprefix("persona_")))
    return bool(update.get(key))


def schema(field: str) -> dict:
    return {"type": "object", "properties": {name: spec for name, (spec, _) in FIELDS[field].items()}}


def extract(client: LLMClient, field: str, answer: str, profile: Profile,
            cancel: threading.Event | None = None) -> Extraction:
    """The reader's extraction, with what the model read where the reader found nothing (see the module)."""
    from cjm_assistant.engines.playbook import PlaybookEngine

    read = PlaybookEngine().extract(field, answer, profile)
    if understood(field, answer, read.update) or not answer.strip():
        return read
    persona = profile.personas[-1].name if profile.personas and field.startswith("persona_") \
        and field != "persona_name" else ""
    hint = f"The answer is about the customer {persona!r}." if persona else ""
    fields = "; ".join(f"{name} ({words})" for name, (_, words) in FIELDS[field].items())
    prompt = prompts.render("extract.md", question=_question(field), persona_hint=hint, fields=fields,
                            answer=prompts.user_data(answer, "answer"))
    echoes = prompts.Echoes(prompt, prompts.schema_instructions(schema(field)))

    def validate(data: Any) -> dict:
        if not isinstance(data, dict):
            raise Unusable("the reply must be one JSON object")
        values = {k: _clean(v, FIELDS[field][k][0]) for k, v in data.items() if k in FIELDS[field]}
        values = {k: v for k, v in values.items() if v not in ("", []) and not echoes(v)}
        update = _as_update(field, values, persona or _persona_name(read.update))
        try:
            profile.merge(update)
        except ValidationError as e:
            from cjm_assistant.domain.model import explain

            raise Unusable(explain(e)) from None
        return update

    found = ask(client, "extract", prompt, schema(field), "Answer", validate, cancel=cancel,
                max_tokens=max_tokens_for(client.settings, "extract"), step="reading your answer")
    return _combined(read, found, field)


def _combined(read: Extraction, found: dict, field: str) -> Extraction:
    """The reader's update with the model's values for what it lacked, marked inferred and said."""
    update = dict(read.update)
    sources = dict(update.get("sources", {}))
    assumptions = list(update.get("assumptions", []))
    for key, value in found.items():
        if key == "personas":
            mine = (update.get("personas") or [{}])[0]
            theirs = value[0]
            merged = {**theirs, **{k: v for k, v in mine.items() if v}} if field != "persona_name" else \
                {**mine, **theirs}
            update["personas"] = [merged]
            if field == "persona_name" and merged.get("name"):  # the persona is the model's: shown inferred
                sources[f"persona:{merged['name'].casefold()}"] = "inferred"
            said = ", ".join(f"{k} “{_text(v)}”" for k, v in theirs.items() if k != "name" or field == "persona_name")
        elif not update.get(key):
            update[key] = value
            said = f"{key.replace('_', ' ')} “{_text(value)}”"
        else:
            continue
        sources[key] = "inferred"
        if field == "persona_channels":  # the map shows these channels as the model's (playbook/context.py)
            sources["persona_channels"] = "inferred"
        assumptions.append(f"The model read {said} from your answer; check it.")
    if sources:
        update["sources"] = sources
    if assumptions:
        update["assumptions"] = assumptions
    return Extraction(update=update, follow_up=read.follow_up if not found else None)


def _as_update(field: str, values: dict, persona: str) -> dict:
    if not field.startswith("persona_") or not values:
        return values
    if field != "persona_name":
        values = {"name": persona or "Customer", **values}
    return {"personas": [values]} if values.get("name") else {}


def _persona_name(update: dict) -> str:
    return ((update.get("personas") or [{}])[0]).get("name", "")


def _clean(value: Any, spec: dict) -> Any:
    """The value in the shape ``spec`` asks for: a list field given one string takes it as its entries
    (split at commas, semicolons and line breaks, never into letters); a text field given a list is empty."""
    if spec.get("type") == "array":
        if isinstance(value, str):
            value = _ENTRIES.split(value)
        if not isinstance(value, list):
            return []
        return [" ".join(v.split()) for v in value if isinstance(v, str) and v.strip()]
    return " ".join(value.split()) if isinstance(value, str) else ""


_ENTRIES = re.compile(r"\s*[,;\n]\s*")


def _text(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def _question(field: str) -> str:
    try:
        from cjm_assistant.knowledge.questions import script

        return next((q.ask for q in script().questions if q.key == field), field)
    except Exception:  # noqa: BLE001 - the question text is only context
        return field
