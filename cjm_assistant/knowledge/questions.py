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
    """'skip', 'back' or 'draft' when the answer is one of those words (``[commands]`` of the interview script);
    else 'yes' or 'no' when it says yes or no to an "another one?" question (:func:`consent` with ``another``)."""
    key = " ".join(text.casefold().strip(" .!?\t\n").split())
    for name, words in script().commands.items():
        if key in words:
            return name
    if dont_know(text):  # "I don't know", "idk tbh", "honestly, no idea": a "not sure", never an answer to keep
        return "skip"
    return {"accept": "yes", "reject": "no"}.get(consent(text, another=True) or "")


#: Saying one does not know, the whole answer once :data:`_AROUND_DONT_KNOW` is left out ("I don't know", "idk",
#: "dunno", "no idea", "not a clue", "I'm not sure", "can't say")
_DONT_KNOW = re.compile(r"(?:(?:i|we)\s+)?(?:really\s+|just\s+|honestly\s+|genuinely\s+)?"
                        r"(?:don'?t|do\s+not|dont|didn'?t)\s+(?:really\s+)?know(?:\s+(?:that|this|it))?|"
                        r"(?:i\s+)?dunno|idk|no\s+idea|no\s+clue|not\s+a\s+clue|"
                        r"(?:i\s+have|i'?ve|i\s+haven'?t)\s+(?:got\s+)?(?:no|any|a)\s+(?:idea|clue)|"
                        r"(?:i\s+am\s+|i'?m\s+|im\s+|we'?re\s+|we\s+are\s+)?(?:really\s+)?(?:not\s+sure|unsure)|"
                        r"(?:i\s+)?(?:can'?t|cannot|couldn'?t)\s+say|who\s+knows|beats\s+me|no\s+clue\s+at\s+all|"
                        r"n/?a|not\s+applicable")
#: Words that may be said before it without changing it: "um", "honestly", "sorry", "nope, no idea" ...
_BEFORE_DONT_KNOW = frozenset("um umm erm er uh hmm hmmm mm oh ah eh well so honestly sorry to be honest tbh no nope "
                              "haha lol".split())
#: ... and after it: "really", "tbh", "sorry", "yet", "at all", "I'm afraid"
_AFTER_DONT_KNOW = re.compile(r"(?:\s+(?:really|tbh|honestly|sorry|yet|at\s+all|mate|lol|i'?m\s+afraid|"
                              r"to\s+be\s+honest|though|either|for\s+now|right\s+now|at\s+the\s+moment|"
                              # words that name nothing: "I don't know, stuff", "dunno, things like that"
                              r"(?:and\s+|just\s+|various\s+|some\s+|random\s+)?(?:stuff|things|bits|whatever|etc|"
                              r"bits\s+and\s+bobs|all\s+sorts|this\s+and\s+that)(?:\s+like\s+that)?))+$")


def dont_know(text: str) -> bool:
    """Whether an answer only says the person does not know ("I don't know", "idk", "dunno", "no idea", "honestly,
    not sure"): no answer, never a name or an offering ("What does I don't know want?")."""
    said = " ".join(re.sub(r"[,.!?…;:()\"“”]+", " ", text[:120].casefold().replace("’", "'")).split())
    words = _AFTER_DONT_KNOW.sub("", said).split()
    for start, word in enumerate(words):  # "no idea", and "nope, no idea" with the "nope" left out
        if _DONT_KNOW.fullmatch(" ".join(words[start:])) or start == 0 and _DONT_KNOW.fullmatch(said):
            return True
        if word not in _BEFORE_DONT_KNOW:
            return False
    return False


#: An answer that opens by saying one does not know and goes on to say something: "No idea, but mostly parents"
_DONT_KNOW_LEAD = re.compile(r"^\s*(?P<lead>[^,;:.!?–—]{2,40}?)\s*(?:[,;:.!?–—]+|\s-)\s*(?:but\s+)?(?=\S)", re.I)


def without_dont_know(text: str) -> str:
    """An answer without its opening "I don't know," when something follows it ("I don't know, cakes mostly":
    "cakes mostly"); the answer as it was otherwise."""
    lead = _DONT_KNOW_LEAD.match(text)
    if lead is None or not dont_know(lead.group("lead")) or dont_know(text):
        return text
    return text[lead.end():].strip()


# The one vocabulary for saying yes or no, wherever cjm asks (another persona? this proposal? did you mean...?).
#: Saying yes anywhere
_YES = ("yes", "y", "yeah", "yea", "yeh", "ya", "yah", "yep", "yup", "aye", "ok", "okay", "alright", "all right",
        "sure", "sure thing", "of course", "absolutely", "definitely", "why not", "go on", "go on then", "please",
        "yes please")
#: Saying no anywhere
_NO = ("no", "n", "nah", "naw", "nope", "no thanks", "no thank you", "not really", "not now", "not this time",
       "no need", "don't", "dont", "i don't think so", "i dont think so")
#: Taking up what was offered (a "did you mean", a waiting proposal): "that's it" is "that one" here
_TAKE = ("correct", "accept", "that one", "that's it", "thats it", "that's right", "thats right", "go ahead",
         "do it", "save it", "looks good", "sounds good", "perfect")
