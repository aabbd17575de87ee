"""The row's verdict: a small fitted model over what the reading found, instead of more hand-ordered rules.

The hand reading (:mod:`.sentiment`, :func:`.sentiment.combine`) gives each part a sentiment and the row one
(its *base* verdict). Some classes of row it gets wrong in general, not by a missing phrase: a fault ticket
written politely ("the scanner isn't sending to email, not urgent") that is a report, not a complaint;
praise and then a question ("The lamb was superb. Is there a way to...?"); a rated row whose words are
faint. This module reads the row once more from a few explainable signals (:data:`FEATURES`): the base
verdict, the rating, the share of praising and complaining parts, vaderSentiment's strongest readings, and
markers of a question, a request, a fault report, thanks, a repeat and a turn. A multinomial logistic model
weighs them; its weights are fitted on the dev set by ``bench/fit_sentiment.py`` (pure Python,
deterministic) and kept in ``verdict.json`` with how they were fitted.

The model only changes the row's verdict when it is sure of another one (:data:`OVERRULE_MARGIN` over the
base verdict's probability); the matcher then takes the verdict *away* from the parts that disagree with it
(never gives one): praise is never made evidence of a pain point by it, nor a complaint invented.
"""

from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path

from .clauses import LEAN, MIXED, NEGATIVE, NEUTRAL, POSITIVE, leaning
from .sentiment import CHECKED_OK

WEIGHTS_FILE = Path(__file__).with_name("verdict.json")
CLASSES = (POSITIVE, NEGATIVE, MIXED, NEUTRAL)
OVERRULE_MARGIN = 0.0  # how much likelier than the base verdict another must be to overrule it (set in the file)

# a question anywhere in the row: "Is there a way of...?", "who do we call", "when r u coming"
_QUESTION = re.compile(r"\?|(?:^|[.!]\s+)(?:how|what|where|when|who|which|is there|are there|can|could|do|does|"
                       r"is|are|will|would)\s+(?:do|does|can|could|should|would|will|i|you|u|we|is|are|there|it|"
                       r"my|the|time|much|long|r)\b", re.I)
# it asks for something to be done or sent: "please", "can someone", "could you", "would be good if"
_REQUEST = re.compile(r"\b(?:please|pls|plz|can (?:someone|somebody|anyone|you|u)|could (?:someone|somebody|anyone|"
                      r"you|u)|would (?:it )?be (?:good|nice|great|helpful|handy)|is there (?:a|any) way|"
                      r"(?:i|we)(?:'d| would) like|need(?:s|ed)? (?:a|an|the|to)|let (?:me|us) know)\b", re.I)
# a report of something not working: "isn't sending", "keeps tripping", "not cold", "error", "broken"
_FAULT = re.compile(r"\b(?:(?:is|are|was|were)n'?t|not|won'?t|wont|doesn'?t|stopped) (?:\w+ing|working|cold|hot|"
                    r"on|off)\b|\bkeeps? \w+ing\b|\b(?:error|errors|fault|faulty|broken|broke|leak(?:ing|s)?|"
                    r"tripp(?:ing|ed)|alarm|beeping|noises?|down|crash(?:ed|es|ing)?|404)\b", re.I)
_THANKS = re.compile(r"\b(?:thanks|thank you|thankyou|cheers|ta|appreciated?)\b", re.I)
# it happened before, or is still so: "again", "still", "another", "third time"
# (not more of the service: "booked again for Tuesday", "will use again", "see you again")
_REPEAT = re.compile(r"\b(?:(?<!book )(?<!booked )(?<!booking )(?<!use )(?<!using )(?<!order )(?<!ordered )(?<!come )(?<!back )"
                     r"(?<!visit )(?<!see you )(?<!see them )(?<!see us )again|still|another|yet|"
                     r"(?:second|third|fourth|\d+(?:st|nd|rd|th)) (?:time|visit))\b",
                     re.I)
