"""Where a stated problem happens: the stage its words fit, with a score, or nowhere yet.

A stage's score for a statement adds up what points there:

* words it shares with the stage's name and the owner's own words for the step (:data:`STRONG` each), and with
  its goal and actions (1 each) and its touchpoints (0.5 each), stemmed (:mod:`cjm_assistant.knowledge.relevance`);
* the words that point to the stage's phase (``[phases.*].keywords`` in vocab.toml), up to 3; half
  as much for the words of a phase next to it (one falls back to the other: "account" is a joining
  word, and joining happens when booking);
* the catalogue pain point it matched, when that happens in this phase (2.5, or 1 further down the
  list of its phases);
* a channel it names that has a touchpoint on the stage (0.5);
* and a stage that only the other side of a two-sided business takes counts half.

A problem whose words say what it is about (``[about.*]`` in steps.toml: "try one drop-in and never come
back" is about the first visit, "takes a week to reply" about where customers ask) goes on the stage
named for that, else on the first stage of that topic's phases, else nowhere yet; unless another stage's name or
step says two or more of the problem's own words, and more than that stage ("the bar queue at the interval" and
"Interval at the bar"): then that stage.

The owner's words for a step win over a phase's guess: when the best stage's name and step say only who the
problem is about ("Growers search by postcode" for "growers ghost after the first meeting") and one other stage's
says literally what it is about ("Meet up"), with at least as much of the problem's words, the problem goes there.

Below :data:`PLACE_AT`, or when a stage of another phase scores almost as much (:data:`MARGIN`), the
problem is not put anywhere silently: the interview asks which step it happens in, and a headless
run lists it as not yet placed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cjm_assistant.knowledge import relevance
from cjm_assistant.knowledge import steps as st
from cjm_assistant.knowledge import text as tx
from cjm_assistant.knowledge.catalogue import PainInfo
from cjm_assistant.knowledge.detect import detect_channel_keys

if TYPE_CHECKING:
    from .context import Context, StageBuild

#: The least score that places a problem on a stage without asking...
PLACE_AT = 1.0
#: ... and by how much it must beat the best stage of another phase.
MARGIN = 0.5


@dataclass
class Placement:
    stage: StageBuild | None  # None: not placed with confidence
    score: float
    guess: StageBuild | None  # the best stage even when below the threshold


def stage_text(stage: StageBuild) -> tuple[str, str, str]:
    """The stage's words: (strong: its name and the owner's words for its step, weak: its goal and actions,
    faint: its touchpoints on the owner's channels)."""
    step = stage.plan.step.text if stage.plan and stage.plan.step else ""
    strong = _with_compounds(f"{stage.data['name']} {step}")
    weak = " ".join([stage.data.get("goal", "")] + [a["text"] for a in stage.data.get("actions", [])])
    faint = " ".join(f"{tp['name']} {tp['description']}" for tp in stage.data.get("touchpoints", [])
                     if not tp["description"].startswith("Suggestion:"))
    return strong, weak, faint


#: How long something takes ("take two weeks", "a few days", "48 hours"): how long, never where it happens
_DURATION = re.compile(r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several|few|a\s+few|"
                       r"a\s+couple\s+of|couple\s+of)\s+(?:more\s+|whole\s+|full\s+|working\s+)?(?:minutes?|"
                       r"hours?|days?|weeks?|months?|years?)\b", re.I)


#: Done by hand is how it is done, no handing over or back: "I do the quotes by hand" is no 'Hand the bikes back'
_BY_HAND = re.compile(r"\b(?:by|in)\s+hand\b", re.I)
#: How many of a thing, in figures: "2 or 3 cleans behind paying" counts cleans, it is about paying
_COUNTED = re.compile(r"\b\d+(?:\s*(?:or|to|-|–)\s*\d+)?\s+[a-z]+s\b(?=\s+(?:behind|late|overdue|short|"
                      r"missing|outstanding|unpaid|in\s+arrears)\b)", re.I)


#: How long, said with no number: "take weeks", "waited months", "for days".
_BARE_DURATION = re.compile(r"\b(take|takes|took|taking|wait|waits|waited|waiting|for)\s+(?:weeks|months|days|hours|"
                            r"years)\b", re.I)


#: Something left in a state ("guests leave the house messy", "the hot tub gets left dirty", "left the gate open"):
#: how it was found, no leaving of the place nor "Leave a review"; the verb is dropped, what was left stays.
_LEFT_SO = re.compile(r"\b(?:leave|leaves|leaving|left)\b(?=(?:\s+(?!and\b|but\b|after\b|before\b|when\b)[a-z']+){0,3}"
                      r"\s+(?:messy|dirty|filthy|untidy|unlocked|open|running|behind|unwashed|broken|damaged|"
                      r"soaking|wet|smelly|a\s+mess|in\s+a\s+(?:mess|state|tip))\b)", re.I)


