"""A stated problem's direct answer, phrased from its own words.

A journey-mapping practitioner's first opportunity for a problem is usually its direct answer: "the seller
never replies" -> "Make sure sellers reply: reminders and a reply-time promise"; "no measurements in the
listing" -> "Add measurements to every listing"; "can't book online after work" -> "Let customers book
online after work". :func:`rephrase` does this by rule (``data/rephrase.toml``): the problem is cut into
clauses (a clause with no subject borrows the one before, "it" and "do it" are read from the clause
before), every rule is tried on every clause, most specific rule first, and the first that fits writes
the fix from the clause's own words (:mod:`.grammar` puts them in the right form). Nothing is invented
that the owner did not say; where no rule fits, there is no fix.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass

from . import grammar as g
from .grammar import clean, lower_first as _lower_first, subject as _subject, subject_of as _subject_of
from .rephrase_filters import FILTERS, trim

#: A fix longer than this is cut before its last trailing detail.
MAX_FIX = 90


#: Words a person's name never ends on: a captured subject ending so is a clause cut short ("picked someone or").
_JOINERS = {"or", "and", "but", "to", "of", "for", "with", "than", "then", "so"}


@dataclass(frozen=True)
class Rule:
    key: str
    patterns: tuple[re.Pattern, ...]
    fix: str
    detail: str
    when: dict[str, tuple[str, ...]]
    enables: bool
    whole: bool = False  # tried on the whole problem as well as clause by clause


@dataclass(frozen=True)
class Fix:
    """A fix phrased from the problem: its name, a sentence on how, the rule, and whether it makes
    something easier for customers to do (never offered when the owner's goal wants less of it)."""

    name: str
    detail: str
    rule: str
    enables: bool


@functools.cache
def rules() -> tuple[Rule, ...]:
    raw = tomllib.loads(g.DATA.read_text(encoding="utf-8"))
    return tuple(make_rule(r) for r in raw["rule"])


@functools.cache
def macros() -> dict[str, str]:
    """The named patterns rules are written with (``[macros]`` and every ``[words]`` list of rephrase.toml)."""
    raw = tomllib.loads(g.DATA.read_text(encoding="utf-8"))
    out = {**{k.upper(): "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(v, key=len, reverse=True))
              + ")" for k, v in raw["words"].items()}, **raw["macros"]}
    for _ in range(3):  # macros may use macros
        out = {k: _expand(v, out) for k, v in out.items()}
    return out


def make_rule(r: dict) -> Rule:
    """A rule from its TOML table (the format of rephrase.toml's ``[[rule]]``)."""
    pats = r["pattern"] if isinstance(r["pattern"], list) else [r["pattern"]]
    return Rule(r["key"], tuple(re.compile(_expand(p, macros()), re.I) for p in pats), r["fix"],
                r.get("detail", ""), {k: tuple(v) for k, v in r.get("when", {}).items()},
                bool(r.get("enables", False)), bool(r.get("whole", False)))


def _expand(pattern: str, macros: dict[str, str]) -> str:
    return re.sub(r"\{([A-Z]+)\}", lambda m: macros.get(m.group(1), m.group(0)), pattern)


def rephrase(problem: str, who: str = "", skip=None) -> Fix | None:
    """The direct answer to ``problem`` in its own words, or None when no rule fits. ``who`` is whom it is
    about when the words do not say (a persona's role, "new joiners"); customers otherwise. ``skip``: a test of a
    fix's name that passes it over for the next rule ("Find out why" only wishes the problem away)."""
    parts = clauses(problem)
    whole = _BRACKETS.sub("", problem.replace("’", "'")).strip(" .")
    for rule in rules():
        candidates = [(clause, " ".join(p for j, p in enumerate(parts) if j != i)) for i, clause in enumerate(parts)]
        if rule.whole and len(parts) > 1:
            candidates.append((_lower_first(whole), ""))
        for clause, rest in candidates:
            fix = _apply(rule, clause, rest, who)
            if fix is not None and not (skip and skip(fix.name)):
                return fix
    return None


def role(name: str) -> str:
    """What a persona's name says they are, as a plural: "Seller Sandra" -> "sellers", "Working dad Aled" ->
    "working dads"; "" when the name is only a name ("Donna", "New Nia")."""
    toks = name.split()
    if len(toks) < 2 or not toks[-1][:1].isupper():
        return ""
    said = " ".join(toks[:-1])
    if g.kind(said) not in ("customer", "provider", "staff", "person") or g.head(said) in g.words()["pronouns"]:
        return ""
    return _lower_first(g.plural(said)) if said[:1].isupper() else g.plural(said)


def _apply(rule: Rule, clause: str, rest: str, who: str) -> Fix | None:
    for pattern in rule.patterns:
        m = pattern.search(clause)
        if m is None:
            continue
        groups = {k: (v or "").strip() for k, v in m.groupdict().items()}
        if not _fits(rule, groups, rest, who):
            continue
        if _CLAUSE_FOR_THING.search(groups.get("x", "")) or _CLAUSE_IN_THING.search(groups.get("x", "")):
            continue  # a clause where a thing's name goes ("Add more voucher ran out after 6 months before ...")
        ctx = Context(groups, rest, who)
        name = _tidy(ctx.fill(rule.fix))
        if not name or garbled(name):
            continue
        detail = ctx.fill(rule.detail) or ""
        return Fix(_finish(name), detail, rule.key, rule.enables)
    return None


#: A thing's name that is a clause: a past verb after its first word and another verb after it ("voucher ran out
#: after 6 months before my daughter found a date").
_CLAUSE_FOR_THING = re.compile(r"^\S+(?:\s+\S+)?\s+(?:ran|went|came|got|found|said|told|took|gave|had|was|were)\b.*"
                               r"\b(?:ran|went|came|got|found|said|told|took|gave|had|was|were|wasn'?t|weren'?t|"
                               r"didn'?t)\b", re.I)


#: A clause with its own verb inside a thing's name ("collections get missed when the van" breaks down), or a clause
#: of its own with its subject ("pupils book their test before they're ready" is people doing something, no thing that
#: "works first time").
_CLAUSE_IN_THING = re.compile(r"\b(?:get|gets|got|is|are|was|were|go|goes|went)\s+\w+\s+(?:when|while|because|whenever|if)\b|"
                              r"\b(?:before|after|until|till|once|because)\s+(?:they|he|she|we|i|you)(?:'re|'s|'ve|'d|'ll|"
                              r"\s+(?:are|is|were|was|have|has|had|do|did|can|get|got)\b)", re.I)


#: A determiner before a clause: "Shorten the she heard someone jumped the queue", "the heard someone jumped ...".
_CLAUSE_AS_NOUN = re.compile(r"\b(?:the|a|an)\s+(?:(?:heard|saw|seen|told|said|thought|knew|found|felt|got|came|went|"
                             r"\w+ed)\s+)?(?:i|he|she|we|they|you|someone|somebody|everyone|everybody|nobody|no one|"
                             r"anyone|anybody)\b", re.I)


#: A thing's name with its own passive verb after a preposition: "Shorten the wait for the last piece was refused".
_PASSIVE_AS_NOUN = re.compile(r"\b(?:for|of|about|to|with|on)\s+(?:the|a|an|their|his|her|its)\s+(?:[\w'-]+\s+){0,2}"
                              r"(?:was|were|is|are)\s+\w+(?:ed|en)\b", re.I)


#: A determiner before a verb or a pronoun: "Tell daughters about the had happened", "Make sure the it is ready",
#: "Make sure its is ready".
_VERB_AS_NOUN = re.compile(r"\b(?:the|a|an|its)\s+(?:had|has|have|is|are|was|were|it|did|does|"
                           # "the will" before a verb is a clause; before a comma or "and" it is a will, a document
                           r"will(?!\s*[,.;:]|\s*$|\s+(?:and|or|with|for|is|was|in|on|at|of|to)\b)|would|could|"
                           r"should|must|might|shall|can\s+(?:never|not|always|only|hardly|\w+s)\b|"
                           # a word that never follows "the": a preposition or an article ("Tell customers about the for
                           # a baby"), a past verb ("Make sure the rang in october")
                           r"for|to|of|with|from|by|the|a|an|about|than|and|or|but|rang|sang|went|came|took|gave|said|"
                           r"told|bought|brought|thought|saw|ran|sat|stood|doesn't|doesnt|didn't|didnt)\b", re.I)


#: One persona's pronoun in a fix for the whole business ("Make sure she's first").
_ONE_PERSON = re.compile(r"\b(?:she|he)(?:'s|’s|'d|’d)?\b", re.I)


#: A pronoun that is a subject, with a verb that does not agree with it: the owner's clause bent to fit a thing
#: ("Make sure the parts I carries in the van ...").
_DISAGREES = re.compile(r"\b(?:I|we|they)\s+(?!(?:is|was|has|does|as|us|plus|this|its|always|sometimes|perhaps|"
                        r"across|unless|less|guess|access|process|discuss|miss|pass|cross|dress|press|bless|stress)\b)"
                        r"\w*[^s\W]s\b")


#: A pronoun where a thing's name goes, after a determiner and at most a word that describes ("Explain how the worried
#: its works", "Add a PO number to every them"), or a preposition or a conjunction straight after "the" ("Check the
#: people sign the against what was asked").
_PRONOUN_AS_NOUN = re.compile(r"\b(?:the|a|an|every|each|any)\s+(?:[\w'-]+(?:ed|ing)\s+)?(?:it|its|it's|them|they|him|"
                              r"he|she|we|i|us)\b|\bthe\s+(?:against|into|onto|without|within|unless|because|if|when|"
                              r"while|after|before|than)\b|\bthat\s+(?:or|and|but|so)\b", re.I)


#: Words put together that no sentence has: a bare verb after a preposition ("Check in with know why people"), two
#: prepositions ("a reminder about by the time"), "about like", "Make sure to drivers", "Remind about ...", a gerund
#: with its own object after "the" ("Show the skipping a week up front"), an adverb after "the" ("Shorten the just
#: ..."), a second clause kept ("... sick and theres no quick way"), a verdict kept ("... which is awful for them").
_NO_SENTENCE = re.compile(r"\b(?:with|about|from|of)\s+(?:know|think|want|need|say|tell|go|come)\b|"
                          r"\babout\s+(?:by|for|of|with|to|at|in|on|from|like)\b|"
                          r"^make\s+sure\s+(?:to|for|of|with|by|at|in)\b|^remind\s+(?:about|of)\b|"
                          r"\bthe\s+\w+ing\s+(?:a|an|the|their|his|her|my|our)\b|"
                          r"\bthe\s+(?:just|really|even|still|also|already|never|always)\b|"
                          r"\band\s+(?:there'?s|theres|there\s+is|there\s+was|there\s+were)\b|"
                          r"\b(?:each|every|the|a|an)\s+(?:every\w*|each|any\w*|nobody|no\s+one)\b|"
                          r"\bthe\s+(?:in|on|at|out|up|off)\s*(?:[,.;]|$)|\bmore\s+\d+\b|"
                          r"^add\b.*\b(?:left|free|finding\s+\w+)\s*$|\b(?:or|and|but|of|with|the|an?)\s*$|"
                          r"^make\s+sure\s+(?:[\w'-]+\s+){1,4}?(?:went|came|did|had)\b|"
                          r"\bwhich\s+(?:is|was)\s+(?:awful|terrible|horrible|annoying|rubbish|ridiculous|stupid|"
                          r"a\s+nightmare|a\s+pain)\b", re.I)


#: A fix that asks people to do what the owner complained of ("Remind people to ... bring too much luggage", "Remind
#: hosts to complain about the price"), or ends on a verb that needs its object ("Remind restaurant managers to
#: expect").
_ASKS_FOR_THE_PROBLEM = re.compile(r"^(?:remind|make\s+sure|ask|tell)\b(?!.*\bnot\b).*\b(?:too\s+(?:much|many)|"
                                   r"to\s+(?:complain|moan|grumble|whinge))\b|"
                                   r"\b(?:get|gets|getting)\s+(?:cross|angry|upset|annoyed|fed\s+up)\b|"
                                   r"^remind\s+(?:[\w'-]+\s+){1,3}?to\s+(?:expect|bring|give|take|send|put|tell|ask|get)\s*$",
                                   re.I)


#: The owner speaking: the first person ("codes I don't understand", "my van"; not "me", which names things: "the
#: show me tell me questions") or a contraction written
#: without its apostrophe ("the same bills thats", "shes at", "Couldnt get the heater"): a fix is written for the
#: business, in clean words.
_OWNER_SPEAKING = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|i'll|my|myself|shes|hes|thats|whats|theyre|youre|"
                             r"couldnt|wouldnt|shouldnt|doesnt|didnt|dont|cant|wont|isnt|arent|wasnt|werent|theyve|"
                             r"weve|youve)\b", re.I)


