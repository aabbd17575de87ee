"""The owner's journey, read as steps, and the general stage models (``data/steps.toml``).

``parse_steps("sellers list a piece, buyers find it, message, pay, we collect and deliver, seller gets
paid")`` gives six steps, each kept in the owner's words, with the phase its words name (``list``,
``research``, ``enquire``...) and the side of a two-sided business that takes it. Nothing here knows
an industry: the words are the general vocabulary of journeys (find, ask, book, order, pay,
deliver, come back...), so a business nobody tuned for gets its own steps back.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cjm_assistant.domain.model import clean_name, explain

from . import text as tx
from .lists import tidy

DATA = Path(__file__).parent / "data" / "steps.toml"
#: A stage name longer than this many words is cut before its trailing details (kept in an action).
MAX_NAME_WORDS = 6
Side = str  # "provider", "customer", "business" or ""


class KnowledgeError(ValueError):
    pass


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PhaseContent(_M):
    words: list[str] = Field(min_length=1)
    side: str = ""
    name: str
    goal: str
    actions: list[str] = Field(min_length=2, max_length=4)
    thoughts: list[str] = Field(min_length=1, max_length=3)
    emotion: int = Field(0, ge=-2, le=2)
    next: list[str] = []
    #: Its words as a noun after "the", "our" (and one word more: "the mailing list") name another thing, not
    #: this step: a list people sign is no listing.
    not_as_noun: bool = False
    #: Its words right after "my", "our", "their"... name what someone has, not this step: "see my work" is no use.
    not_owned: bool = False
    #: The goal of a step of no known kind placed in this phase after a stage of it ("arrive" then "sew"): the service
    #: itself, not its first moment.
    service_goal: str = ""
    #: ... and the actions and thoughts of that service when the stage is named for it ("The lessons", not a visit)
    service_actions: list[str] = Field(default_factory=list, max_length=4)
    service_thoughts: list[str] = Field(default_factory=list, max_length=3)


class GeneralStage(_M):
    name: str
    phase: str
    side: str = ""
    goal: str = ""  # the phase's goal when empty


class GeneralModel(_M):
    name: str
    description: str = ""
    when: str
    stages: list[GeneralStage] = Field(min_length=4, max_length=8)


class Capability(_M):
    """Something not every business has (delivery, a product catalogue, a checkout, an app)."""

    assumed_by: list[str] = Field(min_length=1)  # words in a touchpoint or pain point that take it for granted
    said_by: list[str] = Field(min_length=1)  # words in the answers that say the business has it
    kinds: list[str] = []  # business kinds (:func:`.kinds.business_kind`) that have it without saying so
    #: Words of ``said_by`` that do not say so when the business comes to the customer (its van is how it gets
    #: there, not a delivery).
    weak: list[str] = []
    #: Lacked when, and only when, the business comes to the customer (premises to check in at).
    not_visiting: bool = False
    #: Lacked only by a non-profit whose answers name none of ``said_by`` (a food bank sells nothing; a charity
    #: shop says it sells).
    nonprofit_only: bool = False
    #: Lacked when, and only when, the customer leaves their own thing with the business (``[left-with-us]``):
    #: nobody waits in a waiting room while the work is done.
    not_left: bool = False
    #: Lacked when, and only when, the answers name one of ``said_by``: words that say it cannot be done (a price
    #: that needs the job seen first rules out an instant quote online).
    said_against: bool = False
    #: Lacked when, and only when, the journey mapped is an emergency (``urgent`` in vocab.toml's journeys): nobody
    #: agrees a date, gets a reminder the day before or fails to turn up (``said_by`` is not read).
    urgent_only: bool = False
    #: Lacked when, and only when, the answers describe a waiting list of months or years (an allotment, a housing
    #: co-op): nobody waits minutes past a booked time (:func:`.kinds.waits_on_a_list`).
    list_only: bool = False
    #: Lacked when, and only when, such a waiting list is described or the answers say no bookings are taken.
    no_bookings: bool = False
    #: A stage model's stage whose name or goal takes it for granted ("Post-stay") gets its phase's general content
    #: when the business lacks it (other capabilities' stages have content of their own for that business).
    stages: bool = False
    #: Words of ``said_by`` that do not say so when the customer leaves their own thing with the business: "we
    #: collect it from their office" fetches the customer's bike, it delivers no goods.
    weak_left: list[str] = []
    #: The channels (keys of channels.toml) by which a business has it: when the owner says one of them is missing
    #: ("no delivery", "we don't deliver") and states none of them, the business lacks it whatever its kind.
    channels: list[str] = []
    #: Words that, just before a word of ``said_by``, make the thing someone else's: a customer's "procurement
    #: portal" or "finance system" is theirs, not the business's.
    theirs: list[str] = []


class About(_M):
    """What a stated problem is about, from its words: where on the map it happens."""

    all: list[list[str]] = Field(min_length=1)  # one word of each group must be in the problem
    names: list[str] = []  # a stage whose name has one of these is where it happens
    #: ... and among several, the one whose name has one of these words as written ("Weekly lessons", not "First
    #: lesson we assess them": a lesson called off is one of the repeated ones)
    prefer: list[str] = []
    phases: list[str] = []  # else the first stage of the earliest of these phases (none: read the stages)
    last: bool = False  # the last stage of that phase, not the first ("after the job": the end of the service)
    fix: str = ""  # the usual answer to a problem of this topic, when there is one
    detail: str = ""  # how, in a sentence
    owner: bool = False  # the owner's problem only: a customer "chasing invoices" chases the business, not payment
    none: list[str] = []  # words that give the topic's words another sense ("hear a sample before paying": no acoustics)
    ranked: bool = False  # `names` in order of preference: a stage named by an earlier one wins ("Prepare" before "Book")


class Voice(_M):
    """A step told as the owner's own action, and its name from the customer's side (``[[voice]]``)."""

    pattern: str
    name: str
    phase: str = ""
    owner: bool = False


class AtHome(_M):
    """The visit's general content when the business comes to the customer (``[at-home]``)."""

    words: list[str] = Field(min_length=1)  # words in the answers that say so ("we go to them", "mobile")
    not_before: list[str] = []  # ... unless this word follows ("mobile app", "mobile number")
    trades: list[str] = []  # trades that work where the customer is ("locksmith"), named as the business
    trade_not_before: list[str] = []  # ... unless this word follows ("plumbing supplies")
    counter: list[str] = []  # ... nor when the answers say customers come to its own place ("our shop")
    goal: str
    actions: list[str] = Field(min_length=2, max_length=4)
    thoughts: list[str] = Field(min_length=1, max_length=3)
    # the same visit to a business's site (a factory, an office): nobody waits "at home"
    site_goal: str = ""
    site_actions: list[str] = Field(default_factory=list, max_length=4)
    # teams of a place customers come to ("Front desk") and who answers for them when nobody comes in
    desk_teams: list[str] = []
    desk_team: str = ""
    # a stage's goal that has the customer travel to the place ("... turn up on time"), and what it is instead
    travel_goal: str = ""


class LeftWithUs(_M):
    """The service's general content when the customer leaves their own thing with the business (``[left-with-us]``):
    they drop it off or have it collected, and get it back done."""

    words: list[str] = Field(min_length=1)  # words in the answers that say so ("drop it off", "we collect it")
    #: Work on a customer's own thing named as what the business does ("bike repairs", "a tailor", "a picture
    #: framer"): read in the owner's words for the business, where the thing is theirs, not goods sold.
    work: list[str] = []
    goal: str
    actions: list[str] = Field(min_length=2, max_length=4)
    thoughts: list[str] = Field(min_length=1, max_length=3)
    #: The step where it changes hands ("we collect it from their office", "they drop it off"): no delivery of goods.
    handover_goal: str
    handover_actions: list[str] = Field(min_length=2, max_length=4)
    handover_thoughts: list[str] = Field(min_length=1, max_length=3)
    #: The step where it comes back to them ("they collect it", "we drop it back"): theirs, not goods delivered.
    return_goal: str = "Get it back when promised, and see that the work was done right"
    return_actions: list[str] = Field(default_factory=lambda: ["Hears it is ready", "Collects it or has it brought back",
                                                               "Checks the work before going"], max_length=4)
    return_thoughts: list[str] = Field(default_factory=lambda: ["Is it really finished?", "Is it what we agreed?"],
                                       max_length=3)


class StepsData(_M):
    order: list[str]
    sides: dict[str, list[str]]
    phase: dict[str, PhaseContent]
    model: dict[str, GeneralModel]
    kinds: dict[str, list[str]]
    capabilities: dict[str, Capability] = {}
    about: dict[str, About] = {}
    voice: list[Voice] = []
    at_home: AtHome | None = Field(None, alias="at-home")
    left_with_us: LeftWithUs | None = Field(None, alias="left-with-us")


@functools.cache
def data() -> StepsData:
    try:
        raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
        loaded = StepsData.model_validate(raw)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise KnowledgeError(f"steps.toml: {e}") from None
    except ValidationError as e:
        raise KnowledgeError(f"steps.toml: {explain(e)}") from None
    for key in loaded.phase:
        if key not in loaded.order:
            raise KnowledgeError(f"steps.toml, [phase.{key}]: not in `order`")
    for key, content in loaded.phase.items():
        for nxt in content.next:
            if nxt not in loaded.phase:
                raise KnowledgeError(f"steps.toml, [phase.{key}]: next phase {nxt!r} is not a phase")
    for key, model in loaded.model.items():
        for st in model.stages:
            if st.phase not in loaded.phase:
                raise KnowledgeError(f"steps.toml, [model.{key}]: stage {st.name!r} has unknown phase {st.phase!r}")
    return loaded


