"""Is a word shared by a problem and a stock fix used in the same sense in both?

Word overlap (:mod:`cjm_assistant.knowledge.relevance`) cannot tell senses apart: "the risk assessment" shares
"risk" with "Spot at-risk customers early", "nowhere to leave the car keys and phones" shares "phone" with a
"Call-back option", "the volunteers can't read each other's writing" shares "write" with "Let customers choose
how often we write". Three readings of where a shared word stands tell most of them apart, whatever the trade:

* **what a compound is about**: in "risk assessment", "job report", "order updates" or "lead times" the first
  noun only says which kind of the second it is; the compound is about its last noun. A shared word that is
  such a modifier, in the fix or in the problem, counts only when the noun it modifies is shared too ("our
  inspection reports" is no "Before-and-after job report", "a test date" no "placement test");
* **a word that says nothing of the topic**: "free" ("gluten free" vs "when customers are free"), "top", "front",
  "quick", "open", "let", "use", "add", "say", "live", "honest": the fix is not about them (:data:`GENERIC`);
* **a thing, not an act**: a verb of the fix ("we write", "call back") met in the problem as a thing someone has
  ("each other's writing", "their phones", "the keys and phones").

:func:`mismatched` returns the shared stems whose sense differs; :func:`answers_about` checks a broad stock
fix's declared topic (``about`` in opportunities.toml: "Call-back option" answers being hard to get through to,
not every problem that names a call).
"""

from __future__ import annotations

import functools
import re

from . import relevance
from . import text as tx

#: Words a fix's name uses that say nothing of what it is about: a problem sharing only these is not its topic.
GENERIC = relevance.stems("free top front up quick quickly open let use useful add added adding say says said "
                          "live honest clear clearly simple simpler easy easier fair plain better new own right "
                          "good early earlier fast faster instant timely relevant consistent proactive regular "
                          "real full every each all one single step set keep offer give ask show short shorter "
                          "leave job jobs task tasks item items detail details thing things stuff")
#: Nouns of no topic of their own, but that still say which kind of a thing is meant ("job report").
_VAGUE = relevance.stems("job jobs task tasks item items detail details thing things stuff")
#: Heads that say nothing of what a compound is about ("Call-back option"): the modifier before them is the topic.
_EMPTY_HEADS = relevance.stems("option options process way ways flow thing things tool tools service services")
#: Nouns that name a part of what their modifier names, in a problem: "the phone line" is the phone.
_PARTS = relevance.stems("line lines number numbers")
#: Nouns that, after another in a problem, say when, where or how much of it, not another topic: "one training
#: session" is about training, "their collection point" about collection, "stock shortages" about stock.
_SAY_WHICH = relevance.stems("session sessions window windows slot slots point points shortage shortages "
                             "level levels")  # not "date": "a test date" is no "placement test"
#: Words that never make a compound: articles, prepositions, conjunctions, pronouns and the like.
_FUNCTION = frozenset("""
a an the this that these those and or but nor so then than to of in on at by for from with without into onto
about over under after before during until via per as if when where while whose which who whom what how why
is are was were be been being am do does did has have had will would can could should may might must shall
it its they them their theirs he him his she her hers we us our ours you your yours i me my mine
not no never only just also even still too very really quite up down out off back away there here
some any all each every both either neither more most less least much many few other another such
somewhere anywhere everywhere nowhere else elsewhere again anyway together instead
""".split())
#: Words that, in front of a word, make it a thing someone has ("their phones", "each other's writing").
_OWNERS = frozenset("my your his her its our their others other's others' each".split())
#: Words in front of a noun that say how it is, not which kind of thing it is: no noun modifier.
_ADJECTIVES = frozenset("""
late long short big small large wrong right missing new old bad good same different other last next first whole
extra separate special urgent simple hard easy busy quiet slow quick cheap dear expensive free full empty main
double unclear vague high low poor rude confusing
""".split())
_ADJ_END = re.compile(r"(?:al|ive|ous|ful|less|able|ible|ic|ed|ing|est|ly)$")
#: Verb forms that follow a noun without making a compound with it ("the phone rings", "stock runs out").
_VERBISH = re.compile(r"(?:ed|ing)$")

_TOKEN = re.compile(r"[a-z0-9£$]+(?:['’-][a-z0-9]+)*|[,;:.!?()/\"]")


def _tokens(text: str) -> list[str]:
    folded = relevance._COMPOUNDS.sub(lambda m: m.group(1) + m.group(2), tx.fold(text))
    return [t.replace("’", "'") for t in _TOKEN.findall(folded)]


