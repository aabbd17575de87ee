"""What composition works from: the profile resolved against the playbook.

The industry, the business model, the stage model, the journey, the words
that fill the templates, and the channels the user named, all decided once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from cjm_assistant.domain.model import MAP_KIND_LABELS, MAX_NAME, clean_name, model_among
from cjm_assistant.domain.profile import Profile
from cjm_assistant.knowledge import kinds, relevance, things
from cjm_assistant.knowledge.process import between_ends, taken_and_returned, told_process
from cjm_assistant.knowledge import text as tx
from cjm_assistant.knowledge.catalogue import Industry, Knowledge, StageModel, load
from cjm_assistant.knowledge.records import StageTemplate
from cjm_assistant.knowledge import steps as st
from cjm_assistant.knowledge.channel_items import SaidChannel, channels_said_missing, near, place_of, read_channels
from cjm_assistant.knowledge.detect import (
    CONFIDENT,
    channel_key,
    detect_journey,
    industry_match,
    split_list,
)

from .extract import BOTH_KINDS_NOTE, thin_answer
from .stages import StagePlan, chosen_stages, covers, general_sides, general_stage_model, journey_stage_model, plan_stages

MAX_TOUCHPOINTS_PER_STAGE = 3
#: How far down a phase's fallback chain a channel's template may come from.
MAX_FALLBACK_DEPTH = 2


@dataclass
class StatedChannel:
    name: str  # display name on the map
    key: str | None  # catalogue key, None when the playbook doesn't know it
    provenance: str = "user"
    # Read by a model from a vague answer ("the usual ones"): placed as the user's, shown as inferred.
    guessed: bool = False


@dataclass
class Context:
    """Everything composition needs, resolved once from the profile."""

    kb: Knowledge
    profile: Profile
    kind: str
    industry_key: str
    industry: Industry | None
    business_model: str
    model: StageModel
    journey: str
    journey_key: str | None
    offering: str
    vars: dict[str, str]
    channels: list[StatedChannel]
    notes: list[str] = field(default_factory=list)
    suggested: dict[str, list[str]] = field(default_factory=dict)  # channel -> stages
    refs: int = 0
    plans: list[StagePlan] = field(default_factory=list)  # the stages to build, in order
    unplaced: list[dict] = field(default_factory=list)  # stated pain points no stage fits with confidence
    two_sided: bool = False
    confidence: float = 0.0  # how sure the industry is (1.0 when the user named it)
    lacks: set[str] = field(default_factory=set)  # capabilities the answers do not show (:func:`kinds.lacking`)
    agency_referrals: bool = False  # customers are referred by an agency, a GP, a school: no friend-referral scheme
    no_place: bool = False  # nowhere customers come to: it comes to them, or said "no shop", "online only"
    at_home: bool = False  # the business comes to its customers (:func:`kinds.comes_to_customer`)
    left: bool = False  # customers leave their own thing with the business (:func:`kinds.left_with_business`)
    fetched: set[str] = field(default_factory=set)  # the steps' words in which the business fetches it to bring back
    missing_channels: set[str] = field(default_factory=set)  # channels the owner said the business has not
    unreachable: set[str] = field(default_factory=set)  # ways of reaching customers that fail them (:func:`unreachable`)

    def ref(self, prefix: str) -> str:
        """A temporary reference between items, replaced by real ids at the end."""
        self.refs += 1
        return f"{prefix}-{self.refs}"

    def fill(self, template: str, **extra: str) -> str:
        return tx.capitalise(template.format_map(_Vars({**self.vars, **extra})))

    def stated_keys(self) -> list[str]:
        return [c.key for c in self.channels if c.key and c.provenance == "user"]


class _Vars(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass
class StageBuild:
    """A stage under construction: its data dict plus what later steps need."""

    phase: str
    baseline: int
    data: dict
    plan: StagePlan | None = None
    touchpoint_keys: list[str | None] = field(default_factory=list)  # channel key per touchpoint
    pain_keys: list[str | None] = field(default_factory=list)  # catalogue key per pain point
    opp_keys: list[str] = field(default_factory=list)  # catalogue key per opportunity


#: Words that name no end of a journey on their own: "from start to finish", "from the beginning to the end"
_NO_END = frozenset("start starts finish finishes beginning end the a an to it its first last very whole thing "
                    "things day one".split())


def build_context(profile: Profile, kind: str | None) -> Context:
    """Resolve the profile against the playbook: industry, model, journey, channels."""
    kb = load()
    notes: list[str] = []
    kind = kind or profile.kind or "current"
    if kind not in MAP_KIND_LABELS:
        raise ValueError(f"unknown map kind {kind!r}; expected one of: {', '.join(MAP_KIND_LABELS)}")

    if kind == "current" and BOTH_KINDS_NOTE in profile.assumptions:
        notes.append(BOTH_KINDS_NOTE)
    industry_key, confidence = _industry(profile, kb, notes)
    # a bike mechanic read as a garage: the garage's words, made to fit the bike ("bike servicing", "the cyclist")
    industry = things.fitted(kb.industries.get(industry_key), industry_key,
                             f"{profile.business_name} {profile.description} {profile.offering}")
    business_model = profile.business_model or (industry.business_model if industry else "B2C")
    if not profile.business_model:
        why = f"usual for {industry.name.lower()}" if industry else "the most common case"
        notes.append(f"Business model assumed to be {business_model} ({why}).")
    elif profile.sources.get("business_model") == "inferred":
        notes.append(f"Business model read as {business_model} from how you described your customers.")

    journey = _sentence_case(clean_name(profile.journey), kb) if profile.journey else ""
    if journey and thin_answer("journey", journey, profile):  # "the usual": nothing to build a title on
        notes.append(f"The journey '{journey}' was too vague to map as said.")
        journey = ""
    if not journey:
        journey = industry.journey if industry else "first purchase"
        notes.append(f"No journey given: mapped the '{journey}' journey.")
    journey_key = detect_journey(journey)

    offering = _short_offering(profile.offering, kb) or (industry.offering if industry else
                                                         f"what {profile.business_name or 'we'} "
                                                         f"{'offers' if profile.business_name else 'offer'}")
    two_sided = _two_sided(profile, business_model)
    general = "two-sided" if two_sided else None
    if industry is None or two_sided:
        general = kinds.business_kind(" ".join([profile.description, profile.offering, profile.customers, journey]),
                                   two_sided, business_model == "B2B", f"{profile.description} {profile.offering}")
    own = f"{profile.description} {profile.offering}"
    if business_model == "B2B" and kinds.only_services(own) and (
            general == "b2b" or general == "service" and _kept(own, _all_answers(profile))
            # an industry of jobs booked one by one (a home service), sold to firms on a contract: kept, not booked
            or general is None and industry is not None and industry.business_model != "B2B"
            and _kept(own, _all_answers(profile)) and _CONTRACT.search(own)):
        general = "b2b-service"  # a firm buys a service it keeps using: no delivery, no reorder, no visit
    if not two_sided and kinds.remote_advice(own, _how_it_works(profile)) and (
            industry is None or business_model == "nonprofit" or re.search(r"\bfree\b", own, re.I)
            or kinds.remote_advice(profile.description)):
        # a helpline, an advice line, advice by phone or video: reached from afar, no visit booked, no place. Not
        # a known trade that also advises by phone ("car insurance quotes compared ..., with advice by phone")
        general = "advice"
    nonprofit = business_model == "nonprofit" or (industry is not None and industry.business_model == "nonprofit")
    giving = kb.vocab.journeys.get("donation")  # donating or volunteering: the supporter's journey
    helped = nonprofit and not two_sided and journey_key != "donation" and not (
        giving and tx.keyword_score(tx.tokens(journey), giving.words))
    if helped and general is None:  # the people a charity helps, not its supporters: no donor stages
        general = "service"
        notes.append("The journey is of the people the charity helps, not of its supporters: the stages come from "
                     "a general service model, with no donor or shop lines.")
    if general and kind != "day-in-the-life":
        model, sides = general_stage_model(general), general_sides(general)
    else:
        model, sides = _pick_model(kb, kind, industry_key, industry, business_model, journey_key), None
    business = profile.business_name or "the business"
    values = {
        "business": business,
        "offering": offering,
        "journey": journey,
        "customer": "person" if helped else _customer(profile, industry),
        "provider": _provider(profile, industry),
    }
    ctx = Context(kb, profile, kind, industry_key, industry, business_model, model, journey, journey_key,
                  offering, values, _stated_channels(profile), notes, two_sided=two_sided, confidence=confidence)
    said = _all_answers(profile)
    # a trade is read in the owner's words for the business ("a locksmith"), not in who its customers are
    ctx.at_home = kinds.comes_to_customer(said, own=f"{profile.business_name} {profile.description} {profile.offering}")
    # who the customers are ("couriers", "delivery drivers") says nothing of what the business does for them
    ctx.lacks = kinds.lacking(_all_answers(profile, customers=False),
                              kinds.business_kind(said, two_sided, business_model == "B2B",
                                                  f"{profile.description} {profile.offering}"),
                              nonprofit=nonprofit, visiting=ctx.at_home)
    # "we have no website": never suggested, whatever the industry usually has
    ctx.missing_channels = channels_said_missing(_answers(profile)) - {c.key for c in ctx.channels}
    ctx.lacks |= kinds.denied(ctx.missing_channels, {c.key for c in ctx.channels})
    ctx.agency_referrals = _referred_by_someone(profile)
    # "online only", "no shop, no premises": nowhere customers come to, nothing that assumes one (a waiting room)
    ctx.no_place = ctx.at_home or kinds.no_premises(_how_it_works(profile) + " " + " ".join(profile.channels),
                                                    ctx.missing_channels, {c.key for c in ctx.channels})
    ctx.no_place = ctx.no_place or general == "advice"
    if ctx.no_place and not {c.key for c in ctx.channels} & {"market-stall"}:
        ctx.lacks.add("premises")
    ctx.unreachable = unreachable(ctx.missing_channels, said)
    # how the business works, not what goes wrong: "people wanting to hand a cat in" among a rescue's problems is
    # another journey, and makes no adopter's collection a thing of their own coming back
    ctx.left = not ctx.at_home and (kinds.left_with_business(_how_it_works(profile))
                                    or kinds.works_on_their_thing(f"{profile.description} {profile.offering}"))
    steps = st.parse_steps(journey) if kind != "day-in-the-life" else []
    # the journey answer itself is the owner's steps, all of them; not when it names only its two ends and not the
    # service between them ("from the service being due to getting the certificate and paying"): the usual steps
    # between them stay (a step of no known kind after the first is read as the service: "getting a design")
    span = len(steps) >= 3 and st.is_span(journey) and not _serves(steps, model)
    # nor when it names its two ends and the points it passes, each by one step ("from the first call via the audit
    # to the certificate", "from enquiry to site visit to report"): where the journey passes, not each of its steps;
    # the usual steps before, between and after them stay (agreeing a date before the visit, choosing before calling)
    told = len(steps) >= 3 and not span and not st.waypoints(journey) >= 3
    # "the weekly collection and return": the customer's own thing is fetched and brought back, left with the business
    ctx.fetched = {s.text for s in st.fetched_to_return(steps)} if not ctx.at_home else set()
    ctx.left = ctx.left or bool(ctx.fetched)
    if len(steps) < 3 and kind != "day-in-the-life":
        within = st.steps_within(steps, st.parse_steps(profile.offering))
        # the ends of the journey, with how the service runs as the owner told it in the offering between them
        process = between_ends(steps, told_process(profile.offering) or taken_and_returned(profile.offering)) \
            if within is steps else within
        told = len(process) > len(within)
        # two ends and nothing of the service between them ("from the first call to getting the results"): the
        # service stage stays between them, as for a longer journey told by its ends
        span = not told and st.is_span(journey) and not _serves(process, model)
        steps = process
    typed = kb.vocab.journeys.get(journey_key or "")
    if typed and typed.urgent:  # an emergency: no date agreed, no reminder, no no-show
        ctx.lacks |= {k for k, cap in st.data().capabilities.items() if cap.urgent_only}
    if (typed and typed.stages and kind in ("current", "future") and not st.describes_steps(steps)
            and (general in ("service", "b2b-service", kinds.NEITHER) or typed.urgent
                 or not covers(model, typed))):  # a named journey is more specific
        notes.append(f"'{model.name}' has no stage for {typed.label}: the stages are the usual steps of "
                     f"{typed.label}; rename or reorder them to match yours.")
        model, sides = journey_stage_model(journey_key, typed, _software(profile, industry_key)), None
        ctx.model = model
    # a journey told by its two ends, neither of them the service ("from getting an eviction notice to knowing
    # their rights"): both ends are the owner's stages, and the service stays between them
    ends = kind != "day-in-the-life" and len(steps) == 2 and st.is_span(journey) and not st.describes_steps(steps) \
        and all(set(tx.words(s.text)) - _NO_END for s in steps)  # "from start to finish" names no end
    ctx.plans = plan_stages(model, steps, sides, complete=told, service_between=span or ends, ends=ends)
    ending = model.ends
    if ending is not None and tx.keyword_score(tx.tokens(_how_it_works(profile)), ending.words):
        # a course that ends with a test: the stage it replaces (a next term to re-enrol in) is not drafted
        ctx.plans = [replace(p, template=StageTemplate(**ending.model_dump(exclude={"replaces", "words"})))
                     if p.provenance != "user" and p.template.name == ending.replaces else p for p in ctx.plans]
    if general in ("service", kinds.NEITHER) and kind in ("current", "future") and not ctx.at_home:
        ctx.plans = _service_named(ctx.plans, profile.offering)
    if profile.stages and kind in ("current", "future"):
        ctx.plans = chosen_stages(ctx.plans, profile.stages)
        _with_own_steps(notes, ctx.plans)
        notes.append(f"Stages as you confirmed them: {', '.join(c.name for c in profile.stages)}.")
        return ctx
    owned = [p.template.name for p in ctx.plans if p.provenance == "user"]
    _with_own_steps(notes, ctx.plans)
    if owned:
        notes.append(f"Stages in your own words, from the steps you described: {', '.join(owned)}; "
                     f"the others come from the '{model.name}' model.")
        return ctx
    notes.append(f"Stages follow the playbook's '{model.name}' model.")
    return ctx


#: A service bought to keep: "on a monthly subscription", "a retainer", "on a contract", "3 year service contracts",
#: "weekly office cleaning", "every 4 weeks", "on account", "a service level agreement", "paid by direct debit".
_ONGOING = re.compile(r"\b(?:subscriptions?|subscribers?|retainers?|ongoing|per (?:user|employee|seat|month|year|annum|"
                      r"quarter|week)|a (?:month|quarter)|weekly|fortnightly|monthly|quarterly|bi-?weekly|"
                      r"(?:every|each) (?:other |\d+ |two |three |four |six |eight |twelve )?(?:weeks?|months?|"
                      r"quarters?)|(?:annual|yearly|rolling|fixed[- ]term|\d+[- ](?:year|month)|multi-year|long[- ]term)"
                      r"(?: \w+)? (?:contracts?|agreements?|fees?|plans?|licen[cs]es?|memberships?|retainers?|"
                      r"subscriptions?)|contracts?|contracted|on account|service[- ]level agreements?|slas?|"
                      r"direct debits?|standing orders?|recurring|repeat (?:visits|work|service))\b", re.I)
#: ... but not one bought once: "one-off surveys", "a single visit", "per job"
_ONE_OFF = re.compile(r"\b(?:one[- ]off|one[- ]time|single (?:job|visit|project)|per job|each job|as a one)\b", re.I)


def _kept(own: str, said: str) -> bool:
    """Whether a firm's own words say it sells a service its customers keep, not one booked once: a contract, a
    subscription or retainer, work done weekly or monthly, an account (:data:`_ONGOING`), and no one-off job. A
    service done where the customer is counts only on a contract's words (a contract cleaner, a washroom service),
    not on how often it comes ("monthly" window cleaning for a shop is booked visits)."""
    if not _ONGOING.search(own) or _ONE_OFF.search(own):
        return False
    return not kinds.comes_to_customer(said, own=own) or bool(_CONTRACT.search(own))


#: The words of an agreement to keep a service: a firm that comes to its customers on one keeps serving them
_CONTRACT = re.compile(r"\b(?:contracts?|contracted|retainers?|subscriptions?|service[- ]level agreements?|slas?|"
                       r"on account|agreements?)\b", re.I)


def _serves(steps: list[st.Step], model: StageModel | None = None) -> bool:
    """Some step is the service itself: its phase gives it, or it is a step of no known kind after the first
    ("getting a design"). Not the journey's last end when it is taking away what was made, for a business whose
    ``model`` has a visit and no delivery ("to taking their glass home"): that comes after the session."""
    return any((s.phase in ("visit", "receive", "use") and not (n == len(steps) - 1 and n and _taken_away(s, model)))
               or (s.phase is None and n) for n, s in enumerate(steps))


def _taken_away(step: st.Step, model: StageModel | None) -> bool:
    """Whether a step of collection is the customer taking away what the service made, after it: the stage model has
    a visit (the service is given where the customer comes) and no stage of delivery or collection of its own."""
    phases = {s.phase for s in model.stages} if model is not None else set()
    return step.phase == "receive" and "visit" in phases and "receive" not in phases


def _service_named(plans: list[StagePlan], offering: str) -> list[StagePlan]:
    """The general service model's inferred visit named for the service the offering names ("weekly maths tutoring":
    "The tutoring"), with that service's goal, actions and thoughts: lessons taken online or a repair waited for are
    no visit with a check-in desk. Unchanged when the offering names no such service."""
    named = st.data().kinds.get("service-named", [])
    # what the service is about is not the service: "free advice on deposits, repairs and evictions"
    offering = re.split(r"\b(?:on|about|regarding|around)\b", offering, maxsplit=1, flags=re.I)[0]
    noun = next((w for w in tx.words(offering) if w in named), None)
    content = st.data().phase["visit"]
    if noun is None or not content.service_goal:
        return plans
    tpl = StageTemplate(name=f"The {noun}", phase="visit", goal=content.service_goal,
                        actions=list(content.service_actions or content.actions),
                        thoughts=list(content.service_thoughts or content.thoughts), emotion=content.emotion)
    return [replace(p, template=tpl) if p.provenance != "user" and p.template.phase == "visit"
            and p.template.name == content.name else p for p in plans]


#: What the map is made of when the industry is not recognised; with the owner's own steps when some stage is one
_GENERAL_MODEL = "the map uses a general stage model"
_OWN_AND_GENERAL = "the map uses your own steps and a general stage model"


def _with_own_steps(notes: list[str], plans: list[StagePlan]) -> None:
    """The note on an industry not recognised says the owner's steps are used only when some stage is one of them."""
    if any(p.provenance == "user" for p in plans):
        notes[:] = [n.replace(_GENERAL_MODEL, _OWN_AND_GENERAL, 1) if n.startswith("Industry not recognised") else n
                    for n in notes]