# the customer says there is no hurry: "not urgent", "no rush", "when you get a chance"
_NO_HURRY = re.compile(r"\b(?:not urgent|no rush|no hurry|when you (?:get|have) a (?:chance|minute|moment)|"
                       r"whenever (?:you can|suits))\b", re.I)
# what it costs the customer: "hard to chat", "can't tell which", "couldn't find"
_HARD = re.compile(r"\b(?:hard|difficult|impossible|tricky) to\b|\b(?:can'?t|cannot|couldn'?t|could not) (?:tell|see|find|"
                   r"work out|compare|know|get|approve|use|do)\b", re.I)
# what the customer had to do: "had to chase", "ended up", "asked for this", "emailed twice"
_HAD_TO = re.compile(r"\b(?:had to|have to|having to|ended up|i asked|we asked|asked for|chas(?:e|ed|ing)|"
                     r"(?:twice|three times|again and again))\b", re.I)
# nothing but a faint word: "fine", "ok I guess", "meh", "It was alright."
_FAINT_ALONE = re.compile(r"^\W*(?:(?:it was|it's|its|was|all|mostly)\s+)?(?:ok|okay|fine|alright|average|meh|decent|so-so|"
                          r"not bad(?! at all))(?:\s+(?:i guess|i suppose|thanks|ta|really))?\W*$", re.I)
_TURN = re.compile(r"\b(?:but|though|tho|although|however|except|apart from|otherwise)\b", re.I)
_FAINT = re.compile(r"\b(?:ok|okay|fine|alright|average|meh|decent|reasonable|not bad(?! at all)|i guess|i suppose)\b", re.I)

# the business failed to do what it should: "nobody came", "never rang back", "still haven't received", "didn't
# turn up" (a fault of the service, not of the customer's thing)
_FAILED = re.compile(r"\b(?:nobody|no one|no-one|noone|never)\s+(?:\w+\s+)?(?:came|come|turned up|showed|rang|called|"
                     r"phoned|replied|answered|got back|responded|sent|arrived|told|said|mentioned|been|bothered|"
                     r"picked up|followed up|updated|in touch)|\bstill (?:haven'?t|havent|hasn'?t|not|no|nothing|waiting)|"
                     r"\b(?:didn'?t|didnt|did not|never) (?:even )?(?:turn up|show up|come|arrive|ring|call|reply|answer|"
                     r"send|show|tell|get back|take|bother|fix|mention|listen)|\b(?:wasn'?t|weren'?t|was not|were not) "
                     r"(?:told|warned|informed|offered)|\bforgot\b|\bno (?:one|body) (?:told|rang|called|came)", re.I)
# the business's own work, done or left: "the gate you fitted", "since you finished in October", "the gutter clear you
# did last week", "the new lawn" (a fault in it is the business's, not the customer's own equipment's)
_OWN_WORK = re.compile(r"\b(?:you|they|u|your (?:\w+ )?(?:team|lads|guys|crew|engineers?|fitters?|men|staff|cleaners?)|the "
                       r"(?:lads|crew|team|guys|fitters?|engineers?|cleaners?))\s+(?:\w+\s+)?(?:fitted|installed|laid|built|"
                       r"did|done|finished|put (?:in|up|down)|replaced|repaired|fixed|serviced|cleaned|planted|painted|made|"
                       r"supplied|sold|cut|treated|sprayed|delivered)\b|\bsince (?:you|they|the (?:lads|crew|team|visit|job|"
                       r"work|service|install|installation|repair))\b|\bthe new \w+ (?:has|have|is|are|was|were|keeps?|won'?t|"
                       r"doesn'?t|isn'?t)\b", re.I)
# the customer wants more of the service: "please book us in for autumn too", "we'd like to go ahead", "same again"
_MORE = re.compile(r"\b(?:book (?:us|me) in|go ahead|same again|(?:see|book) you (?:again|next)|keep (?:doing|it up)|"
                   r"(?:sign|signing) (?:us |me )?up|count (?:us|me) in)\b", re.I)
