"""Where a part of a comment belongs on one map: a stage, a pain point, and how sure that is.

Each stage is a document made of everything the map says about it, each lane
weighted: its name (3), goal (1.5), actions (1), touchpoints (1.5) with their
channels (1) and descriptions (0.5), thoughts (1), pain points (1.5) with
their descriptions (0.5), opportunities (0.75). KPIs are left out: they are the
business's measures ("first response time"), not words customers write. Each pain point
is a document too: its name (2), description (1), its touchpoint (0.5) and
the opportunities that answer it (0.5).

Terms (:mod:`.words`) are weighted TF-IDF-like from the map itself: a term in
every stage says nothing about which stage (its weight ``ln((N+1)/df)`` is
near 0), one in a single stage says much. A part's score for a document is
BM25 (term weights saturate, long stages do not win by length); a term that
only shares its first six letters ("delivered", "delivery") counts half.

Stages also get the words of the journey phases their names point to (the
playbook's general knowledge: a delivery stage hears "courier", "parcel"),
weighted 0.4.

Confidence is the winner's softmax share among the candidates, damped when
the winner's own score is weak: ``share * (1 - exp(-s1 / SURE_AT))``.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from dataclasses import dataclass, field

from cjm_assistant.domain.model import JourneyMap

from . import words as w
from .phases import stage_phase_words
from .wayfinding import about_finding

K1, B = 1.2, 0.5  # BM25
SURE_AT = 1.6  # a winner scoring this much is ~63% sure when nobody else scores
SPREAD = 1.0  # softmax temperature over the candidates' scores
LOOSE = 0.5  # a prefix match counts this much of an exact one
LANES = {"name": 3.0, "goal": 1.5, "action": 1.0, "touchpoint": 1.5, "channel": 1.0, "tp_note": 0.5,
         "backstage": 0.3, "thought": 1.0, "pain": 1.5, "pain_note": 0.5, "opportunity": 0.75, "opp_note": 0.5,
         "kpi": 0.0, "phase": 0.4}
PAIN_LANES = {"name": 2.0, "description": 1.0, "touchpoint": 0.5, "opportunity": 0.5, "family": 0.5}
NEUTRAL_LANES = ("name", "goal", "action", "touchpoint", "channel", "tp_note", "backstage", "kpi")
OWN_LANES = ("name", "action", "touchpoint", "channel", "tp_note", "backstage")  # the business's things and steps


@dataclass
class Doc:
    """One stage or pain point as weighted terms, with the map's own words for each (for "why")."""

    weights: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    loose: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    shown: dict[str, str] = field(default_factory=dict)  # term -> the map's word
    length: float = 0.0

    def add(self, text: str, weight: float) -> None:
        for word in w.raw_words(text):
            t = w.term(word)
            if not t:
                continue
            self.weights[t] += weight
            self.shown.setdefault(t, word)
            if p := w.prefix(t):
                self.loose[p] += weight
            self.length += weight


@dataclass
class Hit:
    """A document's score for a part, and the terms they share (the map's words)."""

    index: int
    score: float
    shared: list[str]


def bm25(doc: Doc, terms: set[str], idf: dict[str, float], avg: float) -> Hit | None:
    """A document's BM25 score for a set of terms (``idf`` holds terms and, for loose matches, prefixes)."""
    norm = K1 * (1 - B + B * doc.length / avg) if avg else K1
    score = 0.0
    shared: list[str] = []
    for t in sorted(terms):  # a fixed order: the float sum is the same whatever PYTHONHASHSEED is
        weight, key, factor = doc.weights.get(t, 0.0), t, 1.0
        if not weight:
            key = w.prefix(t)
            weight, factor = (doc.loose.get(key, 0.0), LOOSE) if key else (0.0, 0.0)
        if weight <= 0:
            continue
        score += factor * w.topical(t) * idf.get(key, 0.0) * weight * (K1 + 1) / (weight + norm)
        shared.append(doc.shown.get(t) or t)
    return Hit(-1, score, sorted(shared)) if score > 0 else None


def confidence(scores: list[float]) -> float:
    """How sure the best of ``scores`` is: its softmax share (temperature :data:`SPREAD`), damped when the
    best score itself is weak (``1 - exp(-best / SURE_AT)``)."""
    if not scores:
        return 0.0
    best = max(scores)
    if best <= 0:
        return 0.0
    share = 1.0 / sum(math.exp((s - best) / SPREAD) for s in scores)
    return round(share * (1 - math.exp(-best / SURE_AT)), 3)


