"""Touchpoints: on the channels the user named, or clearly labelled suggestions."""

from __future__ import annotations

import re

from cjm_assistant.domain.model import MAX_NAME
from cjm_assistant.knowledge import kinds, relevance
from cjm_assistant.knowledge import steps as st
from cjm_assistant.knowledge.catalogue import ChannelInfo, TouchpointTemplate
from cjm_assistant.knowledge.papers import ADVERT
from cjm_assistant.knowledge.detect import detect_channel_keys

from .context import (
    MAX_FALLBACK_DEPTH,
    MAX_TOUCHPOINTS_PER_STAGE,
    Context,
    StageBuild,
    StatedChannel,
)


#: Phases where an advert, a paper or a leaflet drop meets the customer: finding the business, and coming back to it;
#: never the job itself ("Card or leaflet in the package" on the Cambs Times while the flowers are delivered).
AD_PHASES = frozenset({"discover", "research", "renew", "follow-up"})
#: Phases where customers come across the business and look into it.
FOUND_PHASES = frozenset({"discover", "research"})
#: A channel that is a gathering of people, whatever its own name ("agricultural shows", "the county fair",
#: "bridal expos"): the business meets customers there while they find it.
_GATHERING = re.compile(r"\b(?:shows?|fairs?|expos?|exhibitions?|conferences?|conventions?|festivals?|events?|"
                        r"roadshows?|meet-?ups?)\b", re.I)
#: Print that comes with the order, not an advert: "a leaflet in every box", "inserts", "a welcome pack"
_WITH_THE_ORDER = re.compile(r"\b(?:in|with)\s+(?:the\s+|every\s+|each\s+|our\s+)?(?:box|boxes|package|packages|parcel|"
                             r"parcels|bag|bags|order|orders|deliver(?:y|ies))\b|\binserts?\b|\bwelcome\s+packs?\b",
                             re.I)


def advertising(ctx: Context, channel: StatedChannel) -> bool:
    """Whether a channel is where the business advertises (a paper, a magazine, leaflets, posters, "an ad"), which
    meets customers only while they find it or come back."""
    said = f"{channel.name} {ctx.profile.channel_notes.get(channel.name, '')}"
    if channel.key == "print":
        return not _WITH_THE_ORDER.search(said)
    return channel.key is None and bool(ADVERT.search(said))


def _fits(ctx: Context, channel: StatedChannel, stage: StageBuild) -> bool:
    """Whether a channel may have a touchpoint on a stage: an advert only while customers find the business; on a
    step of the owner's own that no stage of the playbook stands for, only a channel its words name."""
    if _own_step(stage) and not _named_in(channel, stage):
        return False
    return stage.phase in AD_PHASES or not advertising(ctx, channel)


def _own_step(stage: StageBuild) -> bool:
    """A step the owner added when confirming the stages whose words are of no kind the playbook knows ("Weekly
    rehearsals"), not the service itself: no neighbour's touchpoints are lent to it. One whose words say its kind
    ("Pay the rest") takes that kind's touchpoints."""
    plan = stage.plan
    return bool(plan and plan.added and plan.own_content and not plan.service
                and (plan.step is None or plan.step.phase is None))


def _named_in(channel: StatedChannel, stage: StageBuild) -> bool:
    said = " ".join([stage.data["name"], stage.plan.step.text if stage.plan and stage.plan.step else ""])
    return channel.key in {k for k, _ in detect_channel_keys(said)} or bool(relevance.shared(channel.name, said))


def _team(ctx: Context, team: str) -> str:
    """Who owns a touchpoint: no front desk at a business that comes to its customers (a mobile groomer's van)."""
    home = st.data().at_home if ctx.at_home else None
    if home is not None and home.desk_team and team.casefold() in (t.casefold() for t in home.desk_teams):
        return home.desk_team
    return team


def _touchpoint(ctx: Context, stage: StageBuild, channel: StatedChannel, tpl: TouchpointTemplate,
                info: ChannelInfo | None, suggestion: bool = False) -> None:
    extra = {"channel": channel.name, "stage": stage.data["name"].lower()}
    if channel.key == "premises" and not _is_place(ctx.kb.channels["premises"], channel.name):
        # "at the {channel}" reads for a place ("at the Clinic"), not for the plain in-person channel
        tpl = tpl.model_copy(update={f: getattr(tpl, f).replace("at the {channel}", "in person")
                                     for f in ("name", "description")})
    description = ctx.fill(tpl.description, **extra)
    if suggestion:
        description = f"Suggestion: {description} (You didn't mention {channel.name}; keep it only if it fits.)"
    team = _team(ctx, ctx.fill(tpl.team or (info.team if info else ""), **extra))
    stage.data["touchpoints"].append({
        "id": "",
        "_ref": ctx.ref("tp"),
        "provenance": "inferred",
        "name": ctx.fill(tpl.name, **extra)[:MAX_NAME],
        "channel": channel.name,
        "team": team[:MAX_NAME],
        "description": description,
        "backstage": [ctx.fill(b, **extra) for b in tpl.backstage] if ctx.kind == "blueprint" else [],
    })
    stage.touchpoint_keys.append(channel.key)


