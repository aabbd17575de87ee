"""Compose a journey map from a profile, deterministically, from the playbook.

The playbook supplies the structure (a stage model for the business type) and
the typical content of every lane; the user's words supply the business, the
channels, the persona and the problems. The rules that keep the map honest:

* touchpoints sit only on channels the user named; a stage that would have
  none gets at most one suggestion on a typical channel, marked ``inferred``
  and described as "Suggestion: ...";
* every problem and frustration the user stated becomes a pain point with
  provenance ``user``, in the user's words, on the stage it fits best;
* everything the playbook adds is ``inferred``.

Same profile in, same map out: no randomness, no clocks, no set ordering.
"""

from __future__ import annotations

import functools
import re

from collections.abc import Iterator

from cjm_assistant.domain.model import MAP_KIND_LABELS, MAX_NAME, JourneyMap
from cjm_assistant.domain.profile import Profile
from cjm_assistant.knowledge import kinds
from cjm_assistant.knowledge import steps as st
from cjm_assistant.knowledge import text as tx
from cjm_assistant.knowledge.channel_items import met_on, near, place_of
from cjm_assistant.knowledge.detect import business_label
from cjm_assistant.knowledge.step_goals import own_goal

from .checker import check
from .context import Context, StageBuild, build_context, resolve_channel
from .stages import StagePlan
from .owners import stage_owners
from .pains import add_kpis, add_pains_and_opportunities, set_emotions
from .touchpoints import future_touchpoints, place_touchpoints

# ---------------------------------------------------------------------------
# Public API


def compose(profile: Profile, kind: str | None = None) -> JourneyMap:
    """The playbook's map for this profile (``kind`` overrides ``profile.kind``)."""
    return compose_with_notes(profile, kind)[0]


def compose_with_notes(profile: Profile, kind: str | None = None) -> tuple[JourneyMap, list[str]]:
    """The map, and sentences saying what the playbook assumed or suggested; nothing inferred on it
    contradicts what the user said (:func:`.checker.check`)."""
    data, notes = _looked_twice(profile, kind)
    journey, mended = check(JourneyMap.model_validate(data), profile)
    return journey, notes + mended


#: How sure the evidence matcher must be of a stage for a stated problem the playbook's rules left unplaced.
SECOND_LOOK_AT = 0.5


def _looked_twice(profile: Profile, kind: str | None) -> tuple[dict, list[str]]:
    """The map's data, with a second look at the stated problems no stage fits by the playbook's rules.

    The first draft is read the way customer feedback is (:class:`cjm_assistant.evidence.match.Matcher`: each
    stage as a document of everything the draft says about it, its words weighed by how rare they are on this map,
    and a placement model fitted on hand-labelled feedback): a problem it puts on a stage with at least
    :data:`SECOND_LOOK_AT` confidence goes there, as if the owner had said so (``profile.placements``), so it gets
    its fix like any placed problem; a note says where it went and how to move it. The rest stay "not yet placed",
    for the interview to ask about."""
    data, notes = _compose_data(profile, kind)
    if not data.get("unplaced"):
        return data, notes
    from cjm_assistant.evidence.match import Matcher

    draft = JourneyMap.model_validate(data)
    matcher = Matcher(draft)
    names = {stage.id: stage.name for stage in draft.stages}
    placements: dict[str, str] = {}
    said: dict[str, str] = {}  # problem -> the note saying where it went
    for pain in draft.unplaced:
        if pain.name in profile.placements:
            continue
        words = pain.description.split("\n\n")[0].removeprefix("In your words: ") \
            if pain.description.startswith("In your words: ") else pain.name
        found = matcher.match(words, -1)
        stage = names.get(found.stage_id or "")
        if stage is None or found.confidence < SECOND_LOOK_AT:
            continue
        placements[pain.name] = stage
        said[pain.name] = (f"“{pain.name}” is on “{stage}”: its words fit that stage best "
                           f"({found.confidence:.0%} sure); if it happens elsewhere, 'move pain point ... to STAGE'.")
    if not placements:
        return data, notes
    data, notes = _compose_data(profile.merge({"placements": placements}), kind)
    still_unplaced = {p["name"] for p in data.get("unplaced", [])}
    return data, notes + [line for name, line in said.items() if name not in still_unplaced]


