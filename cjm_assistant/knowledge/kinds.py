"""What kind of business the answers describe, and what it has: the general kind ("service", "product", "b2b",
"two-sided", or :data:`NEITHER`), its general stage model, and the capabilities (delivery, a catalogue, a
checkout, an app...) it has not shown, which the playbook then never assumes. The words are data, in the
``[kinds]`` and ``[capabilities.*]`` tables of ``data/steps.toml``."""

from __future__ import annotations

import re

from . import text as tx
from .steps import GeneralModel, data

#: What :func:`business_kind` answers when nothing in the answers says service or product.
NEITHER = "general"


def business_kind(text: str, two_sided: bool, b2b: bool, does: str = "") -> str:
    """Which general model fits: "two-sided", "b2b", "service" or "product", from the words of the answers
    (``[kinds]`` in steps.toml: what is done for a customer, by whom and where, against goods made, kept and
    sold); :data:`NEITHER` when nothing points either way ("we do stuff"): no kind's examples or
    capabilities are assumed for it. For B2B only the things done count as service: the trades and places
    named are as often the customers' ("physio clinics") as the business's. ``does``: the owner's own words for the
    business and its offering, where a verb of work ("we clean kitchen ducts", "knife sharpening") says service
    however few service words there are, and one of making or selling says goods (:func:`_does`)."""
    if two_sided:
        return "two-sided"
    text, does = _selling_a_service(text), _selling_a_service(does)
    toks = tx.tokens(text)
    kinds = data().kinds
    service = tx.keyword_score(toks, kinds["service"])
    if not b2b:
        service += tx.keyword_score(toks, kinds["service-people"] + kinds["service-places"]) + _occupations(text)
    product = tx.keyword_score(toks, kinds["product"])
    service += 2 * min(2, len(_MOVER.findall(text)))  # a courier's parcels are the customers' things moved, not goods sold
    work, goods = _does(does)
    service, product = service + work, product + goods
    if b2b and service <= product:
        return "b2b"
    if service == product:
        return NEITHER
    return "service" if service > product else "product"


def only_services(does: str) -> bool:
    """Whether a business's own words for itself and its offering name no goods at all (no goods word, no verb of
    making or selling): "helpdesk, Microsoft 365 admin and backups on a monthly per-user subscription", "import
    customs declarations and duty calculation". A supplier to businesses that sells nothing to be delivered."""
    # who is served is not what is sold: "window cleaning for shops and offices"
    does = _FOR_WHOM.sub(" ", _selling_a_service(does))
    if not does.strip() or _trades_in_goods(does):
        return False
    _, goods = _does(does)
    if goods or tx.keyword_score(tx.tokens(does), data().kinds["product"]):
        return False
    words = [w.casefold() for w in re.findall(r"[A-Za-z]+", does)]
    # what is done, named as a noun: "declarations", "calculation", "helpdesk", "admin", "backups"
    return any(w in _SERVICE_NOUNS or (len(w) > 7 and w.endswith(("tion", "tions", "sion", "sions"))) for w in words)


#: Who a service is for, named after it: "for shops and offices", "for local cafes, pubs and restaurants"
_FOR_WHOM = re.compile(r"\b(?:for|to|serving)\s+(?:(?:the|local|small|independent|busy|other)\s+)*[\w'-]+"
                       r"(?:\s*(?:,|\band\b|\bor\b|&)\s*(?:the\s+)?[\w'-]+)*", re.I)

#: A free advice service people reach from afar: a helpline, an advice line, advice by phone or video, casework
#: and triage. Nobody books a visit or comes to a place: they get through, talk, and are helped until it is resolved.
_REMOTE_ADVICE = re.compile(
    r"\b(?:help\s*lines?|advice\s*lines?|support\s*lines?|phone\s*lines?\s+(?:for\s+)?advice|"
    r"(?:phone|telephone|video|online|remote|webchat)\s+(?:and\s+(?:phone|telephone|video|webchat)\s+)?"
    r"(?:advice|advisers?|advisors?|consultations?|casework)|"
    r"advice\s+(?:by|over\s+the|on\s+the|via)\s+(?:phone|telephone|video|webchat|zoom)|casework|caseworkers?|"
    r"triage)\b", re.I)