def _industry(profile: Profile, kb: Knowledge, notes: list[str]) -> tuple[str, float]:
    """The industry key ("" when unsure) and the confidence; says in ``notes`` what it read and how sure."""
    if profile.industry in kb.industries and profile.sources.get("industry") == "user":
        return profile.industry, 1.0
    own = " ".join([profile.business_name, profile.description])
    key, confidence = industry_match(own, profile.offering, profile.customers)
    if key and confidence >= CONFIDENT:
        label = things.fitted(kb.industries[key], key, f"{own} {profile.offering}").name
        notes.append(f"Industry read as '{label}' from your description "
                     f"(confidence {confidence:.0%}).")
        return key, confidence
    guess = f" (best guess '{kb.industries[key].name}', confidence {confidence:.0%})" if key else ""
    notes.append(f"Industry not recognised with confidence{guess}: {_GENERAL_MODEL}, with no industry-specific "
                 "words. Name your industry to change this.")
    return "", confidence


# "a few posh gardens around Maidstone" counts customers: it names no kind of business
_KIND_OF_BUSINESS = re.compile(r"\b(?:a|an)\s+(?!(?:few|couple|lot|bit|number|handful|dozen)\b)([^,.;:()\n]+?)"
                               r"(?=\s+(?:in|for|that|which|who|with|near|based|on|at|"
                               r"from|run|selling|offering|and|since|by)\b|\s*[,.;:()\n]|\s+[-–—]\s|$)", re.I)


