"""Which stage a part of a comment is about: a small model over features of each stage's whole content.

For every (part, stage) pair :func:`features` reads a few explainable signals (:data:`FEATURES`):

* how much the part shares with the stage as a whole (BM25 over every lane, :mod:`.placement`), relative to
  the best stage, and whether this stage is the best;
* what it shares lane by lane: the stage's name, goal, actions, touchpoints with their channels, thoughts,
  pain points with their descriptions, opportunities, and the words of the journey phases its name points to.
  Each shared term counts by how few stages use it (``ln((N+1)/df)`` over the map's stages) and by how
  topical it is (a sentiment word says how it went, not what about); a term that only shares its first six
  letters counts half;
* where the stage is: the first, the last, and whether the part is praise on the first stage (praise of the
  people or the work landing on "Find..." by a word in passing);
* the moment the part speaks of, against the moment of the stage: before the service (finding, asking,
  comparing), booking or buying, paying, during it (the visit, the delivery, the use) and after it (follow-up,
  support, renewal). The part's moments come from the playbook's phase words and a few time cues ("when I
  booked", "afterwards", "the next day"); the stage's from :func:`.phases.stage_phases`;
* what a part says the bill came to against the price said before ("charged £91, not what I was quoted", "VAT
  on top of the quote"), against the payment stage (it is about paying, not about the quote);
* the stage where the business does the work (:func:`.placement.service_stage`), and whether the part praises
  or reports the people or the work without naming another moment; the service stage and praise on a stage of the
  service's moment count only for a part that names no moment but the stage's own (:func:`names_other_moment`);
* how well the part fits one of the stage's pain points (a complaint and otherwise apart).

A linear score per stage and a score for *no stage* (:data:`NONE`) make a softmax; the part goes to the stage
the model finds likeliest when its probability reaches the fitted threshold, otherwise it stays unplaced for
the user. The weights, the threshold and how they were fitted are in ``placement.json``, written by
``bench/fit_placement.py`` (pure Python, deterministic, leave-one-case-out printed) from tests/dev/evidence.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from cjm_assistant.knowledge import text as tx

from . import words as w
from .clauses import NEGATIVE, POSITIVE

WEIGHTS_FILE = Path(__file__).with_name("placement.json")
LANE_FEATURES = ("name", "goal", "action", "touchpoint", "thought", "pain", "opportunity", "phase")
MOMENTS = ("before", "book", "pay", "during", "after")
FEATURES = ("bm25", "relative", "top", "name_rare", *LANE_FEATURES, "first", "last", "first_praise",
            *(f"moment_{m}" for m in MOMENTS), "charged", "price_gap", "service", "service_people", "during_plain", "during_praise",
            "during_people", "recurring", "pain_complaint", "pain_other")
NONE = "none"  # the name of the score of no stage (its bias)
# ...and what else it weighs: no word placed, how many, a question, an errand (a contact detail, a newsletter),
# praise or a complaint
NONE_FEATURES = ("none_empty", "none_terms", "none_weak", "none_question", "none_errand", "none_overall",
                 "none_praise", "none_complaint", "none_asks_new", "none_whole_praise")
SURE_AT = 1.6  # none_weak: exp(-best BM25 / SURE_AT), 1 when the part shares nothing with any stage
# the lanes of :class:`.placement.MapIndex` each lane feature reads
_LANE_OF = {"name": "name", "goal": "goal", "action": "action", "touchpoint": "touchpoint", "channel": "touchpoint",
            "tp_note": "touchpoint", "backstage": "touchpoint", "thought": "thought", "pain": "pain",
            "pain_note": "pain", "opportunity": "opportunity", "opp_note": "opportunity", "phase": "phase"}
# the journey phases (the playbook's, :mod:`.phases`) by the moment of the service they are
_PHASE_MOMENT = {"discover": "before", "research": "before", "enquire": "before", "list": "before",
                 "compare": "before", "decide": "before", "book": "book", "buy": "book", "join": "book",
                 "pay": "pay", "payout": "pay", "prepare": "during", "onboard": "during", "receive": "during",
                 "visit": "during", "use": "during", "hand-back": "after", "support": "after", "claim": "after", "renew": "after",
                 "advocate": "after", "follow-up": "after"}
# the words a stage's name uses for each moment of a service, in any trade ("Find a salon", "Get a quote",
# "Book the date", "Pay & rebook", "Repair on site", "Moving day", "Aftercare & snags"); a name that uses none
# is read by the playbook's phases (:func:`.phases.stage_phases`)
_NAME_MOMENT = {
    "before": "find search discover choose compare enquire enquiry enquiries contact quote quotes survey estimate "
              "research browse hear heard design plan select shortlist pick trial price prices",
    "book": "book booking booked appointment order ordering reserve reservation schedule sign join enrol enrolment "
            "register registration request report call-out date confirmed",
    "pay": "pay paying payment invoice invoices bill billing fee fees deposit checkout account accounts paperwork "
           "certificate",
    "during": "visit arrive arrival check drop wait session service class lesson lessons stay clean cleans cleaning "
              "wash valet repair repairs fix work job collection collect delivery deliver pickup packing moving move "
              "install installation treatment play eat use print pressing briefing game day site room practice "
              "consultation examination exam tattoo fitting fitted unload unpack event show tour course",
    "after": "aftercare after follow review feedback claim claims complaint complaints problem sorted snag snags "
             "healing rebook renewal renew next back return returns reorder debrief support membership vouchers "
             "again",
}
# cues of time a customer gives beside the phase words: "when I first rang", "afterwards", "the next day"; a bare
# "next week" or "next day" counts from the day of writing ("booked in for next week", "ready next day"): what is
# still to come, or how fast, not a moment after the service
_TIME_CUES = {
    "before": re.compile(r"\b(?:when (?:i|we) (?:first )?(?:rang|called|phoned|enquired|emailed|messaged|searched|"
                         r"looked|found)|first (?:contact|rang|called|got in touch)|initial(?:ly)? (?:call|enquiry|"
                         r"contact)|before (?:i|we) (?:booked|went|decided|chose))\b", re.I),
    "book": re.compile(r"\b(?:when (?:i|we) booked|at booking|booking (?:it|in|was)|booked (?:in|online|it))\b", re.I),
    "pay": re.compile(r"£\s?\d|\b(?:paid|charged|overcharged|card machine|bank transfer|receipt)\b", re.I),
    "after": re.compile(r"\b(?:afterwards?|after ?wards|since then|ever since|the next (?:day|morning|week)|"
                        r"after (?:a |an |\d+ |one |two |three |four |a few |a couple of )?(?:days?|weeks?|months?)|"
                        r"another (?:week|month|year)|a (?:week|month) on|"
                        r"the day after|(?:days?|weeks?|months?) (?:later|after|on)|later on|follow(?:ed|ing)?[- ]?up|"
                        r"chas(?:e|ed|ing)|still (?:waiting|not|no|haven'?t|hasn'?t)|came back|went back|"
                        r"broke (?:again|down)|stopped working)\b", re.I),
}
# an errand, not an experience: a contact detail, an address, a newsletter or mailing list, a remittance
ERRAND = re.compile(r"\b(?:unsubscribe|remove me|take me off|mailing list|newsletters?|marketing (?:emails?|messages?)|"
                    r"(?:change of|new|my|our|correct) (?:(?:billing|postal|home|invoice|invoicing|registered|"
                    r"correspondence) )?(?:address|email address|phone number|number|contact details)|"
                    r"contact details|remittance|please find attached|attached (?:is|are|please)|"
                    r"po number|vat number|vacanc(?:y|ies)|my cv)\b", re.I)
# ...or a detail of the customer's account to change: "please update the billing address on my account", "I need to
# change my card details", "billing address needs changing", "I've moved house"
ACCOUNT_CHANGE = re.compile(r"\b(?:(?:change|update|amend|correct|changing|updating) (?:the |my |our |your )?"
                            r"(?:(?:billing|postal|home|invoice|invoicing|registered|correspondence|email|e-mail) )?"
                            r"(?:address|email|"
                            r"phone number|contact details|card details|bank details|payment details|account details)|"
                            r"(?:address|details) (?:needs?|want) (?:changing|updating|amending)|"
                            r"(?:i|we)(?:'ve| have)? (?:just |recently )?moved (?:house|home|address)|"
                            # the address and the move or the change asked for in one sentence: "The billing address on
                            # my invoice is wrong, I moved in May", "billing address is out of date, please change it"
                            r"address\b[^.!?]*\b(?:(?:i|we)(?:'ve| have)? (?:just |recently )?moved|(?:change|update|"
                            r"amend|correct) it)|(?:i|we)(?:'ve| have)? (?:just |recently )?moved\b[^.!?]*\baddress)\b",
                            re.I)
# ...or written out: an email address, a phone number, a postcode
CONTACT = re.compile(r"\S+@\S+\.[a-z]{2,}|\b0\d{3,4} ?\d{3} ?\d{3,4}\b|\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b")
# a verdict on the whole business, not a moment: "from start to finish", "best salon in town", "10 years with
# you", "been coming for years", "full stop", "our 6th year", "wouldn't stay anywhere else", "still our favourite"
OVERALL = re.compile(r"\b(?:(?:from )?start to finish|(?:the )?whole (?:thing|experience|process|move|job|time)|overall|"
                     r"best \w+(?: \w+)? (?:in|around|ever)|best (?:money|thing|decision)|(?:\d+|two|three|four|five|ten|"
                     r"many|a few) years|been coming|full stop|(?:would|highly|definitely) recommend|can'?t recommend|"
                     r"(?:our|my) (?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|tenth) year|"
                     r"(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|tenth) year (?:here|with you|running)|"
                     r"for years|wouldn'?t (?:go|stay|use|book|shop|come) (?:anywhere|with anyone|any ?one) else|"
                     r"still (?:our|my) (?:favourite|go-to)|never (?:go|use|book) (?:anywhere|any ?one) else)\b",
                     re.I)
# it asks for what the business does not do now, or about something beside it: "Do you do van tyres?", "Any chance
# you'll open Sundays?", "Can you start opening at 7?", "would be nice if you did X too", "thinking of adding a
# second site", "asking for a friend", "do you know anyone who..." (on no moment of the journey as it is)
ASKS_NEW = re.compile(r"\b(?:do|does|would|will|could|can) (?:you|u|they) (?:also |ever |still )?(?:do|offer|sell|stock|cover|"
                      r"know (?:anyone|anybody|if|of)|open|quote for|start)\b|\bany chance (?:you|of)\b|\bwould be "
                      r"(?:nice|good|great|handy) if (?:you|there) (?:did|had|was|were|offered|opened)\b|\basking for a "
                      r"friend\b|\bthinking (?:of|about) (?:adding|getting|switching|moving|starting)\b|\bis there (?:a|an|any) "
                      r"(?:family|group|student|trade|phone|discount)\b", re.I)
# praise of the people or the business as a whole, not of a moment: "Always lovely", "Keep up the good work",
# "Fab service as always", "Good value, friendly, would use again"
WHOLE_PRAISE = re.compile(r"\b(?:keep up the (?:good|great) work|as always|always (?:so |really |very )?(?:lovely|friendly|"
                          r"helpful|great|brilliant|fab|kind|welcoming)|would use (?:you |them )?again|"
                          r"(?:a|an absolute) (?:star|stars|pleasure|gem|credit)|(?:are|were|is) (?:absolute )?stars)\b", re.I)
# the part says the service recurs ("every time", "as always", "each week"); a stage's name says it is the
# recurring one ("Regular cleans", "Weekly lessons") or the first ("First clean", "Trial lesson")
RECURS = re.compile(r"\b(?:every (?:time|week|month|visit|fortnight|clean|lesson|class)|each (?:time|week|visit)|"
                    r"as (?:always|usual|ever)|always|every single|regular(?:ly)?|weekly|fortnightly|monthly|"
                    r"week in week out|never (?:had|once)|(?:\d+|two|three|four|five|ten|many) (?:years|months))\b", re.I)
_RECURRING_NAME = frozenset("regular regulars weekly monthly fortnightly ongoing every routine repeat recurring "
                            "termly".split())
_FIRST_NAME = frozenset("first trial initial intro introductory taster".split())
_QUESTION = re.compile(r"\?|^\W*(?:can|could|do|does|is|are|will|would|have|has) (?:you|u|i|we|there|it)\b", re.I)
# the customer was charged, billed or refunded (what the payment stage is about, more than a price quoted):
# "charged me £15", "billed twice", "the invoice", "took a week to get the refund", "VAT on top", "paid £40"
CHARGED = re.compile(r"\b(?:(?:over)?charg(?:e|ed|es|ing)|bill(?:ed|s)?|invoic(?:e|ed|es)|refund(?:ed|s)?|vat|paid|"
                     r"receipts?|card machine|direct debit|payment)\b", re.I)
# what it came to against the price said before (the payment's moment, not the quote's, whichever way it went):
# "charged £91, not what I was quoted", "VAT on top of the quote", "ended up £95 with no warning", "went to pay and
# it was...", "only found out at the very end", "no hidden fees, exactly what the website said"
PRICE_GAP = re.compile(r"\b(?:on top(?: of)?|ended up(?: at| paying| being)?|came to|went to pay|when (?:i|we) (?:went to )?"
                       r"pa(?:y|id)|at the (?:very )?end|(?:no )?hidden (?:fees?|charges?|costs?|extras?)|extra (?:charges?|"
                       r"fees?|costs?)|(?:not |exactly |more than |less than |higher than |above )(?:what (?:i|we) (?:was|were) "
                       r"quoted|what (?:the|your) (?:website|site|quote|price list|advert) said|the quote|quoted|"
                       r"advertised)|with no warning|without (?:any )?warning)\b", re.I)
_PRICE = re.compile(r"£\s?\d|\b(?:price[ds]?|pricing|quoted?|quotes|fees?|charge[ds]?|costs?|vat|bill(?:ed)?|"
                    r"extras?|paid|pay)\b", re.I)
# the people who do the work, or the work: "Sam was brilliant", "the engineer", "tidy work", "he was so patient"
PEOPLE_OR_WORK = re.compile(r"\b(?i:he|she|him|her|staff|team|crew|lads?|guys?|engineers?|stylists?|teachers?|"
                            r"instructors?|artists?|drivers?|apprentice|technicians?|work|job|workmanship)\b|"
                            r"(?<=[a-z,] )[A-Z][a-z]+\b(?! (?:[A-Z]|&))", re.M)
# ...and a moment before or after the work named ("booking was easy", "the quote", "paid", "found them")
MOMENT = re.compile(r"\b(?:book(?:ed|ing)?|quoted?|quotes|survey(?:ed)?|estimate|pa(?:y|id|yment)|invoice|bill|found|"
                    r"find|search(?:ed)?|website|app|online|order(?:ed|ing)?|deliver(?:y|ed)|arrived?|parking|reply|"
                    r"replied|rang|call(?:ed)?|email(?:ed)?|message[ds]?|text(?:ed)?|price|deposit|refund|aftercare|"
                    r"reminder)\b", re.I)


@functools.lru_cache(maxsize=50_000)
def part_moments(text: str, about: str = "") -> dict[str, float]:
    """The moments of the service a part speaks of (:data:`MOMENTS`), each 0..1: by the playbook's phase words
    (their strength, saturating) and by the time cues of :data:`_TIME_CUES`; ``about``: the row's subject or moment
    column ("12 months on"), whose moments count as the part's own where stronger (cached: read it, never change
    it)."""
    said = _moments_of(text)
    if not about:
        return said
    column = _moments_of(about)
    return {m: max(said.get(m, 0.0), column.get(m, 0.0)) for m in {*said, *column}}


def _moments_of(text: str) -> dict[str, float]:
    toks = tx.tokens(text)
    present = set(toks)
    out: dict[str, float] = defaultdict(float)
    for phase, keywords in _phase_keywords().items():
        moment = _PHASE_MOMENT.get(phase)
        if moment:
            out[moment] = max(out[moment], tx.keyword_score(toks, keywords, present))
    for moment, cue in _TIME_CUES.items():
        if cue.search(text):
            out[moment] += 1.0
    return {m: 1 - math.exp(-v) for m, v in out.items() if v > 0}


@functools.cache
def _phase_keywords() -> dict[str, tuple[str, ...]]:
    from cjm_assistant.knowledge.catalogue import load

    return {p: tuple(info.keywords) for p, info in load().vocab.phases.items()}


@dataclass
class StageFacts:
    """What the features need of a map's stages, read once per map (:meth:`of`)."""

    lanes: list[dict[str, dict[str, float]]]  # stage -> lane feature -> term -> weight
    loose: list[dict[str, dict[str, float]]]  # ...the same by prefix (loose matches)
    moments: list[dict[str, float]]  # stage -> moment -> 1 (its first phase) or 0.5 (its second)
    recurring: list[float]  # stage -> 1 (its name says it recurs), -1 (the first time) or 0
    name_idf: dict[str, float]  # a term of a stage's name -> ln((N+1)/the number of stage names that use it)
    service: int | None
    pain_stage: list[int]  # pain point (MapIndex order) -> its stage

    @classmethod
    def of(cls, index) -> StageFacts:
        from .phases import stage_phases

        journey = index.journey
        lanes, loose = [], []
        for stage in journey.stages:
            by: dict[str, dict[str, float]] = {f: defaultdict(float) for f in LANE_FEATURES}
            for lane, text in w.stage_texts(stage):
                for t in w.terms(text):
                    by[_LANE_OF[lane]][t] = 1.0
            lanes.append(by)
            loose.append({f: {w.prefix(t): 1.0 for t in terms if w.prefix(t)} for f, terms in by.items()})
        from .phases import stage_phase_words

        for i, kws in stage_phase_words(journey).items():
            for kw in kws:
                for t in w.terms(kw):
                    lanes[i]["phase"][t] = 1.0
                    if w.prefix(t):
                        loose[i]["phase"][w.prefix(t)] = 1.0
        phases = stage_phases(journey)
        moments = []
        for stage in journey.stages:
            got = stage_moments(stage.name)
            for rank, phase in enumerate([] if got else phases.get(stage.id, [])[:2]):
                moment = _PHASE_MOMENT.get(phase)
                if moment and moment not in got:
                    got[moment] = 1.0 if rank == 0 else 0.5
            moments.append(got)
        pain_stage = [index.pain_stage[p] for p in index.pain_ids]
        recurring = [1.0 if set(w.raw_words(s.name)) & _RECURRING_NAME else -1.0 if set(w.raw_words(s.name)) &
                     _FIRST_NAME else 0.0 for s in journey.stages]
        named: dict[str, int] = defaultdict(int)
        for by in lanes:
            for t in by["name"]:
                named[t] += 1
        name_idf = {t: math.log((len(lanes) + 1) / c) for t, c in named.items()}
        return cls(lanes, loose, moments, recurring, name_idf, index.service_stage, pain_stage)