#: ... not a place people come to for it: "drop-in advice sessions at our centre", "walk-in"
_COME_IN = re.compile(r"\b(?:drop[- ]in|walk[- ]in|come\s+in|our\s+(?:office|centre|center|clinic|branch))\b", re.I)


def remote_advice(does: str, how: str = "") -> bool:
    """Whether a business's own words for itself and its offering say it is an advice service reached by phone or
    video (:data:`_REMOTE_ADVICE`: "a free advice line", "people ring our helpline or book a video call", "casework")
    and ``how`` it works says of no place people come in to."""
    return bool(_REMOTE_ADVICE.search(does)) and not _COME_IN.search(f"{does} {how}")


#: An app or an online tool, as the business names itself ("a habit tracker app", "a web app", "software")
_AN_APP = re.compile(r"\b(?:apps?|software|saas|web\s*app|online\s+tool)\b(?!\s+store\b)", re.I)
#: ... not one the business has or works through: "a gym with an app", "order by our app", "booked in the app"
_THROUGH_IT = re.compile(r"\b(?:with|via|by|using|through|in|on|our|its|their)\s+(?:[\w'-]+\s+){0,2}$", re.I)
#: Paid for by subscription, with a free version first: "freemium", "Pro at £4.99/month", "subscriptions via ..."
_BY_SUBSCRIPTION = re.compile(r"\b(?:freemium|free\s+(?:tier|version|plan)|subscriptions?|subscribe|premium|pro\s+"
                              r"(?:plan|version|tier|at)|in-app\s+purchases?|per\s+month|a\s+month|/\s*month|"
                              r"monthly|per\s+year|a\s+year|/\s*year)\b", re.I)


def sold_as_app(does: str) -> bool:
    """Whether a business's own words for itself and its offering say it is an app or online tool paid for by
    subscription ("an online-only habit tracker app, freemium, subscriptions via the App Store"), and name no goods
    made or sold: nothing is delivered, and nobody comes to a place."""
    does = _selling_a_service(does)
    is_app = any(not _THROUGH_IT.search(does[max(0, m.start() - 40):m.start()]) for m in _AN_APP.finditer(does))
    if not (is_app and _BY_SUBSCRIPTION.search(does)) or _trades_in_goods(does):
        return False
    return not _does(does)[1]


#: Who a business serves, said before them: "to mid-size manufacturers", "for retailers"
_SERVED = re.compile(r"\b(?:to|for|with|serving|helping|supporting)\s+(?:[\w'-]+\s+){0,2}$", re.I)


def _trades_in_goods(text: str) -> bool:
    """Whether the business says it trades in goods ("a wholesaler", "distributor of hydraulic hoses"), not who it
    serves ("audit support to manufacturers", "for retailers")."""
    return any(not _SERVED.search(text[max(0, m.start() - 40):m.start()]) for m in _SELLS_GOODS.finditer(text))


#: Selling what is no goods: "we sell compliance-as-a-service", "sells software subscriptions", "selling support"
_SOLD_SERVICE = re.compile(r"\b(?:sell|sells|selling|sold)\b(?=\s+(?:(?!(?:and|or)\b)[\w'\"“”-]+\s+){0,3}?[\"“]?"
                           r"(?:[\w-]*-as-a-service|services?|software|saas|subscriptions?|licen[cs]es?|support|"
                           r"consult(?:ing|ancy)|courses?|insurance|memberships?|advice)\b)", re.I)


#: A professional's work handed over, which is no parcel: "year end accounts delivered", "delivering the report",
#: "certificates sent out", "plans delivered to your inbox"
_DELIVERABLE_NOUNS = (r"(?:accounts|returns?|reports?|certificates?|certs?|plans?|drawings?|designs?|audits?|"
                      r"surveys?|valuations?|assessments?|statements?|translations?|documents?|paperwork|advice|"
                      r"results?|findings|recommendations?|proposals?|quotes?|estimates?|payslips?|filings?)")