# the customer could not reach the business: "phone just rings out", "third attempt to get through", "tried at 9, 12 and 4"
_UNREACHED = re.compile(r"\b(?:rings? out|rang out|just rings|(?:no|never an?) answer|(?:can'?t|couldn'?t|could not|cannot) "
                        r"get through|(?:second|third|fourth|\d+(?:st|nd|rd|th)) attempt|tried (?:at |calling |ringing )?"
                        r"\d+[^.!?]{0,12}\band\b)", re.I)
# a ticket's courtesy: it opens with a greeting or closes with a sign-off ("Hi, ...", "Morning,", "... Thanks, Sian")
_TICKET = re.compile(r"^\s*(?:hi|hello|hey|hiya|dear|morning|good (?:morning|afternoon)|afternoon)\b|"
                     r"\b(?:thanks|thank you|regards|cheers|many thanks|kind regards)\W*(?:[A-Z][a-z]+)?\W*$", re.I)
# it passes something on: an attachment, a document, a reference number ("P45 attached", "please find attached
# remittance", "order PH-55821", "invoices 88102 and 88140")
_PASSES_ON = re.compile(r"\b(?:attached|attaching|attachment|enclosed|please find|photos?|screenshots?|"
                        r"ref(?:erence)?(?: no| number)?\W*\d+|(?:order|invoice|account|job|ticket|booking|policy|"
                        r"case) (?:no\.?|number|ref|#)\s*\S+|[A-Z]{2,}-?\d{3,}|\d{5,})\b", re.I)
# it opens with an exclamation of praise and goes on to complain: "Great, another...", "Oh brilliant."
_PRAISE_OPENER = re.compile(r"^\W*(?:oh\W+)?(?:great|brilliant|lovely|fantastic|wonderful|perfect|amazing|super|"
                            r"excellent|nice one|well done|cheers)\b\W*(?:,|\.|!|\s+another|\s+so)", re.I)

# round 13: the rating was given by mistake ("clicked 0 meant 10 sorry", "gave 1 star by accident, meant 5")
_WRONG_RATING = re.compile(r"\b(?:(?:clicked|pressed|tapped|hit|gave|put|picked|chose|selected)\s+(?:it\s+)?(?:\d+|one|"
                           r"zero|a)?\s*(?:stars?\s+)?(?:by (?:accident|mistake)|accidentally|(?:the )?wrong (?:number|"
                           r"star|stars|score|rating|button|one))|accidentally (?:clicked|pressed|tapped|hit|gave|put|picked)|"
                           r"mis-?click(?:ed)?|wrong (?:star|stars|score|rating)|meant (?:to (?:give|put|click|press|say) )?"
                           r"(?:\d+|five|ten)(?! ?(?:min|hour|hr|day|week|month|year|£|%|am|pm))(?: stars?| out of \w+)?)\b",
                           re.I)


def rating_mistaken(text: str) -> bool:
    """Whether the row says its rating was given by mistake ("accidentally clicked 0 meant 10 sorry!!"): its words
    stand, not the rating."""
    return bool(_WRONG_RATING.search(text))


# ...or the row is not about this business at all: "wrong place sorry, meant to review the groomers next door",
# "Sorry wrong company, ignore", "test response please ignore"
_NOT_US = re.compile(r"\b(?:wrong (?:place|company|business|shop|page|site|firm|garage|review)|meant (?:to|for) "
                     r"(?:review|post|rate|send)|please ignore|ignore (?:this|me)|^\W*test(?:ing)?\b)", re.I)
# nothing is asked of the business: "no reply needed", "no need to respond", "just letting you know", "FYI"
_NOTHING_ASKED = re.compile(r"\b(?:no (?:reply|response|answer|action) (?:needed|necessary|required)|no need to (?:reply|"
                            r"respond|answer|get back|call)|(?:just|only) (?:letting you know|so you know|to let you know)|"
                            r"fyi|for (?:your|the) (?:records|info|information|file))\b", re.I)

