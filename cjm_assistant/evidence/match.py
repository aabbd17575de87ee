"""The offline evidence matcher: one feedback item -> its parts, each with a sentiment, a stage and a pain point.

For each item (:meth:`Matcher.match`):

1. the text is split into parts (:func:`.sentiment.split_parts`), and each
   part is read (:func:`.sentiment.text_score`) and scored against every
   stage of the map (:class:`.placement.MapIndex`);
2. a part that shares no word with any stage ("Legends.", "Thanks, Nadia")
   joins its neighbour, unless the two read opposite ways;
3. the parts' readings and the row's rating become one sentiment per part and
   one for the row (:func:`.sentiment.combine`);
4. each part is placed on its best stage when the confidence reaches
   :data:`PLACE_AT` and that stage leads the next by :data:`CLEAR_BY` of its
   score (or the part fits one of its pain points); otherwise it is
   *unplaced*, for the user to assign;
5. a complaint part that fits one of the map's pain points well enough
   (:data:`PAIN_AT`, and it covers :data:`COVER_AT` of the pain point's own
   weight) and shares enough of its words to be about the same fault (two, or one that is no word of every
   journey nor of the trade, when the two name no different kinds of fault: "Hall is freezing" shares the hall with
   "The hall is hard to find", not its fault: :meth:`.placement.MapIndex.backs`) is attached to it; a complaint that
   fits none may name a problem
   from the playbook's catalogue (``new:KEY``, :mod:`.newpains`); praise is
   never attached to a pain point, and praise that fits one ("always kind,
   never rushed" against "Rushed consultation") is recorded as contradicting
   it. A part whose every problem word shared with a pain point is a negative word
   negated there and not in the pain point ("never felt rushed, the stylist
   took ages" against "Rushed consultation") says that pain did not happen: whatever else it
   complains of, it contradicts that pain point and never supports it.

A problem the customer only heard of, feared, expected or met at another business, and then says did not happen
("Read reviews saying the showers run cold, not our experience at all"; "I was worried about X but it was all
fine"; "Much better than other places where X") is no verdict: the raising part sets the scene and the denial is
praise that contradicts the pain point. Parts read from their neighbours (a denial, an inversion, a concession)
are never joined to another part and read again.

Identical texts (with the same rating and channel) are matched once.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from cjm_assistant.domain.model import JourneyMap

from . import sentiment as sn
from . import focus, stagemodel, verdict, wayfinding
from . import words as w
from .newpains import Catalogue
from .placement import SURE_AT, WHO, Hit, MapIndex, confidence

PLACE_AT = 0.2  # stage confidence at or above which a part is placed
CLEAR_BY = 0.1  # ...and the share of its score by which the best stage must lead the next one
SIGNAL_AT = 0.3  # a part whose best stage scores less shares (almost) nothing with the map
MODEL_PLACED = "placed by the model's reading"  # the reason of a part a language model placed (at PLACE_AT)
PAIN_AT = 0.3  # pain point confidence for a complaint to be attached
COVER_AT = 0.1  # ...and the share of the pain point's weight it must cover
FINDING_AT = 0.6  # the least pain point confidence of a complaint about finding the place (:mod:`.wayfinding`)
# the nudges of the rules that keep praise off pain points (see :meth:`Matcher._match`)
_SPECIAL = ("not feedback", "a faint verdict beside a complaint", "sarcasm", "conceded", "what was heard of",
            "better than others", "the opposite", "a burden the customer was spared", "a problem said to be gone",
            "praise said through a negation", "a wish about a pain point")
WEAK_AT = 0.55  # a praising part placed less surely than this by a word or two may be about the work itself
# the people who do the work, or the work; a moment before or after the work named (see :mod:`.stagemodel`)
_PEOPLE_OR_WORK, _MOMENT = stagemodel.PEOPLE_OR_WORK, stagemodel.MOMENT
GATES = {"errand": True, "nothing": True, "tie": False}  # the rules beside the stage model (:meth:`Matcher._place`)
LATER = 0.85  # how much less a part speaks for its row than the part before it (:attr:`Match.main`)
TAIL_WORDS = 3  # a last part this short that shares nothing with the map is a verdict on the one before
#: A closing thanks on its own ("Thanks so much!", "Cheers", "Many thanks in advance")
_THANKS_ALONE = re.compile(r"^\W*(?:many\s+)?(?:thanks|thank\s*you|thankyou|thx|ta|cheers)(?:\s+(?:so\s+much|a\s+lot|"
                           r"in\s+advance|again|very\s+much|for\s+(?:your|the)\s+help))?\W*$", re.I)
# Items read once are kept for a repeat of the same text (files repeat "ok", "great service"): the first CACHE
# short ones. A Match with its parts is about 1.6 kB, so 100,000 of them were most of a 1M-row import's 490 MB.
CACHE = 20_000
CACHE_CHARS = 120  # longer texts hardly ever repeat word for word


@dataclass
class PartMatch:
    """One part of an item: its words, sentiment, place on the map and why."""

    text: str
    sentiment: str = sn.NEUTRAL
    stage_id: str | None = None
    pain_point: str | None = None  # a map pain point id, or "new:KEY" for one the map lacks
    confidence: float = 0.0  # of the stage
    pain_confidence: float = 0.0
    placed: bool = False
    touchpoint_id: str | None = None
    shared: list[str] = field(default_factory=list)  # the map's words the part shares with its stage
    pain_shared: list[str] = field(default_factory=list)
    contradicts: str | None = None  # a pain point this praise speaks against
    runner_up: str | None = None  # a stage that scored almost as much as the best one (so it is unplaced)
    score: float = 0.0  # the reading of the words, -1..+1
    nudges: list[str] = field(default_factory=list)
    place_at: float = PLACE_AT  # the confidence at or above which it is placed
    summary: str | None = None  # a language model's words for the part where they are not the customer's (text is)

    @property
    def kind(self) -> str:
        return {sn.NEGATIVE: "pain", sn.POSITIVE: "praise"}.get(self.sentiment, "other")

    def reason(self) -> str:
        """Why it is where it is, in a line."""
        bits = []
        if self.pain_point and self.pain_shared:
            bits.append("shares " + ", ".join(f"“{s}”" for s in self.pain_shared) + " with the pain point")
        if self.shared:
            bits.append("shares " + ", ".join(f"“{s}”" for s in self.shared[:6]) + " with the stage")
        if self.contradicts and self.sentiment == sn.POSITIVE:
            bits.append(f"praise that contradicts {self.contradicts}")
        elif self.contradicts:
            bits.append(f"says {self.contradicts} did not happen, so it is no evidence for it")
        if not self.placed and any(x.startswith("unplaced:") for x in self.nudges):
            pass  # a rule left it unplaced, and says why among the nudges
        elif not self.placed and self.runner_up and self.confidence >= self.place_at:
            bits.append(f"unplaced: its best stage is not clearly ahead of {self.runner_up}")
        elif not self.placed and self.stage_id is None and self.confidence > 0:
            bits.append("unplaced: it is likelier about no stage of the map than about any one")
        elif not self.placed:
            bits.append(f"unplaced: confidence {self.confidence:.2f} < {self.place_at}")
        bits += self.nudges
        return "; ".join(bits) or "no words in common with the map"


@dataclass
class Match:
    """What one item is about: its parts, its overall sentiment, and whether its rating was used."""

    parts: list[PartMatch] = field(default_factory=list)
    sentiment: str = sn.NEUTRAL
    score_used: bool = False
    base: str | None = None  # the hand reading's verdict, before the fitted model (:mod:`.verdict`) weighed it
    signals: list[float] = field(default_factory=list)  # what the model weighed (:data:`.verdict.FEATURES`)

    @property
    def main(self) -> PartMatch | None:
        """The part that speaks for the row: its placed complaint, else its placed part; the one backing a pain
        point, else the most confident, each part's confidence weighed down by :data:`LATER` for each part before
        it. A row is mostly about what it says first: what follows is often what came of it ("Booked online,
        paid, no email came. | Box office had no record...", "... | Wasted morning")."""
        placed = [(i, p) for i, p in enumerate(self.parts) if p.placed]
        complaints = [(i, p) for i, p in placed if p.sentiment == sn.NEGATIVE]
        pool = complaints or placed
        return max(pool, key=lambda ip: (ip[1].pain_point is not None, ip[1].confidence * LATER ** ip[0]))[1] \
            if pool else None

    @property
    def kind(self) -> str:
        kinds = {p.kind for p in self.parts}
        return "pain" if "pain" in kinds else "praise" if "praise" in kinds else "other"

    @property
    def stage_id(self) -> str | None:
        main = self.main
        return main.stage_id if main else None

    @property
    def target(self) -> str | None:
        main = self.main
        return main.pain_point if main and main.sentiment == sn.NEGATIVE else None

    @property
    def placed(self) -> bool:
        return self.main is not None

    @property
    def confidence(self) -> float:
        main = self.main
        return main.confidence if main else max((p.confidence for p in self.parts), default=0.0)


@dataclass
class _Part:
    text: str
    terms: set[str]
    reading: sn.Reading
    hits: list[Hit]
    absent: set[str] = field(default_factory=set)  # problems it says did not happen ("never rushed")
    # "This time was the opposite" after a sentence that leans neither way: it speaks of that sentence's topic
    # (its words place it) but what it says of it is unknown, so it is no evidence of a pain point
    unread: bool = False
    kept: bool = False  # read together with its neighbour already (a problem raised and denied): never joined
    negated: set[str] = field(default_factory=set)  # every term it negates ("no prices": price)
    about: str = ""  # the row's subject line or moment column ("12 months on"): its moments place the part too
    when: set[str] = field(default_factory=set)  # the terms of the row's moment column: they place, back no pain point

    @property
    def placing(self) -> set[str]:
        """The terms that place the part on a stage: its own, its row's subject's and moment column's."""
        return self.terms | self.when

    @property
    def signal(self) -> float:
        return max((h.score for h in self.hits), default=0.0)


def _lean(part: _Part) -> str:
    """How a part leans by its own words; a part that says something went wrong (a burden, a request, a
    negation) is a complaint even where its words read neutral, and a faint verdict is the better side."""
    lean = sn.leaning(part.reading.vader if part.reading.faint else part.reading.score)  # "Mostly fine." stays apart
    return sn.NEGATIVE if lean == sn.NEUTRAL and part.reading.complains else lean


class Matcher:
    """Matches feedback items against one map. Build once per import; :meth:`match` is cheap."""

    def __init__(self, journey: JourneyMap, verdicts: dict | None = None, placement: dict | None = None):
        """``verdicts``: the fitted verdict model (:func:`.verdict.model` by default; ``{}``: the hand reading
        alone, as ``bench/fit_sentiment.py`` needs it). ``placement``: the fitted stage model
        (:func:`.stagemodel.model` by default; ``{}``: BM25 and the hand rules alone)."""
        self.journey = journey
        self.verdicts = verdict.model() if verdicts is None else verdicts
        self.index = MapIndex(journey)
        self.placement = stagemodel.model() if placement is None else placement
        self.facts = stagemodel.StageFacts.of(self.index) if self.placement.get("weights") else None
        self.cues = sn.Cues(self.index.problem_terms, self.index.own_terms)
        self.plain_cues = sn.Cues(frozenset(), self.index.own_terms)
        self.catalogue = Catalogue(journey)
        self.stage_ids = self.index.stage_ids
        self.pain_touchpoint = {pp.id: pp.touchpoint for _, pp in journey.pain_points()}
        self.channels: dict[str, str] = {}  # term of a channel name -> the channel as the map writes it
        for channel in journey.channels:
            for t in w.terms(channel.name):
                self.channels.setdefault(t, channel.name.casefold())
        self.touchpoints: list[dict[str, str]] = [
            {tp.channel.casefold(): tp.id for tp in reversed(stage.touchpoints)} for stage in journey.stages]
        self._cache: dict[tuple, Match] = {}

    # -- one item ---------------------------------------------------------------------

    def match(self, text: str, rating: int | None = None, channel: str | None = None,
              extreme: bool = False, subject: str | None = None, moment: str | None = None) -> Match:
        """What one item is about. ``rating``: -1, 0 or +1 from its score (``extreme``: at the end of the
        scale); ``channel``: the channel column's value; ``subject``: the row's subject line (a ticket's
        "Subject"), whose words help place every part (never its sentiment)."""
        key = (text, rating, channel, extreme, subject, moment)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._match(text, rating, channel, extreme, subject, moment)
            if len(self._cache) < CACHE and len(text) <= CACHE_CHARS:
                self._cache[key] = hit
        return Match([PartMatch(**{**vars(p), "shared": list(p.shared), "pain_shared": list(p.pain_shared),
                                   "nudges": list(p.nudges)}) for p in hit.parts], hit.sentiment, hit.score_used,
                     hit.base, list(hit.signals))

    def _read(self, text: str) -> _Part:
        terms, negated = w.negated_terms(text)
        unique = set(terms)
        # "Booked weeks ahead then she cancelled the day before": what came first sets the scene; its words place
        # the part and back no pain point (:func:`.focus.scene`)
        first = focus.scene(text, self._complains)
        if focus.comes_back(text):  # "Will book again.": a verdict on the rest, not the moment of booking
            unique = first = set()
        return _Part(text, unique - first, sn.text_score(text, self.cues), self.index.stages(unique),
                     sn.absent_problems(negated), negated=set(negated), when=first)

    def _complains(self, text: str) -> bool:
        """Whether a piece of a part says something went wrong by its own words (not by a word the map's pain points
        use: "Booked weeks ahead" beside "Booked up weeks ahead" complains of nothing)."""
        reading = sn.text_score(text, self.plain_cues, bare=False)
        return reading.complains or reading.score <= -sn.LEAN

    def _parts(self, text: str) -> list[_Part]:
        pieces = sn.split_parts(text)
        if len(pieces) > 1 and sn.lone_exclamation(pieces[0]) and \
                (sn.repeats(pieces[1]) or self.cues.vader(pieces[1]) <= -sn.LEAN):  # "Lovely. Only took 7 weeks..."
            pieces[:2] = [f"{pieces[0]} {pieces[1]}"]  # "Brilliant. Lost my booking again.": read together (sarcasm)
        if len(pieces) > 1 and _THANKS_ALONE.match(pieces[-1]) and self.cues.vader(pieces[-2]) < sn.LEAN:
            pieces.pop()  # "... shows an error when I click pay. Thanks so much!": politeness, no verdict on the fault
        while len(pieces) > 1 and len(w.raw_words(pieces[-1])) <= TAIL_WORDS and not sn.TURN_START.search(pieces[-1]) and \
                max((h.score for h in self.index.stages(set(w.terms(pieces[-1])))), default=0.0) < SIGNAL_AT and \
                not self._takes_back(pieces[-2], pieces[-1]) and \
                not (sn.denies(pieces[-1]) and any(sn.raised(x) for x in pieces[-3:-1])) and \
                not (sn.denies(pieces[-2]) and any(sn.raised(x) for x in pieces[-4:-2])):  # "Everyone warns | Not here."
            pieces[-2:] = [f"{pieces[-2]} {pieces[-1]}"]  # "... Useless.", "... Legends.": a verdict on the rest
        for i in range(len(pieces) - 2, -1, -1):  # "Lovely staff, everyone warns you about X | not here": the problem
            if sn.denies(pieces[i + 1]):  # raised is a part of its own, and what came before it another
                pieces[i:i + 1] = sn.raised_apart(pieces[i])
        parts = [self._read(p) for p in pieces]
        for i in range(1, len(parts)):  # "Last time the stylist was rude. This time was the opposite."
            before, part = parts[i - 1], parts[i]
            if sn.says_opposite(part.text):
                # its own words are read without the map's nudges: "time" in "This time was the opposite" is
                # no complaint about a pain point's time
                if abs(part.reading.vader) < sn.LEAN <= abs(before.reading.score):
                    part.reading = sn.inverted(before.reading)
                    part.kept = True  # read from the part before: joined to another it would be read again
                elif abs(part.reading.vader) < sn.LEAN:
                    part.unread = True
                else:  # "This time was the opposite, lovely people": its praise is meant, whatever the rating
                    part.reading = replace(part.reading, bare=None)
                part.terms = part.terms | before.terms  # it speaks of the same thing
                part.hits = self.index.stages(part.terms)
                if sn.other_occasion(before.text):  # another occasion is no verdict on this one
                    before.reading = sn.background(before.reading, "another occasion, set against this one")
                    before.absent = set()
        for i in range(1, len(parts)):  # "Read reviews saying the showers run cold, not our experience at all"
            part = parts[i]
            if not sn.denies(part.text):
                continue
            # the problem raised may run over a turn of its own ("Read reviews saying extras get agreed | but never
            # booked | - not our experience"): the raising part and what follows it up to the denial
            raising = next((j for j in range(i - 1, max(-1, i - 3), -1) if sn.raised(parts[j].text)), None)
            if raising is None or any(q.kept or sn.denies(q.text) or (sn.leaning(self.cues.vader(q.text)) == sn.POSITIVE
                                                                      and not self._names_pain(q.terms))
                                      for q in parts[raising:i]):  # "Used to be great, not any more" complains
                continue
            said = parts[raising:i]
            worst = min(said, key=lambda q: q.reading.score)
            part.reading = sn.denial(worst.reading)
            part.terms = part.terms.union(*(q.terms for q in said))  # it speaks of the same thing
            part.hits = self.index.stages(part.terms)
            part.absent = part.absent.union(*(q.terms for q in said))  # ...and says it did not happen
            for q in said:
                q.reading = sn.background(q.reading, "a problem heard of, feared or met elsewhere, denied after "
                                                     "(no verdict)")
                q.absent = set()
                q.kept = True
            part.kept = True
        for part in parts:  # "Much better than other places where the showers run cold": what others do is no verdict
            if not part.kept and sn.compares_favourably(part.text):
                part.reading = sn.denial(part.reading, "better than others (what they do is no verdict on this one)")
                part.absent = part.absent | part.terms
                part.kept = True
        for i in range(1, len(parts)):  # "Pricey but worth it": the cost is conceded, no complaint
            if not sn.worth_it(parts[i].text):
                continue
            j = i - 1  # past a neutral aside: "Pricey? | Maybe once, | but worth every penny"
            if j > 0 and sn.leaning(parts[j].reading.score) == sn.NEUTRAL and not parts[j].reading.complains \
                    and parts[j].reading.vader >= 0:  # a faint problem ("slight hiccup with the X") is no aside
                j -= 1
            if (sn.leaning(parts[j].reading.score) == sn.NEGATIVE or parts[j].reading.complains
                    or parts[j].reading.vader < 0) \
                    and parts[j].reading.vader > -sn.CONCEDED:  # "a nightmare, but worth it" stays mixed
                parts[j].reading = sn.conceded(parts[j].reading, sn.worth_paying(parts[i].text))
                parts[j].kept = True  # joined to another part it would be read again, and complain again
        for i in range(len(parts) - 1):  # "I was terrified, but everyone was so kind": a fear before, no verdict
            # ...or a problem met at another business: "Compared to our last place where..., this is heaven"
            if (sn.apprehensive(parts[i].text) or sn.elsewhere(parts[i].text)) and not parts[i].kept \
                    and sn.leaning(parts[i + 1].reading.score) == sn.POSITIVE:
                parts[i].reading = sn.background(parts[i].reading, "how the customer felt before (no verdict)")
        changed = True
        while changed and len(parts) > 1:
            changed = False
            for i, part in enumerate(parts):
                if part.signal >= SIGNAL_AT or sn.TURN_START.search(part.text) or part.kept:
                    continue  # a clause that turns ("but I feel mugged") stays its own part
                j = i - 1 if i > 0 else i + 1
                if parts[j].kept or focus.comes_back(part.text) or focus.comes_back(parts[j].text):
                    continue  # (nor is "Will book again." read with the rest: it is no moment of booking)
                if sn.TURN_START.search(parts[j].text) and j > i:
                    continue
                a, b = _lean(part), _lean(parts[j])
                if {a, b} == {sn.POSITIVE, sn.NEGATIVE}:
                    continue  # praise never joins a complaint (it would be read, and attached, as one)
                if (part.reading.asks and b != sn.NEUTRAL) or (parts[j].reading.asks and a != sn.NEUTRAL):
                    continue  # nor does a question a verdict: "Brilliant for our hen do! | Could you do a prosecco
                    # package?" read as one is only a suggestion, and its praise is lost
                first, second = sorted((i, j))
                parts[first:second + 1] = [self._read(f"{parts[first].text} {parts[second].text}")]
                changed = True
                break
        return self._spanned(parts)

    def _spanned(self, parts: list[_Part]) -> list[_Part]:
        """Parts cut at a turn that tell one of the map's pain points across it are read as one: "The app said the
        combine was free on the 14th | but the owner refused my booking" is "Listing shows available but owner says
        no", which neither half fits alone. Only where neither half praises, and the pain point the two fit together
        shares words with each half (two complaints of their own, "The room was cold | but the staff took ages",
        stay apart)."""
        i = 0
        while i < len(parts) - 1:
            before, after = parts[i], parts[i + 1]
            if before.kept or after.kept or not sn.TURN_START.search(after.text) or \
                    sn.POSITIVE in (_lean(before), _lean(after)):
                i += 1
                continue
            joined = self._read(f"{before.text} {after.text}")
            top = self._fits(joined, self.index.pains(joined.terms))
            alone = [self._fits(q, self.index.pains(q.terms)) for q in (before, after)]
            if top is None or top.index in {hit.index for hit in alone if hit is not None} or \
                    not all(self.index.fault_terms(top.index, q.terms) for q in (before, after)) or \
                    _lean(joined) == sn.POSITIVE:
                i += 1
                continue
            parts[i:i + 2] = [joined]
        return parts

    def _names_pain(self, terms: set[str]) -> bool:
        """Whether a part's words fit one of the map's pain points ("out-of-scope charges are a surprise")."""
        pains = self.index.pains(terms)
        return bool(pains) and max(h.score for h in pains) > 0 and \
            confidence([h.score for h in pains]) >= PAIN_AT

    def _takes_back(self, before: str, tail: str) -> bool:
        """Whether a short closing sentence complains of praise before it ("They do a good job when they come. |
        Which isn't always."): it stays a part of its own (a closing exclamation or sarcasm still joins)."""
        if sn.lone_exclamation(tail) or sn.sarcastic(tail):
            return False
        said = sn.text_score(tail, self.cues, bare=False)
        return (sn.leaning(said.score) == sn.NEGATIVE or said.complains) and \
            sn.leaning(sn.text_score(before, self.cues, bare=False).score) == sn.POSITIVE

    def _match(self, text: str, rating: int | None, channel_column: str | None, extreme: bool,
               subject: str | None = None, moment: str | None = None) -> Match:
        parts = self._parts(text)
        if rating is not None and verdict.rating_mistaken(text):  # "clicked 0 meant 10 sorry!! had a great time":
            rating, extreme = None, False  # the words are read alone, not the rating the row takes back
        elsewhere = sn.not_feedback(text) or (not sn.bare_answer(text) and sn.not_about_us(text))  # on no stage either
        if sn.not_feedback(text):  # a job application, a pitch, an auto-reply: no verdict, no moment of the journey
            rating = None  # ...whatever star the form put on it
            for part in parts:
                part.reading = sn.background(part.reading, "not feedback (a job application, a sales pitch, an "
                                                           "automatic reply, a notice or a test)")
                part.absent = set()
        elif sn.bare_answer(text):  # "Y" in the comment box: the form's answer, no comment, whatever the rating
            rating = None
            for part in parts:
                part.reading = sn.Reading(0.0, 0.0, ["only a yes or a no (the form's answer, no comment)"])
        elif sn.not_about_us(text):  # "Fwd: 'food was cold'. Nothing to do with you": passed on, no verdict
            rating = None  # ("Wrong place sorry" at 1 star: the star is no verdict on this business either)
            for part in parts:
                part.reading = sn.Reading(0.0, 0.0, ["passed on, and said to have nothing to do with the business "
                                                     "(no verdict)"])
                part.absent = set()
        if any(p.reading.asks for p in parts):  # "Do you do X? Couldn't see any on the website": why they ask
            for part in parts:
                if not part.reading.asks and sn.not_found(part.text) and part.reading.vader > -sn.LEAN:
                    part.reading = sn.Reading(0.0, 0.0, ["what the customer could not find, beside their question "
                                                         "(why they ask, no verdict)"], asks=True)
        about = set(w.terms(subject)) if subject else set()
        if about:  # the subject line says what the whole row is about: its words place each part (on a stage
            for part in parts:  # and a pain point) too; its sentiment stays the part's own
                part.terms = part.terms | about
                part.about = subject or ""
                part.hits = self.index.stages(part.terms)
        when = set(w.terms(moment)) if moment else set()
        if moment:  # the moment column ("Survey": "12 months on", "After sign-off") says when the row was given: its
            for part in parts:  # words and moments place each part, and back no pain point (it says when, not what)
                part.when = part.when | when
                part.about = " ".join(x for x in (part.about, moment) if x)
                part.hits = self.index.stages(part.placing)
        # an exclamation of praise on a complaint is sarcasm ("Great. Paid £14 to lie next to a stranger's feet"
        # at 1 star, "...went to voicemail. Brilliant."): the part is read without it
        for i, part in enumerate(parts):
            bare = part.reading.bare
            if bare is None:
                continue
            others = any(q.reading.score <= -sn.LEAN for j, q in enumerate(parts) if j != i)
            if part.reading.gone:
                continue  # thanks for a problem gone is no sarcasm: "Zero messages lost... loved it"
            if (rating is not None and rating < 0) or others or bare.complains:
                part.reading = bare
        # praise of nothing in particular ("Fantastic." ... "Just fantastic.", "Really loving the suspense.") beside a
        # complaint, where nothing else in the comment is praised, is sarcasm: a complaint, not praise (a high rating
        # may mean it)
        if rating is None or rating < 0:
            hollow = [sn.hollow_praise(p.text) and sn.leaning(p.reading.score) == sn.POSITIVE for p in parts]
            complaint = any(not h and (p.reading.complains or p.reading.score <= -sn.LEAN)
                            for h, p in zip(hollow, parts))
            praise = any(not h and sn.leaning(p.reading.score) == sn.POSITIVE for h, p in zip(hollow, parts))
            if complaint and not praise:
                for h, part in zip(hollow, parts):
                    if h:
                        part.reading = sn.sarcasm_reading("praise of nothing in particular, beside a complaint")
        # praise that follows sarcasm without a turn is more of it ("Oh great, another week. Love that for me.")
        for part, mocked in zip(parts, sn.sarcasm_goes_on([p.text for p in parts], [p.reading for p in parts])):
            if mocked:
                part.reading = sn.sarcasm_reading("praise after sarcasm, with no turn between, is more of it")
        # words that mock ("oh brilliant, the sofa arrives ripped. really made my week") are not outweighed by the top
        # marks of the scale: the stars are not meant, and the row is read from its words alone
        if rating is not None and rating > 0 and extreme and any(sn.mocks(p.text, p.reading) for p in parts):
            rating, extreme = None, False
        # a faint verdict ("Food fine.") says nothing good alone; beside a complaint it is the side that went
        # well ("The move itself was fine but the agent messed up the keys"): a mixed comment
        for i, part in enumerate(parts):
            if part.reading.faint and any(q.reading.complains or q.reading.score <= -sn.LEAN
                                          for j, q in enumerate(parts) if j != i):
                # (the faint word is the verdict, even where vaderSentiment reads it as nothing: "Service itself ok.",
                # or a word the map made its own: "fine" for a hearing clinic's "Fine-tuning")
                said = part.reading.vader
                part.reading = replace(part.reading, score=max(said, sn.LEAN) if said >= 0 else said, faint=False,
                                       mild=True,
                                       nudges=["a faint verdict beside a complaint: what went well"])
        # a wish about one of the map's pain points ("Would love to pay by card instead of cash" against "Only takes
        # cash") says the problem is real: a complaint that backs it, never praise that contradicts it; a wish that
        # backs no pain point where it is placed is read as said (a suggestion)
        wish = [focus.wishes(p.text) and not p.reading.complains and not p.kept and not p.reading.scene
                and self._wished_pain(p) for p in parts]
        said = [p.reading for p in parts]
        while True:
            for part, wished, reading in zip(parts, wish, said):
                part.reading = focus.wished(reading) if wished else reading
            shape = ([bool(sn.TURN_START.search(p.text)) for p in parts], [p.reading.vader for p in parts],
                     [p.reading.asks for p in parts], sn.concedes([p.text for p in parts]),
                     [focus.wishes(p.text) for p in parts])
            feelings, _ = sn.combine([p.reading.score for p in parts], rating, extreme, *shape)
            if not extreme:  # praise and a wish about a pain point ("Good job on the nails. Would love to pay by
                # card instead of cash." at 4 stars): the rating is the praise's, and the wish the complaint beside it
                feelings = [sn.NEGATIVE if wished and f == sn.POSITIVE and any(
                    g == sn.POSITIVE for j, g in enumerate(feelings) if j != i) else f
                    for i, (wished, f) in enumerate(zip(wish, feelings))]
            top_marks = rating is not None and rating > 0 and extreme  # the best marks the scale has
            # a low rating beside praise in the customer's own words (NPS 6 for "quick and friendly, would
            # recommend") makes no pain point of a part that only the rating calls a complaint
            praised = any(sn.leaning(p.reading.score) == sn.POSITIVE and f == sn.POSITIVE
                          for p, f in zip(parts, feelings))
            beside = any(f == sn.POSITIVE for f in feelings)  # some part praises, by its words or by the rating
            out = [self._place(p, feeling, channel_column, top_marks, rating, praised, beside)
                   for p, feeling in zip(parts, feelings)]
            missed = [i for i, pm in enumerate(out) if wish[i] and (pm.pain_point or "new:").startswith("new:")]
            if not missed:
                break
            for i in missed:
                wish[i] = False
        base = sn.MIXED if sn.says_mixed(text) else sn.overall([p.sentiment for p in out])
        # a row read by a rule that keeps praise off pain points (a problem denied or met elsewhere, a
        # concession, sarcasm, a problem gone, a burden spared, "a mixed bag", a faint verdict beside a complaint,
        # a job application) keeps the hand verdict: the model
        # never weighs it
        # "Friendly team, my only complaint is the bill": the customer says the rest went well; read both ways, the
        # row is mixed and the model does not weigh it
        special = sn.says_mixed(text) or (base == sn.MIXED and sn.one_complaint(text)) or \
            any(p.kept or p.reading.scene or p.reading.gone or any(x.startswith(_SPECIAL) for x in p.reading.nudges)
                for p in parts)
        own = sn.combine([p.reading.score for p in parts], None, False, *shape)[0]  # the words alone, no rating
        signals = [] if special else verdict.features(
            text, base, rating, extreme, [p.sentiment for p in out], [p.reading.vader for p in parts],
            any(p.reading.complains for p in parts), self.cues.vader(text), [p.reading.score for p in parts], own)
        feeling, _ = verdict.decide(signals, base, self.verdicts)
        if feeling == sn.MIXED != base:
            # the model reads both sides where the rating gave every part its own: a part whose own words lean the
            # other way says so ("Turned up late because he couldn't park | but the tuning was spot on" at 4 stars:
            # the late arrival is a complaint, not praise of the drive)
            # (only when both sides are then read in the parts: a row of one part keeps its parts' verdicts, so the
            # model never gives a part a pain point the hand reading did not)
            flips = {i: own[i] for i, pm in enumerate(out)
                     if own[i] != sn.NEUTRAL and {own[i], pm.sentiment} == {sn.POSITIVE, sn.NEGATIVE}}
            if {sn.POSITIVE, sn.NEGATIVE} <= {flips.get(i, pm.sentiment) for i, pm in enumerate(out)}:
                for i, side in flips.items():
                    out[i] = self._place(parts[i], side, channel_column, top_marks, rating, praised, beside)
        elif feeling != base:  # the model overrules the hand reading: the parts that disagree lose their verdict
            for i, (part, pm) in enumerate(zip(parts, out)):
                if feeling == sn.NEUTRAL or {feeling, pm.sentiment} == {sn.POSITIVE, sn.NEGATIVE}:
                    if pm.sentiment != sn.NEUTRAL:
                        out[i] = self._place(part, sn.NEUTRAL, channel_column, top_marks, rating, praised, beside)
        if elsewhere:  # "Wrong place sorry, meant to review the groomers next door", "test": on no stage of the map
            for pm in out:
                pm.placed, pm.stage_id, pm.pain_point, pm.touchpoint_id, pm.confidence = False, None, None, None, 0.0
                pm.nudges.append("unplaced: not about this business (meant for another, a test, or not feedback)")
        return Match(out, feeling, rating is not None, base, signals)

    def _place(self, part: _Part, feeling: str, channel_column: str | None, top_marks: bool = False,
               rating: int | None = None, praised: bool = False, beside: bool = False) -> PartMatch:
        scores = [h.score for h in part.hits]
        fitted = self.placement.get("weights") if self.facts is not None else None
        pains = self.index.pains(part.terms)
        pm_note = ""
        top = self._fits(part, pains)
        fits = top is not None
        if fitted:  # the fitted stage model (:mod:`.stagemodel`): every stage by its whole content, or none
            probs, nowhere = stagemodel.softmax(stagemodel.features(
                self.index, self.facts, part.placing, part.text, feeling, part.hits, self._pain_shares(pains, part.terms),
                part.about),
                fitted, stagemodel.none_features(part.placing, part.text, feeling, part.hits))
            likeliest = max(range(len(probs)), key=lambda i: (probs[i], -i)) if probs else None
            stage = likeliest if likeliest is not None and probs[likeliest] > nowhere else None
            conf = round(probs[likeliest], 3) if likeliest is not None else 0.0
            sure = stagemodel.sureness(probs, likeliest, part.hits, self.placement,
                                       self.index.pain_stage[self.index.pain_ids[top.index]] if fits and top else None)
            if stage is not None and GATES.get("errand") and stagemodel.errand(part.text) and \
                    part.reading.vader > -sn.LEAN:
                stage = None  # an errand (an address, a newsletter, a remittance), no verdict in its words: no moment
                pm_note = "unplaced: an errand (a contact detail, a newsletter, a remittance), not an experience"
            elif stage is not None and GATES.get("nothing") and not self._topical(stage, part.placing) and \
                    not stagemodel.part_moments(part.text, part.about) and \
                    not any(self._pain_shares(pains, part.terms)) and \
                    not _PEOPLE_OR_WORK.search(part.text):
                # it shares no word of a topic with the stage, names no moment, fits no pain point and speaks of
                # neither the people nor the work ("Wrong number sorry"): about nothing on the map
                stage = None
                pm_note = "unplaced: it shares no word of a topic with the map"
        else:
            conf = sure = confidence(scores)
            best = max(part.hits, key=lambda h: h.score) if part.hits else None
            stage = best.index if best is not None and best.score > 0 else None
        place_at = place_threshold(self.placement, feeling) if fitted else PLACE_AT
        pm = PartMatch(part.text, feeling, confidence=sure, score=round(part.reading.score, 3),
                       nudges=list(part.reading.nudges), place_at=place_at)
        if fitted and stage is None and pm_note:
            pm.nudges.append(pm_note)
        # a complaint in a row given the best marks on its scale is evidence of a pain point only when its own
        # words are negative (vaderSentiment alone): a contrast kept as mixed, not a guess promoted to a fact
        # and never when its own words lean towards praise (a rating read it as a complaint: "The final bill was
        # fine" at 1 star), unless they also say what went wrong (a negation, a burden, a request): praise is no
        # evidence of a pain point, whatever the row's rating says. Nor is a part whose only complaint is that it
        # uses a pain point's word ("Quoted price was exactly what I paid"), unless the row is rated low or the
        # part turns against what came before ("..., though the base was a bit soggy"); a low rating makes no
        # such part evidence when the row praises in its own words elsewhere (the rating is then all against it)
        turns = bool(sn.TURN_START.search(part.text))
        evidence = (feeling == sn.NEGATIVE and not part.unread and (not top_marks or part.reading.vader <= -sn.LEAN)
                    and not part.reading.faint and not part.reading.mild and not part.reading.gone
                    and sn.leaning(part.reading.score) != sn.POSITIVE
                    and (part.reading.vader < sn.LEAN or part.reading.complains)
                    and (part.reading.complains or ((rating or 0) < 0 and not praised) or turns)
                    # a complaint the customer made small ("Showroom was a bit small but ...") in a row rated high where
                    # another part praises: a manager reads the row as praise, not as evidence of a problem
                    and not (sn.hedged(part.text) and (rating or 0) > 0 and (praised or beside)))
        top = max(pains, key=lambda h: h.score) if pains else None
        named = False
        if (stage is not None or focus.late(part.text)) and pains:
            # a stated pain point of the part's own stage, heard in the words of the problem it names ("the box was
            # torn" for the owner's "Postage damage"), beats an inferred pain point the words share, or none: it
            # backs that pain point, and never moves the part to another stage (a stated one that fits in the
            # map's own words keeps the part), unless someone came late (below)
            # someone came late ("she turned up an hour late", "Was told 10am, she arrived at 12:30"): in the words of
            # the owner's problem of arrival time, if the map has one, wherever the model would put the part
            late = focus.late(part.text)
            said = part.terms | focus.ARRIVAL if late else part.terms
            heard = self.index.pains_named(said)
            own_fit = top is not None and top.score > 0 and confidence([h.score for h in pains]) >= PAIN_AT and \
                self.index.coverage(top.index, part.terms) >= COVER_AT
            arrival = [h for h in heard if late and self.index.pain_family[h.index] & focus.ARRIVAL]
            # (a pain point that fits in the map's own words and names lateness itself keeps the part: "Party food
            # comes out late")
            late = bool(arrival) and not (own_fit and self.index.pain_own[top.index].keys() & focus.ARRIVAL)
            best = max(arrival if late else heard, key=lambda h: h.score)
            said = said if late else part.terms
            at = self.index.pain_stage[self.index.pain_ids[best.index]]
            if best.score > 0 and (not own_fit or not self.index.pain_stated[top.index] or late) and \
                    (top is None or best.index != top.index) and \
                    (at == stage or late) and self.index.pain_family[best.index] & said:
                pains, top, named = heard, best, True
                part = replace(part, terms=said)
        pain_conf = confidence([h.score for h in pains]) if top else 0.0
        fits = (top is not None and top.score > 0 and pain_conf >= PAIN_AT
                and self.index.coverage(top.index, part.terms, named) >= COVER_AT
                and (named or self.index.backs(top.index, part.terms, part.negated, self._faults(part),
                                               focus.sought(part.text))))
        finding = [i for i, yes in enumerate(self.index.pain_finding) if yes]
        if finding and wayfinding.about_finding(part.text):
            if evidence:
                # trouble finding the place ("Got lost, no sign", "the satnav took us to the wrong gate") backs the
                # map's pain point of finding it, however few words the two share, and goes to its stage
                heard = self.index.pains_named(part.terms)
                before = top.index if fits and top is not None else None
                likely = (lambda i: probs[self.index.pain_stage[self.index.pain_ids[i]]]) if fitted else (lambda i: 0)
                pick = max(finding, key=lambda i: (heard[i].score, i == before, likely(i)))
                pain_conf = max(pain_conf if pick == before else 0.0,
                                confidence([heard[i].score for i in finding]), FINDING_AT)
                top, named, fits = heard[pick], True, True
        elif fits and top is not None and self.index.pain_finding[top.index]:
            # "The desk was rude", "hard to find a slot": a word of "Front desk hard to find", not its fault
            fits = False
        if fits and top is not None:
            pp_id = self.index.pain_ids[top.index]
            pp_stage = self.index.pain_stage[pp_id]
            denied = self.index.denies(top.index, part.terms, part.absent)
            if denied and feeling != sn.POSITIVE:
                pm.contradicts = pp_id  # "never rushed": it says that pain did not happen, it never supports it
            elif stage is None or pp_stage == stage or named or (pain_conf > conf and not fitted) or \
                    (fitted and self.placement.get("pain_moves") and pain_conf > conf) or \
                    (fitted and sure < place_at and probs[pp_stage] >= sorted(probs)[-2]):
                # (with the model: a pain point on one of its two likeliest stages wins when it is unsure of
                # either: "No prices on here" between the stage with "No prices on Instagram" and the next)
                if evidence:
                    pm.pain_point, pm.pain_confidence, pm.pain_shared = pp_id, pain_conf, top.shared
                    if pp_stage != stage:
                        stage, conf, sure = pp_stage, pain_conf, pain_conf
                    pm.confidence = max(sure, min(pain_conf, 1.0))
                elif feeling == sn.POSITIVE and part.reading.score > 0 and not self.index.only_who(top.index,
                                                                                                   part.terms):
                    # only words that praise contradict a problem: top marks on "Card machine broke again" are no
                    # customer praising the broken card machine; nor is praise of the person who served ("Thank you
                    # to Gary the driver, always cheerful") a word against their fault ("Drivers turn up late")
                    pm.contradicts = pp_id
        service = self.index.service_stage
        moved = False
        if (fitted and feeling == sn.POSITIVE and pm.pain_point is None and service is not None and stage is not None
                and conf < WEAK_AT and probs[service] >= sorted(probs)[-2] and self._people_or_work(part)
                and not _MOMENT.search(part.text) and not part.terms & self.channels.keys()
                and not stagemodel.OVERALL.search(part.text)):  # "Couldn't fault them start to finish": every moment
            # praise of the people or of the work, naming no moment and none of the map's channels, that the model is
            # unsure of but finds about as likely where the work is done as anywhere ("He was lovely, a stylist I
            # trust" between "Find a salon" and the service): it is about the moment the work is done
            stage, moved = service, True
            pm.confidence = max(place_at, round(probs[service], 3))
            pm.nudges.append("praise of the people or the work: placed where the work is done")
        if (not fitted and feeling == sn.POSITIVE and pm.pain_point is None and service is not None and stage == 0
                and stage != service and PLACE_AT <= conf < WEAK_AT and self._people_or_work(part)
                and not _MOMENT.search(part.text)):
            # praise of the people or of the work, placed on another stage by a word or two in passing ("Sam was
            # brilliant, explained everything"): it is about the moment the work is done
            stage, moved = service, True
            pm.nudges.append("praise of the people or the work: placed where the work is done")
            part = replace(part, hits=[h if h.index != service else replace(h, score=max(h.score, 1e-9))
                                       for h in part.hits])
        if stage is not None:
            pm.stage_id = self.stage_ids[stage]
            pm.shared = part.hits[stage].shared
            pm.placed = pm.confidence >= place_at and not part.reading.scene  # a scene set is no evidence
            rival = max((h for h in part.hits if h.index != stage), key=lambda h: h.score, default=None)
            if fitted and len(probs) > 1:  # the model weighed the rivals: an unplaced part names the likeliest other
                other = max((i for i in range(len(probs)) if i != stage), key=lambda i: (probs[i], -i))
                if GATES.get("tie") and pm.pain_point is None and not moved and \
                        probs[other] > (1 - CLEAR_BY) * probs[stage]:
                    pm.placed = False  # two stages about as likely: a guess, for the user to assign
                if not pm.placed and probs[other] >= 0.5 * probs[stage]:
                    pm.runner_up = self.journey.stages[other].name
            elif pm.pain_point is None and rival is not None and rival.score > (1 - CLEAR_BY) * part.hits[stage].score \
                    and not moved:
                pm.runner_up = self.journey.stages[rival.index].name
                pm.placed = False  # two stages fit about as well: a guess, for the user to assign
        if not pm.placed:
            pm.pain_point = None
        elif evidence and pm.pain_point is None and pm.contradicts is None:
            named = self.catalogue.best(part.text)
            if named:
                pm.pain_point = f"new:{named[0]}"
        if pm.placed:
            pm.touchpoint_id = self._touchpoint(stage, part.terms, channel_column, pm.pain_point)
        return pm

    def _fits(self, part: _Part, pains: list[Hit]) -> Hit | None:
        """The pain point a part fits well enough to back (in the map's own words), or None."""
        top = max(pains, key=lambda h: h.score) if pains else None
        if top is None or top.score <= 0 or confidence([h.score for h in pains]) < PAIN_AT:
            return None
        if self.index.coverage(top.index, part.terms) < COVER_AT or \
                not self.index.backs(top.index, part.terms, part.negated, self._faults(part),
                                     focus.sought(part.text)):
            return None
        return top

    def _people_or_work(self, part: _Part) -> bool:
        """Whether a part speaks of the people who do the work or of the work (the trades' names for who serves
        too: "Lovely gentle groomer", "Such a patient mechanic")."""
        return bool(_PEOPLE_OR_WORK.search(part.text)) or bool(part.terms & WHO)

    def _wished_pain(self, part: _Part) -> bool:
        """Whether a wish is about one of the map's pain points: it fits one, and shares with it a word that only
        the map's pain points use ("cash" for "Only takes cash", "Can't pay cash"), not only the words of the stage
        it is on ("Would be nice if the booking page showed the free slots" is no word on "Few evening slots")."""
        top = self._fits(part, self.index.pains(part.terms))
        return top is not None and bool(part.terms & self.index.pain_only_terms &
                                        self.index.pain_docs[top.index].weights.keys())

    def _faults(self, part: _Part) -> set[str]:
        """The terms of the words a part names its fault in: its mildly negative words as this map reads them
        ("refused", "crashed", "creased"), not negated ("never late" names no fault); a strong word ("useless",
        "awful") says how bad it was, not what happened."""
        lexicon = self.cues.lexicon
        out = set()
        for word in w.raw_words(part.text):
            folded = w.fold_word(word)
            t = w.content(folded)
            if t and t not in part.negated and -sn.OWN_WORD_VALENCE < lexicon.get(folded, 0.0) < 0:
                out.add(t)
        return out

    def _topical(self, stage: int, terms: set[str]) -> bool:
        """Whether a part shares a word of a topic with a stage (not only a sentiment word: "wrong", "great")."""
        doc = self.index.stage_docs[stage]
        return any(w.topical(t) == 1.0 and (t in doc.weights or (w.prefix(t) and w.prefix(t) in doc.loose))
                   for t in terms)

    def _pain_shares(self, pains: list[Hit], terms: set[str]) -> list[float]:
        """Each pain point's confidence for a part (its softmax share among the pain points, damped when its own
        score is weak; 0 when the part covers too little of it): what :mod:`.stagemodel` weighs."""
        best = max((h.score for h in pains), default=0.0)
        if best <= 0:
            return [0.0] * len(pains)
        total = sum(math.exp(h.score - best) for h in pains)
        return [math.exp(h.score - best) / total * (1 - math.exp(-h.score / SURE_AT))
                if h.score > 0 and self.index.coverage(h.index, terms) >= COVER_AT else 0.0 for h in pains]

    def _touchpoint(self, stage: int | None, terms: set[str], channel_column: str | None,
                    pain_point: str | None) -> str | None:
        if stage is None:
            return None
        named = [self.channels[t] for t in sorted(terms) if t in self.channels]  # sorted: not the hash order
        if not named and channel_column:
            named = [self.channels[t] for t in w.terms(channel_column) if t in self.channels]
        for channel in named:
            if channel in self.touchpoints[stage]:
                return self.touchpoints[stage][channel]
        if pain_point and not pain_point.startswith("new:"):
            return self.pain_touchpoint.get(pain_point)
        return None

    def new_pains(self) -> dict[str, tuple[str, str, int]]:
        """``new:KEY`` -> (name, description, severity) of every catalogue problem this map's items may name."""
        return {f"new:{key}": self.catalogue.describe(key) for key in self.catalogue.entries}


def row_threshold(reason: str | None, placement: dict | None = None, sentiment: str | None = None) -> float:
    """The stage confidence that placed a stored row, from its reason: :data:`PLACE_AT` for a part a language model
    placed (:data:`MODEL_PLACED`), else the offline matcher's (:func:`place_threshold`) for the part's ``sentiment``."""
    return PLACE_AT if MODEL_PLACED in (reason or "") else place_threshold(placement, sentiment)


def place_threshold(placement: dict | None = None, feeling: str | None = None) -> float:
    """The stage confidence at or above which :class:`Matcher` places a part: the fitted stage model's threshold
    (``placement.json``) when there is a model, else :data:`PLACE_AT`; ``feeling``: the part's sentiment, whose own
    threshold (the model's ``thresholds``, when it has one for it) is never below the general one."""
    model = stagemodel.model() if placement is None else placement
    if not model.get("weights"):
        return PLACE_AT
    general = float(model.get("threshold", PLACE_AT))
    return max(general, float((model.get("thresholds") or {}).get(feeling, general))) if feeling else general
