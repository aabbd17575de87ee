"""Opportunities that answer their pain point, or an honest "no suggestion yet".

For a problem the owner or a persona stated, the first opportunity is its direct answer, phrased from
the problem's own words by rule (:func:`cjm_assistant.knowledge.rephrase.rephrase`: "the seller never
replies" -> "Make sure sellers reply: reminders and a reply-time promise"), marked inferred, its
description saying which problem it answers. A catalogue fix joins it only when it is relevant on its
own (the relevance below, with no bonus). Without a direct answer, every opportunity in the catalogue that the map may
offer (its industry and business model allow it) is a candidate; it answers the problem only if
they share words (:mod:`cjm_assistant.knowledge.relevance`): twice for a word of its name, once for
a word of its description, each weighed by how rare it is among the fixes; it must share a word with
the clause that complains ("no one greets them" in "people book a trial day and no one greets
them"), the rest of the statement counting half. A fix the matched catalogue pain point lists, or the
stage's usual fix, needs half as much and wins a tie. The most relevant wins; when none shares a word, the stage gets one
"No suggestion yet" item for such problems rather than a stock fix.

Never offered: a fix that makes easier what the owner wants less of (``eases`` in
opportunities.toml against the goal and the problem itself: "stop people cancelling in month 2"
rules out "Easy, fair cancellation").
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from cjm_assistant.domain.model import model_among
from cjm_assistant.domain.views import PLACEHOLDER
from cjm_assistant.knowledge import facts, kinds
from cjm_assistant.knowledge import fix_kinds, relevance, remedies, sense
from cjm_assistant.knowledge import steps as st
from cjm_assistant.knowledge.catalogue import OpportunityInfo
from cjm_assistant.knowledge.detect import detect_channel_keys
from cjm_assistant.knowledge.rephrase import Fix, rephrase, role

if TYPE_CHECKING:
    from .context import Context, StageBuild

NO_SUGGESTION = PLACEHOLDER  # the domain knows it: a "No suggestion yet" item follows its problem
#: The least relevance (shared words, weighted by rarity) for an opportunity to answer a stated problem.
ANSWERS_AT = 0.55
#: A catalogue fix this relevant stands beside the direct answer even when its problem is not the same one.
STRONG = 1.9
_LESS = re.compile(r"\b(?:stop|stops|stopping|reduce|reducing|fewer|less|cut|cutting|prevent|avoid|lower|"
                   r"lose fewer)\b", re.I)
_EASE = re.compile(r"\b(?:easy|easier|simple|simpler|quick|quicker|one-click|self-serve|hassle-free|fair|painless)\b",
                   re.I)


def wanted_less(goal: str) -> set[str]:
    """The stems of what the goal wants less of: "stop people cancelling in month 2" -> {cancel, month}."""
    out: set[str] = set()
    for m in _LESS.finditer(goal or ""):
        what = re.split(r"[,;.()/]|\s(?:and|but|so|or|then|while)\s", goal[m.end(): m.end() + 60])[0]
        out |= relevance.stems(what) - relevance.stems("people customers clients members")
    return out


def eases_what_the_owner_wants_less_of(goal: str, text: str, said: str = "") -> bool:
    """Whether an opportunity's words make easier ("easy", "simple", "quick") what the goal wants less of. An ease
    word the stated problem ``said`` itself ("a quick question") is the owner's, not a promise of the fix's."""
    less = wanted_less(goal)
    return bool(less and _EASE.search(_own_words(text, said) if said else text)
                and relevance.shared(relevance.stems(text), less))


def against_the_owner(ctx: Context, op: OpportunityInfo, problem: str = "") -> bool:
    """Whether ``op`` makes easier something the owner wants less of: the goal asks to stop or reduce it,
    or the problem it would answer is that customers do it ("members cancel in month two")."""
    if eases_what_the_owner_wants_less_of(ctx.profile.goal, f"{op.name} {op.description}"):
        return True
    if not op.eases:
        return False
    eased = relevance.stems(" ".join(op.eases))
    if relevance.shared(eased, wanted_less(ctx.profile.goal)):
        return True
    return bool(problem and relevance.shared(eased, problem) and not relevance.shared(
        relevance.stems("hard difficult can't cannot cant have to email emailing phone call"), problem))


def out_of_reach(ctx: Context, text: str) -> bool:
    """Whether a fix reaches customers only by a way they cannot be reached (``ctx.unreachable``): "A text the day
    before ..." for an owner with no phone, or customers with no mobiles. A fix that names another way too ("a text,
    email or call") still works by that one."""
    if not ctx.unreachable:
        return False
    said = {key for key, _ in detect_channel_keys(text)}
    return bool(said & ctx.unreachable) and not (said - ctx.unreachable)


