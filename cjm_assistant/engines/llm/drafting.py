"""A first map with the model: the interview gives the frame, the model the stages, in steps when needed.

1. The frame comes from the interview, not from the model: title, business,
   personas, the channels the user named and the user's own problems, read by
   the playbook from the profile (:func:`frame`); the model never copies them back.
2. The model adds the stages and their lanes (:mod:`.stages`):

   * in one reply when litellm knows the model writes long replies and the
     server takes ``json_schema`` (a large hosted model);
   * else in steps: the stage names (the skeleton), then each stage's lanes in
     a call of its own, so that a small local model with a small output limit
     still gives a whole map. Each stage is shown as soon as it is read (and
     while it streams), through ``on_partial``.

   Every step has its own ``max_tokens`` (runtime.max_tokens_for); the whole draft shares one deadline
   (``LLMClient.request``). A stage that is cut off, runs out of time or does not fit after the retries
   keeps what was usable and the draft goes on; once the time has run out, the stages not yet asked for are
   kept by name only. What was dropped is said.
3. The user's problems are put on the model's stages they fit (by their words
   and the playbook's stage for them), else listed as not yet placed; then the
   playbook's contradiction checker mends what contradicts the user
   (:func:`cjm_assistant.engines.playbook.checker.check`).

The notes say which parts came from the interview and which from the model
(everything the model wrote is ``inferred``).
"""

from __future__ import annotations

import re
import threading
import time
from typing import Any

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.domain.profile import Profile
from cjm_assistant.engines.base import EngineError, MapProposal, PartialCallback, check_cancel
from cjm_assistant.engines.llm import prompts
from cjm_assistant.engines.llm.client import LLMClient
from cjm_assistant.engines.llm.errors import Unusable, switch
from cjm_assistant.engines.llm.runtime import max_tokens_for, output_limit
from cjm_assistant.engines.llm.stages import (
    MAX_STAGES,
    MIN_STAGES,
    Channels,
    StageReader,
    skeleton_schema,
    stage_names,
    stage_schema,
    stages_schema,
)
from cjm_assistant.engines.llm.structured import (
    PARTIAL_EVERY_S,
    PartialJsonParser,
    PartialWatcher,
    ask,
    drop_unfinished,
    loads_lenient,
)
from cjm_assistant.knowledge import relevance

WHOLE_MIN_OUTPUT = 8192  # a model known to write this many tokens in a reply drafts every stage in one reply
SALVAGED = ("bad_output", "deadline", "truncated", "empty", "repeating")  # a stage failing so keeps what it can


def frame(profile: Profile) -> tuple[dict, list[tuple[dict, str]], list[str]]:
    """(the map without stages, as the interview gives it; the user's own pain points, each with the stage the
    playbook would put it on; the playbook's stage names). The playbook reads the profile; only what the user
    said is taken from it, and the personas (the playbook's typical customer, marked inferred, when the user
    named none)."""
    from cjm_assistant.engines.playbook.compose import compose
    from cjm_assistant.engines.playbook.context import _stated_channels

    journey = compose(profile).model_dump(mode="json")
    pains = [(pain, stage["name"]) for stage in journey["stages"] for pain in stage["pain_points"]
             if pain["provenance"] == "user"]
    pains += [(pain, "") for pain in journey["unplaced"] if pain["provenance"] == "user"]
    head = {key: journey[key] for key in ("title", "kind", "scope", "business", "personas", "persona")}
    # The channels the interview gave (the user's, and those a model read from a vague answer, marked inferred),
    # not the ones the playbook would suggest.
    stated = {c.name for c in _stated_channels(profile)}
    head["channels"] = [c for c in journey["channels"] if c["provenance"] == "user" or c["name"] in stated]
    return head, pains, [stage["name"] for stage in journey["stages"]]