_DELIVERED_WORK = re.compile(
    rf"\b{_DELIVERABLE_NOUNS}\s+(?:(?:are|is|all|always|then|fully|promptly|quickly|on\s+time)\s+)*"
    r"(?:delivered|deliver(?:s|ing)?|sent|dispatched|shipped)\b|"
    rf"\b(?:deliver(?:s|ed|ing)?|send(?:s|ing)?|dispatch(?:es|ed|ing)?)\s+(?:(?:the|your|their|our|a|an|all|"
    rf"every|each|final|full|written|signed|year[- ]end|annual|monthly)\s+)*{_DELIVERABLE_NOUNS}\b", re.I)


def _selling_a_service(text: str) -> str:
    """``text`` with its selling of what is no goods said as providing it ("we sell compliance-as-a-service":
    "we provide ..."): a verb of selling says goods only when goods are sold; and a professional's work delivered
    ("year end accounts delivered", "we deliver the report") is no delivery of goods."""
    return _DELIVERED_WORK.sub(lambda m: re.sub(r"(?i)\b(?:delivered|deliver(?:s|ing)?|sent|send(?:s|ing)?|"
                                                 r"dispatch(?:ed|es|ing)?|shipped)\b", "provided", m.group()),
                               _SOLD_SERVICE.sub("provide", text))


#: Nouns of work done for a business: an offering of only these sells nothing to be delivered.
_SERVICE_NOUNS = frozenset({"support", "helpdesk", "admin", "administration", "advice", "advisory", "service",
                            "services", "servicing", "subscription", "maintenance", "checks", "audit", "audits",
                            "monitoring", "management", "consultancy", "consulting", "cleaning", "compliance",
                            "backups", "backup", "hosting", "payroll", "bookkeeping", "accounting", "accounts",
                            "recruitment", "staffing", "training", "cover", "filing", "returns", "inspections"})
#: A business that says it trades in goods: "distributor of hydraulic hoses", "a wholesaler".
_SELLS_GOODS = re.compile(r"\b(?:distributors?|suppliers?|wholesalers?|manufacturers?|makers?|merchants?|"
                          r"retailers?|stockists?)\b", re.I)


#: A business that moves people or other people's things, named as what it is ("Swift Couriers", "a bike courier",
#: "a taxi firm"), never the verb ("we don't courier those", "we courier it to you") nor the one a shop sends
#: with ("sent by courier", "the courier lost it"); "a courier" is left out too, for "we use a courier".
_MOVER = re.compile(r"(?<!\bwe )(?<!\bi )(?<!n't )(?<!dont )(?<!\bto )(?<!\bwill )(?<!\bcan )(?<!\bby )(?<!\bvia )"
                    r"(?<!\bthe )(?<!\bour )(?<!\btheir )(?<!\bwith )(?<!\busing )(?<!\ba )(?<!\ban )"
                    r"\b(?:couriers?|taxis?|minicabs?|cabs|chauffeurs?|hauliers?|haulage)\b"
                    r"(?!\s+(?:it|them|those|these|this|that|your|their|our|orders?|parcels?)\b)", re.I)


# What a business says it does: "we clean kitchen ducts", "I sharpen knives", "we sell cakes"
_WE_DO = re.compile(r"\b(?:we|i)\s+(?:(?:also|mainly|mostly|just|only|now|then)\s+)*(?P<verb>[a-z]+)\b", re.I)
#: Verbs of making, keeping and selling goods; verbs that say nothing of what is done.
_GOODS_VERBS = frozenset({"sell", "make", "bake", "supply", "stock", "ship", "distribute", "import", "brew", "roast",
                          "grow", "produce", "manufacture", "print", "knit", "sew", "craft", "source", "deliver",
                          "post", "pack", "bottle", "cook", "design", "build", "wholesale", "retail"})