def rank(phase: str | None) -> float:
    """Where a phase usually comes in a journey (0 = first); unknown phases come in the middle."""
    order = data().order
    return float(order.index(phase)) if phase in order else len(order) / 2


@dataclass(frozen=True)
class Step:
    """One step of the journey as the owner said it."""

    text: str  # the owner's words, tidied: "sellers list a piece"
    phase: str | None  # the phase its words name, or None
    side: Side  # who takes the step: provider, customer, business or "" (not said)
    at: int = 0  # position of the phase word in the step (for the stage name)
    thing: str = ""  # what "it" stands for in "coming to it": the journey's object ("the author event")
    #: The step seen from the customer's side when the owner told it as their own action ("I give them a rough
    #: price" -> "Get a rough price", "we send the invoice" -> "Pay the invoice"); "" when told from theirs.
    seen: str = ""
    #: Whose part of the journey the step is in, when the owner labelled it ("fixers: fill in the volunteer form,
    #: ..."; "For volunteers: apply on the website, ..."): the label's words; "" when not labelled.
    group: str = ""

    @property
    def name(self) -> str:
        """A stage name in the owner's words: capitalised, cut before trailing details when long; a final
        "to it" names what "it" is ("coming to it" -> "Coming to the author event")."""
        return tx.capitalise(_no_open_bracket(short_name(self._words())))

    @property
    def shortened(self) -> bool:
        return _no_open_bracket(short_name(self._words())) != self._words()

    def _words(self) -> str:
        if self.seen:
            return plain_step(self.seen)
        text = _drop_object_pronoun(self.text)
        if self.thing:
            text = _PREP_IT.sub(lambda m: f"{m.group(1)} {self.thing}", text)
        return plain_step(text)


#: Words of talk, not of the step: "the swarm callout really", "basically they book", "I suppose".
_FILLER = r"(?:really|basically|honestly|literally|i\s+suppose|i\s+guess|i\s+think|you\s+know|to\s+be\s+(?:honest|fair))"
_FILLER_END = re.compile(rf"(?:,\s*|\s+){_FILLER}\s*[,.!]*$", re.I)
_FILLER_START = re.compile(rf"^(?:(?:so|well|and|um|erm|oh)[,\s]+)*{_FILLER}[,\s]+(?=\w)", re.I)
_FILLER_ASIDE = re.compile(rf",\s*{_FILLER}\s*,", re.I)
#: What someone is meant to do, named by the doing: "then they're supposed to fix the reds" -> "fix the reds".
_MEANT_TO = re.compile(r"^(?:(?:they|he|she|we|you|i|people|customers|clients)(?:'re|'s|'m|\s+are|\s+is|\s+am|"
                       r"\s+were|\s+was)?\s+)?(?:supposed|meant|expected|due|going|ought|need|needs|have|has)\s+to\s+"
                       r"(?=\w)", re.I)
#: Getting in touch to do something, named by what they ask: "email or ring asking for a quote" -> "ask for a quote".
_PURPOSE = {"asking": "ask", "wanting": "want", "looking": "look", "enquiring": "enquire", "inquiring": "inquire",
            "checking": "check", "requesting": "request", "hoping": "hope", "needing": "need", "chasing": "chase",
            "trying": "try"}
_IN_TOUCH = re.compile(r"^(?:(?:email|emails|ring|rings|call|calls|phone|phones|message|messages|text|texts|"
                       r"whatsapp|whatsapps|write|writes|dm|dms)(?:\s+(?:us|me|in))?(?:\s+(?:or|and|/)\s+|\s+))+"
                       rf"(?P<why>{'|'.join(_PURPOSE)})\s+(?=\w)", re.I)


_HESITATION = r"(?:well|so|ok|okay|right|um+|erm+|er|uh+|hmm+|ah+|oh|yeah|yes|gosh|honestly|basically|anyway)"
#: A piece of a journey answer that is talk around the steps, no step: a word of hesitation ("Well,"), or a remark
#: on the question ("it is complicated", "it depends", "good question", "let me think", "where do I start").
_ASIDE = re.compile(
    rf"^(?:{_HESITATION}[\s!.?…]*)+$|"
    rf"^(?:{_HESITATION}[,\s]+)*(?:(?:it|that|this)(?:'s|’s|s|\s+is|\s+was|\s+can\s+be|\s+gets)|there'?s)\s+"
    r"(?:(?:all|quite|really|very|pretty|a\s+bit|a\s+little|kind\s+of|kinda|sort\s+of|rather|so|not)\s+)*"
    r"(?:complicated|complex|tricky|messy|involved|convoluted|a\s+long\s+story|a\s+long\s+one|a\s+(?:bit\s+of\s+a\s+)?"
    r"(?:mess|process|journey|saga|mix)|(?:hard|difficult|tricky)\s+to\s+(?:say|explain|describe|tell)|simple|"
    r"straightforward|varied|different\s+every\s+time)[\s!.?…]*$|"
    rf"^(?:{_HESITATION}[,\s]+)*(?:(?:it|that)\s+(?:depends|varies)(?:\s+(?:a\s+lot|really|a\s+bit))?|"
    r"(?:good|great|tough|hard|interesting)\s+question|let\s+me\s+(?:think|see)|where\s+(?:do\s+i|to)\s+"
    r"(?:start|begin)|(?:hard|difficult)\s+to\s+say|(?:i'?m\s+)?not\s+(?:sure|certain))[\s!.?…]*$", re.I)


_ASIDE_LEAD = re.compile(r"^(?P<aside>[^–—:;,]{2,60}?)\s*(?:[–—:]|\s-)\s+(?=\w)")


def aside(piece: str) -> bool:
    """Whether a piece of a journey answer is talk around the steps (:data:`_ASIDE`), each of its sentences ("Good
    question! Let me think"), no step of its own."""
    said = [s for s in re.split(r"(?<=[.!?…])\s+", piece.strip().replace("’", "'")) if s.strip(" .!?…")]
    return bool(said) and all(_ASIDE.match(s) for s in said)


def without_aside(piece: str) -> str:
    """A piece of a journey answer without the remark it opens with ("it's quite messy – they email": "they
    email")."""
    lead = _ASIDE_LEAD.match(piece)
    return piece[lead.end():] if lead and aside(lead.group("aside")) else piece


def without_fillers(text: str) -> str:
    """A step's words without the fillers of talk ("the swarm callout really" -> "the swarm callout")."""
    out = _FILLER_ASIDE.sub(",", _FILLER_START.sub("", _FILLER_END.sub("", text.strip()))).strip()
    return out or text


#: A hedge or remark said after what is named, not part of its name: "..., thats the big one", "... tbh",
#: "... mostly", "... or so" (a title, a scope or a data source keeps what was named).
_HEDGE_END = re.compile(r"(?:,\s*|\s+)(?:tbh|to\s+be\s+honest|i\s+reckon|i'?d\s+say|mostly|mainly|or\s+so|"
                        r"(?:i\s+)?suppose|(?:that|it|this)(?:'?s|\s+is|\s+was)\s+(?:the|my|our)\s+"
                        r"(?:big|biggest|main|key|important|usual|real)\s+one|"
                        r"(?:that|it|this)(?:'?s|\s+is)\s+(?:the\s+)?(?:main|big|key)\s+(?:thing|bit))\s*[,.!]*$", re.I)


def without_hedges(text: str) -> str:
    """A name's words without the hedges and remarks said after it and the fillers of talk ("first groom for a new
    client i guess" -> "first groom for a new client"; "getting a plot, that's the big one" -> "getting a plot")."""
    out, previous = text.strip(), None
    while out != previous:
        previous = out
        out = without_fillers(_HEDGE_END.sub("", out).strip())
    return out or text


def plain_step(text: str) -> str:
    """A step's words without talk: fillers ("really", "I suppose") and the frame of what someone is meant to do
    ("they're supposed to fix the reds" -> "fix the reds"); getting in touch to ask is the asking ("email or ring
    asking for a quote" -> "ask for a quote")."""
    out = without_fillers(text)
    out = _MEANT_TO.sub("", out, count=1) or out
    touch = _IN_TOUCH.match(out)
    if touch:
        out = _PURPOSE[touch.group("why").casefold()] + " " + out[touch.end():]
    return out or text


# ---------------------------------------------------------------------------
# Splitting a journey answer into steps

_FROM_TO = re.compile(r"^(?:(?P<thing>.*?)\s+)?from\s+(?P<a>.+?)\s+(?:(?:all the way|right|through)\s+)?to\s+(?P<b>.+)$",
                      re.I)
_LABEL = re.compile(r"^[^,;:()]{1,60}:\s+(?P<rest>.+)$")
#: A journey named, then its span after a comma: "booking us for their wedding, from first enquiry to the day after"
_SCOPE_AFTER_COMMA = re.compile(r"^[^,;]+,\s*from\s+[^,;]+?\s+(?:(?:all the way|right|through)\s+)?to\s+[^,;]+$", re.I)
_FROM_LIST = re.compile(r"^(?:.*?\s+)?from\s+(?P<rest>.+)$", re.I)
_THROUGH_TO = re.compile(r"^(?P<a>.+?)\s+(?:all the way|right|through)\s+to\s+(?P<b>.+)$", re.I)
_SEPARATORS = re.compile(r"\s*(?:[,;]|(?<=[a-z)])\.\s+|→|->|=>|>|\band then\b|\bthen\b|\bafter that\b|\bfinally\b)\s*", re.I)
#: "and" between two steps starts the next one; "or" never does: "book online or ring us" is one step done one of
#: two ways, and the owner's word stays ("drop it off or we collect it" is not "... and we collect it").
_AND = re.compile(r"\s+(and|&|or)\s+", re.I)
_PRONOUN_SUBJECT = re.compile(r"^(?:us|me|them)\s+(?=\w+ing\b)", re.I)
_TAIL = re.compile(r"\s+(?:for|after|with|from|through|via|by|minus|plus|in|at|on|into|before|because|so|when|"
                   r"which|who|that|to|as)(?=\s)", re.I)