#: A word that is never a noun made plural ("Answer the common things twices up front").
_ADVERB_AS_PLURAL = re.compile(r"\b(?:twices|onces|agains|enoughs|alreadys|laters|soons|upfronts|aways)\b", re.I)


#: A fix that ends on a pronoun standing for nothing it names ("Remove the need to refund them": refund whom?).
_DANGLING = re.compile(r"\b(?:to|for|with)\s+\w+\s+(?:them|him|her|it)\s*$|\b(?:refund|chase|ring|call|email|text|"
                       r"remind|pay|send|tell|ask)\s+(?:them|him|her)\s*$", re.I)


#: The owner's condition or complaint carried into the answer ("Make sure happy groups leave one unless the host asks",
#: "Follow up so more customers come back and moan about everything"): an answer never asks for either.
_COMPLAINT_KEPT = re.compile(r"\bunless\b|\b(?:and|or)\s+(?:moan|moans|complain|complains|grumble|grumbles|whinge|"
                             r"whinges|panic|panics)\b", re.I)


#: A wait said with how it was asked for: "Shorten the wait for a quote by email" reads as shortening it by email.
_MEANS_AS_WHAT = re.compile(r"^(?:shorten|cut|speed\s+up|reduce)\b.*\bby\s+(?:email|e-mail|phone|post|text|letter)\s*$",
                            re.I)