_EMPTY_VERBS = frozenset({"be", "am", "are", "is", "was", "were", "have", "has", "had", "do", "does", "did", "get",
                          "run", "own", "offer", "provide", "help", "work", "cover", "serve", "use", "go", "come",
                          "start", "started", "can", "will", "would", "also", "re", "ve", "m", "ll", "d", "hire",
                          "rent", "lend", "let", "need", "want", "try", "know", "think", "love", "like", "specialise",
                          "specialize", "focus", "operate", "deal", "take", "send", "see", "visit", "turn", "book",
                          "charge", "call", "ring", "give", "keep", "cater", "teach"})
#: Work done on a customer's things, named as a noun in the offering ("knife sharpening", "canopy cleaning")
_WORK_NOUN = re.compile(r"\b[a-z]+ing\b", re.I)


def _does(text: str) -> tuple[int, int]:
    """(service, product) points from what the owner says the business does: a verb of work done after "we" or
    "I" ("we clean kitchen ducts", "I sharpen knives"), or such work named in -ing ("knife sharpening"), is a
    service however few service words the answers use; a verb of making or selling is goods."""
    from . import grammar as g

    work = goods = 0
    for m in _WE_DO.finditer(text[:600]):
        verb = g.lemma(m.group("verb").casefold())
        if verb in _GOODS_VERBS:
            goods = 2
        elif verb not in _EMPTY_VERBS and g.base(m.group("verb").casefold()) == m.group("verb").casefold() \
                and not verb.endswith(("ly", "ed")):
            work = 2
    for m in _WORK_NOUN.finditer(text[:600]):
        if m.group(0).casefold()[:-3] in _WORK_STEMS:  # "sharpening", not "fittings" (goods in the plural)
            work = max(work, 1)
    return work, goods


#: Roots of work done, for "-ing" nouns ("sharpening", "cleaning", "servicing", "valeting")
_WORK_STEMS = frozenset({"sharpen", "clean", "servic", "repair", "valet", "wash", "paint", "decorat", "groom",
                         "tun", "fix", "install", "fitt", "survey", "inspect", "test", "maintain", "polish",
                         "upholster", "reupholster", "restor", "alter", "mend", "iron", "launder", "dry-clean",
                         "trim", "prun", "mow", "landscap", "plaster", "til", "glaz", "plumb", "wir", "audit",
                         "translat", "edit", "proofread", "photograph", "film", "design", "tutor", "coach",
                         "train", "clear", "remov", "collect", "recycl", "shred", "sweep", "descal"})


def _occupations(text: str) -> int:
    """How many different words of ``text`` name a person by their trade's ending ("dentist", "optician")."""
    kinds = data().kinds
    ends, skip = tuple(kinds["service-suffixes"]), set(kinds["not-service"])
    return len({w for w in map(tx.stem, tx.words(text)) if len(w) >= 6 and w.endswith(ends) and w not in skip})


def lacking(answers: str, kind: str, nonprofit: bool = False, visiting: bool | None = None) -> set[str]:
    """The capabilities (``[capabilities.*]`` in steps.toml) this business has not shown it has: its answers
    name none of their words and its kind of business does not have them anyway. A yoga studio whose answers
    never mention delivery lacks delivery; a shop has it. A ``nonprofit`` sells nothing unless it says so."""
    visiting = comes_to_customer(answers) if visiting is None else visiting  # None: read from the answers
    left = left_with_business(answers)
    fetched = left or bool(_WE_COLLECT.search(answers))  # the business fetches things: it hands none over
    out = set()
    for key, cap in data().capabilities.items():
        toks = _clauses(_without_theirs(answers, cap.said_by, cap.theirs))
        said = [w for w in cap.said_by if not (visiting and w in cap.weak) and not (fetched and w in cap.weak_left)]
        if cap.list_only or cap.no_bookings:  # a time booked and waited past: not where people wait months on a list
            lacks = waits_on_a_list(answers, cap.no_bookings)
        elif cap.urgent_only:  # an appointment: only the journey says there is none (the context adds it)
            lacks = False
        elif cap.not_visiting:  # premises: every business has them, but one that comes to its customers
            lacks = visiting
        elif cap.not_left:  # someone waiting while it is done: not when they leave it with the business
            lacks = left
        elif cap.said_against:  # words that say it cannot be done: "I drive out to quote"
            lacks = _said(toks, said)
        elif cap.nonprofit_only:  # selling: a charity does not, unless its answers say it does (a charity shop)
            lacks = nonprofit and not _said(toks, said)
        elif left and cap.weak_left:  # the customer's own thing comes and goes: delivered only when said so
            lacks = not _said(toks, said)
        else:
            lacks = kind not in cap.kinds and not _said(toks, said)
        if lacks:
            out.add(key)
    return out