_PREP_IT = re.compile(r"\b(to|for|at|about|with|into|on)\s+it$", re.I)
_OBJECT = re.compile(r"^(?:(?:out|up|in|about|for|to|of|on|at)\s+)*(?:a|an|the|one|our|their)\s+((?:[\w'-]+\s+){0,3}[\w'-]+)$",
                     re.I)


def _object(step: str, at: int) -> str:
    """The thing a step is about: "finding out about an author event" -> "the author event"."""
    words = step.split()
    phase, _ = phase_of(step)
    rest = " ".join(words[at + 1:]) if at >= 0 else ""
    for needle, p in _needles():
        if p == phase and tx.find(tx.tokens(step), needle) == at:
            rest = " ".join(words[at + len(needle):])
            break
    m = _OBJECT.match(rest)
    return f"the {m.group(1)}" if m else ""


_FUNCTION_WORDS = {"a", "an", "the", "of", "and", "or", "to", "for", "with", "in", "on", "at", "by", "from", "our",
                   "their", "his", "her", "its", "my", "your"}
_OWNED_BY = {"our", "their", "his", "her", "its", "my", "your"}
_DETERMINERS = {"a", "an", "the", "our", "their", "his", "her", "its", "my", "your", "this", "that", "each", "every"}
#: Someone who does the second way of "find us on Facebook or somebody on the village group recommends us": a clause
#: of its own, so the name is the first way, whole
_SOMEONE = {"somebody", "someone", "anybody", "anyone", "people", "friends", "family", "they", "he", "she", "we", "i",
            "you", "word"}
_INDEFINITE = re.compile(r"^(?:(?:a|an|one|every|any)\s+(?:\S+\s+){0,3}?|someone\s+|somebody\s+|people\s+)(?=\w+ing\b)",
                         re.I)


#: Words ending in "ing" that are no gerund: "referencing, anything from 3 to 10 days" has no subject to drop.
_NOT_GERUND = r"(?!(?:any|some|no|every)thing\b|thing\b|during\b|morning\b|evening\b|spring\b|string\b|king\b)"
_SUBJECT_GERUND = re.compile(r"^((?:the\s+|our\s+|their\s+)?(?:\S+\s+){0,2}?\S+?)\s+(?=" + _NOT_GERUND +
                             r"\w+ing\b)", re.I)


def _drop_object_pronoun(text: str) -> str:
    """"us getting paid" reads "getting paid", "a resident booking a collection" reads "booking a collection":
    an object pronoun or the customer as subject says nothing a stage name needs (a seller, who is not the
    journey's usual actor, stays: "the seller listing it")."""
    text = _INDEFINITE.sub("", _PRONOUN_SUBJECT.sub("", text))
    m = _SUBJECT_GERUND.match(text)
    if m and side_of(m.group(1)) != "provider" and phase_of(m.group(1))[0] is None \
            and not re.match(r"\s*being\b", text[m.end(1):], re.I):  # "the service being due": the thing is the step
        return text[m.end(1):].lstrip()
    return text


_NEXT_CLAUSE = re.compile(r"\s+(?:and|then|so)\s+(?:i|we|they|he|she|you)\s+", re.I)
#: Words a cut stage name may not end on: it would name nothing ("Put them", "Give them").
_BARE_ENDS = {"them", "it", "him", "her", "us", "me", "you", "they", "we", "i", "and", "or", "but"}
#: Words that want what follows them ("They're supposed", "Email or ring asking"): a name never ends on one.
_WANTS_MORE = {"supposed", "meant", "expected", "able", "going", "ought", "asking", "wanting", "trying", "hoping",
               "needing", "looking"}


#: Verbs whose particle belongs to them ("fill in", "walk in", "sign up"): a name is not cut between the two.
_PHRASAL = {"fill", "walk", "sign", "log", "check", "drop", "hand", "send", "put", "pick", "set", "turn", "come", "go",
            "get", "take", "bring", "call", "ring", "hang", "sort", "book", "kick", "show", "top", "pop", "fit"}
_PARTICLES = {"in", "on", "up", "out", "off", "back", "down", "over"}
#: Words that open a clause a name may not stop after ("See what's" for "see what's on in our weekly email").
_WHAT = {"what's", "whats", "what", "where", "when", "how", "who", "which", "whether", "if"}


def _whole(head: str, rest: str) -> bool:
    """Whether ``head`` can name a step cut before ``rest``: it ends on no pronoun or joining word ("I put them",
    "a list of"), inside no bracket ("Join the waiting list (form"), and not between a verb and its particle
    ("Families fill" for "families fill in a form")."""
    words = head.casefold().replace("’", "'").split()
    last = words[-1].strip(",")
    nxt = (rest.split() or [""])[0].casefold()
    if last == "on" and set(words[-3:-1]) & _WHAT:  # "see what's on", "check what is on": said whole
        return head.count("(") <= head.count(")")
    verb = last if last in _PHRASAL else last[:-1] if last.endswith("s") and last[:-1] in _PHRASAL else \
        last[:-2] if last.endswith("es") and last[:-2] in _PHRASAL else ""
    return (last not in _BARE_ENDS and last not in _FUNCTION_WORDS and last not in _WANTS_MORE and not set(words[-2:]) & _WHAT
            and head.count("(") <= head.count(")") and not (verb and nxt in _PARTICLES))


def _no_open_bracket(name: str) -> str:
    """A name never holds half a bracket: cut before one left open ("Parent finds me (Facebook," -> "Parent finds
    me"); the owner's whole words stay in the step's actions."""
    at = name.rfind("(")
    if at > 0 and ")" not in name[at:]:
        return name[:at].rstrip(" ,-–—")
    return name


_COMMA = re.compile(r",\s+")


def short_name(text: str) -> str:
    """``text`` if it has at most MAX_NAME_WORDS words, else cut before its first trailing detail ("for free",
    "after delivery") that leaves two words or more; never mid-word."""
    comma = _top_level(_COMMA, text)
    if len(comma) > 1 and comma[0].strip():  # "find a date, usually 3 to 5 weeks out": the step before its qualifier
        return short_name(comma[0].strip())
    words = text.split()
    if len(words) <= MAX_NAME_WORDS:
        return text
    bare = re.sub(r"\s*\([^()]*\)", "", text).strip()
    if bare != text and bare:  # a long step's bracket is its detail: the name goes without it, the actions keep it
        return short_name(bare)
    for m in _TAIL.finditer(text):
        head = text[: m.start()].strip(" ,")
        alternative = re.split(r"\s+or\s+", head, flags=re.I)
        longest = MAX_NAME_WORDS
        if len(alternative) > 1 and len(alternative[0].split()) >= 2:
            second = alternative[-1].split()[0].casefold()
            if second not in _DETERMINERS | _SOMEONE and len(head.split()) <= MAX_NAME_WORDS + 2:
                longest = MAX_NAME_WORDS + 2  # both ways, each whole: "buy yarn or book a class", not "buy yarn"
            else:  # "find us on facebook or a friend (at the school gate tells them)": the first way, whole, not
                head = alternative[0]  # half the second
        if 2 <= len(head.split()) <= longest and _whole(head, text[m.start():]):
            return head  # never "I put them" for "I put them on the waiting list": a pronoun alone names nothing
    clause = _NEXT_CLAUSE.search(text)  # "message us a photo and I give them a price": the first clause names it
    if clause and 2 <= len(text[: clause.start()].split()):
        return short_name(text[: clause.start()])
    if len(words) <= 2 * MAX_NAME_WORDS:
        return text
    head = words[: 2 * MAX_NAME_WORDS]
    while head and (head[-1].casefold() in _FUNCTION_WORDS or head[-1].casefold() in _BARE_ENDS):
        head.pop()
    return _no_open_bracket(" ".join(head))


@functools.cache
def _needles() -> list[tuple[tuple[str, ...], str]]:
    out = []
    for phase, content in data().phase.items():
        for word in content.words:
            needle = tx.phrase(word)
            if needle:
                out.append((needle, phase))
    out.sort(key=lambda n: -len(n[0]))
    return out


def _modifier(toks: list[str], at: int, n: int) -> bool:
    """A phase word between a determiner and the noun that ends the step ("getting a referral voucher", "the
    booking reference") says what kind of thing the step is about, not what happens in it."""
    after = at + n
    return (n == 1 and at > 0 and toks[at - 1] in _DETERMINERS and after == len(toks) - 1
            and toks[after] not in _FUNCTION_WORDS and toks[after].isalpha())


_WHAT_SUBJECTS = {"they", "he", "she", "we", "you", "i", "people", "it"}


def _in_what_clause(toks: list[str], at: int) -> bool:
    """A word inside what the step's verb takes ("take what they need", "get whatever you ordered") or where it
    takes it from ("pick plants from our list") names the thing, not a step of its own: "need" there is no need
    noticed, "list" no listing."""
    i = at - 1
    if i >= 0 and toks[i] in _WHAT_SUBJECTS:
        i -= 1
    if i > 0 and toks[i] in ("what", "whatever"):
        return True
    return at >= 3 and toks[at - 1] in _DETERMINERS and toks[at - 2] in ("from", "off", "of")


def _as_noun(toks: list[str], at: int) -> bool:
    """Whether the word at ``at`` is a noun after a determiner, with at most one word between ("the mailing list")."""
    return (at >= 1 and toks[at - 1] in _DETERMINERS) or (at >= 2 and toks[at - 2] in _DETERMINERS
                                                           and toks[at - 1] not in _FUNCTION_WORDS)