def _is_place(info: ChannelInfo, name: str) -> bool:
    """Whether an in-person channel's name is a place ("Clinic", "Clinic reception"), not the plain "In person"
    nor one of its manners ("face to face", "walk-in")."""
    said = name.casefold()
    return said != info.name.casefold() and said not in (s.casefold() for s in info.synonyms)


#: A touchpoint that happens again and again ("Regular sessions by video", "Regular review meeting"), and the phases
#: whose steps recur: only there is such a touchpoint lent from another phase.
_RECURS = re.compile(r"\b(?:regular|regularly|ongoing|weekly|monthly|every|recurring)\b", re.I)
_RECURRING = ("use", "routine", "support")


def _template_for(ctx: Context, key: str | None, phase: str) -> tuple[int, TouchpointTemplate] | None:
    """The channel's template for this phase, with its depth in the fallback chain."""
    if not key:
        return None
    info = ctx.kb.channels[key]
    for depth, ph in enumerate(ctx.kb.phase_chain(phase)):
        tpl = info.touchpoints.get(ph)
        if tpl is not None and depth and phase not in _RECURRING and _RECURS.search(tpl.name):
            continue  # "Regular sessions by video" is the use's, never lent to a one-time step (the accounts handed over)
        if tpl is not None and kinds.assumes(f"{tpl.name} {tpl.description}", ctx.lacks):
            tpl = tpl.otherwise  # never one that takes for granted what the business lacks (a delivery, an app)
        if tpl is not None and not kinds.assumes(f"{tpl.name} {tpl.description}", ctx.lacks):
            return depth, tpl
    return None


def _said_in(channel: StatedChannel, name: str) -> bool:
    """Whether a touchpoint's name names the channel, by its name or its catalogue key ("Facebook page" is named
    in "Facebook post, ad or local group recommendation")."""
    key = (channel.key or "").replace("-", " ").casefold()
    return channel.name.casefold() in name or bool(key and re.search(rf"\b{re.escape(key)}\b", name))


def _one_per_template(candidates: list) -> list:
    """One touchpoint per template on a stage when its name says which channel it is on: two channels of one kind
    ("Facebook" and "Messenger") would each bring "Facebook page and Messenger". It goes to the channel the
    name names ("Messenger for help" is Messenger's). A name that names none of them ("Collection in store") is a
    touchpoint on each (the Leeds shop's and the York shop's)."""
    def names_a_channel(tpl) -> bool:
        name = tpl.name.casefold()
        return "{channel}" not in name and any(_said_in(c[3], name) for c in candidates if c[4] is tpl)

    def key(candidate) -> object:
        tpl = candidate[4]
        return id(tpl) if names_a_channel(tpl) else (id(tpl), candidate[3].name)

    kept: dict[object, tuple] = {}
    for candidate in candidates:
        held = kept.get(key(candidate))
        name = candidate[4].name.casefold()
        if held is None or (not _said_in(held[3], name) and _said_in(candidate[3], name)):
            kept[key(candidate)] = candidate
    return [c for c in candidates if kept.get(key(c)) is c]