# round 15: what an unrated message is, beyond its words' sentiment.
# a question that is itself a complaint: it asks why something failed, whether it was ever done, how much longer, or
# asks with a negation ("Couldn't you get this from...?", "Did it ever get filed?", "Is there no one else?", "how
# long does it take to...?", "why has nobody called me back?")
_COMPLAINING_QUESTION = re.compile(
    r"\b(?:couldn'?t|can'?t|cant|won'?t|wouldn'?t|shouldn'?t|isn'?t|aren'?t|doesn'?t|didn'?t|hasn'?t|haven'?t)\s+"
    r"(?:you|u|they|someone|anyone|somebody|anybody|it|there|this|that|we)\b[^.!?]*\?|"
    r"\bwhy (?:has|have|hasn'?t|haven'?t|is(?:n'?t)?|was(?:n'?t)?|were(?:n'?t)?|did(?:n'?t)?|does(?:n'?t)?|"
    r"do(?:n'?t)?|won'?t|are(?:n'?t)?) (?:no ?one|nobody|it|my|our|the|you|they|this|that|there|i|we)\b|"
    r"\b(?:ever|yet|still|again|by now|any (?:news|update|progress))\b[^.!?]*\?|"
    r"\bhow (?:long|many (?:more )?times|much longer|come)\b|\bis (?:there )?no(?: ?one|body)?\b[^.!?]*\?|"
    r"\bwhat(?:'?s| is) (?:going on|happening|the (?:hold ?up|delay|problem))\b|\bwhere (?:is|are) (?:my|our|it|they)\b",
    re.I)
# it asks for something new or extra, or about what is on offer: "Do you do funeral flowers as well?", "More large
# print please", "Can you add a way to save a basket?", "I'd like to go from 100 to 300", "is there parking?"
_ASKS_NEW = re.compile(
    r"\b(?:do|does|would|will|can|could) (?:you|u|they|we|i) (?:also |ever |still )?(?:do|offer|sell|stock|have|"
    r"cover|take|deliver to|add|make|open|run|provide|supply|do any)\b|\b(?:more|extra|another|a few more) [\w ]{1,25}?"
    r"\b(?:please|pls|would be (?:good|great|nice|lovely|handy))\b|\bcan (?:you|u|we|i) (?:add|get|have|book|order|"
    r"upgrade|switch|change|move|swap|go)\b|\b(?:i|we)(?:'?d| would) like to (?:go|upgrade|switch|change|move|add|order|"
    r"book|try|swap|increase|rebook|extend|join|renew)\b|\bas well\?|\btoo\?|\bis (?:there|it) (?:a|any) (?:way|option|"
    r"chance)\b|\bany plans\b|\bhow (?:do|can) (?:i|we)\b|\bwhat (?:do|should) (?:i|we) (?:do|need)\b", re.I)
# a wait said in time: "since January", "after 3 weeks", "it is now October", "in 18 months", "been like this since"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_WAITED = re.compile(
    rf"\bsince (?:{_MONTH}\b|last\b|\d{{4}}\b|the \d+|(?:\d+|one|two|three|four|five|six) (?:days|weeks|months))|"
    r"\b(?:after|for|over|nearly|almost|in) (?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|a few) (?:more )?"
    r"(?:days|weeks|months|years)\b|\b(?:it is|it'?s|its) now (?:\w+ )?" + _MONTH + r"\b|\bbeen like (?:this|that)\b|"
    r"\b(?:days|weeks|months) (?:later|on|and (?:still|nothing|no))\b", re.I)
# the customer's own apology: "Bit late sorry!", "sorry to chase", "apologies for the delay", "my mistake"
_OWN_SORRY = re.compile(r"(?<!said )(?<!say )(?<!was )(?<!were )(?<!very )\b(?:sorry|apologies|my bad|my mistake|my fault|"
                        r"our mistake|our fault)\b", re.I)