def assumptions(profile: Profile, kind: str | None = None) -> list[str]:
    """What the playbook assumed rather than was told, for the user to check."""
    return compose_with_notes(profile, kind)[1]


def propose_stream(profile: Profile, kind: str | None = None) -> Iterator[JourneyMap]:
    """The map as it grows, one stage more each time; the last one equals ``compose()``."""
    data, _ = _looked_twice(profile, kind)
    final, _ = check(JourneyMap.model_validate(data), profile)
    data = final.model_dump()
    stages = data["stages"]
    for count in range(1, len(stages) + 1):
        partial = dict(data, stages=stages[:count])
        present = {tp["id"] for st in stages[:count] for tp in st["touchpoints"]}
        partial["transitions"] = [
            tr for tr in data["transitions"] if tr["source"] in present and (not tr["target"] or tr["target"] in present)
        ]
        yield JourneyMap.model_validate(partial)


def _compose_data(profile: Profile, kind: str | None) -> tuple[dict, list[str]]:
    ctx = build_context(profile, kind)
    stages = [_stage(ctx, plan) for plan in ctx.plans]
    place_touchpoints(ctx, stages)
    personas, persona_notes = _personas(ctx, stages)
    ctx.notes[:0] = persona_notes
    add_pains_and_opportunities(ctx, stages)
    _no_stock_goal_twice(stages)  # after placing: the goal's words still say where a problem belongs
    future_touchpoints(ctx, stages)
    set_emotions(ctx, stages)
    add_kpis(ctx, stages)
    notes = {k.casefold(): v for k, v in ctx.profile.channel_notes.items()}
    channels = [
        {"id": "", "provenance": "inferred" if c.guessed else c.provenance, "name": c.name, "kind": _kind(ctx, c),
         "description": notes.get(c.name.casefold(), "") if c.provenance == "user" else ""}
        for c in ctx.channels
    ]
    for stage in stages:
        stage.data["_owners"] = stage_owners(ctx, stage)
    data = {
        "title": _title(ctx, personas[0]["name"], [st.data["name"] for st in stages if st.data.get("_lane") is None]),
        "kind": ctx.kind,
        "scope": _scope(ctx),
        "business": _business(ctx),
        "personas": personas,
        "persona": "",
        "channels": channels,
        "stages": [st.data for st in stages],
        "unplaced": ctx.unplaced,
        "transitions": [],
    }
    _unique_stage_names(data["stages"])
    _number(data)
    _mark_sides(ctx, data)
    data["persona"] = data["personas"][0]["id"] if data["personas"] else ""
    data["transitions"] = _transitions(data)
    return data, ctx.notes


_BY_WAY = re.compile(r"^(?:from|off|through|via|by|on|at)\b", re.I)


def _heard_goal(plan: StagePlan, name: str) -> str:
    """The goal of a step of no known kind read as another way of hearing of the business ("a flyer or a neighbour"
    after "they find us on facebook"): finding out about it that way, never the stock lines of the step before."""
    if plan.phase != "discover" or plan.step is None or plan.step.phase is not None or not name:
        return ""
    way = name[:1].lower() + name[1:]
    return f"Find out about {{business}} {way if _BY_WAY.match(way) else 'from ' + way}"