#: Turning down what was offered
_LEAVE = ("reject", "cancel")
#: "Yes, one more" to an "another one?" question
_MORE = ("another", "another one", "one more", "just one more", "add another", "add one", "add one more")
#: "No more" to an "another one?" question: there "that's it" says enough
_ENOUGH = ("that's it", "thats it", "that's all", "thats all", "that's everyone", "thats everyone", "that's everybody",
           "thats everybody", "that's the lot", "thats the lot", "no more", "none", "nobody else", "no one else",
           "noone else", "just the one", "just one", "only one", "only the one", "all done",
           "i'm done", "im done", "we're done", "were done", "i'm good", "im good", "all good", "that'll do",
           "thatll do")
#: Politeness that goes with either ("no thanks mate", "yes please, cheers")
_POLITE = ("thanks", "thank you", "thanks though", "cheers", "mate", "for now", "for the moment", "i think",
           "really")


def _consent_words(another: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The (yes, no) phrases of :func:`consent`: what counts as enough or as that one depends on the question."""
    return (_YES + (_MORE if another else _TAKE), _NO + (_ENOUGH if another else _LEAVE))


@cache
def _consent_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A whole reply made of these phrases and politeness only, one after another ("nah, that's it thanks")."""
    phrase = rf"(?:{_alternatives(words + _POLITE)})"
    return re.compile(rf"{phrase}(?:[\s,.;:!?…—–-]+{phrase})*", re.I)


def consent(text: str, *, another: bool = False) -> str | None:
    """"accept" when a reply says yes ("yes", "yep", "sure", "yeah go on"), "reject" when it says no ("no", "nah",
    "nope", "no thanks"), else None: the reply says something of its own ("no, call it Delivery", "Nora, 52").

    A reply may chain such phrases ("nah thats it", "yes please, cheers") but must be nothing else. ``another``: the
    question was "add another one?", where "that's it", "that's all" or "nobody else" say no and "one more" says
    yes; elsewhere (a "did you mean", a proposal) "that's it" takes up what was offered."""
    said = " ".join(text.casefold().replace("’", "'").split()).strip(" .!?,;…")
    if not said:
        return None
    yes, no = _consent_words(another)
    for answer, words in (("accept", yes), ("reject", no)):
        if _consent_pattern(words).fullmatch(said) and _consent_pattern(_POLITE).fullmatch(said) is None:
            return answer
    return None


def yes_or_no_lead(text: str) -> tuple[str, str] | None:
    """('yes' or 'no', what follows) when an answer to an "another one?" question opens with a yes or a no of
    :func:`consent` and says more ("Yes, there's also Dave, a builder who buys on account" -> ('yes', "there's
    also Dave, a builder who buys on account"); "Nah, that's everyone" -> ('no', "that's everyone")); else None.
    One-letter words ("y", "n") lead nothing: "n" opens too many sentences to be a no; nor does politeness alone."""
    yes, no = _consent_words(another=True)
    for name, phrases in (("yes", yes), ("no", no)):
        phrases = tuple(w for w in phrases if len(w) > 1 and w != "please")
        m = re.match(rf"^\W*(?:{_alternatives(phrases)})(?![\w'’-])[\s,.;:!?…—–-]*(.*)$",
                     text.replace("’", "'"), re.I | re.S)
        if m:
            rest = _POLITE_LEAD.sub("", m.group(1)).strip()
            return name, rest if len(rest.split()) >= 2 else ""
    return None


# Words that only go on saying yes or no ("yes please", "yes, definitely one more"): no one's name.
_POLITE_LEAD = re.compile(r"^(?:(?:please|definitely|of\s+course|absolutely|sure|ok|okay|yes|yeah|go\s+on|why\s+not|"
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


#: An answer that asks back instead of answering: "what do you mean?", "why do you ask?", "like what?", "huh?"
_ASKS_BACK = re.compile(
    r"^\s*(?:(?:sorry|um+|er+|hmm+|ok|okay)[,.!]?\s+)?(?:"
    r"what\s+(?:do|did)\s+you\s+mean(?:\s+by\s+(?:that|this|it))?|what\s+does\s+(?:that|this|it)\s+mean|"
    r"what(?:'s|’s|\s+is)\s+(?:that|this|a\s+\w+)|meaning|like\s+what|such\s+as|for\s+example|e\.?g\.?|"
    r"why(?:\s+do\s+you\s+(?:ask|need\s+(?:to\s+know|that|this)|want\s+to\s+know))?|"
    r"how\s+(?:should|would|do)\s+i\s+know|how\s+do\s+you\s+mean|"
    r"(?:can|could)\s+you\s+(?:explain|rephrase|clarify|say\s+(?:it|that)\s+again|give\s+(?:me\s+)?an?\s+example)"
    r"(?:\s+(?:that|this|it|please|the\s+question))*|"
    r"i\s+(?:don'?t|do\s+not|dont)\s+(?:understand|get\s+it|follow)(?:\s+(?:the|your)\s+question)?|"
    r"huh|eh|pardon|come\s+again|sorry|what|which\s+(?:one|ones)|"
    r"(?:what|which)\s+(?:kind|sort|type)\s+of\s+(?:answer|thing|things)\s+(?:do\s+you\s+(?:want|need|mean))"
    r")\s*(?:please|exactly|here|then)?\s*[?!.]*\s*$", re.IGNORECASE)


def asks_back(text: str) -> bool:
    """Whether an answer asks about the question instead of answering it ("what do you mean?", "why do you ask?",
    "can you give an example?", "huh?"): it is asked again with a hint, never kept as the answer."""
    return bool(_ASKS_BACK.match(" ".join(text.replace("’", "'").split())[:200]))