_WAITING_LIST = re.compile(r"\bwait(?:ing)?[- ]?lists?\b", re.I)
_MONTHS = re.compile(r"\b(?:months|years|a year|\d+\s*(?:months?|years?|yrs?))\b", re.I)
_NO_BOOKINGS = re.compile(r"\b(?:(?:take|takes|taking|have|has)\s+no|(?:don'?t|do not|doesn'?t|does not|never|can'?t|"
                          r"cannot)\s+(?:take|have|do|make))\s+(?:any\s+)?(?:bookings?|appointments?)\b|"
                          r"\bno\s+(?:bookings|appointments)\b", re.I)
_APPOINTMENTS = re.compile(r"\bappointments?\b", re.I)


def waits_on_a_list(answers: str, or_no_bookings: bool = False) -> bool:
    """Whether the answers describe people waiting on a list for months or years ("a waiting list of about 90 names
    ... been on the list 2 years") with no appointments (nobody waits minutes past a booked time), or, with
    ``or_no_bookings``, say no bookings are taken (nobody books a slot)."""
    if _NO_BOOKINGS.search(answers):
        return or_no_bookings
    said = _NO_BOOKINGS.sub(" ", answers)
    return bool(_WAITING_LIST.search(said) and _MONTHS.search(said) and not _APPOINTMENTS.search(said))


#: The business as the one who collects ("we do swarm collection", "we collect up to 5 large items"): it takes
#: something away from the customer, and no goods reach them by it.
_WE_COLLECT = re.compile(r"\b(?:we|i)\s+(?:(?:do|also|then|can|will|usually|just|come\s+and|go\s+and)\s+)*"
                         r"(?:[\w'-]+\s+)?(?:collect|collects|collection|collections)\b", re.I)


def _without_theirs(answers: str, said_by: list[str], theirs: list[str]) -> str:
    """The answers without a word of ``said_by`` that one of ``theirs`` makes someone else's ("procurement portal",
    "their finance system", "their own system"): a customer's own system says nothing of what the business has."""
    if not theirs:
        return answers
    owner = "|".join(re.escape(w) for w in sorted(theirs, key=len, reverse=True))
    thing = "|".join(re.escape(w) for w in sorted(said_by, key=len, reverse=True))
    return re.sub(rf"\b(?:{owner})\s+(?:own\s+|existing\s+|internal\s+|current\s+)?(?:{thing})\b", " ", answers, flags=re.I)


def denied(missing: set[str], stated: set[str]) -> set[str]:
    """The capabilities the owner denies: one of their channels is said to be missing ("no delivery", "we don't
    deliver", "no app") and none of them is a channel of the business. Whatever its kind of business usually
    has, everything that exists only because of such a capability goes with it (a bakery that says "no delivery"
    gets no "Late deliveries")."""
    return {key for key, cap in data().capabilities.items()
            if set(cap.channels) & missing and not set(cap.channels) & stated}


def _clauses(answers: str) -> list[list[str]]:
    """The answers' words, clause by clause (a denial reaches no further than its clause)."""
    return [toks for part in re.split(r"[.,;:!?()\n]+", answers) if (toks := tx.tokens(part))]