def _aux_before_verb(name: str) -> bool:
    """"before the portal login is expires": an auxiliary kept in a thing's name, before the verb the fix adds."""
    for m in re.finditer(r"\b(?:is|are|was|were|be)\s+([a-z]+?)(e?s)\b", name, re.I):
        word = m.group(1) + m.group(2)
        if not word.casefold().endswith("ss") and g.lemma(word) != word.casefold() and \
                g.lemma(word) in (m.group(1).casefold(), m.group(1).casefold() + "e"):
            return True
    return False


#: "says the age limit clear enough": the owner's adjective for how it is said, as an adverb.
_SAID_CLEAR = re.compile(r"\b((?:says?|shows?|explains?|states?)\s+.+?)\s+(?:clear|clearly)(?:\s+enough)?\b", re.I)


def _tidy(name: str | None) -> str | None:
    """A filled fix with the owner's loose wording made plain ("says the age limit clear enough" -> "says the age
    limit clearly")."""
    return _SAID_CLEAR.sub(r"\1 clearly", name) if name else name


def garbled(name: str) -> bool:
    """Whether a fix written from the owner's words is no sentence: a clause put where a thing's name goes ("Shorten
    the she heard someone jumped the queue at the bar", "Tell daughters about the had happened"), a pronoun or a
    preposition there ("how the worried its works", "every them", "the against"), a verb that does not agree with its
    pronoun ("the parts I carries") or follows an auxiliary ("the login is expires"), an adverb made plural ("things
    twices"), a pronoun at the end that stands for nothing ("Remove the need to refund them"), the owner's
    complaint or condition kept in the answer ("... unless the host asks"), or how a wait was asked for read as how
    to shorten it ("Shorten the wait for a quote by email")."""
    return bool(_CLAUSE_AS_NOUN.search(name) or _VERB_AS_NOUN.search(name) or _ONE_PERSON.search(name)
                or _DISAGREES.search(name) or _PASSIVE_AS_NOUN.search(name) or _PRONOUN_AS_NOUN.search(name)
                or _ADVERB_AS_PLURAL.search(name) or _DANGLING.search(name) or _COMPLAINT_KEPT.search(name)
                or _MEANS_AS_WHAT.search(name) or _NO_SENTENCE.search(name) or _ASKS_FOR_THE_PROBLEM.search(name)
                or _OWNER_SPEAKING.search(_STORY.sub("", name)) or _aux_before_verb(name))