def echoed_lines(head: dict) -> list[str]:
    """The interview's own lines as :func:`context` gives them to the model, and their names: a lane item that
    is one of these is the prompt copied back, not content (the business, its model, the map's kind, a persona
    and its line)."""
    b = head["business"]
    out = [b.get("name", ""), b.get("description", ""), b.get("business_model", ""), head.get("kind", "")]
    if b.get("description") and b["description"] != b.get("name"):
        out.append(f"{b.get('name', '')}: {b['description']}")
    for p in head["personas"]:
        said = "; ".join(filter(None, [p.get("summary", ""), "wants " + ", ".join(p["goals"])
                                       if p.get("goals") else ""]))
        out += [p["name"], p.get("summary", ""), f"{p['name']} ({said})" if said else ""]
    return out


def context(head: dict, profile: Profile, pains: list[tuple[dict, str]]) -> str:
    """What the interview learnt, in a few lines for a prompt (the user's words, delimited as data)."""
    b = head["business"]
    lines = [f"Business: {b['name']}" + (f": {b['description']}" if b.get("description") and
                                         b["description"] != b["name"] else "")]
    if b.get("offering"):
        lines.append(f"Sells: {b['offering']}")
    if b.get("customers"):
        lines.append(f"Customers: {b['customers']} ({b.get('business_model', 'B2C')})")
    persona = next((p for p in head["personas"] if p["id"] == head["persona"]), None)
    if persona:
        said = "; ".join(filter(None, [persona.get("summary", ""), "wants " + ", ".join(persona["goals"])
                                       if persona.get("goals") else ""]))
        lines.append(f"Customer: {persona['name']}" + (f" ({said})" if said else ""))
    if profile.journey or head.get("scope"):
        lines.append(f"Journey: {profile.journey or head['scope']}")
    if head["channels"]:
        lines.append("Channels: " + ", ".join(c["name"] for c in head["channels"]))
    if pains:
        lines.append("Known problems: " + "; ".join(p["name"] for p, _ in pains))
    return prompts.user_data("\n".join(lines), "interview")