@functools.cache
def _name_moment_terms() -> dict[str, frozenset[str]]:
    return {m: frozenset({*said.split(), *(w.content(x) for x in said.split() if w.content(x))})
            for m, said in _NAME_MOMENT.items()}


# a stage name's phrases whose words alone would say another moment: "Pick-up" is the collection (not picking one),
# "Get in touch" the first contact
_NAME_PHRASES = ((re.compile(r"\bpick(?:ing)?[- ]?ups?\b", re.I), "pickup"),
                 (re.compile(r"\b(?:get|getting|got) in touch\b", re.I), "contact"))


def stage_moments(name: str) -> dict[str, float]:
    """The moments of the service a stage's name says it is (:data:`MOMENTS`): the one it names first 1.0, any
    other 0.5 ("Pay & rebook": pay, then after); {} when its name says none."""
    got: dict[str, float] = {}
    for phrase, said in _NAME_PHRASES:
        name = phrase.sub(said, name)
    for word in w.raw_words(name):
        for moment, named in _name_moment_terms().items():
            if moment not in got and (word in named or w.content(word) in named):
                got[moment] = 0.5 if got else 1.0
    return got


def features(index, facts: StageFacts, terms: set[str], text: str, feeling: str, hits: list,
             pain_shares: list[float], about: str = "") -> list[list[float]]:
    """One row of :data:`FEATURES` per stage of the map for a part (its terms and words, its sentiment, its
    BM25 hits on the stages and its confidence share on each pain point, in the index's order); ``about``: the
    row's subject or moment column, whose moments are the part's too."""
    n = len(index.stage_ids)
    idf = index.stage_idf
    best = max((h.score for h in hits), default=0.0)
    moments = part_moments(text, about)
    recurs = 1.0 if RECURS.search(text) else 0.0
    charged = 1.0 if CHARGED.search(text) else 0.0
    gap = 1.0 if PRICE_GAP.search(text) and _PRICE.search(text) else 0.0
    people = feeling != NEGATIVE and bool(PEOPLE_OR_WORK.search(text)) and not MOMENT.search(text)
    pain_by_stage = [0.0] * n
    for share, stage in zip(pain_shares, facts.pain_stage):
        pain_by_stage[stage] = max(pain_by_stage[stage], share)
    rows = []
    for i in range(n):
        score = hits[i].score if i < len(hits) else 0.0
        out = [score, score / best if best > 0 else 0.0, 1.0 if best > 0 and score == best else 0.0,
               sum(w.topical(t) * facts.name_idf[t] for t in terms if t in facts.lanes[i]["name"])]
        for lane in LANE_FEATURES:
            exact, loose = facts.lanes[i][lane], facts.loose[i][lane]
            got = 0.0
            for t in terms:
                if t in exact:
                    got += w.topical(t) * idf.get(t, 0.0)
                elif (p := w.prefix(t)) and p in loose:
                    got += 0.5 * w.topical(t) * idf.get(p, 0.0)
            out.append(math.log1p(got))
        first, last = i == 0, i == n - 1
        out += [float(first), float(last), float(first and feeling == POSITIVE)]
        out += [moments.get(m, 0.0) * facts.moments[i].get(m, 0.0) for m in MOMENTS]
        out.append(charged * facts.moments[i].get("pay", 0.0))
        out.append(gap * facts.moments[i].get("pay", 0.0))
        service = facts.service == i
        during = facts.moments[i].get("during", 0.0)
        own = not names_other_moment(moments, facts.moments[i])
        out += [float(service and own), float(service and people), during * (not moments),
                during * (feeling == POSITIVE and own), during * people, recurs * facts.recurring[i]]
        out += [pain_by_stage[i] if feeling == NEGATIVE else 0.0, pain_by_stage[i] if feeling != NEGATIVE else 0.0]
        rows.append(out)
    return rows