def _fits(rule: Rule, groups: dict[str, str], rest: str = "", who: str = "") -> bool:
    """Whether the matched parts are of the kinds the rule asks; a part left unsaid ("... and gets lost") is the
    subject of the clause before it ("the deposit is paid by bank transfer"), so a thing there is no person."""
    w = g.words()
    for group, kinds in rule.when.items():
        value = groups.get(group, "")
        if group in ("v",) or "active" in kinds or "staff_verbs" in kinds:
            verb = g.lemma(value.split(" ", 1)[0]) if value else ""
            if "active" in kinds and (not verb or verb in w["empty_verbs"]):
                return False
            if "staff_verbs" in kinds and verb not in w["staff_verbs"]:
                return False
            continue
        nouns = {k for k in kinds if k in ("sendable", "fee", "mass")}
        if nouns:
            if not any(g.head(value) in w[k] or any(t.casefold() in w[k] for t in g.split(value)) for k in nouns):
                return False
            continue
        kind = g.kind(_subject(value))
        if kind == "empty" and g.kind(g.subject_of(value or rest)) == "thing":
            kind = "thing"  # "the deposit ... and gets lost": the deposit is lost, nobody feels lost
        # "signwriters who never reply", said by a persona (``who``, their role): a trade in the plural as they
        # know it, nobody the business deals with; said by the owner, they are people it deals with
        trade = kind == "person" and bool(who) and _a_trade(value)
        if "one-person" in kinds and trade:
            return False
        if kind not in kinds and not (kind == "person" and "one-person" in kinds) \
                and not ("trade" in kinds and trade):
            return False
    return True