def allowed(ctx: Context, key: str) -> bool:
    op = ctx.kb.opportunities[key]
    if op.industries and ctx.industry_key not in op.industries:
        return False
    if kinds.assumes(op.name, ctx.lacks):  # by its name: its description may name delivery as one example of many
        return False  # "Reliable delivery" for a business that delivers nothing
    if out_of_reach(ctx, f"{op.name} {op.description}"):
        return False
    if ctx.agency_referrals and _FRIEND.search(op.description) and _REFERRAL.search(f"{op.name} {op.description}"):
        return False  # referred by an agency or a GP: a reward for referring a friend answers no referral of theirs
    return not (op.business_models and not model_among(ctx.business_model, op.business_models))


_FRIEND = re.compile(r"\bfriends?\b", re.I)
_REFERRAL = re.compile(r"\breferr(?:al|als|er|ers|ed|ing)?\b|\brefers?\b", re.I)


@functools.cache
def _idf() -> dict[str, float]:
    from cjm_assistant.knowledge.catalogue import load

    return relevance.weights([f"{op.name} {op.description}" for op in load().opportunities.values()])


#: Words that say where or when, not what is wrong, so a fix sharing only them answers nothing ("can't hear from the
#: back rows" is no "Read back and confirm", "the trailer only runs every half hour" no "out of hours" contact,
#: "chefs can't be without their knives during service" no "Accessible service"); a cut in a problem is a thing cut
#: off ("the limiter cuts the power"), never the reduction a fix's "Cut waiting times" means.
_LIGHT = relevance.stems("back hour hours service cut cuts")


def relevance_of(statement: str, op: OpportunityInfo, more: str = "", listed: bool = False) -> float:
    """Shared words, each weighed by how rare it is in the catalogue (a word every fix uses says little): a word
    of the opportunity's name counts twice, less when its name is mostly about something else ("Fair renewal
    pricing" for "unclear prices"); a word of its description counts half; words only in ``more`` (the
    explanation after a long problem's first clause) count half again. A fix the catalogue ``listed`` for the
    problem is not held to what its own words modify (as in :func:`_only_in_another_sense`)."""
    idf = _idf()

    def score(words: set[str]) -> float:
        in_name = relevance.shared(words, op.name)
        name = relevance.stems(op.name)
        covered = len(relevance.shared(name, words)) / max(1, len(name))  # "Fair renewal pricing" is about more
        return 2.0 * relevance.weighted_shared(in_name, op.name, idf) * (0.5 + 0.5 * covered) + \
            0.5 * relevance.weighted_shared(words - in_name, op.description, idf)

    statement, when = _when(statement)
    more = f"{when} {more}".strip()
    side = not listed
    words = relevance.stems(statement) - _LIGHT - sense.mismatched(statement, op.name, op.description, side)
    if not more:
        return score(words)
    return score(words) + 0.5 * score(relevance.stems(more) - words - _LIGHT
                                      - sense.mismatched(more, op.name, op.description, side))


_WHEN = re.compile(r"\s+(?:(?:before|after|when|whenever|while|until|till|once)\s+(?:they|he|she|we|you|i|it|people|"
                   r"customers|the\s+\w+)\s+\w+|during\s+(?:the|a|an|each|every|their|our|his|her)\s+\w+).*$", re.I)


def _when(statement: str) -> tuple[str, str]:
    """(the problem, the clause saying when it happens): "teachers need our risk assessment before they book" ->
    ("teachers need our risk assessment", "before they book"); "... during the visit" alike. When it happens is not
    what goes wrong, so a fix that shares only its words ("24/7 online booking", "A welcome for every first visit")
    answers something else."""
    m = _WHEN.search(statement)
    if not m or not relevance.stems(statement[:m.start()]):
        return statement, ""
    return statement[:m.start()], m.group(0).strip()