def names_other_moment(moments: dict[str, float], stage: dict[str, float]) -> bool:
    """Whether a part names a moment of the service (:func:`part_moments`) that is not the stage's own
    (:attr:`StageFacts.moments`): "booked in for next week" or "waited 3 weeks for an appointment" name the booking,
    not the visit, however much they praise or however likely the visit is."""
    return any(m not in stage for m in moments)


def errand(text: str) -> bool:
    """Whether a text is (or holds) an errand: a contact detail, an address, a newsletter, a remittance."""
    change = ACCOUNT_CHANGE.search(text)
    # an address to change is no moment of the journey; card or bank details are the moment the customer pays
    # ("I need to change my card details": the map's payments stage, when it has one)
    return bool(ERRAND.search(text) or CONTACT.search(text) or (change and re.search(r"address|moved", change.group(0),
                                                                                     re.I)))


def none_features(terms: set[str], text: str, feeling: str, hits: list) -> list[float]:
    """:data:`NONE_FEATURES` of a part (its terms, words, sentiment and BM25 hits on the stages): what makes it
    likelier to be about no stage at all."""
    best = max((h.score for h in hits), default=0.0)
    return [float(not terms), math.log1p(len(terms)), math.exp(-best / SURE_AT), float(bool(_QUESTION.search(text))),
            float(errand(text)), float(bool(OVERALL.search(text))), float(feeling == POSITIVE), float(feeling == NEGATIVE),
            float(bool(ASKS_NEW.search(text))), float(feeling == POSITIVE and bool(WHOLE_PRAISE.search(text)))]