# thanks for a task done or information given, not praise of how: "thanks for looking into it", "thanks for the quote",
# "thanks for checking", "thanks for the info"
_THANKS_FOR_TASK = re.compile(r"\b(?:thanks|thank you|cheers|ta)\b,? (?:\w+ )?(?:for|4) (?:(?:the|your) (?:quote|info|"
                              r"information|reply|update|call|email|message|details|confirmation|link)|looking into|"
                              r"checking|getting back|letting (?:me|us) know|explaining|confirming|sending|the heads ?up)\b",
                              re.I)
# a fault in the customer's own thing, not the business's work: "our boiler is showing a fault", "my router keeps
# dropping", "the combi in the school kitchen keeps tripping"
_THEIR_OWN_THING = re.compile(r"\b(?:my|our)\s+(?:[\w-]+\s+){0,2}?(?:is|are|was|were|keeps?|has|have|had|isn'?t|"
                              r"aren'?t|won'?t|doesn'?t|didn'?t|stopped|started|showing|making)\b", re.I)
# the customer says they asked before: "I've asked on the phone twice", "I emailed in December and January", "we
# reported it last week"
_ASKED_BEFORE = re.compile(r"\b(?:i'?ve|we'?ve|i have|we have|i|we) (?:already |now |also |even )?(?:asked|emailed|e-mailed|"
                           r"rung|rang|called|phoned|chased|messaged|written|wrote|reported|mentioned|raised|told)\b"
                           r"[^.!?]{0,30}?\b(?:twice|before|already|again|(?:three|four|several|many|\d+) times|last (?:week|"
                           r"month|time)|in \w+ and (?:again )?(?:in )?\w+|(?:weeks|days|months) ago)\b", re.I)
_FIGURE = re.compile(r"(?<![\w])[£$€#]?\d[\d,.:/]*(?:st|nd|rd|th|hrs?|am|pm|k|%)?(?![\w])", re.I)
# a rating said in the words, which is no figure of an errand: "1 star", "4/5", "8 out of 10"
_RATING_SAID = re.compile(r"\b\d+(?:\.\d)?\s*(?:stars?\b|/\s*(?:5|10)\b|out of (?:5|10)\b)", re.I)
# round 17: the rating explained as short of the top: the customer says what cost the missing points ("would be a 10
# if...", "only 4 stars because...", "knocked a star off cos...", "the only reason not 5 is...", "that's why you get 4
# not 2", "4 stars for the staff, 0 for the queue"): both sides, whatever the words' balance (a row at the bottom of
# the scale is left out: "1 star because..." explains a complaint, not a withheld point)
_POINTS_WITHHELD = re.compile(
    r"\bwould(?: have|'?ve| of)? (?:be|been) (?:a |an )?(?:\d+|five|ten|full marks)(?: stars?)?(?: out of \d+)? "
    r"(?:if|but|except|apart|had|were|was)\b|\b(?:knock(?:ed|ing)?|took|taken|docked|lost|minus|dropped) (?:a|one|1|"
    r"two|2|half a) (?:stars?|points?|marks?)\b|\bonly (?:[1-9]|one|two|three|four) stars? (?:because|cos|coz|as|since|"
    r"for|due)\b|\b(?:only|the) reason (?:it'?s |i )?(?:not|didn'?t give|isn'?t)\b|\bwhy (?:you|u|it) (?:get|gets|got) "
    r"(?:a )?\d+|\b(?:gave|giving|give) (?:it |you |them )?(?:a )?(?:[2-9]|two|three|four)(?: stars?)? (?:because|cos|coz|"
    r"as|since)\b|\b\d+ stars? for (?:the )?\w+(?: \w+)?, (?:\d|no|zero)\b", re.I)
