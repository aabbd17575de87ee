"""What goes wrong in a stated problem, and the remedy a journey-mapping practitioner names for it.

A problem's *structure* is what goes wrong, whatever the business: something that should happen gets
missed, paperwork does not match, things break on the way, everything goes at once, someone runs late,
a booking is called off at the last minute. Its *object* is what it happens to, in the owner's words.
``data/remedies.toml`` reads each structure from one clause (the clauses of
:func:`cjm_assistant.knowledge.rephrase.clauses`) and writes the usual remedy with the object:
"collections get missed" -> "Confirm each collection the day before, and tick it off when it is done";
"the invoice doesn't match the purchase order" -> "Match each invoice to the purchase order before it goes
out".

The same reading checks a stock fix: for a problem whose structure is known, a fix answers it only when it
names the problem's object or says one of the words a remedy for that structure uses (:func:`touches`). A
packing check ("Check every order against its list") answers no missed collection, and shorter waits no
invoice that does not match.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from . import grammar as g
from . import relevance
from . import text as tx
from .rephrase import Fix, Rule, apply_rule, clauses, garbled, make_rule
from .sense import describing_words

DATA = Path(__file__).parent / "data" / "remedies.toml"
#: General remedy families keyed by what a problem means (reminders, status updates, save and resume, pay links...):
#: read before :data:`DATA`, so a family's own words win over a looser reading there.
FAMILIES = Path(__file__).parent / "data" / "remedy_families.toml"


#: Problem shapes keyed by meaning (groups of words, one of each, in any order): read first, see :func:`shaped`.
SHAPES = Path(__file__).parent / "data" / "remedy_shapes.toml"


@functools.cache
def _tables(kind: str) -> tuple[dict, ...]:
    """Every ``[[kind]]`` table of the remedy families, then of remedies.toml, in file order."""
    return tuple(t for path in (FAMILIES, DATA) for t in tomllib.loads(path.read_text(encoding="utf-8")).get(kind, []))

#: Words of an object that say nothing about which thing it is ("the things", "stuff").
_VAGUE = relevance.stems("thing things stuff bit bits item items detail details job jobs task tasks")


@dataclass(frozen=True)
class Structure:
    """One way a problem goes wrong: how it is read from a clause, its remedy, and the words a remedy for it uses."""

    key: str
    rule: Rule
    answers: tuple[str, ...]
    replaces: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reading:
    """A structure found in a problem: its key, its object as said ("" when it names none), and its remedy
    (None when the remedy would not read as English, or the object is not of the kind it needs)."""

    key: str
    object: str
    fix: Fix | None


@functools.cache
def structures() -> tuple[Structure, ...]:
    return tuple(Structure(s["key"], make_rule(s), tuple(s.get("answers", ())), tuple(s.get("replaces", ())))
                 for s in _tables("structure"))


def replaces(remedy_: Fix, direct: Fix) -> bool:
    """Whether the remedy ``remedy_`` (of :func:`remedy` or :func:`cue_remedy`) takes the place of the direct answer
    ``direct``: the rule that wrote the direct answer reads the same failure, less well (``replaces``: "Cut no-shows:
    reminders ..." beside "Send a reminder the day before ..." says one thing twice)."""
    if remedy_.rule.startswith("cue:"):
        key = remedy_.rule.removeprefix("cue:")
        return any(direct.rule in c.replaces for c in cues() if c.key == key)
    key = remedy_.rule.removeprefix("remedy:")
    return any(direct.rule in s.replaces for s in structures() if s.key == key)


@functools.lru_cache(maxsize=2048)
def read(problem: str, who: str = "") -> tuple[Reading, ...]:
    """Every structure the problem's clauses show, in the order of its clauses; ``who`` as for
    :func:`~cjm_assistant.knowledge.rephrase.rephrase`."""
    parts = clauses(problem)
    whole = " ".join(problem.replace("’", "'").split()).strip(" .")
    candidates = [(clause, " ".join(p for j, p in enumerate(parts) if j != i), False) for i, clause in enumerate(parts)]
    if len(parts) > 1:  # a structure said across clauses ("I send an order and never know if it was seen")
        candidates.append((whole[:1].lower() + whole[1:], "", True))
    out: list[Reading] = []
    for clause, rest, across in candidates:
        for s in structures():
            if across and not s.rule.whole:
                continue
            match = next((m for p in s.rule.patterns if (m := p.search(clause))), None)
            if match is None:
                continue
            fix = apply_rule(s.rule, clause, rest, who)
            obj = (match.groupdict().get("x") or "").strip()
            if fix is not None or not any(r.key == s.key for r in out):
                out = [r for r in out if not (r.key == s.key and r.fix is None)]
                out.append(Reading(s.key, obj, None if fix is None else Fix(fix.name, fix.detail, f"remedy:{s.key}",
                                                                            fix.enables)))
            if fix is not None:
                break  # one structure per clause: the first that writes a remedy
    return tuple(out)


def remedy(problem: str, who: str = "") -> Fix | None:
    """The practitioner's remedy for the first structure of ``problem`` that has one, or None."""
    return next((r.fix for r in read(problem, who) if r.fix is not None), None)


@dataclass(frozen=True)
class Cue:
    """A failure said in words rather than in a clause's shape ("the booking form is confusing"): its remedy with the
    clause's own subject (``fix``, {o}) or without one (``plain``), and the words a remedy for it uses."""

    key: str
    words: tuple[tuple[str, ...], ...]
    fix: str
    plain: str
    detail: str
    answers: tuple[str, ...]
    not_words: tuple[tuple[str, ...], ...] = ()
    replaces: tuple[str, ...] = ()
    not_said: re.Pattern | None = None  # the words as said (not stemmed) in a sense that is not this failure

    def says(self, toks: list[str], clause: str) -> bool:
        """Whether ``clause`` (``toks``: its stems) says this failure: one of its words, none of its not_words, and
        not the words in the sense ``not_said`` reads ("the groomer rushed them" is no rush of customers)."""
        return any(tx.contains(toks, w) for w in self.words) and not any(tx.contains(toks, w) for w in self.not_words) \
            and not (self.not_said and self.not_said.search(clause))


@functools.cache
def cues() -> tuple[Cue, ...]:
    return tuple(Cue(c["key"], tuple(tx.phrase(w) for w in c["words"] if tx.phrase(w)), c["fix"], c["plain"],
                     c.get("detail", ""), tuple(c.get("answers", ())),
                     tuple(tx.phrase(w) for w in c.get("not_words", ()) if tx.phrase(w)), tuple(c.get("replaces", ())),
                     _not_said(c))
                 for c in _tables("cue"))


def _not_said(table: dict) -> re.Pattern | None:
    """A cue's ``not_said`` regular expression, compiled (case does not matter); a bad one names the cue."""
    if "not_said" not in table:
        return None
    try:
        return re.compile(table["not_said"], re.I)
    except re.error as exc:
        raise ValueError(f"remedies: cue {table['key']!r} has a bad not_said pattern: {exc}") from exc


@functools.lru_cache(maxsize=2048)
def cued(problem: str) -> tuple[Reading, ...]:
    """The failures ``problem`` says in words (``[[cue]]``), clause by clause, each with its remedy: with the clause's
    subject when it names a thing ("Watch a new customer use the booking form ..."), else the plain one."""
    out: list[Reading] = []
    parts = clauses(problem)
    whole = " ".join(problem.replace("’", "'").split()).strip(" .")
    for clause in parts + ([whole] if len(parts) > 1 else []):  # a cue said across clauses: "book and don't come"
        said = describing_words(clause)  # a cue only from words about the problem: no "hard-to-find parts"
        toks = tx.tokens(said)
        cue = next((c for c in cues() if c.says(toks, said)), None)
        if cue is None or any(r.key == cue.key for r in out):
            continue
        obj = _thing(clause) if clause in parts else ""  # across clauses: no one subject to name
        name = _fill(cue.fix, obj) if obj and "{o" in cue.fix else None
        if name is None or garbled(name):
            name, obj = cue.plain, ""
        out.append(Reading(cue.key, obj, Fix(name[:1].upper() + name[1:], cue.detail, f"cue:{cue.key}", False)))
    return tuple(out)


def cue_remedy(problem: str) -> Fix | None:
    """The remedy for the first failure ``problem`` says in words, or None."""
    return next((r.fix for r in cued(problem)), None)


@functools.cache
def _seen_first() -> tuple[dict, ...]:
    return tuple({**t, **{k: tuple(tx.phrase(w) for w in t.get(k, ()) if tx.phrase(w))
                          for k in ("words", "slow", "not_words")}} for t in _tables("seen-first"))


def seen_first(problem: str, lacks: set[str] | frozenset[str]) -> Fix | None:
    """The remedy for a problem said in any words ("waited 3 days for a quote", "still no quote") at a business that
    lacks what the usual remedy takes for granted (``[[seen-first]]``: a trade that must see the job before it can
    price it gets no instant quote online, but a date for the visit and a quote soon after it), or None."""
    toks = tx.tokens(problem)
    for t in _seen_first():
        if t["lacks"] in lacks and any(tx.contains(toks, w) for w in t["words"]) \
                and any(tx.contains(toks, w) for w in t["slow"]) and not any(tx.contains(toks, w) for w in t["not_words"]):
            return Fix(t["fix"], t.get("detail", ""), f"seen:{t['key']}", False)
    return None


def _thing(clause: str) -> str:
    """The clause's subject when it is a thing, not a person or a vague word ("the booking form", "prices")."""
    verb = _VERB.search(clause)
    subject = clause[: verb.start()].strip() if verb else g.subject_of(clause)  # "course start dates are ...": not "start"
    subject = re.split(r"\s+(?:at|in|on|for|from|to|with|by|after|before|during|when|because)\b", subject,
                       maxsplit=1, flags=re.I)[0].strip()
    if not subject or g.kind(subject) != "thing" or _SHARE.match(subject) or _NOT_A_THING.search(subject) \
            or not (relevance.stems(subject) - _VAGUE) or len(subject.split()) > 4:
        return ""
    if _INNER_DETERMINER.search(subject):
        return ""  # "deleted the old eSIM": a verb and its object, not a thing's name
    if any(w.casefold() in _PEOPLE for w in g.split(subject)):
        return ""  # "the people think" is who, and what they do, not a thing to watch being used
    return subject if not subject.casefold().startswith(("it ", "this ", "that ")) else ""


#: A determiner inside a subject, not after "of" ("deleted THE old eSIM"): a verb phrase, not a noun phrase.
_INNER_DETERMINER = re.compile(r"^\S+(?:\s+\S+)*?\s+(?<!\bof\s)(?:the|a|an|their|his|her|our|my|your)\s", re.I)

#: Words that name people, not a thing: a subject with one of them is no thing for a remedy to name.
_PEOPLE = frozenset({"people", "customers", "clients", "everyone", "everybody", "someone", "somebody", "they", "he",
                     "she", "we", "i", "you", "folk", "folks", "members", "users", "parents", "guests"})


#: A subject that is a question, a denial or a clause, not a thing ("the wonder why the feet", "no idea", "nobody").
_NOT_A_THING = re.compile(r"\b(?:who|that|which|whose|why|what|how|where|when|whether|if|no|not|never|nobody|none|"
                          # a modal makes it a clause ("scared something will" go wrong)
                          r"idea|will|would|could|should|might|must)\b", re.I)

#: A share of a group, not a thing ("half the class", "most of the parents"): no subject for a remedy to name.
_SHARE = re.compile(r"^(?:half|most|some|all|many|a\s+few|few|lots|loads|none|a\s+lot|several|one|two|three)\b", re.I)

#: The verbs a failing clause's subject comes before ("the booking form IS confusing", "parcels GET damaged").
_VERB = re.compile(r"\b(?:is|are|was|were|get|gets|got|has|have|had|keep|keeps|kept|never|always|often|still|"
                   r"don'?t|doesn'?t|didn'?t|can'?t|cannot|won'?t|isn'?t|aren'?t|wasn'?t|weren'?t|arrive|arrives|arrived|"
                   r"take|takes|took|go|goes|went|come|comes|came)\b", re.I)


def _fill(template: str, obj: str) -> str | None:
    toks = g.split(g.clean(obj))
    while toks and toks[0].casefold() in g.words()["determiners"]:
        toks = toks[1:]
    if not toks:
        return None
    bare = " ".join(toks)
    return (template.replace("{o:bare}", g.plural(bare)).replace("{o:each}", g.singular(bare))
            .replace("{o}", g.the(g.clean(obj))))


@dataclass(frozen=True)
class Shape:
    """A common shape of problem keyed by meaning, whatever the words and their order: it is there when the clause says
    one phrase of each group of ``every`` (stemmed: "sells out", "sold out", "selling out") and none of ``not_words``.
    Its remedy is the practitioner's usual fix for that shape, with the clause's own subject ({o}) or without one."""

    key: str
    every: tuple[tuple[tuple[str, ...], ...], ...]
    not_words: tuple[tuple[str, ...], ...]
    fix: str
    plain: str
    detail: str
    answers: tuple[str, ...]
    replaces: tuple[str, ...]
    #: Who may say it: the kinds (:func:`cjm_assistant.knowledge.grammar.kind`) the words before the first group's
    #: phrase must name; none: anyone ("technicians turn up without the right weights" is no customer unprepared).
    who: tuple[str, ...] = ()


def _phrases(words) -> tuple[tuple[str, ...], ...]:
    return tuple(tx.phrase(w) for w in words if tx.phrase(w))


@functools.cache
def shapes() -> tuple[Shape, ...]:
    data = tomllib.loads(SHAPES.read_text(encoding="utf-8")).get("shape", [])
    return tuple(Shape(s["key"], tuple(_phrases(group) for group in s["every"]), _phrases(s.get("not_words", ())),
                       s.get("fix", s["plain"]), s["plain"], s.get("detail", ""), tuple(s.get("answers", ())),
                       tuple(s.get("replaces", ())), tuple(s.get("who", ()))) for s in data)


def _who_fits(shape: Shape, clause: str, toks: list[str]) -> bool:
    """Whether the one who does what the shape's first group says is of the kinds it allows (:attr:`Shape.who`): the
    words before that phrase, as said ("technicians" turn up: staff), else nobody named (any kind may be meant)."""
    if not shape.who:
        return True
    at = min((i for w in shape.every[0] if (i := tx.find(toks, w)) >= 0), default=-1)
    said = tx.words(clause)[:at] if at > 0 else []
    kind = g.kind(" ".join(said)) if said else "empty"
    return kind in shape.who or kind == "empty"


def _says(toks: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    return any(tx.contains(toks, w) for w in phrases)


@functools.lru_cache(maxsize=2048)
def shaped(problem: str) -> tuple[Reading, ...]:
    """The common problem shapes ``problem`` says (``remedy_shapes.toml``), clause by clause and then across them, each
    with its remedy: "the early-bird places sell out in minutes" -> a waiting list and an early alert for regulars."""
    out: list[Reading] = []
    parts = clauses(problem)
    whole = " ".join(problem.replace("’", "'").split()).strip(" .")
    for clause in parts + ([whole] if len(parts) > 1 else []):
        toks = tx.tokens(clause)
        for s in shapes():
            if any(r.key == s.key for r in out) or not all(_says(toks, group) for group in s.every) \
                    or _says(toks, s.not_words) or not _who_fits(s, clause, toks):
                continue
            obj = _thing(clause) if clause in parts and "{o" in s.fix else ""
            name = _fill(s.fix, obj) if obj else None
            if name is None or garbled(name):
                name, obj = s.plain, ""
            out.append(Reading(s.key, obj, Fix(name[:1].upper() + name[1:], s.detail, f"shape:{s.key}", False)))
            break  # one shape per clause: the first in the file
    return tuple(out)


def shape_remedy(problem: str) -> Fix | None:
    """The usual fix for the first common shape ``problem`` says, or None."""
    return next((r.fix for r in shaped(problem)), None)


def shape_in_part(whole: str, part: str, others: tuple[str, ...] = ()) -> Fix | None:
    """The usual fix for a common shape the sentence ``whole`` says with its ``part`` in it. When the rest of the
    sentence is another stated problem (one of ``others``), a shape the rest says on its own belongs to the rest: "the
    minimum order is 150 pounds" is the part of "... and small shops say it's too high" that makes it a minimum set
    too high, and so is the other part. When the rest is only this problem's explanation ("phones that are locked
    ..., they only find out after paying"), the whole sentence's shape is this problem's."""
    if not part or part.casefold() not in whole.casefold():
        return None
    i = whole.casefold().index(part.casefold())
    rest = f"{whole[:i]} {whole[i + len(part):]}".strip()
    if not any(o and o.casefold() != part.casefold() and o.casefold() in rest.casefold() for o in others):
        return shape_remedy(whole)
    own = {r.key for r in shaped(rest)}
    return next((r.fix for r in shaped(whole) if r.key not in own), None)


def shape_replaces(shape: Fix, other: Fix) -> bool:
    """Whether the shape's remedy takes the place of ``other`` (a direct answer, remedy, topic or cue answer): the
    shape lists its rule ("full", "remedy:runs-out", "cue:wrong", "topic") as a looser reading of the same thing."""
    key = shape.rule.removeprefix("shape:")
    return any(other.rule in s.replaces or other.rule.split(":")[-1] in s.replaces for s in shapes() if s.key == key)


def shape_touches(fix: str, shape: Fix, least: int = 1) -> bool:
    """Whether a fix's words say at least ``least`` of those the shape's remedy uses."""
    key = shape.rule.removeprefix("shape:")
    toks = tx.tokens(fix)
    said = {w for s in shapes() if s.key == key for w in s.answers if tx.contains(toks, tx.phrase(w))}
    return len(said) >= least


def failures(problem: str) -> set[str]:
    """The keys of the structures ``problem`` shows ({"missed"}, {"mismatch"}, ...)."""
    return {r.key for r in read(problem)}


#: "up to date", "out of date": how current a thing is, not a date (a day to choose or keep).
_NOT_A_DATE = re.compile(r"\b(?:up|out)[\s-]+(?:to|of)[\s-]+date\b", re.I)


def touches(fix: str, problem: str) -> bool:
    """Whether a fix touches what goes wrong in ``problem``: it names the problem's object, or says a word the
    remedy for its structure uses. A problem of no known structure: True (there is nothing to check against)."""
    readings = read(problem) or cued(problem) or shaped(problem)
    if not readings:
        return True
    fix = _NOT_A_DATE.sub("current", fix)  # "Up-to-date menu" names no date to pick
    toks = tx.tokens(fix)
    answers = {c.key: c.answers for c in shapes()} | {c.key: c.answers for c in cues()} | \
        {s.key: s.answers for s in structures()}
    for r in readings:
        own = relevance.stems(r.object) - _VAGUE
        if own and relevance.shared(own, fix):
            return True
        if any(tx.contains(toks, tx.phrase(w)) for w in answers.get(r.key, ())):
            return True
    return False