#: The customer handing their own thing over to be worked on: "bring the book in", "drop the bike off", "hand it in"
#: (not the business bringing something: "we drop the parcel off" is a delivery)
_HANDOVER = re.compile(r"(?<!\bwe )(?<!\bi )\b(?:drop|drops|dropping|dropped|hand|hands|handing|handed|bring|brings|"
                       r"bringing|brought)\s+(?:(?:the|their|your|a|an|his|her|my|our)\s+)?(?:[a-z-]+\s+){0,2}[a-z-]+"
                       r"\s+(?:off|in)\b(?!\s+(?:(?:the|a|an|our|their|my|your|this|that|time|person|touch|mind)\b|\d))", re.I)


#: The customer leaving with what was made or bought: "taking their glass home", "take it home", "carry the pots home"
#: (what they get at the end, as when it is collected)
_TAKEN_HOME = re.compile(r"\b(?:take|takes|taking|took|taken|carry|carries|carrying|carried)\s+"
                         r"(?:(?:the|their|your|a|an|his|her|my|our|its|it|them|that|this|these|those)\s+)?"
                         r"(?:[a-z-]+\s+){0,2}?home\b", re.I)


def phase_of(text: str, skip_modifiers: bool = False) -> tuple[str | None, int]:
    """The phase the step's words name, and where: the leftmost phase word (the longest there) wins;
    a phrase whose words all appear in order with a gap ("becoming a monthly member") counts after
    every exact phrase."""
    toks = tx.tokens(text)
    raw = tx.words(text)
    raw = raw if len(raw) == len(toks) else []
    best: tuple[int, int, str] | None = None
    for needle, phase in _needles():
        at = tx.find(toks, needle)
        while at >= 0 and ((skip_modifiers and _modifier(toks, at, len(needle))) or _in_what_clause(toks, at)
                           or (data().phase[phase].not_as_noun and _as_noun(toks, at)
                               and not (raw and raw[at].casefold().endswith(("ing", "ings"))))
                           or (data().phase[phase].not_owned and at >= 1 and toks[at - 1] in _OWNED_BY)):
            at = tx.find(toks, needle, at + 1)
        if at >= 0 and (best is None or (at, -len(needle)) < (best[0], best[1])):
            best = (at, -len(needle), phase)
    handover = _HANDOVER.search(text)
    if handover and (best is None or len(tx.tokens(text[:handover.start()])) <= best[0]):
        # "they bring the book in", "drop the bike off": the customer's own thing changes hands, as when it is
        # collected; "the book" is no booking
        return "receive", len(tx.tokens(text[:handover.start()]))
    home = _TAKEN_HOME.search(text)
    if home and (best is None or len(tx.tokens(text[:home.start()])) < best[0]):
        return "receive", len(tx.tokens(text[:home.start()]))
    if best is not None and best[1] == -1 and toks[best[0]] in _ORDINAL:
        # "first enquiry", "first visit": an ordinal before a step's own word says which one, not getting started
        nxt = [(p, -len(nd)) for nd, p in _needles() if tx.find(toks, nd, best[0] + 1) == best[0] + 1]
        if nxt:
            phase, length = min(nxt, key=lambda x: x[1])
            best = (best[0] + 1, length, phase)
    if best is not None:
        if best[2] == "renew" and toks[best[0]] in _LEAVE and set(toks[best[0] + 1: best[0] + 4]) & _REVIEW:
            return "advocate", best[0]  # "leaving a google review" is telling others, not leaving
        if best[2] == "advocate" and _checks_a_paper(toks, best[0]):
            return "decide", best[0]  # "legal reviews the contract": weighing it up before going ahead, no
            # customer telling others
        if best[2] == "receive" and toks[best[0]] in _ARRIVE and (best[0] == 0 or toks[best[0] - 1] in _ARRIVERS):
            return "visit", best[0]  # "arrive and get a coffee", "they arrive": people come, nothing is delivered
        if best[2] == "decide" and _AN_EXAM.search(text):
            return "use", best[0]  # "passing the test", "sit the exam": the outcome of the service, not trying it
        return best[2], best[0]
    for needle, phase in _needles():
        if len(needle) > 1 and _in_order(toks, needle):
            return phase, toks.index(needle[0])
    return None, -1


#: A test the customer passes or sits (an exam, a driving test): what the service leads to, not a trial of it
_AN_EXAM = re.compile(r"\b(?:pass|passes|passing|passed|sit|sits|sitting|sat|take|takes|taking|took|resit|resitting|"
                      r"fail|fails|failing|failed)\s+(?:the\s+|their\s+|a\s+|my\s+|her\s+|his\s+)?"
                      r"(?:[a-z]+\s+)?(?:test|tests|exam|exams)\b", re.I)
_LEAVE = {tx.stem(w) for w in ("leave", "leaves", "leaving", "left")}
_ORDINAL = {tx.stem(w) for w in ("first",)}
_ARRIVE = {tx.stem(w) for w in ("arrive", "arrives", "arriving", "arrived")}
#: Who arrives in person: a step whose arrival is theirs is a visit ("the box arrives" is a delivery)
_ARRIVERS = {tx.stem(w) for w in ("they", "he", "she", "we", "i", "you", "people", "customers", "clients", "guests",
                                   "everyone", "visitors", "students", "members", "families", "kids", "parents")}
_REVIEW = {tx.stem(w) for w in ("review", "reviews", "rating", "ratings", "feedback", "testimonial", "comment")}


#: What is reviewed when a review is a check, not a customer telling others: a paper or a piece of work
_PAPERS = {tx.stem(w) for w in (
    "contract", "contracts", "terms", "agreement", "agreements", "paperwork", "document", "documents", "docs",
    "application", "applications", "proposal", "proposals", "quote", "quotes", "draft", "drafts", "plan", "plans",
    "drawings", "spec", "specs", "specification", "report", "reports", "policy", "policies", "lease", "deal",
    "pricing", "invoice", "invoices", "cv", "cvs", "portfolio", "code", "design", "designs", "brief", "submission",
    "claim", "claims", "case", "file", "files", "evidence", "accounts", "figures", "order", "form", "forms", "request",
    "requests", "budget", "estimate", "tender", "bid", "paper", "papers", "proof", "proofs", "t&cs", "msa", "sow",
    "nda", "dpa", "sla")}
#: Who checks, said before "review": "legal review", "a security review", "the board reviews"
_CHECKERS = _PAPERS | {tx.stem(w) for w in (
    "legal", "lawyer", "lawyers", "solicitor", "solicitors", "security", "credit", "compliance", "procurement",
    "finance", "board", "committee", "panel", "peer", "internal", "it", "we", "i", "manager", "management",
    "underwriter", "underwriters", "underwriting", "team", "audit", "auditor", "auditors", "technical")}
_REVIEWED = {tx.stem(w) for w in ("review", "reviews", "reviewing", "reviewed")}
_THE = {tx.stem(w) for w in ("the", "their", "our", "your", "a", "an", "his", "her", "its", "my", "all", "every",
                             "each", "this", "that", "these", "those", "of", "over", "through")}


def _checks_a_paper(toks: list[str], at: int) -> bool:
    """Whether the "review" at ``at`` is a check of a paper or a piece of work ("legal reviews the contract for
    weeks", "a review of the application", "the security review", "we review it"), not a customer's review."""
    if toks[at] not in _REVIEWED:
        return False
    if at and toks[at - 1] in _CHECKERS:
        return True
    after = [t for t in toks[at + 1:at + 6] if t not in _THE]
    return bool(set(after[:3]) & _PAPERS)


def mentions(text: str, phases: tuple[str, ...] | set[str]) -> bool:
    """Whether the text names a step of one of these phases anywhere ("buy a pass and keep coming": renew),
    not only in its leftmost phase word."""
    toks = tx.tokens(text)
    return any(phase in phases and tx.find(toks, needle) >= 0 for needle, phase in _needles())


def _in_order(toks: list[str], needle: tuple[str, ...]) -> bool:
    it = iter(toks)
    return all(any(t == w for t in it) for w in needle)


@functools.cache
def _side_needles() -> list[tuple[tuple[str, ...], str]]:
    out = [(tx.phrase(w), side) for side, words in data().sides.items() for w in words]
    return sorted([o for o in out if o[0]], key=lambda o: -len(o[0]))


def side_of(text: str, before: int | None = None) -> Side:
    """Who the words name: a provider (seller, host...), a customer (buyer, guest...) or the business (we).
    With ``before``, only words before that token count (the subject of a step)."""
    toks = tx.tokens(text)
    if before is not None and before >= 0:
        toks = toks[:before]
    found = [(tx.find(toks, needle), side) for needle, side in _side_needles()]
    found = [f for f in found if f[0] >= 0]
    return min(found)[1] if found else ""


def sides_named(text: str) -> set[Side]:
    """Every side the words name ("buyers message the seller": the customer's and the provider's)."""
    toks = tx.tokens(text)
    return {side for needle, side in _side_needles() if tx.find(toks, needle) >= 0}


def persona_side(name: str, description: str = "") -> Side:
    """Which side a persona is on, from its name first ("Seller Sandra"), then its description."""
    return side_of(name) or side_of(description)


# ---------------------------------------------------------------------------
# Steps told in the owner's voice ("I try and give them a rough price", "we go out", "send the invoice")

#: A ``[[voice]]`` rule's phase that keeps the phase the owner's own words name.
SAME_PHASE = "same"
#: The owner gets in touch ("I ring when it's ready"): never the customer asking, but news of what comes next
NOTICE_PHASE = "notice"
_OWNER = r"(?:i|we|i'll|we'll|i\s+will|we\s+will)"
_HEDGE = r"(?:(?:try|tries|trying)\s+(?:and|to)\s+|(?:usually|normally|then|just|always)\s+)*"
_THEM = r"(?:(?:them|him|her|people|customers|clients|the\s+customer|the\s+client)\s+)?"