class MapIndex:
    """A map's stages and pain points as documents; :meth:`stages` and :meth:`pains` score a part."""

    def __init__(self, journey: JourneyMap):
        self.journey = journey
        self.stage_ids = [s.id for s in journey.stages]
        self.stage_docs: list[Doc] = []
        self.pain_ids: list[str] = []
        self.pain_stage: dict[str, int] = {}
        self.pain_docs: list[Doc] = []
        self.pain_own: list[dict[str, float]] = []  # a pain point's name and description only
        self.pain_kinds: list[frozenset[str]] = []  # the kinds of fault those name (:func:`fault_kinds`)
        self.pain_negated: list[frozenset[str]] = []  # terms its name or description negates ("Can't book online")
        lane_weight: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))  # lane kind -> term
        by_pain_answer: dict[str, list[str]] = defaultdict(list)
        for stage in journey.stages:
            for op in stage.opportunities:
                for pp in op.addresses:
                    by_pain_answer[pp].append(op.name)
        tp_names = {tp.id: tp.name for _, tp in journey.touchpoints()}
        phase_words = stage_phase_words(journey)
        family_words = stated_pain_families(journey)
        self.pain_family: list[frozenset[str]] = []  # the words of the problem a stated pain point names
        self.pain_stated: list[bool] = []  # whether the owner stated it (not inferred, not from evidence)
        self.pain_finding: list[bool] = []  # whether it is about finding the place (:func:`.wayfinding.about_finding`)
        self.family_docs: list[Doc] = []  # each pain point's document with those words (:meth:`pains_named`)
        for i, stage in enumerate(journey.stages):
            doc = Doc()
            for pp in stage.pain_points:
                self.pain_ids.append(pp.id)
                self.pain_stage[pp.id] = i
                pdoc = Doc()
                pdoc.add(pp.name, PAIN_LANES["name"])
                pdoc.add(pp.description or "", PAIN_LANES["description"])
                self.pain_own.append(dict(pdoc.weights))
                self.pain_kinds.append(fault_kinds(pdoc.weights))
                self.pain_negated.append(frozenset(w.negated_terms(pp.name)[1]) |
                                         frozenset(w.negated_terms(pp.description or "")[1]))
                if pp.touchpoint and pp.touchpoint in tp_names:
                    pdoc.add(tp_names[pp.touchpoint], PAIN_LANES["touchpoint"])
                for name in by_pain_answer.get(pp.id, []):
                    pdoc.add(name, PAIN_LANES["opportunity"])
                self.pain_docs.append(pdoc)
                family = family_words.get(pp.id, ())
                fdoc = Doc(defaultdict(float, pdoc.weights), defaultdict(float, pdoc.loose), dict(pdoc.shown),
                           pdoc.length)
                for word in family:
                    fdoc.add(word, PAIN_LANES["family"])
                self.family_docs.append(fdoc)
                self.pain_stated.append(pp.provenance == "user")
                # about finding the place ("Hard to find us", "Customers can't find the entrance"): backed only by
                # parts about finding the place, and the one such parts back (:mod:`.wayfinding`)
                self.pain_finding.append(about_finding(f"{pp.name}. {pp.description or ''}"))
                self.pain_family.append(frozenset(t for word in family for t in w.terms(word)))
            texts = w.stage_texts(stage) + [("kpi", k.name) for k in getattr(stage, "kpis", [])]
            texts += [("phase", kw) for kw in phase_words.get(i, ())]
            for lane, text in texts:
                doc.add(text, LANES[lane])
                for t in w.terms(text):
                    lane_weight[lane][t] += LANES[lane]
            self.stage_docs.append(doc)
        self.stage_idf = _idf(self.stage_docs)
        self.pain_idf = _idf(self.pain_docs)
        self.stage_avg = sum(d.length for d in self.stage_docs) / max(1, len(self.stage_docs))
        self.pain_avg = sum(d.length for d in self.pain_docs) / max(1, len(self.pain_docs))
        self.family_idf = _idf(self.family_docs)
        self.family_avg = sum(d.length for d in self.family_docs) / max(1, len(self.family_docs))
        pain_terms = set(lane_weight["pain"])
        neutral = set().union(*(lane_weight[lane] for lane in NEUTRAL_LANES))
        # the words only the map's pain points use ("cash" in "Can't pay cash"): what its problems are about
        self.pain_only_terms = frozenset(pain_terms - neutral)
        # a word a pain point negates ("Patch test rule not explained") is what customers want, not a problem
        self.problem_terms = self.pain_only_terms - set().union(*self.pain_negated)
        self.own_terms = frozenset().union(*(lane_weight[lane] for lane in OWN_LANES))
        self.service_stage = service_stage(journey)
        # the words of the trade (the industry: "Dog grooming"): every row of its feedback is about them
        self.trade_terms = frozenset(w.terms(getattr(getattr(journey, "business", None), "industry", "") or ""))
        # ...and the words the business says of itself (its name and its one-line description, not the list of all it
        # offers): what its rows are about, not which fault ("dress" for a dressmaker of wedding dresses)
        business = getattr(journey, "business", None)
        self.business_terms = self.trade_terms | frozenset(w.terms(" ".join(
            getattr(business, key, "") or "" for key in ("name", "description"))))

    def stages(self, terms: set[str]) -> list[Hit]:
        """Every stage's score for a part's terms (stages that share nothing score 0)."""
        return _score_all(self.stage_docs, terms, self.stage_idf, self.stage_avg)

    def pains(self, terms: set[str]) -> list[Hit]:
        """Every pain point's score for a part's terms, in map order."""
        return _score_all(self.pain_docs, terms, self.pain_idf, self.pain_avg)

    def pains_named(self, terms: set[str]) -> list[Hit]:
        """Every pain point's score for a part's terms, a stated pain point also heard in the words of the problem
        it names (:func:`stated_pain_families`): which pain point a part backs, never where it goes."""
        return _score_all(self.family_docs, terms, self.family_idf, self.family_avg)

    def denies(self, pain: int, terms: set[str], absent: set[str]) -> bool:
        """Whether a part speaks of a pain point only to say it did not happen: the words naming the problem
        that the two share (terms only pain points use) are all among ``absent`` (the part's negated problem
        words: "never felt rushed" against "Rushed consultation") and none is negated in the pain point
        itself. "No prices" against "Prices not shown" is a missing thing, not an absent problem: it agrees."""
        problem = {t for t in terms if t in self.pain_docs[pain].weights and t in self.problem_terms}
        return bool(problem) and all(t in absent and t not in self.pain_negated[pain] for t in problem)

    def fault_terms(self, pain: int, terms: set[str]) -> set[str]:
        """The terms a part shares with a pain point's document that may say which fault it is: not the words of
        the trade (a dog groomer's "dog", "groom")."""
        doc = self.pain_docs[pain]
        return {t for t in terms if (t in doc.weights or (w.prefix(t) and w.prefix(t) in doc.loose))
                and t not in self.trade_terms}

    def backs(self, pain: int, terms: set[str], negated: set[str] = frozenset(),
              faults: set[str] = frozenset(), sought: set[str] = frozenset()) -> bool:
        """Whether a part shares enough with a pain point to be about the same fault: two of its words
        (:meth:`fault_terms`), or one that is not a word of every journey (:func:`common`). "Booked for 9am"
        shares only "book" with "Wants to book online", "Had to take the day off" only "day" with "Has to be on
        calls all day": an incidental word, not the fault. A word both negate (``negated``: the part's negated
        terms) is the fault itself, however common: "No prices on here" for "No prices on Instagram".

        ``faults``: the terms of the part's own complaint words ("refused", "crashed"). When the one word shared
        is what the business says it offers ("dress" for a dressmaker) and the part names its fault in a word
        the pain point does not use ("they refused to make my dress" against "Dress not ready in time"), the two
        are about the same thing, not the same fault: no backing, unless the two name a kind of fault in common
        (:data:`FAULT_KINDS`: "Got lost, no signs to the barn" for a pottery in a barn, "The barn is hard to find").
        Nor when the one word shared is who served (:data:`WHO`: "driver") and the part speaks of their manner
        (:data:`MANNER`: "rude") where the pain point does not: the same person, another fault ("Driver was rude"
        is not "Drivers turn up outside the window";
        "The driver was late again" still is, and "Driver was rude" backs "Drivers are rude to staff").

        ``sought``: the terms of what the part says the customer looked for (:func:`.focus.sought`). When the one
        word shared is the looking (:data:`SEEKING`: "find") and the part names what was sought, a thing the pain
        point does not name, the fault is that thing: "Couldn't find any prices on Instagram" is no evidence of "Hard
        to find online" ("Couldn't find you on Google" still is).

        Nor when the one word shared is hearing (:data:`HEARING`) and the part does not negate it: "Heard about it on
        the radio" and "it's hard to hear the altos" say what was heard, not that supporters "don't hear what their
        money achieved". Nor when the part and the pain point (its name and description) each name a kind of fault
        (:data:`FAULT_KINDS`) and no kind is in both: the one word shared is the thing, the faults differ. "Hall is
        freezing in winter" (the cold) and "No step-free access to the hall, I struggle with the stairs" (getting in)
        are not "The hall is hard to find" (the way there); "Got lost, there are no signs to the hall" is."""
        fault = self.fault_terms(pain, terms)
        if len(fault) != 1:
            return len(fault) > 1
        (t,) = fault
        doc = self.pain_docs[pain]
        if t in SEEKING and sought and not any(s in doc.weights or (w.prefix(s) and w.prefix(s) in doc.loose)
                                               for s in sought):
            return False  # "Couldn't find any prices" against "Hard to find online": the prices were sought
        said, named = fault_kinds(terms), self.pain_kinds[pain]
        if said and named and not said & named:
            return False  # "Hall is freezing in winter" is not "The hall is hard to find": the hall, another fault
        if t in self.business_terms and not said & named and any(
                f not in doc.weights and not (w.prefix(f) and w.prefix(f) in doc.loose) for f in faults):
            return False
        if t in WHO and terms & MANNER and not self.pain_docs[pain].weights.keys() & MANNER:
            return False  # "Driver was rude to our housekeeper" is not "Drivers turn up outside the agreed window"
        if t in HEARING and t not in negated:
            return False  # "Heard about it on the radio" is not "Supporters don't hear what their money achieved"
        return not common(t) or (t in negated and t in self.pain_negated[pain])

    def only_who(self, pain: int, terms: set[str]) -> bool:
        """Whether all a part shares with a pain point is who served the customer (:data:`WHO`): "Thank you to Gary
        the driver, always cheerful" and "Drivers turn up outside the agreed window" share the driver, not the
        fault, so the praise says nothing against that problem."""
        fault = self.fault_terms(pain, terms)
        return len(fault) == 1 and not fault.isdisjoint(WHO)

    def coverage(self, pain: int, terms: set[str], named: bool = False) -> float:
        """The share of a pain point's own words (name and description, IDF-weighted) a part's terms cover."""
        own = self.pain_own[pain]
        total = sum(self.pain_idf.get(t, 0.0) * wt for t, wt in own.items())
        # a part in the words of the problem a stated pain point names ("the box was torn" for "Postage damage")
        # covers it as its own words would
        named = named and bool(self.pain_family[pain] & terms)
        got = sum(self.pain_idf.get(t, 0.0) * wt for t, wt in own.items()
                  if t in terms or named or (w.prefix(t) and w.prefix(t) in {w.prefix(x) for x in terms}))
        return got / total if total else 0.0