def _content(tok: str) -> bool:
    return tok[0].isalnum() and tok not in _FUNCTION and not tok.isdigit()


@functools.lru_cache(maxsize=4096)
def _finite() -> frozenset[str]:
    from . import grammar

    return grammar.words()["finite"]


def _a_verb(tok: str) -> bool:
    """Whether a word after a noun reads as its verb ("rings", "runs", "crashed"), not a noun it modifies."""
    return tok in _finite() or bool(_VERBISH.search(tok)) or tok.endswith("ly")


def _units(text: str) -> list[tuple[str, frozenset[str]]]:
    """Each token with its content stems (a hyphenated compound's parts together, "at-risk" -> {risk})."""
    return [(t, frozenset(relevance.stems(t.replace("-", " ")))) for t in _tokens(text)]


def _modifies(units: list[tuple[str, frozenset[str]]], i: int, fix: bool) -> frozenset[str] | None:
    """The stems of the nouns that the word at ``i`` modifies (the content words after it, in the same phrase:
    "purchase" in "purchase order number" modifies "order number"), or None when it modifies none. In a fix, an
    empty head ("option") passes the topic back to its modifier."""
    out: set[str] = set()
    for tok, st in units[i + 1:]:
        if not _content(tok) or tok.endswith("ly"):
            break
        if fix and st and st <= _EMPTY_HEADS | GENERIC:  # "Call-back option", "the full cost early"
            break
        if not fix and (_a_verb(tok) or not st or st <= _PARTS | _SAY_WHICH or tok in _ADJECTIVES):  # "prices unclear"  # "the phone rings", "the photos
            # people send", "one training session"
            break
        out |= st
        if not fix and "'" in tok:  # "the shop's hours": a possessive ends the phrase it starts
            break
    return frozenset(out) or None


@functools.lru_cache(maxsize=8192)
def mismatched(problem: str, fix_name: str, fix_detail: str = "", fix_side: bool = True) -> frozenset[str]:
    """The stems the problem shares with a stock fix (its name and ``fix_detail``, its description) that are used
    in another sense in the two (see the module docstring), or that name who, not what (a role: "buyers",
    "drivers"): a problem sharing only these with a stock fix is not what the fix is about. Without ``fix_side``, a
    word that modifies another in the fix's name still counts (the catalogue lists the fix for the very problem it
    matched: "Online level test" for "unclear course levels")."""
    bad: set[str] = set(two_senses(problem, f"{fix_name} {fix_detail}"))
    p_units = _units(problem)
    f_units = _units(fix_name) + [(".", frozenset())] + _units(fix_detail)
    n_name = len(_units(fix_name))
    p_all = frozenset().union(*(s for _, s in p_units)) if p_units else frozenset()
    f_all = frozenset().union(*(s for _, s in f_units)) if f_units else frozenset()
    common = relevance.shared(set(p_all), set(f_all))
    for word in common:
        if word in GENERIC:
            bad.add(word)
            continue
        f_at = [i for i, (_, s) in enumerate(f_units) if relevance.shared({word}, set(s))]
        p_at = [i for i, (_, s) in enumerate(p_units) if word in s or relevance.shared({word}, set(s))]
        if _a_role(p_units, p_at) or _a_role(f_units, f_at):
            bad.add(word)  # who, not what: "drivers text the buyer" is not about "the details buyers ask for"
            continue
        # the fix: is the word a modifier of a noun the problem does not have?
        in_name = [i for i in f_at if i < n_name] or f_at  # the name says what the fix is about
        f_ok = not fix_side or any("-" in f_units[i][0] or (h := _modifies(f_units, i, True)) is None  # "reply-time promise"
                   or relevance.shared(set(h), set(p_all)) for i in in_name) \
            or _the_problems_noun(p_units, p_at, f_units, in_name)
        # the problem: is it a modifier of a noun the fix does not have, or a thing someone has?
        p_ok = any(((h := _modifies(p_units, i, False)) is None or relevance.shared(set(h), set(f_all)))
                   and not _owned_thing(p_units, i, f_units, word) for i in p_at)
        # both: is it the same noun of two different kinds ("the collection book", "online booking")?
        kinds = _other_kinds(p_units, p_at, f_units, f_at, p_all, f_all)
        if not (f_ok and p_ok) or kinds or _thing_and_act(p_units, p_at, f_units, in_name):
            bad.add(word)
    return frozenset(bad)