# round 17: thanks for what went right and nothing else: no question, no request, no complaint ("Renewed online in 5
# minutes, thanks.", "Scratch cards arrived next day, thank you", "Filed, paid, done. Cheers all")
_NOT_SO = re.compile(r"\b(?:not|no|never|nothing|nobody|still|again|late|wrong|missing|but|though|although|however|"
                     r"another|shame|sadly|unfortunately|(?:do|does|did|is|are|was|were|has|have|had|can|could|would|"
                     r"should|wo|ai)n'?t|cannot)\b", re.I)
# the row has two word-sentences or fewer, and no verb of a story: a form's short answer ("slow", "fine", "n/a", "Brill")
_SHORT_ANSWER = re.compile(r"^\W*(?:\w+[\w'-]*\W*){1,3}$")

FEATURES = ("bias", "base positive", "base negative", "base mixed", "rated high", "rated low", "rated middle",
            "top of the scale", "share of praising parts", "share of complaining parts", "strongest praise",
            "strongest complaint", "whole text", "says what went wrong", "a question", "a request",
            "a fault report", "thanks", "a repeat", "no hurry", "a turn", "a faint verdict",
            "unrated", "unrated request", "unrated fault report", "praise and a question", "praise and a request",
            "both sides strong", "rated and faint", "says what is hard", "says what they had to do",
            "rated high below the top and says what went wrong", "rated high and a complaint", "a faint word alone",
            # round 8: what the reading found in the words, before the rating had its say
            "strongest praise read", "strongest complaint read", "parts praising in their own words",
            "parts complaining in their own words", "the last part praises", "the last part complains",
            "a turn to a complaint last", "a turn to praise last", "the words go against the rating",
            "the service failed", "a fault report and the service did not fail", "a ticket's courtesy",
            "an exclamation of praise and a complaint", "several sentences",
            # round 9: whose fault a reported fault is, and what the customer wants next
            "the business's own work", "a fault in the business's own work", "wants more of the service",
            "praise and wants more", "could not reach the business",
            # round 12: both sides in the words, whatever the rating; what the reading found beyond vaderSentiment's
            # words; a message that passes something on (an attachment, a reference) rather than judging
            "both sides in their own words", "a complaint in their own words and rated high",
            "the reading found a complaint the words did not say", "the reading found praise the words did not say",
            "passes something on", "unrated and several sentences",
            # round 13: a rating given by mistake, a row meant for another business, nothing asked back; a fault
            # reported at the top of the scale, and a fault reported with a ticket's courtesy
            "the rating was a mistake", "not about this business", "nothing asked back",
            "top of the scale and a fault report", "a polite fault report",
            # round 15: an unrated message's kind: a question that complains, a question beside a complaint in the
            # words, a request for something new, a wait said in time, the customer's own apology, thanks for a
            # task (no praise of how), a short form answer and which way it leans
            "a question that complains", "a question beside a complaint", "asks for something new",
            "asks for something new and no complaint", "a wait said in time", "a wait and a question",
            "the customer apologises", "thanks for a task", "thanks beside a complaint",
            "a short answer", "a short answer that praises", "a short answer that complains", "unrated question",
            "a fault in the customer's own thing", "asked before", "figures",
            # round 17: the rating explained as short of the top; thanks and nothing asked or wrong
            "the rating explained as short of the top", "thanks and nothing asked or wrong")