def _without_durations(statement: str) -> str:
    """``statement`` without how long things take: "proposals take two weeks" shares no word with "First weeks of
    use". A time said as when ("they drop out after a few weeks", "in the first two weeks") stays; nor how many are
    behind or missing ("2 or 3 cleans behind paying" is about paying), nor a thing done "by hand"."""
    def how_long(m: re.Match) -> str:
        before = statement[:m.start()].casefold().split()[-2:]
        return m.group(0) if before and (before[-1] in ("after", "first") or before[-2:] == ["in", "the"]) else " "

    statement = _BARE_DURATION.sub(lambda m: f"{m.group(1)} ", statement)  # "proposals take weeks to write"
    statement = _LEFT_SO.sub(" ", statement)  # "guests leave the house messy": no 'Leave a review'
    return _BY_HAND.sub(" manually ", _REPLY_BACK.sub(" reply ", _COUNTED.sub(" ", _DURATION.sub(how_long, statement))))


def handed_back(statement: str) -> str:
    """``statement`` with a thing that "comes back" said as handed back: "scans come back too dark" is the scans
    returned, never a customer coming back (the 'Come back' stage, a customer who never returns)."""
    return _THING_BACK.sub(r"\1 back", statement)


def _where_it_comes_back(statement: str, stages: list[StageBuild]) -> StageBuild | None:
    """The step where a hired or lent thing is handed back, for a problem about the things that come back ("machines
    come back damaged", "bikes came back muddy"): seen when they come back, not where they left; none when the map has
    no such step or what comes back is word or work sent back ("quotes come back late", "scans come back too dark")."""
    m = _THING_BACK.search(statement)
    if m is None or relevance.shared(relevance.stems(m.group(1)), _SENT_BACK):
        return None
    back = [s for s in stages if s.phase == "hand-back"]
    return back[0] if back else None


#: What comes back as word or work sent back, not a hired thing handed back: "quotes come back", "results came back"
_SENT_BACK = relevance.stems("quote quotes result results scan scans email emails call calls message messages reply "
                             "replies answer answers report reports price prices form forms test tests print prints "
                             "photo photos proof proofs figure figures sample samples document documents paper papers")


def _left_undone(statement: str, stages: list[StageBuild]) -> StageBuild | None:
    """The one stage whose name says the step a problem says is left undone ("frames sit uncollected": the stage
    "Collect", not "Choose the frame" that names the thing), if one alone says it."""
    m = _UNDONE.search(statement)
    if m is None:
        return None
    step = relevance.stems(m.group(1))
    named = [s for s in stages if relevance.shared(step, _head(s.data["name"]))
             and any(w[:4] == m.group(1)[:4].casefold() for w in tx.words(s.data["name"]))]
    return named[0] if len(named) == 1 else None


def undone(statement: str) -> str:
    """``statement`` with a step left undone said with the step's own word beside it: "frames sit uncollected" is
    about collecting them, "invoices go unpaid" about paying them (the stage that collects or pays)."""
    return _UNDONE.sub(lambda m: f"{m.group(0)} {m.group(1)}", statement)


#: A thing left undone: "uncollected", "unpaid", "undelivered", "unanswered" (not "unhappy", "under", "until")
_UNDONE = re.compile(r"\bun((?:[a-z]{4,}ed)|paid|sold|sent|read|seen)\b", re.I)


def by_mail(statement: str) -> str:
    """``statement`` with the post that carries letters said as the mail: "rolls get lost in the post", "the paper
    invoice gets posted to the cottage" are no post on social media (for matching the catalogue's problems; a stage
    "Post your film" still shares "post")."""
    statement = _POSTED_THING.sub(r"\1 mailed", _POSTAGE.sub(r"\1 postage", statement))
    return _POSTED_TO.sub(r"mailed \1", _BY_POST.sub(r"\1 the postal mail", statement))


_BY_POST = re.compile(r"\b(in|by|through|via|from)\s+(?:the\s+)?post\b(?!\s+(?:office|box|code))", re.I)
#: A thing that is posted, with no place online named: "for the piece to cool and be posted", "it got posted"
_POSTED_THING = re.compile(r"\b(be|been|being|is|are|was|were|get|gets|got|getting)\s+posted\b"
                           r"(?!\s+(?:on|in|onto|online|to\s+(?:instagram|facebook|tiktok|the\s+(?:feed|page|group|"
                           r"site|website)))\b)", re.I)
#: Paying for a thing to be sent: "pay for posting", "the cost of posting it" (the postage, no social media post)
_POSTAGE = re.compile(r"\b(pay|pays|paying|paid|charge|charges|charged|cost|costs|price)\s+(?:for|of)\s+posting\b",
                      re.I)
#: Something sent by post to a place or a person: "posted to the cottage", "posts it out", "posted through the door"
#: (not "posted on facebook", nor "post to instagram": a place named with a determiner, or out, round, through)
_POSTED_TO = re.compile(r"\bpost(?:ed|s|ing)?\s+(?:(?:it|them|one|these|those)\s+)?(out|round|through|back|"
                        r"to\s+(?:the|their|her|his|your|our|my|every|each)\b)", re.I)


#: A thing that comes back is handed back, not a customer coming back: "scans come back too dark" is about the scans
#: being returned, not the 'Come back' stage
_THING_BACK = re.compile(r"\b(?!(?:they|he|she|we|i|you|people|customers|clients|guests|patients|members|users|"
                         r"buyers|families|parents|visitors|regulars|kids|students|it)\b)([a-z]\w*s)\s+(?:come|comes|came|"
                         r"coming)\s+back\b", re.I)