def _said(clauses: list[list[str]], words: list[str]) -> bool:
    """Whether one of ``words`` is in the answers, a phrase as said ("send out", not "send" and "out" apart), and
    not only where the answers deny it ("no app", "we don't have a booking system"; "no delivery on Sundays" says
    there is delivery)."""
    for word in words:
        needle = tx.phrase(word)
        for toks in clauses if needle else ():
            at = tx.find(toks, needle)
            while at >= 0:
                if not _denied(toks, at) or toks[at + len(needle):at + len(needle) + 1] in (["on"], ["in"], ["at"]):
                    return True  # "no prices on the website", "no delivery on Sundays": there are, elsewhere
                at = tx.find(toks, needle, at + 1)
    return False


_NEGATORS = {"no", "not", "without", "never", "nor"}
# words that may stand between a negation and what it denies ("not on an app", "we don't have a proper website")
_BETWEEN = {tx.stem(w) for w in ("a", "an", "the", "any", "our", "my", "own", "proper", "real", "have", "got", "on",
                                 "use", "need", "yet", "online")}


def _denied(toks: list[str], at: int) -> bool:
    """Whether the words at ``at`` are denied: a negation before them with only small words between, at most one
    word naming what kind of thing it is right before them ("no booking system"), and other things denied with them
    ("no app or portal"); "not sure the app helps" is no denial."""
    i = at - 1
    while i >= 0 and at - i <= 8:
        if toks[i] in _NEGATORS:
            return True
        if toks[i] in ("or", "nor") or toks[i] in _BETWEEN:
            i -= 1
        elif i + 1 == at or toks[i + 1] in ("or", "nor"):
            i -= 1  # "booking" in "no booking system", "app" in "no app or portal"
        else:
            return False
    return False


def comes_to_customer(answers: str, own: str | None = None) -> bool:
    """Whether the business comes to its customers ("we go to them", "mobile", "at your home", "call-out")
    rather than customers coming to it (``[at-home].words`` in steps.toml), or is a trade that works where the
    customer is ("a locksmith", ``[at-home].trades``), named in ``own`` (the owner's words for the business; the
    answers when None), with no counter of its own that customers come to (:func:`_trade_goes_out`)."""
    at_home = data().at_home
    if at_home is None:
        return False
    if _OWNER_GOES.search(answers) or _trade_goes_out(answers if own is None else own, answers):
        return True
    toks = tx.tokens(answers)
    not_before = {tx.phrase(w)[0] for w in at_home.not_before if tx.phrase(w)}
    for word in at_home.words:  # as said, in order; "mobile" but not "mobile app"
        needle = tx.phrase(word)
        at = tx.find(toks, needle) if needle else -1
        while at >= 0:
            after = toks[at + len(needle)] if at + len(needle) < len(toks) else ""
            if after not in not_before:
                return True
            at = tx.find(toks, needle, at + 1)
    return False


def _trade_goes_out(own: str, answers: str) -> bool:
    """Whether ``own`` names the business as a trade that works at the customer's ("a locksmith in Leeds"), not
    one it serves ("software for plumbers") nor what it sells ("plumbing supplies"), and the ``answers`` say of no
    shop or counter customers come to ("a locksmith's shop: people come in for keys")."""
    at_home = data().at_home
    if at_home is None or not at_home.trades:
        return False
    toks, every = tx.tokens(own), _clauses(answers)
    after = {tx.phrase(w)[0] for w in at_home.trade_not_before if tx.phrase(w)}
    serves = {tx.stem(w) for w in ("for", "to", "with", "help", "helps", "serve", "serves", "serving", "supply",
                                   "supplies", "supplying", "train", "trains", "training")}
    for word in at_home.trades:
        needle = tx.phrase(word)
        at = tx.find(toks, needle) if needle else -1
        while at >= 0:
            end = at + len(needle)
            if (end >= len(toks) or toks[end] not in after) and (at == 0 or toks[at - 1] not in serves):
                return not _said(every, at_home.counter)
            at = tx.find(toks, needle, at + 1)
    return False