_KIND_OF_BUSINESS_AND = re.compile(_KIND_OF_BUSINESS.pattern.replace("|and|", "|"), re.I)


def _customer(profile: Profile, industry: Industry | None) -> str:
    """Who the customer is, for template words ("The {customer} calls to book"): the industry's word ("driver" at a
    garage) when the owner's answers say it or do not say who the customers are; "customer" when they name them
    otherwise ("private boat owners" are no drivers, though a boat-engine mechanic reads as a garage)."""
    if industry is None:
        return "customer"
    said = set(relevance.stems(_all_answers(profile)))
    if set(relevance.stems(industry.customer)) <= said or not profile.customers.strip():
        return industry.customer
    return "customer"


def _provider(profile: Profile, industry: Industry | None) -> str:
    """What the business is, for template words ("Find a {provider}"): the industry's word when the owner's
    answers use it, else the owner's own word for their kind of business (the head noun of "a small yoga
    studio in Bristol": "studio", for an industry the knowledge base has or not), never another kind of business's
    word ("gym" for a yoga studio); "business" when the owner named none."""
    said = set(tx.tokens(" ".join([profile.business_name, profile.description, profile.offering])))
    if industry is not None and set(tx.tokens(industry.provider)) <= said:
        return industry.provider
    stop = set(load().vocab.name_stopwords)
    description = profile.description[:600]
    for match in _KIND_OF_BUSINESS.finditer(description):
        phrase = match.group(1)
        if re.match(r"\s+and\b", description[match.end(1):], re.I):
            # "an NHS and private dental practice": the words before "and" describe the noun after it
            longer = _KIND_OF_BUSINESS_AND.search(description, match.start())
            if longer and longer.start() == match.start():
                phrase = longer.group(1)
        words = [w for w in phrase.split() if w.isalpha()]
        if (words and len(words) <= 6 and len(words[-1]) >= 3 and words[-1].casefold() not in stop
                and not words[-1].isupper()):  # an acronym ("NHS") describes the business, it does not name it
            return _not_the_vehicle(words)
    return "business"


