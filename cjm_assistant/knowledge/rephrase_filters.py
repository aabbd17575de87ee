"""The filters of rephrase.toml's templates: ``{GROUP:FILTER}`` passes a matched part through one of these.

Each takes the match's context, the part's words and the group's name, and returns the words to write, or
None when the part cannot make a sensible fix (the rule is then passed over). Most put a word in the right
form (:mod:`.grammar`); a few write the whole fix, because its shape depends on what was said ("no
photo of the bouquet" is shown, "no updates" are sent, "no measurements in the listing" are added).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from . import grammar as g
from .sentences import STORY


class Context(Protocol):
    """What a filter reads of a match (``rephrase.Context``): its named parts, the rest of the problem, and
    the persona's people."""

    groups: dict[str, str]
    rest: str
    who: str

_WH = ("what", "when", "where", "who", "which", "whose", "whether", "if")
_DURATION = re.compile(r"^(?:\d+(?:\.\d+)?\s*\+?\s*|a\s+|an\s+|several\s+|a\s+few\s+|many\s+)?(?:minutes?|mins?|hours?|"
                       r"hrs?|days?|weeks?|months?|ages)\b", re.I)
_UNTIL = re.compile(r"\s+(?:till|until)\s+.*$", re.I)


def _clean(value: str) -> str:
    return g.clean(value)


def _subject(ctx: Context) -> str:
    return next((ctx.groups[k] for k in ("thing", "x", "who") if ctx.groups.get(k)), "")


def trim(text: str) -> str:
    """What follows a verb, without a second clause joined by "and" ("... fire labels and donors get upset") nor the
    owner's story after it ("pay subs till we chase them in March": pay subs)."""
    m = re.search(r"\s+and\s+(?=(?:\S+\s+){0,3}?(?:" + "|".join(map(re.escape, g.words()["finite"])) + r")\b)",
                  text, re.I)
    return _clean(STORY.sub("", text[: m.start()] if m else text))


def _np(value: str) -> str:
    return _clean(value)


def _bare(ctx: Context, value: str, _: str) -> str:
    toks = [t for t in _clean(value).split(" ") if t]
    while toks and (toks[0].casefold() in g.words()["determiners"] or toks[0].casefold() in ("her", "his")):
        toks = toks[1:]
    # "the minibus back from the bridge": the noun before what places it is the one in the plural
    at = next((i for i, t in enumerate(toks) if i and t.casefold() in _POSTMODIFIERS), len(toks))
    return " ".join([g.plural(" ".join(toks[:at])), *toks[at:]]) if toks else ""


#: Words that start what follows a noun to place it ("the minibus back from the bridge", "the slots on Saturdays").
_POSTMODIFIERS = {"back", "from", "to", "at", "on", "in", "for", "of", "with", "near", "by", "after", "before", "during"}


def _agree(ctx: Context, value: str, group: str) -> str:
    verb = value if group in ctx.groups else group
    return g.agree(_subject(ctx), verb)


_BE_WORDS = {"is", "are", "was", "were", "'s", "'re", "be", "been", "being", "seems", "seem", "looks", "look",
             "feels", "feel", "gets", "get", "got"}
_HOW_MUCH = {"so", "too", "very", "really", "that", "such", "bad", "badly", "much", "quite", "pretty"}


def _tail(ctx: Context, value: str, _: str) -> str | None:
    """The thing named just before "we have to" ("PDF invoices she has to key in" -> "PDF invoices"), or None when
    the words there are no thing's name: one word after "is" says what something is like ("the van is tiny we have
    to park it"), and "so", "too", "bad" say how much ("matted so bad we have to shave them")."""
    toks = _clean(value).split(" ")
    finite = [i for i, t in enumerate(toks) if t.casefold() in g.words()["finite"]]
    rest = toks[finite[-1] + 1:] if finite else toks
    np = " ".join(rest).strip()
    if np and (rest[-1].casefold() in _HOW_MUCH or rest[0].casefold() in _HOW_MUCH
               or (finite and len(rest) == 1 and toks[finite[-1]].casefold() in _BE_WORDS)):
        return None
    return f" {np}" if np else ""