def _stage(ctx: Context, plan: StagePlan) -> StageBuild:
    tpl = plan.template
    user = plan.provenance == "user"
    general = st.data().phase.get(tpl.phase)
    staged = {k for k in ctx.lacks if k in st.data().capabilities and st.data().capabilities[k].stages}
    if general is not None and kinds.assumes(f"{tpl.name} {tpl.goal}", staged):
        # a model's stage that takes for granted what this business lacks ("Post-stay", "a place that fits the
        # dates" for a hire with no beds): its phase's general content instead
        tpl = tpl.model_copy(update={"name": tpl.name if user else general.name, "goal": general.goal,
                                     "actions": list(general.actions), "thoughts": list(general.thoughts)})
    name = brand_case(tpl.name) if user else ctx.fill(tpl.name)  # the owner's words are never a template
    data = {
        "id": "",
        "provenance": plan.provenance,
        "name": name[:MAX_NAME],
        "goal": ctx.fill(_goal_at_home(ctx, tpl.goal)),
        "emotion": tpl.emotion,
        # the template's words that take for granted what this business does not do ("Waits for the delivery")
        # are left out, as its pain points, fixes and KPIs are
        "actions": [_note(a, "user") for a in plan.extra_actions]
                   + [_note(ctx.fill(a)) for a in tpl.actions if not kinds.assumes(a, ctx.lacks)],
        "touchpoints": [],
        "thoughts": [_note(ctx.fill(t)) for t in tpl.thoughts if not kinds.assumes(t, ctx.lacks)],
        "pain_points": [],
        "opportunities": [],
        "kpis": [],
        "personas": [],
        "_side": plan.side,
    }
    if plan.own_content:  # a step the owner added: its name is what happens; its goal, general words around its
        said = plan.step.text if plan.step and plan.step.text else name  # name (the owner's words for it), or
        # the service's, when the step is of no known kind ("sew" after "arrive and get a coffee")
        goal = (general.service_goal if general is not None and plan.service else "") or _heard_goal(plan, name) \
            or own_goal(name, plan.side)
        # an action that only repeats the stage's name says nothing more: the lane waits for the owner's words
        same = " ".join(said.casefold().split()) == " ".join(name.casefold().split())
        data.update(goal=ctx.fill(goal), emotion=0, actions=[] if same else [_note(tx.capitalise(said), "user")],
                    thoughts=[])
        return StageBuild(tpl.phase, 0, data, plan=plan)
    left = st.data().left_with_us
    if left is not None and plan.step is not None and tpl.phase == "receive" and \
            (kinds.left_with_business(f"{plan.step.text} {name}") or plan.step.text in ctx.fetched):
        # it changes hands: the customer's own, no goods (a collection before "return": fetched to be brought back)
        data.update(goal=left.handover_goal, thoughts=[_note(t) for t in left.handover_thoughts],
                    actions=[_note(a, "user") for a in plan.extra_actions] + [_note(a) for a in left.handover_actions])
        return StageBuild(tpl.phase, 0, data, plan=plan)
    if left is not None and ctx.left and plan.step is not None and tpl.phase == "receive":
        # the customer's own thing, left with the business, comes back to them ("they collect it"): no goods are
        # delivered, nobody waits for a delivery slot
        data.update(goal=left.return_goal, thoughts=[_note(t) for t in left.return_thoughts],
                    actions=[_note(a, "user") for a in plan.extra_actions] + [_note(a) for a in left.return_actions])
        return StageBuild(tpl.phase, 0, data, plan=plan)
    if tpl.phase == "receive" and general is not None and general.service_goal and tpl.goal == general.goal \
            and _NO_GOODS <= ctx.lacks and not _collects_a_thing(ctx, plan):
        # the work handed over by a business that sells and delivers no goods: nothing arrives "in good condition"
        data.update(goal=ctx.fill(general.service_goal), thoughts=[_note(ctx.fill(t)) for t in general.service_thoughts],
                    actions=[_note(a, "user") for a in plan.extra_actions]
                    + [_note(ctx.fill(a)) for a in general.service_actions])
        return StageBuild(tpl.phase, tpl.emotion, data, plan=plan)
    home = st.data().at_home if ctx.at_home else left if ctx.left else None
    # they come to the customer, or the customer leaves it with them: no check-in desk, nobody waits to be seen
    if tpl.phase == "visit" and home is not None:
        # a factory, not a front door; a boat at the marina or a car at the roadside, not the customer's home
        site = (ctx.business_model == "B2B" or _away_from_home(ctx.profile)) and getattr(home, "site_actions", None)
        goal, actions = (home.site_goal, home.site_actions) if site else (home.goal, home.actions)
        data.update(goal=ctx.fill(goal), thoughts=[_note(ctx.fill(t)) for t in home.thoughts],
                    actions=[_note(a, "user") for a in plan.extra_actions]
                    + [_note(ctx.fill(a)) for a in actions if not kinds.assumes(a, ctx.lacks & _unplanned())])
    return StageBuild(tpl.phase, tpl.emotion, data, plan=plan)


