"""The interview's questions and command words, as data (``prompts/interview.toml``).

Both the interview (which asks them) and the engines (which phrase follow-ups
and extraction prompts) read them from here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from cjm_assistant.resources import read_prompt


@dataclass(frozen=True)
class Question:
    key: str
    ask: str
    example: str = ""
    required: bool = False
    persona: bool = False
    after: str = ""  # once this question has an answer, ``ask_after`` is asked instead (nothing is asked twice)
    ask_after: str = ""
    like: str = ""  # the earlier question "same as above" most likely points to, when answering this one


@dataclass(frozen=True)
class Script:
    intro: str
    done: str
    questions: tuple[Question, ...]
    commands: dict[str, tuple[str, ...]]
    examples: dict[str, dict[str, str]]  # kind of business -> question key -> example
    references: dict[str, tuple[str, ...]]

    def example(self, question: Question, kind: str | None) -> str:
        """The example that fits this kind of business (product, service, b2b, two-sided), else the question's."""
        return self.examples.get(kind or "", {}).get(question.key, question.example)


@cache
def script() -> Script:
    data = tomllib.loads(read_prompt("interview.toml"))
    return Script(
        intro=data["intro"].strip(),
        done=data["done"].strip(),
        questions=tuple(Question(**q) for q in data["question"]),
        commands={k: tuple(v) for k, v in data["commands"].items()},
        examples={k: dict(v) for k, v in data.get("examples", {}).items()},
        references={k: tuple(v) for k, v in data.get("references", {}).items()},
    )


def command_of(text: str) -> str | None:
    """'skip', 'back', 'draft', 'yes' or 'no' when the answer is one of those words."""
    key = " ".join(text.casefold().strip(" .!?\t\n").split())
    for name, words in script().commands.items():
        if key in words:
            return name
    return None


#: Taking up what was offered (a "did you mean", a waiting proposal), or turning it down
_TAKE = frozenset(("yes", "y", "yeah", "yep", "yup", "ok", "okay", "sure", "correct", "accept", "yes please",
                   "that one", "yes that one", "yes, that one", "that's it", "thats it", "go ahead", "do it", "save it",
                   "looks good"))
_LEAVE = frozenset(("no", "nope", "reject", "cancel", "no thanks", "don't", "dont"))


def consent(text: str) -> str | None:
    """"accept" when a reply takes up what was just offered ("yes", "ok", "that one"), "reject" when it turns it
    down ("no", "cancel"), else None: the reply says something of its own."""
    said = " ".join(text.casefold().split()).strip(".! ")
    return "accept" if said in _TAKE else "reject" if said in _LEAVE else None


def yes_or_no_lead(text: str) -> tuple[str, str] | None:
    """('yes' or 'no', what follows) when an answer opens with one of those words and says more ("Yes, there's
    also Dave, a builder who buys on account" -> ('yes', "there's also Dave, a builder who buys on account");
    "No, that's everyone" -> ('no', "that's everyone")); else None. One-letter words ("y", "n") lead nothing:
    "n" opens too many sentences to be a no."""
    words = {name: tuple(w for w in script().commands.get(name, ()) if len(w) > 1) for name in ("yes", "no")}
    for name, phrases in words.items():
        m = re.match(rf"^\W*(?:{_alternatives(phrases)})(?![\w'’-])[\s,.;:!?…—–-]*(.*)$", text, re.I | re.S)
        if m:
            rest = _POLITE_LEAD.sub("", m.group(1)).strip()
            return name, rest if len(rest.split()) >= 2 else ""
    return None


# Words that only go on saying yes or no ("yes please", "yes, definitely one more"): no one's name.
_POLITE_LEAD = re.compile(r"^(?:(?:please|definitely|of\s+course|absolutely|sure|ok|okay|yes|yeah|"
                          r"another(?:\s+one)?|one(?=\s*[:;,—–-])|one\s+more|thanks?(?:\s+you)?|i\s+think\s+so|"
                          r"i\s+guess)(?![\w'’-])[\s,.;:!?…—–-]*)+", re.I)


def _alternatives(words: tuple[str, ...]) -> str:
    """A regex alternation of phrases, longest first, each word separated by any blank."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


@cache
def _reference_pattern() -> re.Pattern[str]:
    refs = script().references
    fillers = _alternatives(refs.get("fillers", ()))
    filler = rf"(?:(?:{fillers})\b[\s,]*)*" if fillers else ""
    adding = rf"|(?=(?:{_alternatives(refs['adding'])})\b)" if refs.get("adding") else ""
    return re.compile(
        rf"^\W*{filler}(?:{_alternatives(refs.get('phrases', ()))})(?![\w'’-])[\s,]*{filler}"
        rf"(?:$|[:;,.!?…—–-]+\s*{adding})",
        re.I,
    )


def reference_of(text: str) -> tuple[str, bool] | None:
    """When an answer opens by referring to the one before it ("Same as above really: slow replies"),
    what it says besides the reference ("slow replies"; "" when nothing) and whether that adds to what
    was referred to ("same as above, plus late deliveries": True) rather than restating it; else None.

    "Same-day delivery is slow" is no reference: the phrase must stand alone, followed by punctuation
    or by the end of the answer.
    """
    match = _reference_pattern().match(text.strip())
    if match is None:
        return None
    rest = text.strip()[match.end():].strip()
    adding = re.match(rf"(?:{_alternatives(script().references.get('adding', ()))})\b[\s,:]*", rest, re.I)
    if adding and script().references.get("adding"):
        return rest[adding.end():].strip(), True
    return rest, False