def _about(ctx: Context, value: str, _: str) -> str:
    o = re.split(r"\s+and\s+", trim(value), maxsplit=1)[0]
    if _UNTIL.search(o):  # "forget to book until the week of the exam": they do it late, so the answer is early
        o = _UNTIL.sub("", o) + " early"
    first = o.split(" ", 1)[0].casefold()
    if _CLAUSE_OBJECT.match(o):  # "forget I'm coming": a clause, said by the owner -> "that we're coming"
        return f"that {_as_the_business(o)}"
    return o if first in ("to", "about", "that", "how", "why") + _WH else f"about {o}"


#: An object that is a clause of its own, with its subject: "I'm coming", "we're closed", "the van is coming"
_CLAUSE_OBJECT = re.compile(r"^(?:i'm|i\s+am|i'll|i\s+will|i've|i'd|i|we're|we\s+are|we'll|we|we've|he's|she's|they're|"
                            r"they|they've|they'd|he|she|it's|you're|there's)\s+\w", re.I)  # "forget they booked"
_OWNER_WORDS = {"i'm": "we're", "i": "we", "i'll": "we'll", "i've": "we've", "i'd": "we'd", "me": "us", "my": "our",
                "mine": "ours", "am": "are", "myself": "ourselves"}


def _as_the_business(clause: str) -> str:
    """A clause in the owner's voice said as the business's ("I'm coming" -> "we're coming", "I am on my way" -> "we
    are on our way"): a name on the map speaks for the business, never as one person."""
    words = clause.replace("’", "'").split(" ")
    if not words or words[0].casefold() not in ("i", "i'm", "i'll", "i've", "i'd"):
        return clause  # "we're coming", "the van is coming": the business's voice already
    return " ".join(_OWNER_WORDS.get(w.casefold(), w) for w in words)


_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "my", "your", "our", "their", "his", "her", "its",
                "any", "no", "each", "every"}


def _is_clause(text: str) -> bool:
    """Whether ``text`` has a verb of its own ("the £5 comes off the book"), not only a noun that could be one
    ("the cost", "the end"): a word right after a determiner is read as a noun."""
    toks = [t.casefold() for t in g.split(text)]
    return any(t in g.words()["finite"] and toks[i - 1] not in _DETERMINERS
               for i, t in enumerate(toks) if i > 0) or any(t.endswith("'s") and i > 0 and i < len(toks) - 1
                                                                     and _after_is(toks[i + 1])
                                                                     for i, t in enumerate(toks))


#: What follows "'s" when it says "is" ("the van's coming", "the shop's closed", "the engineer's a stranger"), not a
#: possessive ("the engineer's explanation of the fault", "the client's files").
_IS_FOLLOWERS = {"not", "no", "too", "very", "so", "always", "never", "still", "here", "there", "late", "ready", "closed",
                 "open", "full", "done", "gone", "broken", "down", "off", "on", "out", "over", "busy", "away", "back",
                 "a", "an", "the", "in", "at", "been", "got", "just", "really", "quite", "only", "already"}


def _after_is(word: str) -> bool:
    """Whether ``word``, after "'s", makes it "is" or "has"."""
    return word in _IS_FOLLOWERS or word in g.words()["finite"] or word.endswith(("ing", "ed"))