def _a_trade(said: str) -> bool:
    """Whether a person is named as a whole trade: a plural with nothing before it ("plumbers", "signwriters"), not
    someone in particular ("the installer", "our fitter")."""
    words = g.split(_subject(said))
    return len(words) >= 1 and words[0].casefold() not in g.words()["determiners"] and words[-1].casefold().endswith("s")


class Context:
    """The named parts of one match, and what the filters need to write the fix."""

    def __init__(self, groups: dict[str, str], rest: str, who: str):
        self.groups = groups
        self.rest = rest
        self.who = who

    def people(self, phrase: str) -> str:
        """A plural noun for whom ``phrase`` names (the persona's role or "customers" for a pronoun)."""
        subject = _subject(phrase)
        low = subject.casefold()
        w = g.words()
        toks = g.split(subject)
        if not low or low in w["pronouns"] or low in w["owner"] or (toks and toks[-1].casefold() in w["pronouns"]):
            return self.who or "customers"
        if g.kind(subject) == "thing" or toks and toks[0].casefold() in ("her", "his", "their", "my", "your"):
            return self.who or "customers"  # "her friends": the persona's own people
        toks = [t for t in toks if t.casefold() not in w["determiners"]]
        if toks and toks[-1].casefold() in _JOINERS:  # "picked someone or": a clause, not who it is
            return self.who or "customers"
        return g.plural(" ".join(toks[-3:])) if toks else self.who or "customers"

    def fill(self, template: str) -> str | None:
        out = []
        pos = 0
        for m in re.finditer(r"\{(\w+)(?::(\w+))?\}", template):
            out.append(template[pos:m.start()])
            value = self.groups.get(m.group(1), "")
            name = m.group(2)
            if name:
                piece = FILTERS[name](self, value, m.group(1))
            else:
                piece = trim(value) if m.group(1) == "o" else clean(value)
            if piece is None:
                return None
            if m.group(1) in ("o", "part", "prep", "that") and piece and not piece.startswith(" ") and not name:
                piece = " " + piece
            out.append(piece)
            pos = m.end()
        out.append(template[pos:])
        text = re.sub(r"\s+", " ", "".join(out)).strip()
        return re.sub(r"\s+([,.:;])", r"\1", text)