def supplies_what_is_there(op: OpportunityInfo, there: set[str]) -> bool:
    """Whether a fix offers a thing the problem says customers already have or use: "24/7 online booking" for
    "people book online then complain about the booking fee", "Free trial, sample or taster" for "half of trials
    never import their employees". The problem is in what happens with the thing, so supplying it answers nothing."""
    return bool(facts.offered_by(op.name) & there)


def best_fix(ctx: Context, stage: StageBuild, statement: str, listed: list[str], more: str = "") -> str | None:
    """The key of the opportunity that answers ``statement`` best, or None when none is relevant."""
    usual = ctx.kb.vocab.phases[stage.phase].opportunity
    # words that describe a thing ("hard-to-find parts") say nothing of what goes wrong with it
    statement, more = sense.describing_words(statement), sense.describing_words(more)
    there = facts.spoken_of_as_there(f"{statement} {more}")
    said = f"{statement}. {more}" if more else statement
    listed = [k for k in listed if not supplies_what_is_there(ctx.kb.opportunities[k], there)
              and _touches(ctx.kb.opportunities[k], said) and sense.answers_about(said, ctx.kb.opportunities[k].about)]
    listed = [k for k in listed if not _only_in_another_sense(statement, ctx.kb.opportunities[k])]
    known = [k for k in listed if not against_the_owner(ctx, ctx.kb.opportunities[k], statement)]
    if known:  # the catalogue knows this problem: the most relevant of its fixes (its first on a tie)
        first = max(known, key=lambda k: (relevance_of(statement, ctx.kb.opportunities[k], more, True), -known.index(k)))
        if relevance_of(statement, ctx.kb.opportunities[first], more, True) >= ANSWERS_AT / 2:
            return first
        # none of them shares a telling word with the problem: a fix that does, if any, answers it better
        return _most_relevant(ctx, stage, statement, listed, more, there, said) or first
    return _most_relevant(ctx, stage, statement, listed, more, there, said)


def _most_relevant(ctx: Context, stage: StageBuild, statement: str, listed: list[str], more: str, there: set[str],
                   said: str) -> str | None:
    """The opportunity of the whole catalogue that shares the most telling words with the problem, or None."""
    usual = ctx.kb.vocab.phases[stage.phase].opportunity
    best, best_score = None, 0.0
    for key, op in ctx.kb.opportunities.items():
        if not allowed(ctx, key) or against_the_owner(ctx, op, statement) or supplies_what_is_there(op, there) \
                or not _touches(op, said) or not sense.answers_about(said, op.about):
            continue
        if key not in listed and not (relevance.shared(relevance.stems(_when(statement)[0]), f"{op.name} {op.description}")
                                      - sense.mismatched(statement, op.name, op.description)):
            continue  # it must answer the complaint itself, in the sense it has there, not only the words around it
        words = relevance_of(statement, op, more, key in listed)
        bonus = 0.5 if key in listed else 0.2 if key == usual else 0.0
        if words < ANSWERS_AT and not (bonus and words >= ANSWERS_AT / 2):  # a known fix still shares a word
            continue
        if words + bonus > best_score:
            best, best_score = key, words + bonus
    return best


def _only_in_another_sense(statement: str, op: OpportunityInfo) -> bool:
    """Whether every word a fix the catalogue lists shares with the problem is used there in another sense
    (:func:`sense.mismatched`; the catalogue lists it for the problem it matched, so what the fix's own words
    modify is not held against it): "the risk assessment" matched the catalogue's customers at risk, but "Spot
    at-risk customers early" is about customers leaving."""
    words = relevance.shared(relevance.stems(statement), op.name)
    return bool(words) and words <= sense.mismatched(statement, op.name, op.description, fix_side=False)


def _touches(op: OpportunityInfo, problem: str) -> bool:
    """Whether a stock fix touches what goes wrong in ``problem`` (:func:`remedies.touches`): a packing check
    answers no missed collection, shorter waits no invoice that does not match."""
    return remedies.touches(f"{op.name} {op.description}", problem)