def _tell(ctx: Context, value: str, _: str) -> str | None:
    """"didn't know who to ring" -> "Tell customers who to ring"; "never understood the £5 thing" -> "Explain the
    £5 thing clearly to customers"; "people don't realise the £5 comes off the book" -> "Make it clear to people
    that the £5 comes off the book"."""
    who = ctx.people(ctx.groups.get("who", ""))
    until = re.search(r"\s+(?:till|until)\s+(.+)$", _clean(value), re.I)
    o = _UNTIL.sub("", _clean(value))
    low = o.casefold()
    verb = next((k for k in ("understand", "understood") if k in _whole(ctx)), "")
    if low in ("it", "them", "this", "that", "him", "her", "us"):
        return None
    if low in ("", "why", "how", "what"):
        return f"Explain to {who} why it happens" if low in ("", "why") else f"Explain to {who} {low} it works"
    if low.startswith("how to "):  # "how to register the death and get sent round in circles": what follows is what
        # goes wrong, not part of the how
        o = re.split(r"\s+and\s+(?:then\s+)?(?:get|gets|got|end\s+up|ends\s+up|are|is|keep|keeps|give\s+up|gives\s+up)\b",
                     o, maxsplit=1, flags=re.I)[0]
        return f"Show {who} {o}, step by step"
    if low.startswith("how "):  # "how long the job takes"
        return f"Tell {who} {o}"
    if low.startswith(("if ", "whether ")):
        return f"Help {who} find out {o}"
    if low.startswith("why "):
        return f"Explain to {who} {o}"
    if low.split(" ", 1)[0] in _WH:
        return f"Tell {who} {o}"
    if low.startswith("about "):
        return f"Tell {who} about {o[6:]}"
    if _is_clause(o):
        clause = g.present(re.sub(r"^that\s+", "", o, flags=re.I))
        return f"Make it clear to {who} that {clause}"
    if verb:
        return f"Explain {g.the(o)} clearly to {who}"
    if until and not re.search(r"\b(?:year|month|week|day|time)s?\b", until.group(1), re.I):
        return f"Tell {who} {g.the(o)} before {until.group(1)}"  # "the final price until pick up"
    return f"Tell {who} about {g.the(o)}"


def _whole(ctx: Context) -> str:
    return " ".join(ctx.groups.values()).casefold() + " " + ctx.rest.casefold()


def _let(ctx: Context, value: str, _: str) -> str | None:
    """"you can't book online after work" -> "Let customers book online after work"."""
    said = ctx.groups.get("who", "")
    verb = g.base(value).split(" ", 1)[0].casefold()
    o = trim(ctx.groups.get("o", ""))
    kind = g.kind(said) if said else "empty"
    if verb in g.words()["telling"] and re.match(r"(?:out\s+)?(?:what|when|where|who|which|how|if|whether)\b", o, re.I):
        shown = g.present(re.sub(r"^out\s+", "", o))
        return f"Show {ctx.people(said)} {shown}"
    if verb == "be":
        return f"Let {_clean(said)} be {o}" if said else None
    if kind == "thing":
        return f"Make sure {g.the(_clean(said))} can {verb} {o}"
    who = ctx.people(said)
    lead = "Let" if verb in g.words()["let_verbs"] else "Help"
    return f"{lead} {who} {verb} {o}"


def _nudge(ctx: Context, value: str, _: str) -> str | None:
    """"new clients don't bring vaccination records" -> "Remind new clients to bring vaccination records"."""
    verb = g.base(value).split(" ", 1)[0].casefold()
    if verb in g.words()["empty_verbs"] or verb in g.words()["knowing"]:
        return None
    said = ctx.groups.get("who", "")
    who = ctx.people(said)
    o = trim(ctx.groups.get("o", ""))
    phrase = f"{g.base(_clean(value))} {o}".strip()
    if verb in g.words()["habit_verbs"]:
        return f"Follow up so more {who} {phrase}"
    if g.kind(_subject_of(said)) == "staff":
        return f"Make sure {who} {phrase}"
    return f"Remind {who} to {phrase}"


def _subject_of(said: str) -> str:
    return g.subject(said)


def _ontime(ctx: Context, value: str, _: str) -> str | None:
    x = _clean(value)
    if x.casefold() in ("it", "they", "them", "this", "that"):
        return None
    if g.head(x) in g.words()["sendable"]:
        return f"Send {x} straight away"
    return f"Make sure {g.the(x)} {g.agree(x, 'arrive')} on time"