@functools.cache
def _voice_rules() -> list[tuple[re.Pattern, str, str | None, bool]]:
    """``[[voice]]`` in steps.toml: (pattern, customer-side name, phase, needs the owner as subject)."""
    out = []
    for r in data().voice:
        pattern = r.pattern.replace("{OWNER}", _OWNER).replace("{HEDGE}", _HEDGE).replace("{THEM}", _THEM)
        phase = r.phase or None
        if phase is not None and phase not in (SAME_PHASE, NOTICE_PHASE) and phase not in data().phase:
            raise KnowledgeError(f"steps.toml, [[voice]] {r.name!r}: unknown phase {phase!r}")
        try:
            out.append((re.compile(pattern, re.I), r.name, phase, r.owner))
        except re.error as e:
            raise KnowledgeError(f"steps.toml, [[voice]] {r.name!r}: {e}") from None
    return out


_OWNER_SUBJECT = re.compile(rf"^{_OWNER}\s+{_HEDGE}", re.I)
_CUSTOMER_SUBJECT = re.compile(r"^(?:they|he|she)\s+(?=\w)", re.I)  # a pronoun: "the customer finds us" stays


def owner_voice(text: str, subject: Side = "", two_sided: bool = False,
                plural: bool = True) -> tuple[str, str | None] | None:
    """The step as the customer sees it, and the phase its verb names, when the owner told it as their own action
    (``subject`` "business": the step before named the owner): "I try and give them a rough price" -> ("Get a
    rough price", compare), "we go out" -> ("Visit", visit), "send the invoice" -> ("Pay the invoice", pay),
    "come back in 6 weeks" after "we ..." -> ("Return visit in 6 weeks", renew); "we book a slot" ->
    ("Book a slot", its own phase); "they message me" -> ("Message us", ...). None when the owner's words are
    already the customer's. In a ``two_sided`` journey "we" says which of three parties acts ("we deliver it"),
    so only the rules change such a step. ``plural``: the owner speaks of the business as "we" somewhere in the
    journey; a sole trader who only says "I" and "me" keeps "me" ("they pay me there" -> "Pay me there")."""
    said = text.strip()
    owner = bool(_OWNER_SUBJECT.match(said)) or subject == "business"
    for pattern, name, phase, needs_owner in _voice_rules():
        m = pattern.match(said)
        if m is None or (needs_owner and not owner):
            continue
        groups = {k: (v or "").strip() for k, v in m.groupdict().items()}
        seen = re.sub(r"\{(\w+)\}", lambda g: groups.get(g.group(1), ""), name)
        seen = re.sub(r"\s+", " ", seen).strip()
        if phase == NOTICE_PHASE:  # the owner rings or texts: what about ("after the job"), else news to be ready for
            about = phase_of(groups.get("rest", ""))[0]
            return seen, about if about in ("follow-up", "renew", "pay") else "prepare"
        return seen, phase_of(said)[0] if phase == SAME_PHASE else phase
    if two_sided:
        return None
    if _OWNER_SUBJECT.match(said):  # "we book them onto the round": the owner and "them" say nothing a stage needs
        rest = _OWNER_SUBJECT.sub("", said, count=1)
        rest = re.sub(r"^(\S+)\s+(?:them|him|her)\s+(?=\S)", r"\1 ", rest, count=1, flags=re.I)
        return rest, phase_of(rest)[0]
    if _CUSTOMER_SUBJECT.match(said):  # "they message me": "Message us"
        rest = _CUSTOMER_SUBJECT.sub("", said, count=1)
        rest = re.sub(r"\bme\b", "us", rest, flags=re.I) if plural else rest
        return rest, phase_of(rest)[0]
    return None


def _starts_a_step(part: str) -> bool:
    """Whether a piece after "and" is a step of its own (a verb that names a phase, or a gerund)."""
    words = tx.words(part)
    if not words:
        return False
    phase, at = phase_of(part)
    subject = side_of(part, at) if phase else ""
    led = at == 1 and words[0] in (_DETERMINERS | _WHO_ACTS)  # "the review", "they leave a review"
    # "the weekly collection", "the final fitting": the step's own noun after a determiner and one word saying
    # which, ending the piece ("the weekly booking slots" names things set up, not a step)
    led = led or (at == 2 and len(words) == 3 and words[0] in _DETERMINERS
                  and words[1].casefold() not in _FUNCTION_WORDS and phase_of(words[1])[0] is None)
    return (phase is not None and (at == 0 or led or bool(subject and at <= 3))) or words[0].endswith("ing")


#: Who may start a step of their own after "and": "we pack up and they leave a review" is two steps
_WHO_ACTS = {"they", "we", "i", "he", "she", "you", "customers", "clients", "people"}


def _someone_else(part: str) -> bool:
    """"they leave a review" after "we pack up and": someone acting, in a step's own words (a phase right after the
    subject), so a step of its own even when the clause before names no phase."""
    words = tx.words(part)
    phase, at = phase_of(part)
    return bool(words) and phase is not None and at == 1 and words[0] in _WHO_ACTS


_PIECE_LABEL = re.compile(r"^[^,;:()]{1,40}:\s+(?=\S)")


def _top_level(pattern: re.Pattern, text: str) -> list[str]:
    """``text`` split where ``pattern`` matches outside brackets: "we signpost (debt advice, housing), they come
    back" is two steps, the bracket's list one step's detail. An unclosed bracket closes at the end."""
    pieces, start = [], 0
    for m in _top_level_matches(pattern, text):
        pieces.append(text[start:m.start()])
        start = m.end()
    return [*pieces, text[start:]]


def _split(text: str) -> list[str]:
    return [part for part, _ in _split_labelled(text)]


def _split_labelled(text: str, group: str = "") -> list[tuple[str, str]]:
    """The steps of ``text``, each with the label of the part of the journey it is in ("fixers: ..."), from
    ``group`` until the next label."""
    out: list[tuple[str, str]] = []
    for piece in _top_level(_SEPARATORS, text):
        label = _PIECE_LABEL.match(piece)
        if label and _TIME_LABEL.search(label.group(0)):  # "erect day: the gang puts it up and hands over": one
            name = label.group(0).strip().rstrip(":").strip()  # step, named by its label
            out.append((f"{name}, {tidy(piece[label.end():])}", group))
            continue
        if label:  # "for the trades: sign up": the steps after it are the trades'
            group = label.group(0).strip().rstrip(":").strip()
            piece = piece[label.end():]
        parts: list[str] = []
        pieces = _AND.split(piece)  # text, connector, text, connector...
        current = pieces[0]
        for word, nxt in zip(pieces[1::2], pieces[2::2]):
            if word.casefold() != "or" and (phase_of(current)[0] is not None or _someone_else(nxt)) \
                    and current.count("(") <= current.count(")") \
                    and not _TRY_AND.search(current) and (_starts_a_step(nxt) or _it_step(current, nxt)) \
                    or word.casefold() == "and" and _two_doings(current, nxt):
                parts.append(current)
                current = _it_step(current, nxt) or nxt
            else:
                current = f"{current} {word} {nxt}"
        parts.append(current)
        for p in (tidy(without_aside(p)) for p in parts):
            if p and aside(p):  # "Well, it is complicated. The ops director hears about us ...": no step "Well"
                continue
            if p and out and out[-1][1] == group and (qualifier(p) or _NEED_NOT.match(p)):
                out[-1] = (f"{out[-1][0]}, {p}", group)  # "we find a date, usually 3 to 5 weeks out": one step
            elif p and out and out[-1][1] == group and _WHEN_BEFORE.match(p) and not _SUBJECT_IN.search(p):
                when = re.sub(r"^(?:usually|often|mostly|normally|typically|generally|always|only)\s+", "", p, flags=re.I)
                out[-1] = (f"{out[-1][0]} {when}", group)  # "they ring, usually after a bad inspection": one step
            elif p:
                out.append((p, group))
    return out


def _two_doings(current: str, nxt: str) -> bool:
    """Whether "and" joins two things done, each a verb in -ing with what it is done to ("getting planning and
    picking a builder"): two steps, though neither is a kind of step the playbook knows."""
    current = _DOER.sub("", current)  # "the customer getting their certificate and paying ...": who does both
    return all(len(w := side.split()) >= 2 and len(w[0]) > 4 and w[0].casefold().endswith("ing")
               and w[0].casefold() not in _NOT_DOINGS for side in (current, nxt))


#: Who does the doings that follow: "the customer getting their certificate and paying for remedials" is two doings
#: of the customer's, as "getting their certificate and paying for remedials" is
_DOER = re.compile(r"^(?:(?:the|a|our|their|each|every)\s+)?(?:customer|customers|client|clients|buyer|buyers|member|"
                   r"members|user|users|guest|guests|people|they|them|us|we|you|him|her|patient|patients|tenant|"
                   r"tenants|parent|parents|student|students)\s+(?=\w+ing\b)", re.I)


#: Words in -ing that name a thing, not a doing: "morning and evening", "building ..."
_NOT_DOINGS = {"morning", "evening", "building", "wedding", "ceiling", "clothing", "something", "nothing", "anything",
               "everything", "during", "including", "according", "thing", "things", "booking", "bookings", "meeting",
               "meetings", "training", "housing", "parking", "funding", "planning", "pudding", "bedding", "flooring",
               "heating", "roofing", "lighting", "catering", "marketing", "printing", "painting", "plumbing"}