#: Getting back to someone is a reply, not coming back: "people don't know the price until we ring back" is about the
#: enquiry, not the 'Come back' stage
_REPLY_BACK = re.compile(r"\b(?:ring|rings|rang|call|calls|called|phone|phones|phoned|text|texts|texted|email|emails|"
                         r"emailed|write|writes|wrote|get|gets|got|message|messages|messaged)\s+(?:(?:them|us|you|me|"
                         r"him|her|people|customers)\s+)?back\b", re.I)


#: Particles that make a verb a phrasal verb, which problems often say as one noun: "hand over" and "handover",
#: "pay the lender out" and "payouts", "check in" and "check-in"
_PARTICLES = ("over", "out", "up", "off", "in", "back", "on", "round")
#: How many words may stand between a verb and its particle ("pay the lender out")
_PARTICLE_REACH = 3


def _with_compounds(text: str) -> str:
    """``text`` and the nouns its phrasal verbs make ("They meet to hand over" + "handover", "We pay the lender out"
    + "payout"), so that a problem saying the noun ("strangers not turning up at the handover", "payouts are only
    weekly") shares a word with the step that says the verb."""
    words = re.findall(r"[A-Za-z]+", text)
    small = _SMALL | {"to", "a", "an", "of", "it"}
    joined = []
    for i, word in enumerate(words):
        if len(word) < 3 or word.casefold() in small or word.casefold() in _PARTICLES:
            continue
        for j in range(i + 1, min(len(words), i + 2 + _PARTICLE_REACH)):
            if words[j].casefold() in _PARTICLES:
                joined.append(f"{word}{words[j]}".casefold())
                break
    return f"{text} {' '.join(joined)}" if joined else text


#: A word shared with the stage's name or the owner's step: more telling than a word of its phase in general.
STRONG = 2.0
#: Words that say nothing about where a problem happens ("can't give an exact arrival time": "arrival" does; "the
#: deposit back" is about the deposit, whatever step brings things back).
LIGHT = ("give gives gave get gets got make makes made take takes took do does did have has had go goes went put "
         "want wants need needs cant can't dont don't doesnt doesn't didnt didn't wont won't never always really "
         "just still even back")


def score(ctx: Context, statement: str, stage: StageBuild, pain: PainInfo | None, side: str = "",
          spread: dict[str, int] | None = None, whose: frozenset[str] = frozenset()) -> float:
    """How well ``statement`` fits ``stage`` (see the module docstring); light words (:data:`LIGHT`) do not count.
    ``spread``: in how many stages' names each word is; a word in the name of several stages ("plot" in "Offer a
    plot" and "Look round the plot") tells less than one that names a single stage ("Inspections twice a year").
    ``whose``: words that only say who the problem is about, left out (:func:`_whose`)."""
    words = relevance.stems(_without_durations(statement)) - relevance.stems(LIGHT) - whose
    strong, weak, faint = stage_text(stage)
    strong_hits = relevance.shared(words, strong) - _other_sense(statement, strong)
    weak_hits = relevance.shared(words - strong_hits, weak)
    spread = spread or {}
    total = STRONG * sum(1.0 if spread.get(w, 1) <= 1 else 0.75 for w in strong_hits) + 1.0 * len(weak_hits)
    total += 0.5 * len(relevance.shared(words - strong_hits - weak_hits, faint))
    total += min(3.0, _phase_words(ctx, tx.tokens(statement), stage.phase))
    if pain is not None and stage.phase in pain.phases:
        total += 2.5 if pain.phases.index(stage.phase) == 0 else 1.0
    mentioned = {key for key, _ in detect_channel_keys(statement)}
    if mentioned & {k for k in stage.touchpoint_keys if k}:
        total += 0.5
    if side and stage.data.get("_side") and stage.data["_side"] != side and ctx.two_sided:
        total /= 2  # the other side's step: a seller's frustration can still happen where buyers ask
    return total


#: A word that says which people a problem is about, not what: "voucher holders can't find a date" is about the date
#: ("Booking a date"), not the voucher; "boat owners", "season ticket holders", "gym members" alike.
_WHOSE = re.compile(r"\b([a-z]+)\s+(?:holders?|owners?|recipients?|members?|users?|subscribers?|buyers?)\b", re.I)


def _whose(statement: str) -> set[str]:
    """The stems of the words that only qualify who a problem is about (:data:`_WHOSE`); small words aside. They
    are left out only when the problem's other words name a stage ("some plot holders aren't on WhatsApp" names
    no other step: the plot is still its best clue)."""
    return {w for m in _WHOSE.finditer(statement) if m.group(1).casefold() not in _SMALL
            for w in relevance.stems(m.group(1))}


_MODAL = re.compile(r"\b(?:can|cant|can't|cannot|could|couldnt|couldn't|will|wont|won't|would|wouldnt|wouldn't)\s+"
                    r"(?:not\s+|really\s+|even\s+|always\s+|never\s+)?([a-z]+)\b", re.I)