#: Words of two senses in business talk, each sense told by the words around it: a trade or credit account is a way to
#: pay later, a guest or password account a way to sign in ("trade accounts paying late" is no "No account needed").
_TWO_SENSES = {
    "account": (frozenset("trade credit business bank monthly customer customers payment 30-day 60-day".split()),
                frozenset("guest password passwords login log sign signin forced needed sandbox username".split())),
}


def _sense_of(toks: list[str], word: str) -> int | None:
    """Which of a two-sense word's senses ``toks`` use it in (0, 1), or None when the words around it do not say."""
    first, second = _TWO_SENSES[word]
    at = [i for i, t in enumerate(toks) if t.rstrip("s") == word]
    if not at:
        return None
    near = {toks[j] for i in at for j in range(max(0, i - 3), min(len(toks), i + 4)) if j != i}
    if near & first and not near & second:
        return 0
    if near & second and not near & first:
        return 1
    return None


def two_senses(problem: str, fix: str) -> frozenset[str]:
    """The words a problem and a fix share in two different senses (:data:`_TWO_SENSES`)."""
    p, f = _tokens(problem), _tokens(fix)
    out = set()
    for word in _TWO_SENSES:
        a, b = _sense_of(p, word), _sense_of(f, word)
        if a is not None and b is not None and a != b:
            out |= relevance.stems(word)
    return frozenset(out)


_DETERMINERS = frozenset("the a an this that these those my your his her its our their each every".split())


def _nominal(units, i: int) -> bool:
    """Whether the word at ``i`` of a problem can be a noun in its own right: not a word of how or when ("order
    online", "paid monthly") nor one that says how a thing is ("late", "kept")."""
    tok = units[i][0]
    return not (tok.endswith("ly") or tok == "online" or tok in _ADJECTIVES or _participle(tok))


def _the_problems_noun(p_units, p_at, f_units, f_at) -> bool:
    """Whether the problem is about the very thing a stock fix names to say what it works on, though the fix names
    it in front of the means ("Quotes take too long" and "Instant quote calculator", "collection is confusing" and
    "Clear delivery and collection slots", "complaints are not resolved" and "Clear complaint handling"): the
    problem's noun is the same word in the same form (one or many), stands on its own there (no noun after it that
    it says the kind of) and names a thing, not an act ("one plumber quoted then vanished" is no quote calculator)."""
    forms = {(relevance.stem(f_units[i][0]), bool(_VERBISH.search(f_units[i][0]))) for i in f_at if _nominal(f_units, i)}
    return any((relevance.stem(p_units[i][0]), bool(_VERBISH.search(p_units[i][0]))) in forms
               and _nominal(p_units, i) and _modifies(p_units, i, False) is None for i in p_at)


#: Prepositions after which a word names a thing ("out of books", "short of parts", "a box of prints")
_OF_A_THING = frozenset({"of", "with", "without"})


def _thing_and_act(p_units, p_at, f_units, f_at) -> bool:
    """Whether the problem names a thing ("the collection book", "the train") where the fix names an activity of
    the same stem ("online booking", "training"): a thing and a doing are two senses."""
    def nominal(units, i):
        tok = units[i][0]
        before = units[i - 1][0] if i else ""
        # a thing after a preposition too: "we run out of books" is no booking
        return not tok.endswith("ing") and (before in _DETERMINERS or before in _OF_A_THING
                                            or _left(units, i, True) != "")

    def doing(units, i):
        return units[i][0].endswith("ing") and len(units[i][0]) > 5

    if not p_at or not f_at:
        return False
    if {relevance.stem(p_units[i][0]) for i in p_at}.isdisjoint({relevance.stem(f_units[i][0]) for i in f_at}):
        return False  # two words of one meaning ("invoices", "billing"), not two senses of one word
    # (an act in the problem and its noun in the fix are one sense: "importing employee data", "data import")
    return all(nominal(p_units, i) for i in p_at) and all(doing(f_units, i) for i in f_at)


def _a_role(units, at: list[int]) -> bool:
    """Whether the word at these places names a person by their role ("buyers", "drivers", "tutors")."""
    from . import grammar

    return bool(at) and all(grammar.kind(units[i][0]) in ("customer", "staff", "provider", "person", "owner")
                            for i in at)


def _left(units, i: int, noun_only: bool) -> str:
    """The content word right before the word at ``i`` that says which kind of it is ("inspection" in "inspection
    reports"), or "" when there is none; with ``noun_only``, a word that only says how it is ("late") is none."""
    if i == 0:
        return ""
    tok, st = units[i - 1]
    if not _content(tok) or "'" in tok or not st or st <= GENERIC - _VAGUE or tok.isdigit():
        return ""
    if noun_only and (tok in _ADJECTIVES or _ADJ_END.search(tok) or _participle(tok)):
        return ""
    return tok