def _speed(ctx: Context, value: str, _: str) -> str | None:
    x = _clean(ctx.groups.get("x", ""))
    o = trim(ctx.groups.get("o", ""))
    if re.match(r"^(?:er|est)\b", o, re.I):  # "takes longer than it says": a time stated wrong, not a slow step
        return None
    if value:
        who = f"for {g.the(x)} " if x and x.casefold() not in ("it", "that", "this", "they") else ""
        return f"Cut the time it takes {who}to {g.base(_clean(value))} {o}"
    if not x or x.casefold() in ("it", "that", "this", "they", "everything"):
        return None
    return f"Speed up {g.the(x)} {o}"


def _hold(ctx: Context, value: str, _: str) -> str:
    if value:
        return f"Let customers {g.base(_clean(value))} {trim(ctx.groups.get('o', ''))} without waiting on hold"
    return "Offer a call-back instead of waiting on hold"


def _the(x: str) -> str:
    """``x`` with "the", but a pronoun as it is ("it", not "the it"), and "its" or "it's" as "it" ("its not ready")."""
    low = x.casefold().replace("’", "'")
    if low in ("its", "it's", "it"):
        return "it"
    if low in ("they", "theyre", "they're", "this", "that", "these", "those", "he", "she"):
        return {"theyre": "they", "they're": "they"}.get(low, x)
    if _GERUND_WITH_OBJECT.match(x):
        return x  # "skipping a week" is a doing, with no article: "Show skipping a week up front"
    return g.the(x)


#: A doing with its own object ("skipping a week", "changing the date"): no article goes before it.
_GERUND_WITH_OBJECT = re.compile(r"^[a-z]+ing\s+(?:a|an|the|their|his|her|my|our|your|its)\b", re.I)


#: Who waits, said before "wait" used as a verb ("our engineers wait for parts", "customers queue at the door")
_WAITER = re.compile(r"^(?P<who>.+?)\s+(?:often\s+|always\s+|still\s+|have\s+to\s+|has\s+to\s+)?"
                     r"(?:wait|waits|waited|queue|queues|queued)\s+(?P<what>(?:for|at|on|in|outside)\s+.+)$", re.I)


#: How long a wait lasts, said after what is waited for ("... for the client's approval for days").
_FOR_HOW_LONG = re.compile(r"\s+(?:for|over)\s+(?:\d+\s*|a\s+few\s+|several\s+|many\s+|two\s+|three\s+)?"
                           r"(?:days?|weeks?|months?|hours?|ages|so\s+long|too\s+long)\s*$", re.I)


def _shorten(ctx: Context, value: str, _: str) -> str:
    x = re.sub(r"^(?:the\s+)?queueing\b", "the queue", _clean(value), flags=re.I)  # "queueing at the till": the queue
    x = re.split(r"\s+with\s+", x, maxsplit=1)[0]  # "... with two tired kids": who is in it, not what to shorten
    # what is waited for, without why or until when ("my DBS to clear before I could teach" -> "the DBS")
    x = re.split(r"\s+(?:to\s+(?!the\b|a\b|an\b)\w+|before|until|so|because|while|when)\b", x, maxsplit=1)[0]
    x = re.sub(r"^(?:my|our)\s+", "the ", x, flags=re.I)
    waiter = _WAITER.match(x)
    if waiter and (g.kind(g.subject(waiter.group("who"))) not in ("thing", "empty")
                   or waiter.group("who").casefold() in g.words()["pronouns"]
                   or g.is_plural(g.noun(waiter.group("who")))):
        # a clause, not a thing's name ("Shorten our engineers wait for parts", "quotes wait for the client's
        # approval"): the wait is what they wait for, not how long it lasts
        what = _FOR_HOW_LONG.sub("", waiter.group("what"))
        noun = "wait" if what.casefold().startswith("for ") else "queue"
        return f"Shorten the {noun} {what}"
    if not x:
        return "Shorten the wait, and say how long it will be"
    if re.search(r"\b(?:wait|waits|waiting|queue|queues|waitlist|list)\b", x, re.I):
        return f"Shorten {g.the(x)}"
    return f"Shorten the wait for {g.the(x)}"