_DETERMINED = re.compile(r"\b(?:the|a|an|their|your|our|his|her|my|its)\s+([a-z]+)\b", re.I)


def _other_sense(statement: str, name: str) -> set[str]:
    """The problem's words said as a verb ("people can't picture how it will look") that the stage's name says as a
    thing ("Bring the picture in"): the same letters, another sense, no sign of where it happens."""
    verbs = {w for m in _MODAL.finditer(statement) for w in relevance.stems(m.group(1))}
    things = {w for m in _DETERMINED.finditer(name) for w in relevance.stems(m.group(1))}
    return verbs & things


def guessed(stage: StageBuild) -> bool:
    """Whether the stage is an owner's step of no kind the playbook knows, placed in a phase by guess."""
    return bool(stage.plan and stage.plan.step and stage.plan.step.phase is None and stage.plan.provenance == "user")


def _phase_words(ctx: Context, toks: list[str], phase: str) -> float:
    """The statement's words for this phase, or half those for a neighbouring phase, whichever is more."""
    phases = ctx.kb.vocab.phases
    best = 0.0
    for key, info in phases.items():
        if key == phase:
            weight = 1.0
        elif key in phases[phase].fallback[:1] or phase in info.fallback[:2] if phase in phases else False:
            weight = 0.5
        else:
            continue
        best = max(best, weight * tx.keyword_score(toks, info.keywords))
    return best


#: A problem said to happen after the service ("I drop the certificate round later", "nobody calls afterwards", "after
#: the adoption nobody tells us anything": an opening "after the ..." says when the rest happens)
_LATER = re.compile(r"^(?:but\s+|and\s+|then\s+)?(?:once|after)\s+(?:the|their|his|her|each|every)\s+[a-z]+(?:ion|ing|ment|al)\b"
                    r"(?!\s+(?:form|forms|list|page|call|meeting|visit))|\b(?:later(?:\s+on)?|afterwards|after\s+(?:the|a|each|every)\s+(?:job|visit|work|service|"
                    r"appointment|session|sweep|clean|repair)|once\s+(?:it'?s|we'?ve|we\s+have|the\s+job\s+is)\s+"
                    r"(?:done|finished))\b", re.I)
#: The work said to be done: "nobody tells her when the gritting was done", "no photos once the clean is finished"
_DONE = re.compile(r"\b(?:was|were|been|got|gets|is|are|has\s+been|have\s+been)\s+(?:done|finished|completed|"
                   r"carried\s+out)\b", re.I)
#: A step put off till later, not a problem that happens later: "can't save it and finish later", "lets you pay later"
_PUT_OFF = re.compile(r"\b(?:and|to|or|cant|can't|cannot|can|could)\s+(?!come\b|came\b)[a-z]+\s+(?:it\s+|them\s+)?"
                      r"later\b(?!\s+on\b)", re.I)
#: The phases before the service is given: a problem said to happen later is on none of them.
_BEFORE = frozenset({"discover", "list", "research", "enquire", "compare", "decide", "join", "book", "buy", "pay",
                     "prepare"})
#: The phases in which the service is given.
_SERVICE = frozenset({"visit", "receive", "use"})


#: A problem about getting a booking: it happens before the service ("brides book too late", "no appointments left in
#: June", "waited weeks for a date", "the kids club is always booked up"), not a booking kept or missed on the day
#: ("people who booked never turn up") nor the next one ("rebook", "book again").
_BOOKING = re.compile(
    # "book" said by who books, not the noun ("the author's book", "the collection book")
    r"\b(?:they|we|i|you|people|customers|clients|parents|brides|couples|families|guests|members|students|patients|"
    r"owners|who|to|can|cant|can't|cannot|could|couldn't|couldnt|never|only|always|often|don'?t|dont|didn'?t|didnt|"
    r"won'?t|wont|will|would|should|try|trying|tried|want|wants|wanted)\s+book\b"
    r"(?!\s+(?:again|the\s+next|their\s+next|another|in\s+again|us\s+(?:and\s+)?then))"
    r"|\b(?:booking|bookings)\b(?!\s+(?:again|the\s+next|their\s+next|another))"
    r"|\bno\s+(?:more\s+)?(?:appointments?|slots?|dates?|availability|spaces?|places?)\b"
    r"|\b(?:appointments?|slots?|dates?|spaces?|places?)\s+(?:\w+\s+){0,2}(?:left|free|available|gone)\b"
    r"|\bwait(?:s|ed|ing)?\s+(?:\w+\s+){0,3}for\s+(?:a|an|the\s+first)\s+(?:date|slot|appointment|booking|space|"
    r"place|start\s+date)\b"
    # not knowing which one to pick: "customers don't know what size unit they need", "not sure which plan to choose"
    r"|\b(?:don'?t|doesn'?t|didn'?t|do\s+not|does\s+not|not\s+sure|unsure)\s+(?:know\s+)?(?:what|which)\s+"
    r"(?:\w+\s+){0,3}?(?:(?:they|he|she|you|i|we)\s+(?:need|want|should)|to\s+(?:choose|pick|get|order|book|buy))\b",
    re.I)
