"""Plain-language instructions to typed edits, by honest rules.

The playbook engine and the TUI's slash commands both use this parser. It
understands the common forms below; anything else gets a reply listing them.
Names may be quoted ('...', "...", “...”) or bare; items are found by id or
name (case-insensitive), and misspellings get a "did you mean".

Stages are found the way people name them (:func:`cjm_assistant.domain.names.closest`):
"Order & pay" is "Order and payment". A name that only partly matches
("delivery" for "Delivery or collection") or is a near-spelling is a guess: it
is used, and said (``ParsedEdits.understood``), so that a front end can show it
before saving. In "add a pain point about wilted flowers to Delivery or
collection" the item's name is what comes before the first "to", "in", "at" or
"on" followed by a stage's whole name (else the last one followed by something
like a stage's name), without a leading "about". A quoted name ends at its
closing quote: in "add a pain point 'No changing rooms' to Come to the first
class" the stage is everything after the "to" that follows it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

from pydantic import ValidationError

from cjm_assistant.domain import edits
from cjm_assistant.domain.edits import EditError, EditOp
from cjm_assistant.domain.model import LANES, JourneyMap, explain
from cjm_assistant.domain.names import closest, normal
from cjm_assistant.domain.text import folded
from cjm_assistant.engines.base import EditProposal
from cjm_assistant.engines.stage_focus import FEELINGS, FOCUS, focus_after, with_stage
from cjm_assistant.knowledge.step_goals import with_rename_goals


@dataclass
class ParsedEdits(EditProposal):
    """Edits read from an instruction, and the loose readings of stage names to show before saving."""

    understood: list[str] = field(default_factory=list)


_UNDERSTOOD: ContextVar[list[str] | None] = ContextVar("understood", default=None)
_TARGET = re.compile(r"\s+(?:to|in|into|at|on|for)\s+(?:the\s+)?(?:stage\s+)?", re.IGNORECASE)
_ABOUT = re.compile(r"^(?:about|saying|that says|that|called|named|on|re|:)\s+", re.IGNORECASE)


def _stage_ref(journey: JourneyMap, typed: str) -> str | None:
    """The name of the stage ``typed`` means, or None. A loose match is noted (see the module docstring)."""
    typed = typed.strip().strip("'\"“”‘’").strip()
    names = [st.name for st in journey.stages]
    if any(st.id == typed for st in journey.stages):
        return typed
    placed = None if _is_stage(journey, typed) else _stage_at(journey, typed)
    if placed is not None:  # "the second stage", "stage 2"
        return placed
    found = closest(typed, names)
    if found is None:
        return None
    if not _sure(typed, found):
        sink = _UNDERSTOOD.get()
        if sink is not None:
            sink.append(f"Understood “{typed}” as the stage “{found}”.")
    return found


class Ambiguous(EditError):
    """Words that name two or more items of a lane: the message lists every one of them, for the user to pick."""

    def __init__(self, lane: str, typed: str, journey: JourneyMap, items: list) -> None:
        where = {item.id: stage for _, item, stage in journey.items()}
        self.ids = [item.id for item in items]
        listed = "\n".join(f"- {item.id} “{getattr(item, 'name', '')}”"
                           + (f" ({where[item.id].name})" if where.get(item.id) is not None else "") for item in items)
        super().__init__(f"“{typed}” names {len(items)} {LANES[lane].plural}:\n{listed}\n"
                         f"Which one? Say it again with its whole name or its id (e.g. {items[0].id}).")


def _item_ref(journey: JourneyMap, lane: str, typed: str) -> str:
    """The id of the one item of ``lane`` whose name holds every word of ``typed`` ("the pain point about
    no-shows" is "No-shows and late cancellations"), noted like a loose stage name; else ``typed`` as it is, for
    the exact look-up and its "did you mean" to deal with."""
    typed = _ABOUT.sub("", typed.strip().strip("'\"“”‘’").strip())
    counted = _nth_item(journey, lane, typed)
    if counted is not None:  # "the second pain point on Delivery"
        return counted
    typed = re.sub(r"^(?:the|a|an|our|my)\s+|\s+(?:pain\s*point|problem|one|thing|issue)$", "", typed, flags=re.I).strip()
    items = [(item, name) for item, name, _ in edits.lane_items(journey, lane)]
    if not typed or any(item.id == typed or name.casefold() == typed.casefold() for item, name in items):
        return typed
    # "the barn being hard to find" for "The barn is hard to find ...": a form of "be" is no word of the name's own
    words = [w for w in normal(typed).split() if (len(w) > 2 or w.isdigit()) and w not in _BE]
    hits = [(item, name) for item, name in items
            if words and all(any(n.startswith(w[:max(4, len(w) - 2)]) for n in normal(name).split()) for w in words)]
    hits = hits or _by_stems(items, words)
    if len(hits) > 1:
        raise Ambiguous(lane, typed, journey, [item for item, _ in hits])
    if len(hits) != 1:
        return typed
    item, name = hits[0]
    sink = _UNDERSTOOD.get()
    if sink is not None:
        sink.append(f"Understood “{typed}” as the {LANES[lane].noun} “{name}”.")
    return item.id


#: "first", "2nd", "last": an item counted on its stage
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
             "5th": 5, "sixth": 6, "6th": 6, "last": -1}
_NTH = re.compile(rf"(?:the\s+)?(?P<nth>{'|'.join(_ORDINALS)})\s+(?P<word>[a-z][a-z ]*?)s?\s+(?:on|in|at|of|under|for)\s+"
                  r"(?:the\s+)?(?:stage\s+)?(?P<stage>.+)", re.IGNORECASE)


_COUNTED = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8, "ninth": 9, "9th": 9, "tenth": 10, "10th": 10}
_PLACE_WORDS = "|".join(sorted(map(re.escape, {**_ORDINALS, **_COUNTED}), key=len, reverse=True))
#: A stage named by its place: "the second stage", "the last step", "stage 2", "step three", "stage no. 2"
_STAGE_AT = re.compile(rf"(?:the\s+)?(?:(?P<nth>{_PLACE_WORDS})\s+(?:stage|step)|"
                       rf"(?:stage|step)\s+(?:number\s+|no\.?\s+|#)?(?P<num>\d+|{_PLACE_WORDS}))", re.IGNORECASE)


def _place(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else {**_ORDINALS, **_COUNTED}[word]


def _stage_at(journey: JourneyMap, typed: str, prefix: bool = False) -> str | None:
    """The name of the stage ``typed`` names by its place ("the second stage", "stage 2", "the last step"); None
    when it names none so (``prefix``: at the start of ``typed`` only, the rest its own). EditError when the map
    has fewer stages than the place says."""
    m = (_STAGE_AT.match if prefix else _STAGE_AT.fullmatch)(typed.strip())
    if m is None or prefix and m.end() < len(typed.strip()) and not typed.strip()[m.end()].isspace():
        return None
    nth = _place(m.group("nth") or m.group("num"))
    if nth > len(journey.stages) or nth == 0:
        raise EditError(f"the map has {len(journey.stages)} stages, so there is no stage {nth}")
    return journey.stages[nth - 1 if nth > 0 else -1].name


def _nth_item(journey: JourneyMap, lane: str, typed: str) -> str | None:
    """The id of the item "the second pain point on Delivery" counts (its kind said, or "one"), on the stage it
    names; None when ``typed`` counts nothing so. EditError when the stage has fewer such items."""
    m = _NTH.fullmatch(typed.strip())
    word = m.group("word").lower() if m else ""
    if m is None or (word != "one" and _LANES.get(word) != lane):
        return None
    stage_name = _stage_ref(journey, _stage_words(m.group("stage")))
    stage = next((st for st in journey.stages if stage_name in (st.id, st.name)), None)
    if stage is None:
        return None
    items, nth = getattr(stage, lane), _ORDINALS[m.group("nth").lower()]
    if not items or nth > len(items):
        what = LANES[lane].noun
        have = f"only {len(items)} {what if len(items) == 1 else LANES[lane].plural}" if items else f"no {LANES[lane].plural}"
        raise EditError(f"{stage.name} has {have}, so there is no {m.group('nth').lower()} {what} there")
    return items[nth - 1 if nth > 0 else -1].id  # counted, not guessed: the change shows which one it is


def _by_stems(items: list, words: list[str]) -> list:
    """The items whose name holds a word each typed word starts with ("parking" for "nowhere to park", "cards"
    for "card reader"), a name word of four letters or more: tried when no name holds every word as typed."""
    return [(item, name) for item, name in items
            if words and all(any(len(n) >= 4 and w.startswith(n) for n in normal(name).split()) for w in words)]


_BE = {"being", "been", "is", "are", "was", "were", "isn't", "aren't", "wasn't", "weren't"}


def loose_ref(journey: JourneyMap, lane: str, typed: str) -> str:
    """A stage (``lane`` "stages") or a lane item named as an owner types it ("stove smokes" for "The stove smokes
    if the wood is damp", "delivery" for "Delivery or collection"): its id when one fits, else ``typed`` for the
    exact look-up to refuse with its "did you mean". What the chat's instructions understand, for other commands."""
    if lane == "stages":
        return _stage_ref(journey, typed) or typed
    return _item_ref(journey, lane, typed)


def _pain_point(journey: JourneyMap, ref: str):
    """(the pain point ``ref`` names by id or exact name, its stage or None when not yet placed), or None."""
    return next(((pp, stage) for pp, name, stage in edits.lane_items(journey, "pain_points")
                 if pp.id == ref or name.casefold() == ref.casefold()), None)


def _sure(typed: str, name: str) -> bool:
    """The same name, give or take case, "&" for "and", and shortened words ("Order & pay")."""
    a, b = normal(typed).split(), normal(name).split()
    return len(a) == len(b) and all(x == y or (len(x) >= 3 and y.startswith(x)) for x, y in zip(a, b))


_PREP = re.compile(r"\s*(?:to|in|into|at|on|for)\s+", re.IGNORECASE)


def _split_target(journey: JourneyMap, rest: str) -> tuple[str, str] | None:
    """(item name, stage) from "NAME to STAGE". A quoted name ends at its closing quote, and the stage is what
    follows the "to/in/at/on/for" after it, matched loosely to a stage name (which may say "to" itself: "Come
    to the first class"). A bare name ends at the first "to/in/at/on/for" followed by a stage's whole name, else
    at the last one followed by something like a stage's name ("an "at" inside the name is no stage's: "bikes left
    at the van overnight to Drop the bike at the van"), else at the last "to"."""
    quote = _QUOTED.match(rest)
    if quote:
        after = _PREP.match(rest, quote.end())
        if after:
            stage = _stage_words(rest[after.end():])
            plain = re.sub(r"^(?:the\s+)?(?:stage\s+)?", "", stage, flags=re.IGNORECASE)
            typed = next((t for t in (stage, plain) if _stage_ref(journey, t) is not None), plain)
            return quote.group(), typed
        if quote.end() == len(rest.rstrip()):
            return None  # the whole of it is the quoted name: no stage was said ("to" inside the quotes is the name's)
    # every "to/in/at/on/for", also one right after another ("rained on to Drop the bike at the van")
    cuts = [cut for at in range(1, len(rest)) if not rest[at - 1].isspace() and (cut := _TARGET.match(rest, at))]
    names = {normal(st.name) for st in journey.stages}
    for cut in cuts:  # the first "to" followed by a stage's whole name ("to Come to the first class")
        said = _PREP.match(rest, cut.start())
        for typed in (_stage_words(rest[said.end():]) if said else "", _stage_words(rest[cut.end():])):
            if typed and normal(typed) in names:
                return rest[: cut.start()].strip(), typed
    for cut in reversed(cuts):
        stage = _stage_words(rest[cut.end():])
        if stage and _stage_ref(journey, stage) is not None:
            return rest[: cut.start()].strip(), stage
    if not cuts:
        return None
    # no stage named: the words after the last "to" (the README's form) are the stage the refusal names
    cut = next((c for c in reversed(cuts) if c.group().split()[0].casefold() == "to"), cuts[0])
    return rest[: cut.start()].strip(), rest[cut.end():].strip()


def _stage_words(text: str) -> str:
    """A typed stage reference without its quotes and a trailing "stage"."""
    return text.strip().removesuffix(" stage").strip().strip("'\"“”‘’").strip()


def _item_name(text: str) -> str:
    """"about wilted flowers" -> "Wilted flowers"; quoted names stay as they are."""
    text = text.strip()
    if _QUOTED.fullmatch(text):
        return text[1:-1].strip()
    text = _ABOUT.sub("", text).strip(" .,;:")
    return text[:1].upper() + text[1:]

_HELP = """I understand instructions like these:
- add a stage {new_stage} after {last}   (or: before ..., or no position for the end)
- rename {first} to {new_name}   ·   {first} should be called {new_name}   ·   rename the map to 'First visit'
- move {last} before {second}   (or: after ..., or: to position 2)
- merge {second} into {third}   (all on {second} moves to {third}, which keeps its name)
- remove stage {last}   ·   remove the {channel} touchpoint   ·   delete pain point {pain}
- add touchpoint 'Order form' to {second} on {channel}   (optional: team Sales)
- add pain point 'fee shown late' to {second}, severity high   (optional: on {touchpoint})
- add a pain point about slow replies to {third}   ·   move pain point {pain} to {third}   ·   {pain} happens at {third}
- add opportunity {fix} to {pain_stage} for {pain}   (optional: impact high, effort low)
- add kpi 'Repeat customers' to {last}, target 30%
- add action 'compares two options' to {second}   ·   add thought 'Will it be worth it?' to {third}
- set emotion of {second} to {emotion}   (−2 very negative … +2 very positive)
- set severity of {pain} to {severity}   ·   make {pain} {severity} severity   ·   set goal of {first} to 'find the right fit'"""
# The names the examples use when there is no map, or the map lacks the part (a map with one stage, no pain point)
_HELP_NAMES = {"first": "Discover", "second": "Checkout", "third": "Delivery", "last": "Returns", "channel": "TikTok",
               "pain": "'slow replies'", "touchpoint": "'Cart page'", "new_stage": "Onboarding",
               "fix": "'Reply within a day'", "pain_stage": "Checkout",
               "new_name": "Research", "emotion": "-2", "severity": "high"}
# New names for the examples that add or rename a stage: the first the map does not have already
_NEW_STAGES = ("Onboarding", "Follow-up", "Aftercare", "Next steps")
_NEW_NAMES = ("Research", "Look around", "First look", "Get to know us")
_PLAIN_NAME = re.compile(r"[^\W_][\w&-]*(?: [\w&-]+)*")
_NAME_STOPS = re.compile(r"\b(?:to|as|into|before|after|on|for|in|at|of|from|with|or|should|be|called|severity|"
                         r"target|team|impact|effort|channel|via|and|then|position)\b", re.I)


def _said(name: str) -> str:
    """A name as an example writes it: bare when the parser reads it so, else in quotes that it does not hold."""
    if _PLAIN_NAME.fullmatch(name) and not _NAME_STOPS.search(name):
        return name
    for a, b in (("'", "'"), ("“", "”"), ('"', '"')):
        if a not in name and b not in name:
            return f"{a}{name}{b}"
    return name


def example_names(journey: JourneyMap | None = None) -> dict[str, str]:
    """The names the instruction examples use: this map's own stages, channel and pain point, a new stage name
    it does not have, and values that change something (an emotion, a severity it is not at already)."""
    names = dict(_HELP_NAMES)
    if journey is None or not journey.stages:
        return names
    stages = [s.name for s in journey.stages]
    taken = {normal(n) for n in stages}
    names.update(first=_said(stages[0]), second=_said(stages[min(1, len(stages) - 1)]),
                 third=_said(stages[min(2, len(stages) - 1)]), last=_said(stages[-1]),
                 new_stage=next((n for n in _NEW_STAGES if normal(n) not in taken), "Onboarding 2"),
                 new_name=next((n for n in _NEW_NAMES if normal(n) not in taken), "Research 2"))
    names["emotion"] = "+1" if journey.stages[min(1, len(stages) - 1)].emotion == -2 else "-2"
    touchpoints = [tp for s in journey.stages for tp in s.touchpoints]
    if touchpoints:
        names.update(channel=_said(touchpoints[0].channel), touchpoint=_said(touchpoints[0].name))
    pains = [pp for _, pp in journey.pain_points()]
    if pains:
        names.update(pain=_said(pains[0].name), severity="low" if pains[0].severity == 3 else "high")
    names.update(_fix_example(journey))
    return names


def _fix_example(journey: JourneyMap) -> dict[str, str]:
    """The opportunity example's name and stage: for the map's first pain point, on that pain point's own stage,
    with a name that fits any problem (a stock idea such as 'Show prices upfront' beside 'Irregular social media
    presence' is nonsense); with no pain point, a neutral pair on the map's second stage."""
    placed = next(((stage, pp) for stage, pp in journey.pain_points() if stage is not None), None)
    if placed is None:
        return {"pain_stage": _said(journey.stages[min(1, len(journey.stages) - 1)].name)}
    return {"fix": "'Your idea for it'", "pain_stage": _said(placed[0].name)}


def help_for(journey: JourneyMap | None = None) -> str:
    """The instructions the parser understands, with examples that name this map's own stages, channel and pain
    point (the bakery's names are no help to a cinema), each of which changes the map; without a map, neutral
    ones."""
    return _HELP.format(**example_names(journey))


HELP = help_for()

# A quoted or bare name (an apostrophe inside a word, "The venue's limiter", does not end a single-quoted one)
_Q = r"""(?:'((?:[^']|'(?=\w))+)'(?!\w)|"([^"]+)"|“([^”]+)”|‘((?:[^’]|’(?=\w))+)’(?!\w)|(.+?))"""
#: A quoted name; an apostrophe inside a word ("The venue's limiter", "can't") does not close a single quote
_QUOTED = re.compile(r"""'(?:[^']|'(?=\w))*'(?!\w)|"[^"]*"|“[^”]*”|‘(?:[^’]|’(?=\w))*’(?!\w)""")
_LANES = {
    "touchpoint": "touchpoints", "touch point": "touchpoints", "pain point": "pain_points", "painpoint": "pain_points",
    "pain": "pain_points", "problem": "pain_points", "opportunity": "opportunities", "idea": "opportunities",
    "kpi": "kpis", "metric": "kpis", "action": "actions", "thought": "thoughts",
}
_LANE_WORDS = "|".join(sorted(map(re.escape, _LANES), key=len, reverse=True))
_SEVERITY = {"low": 1, "minor": 1, "1": 1, "medium": 2, "moderate": 2, "2": 2, "high": 3, "severe": 3,
             "critical": 3, "major": 3, "3": 3}
_LEVEL = {"low": "low", "small": "low", "medium": "medium", "high": "high", "big": "high", "large": "high"}
_EMOTION_WORDS = {"very negative": -2, "very bad": -2, "negative": -1, "bad": -1, "neutral": 0, "ok": 0,
                  "positive": 1, "good": 1, "very positive": 2, "great": 2, "delighted": 2, "furious": -2}


def _name(match: re.Match, group: int) -> str:
    """The first non-empty of the five alternatives of the _Q pattern starting at ``group``."""
    for value in match.groups()[group - 1: group + 4]:
        if value:
            value = value.strip().strip(".,;")
            # a name in quotes with an apostrophe inside ('Can't get hold of me') is read bare, quotes and all
            if len(value) > 2 and (value[0], value[-1]) in (("'", "'"), ('"', '"'), ("‘", "’"), ("“", "”")):
                value = value[1:-1].strip()
            return value
    return ""


def _new_name(match: re.Match, group: int) -> str:
    """A new name or value as :func:`_name` reads it, without a reason said after it when it was typed bare
    ("rename Enquiry to Asking, it's clearer": Asking); one in quotes is kept whole."""
    value = _name(match, group)
    if not match.groups()[group + 3]:
        return value
    value = _REASON_AFTER.sub("", value).strip()
    if len(value) > 2 and _QUOTED.fullmatch(value):  # "'get a price fast', that's what they want"
        value = value[1:-1].strip()
    return value


#: The words of a level (severity, impact or effort) an instruction may say
_LEVELS = r"low|minor|medium|moderate|high|severe|critical|major"
_LEVEL_FIRST = re.compile(r"(?:\s*[,;]\s*|\s+with\s+(?:a\s+|an\s+)?)"
                          rf"(?P<level>{_LEVELS})\s+"
                          r"(?P<key>severity|priority|impact|effort)\s*$", re.IGNORECASE)


#: A comma that groups a number's thousands ("12,500", "£1,000,000"), no break between options
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
#: A reason said after the new name ("rename Enquiry to Asking, it's clearer"): no part of the name
_REASON_AFTER = re.compile(r",\s+(?:it'?s|it\s+is|that'?s|that\s+is|this\s+is|because|since|as|cos|so|they|we|people|"
                           r"customers|more|better|clearer|shorter)\b.*$", re.IGNORECASE)


def _options(text: str, names: tuple[str, ...] = ()) -> tuple[str, dict[str, str]]:
    """Split trailing ', severity high, on X, target 30%' style options from an instruction. ``names`` (the map's
    stage names) are read whole, like quoted names: the "on" of "to Paint it on site" is no option."""
    whole = [rf"(?<!\w){re.escape(n)}(?!\w)" for n in sorted(names, key=len, reverse=True) if len(n.split()) > 1]
    kept = re.compile("|".join(whole), re.IGNORECASE) if whole else None

    def blank(q: re.Match) -> str:
        return q[0][0] + "_" * (len(q[0]) - 2) + q[0][-1]

    options: dict[str, str] = {}
    # ", high severity", "with a low effort": the level said before its word, at the end after a comma
    level_first = _LEVEL_FIRST.search(_QUOTED.sub(blank, text))
    if level_first:
        options[level_first.group("key").lower().replace("priority", "severity")] = level_first.group("level")
        text = text[:level_first.start()]
    pattern = re.compile(
        r"[,;]?\s+(severity|impact|effort|team|target|on|channel|via|for|answering|addressing)\s*[:=]?\s+"
        r"('([^']+)'|\"([^\"]+)\"|“([^”]+)”|[^,;]+?)\s*(?=$|[,;]|\s+(?:severity|impact|effort|team|target|on|"
        r"channel|via|for|answering|addressing)\s)",
        re.IGNORECASE,
    )
    while True:
        # Search a copy with quoted names (and the map's stage names) blanked out, so that "on", "for" or "team"
        # inside 'Will it arrive on time?' is not taken for an option. Options trail: they are taken from the
        # end, and a word already taken further on belongs to the name ("Waitlist for wet weekends for slots
        # sell out" is "Waitlist for wet weekends", for "slots sell out").
        blanked = _THOUSANDS.sub("\x00", _QUOTED.sub(blank, text))  # "target £1,000,000": one value, not "£1"
        if kept is not None:
            blanked = kept.sub(blank, blanked)
        found = list(pattern.finditer(blanked))
        m = found[-1] if found else None
        if not m or m.group(1).lower() in options:
            break
        value = text[m.start(2): m.end(2)].strip()  # the same span, read from the real text
        if _QUOTED.fullmatch(value):
            value = value[1:-1].strip()
        options[m.group(1).lower()] = value
        text = (text[: m.start()] + text[m.end():]).strip()
    return text.strip(" ,;"), options


def parse(journey: JourneyMap, text: str) -> list[EditOp]:
    """Typed ops for one instruction, or EditError saying what was not understood."""
    text = " ".join(text.strip().rstrip(".!").split())
    text = re.sub(r"^(?:please\s+|can you\s+|could you\s+)", "", text, flags=re.IGNORECASE)
    text = _it_the_stage_named(journey, text)
    try:
        ops = _by_rule(journey, text)
    except EditError as e:
        ops, refused = None, e
    else:
        refused = None
    if ops is None and (plain := _without_afterthought(text)) != text:
        try:
            ops = _by_rule(journey, plain)  # "move the parking problem to The visit, its me who cant park"
        except EditError as e:
            refused = refused or e
    if ops is None and ", " in text:
        # a reason said around the change: "Margaret is so relieved when it comes, emptying the tank should be very
        # positive", "move the retype one to Report, it happens there": the clause that is an instruction
        # after a refusal only a last clause of its own is tried ("..., severity awful" stays refused, not dropped)
        tail, head = text.rsplit(", ", 1)[1], text.split(", ", 1)[0]
        # "it's rare, so make slow replies low severity": the reason comes first, the change after its "so"
        after_so = [text[m.end():] for m in _SO_THEN.finditer(text)][-1:]
        for clause in dict.fromkeys([*after_so, tail] if refused else [*after_so, tail, head]):
            try:
                ops = _by_rule(journey, clause)
            except EditError:
                continue
            if ops is not None:
                break
    if ops is None:
        raise refused or EditError("I didn't understand that instruction.\n\n" + help_for(journey))
    return ops


#: Where a reason said first gives way to the change it is for: "they never complain, so remove X"
_SO_THEN = re.compile(r",\s+(?:and\s+)?(?:so|therefore|hence|which\s+means)\s+(?:please\s+|can\s+you\s+|could\s+you\s+|"
                      r"just\s+|let'?s\s+)?(?=\w)", re.IGNORECASE)


#: "..., make it neutral", "..., it should be positive": how "it" feels, said last
_MAKE_IT = re.compile(rf",\s+(?:so\s+)?(?:(?:make|mark|set|rate)\s+it(?:\s+as|\s+to)?|it\s+(?:is|feels|should\s+be))\s+"
                      rf"(?P<feeling>{FEELINGS})\s*$", re.IGNORECASE)


def _it_the_stage_named(journey: JourneyMap, text: str) -> str:
    """"Prepare for the visit isnt that bad really, make it neutral" as "make 'Prepare for the visit' neutral": "it"
    is the stage the sentence names before, the longest whole name found in it (not "The visit" inside it); the
    text as it is when no stage is named there."""
    said = _MAKE_IT.search(text)
    if not said:
        return text
    before = f" {normal(text[:said.start()])} "  # "order and pay" names "Order & pay"
    named = next((st.name for st in sorted(journey.stages, key=lambda st: -len(normal(st.name)))
                  if normal(st.name) and f" {normal(st.name)} " in before), None)
    if named is None:
        return text
    quote = ('"', '"') if '"' not in named else ("“", "”")
    return f"make {quote[0]}{named}{quote[1]} {said.group('feeling')}"


#: A contrast said after a change ("..., not when cafes change orders", "..., rather than at the till"), or the change
#: said again ("X is really at Y, move it there"): no part of it
_CONTRAST_AFTER = re.compile(r",\s+(?:(?:not|rather\s+than|instead\s+of|never)\b.*|(?:so\s+)?(?:move|put|place)\s+"
                             r"(?:it|that|them|those|both)\s+(?:there|then))$", re.IGNORECASE)


def _without_afterthought(text: str) -> str:
    """``text`` without a reason or a contrast said after the change ("..., thats why he looked for me", "..., not
    when cafes change orders"), for a second try when the whole was not understood."""
    return _CONTRAST_AFTER.sub("", _REASON_AFTER.sub("", text)).strip()


def _by_rule(journey: JourneyMap, text: str) -> list[EditOp] | None:
    for pattern, builder in _RULES:
        m = re.fullmatch(pattern, text, flags=re.IGNORECASE)
        if m:
            try:
                return builder(journey, m)
            except ValidationError as e:  # e.g. a 1 MB paste as a name: a sentence, not a traceback
                raise EditError(f"that change cannot be made: {explain(e)}") from None
    return None


def propose(journey: JourneyMap, text: str) -> ParsedEdits:
    """Ops for a multi-part instruction ('... and ...' / one per line), checked against the map."""
    parts = [p for p in re.split(r"\n+|;\s+(?=(?:add|rename|move|remove|delete|set)\b)|\s+and then\s+|"
                                 r"\.\s+(?=[A-Z])", text.strip()) if p.strip()]
    if not parts:
        raise EditError("there was no instruction to apply (the message was empty).\n\n" + help_for(journey))
    ops: list[EditOp] = []
    phrases: list[str] = []
    understood: list[str] = []
    token = _UNDERSTOOD.set(understood)
    focus = FOCUS.get()  # the stage "that stage" means: the last one named, here or before (see stage_focus)
    try:
        preview = journey
        for part in parts:
            new = parse(preview, with_stage(preview, part, focus))
            phrases += [edits.describe(op, preview) for op in new]
            applied = edits.apply(preview, new)  # later parts may refer to what earlier ones added
            focus = focus_after(preview, applied, new, focus)
            preview = applied
            ops.extend(new)
    finally:
        _UNDERSTOOD.reset(token)
    summary = "; ".join(phrases)
    said = " ".join(dict.fromkeys(understood))
    return ParsedEdits(ops=ops, reply=f"{said} Proposed: {summary}.".strip(), understood=list(dict.fromkeys(understood)))


# -- builders -------------------------------------------------------------------------


def _add_stage(journey: JourneyMap, m: re.Match) -> list[EditOp]:
    name = _name(m, 1)
    where, anchor = (m.group(6) or "").lower(), _name(m, 7) if m.group(6) else ""
    anchor = (_stage_ref(journey, anchor) or anchor) if anchor else anchor
    kwargs = {where: anchor} if where in ("before", "after") else {}
    end = (m.group("end") or "").casefold()
    if end and not kwargs and journey.stages and re.search(r"start|beginning|front|first", end):
        kwargs = {"before": journey.stages[0].id}  # "add a stage X at the start": first; "at the end" is the default
    return [edits.AddStage(name=name, **kwargs)]


_THE_MAP = re.compile(r"(?:the\s+|this\s+)?(?:journey\s+)?(?:map|title|map'?s\s+title|journey)", re.I)


def _title_of(new: str, what: str = "a map needs a title: give one in words, e.g. rename the map to "
                                    "'First orders'") -> str:
    """A new name as typed, or EditError (``what``) when it is nothing but quotes ("rename the map to ''")."""
    if not new.strip().strip("'\"“”‘’ "):
        raise EditError(what)
    return new.strip()


def _rename(journey: JourneyMap, m: re.Match) -> list[EditOp]:
    lane_word, old, new = (m.group(1) or "").lower(), _name(m, 2), _new_name(m, 7)
    names_the_map = _THE_MAP.fullmatch(old) or normal(old) == normal(journey.title)
    if not lane_word and names_the_map and not _is_stage(journey, old):  # a stage "Journey" keeps its name
        return [edits.UpdateMap(title=_title_of(new))]  # "the map should be called X", "<its title> should be ..."
    new = _title_of(new, f"a new name for {old!r} is needed: give it in words")
    placed = None if _is_stage(journey, old) or lane_word not in ("", "stage") else \
        _stage_at(journey, f"stage {old}" if lane_word == "stage" else old)
    if placed is not None:
        # "rename the second stage to X", "rename stage 2 to X"
        return with_rename_goals(journey, [edits.RenameStage(stage=placed, name=new)])
    kind_after = re.fullmatch(rf"(?:the\s+)?(.+?)\s+({_LANE_WORDS})", old, re.I)
    if not lane_word and kind_after and not _is_stage(journey, old) and not _find_any(journey, old):
        lane_word, old = kind_after.group(2).lower(), kind_after.group(1)  # "the key pain point should be called X"
    if lane_word == "persona":  # "rename persona Maya to Busy parent Maya"
        from cjm_assistant.domain.views import find_persona

        try:
            persona = find_persona(journey, old)
        except ValueError as e:
            raise EditError(str(e)) from None
        return [edits.UpdatePersona(persona=persona.id, name=new)]
    if lane_word and lane_word != "stage":
        lane = _LANES[lane_word]
        item, _ = edits.find_in_lane(journey, lane, _item_ref(journey, lane, old))  # "the pain point about the key"
        noun = LANES[lane].op
        field = "text" if lane in ("actions", "thoughts") else "name"
        return [edits.parse_ops([{"op": f"update_{noun}", noun: item.id, field: new}])[0]]
    if not lane_word and not _is_stage(journey, old):
        found = _find_any(journey, old)
        if found:
            lane, item_id = found
            noun = LANES[lane].op
            field = "text" if lane in ("actions", "thoughts") else "name"
            return [edits.parse_ops([{"op": f"update_{noun}", noun: item_id, field: new}])[0]]
    return with_rename_goals(journey, [edits.RenameStage(stage=_stage_ref(journey, old) or old, name=new)])


def _move_pain(journey: JourneyMap, m: re.Match) -> list[EditOp]:
    """"move pain point 'parking' to Delivery": one not yet placed, or one on another stage."""
    target = _name(m, 6)
    return [edits.MovePainPoint(pain_point=_item_ref(journey, "pain_points", _name(m, 1)),
                                stage=_stage_ref(journey, target) or target)]


def _happens_at(journey: JourneyMap, m: re.Match) -> list[EditOp]:
    """"the app logs her out happens at Book a slot", "routes stay the same should go on Climb": a pain point
    (placed or not) said to belong to a stage, the way the interview asks "Which step does X happen in?"."""
    name, target = _name(m, 1), _name(m, 6)
    target, level = _and_level(journey, _without_afterthought(target))  # "..., move it there", "..., not at X"
    refs = _pain_refs(journey, name)
    stage = _stage_ref(journey, target)
    if stage is None or not refs:
        raise EditError("I didn't understand that instruction.\n\n" + help_for(journey))
    moves: list[EditOp] = [edits.MovePainPoint(pain_point=ref, stage=stage) for ref in refs]
    return moves + [edits.UpdatePainPoint(pain_point=ref, severity=_severity(level)) for ref in refs if level]


def _quoted(name: str) -> str:
    """``name`` in quotes it does not hold, for an instruction built from another."""
    return next((f"{a}{name}{b}" for a, b in (('"', '"'), ("“", "”"), ("'", "'")) if a not in name and b not in name),
                name)


def _add_that(journey: JourneyMap, m: re.Match) -> list[EditOp] | None:
    """"the puppy intro session is hard to explain, add that to Check and choose": a new pain point (or the kind
    said, "add that as an opportunity to ..."), the words before the comma its name; a pain point the words name
    already is moved there instead ("the parking problem, put that on The visit"). None when no stage is named."""
    stage = _stage_ref(journey, _stage_words(m.group("stage")))
    said = m.group("said").strip(" ,;:")
    if stage is None or not said:
        return None
    word = (m.group("lane") or "pain point").lower()
    if _LANES[word] == "pain_points" and (refs := _pain_refs(journey, said)):
        return [edits.MovePainPoint(pain_point=ref, stage=stage) for ref in refs]
    name = said[:1].upper() + said[1:]
    named = next((st.name for st in journey.stages if stage in (st.id, st.name)), stage)
    return parse(journey, f"add {word} {_quoted(name)} to {_quoted(named)}")


def _call_renamed(journey: JourneyMap, m: re.Match) -> list[EditOp] | None:
    """"call the stage OLD 'NEW' (instead)": OLD is what comes before a quoted new name at the end, or, with no
    quotes, the longest stage name the words start with; None when neither splits them."""
    rest, kind = m.group("rest").strip(), (m.group("kind") or "").lower()
    last = list(_QUOTED.finditer(rest))
    if last and last[-1].end() == len(rest) and last[-1].start() > 0:
        old, new = rest[:last[-1].start()].strip(), last[-1].group()[1:-1].strip()
    else:
        said = normal(rest)
        old = next((st.name for st in sorted(journey.stages, key=lambda st: -len(normal(st.name)))
                    if said.startswith(normal(st.name) + " ")), "")
        counted = f"stage {rest}" if kind == "stage" else rest
        placed = None if old else _STAGE_AT.match(counted)  # "call the second stage Trade show", "call stage 2 X"
        if placed is not None and (name := _stage_at(journey, counted, prefix=True)):
            old, rest = name, f"{name} {counted[placed.end():].strip()}"
        if not old or kind not in ("", "stage"):
            return None
        new = rest[len(old):].strip() if rest.casefold().startswith(old.casefold()) else ""
        kind = "stage"
    old = old.strip().strip("'\"“”‘’").strip()
    if not old or not new:
        return None
    return parse(journey, f"rename {kind + ' ' if kind else ''}{_quoted(old)} to {_quoted(new)}")


def _and_level(journey: JourneyMap, target: str) -> tuple[str, str]:
    """("Invoice monthly", "high") from "Invoice monthly and high severity" ("... and is high priority", "... and
    make it high"): a second change said in the same sentence; (``target``, "") when there is none, or when the
    whole is a stage's name."""
    said = re.fullmatch(rf"(.+?)\s*,?\s+and\s+(?:(?:is|it'?s|its|make\s+it|mark\s+it|set\s+it\s+to)\s+)?(?:a\s+)?"
                        rf"({_LEVELS})(?:\s+(?:severity|priority))?", target, re.IGNORECASE)
    if said is None or _is_stage(journey, target):
        return target, ""
    return said.group(1), said.group(2)


def _pain_refs(journey: JourneyMap, name: str) -> list[str]:
    """The ids of the pain points ``name`` names: one, or several joined by "and" ("sells out by 11 and the card
    reader one"), each of which must name one; [] when any names none."""
    ref = _item_ref(journey, "pain_points", name)
    if _pain_point(journey, ref) is not None:
        return [ref]
    parts = [p for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", name) if p.strip()]
    refs = [_item_ref(journey, "pain_points", p) for p in parts] if len(parts) > 1 else []
    if not refs or any(_pain_point(journey, r) is None for r in refs):
        return []
    return list(dict.fromkeys(refs))


def _mark_severity(journey: JourneyMap, m: re.Match) -> list[EditOp]:
    """"make the waiver form pain point high severity", "mark 'Slots sell out' as high", "X is a low priority"."""
    name = m.group("name").strip()
    return [edits.UpdatePainPoint(pain_point=_item_ref(journey, "pain_points", name),
                                  severity=_severity(m.group("level")))]


def _move(journey: JourneyMap, m: re.Match) -> list[EditOp]:
    stage, where = _name(m, 1), m.group(6).lower()
    stage = _stage_ref(journey, stage) or stage
    if where in ("to position", "to"):
        target = _name(m, 7)
        if not target.isdigit():
            pain = _move_named_pain(journey, m.group(0))
            if pain:
                return pain
            _no_such_problem(journey, _name(m, 1))
            raise EditError(f"to move a stage to a position, give a number, e.g. 'move {stage} to position 2'")
        return [edits.MoveStage(stage=stage, position=int(target))]
    anchor = _name(m, 7)
    return [edits.MoveStage(stage=stage, **{where: _stage_ref(journey, anchor) or anchor})]


#: "merge Enquiry into Quote", "combine A and B", "fold the stage A into B": two stages made one
_MERGE = re.compile(r"(?:merge|combine|fold|join)\s+(?:together\s+)?(?:the\s+)?(?:(?:two\s+)?stages?\s+)?(?P<rest>.+?)"
                    r"(?:\s+(?:together|into\s+one(?:\s+stage)?))?", re.IGNORECASE)


def _two_stages(journey: JourneyMap, rest: str) -> tuple[str, str, bool] | None:
    """The two stages ``rest`` names ("Enquiry into Design and quote", "A and B", "A with B") and whether the first
    goes into the second ("into"); the split where both sides are stages' whole names is taken first, then one
    read loosely ("design" for "Design and quote"). None when no split names two stages."""
    names = {normal(st.name): st.name for st in journey.stages}
    splits = [(m.start(), m.end(), m.group(1).casefold() == "into")
              for m in re.finditer(r"\s+(into|with|and|to)\s+", rest, re.IGNORECASE)]
    strip = re.compile(r"^(?:the\s+)?(?:stage\s+)?|\s+stage$", re.IGNORECASE)
    sides = [(strip.sub("", rest[:a]).strip(" '\"“”‘’"), strip.sub("", rest[b:]).strip(" '\"“”‘’"), into)
             for a, b, into in splits]
    for first, second, into in sides:
        if normal(first) in names and normal(second) in names and normal(first) != normal(second):
            return names[normal(first)], names[normal(second)], into
    for first, second, into in sides:
        a, b = _stage_ref(journey, first), _stage_ref(journey, second)
        if a and b and a != b:
            return a, b, into
    return None


#: "the pain point(s)", "the problems": what is merged is pain points, not stages
_PAINS_WORD = re.compile(r"^(?:the\s+)?(?:two\s+)?(?:pain\s*points?|problems?)\s+", re.I)


def _two_pain_points(journey: JourneyMap, rest: str) -> tuple[str, str] | None:
    """The ids of the two pain points ``rest`` names ("'Owners wait 2 weeks for payouts' into 'Payout takes
    forever'", "the payout one and slow payouts"), the one that goes first and the one kept ("A into B" keeps B,
    "A and B" or "A with B" keeps A); None when no split at "into", "with" or "and" names two pain points."""
    rest = _PAINS_WORD.sub("", rest.strip())
    tried = [(m.start(), m.end(), m.group(1).casefold() == "into")
             for m in re.finditer(r"\s+(into|with|and)\s+", rest, re.IGNORECASE)]
    tried.sort(key=lambda split: not split[2])  # "into" first: "fee and tax shown late into X" keeps X
    for a, b, into in tried:
        sides = [_PAINS_WORD.sub("", side.strip()) for side in (rest[:a], rest[b:])]
        notes: list[str] = []
        token = _UNDERSTOOD.set(notes)  # a split tried and not taken says nothing
        try:
            refs = [_item_ref(journey, "pain_points", side) for side in sides]
        except EditError:
            continue
        finally:
            _UNDERSTOOD.reset(token)
        found = [_pain_point(journey, ref) for ref in refs]
        if all(found) and found[0][0].id != found[1][0].id:
            sink = _UNDERSTOOD.get()
            if sink is not None:
                sink.extend(notes)
            first, second = (pp.id for pp, _ in found)
            return (first, second) if into else (second, first)
    return None


def _merge_pain_points(journey: JourneyMap, gone_id: str, kept_id: str) -> list[EditOp]:
    """Two pain points that say the same made one: the one kept keeps its name and gains what the other had (its
    evidence and mentions, the higher severity, the personas marked on it, a description or touchpoint it lacked);
    what answered the other answers the kept one (and moves to its stage), and the other is removed."""
    (gone, gone_at), (kept, kept_at) = _pain_point(journey, gone_id), _pain_point(journey, kept_id)
    evidence = list(dict.fromkeys([*kept.evidence, *gone.evidence]))[:50]
    update: dict = {}
    if evidence != kept.evidence:
        update["evidence"] = evidence
    if gone.mentions:
        update["mentions"] = kept.mentions + gone.mentions
    if gone.severity > kept.severity:
        update["severity"] = gone.severity
    if kept.personas and set(gone.personas) - set(kept.personas):  # one with no persona marked keeps the marks
        update["personas"] = list(dict.fromkeys([*kept.personas, *gone.personas]))
    if gone.description and not kept.description:
        update["description"] = gone.description
    if gone.touchpoint and not kept.touchpoint and gone_at is kept_at:
        update["touchpoint"] = gone.touchpoint
    ops: list[EditOp] = []
    if kept_at is not None and gone_at is not kept_at:
        # what answers the other alone goes with it to the kept one's stage (a move takes it along)
        ops.append(edits.MovePainPoint(pain_point=gone.id, stage=kept_at.id, provenance=gone.provenance))
    if update:
        ops.append(edits.UpdatePainPoint(pain_point=kept.id, **update))
    fixes = [o for st in journey.stages for o in st.opportunities]
    answers = {o.name.casefold() for o in fixes if kept.id in o.addresses}
    for opp in fixes:
        if gone.id not in opp.addresses:
            continue
        if opp.addresses == [gone.id] and opp.name.casefold() in answers:
            ops.append(edits.RemoveOpportunity(opportunity=opp.id))  # the kept one has the same answer already
            continue
        addresses = list(dict.fromkeys(kept.id if ref == gone.id else ref for ref in opp.addresses))
        ops.append(edits.UpdateOpportunity(opportunity=opp.id, addresses=addresses))
    ops.append(edits.RemovePainPoint(pain_point=gone.id, into=kept.id))  # its stored evidence goes there too
    return ops


def _merge(journey: JourneyMap, m: re.Match) -> list[EditOp]:
    """Two stages made one: everything on the one merged (its touchpoints, actions, thoughts, pain points with
    what answers them, opportunities and KPIs) goes onto the one kept, which keeps its name, goal and feeling; then
    the merged stage is removed. "merge A into B" keeps B; "merge A and B" (or "with") keeps A. Two pain points
    named (with "the pain point", or by names no stage has) are made one (:func:`_merge_pain_points`)."""
    said_pains = _PAINS_WORD.match(m.group("rest").strip()) is not None
    found = None if said_pains else _two_stages(journey, m.group("rest"))
    if found is None:
        pains = _two_pain_points(journey, m.group("rest"))
        if pains is not None:
            return _merge_pain_points(journey, *pains)
        if said_pains:
            listed = "; ".join(_said(pp.name) for _, pp in journey.pain_points()) or "none yet"
            raise EditError(f"to merge two pain points, name both as the map writes them, e.g. 'merge the pain point "
                            f"A into B' (A goes, B keeps its name); its pain points: {listed}")
        raise EditError("to merge two stages, name both, e.g. 'merge "
                        + (f"{journey.stages[0].name} into {journey.stages[1].name}'" if len(journey.stages) > 1
                           else "Enquiry into Quote'") + " (the first goes into the second, which keeps its name)")
    first, second, into = found
    gone, kept = (first, second) if into else (second, first)
    source = next(st for st in journey.stages if st.name == gone)
    target = next(st for st in journey.stages if st.name == kept)
    ops: list[EditOp] = []
    have = {(tp.name.casefold(), tp.channel.casefold()) for tp in target.touchpoints}
    for tp in source.touchpoints:
        if (tp.name.casefold(), tp.channel.casefold()) not in have:
            ops.append(edits.AddTouchpoint(stage=target.id, name=tp.name, channel=tp.channel, team=tp.team,
                                           description=tp.description, backstage=list(tp.backstage),
                                           personas=list(tp.personas), provenance=tp.provenance))
    for lane, make in (("actions", edits.AddAction), ("thoughts", edits.AddThought)):
        said = {note.text.casefold() for note in getattr(target, lane)}
        ops += [make(stage=target.id, text=note.text, personas=list(note.personas), provenance=note.provenance)
                for note in getattr(source, lane) if note.text.casefold() not in said]
    moved = {pp.id for pp in source.pain_points}
    ops += [edits.MovePainPoint(pain_point=pp.id, stage=target.id, provenance=pp.provenance)
            for pp in source.pain_points]
    ops += [edits.AddOpportunity(stage=target.id, name=op.name, description=op.description,
                                 addresses=list(op.addresses), impact=op.impact, effort=op.effort,
                                 personas=list(op.personas), provenance=op.provenance)
            for op in source.opportunities if not (len(op.addresses) == 1 and op.addresses[0] in moved)]
    ops += [edits.AddKPI(stage=target.id, name=k.name, target=k.target, current=k.current,
                         personas=list(k.personas), provenance=k.provenance) for k in source.kpis]
    ops.append(edits.RemoveStage(stage=source.id))
    # a pain point keeps the touchpoint it sat on: the kept stage's own of that name and channel, or the one moved
    # there, named when no other touchpoint of the map has its name
    own = {(tp.name.casefold(), tp.channel.casefold()): tp.id for tp in target.touchpoints}
    elsewhere = [tp.name.casefold() for st in journey.stages if st is not source for tp in st.touchpoints]
    for pp in source.pain_points:
        tp = next((t for t in source.touchpoints if t.id == pp.touchpoint), None)
        if tp is None:
            continue
        ref = own.get((tp.name.casefold(), tp.channel.casefold())) or \
            (tp.name if tp.name.casefold() not in elsewhere else None)
        if ref:
            ops.append(edits.UpdatePainPoint(pain_point=pp.id, touchpoint=ref, provenance=pp.provenance))
    return ops


def _swap(journey: JourneyMap, m: re.Match) -> list[EditOp] | None:
    """"swap Delivery and Order & pay": the two stages change places (read at each "and" or "with" until both
    sides name a stage, an exact name first: "Ask and compare" stays one name); None when no split names two."""
    pair = re.sub(r"\s+stages$", "", m.group("pair").strip(), flags=re.I)
    splits = [(pair[:s.start()], pair[s.end():]) for s in re.finditer(r"\s+(?:and|with|&)\s+", pair)]
    named = []
    for first, second in splits:
        a, b = (_swapped_side(side) for side in (first, second))
        if _is_stage(journey, a) and _is_stage(journey, b):
            named = [(a, b)]
            break
        found = (_stage_ref(journey, a), _stage_ref(journey, b))
        if all(found) and not named:
            named = [found]
    if not named:
        return None
    a, b = (find_stage_named(journey, ref) for ref in named[0])
    if a is b:
        raise EditError(f"that names the stage {a.name!r} twice: say which two stages to swap")
    order = [st.id for st in journey.stages]
    first, second = sorted((a, b), key=lambda st: order.index(st.id))
    ops: list[EditOp] = [edits.MoveStage(stage=first.id, after=second.id)]
    if order.index(second.id) - order.index(first.id) > 1:  # not neighbours: the second goes where the first was
        before = order[order.index(first.id) + 1]
        ops.append(edits.MoveStage(stage=second.id, before=before))
    return ops


def _swapped_side(side: str) -> str:
    """One side of a swap as a stage reference: "the third" (of "the second and the third stages") and "3" (of
    "stages 1 and 3") are stage 3; "the stage Delivery" is "Delivery"."""
    side = re.sub(r"^(?:the\s+)?", "", side.strip(), flags=re.I)
    counted = re.fullmatch(rf"(?:stage\s+|step\s+)?(?P<n>\d+|{_PLACE_WORDS})(?:\s+(?:stage|step|one))?", side, re.I)
    if counted:
        return f"stage {counted.group('n')}"
    return re.sub(r"^(?:stage\s+)", "", side, flags=re.I)


def find_stage_named(journey: JourneyMap, ref: str):
    return next(st for st in journey.stages if ref in (st.id, st.name))


def _no_such_problem(journey: JourneyMap, said: str) -> None:
    """EditError when ``said`` is "the X problem" ("one", "thing", "issue") and no stage is called that: a pain
    point was meant, and none fits, which a reply about moving a stage to a position would not say."""
    if not re.search(r"\s(?:pain\s*point|problem|one|thing|issue)$", said.strip(), re.I) or _is_stage(journey, said):
        return
    _item_ref(journey, "pain_points", said)  # words naming two or more: Ambiguous lists them
    listed = "; ".join(_said(pp.name) for _, pp in journey.pain_points()) or "none yet"
    raise EditError(f"no pain point of this map matches “{said}”: name it by a word of its name (its pain points: "
                    f"{listed})")


def _move_named_pain(journey: JourneyMap, said: str) -> list[EditOp]:
    """"move Knives gone for too long to The visit": a pain point named without the words "pain point" and a stage,
    where no stage is called that ([] when the name is a stage's, or names no pain point, or the target no stage)."""
    split = _split_target(journey, re.sub(r"^\s*move\s+(?:the\s+)?", "", said, flags=re.I))
    if split is None or _stage_ref(journey, split[0]) is not None:
        return []
    ref, stage = _item_ref(journey, "pain_points", split[0]), _stage_ref(journey, split[1])
    if stage is None or _pain_point(journey, ref) is None:
        return []
    return [edits.MovePainPoint(pain_point=ref, stage=stage)]


def _only_by_channel(journey: JourneyMap, name: str) -> tuple[list[str], list[str]]:
    """The ids of the inferred pain points that exist only because of the channel ``name`` (the playbook's stock
    problem of a kind of channel none of the map's other channels is: "Irregular social media presence" when the
    only social channel goes), and of the inferred opportunities that answer only those."""
    from cjm_assistant.knowledge.catalogue import load
    from cjm_assistant.knowledge.detect import channel_key

    key = channel_key(name)
    if key is None:
        return [], []
    left = {channel_key(c.name) for c in journey.channels if c.name.casefold() != name.casefold()}
    stock = {info.name.casefold() for info in load().pain_points.values()
             if key in info.channels and not set(info.channels) & left}
    pains = [p.id for s in journey.stages for p in s.pain_points
             if p.provenance != "user" and p.name.casefold() in stock]
    fixes = [o.id for s in journey.stages for o in s.opportunities
             if o.provenance != "user" and o.addresses and set(o.addresses) <= set(pains)]
    return pains, fixes


def _remove(journey: JourneyMap, m: re.Match) -> list[EditOp]:
    body = m.group(1).strip()
    try:
        return _remove_named(journey, body)
    except EditError:
        if "," not in body or re.match(r"\s*(?:and|also|plus|then|as\s+well)\b", body.split(",", 1)[1], re.I):
            raise  # "..., and the celebration stage too": more to remove, never dropped as a reason
        # "delete the Re-enrolment stage, we don't do terms": the reason after the comma names nothing
        return _remove_named(journey, body.split(",", 1)[0])


def _remove_named(journey: JourneyMap, body: str) -> list[EditOp]:
    body = re.sub(r"^the\s+", "", body, flags=re.IGNORECASE)
    lead = re.fullmatch(rf"(stage|channel|{_LANE_WORDS})s?\s+{_Q}", body, flags=re.IGNORECASE)
    trail = re.fullmatch(rf"{_Q}\s+(stage|channel|{_LANE_WORDS})s?", body, flags=re.IGNORECASE)
    counted = _NTH.fullmatch(body)
    if counted and counted.group("word").lower() in _LANES:  # "scrap the second pain point on Delivery"
        lane = _LANES[counted.group("word").lower()]
        item, _ = edits.find_in_lane(journey, lane, _item_ref(journey, lane, body))
        return [edits.parse_ops([{"op": f"remove_{LANES[lane].op}", LANES[lane].op: item.id}])[0]]
    if lead:
        word, name = lead.group(1).lower(), _name(lead, 2)
    elif trail:
        word, name = trail.group(6).lower(), _name(trail, 1)
    else:
        word, name = "", body.strip("'\"“”‘’")
    if word == "channel":  # "remove the Website channel": it and every touchpoint on it
        channel = next((c for c in journey.channels if c.name.casefold() == name.casefold() or c.id == name), None)
        if channel is None:
            known = ", ".join(c.name for c in journey.channels) or "none"
            raise EditError(f"no channel is called {name!r}; the map's channels are: {known}")
        on_it = [tp for _, tp in journey.touchpoints() if tp.channel.casefold() == channel.name.casefold()]
        pains, fixes = _only_by_channel(journey, channel.name)
        return [*(edits.RemoveTouchpoint(touchpoint=tp.id) for tp in on_it),
                *(edits.RemovePainPoint(pain_point=p) for p in pains),
                *(edits.RemoveOpportunity(opportunity=o) for o in fixes), edits.RemoveChannel(channel=channel.id)]
    if word == "stage" or (not word and _is_stage(journey, name)):
        return [edits.RemoveStage(stage=_stage_ref(journey, name) or name)]
    if not word:
        found = _find_any(journey, name)
        if not found:
            raise EditError(f"nothing on the map is called {name!r}; say 'remove stage ...' or "
                            f"'remove touchpoint ...' to be precise")
        lane, item_id = found
        return [edits.parse_ops([{"op": f"remove_{LANES[lane].op}", LANES[lane].op: item_id}])[0]]
    lane = _LANES[word]
    if lane == "touchpoints":
        # "remove the TikTok touchpoint": a channel name removes every touchpoint on it.
        on_channel = [tp for _, tp in journey.touchpoints() if tp.channel.casefold() == name.casefold()]
        if on_channel and not any(tp.name.casefold() == name.casefold() for tp in on_channel):
            return [edits.RemoveTouchpoint(touchpoint=tp.id) for tp in on_channel]
    item, _ = edits.find_in_lane(journey, lane, _item_ref(journey, lane, name))
    return [edits.parse_ops([{"op": f"remove_{LANES[lane].op}", LANES[lane].op: item.id}])[0]]


def _persona_of(journey: JourneyMap, words: str):
    """The persona ``words`` name (its name, the start of it, or one of its words: "for Hana"), or None."""
    said = folded(words.strip().strip("'\"“”‘’"))
    return next((p for p in journey.personas if said and (folded(p.name) == said or folded(p.name).startswith(said)
                                                          or said in folded(p.name).split())), None)


def _persona_named(journey: JourneyMap, words: str) -> bool:
    """Whether ``words`` name a persona of the map (:func:`_persona_of`)."""
    return _persona_of(journey, words) is not None


#: Every persona, said outright: "for everyone", "for all personas", "for both"
_EVERYONE = re.compile(r"\s*(?:everyone|everybody|all(?:\s+(?:of\s+them|personas|the\s+personas|customers))?|both(?:\s+of\s+them)?|"
                       r"every\s+persona|each\s+persona)\s*", re.I)


def _personas_for(journey: JourneyMap, words: str) -> list[str] | None:
    """The ids of the personas ``words`` name ("Hana", "Hana and Tom", "the buyers' Hana"), or None when any part
    of it names none (then "for ..." is something else: the pain point an opportunity answers, or part of a name)."""
    parts = [re.sub(r"^the\s+", "", p.strip(" '\"“”‘’"), flags=re.I) for p in re.split(r",|\band\b|&", words)
             if p.strip(" '\"“”‘’")]
    ids: list[str] = []
    for part in parts:
        persona = _persona_of(journey, re.sub(r"^(?:the\s+)?persona\s+", "", part, flags=re.I))
        if persona is None:
            return None
        ids.append(persona.id)
    return list(dict.fromkeys(ids)) or None


def _listed_personas(journey: JourneyMap, text: str) -> str:
    """"... for Bob, Zoë and Renée" as "... for Bob and Zoë and Renée": options end at a comma, so a list of
    personas the usual way lost all but its first name to the stage's ("Order and pay, Zoë and Renée")."""
    for said in reversed(list(re.finditer(r"\s+for\s+", text, flags=re.I))):
        listed, tail = text[said.end():], ""
        if "," not in listed or not journey.personas:
            continue
        staged = re.fullmatch(r"(.+?)(\s+to\s+(.+))", listed, flags=re.I)
        if staged and _stage_ref(journey, staged.group(3)):  # "... for Maya, Zoë and Renée to Checkout"
            listed, tail = staged.group(1), staged.group(2)
        if _personas_for(journey, listed):
            return text[:said.end()] + re.sub(r"\s*,\s*(?:and\s+)?", " and ", listed.strip()) + tail
        names = [p.strip(" '\"“”‘’") for p in re.split(r",|\band\b|&", listed) if p.strip(" '\"“”‘’")]
        if len(names) >= 2 and _persona_named(journey, names[0]) and all(len(n.split()) <= 3 for n in names):
            # "for Zoë, Renée and Bob" with no Bob: not saved for Zoë alone with the rest read as a stage's name
            strangers = ", ".join(f"“{n}”" for n in names if not _persona_named(journey, n))
            known = ", ".join(p.name for p in journey.personas)
            raise EditError(f"{strangers} {'is' if strangers.count('“') == 1 else 'are'} no persona of this map "
                            f"(its personas: {known}); say whose it is by the personas' names")
    return text


def _level_last(text: str) -> str:
    """A pain point's words with a reason said after them dropped and a bare level at the end read as its severity:
    "X to Getting started, high, it's the main one" is "X to Getting started, severity high". A reason inside
    quotes is the name's ("'Late, it's always late'")."""
    reason = _REASON_AFTER.search(text)
    if reason and _TARGET.search(text[:reason.start()]) and not any(
            q.start() < reason.start() < q.end() for q in _QUOTED.finditer(text)):  # said after the stage
        text = text[:reason.start()]
    return re.sub(rf"\s*,\s*({_LEVELS})\s*$", r", severity \1", text, flags=re.I)


#: What ends the persona of "for Tom about no manual in the cab to Uses it", the words after it the item's: a word
#: first ("for Bob, Zoë and Ren about X" names three), then a colon, comma or dash
_WHOSE_ENDS = (re.compile(r"\s+(?:about|saying|that\s+says|that|re|called|named)\s+", re.I),
               re.compile(r"\s*[:,–—]\s+|\s+-\s+"))


def _whose_first(journey: JourneyMap, said: str) -> str:
    """ "for Contractor Tom about no operator manual in the cab to Uses it" as "no operator manual in the cab to Uses
    it for Contractor Tom": whose it is said first, then what it is (read as "add a pain point X to STAGE for
    Tom"); ``said`` as it is when the words after "for" name no persona ("for 120 rolls ...")."""
    lead = re.match(r"\s*for\s+", said, re.I)
    if lead is None or not journey.personas:
        return said
    for ends in _WHOSE_ENDS:
        for end in ends.finditer(said, lead.end()):
            what = said[end.end():].strip()
            if what and _personas_for(journey, said[lead.end():end.start()]):
                return f"{what} for {said[lead.end():end.start()].strip()}"
    return said


def _on_then_stage(journey: JourneyMap, rest: str, options: dict[str, str]) -> str:
    """``rest`` with the "on ..." option given back when the stage is named inside it: in "add a pain point about
    boxes left on the doorstep to Delivery", "... bikes getting rained on to Drop the bike at the van" and "add an
    opportunity list the van on Google to Booking" the words after "on" are part of the name (no touchpoint is
    called that) and the stage is what follows the "to"; in "... on Cart page to Checkout" the touchpoint stays
    the option and the stage goes back to the name's words."""
    said = options["on"]
    joined = f"{rest} on {said}"
    split = _split_target(journey, joined)
    if split is None or not split[1] or len(split[0]) <= len(rest.strip()) or _stage_ref(journey, split[1]) is None:
        return rest
    between = re.sub(r"^on\s+", "", split[0][len(rest):].strip(), flags=re.I)
    del options["on"]
    if between and any(tp.name.casefold() == between.casefold() for _, tp in journey.touchpoints()):
        options["on"] = between
        return f"{rest} to {_quoted(split[1])}"
    return joined


def _add_item(journey: JourneyMap, m: re.Match) -> list[EditOp]:
    word = m.group(1).lower()
    lane = _LANES[word]
    said = _level_last(m.group(2)) if lane == "pain_points" else m.group(2)
    said = _whose_first(journey, said) if lane != "opportunities" else said
    rest, options = _options(_listed_personas(journey, said), tuple(st.name for st in journey.stages))
    if lane != "touchpoints" and options.get("on"):
        rest = _on_then_stage(journey, rest, options)
    then_to = re.fullmatch(r"(.+?)\s+to\s+(.+)", options.get("for", ""), flags=re.IGNORECASE)
    if lane != "opportunities" and then_to and _stage_ref(journey, then_to.group(2)) and not _personas_for(
            journey, then_to.group(1)):
        # "add a pain point about the envelope being too small for 120 rolls to Post your film": "for 120 rolls" is
        # part of the name (no persona is called that), and the stage is what follows "to"
        rest = f"{rest} for {then_to.group(1)} to {then_to.group(2)}"
        del options["for"]
    elif then_to and _stage_ref(journey, then_to.group(2)) and _personas_for(journey, then_to.group(1)):
        rest, options["for"] = f"{rest} to {then_to.group(2)}", then_to.group(1)  # "... for Hana to Delivery"
    target = _split_target(journey, rest)
    if target is None and lane == "pain_points" and "on" in options and _stage_ref(journey, options["on"]):
        target = (rest, options.pop("on"))  # "add pain point X on Delivery": a stage, not a touchpoint
    if lane != "opportunities" and _EVERYONE.fullmatch(options.get("for", "")):
        del options["for"]  # "for everyone", "for all personas": the default, every persona's
    personas = _personas_for(journey, options["for"]) if options.get("for") and journey.personas else None
    if personas and (lane != "opportunities" or _pain_point(
            journey, _item_ref(journey, "pain_points", options["for"])) is None):
        del options["for"]  # "add a pain point X to Delivery for Hana": whose it is (a pain point's name wins)
    else:
        personas = None
    refs = options.get("for") or options.get("answering") or options.get("addressing")
    if lane == "opportunities" and refs and (not target or not target[1] or _stage_ref(journey, target[1]) is None):
        # "add an opportunity 'Soundproof the party room' for the noise": on the stage of the problem it answers
        answered = _pain_point(journey, _item_ref(journey, "pain_points", refs))
        if answered is not None and answered[1] is None:
            pp = answered[0]
            raise EditError(f"“{pp.name}” is not on a stage yet, so its opportunity has nowhere to go: place it "
                            f"first, e.g. 'move pain point {_said(pp.name)} to {journey.stages[0].name}'"
                            if journey.stages else f"“{pp.name}” is not on a stage yet")
        if answered is not None:
            target = (rest, answered[1].name)  # the whole of what was said is the name: no stage was in it
            options = {**options, "for": answered[0].name}
            options.pop("answering", None), options.pop("addressing", None)
    if not target or not target[0] or not target[1]:
        example = journey.stages[min(1, len(journey.stages) - 1)].name if journey.stages else "a stage"
        if lane == "opportunities" and refs:  # "for the cows being loose": it was to go where that problem is
            raise EditError(f"no pain point of this map matches “{refs}”, so I can't tell which stage the "
                            f"opportunity goes to: name the pain point as the map writes it, or say the stage, e.g. "
                            f"'add {word} 'Its name' to {example} for {refs}'")
        raise EditError(f"say which stage it goes to, e.g. 'add {word} 'Its name' to {example}'")
    name, stage = _item_name(target[0]), target[1].strip().strip("'\"“”‘’")
    stage = _stage_ref(journey, stage) or stage
    data: dict = {"stage": stage}
    if lane in ("actions", "thoughts"):
        data["text"] = name
    else:
        data["name"] = name
    if lane == "touchpoints":
        channel = options.get("on") or options.get("channel") or options.get("via")
        if not channel:
            raise EditError(f"say which channel {name!r} is on, e.g. 'add touchpoint {name!r} to {stage} on Website'")
        data["channel"] = channel
        if "team" in options:
            data["team"] = options["team"]
    if lane == "pain_points":
        if "severity" in options:
            data["severity"] = _severity(options["severity"])
        if "on" in options:
            data["touchpoint"] = options["on"]
    if lane == "opportunities":
        refs = options.get("for") or options.get("answering") or options.get("addressing")
        if refs:
            whole = any(pp.name.casefold() == refs.casefold() for _, pp in journey.pain_points())
            parts = [refs] if whole else re.split(r",|\band\b", refs)  # 'fee and tax shown late' is one name
            data["addresses"] = [_item_ref(journey, "pain_points", r.strip(" '\"“”")) for r in parts if r.strip()]
        for key in ("impact", "effort"):
            if key in options:
                data[key] = _level(options[key], key)
    if lane == "kpis" and "target" in options:
        data["target"] = options["target"]
    if lane != "opportunities" and options.get("for"):
        known = ", ".join(p.name for p in journey.personas) or "none yet"
        raise EditError(f"“for {options['for']}” names no persona of this map (its personas: {known}); say whose it "
                        f"is by a persona's name, or put the words in quotes if they are part of the name")
    op = edits.parse_ops([{"op": f"add_{LANES[lane].op}", **data}])[0]
    if personas and "personas" in type(op).model_fields:
        op = op.model_copy(update={"personas": personas})
    elif personas:
        names = ", ".join(p.name for p in journey.personas if p.id in personas)
        raise EditError(f"{word}s belong to the whole stage, not to one persona: leave out 'for {names}'")
    return [op]


def _add_to_stage_first(journey: JourneyMap, m: re.Match) -> list[EditOp]:
    """ "add a pain point to STAGE: TEXT" read as "add a pain point 'TEXT' to STAGE"; "add a pain point for Tom: TEXT
    to STAGE" (a persona, no stage, after "for") as "add a pain point TEXT to STAGE for Tom"."""
    whose = m.group(2).strip()
    if re.search(rf"\bfor\s+{re.escape(whose)}\s*(?::|\s[-–—])", m.group(0), re.I) and journey.personas \
            and _stage_ref(journey, whose) is None and _personas_for(journey, whose):
        return parse(journey, f"add {m.group(1)} {m.group(3)} for {whose}")
    said, options = re.match(r"(.+?)((?:\s*,\s*(?:severity|impact|effort|target|team|on|for)\b.*)?)$", m.group(3)).groups()
    said, options = _REASON_AFTER.sub("", said), _REASON_AFTER.sub("", options)  # "..., high, it's the main one"
    level = re.search(rf"\s*,\s*({_LEVELS})(?:\s+(?:severity|priority))?\s*$", said, re.I)
    if level and not options:  # "...: cake arrives late, high": its severity, no part of its name
        said, options = said[:level.start()], f", severity {level.group(1)}"
    text, stage = said.strip().strip("'\"“”‘’"), m.group(2).strip().strip("'\"“”‘’")
    text = text[:1].upper() + text[1:]
    quote = ('"', '"') if '"' not in text + stage else ("“", "”")
    return parse(journey, f"add {m.group(1)} {quote[0]}{text}{quote[1]} to {quote[0]}{stage}{quote[1]}{options}")


def _set_emotion(journey: JourneyMap, m: re.Match) -> list[EditOp]:
    stage, value = _name(m, 1), m.group(6).strip().lower().replace("−", "-")
    stage = _stage_ref(journey, stage) or stage
    if value in _EMOTION_WORDS:
        score = _EMOTION_WORDS[value]
    elif re.fullmatch(r"[+-]?\d", value):
        score = int(value)
    else:
        raise EditError(f"an emotion is a number from -2 to +2 or a word like 'negative'; got {value!r}")
    if not -2 <= score <= 2:
        raise EditError(f"an emotion goes from -2 (very negative) to +2 (very positive); {score} is out of range")
    return [edits.SetEmotion(stage=stage, score=score)]


def _stage_feels(journey: JourneyMap, m: re.Match) -> list[EditOp]:
    """"Booking is very negative": only for a stage's name, which is then matched as the emotion rule matches it."""
    said = re.sub(r"^(?:the\s+)?(?:stage\s+)?", "", _name(m, 1), flags=re.I)
    asked = re.match(r"(?:make|mark|set)\b", m.group(0), flags=re.I) is not None
    sure = next((st.id for st in journey.stages if _sure(said, st.name)), None)
    stage = sure or (_stage_ref(journey, said) if asked else None)
    if stage is None and not asked:  # "why is checkout negative" is no instruction: as if no rule had matched
        raise EditError("I didn't understand that instruction.\n\n" + help_for(journey))
    if stage is None:
        raise EditError(f"no stage is called {said!r}, so I can't set how it feels; the stages are: "
                        + ", ".join(st.name for st in journey.stages))
    return [edits.SetEmotion(stage=stage, score=_EMOTION_WORDS[m.group(6).lower()])]


def _big_problem(journey: JourneyMap, m: re.Match) -> list[EditOp]:
    """"X is a big problem": high severity; "a small problem": low."""
    level = "high" if m.group("level").lower() in ("big", "huge", "serious", "major") else "low"
    return [edits.UpdatePainPoint(pain_point=_item_ref(journey, "pain_points", m.group("name").strip()),
                                  severity=_severity(level))]


def _retitle(journey: JourneyMap, m: re.Match) -> list[EditOp]:
    return [edits.UpdateMap(title=_title_of(_new_name(m, 1)))]


def _set_field(journey: JourneyMap, m: re.Match) -> list[EditOp]:
    field, name, value = m.group(1).lower(), _name(m, 2), _new_name(m, 7)
    if field == "severity":
        return [edits.UpdatePainPoint(pain_point=_item_ref(journey, "pain_points", name), severity=_severity(value))]
    if field in ("impact", "effort"):
        return [edits.UpdateOpportunity(opportunity=name, **{field: _level(value, field)})]
    if field == "target":
        return [edits.UpdateKPI(kpi=name, target=value)]
    if field == "team":
        return [edits.UpdateTouchpoint(touchpoint=name, team=value)]
    if field == "channel":
        return [edits.UpdateTouchpoint(touchpoint=name, channel=value)]
    return [edits.UpdateStage(stage=_stage_ref(journey, name) or name, goal=value)]


def _severity(value: str) -> int:
    key = value.strip().lower()
    if key not in _SEVERITY:
        raise EditError(f"severity is low, medium or high (or 1-3); got {value!r}")
    return _SEVERITY[key]


def _level(value: str, what: str) -> str:
    key = value.strip().lower()
    if key not in _LEVEL:
        raise EditError(f"{what} is low, medium or high; got {value!r}")
    return _LEVEL[key]


def _is_stage(journey: JourneyMap, name: str) -> bool:
    return any(s.id == name or s.name.casefold() == name.casefold() for s in journey.stages)


def _find_any(journey: JourneyMap, name: str) -> tuple[str, str] | None:
    key = name.casefold()
    for kind, item, stage in journey.items():
        if stage is not None and (item.id == name or (getattr(item, "name", None) or getattr(item, "text", "")).casefold() == key):
            return kind, item.id
    return None


#: A word that says a claim more firmly ("is really at", "actually belongs in"): no part of a name
_ADVERB = r"(?:really|actually|definitely|probably|mostly|usually|more|always)\s+"

_RULES: list[tuple[str, Callable[[JourneyMap, re.Match], list[EditOp]]]] = [
    (_MERGE.pattern, _merge),
    (rf"(?:add|insert|create)\s+(?:a\s+|an\s+|new\s+)*stage\s+(?:called\s+|named\s+)?{_Q}"
     rf"(?:\s+(after|before)\s+(?:the\s+)?(?:stage\s+)?{_Q})?"
     r"(?:\s+(?P<end>(?:at|to)\s+the\s+(?:very\s+)?(?:end|start|beginning|front)(?:\s+of\s+the\s+(?:journey|map))?|"
     r"(?:as\s+the\s+)?(?:first|last)(?:\s+(?:stage|step))?))?", _add_stage),
    (rf"(?:rename|retitle)\s+(?:the\s+|this\s+)?(?:journey\s+)?map\s+(?:to|as)\s+{_Q}", _retitle),
    (rf"(?:set|change)\s+(?:the\s+|this\s+)?(?:map'?s\s+|journey'?s\s+)?title\s+(?:of\s+the\s+map\s+)?(?:to|:)\s+{_Q}",
     _retitle),
    (rf"call\s+(?:the\s+|this\s+)?(?:journey\s+)?map\s+{_Q}", _retitle),
    (rf"rename\s+(?:the\s+)?(?:(stage|persona|{_LANE_WORDS})\s+)?{_Q}\s+(?:to|as|into)\s+{_Q}", _rename),
    (rf"(?:change|set)\s+the\s+name\s+of\s+(?:the\s+)?(?:(stage|persona|{_LANE_WORDS})\s+)?{_Q}\s+to\s+{_Q}",
     _rename),
    (rf"(?:the\s+)?(?:(stage|{_LANE_WORDS})\s+)?{_Q}\s+should\s+(?:be\s+)?(?:called|named|renamed(?:\s+to)?|read)\s+{_Q}",
     _rename),
    (rf"(?:move|place|put)\s+(?:the\s+)?(?:pain\s*point|problem)\s+{_Q}\s+(?:to|onto|into|on|in|at)\s+(?:the\s+)?"
     rf"(?:stage\s+)?{_Q}", _move_pain),
    (rf"move\s+(?:the\s+)?(?:stage\s+)?{_Q}\s+(before|after|to position|to)\s+(?:the\s+)?(?:stage\s+)?{_Q}", _move),
    # "the puppy intro session is hard to explain, add that to Check and choose": what was said before is the item
    (rf"(?P<said>.+?),\s+(?:so\s+)?(?:(?:please|can\s+you|could\s+you)\s+)?(?:add|put|stick)\s+(?:that|this|it)"
     rf"(?:\s+as\s+(?:a\s+|an\s+)?(?:new\s+)?(?P<lane>{_LANE_WORDS}))?\s+(?:to|in|into|at|on|under)\s+(?:the\s+)?"
     r"(?:stage\s+)?(?P<stage>.+)", _add_that),
    # "X happens at STAGE", "X is in STAGE": never a command whose name says "is in" ("remove the pain point the van
    # is in their village", "add a pain point 'Parking is in short supply' to Booking")
    (rf"(?!(?:remove|delete|drop|add|create|insert|set|make|mark|rate|rename|retitle|move|place|put|change|call)\b)"
     rf"(?:the\s+)?(?:pain\s*point\s+|problem\s+)?{_Q}\s+(?:both\s+|all\s+)?(?:{_ADVERB})?(?:happens|happen|goes|go|"
     rf"belongs|belong|fits|should\s+go|should\s+be|is|are)\s+(?:both\s+|all\s+)?(?:{_ADVERB})?(?:at|in|on|during|under|to|"
     rf"with)\s+"
     rf"(?:the\s+)?(?:stage\s+)?{_Q}", _happens_at),

    (r"(?:remove|delete|drop|get\s+rid\s+of|take\s+out|scrap|bin)\s+(.+)", _remove),
    # "add a pain point to Fix the reds: nobody owns the repairs": the stage first, then what to add
    (rf"(?:add|create)\s+(?:a\s+|an\s+|new\s+)*({_LANE_WORDS})s?\s+(?:to|at|in|on|for)\s+(?:the\s+)?(?:stage\s+)?"
     r"([^:]+?)\s*(?::|\s[-–—])\s+(.+)", _add_to_stage_first),
    # "add an opportunity: share a tech sheet ..." (a colon or dash after the kind, as people write a list)
    (rf"(?:add|create)\s+(?:a\s+|an\s+|new\s+)*({_LANE_WORDS})s?\s*(?:[:\-–—]\s*|\s)(.+)", _add_item),
    (rf"(?:set\s+)?(?:the\s+)?emotion\s+(?:of|for|at|in)\s+(?:the\s+)?(?:stage\s+)?{_Q}\s+(?:to|=|:|at)\s+"
     r"([+\-−]?\d|very negative|very positive|very bad|[a-z]+)", _set_emotion),
    (rf"set\s+(?:the\s+)?(severity|impact|effort|target|team|channel|goal)\s+(?:of|for)\s+{_Q}\s+(?:to|=|:)\s+{_Q}",
     _set_field),
    (r"(?:make|mark|set|rate)\s+(?:the\s+)?(?:pain\s*point\s+|problem\s+)?(?P<name>.+?)\s+(?:as\s+|to\s+)?(?:a\s+)?"
     rf"(?P<level>{_LEVELS})(?:\s+(?:severity|priority))?", _mark_severity),
    (r"(?:the\s+)?(?:pain\s*point\s+|problem\s+)?(?P<name>.+?)\s+is\s+(?:a\s+)?"
     rf"(?P<level>{_LEVELS})\s+(?:severity|priority)", _mark_severity),
    # "Booking is very negative", "make Something goes wrong very negative", "Checkout feels bad": a stage's emotion
    (rf"(?:(?:make|mark|set)\s+)?(?:the\s+)?(?:stage\s+)?{_Q}\s+(?:is|feels|(?:should\s+)?feel|should\s+be|as|to)?\s*"
     r"(very negative|very positive|very bad|negative|positive|neutral|bad|good|great|delighted|furious)",
     _stage_feels),
    # "swap Delivery and Order & pay", "swap the second and third stages": two stages change places
    (r"(?:swap|switch|exchange)\s+(?:round\s+|around\s+)?(?:the\s+)?(?:stages?\s+)?(?P<pair>.+?)"
     r"(?:\s+(?:round|around|over))?", _swap),
    # "call the stage Change the order by text 'Change the order' instead": a rename (the map's title is ruled above)
    (rf"call\s+(?:the\s+|this\s+)?(?:(?P<kind>stage|persona|{_LANE_WORDS})\s+)?(?P<rest>.+?)(?:\s+instead)?",
     _call_renamed),
    # "No reply for days is a big problem", "the price shock is a minor issue": a pain point's severity in words
    (r"(?:the\s+)?(?:pain\s*point\s+|problem\s+)?(?P<name>.+?)\s+is\s+(?:a\s+|an\s+)?(?:really\s+|very\s+)?"
     r"(?P<level>big|huge|serious|major|small|minor|little)\s+(?:problem|issue|pain(?:\s*point)?|deal)", _big_problem),
]