#: "I try and book the next one", "they come and collect it": "and" after these verbs says "to", one step
_TRY_AND = re.compile(r"\b(?:try|tries|trying|tried|go|goes|come|comes)$", re.I)
_UNITS = r"(?:minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|wks?|months?|years?|working\s+days?)"
_NUMBER = r"(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a\s+few|a\s+couple\s+of|few)"
#: A piece that only qualifies the step before it: how often or how ("usually with drawings"), how long or how far
#: ahead ("usually 3 to 5 weeks out", "anything from 3 to 10 days", "2-3 working days"), or whether ("if anything",
#: "if needed"). It names no step: it stays with the step it qualifies.
_QUALIFIERS = [
    re.compile(r"^(?:usually|often|mostly|normally|typically|generally|always|sometimes|occasionally|roughly|about|"
               r"around|approx(?:imately)?\.?)\s+(?:with|within|in|by|about|around|on|at|for|from|over|under|up\s+to|"
               r"between|\d)", re.I),
    re.compile(r"^(?:anything|anywhere|somewhere|something|any\s*time)\s+(?:from|between|up\s+to|over|under)\b", re.I),
    re.compile(r"^(?:if|where|when|as)\s+(?:anything|needed|necessary|required|so|any|possible|applicable|relevant|"
               r"wanted|asked)$|^(?:if|unless)\s+\S", re.I),
    # how often: "every 4 or 8 weeks", "once a month", "twice a year"
    re.compile(rf"^(?:(?:usually|normally|mostly|roughly|about|around)\s+)?(?:(?:every|each)\s+(?:other\s+)?"
               rf"(?:{_NUMBER}(?:\s*(?:to|-|–|or)\s*{_NUMBER})?\s*)?|(?:once|twice|{_NUMBER}\s+times)\s+(?:a|an|per|"
               rf"every)\s+){_UNITS}(?:\s+or\s+so)?$", re.I),
    re.compile(rf"^(?:(?:usually|often|about|around|roughly|up\s+to|within|over|under|takes?|taking)\s+)*{_NUMBER}"
               rf"(?:\s*(?:to|-|–|or)\s*{_NUMBER})?\s*{_UNITS}(?:\s+(?:out|ahead|later|before|after|away|notice|"
               rf"in\s+advance|long|max(?:imum)?|min(?:imum)?|or\s+so))*$", re.I),
]


def qualifier(piece: str) -> bool:
    """Whether a piece of the journey only qualifies the step before it (:data:`_QUALIFIERS`), naming no step and
    no one who takes one."""
    piece = piece.strip().rstrip(".")
    return not _SUBJECT_IN.search(piece) and any(q.match(piece) for q in _QUALIFIERS)


#: A label before a step that names a time, not whose steps follow ("erect day:", "on the day:", "week 1:").
_TIME_LABEL = re.compile(r"\b(?:day|days|night|morning|afternoon|evening|week|weekend|month|time|date)\b|\d", re.I)
_IT_VERB = re.compile(r"^([a-z]+)\s+(it|them)\b(?!\s+(?:is|was|be|are|were|will|would|to|that|if)\b)", re.I)
_LAST_THING = re.compile(r"\b(?:the|their|his|her|my|our|your|its)\s+((?:[\w'-]+\s+)?[\w'-]+)\s*(?:\([^()]*\))?\s*$",
                         re.I)
_NOT_IT_VERBS = {"and", "or", "but", "then", "so", "get", "got", "make", "made", "let", "have", "has", "had", "do",
                 "does", "did", "is", "was", "be", "if", "when", "as", "for", "with", "to", "of", "on", "in", "at"}


def _it_step(current: str, nxt: str) -> str:
    """"have a look at the piano and tune it": the part after "and" is a step of its own, its "it" the thing the step
    before names ("tune the piano"); "" when ``nxt`` is no verb with "it" or "them" or the step names no thing."""
    verb = _IT_VERB.match(nxt)
    thing = _LAST_THING.search(current)
    if verb is None or thing is None or verb.group(1).casefold() in _NOT_IT_VERBS or verb.group(1).endswith("ing"):
        return ""
    if re.search(r"\b(?:it|them)\b", current[:thing.start()], re.I):
        return ""  # "we tow it to the spot and light it": "it" is what the step before moved, not the spot
    noun = thing.group(1)
    if noun.split()[-1].casefold() in _FUNCTION_WORDS | _BARE_ENDS:
        return ""
    return f"{verb.group(1)} the {noun}{nxt[verb.end():]}"


#: What the customer need not do during the step before: "we clean, they don't need to be in": no step of its own
_NEED_NOT = re.compile(r"^(?:(?:they|he|she|you|customers|clients|people)\s+(?:dont|don't|do\s+not|doesnt|doesn't|"
                       r"does\s+not|needn't|need\s+not)\s+(?:need|have)\s+to|no\s+need\s+(?:for\s+them\s+)?to)\s+be\b",
                       re.I)
_NEED_NOT_TAIL = re.compile(r",\s+" + _NEED_NOT.pattern[1:] + r".*$", re.I)
#: How long a step takes: "we make it up in about two weeks" is no everyday use ("weeks")
_HOW_LONG = re.compile(rf"\b(?:(?:in|within|for|over|taking|takes?)\s+(?:(?:about|around|roughly|up\s+to)\s+)?"
                       rf"{_NUMBER}|(?:(?:about|around|roughly|up\s+to)\s+)?(?!(?:a|an)\b){_NUMBER})"
                       rf"(?:\s*(?:to|-|–|or)\s*{_NUMBER})?\s*{_UNITS}\b", re.I)  # not "we agree a day": when
_SUBJECT_IN = re.compile(r"\b(?:we|they|i|he|she|you|people|customers|clients)\b", re.I)
#: A piece that only says when the step before it happens: "they ring, usually after a bad inspection".
_WHEN_BEFORE = re.compile(r"^(?:(?:usually|often|mostly|normally|typically|generally|always|only)\s+)?"
                          r"(?:after|following)\s+(?:a|an|the|their|his|her|its|some|one|every)\b", re.I)


#: A condition before the step's own subject: "if it's on the pavement we apply for a licence" is the step "we apply
#: for a licence" (the condition stays in the owner's words).
_CONDITION = re.compile(r"^(?:if|when|where|once|unless)\s+[^,;]{2,60}?[\s,]+(?=(?:we|i|we'll|i'll)\s+\w)", re.I)


_WE = re.compile(r"\b(?:we|we're|we'll|we've|us|our|ours)\b", re.I)


_DANGLING = re.compile(r"^(?P<head>.+?)\s+(?:for|to|with)$", re.I)


def _shared_objects(parts: list[str]) -> list[str]:
    """"dropping off, paying for and collecting their laundry": a step that ends on its preposition takes the
    object the last step of the list names ("paying for their laundry"); with none, the preposition goes ("Pay")."""
    out = list(parts)
    for i, part in enumerate(out[:-1]):
        dangling = _DANGLING.match(part.strip())
        if not dangling:
            continue
        last = out[-1].split()
        thing = " ".join(last[1:]) if len(last) >= 2 and last[1].casefold() in ("the", "their", "a", "an", "your",
                                                                                   "our", "his", "her", "my") else ""
        out[i] = f"{part.strip()} {thing}" if thing else dangling.group("head")
    return out


def _span(text: str) -> tuple[bool, re.Match | None, re.Match | None]:
    """How a journey answer is told: with arrows (steps), as a span "from A to B" (its two ends, the match), or as a
    list after "from" (the match of the list)."""
    arrows = len(re.findall(r"->|→|=>|\s>\s|;", text)) >= 2  # "a -> b -> c": steps, not "from A to B"
    m = None if arrows else _FROM_TO.match(text) or _THROUGH_TO.match(text)
    if m and _SCOPE_AFTER_COMMA.match(text):
        pass  # "booking us for their wedding, from first enquiry to the day after": the journey, then its two ends
    elif m and m.groupdict().get("thing") and re.search(r"[,;]", text) and phase_of(m.group("thing"))[0] is not None:
        m = None  # "they get a referral from an agency, they come ...": "from" is inside the first step, not its scope
    if m and re.match(r"(?:they|we|i|he|she|you|people|customers|clients|someone)\s+\w", m.groupdict().get("thing") or "",
                      re.I) and re.search(r"[,;]", text):
        m = None  # "they get an e-voucher from a referrer (...), they come to a session, ...": a step, then more
    listed = _FROM_LIST.match(text) if m and all(re.search(r"[,;]", m.group(g)) for g in "ab") else None
    return arrows, (None if listed else m), listed


#: The most characters of a journey answer read for its steps (a longer one is cut between two steps)
MAX_JOURNEY = 2000