#: ... which the owner said happens at another moment: "turn up", "on the day", "no-show", "cancel" (a booking kept or
#: called off is the service's own moment, or the reminder's).
_KEPT = re.compile(r"\b(?:turn(?:s|ed)?\s+up|show(?:s|ed)?\s+up|no[- ]shows?|on\s+the\s+day|cancel\w*|late\s+for|"
                   r"rebook\w*|next\s+(?:one|time|visit|appointment|session|booking))\b", re.I)
#: A price not known before buying ("didn't know alterations cost so much"): before the service, where people ask;
#: not a bill or an invoice, which come with or after it.
_PRICE_BEFORE = "price-unknown"
_BILLED = re.compile(r"\b(?:bill|bills|billed|invoice\w*|final|statement|charged|overcharg\w*|more\s+than|"
                     r"than\s+(?:\w+\s+)?(?:expected|thought|quoted))\b", re.I)
#: A step's name that says booking: "Book a slot", "Booking again next year", "Reserve a table".
_BOOKING_STEP = re.compile(r"\b(?:book|books|booking|bookings|rebook\w*|reserv\w*)\b", re.I)
#: A problem that says booking in words, not only a slot or a date.
_BOOKED = re.compile(r"\b(?:book|books|booked|booking|bookings|reserv\w*)\b", re.I)
#: The phases where people ask, choose or book: where a problem of getting a booking or a price goes when it was put
#: on the service or after it.
_ASKING = ("book", "buy", "enquire", "decide", "compare", "research", "join")


def place(ctx: Context, stages: list[StageBuild], statement: str, pain: PainInfo | None,
          side: str = "") -> Placement:
    """The stage ``statement`` fits best (the earlier one on a tie), or none when no stage scores
    :data:`PLACE_AT`; a problem said to happen later is never on a stage before the service is given, and one
    about getting a booking or a price never on the service or after it."""
    given = [i for i, stage in enumerate(stages) if stage.phase in _SERVICE]  # where the service is given
    topic = st.about(statement)
    found = _place(ctx, stages, statement, pain, side)
    found = _billed_later(stages, given, topic, statement,
                          _booking_first(ctx, stages, given, topic, statement, pain, side, found))
    if found.stage is None and given and _LEFT_SO.search(statement):
        # something left messy, dirty or open, and no step named: found so where the service ends ("guests leave the
        # house messy" is seen at the end of the stay, not when they leave a review)
        return Placement(stages[given[-1]], max(found.score, PLACE_AT), stages[given[-1]])
    near = found.stage or found.guess  # unsure between steps before the service: none of them, when it is later
    done = _DONE.search(statement) is not None
    # the work said done and nobody told: a report owed to the customer, never the customer telling others
    if near is None or not (near.phase in _BEFORE or (done and near.phase == "advocate")) \
            or not (_LATER.search(statement) or done) or _PUT_OFF.search(statement):
        return found
    if not given or (stages.index(near) > given[-1] and near.phase != "advocate"):
        return found
    after = stages[given[-1] + 1:]
    # the step that follows the service up, wherever it is after this one, else the first step after the service; a
    # service kept up over months ("Ongoing service") reports on its own work: that step itself
    ongoing = stages[given[-1]] if stages[given[-1]].phase == "use" and not _LATER.search(statement) else None
    stage = next((s for s in stages[stages.index(near) + 1:] if s.phase == "follow-up"),
                 ongoing or (after[0] if after else stages[given[-1]]))
    return Placement(stage, found.score, stage)


def _is_topic(topic: st.About | None, key: str) -> bool:
    """Whether ``topic`` (of :func:`cjm_assistant.knowledge.steps.about`) is the ``[about.KEY]`` of steps.toml."""
    return topic is not None and topic is st.data().about.get(key)


def _before_the_service(statement: str, topic: st.About | None) -> bool:
    """Whether the problem (its ``topic``) is about getting a booking or a first price (:data:`_BOOKING`,
    :data:`_PRICE_BEFORE`)."""
    if _KEPT.search(statement):
        return False
    return bool(_BOOKING.search(statement)) or (_is_topic(topic, _PRICE_BEFORE) and not _BILLED.search(statement))


def _booking_first(ctx: Context, stages: list[StageBuild], given: list[int], topic: st.About | None, statement: str,
                   pain: PainInfo | None, side: str, found: Placement) -> Placement:
    """``found``, or, for a problem about getting a booking or a price that it put on the service or after it (by
    a word such as "appointment" or "wedding" that the service's steps share: "no appointments left in June" on
    "Pinning"), the stage before the service where people ask or book: the one of those that scores best, else the
    last of them. ``given``: the indexes of the stages where the service is given."""
    near = found.stage or found.guess
    if near is None or not given or not _before_the_service(statement, topic):
        return found
    if _BOOKING_STEP.search(near.data["name"]) and _BOOKED.search(statement):
        # a step named for booking ("Booking again next year", "Book the next term") is where a booking goes wrong,
        # wherever it is on the map: "regular hirers want to book every tuesday" stays there
        return Placement(near, max(found.score, PLACE_AT), near)
    before = [s for s in stages[:given[0]] if s.phase in _ASKING]
    # on a step where people ask or book already (a class booked again after the first visit): that one
    if stages.index(near) < given[0] or near.phase in _ASKING:
        # unsure where before the service, and the map has one step there where people ask or book: that step
        return Placement(before[0], max(found.score, PLACE_AT), before[0]) \
            if found.stage is None and len(before) == 1 else found
    if not before:
        return found
    scored = [(score(ctx, statement, s, pain, side), -i, s) for i, s in enumerate(before)]
    best, _, stage = max(scored, key=lambda t: (t[0], t[1]))
    if best <= 0:
        stage = before[-1]
    return Placement(stage, max(found.score, PLACE_AT), stage)