def features(text: str, base: str, rating: int | None, extreme: bool, feelings: list[str],
             vaders: list[float], complains: bool, whole: float, scores: list[float] | None = None,
             own: list[str] | None = None) -> list[float]:
    """The row's signals, in the order of :data:`FEATURES` (each 0..1 or -1..+1). ``scores``: each part's reading
    from its own words (vaderSentiment and the reading's nudges, before the rating; default: ``vaders``); ``own``:
    each part's sentiment from its words alone, as :func:`.sentiment.combine` reads them without a rating (a
    concession before "but" is no verdict; default: each score's leaning)."""
    n = max(len(feelings), 1)
    praise, complaint = max([0.0, *vaders]), -min([0.0, *vaders])
    question, request = bool(_QUESTION.search(text)), bool(_REQUEST.search(text))
    fault, faint = bool(_FAULT.search(text)), bool(_FAINT.search(CHECKED_OK.sub(" ", text)))
    unrated = rating is None
    scores = list(scores) if scores is not None else list(vaders)
    own = list(own) if own else [leaning(s) for s in scores] or [NEUTRAL]
    said = [o for o in own if o != NEUTRAL]
    last = said[-1] if said else NEUTRAL
    turn = bool(_TURN.search(text))
    read_praise, read_complaint = max([0.0, *scores]), -min([0.0, *scores])
    words = max(scores, key=abs) if scores else 0.0
    against = float(rating is not None and rating != 0 and abs(words) >= LEAN and (words > 0) != (rating > 0))
    failed = bool(_FAILED.search(text))
    sentences = len([x for x in re.split(r"[.!?]+", text) if x.strip()])
    own_work, more = bool(_OWN_WORK.search(text)), bool(_MORE.search(text))
    complaining_q, asks_new = bool(_COMPLAINING_QUESTION.search(text)), bool(_ASKS_NEW.search(text))
    waited, thanks = bool(_WAITED.search(text)), bool(_THANKS.search(text))
    short = bool(_SHORT_ANSWER.match(text))
    return [
        1.0,
        float(base == POSITIVE), float(base == NEGATIVE), float(base == MIXED),
        float(rating is not None and rating > 0), float(rating is not None and rating < 0), float(rating == 0),
        float(bool(extreme) and rating is not None and rating != 0),
        feelings.count(POSITIVE) / n, feelings.count(NEGATIVE) / n,
        praise, complaint, whole,
        float(complains),
        float(question), float(request), float(fault),
        float(bool(_THANKS.search(text))), float(bool(_REPEAT.search(text))), float(bool(_NO_HURRY.search(text))),
        float(turn), float(faint),
        float(unrated), float(unrated and request), float(unrated and fault), praise * question, praise * request,
        min(praise, complaint), float(faint and not unrated),
        float(bool(_HARD.search(text))), float(bool(_HAD_TO.search(text))),
        float(rating is not None and rating > 0 and not extreme and complains),
        complaint * float(rating is not None and rating > 0), float(bool(_FAINT_ALONE.match(text))),
        min(read_praise, 1.0), min(read_complaint, 1.0), own.count(POSITIVE) / len(own), own.count(NEGATIVE) / len(own),
        float(last == POSITIVE), float(last == NEGATIVE),
        float(turn and last == NEGATIVE and POSITIVE in own), float(turn and last == POSITIVE and NEGATIVE in own),
        against, float(failed), float(fault and not failed), float(bool(_TICKET.search(text))),
        float(bool(_PRAISE_OPENER.search(text)) and (complains or NEGATIVE in own)), min(sentences, 4) / 4,
        float(own_work), float(own_work and (fault or complains or NEGATIVE in own)), float(more),
        float(more and POSITIVE in own), float(bool(_UNREACHED.search(text))),
        float(POSITIVE in own and NEGATIVE in own), float(NEGATIVE in own and rating is not None and rating > 0),
        min(max([0.0, *(v - s for v, s in zip(vaders, scores))]), 1.0),
        min(max([0.0, *(s - v for v, s in zip(vaders, scores))]), 1.0),
        float(bool(_PASSES_ON.search(text))), float(unrated) * min(sentences, 4) / 4,
        float(bool(_WRONG_RATING.search(text))), float(bool(_NOT_US.search(text))),
        float(bool(_NOTHING_ASKED.search(text))),
        float(fault and bool(extreme) and rating is not None and rating > 0),
        float(fault and bool(_TICKET.search(text) or _THANKS.search(text) or request)),
        float(complaining_q), float(question and NEGATIVE in own), float(asks_new),
        float(asks_new and NEGATIVE not in own and not complaining_q and not failed), float(waited),
        float(waited and question), float(bool(_OWN_SORRY.search(text))), float(bool(_THANKS_FOR_TASK.search(text))),
        float(thanks and (NEGATIVE in own or complains)),
        float(short), float(short and POSITIVE in own), float(short and NEGATIVE in own), float(unrated and question),
        float(bool(_THEIR_OWN_THING.search(text)) and fault and not own_work), float(bool(_ASKED_BEFORE.search(text))),
        min(len(_FIGURE.findall(_RATING_SAID.sub(" ", _WRONG_RATING.sub(" ", text)))), 4) / 4,  # not "1 star, meant 5"
        float(bool(_POINTS_WITHHELD.search(text)) and not (bool(extreme) and rating is not None and rating < 0)),
        float(thanks and not question and not request and not complains and NEGATIVE not in own and
              not _NOT_SO.search(text) and not _PRAISE_OPENER.search(text)),
    ]