#: The owner as the one who goes: "I pop round", "we call round", "I nip over", "we drop by", "we visit monthly", "I visit
#: them": the business goes to its customers ("we go over the figures" and "we visit trade fairs" do not say so).
_OWNER_GOES = re.compile(
    r"\b(?:i|we|i'll|we'll)\s+(?:(?:usually|normally|then|just|always|will|can|also|often)\s+)?(?:"
    r"(?:pop|pops|nip|nips|call|calls|come|comes|go|goes|drop|drops|head|heads|swing|swings)\s+(?:round|by|along)\b|"
    r"(?:pop|pops|nip|nips|head|heads)\s+(?:over|out|in)\b|(?:turn|turns|show|shows)\s+up\b|"
    r"(?:visit|visits)\s+(?:them|you|him|her|their|the\s+(?:client|customer)|clients|customers|monthly|weekly|"
    r"fortnightly|regularly|every|each|once|twice|on\s+site|\w+\s+(?:a|every|each)\s+(?:week|month|fortnight))\b)", re.I)


def left_with_business(answers: str) -> bool:
    """Whether the customer leaves their own thing with the business to be worked on ("they drop it off", "we
    collect it from their office") rather than being there while it is done (``[left-with-us].words``)."""
    left = data().left_with_us
    return left is not None and (_said(_clauses(answers), left.words) or bool(_LEFT_THING.search(answers)))


def works_on_their_thing(own: str) -> bool:
    """Whether the owner's words for the business (``own``) name work done on a customer's own thing that is left
    with it ("bike repairs", "a tailor", "a picture framer"; ``[left-with-us].work``), where no words of leaving it
    are said; not work done where the thing stays ("boiler repairs", "building alterations")."""
    left = data().left_with_us
    if left is None or not left.work:
        return False
    # as written, whole words: "tailored websites" is no tailor (the stems of the two are one)
    said = [w for w in left.work if re.search(r"(?<![\w-])" + r"\s+".join(map(re.escape, w.split())) + r"(?![\w-])",
                                              own, re.I)]
    return _said(_clauses(own), said) if said else False


#: Leaving one's own thing, named, with the business: "drop the bike off", "drop off their laptop", "hand the watch
#: in", "leave the car with us"; not the business dropping something off ("we drop off the parcel").
_LEFT_THING = re.compile(r"(?<!\bwe )(?<!\bi )\b(?:drop|drops|dropping|dropped|hand|hands|handing|handed|bring|brings|"
                         r"bringing|brought)\s+(?:(?:the|their|your|a|an|his|her|my|our)\s+)?(?:[a-z-]+\s+){0,2}[a-z-]+\s+"
                         r"(?:off|in)\b(?!\s+(?:(?:the|a|an|our|their|my|your|this|that|time|person|touch|mind)\b|\d))|(?<!\bwe )(?<!\bi )\b(?:drop|drops|dropping|dropped)\s+off\s+"
                         r"(?:the|their|your|a|an|his|her|my)\s+[a-z-]+|\b(?:leave|leaves|leaving|left)\s+(?:the|their|"
                         r"your|a|an|his|her|my)\s+[a-z-]+\s+with\s+(?:us|me|the\s+\w+)\b", re.I)


def assumes(text: str, lacks: set[str]) -> str:
    """The capability of ``lacks`` that ``text`` (a touchpoint's or pain point's words) takes for granted, or ""."""
    if not lacks:
        return ""
    toks = tx.tokens(text)
    return next((key for key, cap in data().capabilities.items()
                 if key in lacks and tx.keyword_score(toks, cap.assumed_by)), "")


#: An organisation people join and belong to, named as what the business is ("a community choir", "a cricket club",
#: "a credit union"), and the words of belonging to it
_ORGANISATION = re.compile(r"\b(?:club|society|choir|chorus|orchestra|band|association|guild|union|co-?op|"
                           r"cooperative|congregation|league)\b", re.I)