def _billed_later(stages: list[StageBuild], given: list[int], topic: st.About | None, statement: str,
                  found: Placement) -> Placement:
    """``found``, or, for a price that went up once people had bought ("the 50% off offer ended and the bill jumped")
    put on a step before the service (by "price": "Get a price"), the step where they pay as they go: a payment step
    after the service began, else the ongoing use."""
    near = found.stage or found.guess
    if near is None or not given or stages.index(near) >= given[0] or near.phase not in _BEFORE:
        return found
    if not _is_topic(topic, "price-rise") or _QUOTED_RISE.search(statement):
        return found
    later = stages[given[0]:]
    stage = next((s for phase in _PAID_AS_THEY_GO for s in later if s.phase == phase), None)
    return found if stage is None else Placement(stage, max(found.score, PLACE_AT), stage)


#: Where a price that went up is paid, after the service began: in that order.
_PAID_AS_THEY_GO = ("pay", "use")
#: A price higher than the quote is a rise at the bill, not while people use the service; "quoted" keeps it where
#: the words put it.
_QUOTED_RISE = re.compile(r"\bquot\w*", re.I)


def _place(ctx: Context, stages: list[StageBuild], statement: str, pain: PainInfo | None,
           side: str = "") -> Placement:
    """:func:`place`, before a problem's time is checked."""
    if not stages:
        return Placement(None, 0.0, None)
    if (back := _where_it_comes_back(statement, stages)) is not None:
        return Placement(back, STRONG + PLACE_AT, back)
    statement = handed_back(statement)
    if (left := _left_undone(statement, stages)) is not None:
        return Placement(left, STRONG + PLACE_AT, left)
    statement = undone(statement)
    topic = st.about(statement)
    if topic is not None and (found := _by_topic(stages, topic)) is not None and found.stage is not None:
        if (better := _says_more(statement, stages, found.stage)) is not None:
            return Placement(better, STRONG + PLACE_AT, better)
        return found  # a topic whose stages the map lacks leaves it to the words: "Training day" for "training ..."
    if topic is not None and (topic.names or topic.phases):
        # nor a stage named in the words' other sense: "Find us on Instagram" is no place nobody can find
        stages = [s for s in stages if not _other_sense_named(s, topic)] or stages
    words = relevance.stems(_without_durations(statement)) - relevance.stems(LIGHT)
    named = [stage_text(stage)[0] for stage in stages]
    spread = {w: sum(1 for text in named if relevance.shared({w}, text)) for w in words}
    whose = _whose(statement)
    # "voucher holders can't find a date": who it is about pulls it nowhere when its other words name a stage
    # (not a medium, a person or a general word: "plot holders aren't on WhatsApp" names no step by "WhatsApp")
    telling = words - whose - _MEDIA - _PEOPLE - relevance.stems(GENERAL)
    whose = frozenset(whose) if whose and any(relevance.shared(telling, text) for text in named) else frozenset()
    scored = sorted(((score(ctx, statement, stage, pain, side, spread, whose), -i, stage)
                     for i, stage in enumerate(stages)),
                    key=lambda s: (s[0], s[1]), reverse=True)
    best, _, stage = scored[0]
    if not relevance.shared(words, stage_text(stage)[0]):  # the best names nothing the problem says: a stage that
        alone = [other for _, _, other in scored[1:] if _named_alone(words, other, stages)  # it names alone wins
                 and not _opening_need(other)]
        said = relevance.shared(words, _head(alone[0].data["name"])) if len(alone) == 1 else set()
        literal = {w for w in said if w[:4] in alone[0].data["name"].casefold()}  # not by a synonym ("price", "Invoice")
        if literal and not relevance.shared(words, _PEOPLE) and not relevance.shared(literal, _MEDIA):
            return Placement(alone[0], best, alone[0])
    owned, telling = _owned(statement, words, [other for _, _, other in scored])
    owned = [s for s in owned if not _opening_need(s)]
    if owned and stage not in owned and _one_word_apart(statement, telling, owned) \
            and not relevance.shared(telling, stage_text(stage)[0]) \
            and _literal_shared(statement, stage_text(stage)[0]) < 2 \
            and _word_score(words, owned[0]) >= _word_score(words, stage):  # its lead is the phase's, not words'
        # the owner's words for a step name what the problem is about ("ghost after the first meeting" and "Meet
        # up"), the best stage only who it is about or its phase: the owner's step wins over a phase's guess (of
        # several steps that say it, the one that scores best: "the signed copy" and "A signed and stored will")
        return Placement(owned[0], best, owned[0])
    rival, other = next(((s, other) for s, _, other in scored[1:] if other.phase != stage.phase), (0.0, None))
    # on a tie, the one stage the owner's own words for a step name ("the forms" and "Fill in the web form") wins over
    # a rival that names none of them
    said_here = owned == [stage] and other is not None
    sure = best >= PLACE_AT and (best - rival >= MARGIN or _named_alone(words, stage, stages) or said_here) \
        and not _only_guessed(ctx, statement, words, stage, stages)
    return Placement(stage if sure else None, round(best, 2), stage)


