"""The LLM engine: any model litellm can reach, asked only for what it adds, in JSON that is read leniently.

Importing this module does not import litellm (that takes seconds); the first
call does, or :func:`preload` in a background thread.

How a structured reply is obtained (a draft's stages, edits, an extraction):

1. ask with ``response_format`` (json_schema; the client steps down to
   json_object with the schema, plain json_object, then the schema in the
   prompt, for servers that refuse it, and remembers what worked per model and
   server in the database);
2. parse leniently (:mod:`.structured`) and read part by part: unknown fields
   are ignored, a part that does not fit is dropped on its own and said;
3. if nothing usable came, ask again with the problem (not the bad reply), up
   to ``max_retries`` times within the request's time (``deadline``: one request's, a draft with all its
   stages, a change, an answer; on the command line the whole command's); then raise
   ``EngineError``. Nothing is proposed, so the map is as it was.

What the model is asked for: a draft's stages and their lanes
(:mod:`.drafting`: the business, personas, channels and the user's problems
come from the interview); an interview answer only when the playbook's reader
cannot read it (:meth:`LLMEngine.extract`); typed edit ops for an instruction.

Provenance: everything the model adds is ``inferred``, on the map and in the
profile; in proposed edits, an op whose name or text appears word for word in
the user's instruction keeps ``user``.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from cjm_assistant.domain import edits
from cjm_assistant.domain.edits import EditError
from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.domain.profile import Profile
from cjm_assistant.engines.base import (
    CallRecorder,
    EditProposal,
    EngineError,
    Extraction,
    MapProposal,
    PartialCallback,
)
from cjm_assistant.engines.llm import prompts
from cjm_assistant.engines.llm.client import OVERRUN, LLMClient, ProgressCallback
from cjm_assistant.engines.llm.errors import Unusable, switch
from cjm_assistant.engines.llm.extraction import extract
from cjm_assistant.engines.llm.runtime import FormatMemory, max_tokens_for, preload
from cjm_assistant.engines.llm.structured import PARTIAL_EVERY_S, PartialWatcher, ask

if TYPE_CHECKING:
    from cjm_assistant.evidence import Classified, Estimate, Feedback, ProgressCallback as EvidenceProgress

__all__ = ["LLMEngine", "preload"]

NO_REASON = {"", "no change", "no changes", "none", "n/a", "ok", "done"}  # a reply that gives no reason


log = logging.getLogger("cjm_assistant.llm")


class LLMEngine:
    """Engine protocol over litellm. ``formats``: where to remember which structured-output format each model
    and server took (a Store, or anything with its ``model_format``/``remember_model_format``); the session
    attaches its store with :meth:`remember_in`."""

    def __init__(self, settings: Any, recorder: CallRecorder | None = None, *, formats: Any = None):
        if not settings.model:
            raise ValueError("the LLM engine needs a model")
        self.settings = settings
        self.name = f"llm:{settings.model}"
        self.recorder = recorder
        self.client = LLMClient(settings, lambda: self.recorder, FormatMemory(formats))

    def one_deadline_per_run(self) -> None:
        """``settings.deadline`` bounds everything the model does from now on (a command line run: ``--deadline 8``
        gives the whole command 8 seconds of the model), not each request on its own (the assistant)."""
        self.client.whole_run = True

    def remember_in(self, store: Any) -> None:
        """Remember (and look up) which format works for each model and server in ``store``'s database."""
        self.client.memory.attach(store)

    @property
    def progress(self) -> ProgressCallback | None:
        """Called with {step, tokens, elapsed, done} while a reply streams (the session forwards it)."""
        return self.client.progress

    @progress.setter
    def progress(self, callback: ProgressCallback | None) -> None:
        self.client.progress = callback

    # -- the protocol ------------------------------------------------------------

    def extract(self, field: str, answer: str, profile: Profile, cancel: threading.Event | None = None) -> Extraction:
        """What one interview answer says: the playbook's reader first; the model only for an answer it cannot
        read (see :mod:`.extraction`)."""
        with self.client.request():
            return extract(self.client, field, answer, profile, cancel)

    def propose_map(self, profile: Profile, on_partial: PartialCallback | None = None,
                    cancel: threading.Event | None = None) -> MapProposal:
        from cjm_assistant.engines.llm.drafting import Drafter

        with self.client.request():
            return Drafter(self.client, profile, on_partial, cancel).run()

    def propose_edits(self, journey: JourneyMap, instruction: str, on_partial: PartialCallback | None = None,
                      cancel: threading.Event | None = None) -> EditProposal:
        try:
            with self.client.request():
                return self._propose_edits(journey, instruction, on_partial, cancel)
        except EngineError as e:
            # The model could not be reached: an instruction the offline rules understand does not need it.
            by_rule = _by_rule(journey, instruction, e) if e.kind in UNREACHED and not getattr(e, "partial", "") \
                else None
            if by_rule is None:
                raise
            return by_rule

    def _propose_edits(self, journey: JourneyMap, instruction: str, on_partial: PartialCallback | None,
                       cancel: threading.Event | None) -> EditProposal:
        prompt = prompts.render("propose_edits.md", legend=prompts.MAP_LEGEND,
                                map=prompts.user_data(prompts.compact_map(
                                    journey, detail=False, focus=prompts.focus_stages(journey, instruction)), "map"),
                                instruction=prompts.user_data(instruction, "instruction"), ops=prompts.ops_guide())
        echoes = prompts.Echoes(prompt, prompts.schema_instructions(prompts.edit_schema()))
        applied_fix = [False]
        refused: list[str] = []  # why the last reply was refused: "echo" or "no_change"

        def validate(data: Any) -> EditProposal:
            refused.clear()
            if isinstance(data, list):
                data = {"ops": data}
            if not isinstance(data, dict):
                raise Unusable('the reply must be one JSON object {"ops": [...], "reply": "..."}')
            if data and not {"ops", "reply"} & set(data):  # JSON, but not a change: another shape altogether
                fields = ", ".join(sorted(str(k) for k in data)[:6])
                raise Unusable(f'the reply is not a change to the map: it has no "ops" (its fields: {fields})')
            reply = str(data.get("reply") or "").strip()
            ops = edits.parse_ops(data.get("ops") or [])
            if echoes(reply):
                if not ops:
                    refused.append(reply)
                    raise Unusable(f"the reply repeats the instructions (“{_short(reply, 60)}”) instead of answering",
                                   fix="Your last reply repeated the instructions instead of answering. Reply "
                                       "with the edit ops that carry out the instruction, and in \"reply\" say "
                                       "in your own words what you changed or what you need to know.")
                reply = ""
            if not ops and reply.strip(" .!").casefold() in NO_REASON:
                refused.append("")
                raise Unusable("the reply changes nothing and gives no reason",
                               fix="Your last reply changed nothing and gave no reason. Reply with the edit ops "
                                   "that carry out the instruction, or with \"ops\": [] and a \"reply\" that "
                                   "says why nothing can change.")
            named = len(ops)
            ops = [op for op in ops if not _placeholder_op(op, instruction)]
            if named and not ops:
                raise Unusable("the edits name things by placeholders (“second”, “first goal”, “channel1”), "
                               "not by what they are",
                               fix="Your last reply named things by placeholders such as \"second\" or "
                                   "\"first goal\". Reply with the edit ops again, each name saying what the "
                                   "thing is, in a few words.")
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
            return EditProposal(ops=ops, reply=reply)

        watcher = PartialWatcher("ops", on_partial) if on_partial else None
        try:
            return ask(self.client, "propose_edits", prompt, prompts.edit_schema(), "EditReply", validate,
                       watcher=watcher, cancel=cancel, max_tokens=max_tokens_for(self.settings, "edits"),
                       step="the changes")
        except EngineError as e:
            broken = getattr(e, "broken", False)  # the reply broke off: nothing the owner said is at fault
            by_rule = _by_rule(journey, instruction, e) if e.kind in RULE_FALLBACK or broken else None
            if by_rule is not None:
                return by_rule
            if broken:
                raise EngineError("The model's reply was cut off before it was complete, so it could not be read. "
                                  f"Nothing was changed; try again, {switch()}.", kind="bad_output") from None
            if e.kind != "bad_output" or not refused:
                raise
            if refused[0]:
                raise EngineError(
                    f"The model repeated its instructions instead of answering (“{_short(refused[0], 60)}”). "
                    "Nothing was changed; say the change more concretely (name the stage and what to add, remove "
                    f"or rename), {switch()}.", kind="echo") from None
            raise EngineError(
                "The model proposed no change and gave no reason. Nothing was changed; say the change more "
                f"concretely (name the stage and what to add, remove or rename), {switch()}.",
                kind="no_change") from None

    def answer(self, journey: JourneyMap, question: str, on_partial: PartialCallback | None = None,
               cancel: threading.Event | None = None) -> str:
        with self.client.request():
            return self._answer(journey, question, on_partial, cancel)

    def _answer(self, journey: JourneyMap, question: str, on_partial: PartialCallback | None,
                cancel: threading.Event | None) -> str:
        prompt = prompts.render("answer.md", legend=prompts.MAP_LEGEND,
                                map=prompts.user_data(prompts.compact_map(journey), "map"),
                                question=prompts.user_data(question, "question"))
        messages = [{"role": "system", "content": prompts.system_prompt()}, {"role": "user", "content": prompt}]
        reply = self.client.complete(messages, purpose="answer", on_text=_Throttled(on_partial) if on_partial else None,
                                     cancel=cancel, max_tokens=max_tokens_for(self.settings, "answer"),
                                     deadline=self.client.deadline(), step="the answer")
        self.client.report(reply)
        text = reply.text.strip()
        if reply.finish_reason == "length":
            text += "\n\n(The reply was cut off at the model's output limit.)"
        elif reply.finish_reason == OVERRUN:
            text += ("\n\n(The reply was cut: the model went on past the output limit cjm asked for, so cjm "
                     "stopped reading it.)")
        if on_partial:
            on_partial(text)
        return text

    # -- customer evidence ----------------------------------------------------------------

    def classify_evidence(self, journey: JourneyMap, feedback: Feedback, cancel: threading.Event | None = None,
                          on_progress: EvidenceProgress | None = None) -> Classified:
        """Feedback items classified to stages and pain points by the model, in batches that fit its context."""
        from cjm_assistant.engines.llm import evidence

        with self.client.request():
            return evidence.classify(self.client, journey, feedback, cancel=cancel, on_progress=on_progress)

    def estimate_evidence(self, journey: JourneyMap, feedback: Feedback) -> Estimate:
        """Calls, tokens and cost of :meth:`classify_evidence`, before it runs."""
        from cjm_assistant.engines.llm import evidence

        return evidence.estimate(self.client, self.name, journey, feedback)