def journey_within(journey: str) -> str:
    """The journey answer as its steps are read: at most :data:`MAX_JOURNEY` characters, cut at the last break
    between two steps before that (else between two words), never inside a word ("at a trade s")."""
    text = clean_name(journey)
    if len(text) <= MAX_JOURNEY:
        return text
    breaks = [m.start() for m in _top_level_matches(_SEPARATORS, text[:MAX_JOURNEY + 1])]
    at = max((b for b in breaks if MAX_JOURNEY // 2 < b <= MAX_JOURNEY), default=-1)
    if at < 0:
        at = text.rfind(" ", 0, MAX_JOURNEY + 1)
    return text[:at if at > 0 else MAX_JOURNEY].rstrip(" ,;.:-–—")


def _top_level_matches(pattern: re.Pattern, text: str) -> list[re.Match]:
    """The matches of ``pattern`` in ``text`` outside brackets (where :func:`_top_level` splits)."""
    out, depth, at = [], 0, 0
    for m in pattern.finditer(text):
        for ch in text[at:m.start()]:
            depth += 1 if ch in "([" else -1 if ch in ")]" and depth else 0
        at = m.start()
        if depth == 0 and m.end() > m.start():
            out.append(m)
    return out


#: Words that take the "to" after them as theirs ("coming to the gym", "signposted to debt advice", "what to do
#: next", "the decision to buy"): no next step starts there.
_TAKES_TO = frozenset({
    "go", "goes", "going", "went", "gone", "come", "comes", "coming", "came", "get", "gets", "getting", "got", "move",
    "moves", "moving", "moved", "talk", "talks", "talking", "talked", "speak", "speaks", "speaking", "spoke", "listen",
    "listening", "reply", "replying", "respond", "responding", "send", "sends", "sending", "sent", "take", "takes",
    "taking", "took", "bring", "brings", "bringing", "brought", "refer", "refers", "referring", "referred", "switch",
    "switching", "upgrade", "upgrading", "write", "writing", "wrote", "email", "emailing", "post", "posting", "drive",
    "driving", "walking", "travel", "travelling", "traveling", "invite", "invited", "welcome", "return",
    "returning", "returned", "back", "up", "down", "out", "over", "next", "close", "due", "used", "able", "ready",
    "how", "what", "where", "when", "which", "whether", "who", "try", "tries", "trying", "want", "wants", "wanting",
    "need", "needs", "needing", "have", "has", "having", "had", "decision", "decide", "decides", "deciding", "chance",
    "time", "way", "right", "permission", "choice", "reminder", "invitation", "plan", "plans", "planning", "agree",
    "agrees", "agreeing", "offer", "offers", "request", "ask", "asks", "asking", "forward", "thanks", "according",
    "order", "nothing", "something", "anything", "everything", "easy", "hard", "free", "first", "last", "only",
    "referral", "referrals", "introduction", "access", "trip", "journey", "route", "directions"})
#: Of those, the nouns ("the monthly plan", "the order", "the offer"): a doing in -ing after their "to" is the next
#: step ("from signing up to the monthly plan to cancelling"), not what they are for ("a plan to cut costs").
_NOUNS_TAKING_TO = frozenset({"plan", "plans", "order", "orders", "offer", "offers", "time", "way"})
_TO = re.compile(r"\s+to\s+", re.I)
_COUNT = re.compile(r"^(?:[£$€]?\d[\d.,:]*\w*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                    r"twenty|thirty|forty|fifty|hundred)$", re.I)
_OBJECT_PRONOUNS = frozenset({"us", "me", "them", "him", "her", "it", "you", "myself", "themselves", "ourselves"})


def _chain(first: str, rest: str) -> list[str]:
    """The ends of "from A to B to C", the first end and the rest as the span split them: each "to" between two
    steps starts the next ("from enquiry to site visit to report", "from sign-up to first class to renewal"); a "to"
    stays inside its step when a word before it takes it ("being signposted to debt advice", "coming to the gym",
    "what to do next", :data:`_TAKES_TO`, but after a noun a doing in -ing is the next step: "the monthly plan to
    cancelling"; any word in -ing or -ed unless a doing in -ing follows: "paying to coming
    back" is two), when "us", "them"... follows ("send it to us"), between two numbers ("2 to 3 weeks") or inside
    brackets."""
    pieces = _top_level(_TO, rest)
    out = [first]
    for nxt in pieces:
        before, after = out[-1].split(), tx.words(nxt)
        prev = before[-1].casefold().strip(".,;:!?\"'()") if before else ""  # as said: "sign-up" is no "up"
        word = after[0] if after else ""
        doing = len(word) > 4 and word.endswith("ing") and word not in _NOT_DOINGS
        verb_like = len(prev) > 4 and prev.endswith(("ing", "ed")) and prev not in _NOT_DOINGS
        counted = bool(_COUNT.match(prev) or _COUNT.match(word))  # "usually 2 to 3 weeks": how long, no step
        takes = prev in _TAKES_TO and not (prev in _NOUNS_TAKING_TO and doing)
        if not prev or not word or takes or word in _OBJECT_PRONOUNS or (verb_like and not doing) \
                or counted:
            out[-1] = f"{out[-1]} to {nxt}"
        else:
            out.append(nxt)
    return out if len(out) > 1 else [first, rest]


def is_span(journey: str) -> bool:
    """Whether the journey answer names its two ends ("from the service being due to getting the certificate and
    paying"), not every step: the steps between are the usual ones, not left out. Not "applying through to the
    offer, accepting it, and appealing": steps listed on from the first."""
    text = journey_within(journey)
    label = _LABEL.match(text)
    if label and len(_split(label.group("rest"))) >= 3:
        text = label.group("rest")
    return bool(text) and _span(text)[1] is not None and _FROM_TO.match(text) is not None  # "A through to B, C": a list


def waypoints(journey: str) -> int:
    """How many points a journey told by its ends names when it names each by one step, its two ends and those it
    passes ("from the first call via the audit to the certificate", "from enquiry to site visit to report": 3);
    0 when it is told otherwise, or an end lists steps ("from the first enquiry to getting planning and picking a
    builder"): those are the owner's steps as told."""
    text = journey_within(journey)
    label = _LABEL.match(text)
    if label and len(_split(label.group("rest"))) >= 3:
        text = label.group("rest")
    if not text or not is_span(text):
        return 0
    _, m, _ = _span(text)
    ends = _chain(m.group("a"), m.group("b"))
    points = [*re.split(r"\s+(?:through|via)\s+", ends[0], flags=re.I), *ends[1:]]
    return len(points) if all(len(_split(p)) == 1 for p in points) else 0


def parse_steps(journey: str) -> list[Step]:
    """The steps the journey answer names, in order ([] or one step when it names a scope, not steps)."""
    text = journey_within(journey)
    if not text:
        return []
    label = _LABEL.match(text)
    first = ""
    if label and len(_split(label.group("rest"))) >= 3:
        text = label.group("rest")  # "an emergency callout: customer finds us, rings, ...": the list's name
        first = label.group(0)[:label.start("rest")].strip().rstrip(":").strip()
    arrows, m, listed = _span(text)
    if listed:
        # "from a demo request through the security review, procurement, rollout to the first site, and
        # renewal": a list of steps, not "from A to B"; "to the first site" is part of its step, and "through"
        # goes from one step to the next
        m = None
        parts = [p for piece in re.split(r"\s+(?:through|via)\s+", listed.group("rest"), flags=re.I)
                 for p in _split(piece)]
    else:
        # "from signing the contract through onboarding to the first renewal": "through" names a step between
        # "from enquiry to site visit to report": each "to" between two steps starts the next one
        ends = _chain(m.group("a"), m.group("b")) if m else []
        parts = [*(p for piece in re.split(r"\s+(?:through|via)\s+", ends[0], flags=re.I) for p in _split(piece)),
                 *(p for piece in ends[1:] for p in _split(piece))] if m else _split(text)
    parts = [without_fillers(p) for p in _shared_objects(parts)]
    labelled = _split_labelled(text, first) if not m and not listed else []
    groups = [g for _, g in labelled] if [p for p, _ in labelled] == parts else [""] * len(parts)
    if len(set(groups)) < 2:  # one part of the journey, labelled or not: no parts to tell apart
        groups = [""] * len(parts)
    steps: list[Step] = []
    subject: Side = ""
    thing = ""
    if m and m.groupdict().get("thing") and (t := _OBJECT.match(m.group("thing"))):
        thing = f"the {t.group(1)}"
    two_sided = any(side_of(part, phase_of(part)[1]) == "provider" or data().phase[phase_of(part)[0]].side == "provider"
                    for part in parts if phase_of(part)[0])
    plural = bool(_WE.search(text))  # "we", "us", "our": the business; only "I" and "me": one person
    for part, group in zip(parts, groups):
        head = _HOW_LONG.sub(" ", _NEED_NOT_TAIL.sub("", part))  # what they need not do, or how long, names no step
        phase, at = phase_of(head)
        side = side_of(part, at) if at > 0 else _named_first(part) if at < 0 else ""
        voice = owner_voice(_CONDITION.sub("", head), subject if not side else side, two_sided, plural)
        if voice is not None and head != part:  # named in all the owner's words ("Royal Mail 48hr"), placed by head
            said = owner_voice(_CONDITION.sub("", part), subject if not side else side, two_sided, plural)
            voice = (said[0], voice[1]) if said is not None else voice
        if voice is not None:
            seen, phase = voice
            at = phase_of(seen)[1] if phase else -1
        else:
            seen = ""
        if _BOTH_SIDES.match(part):  # "they meet to hand over": a step both sides take together
            side = subject = ""
        elif side:
            subject = side
        else:
            side = subject if (not phase or not data().phase[phase].side) else ""
        if phase == "pay" and side == "business" and _paid_to_provider(part, at):
            phase, side = "payout", "provider"  # "we pay the lender out": the other side is paid
        elif phase == "payout" and side in ("business", "customer"):
            phase = "pay"  # "us getting paid": the customer pays the business
        thing = thing or (_object(part, at) if phase and not seen else "")
        steps.append(Step(part, phase, side or (data().phase[phase].side if phase else ""), at, thing, seen, group))
    steps = _handed_back(steps, text)
    steps = _brought_back(steps)
    steps = _in_their_order(steps)
    if arrows and len(steps) > MAX_STEPS:
        steps = _fewer(steps, [len(_split(piece)) for piece in _top_level(_ARROWS, text)])
    return steps


#: The most steps a journey gives: a journey told in more pieces keeps every one the owner put an arrow between,
#: the pieces of one arrow's step told together (:func:`_fewer`).
MAX_STEPS = 16
_ARROWS = re.compile(r"\s*(?:->|→|=>|\s>\s)\s*")


def _fewer(steps: list[Step], counts: list[int]) -> list[Step]:
    """At most :data:`MAX_STEPS` steps from a journey of more: the pieces between two arrows ("tenancy signed,
    deposit paid, we register the deposit") become one step, named by its first piece with the rest in its words,
    the arrows with the most pieces first, so that the journey's last steps (renewal, check-out) stay on the map."""
    if sum(counts) != len(steps):
        return steps
    pieces: list[list[Step]] = []
    at = 0
    for n in counts:
        pieces.append(steps[at:at + n])
        at += n
    while sum(map(len, pieces)) > MAX_STEPS:
        piece = max((p for p in pieces if len(p) > 1), key=len, default=None)
        if piece is None:
            break
        first, second = piece[0], piece.pop(1)
        text = f"{first.text}, {second.text}"
        seen = f"{first.seen}, {second.text}" if first.seen else ""
        if not seen and first.name.casefold() != short_name(_drop_object_pronoun(text)).casefold():
            seen = f"{first._words()}, {second.text}"  # the first piece names the step
        piece[0] = Step(text, first.phase, first.side, first.at, first.thing, seen, first.group)
    return [step for piece in pieces for step in piece]


#: A step both sides of a deal take together: "they meet to hand over", "both sides agree a time", "the two swap keys"
_BOTH_SIDES = re.compile(r"^(?:they|both(?:\s+sides|\s+of\s+them)?|the\s+two(?:\s+of\s+them|\s+sides)?|we\s+all)\s+"
                         r"(?:(?:then|usually|both|all|each)\s+)?(?:meet|meets|met|meeting|swap|exchange|agree|"
                         r"arrange|shake)\b|\beach\s+other\b", re.I)


def _named_first(step: str) -> Side:
    """The side of a two-sided deal named as the subject of a step of no known kind ("lender accepts", "the host
    checks it"): one of its first two words; "" when they name neither side (the business's own steps have their
    own rules, :func:`owner_voice`)."""
    side = side_of(step, 2)
    return side if side in ("provider", "customer") else ""


def _paid_to_provider(step: str, at: int) -> bool:
    """Whether a step of paying, taken by the business, pays the supply side ("we pay the lender out", "we pay
    sellers on Friday"): that side is named after the verb."""
    return at >= 0 and side_of(" ".join(tx.tokens(step)[at + 1:at + 4])) == "provider"


#: Returning a thing, said without the words of giving it back: "return", "returns it", "they return the kit".
_RETURN = re.compile(r"\b(?:return|returns|returning|returned)\b(?!\s+(?:to\s+(?:us|me|the\s+(?:shop|studio|salon|"
                     r"site|centre|center|club|class|gym))|for|again|next|customers?|visits?|trips?)\b)", re.I)
#: Giving a thing back with what is given between: "hand the kit back", "bring the tents back", "drop the van back".
_GIVE_BACK = re.compile(r"\b(?:hand|hands|handed|bring|brings|brought|give|gives|gave|drop|drops|dropped)\s+"
                        r"(?:[a-z'-]+\s+){1,3}back\b", re.I)
#: A journey whose thing is lent: it is hired, rented or borrowed, or a deposit is taken on it.
_LENT = re.compile(r"\b(?:hire|hires|hired|hiring|rent|rents|rented|renting|rental|borrow|borrows|borrowed|lend|lends|"
                   r"loan|loans|deposit|deposits)\b", re.I)


def _handed_back(steps: list[Step], journey: str) -> list[Step]:
    """In a journey where a thing is lent (hired, rented, borrowed, or a deposit is taken) and changes hands first
    (collected, delivered; not the customer's own thing handed in to be worked on), a later step that returns it ("return", "hand the kit back", "deposit back") gives the
    thing back; "return" there is no coming back, nor sending back a faulty buy."""
    if not _LENT.search(journey):
        return steps
    first = next((s for s in steps if s.phase == "receive"), None)
    if first is not None and _HANDOVER.search(first.text):
        return steps  # "they bring the picture in ... they collect": their own thing comes back, nothing was lent
    out = list(steps)
    handed = used = False
    for i, step in enumerate(steps):
        if step.phase == "receive" and handed and used:  # "we deliver ... they use it ... we collect it": back
            out[i] = Step(step.text, "hand-back", step.side, step.at, step.thing, step.seen, step.group)
            continue
        used = used or (handed and step.phase == "use")
        if step.phase == "receive" or (step.phase == "hand-back" and handed):
            handed = True
            continue
        if step.phase == "hand-back":  # nothing changed hands before it: no hire's hand-back
            continue
        if handed and step.phase in ("renew", "support", "pay", None) and \
                (_RETURN.search(step.text) or _GIVE_BACK.search(step.text)):
            at = max(phase_of(step.text)[1], 0)
            out[i] = Step(step.text, "hand-back", step.side, at, step.thing, step.seen, step.group)
    return [s if s.phase != "hand-back" or _after_handover(steps, i) else
            Step(s.text, phase_of(re.sub(r"\bback\b", "", s.text))[0], s.side, s.at, s.thing, s.seen, s.group)
            for i, s in enumerate(out)]


#: A step that is only "return" (of the thing): "the weekly collection and return", "collection and returns"
_BARE_RETURN = re.compile(r"^(?:the\s+|a\s+)?(?:return|returns|returning)"
                          r"(?:\s+(?:it|them|of\s+(?:it|them|the\s+[\w'-]+)))?$", re.I)
#: A step in which the business fetches the customer's thing: "the weekly collection", "we pick it up"
_FETCHED = re.compile(r"\b(?:collect|collects|collected|collecting|collection|collections|pick\s+(?:it\s+|them\s+)?up|"
                      r"picks\s+(?:it\s+|them\s+)?up|pickup|pickups|fetch|fetches)\b", re.I)

#: The customer collecting ("they collect their order"): what they "return" after is theirs to bring back
_THEY_FETCH = re.compile(r"^(?:they|customers|clients|people|he|she|you|guests|members)\b", re.I)


def _brought_back(steps: list[Step]) -> list[Step]:
    """"the weekly collection and return": right after a step that fetches the customer's thing (a collection not
    told as the customer's own), a step that is only "return" brings the thing back to them, as a delivery does;
    it is no coming back ("the first visit and the return" still is)."""
    out = list(steps)
    for i in range(1, len(steps)):
        if steps[i].phase == "renew" and _fetch_then_return(steps[i - 1], steps[i]):
            s = steps[i]
            out[i] = Step(s.text, "receive", s.side or steps[i - 1].side, s.at, s.thing, s.seen, s.group)
    return out


def _fetch_then_return(before: Step, step: Step) -> bool:
    return (step.phase in ("renew", "receive") and bool(_BARE_RETURN.match(step.text.strip().rstrip(".")))
            and before.phase == "receive" and before.side != "customer" and bool(_FETCHED.search(before.text))
            and not _THEY_FETCH.match(before.text))


def fetched_to_return(steps: list[Step]) -> list[Step]:
    """The steps in which the business fetches the customer's own thing to bring it back ("the weekly collection"
    before "return"): the thing is left with the business, and the collection is its handing over."""
    return [before for before, step in zip(steps, steps[1:]) if _fetch_then_return(before, step)]


def _after_handover(steps: list[Step], i: int) -> bool:
    return any(s.phase == "receive" for s in steps[:i])


def _in_their_order(steps: list[Step]) -> list[Step]:
    """A step named by a phase word that only describes a noun ("getting a referral voucher") or that a noun
    before it makes another thing ("the security review"), and that would put it after a step the owner lists
    later (recommending before collecting), names no phase."""
    order = data().order
    out = list(steps)
    for i, step in enumerate(steps):
        later = [order.index(s.phase) for s in steps[i + 1:] if s.phase in order]
        if step.phase in order and later and order.index(step.phase) > max(later) and not step.seen:
            phase, at = phase_of(step.text, skip_modifiers=True)
            toks = tx.tokens(step.text)
            if phase == step.phase and 0 < at == len(toks) - 1 and toks[at - 1] not in _FUNCTION_WORDS \
                    and toks[at - 1] not in _DETERMINERS:
                phase, at = None, -1  # "the security review": a kind of review the business goes through
            if phase != step.phase and (phase is None or order.index(phase) <= max(later)):
                side = (data().phase[phase].side if phase else "") or _named_first(step.text)
                out[i] = Step(step.text, phase, side, at, step.thing, step.seen, step.group)
    return out


def describes_steps(steps: list[Step]) -> bool:
    """Two or more steps, most of them naming a phase, or three or more with one naming a phase: the owner
    described the journey step by step."""
    known = [s for s in steps if s.phase]
    if len(steps) >= 3 and known:
        return True  # three or more steps listed, one of them a known kind of step: a list, never a scope
    return _most_named(steps)


def _most_named(steps: list[Step]) -> bool:
    known = [s for s in steps if s.phase]
    return len(steps) >= 2 and len(known) >= max(2, (len(steps) + 1) // 2)


def steps_within(steps: list[Step], offering: list[Step]) -> list[Step]:
    """The offering's steps between the journey's first and last phase, when the offering spells out more
    of them ("from listing to getting paid" + "people list ..., buyers message ..., seller gets paid")."""
    if len(offering) <= len(steps) or not _most_named(offering) or not steps:
        return steps
    phases = [s.phase for s in offering]
    first, last = steps[0].phase, steps[-1].phase
    if first not in phases or last not in phases:
        return steps
    start, end = phases.index(first), len(phases) - 1 - phases[::-1].index(last)
    return offering[start: end + 1] if end - start + 1 > len(steps) else steps


def about(statement: str) -> About | None:
    """What a stated problem is about (``[about.*]`` in steps.toml), when its words say so."""
    toks = tx.tokens(statement)
    return next((a for a in data().about.values() if all(_says_one(toks, group) for group in a.all)
                 and not (a.none and _says_one(toks, a.none))), None)


def _says_one(toks: list[str], words: list[str]) -> bool:
    """Whether one of ``words`` is said, a phrase as said: "nobody in the office knows" does not say "nobody knows"."""
    return any(tx.contains(toks, needle) for needle in map(tx.phrase, words) if needle)
