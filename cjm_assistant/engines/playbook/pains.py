"""Pain points, opportunities, emotions and KPIs for a map being composed.

The user's problems and their persona's frustrations come first: each is
matched to the catalogue by keywords (to find where it happens, how much it
usually hurts and what answers it), placed on the stage that fits best, and
kept in the user's own words. The playbook then adds a few typical pain
points per stage, marked ``inferred``, never repeating one the user raised.
"""

from __future__ import annotations

import functools
import math
import re
from typing import TYPE_CHECKING

from cjm_assistant.domain.model import MAX_NAME, MAX_TEXT, model_among
from cjm_assistant.knowledge import kinds
from cjm_assistant.knowledge import relevance, sense
from cjm_assistant.knowledge import text as tx
from cjm_assistant.knowledge.catalogue import PainInfo
from cjm_assistant.knowledge.lists import without_who_answers
from cjm_assistant.knowledge.steps import persona_side

from .extract import detect_channel_keys, detect_severity
from .fixes import add_opportunities
from .lacking import Lacks
from .owners import theirs
from .placement import Placement, by_mail, handed_back, place
from .statements import Statement, gather, same_complaint

if TYPE_CHECKING:
    from .context import Context, StageBuild

#: A stated problem longer than this is named by its first clause (the whole stays in the description).
MAX_NAME_WORDS = 12
#: Words that say something is wrong: a problem's name keeps one when the owner said one.
_WRONG = re.compile(r"\b(?:no|not|never|nobody|no one|none|nothing|can'?t|cannot|don'?t|doesn'?t|didn'?t|won'?t|"
                    r"isn'?t|aren'?t|wasn'?t|weren'?t|too|late|lost|lose|loses|losing|missed|miss|misses|wrong|broken|"
                    r"confus\w*|hard|slow|forg[eo]t\w*|fail\w*|ghost\w*|complain\w*|annoy\w*|rude|error\w*|"
                    r"mistakes?|expensive|delay\w*|wait\w*|queue\w*|stuck|unclear|without)\b|n't\b", re.I)
#: "so" before how much and what follows from it ("come in so knotted we have to clip them") is no explanation: the
#: problem is cut after it, never before it ("Poodles come in" says nothing wrong).
_EXPLAINS = re.compile(r"\s+[-–—]\s+|,\s+|\s+(?:so(?!\s+(?!(?:now|then|yes|yeah|anyway|instead|again|today|basically|"
                       r"obviously|apparently|honestly|usually|often)\b)[\w'-]+\s+(?:that\s+)?(?:we|i|they|he|she|you|"
                       r"it|people|customers|nobody|everyone)\b)|because|which|but|when|since|and then|and so|while)\s+",
                       re.I)
#: Inferred pain points per stage: with and without a pain point from the user.
INFERRED_WITH_USER = 1
INFERRED_WITHOUT_USER = 2
MAX_KPIS_PER_STAGE = 2
#: How much a pain point pulls the emotion down, by severity (user's own pain points).
USER_WEIGHT = {1: 0.5, 2: 1.0, 3: 2.0}
#: Inferred pain points are guesses: they weigh a fifth of their severity.
INFERRED_WEIGHT = 0.2


def _allowed(ctx: Context, pain: PainInfo) -> bool:
    if pain.industries and ctx.industry_key not in pain.industries:
        return False
    if pain.business_models and not model_among(ctx.business_model, pain.business_models):
        return False
    return True


def match_pain(ctx: Context, statement: str) -> PainInfo | None:
    """The catalogue pain point that best matches the user's words, if any. A problem that is the lack of something
    is never read into words that say nothing is lacking: "people book online then complain about the fee" is
    no "Can't book online" (that would contradict the owner)."""
    statement = sense.describing_words(statement)  # "the hard to find books sell out": rare books, no findability
    toks = tx.tokens(by_mail(handed_back(statement)))  # "scans come back too dark" is no customer who never comes
    # back, "lost in the post" no social media post
    best, best_score = None, 0.0
    phases = {p.phase for p in ctx.plans}
    lacks = Lacks(statement, ctx.kb.pain_points)  # a lack only where the owner says one, of that thing
    for pain in ctx.kb.pain_points.values():
        if not _allowed(ctx, pain) or not lacks.may_be(pain):
            continue
        score = tx.keyword_score(toks, pain.keywords)
        if score <= 0:
            continue
        if phases & set(pain.phases):
            score += 0.5
        if score > best_score:
            best, best_score = pain, score
    return best