def add_opportunities(ctx: Context, stages: list[StageBuild]) -> None:
    """One or more opportunities per stage for its pain points of severity 2 or more (every stated one)."""
    future = ctx.kind == "future"
    said_all = tuple(_said(p) for p in [p for s in stages for p in s.data["pain_points"]] + list(ctx.unplaced)
                     if p["provenance"] == "user")  # every stated problem: which part of a sentence says what
    for stage in stages:
        here: dict[str, dict] = {}
        for pain, key in zip(stage.data["pain_points"], stage.pain_keys):
            user = pain["provenance"] == "user"
            if pain["severity"] < 2 and not user:
                continue
            info = ctx.kb.pain_points.get(key or "")
            listed = [k for k in (info.opportunities if info else []) if allowed(ctx, k)]
            direct = None
            if user:
                focus, rest = complaint(pain["name"])
                more = f"{rest} {_said(pain)}"
                target = best_fix(ctx, stage, focus, listed, more=more)
                direct = direct_fix(ctx, pain)
                how = practitioner_fix(ctx, pain, direct)
                direct, how = (None if f is None or out_of_reach(ctx, f"{f.name} {f.detail}") else f
                               for f in (direct, how))
                if (seen := remedies.seen_first(_said(pain), ctx.lacks)) is not None:
                    direct, how = seen, None  # a slow quote where the job must be seen first: no instant quote
                if direct is None or (how is not None and remedies.replaces(how, direct)):
                    direct, how = how, None
                if direct is not None and target is not None and not _relevant_alone(ctx, target, focus, listed, more):
                    target = None  # the direct answer is enough; a stock fix only when it answers too
                if how is not None and how.rule.startswith("cue:") and target is not None:
                    how = None  # three answers to one problem: the general remedy gives way to the fitting stock fix
                direct, how, target = _with_shape(ctx, pain, (direct, how, target), listed, focus, more, said_all)
                if direct is None and how is None and target is None:
                    direct = by_kind(ctx, pain)  # nothing answers it in its own words: the fix for its kind, if sure
                if direct is not None and how is not None and _same_fix(direct.name, how.name):
                    # "Give an arrival window and text when on the way" twice, once "when booking": the fuller one
                    direct, how = max((direct, how), key=lambda f: len(relevance.stems(f.name))), None
            else:
                how = None
                target = next((k for k in listed if not against_the_owner(ctx, ctx.kb.opportunities[k])), None)
            fixes = {_DIRECT + f.name.casefold(): f for f in (direct, how) if f is not None}
            targets = list(fixes)
            targets += [target] if target or direct is None else []
            for key in targets:
                key = key or NO_SUGGESTION
                if key in here:
                    here[key]["addresses"].append(pain["_ref"])
                    here[key]["_personas"] = _merge(here[key]["_personas"], pain.get("_personas", []))
                    continue
                here[key] = _said_opportunity(fixes[key], pain) if key.startswith(_DIRECT) else \
                    _opportunity(ctx, key, pain, future)
                if key != NO_SUGGESTION and not key.startswith(_DIRECT):
                    stage.opp_keys.append(key)
        stage.data["opportunities"].extend(here.values())


_DIRECT = "said:"

def _same_fix(a: str, b: str) -> bool:
    """Whether two fixes for one problem say the same thing: the content words of the shorter are nearly all in the
    longer ("Give an arrival window and text when on the way" / "... window when booking, and text when on the way")."""
    small, big = sorted((a, b), key=lambda name: len(relevance.stems(name)))
    return len(relevance.stems(small)) >= 3 and relevance.overlap(small, big) >= 0.8