def _opening_need(stage: StageBuild) -> bool:
    """Whether the stage is the owner's step of no known kind that opens the journey ("Boiler stops", "Bike breaks"):
    it names the thing the whole journey is about, so a problem naming that thing ("some boilers need parts we
    order") is not placed there by that word alone."""
    return guessed(stage) and stage.phase == "discover"


def _only_guessed(ctx: Context, statement: str, words: set[str], stage: StageBuild, stages: list[StageBuild]) -> bool:
    """Whether nothing but a guess puts the problem on ``stage``: it shares no word with any step's name, goal,
    actions or touchpoints, says no word of the stage's phase, and the stage is an owner's step whose phase is only
    guessed, its name saying nothing of that phase either ("the car park is locked after 9" is not "Get the forms";
    "Come on the night" says a visit). The owner is asked where it happens instead."""
    phase = ctx.kb.vocab.phases.get(stage.phase)
    if not guessed(stage) or phase is None or tx.keyword_score(tx.tokens(stage.data["name"]), phase.keywords):
        return False
    if _phase_words(ctx, tx.tokens(statement), stage.phase):
        return False
    return not any(relevance.shared(words, text) for other in stages for text in stage_text(other))


def _says_more(statement: str, stages: list[StageBuild], chosen: StageBuild) -> StageBuild | None:
    """The one other stage whose name or owner's step says at least two of the problem's own telling words (not "take",
    "get" or "there"), and more of them
    than the stage a topic chose and any other stage, if there is one: the owner's words for the step win ("the bar queue at the interval" goes on
    "Interval at the bar", not on "Pick up tickets at the door" where queues usually are)."""
    light = _SMALL | set(LIGHT.split()) | {"there", "here", "where", "can", "could", "get", "got"}
    said = {t[:4] for t in tx.words(statement) if len(t) >= 3 and t not in light}

    def says(stage: StageBuild) -> int:
        return len(said & {t[:4] for t in tx.words(stage_text(stage)[0]) if len(t) >= 3 and t not in light})

    mine = says(chosen)
    counts = [(says(other), other) for other in stages if other is not chosen]
    most = max((n for n, _ in counts), default=0)
    best = [other for n, other in counts if n == most]
    return best[0] if most >= 2 and most > mine and len(best) == 1 else None


def _owned(statement: str, words: set[str], stages: list[StageBuild]) -> tuple[list[StageBuild], set[str]]:
    """The stages (best first) whose name or owner's step literally says a word of the problem that is neither who
    takes part (:data:`_PEOPLE`, "growers", "parents"), a medium (:data:`_MEDIA`) nor a general word: where the
    owner's own words put it; and the problem's telling words."""
    from cjm_assistant.knowledge import grammar as g

    people = {w for t in tx.words(statement) if g.kind(t) in ("customer", "provider", "staff", "person", "owner")
              for w in relevance.stems(t)} | _PEOPLE
    telling = words - people - _MEDIA - relevance.stems(GENERAL) - relevance.stems(_SAYING)
    said = [t for t in tx.words(statement) if len(t) >= 3 and relevance.stems(t) & telling]
    out = []
    for stage in stages:
        strong = tx.words(stage_text(stage)[0])
        other = _other_sense(statement, stage_text(stage)[0])  # "can't picture" is no "the picture"
        if any(w[:4] == t[:4] and relevance.stems(w) & relevance.stems(t) - other for t in said for w in strong):
            out.append(stage)  # the word itself, not a synonym ("invoice" is no "price")
    return out, telling


def _one_word_apart(statement: str, telling: set[str], owned: list[StageBuild]) -> bool:
    """Whether the stages that say the problem's words all say the same ones ("the signed copy": "A signed and stored
    will" and "Post the will out to sign"): then the best of them stands for it; stages that each say another of its
    words ("waited two hours before the electricals": "Wait ..." and "PAT test if electrical") leave it to the phase."""
    said = [t for t in tx.words(statement) if len(t) >= 3 and relevance.stems(t) & telling]
    heard = {frozenset(t[:4] for t in said if any(w[:4] == t[:4] for w in tx.words(stage_text(stage)[0])))
             for stage in owned}
    return len(heard) == 1


def _word_score(words: set[str], stage: StageBuild) -> float:
    """What the stage's own words (name and step, goal and actions) share with the problem, without its phase."""
    strong, weak, _ = stage_text(stage)
    hits = relevance.shared(words, strong)
    return STRONG * len(hits) + len(relevance.shared(words - hits, weak))