class Drafter:
    """One draft: ``run()`` gives the MapProposal (see the module's docstring)."""

    def __init__(self, client: LLMClient, profile: Profile, on_partial: PartialCallback | None = None,
                 cancel: threading.Event | None = None):
        self.client, self.settings, self.profile = client, client.settings, profile
        self.on_partial, self.cancel = on_partial, cancel
        self.head, self.pains, self.playbook_stages = frame(profile)
        self.channels = Channels([dict(c) for c in self.head["channels"]])
        used = {p["id"] for p in self.head["personas"]} | {c["id"] for c in self.head["channels"]}
        self.context = context(self.head, profile, self.pains)
        b = self.head["business"]
        # Names a stage cannot have: the business's, the personas' (and their first or last word), the map kind's.
        self.not_stages = {str(n).casefold() for n in [b.get("name"), b.get("business_model"), self.head["kind"],
                                                       *(w for p in self.head["personas"] for w in
                                                         (p["name"], *p["name"].split()[:1], *p["name"].split()[-1:]))]
                           if n}
        # What no lane item may say: the interview's business and customer lines echoed back ("Sweet Crumbs",
        # "B2C", "Busy parent Priya (...)"), besides the prompt's instructions (Echoes) and placeholders.
        self.not_items = {str(n).casefold() for n in echoed_lines(self.head) if n}
        self.reader = StageReader(self.channels, used, avoid=self.not_items)
        self.stages: list[dict] = []
        self.notes: list[str] = []
        self.dropped: list[str] = []
        self.repaired: list[str] = []
        self._failure = ""  # why the last stage failed

    @property
    def whole(self) -> bool:
        """Whether to ask for every stage in one reply (see the module's docstring)."""
        limit = output_limit(self.settings.model)
        return bool(limit and limit >= WHOLE_MIN_OUTPUT) and self.client.format == "json_schema"

    @property
    def owners_stages(self) -> list[str]:
        """The stages the owner confirmed (the answers file's ``stages``, or those set in the interview), in
        their order and words, as the playbook keeps them: the map's stages with any engine; the model only
        describes each. Empty when the owner confirmed none (the model names the stages)."""
        if not self.profile.stages or self.head["kind"] not in ("current", "future"):
            return []  # the playbook keeps them for these kinds only (context.py)
        return list(self.playbook_stages)

    def run(self) -> MapProposal:
        names: list[str] = []
        owned = self.owners_stages
        if owned:
            names = owned
            self.notes.append(f"Stages as you confirmed them: {', '.join(owned)}; the model described each of them.")
        elif self.whole:
            try:
                self._whole()
            except EngineError as e:
                if e.kind not in SALVAGED:
                    raise
                self.stages = []
                self.notes.append(f"The whole map did not come in one reply ({_reason(e)}); it was drafted in steps.")
        if not self.stages:
            try:
                names = names or self._skeleton()
            except EngineError as e:
                if e.kind not in ("bad_output", "truncated") or len(self.playbook_stages) < 2:
                    raise  # a model that cannot answer at all: no use asking it about each stage
                names = self.playbook_stages[:MAX_STAGES]
                self.notes.append(f"The model gave no usable stage names ({_reason(e)}); the stages are the "
                                  "playbook's for this kind of business, and the model described each of them.")
            self._retitle(names)
            for number, name in enumerate(names, 1):
                check_cancel(self.cancel)
                if self.client.out_of_time():
                    self._unasked(number, names)
                    break
                self._stage(number, names)
            if not any(_items(stage) for stage in self.stages):
                raise EngineError("The model gave nothing usable for any stage of the map "
                                  f"({self._failure or 'no reason given'}). Nothing was saved; try again, "
                                  f"{switch()}.", kind="bad_output")
        return self._proposal()

    # -- asking -------------------------------------------------------------------------------------

    def _prompt(self, template: str, **values: Any) -> str:
        names = self.channels.names()
        hint = f", channel one of: {', '.join(names)}" if names else ""
        return prompts.render(template, context=self.context, kind=self.head["kind"], min=MIN_STAGES,
                              max=MAX_STAGES, channel_hint=hint, **values)

    def _whole(self) -> None:
        prompt = self._prompt("propose_map.md")
        schema = stages_schema(self.channels.names())
        echoes = prompts.Echoes(prompt, prompts.schema_instructions(schema))

        def read(data: Any) -> list[dict]:
            items = data.get("stages") if isinstance(data, dict) else data
            names, dropped = stage_names([i for i in items if isinstance(i, dict)] if isinstance(items, list)
                                         else [], echoes, self.not_stages)
            if len(names) < MIN_STAGES:
                raise Unusable(f"the reply has {len(names)} usable stages; a journey needs {MIN_STAGES} to "
                               f"{MAX_STAGES}, each with a name")
            by_name = {_plain_name(i): i for i in items if isinstance(i, dict)}
            reader = self._fresh_reader(echoes)
            stages = []
            for name in names:
                stage, lost = reader.stage(name, by_name.get(name.casefold(), {}))
                stages.append(stage)
                self.dropped += [f"{what} from “{name}”" for what in lost]
            self.reader = reader
            self.dropped += dropped
            return stages

        watcher = PartialWatcher("stages", self._show_stages) if self.on_partial else None
        self.stages = ask(self.client, "propose_map", prompt, schema, "Stages", read, watcher=watcher,
                          cancel=self.cancel, max_tokens=max_tokens_for(self.settings, "map"),
                          repaired=self.repaired, step="the whole map")
        self._retitle([stage["name"] for stage in self.stages])
        self._show()

    def _skeleton(self) -> list[str]:
        prompt = self._prompt("draft_skeleton.md")
        echoes = prompts.Echoes(prompt, prompts.schema_instructions(skeleton_schema()))

        def read(data: Any) -> list[str]:
            names, dropped = stage_names(data, echoes, self.not_stages)
            if len(names) < MIN_STAGES:
                got = f"{len(names)} usable stage name{'s' if len(names) != 1 else ''}"
                raise Unusable(f"the reply has {got}" + (f" ({'; '.join(dropped[:3])})" if dropped else "") +
                               f"; name {MIN_STAGES} to {MAX_STAGES} different stages")
            self.dropped += dropped
            return names

        return ask(self.client, "draft_stages", prompt, skeleton_schema(), "Stages", read, cancel=self.cancel,
                   max_tokens=max_tokens_for(self.settings, "skeleton"), repaired=self.repaired,
                   step="the stage names")

    def _stage(self, number: int, names: list[str]) -> None:
        name = names[number - 1]
        listed = ", ".join(f'{i}. "{n}"' for i, n in enumerate(names, 1))
        prompt = self._prompt("draft_stage.md", stages=listed, number=number, stage=name.replace('"', "'"))
        schema = stage_schema(self.channels.names())
        echoes = prompts.Echoes(prompt, prompts.schema_instructions(schema))
        self.reader.echoes = echoes
        step = f"stage {number} of {len(names)} “{name}”"

        def read(data: Any) -> tuple[dict, list[str]]:
            if not isinstance(data, dict):
                raise Unusable("the reply must be one JSON object for the stage")
            used = set(self.reader.used)
            stage, lost = self.reader.stage(name, data)
            if not _items(stage):
                self.reader.used = used
                raise Unusable("the stage has no actions, touchpoints, thoughts or pain points" +
                               (f" that fit ({', '.join(lost)} left out)" if lost else ""))
            return stage, lost

        try:
            stage, lost = ask(self.client, "draft_stage", prompt, schema, "Stage", read, cancel=self.cancel,
                              watcher=self._streaming(name) if self.on_partial else None,
                              max_tokens=max_tokens_for(self.settings, "stage"), repaired=self.repaired, step=step,
                              allow_cut=True)
        except EngineError as e:
            if e.kind not in SALVAGED:
                raise
            self._failure = _reason(e)
            stage, lost = self._salvage(name, e)
            kept = "what it had written is kept" if _items(stage) else "the stage is there without items: add " \
                                                                        "them, or ask for them with an instruction"
            self.notes.append(f"The model gave nothing usable for “{name}” ({_reason(e)}); {kept}.")
        self.dropped += [f"{what} from “{name}”" for what in lost]
        if name in self.owners_stages:
            stage["provenance"] = "user"  # the owner's own stage: its name is theirs, its lanes the model's
        self.stages.append(stage)
        self._show()

    def _unasked(self, number: int, names: list[str]) -> None:
        """The stages from ``number`` on, by name only: the request's time ran out before the model was asked."""
        from cjm_assistant.engines.llm.errors import deadline_option

        rest = names[number - 1:]
        for name in rest:
            stage, _ = self.reader.stage(name, {})
            if name in self.owners_stages:
                stage["provenance"] = "user"
            self.stages.append(stage)
        self._failure = self._failure or "it ran out of time"
        self.notes.append(f"The model's time ran out ({self.settings.deadline:g} seconds, {deadline_option()}) "
                          f"after {number - 1} of {len(names)} stages: " + ", ".join(f"“{n}”" for n in rest) +
                          f" {'is' if len(rest) == 1 else 'are'} there without items; add them, or ask for "
                          "them with an instruction.")
        self._show()

    def _salvage(self, name: str, error: EngineError) -> tuple[dict, list[str]]:
        """The stage as far as the model got before it was stopped (else the name alone)."""
        data: Any = {}
        partial = getattr(error, "partial", "")
        if partial:
            try:
                data = drop_unfinished(loads_lenient(partial, allow_truncated=True))
            except ValueError:
                data = {}
        return self.reader.stage(name, data if isinstance(data, dict) else {})

    def _fresh_reader(self, echoes: Any) -> StageReader:
        return StageReader(self.channels, set(self.reader.used), echoes, avoid=self.not_items)

    # -- showing it grow ----------------------------------------------------------------------------

    def _sketch(self, stages: list[dict]) -> dict:
        return {"title": self.head["title"], "kind": self.head["kind"], "stages": stages}

    def _retitle(self, names: list[str]) -> None:
        """The title names the map's own first and last stage once they are known (see :func:`retitled`)."""
        self.head["title"] = retitled(self.head["title"], self.playbook_stages, names)

    def _show(self) -> None:
        if self.on_partial is not None:
            self.on_partial(self._sketch(list(self.stages)))

    def _show_stages(self, partial: dict) -> None:
        """The whole-map reply so far (complete stages only), read leniently for drawing."""
        reader = StageReader(Channels([dict(c) for c in self.channels.known]), set(self.reader.used),
                             avoid=self.not_items)
        stages = [reader.stage(s["name"], s)[0] for s in partial.get("stages", []) if isinstance(s.get("name"), str)]
        if self.on_partial is not None:
            self.on_partial(self._sketch(stages))

    def _streaming(self, name: str) -> _StageStream:
        return _StageStream(self, name)

    # -- the map ------------------------------------------------------------------------------------

    def _proposal(self) -> MapProposal:
        data = dict(self.head, channels=self.channels.known, stages=self.stages, transitions=[])
        unplaced = self._place_problems(data["stages"])
        data["unplaced"] = unplaced
        journey = JourneyMap.model_validate(data)
        from cjm_assistant.engines.playbook.checker import check

        journey, mended = check(journey, self.profile)
        journey.title = retitled(journey.title, [s["name"] for s in self.stages], [s.name for s in journey.stages])
        return MapProposal(journey=journey, notes=self._notes(journey, unplaced) + mended)

    def _place_problems(self, stages: list[dict]) -> list[dict]:
        """Put each of the user's own pain points on the model's stage it fits best; the rest stay unplaced."""
        unplaced = []
        for pain, where in self.pains:
            pain = dict(pain, id=self.reader._id("pp"), touchpoint="")
            said = f"{pain['name']} {where}"
            best = next((s for s in stages if where and s["name"].casefold() == where.casefold()), None)
            best = best or max(stages, key=lambda s: relevance.overlap(said, _stage_words(s)), default=None)
            if best is None or (best["name"].casefold() != where.casefold()
                                and relevance.overlap(said, _stage_words(best)) == 0):
                unplaced.append(pain)
                continue
            same = {p["id"] for p in best["pain_points"] if p["name"].casefold() == pain["name"].casefold()}
            best["pain_points"] = [p for p in best["pain_points"] if p["id"] not in same]
            best["pain_points"].append(pain)
            for opportunity in best["opportunities"]:  # what answered the model's copy answers the user's
                opportunity["addresses"] = list(dict.fromkeys(pain["id"] if a in same else a
                                                              for a in opportunity["addresses"]))
        return unplaced

    def _notes(self, journey: JourneyMap, unplaced: list[dict]) -> list[str]:
        model = self.settings.model
        user_pains = sum(1 for _, p in journey.pain_points() if p.provenance == "user") + len(unplaced)
        personas = [p.name for p in journey.personas]
        said = [c for c in self.head["channels"] if c["provenance"] == "user"]
        owned = sum(1 for stage in journey.stages if stage.provenance == "user")
        told = [f"the business ({journey.business.name})", _count(owned, "stage") if owned else "",
                f"{_count(len(personas), 'persona')} ({', '.join(personas)})" if personas else "",
                f"{_count(len(said), 'channel')}" if said else "",
                f"{_count(user_pains, 'of your problems', 'of your problems')}" if user_pains else ""]
        lanes = {"touchpoints": 0, "pain_points": 0, "opportunities": 0, "actions": 0}
        for stage in journey.stages:
            for lane in lanes:
                lanes[lane] += sum(1 for item in getattr(stage, lane) if item.provenance == "inferred")
        added = [f"{len(self.channels.added)} more channel{'s' if len(self.channels.added) != 1 else ''} "
                 f"({', '.join(c['name'] for c in self.channels.added)})"] if self.channels.added else []
        notes = list(self.profile.assumptions)
        notes.append("From the interview: " + _join([t for t in told if t]) + ".")
        inferred = sum(1 for stage in journey.stages if stage.provenance == "inferred")
        notes.append(f"From the model ({model}), marked inferred for you to check: "
                     + _join([_count(inferred, "stage")] * bool(inferred) + [_count(lanes["actions"], "action"),
                              _count(lanes["touchpoints"], "touchpoint"), _count(lanes["pain_points"], "pain point"),
                              _count(lanes["opportunities"], "opportunity"), *added]) + ".")
        notes += self.notes
        if self.dropped:
            notes.append("Left out of the model's reply (did not fit): " + "; ".join(self.dropped[:8]) +
                         (f"; and {len(self.dropped) - 8} more" if len(self.dropped) > 8 else "") + ".")
        notes += self.repaired
        if unplaced:
            notes.append("Not yet placed (no stage of the draft fits it): " +
                         ", ".join(f"“{p['name']}”" for p in unplaced) + "; move it where it happens.")
        return notes