def probabilities(weights: dict[str, list[float]], x: list[float]) -> dict[str, float]:
    """Each class's probability under a multinomial logistic model (``weights``: class -> one weight per
    feature)."""
    logits = {c: sum(wi * xi for wi, xi in zip(weights[c], x)) for c in CLASSES}
    top = max(logits.values())
    exp = {c: math.exp(v - top) for c, v in logits.items()}
    total = sum(exp.values())
    return {c: v / total for c, v in exp.items()}


@functools.cache
def model() -> dict | None:
    """The fitted model (``verdict.json``); None when the file is missing (the base verdict stands)."""
    try:
        data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if tuple(data["features"]) != FEATURES:  # fitted on other signals: refit with bench/fit_sentiment.py
        return None
    return data


def barred(x: list[float]) -> str | None:
    """The verdict the model may never give a row: only praise at the bottom of its scale, only a complaint at
    the top (the protective rule of :func:`.sentiment.combine`: "what a fantastic experience standing in the
    rain /s" at 1 of 10 is no praise, "moving with two cats is hell, these guys made it bearable" at 10 of 10
    no complaint)."""
    named = dict(zip(FEATURES, x))
    if named.get("the rating was a mistake"):  # "clicked 0 meant 10 sorry!! had a great time": the words stand
        return None
    if named.get("top of the scale"):
        return POSITIVE if named.get("rated low") else NEGATIVE if named.get("rated high") else None
    return None


# what a row is, not what its words say: the model weighs these beside the words, never instead of them
_FRAME = frozenset({"bias", "base positive", "base negative", "base mixed", "rated high", "rated low", "rated middle",
                    "top of the scale", "share of praising parts", "share of complaining parts", "unrated",
                    "a ticket's courtesy", "several sentences", "a short answer", "figures"})


def silent(x: list[float]) -> bool:
    """Whether a row's words gave the model no signal at all (no sentiment, no marker): only its frame (the hand
    verdict, the rating, its length). Then the hand verdict stands: the model would only be guessing from how
    often the dev set's rows were complaints ("I'm out until 5pm, I'll reply as soon as I can" read as one)."""
    return not any(v for name, v in zip(FEATURES, x) if name not in _FRAME)


def decide(x: list[float], base: str, fitted: dict | None = None) -> tuple[str, dict[str, float]]:
    """(the row's verdict, each class's probability): the base verdict unless the model finds another likelier
    by the file's margin. ``x`` is empty for a row the matcher keeps to its rules (a denial, a concession,
    sarcasm, a problem gone): its base verdict stands."""
    fitted = fitted if fitted is not None else model()
    if not fitted or len(x) != len(FEATURES):  # no model, or a row read by a rule the model never overrules
        return base, {}
    if silent(x):
        return base, {}
    p = probabilities(fitted["weights"], x)
    best = max((c for c in CLASSES if c != barred(x)), key=lambda c: p[c])
    if best != base and p[best] >= p.get(base, 0.0) + fitted.get("margin", OVERRULE_MARGIN):
        return best, p
    return base, p