def _attach(stage: StageBuild, statement: str, pain: PainInfo | None, user: bool) -> str:
    """The touchpoint a pain point sits on: one its words or its catalogue entry name. A problem said on a stage
    with one touchpoint sits on it only when its words are about it ("payout takes forever" on "Payout status in
    the app"), never when they name another channel ("... in the portal" on a stand at a trade show) or nothing of
    it ("renters bring it back dirty" on "Agricultural shows")."""
    tps = stage.data["touchpoints"]
    mentioned = [key for key, _ in detect_channel_keys(statement)] if statement else []
    for key in mentioned:
        for tp, tkey in zip(tps, stage.touchpoint_keys):
            if tkey == key:
                return tp["_ref"]
    if pain and pain.channels:
        for tp, tkey in zip(tps, stage.touchpoint_keys):
            if tkey in pain.channels:
                return tp["_ref"]
    own = [tp for tp in tps if not tp["description"].startswith("Suggestion:")]
    if user and len(own) == 1 and not mentioned and _about(statement, own[0]):
        return own[0]["_ref"]
    return ""


def _about(statement: str, tp: dict) -> bool:
    """Whether a problem's words are about a touchpoint: they share a word with its name or its channel."""
    return bool(relevance.shared(statement, f"{tp['name']} {tp['channel']}"))


def sentence_of(text: str, said: list[str]) -> str:
    """The whole sentence of the answers ``said`` that a problem's words ``text`` come from ("minimum order is 150
    pounds" from "minimum order is 150 pounds and small shops say it's too high"), or ``text`` itself."""
    key = " ".join(text.casefold().rstrip("…. ").split())
    for answer in said:
        for sentence in re.split(r"(?<=[.!?;])\s+|\n+", answer):
            if key and key in " ".join(sentence.casefold().split()):
                return sentence.strip()
    return text


def _pain(ctx: Context, name: str, description: str, severity: int, touchpoint: str, provenance: str) -> dict:
    return {
        "id": "",
        "_ref": ctx.ref("pp"),
        "provenance": provenance,
        "name": name[:MAX_NAME],
        "description": description,
        "severity": severity,
        "touchpoint": touchpoint,
        "evidence": [],
        "mentions": 0,
    }


def pain_name(statement: str) -> str:
    """A clean name for a stated problem: the whole statement when short, else the longest head that ends
    before an explanation ("... - people get the notification late", "... so they ring anyway") and fits,
    never cut mid-word; without the "!!" it was said with (its severity)."""
    statement = statement.rstrip(" !") or statement
    words = statement.split()
    if len(words) <= MAX_NAME_WORDS and len(statement) <= MAX_NAME:
        return statement
    heads = [statement[: m.start()].strip(" ,;:") for m in _EXPLAINS.finditer(statement)
             if not _NEEDS_WHAT_FOLLOWS.search(statement[: m.start()])]  # never "... and she can't see" for "...
    # she can't see when she gets it back": a verb of knowing keeps the clause it is about
    heads = [h for h in heads if 3 <= len(h.split()) <= MAX_NAME_WORDS and len(h) <= MAX_NAME]
    # a head cut inside brackets ends before them ("spare parts (fuses, belts": "spare parts")
    heads = [h[:h.rfind("(")].rstrip(" ,;:-") if h.count("(") > h.count(")") and
             len(h[:h.rfind("(")].split()) >= 3 else h for h in heads]
    if heads and _WRONG.search(statement):  # a head that says nothing wrong is no problem ("The quote came" for
        heads = [h for h in heads if _WRONG.search(h)]  # "the quote came while I was in a meeting and I lost it")
        if not heads and len(words) <= 2 * MAX_NAME_WORDS:
            return statement
    if not heads:  # the first of two clauses, when it says what goes wrong: "rolls get lost in the post and we..."
        first = re.split(r"\s+(?:and|but|so)\s+(?=(?:we|they|she|he|i|it|people|customers|you)\b)", statement,
                         maxsplit=1, flags=re.I)[0].strip(" ,;:")
        if first != statement and 3 <= len(first.split()) <= MAX_NAME_WORDS and _WRONG.search(first):
            return first
    return heads[-1] if heads else tx.shorten(statement, MAX_NAME_WORDS, MAX_NAME)