def softmax(rows: list[list[float]], weights: dict[str, float], nowhere: list[float] | None = None
            ) -> tuple[list[float], float]:
    """(each stage's probability, no stage's probability) under ``weights`` (feature -> weight, and
    :data:`NONE` -> the bias of no stage, ``nowhere`` the part's :data:`NONE_FEATURES`)."""
    vector = [weights.get(f, 0.0) for f in FEATURES]
    logits = [sum(a * b for a, b in zip(vector, row) if b) for row in rows]
    none = weights.get(NONE, 0.0) + sum(weights.get(f, 0.0) * x for f, x in zip(NONE_FEATURES, nowhere or []))
    top = max([none, *logits])
    exp = [math.exp(z - top) for z in logits]
    rest = math.exp(none - top)
    total = sum(exp) + rest
    return [e / total for e in exp], rest / total


@functools.cache
def model() -> dict:
    """The fitted model in ``placement.json`` ({} when there is none: the matcher places by BM25 alone)."""
    try:
        return json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def sureness(probs: list[float], likeliest: int | None, hits: list, model: dict, pain_stage: int | None = None
             ) -> float:
    """How sure the model is of its likeliest stage, as the placement threshold reads it: the stage's probability,
    less ``margin`` times the next stage's (two stages about as likely are a guess), plus ``agree`` for each other
    signal that finds the same stage: the stage sharing the most with the part by its words alone (BM25), and the
    stage of the pain point the part's words fit (``pain_stage``). ``margin`` and ``agree`` are chosen with the
    threshold by bench/fit_placement.py on the dev cases (0 and 0 by default: the stage's probability alone), at
    most 1."""
    if likeliest is None or not probs:
        return 0.0
    top = probs[likeliest]
    second = max((p for i, p in enumerate(probs) if i != likeliest), default=0.0)
    best = max((h.score for h in hits), default=0.0)
    agrees = (best > 0 and likeliest < len(hits) and hits[likeliest].score == best) + (pain_stage == likeliest)
    # shown to the user as a confidence, so kept within 0..1 (the thresholds are below 1: no decision changes)
    return round(min(1.0, max(0.0, top - model.get("margin", 0.0) * second + model.get("agree", 0.0) * agrees)), 3)
