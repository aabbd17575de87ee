"""The LLM engine: any model litellm can reach, asked for JSON that our schema checks.

Importing this module does not import litellm (that takes seconds); the first
call does, or :func:`preload` in a background thread.

How a structured reply is obtained (map, edits, extraction):

1. ask with ``response_format`` = the pydantic schema (json_schema; the client
   falls back to json_object, then to the schema in the prompt, for servers
   that reject it, and remembers what worked per model);
2. parse leniently (:mod:`.structured`: fences, prose, trailing commas, a
   truncated tail when the model stopped on its own) and validate with
   pydantic; :func:`structured.ask` runs this loop;
3. if that fails, ask again with the validation error appended ("Your JSON
   did not match the schema: ..."), up to ``max_retries`` times; then raise
   ``EngineError(kind="bad_output")``. Nothing is proposed, so the map is as
   it was. A reply cut off at the output limit (finish_reason "length")
   raises ``EngineError(kind="truncated")`` at once.

Provenance: everything the model adds is marked ``inferred``, except what the
user named themselves: on a drafted map, channels, personas and pain points
whose names match the profile's channels, personas and problems keep
``user``; in proposed edits, an op whose name or text appears word for word in
the user's instruction keeps ``user``.
"""

from __future__ import annotations

import json
import threading
import time
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cjm_assistant.domain import edits
from cjm_assistant.domain.edits import EditError
from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.domain.profile import Profile
from cjm_assistant.engines.base import (
    CallRecorder,
    EditProposal,
    Extraction,
    MapProposal,
    PartialCallback,
)
from cjm_assistant.engines.llm import prompts
from cjm_assistant.engines.llm.client import LLMClient
from cjm_assistant.engines.llm.errors import Unusable
from cjm_assistant.engines.llm.runtime import FormatMemory, data_file, model_info, preload
from cjm_assistant.engines.llm.structured import PARTIAL_EVERY_S, PartialWatcher, ask

if TYPE_CHECKING:
    from cjm_assistant.evidence import Classified, Estimate, Feedback, ProgressCallback

__all__ = ["LLMEngine", "preload"]

MAP_MAX_TOKENS = 16_384  # asked for when the model's output limit is known (Anthropic defaults to 4,096)