#: Words for the people who serve a customer ("the driver", "our instructor"): shared alone with a pain point, they
#: say who was there, not what went wrong
WHO = frozenset(w.terms("driver drivers courier instructor teacher tutor trainer coach engineer technician fitter "
                        "installer plumber electrician mechanic stylist barber artist groomer apprentice receptionist "
                        "cleaner waiter waitress porter nurse doctor vet dentist therapist crew lad lads guy guys "
                        "operative operatives carer carers volunteer volunteers"))
#: Verbs of looking for something: shared alone with a pain point, they say that something was sought, not what
SEEKING = frozenset(w.term(x) for x in ("find", "search", "locate") if w.term(x))
#: Words for how someone behaved towards the customer (their manner), as against what they did or when
MANNER = frozenset(w.terms("rude rudely abrupt curt dismissive condescending patronising patronizing unhelpful "
                           "offhand surly grumpy arrogant impolite unfriendly unprofessional aggressive sarcastic "
                           "snappy snapped shouted swore attitude manner manners polite courteous friendly"))

#: Verbs of hearing: shared alone with a pain point, they say that something was heard, not what went wrong
HEARING = frozenset(w.terms("hear heard hears hearing"))
#: The kinds of fault customers of any business report, each in the words they use for it (general service English,
#: never a word of one trade). Two texts that name a fault each, and no kind of fault in common, name two faults,
#: whatever thing they share ("The hall is freezing" and "The hall is hard to find"). A word may be of two kinds
#: ("freezing": the cold, or a screen that stops).
FAULT_KINDS = {kind: frozenset(w.terms(words)) for kind, words in {
    "the way there": "find finding lost signs signposted signposting signage directions entrance satnav postcode",
    "the cold or heat": "cold freezing chilly heating heater draughty draught boiling stuffy hot lukewarm tepid "
                        "temperature aircon",
    "getting in": "stairs stair wheelchair ramp ramps accessible accessibility disabled mobility pushchair pram",
    "shut": "locked lock closed shut",
    "noise": "noise noisy loud echo echoey acoustics",
    "money": "price prices pricey expensive overpriced cost costs charge charged charges fee fees overcharged "
             "overcharge pricier dearer",
    "dirt": "dirty filthy grubby stained stains smelly smell smells mouldy mould dusty dust streaks streaky smears "
            "mess messy",
    "a fault in a machine": "broken broke crashed crashes crashing error errors disconnects disconnecting glitch "
                            "glitchy freezing freezes",
    "waiting, or no word": "late wait waiting waited delay delayed delays slow ages overdue queue queues "
                           "answer answered unanswered reply replies replied respond response ignored voicemail "
                           "engaged update updates updated chase chased chasing",
    "water": "leak leaks leaking leaked damp wet soaked soaking flooded flooding dripping drips",
    "wear": "worn knackered tatty shabby uncomfortable damaged cracked chipped torn dented scratched peeling",
}.items()}