#: What a business lacks when it sells no goods and delivers none (``[capabilities.*]`` in steps.toml)
_NO_GOODS = frozenset({"products", "delivery"})
#: Words of a step that say what is collected is a thing, not finished work: a hired item, a parcel, a key
_A_THING = re.compile(r"\b(?:parcels?|packages?|keys?|key\s*cards?|fobs?|lockers?|hired|rented|borrowed|loaned|"
                      r"hire|rental|loan)\b", re.I)
#: Words of the business that say it hires things out ("farmers rent out idle tractors", "bike hire")
_HIRES_OUT = re.compile(r"\b(?:rents?\s+out|renting\s+out|rental|rentals|hires?\s+out|hiring\s+out|for\s+hire|"
                        r"lends?|lending|loans?\s+out)\b", re.I)


def _collects_a_thing(ctx: Context, plan: StagePlan) -> bool:
    """Whether what a collection step hands over is a thing, not work done for the customer: its words name one
    ("picks up the keys"), the business hires things out, or a later step brings it back ("picks it up ... brings it
    back"). Such a step is never "Hears the work is ready"."""
    if plan.step is not None and _A_THING.search(plan.step.text or ""):
        return True
    if _HIRES_OUT.search(f"{ctx.profile.description} {ctx.profile.offering}"):
        return True
    at = next((i for i, p in enumerate(ctx.plans) if p is plan), len(ctx.plans))
    return any(p.phase == "hand-back" for p in ctx.plans[at + 1:])


def _goal_at_home(ctx: Context, goal: str) -> str:
    """A stage's goal; one that has the customer travel to the place ("turn up on time") is, for a business that
    comes to them, being ready when it arrives."""
    home = st.data().at_home if ctx.at_home else None
    if home is not None and home.travel_goal and kinds.assumes(goal, {"premises"}):
        return home.travel_goal
    return goal


#: Where a job is done that is nobody's front door: "the engine won't start at the marina", "callouts on the water"
_AWAY = re.compile(r"\b(?:at|on|in|by)\s+(?:the\s+|a\s+|their\s+|its\s+)?(?:marina|marinas|harbour|harbor|boatyard|"
                   r"quay|quayside|pontoon|pontoons|mooring|moorings|water|river|canal|roadside|side\s+of\s+the\s+road|"
                   r"hard\s+shoulder|motorway|lay-?by|building\s+site|construction\s+site)\b", re.I)


def _away_from_home(profile: Profile) -> bool:
    """Whether the owner says the work is done somewhere that is not the customer's home (:data:`_AWAY`): the visit
    meets them there, not "at the door"."""
    return bool(_AWAY.search(" ".join([profile.journey, profile.description, profile.offering])))


@functools.cache
def _unplanned() -> frozenset[str]:
    """What an emergency lacks (``urgent_only`` capabilities): a trade called out at 11pm comes at no "agreed time"."""
    return frozenset(k for k, cap in st.data().capabilities.items() if cap.urgent_only)


def brand_case(text: str) -> str:
    """``text`` with the names of channels that are brands written as their makers write them: "book on eventbrite"
    is "Book on Eventbrite", "see us on instagram" "... Instagram", "off google maps" "... Google Maps"."""
    forms = _brand_forms()
    if not forms:
        return text
    return _brand_pattern().sub(lambda m: forms[" ".join(m.group(0).casefold().split())], text)


@functools.cache
def _brand_forms() -> dict[str, str]:
    """The playbook's channels that are brands, lower case to as written: a name with a capital inside ("WhatsApp",
    "SMS"), of a social network ("Instagram"), or of several capitalised words ("Google Maps"); and the one-word
    names of booking systems and the like that are no English word ("eventbrite": "Eventbrite")."""
    from rapidfuzz import fuzz

    from cjm_assistant.knowledge.catalogue import load

    forms: dict[str, str] = {}
    for info in load().channels.values():
        words = info.name.split()
        if any(c.isupper() for c in info.name[1:]) or info.kind == "social" or \
                (len(words) > 1 and all(w[:1].isupper() for w in words)):
            forms[info.name.casefold()] = info.name
        for said in info.synonyms:
            if re.fullmatch(r"[a-z]{4,}[^s]", said) and said not in forms and not _english(said) \
                    and fuzz.ratio(said, info.name.casefold()) < 75:  # not "instagramm", "emial"
                forms[said] = said.capitalize()
    return forms