def _stock(ctx: Context, value: str, _: str) -> str:
    x = _clean(value)
    o = trim(ctx.groups.get("o", ""))
    if ctx.groups.get("pre") is not None and "pre" in ctx.groups:
        amount = f"enough of {x}" if g.has_determiner(x) else f"enough {x}"
        return f"Keep {amount} in stock {o}"
    return f"Make sure {g.the(x)} {g.agree(x, 'do')} not run out {o}"


def _fewer(ctx: Context, value: str, _: str) -> str:
    x = trim(value)
    if re.search(r"\b(?:wants?|needs?|asks?\s+for|requires?|asked\s+for)\b", ctx.groups.get("pre", ""), re.I):
        return f"Ask for fewer {x}"
    if ctx.groups.get("q", "").casefold() == "many" and g.is_plural(g.noun(x)):
        return f"Cut the number of {x}"
    return f"Cut down {g.the(x)}"


def _lost(ctx: Context, value: str, _: str) -> str | None:
    x = _clean(value)
    v = ctx.groups.get("v", "").casefold()
    if x.casefold() in ("it", "they", "this", "that"):
        return None
    subject = g.subject_of(x)  # "the deposit is paid by bank transfer and (gets lost)": the deposit is what gets lost
    if subject and subject.casefold() != x.casefold() and g.kind(subject) == "thing":
        x = g.plural(g.noun(subject))
    if "double" in v:
        x = re.split(r"\s+(?:when|while|because|so|and)\s+", x)[0]
        return f"Stop {g.the(x)} getting double booked {trim(ctx.groups.get('o', ''))}"
    if v in ("damaged", "broken", "stolen", "ripped open"):
        many = g.is_plural(g.noun(x))
        return f"Protect {g.the(x)} so {'they do' if many else 'it does'}n't get {v}"
    return f"Keep track of {g.the(x)} so none get {v}"


#: A second wrong thing joined to the first: "the wrong home or the wrong resident", "a wrong size and a wrong colour"
_OR_WRONG = re.compile(r"\s+(?:or|and)\s+(?P<prep>(?:to|for|in|on|at|with)\s+)?(?:the|a|an)\s+wrong\b", re.I)


def _right(ctx: Context, value: str, _: str) -> str:
    """What follows "the wrong" with each wrong thing joined to it made right as well: "home or the wrong resident"
    -> "home and the right resident" (being right, it must be both); a later "wrong" not joined so stays."""
    return _OR_WRONG.sub(lambda m: f" and {m.group('prep') or ''}the right", _clean(value))


def _until(ctx: Context, value: str, _: str) -> str:
    x = _clean(ctx.groups.get("x", ""))
    v = _clean(value)
    if ctx.groups.get("p", "").casefold() == "by":
        parts = g.base(v).split(" ", 1)
        return f"Remind customers to {parts[0]} {parts[1] if len(parts) > 1 else ''} {x} by {ctx.groups.get('z', '')}"
    return f"Get {g.the(x)} {v} earlier"


