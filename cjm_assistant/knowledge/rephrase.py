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
from .sentences import STORY as _STORY
from .sentences import garbled, tidy as _tidy

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
        if any(_CUT_AT_AND.search(groups.get(k, "")) for k in ("who", "thing")):
            continue  # "phones that are locked or" (don't support it): cut mid-phrase
        if _VERB_AND_OBJECT.match(groups.get("x", "")):
            continue  # "say it" (doesn't work): a verb and its object, no thing's name
        if _TURNED_OUT.search(groups.get("thing", "")):
            continue  # "the company phone turned out": what it proved to be, not a thing that does something
        if _CLAUSE_FOR_THING.search(groups.get("x", "")) or _CLAUSE_IN_THING.search(groups.get("x", "")):
            continue  # a clause where a thing's name goes ("Add more voucher ran out after 6 months before ...")
        ctx = Context(groups, rest, who)
        name = _tidy(ctx.fill(rule.fix))
        if not name or garbled(name) or garbled(name := _finish(name)):  # whole, and as cut to length
            continue
        detail = ctx.fill(rule.detail) or ""
        return Fix(name, detail, rule.key, rule.enables)
    return None


#: A subject cut at "or" ("phones that are locked or" don't support it), not "can't or" (won't buy), "... and" (feel lost).
_CUT_AT_AND = re.compile(r"(?<!\bcan't)(?<!\bcant)(?<!\bwon't)(?<!\bwont)(?<!\bdon't)(?<!\bdont)(?<!\bcannot)"
                         r"\s(?:or|nor)$", re.I)
_VERB_AND_OBJECT = re.compile(r"^[\w'-]+\s+(?:it|them|him|me|us)$", re.I)
_TURNED_OUT = re.compile(r"\b(?:turned|turns|turn)\s+out$", re.I)

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




#: A relative clause after a noun ("phones THAT ARE locked to their network"): the noun is who or what it is.
_RELATIVE = re.compile(r"\s+(?:that|which)\s+(?=(?:is|are|was|were|have|has|had|do|does|did|don'?t|doesn'?t|can'?t|"
                       r"won'?t)\b)", re.I)


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
        kind = g.kind(_subject(_RELATIVE.split(value, maxsplit=1)[0] or value))  # "phones that are locked": phones
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




#: A phrase that cannot end there: a preposition, an article or a particle waiting for its word ("a place for out").
_ENDS_OPEN = re.compile(r"\b(?:for|out|of|to|a|an|the|with|and|or|in|on|at|by|from|their|our|your|its)\s*$", re.I)


#: How often the owner said it happens, at the end of a fix made of their words ("... to the right address half the
#: time"): how often is the problem's, not the answer's
_HOW_OFTEN = re.compile(r"\s+(?:(?:half|most|some|all|much)\s+(?:of\s+)?the\s+time|every\s+(?:single\s+)?time|"
                        r"sometimes|again\s+and\s+again|now\s+and\s+then)$", re.I)


def _finish(name: str) -> str:
    name = _HOW_OFTEN.sub("", _STORY.sub("", name.strip(" ,;:-")).strip(" ,;:-")).strip(" ,;:-")
    if len(name) > MAX_FIX:
        cut = [m.start() for m in re.finditer(r"\s(?:in|on|at|for|with|by|from|of|when|while|and|but|so|because)\b",
                                              name) if 20 <= m.start() <= MAX_FIX
               and not _ENDS_OPEN.search(name[: m.start()])]  # not "a safe place for out" (of hours)
        name = (name[: cut[-1]] if cut else name[:MAX_FIX].rsplit(" ", 1)[0]).strip(" ,;:-")
    return name[:1].upper() + name[1:]


# -- clauses -----------------------------------------------------------------------------------

_BRACKETS = re.compile(r"\s*\([^)]*\)?|\s*\[[^\]]*\]")
# ("so much" at the end is how much, no clause of its own: "didn't know alterations cost so much")
_SPLIT = re.compile(r"\s*(?:[;,!?]|\.(?:\s|$)|\s[-–—]\s|\s/\s)\s*|"
                    r"\s+(?:so(?!\s+[\w'-]+(?:;|\s*$))|because|but|which means|and then|then|"
                    r"while|though|although|cos|since|plus)\s+", re.I)
_AND = re.compile(r"\s+(?:and|&)\s+", re.I)
_STARTS_CLAUSE = re.compile(r"^(?:\S+\s+){0,3}?(?:we|i|they|he|she|it|you|nobody|no\s+one|then|so|now|honestly|never|"
                            r"not|don'?t|doesn'?t|didn'?t|can'?t|cant|cannot|won'?t|isn'?t|aren'?t)\b", re.I)
_LEAD = re.compile(r"^(?:and|but|so|then|also|plus|because|honestly|apparently|basically|now|when|if)\s+", re.I)
# Who reports a problem is not the problem: "people complain about the 75p booking fee" is about the fee
_REPORTED = re.compile(r"^(?:(?:people|customers|clients|they|guests|members|users|parents|patients|folk|some)\s+)?"
                       r"(?:often\s+|always\s+|keep\s+|still\s+)?(?:complain(?:s|ing)?|moan(?:s|ing)?|grumble|"
                       r"whinge|whine)\s+(?:about|that|of)\s+|^(?:we|i)\s+(?:get|hear|have)\s+(?:lots\s+of\s+|"
                       r"loads\s+of\s+|a\s+lot\s+of\s+)?complaints\s+(?:about|that)\s+|"
                       # "workers complain their pay is late": what they complain of, said without "that" (not "the
                       # neighbours complain about the noise", whose complaining is the problem)
                       r"^(?:(?:the\s+|our\s+|some\s+)?[\w'-]+\s+)?(?:often\s+|always\s+|still\s+)?complain(?:s|ed)?\s+"
                       r"(?=(?:their|his|her|its)\s)", re.I)