#: What a mobile business drives, named as what the business is ("a mobile dog grooming van")
_VEHICLES = frozenset({"van", "vans", "truck", "trucks", "lorry", "trailer", "wagon", "bus", "unit"})


def _not_the_vehicle(words: list[str]) -> str:
    """The head noun of the owner's words for the business, or, when it is the vehicle the work is done in, the one
    who does the work: "a mobile dog grooming van" finds a groomer, not a van. A vehicle customers come to ("a
    coffee van") stays what it is."""
    head = words[-1].casefold()
    work = words[-2].casefold() if len(words) >= 2 else ""
    if head not in _VEHICLES or not work.endswith("ing") or len(work) < 6:
        return head
    return work[:-3] + "er"  # grooming -> groomer, valeting -> valeter, cleaning -> cleaner


_SOFTWARE = re.compile(r"\b(?:software|saas|app|apps|platform|api|integrations?|dashboard|portal|cloud|plugin|"
                       r"subscription\s+tool|system)\b", re.I)


def _software(profile: Profile, industry_key: str | None) -> bool:
    """Whether what the business sells is software (its stages may "connect" and "go live"), from its industry or the
    owner's words for the business and its offering."""
    return industry_key in ("saas", "hr-software") or bool(_SOFTWARE.search(f"{profile.description} {profile.offering}"))