class _StageStream:
    """An ``on_text`` for a stage's call that draws the stage as far as it has streamed (every 50 ms at most)."""

    def __init__(self, drafter: Drafter, name: str):
        self.drafter, self.name = drafter, name
        self.reset()

    def reset(self) -> None:
        self.parser = PartialJsonParser()
        self.fed = 0
        self.last = 0.0

    def __call__(self, text: str, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < PARTIAL_EVERY_S:
            return
        self.last = now
        self.parser.feed(text[self.fed:])
        self.fed = len(text)
        data = self.parser.value()
        d = self.drafter
        if isinstance(data, dict) and d.on_partial is not None:
            reader = StageReader(Channels([dict(c) for c in d.channels.known]), set(d.reader.used),
                                 avoid=d.not_items)
            d.on_partial(d._sketch([*d.stages, reader.stage(self.name, data)[0]]))


def retitled(title: str, before: list[str], after: list[str]) -> str:
    """``title`` naming the journey by the stages ``after`` where it named it by the first and last of ``before``
    ("Steam & Sea: from Find us on Instagram to Pack up", made from the owner's steps, over a draft whose stages
    are the model's says "from Books the sauna online to Leaves a review"); any other title stays as it is. A title
    cut short after "from FIRST to" is made again whole."""
    if len(before) < 2 or len(after) < 2 or (before[0], before[-1]) == (after[0], after[-1]):
        return title
    m = re.fullmatch(rf"(.*: from ){re.escape(before[0])}( to )(?:{re.escape(before[-1])}|.*…)((?: \([^)]*\))?)",
                     title, re.S)
    if m is None:
        return title
    from cjm_assistant.domain.model import MAX_NAME

    named = f"{m.group(1)}{after[0]}{m.group(2)}{after[-1]}{m.group(3)}"
    if len(named.split()) <= 30 and len(named) <= MAX_NAME:
        return named
    return m.group(1).removesuffix(" from ").rstrip(":") + m.group(3)  # too long to name both: the business alone


def _items(stage: dict) -> int:
    return sum(len(stage.get(lane, [])) for lane in ("actions", "touchpoints", "thoughts", "pain_points"))


def _stage_words(stage: dict) -> str:
    parts = [stage["name"], stage.get("goal", "")]
    parts += [a["text"] for a in stage.get("actions", [])] + [t["name"] for t in stage.get("touchpoints", [])]
    return " ".join(parts + [p["name"] for p in stage.get("pain_points", [])])


def _plain_name(item: dict) -> str:
    names, _ = stage_names([item])
    return names[0].casefold() if names else ""


def _reason(error: EngineError, limit: int = 120) -> str:
    """Why a step failed, in a few words ("it ran out of time", "the reply has 0 usable stage names")."""
    from cjm_assistant.engines.llm.structured import _short

    text = str(error)
    said = getattr(error, "reason", "") or (text.split(" (", 1)[-1].split(" (", 1)[0].rstrip(")") if " (" in text
                                            else text)
    reason = {"deadline": "it ran out of time", "truncated": "it was cut off at the output limit",
              "empty": "it sent an empty reply"}.get(error.kind, said)
    # One clause inside another message: no sentence of its own, no advice of its own.
    reason = reason.split(". ", 1)[0].rstrip(".")
    return _short(reason, limit)


def _count(n: int, noun: str, plural: str | None = None) -> str:
    from cjm_assistant.domain.model import plural as plural_of

    return f"{n} {noun if n == 1 else plural or plural_of(noun)}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1] if parts else ""