#: A head that ends on a verb of knowing or telling ("she can't see", "we only find out"): what it is about follows.
_NEEDS_WHAT_FOLLOWS = re.compile(r"\b(?:see|sees|know|knows|knew|find\s+out|finds\s+out|found\s+out|tell|tells|told|"
                                 r"say|says|said|understand|understands|check|checks|hear|hears|heard|ask|asks|asked|"
                                 r"decide|decides|remember|remembers|wonder|wonders|work\s+out|figure\s+out|"
                                 r"realise|realize|realises|realizes|notice|notices|noticed)\s*$", re.I)


#: How telling the words a statement shares with a catalogue pain point must be for it to be that problem.
SAME_PROBLEM = 0.85


@functools.cache
def _pain_idf() -> dict[str, float]:
    from cjm_assistant.knowledge.catalogue import load

    return relevance.weights([f"{p.name} {p.description}" for p in load().pain_points.values()])


def same_problem(statement: str, pain: PainInfo) -> bool:
    """Whether the owner's words are the catalogue's problem: they share a rare word of its name ("no-shows"), or
    two telling words of its name and description; "late" or "lost" alone (late deliveries, lost messages) is
    not enough."""
    idf = _pain_idf()
    statement = sense.describing_words(statement)
    whole = f"{pain.name} {pain.description}"
    return (relevance.weighted_shared(statement, pain.name, idf) >= SAME_PROBLEM
            or (len(relevance.shared(statement, whole)) >= 2 and relevance.weighted_shared(statement, whole, idf) >= 1.0))


#: Words of a part's label that say nothing of whose part it is ("for someone needing food": "food" does).
_LABEL_WORDS = "for the a an our their someone people side steps step journey part first then and of"


def _their_part(ctx: Context, stages: list[StageBuild], statement: Statement) -> list[StageBuild]:
    """The stages of the part of the journey a problem is about, when the owner told the journey in labelled parts
    ("visitors: ..., fixers: ..."): the part whose label names the persona who said it ("Fixer Alan"), else the
    one its own words name ("the same 6 fixers do every session"); the stages of no part stay candidates. All the
    stages when no one part is named."""
    def group(stage: StageBuild) -> str:
        return stage.plan.step.group if stage.plan and stage.plan.step else ""

    labels = {g for g in map(group, stages) if g}
    if len(labels) < 2:
        return stages
    light = relevance.stems(_LABEL_WORDS)
    named = {g: relevance.stems(g) - light for g in labels}
    personas = ctx.profile.personas
    for words in (" ".join(f"{personas[i].name} {personas[i].description}" for i in statement.personas
                           if i < len(personas)), statement.text):
        found = [g for g, stems in named.items() if stems and relevance.shared(stems, words)]
        if len(found) == 1:
            return [s for s in stages if group(s) in ("", found[0])]
    return stages


def _told(ctx: Context, stages: list[StageBuild], name: str, text: str) -> Placement | None:
    """The stage the user said a problem happens in, when the interview asked."""
    said = ctx.profile.placements.get(name) or ctx.profile.placements.get(text)
    stage = next((s for s in stages if said and s.data["name"].casefold() == said.casefold()), None)
    return Placement(stage, 99.0, stage) if stage else None


def _description(statement: Statement, name: str, pain: PainInfo | None) -> str:
    """The owner's whole words when the name is shorter, and the catalogue's description only when it is
    about the same thing (it shares words with what was said)."""
    parts = []
    whole = "; ".join(dict.fromkeys([statement.text, *[s for s in statement.said if s != statement.text]]))
    if name != statement.text or len(statement.said) > 1:
        parts.append(f"In your words: {whole}")
    if pain and same_problem(statement.text, pain):
        parts.append(pain.description)
    return "\n\n".join(parts)[:MAX_TEXT]