_BELONGING = re.compile(r"\b(?:members?|membership|memberships|subs|join|joining|rehearsals?|committee|"
                        r"volunteer[- ]run)\b", re.I)
#: A trade body the business belongs to ("a member of the Master Locksmiths Association"): no club of its own
_TRADE_BODY = re.compile(r"\b(?:members?|membership)\s+of\s+(?:the\s+)?(?:[A-Z][\w&'’-]*\s+){0,5}"
                         r"(?:Association|Society|Guild|Federation|Institute|Council|Register|Union)\b")


def is_membership(business: str, said: str = "", offering: str = "") -> bool:
    """Whether the answers describe an organisation people join and belong to: membership sold first ("membership for
    the year, concerts"), or the business named as a club, choir or society that has members ("a community choir ... run by a
    volunteer committee, 80 members"). A trade body the business is a member of does not count."""
    if re.search(r"\bmemberships?\b|\bsubs\b", re.split(r"[.,;\n]", offering, maxsplit=1)[0], re.I):
        return True  # what it sells first is membership ("monthly membership, £35 ..."), not a club on the side
    business, said = _TRADE_BODY.sub(" ", business), _TRADE_BODY.sub(" ", said)
    return bool(_ORGANISATION.search(business)) and bool(_BELONGING.search(f"{business} {said}"))


def is_two_sided(text: str) -> bool:
    return tx.keyword_score(tx.tokens(text), data().kinds["two-sided"]) > 0


def general_model(kind: str) -> GeneralModel:
    """The general model for a kind of business; for :data:`NEITHER`, the service model, whose stages assume
    no delivery, catalogue or checkout."""
    kind = "service" if kind == NEITHER else kind
    return next(m for m in data().model.values() if m.when == kind)


#: A business with nowhere customers come to, in its own words: "online only", "we only sell online", "no physical
#: shop", "no bricks and mortar"
_ONLINE_ONLY = re.compile(r"\bonline[- ]only\b|\bonly\s+(?:sell|sells|trade|trades|work|works|operate|operates|exist|"
                          r"exists)\s+online\b|\bonline\s+only\b|\bno\s+(?:physical|bricks[- ](?:and|&)[- ]mortar|"
                          r"high[- ]street)\s+(?:shop|store|premises|shopfront|base)\b|"
                          r"\bno\s+bricks[- ](?:and|&)[- ]mortar\b", re.I)
#: The channels that are a place of the business's own that customers come to
_OWN_PLACES = frozenset({"premises", "store"})


def no_premises(how_it_works: str, missing: set[str], stated: set[str]) -> bool:
    """Whether the owner says the business has no place customers come to ("no shop", "no premises", "online only"),
    in the answers on how it works, and names none as a channel. A market stall has no shop: it is said so (a stall
    is where its customers come, but never "a shop" to add)."""
    if stated & _OWN_PLACES:
        return False
    return bool(missing & _OWN_PLACES) or bool(_ONLINE_ONLY.search(how_it_works))


#: A fix that gives the business a place of its own: "Add a shop", "Open a showroom", "Rent a unit", "Get premises"
_ADDS_A_PLACE = re.compile(
    r"^(?:add|open|opening|get|rent|find|build|set\s+up|take\s+on|lease|buy|have|move\s+into)\s+"
    r"(?:(?:a|an|the|your|our|some|own|its|proper|physical|permanent|small|high[- ]street|bricks[- ]and[- ]mortar)\s+)*"
    r"(?:shops?|stores?|premises|showrooms?|salons?|studios?|clinics?|workshops?|waiting\s+rooms?|reception|units?|"
    r"offices?|shopfronts?|shop\s+fronts?|counters?|base|practice|surgery|garage|gym|retail\s+space|place\s+to\s+visit)"
    r"\b", re.I)


def adds_a_place(fix: str) -> bool:
    """Whether a fix's name gives the business premises of its own ("Add a shop to come back to", "Open a showroom")."""
    return bool(_ADDS_A_PLACE.search(fix.strip()))