def _literal_shared(statement: str, text: str) -> int:
    """How many words of ``statement`` ``text`` says as they are (by their first four letters), small words aside."""
    said = {t[:4] for t in tx.words(statement) if len(t) >= 3 and t not in _SMALL}
    return len(said & {t[:4] for t in tx.words(text) if len(t) >= 3 and t not in _SMALL})


_SMALL = {"the", "and", "for", "but", "our", "their", "they", "them", "with", "from", "this", "that", "then", "when",
          "what", "who", "are", "was", "were", "has", "had", "have", "not", "too", "all", "any", "its", "his", "her"}

#: Words of saying, feeling or seeing: how a problem is told, not where it happens.
_SAYING = "complain complains complaint complaints moan moans say says said feel feels felt think thinks see sees seen " \
          "like likes want wants know knows need needs needed day days week weeks month months hour hours minute " \
          "minutes year years"


def _named_alone(words: set[str], stage: StageBuild, stages: list[StageBuild]) -> bool:
    """Whether a word of the problem names this stage and no other ("Training is only on weekday mornings" and
    "Training day"): the stage plainly fits by its words, however the phases score."""
    own = relevance.shared(words, _head(stage.data["name"])) - relevance.stems(GENERAL)
    return any(not any(relevance.shared({w}, stage_text(other)[0]) for other in stages if other is not stage)
               for w in own)


_DETAIL = re.compile(r"\s(?:on|in|at|by|with|from|for|after|before|via|through|during)\s", re.I)


def _head(name: str) -> str:
    """A stage name without its trailing detail: "Pay by card on the van" -> "Pay" (the van is where, not what)."""
    return _DETAIL.split(name, maxsplit=1)[0]


#: Who takes part: a word naming people names no one step ("volunteers feel left alone after the first visit").
_PEOPLE = relevance.stems("volunteer volunteers sitter sitters customer client member parent parents patient student "
                          "seller buyer host guest owner driver trade trades staff team")
#: Ways of getting in touch: "email" in a problem ("out of hours it's email only") names no step that emails.
_MEDIA = relevance.stems("email emails phone call text message website web site app portal online whatsapp facebook "
                         "instagram post letter")
#: Words of stage names that say little about where a problem happens.
GENERAL = "customer customers client clients people us we they day time first new one get find"


def _other_sense_named(stage: StageBuild, topic: st.About) -> bool:
    """Whether the stage's name says a word that gives the topic's words another sense ("Find us on Instagram" for
    a place that is hard to find): it is not the stage the topic is about."""
    return bool(topic.none) and tx.keyword_score(tx.tokens(stage.data["name"]), topic.none) > 0


#: A visit that comes ahead of the service, to see, measure or price it: a site survey, a measure-up, a consultation,
#: a quote visit, a viewing, a trial.
_PRELIMINARY = re.compile(r"\b(?:survey\w*|measur\w*|consultations?|assess\w*|viewings?|quotes?|quotation|estimates?|"
                          r"trial|taster|samples?|look\s+round|recce)\b", re.I)


def _by_topic(stages: list[StageBuild], topic: st.About) -> Placement | None:
    """The stage a problem's topic points to: one named for it ("Come to the first class" for a first visit, "Get
    a price" for "no idea of the cost"), else the first stage (the last, for a topic about the end of it) of the
    earliest of its phases ("enquire" for a slow reply); none on the map: unplaced, or, for a topic that names
    no phases, None (the stages' words decide, as for any problem)."""
    def named_by(names: list[str]) -> list[StageBuild]:
        return [s for s in stages if tx.keyword_score(tx.tokens(s.data["name"]), names)
                and not _other_sense_named(s, topic)]

    named = named_by(topic.names)
    if topic.ranked:  # the stage named by the topic's first name the map has ("Prepare for the visit", else "Book")
        named = next((hit for name in topic.names if (hit := named_by([name]))), [])
    if named:
        preferred = [s for s in named if set(tx.words(s.data["name"].casefold())) & set(topic.prefer)]
        named = preferred or named
        stage = named[-1] if topic.last else named[0]
        if stage.phase in _SERVICE and _PRELIMINARY.search(stage.data["name"]):  # "Visit and measure" names a
            # visit, but the fitting is the job
            later = [s for s in stages[stages.index(stage) + 1:] if s.phase in topic.phases
                     and not _PRELIMINARY.search(s.data["name"])]
            stage = next((s for s in later if not guessed(s)), later[0] if later else stage)
        return Placement(stage, STRONG + PLACE_AT, stage)
    for phase in topic.phases:
        here = [s for s in stages if s.phase == phase]
        if here:
            # the first stage of a phase that the owner's words name, before one put there by guess ("pick recipes"
            # is not where a box arrives); the last, for the end of the service, may well be the guessed job itself
            known = [s for s in here if not guessed(s)]
            # of several, the service itself before a visit that comes ahead of it ("Get the site survey done",
            # "Visit and measure with samples"): the crew arriving late is the night clean's, not the survey's
            main = [s for s in (known or here) if phase not in _SERVICE or not _PRELIMINARY.search(s.data["name"])]
            stage = here[-1] if topic.last else (main or known or here)[0]
            return Placement(stage, PLACE_AT + MARGIN, stage)
    return Placement(None, 0.0, None) if topic.phases else None
