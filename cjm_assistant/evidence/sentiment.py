"""Sentiment: a comment split into its parts, each part read, and the rating taken into account.

* :func:`split_parts` (:mod:`.clauses`): sentences, and clauses that turn ("but",
  "although", "however", "though", "except", "otherwise", "whereas", ";", a
  dash), so that "Lovely cut but my appointment started 20 mins late" is two parts.
* :func:`text_score`: a part's reading from its words, -1..+1: the
  ``vaderSentiment`` compound score (a maintained lexicon and rules: negation,
  intensifiers, "but", capitals, punctuation; its lexicon gains the general
  customer-service words of ``lexicon.toml``: "slow", "late", "overcharged"),
  with greetings, "please" and a closing "thanks" left out, nudged towards a
  complaint by what the map says hurts (:class:`Cues`: a term only the map's
  pain point names use), by a negated plain word ("nobody picked up", "no
  tracking"), by a negated problem word the other way ("no problem": a
  problem that did not happen) and by a request or wish ("would be nice
  to...", "let me..."); a plain question ("Are you open on Sundays?") reads
  neutral and judges nothing, whatever the rating.
* :func:`combine`: the parts' readings and the row's rating (-1/0/+1 on its
  scale) into one sentiment per part and one for the row. A part that reads
  neutral takes the rating's side, unless it turns ("Cut was good, bit of a
  long wait tho": the opposite of what it follows); a part that reads against
  the rating keeps its own reading when it is strong, or when another part
  agrees with the rating (a mixed comment: "Great colour. Only 4 stars
  because...") and the rating is not at the top of its scale, or the comment
  turns between them ("..., but the pizza still arrived hot"); otherwise the
  rating wins ("no contract, no joining fee" at 5 stars is praise). Only
  vaderSentiment's own strong reading holds against a rating: the nudges are
  guesses and never overturn it. The row
  is mixed when it has both complaint and praise parts.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field, replace

from . import wayfinding
from . import words as w
from .clauses import (LEAN, MIXED, NEGATIVE, NEUTRAL, POSITIVE, TURN_START, comma_verdicts,  # noqa: F401
                      denies, hedged, leaning, split_parts)
from .clauses import negated_within as _negated_within
from .vader import LEXICON_FILE, analyser
from .stagemodel import ACCOUNT_CHANGE

STRONG = 0.5  # ...and at which it holds against the rating on its own
CONCEDED = 0.3  # a complaint read less strongly than this is conceded by "but worth it", "fair enough"
PROBLEM_NUDGE = 0.2  # a term only the map's pain point names use
NEGATION_NUDGE = 0.25  # a plain word negated: "nobody picked up"
REQUEST_NUDGE = 0.3  # a request or wish: something is missing ("would be nice to save my addresses")
BURDEN_NUDGE = 0.3  # the customer had to do more than they should ("had to email it", "ended up")
OWN_WORD_VALENCE = 2.0
CONCEDE = 0.35  # a negated clause before "but" whose words lean less than this towards praise, before a
# complaint that leans at least twice as much, is a concession ("not your fault, but..."), not a verdict

# (an opening "yes" answers the business, a consent, no verdict: "yes please go ahead with the black frame")
_POLITE = re.compile(r"^\s*(?:hi|hello|hey|dear)\b[\s,!]*(?:[A-Z][a-z]+\b[,!]?)?|^\s*(?:yes|yep)\b(?:[\s,!]+please\b)?|\bplease\b|\bfind (?:attached|enclosed)\b|"
                     r"\b(?:many\s+)?(?:thanks|thank you|cheers|ta)\b[\s,.!]*(?:[A-Z][a-z]+)?[\s.!x]*$", re.I)
# courtesy that says there is no hurry: "Not urgent.", "no rush", "no worries if not"
_NO_HURRY = re.compile(r"\b(?:(?:i'?m |we'?re |i am |we are |am |are )?(?:happy|glad|willing) to (?:pay|wait|come|move|send|"
                       r"change|swap|call|ring|drop|collect|do|help|bring|share|travel)\b[^.!?;]*|not (?:urgent|important|essential|a (?:big )?(?:deal|priority))|no (?:rush|hurry|worries|"
                       r"big deal|pressure)(?: if not)?|whenever (?:you can|suits|you get a (?:chance|minute))|"
                       # nothing is asked back: "No reply needed", "no need to respond" (no reply that failed to come)
                       r"no (?:reply|response|answer|action|call ?back)s? (?:is )?(?:needed|required|necessary)|"
                       r"no need to (?:reply|respond|answer|get back|call|ring)(?: (?:me|us))?)\b[\s,.!]*", re.I)
_REQUEST = re.compile(r"\b(?:could you|would be (?:nice|good|great|better|helpful|handy)|it'?d be (?:nice|good|great)|"
                      # a wish about what already happened: "would have liked to pick our pitch", "would've been nice to know", "a text
                      # would have helped"
                      r"would(?:'?ve| have| of) (?:liked|loved|preferred|helped|been (?:nice|good|great|better|helpful|handy))|"
                      r"\bwish\b(?! (?:you|them|him|her|everyone) (?:all|a|every|the best|well|luck|success)\b)|(?<!how it )(?<!as it )(?<!what it )should(?:n'?t)? (?:be|have|show|tell|let)|(?:not|n't) (?:how|what|as) it should\b|needs? to be|"
                      r"you need to|let me|make (?:it|the)\b|"
                      # a wish for something the business does not give: "Would like a Sunday session", "would still
                      # like weekend support" (not "I'd like to book", "would love it if")
                      r"(?:i'?d|we'?d|\bwould)\s+(?:still\s+|really\s+|also\s+|just\s+)?(?:like|love|prefer)\s+"
                      r"(?!to\b|it\b|you\b|him\b|her\b|them\b|that\b|this\b|if\b|us\b|me\b)\w+|"
                      r"\bjust (?:recommend|tell|send|give|pick|choose|say|show|fix|sort|answer)\b)|^\s*why\b|\bwhy\W*$|\bwhy (?:is|are|does|do|did|has|have|was|were|can'?t|"
                      r"cant|isn'?t|won'?t|would)\b", re.I)


# "how come" asks why: "How come my class was double booked again?" (not of what its own words praise: "How come the
# evening class is so good?")
_HOW_COME = re.compile(r"^\s*how come\b|\bhow come (?:my|our|the|you|your|it|i|we|they|there|this|that|nobody|"
                       r"no one)\b", re.I)


# a polite suggestion: it asks for something, and says nothing went wrong unless its other words do ("Would be
# nice to save my addresses", "Could you play less music in yin?"); a demand ("should", "why", "I wish",
# "you need to") is a complaint
# what a suggestion says does not happen now: "would be nice if the app actually showed which days are free"
_ACTUALLY = re.compile(r"\b(?:if|to|when)\b[^.!?]*\bactually\b", re.I)
_SUGGEST = re.compile(r"\b(?:could you|can you|would you|could we|can we|would (?:it )?be (?:nice|good|great|better|"
                      r"helpful|handy|lovely|amazing|brilliant|cool)|it'?d be (?:nice|good|great|lovely|handy|helpful|"
                      r"amazing|cool)|any chance (?:of|you|we)|(?:feature )?(?:request|suggestion)\s*:|"
                      r"please (?:add|consider|bring back)|(?:i'?d|we'?d) love (?:it )?if|how about|what about|"
                      r"it would (?:really )?help(?: if)?|would be (?:really )?useful|any plans (?:to|for)|on the roadmap|"
                      r"is there (?:a way|any way|an option|a setting)|(?:i'?d|we'?d|would) love to see|"
                      r"can (?:someone|somebody|anyone)|could (?:someone|somebody|anyone)|(?:i'?d|we'?d|(?:i |we )?would) like to)\b", re.I)
# a task the customer had to do themselves ("I had to clean up after them"); "I have to say" is no task
_HAD_TO = re.compile(r"\b(?:had|have|having) to (?!say|admit|laugh|smile|hand it|give (?:it|them)|recommend|thank|"
                     r"come back|go back|return\b)\w+", re.I)
_BURDEN = re.compile(r"\b(?:(?:on hold|queuing|queueing|in a queue) (?:for|over) |kept (?:us|me|them) (?:up|awake)\b|"
                     r"asked for\b[^.!?]*?(?:\band|\bbut|,)\s*(?:got|was given|were given|they gave|received|ended up)\b|"
                     r"keeps (?!getting better|improving|me (?:updated|informed|posted)|in touch)\w+ing\b|"
                     r"logs? (?:me|us|you) out|logged (?:me|us) out|before (?:i|we) (?:could|got a chance|had a chance)|"
                     # it is slow: "takes 30 seconds to load", "took three weeks to get a reply"
                     r"(?:takes?|took|taking) (?:over |nearly |almost |about |around |at least |up to )?(?:\d+|a few|several|two|"
                     r"three|four|five|six|seven|eight|nine|ten) (?:secs?|seconds|mins?|minutes|hours|days|weeks|months) to "
                     r"(?:load|open|sync|save|run|start|log|respond|reply|hear back|answer|fix|sort|process|refund|"
                     r"get (?:a |any )?(?:reply|response|answer|refund|call ?back))\b|"
                     r"kept (?:pushing|trying to (?:sell|push|get)|upselling|nagging|pestering|calling|ringing|emailing|"
                     r"texting|cancell?ing|changing|moving|rescheduling|losing|forgetting)|had to|(?<!might )(?<!may )(?<!will )(?<!would )(?<!could )(?<!'ll )(?<!do i )(?<!do we )(?<!does it )have to|having to|ended up|(?:kept|left) (?:waiting|hanging|on hold)|still (?:waiting|not|no|nothing|nobody|none)|every (?:single )?time|"
                     r"(?:two|three|four|several|many) times|chase[ds]?|chasing|just want(?:ed)? to|"
                     # asked more than once: "emailed twice", "rang them again and again"
                     r"(?:emailed|e-mailed|called|rang|phoned|messaged|texted|asked|wrote|chased) (?:\w+ )?(?:twice|"
                     r"repeatedly|again and again|(?:three|four|five|several|multiple) times)|"
                     r"only (?:lets?|allows?|shows?|takes?|accepts?)\b|"
                     # paid twice: "charged my card twice", "double charged", "billed two times for one order"
                     r"(?:charged|billed|debited|(?:took|taken|taking|takes) (?:the |our |my )?(?:payment|fee|money|deposit|"
                     r"subscription|direct debit)) (?:\w+ ){0,3}?(?:twice|double|two times)|"
                     r"double[- ]?(?:charged|billed|debited|booked|booking)|overbooked|"
                     # it took too long: "took ages", "takes forever", "took a while"
                     r"(?:took|takes|taking|take) (?:ages|forever|a while|so long|too long)\b|"
                     # it went wrong before: "second time this year", "3rd time this has happened", "the same thing again"
                     r"(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) time\b|"
                     r"same (?:thing|problem|issue|fault)\b.*\bagain\b|"
                     # a star taken off, and why: "only knocked a star off cos...", "gave 4 because..."
                     r"(?:knock(?:ed|ing)?|took|taken|docked) (?:a|one|1|two|2) stars? off|(?:lost|loses|lose|minus|dropped) "
                     r"(?:a|one|1) star|"
                     # what would have earned the rest: "would be 5 stars if...", "would of been a 9 but..."
                     r"would(?: have|'?ve| of)? (?:be|been) (?:a )?(?:\d+|five|ten|full marks)(?: stars?)?(?: out of \d+)? "
                     r"(?:if|but|except|apart)\b|"
                     r"(?:gave|giving|give) (?:it |you )?(?:a )?(?:[1-4]|one|two|three|four)(?: stars?)? "
                     r"(?:because|cos|coz|as|since)|"
                     # a promise not kept: "you said you'd send a price last month", "was promised a callback"
                     r"(?:you|u|they|he|she) (?:said|promised) (?:you|u|they|he|she)(?:'?d| would)\b(?=.*\b(?:last|ago|yet|still|"
                     r"never|weeks?|months?)\b)|(?:was|were) (?:told|promised) (?:\w+ )?(?:it|they|he|she|i|we|that)(?:'?d| would)\b)",
                     re.I)


# the customer asks to cancel: "please cancel my cover", "can you cancel my appointment", "I'd like to cancel"
_CANCEL_ASKED = re.compile(r"\b(?:please|pls|can you|could you|would you|(?:i|we)(?:'d| would) like to|"
                           r"(?:i|we) (?:want|need) to)"
                           r"\s+(?:\w+\s+)?(?P<verb>cancel)\b", re.I)


# the customer asks to keep what they have: "Please dont move it", "please don't ever change", "don't cut it": a wish
# to keep it, no complaint (a negation of a request to change, not a negated problem)
_KEEP_ASKED = re.compile(r"\b(?:please\s+|pls\s+|just\s+)?(?:do\s+not|don'?t|dont|never)\s+(?:ever\s+)?(?:move|cut|change|stop|"
                         r"close|scrap|drop|cancel|axe|end|lose|get rid of|take away)\s*(?:it|this|that|her|him|them|a thing|anything|"
                         r"(?:the|our|my|your|this|that|these|those) (?:[\w'-]+\s*){1,3}?)?\b(?=\W*$)", re.I)
# being let down is failing someone, an idiom vaderSentiment lacks: "let me down again" complains, "never let me down
# in 3 years" praises (read as "failed me": its negation is praise, not a request to be let do something)
_LET_DOWN = re.compile(r"\blet (me|us|him|her|them|you) down\b", re.I)
# an obligation the customer learnt of, no burden the business put on them: "I had no idea we had to do that"
_LEARNT_OF = re.compile(r"\b(?:no idea|(?:didn'?t|did not|never) (?:know|realise|realize)|forgot|unaware)\s+(?:that\s+)?"
                        r"(?:we|i|you)\s+(?:had|have|needed|need)\s+to\b", re.I)


class Cues:
    """What one map says about words.

    ``problem``: terms its pain point names use and no neutral lane does ("unanswered", "late").
    ``own``: terms of its stage names, actions and touchpoints: the business's own things and steps,
    which carry no sentiment here even where vaderSentiment gives them a mild one (a salon's "cut", a
    print shop's "bleed" or "approve": |valence| < 2). Goals are left out: "looking good" is a wish.
    """

    def __init__(self, problem: frozenset[str] = frozenset(), own: frozenset[str] = frozenset()):
        self.problem = problem
        base = analyser()
        drop = {word for word, valence in base.lexicon.items()
                if abs(valence) < OWN_WORD_VALENCE and w.content(word) in own and word not in _supplement()}
        if drop:
            import copy

            self._analyzer = copy.copy(base)
            self._analyzer.lexicon = {k: v for k, v in base.lexicon.items() if k not in drop}
        else:
            self._analyzer = base
        self.neutralised = frozenset(drop)
        self.lexicon_words = frozenset(self._analyzer.lexicon)
        self._score = functools.lru_cache(maxsize=100_000)(
            lambda text: self._analyzer.polarity_scores(_sentences_apart(text))["compound"])

    @property
    def lexicon(self) -> dict[str, float]:
        """vaderSentiment's word valences as this map reads them (its own mild words left out)."""
        return self._analyzer.lexicon

    def vader(self, text: str) -> float:
        return self._score(text)


# vaderSentiment looks three words back for a negator, across the end of a sentence too: "Never any hassle. Best
# bacon in town" read "best" as negated. Three neutral words between sentences keep each negation in its own.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)")
_GAP = " zq zq zq "


def _sentences_apart(text: str) -> str:
    return _SENTENCE_END.sub(_GAP, text)


@functools.cache
def _supplement() -> frozenset[str]:
    with LEXICON_FILE.open("rb") as fh:
        return frozenset(tomllib.load(fh)["valence"])


@dataclass
class Reading:
    score: float  # -1..+1 from the words
    vader: float
    nudges: list[str] = field(default_factory=list)  # why the score moved from vader's: "“late” (a pain point word)"
    asks: bool = False  # a question that judges nothing ("Are you open on Sundays?")
    bare: Reading | None = None  # the reading without an opening or closing exclamation ("Great.", "cheers lads")
    complains: bool = False  # its words say something went wrong: negative words, a negation, a burden, a request
    faint: bool = False  # a faint verdict ("Fine", "ok I guess"): neutral alone, the better side beside a complaint
    gone: bool = False  # a problem said to be gone, with thanks ("No bank transfer only rule anymore, thank you!")
    mild: bool = False  # a faint verdict kept as what went well beside a complaint: never a complaint itself
    scene: bool = False  # it only sets the scene for what follows (another occasion, a fear before): not placed


_QUESTION_MARK = re.compile(r"\?\W*$")
# a question written without its "?": "how do I change my booking", "can I bring a friend", "is there parking"
_ASKED = re.compile(r"^\s*(?:how|what|where|when|who|which|can|could|do|does|is|are|will|would)\s+(?:do|does|can|could|"
                    r"should|would|will|i|you|we|is|are|there|it|my|the|time|much|long)\b[^.!]*$", re.I)


class _Question:
    """A sentence that asks: it ends in "?", or it opens as a question does ("how do I ...")."""

    @staticmethod
    def search(text: str) -> bool:
        return bool(_QUESTION_MARK.search(text) or _ASKED.search(text.strip(" .")))


_QUESTION = _Question()
# what the customer was told or promised: "I was told that would be fine" reports a promise, no faint verdict
_PROMISE = re.compile(r"\b(?:was|were|been) (?:told|promised|assured)\b", re.I)
# a faint verdict: "Fine", "ok I guess", "it was alright": no praise (nor complaint) in it
FAINT = frozenset({"fine", "ok", "okay", "alright", "average", "acceptable", "adequate", "passable", "fair",
                   "decent", "reasonable", "satisfactory", "meh", "so-so"})
_HEDGE = re.compile(r"\b(?:i guess|i suppose|suppose so|nothing special|nothing to write home about|not bad(?! at all)|"
                    r"could be worse|all right|so so|it'?ll do|will do)\b", re.I)
# "lukewarm at best", "could be better", "room for improvement": faint praise says it was poor
_AT_BEST = re.compile(r"\b\w+ at best\b|\bcould (?:be|have been|do) (?:\w+ )?better\b|\b(?:room|scope) for improvement\b|"
                      r"\bleaves? (?:a lot|much|something) to be desired\b|\b(?:i|we) (?:expect|expected|deserve|want) (?:much |a lot |a bit |far )?better\b", re.I)
# what the customer pays went up or down: "the price has gone up again", "bill was lower than expected"
_MONEY = r"(?:pricing|plan|price|prices|bill|bills|cost|costs|fee|fees|charge|charges|premium|rate|rates|tariff|subscription|invoice|quote|payment|payments|direct debit|renewal)"
_DEARER = re.compile(rf"\b{_MONEY}\b[^.!?]*?\b(?:gone up|went up|going up|increased|risen|rose|doubled|tripled|jumped|jumps|hiked|"
                     r"(?:higher|more|dearer|bigger) than (?:the |what (?:was |we were |i was |they )?)?(?:quoted|expected|estimated|agreed|promised|advertised|last \w+|before))\b",
                     re.I)
# it came as a surprise: "with no warning", "without telling us", "out of the blue"
_UNANNOUNCED = re.compile(r"\b(?:with(?:out)? (?:any |no |zero )?(?:warning|notice|notification|heads[- ]up|explanation|"
                          r"telling (?:us|me|anyone))|out of the blue|nobody (?:told|warned|explained)|"
                          r"no (?:one|body) (?:told|warned|explained))\b", re.I)


_CHEAPER = re.compile(rf"\b{_MONEY}\b[^.!?]*?\b(?:gone down|went down|came down|dropped|fell|reduced|halved|"
                      r"(?:lower|less|cheaper|smaller) than (?:the |what (?:was |we were |i was |they )?)?(?:quoted|expected|estimated|i thought|we thought|last \w+|before))\b",
                      re.I)
# negators vaderSentiment does not know as such ("no" it reads as a negative word of its own): said to it as
# "not" where they negate a problem ("No voicemail", "Nobody was rude", "zero hassle")
_NO_BEFORE_WORD = re.compile(r"\b(?:no|zero|nobody|no one|noone)\b(?=\s+[A-Za-z])", re.I)
_NOBODY = re.compile(r"\b(?:zero|nobody|no one|noone)\b(?=\s+[A-Za-z])", re.I)
# thanks, or the customer's own delight: a part that says so while negating a problem's words says the problem is
# gone ("No bank transfer only rule anymore, thank you!", "Zero messages lost... loved it"); not a sarcastic or
# refused thanks ("thanks for nothing", "no thanks"); a one-word exclamation ("brilliant") is read by
# exclamations_removed
# a negation quantified ("not one message got lost", "zero calls missed"): vaderSentiment reads only "not" and
# only three words back, so it is said to it as a plain "not"
_QUANTIFIED = re.compile(r"\b(?:not (?:one|a single|once|even one)|never once|zero)\b", re.I)
# the problem is still there, or only not yet solved: "no reply yet", "still no refund", "so far nothing"
_PENDING = re.compile(r"\b(?:yet|still|so far|again|any time soon)\b", re.I)
# how a problem is said to be gone: a problem word negated, "anymore", "no longer", "without me asking"
_GONE = re.compile(r"\b(?:any ?more|no longer|without (?:me|us|my|our|having|needing|any)|nonsense|"
                   r"(?:not|never) once)\b", re.I)
_THANKS = re.compile(r"\b(?:thanks|thank you|thankyou|grateful|loved it|(?:much )?appreciated)\b", re.I)
_NO_THANKS = re.compile(r"\b(?:thanks|thank you) (?:for nothing|a lot|very much for nothing)\b|\bno,? thanks?\b|"
                        r"\b(?:not|never|isn'?t|wasn'?t|hardly) (?:\w+ )?grateful\b", re.I)
# praise said through a negation, in general English: vaderSentiment reads "can't recommend enough" and
# "wouldn't go anywhere else" as complaints
# worth what it cost: "worth every penny", "worth the wait", "you get what you pay for"
WORTH = r"(?:(?<!not )(?<!n't )(?<!never )(?<!hardly )(?<!barely )worth (?:it|every penny|the (?:money|wait|price|extra|trip|drive|journey|hassle)|paying|every minute)|you get what you pay for)"
_WORTH = re.compile(rf"\b{WORTH}\b", re.I)
# ...or the customer grants it: "fair enough", "understandable", "they did tell us in advance"
_GRANTED = re.compile(r"\b(?:fair enough|(?:which is |that'?s |it'?s )?understandable|understandably|(?:i|we) get it|"
                      r"makes sense|can'?t complain|(?:they|you|he|she) did (?:tell|warn|let) (?:us|me)|no big deal)\b", re.I)
# it happened when it should: "on time", "as promised", "spot on"
_EXPECTED = re.compile(r"\b(?:promised|supposed to|meant to|should(?:'?ve| have)?|said (?:they|it|he|she|you)|was told|"
                       r"were told|quoted|expected|guaranteed)\b", re.I)
_ON_TIME = re.compile(r"\b(?:on time|on schedule|as promised|as agreed|as quoted|on the dot|to the minute|bang on time|"
                      # ...or soon: "refunded within a week", "replied within the hour", "same day", "first ring"
                      r"within (?:an?|the|\d+|one|two|three|a few|24|48) (?:hours?|days?|minutes?|mins?|weeks?)|"
                      r"same[- ](?:day|afternoon|morning|evening|night)|first ring|straight away|right away|"
                      r"right on time|dead on time|when (?:they|he|she|you) said (?:they|he|she|you) would)\b", re.I)
_PRAISE_IDIOM = re.compile(r"\b(?:(?:can'?t|cannot|couldn'?t) (?:recommend|thank|praise) (?:\w+ ){0,3}enough|"
                           r"(?:can'?t|cannot|couldn'?t) fault|(?:wouldn'?t|won'?t|never) go anywhere else|"
                           r"nothing (?:was )?too much (?:trouble|bother)|no complaints|nothing to complain about|"
                           r"(?:couldn'?t|could not|can'?t|cannot) (?:have )?ask(?:ed)? for (?:more|better|anything more)|"
                           # admiration: "no idea how he does it", "don't know how they do it so fast"
                           r"(?:no idea|(?:don'?t|do not) know) how (?:he|she|they|you) (?:do|does|did|manage)s? it|"
                           # amazement, and praise said through a limit: "couldn't believe how quickly", "couldn't
                           # be happier", "wouldn't hesitate", "didn't leave until it was working", "it just works"
                           r"(?:can'?t|cannot|couldn'?t|could not) believe how \w+|"
                           r"(?:couldn'?t|could not|can'?t) (?:be|have been) (?:happier|better|easier|quicker|more \w+)|"
                           r"(?:wouldn'?t|would not|won'?t) hesitate|no hesitation|"
                           r"(?:don'?t|do not) know what (?:i|we)'?d do without|"
                           r"(?:didn'?t|did not|wouldn'?t|would not) (?:leave|stop|give up|rest) until|"
                           r"(?:it|everything|that|this) (?:just )?works?(?: perfectly| like a charm| a treat)?[.!]*$|"
                           r"just works|(?:pays?|paid) for itself|(?:barely|hardly|never even|didn'?t even) notice[ds]?\b|"
                           # regret at not coming sooner, eagerness, a verdict through a difficulty
                           r"wish (?:i|we)'?d? (?:had )?(?:\w+ ){0,4}?(?:sooner|earlier|years ago|ages ago|before now)|"
                           r"should(?:'?ve| have) (?:\w+ ){0,4}?(?:sooner|earlier|years ago|ages ago)|only regret|"
                           r"(?:can'?t|cannot) wait (?:to|for|until)|(?:hard|difficult|impossible) to (?:fault|beat|improve on)|"
                           r"(?:couldn'?t|could not|can'?t) do enough|"
                           # they would come back: "would stay again", "will be back", "will definitely return"
                           r"(?<!n't )(?<!not )(?<!never )would (?:definitely |happily |certainly |100% )?(?:stay|come|book|use|go|"
                           r"visit|return|buy|order|recommend|choose)(?: \w+)? again|"
                           r"(?<!n't )(?<!not )will (?:definitely |certainly )?(?:be back|return|be returning|be booking again)|"
                           r"no surprises|pleasantly surprised|no hidden (?:fees|charges|costs|extras)|"
                           r"exactly as (?:ordered|described|pictured|promised|agreed|advertised|quoted|expected)|"
                           r"(?:that'?s|which is) all (?:we|i) (?:ever )?(?:want|ask|need)|"
                           # what they did is what should be: "That's how it should be done", "just as it should be"
                           r"(?<!not )(?<!n't )(?:how|as) it should (?:be(?: done)?|work|go)(?=\W*$)|(?:was|were|been) (?:proved|proven) wrong|exactly what (?:i|we) (?:needed|wanted|(?:was|were) (?:looking|after))|" + WORTH + r")\b",
                           re.I)
# praise said in an idiom of service English, whose words vaderSentiment reads as nothing ("the fit was spot on",
# "went above and beyond", "10/10"); negated ("wasn't exactly spot on") it is no praise
_PRAISE_PHRASE = re.compile(r"\b(?:spot[- ]on|bang on|top[- ]notch|second to none|above and beyond|"
                            r"(?:went|go|goes|going) the extra mile|on the ball|first[- ](?:class|rate)|(?:10|ten) ?(?:/|out of) ?(?:10|ten)|"
                            r"nailed it|hats off|a breeze|a godsend|a life ?saver|lifesaver|a cut above)(?!\w)", re.I)
# a complaint said in an idiom whose words vaderSentiment reads as nothing: "that took the biscuit", "the last straw"
_COMPLAINT_IDIOM = re.compile(r"\b(?:(?:took|takes|taking|take) the (?:biscuit|cake)|the (?:last|final) straw|fed up|"
                              r"had (?:it up to here|enough)|beggars belief|sick (?:and tired|to death) of)\b", re.I)
# sarcasm: praise words said of what went wrong. A thanks or a verdict "for nothing"; "oh great," "just
# perfect."; "just what I needed"; a "joke" or a "farce"; "well done, another..."
_PRAISE_WORD = r"(?:great|brilliant|wonderful|lovely|fantastic|perfect|marvellous|super|fab|fabulous|awesome|nice|superb)"
# praise of the time the customer lost, said after a complaint: "Lovely use of my morning.", "Great way to spend my
# lunch break" (alone, about a leisure business, it may be meant: the matcher reads it so only beside a complaint)
_TIME_LOST = re.compile(rf"^\W*(?:(?:a|what a|such a)\s+)?(?:really\s+)?{_PRAISE_WORD}\s+"
                        r"(?:way to (?:spend|start|end)|use of)\s+"
                        r"(?:my|our|the|a)\b[^.!?]{0,40}[.!?]*\s*$", re.I)
_SARCASM = re.compile(
    r"\b(?:thanks|thank you|cheers|ta|grateful|appreciated?)\b(?: \w+){0,2}? for nothing\b|"
    rf"(?:^|(?<=[,.!?…]))\s*(?:oh|just|yeah)\s+{_PRAISE_WORD}\s*(?:[,.!…]|$)|"  # "Oh great." opens; "are just lovely" is praise
    # disbelief: "Yeah right, 'same day'." ("yeah, right next to the station" goes on, and is no disbelief)
    r"(?:^|(?<=[,.!?…]))\s*yeah,?\s+right\s*(?:[,.!…]|$)|"
    r"\bjust what (?:i|we) (?:needed|wanted)\b|\b(?:what|such) an? (?:joke|farce|shambles)\b|"
    # a mock reason: "Yeah because waiting 3 weeks for a slot is exactly what I wanted"
    r"(?:^|(?<=[,.!?…]))\s*(?:yeah|oh yeah|yes|sure),?\s+because\b|"
    # loving what was imposed: "love finding out the fee with a week to pay", "love having to chase"
    r"\b(?:i |we )?(?:just )?love(?:d)? (?:having to|being (?:told|made|kept|charged|left|ignored)|finding out|"
    r"getting (?:charged|told)|waiting|that (?:i|we) (?:have|had) to)\b|"
    # praise taken back: "..., really wakes you up. Not."
    r"(?:^|(?<=[.!,…]))\s*not[.!]+\s*$|"
    r"\b(?:well done|good job|nice one)\b[,.!…]*\s*(?:another|again|still|you (?:lost|broke|forgot|missed))\b", re.I)
# ...and an exclamation of praise that opens the comment and goes on to more of the same trouble ("Great,
# another delay"; "Brilliant. Lost my booking again."): sarcasm when what follows complains
# ("Oh good, the app crashed again": "good" only after "oh", where it is an exclamation, not a verdict)
_EXCLAIMED = re.compile(rf"^\s*(?:(?:oh\s+|just\s+|well\s+)?{_PRAISE_WORD}|oh,?\s+good)\s*[,.!…]+\s*", re.I)
_ANOTHER = re.compile(r"(?:yet )?another\b", re.I)
_REPEAT = re.compile(r"\b(?:another|again|still|yet|once more|as usual|every time)\b", re.I)
# the customer asked before: "third time asking", "I asked twice", "already told you", "again"
_ASKED_BEFORE = re.compile(r"\b(?:again|already|twice|(?:second|third|fourth|\d+(?:st|nd|rd|th)) time|(?:asked|told|"
                           r"emailed|rang|called) (?:you )?(?:before|last (?:week|month)|\w+ times))\b", re.I)
_AGAIN = re.compile(r"\b(?:again|once more|as usual|every (?:single )?time)\b", re.I)  # it happened before too


# fondness for what the customer was made to endure, said in a sentence of its own: "Really loving the suspense.",
# "Enjoying the radio silence" (alone, it may be meant: the matcher reads it so only beside a complaint)
_ENDURED = re.compile(r"^\W*(?:(?:really|just|so|totally|absolutely|simply)\s+)?(?:lov(?:e|es|ed|ing)|enjoy(?:s|ed|ing)?|"
                      r"adore|adoring)\s+(?:all\s+)?(?:the|this|that)\s+(?:radio\s+)?(?:suspense|silence|wait(?:ing)?|"
                      r"mystery|guesswork|guessing(?:\s+game)?|uncertainty|runaround|cliffhanger|anticipation)\b"
                      r"[^.!?]{0,30}[.!?…]*\s*$", re.I)


def hollow_praise(text: str) -> bool:
    """Whether a piece praises nothing in particular: an exclamation alone ("Fantastic.", "Just fantastic.") or
    fondness for what the customer endured ("Really loving the suspense."). Beside a complaint, with no praise of
    anything else in the comment, it is sarcasm (:func:`sarcasm_reading`)."""
    return lone_exclamation(text) or bool(_ENDURED.match(text))


def sarcasm_reading(why: str) -> Reading:
    """The reading of a piece of sarcasm said beside a complaint: a complaint, never praise."""
    return Reading(-LEAN - SARCASM_NUDGE, -STRONG, [f"sarcasm ({why})"], complains=True)


def mocks(text: str, reading: Reading) -> bool:
    """Whether a part is sarcasm that complains of something (an exclamation of praise on a complaint: "Oh
    brilliant, it arrived ripped"), not exclamations alone ("Brilliant. Just brilliant.")."""
    said = _SARCASM.sub(" ", _EXCLAIMED.sub(" ", text))
    return any(n.startswith("sarcasm") for n in reading.nudges) and (reading.complains or reading.score <= -LEAN) \
        and bool(w.raw_words(said))


def sarcasm_goes_on(texts: list[str], readings: list[Reading]) -> list[bool]:
    """Which parts are more of the sarcasm beside them: in a row where a part is read as sarcasm and complains
    ("Oh great, they've found another problem."), praise that follows without a turn ("Love that for me.", "Really
    top work.") is meant the same way, not as praise; praise after a turn ("..., but the cut was lovely") or before
    the sarcasm keeps its reading."""
    out = [False] * len(texts)
    for i, reading in enumerate(readings):
        if not mocks(texts[i], reading):
            continue
        for j in range(i + 1, len(texts)):
            if TURN_START.search(texts[j]):
                break
            if leaning(readings[j].score) == POSITIVE:
                out[j] = True
    return out


def lone_exclamation(text: str) -> bool:
    """Whether a piece is only an exclamation of praise ("Brilliant.", "Oh great!")."""
    m = _EXCLAIMED.match(text + ("" if text.rstrip()[-1:] in ",.!…" else "."))
    return bool(m) and not w.raw_words(text[m.end():])


def _mocked(plain: str, cues: Cues) -> tuple[str, Reading | None] | None:
    """(what is left, its reading) when ``plain`` is sarcastic (:data:`_SARCASM`, or an opening exclamation of
    praise before a repeated trouble that complains); None when it is not."""
    strict = _SARCASM.search(plain)
    if strict:
        rest = (plain[:strict.start()] + " " + plain[strict.end():]).strip(" ,.!…")
        return rest, (text_score(rest, cues, bare=False) if w.raw_words(rest) else None)
    head = _EXCLAIMED.match(plain)
    if head and _REPEAT.search(plain[head.end():]):
        rest = plain[head.end():].strip(" ,.!…")
        reading = text_score(rest, cues, bare=False) if w.raw_words(rest) else None
        # "Great, another month and the light still flickers": "another" straight after it says the trouble came
        # again, unless what follows praises
        if reading is not None and (reading.complains or reading.score <= -LEAN
                                    or (_ANOTHER.match(rest) and reading.score < LEAN)):  # "another lovely cut" praises
            return rest, reading
    return None


SARCASM_NUDGE = 0.3


# a burden the customer was spared: "didn't have to wait", "never had to chase", "no need to ring"
_SPARED = re.compile(r"\b(?:(?:never|didn'?t|did not|don'?t|do not|wasn'?t|no one|nobody)\s+(?:ever\s+)?"
                     r"(?:had|have|having|need|needed|needing) to|no need\b|without (?:having|needing) to|"
                     r"(?:not once|not one time|never once) (?:did|have|had|do) (?:i|we|you|they) (?:ever )?"
                     r"(?:have|had|need|needed) to|"
                     r"no (?:waiting|queue|queueing|queuing|chasing)\b)", re.I)
# no trouble with something: "never once had an issue with the damage claim", "zero problems with the quote"
_NO_ISSUE = re.compile(r"\b(?:no|not|never|zero|without)\b(?:\s+(?:once|one|a|single|any|ever|had|have|got|an|real|"
                       r"major|big|did|do|does|we|i|they|you|really|experience|experienced))*\s+(?:issues?|problems?|trouble|complaints?|hassle|fuss|worries|qualms|quibbles|"
                       r"concerns?)\s+(?:with|about|over|around|regarding|re|(?=\w+ing\b))\b(?P<what>[^,.;!?]*)", re.I)
# a wait the customer measures: "waited 40 minutes for the driver", "sat in the van for two hours", "phone line busy for
# ages", "on hold an hour and a half" (not one said to be short: "only waited 5 minutes", "no more than 10 minutes")
_DURATION = (r"(?:over |nearly |almost |about |around |at least |more than |a good |the best part of |a full )?"
             r"(?:(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+(?:\.\d+)?)\s*(?:and a half\s+|½\s*)?"
             r"(?:hours?|hrs?|days?|weeks?|wks?|months?)|(?:1\d|[2-9]\d|\d{3,})\s*(?:mins?|minutes)|twenty minutes|"
             r"(?:thirty|forty|fifty|forty[- ]five) minutes|ages|forever|an age|hours|days|weeks|months)")
_WAITED = re.compile(r"(?<!only )(?<!just )(?<!barely )(?<!hardly )(?<!didn't )(?<!didnt )(?<!never )(?<!no )"
                     r"\b(?:waited|waiting|wait|sat|stood|stuck|queued|queuing|queueing|on hold|busy|engaged|hung on|"
                     r"hanging on|left standing|left waiting)\b(?:\s+(?!only\b|just\b|under\b|less\b|within\b|barely\b)"
                     r"[\w'£-]+){0,6}?\s+(?:for\s+)?" + _DURATION + r"\b", re.I)
# more than it should be: "too long", "too slow", "far too expensive" (not "not too busy", "never too much trouble")
_EXCESS = re.compile(r"\b(?:far |way |much |a bit |a little |slightly )?too (?:long|slow|late|early|expensive|pricey|dear|"
                     r"much|many|far|small|cramped|cold|hot|busy|loud|noisy|short|complicated|complex|difficult|hard|"
                     r"confusing|rushed|crowded|full|soon|quick|fast|vague|high)\b", re.I)


# what is hard without what a suggestion asks for: "hard to compare", "so I knew what to budget", "can't tell"
_DIFFICULTY = re.compile(r"\b(?:hard|difficult|impossible|tricky) to\b|\b(?:can'?t|cannot|couldn'?t) (?:tell|see|find|work "
                         r"out|compare|know)\b|\bso (?:i|we) (?:knew|know|could|can|would)\b|\bno (?:way|idea) (?:to|of|what|how)\b",
                         re.I)
# a problem put right: its negative words name what was solved ("sorted my back pain", "the leak was fixed")
_SOLVED = re.compile(r"\b(?:fixed|sorted|resolved|solved|cured|eased|relieved|went away|disappeared|"
                     r"got rid of|helped (?:with|my|me with)|put right|dealt with|taken care of|"
                     r"cleared up|(?:pain|stress|worry|hassle)[- ]free|had a (?:quiet )?word with|"
                     # better than it was: "the pain has gone", "so much better now", "back to running"
                     r"(?:has|have|is|was|are|all) (?:now |completely |totally )?gone(?! (?:up|down|wrong|off|missing|"
                     r"quiet|silent|downhill|on|through|to|into|over|back|out|by|at|home))|"
                     r"(?:so|much|a lot|loads|far|way|massively|hugely) better|improved|improving|"
                     r"back to (?:normal|work|running|walking|\w+ing)|no more \w+ing\b|no more (?:\w+ ){0,2}\w+!)", re.I)
_NOTHING_AFTER = re.compile(r"\s+(?:nothing|none|not|nobody|zilch|at all)\b", re.I)  # "improved nothing"
# ...but not one only said to be put right ("closed as resolved", "marked it fixed") or asked for ("get it sorted")
_SAID_SOLVED = re.compile(r"\b(?:as|marked|marks|closed|said|says|supposedly|apparently|claimed|get|got|getting|"
                          r"needs?|want|please|be)\s+(?:\w+\s+){0,2}?(?:fixed|sorted|resolved|solved|put right|"
                          r"dealt with|taken care of)\b", re.I)
# ...or in scare quotes, or again: "each time it's 'fixed'", "the fault you fixed in March and then again in May"
_NOT_REALLY_SOLVED = re.compile(r"['‘“\"](?:fixed|sorted|resolved|solved|repaired)['’”\"]|\bagain\b", re.I)
# ...or before it is: "closed before the problem is fixed", "billed before it was sorted"
_BEFORE_SOLVED = re.compile(r"\b(?:before|until) (?:\w+ ){0,3}?(?:is|was|were|are|got|gets|had been|has been) "
                            r"(?:\w+ )?(?:fixed|sorted|resolved|solved|put right)\b", re.I)
# the problem the customer brought, or how things were before, up to the end of its clause: "came in with
# terrible back pain, left feeling great", "used to spend hours counting stock, now it takes minutes"
_BROUGHT = re.compile(r"\b(?:(?:came|come|went|go|arrived|turned up) (?:in |to you |to them )?with|"
                      r"suffer(?:ing|ed)? (?:from|with)|struggl(?:ing|ed) (?:with|for)|after (?:months|years|weeks) of|"
                      r"(?:had|have) been (?:having|dealing with|suffering)|used to|"
                      # another occasion or another business set against this one: "Unlike last time, ...",
                      # "compared to my old gym, ..."
                      r"unlike|compared (?:to|with)|in contrast to|"
                      # how it was before, opening the sentence: "Before, I couldn't lift my arm, now..."
                      r"^\s*before(?=,? (?:i|my|we|our|it)\b))\b[^,.;!?]*[,.;!?]?", re.I)
# a sentence that says it went the other way from the one before: "This time was the opposite", "a different
# story", "night and day"
_OPPOSITE = re.compile(r"\b(?:(?:the\s+)?(?:complete|total|exact|very)?\s*(?:opposite|reverse)|(?:a\s+)?(?:completely\s+|totally\s+)?"
                       r"(?:different|another) (?:story|experience)|night and day|chalk and cheese)\b", re.I)
# ...and the one before speaks of another occasion or another business: "Last time the stylist was rude"
_OTHER_TIME = re.compile(r"\b(?:last time|the time before|(?:the )?previous (?:time|visit|one|\w+)|previously|"
                         r"before (?:that|this)|(?:my|our|the) (?:old|last|previous|other|usual) \w+|"
                         r"other (?:places|companies|firms|shops|ones)|elsewhere|in the past)\b", re.I)
# how the customer felt before, or what they expected, set against praise: "I was terrified, but everyone was
# so kind", "wasn't expecting much but wow": no verdict on the business
_APPREHENSIVE = re.compile(
    r"\b(?:(?:i|we|i'?d|i'?m|was|were|felt|been|am|be)\s+(?:\w+\s+){0,2}?(?:nervous|terrified|scared|anxious|worried|"
    r"apprehensive|dreading|sceptical|skeptical|hesitant|wary|petrified|frightened|dubious)|"
    r"(?:wasn'?t|was not|weren'?t|didn'?t|did not|not)\s+(?:\w+\s+)?expect(?:ing)?\s+(?:much|a lot|great things|anything)|"
    r"had (?:my |our |some )?doubts|(?:expected|was expecting) (?:the worst|little|nothing)|"
    # a worry said to be before: "Parking was a worry beforehand", "the stairs were a concern at first"
    r"(?:was|were) (?:a |my |our )?(?:bit of a |real |big |slight )?(?:worry|concern)(?=[^.!?]*\b(?:beforehand|"
    r"before(?:hand)? (?:we|i) (?:came|arrived|went|booked)|at first|initially|in advance)\b)|"
    r"(?:didn'?t|did not) think (?:it|they|he|she|we|i|you) (?:could|would|were|was))\b", re.I)
# a problem the customer heard of, feared, expected, or met before or elsewhere: "Read reviews saying...",
# "Everyone warns you about...", "Half expected...", "Worried it would be...", "At my old place...", "Used to be..."
_RAISED = re.compile(r"\b(?:(?:read|heard|hear|seen|saw)\b[^.!?]*?\b(?:reviews?|stories|complaints|people|that|about|of)|"
                     r"reviews? (?:said|say|saying|mention(?:ed|ing)?|complain(?:ed|ing)?)|"
                     r"(?:everyone|everybody|people|friends|they|others) (?:warn(?:s|ed)?|sa(?:y|ys|id)|told|complain(?:s|ed)?)|"
                     r"(?:half |fully |kind of |sort of )?expect(?:ed|ing)|worried|feared|afraid|dreaded|dreading|"
                     r"(?:thought|assumed|figured|reckoned)\b[^.!?]{0,80}?\b(?:would|might|could|'d)\b|used to)\b", re.I)


def raised(text: str) -> bool:
    """Whether a piece speaks of a problem only as heard of, feared, expected, or met on another occasion or at
    another business ("Read reviews saying...", "I was worried about...", "Last time...", "Used to be...")."""
    return bool(_RAISED.search(text) or _APPREHENSIVE.search(text) or _OTHER_TIME.search(text))


# another business set against this one: "Compared to our last place where...", "Unlike other salons..."
_ELSEWHERE = re.compile(r"\b(?:compared (?:to|with)|unlike|in contrast to|other (?:places|companies|firms|shops|salons|"
                        r"gyms|studios|schools|sites|ones)|elsewhere|(?:my|our) (?:old|last|previous|usual) \w+)\b", re.I)


def elsewhere(text: str) -> bool:
    """Whether a piece speaks of another business ("Compared to our last place where...")."""
    return bool(_ELSEWHERE.search(text))


def raised_apart(text: str) -> list[str]:
    """``text`` split before the comma-joined clause that raises a problem heard of, feared or met elsewhere
    ("No problems at all, everyone warns you about the noise" -> two pieces); ``[text]`` when none does."""
    for joint in reversed(list(_JOINT.finditer(text))):  # the last clause that raises it
        if raised(text[joint.end():]):
            return [text[:joint.start()], text[joint.end():]]
    return [text]


_JOINT = re.compile(r",\s+|\s+and\s+", re.I)  # where two clauses are joined
# what was feared or expected did not come: "and was pleasantly surprised", "I was wrong", "it never happened"
_NOT_MET = re.compile(r"\b(?:pleasantly surprised|(?:i|we) (?:was|were) (?:wrong|mistaken)|(?:didn'?t|did not|never) "
                      r"happen(?:ed)?|(?:wasn'?t|was not) the case|not (?:at all|a bit of it)|anything but)\b", re.I)


def denial(before: Reading, why: str = "what was heard of, feared or met elsewhere did not happen here") -> Reading:
    """The reading of a piece that says the problem raised before it did not happen ("not our experience at
    all"): praise, as the opposite of that piece; the problem's words are no evidence of it."""
    return Reading(max(LEAN * 2, -before.score), max(LEAN * 2, -before.vader), [why])


# better than other businesses, whose faults it names: "Much better than other places where the food came cold",
# "nicer than most gyms that charge a joining fee"
_BETTER_THAN = re.compile(r"\b(?:better|nicer|quicker|faster|cheaper|friendlier|easier|smoother|cleaner|more \w+) than "
                          r"(?:(?:all |any |most |many |some |the |my |our )?(?:other|old|last|previous|usual) \w+|"
                          r"(?:most|many|some|all|any) (?:other )?\w+)\b", re.I)


def compares_favourably(text: str) -> bool:
    """Whether a piece says the business does better than others, naming what the others do wrong."""
    found = _BETTER_THAN.search(text)
    return bool(found) and not _negated_within(text, found)


_INDIGNANT = re.compile(r"\?[?!]|!\?")  # "What materials??", "Why?!": indignation, not a question
_SENTENCES = re.compile(r"(?<=[.!?…])\s+")
# an opening or closing piece of at most two words, set off by punctuation: "Great." "Lovely," "cheers lads"
_HEAD = re.compile(r"^\s*((?:[\w’']+\s+)?[\w’']+)\s*[.,!…]+\s+(?=\S)")
_TAIL = re.compile(r"(?<=[.,!?…])\s*((?:[\w’']+\s+)?[\w’']+)[\s.!…]*$")
EXCLAIMED_MIN_WORDS = 3  # what is left after an exclamation is taken off must say something itself


REACH = 5  # words after a negator that it still negates, within its clause
_CLAUSE_END = frozenset({"and", "but", "or", "so", "then", "that", "which", "who", "if", "when", "because", "until",
                         "though", "although", "while"})


def beyond_reach(text: str) -> tuple[str, list[str]]:
    """(``text`` without the negative words a negator negates beyond vaderSentiment's three words back, those
    words): "Haven't had a single stockout since we switched", "They never once made me feel stupid". A
    negator reaches :data:`REACH` words, not past the end of its clause ("and", "that", a comma...)."""
    tokens = text.split()
    base = analyser().lexicon
    gone: set[int] = set()
    for i, token in enumerate(tokens):
        if not w.is_negator(w.fold_word(token)):
            continue
        for d, later in enumerate(tokens[i + 1:i + 1 + REACH], 1):
            word = w.fold_word(later)
            if word in _CLAUSE_END or w.is_negator(word):
                break
            if d > 3 and base.get(word, 0.0) < 0:
                gone.add(i + d)
            if later[-1:] in ",.;:!?":
                break
    if not gone:
        return text, []
    return " ".join(t for n, t in enumerate(tokens) if n not in gone), [w.fold_word(tokens[n]) for n in sorted(gone)]


# the customer's own mistake: "booked the wrong weekend by mistake", "my fault": no complaint about the business
# ...or the time they took to make up their own mind: "Took ages to decide on which aids", "took us a while to choose"
_OWN_FAULT = re.compile(r"\b(?:by mistake|(?:my|our) (?:own )?(?:fault|mistake|bad|error)|i (?:accidentally|mistakenly|"
                        r"stupidly)|(?:i|we) (?:forgot|messed up|got (?:the|my|our) \w+ wrong)|"
                        r"(?:took|take|taking) (?:me |us )?(?:ages|a while|a long time|some time|forever) to (?:decide|"
                        r"choose|make (?:up )?(?:my|our) minds?(?: up)?))\b", re.I)
# the customer's apology for their own doing: "Sorry for the grumpy email!", "apologies for the late reply"
_APOLOGY = re.compile(r"\b(?:so |very |really )?(?:sorry|apologies|(?:i |we )?apologi[sz]e) (?:for|about) (?:the|my|our|this|"
                      r"that|all|being)\b[^.!?,;]*[.!]*|"
                      # ...with no article, for the customer's own delay: "sorry for slow reply!", "apologies for late
                      # payment"
                      r"\b(?:sorry|apologies) (?:for|about) (?:the )?(?:slow|late|delayed|slower|belated|long) "
                      r"(?:reply|response|answer|payment|message|email)\b[.!]*|"
                      # ...or for asking at all: "Bit embarrassed to ask", "silly question"
                      r"\b(?:(?:a )?bit |slightly |rather |so )?(?:embarrassed|embarrassing) to (?:ask|admit|say)\b[.!]*|"
                      r"\b(?:silly|stupid|daft|dumb|probably a silly) question\b[.!,]*", re.I)


def _negates(piece: str) -> bool:
    return any(w.is_negator(x) for x in w.raw_words(piece))


def _names_thing(piece: str) -> bool:
    """Whether a short piece names a thing of its own (a topic word, not a word of sentiment): "Lovely staff,",
    "Great food." praise something, where "Great,", "Oh brilliant." only exclaim."""
    lexicon = analyser().lexicon
    return any(w.term(x) and x not in lexicon for x in w.raw_words(piece))


def exclamations_removed(text: str, cues: Cues) -> str:
    """``text`` without an opening or closing exclamation of praise: a piece of one or two words, set off by
    punctuation, that vaderSentiment reads as positive ("Great. Paid £14 to lie next to...", "...went to
    voicemail. Brilliant."). Said of a complaint, such a word is sarcasm; the rest says what happened. The text
    itself when there is none (or too little is left)."""
    out = text
    head = _HEAD.match(out)
    if head and cues.vader(head.group(1)) >= LEAN and not _negates(head.group(1)) and not _names_thing(head.group(1)):
        out = out[head.end():]
    tail = _TAIL.search(out)
    if tail and cues.vader(tail.group(1)) >= LEAN and not _negates(tail.group(1)) and \
            not _names_thing(tail.group(1)):  # "no voicemail" is no exclamation
        out = out[:tail.start()].rstrip()
    return out if out != text and len(w.raw_words(out)) >= EXCLAIMED_MIN_WORDS else text


def text_score(text: str, cues: Cues, bare: bool = True) -> Reading:
    """A part's reading from its words alone (greetings, "please" and a closing "thanks" left out).

    A negated word that names a problem (a negative word of vaderSentiment's lexicon, even one this map
    neutralised as its own: a "Report a problem" stage) says the problem did not happen ("no problem"):
    that is a nudge towards praise, and no negation nudge towards a complaint; the "no" before it is read
    as the negator it is, not as vaderSentiment's negative word (its valence for a bare "No.").

    The problem the customer came with, or how things used to be ("came in with terrible back pain, left
    feeling great"; "used to take hours, now minutes"), is left out up to the end of its clause: what came
    of it is the verdict (when something is left).

    Praise said through a negation ("can't fault them", "wouldn't go anywhere else") is praise, and a burden
    the customer was spared ("didn't have to wait", "no need to ring") is a nudge towards praise, not a
    negation or a burden.

    A request or wish ("I wish there was somewhere to lock up valuables", "would be nice to save my
    addresses") says something is missing: its positive words name what is wished for, so it never reads as
    praise (its reading is at most 0, less the request nudge). A part that asks ("Do you do gluten free
    bases?") judges nothing unless it also complains: a "why" question, a request, a burden, a negation,
    negative words or "??" make it a complaint (a word of the map's pain points alone does not: "Do you have
    any Saturday slots?" asks); positive words inside a question
    ("free") are not praise, nor is what the question's own part says around it, unless that leans by itself.

    ``bare``: the reading without an opening or closing exclamation (:func:`exclamations_removed`), for the
    matcher to use where the exclamation is sarcasm (a low rating, or a complaint beside it)."""
    plain = _POLITE.sub(" ", text).strip() or text
    if _NO_HURRY.search(plain):
        plain = _NO_HURRY.sub(" ", plain).strip()
        if not w.raw_words(plain):
            return Reading(0.0, 0.0, ["courtesy (no hurry): no verdict"])
    if _APOLOGY.search(plain):  # the customer's own apology is no verdict on the business; the rest is read
        plain = _POLITE.sub(" ", _APOLOGY.sub(" ", plain).strip(" ,;")).strip(" ,;")  # "sorry for late reply! yes..."
        if not w.raw_words(plain):
            return Reading(0.0, 0.0, ["the customer's own apology (no verdict)"])
    if _OWN_FAULT.search(plain):  # the customer's own slip: what went wrong is not the business's doing
        rest = _OWN_FAULT.sub(" ", plain)
        kept = " ".join(x for x in rest.split() if analyser().lexicon.get(w.fold_word(x), 0.0) >= 0)
        left = text_score(kept, cues, bare=False) if w.raw_words(kept) else Reading(0.0, 0.0)
        return replace(left, score=max(left.score, 0.0) if not left.complains else left.score,
                       nudges=[*left.nudges, "the customer's own doing (a slip, or time taken to decide): no "
                                             "complaint about the business"])
    if _KEEP_ASKED.search(plain):  # "Please dont move it": a wish to keep what they have, no complaint
        plain = _KEEP_ASKED.sub(" keep it", plain).strip()
    plain = _LET_DOWN.sub(r"failed \1", plain)
    if _LEARNT_OF.search(plain):  # "I had no idea we had to do that every 3 years": learnt of, not made to do
        plain = _LEARNT_OF.sub("learnt of it", plain)
    if ACCOUNT_CHANGE.search(plain) and not _ASKED_BEFORE.search(plain):
        # "Please update my billing address, the old one is wrong": the customer's own detail changed, an errand for
        # the business (unless they had to ask before: "third time asking")
        return Reading(0.0, 0.0, ["a detail of the customer's account to change (an errand, no verdict)"])
    if _CANCEL_ASKED.search(plain):  # "please cancel my appointment": what is asked for, not what went wrong
        plain = _CANCEL_ASKED.sub(lambda m: m.group(0)[:m.start("verb") - m.start()] + "end", plain)
    mocked = _mocked(plain, cues)
    if mocked:  # sarcasm: its praise words are no praise; what is left says what went wrong (or nothing more)
        left = mocked[1] or Reading(0.0, 0.0)
        # sarcasm is said, not guessed: it holds against a high rating as a strong complaint would
        return Reading(min(left.score, 0.0) - SARCASM_NUDGE, min(left.vader, -STRONG),
                       [*left.nudges, "sarcasm (praise words said of what went wrong)"], complains=True)
    before = _BROUGHT.search(plain)
    lament = False
    if before and len(w.raw_words(plain[:before.start()] + plain[before.end():])) >= 2:
        plain = (plain[:before.start()] + plain[before.end():]).strip(" ,;")  # what it came to is the verdict
    elif before and re.search(r"\bused to\b", before.group(0), re.I):
        lament = True  # "I used to love this place": praise of what is gone
    terms, negated = w.negated_terms(plain)
    base = analyser().lexicon
    absent = [word for word in negated.values()
              if base.get(word.casefold(), 0.0) < 0 and word.casefold() not in cues.lexicon_words]
    # vaderSentiment gives a bare "no" a valence of its own (-1.2); before a problem it is only the negator
    spared = bool(_SPARED.search(plain))
    said = _QUANTIFIED.sub("not", plain)
    said, unreached = beyond_reach(said)  # "haven't had a single stockout": vaderSentiment looks 3 words back
    denied = any(base.get(word.casefold(), 0.0) < 0 for word in negated.values())  # "nobody was rude"
    if absent or spared:
        said = _NO_BEFORE_WORD.sub("not", said)
    elif denied:  # vaderSentiment reads "no rude..." itself; "nobody", "no one", "zero" it does not know
        said = _NOBODY.sub("not", said)
    no_issue = _NO_ISSUE.search(plain)
    in_said = _NO_ISSUE.search(said)
    if in_said:  # "never once had an issue with the damage claim": the object's negative words are not said of it
        inside = " ".join(x for x in in_said.group("what").split() if base.get(w.fold_word(x), 0.0) >= 0)
        said = f"{said[:in_said.start('what')]} {inside} {said[in_said.end('what'):]}".strip()
    compound = cues.vader(said)
    if no_issue and not _PENDING.search(plain):
        compound = max(compound, 0.0) + NEGATION_NUDGE
    suggestion = bool(_SUGGEST.search(plain))
    request = bool(_REQUEST.search(_SUGGEST.sub(" ", plain)))  # what is demanded: "should", "why", "I wish"
    if not request and _HOW_COME.search(plain) and compound < LEAN:
        request = True
    if suggestion and _ACTUALLY.search(plain):  # "would be nice if the app actually showed...": it does not
        request = True
    if request or lament or suggestion:
        compound = min(compound, 0.0)  # what a wish calls nice is what is missing; a lament's, what was lost
    nudges: list[str] = []
    stripped = exclamations_removed(plain, cues) if bare else plain
    bare_reading = text_score(stripped, cues, bare=False) if stripped != plain else None
    if bare and _TIME_LOST.match(plain):  # beside a complaint, praise of the time lost is sarcasm
        bare_reading = Reading(-LEAN - SARCASM_NUDGE, -STRONG, ["sarcasm (praise of the time the customer lost)"])
    if _COMPLAINT_IDIOM.search(plain) and not _negated_within(plain, _COMPLAINT_IDIOM.search(plain)):
        compound = min(compound, -STRONG)
        nudges.append(f"“{_COMPLAINT_IDIOM.search(plain).group(0)}” (a complaint in an idiom)")
    solved = _SOLVED.search(plain) or _no_more(plain)
    put_right = False
    if (solved and not _NOTHING_AFTER.match(plain[solved.end():]) and not _SAID_SOLVED.search(plain) and not _BEFORE_SOLVED.search(plain)
            and not _NOT_REALLY_SOLVED.search(plain)
            and not any(w.is_negator(x) for x in w.raw_words(plain[:solved.start()])[-3:])):
        # what was put right is no complaint: its negative words are left out and it leans towards praise
        kept = " ".join(x for x in plain.split() if base.get(x.strip(".,!?;:").casefold(), 0.0) >= 0)
        compound = max(0.0, cues.vader(kept)) + NEGATION_NUDGE
        nudges.append("a problem put right")
        put_right = solved.group(0).casefold().startswith("no more")  # "no more chasing": the burden is gone
    unannounced = _UNANNOUNCED.search(plain)
    if unannounced:  # "with no warning": vaderSentiment reads the negated "warning" as praise
        compound = min(compound, 0.0)
    if (on_time := _ON_TIME.search(plain)) and compound < STRONG:
        if _negated_within(plain, on_time) or _PENDING.search(plain[:on_time.start()]):  # "never on time"
            compound = min(compound, 0.0) - NEGATION_NUDGE
            nudges.append("“on time” negated (it was not)")
        elif _EXPECTED.search(plain[:on_time.start()]) or _PENDING.search(plain[on_time.end():]):
            pass  # what was promised ("promised a reply within 24 hours, still nothing"), not what happened
        else:
            compound = max(compound, 0.0) + NEGATION_NUDGE
            nudges.append("it happened when it should (“on time”)")
    phrase = _PRAISE_PHRASE.search(plain)
    if _PRAISE_IDIOM.search(plain):
        compound = max(compound, STRONG)
        nudges.append("praise said through a negation")
    elif phrase and not _negated_within(plain, phrase) and not request and not suggestion \
            and not _PENDING.search(plain):
        compound = max(compound, STRONG)
        nudges.append(f"“{phrase.group(0)}” (praise in an idiom)")
    elif _AT_BEST.search(plain):
        compound = min(compound, 0.0) - REQUEST_NUDGE
        nudges.append("“at best” (faint praise: it was poor)")
    elif faint(plain, cues) and not _QUESTION.search(plain) and not _PROMISE.search(plain):
        if _THANKS.search(text) and not _NO_THANKS.search(text) and re.search(r"\bnow\b", plain, re.I):
            # "fine now thanks", "all ok now, thank you": the problem is gone, and the customer says thanks
            return Reading(LEAN * 2, LEAN * 2, ["fine now, with thanks (a problem gone)"], gone=True)
        return Reading(0.0, compound, ["a faint verdict (fine, ok: no praise)"], faint=True)
    thanked = bool(_THANKS.search(text) and not _NO_THANKS.search(text) and not _PENDING.search(plain))
    task = _HAD_TO.search(plain)  # a task the customer had to do: its words ("clean", "fix") are no praise
    task_only = bool(task) and cues.vader(plain[:task.start()]) < LEAN and not _SPARED.search(plain)
    excess = _EXCESS.search(plain)
    # (not one only feared or expected, which then did not come: "I expected prices too high and was pleasantly
    # surprised")
    excess = excess if excess and not _negated_within(plain, excess) and \
        not (raised(plain) and _NOT_MET.search(plain)) else None
    if compound >= STRONG and not _QUESTION.search(plain) and not task_only and not excess:
        return Reading(compound, compound, nudges, bare=bare_reading, gone=bool(negated) and thanked)
    score = compound
    gone_terms = {w.content(x) for x in unreached}  # negated beyond vaderSentiment's reach: what did not happen
    issue_terms = set(w.terms(no_issue.group("what"))) if no_issue else set()  # "no trouble with the noise"
    problems = [t for t in terms if t in cues.problem and t not in negated and t not in gone_terms and not put_right
                and t not in issue_terms]
    if problems:
        score -= PROBLEM_NUDGE
        nudges.append(f"“{problems[0]}” (a word of the map's pain points)")
    if absent:
        score += NEGATION_NUDGE
        nudges.append(f"“{absent[0]}” negated (a problem that did not happen)")
    elif unreached:
        score += NEGATION_NUDGE
        nudges.append(f"“{unreached[0]}” negated (a problem that did not happen)")
    # vaderSentiment turns a negated sentiment word itself ("not happy"); a plain word ("nobody picked up"),
    # or a negation it read as next to nothing ("didn't want"), says something expected did not happen
    plain_negated = [word for word in negated.values()
                     if base.get(word.casefold(), 0.0) >= 0 and word.casefold() not in w.COGNITION
                     and (word.casefold() not in cues.lexicon_words or abs(compound) < LEAN)]
    if plain_negated and (unreached or any(base.get(word.casefold(), 0.0) < 0 for word in negated.values())):
        plain_negated = []  # the negation is of a problem word ("not one message got lost"), not of something expected
    if put_right:  # what was negated is what was put right ("no more spreadsheets")
        plain_negated = []
    if spared:  # the negation is of the burden: "didn't have to wait" is praise
        plain_negated = []
        if problems:  # ...and its pain point words name what the customer was spared ("never had to chase")
            score += PROBLEM_NUDGE
            nudges.remove(f"“{problems[0]}” (a word of the map's pain points)")
            problems = []
        if compound < 0:  # vaderSentiment reads the negation of a plain verb as negative
            score -= compound
            compound = 0.0
        score += NEGATION_NUDGE
        nudges.append("a burden the customer was spared")
    gone = bool((absent or plain_negated) and thanked
                and (absent or _GONE.search(plain) or any(t in cues.problem for t in negated)
                     or any(base.get(x.casefold(), 0.0) < 0 for x in negated.values()))
                and not request and not lament and not _BURDEN.search(plain))
    if gone:  # a negated problem said with thanks or delight: the problem is gone, and that is praise
        plain_negated, absent = [], []
        if problems:
            score += PROBLEM_NUDGE  # its pain point words name what is gone, not what went wrong
            nudges.remove(f"“{problems[0]}” (a word of the map's pain points)")
            problems = []
        score = max(score, 0.0) + LEAN + NEGATION_NUDGE
        compound = max(compound, 0.0)
        nudges = [x for x in nudges if "negated" not in x]
        nudges.append("a problem said to be gone, with thanks or delight (praise)")
    if plain_negated and not absent:
        score -= NEGATION_NUDGE
        nudges.append(f"“{plain_negated[0]}” negated (something expected did not happen)")
    if request:
        score -= REQUEST_NUDGE
        nudges.append("a request or wish (something is missing)")
    if lament:
        score -= REQUEST_NUDGE
        nudges.append("how things used to be (they are not any more)")
    # a burden only feared or expected, which then did not come ("I expected to have to ring to find out and was
    # pleasantly surprised"), is none
    burden = bool(_BURDEN.search(plain) or _WAITED.search(plain)) and not spared and not gone and not put_right and \
        not (raised(plain) and _NOT_MET.search(plain))
    if excess and not burden:  # "8 days is too long": vader knows no "too"
        score = min(score, 0.0) - BURDEN_NUDGE
        burden = True
        nudges.append(f"“{excess.group(0)}” (more than it should be)")
    small = hedged(plain)
    if small and not burden and compound < STRONG:  # "Room is a bit warm tho": vader reads "warm" as praise
        score = min(score, 0.0) - REQUEST_NUDGE
        burden = True
        nudges.append(f"“{small.group(0)}” (a complaint made small)")
    elif burden:
        score -= BURDEN_NUDGE
        if task_only:  # "but I had to clean hair off the drive": nothing before the task praises
            score = min(score, 0.0) - BURDEN_NUDGE
        nudges.append("the customer had to do more than they should")
    if problems and not burden and not put_right and compound < LEAN and _AGAIN.search(plain):
        # a problem only the map's pain points name, happening once more ("My class was double booked again"):
        # a complaint, though said with no emotive word
        score = min(score, 0.0) - BURDEN_NUDGE
        burden = True
        nudges.append(f"“{problems[0]}” again (a pain point's problem, once more)")
    if unannounced:
        score = min(score, 0.0) - BURDEN_NUDGE
        burden = True
        nudges.append("it came without warning")
    dearer, cheaper = _DEARER.search(plain), _CHEAPER.search(plain)
    if dearer and not cheaper:  # a negated rise ("the price hasn't gone up") is vaderSentiment's to read
        if not _negated_within(plain, dearer):
            score = min(score, 0.0) - BURDEN_NUDGE
            burden = True
            nudges.append("the customer pays more than they expected")
    elif cheaper and not _negated_within(plain, cheaper) and score < LEAN:
        score = max(score, 0.0) + NEGATION_NUDGE
        nudges.append("the customer pays less than they expected")
    failure = plain_failure(plain)
    if failure and not burden and compound < LEAN:  # said plainly, with no emotive word (nor praise): a complaint
        score = min(score, 0.0) - BURDEN_NUDGE
        burden = True
        nudges.append(failure)
    if not burden and compound < LEAN and wayfinding.finding_trouble(plain):  # "Took ages to find you", no rating:
        score = min(score, 0.0) - BURDEN_NUDGE  # trouble finding the place is a complaint, said plainly or not
        burden = True
        nudges.append("the customer had trouble finding the place")
    if suggestion and _DIFFICULTY.search(plain):  # "would be nice if..., hard to compare it": what it costs them
        score = min(score, 0.0) - REQUEST_NUDGE
        burden = True
        nudges.append("a suggestion that says what is hard without it")
    if suggestion and not (request or lament or burden or problems or (plain_negated and not absent)
                           or compound <= -LEAN or score <= -STRONG or _PENDING.search(plain)):
        return Reading(0.0, 0.0, ["a suggestion (it asks, it does not judge)"], asks=True)
    if (_QUESTION.search(plain) or any(_QUESTION.search(x) for x in _SENTENCES.split(plain))) and \
            not _INDIGNANT.search(plain):
        said = " ".join(x for x in _SENTENCES.split(plain) if not _QUESTION.search(x))
        complains = request or burden or (plain_negated and not absent) or compound <= -LEAN
        if said and not (request or burden) and compound > -LEAN and \
                all(not_found(x) for x in _SENTENCES.split(plain) if not _QUESTION.search(x)):
            complains, said = False, ""  # "Do you do X? Couldn't see any on the website": why they ask
        if not complains and (not said or abs(cues.vader(said)) < LEAN):
            return Reading(0.0, 0.0, ["a question (it asks, it does not judge)"], asks=True)
    complains = bool(request or lament or burden or (plain_negated and not absent) or compound <= -LEAN)
    return Reading(max(-1.0, min(1.0, score)), compound, nudges, bare=bare_reading, complains=complains, gone=gone)


# nothing came back from the business, said plainly: "have heard nothing", "not heard back", "no reply yet",
# "heard back in March" (after a long wait: "only heard back after 3 weeks")
_UNHEARD = re.compile(r"\b(?:(?:have|has|had|we'?ve|i'?ve)\s+(?:still\s+)?heard nothing|heard nothing(?: back)?|"
                      r"(?:not|never|haven'?t|hasn'?t|havent|didn'?t|did not)\s+(?:\w+\s+)?heard?\s+(?:anything|back|a thing)|"
                      r"no (?:reply|response|answer|word|callback|call back)(?! (?:needed|required|necessary))|"
                      r"(?:only )?heard back (?:in|after|weeks|months|a (?:week|month))|"
                      # nobody came back, or nobody answered: "nobody has been in touch", "the phone just rings out"
                      r"(?:nobody|no one|no-one|noone) (?:has |have |had )?(?:been in touch|got back|gotten back|come back|"
                      r"replied|responded|rung|rang|called)|(?:just )?rings? out|rang out|rings and rings|"
                      r"(?:goes|went|going) (?:straight )?to (?:voicemail|answerphone))\b", re.I)
# what happened in place of what was due: "came at 11.40 instead of 9", "charged 120 instead of 95", "£95 became £215"
_INSTEAD = re.compile(r"\b(?:came|arrived|turned up|started|finished|got|charged|billed|sent|delivered|showed up|"
                      r"rolled up|was|were)\b(?:[^.!?]|\.\d){0,30}?\binstead of\b|[£$€]?\d[\d.,]*\s+(?:became|turned into)\s+[£$€]?\d",
                      re.I)
# an answer cut short that says the opposite of praise before it: "The GP was lovely. The bill was not.",
# "Flowers were stunning. The invoice wasn't", "the pizza was great, the wait was not"
_ELLIPSIS = re.compile(r"(?:^|[,;.!]\s*)(?:and\s+|but\s+)?(?:the|my|our|your|their|his|her)\s+[\w' -]{1,30}?\s+"
                       r"(?:was|were|is|are|did|does|do)(?:n'?t| not)\W*$", re.I)


def plain_failure(text: str) -> str | None:
    """What the business failed to do, said plainly without an emotive word ("have heard nothing", "came at 11.40
    instead of 9", "The bill was not."): the reason why such a part is a complaint, or None."""
    unheard = _UNHEARD.search(text)
    if unheard and not any(w.is_negator(x) for x in w.raw_words(text[:unheard.start()])[-3:]) and \
            not re.search(r"\b(?:if|in case|whether)\b[^.!?]*$", text[:unheard.start()], re.I):
        return "nothing came back from the business"
    instead = _INSTEAD.search(text)
    if instead and not re.search(r"\b(?:if|would|could|should|can|prefer|rather|wish)\b[^.!?]*$", text[:instead.start()],
                                 re.I):  # "would be nicer if it was a text instead of a call": a wish, not what happened
        return "something happened in place of what was due"
    if _ELLIPSIS.search(text):
        return "an answer cut short that says the opposite (“the bill was not”)"
    return None


# "ok" or "fine" that says what was checked, not how it went: "rang to check the tyre was ok", "made sure it was fine"
CHECKED_OK = re.compile(r"\b(?:check(?:ed|ing|s)?|see|seeing|make sure|made sure|making sure|ensure|ensured|ask(?:ed|ing)?"
                        r"(?= if| whether))(?: that| if| whether)? (?:[\w']+ ){0,4}?(?:was|is|were|are|went|looked|"
                        r"looks|seemed) (?:ok|okay|fine|alright|all right)\b", re.I)


def faint(text: str, cues: Cues) -> bool:
    """Whether a part's only verdict is a faint one ("Fine", "ok I guess", "it was alright", "not bad"): every
    sentiment word in it is a faint one (or a hedge says it), and none is negative. An "ok" that says what was
    checked ("rang to check the tyre was ok") is no verdict."""
    text = CHECKED_OK.sub(" ", text)
    said = w.raw_words(_HEDGE.sub(" ", text))
    lexicon = cues.lexicon_words
    base = analyser().lexicon
    judged = [x for x in said if x in lexicon or x in base or x in FAINT]  # "reasonable": faint, lexicon or not
    if any(base.get(x, 0.0) < 0 for x in judged if x not in FAINT):
        return False
    return (bool(_HEDGE.search(text)) or bool(judged)) and all(x in FAINT for x in judged)


def absent_problems(negated: dict[str, str]) -> set[str]:
    """The terms of ``negated`` ({term: word as written}) whose word is a negative one in vaderSentiment's own
    lexicon: problems said not to have happened ("never rushed", "no problem")."""
    base = analyser().lexicon
    return {term for term, word in negated.items() if base.get(word.casefold(), 0.0) < 0}


_BUT = re.compile(r"^(?:but|although|though|tho|yet)\b", re.I)


def concedes(parts: list[str]) -> list[bool]:
    """Which parts may be the main clause of a concession: they start with "but" (or "though", "yet") and the
    part before them is negated ("Understand it's not your fault | but ...")."""
    return [i > 0 and bool(_BUT.search(text)) and any(w.is_negator(x) for x in w.raw_words(parts[i - 1]))
            for i, text in enumerate(parts)]


def combine(scores: list[float], rating: int | None, extreme: bool = False,
            turns: list[bool] | None = None, words: list[float] | None = None,
            asks: list[bool] | None = None, concedes: list[bool] | None = None,
            wishes: list[bool] | None = None) -> tuple[list[str], str]:
    """(each part's sentiment, the row's) from the parts' scores, the row's rating (-1, 0, +1 or None;
    ``extreme``: at the very end of its scale), which parts turn ("but ...", "... though") and what
    vaderSentiment alone read in each part (``words``; default: the scores).

    Against a rating, a part holds its own reading only when vaderSentiment reads it that way strongly by
    itself and, at the very end of the scale, another part agrees with the rating (a row given top marks is
    never read as only a complaint: "Moving with two cats is hell, these guys made it bearable" at 10/10; one given
    bottom marks never as only praise: "what a fantastic experience standing in the rain /s" at 1/10): the nudges (a negated word, a pain point's word, a request) are guesses and never overturn what
    the customer rated ("Claim sorted in a week, no quibbles" at 9/10 is praise). At the top of the scale a
    weak complaint beside praise still gives way ("no contract, no joining fee" at 5 stars), and weak praise
    beside a complaint at the bottom ("Luckily I checked before eating" at 2 stars), unless the comment turns
    between them ("but", "though", "otherwise") and the part's own words lean that way: a contrast the
    customer wrote is a mixed row. In a contrast the clause after "but" weighs more: a negated clause before
    a complaint (``concedes``: :func:`concedes`) that leans towards praise only weakly (:data:`CONCEDE`) is
    a concession and no verdict ("I understand it's not your fault, but..."; "no offence, but..."); a
    negated clause before praise is a complaint ("Nobody picked up, but the cut was lovely"), and so is a
    complaint that makes itself small before "but" ("a bit of a wait but the puzzles were good", "slightly
    annoying but ok": the labels read such rows as mixed). A neutral clause that turns after praise complains
    ("Cut was good, bit of a
    long wait tho"); after a complaint it only goes on ("closed as no response, but I replied twice"). A
    row that asks ("Any chance of a 6am class? Would come every day") gives no verdict in its neutral parts,
    whatever the rating. A wish whose own words say what is missing or what it costs (``wishes``: "would be nice if
    you opened earlier, 9am is too late") is no praise, whatever the rating: a high rating leaves it a complaint
    (at the top of the scale, with no part agreeing, no verdict: the marks are for the rest)."""
    own = [leaning(s) for s in scores]
    words = words if words is not None else scores
    turns = turns or [False] * len(own)
    asks = asks or [False] * len(own)
    wishes = wishes or [False] * len(own)
    for i in range(1, len(own)):  # "Cut was good, bit of a long wait tho": a neutral turn after praise complains
        if own[i] == NEUTRAL and turns[i] and own[i - 1] == POSITIVE and not asks[i]:
            own[i] = NEGATIVE
    concedes = concedes or [False] * len(own)
    for i in range(1, len(own)):  # "Understand it's not your fault, but ... was so stressful": a concession
        j = i - 1
        if (concedes[i] and (own[j], own[i]) == (POSITIVE, NEGATIVE) and abs(words[j]) < CONCEDE
                and abs(words[i]) >= max(LEAN, 2 * abs(words[j]))):
            own[j] = NEUTRAL
    contrast = any(turns[1:])
    enquiry = any(asks)
    if rating:
        side = POSITIVE if rating > 0 else NEGATIVE
        agrees = any(o == side for o in own)
        top = extreme  # at either end of the scale: top marks are never only a complaint, bottom marks never only
        # praise ("wow, what a fantastic experience standing in the rain for an hour /s" at 1 of 10)
        out = []
        # a side held against the rating by a part strong in its own words: a weaker part of that side is not
        # turned to the rating's ("Great, another month and the light still flickers. | Emailed twice." at 4 of 5)
        held = {o for o, v in zip(own, words) if o != NEUTRAL and (v <= -STRONG if o == NEGATIVE else v >= STRONG)}
        for o, s, v, q, wish in zip(own, scores, words, asks, wishes):
            strong = (v <= -STRONG if o == NEGATIVE else v >= STRONG)
            written = contrast and leaning(s) == o  # a contrast, and the part's own words lean this way
            if o == NEUTRAL and (q or enquiry):
                out.append(o)  # a question is no verdict, whatever the rating, nor what is said around it
            elif o == NEGATIVE and wish and side == POSITIVE:
                out.append(NEUTRAL if top and not agrees else o)  # what is wished for is missing: never praise
            elif o == NEUTRAL:
                out.append(side)
            elif o != side and ((top and not agrees) or (not strong and o not in held
                                                         and (not agrees or (extreme and not written)))):
                out.append(side)  # read against the rating, weakly (or alone at the end of the scale): it wins
            else:
                out.append(o)
        own = out
    return own, overall(own)


# the customer's own verdict that it went both ways: "a mixed bag", "hit and miss", "ups and downs"
_SAYS_MIXED = re.compile(r"\b(?:mixed (?:bag|feelings|experience|results?|reviews?)|hit (?:and|or) miss|"
                         r"ups and downs|(?:some|the) good,? (?:some|the) bad|good and bad)\b", re.I)


def says_mixed(text: str) -> bool:
    """Whether a comment says itself that it is mixed ("Mixed bag. ..."): the row is mixed, whatever its
    parts lean to."""
    return bool(_SAYS_MIXED.search(text))


# the customer names the one thing that went wrong: "my only complaint is...", "one gripe", "only issue was"
_ONE_COMPLAINT = re.compile(r"\b(?:only|one|single|main) (?:real |minor |small |slight )?(?:complaint|issue|gripe|niggle|"
                            r"downside|criticism|moan|quibble|negative)\b", re.I)


def one_complaint(text: str) -> bool:
    """Whether a comment names its one complaint ("my only complaint is the bill"): the rest went well."""
    return bool(_ONE_COMPLAINT.search(text))


def overall(parts: list[str]) -> str:
    has_neg, has_pos = NEGATIVE in parts, POSITIVE in parts
    if has_neg and has_pos:
        return MIXED
    return NEGATIVE if has_neg else POSITIVE if has_pos else NEUTRAL


def repeats(text: str) -> bool:
    """Whether a piece says the trouble came again ("another", "again", "still")."""
    return bool(_REPEAT.search(text))


def says_opposite(text: str) -> bool:
    """Whether a piece says it went the other way from the piece before ("This time was the opposite")."""
    return bool(_OPPOSITE.search(text))


def other_occasion(text: str) -> bool:
    """Whether a piece speaks of another occasion or business ("Last time...", "my old salon")."""
    return bool(_OTHER_TIME.search(text))


def apprehensive(text: str) -> bool:
    """Whether a piece says how the customer felt before, or what they expected ("I was nervous")."""
    return bool(_APPREHENSIVE.search(text))


def inverted(reading: Reading) -> Reading:
    """The reading of a piece that says it went the other way from ``reading``'s piece."""
    return Reading(-reading.score, -reading.vader, ["the opposite of the sentence before"],
                   complains=reading.score >= LEAN, mild=True)  # inferred, not said: never evidence of a pain point


def background(reading: Reading, why: str) -> Reading:
    """A piece read as no verdict: it sets the scene for the one after (another occasion, a fear before)."""
    return Reading(0.0, 0.0, [why], scene=True)


def worth_it(text: str) -> bool:
    """Whether a piece says what it cost was worth it ("but worth every penny", "you get what you pay for"),
    grants the complaint before it ("but they did tell us in advance, fair enough"), or says the business put it
    right ("but they sorted it straight away", "they made it right")."""
    return bool(_WORTH.search(text) or _GRANTED.search(text) or
                (_MADE_RIGHT.search(text) and not _still_pending(text) and not _SAID_SOLVED.search(text)
                 and not _negated_within(text, _MADE_RIGHT.search(text))))


def _still_pending(text: str) -> bool:
    """Whether a piece says the problem is not over ("yet", "still", "again"): in the clause that puts it right
    ("they sorted it, again"), or in a clause after it that, with what follows, does not praise ("they fixed it,
    then it broke again"); praise after it speaks of something else ("... and I expected to be asked again and was
    pleasantly surprised"), and so does another occasion ("..., last time they asked again"). Clauses end at
    punctuation, "and" and "then"."""
    clauses = [c for c in re.split(r"[,;.!?]+|\band\b|\bthen\b", text) if c.strip()]
    found = next((i for i, c in enumerate(clauses) if _MADE_RIGHT.search(c.strip())), None)
    if found is None:
        return bool(_PENDING.search(text))
    for i, c in enumerate(clauses[found:], found):
        if i > found and _OTHER_TIME.search(c):
            return False  # "..., last time they asked again": another occasion, not this problem
        if _PENDING.search(c) and (i == found or analyser().polarity_scores(" ".join(clauses[i:]))["compound"] < LEAN):
            return True
    return False


# the business put it right: "but they sorted it straight away", "they made it right", "which the team fixed"
_MADE_RIGHT = re.compile(r"(?:\b(?:they|he|she|you|the team|the staff|staff|[A-Z][a-z]+)\s+|^(?:but|and)\s+)(?:\w+\s+)?(?:sorted|fixed|"
                         r"resolved|rectified|dealt with|made (?:it|up for it|it up to (?:us|me)) right|made it right|"
                         r"put (?:it|things) right)\b", re.I)
# "no more queue hassle": a problem word after "no more" is gone ("no more hot pizzas" is a lament)
_NO_MORE_WORDS = re.compile(r"\bno more ((?:[\w'-]+ ){0,2}[\w'-]+)", re.I)


def _no_more(text: str) -> re.Match | None:
    found = _NO_MORE_WORDS.search(text)
    if found and any(analyser().lexicon.get(x.casefold(), 0.0) < 0 for x in found.group(1).split()):
        return found
    return None


def worth_paying(text: str) -> bool:
    """Whether a piece says only that what it cost was worth it ("but worth it in the end", "you get what you pay
    for"), not that the customer grants the complaint or that the business put it right."""
    return bool(_WORTH.search(text)) and not _GRANTED.search(text) and not _MADE_RIGHT.search(text)


def conceded(reading: Reading, paid: bool = False) -> Reading:
    """A complaint the customer concedes: never evidence of a pain point. Granted or put right ("but they did tell
    us, fair enough", "but they sorted it straight away") it is no verdict of its own; only said to be worth it
    (``paid``: "Had to wait 6 weeks | but worth it") it is still what the customer paid, a complaint beside the
    praise: the labels read such a row as mixed, whatever the rating."""
    if paid:
        return replace(reading, score=min(reading.score, -LEAN), vader=min(reading.vader, 0.0), complains=False,
                       mild=True, nudges=[*reading.nudges, "conceded as worth it: still a complaint, no evidence"])
    return replace(reading, score=0.0, complains=False, mild=True,
                   nudges=[*reading.nudges, "conceded: “worth it” follows"])


def sarcastic(text: str) -> bool:
    """Whether a piece is sarcasm by its words alone ("Not.", "Thanks for nothing")."""
    return bool(_SARCASM.search(text))


# not feedback at all: a job application or a sales pitch sent to the same inbox ("are you hiring?", "CV
# attached", "Reply YES for a free trial"): no verdict on the business, and no moment of its journey
_NOT_FEEDBACK = re.compile(r"\b(?:are you (?:hiring|recruiting|taking on)|any (?:jobs|vacancies) (?:going|available)|"
                           r"(?:looking|applying) for (?:some |part[- ]time |full[- ]time |weekend )?(?:work|a job|jobs|"
                           r"employment|an apprenticeship)|(?:my )?(?:cv|resume|résumé) (?:is )?attached|"
                           r"send (?:you )?my (?:cv|resume|résumé)|job application|reply (?:yes|stop)\b|(?:claim|start|book|grab|get) your "
                           r"free trial|(?:offer(?:ing)?|give) you a free trial|"
                           r"unsubscribe|"
                           # a request to be taken off a list, and nothing else ("Please take me off your mailing list";
                           # beside a complaint it is the complaint's: "another call about it. Please take me off your list")
                           r"^\W*(?:please\W+)?(?:(?:can|could) you\W+)?(?:take|remove) (?:me|us) (?:off|from) (?:your|the) "
                           r"(?:mailing |e-?mail |contact |marketing )?lists?\W*(?:(?:please|thanks|thank you)\W*)?$|"
                           # a mail server's notice that a message bounced: "Delivery has failed to these recipients"
                           r"deliver(?:y|ies) (?:has |have )?failed|undeliverable|(?:message|mail|email) (?:could not|couldn't) be delivered|"
                           r"guaranteed (?:leads|results|rankings|traffic)|new (?:\w+ )?leads a (?:week|month)|"
                           r"(?:seo|marketing) (?:services|package|agency)|"
                           # a system's notice, or a pitch about the business's own website
                           r"no action (?:is )?(?:needed|required)|(?:this is an |an )?automated (?:message|email|notice)|"
                           r"do not reply|your (?:web)?site (?:is not|isn'?t) ranking|(?:first page|page (?:1|one)) of "
                           r"google|"
                           r"weekly digest|"
                           # a supplier's pitch or price list: "We are a leading supplier of anti-mould paint to social
                           # landlords", "Please find attached our updated price list", "we provide outsourced ...
                           # services"
                           r"(?:we are|we're) (?:a |the |one of the )?(?:leading|specialist|trusted|award[- ]winning|"
                           r"uk'?s? (?:leading|largest|number one)) (?:[\w-]+ ){0,3}?(?:suppliers?|providers?|"
                           r"manufacturers?|agency|agencies|company|companies|firm|wholesalers?)\b|"
                           r"(?:please )?find attached (?:our|my) (?:[\w-]+ ){0,3}?(?:price ?lists?|brochure|catalogue|"
                           r"rate ?card|rates)\b|we (?:provide|offer|supply) (?:outsourced|white[- ]label|trade)\b|"
                           # a system's notice or another office's automatic reply: "Your Freshdesk invoice for April is
                           # ready. Amount due: £96.00", "We aim to respond within 10 working days"
                           r"(?:we|i) aim to (?:respond|reply|get back to you|answer) within|"
                           r"your (?:[\w-]+ ){0,2}invoice (?:for [\w-]+ )?is (?:now )?(?:ready|available)|"
                           r"amount due\s*:|"
                           # an automatic reply, a bank's or a form's notice, a test: nobody's experience
                           r"out of (?:the )?office|(?:i am|i'm|we are|we're) (?:away|out|off)\b[^.!?]{0,40}\buntil\b|"
                           # ("I'm on annual leave and will respond on my return": the "will" of one who is away)
                           r"(?:i'll|i will|we'll|we will|(?:leave|away|off|holiday),? and will) (?:reply|respond|"
                           r"get back to you) (?:as soon as|on (?:my|our) return|when (?:i'm|i am|we're|we are) back)|"
                           r"limited access to (?:my )?e-?mail|^\W*auto(?:matic)?[- ]?(?:reply|response)\s*:|"
                           r"^\W*payment of £?[\d,.]+ (?:has been )?received|"
                           r"^\W*test(?:ing)? (?:form|booking|order|response|message|post|review|entry|submission)\b)",
                           re.I)


# the customer says what they pass on is not about the business: "Nothing to do with you, sent to the wrong address",
# "nothing to do with the job but thought I'd pass it on"
_NOT_ABOUT_US = re.compile(r"\bnothing to do with (?:you|u|the (?:job|work|service|visit)|your (?:\w+ )?(?:team|work|service|lads|staff))\b|"
                           r"\bsent (?:this |it )?to the wrong (?:address|email|person|company)\b|"
                           # meant for another business, or a test: "Wrong place sorry, meant to review the groomers",
                           # "Sorry wrong company, ignore", "test response please ignore"
                           r"\b(?:sorry,? wrong (?:place|company|business|shop|page|site|firm|review)|wrong (?:place|"
                           r"company|business|shop|page|site|firm|review),? (?:sorry(?! to)|ignore|please ignore)\b|"
                           r"(?:please )?ignore (?:this|me)\W*$|please "
                           r"ignore\W*$)|^\W*test(?:ing)?(?: (?:response|message|post|review|entry))?\W*(?:please ignore)?\W*$",
                           re.I)


def not_about_us(text: str) -> bool:
    """Whether a comment says what it passes on has nothing to do with the business, or is meant for another or a
    test ("Wrong place sorry, meant to review the groomers next door", "test please ignore"): no verdict on it."""
    return bool(_NOT_ABOUT_US.search(text))


def not_feedback(text: str) -> bool:
    """Whether a row is no feedback on the business: a job application, a sales pitch, an automatic reply ("Out of
    office", "I'll reply as soon as I can"), a notice ("Payment of £412.80 received") or a test ("test form please
    ignore - Kath")."""
    return bool(_NOT_FEEDBACK.search(text))


# only the form's answer, no comment: "Y", "yes", "no" in the comment box of a "Satisfied? (Y/N)" form
_BARE_ANSWER = re.compile(r"^\W*(?:y|yes|yep|yeah|n|no|nope|n/?a|none|nothing|-+)\W*$", re.I)


def bare_answer(text: str) -> bool:
    """Whether a comment is only a yes or a no (or "n/a"): no comment, so no verdict of its own, whatever the
    rating (the labels read "Y" at 4 of 5 as neutral)."""
    return bool(_BARE_ANSWER.match(text))


# what the customer could not find where they looked, said beside their question: "Couldn't see any on the website",
# "the app doesn't list them": why they ask, not a complaint
_NOT_FOUND = re.compile(r"^\W*(?:(?:i|we|but)\s+)?(?:couldn'?t|could not|can'?t|cannot|didn'?t|did not)\s+(?:see|find|spot)\b"
                        r"[^.!?]{0,40}?\b(?:on|in)\s+(?:the|your)\s+(?:web ?site|site|app|page|price ?list|menu|list)\W*$|"
                        r"^\W*(?:the|your)\s+(?:web ?site|site|app|page|price ?list|menu)\s+(?:doesn'?t|does not|didn'?t|"
                        r"did not)\s+(?:list|show|say|mention)\b[^.!?]{0,30}?(?:\band\b|$)", re.I)


def not_found(text: str) -> bool:
    """Whether a piece only says the customer could not find something on the site or app ("Couldn't see how on
    the website"): beside a question it says why they ask."""
    return bool(_NOT_FOUND.search(text.strip()))