def _add(ctx: Context, value: str, _: str) -> str | None:
    """"no measurements in the listing" -> "Add measurements to every listing"; "no updates" -> "Send regular
    updates"; "no photo of the bouquet" -> "Show a photo of the bouquet"; "no refund" -> "Offer a refund"."""
    w = g.words()
    x = _clean(value)
    prep = ctx.groups.get("prep", "").casefold()
    y = trim(ctx.groups.get("y", ""))
    head = g.head(x)
    if not x or head in ("one", "idea", "way") and not prep:
        return None
    if head in w["not_provided"]:
        return None  # "no signal", "no data": what a place or a phone lacks, nothing the business adds
    if re.search(r"\b(?:she|he|i|they|we|you)(?:'d|’d|\s+had|\s+has|\s+have)\s*$", ctx.groups.get("pre", ""), re.I):
        return None  # "she'd no cash": the customer had none, nothing the business lacks
    if head in w["sendable"] or (head in w["shown"] and prep == "for" and _DURATION.match(y)):
        if y and not prep:
            return f"Send {g.a(x)} when {g.present(y)}"
        if not y and head in ("warning", "warnings", "notice"):
            return None  # "no warning": short notice of a change, not warnings to send regularly
        if prep == "for" and _DURATION.match(y) or not y:
            return f"Send regular {g.plural(x)}" if x.casefold() not in w["mass"] else f"Send {x}"
        return f"Send {g.a(x)} {prep} {y}"
    if head in w["shown"]:
        return f"Show {g.a(x)} {prep} {y}".strip()
    if head in w["offered"]:
        return f"Offer {g.a(x)} {prep or ctx.groups.get('conj', '')} {y}".strip()
    if prep in ("in", "on") and y:
        target = re.sub(r"^(?:the|a|an|our|their|your|every|each)\s+", "", y, flags=re.I)
        if g.head(g.noun(target)) in w["single"]:
            return f"Add {g.a(x)} to {g.the(target)}"
        return f"Add {g.a(x)} to every {g.singular(target)}"
    if y and ctx.groups.get("conj", "").casefold() in ("while", "when"):
        return f"Offer {g.a(x)} {ctx.groups['conj']} {y}"  # "no loan bike while it's in"
    if y and not prep:
        return None  # "no X <clause>" where X is nothing sent: too loose to phrase
    return f"Add {g.a(x)} {prep} {y}".strip()


def _missing(ctx: Context, value: str, _: str) -> str:
    """"purchase order numbers missing on invoices" -> "Add purchase order numbers to every invoice"; "sample
    bottles go missing in the courier" -> "Track each sample bottle through the courier"."""
    x = _clean(value)
    target = re.sub(r"^(?:the|a|an|our|their|your|every|each)\s+", "", trim(ctx.groups.get("y", "")), flags=re.I)
    lost = re.search(r"(?:\s+(?:often|sometimes|always|still|keep|keeps|can|could|may|might|will))*"
                     r"\s+(?:go|goes|went|gone|get|gets|got|going)$", x, re.I)
    if lost:  # "sample bottles go missing in the courier": lost on the way, not left off a document
        return f"Track each {g.singular(x[:lost.start()])} through {g.the(target)}"
    return f"Add {g.a(x)} to every {g.singular(target)}"


def _it(ctx: Context, value: str, _: str) -> str | None:
    """What "it" stands for: the subject of the clause before ("the same-day cutoff")."""
    x = _clean(value)
    if x.casefold() not in ("it", "this", "that"):
        return g.the(x)
    if ctx.groups.get("that"):
        return "it"  # "... doesn't make it clear that prices include VAT"
    subject = g.subject_of(ctx.rest)
    return g.the(g.lower_first(_clean(subject))) if subject else None


def _def(ctx: Context, value: str, _: str) -> str:
    return re.sub(r"^(?:a|an)\s+", "the ", g.the(_clean(value)), flags=re.I)


def _claim(ctx: Context, value: str, _: str) -> str | None:
    """What someone wrongly thinks, as a clause in the present ("their insurance covers it"), or None."""
    x = re.sub(r"^were\s+", "we are ", _clean(value), flags=re.I)  # "people think were one of them"
    if re.match(r"(?:its|it's|it\s+is|it\s+was|this|that|there)\b", x, re.I) or re.match(r"we\s+are\s+\w+ing\b", x, re.I):
        return None  # "whether it is one tile", "whether its finishes": "it" names nothing ("it would go today" may)
    if not _is_clause(x) and not re.search(r"\b\w+ed$", x):
        return None
    first, sep, _then = x.partition(" and ")
    if sep and _is_clause(first):
        x = first  # "the quote is a fixed price and argue when ...": what they think, not what they do about it
    x = g.present(x)
    last = x.rpartition(" ")[2]
    if len(x.split()) > 2 and last.endswith("s") and g.lemma(last) != last.casefold():
        x += " it"  # "his insurance covered" -> "their insurance covers it"
    return x