def _with_shape(ctx: Context, pain: dict, found: tuple, listed: list[str], focus: str, more: str,
                others: tuple[str, ...] = ()) -> tuple:
    """(direct, how, target) with the usual fix for the problem's common shape (:func:`remedies.shaped`: sold out in
    minutes, logged out mid-form, a letter full of jargon ...): in place of an answer that reads the shape less well
    (its ``replaces``), else first when there is no direct answer, else beside it; a stock fix that says none of
    the shape's words and is not relevant on its own ("Call-back option" for a portal that times out) gives way."""
    direct, how, target = found
    said = _said(pain)
    shape = remedies.shape_remedy(said) or remedies.shape_in_part(pain.get("_sentence", ""), said, others)
    if shape is None or out_of_reach(ctx, f"{shape.name} {shape.detail}") \
            or eases_what_the_owner_wants_less_of(ctx.profile.goal, shape.name, said) or _places_none(ctx, shape.name):
        return found
    if any(f is not None and remedies.shape_touches(f.name, shape, 2) for f in (direct, how)):
        return found  # an answer already says the shape's fix ("Remind people before their vouchers expire ...")
    direct, how = (None if f is not None and remedies.shape_replaces(shape, f) else f for f in (direct, how))
    if direct is None:
        direct = shape
    elif how is None or not how.rule.startswith(("remedy:", "seen:")):
        how = shape  # beside the direct answer, in place of a looser general remedy (a topic's, a cue's)
    else:
        return direct, how, target  # the direct answer and a remedy for its own structure say enough
    if target is not None and not remedies.shape_touches(f"{ctx.kb.opportunities[target].name} "
                                                         f"{ctx.kb.opportunities[target].description}", shape) \
            and not _relevant_alone(ctx, target, focus, listed, more):
        target = None
    return direct, how, target


def by_kind(ctx: Context, pain: dict) -> Fix | None:
    """The fix practitioners propose for the kind of problem this is (:mod:`cjm_assistant.knowledge.fix_kinds`: a
    model fitted on labelled problems), when the model is sure of the kind and the fix suits this business (it
    reaches its customers, makes easier nothing the owner wants less of, adds no premises to a business with none);
    else None, and the map says "no suggestion yet"."""
    fix = fix_kinds.kind_fix(_said(pain))
    if fix is None or out_of_reach(ctx, f"{fix.name} {fix.detail}") or _places_none(ctx, fix.name) \
            or eases_what_the_owner_wants_less_of(ctx.profile.goal, fix.name, _said(pain)):
        return None
    return fix


def _places_none(ctx: Context, name: str) -> bool:
    """Whether a fix gives premises ("Add a shop", "Open a showroom") to a business that has none by its nature (it
    comes to its customers, sells online only, trades from a market stall with no shop)."""
    return ctx.no_place and kinds.adds_a_place(name)


def practitioner_fix(ctx: Context, pain: dict, direct: Fix | None) -> Fix | None:
    """The remedy a practitioner names for what goes wrong in the problem (:mod:`cjm_assistant.knowledge.remedies`),
    with its own object, or else the usual answer to its topic (:func:`by_topic`), or else the remedy for the failure
    its words say (:func:`remedies.cue_remedy`): beside the direct answer when it says something the direct answer does not (how, not
    only what), or in its place when there is none. None when no structure is read, or it would make easier what
    the owner wants less of."""
    personas = pain.get("_personas", [])
    names = [ctx.profile.personas[i].name for i in personas if i < len(ctx.profile.personas)]
    who = role(names[0]) if len(names) == 1 else ""
    fix = remedies.remedy(_said(pain), who) or by_topic(_said(pain), customer=bool(names)) \
        or remedies.cue_remedy(_said(pain))
    if fix is None or eases_what_the_owner_wants_less_of(ctx.profile.goal, fix.name, _said(pain)) \
            or _places_none(ctx, fix.name):
        return None
    if direct is not None and not remedies.replaces(fix, direct) and \
            not (relevance.stems(fix.name) - relevance.stems(direct.name) - relevance.stems(FRAME)):
        return None  # it says nothing the direct answer does not
    return fix


def _own_words(fix: str, problem: str) -> str:
    """A remedy's name without the words it took from the problem: "a quick question" the owner said is no promise
    of the remedy's to make something quick."""
    said = {w.casefold() for w in re.findall(r"[\w'-]+", problem)}
    return " ".join(w for w in re.findall(r"[\w'-]+", fix) if w.casefold() not in said)