_NO_SUBJECT = re.compile(r"^(?:is|are|was|were|isn'?t|aren'?t|wasn'?t|takes|took|can|can'?t|cant|cannot|gets|got|"
                         r"keeps|has(?!\s+to)|had(?!\s+to)|needs|needed|doesn'?t|doesnt|never|always|often|still)\b", re.I)
_PRONOUN_SUBJECT = re.compile(r"^(?:it|that|this)\s+(?=\w)", re.I)
_LAST_NP = re.compile(r"\b(?:the|a|an|their|his|her|our|my|your)\s+((?:[\w'-]+\s+){0,3}?[\w'-]+)"
                      r"(?=\s+(?:while|when|on|at|in|for|to|from|with|by|and|but|so)\b|\s*$)", re.I)


#: "so bad (that) we have to ...": "so" says how bad, and the clause after the word is what follows from it. The cut
#: is after the word, which stays with the clause it describes ("dogs matted so bad" / "we have to shave them"), never
#: before it ("bad we have to shave them" puts "bad" where the thing done goes). Not "so now we ...": a plain "so".
_SO_MUCH = re.compile(r"(\bso\s+(?!(?:now|then|yes|yeah|anyway|instead|again|today|basically|obviously|apparently|"
                      r"naturally|honestly|sadly|usually|often|that|we|i|they|he|she|you|it|people|customers|nobody)\b)"
                      r"[a-z][\w'-]*)\s+(?:that\s+)?(?=(?:we|i|they|he|she|you|it|nobody|no\s+one|people|customers|"
                      r"everyone|someone)\b)", re.I)


def clauses(problem: str) -> list[str]:
    """The clauses of a problem, each with a subject where the words allow: "online booking exists but is
    clunky" -> ["online booking exists", "online booking is clunky"]; "the boxes are so heavy we have to lift them"
    -> ["the boxes are so heavy", "we have to lift them"]."""
    text = _BRACKETS.sub("", problem.replace("’", "'").replace("‘", "'")).strip(" .")
    text = _SO_MUCH.sub(r"\1; ", text)
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
            subject = (_noun_phrase(_subject_of(out[-1])) if pronoun != "it" else "") or next(
                (np for np in map(_last_np, reversed(out)) if np), "")
            if subject:
                part = _PRONOUN_SUBJECT.sub(subject + " ", part, count=1)
        if out and _SO_END.search(out[-1]):
            part = _what_it_was(part, out[-1])
        out.append(f"{part} {when}".strip())
    return _do_it(out)


#: A clause that ends on "so heavy": the clause after it says what follows from it.
_SO_END = re.compile(r"\bso\s+[\w'-]+$", re.I)
#: The pronoun done something to in a clause of having to ("we have to lift them twice", "... to fill it in").
_DONE_TO = re.compile(r"(\bto\s+[a-z][\w'-]*(?:\s+(?:in|out|up|off|back|down|on|over|away))?\s+)(?:them|it)\b(?!')",
                      re.I)


def _what_it_was(part: str, before: str) -> str:
    """"the boxes are so heavy" / "we have to lift them twice": "them" are the boxes, what is said to be so heavy
    ("the kids get so bored" / "we have to entertain them": the kids). Only what is named in words: "they are so
    slow" and "dogs matted so bad" name nothing to put there, and the pronoun stays (a fix ending on it is refused
    as standing for nothing)."""
    subject = _noun_phrase(_subject_of(before))
    if not subject or subject.casefold().split()[0] in ("it", "they", "this", "that", "these", "those", "he", "she") \
            or g.kind(subject) not in ("thing", "customer", "staff", "provider", "person"):
        return part
    return _DONE_TO.sub(lambda m: m.group(1) + subject, part, count=1)


#: Where a subject group stops being a noun phrase: a relative clause ("the zoom link changes every week which ...").
_RELATIVE_CUT = re.compile(r"\s*(?:,|\b(?:which|that|who|whom|whose|where)\b).*$", re.I)
#: Words that go on a noun ("the forms for new clients"), so the -s word before them is a noun, not a verb.
_ON_A_NOUN = {"back", "from", "to", "at", "on", "in", "for", "of", "with", "near", "by", "after", "before", "during",
              "and", "&", "or"}


def _noun_phrase(subject: str) -> str:
    """The noun phrase a subject group starts with, to stand in for a pronoun: "the zoom link changes every week
    which" -> "the zoom link" (cut at "which/that/who", then at a verb: a word in "-s" or "-ed" after the noun with
    more said after it, as in "changes every week"; "the forms for new clients" keeps "for new clients"). Empty when
    nothing is left but the pronoun's own kind of word, so no stand-in is made up."""
    text = _RELATIVE_CUT.sub("", subject).strip()
    toks = text.split()
    determiners = g.words()["determiners"]
    for i in range(1, len(toks) - 1):
        low, prev, nxt = toks[i].casefold(), toks[i - 1].casefold(), toks[i + 1].casefold()
        if prev in determiners:
            continue
        if low in g.words()["finite"] or (re.fullmatch(r"[a-z]{3,}(?:es|s|ed)", low) and not low.endswith("ss")
                                          and nxt not in _ON_A_NOUN):
            toks = toks[:i]
            break
    return " ".join(toks)


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