#: Customers without a mobile ("most members have no mobiles", "half our clients don't have smartphones"): a text
#: reaches none of them.
_NO_MOBILES = re.compile(r"\b(?:no|don'?t\s+have|do\s+not\s+have|doesn'?t\s+have|haven'?t\s+got|without|never\s+had)\s+"
                         r"(?:a\s+|any\s+)?(?:mobiles?|mobile\s+phones?|smart\s*phones?|cell\s*phones?)\b"
                         r"(?!\s+(?:signal|reception|coverage|data|network|number|app|internet))", re.I)  # not "no mobile signal"


def unreachable(missing: set[str], said: str) -> set[str]:
    """The channels a fix may not rely on to reach customers: a call when the owner has no phone ("we don't have a
    phone line"; a text may still go from a service or an app), a text when the owner says so or the customers have no
    mobiles ("most members have no mobiles")."""
    out = missing & {"phone", "sms"}
    if _NO_MOBILES.search(said):
        out.add("sms")
    return out


def _all_answers(profile: Profile, customers: bool = True) -> str:
    """Every answer's words, the personas' too: what the owner has told about the business (``customers``: with
    the answer naming who the customers are)."""
    return " ".join(_answers(profile, customers))


def _how_it_works(profile: Profile) -> str:
    """The answers that tell how the business works (what it is and offers, the journey, the stages and channels in
    the owner's words), without the problems, goals and frustrations, which tell what goes wrong or is wanted."""
    parts = [profile.description, profile.offering, profile.journey, *profile.channel_notes.values(), *profile.notes,
             *(s.name for s in profile.stages if s.name.casefold() != s.base.casefold())]
    parts += [p.description for p in profile.personas]
    return " ".join(part for part in parts if part)