#: A clause of the owner's story after the fix ("... before my daughter found a date"): who did what when, not
#: what to change.
_STORY = re.compile(r"\s+(?:before|after|until|when|while|because)\s+(?:i|he|she|we|my|his|her|our)\s+\w+.*$", re.I)


#: A phrase that cannot end there: a preposition, an article or a particle waiting for its word ("a place for out").
_ENDS_OPEN = re.compile(r"\b(?:for|out|of|to|a|an|the|with|and|or|in|on|at|by|from|their|our|your|its)\s*$", re.I)


def _finish(name: str) -> str:
    name = _STORY.sub("", name.strip(" ,;:-")).strip(" ,;:-")
    if len(name) > MAX_FIX:
        cut = [m.start() for m in re.finditer(r"\s(?:in|on|at|for|with|by|from|of|when|while|and|but|so|because)\b",
                                              name) if 20 <= m.start() <= MAX_FIX
               and not _ENDS_OPEN.search(name[: m.start()])]  # not "a safe place for out" (of hours)
        name = (name[: cut[-1]] if cut else name[:MAX_FIX].rsplit(" ", 1)[0]).strip(" ,;:-")
    return name[:1].upper() + name[1:]


# -- clauses -----------------------------------------------------------------------------------

_BRACKETS = re.compile(r"\s*\([^)]*\)?|\s*\[[^\]]*\]")
_SPLIT = re.compile(r"\s*(?:[;,!?]|\.(?:\s|$)|\s[-–—]\s|\s/\s)\s*|\s+(?:so|because|but|which means|and then|then|"
                    r"while|though|although|cos|since|plus)\s+", re.I)
_AND = re.compile(r"\s+(?:and|&)\s+", re.I)
_STARTS_CLAUSE = re.compile(r"^(?:\S+\s+){0,3}?(?:we|i|they|he|she|it|you|nobody|no\s+one|then|so|now|honestly|never|"
                            r"not|don'?t|doesn'?t|didn'?t|can'?t|cant|cannot|won'?t|isn'?t|aren'?t)\b", re.I)
_LEAD = re.compile(r"^(?:and|but|so|then|also|plus|because|honestly|apparently|basically|now|when|if)\s+", re.I)
# Who reports a problem is not the problem: "people complain about the 75p booking fee" is about the fee
_REPORTED = re.compile(r"^(?:(?:people|customers|clients|they|guests|members|users|parents|patients|folk|some)\s+)?"
                       r"(?:often\s+|always\s+|keep\s+|still\s+)?(?:complain(?:s|ing)?|moan(?:s|ing)?|grumble|"
                       r"whinge|whine)\s+(?:about|that|of)\s+|^(?:we|i)\s+(?:get|hear|have)\s+(?:lots\s+of\s+|"
                       r"loads\s+of\s+|a\s+lot\s+of\s+)?complaints\s+(?:about|that)\s+", re.I)
_NO_SUBJECT = re.compile(r"^(?:is|are|was|were|isn'?t|aren'?t|wasn'?t|takes|took|can|can'?t|cant|cannot|gets|got|"
                         r"keeps|has(?!\s+to)|had(?!\s+to)|needs|needed|doesn'?t|doesnt|never|always|often|still)\b", re.I)