def fault_kinds(terms) -> frozenset[str]:
    """The kinds of fault (:data:`FAULT_KINDS`) a text's terms name."""
    terms = set(terms)
    return frozenset(kind for kind, words in FAULT_KINDS.items() if terms & words)


COMMON_AT = 0.075  # a term in this share (1 in 13) of the playbook's texts is a word of every journey


def common(t: str) -> bool:
    """Whether a term is a word of every journey: :data:`COMMON_AT` of the playbook's texts for all trades use it
    (its pain points, opportunities, remedies, stages and steps: "book", "call", "day", "time", "price", "wait"),
    or a word for the whole of it (:data:`WHOLE`)."""
    counts, total = catalogue_counts()
    return t in WHOLE or counts.get(t, 0) >= COMMON_AT * total


#: Words a customer sums up the whole experience with ("Fantastic service, really.", "the staff were lovely"): alone
#: they say which business, not which fault ("Chefs can't be without their knives during service" is not backed)
WHOLE = frozenset(w.terms("service experience staff team place company business"))


@functools.cache
def catalogue_counts() -> tuple[dict[str, int], int]:
    """(term -> how many of the playbook's texts use it, how many texts there are): each pain point, opportunity,
    remedy, stage of a stage model and journey step of ``knowledge/data`` is one text, with all its words."""
    import tomllib

    from cjm_assistant.knowledge.catalogue import DATA_DIR

    docs: list[str] = []

    def walk(node, depth: int) -> None:
        if isinstance(node, dict):
            if depth and any(isinstance(v, str) for v in node.values()):
                docs.append(" ".join(_strings({k: v for k, v in node.items() if not isinstance(v, dict) and not
                                               (isinstance(v, list) and v and isinstance(v[0], dict))})))
            for v in node.values():
                walk(v, depth + 1)
        elif isinstance(node, list):
            for v in node:
                walk(v, depth + 1)

    for name in ("pain_points", "stage_models", "steps", "opportunities", "remedies"):
        walk(tomllib.loads((DATA_DIR / f"{name}.toml").read_text(encoding="utf-8")), 0)
    counts: dict[str, int] = defaultdict(int)
    for doc in docs:
        for t in set(w.terms(doc)):
            counts[t] += 1
    return dict(counts), len(docs)