def place_touchpoints(ctx: Context, stages: list[StageBuild]) -> None:
    used_templates: set[tuple[str, int]] = set()  # (channel, id of template) already on the map
    used_channels: set[str] = set()
    elsewhere: set[tuple[str, int]] = set()  # ... on a stage that is not the service itself
    place = any(ch.key == "premises" for ch in ctx.channels)
    for stage in stages:
        candidates = []
        service = _service_itself(stage)
        for order, ch in enumerate(ctx.channels):
            if service and place and ch.key != "premises" or not _fits(ctx, ch, stage):
                continue  # the service itself happens at the business's place, not in its messages nor its adverts
            found = _template_for(ctx, ch.key, "use" if service else stage.phase)
            if found and found[0] <= MAX_FALLBACK_DEPTH:
                depth, tpl = found
                if depth and (ch.name, id(tpl)) in used_templates or service and (ch.name, id(tpl)) in elsewhere:
                    continue  # a borrowed template is never shown twice, nor the arrival on the service itself
                candidates.append((depth, tpl.rank, order, ch, tpl))
        candidates = _one_per_template(candidates)
        candidates.sort(key=lambda c: c[:3])
        chosen = sorted(candidates[:MAX_TOUCHPOINTS_PER_STAGE], key=lambda c: c[2])  # shown in the user's order
        for depth, _, _, ch, tpl in chosen:
            _touchpoint(ctx, stage, ch, tpl, ctx.kb.channels.get(ch.key or ""))
            used_channels.add(ch.name)
            used_templates.add((ch.name, id(tpl)))
            if not service:
                elsewhere.add((ch.name, id(tpl)))
    _steps_said_on_channels(ctx, stages, used_channels)
    # Every channel the user named appears at least once.
    for ch in ctx.channels:
        if ch.name in used_channels:
            continue
        best = None
        for i, stage in enumerate(stages):
            if not _fits(ctx, ch, stage):
                continue
            found = _template_for(ctx, ch.key, stage.phase)
            if found and ctx.fill(found[1].name, channel=ch.name, stage=stage.data["name"].lower())[:MAX_NAME] in {
                    tp["name"] for tp in stage.data["touchpoints"]}:
                continue  # the same touchpoint is there already, on a channel of the same kind (Facebook, Messenger)
            if found:
                rank = (found[0], len(stage.data["touchpoints"]), i)
                if best is None or rank < best[0]:
                    best = (rank, stage, found[1])
        if best:
            _touchpoint(ctx, best[1], ch, best[2], ctx.kb.channels[ch.key or ""])
        else:
            info = ctx.kb.channels.get(ch.key or "")
            # a channel the playbook does not know goes where its own words are the stage's ("Gift voucher sites"
            # on "Getting a gift voucher"), else on the stage with the fewest touchpoints
            named = [s for s in stages if not info and len(relevance.shared(ch.name, s.data["name"])) >= 2]
            fit = [s for s in stages if _fits(ctx, ch, s)] or stages[:1]
            if not info and _GATHERING.search(ch.name):  # a show or a fair is where customers find the business,
                fit = [s for s in fit if s.phase in FOUND_PHASES] or fit  # not a step of the job itself
            stage = named[0] if named else min(fit, key=lambda s: len(s.data["touchpoints"]))
            tpl = info.default if info and info.default else ctx.kb.vocab.unknown_channel
            _touchpoint(ctx, stage, ch, tpl, info)
            if not info:
                ctx.notes.append(f"'{ch.name}' is not a channel the playbook knows; it appears once, with a generic touchpoint.")
        used_channels.add(ch.name)
    # A stage with no touchpoint gets one on the owner's own channels when they listed them (a channel they never
    # named is not made up for a business that said how customers reach it), else one clearly labelled suggestion.
    own = [ch for ch in ctx.channels if ch.provenance == "user" and ch.key]
    for stage in stages:
        if not stage.data["touchpoints"] and len(own) >= 2 and not _service_itself(stage):
            _own_channel(ctx, stage, own)
        if not stage.data["touchpoints"] and not _own_step(stage):
            _suggest(ctx, stage)
    for name, where in ctx.suggested.items():
        listed = ", ".join(f"'{w}'" for w in where)
        ctx.notes.append(
            f"Suggested {name} (a channel you didn't mention) for {listed}, which none of your channels covered."
        )


#: How an owner says what they do on a channel, before the step: "we do Zoom demos", "we run onboarding calls"
_WE_DO = re.compile(r"^(?:(?:we|i)\s+(?:also\s+|usually\s+|often\s+)?(?:do|run|hold|give|offer|host|have)\s+|"
                    r"(?:and|plus|also)\s+)+", re.I)


#: A note that says what is not there ("a website that has no prices"): no step said on the channel
_NOT = re.compile(r"\b(?:no|not|never|none|without|don'?t|doesn'?t|isn'?t|aren'?t|can'?t|cannot|won'?t)\b", re.I)


def _stems(text: str) -> set[str]:
    """The words of four letters or more in ``text``, without a plural's s ("demos": "demo")."""
    return {w.rstrip("s") for w in re.findall(r"[a-z]{4,}", text.casefold())}