def direct_fix(ctx: Context, pain: dict) -> Fix | None:
    """The problem's direct answer in its own words (for whom: a persona's role when only personas said it), or
    None when no rule fits or the answer would make easier what the owner wants less of."""
    personas = pain.get("_personas", [])
    names = [ctx.profile.personas[i].name for i in personas if i < len(ctx.profile.personas)]
    who = role(names[0]) if len(names) == 1 else ""
    said = _said(pain)
    fix = rephrase(said, who, skip=lambda name: echoes(name, f"{said} {who}") and bool(_WISH.match(name))
                   or _places_none(ctx, name))
    if fix is None or echoes(fix.name, f"{_said(pain)} {who}"):
        # the problem's topic has a usual answer: better than the problem's own words said the other way round
        fix = by_topic(_said(pain), customer=bool(names)) or fix
    if fix is not None and _CUT_SHORT.search(fix.name):  # "Bring everyone who needs it to": cut mid-phrase
        fix = by_topic(_said(pain), customer=bool(names))
    if fix is None or (fix.rule != "topic" and echoes(fix.name, f"{_said(pain)} {who}") and _WISH.match(fix.name)
                       and not informs(fix.name, _said(pain))):
        return None  # it only wishes the problem away: a stock fix that answers it, or "no suggestion yet"
    if _places_none(ctx, fix.name):
        return None
    if fix.enables and (blocked := relevance.shared(relevance.stems(fix.name), wanted_less(ctx.profile.goal))):
        return instead(fix, blocked, _said(pain), who)
    return None if eases_what_the_owner_wants_less_of(ctx.profile.goal, fix.name) else fix


#: Words a fix is framed with ("Find a way to", "Let customers", "Make sure"): they say what to do, not how.
FRAME = ("find way let make sure always avoid having tell give offer customer customers client clients people owner "
         "owners them they their someone everyone know can able get help allow enable easy easier simple clear quick "
         "quickly keep track none reason show speed up cut down less more fewer better whether what when who it "
         "to a the of for so out")


def echoes(fix: str, problem: str) -> bool:
    """Whether a fix only says the problem again the other way round ("Can't use Facebook" -> "Let customers use
    Facebook", "I can't give an exact arrival time" -> "Find a way to give an exact arrival time"): it adds no
    word of its own beyond its frame (:data:`FRAME`)."""
    own = relevance.stems(fix) - relevance.stems(FRAME) - relevance.stems(problem)
    return not own


_NOT_TOLD = re.compile(r"\b(?:did\s*n'?t|do\s*n'?t|does\s*n'?t|never|not)\s+(?:know|realise|realize|understand|understood)|"
                       r"\b(?:nobody|no one|never|not)\s+(?:told|tells|explained|says|said)\b|\bno idea\b|\bunclear\b|"
                       r"\bnot clear\b|\bnever understood\b", re.I)
_TELLS = re.compile(r"^(?:show|tell|explain|make it clear|make sure (?:someone|they|we) (?:tells?|explains?))\b", re.I)


#: Frames that only wish the problem away ("Help people get a price without me coming round", "Let customers use
#: Facebook", "Give people a reason to ..."): with nothing of their own they say no change at all. A frame that
#: commits to one ("Make sure the calendar syncs", "Show members how to get a locker") says what to change.
_WISH = re.compile(r"^(?:help|find a way to|find out\b|give people a reason to|let|offer a way to|make it easy to|avoid having to|"
                   r"always|speed up|cut down|keep track of)\b", re.I)


#: A fix that ends on a word that needs more after it was cut mid-phrase ("Bring everyone who needs it to").
_CUT_SHORT = re.compile(r"\b(?:to|for|of|with|the|a|an|and|or|at|in|on|from|by|into|about|their|our|your|is|are)\s*$",
                        re.I)


def informs(fix: str, problem: str) -> bool:
    """Whether the fix tells people what the problem says they were never told ("didn't know how to get a locker"
    -> "Show members how to get a locker"): for a gap in what people know, saying it is the answer, not an echo."""
    return bool(_NOT_TOLD.search(problem) and _TELLS.match(fix))


def by_topic(problem: str, customer: bool = False) -> Fix | None:
    """The usual answer to a problem of a known topic (``[about.*]`` in steps.toml with a ``fix``), when it answers
    the problem both ways: the topic's words are in the problem, and the answer is not the problem again. A topic
    that is the owner's problem only is not a ``customer``'s (a persona "chasing separate invoices" is not owed
    money)."""
    topic = st.about(problem)
    if topic is None or not topic.fix or echoes(topic.fix, problem) or (customer and topic.owner):
        return None
    if not remedies.touches(topic.fix, problem):  # "missing" items checked against a list: no missed collection
        return None
    return Fix(topic.fix, topic.detail, "topic", False)