# ---------------------------------------------------------------------------
# Parsing, validating, marking


def _placeholder_op(op: Any, instruction: str) -> bool:
    """An op that adds, renames or updates something to a placeholder ("second", "first goal", "channel1")
    the instruction did not ask for by that name: no map content (see stages._placeholder)."""
    from cjm_assistant.engines.llm.stages import _placeholder

    if not type(op).__name__.startswith(("Add", "Rename", "Update")):
        return False
    asked = " ".join(instruction.casefold().split())
    for field in ("name", "text"):
        value = getattr(op, field, None)
        if isinstance(value, str) and value.strip() and " ".join(value.casefold().split()) not in asked \
                and _placeholder(value, frozenset()):
            return True
    return False


def _mark_ops(ops: list, instruction: str) -> None:
    words = " ".join(instruction.split()).casefold()
    for op in ops:
        named = getattr(op, "name", None) or getattr(op, "text", None)
        op.provenance = "user" if named and " ".join(named.split()).casefold() in words else "inferred"


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


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# A refinement the model could not finish (it ran on to its output limit or past its deadline): the rule-based
# reader the playbook engine uses is tried on the instruction before giving up.
RULE_FALLBACK = ("truncated", "deadline", "repeating")
# ... or it could not be reached at all (nothing listening, the network down), or what answered is no model server
UNREACHED = ("connection", "not_json")
READ_BY_RULE = "cjm read the instruction by rule instead"  # in the reply of such a proposal


def _by_rule(journey: JourneyMap, instruction: str, error: EngineError) -> EditProposal | None:
    """The rule-based reading of ``instruction`` when it understands it (else None), saying why the model's
    was not used."""
    from cjm_assistant.engines.instructions import propose

    try:
        parsed = propose(journey, instruction)
    except EditError:
        return None
    if not parsed.ops:
        return None
    why = str(error).split(". ", 1)[0].rstrip(".")
    log.info("the model's edits failed (%s); the instruction was read by rule", error.kind)
    return EditProposal(ops=list(parsed.ops),
                        reply=f"The model could not give the change ({why}); {READ_BY_RULE}. {parsed.reply}")