def add_pains_and_opportunities(ctx: Context, stages: list[StageBuild]) -> None:
    used_keys: set[str] = set()
    statements, notes = gather(ctx.profile, pain_name)
    ctx.notes.extend(notes)
    sides = [persona_side(p.name, p.description) for p in ctx.profile.personas]
    owners: list[tuple[Statement, dict, PainInfo | None, StageBuild]] = []  # the owner's problems, once placed
    for statement in statements:
        said = " ".join(statement.said)
        name = pain_name(statement.text)
        # "...and nobody agrees who pays" says who answers for the problem, not where it happens nor what it is
        core = without_who_answers(name)
        pain = match_pain(ctx, core)
        side = next((sides[i] for i in statement.personas if sides[i]), "")
        # a persona's problem goes on a stage they go through (their own, or everyone's), never on one only
        # the other persona takes (a seller's payout on the buyer's delivery step)
        anywhere = theirs(ctx, stages, statement.whose)
        part = theirs(ctx, _their_part(ctx, anywhere, statement), statement.whose)
        placed = _told(ctx, stages, name, statement.text) or place(ctx, part, core, pain, side)
        if placed.stage is None and name != statement.text:  # by its first clause (the explanation wanders),
            placed = place(ctx, part, statement.text, match_pain(ctx, statement.text) or pain, side)  # or all
        if placed.stage is None and part is not anywhere:  # nothing fits in their part: any step of theirs may
            placed = place(ctx, anywhere, core, pain, side)
        # how bad the owner says it is ("the biggest headache", "sometimes"); medium when the words do not say: the
        # catalogue's weight of a problem like it is a guess, not what they said
        # how bad the owner says it is ("the biggest headache", "sometimes"); medium when their words do not say: the
        # catalogue's weight of a problem like it is a guess about someone else's business, not what they said
        severity = detect_severity(said) or 2
        stage = placed.stage
        if stage is not None and not statement.owner and _said_by_the_owner_too(owners, statement, stage):
            continue
        touchpoint = _attach(stage, statement.text, pain, True) if stage else ""
        data = _pain(ctx, name, _description(statement, name, pain), severity, touchpoint, "user")
        data["_personas"] = statement.whose
        data["_said"] = statement.text
        data["_sentence"] = sentence_of(statement.text, statement.said)
        if stage is None:
            ctx.unplaced.append(data)
            guess = f" (closest: '{placed.guess.data['name']}')" if placed.guess else ""
            ctx.notes.append(f"Could not tell which stage “{name}” happens in{guess}; it is listed under "
                             "'Not yet placed': place it with 'move pain point ... to STAGE'.")
            continue
        stage.data["pain_points"].append(data)
        if statement.owner:
            owners.append((statement, data, pain, stage))
        stage.pain_keys.append(pain.key if pain and same_problem(statement.text, pain) else None)
        if pain:
            used_keys.add(pain.key)
    _lanes(ctx, stages)
    stated = set(ctx.stated_keys())
    for stage in stages:
        if stage.data.get("_lane") is not None:
            continue  # a persona's lane holds what they said, nothing guessed
        has_user = any(p["provenance"] == "user" for p in stage.data["pain_points"])
        wanted = INFERRED_WITH_USER if has_user else INFERRED_WITHOUT_USER
        typical = [p for p in _typical_pains(ctx, stage, stated, used_keys) if _stage_supports(stage, p)]
        for pain in typical[:wanted]:
            used_keys.add(pain.key)
            stage.data["pain_points"].append(_pain(ctx, pain.name, pain.description, min(pain.severity, 2),
                                                   _attach(stage, "", pain, False), "inferred"))
            stage.pain_keys.append(pain.key)
    add_opportunities(ctx, stages)


def _said_by_the_owner_too(owners: list[tuple[Statement, dict, PainInfo | None, StageBuild]], statement: Statement,
                           stage: StageBuild) -> bool:
    """Whether a persona's complaint is one the owner stated on the same stage in other words ("people can't find
    the entrance", "couldn't find the way in"): then the owner's pain point takes it (both wordings in its
    description, the severity of both, everyone's as the owner's is) and it is no pain point of its own."""
    for said, data, pain, where in owners:
        if where is stage and same_complaint(said.text, statement.text):
            for persona in statement.personas or [None]:
                for words in statement.said:
                    said.add(persona, words)
            data["description"] = _description(said, data["name"], pain)
            data["severity"] = detect_severity(" ".join(said.said)) or 2
            data["_personas"] = said.whose
            return True
    return False


#: Who works for a business or a charity rather than buys from it: a persona so named takes part on its side.
_WORKERS = frozenset({"volunteer", "volunteers", "helper", "helpers", "staff", "steward", "stewards", "crew", "trustee",
                      "trustees", "employee", "employees", "worker", "workers", "fundraiser", "fundraisers"})


#: Who gives to a business or a charity without using it: a side of their own when no step is theirs.
_GIVERS = frozenset({"donor", "donors", "sponsor", "sponsors", "funder", "funders", "supporter", "supporters",
                     "patron", "patrons", "benefactor", "benefactors"})