def _answers(profile: Profile, customers: bool = True) -> list[str]:
    """Every answer, one string each (see :func:`_all_answers`)."""
    parts = [profile.description, profile.offering, profile.customers if customers else "", profile.journey, profile.goal,
             *profile.channels, *profile.channel_notes.values(), *profile.notes, *profile.problems,
             *(s.name for s in profile.stages if s.name.casefold() != s.base.casefold())]  # stages in their words
    for p in profile.personas:
        parts += [p.description, *p.goals, *p.frustrations, *p.channels, p.quote, *p.notes]
    return [part for part in parts if part]


def _two_sided(profile: Profile, business_model: str) -> bool:
    """A platform between two sides: said so, or personas on both sides (a seller and a buyer)."""
    if business_model in ("marketplace", "C2C"):
        return True
    if kinds.is_two_sided(" ".join([profile.description, profile.offering, profile.customers])):
        return True
    sides = {st.side_of(f"{p.name} {p.description}") for p in profile.personas}
    return {"provider", "customer"} <= sides


def _pick_model(kb: Knowledge, kind: str, industry_key: str, industry: Industry | None, bm: str, journey_key: str | None) -> StageModel:
    prefer = kb.vocab.journeys[journey_key].prefer if journey_key else []
    best, best_score = None, float("-inf")
    for key, model in kb.stage_models.items():
        score = 0.0
        if model.kinds:
            score += 20 if kind in model.kinds else -100
        if industry and industry.stage_model == key:
            score += 6
        if industry_key in model.industries:
            score += 3
        if model_among(bm, model.business_models):
            score += 2
        if key in prefer:
            score += 4
        if score > best_score:
            best, best_score = model, score
    assert best is not None
    return best