def _strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [s for x in node for s in _strings(x)]
    if isinstance(node, dict):
        return [s for x in node.values() for s in _strings(x)]
    return []


def _score_all(docs: list[Doc], terms: set[str], idf: dict[str, float], avg: float) -> list[Hit]:
    out = []
    for i, doc in enumerate(docs):
        hit = bm25(doc, terms, idf, avg)
        out.append(Hit(i, hit.score, hit.shared) if hit else Hit(i, 0.0, []))
    return out


def _idf(docs: list[Doc]) -> dict[str, float]:
    """``ln((N + 1) / df)`` of every term, and of every prefix (for loose matches), over ``docs``."""
    n = len(docs)
    df: dict[str, int] = defaultdict(int)
    loose: dict[str, int] = defaultdict(int)
    for doc in docs:
        for t in doc.weights:
            df[t] += 1
        for p in doc.loose:
            loose[p] += 1
    out = {p: math.log((n + 1) / c) for p, c in loose.items()}
    out.update({t: math.log((n + 1) / c) for t, c in df.items()})
    return out


# the words of the moment the work itself is done, in any trade: "Work on the day", "Consultation & service",
# "Repair on site", "In class", "Tattoo session", "Moving day", "First clean"
_SERVICE = frozenset(w.term(x) for x in (
    "work", "job", "service", "session", "treatment", "visit", "class", "lesson", "lessons", "repair", "fix",
    "clean", "cleans", "install", "fitting", "site", "day", "move", "moving", "stay", "delivery", "consultation",
    "appointment") if w.term(x))