def _lanes(ctx: Context, stages: list[StageBuild]) -> None:
    """A place on the journey for every persona. A persona after the first who works or provides for the business
    (a volunteer, a seller on a marketplace) while no step is theirs (the owner's `journey` answer is the clients'),
    or who is named by no step and none of whose frustrations fits one (a charity's donors), gets a stage of their
    own at the end, marked as theirs and named
    for them ("Volunteers' part", with their goal): what they alone said goes there, and so do the owner's unplaced
    problems that name them ("volunteers burn out"), instead of a customer's step or "not yet placed"."""
    from cjm_assistant.knowledge import grammar as g
    from cjm_assistant.knowledge.rephrase import role

    from .context import StageBuild
    from .placement import stage_text

    for index, persona in enumerate(ctx.profile.personas[1:], 1):
        who = role(persona.name)
        named = relevance.stems(who) - relevance.stems("new old regular young busy local") if who else set()
        works = bool(who) and g.head(who) in _WORKERS or ctx.two_sided and persona_side(
            persona.name, persona.description) == "provider"
        has_steps = any(named and relevance.shared(named, stage_text(stage)[0]) or (
            ctx.two_sided and stage.data.get("_side") == "provider" and works) for stage in stages)
        alone = [p for p in ctx.unplaced if p.get("_personas") == [index]]
        placed = [(stage, p) for stage in stages for p in stage.data["pain_points"]
                  if p["provenance"] == "user" and index in p.get("_personas", [])]
        if works and not has_steps:
            moved = [(stage, p) for stage, p in placed if p.get("_personas") == [index]]
        elif alone and not placed and not has_steps and bool(who) and g.head(who) in _GIVERS:
            moved = []  # another side (donors of a charity whose journey is the clients'), not a customer's unplaced
        else:
            continue
        if not alone and not moved:
            continue
        owners = [p for p in ctx.unplaced if not p.get("_personas") and named
                  and relevance.shared(named, p.get("_said") or p["name"])]
        for stage, p in moved:
            at = stage.data["pain_points"].index(p)
            del stage.data["pain_points"][at], stage.pain_keys[at]
        label = tx.capitalise(f"{who}' part" if who.endswith("s") else f"{who}'s part") if who \
            else f"{persona.name}'s part"
        pains = [p for _, p in moved] + alone + owners
        data = {"id": "", "provenance": "inferred", "name": label[:MAX_NAME],
                "goal": tx.capitalise(persona.goals[0]) if persona.goals else "", "emotion": 0,
                "actions": [], "touchpoints": [], "thoughts": [], "pain_points": pains,
                "opportunities": [], "kpis": [], "personas": [], "_side": "", "_lane": index}
        lane = StageBuild("use", 0, data)
        lane.pain_keys.extend([None] * len(pains))
        stages.append(lane)
        ctx.unplaced[:] = [p for p in ctx.unplaced if p not in pains]
        ctx.notes[:] = [n for n in ctx.notes if not any(n.startswith(f"Could not tell which stage “{p['name']}”")
                                                         for p in pains)]  # they have a place now
        ctx.notes.append(f"No step you described is {persona.name}'s, so what they said has a stage of its own, "
                         f"“{data['name']}”: rename it, add their steps, or move items with 'move pain point ... "
                         "to STAGE'.")


def stage_words(stage: StageBuild, own: bool = False) -> str:
    """A stage's own words: its name and its actions (``own``: only the owner's actions). Its touchpoints are not:
    they are the channel's stock moments ("Arrival and appointment at the box office"), which a problem's channel
    already speaks for."""
    data = stage.data
    actions = [a["text"] for a in data["actions"] if not own or a["provenance"] == "user"]
    return " ".join([data["name"], *actions])


def _stage_supports(stage: StageBuild, pain: PainInfo) -> bool:
    """Whether a typical problem fits a stage named from the owner's own step: the problem's name shares a word
    with the stage's own words (name, actions), its description one with the owner's own words for the step, or it
    is a problem of a channel the stage's touchpoints use. "Feeling rushed" has no place on "Turn up and
    get a drink", nor "Unfriendly service" on "Visit and measure"; a stage from a stage model was written with its
    typical problems, so they fit it."""
    if stage.plan is None or stage.plan.provenance != "user":
        return True
    if pain.channels and set(pain.channels) & {k for k in stage.touchpoint_keys if k}:
        return True
    return bool(relevance.shared(relevance.stems(f"{pain.name} {pain.description}"), stage_words(stage, own=True)))