def _english(word: str) -> bool:
    """Whether ``word`` is English, or two English words ("webshop", "livechat"): no brand of its own."""
    import simplemma

    def known(w: str) -> bool:
        return simplemma.is_known(w, lang="en")

    return known(word) or any(known(word[:i]) and known(word[i:]) for i in range(1, len(word) - 2))


@functools.cache
def _brand_pattern() -> re.Pattern:
    names = sorted(_brand_forms(), key=len, reverse=True)
    return re.compile(r"(?<![\w@./-])(?:" + "|".join(r"\s+".join(map(re.escape, n.split())) for n in names) +
                      r")(?![\w@/-]|\.\w)", re.I)


def _no_stock_goal_twice(stages: list[StageBuild]) -> None:
    """A goal the playbook lent one stage is not lent again to a later step of the owner's (three steps of a visit
    all reading "Turn up, be looked after and get what I came for"): the later step's goal is built from its own
    name, as for a step of their own ("Pay the rest knowing what to expect, ...")."""
    seen: set[str] = set()
    for stage in stages:
        goal = stage.data["goal"].casefold()
        if goal and goal in seen and stage.data["provenance"] == "user":
            stage.data["goal"] = own_goal(stage.data["name"], stage.plan.side if stage.plan else "")
        seen.add(goal)


def _kind(ctx: Context, channel) -> str:
    """The kind of a channel: its catalogue name's, else its catalogue channel's ("Trade counter" is a store)."""
    kind = ctx.kb.channel_kind(channel.name)
    if kind == "other" and channel.key in ctx.kb.channels:
        kind = ctx.kb.channels[channel.key].kind
    # a sales team met on "Zoom demos" or "sales demo calls" is met on the call, not in person
    return met_on(channel.key, f"{channel.name} {ctx.profile.channel_notes.get(channel.name, '')}") or kind


def _unique_stage_names(stages: list[dict]) -> None:
    """Two steps with the same words ("Pay", "Pay") become "Pay" and "Pay (2)": stage names are unique."""
    seen: dict[str, int] = {}
    for stage in stages:
        key = stage["name"].casefold()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            stage["name"] = f"{stage['name']} ({seen[key]})"[:MAX_NAME]


def _mark_sides(ctx: Context, data: dict) -> None:
    """Say whose each item is. On a two-sided map, a stage only one side takes (a seller lists, a buyer pays)
    is marked with the personas of that side; a pain point with the personas who said it; an opportunity
    with those of the pain points it answers (everyone's when one of them is everyone's)."""
    ids = [p["id"] for p in data["personas"]]
    for stage in data["stages"]:
        stage.pop("_side", "")
        stage.pop("_lane", None)
        mine = [ids[i] for i in stage.pop("_owners", []) if i < len(ids)]  # owners.stage_owners
        if mine and len(mine) < len(ids):
            stage["personas"] = mine
        for item in stage["pain_points"] + stage["opportunities"]:
            item["personas"] = [ids[i] for i in item.pop("_personas", []) if i < len(ids)]
            item.pop("_said", None)
            item.pop("_sentence", None)
    for pp in data.get("unplaced", []):
        pp["personas"] = [ids[i] for i in pp.pop("_personas", []) if i < len(ids)]
        pp.pop("_said", None)
        pp.pop("_sentence", None)


def _note(text: str, provenance: str = "inferred") -> dict:
    return {"id": "", "provenance": provenance, "text": text}


# ---------------------------------------------------------------------------
# Persona, business, title


def persona_source(profile: Profile, name: str) -> str:
    """"inferred" for a persona a model named from a vague answer (``sources["persona:<name>"]``), else "user"."""
    return "inferred" if profile.sources.get(f"persona:{name.casefold()}") == "inferred" else "user"