def _steps_said_on_channels(ctx: Context, stages: list[StageBuild], used: set[str]) -> None:
    """A step the owner said happens on a channel ("we do Zoom demos", "demos on Teams"): a touchpoint in their words
    on the stage of that step (the demo, on the stage where customers try and decide, or the nearest one), as
    "phone calls" gives calls on the phone. The channel's own words are no step ("Zoom calls" names none)."""
    done: set[str] = set()
    for ch in ctx.channels:
        info = ctx.kb.channels.get(ch.key or "")
        if ch.provenance != "user" or info is None:
            continue
        note = ctx.profile.channel_notes.get(ch.name, "") or (ch.name if ch.name.casefold() != info.name.casefold()
                                                              else "")  # "Teams demos", named as said
        own = st.phase_of(info.name)[0]  # a call is the phone's own step, not one said on it
        rest = note
        for word in sorted([info.name, *info.synonyms], key=len, reverse=True):
            if st.phase_of(word)[0] in (None, own) or " " not in word:  # "zoom", "video calls", the sales team's
                # "demos" (the channel itself); never "teams demos", a step on the channel
                rest = re.sub(rf"(?<![\w'’]){re.escape(word)}(?![\w'’])", " ", rest, flags=re.I)
        phase, _ = st.phase_of(rest)
        fit = [s for s in stages if _fits(ctx, ch, s) and not _service_itself(s)]
        if phase is None or phase in info.touchpoints or not fit:
            continue  # a step the channel's own touchpoints cover (a reminder by email) is drawn by them already
        said = _stems(rest)
        shared = {c.name for c in ctx.channels if ctx.profile.channel_notes.get(c.name, "") == note} | {ch.name}
        if note.casefold() in done or any(said & _stems(tp["name"]) for s in stages for tp in s.data["touchpoints"]
                                          if tp["channel"] in shared):
            continue  # "sales demo calls": the sales team's "Product demo" is that demo; one touchpoint per thing said
        stage = min(fit, key=lambda s: (abs(st.rank(s.phase) - st.rank(phase)), -st.rank(s.phase)))
        name = " ".join(_WE_DO.sub("", note.strip(" .!")).split())
        name = name[:1].upper() + name[1:]
        if not name or len(name.split()) > 5 or _NOT.search(note) or \
                any(tp["name"].casefold() == name.casefold() for tp in stage.data["touchpoints"]):
            continue
        stage.data["touchpoints"].append({
            "id": "", "_ref": ctx.ref("tp"), "provenance": "user", "name": name[:MAX_NAME], "channel": ch.name,
            "team": _team(ctx, ctx.fill(info.team, channel=ch.name, stage=stage.data["name"].lower()))[:MAX_NAME],
            "description": f"What you said: “{note.strip()}”.", "backstage": []})
        stage.touchpoint_keys.append(ch.key)
        used.add(ch.name)
        done.add(note.casefold())


def _service_itself(stage: StageBuild) -> bool:
    """Whether the stage is an owner's step of no known kind after a stage of its phase ("sew" after "arrive and get
    a coffee"): the service itself, whose touchpoints are the channel's moment of use, never the arrival again."""
    plan = stage.plan
    return bool(plan and plan.service and stage.phase == "visit")


def _own_channel(ctx: Context, stage: StageBuild, own: list[StatedChannel]) -> None:
    """The owner's channel whose touchpoint comes nearest this stage's phase, however far down its fallbacks."""
    found = [(f[0], order, ch, f[1]) for order, ch in enumerate(own)
             if _fits(ctx, ch, stage) and (f := _template_for(ctx, ch.key, stage.phase)) is not None]
    if found:
        _, _, ch, tpl = min(found, key=lambda c: c[:2])
        _touchpoint(ctx, stage, ch, tpl, ctx.kb.channels.get(ch.key or ""))


def _suggest(ctx: Context, stage: StageBuild) -> None:
    kb = ctx.kb
    pool = list(ctx.industry.channels) if ctx.industry else []
    pool += [k for k in kb.vocab.suggested_channels if k not in pool]
    stated = {c.key for c in ctx.channels if c.provenance == "user"}
    pool = [k for k in pool if k not in ctx.missing_channels]
    if not pool:
        return  # every channel it could suggest, the owner said the business has not
    best = None
    for order, key in enumerate(pool):
        if key in stated or key == "print" and stage.phase not in AD_PHASES:
            continue
        found = _template_for(ctx, key, stage.phase)
        if found and (best is None or (found[0], order) < best[0]):
            best = ((found[0], order), key, found[1])
    if best is None:
        key = pool[0]
        info = kb.channels[key]
        tpl = info.default or next(iter(info.touchpoints.values()))
    else:
        _, key, tpl = best
        info = kb.channels[key]
    channel = next((c for c in ctx.channels if c.key == key), None)
    if channel is None:
        channel = StatedChannel(info.name, key, "inferred")
        ctx.channels.append(channel)
    _touchpoint(ctx, stage, channel, tpl, info, suggestion=True)
    ctx.suggested.setdefault(channel.name, []).append(stage.data["name"])


def future_touchpoints(ctx: Context, stages: list[StageBuild]) -> None:
    """On a future-state map, the touchpoints the opportunities add (on stated channels only)."""
    if ctx.kind != "future":
        return
    for stage in stages:
        for key in list(stage.opp_keys):
            spec = ctx.kb.opportunities[key].touchpoint
            channel = next((c for c in ctx.channels if spec and c.key == spec.channel and c.provenance == "user"), None)
            if not spec or not channel:
                continue
            target = next((s for s in stages if s.phase == spec.phase), stage)
            if any(tp["name"] == spec.name for tp in target.data["touchpoints"]):
                continue
            tpl = TouchpointTemplate(name=spec.name, team=spec.team, description=spec.description)
            _touchpoint(ctx, target, channel, tpl, ctx.kb.channels[spec.channel])