def _participle(tok: str) -> bool:
    """Whether a word is a verb's irregular past form ("kept waiting", "hidden fees", "broken boiler"): it says how a
    thing is, not which kind of thing it is."""
    from . import grammar

    return not tok.endswith("s") and grammar.lemma(tok) != tok and grammar.lemma(tok).isalpha()


def _other_kinds(p_units, p_at, f_units, f_at, p_all, f_all) -> bool:
    """Whether the problem's noun and the fix's are of two named kinds that neither text shares ("the collection
    book" and "online booking", "a call centre" and "a help centre")."""
    p_mods = [_left(p_units, i, True) for i in p_at]
    f_mods = [_left(f_units, i, False) for i in f_at]
    if not p_mods or not f_mods or not all(p_mods) or not all(f_mods):
        return False
    return not any(relevance.shared(m, set(f_all)) for m in p_mods) and \
        not any(relevance.shared(m, set(p_all)) for m in f_mods)


def _owned_thing(p_units, i: int, f_units, word: str) -> bool:
    """Whether the problem names as a thing someone has ("their phones", "each other's writing", "the keys and
    phones") what the fix does ("call back", "we write")."""
    tok = p_units[i][0]
    before = p_units[i - 1][0] if i else ""
    if not (before in _OWNERS or before.endswith("'s") or before.endswith("s'")
            or (before == "and" and i >= 2 and p_units[i - 2][0].endswith("s") and tok.endswith("s"))):
        return False
    # the fix does it: the shared word there is a verb ("we write") or a compound act ("call-back")
    for j, (ftok, fst) in enumerate(f_units):
        if relevance.shared({word}, set(fst)):
            fbefore = f_units[j - 1][0] if j else ""
            if fbefore in ("we", "they", "you", "i", "to") or "-" in ftok or ftok.endswith("back"):
                return True
            if tok.endswith("ing") and not ftok.endswith("ing"):  # "writing" the thing, "write" the act
                return True
    return False


def _phrase(text: str, phrase: str) -> bool:
    body = r"\s+".join(re.escape(part) for part in tx.fold(phrase).replace("’", "'").split())
    return re.search(r"(?<![a-z0-9])" + body, tx.fold(text).replace("’", "'")) is not None


def answers_about(problem: str, about: list[str]) -> bool:
    """Whether a problem is about a broad stock fix's declared topic: one of its ``about`` phrases begins a word
    of the problem (an empty list: any problem)."""
    return not about or any(_phrase(problem, p) for p in about)


#: "hard to find", "hard-to-get", "difficult to source": how a thing is, said before it ("hard-to-find parts") or of it
_HARD_TO = re.compile(r"\b(?:hard|difficult|impossible|tricky|easy|rare\s+and\s+hard)[\s-]+to[\s-]+"
                      r"(?:find|get|source|come\s+by|obtain|get\s+hold\s+of)\b", re.I)
#: Words after such a phrase that make it no modifier of a noun ("hard to find for newcomers", "down a side street"),
#: and the pronouns that are what is hard to find ("hard to find us on the high street": the business itself)
_NOT_A_NOUN = frozenset("""for to in on at down up because since when if and or but now online anymore any more
nowadays these days here there round around near from with without by than as so too unless
us you them me him her it""".split())
#: Words before it that make it said of the subject ("our shop is hard to find"): a problem, not a description
_LINKING = frozenset("is are was were be been being seem seems seemed feel feels felt look looks looked get gets "
                     "got getting become becomes became remain remains stay stays it's its we're they're "
                     "very so too really quite bit".split())


def describing_words(text: str) -> str:
    """``text`` without the words that describe a thing rather than say what goes wrong with it: "we sell hard-to-find
    parts", "the hard to find books sell out" (the books are rare; the problem is that they sell out), so a
    problem takes its sense only from words that describe the problem: "our shop is hard to find" keeps them."""
    def blank(m: re.Match) -> str:
        before = re.findall(r"[\w']+", text[:m.start()].casefold())
        after = re.match(r"[\s-]+([a-z]+)", text[m.end():].casefold())
        if before and before[-1] in _LINKING or after is None or after.group(1) in _NOT_A_NOUN:
            return m.group(0)
        return " "
    return _HARD_TO.sub(blank, text)