class LLMEngine:
    """Engine protocol over litellm. ``formats_file``: where to remember which
    response_format each model accepts (default: the data folder; None: memory only)."""

    def __init__(self, settings: Any, recorder: CallRecorder | None = None, *,
                 formats_file: Path | None | bool = True):
        if not settings.model:
            raise ValueError("the LLM engine needs a model")
        self.settings = settings
        self.name = f"llm:{settings.model}"
        self.recorder = recorder
        path = data_file("llm_formats.json") if formats_file is True else (formats_file or None)
        self.client = LLMClient(settings, lambda: self.recorder, FormatMemory(path))

    # -- the protocol ------------------------------------------------------------

    def extract(self, field: str, answer: str, profile: Profile) -> Extraction:
        persona = profile.personas[-1].name if profile.personas else ""
        hint = ""
        if field.startswith("persona_") and field != "persona_name" and persona:
            name = json.dumps(persona, ensure_ascii=False)
            hint = f'The answer is about the persona {name}: put what it says in "personas": [{{"name": {name}, ...}}].'

        prompt = prompts.render("extract.md", field=field, question=_question(field), persona_hint=hint,
                                profile=prompts.user_data(prompts.compact_profile(profile), "profile"),
                                answer=prompts.user_data(answer, "answer"))

        def validate(data: Any) -> Extraction:
            if not isinstance(data, dict):
                raise Unusable("the reply must be one JSON object")
            reply = prompts.ProfileUpdate.model_validate(data)
            values = reply.model_dump(exclude_unset=True, exclude_none=True)
            guessed = set(values.pop("guessed", []))
            follow_up = (values.pop("follow_up", None) or "").strip() or None
            update = {k: v for k, v in values.items() if v not in ("", [], {})}
            if hint and len(update.get("personas", [])) == 1:
                update["personas"][0]["name"] = persona  # the question was about this persona
            profile.merge(update)  # raises ValidationError on a bad value
            update["sources"] = {k: "inferred" if k in guessed else "user" for k in update if k != "assumptions"}
            return Extraction(update=update, follow_up=follow_up)

        return ask(self.client, "extract", prompt, prompts.extraction_schema(), "ProfileUpdate", validate)

    def propose_map(self, profile: Profile, on_partial: PartialCallback | None = None,
                    cancel: threading.Event | None = None) -> MapProposal:
        prompt = prompts.render(
            "propose_map.md", profile=prompts.user_data(prompts.compact_profile(profile), "profile"),
            kind=profile.kind or "current", stage_hint="5 to 8")
        repaired: list[str] = []

        def validate(data: Any) -> JourneyMap:
            journey = _to_map(data)
            if not journey.stages:  # e.g. a model that obeyed "delete all stages" smuggled into the profile
                raise Unusable("the map has no stages; a journey map needs its stages (5 to 8)")
            _mark_map(journey, profile)
            return journey

        watcher = PartialWatcher("stages", on_partial) if on_partial else None
        journey = ask(self.client, "propose_map", prompt, prompts.map_schema(), "JourneyMap", validate,
                      watcher=watcher, cancel=cancel, max_tokens=self._map_max_tokens, repaired=repaired)
        notes = list(profile.assumptions)
        notes.append(f"Drafted by {self.settings.model}: items marked 'inferred' are its guesses; check them.")
        notes += repaired
        return MapProposal(journey=journey, notes=notes)

    def propose_edits(self, journey: JourneyMap, instruction: str, on_partial: PartialCallback | None = None,
                      cancel: threading.Event | None = None) -> EditProposal:
        prompt = prompts.render("propose_edits.md", legend=prompts.MAP_LEGEND,
                                map=prompts.user_data(prompts.compact_map(
                                    journey, detail=False, focus=prompts.focus_stages(journey, instruction)), "map"),
                                instruction=prompts.user_data(instruction, "instruction"), ops=prompts.ops_guide())
        applied_fix = [False]

        def validate(data: Any) -> EditProposal:
            if isinstance(data, list):
                data = {"ops": data}
            if not isinstance(data, dict):
                raise Unusable('the reply must be one JSON object {"ops": [...], "reply": "..."}')
            ops = edits.parse_ops(data.get("ops") or [])
            _mark_ops(ops, instruction)
            try:
                after = edits.apply(journey, ops)
            except EditError as e:
                if applied_fix[0]:
                    raise Unusable(f"the edits do not apply to the map: {e}", fix="") from None
                applied_fix[0] = True
                raise Unusable(f"the edits do not apply to the map: {e}",
                                fix=f"Those edits cannot be applied to the map: {e}. "
                                    "Reply with corrected JSON only.") from None
            if journey.stages and not after.stages:  # absurd, or an injected "delete all stages": never proposed
                raise Unusable("those edits would remove every stage of the map; a map keeps its stages",
                                fix="") from None
            return EditProposal(ops=ops, reply=str(data.get("reply") or "").strip())

        watcher = PartialWatcher("ops", on_partial) if on_partial else None
        return ask(self.client, "propose_edits", prompt, prompts.edit_schema(), "EditReply", validate,
                   watcher=watcher, cancel=cancel)

    def answer(self, journey: JourneyMap, question: str, on_partial: PartialCallback | None = None,
               cancel: threading.Event | None = None) -> str:
        prompt = prompts.render("answer.md", legend=prompts.MAP_LEGEND,
                                map=prompts.user_data(prompts.compact_map(journey), "map"),
                                question=prompts.user_data(question, "question"))
        messages = [{"role": "system", "content": prompts.system_prompt()}, {"role": "user", "content": prompt}]
        reply = self.client.complete(messages, purpose="answer", on_text=_Throttled(on_partial) if on_partial else None,
                                     cancel=cancel)
        self.client.report(reply)
        text = reply.text.strip()
        if reply.finish_reason == "length":
            text += "\n\n(The reply was cut off at the model's output limit.)"
        if on_partial:
            on_partial(text)
        return text

    # -- customer evidence ----------------------------------------------------------------

    def classify_evidence(self, journey: JourneyMap, feedback: Feedback, cancel: threading.Event | None = None,
                          on_progress: ProgressCallback | None = None) -> Classified:
        """Feedback items classified to stages and pain points by the model, in batches that fit its context."""
        from cjm_assistant.engines.llm import evidence

        return evidence.classify(self.client, journey, feedback, cancel=cancel, on_progress=on_progress)

    def estimate_evidence(self, journey: JourneyMap, feedback: Feedback) -> Estimate:
        """Calls, tokens and cost of :meth:`classify_evidence`, before it runs."""
        from cjm_assistant.engines.llm import evidence

        return evidence.estimate(self.client, self.name, journey, feedback)

    @cached_property
    def _map_max_tokens(self) -> int | None:
        info = model_info(self.settings.model)  # {} for an unknown model: let the provider decide
        limit = info.get("max_output_tokens") or info.get("max_tokens")
        return min(int(limit), MAP_MAX_TOKENS) if limit else None