def _stated_channels(profile: Profile) -> list[StatedChannel]:
    """The channels the user named (the business's, then each persona's), once each: a persona's "email"
    is the business's "Email orders" (:func:`channel_items.near`); a persona's channel the owner says the business
    has not ("we've got no Facebook") is none of the business's."""
    out: list[StatedChannel] = []
    # A model that read the channels from a vague answer ("the usual ones") named them, not the user.
    business = profile.sources.get("channels") == "inferred"
    personas = profile.sources.get("persona_channels") == "inferred"
    # a channel the owner says the business has not ("no Facebook") is not the business's because a customer uses it
    denied = channels_said_missing([t for t in (profile.description, profile.offering, profile.journey,
                                                *profile.channels, *profile.channel_notes.values(), *profile.notes)
                                    if t])
    for raw, guessed, own in [(c, business, True) for c in profile.channels] + \
            [(c, personas, False) for p in profile.personas for c in p.channels]:
        said = resolve_channel(raw, profile.channel_notes.get(raw, ""))
        if said is None or any(near((c.name, c.key), (said.name, said.key)) for c in out) \
                or (not own and said.key in denied) or place_of(said, [(c.name, c.key) for c in out]):
            continue  # a persona's "in person" at a business with a shop is the shop
        key = said.key
        if key == "word-of-mouth" and _REFERRAL.search(raw) and _referred_by_someone(profile):
            key = "referrer"  # a food bank's "referrals" are an agency's, a GP's, a school's: no friend recommends
            if re.fullmatch(r"\s*referrals?\s*", said.name, re.I):
                said = SaidChannel("Referring agencies", key, said.note)  # no "Referral from Referrals"
        out.append(StatedChannel(said.name[:MAX_NAME], key, guessed=guessed))
    return out