def _typical_pains(ctx: Context, stage: StageBuild, stated: set[str], used: set[str]) -> list[PainInfo]:
    ranked = []
    tp_keys = set(k for k in stage.touchpoint_keys if k)
    for order, pain in enumerate(ctx.kb.pain_points.values()):
        if pain.key in used or stage.phase not in pain.phases or not _allowed(ctx, pain):
            continue
        if kinds.assumes(f"{pain.name} {pain.description}", ctx.lacks):
            continue  # "Late deliveries" for a business that delivers nothing
        if pain.channels and not set(pain.channels) & stated:
            continue
        score = 3 if pain.phases[0] == stage.phase else 1
        if pain.channels and set(pain.channels) & tp_keys:
            score += 2
        if pain.industries:
            score += 2
        if pain.business_models:
            score += 1
        ranked.append((-score, order, pain))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in ranked]


def set_emotions(ctx: Context, stages: list[StageBuild]) -> None:
    """Baseline emotion minus the weight of the stage's pain; better on a future-state map."""
    for stage in stages:
        weight = 0.0
        for pain in stage.data["pain_points"]:
            if pain["provenance"] == "user":
                weight += USER_WEIGHT[pain["severity"]]
            else:
                weight += INFERRED_WEIGHT * pain["severity"]
        emotion = stage.baseline - math.floor(weight + 1e-9)
        if ctx.kind == "future":
            emotion = stage.baseline + 1 if stage.data["opportunities"] else stage.baseline
        stage.data["emotion"] = max(-2, min(2, emotion))


def _kpis_for(ctx: Context, phase: str, stated) -> list:
    """The catalogue's KPIs for a phase, without those that count what this business does not do ("Cart
    abandonment rate" for a plumber, "'Where is my order?' contacts" for a business that ships
    nothing; "Rebooking rate > 60% before leaving" for one that comes to its customers)."""
    return [k for k in ctx.kb.kpis_for(phase, ctx.industry_key, ctx.business_model, stated)
            if not kinds.assumes(f"{k.name} {k.target}", ctx.lacks)]


#: Channel kinds that are a web shop's: a stage on one of them, or a business with one, may count visits and carts.
_SHOP_KINDS = frozenset({"web", "app", "marketplace"})
#: KPIs that count a web shop's visits and baskets.
_WEB_SHOP_KPI = re.compile(r"\b(?:cart|basket|checkout|click-through)\b|\bof visits\b", re.I)


def _done_off_the_web(ctx: Context, stage: StageBuild) -> bool:
    """Whether the owner's words for a stage say it is done by phone, text or in person ("they change the order by
    text") and the business names no web shop, app or marketplace: nothing there counts visits or carts."""
    kinds_of = {key: info.kind for key, info in ctx.kb.channels.items()}
    if any(kinds_of.get(c.key) in _SHOP_KINDS and c.key != "website" for c in ctx.channels if c.key):
        return False
    plan = stage.plan
    said = " ".join([stage.data["name"], plan.step.text if plan and plan.step else ""])
    found = {kinds_of.get(key) for key, _ in detect_channel_keys(said)}
    return bool(found) and not found & _SHOP_KINDS


def _placed_blind(stage: StageBuild) -> bool:
    """Whether a stage is one the owner added (in the stages they confirmed) whose words name no kind of step
    ("Year-end accounts"): its phase is only where it was placed, and a KPI of that phase ("Average waiting time",
    "CSAT after the visit") would count what nobody said happens there."""
    plan = stage.plan
    return bool(plan is not None and plan.added and (plan.step is None or plan.step.phase is None))


def add_kpis(ctx: Context, stages: list[StageBuild]) -> None:
    used: set[str] = set()
    for stage in stages:
        if stage.data.get("_lane") is not None:
            continue  # a persona's lane: what it measures is the owner's to say
        stated = ctx.stated_keys()
        off_web = _done_off_the_web(ctx, stage)
        kpis = [k for k in _kpis_for(ctx, stage.phase, stated) if not (off_web and _WEB_SHOP_KPI.search(
            f"{k.name} {k.target}"))]
        if not kpis:
            for phase in ctx.kb.phase_chain(stage.phase)[1:]:
                kpis = [k for k in _kpis_for(ctx, phase, stated) if not (off_web and _WEB_SHOP_KPI.search(
                    f"{k.name} {k.target}"))]
                if kpis:
                    break
        if _placed_blind(stage):  # a stage the owner added, of no kind its words say: only what its name is about
            kpis = [k for k in kpis if relevance.shared(stage.data["name"], f"{k.name} {k.target}")]
        fresh = [k for k in kpis if k.name.casefold() not in used] or kpis[:1]
        for kpi in fresh[:MAX_KPIS_PER_STAGE]:
            used.add(kpi.name.casefold())
            stage.data["kpis"].append({"id": "", "provenance": "inferred", "name": kpi.name, "target": kpi.target, "current": ""})