def _personas(ctx: Context, stages: list[StageBuild]) -> tuple[list[dict], list[str]]:
    profile = ctx.profile
    if profile.personas:
        return [
            {
                "id": "", "provenance": persona_source(profile, p.name), "name": p.name, "summary": p.description,
                "goals": list(p.goals), "frustrations": list(p.frustrations),
                "channels": _persona_channels(ctx, p.channels), "quote": p.quote, "notes": list(p.notes),
            }
            for p in profile.personas
        ], []
    ind = ctx.industry
    name = ind.persona if ind else "Typical customer"
    summary = profile.customers or (ind.persona_summary if ind else "")
    filled = [s for s in stages if s.data["goal"] and s.data["thoughts"]] or stages  # not a step left to fill in
    key_stage = next((s for s in filled if s.phase in ("buy", "book", "onboard")), filled[0])
    low = min(filled, key=lambda s: (s.baseline, filled.index(s)))
    persona = {
        "id": "", "provenance": "inferred", "name": name, "summary": summary,
        "goals": [key_stage.data["goal"]] if key_stage.data["goal"] else [], "frustrations": [],
        "channels": [c.name for c in ctx.channels],
        "quote": low.data["thoughts"][0]["text"] if low.data["thoughts"] else "",
    }
    source = "your description of your customers" if profile.customers else f"the playbook's typical {ctx.vars['customer']}"
    return [persona], [f"No persona was given: the map is drawn for an assumed persona, '{name}', based on {source}."]


def _persona_channels(ctx: Context, names: list[str]) -> list[str]:
    """A persona's channels by the names the map's channels have."""
    out: list[str] = []
    for raw in names:
        said = resolve_channel(raw)
        if said is None:
            continue
        place = place_of(said, [(c.name, c.key) for c in ctx.channels])  # "in person" at a shop: the shop
        match = place[0] if place else next((c.name for c in ctx.channels if near((c.name, c.key),
                                                                                (said.name, said.key))), said.name)
        if match not in out:
            out.append(match)
    return out


def _name(profile: Profile) -> str:
    """The business's name; with none given, what it is ("Island ferry co-operative"), else "Your business"."""
    return profile.business_name or business_label(profile.description or "") or "Your business"


def _business(ctx: Context) -> dict:
    p = ctx.profile
    return {
        "name": _name(p),
        "description": p.description,
        # an inferred industry the map did not use with confidence is not shown as fact
        "industry": ctx.industry.name if ctx.industry else (p.industry if p.sources.get("industry") == "user" else ""),
        "offering": p.offering,
        "business_model": ctx.business_model,
        "goals": [p.goal] if p.goal else [],
        "customers": p.customers,
        "data": list(p.data),
        "notes": list(p.notes),
        "inferred": [field for field, source in _GUESSABLE.items() if p.sources.get(source) == "inferred"],
    }


# The business's fields a model may have read from an answer (its profile source): marked inferred on the map.
# (The reader's own rule-based guesses, the business model and the industry, are said in the notes instead.)
_GUESSABLE = {"name": "business_name", "description": "description", "offering": "offering",
              "customers": "customers", "goals": "goal", "data": "data"}


def _scope(ctx: Context) -> str:
    journey = ctx.journey
    with_offering = ctx.kb.vocab.journeys[ctx.journey_key].with_offering if ctx.journey_key else False
    offering_words = set(tx.tokens(ctx.offering))
    words = tx.words(journey)
    short = len(words) <= 4 and not set(words) & _LINKING_WORDS
    known_offering = bool(ctx.profile.offering or ctx.industry)
    if with_offering and known_offering and short and not offering_words & set(tx.tokens(journey)):
        return f"{journey} of {ctx.offering}"
    return journey


_LINKING_WORDS = {"of", "for", "after", "before", "to", "with", "in", "on", "from", "by", "at", "as", "into"}


def _in_a_sentence(name: str) -> str:
    """A stage name inside a sentence: its opening article in small letters ("from the tender", not "from The
    tender"); a name of its own ("Priya's visit", "The Ivy") as it is."""
    first, _, rest = name.partition(" ")
    return f"{first.lower()} {rest}" if first in ("The", "A", "An") and rest[:1].islower() else name