_REFERRAL = re.compile(r"\b(?:referral|referrals|referred|refer)\b", re.I)


def _referred_by_someone(profile: Profile) -> bool:
    """Whether the answers say customers are referred by someone who sends them (an agency, a GP, a school: the
    ``referrer`` channel's words), not by friends: "families in crisis referred by an agency, GP or school"."""
    from cjm_assistant.knowledge.detect import detect_channel_keys

    return any(key == "referrer" for text in (profile.description, profile.offering, profile.customers,
                                              profile.journey, *profile.channels, *profile.notes)
               for key, _ in detect_channel_keys(text or ""))


def resolve_channel(raw: str, note: str = "") -> SaidChannel | None:
    """A channel name as the map shows it, with its catalogue key (the same reading as the interview's); what
    the owner said of it (``note``) may tell whose it is ("the piano shop; they recommend me" is a referrer)."""
    said, _ = read_channels(raw)
    if said and note and (with_note := read_channels(f"{raw} ({note.replace(';', ',')})")[0]):
        if with_note[0].key == "referrer" and said[0].key != "referrer":
            return SaidChannel(said[0].name, "referrer", said[0].note)
    if said and said[0].key is None and note:  # "Cambs Times" is the paper that "an ad in the Cambs Times" names
        known = next((c.key for c in read_channels(note)[0] if c.key and near(c, said[0])), None)
        if known:
            return SaidChannel(said[0].name, known, said[0].note)
    if said:
        return said[0]
    name = clean_name(raw)[:MAX_NAME]
    return SaidChannel(name, channel_key(name)) if name else None


_CUT = re.compile(r"\s+(?:for|to|with|in|from|that|which|who|at|on|by|made|including)\s+|[;(:.!?]|\s[-–—]\s", re.I)


#: Words that make an answer too vague (or too much a sentence) to put into a template sentence.
_NOT_A_NAME = {"mostly", "mainly", "usual", "stuff", "things", "various", "everything", "anything", "dunno",
               "etc", "really", "basically", "kinda", "sort", "whatever", "lots", "bits", "we", "they", "people",
               "you", "i", "our", "us", "it"}


#: A price said beside what is sold: "£38", "from £40", "for £360 each", "at $25/hour"
_PRICE = re.compile(r"\s*(?:\b(?:from|for|at|only|just)\s+)?[£$€]\s?\d[\d,.]*(?:\s*(?:k|each|pp|an?\s+hour|per\s+\w+|/\s*\w+))?",
                    re.I)


def _short_offering(offering: str, kb: Knowledge) -> str:
    """What is sold, as a short noun phrase for templates ("custom cakes"); "" when the answer is vague
    ("flowers, mostly") or a sentence ("people list their furniture..."): then nothing of it is pasted."""
    if not offering.strip():
        return ""
    offering = _PRICE.sub("", offering)  # "hour lessons £38, block of 10 for £360": what is sold, not its prices
    short = _CUT.split(clean_name(offering))[0].strip(" ,")
    words = short.split()
    if len(words) > 6 or not words or set(tx.words(clean_name(offering))[:12]) & _NOT_A_NAME:
        return ""
    if len(_CUT.split(clean_name(offering))) == 1 and "," in offering and len(offering.split()) <= 3:
        return ""  # "flowers, mostly": a word and a hedge
    items = split_list(short)
    if len(items) >= 3:
        # a list of what is sold ("return trips, bikes carried, parcels"): its first item names it in a sentence,
        # never the list pasted whole ("first purchase of return trips, bikes carried, parcels")
        short = items[0]
    return _sentence_case(short, kb)


def _sentence_case(text: str, kb: Knowledge) -> str:
    """Lower-case the first letter of "Custom cakes", but not "English courses" or "SaaS"."""
    if not text:
        return text
    first = text.split()[0]
    keep = first.casefold().strip(",.") in kb.vocab.capitalised_words or any(c.isupper() for c in first[1:])
    return text if keep else text[:1].lower() + text[1:]