_PRONOUN_SUBJECT = re.compile(r"^(?:it|that|this)\s+(?=\w)", re.I)
_LAST_NP = re.compile(r"\b(?:the|a|an|their|his|her|our|my|your)\s+((?:[\w'-]+\s+){0,3}?[\w'-]+)"
                      r"(?=\s+(?:while|when|on|at|in|for|to|from|with|by|and|but|so)\b|\s*$)", re.I)


def clauses(problem: str) -> list[str]:
    """The clauses of a problem, each with a subject where the words allow: "online booking exists but is
    clunky" -> ["online booking exists", "online booking is clunky"]."""
    text = _BRACKETS.sub("", problem.replace("’", "'").replace("‘", "'")).strip(" .")
    parts = [p for piece in _SPLIT.split(text) if piece for p in _split_and(piece) if p and p.strip()]
    out: list[str] = []
    for part in parts:
        part, when = _times(_lower_first(_REPORTED.sub("", _LEAD.sub("", part.strip()).strip()).strip()))
        if not part:
            continue
        if out and _NO_SUBJECT.match(part) and (subject := _subject_of(out[-1])):
            part = f"{subject} {part}"
        elif out and (m := _PRONOUN_SUBJECT.match(part)):
            pronoun = m.group(0).strip().casefold()
            subject = (_subject_of(out[-1]) if pronoun != "it" else "") or next(
                (np for np in map(_last_np, reversed(out)) if np), "")
            if subject:
                part = _PRONOUN_SUBJECT.sub(subject + " ", part, count=1)
        out.append(f"{part} {when}".strip())
    return _do_it(out)


def _split_and(piece: str) -> list[str]:
    """"the cans sold out and the webshop crashed" is two clauses; "fridges and TVs go separately" is one."""
    out: list[str] = []
    start = 0
    for m in _AND.finditer(piece):
        right = piece[m.end():]
        words = right.split()[:5]  # "and the stationers box office has short hours": a clause of its own
        led = bool(words) and words[0].casefold() in ("the", "that", "this", "our", "their", "a", "an") and any(
            w.casefold() in g.words()["finite"] or w.casefold().endswith("ed") for w in words[1:])
        if _STARTS_CLAUSE.match(right) or led:
            out.append(piece[start: m.start()])
            start = m.end()
    out.append(piece[start:])
    return out


def _times(part: str) -> tuple[str, str]:
    """A leading time the fix keeps at its end ("at night i can't ..."), or drops ("first month the ...")."""
    low = part.casefold()
    for when in sorted(g.words()["times"], key=len, reverse=True):
        if low.startswith(when + " "):
            return part[len(when) + 1:].lstrip(" ,"), part[:len(when)]
    for when in sorted(g.words()["drop_times"], key=len, reverse=True):
        if low.startswith(when + " ") and len(part.split()) > len(when.split()) + 2:
            return part[len(when) + 1:].lstrip(" ,"), ""
    return part, ""


def _last_np(clause: str) -> str:
    found = _LAST_NP.findall(clause)
    return f"the {found[-1]}" if found else ""


def _do_it(parts: list[str]) -> list[str]:
    """"cancelling means emailing the desk, you can't do it in the app": "do it" is cancelling."""
    gerund = next((p.split(" ", 1)[0] for p in parts if re.match(r"^\w+ing\b", p)
                   and g.lemma(p.split(" ", 1)[0]) != p.split(" ", 1)[0].casefold()), "")
    if not gerund:
        return parts
    verb = g.lemma(gerund)
    return [re.sub(r"\bdo\s+(?:it|that|this)\b", verb, p, flags=re.I) for p in parts]


def apply_rule(rule: Rule, clause: str, rest: str = "", who: str = "") -> Fix | None:
    """The fix ``rule`` writes from one clause (None when it does not match or would not read as English)."""
    return _apply(rule, clause, rest, who)