def _title(ctx: Context, persona: str, stages: list[str]) -> str:
    scope = f"a day in the life of {persona}" if ctx.kind == "day-in-the-life" else _scope(ctx)
    steps = [part for part in re.split(r"[,;]|\bthen\b", scope) if part.strip()]
    if ctx.kind != "day-in-the-life" and len(stages) >= 2 and (len(steps) >= 3 or len(scope.split()) > 16):
        # the journey told as a list of steps ("they find us on Nextdoor, they text me for a price, ..."): the
        # map's first and last stage name it, not the first words of the answer cut off mid-sentence
        scope = f"from {_in_a_sentence(stages[0])} to {_in_a_sentence(stages[-1])}"
    title = f"{_name(ctx.profile)}: {scope}"
    if ctx.kind in ("future", "blueprint"):
        title += f" ({MAP_KIND_LABELS[ctx.kind].lower()})"
    return tx.shorten(title, 30)[:MAX_NAME]


# ---------------------------------------------------------------------------
# Ids and transitions


def _number(data: dict) -> None:
    """Give every item its id in display order, and rewrite the references."""
    counters: dict[str, int] = {}

    def new(prefix: str) -> str:
        counters[prefix] = counters.get(prefix, 0) + 1
        return f"{prefix}{counters[prefix]}"

    for persona in data["personas"]:
        persona["id"] = new("pe")
    for channel in data["channels"]:
        channel["id"] = new("ch")
    for stage in data["stages"]:
        stage["id"] = new("st")
        for lane, prefix in (("actions", "ac"), ("touchpoints", "tp"), ("thoughts", "th"),
                             ("pain_points", "pp"), ("opportunities", "op"), ("kpis", "kp")):
            renamed: dict[str, str] = {}
            for item in stage[lane]:
                old = item.get("_ref", "")
                item["id"] = new(prefix)
                if old:
                    renamed[old] = item["id"]
            stage["_renamed_" + lane] = renamed
    tp_map = {k: v for st in data["stages"] for k, v in st.pop("_renamed_touchpoints").items()}
    pp_map = {k: v for st in data["stages"] for k, v in st.pop("_renamed_pain_points").items()}
    for pp in data.get("unplaced", []):
        pp["id"] = new("pp")
        pp_map[pp.pop("_ref")] = pp["id"]
    for stage in data["stages"]:
        for lane in ("actions", "thoughts", "opportunities", "kpis"):
            stage.pop("_renamed_" + lane)
        for item in stage["touchpoints"] + stage["pain_points"]:
            item.pop("_ref", None)
        for pp in stage["pain_points"]:
            pp["touchpoint"] = tp_map.get(pp["touchpoint"], "")
        for op in stage["opportunities"]:
            op["addresses"] = [pp_map[ref] for ref in op["addresses"]]


def _transitions(data: dict) -> list[dict]:
    """The main path (first touchpoint of each stage to the next) and the worst drop-off."""
    out = []
    stages = [s for s in data["stages"] if s["touchpoints"]]
    for a, b in zip(stages, stages[1:]):
        out.append({"id": "", "provenance": "inferred", "source": a["touchpoints"][0]["id"],
                    "target": b["touchpoints"][0]["id"], "kind": "next", "label": ""})
    worst = min(stages, key=lambda s: (s["emotion"], data["stages"].index(s)), default=None)
    if worst and worst["emotion"] <= -1 and worst["pain_points"]:
        pain = max(worst["pain_points"], key=lambda p: (p["provenance"] == "user", p["severity"]))
        source = pain["touchpoint"] or worst["touchpoints"][0]["id"]
        # No label: the export names the pain points at the touchpoint when it is
        # rendered, so a renamed or removed pain point is never quoted stale.
        out.append({"id": "", "provenance": "inferred", "source": source, "target": "", "kind": "drop-off",
                    "label": ""})
    for i, tr in enumerate(out, 1):
        tr["id"] = f"tr{i}"
    return out