# ...and of the moments before or after it, which a stage naming the work may still be about ("Book an
# appointment", "Find a class", "Pay for the clean", "Wait for the van", "Arrive & drop off")
_NOT_SERVICE = frozenset(w.term(x) for x in (
    "find", "book", "booking", "pay", "payment", "order", "quote", "enquire", "choose", "invoice", "bill", "report",
    "after", "aftercare", "wait", "waiting", "arrive", "arrival", "drop") if w.term(x))


def stated_pain_families(journey: JourneyMap) -> dict[str, tuple[str, ...]]:
    """Pain point id -> the keywords of the catalogue problem a pain point the owner stated names (the playbook's
    general knowledge: "Postage damage" is the problem of goods arriving damaged, which customers tell in words
    such as "crushed", "torn", "soaked"). An owner's pain point is a few words of their own; an inferred one
    already comes with the catalogue's description."""
    from cjm_assistant.knowledge.catalogue import load

    from .phases import linked_entries

    kb = load()
    stated = {pp.id for _, pp in journey.pain_points() if pp.provenance == "user"}
    return {pp: tuple(kb.pain_points[key].keywords) for pp, key in linked_entries(journey).items()
            if pp in stated and key in kb.pain_points}


def service_stage(journey: JourneyMap) -> int | None:
    """The stage where the business does the work, or None when no stage does, or two do equally: where praise of
    the people or of the work goes when it names no moment of its own.

    A stage whose name speaks of a moment before or after the work ("Book an appointment", "After the fitting",
    "Pay for the clean") is none. Of the others, the one whose name, goal and actions name the work wins, by the
    words of the work in any trade (:data:`_SERVICE`) and by what the business says it does (its industry and
    description: "Hand car wash and valeting" names "Wash & valet", "Mobile tyre fitting" names "Tyres fitted");
    a stage named as the first or a trial time ("Trial lesson", "First clean") gives way to the one that goes on
    ("Weekly lessons"), where most of the work is done."""
    from .stagemodel import _FIRST_NAME, stage_moments

    business = getattr(journey, "business", None)
    does = set(w.terms(f"{getattr(business, 'industry', '') or ''} {getattr(business, 'description', '') or ''}"))
    scored = []
    for i, stage in enumerate(journey.stages):
        name = set(w.terms(stage.name))
        moments = stage_moments(stage.name)
        if name & _NOT_SERVICE or (moments and max(moments, key=moments.get) != "during"):
            continue
        score = (3 * len(name & _SERVICE) + len(set(w.terms(stage.goal)) & _SERVICE)
                 + 0.5 * len(set(w.terms(" ".join(a.text for a in stage.actions))) & _SERVICE)
                 + 2 * min(2, len(name & does)))
        if score > 0 and set(w.raw_words(stage.name)) & _FIRST_NAME:
            score -= 2
        if score > 0:
            scored.append((score, i))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]