_WHERE = re.compile(r"\b(?:in|on|through|via|by)\s+(?:the\s+|our\s+|your\s+)?(?:app|website|site|portal|account|phone|"
                    r"email)\b", re.I)


def instead(fix: Fix, blocked: set[str], said: str, who: str) -> Fix | None:
    """When the direct answer would make easier what the owner wants less of (cancelling), what a practitioner
    offers in its place where customers already are: a pause, or a talk, before they go."""
    if not blocked & relevance.stems("cancel leave quit unsubscribe"):
        return None
    where = _WHERE.search(said)
    place = f" {where.group(0)}" if where else ""
    return Fix(f"Offer {who or 'customers'} a pause{place} before they cancel",
               "Make the first step a pause, or a call that finds out why, before anyone leaves.",
               "instead", False)


def _relevant_alone(ctx: Context, key: str, focus: str, listed: list[str], more: str) -> bool:
    """Whether a catalogue fix may stand beside the direct answer: the catalogue lists it for this very problem
    (its matched pain point is the same problem) and it shares the problem's words; a fix that only shares a
    word ("referral" forms, a "referral" reward) is not offered beside an answer in the owner's own words, unless
    it shares many telling words (:data:`STRONG`)."""
    score = relevance_of(focus, ctx.kb.opportunities[key], more, key in listed)
    return score >= STRONG or (key in listed and score >= ANSWERS_AT / 2)


def _said_opportunity(fix: Fix, pain: dict) -> dict:
    return {"id": "", "provenance": "inferred", "name": fix.name,
            "description": f"Answers “{pain['name']}”: {fix.detail}", "addresses": [pain["_ref"]],
            "impact": "high" if pain["severity"] == 3 else "medium", "effort": "medium",
            "_personas": list(pain.get("_personas", []))}


_CLAUSES = re.compile(r"\s+(?:and|but|so|because|while|when)\s+|\s+[-–—]\s+|,\s+", re.I)
_COMPLAINT = re.compile(r"\b(?:no|not|never|nobody|no one|none|cant|can't|cannot|dont|don't|doesnt|doesn't|didnt|"
                        r"didn't|wont|won't|isnt|isn't|wasnt|wasn't|too|late|lost|wrong|confusing|confuses|hard|slow|"
                        # what goes wrong without a negation: people going quiet or vanishing, things failing
                        r"quiet|ghost|ghosts|ghosted|vanish|vanishes|vanished|disappear|disappears|disappeared|"
                        r"rejected|fail|fails|failed|broken|breaks|soaked|missing|rude|forget|forgets|forgot)\b", re.I)


def complaint(statement: str) -> tuple[str, str]:
    """(the clause that complains, the rest): "people book a free trial day and no one greets them" ->
    ("no one greets them", "people book a free trial day"). The whole statement when no clause, or every
    clause, complains."""
    clauses = [c for c in _CLAUSES.split(statement) if c.strip()]
    hurt = [c for c in clauses if _COMPLAINT.search(c)]
    if len(clauses) < 2 or not hurt or len(hurt) == len(clauses):
        return statement, ""
    return " ".join(hurt), " ".join(c for c in clauses if c not in hurt)


def _said(pain: dict) -> str:
    return pain.get("_said") or pain["name"]


def _merge(a: list[int], b: list[int]) -> list[int]:
    """The personas of an opportunity: those of its pain points, or everyone once one is everyone's."""
    return [] if not a or not b else sorted(set(a) | set(b))


def _opportunity(ctx: Context, key: str, pain: dict, future: bool) -> dict:
    if key == NO_SUGGESTION:
        name = pain["name"]
        return {"id": "", "provenance": "inferred", "name": NO_SUGGESTION,
                "description": f"Nothing in the playbook answers “{name}” yet: what would fix it? "
                               "Add your own idea here.",
                "addresses": [pain["_ref"]], "impact": "medium", "effort": "medium",
                "_personas": list(pain.get("_personas", []))}
    op = ctx.kb.opportunities[key]
    impact = op.impact
    if pain["provenance"] == "user" and pain["severity"] == 3 and impact == "medium":
        impact = "high"
    return {"id": "", "provenance": "inferred", "name": op.done if future else op.name,
            "description": op.description, "addresses": [pain["_ref"]], "impact": impact, "effort": op.effort,
            "_personas": list(pain.get("_personas", []))}