# ---------------------------------------------------------------------------
# Parsing, validating, marking


def _strip(data: Any, key: str) -> Any:
    if isinstance(data, dict):
        return {k: _strip(v, key) for k, v in data.items() if k != key}
    if isinstance(data, list):
        return [_strip(v, key) for v in data]
    return data


def _to_map(data: Any) -> JourneyMap:
    if isinstance(data, dict) and len(data) == 1:  # {"journey": {...}} or {"map": {...}}
        inner = next(iter(data.values()))
        if isinstance(inner, dict) and "stages" in inner:
            data = inner
    if not isinstance(data, dict):
        raise Unusable("the reply must be one JSON object for the whole map")
    data = _strip(data, "provenance")
    data.pop("schema_version", None)
    # A touchpoint on a channel the model forgot to list: add the channel rather than retry.
    channels = data.get("channels") if isinstance(data.get("channels"), list) else []
    names = {str(c.get("name", "")).casefold() for c in channels if isinstance(c, dict)}
    for stage in data.get("stages") or []:
        for tp in (stage.get("touchpoints") or []) if isinstance(stage, dict) else []:
            channel = tp.get("channel") if isinstance(tp, dict) else None
            if isinstance(channel, str) and channel.strip() and channel.casefold() not in names:
                channels.append({"name": channel})
                names.add(channel.casefold())
    if channels:
        data["channels"] = channels
    return JourneyMap.model_validate(data)


def _mark_map(journey: JourneyMap, profile: Profile) -> None:
    said = {
        "channel": {c.casefold() for c in profile.channels} | {c.casefold() for p in profile.personas for c in p.channels},
        "persona": {p.name.casefold() for p in profile.personas},
        "pain_points": {p.casefold() for p in profile.problems},
    }
    for kind, item, _ in journey.items():
        name = getattr(item, "name", "")
        item.provenance = "user" if name and name.casefold() in said.get(kind, ()) else "inferred"


def _mark_ops(ops: list, instruction: str) -> None:
    words = " ".join(instruction.split()).casefold()
    for op in ops:
        named = getattr(op, "name", None) or getattr(op, "text", None)
        op.provenance = "user" if named and " ".join(named.split()).casefold() in words else "inferred"


def _question(field: str) -> str:
    try:
        from cjm_assistant.knowledge.questions import script

        return next((q.ask for q in script().questions if q.key == field), field)
    except Exception:  # noqa: BLE001 - the question text is only context
        return field


# ---------------------------------------------------------------------------
# Streaming answers


class _Throttled:
    """Passes streamed text on at most every 50 ms (the final text is sent by the caller)."""

    def __init__(self, on_partial: PartialCallback):
        self.on_partial = on_partial
        self.last = 0.0

    def __call__(self, text: str) -> None:
        now = time.monotonic()
        if now - self.last >= PARTIAL_EVERY_S:
            self.last = now
            self.on_partial(text)