def _early(ctx: Context, value: str, _: str) -> str:
    who = ctx.people(ctx.groups.get("who", ""))
    where = ctx.groups.get("w", "")
    if where:
        return f"Tell {who} in advance, not {_clean(where)}"
    return f"Tell {who} about {g.the(_clean(value))} in good time"


def _each(ctx: Context, value: str, _: str) -> str | None:
    """One of a kind, for "each": "the invoices" -> "invoice", "staff slots" -> "staff slot"; None for a pronoun."""
    toks = [t for t in _clean(value).split(" ") if t]
    while toks and (toks[0].casefold() in g.words()["determiners"] or toks[0].casefold() in ("her", "his")):
        toks = toks[1:]
    while toks and toks[0].casefold() in _ORDINALS:  # "the second drop": each drop
        toks = toks[1:]
    cut = next((i for i, t in enumerate(toks) if i and t.casefold() in _AFTER_NOUN), len(toks))
    toks = toks[:cut]  # "invoices to the police unit": each invoice
    if not toks or toks[-1].casefold() in g.words()["pronouns"] or toks[-1].casefold() in ("it", "them", "this", "that"):
        return None
    return g.singular(" ".join(toks))


_ORDINALS = ("first", "second", "third", "last", "next", "other", "same", "odd")
_AFTER_NOUN = ("to", "for", "from", "of", "on", "in", "at", "with", "by", "about", "when", "while")


def _own(ctx: Context, value: str, _: str) -> str | None:
    """A noun phrase as said, without its determiner: "the set honey" -> "set honey", "the croissants" -> "croissants"."""
    toks = [t for t in _clean(value).split(" ") if t]
    while toks and (toks[0].casefold() in g.words()["determiners"] or toks[0].casefold() in ("her", "his")):
        toks = toks[1:]
    return " ".join(toks) or None


def _now(ctx: Context, value: str, _: str) -> str | None:
    """A clause in the present, lower case after "when": "walkers changed" -> "walkers change"."""
    x = _clean(value)
    return g.lower_first(g.present(x)) if x else None


FILTERS: dict[str, Callable[..., str | None]] = {
    "now": _now,
    "each": _each,
    "own": _own,
    "claim": _claim,
    "early": _early,
    "missing": _missing,
    "it": _it,
    "def": _def,
    "people": lambda ctx, v, _: ctx.people(v),
    "the": lambda ctx, v, _: _the(_clean(v)),
    "a": lambda ctx, v, _: g.a(_clean(v)),
    "bare": _bare,
    "plural": lambda ctx, v, _: g.plural(_clean(v)),
    "singular": lambda ctx, v, _: g.singular(_clean(v)),
    "base": lambda ctx, v, _: g.base(_clean(v)),
    "s": lambda ctx, v, _: g.base(_clean(v)) if ctx.groups.get("aux") else g.third(_clean(v)),
    "can": lambda ctx, v, _: "can " if v else "",
    "agree": _agree,
    "present": lambda ctx, v, _: g.present(_clean(v)),
    "tail": _tail,
    "about": _about,
    "tell": _tell,
    "let": _let,
    "nudge": _nudge,
    "ontime": _ontime,
    "speed": _speed,
    "hold": _hold,
    "shorten": _shorten,
    "stock": _stock,
    "fewer": _fewer,
    "lost": _lost,
    "until": _until,
    "right": _right,
    "add": _add,
}
