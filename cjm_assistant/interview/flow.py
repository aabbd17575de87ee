"""The interview: a conversation that fills a :class:`Profile`.

The questions live in ``prompts/interview.toml``. The interview is a small
state machine whose whole state is a pydantic model, so the session can save
it after every answer and resume it after a quit. Extraction of free text is
the engine's job; the interview decides what to ask next: a follow-up when an
answer was thin, the persona questions once per persona (an answer naming
several people, "Margaret, 70, ...; and Tom, 38, ...", is a persona each, asked
about in turn without a yes/no), never a question the
user already answered (the known problems after the frustrations are asked as
"besides those"), and it understands "skip", "back" and "draft the map" at any
point. An answer that refers back ("same as above", "as I said: ...") is read
as that reference, not as content: the words of the answer it refers to are
extracted (with what it adds), never "same as above" itself. The examples under
a question fit the kind of business the answers so far describe.

Once every question is answered, an engine that can tell which stated problems
fit no stage with confidence (``engine.unplaced(profile)``, the playbook can)
gets one more step per such problem: "Which step does 'X' happen in?", with
the stages listed; the answer (a number or a name, matched loosely) is kept in
the profile's ``placements`` and the map puts the problem there.
"""

from __future__ import annotations

import re
import threading
import uuid
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from cjm_assistant.domain.model import clean_text
from cjm_assistant.domain.profile import Profile
from cjm_assistant.engines.base import Cancelled, Engine, EngineError, Extraction
from cjm_assistant.knowledge.detect import split_personas
from cjm_assistant.knowledge.questions import (Question, asks_back, command_of, consent, reference_of, script,
                                              without_dont_know, yes_or_no_lead)
from cjm_assistant.interview.stages import (KEEP_WORDS, STEPS_WANTED, confirm_question, match_stage, new_step,
                                            parse_stage_list, placing_question, short)

#: "same as Femi really", "the same as for Femi, plus ...": another persona named as the answer
_SAME_AS_NAMED = re.compile(r"^\W*(?:(?:it'?s|its|just|probably)\s+)?(?:the\s+)?same\s+as\s+(?:for\s+|with\s+)?"
                            r"(?P<name>[^\W\d_][\w'’-]*(?:\s+(?!really\b|too\b|basically\b|mostly\b|i\b|plus\b|"
                            r"and\b|but\b)[^\W\d_][\w'’-]*){0,3}?)(?:'s|’s)?(?:\s+(?:really|too|basically|mostly|"
                            r"i\s+think|i\s+guess))*(?=\s*(?:[:;,.!?…—–-]|$|plus\b|and\b|but\b))", re.I)
#: An earlier persona said by its place: "same as the first one", "the previous persona", "the one before"
_SAME_AS_WHICH = re.compile(r"(?:the\s+)?(?P<which>first|previous|last|other|one\s+before|earlier)"
                            r"(?:\s+(?:one|persona|person|customer|answer))?")
MAX_ANSWER = 20_000  # characters kept from one answer; the rest is dropped with a note


class Answer(BaseModel):
    key: str
    text: str  # empty when the question was skipped
    persona: int = 0
    follow_up: bool = False
    content: str = ""  # what was taken in, when it differs from the text ("same as above": the words it points to)
    # The profile as it was before this answer, so that "back" can restore it.
    before: Profile


#: Said when an answer asks back ("what do you mean?") instead of answering: the question comes again, with its example
ASKED_BACK = ("That sounds like a question about the question, so I haven't kept it as your answer. Here it is again, "
              "with an example of the kind of answer that helps: a few words of your own are enough, and **skip** "
              "passes it.")
#: Said the first time a question is answered "not sure" / "don't know": the question again, and how to pass it
UNSURE = ("No problem if you're not sure: a rough guess or a single example helps the map more than nothing (see "
          "the example). Say **skip**, or “not sure” again, to pass this one.")
#: Said when the question the map needs (what the business is) is skipped or answered "not sure" the first time
NEEDED = "I need this one to draw anything useful; a few words are enough."
#: ... added when it was "not sure": what helps, and that a second one passes it
UNSURE_NEEDED = ("Even a rough description helps (what you sell or do, and for whom); say “not sure” again and "
                 "I'll go on without it.")
#: Said when it is passed the second time: the map is drawn all the same, under a name to change later
PASSED_NEEDED = ("Going on without it: the map will be called “Your business” until you rename it (say **back** to "
                 "answer it after all).")
#: Said at the first persona question when a customer was described at the channels question
TOLD_EARLY = ("You described a customer earlier (“{said}”): say **same as above** to take them, or tell me about "
              "someone else.")
#: The questions whose answer is kept as one text (a list's statements are read one by one, their hedges with them)
KEPT_WHOLE = ("business", "offering", "customers", "goal", "persona_description")
#: The text fields a follow-up answer adds to (a list field is extended anyway; the journey is one, chosen anew)
ADDED_TO = ("description", "offering", "customers", "goal")


def _added_to(before: Profile, after: Profile) -> Profile:
    """``after`` with each of :data:`ADDED_TO` that a follow-up answer changed holding the first answer and the
    follow-up's ("B2C, everyone" then "mostly parents planning a party": both), unless one holds the other already."""
    from cjm_assistant.knowledge.lists import no_answer

    changes = {}
    for key in ADDED_TO:
        old, new = getattr(before, key), getattr(after, key)
        if old and new and old != new and old.casefold() not in new.casefold() and not no_answer(old):
            changes[key] = new if new.casefold().startswith(old.casefold()) else f"{old.rstrip(' .;,')}; {new}"
    return after.model_copy(update=changes) if changes else after


class InterviewState(BaseModel):
    id: str = Field(default_factory=lambda: uuid.uuid4().hex[:12])
    position: int = 0  # index into script().questions
    persona: int = 0  # which persona the persona questions are about
    follow_up: str | None = None  # a follow-up question waiting for its answer
    unsure: str = ""  # the question last answered "not sure" (asked again once with a hint, then skipped)
    answers: list[Answer] = Field(default_factory=list)
    profile: Profile = Field(default_factory=Profile)
    status: Literal["asking", "ready"] = "asking"
    notes: list[str] = Field(default_factory=list)  # what went wrong reading answers (a model that failed)
    placing: list[str] = Field(default_factory=list)  # stated problems still to place, first asked now
    pending: str = ""  # an answer saved but not yet read (the app stopped in between): read it on resume
    stages: list[str] = Field(default_factory=list)  # the stages they can go on, or the proposed ones
    confirming: bool = False  # the proposed stages are shown for the owner to confirm, rename or reorder
    confirmed: bool = False  # ... and were answered (not asked again)


@dataclass(frozen=True)
class TooMany:
    """An answer that gives more of something than a map holds: which list (``key``, ``whose``: " of persona 2"
    for a persona's), how many were given and the most a map holds."""

    key: str
    whose: str
    noun: str
    count: int
    most: int
    #: the lists (key, whose) that are each within the limit but over it together ("channels" and a persona's)
    together: tuple[tuple[str, str], ...] = ()

    def said(self, in_file: bool = False) -> str:
        """One sentence naming the list (the answers file's key, ``in_file``), or the lists over the limit
        together, and the limit."""
        keep = f"and a map holds at most {self.most}; keep the {self.most} that matter most"
        if self.together:
            keys = [f"`{key}`{whose}" for key, whose in self.together]
            keys = f"{', '.join(keys[:-1])} and {keys[-1]}" if len(keys) > 1 else keys[0]
            if in_file:
                return f"{keys} in the answers file give {self.count} different {self.noun} between them, {keep}"
            return f"With that answer the business and its customers use {self.count} different {self.noun} " \
                   f"between them, {keep}"
        what = f"`{self.key}`{self.whose} in the answers file" if in_file else "That answer"
        return f"{what} gives {self.count} {self.noun}, {keep}"


def _most(model, field: str) -> int | None:
    """The most items the map's ``model.field`` list holds (pydantic's ``max_length`` of it)."""
    return next((m.max_length for m in model.model_fields[field].metadata if hasattr(m, "max_length")), None)


def too_many(profile: Profile) -> TooMany | None:
    """The first of the profile's lists that holds more than the map drawn from it may (61 channels: a map has at
    most 60), else None: said in words before a draft is made, never as pydantic's errors."""
    from cjm_assistant.domain.model import Business, JourneyMap, Persona

    counted = [("channels", "", "channels", profile.channels, _most(JourneyMap, "channels")),
               ("data", "", "sources of data", profile.data, _most(Business, "data")),
               ("personas", "", "personas", profile.personas, _most(JourneyMap, "personas"))]
    for i, persona in enumerate(profile.personas, 1):
        counted += [(key, f" of persona {i}", key, getattr(persona, key), _most(Persona, key))
                    for key in ("channels", "goals", "frustrations")]
    over = next((TooMany(key, whose, noun, len(items), most) for key, whose, noun, items, most in counted
                 if most is not None and len(items) > most), None)
    return over or _channels_together(profile)


def _channels_together(profile: Profile) -> TooMany | None:
    """The business's and the personas' channels when each list is within the map's limit but there are more
    different ones than a map holds (40 of the business's and 40 others of a persona's: a map of 80 channels)."""
    from cjm_assistant.domain.model import MAX_CHANNELS

    lists = [("channels", "", profile.channels)] + [("channels", f" of persona {i}", persona.channels)
                                                    for i, persona in enumerate(profile.personas, 1)]
    names = {" ".join(name.casefold().split()) for _, _, items in lists for name in items}
    if len(names) <= MAX_CHANNELS:
        return None
    return TooMany("channels", "", "channels", len(names), MAX_CHANNELS,
                   together=tuple((key, whose) for key, whose, items in lists if items))


@dataclass
class Turn:
    """What the interview says after an answer."""

    reply: str  # the next question, a follow-up, or the closing line
    ready: bool = False  # True when it is time to draft the map
    note: str = ""  # a remark before the question (e.g. "Skipped.")
    too_many: TooMany | None = None  # the answer was not kept: it gives more than a map holds


class Interview:
    def __init__(self, engine: Engine, state: InterviewState | None = None):
        self.engine = engine
        self.state = state or InterviewState()

    # -- what to ask ---------------------------------------------------------

    @property
    def question(self) -> Question | None:
        if self.state.status == "ready":
            return None
        return script().questions[self.state.position]

    def prompt(self) -> str:
        """The text of what is being asked now."""
        if self.state.follow_up:
            return self.state.follow_up
        if self.state.confirming and self.state.status == "asking":
            return confirm_question(self.state.stages)
        if self.state.placing and self.state.status == "asking":
            return placing_question(self.state.placing[0], self.state.stages)
        q = self.question
        if q is None:
            return script().done
        ask = q.ask_after if q.after and q.ask_after and self._answered(q.after) else q.ask
        text = ask.replace("{persona}", self._persona_name())
        kind = self._kind()
        if kind == "two-sided" and q.key.startswith("persona_") and not self._on_the_listing_side():
            kind = "two-sided-customer" if q.key in script().examples.get("two-sided-customer", {}) else kind
        told = self._person_told_early() if q.key == "persona_name" else None
        if told is not None:  # a customer described one question early: offered, not asked for from scratch
            text = f"{text}\n\n{TOLD_EARLY.format(said=short(told.text))}"
        example = script().example(q, kind)
        return f"{text}\n\n*For example: {example}*" if example else text

    def _person_told_early(self) -> Answer | None:
        """The answer to the channels question that described a customer instead ("Priya O'Neil, 45, head of
        compliance": asked about next), while the first customer is still to be named; else None."""
        if self.state.persona or self.state.profile.personas or self._answered("persona_name"):
            return None
        from cjm_assistant.engines.playbook.extract import a_person

        return next((a for a in self.state.answers if a.key == "channels" and a.text and a_person(a.text)), None)

    def _on_the_listing_side(self) -> bool:
        """Whether the persona asked about now is on the side of a two-sided business that lists or provides."""
        from cjm_assistant.knowledge import grammar
        from cjm_assistant.knowledge.steps import persona_side

        personas = self.state.profile.personas
        if not 0 <= self.state.persona < len(personas):
            return False
        persona = personas[self.state.persona]
        # its role's words (of the name, before the given name) name a side that lists or provides ("Childminder
        # Carol", "Walker Wendy"): on a two-sided business that is the listing side, whatever else is said of them
        role = {w.casefold() for w in persona.name.split()[:-1]}
        return bool(role & set(grammar.words()["provider"])) or persona_side(persona.name, persona.description) == \
            "provider"

    def _kind(self) -> str | None:
        """The kind of business the answers so far describe, for examples that fit it (None: nothing said yet;
        ``kinds.NEITHER``: nothing says service or product, so the questions keep their own mixed examples; a
        service that goes to the customer is "visiting", one on the customer's own thing left with it "left")."""
        from cjm_assistant.knowledge import kinds

        p = self.state.profile
        text = " ".join([p.description, p.offering, p.customers])
        if not text.strip():
            return None
        two_sided = p.business_model in ("marketplace", "C2C") or kinds.is_two_sided(text)
        if not two_sided and p.business_model != "B2B" and kinds.is_membership(p.description, text, p.offering):
            return "membership"  # a club, a choir, a society: people join and stay, they don't book and buy
        own = f"{p.description} {p.offering}"
        if p.business_model != "B2B" and kinds.sold_as_app(own):
            return "app"  # an app paid for by subscription: no orders delivered, no lunch-break booking
        kind = kinds.business_kind(text, two_sided, p.business_model == "B2B")
        if p.business_model == "B2B" and kind in ("b2b", "service") and kinds.only_services(own) \
                and not kinds.comes_to_customer(" ".join([text, p.journey]), own=own):
            return "b2b-service"  # a firm that signs up for a service it keeps: no orders, no lunch-break booking
        if kind in ("service", kinds.NEITHER, "product"):  # how the service reaches the customer, when the answers say so
            said = " ".join([text, p.journey])
            if kinds.comes_to_customer(said, own=own) and kind != "product":
                return "visiting"
            # work on the customer's own thing ("bike repairs", "a picture framer"): theirs, left with us, not goods
            if kinds.works_on_their_thing(own) or kind != "product" and kinds.left_with_business(said):
                return "left"
        return kind

    def opening(self) -> str:
        return f"{script().intro}\n\n{self.prompt()}" if not self.state.answers else self.prompt()

    def _persona_name(self) -> str:
        personas = self.state.profile.personas
        if self.state.persona < len(personas):
            return personas[self.state.persona].name
        return "this customer"

    @property
    def progress(self) -> tuple[int, int]:
        """(questions asked before this one, questions in all) for "question 9 of 14": each further persona adds
        the persona questions again, so the count goes on from 10 of 14 to 10 of 19, never back to 5 of 14."""
        again = self.state.persona * (self._index("more_personas") - self._index("persona_name") + 1)
        return self.state.position + again, len(script().questions) + again

    # -- answering -----------------------------------------------------------

    def answer(self, text: str, cancel: threading.Event | None = None, items: list[str] | None = None) -> Turn:
        """Take an answer; ``cancel`` (Esc) stops a model reading it (raising Cancelled, nothing changed).
        ``items``: the answer was given as a list (an answers file's ``problems = ["...", "..."]``, ``text`` their
        words together): each item of a list of statements is one statement, never split again at its commas."""
        text = clean_text(text)
        note, length = "", len(text)
        if len(text) > MAX_ANSWER:
            text = text[:MAX_ANSWER]
            note = f"That was a long answer; I kept the first {MAX_ANSWER:,} characters."
        if self.state.status == "ready":
            return Turn(script().done, ready=True)
        command = command_of(text)
        if self.state.confirming:
            return self._confirm(text, command)
        if self.state.placing:
            return self._place(text, command)
        q = self.question
        assert q is not None
        if command == "back":
            return self.back()
        if command == "draft":  # early: the proposed stages are still shown when the industry is unsure
            return self._start_confirming() or self.finish()
        unsure = command == "skip" and text.casefold().strip(" .!?") not in ("skip", "pass", "next")
        if unsure and not q.required and self.state.unsure != f"{q.key}:{self.state.persona}" and \
                self.state.follow_up is None:  # "not sure": once, a hint; a second "not sure" skips
            self.state.unsure = f"{q.key}:{self.state.persona}"
            return Turn(self.prompt(), note=UNSURE)
        if command == "skip" or not text:
            if q.required and not self._answered(q.key) and not text:
                return Turn(self.prompt(), note=NEEDED)
            if q.required and not self._answered(q.key):  # asked once more, then passed: never asked for ever
                if self.state.unsure != f"{q.key}:{self.state.persona}":
                    self.state.unsure = f"{q.key}:{self.state.persona}"
                    return Turn(self.prompt(), note=f"{NEEDED} {UNSURE_NEEDED}" if unsure else NEEDED)
                self.state.answers.append(Answer(key=q.key, text="", persona=self.state.persona,
                                                 before=self.state.profile))
                self.state.follow_up = None
                return self._advance(PASSED_NEEDED)
            if self.state.follow_up is None:  # remembered, so that "back" returns to the skipped question
                self.state.answers.append(Answer(key=q.key, text="", persona=self.state.persona,
                                                 before=self.state.profile))
            self.state.follow_up = None
            return self._advance("Skipped." if text else "")
        if asks_back(text):  # "what do you mean?": a question about the question, not an answer to keep
            return Turn(self.prompt(), note=ASKED_BACK)
        if q.key == "more_personas":
            said = ""
            if command not in ("yes", "no"):  # "Yes, there's also Dave, who buys for a builder": a yes, then Dave
                lead = yes_or_no_lead(text)
                if lead is None and self.state.unsure != f"{q.key}:{self.state.persona}":
                    self.state.unsure = f"{q.key}:{self.state.persona}"  # asked once more, then taken as a no
                    return Turn(self.prompt(), note="Please answer yes or no (after a yes you can go on to say "
                                                    "who they are).")
                if lead is None:  # "maybe?" twice: never asked for ever; the personas so far are the map's
                    self.state.answers.append(Answer(key=q.key, text="no", persona=self.state.persona,
                                                     before=self.state.profile))
                    return self._advance("I'll take that as a no; say **back** to add another customer after all.")
                command, said = lead
            self.state.answers.append(Answer(key=q.key, text=command if said else text, persona=self.state.persona,
                                             before=self.state.profile))
            if command == "yes":
                self.state.persona = len(self.state.profile.personas)
                self.state.position = self._index("persona_name")
                return self.answer(said, cancel) if said else Turn(self.prompt())
            return self._advance()
        before = self.state.profile
        was_follow_up = self.state.follow_up is not None
        content, referred = self._resolve(q, text)
        if q.key in KEPT_WHOLE:  # "I don't know, cakes mostly": the cakes, not the "I don't know"
            content = without_dont_know(content)
        if not content and referred:  # "same as above" with nothing above it: asked again, nothing copied
            return Turn(self.prompt(), note=referred)
        if referred:
            note = " ".join(filter(None, (note, referred)))
        people = split_personas(content) if q.key == "persona_name" else [content]
        profile = before
        for said in people:  # "Margaret, 70, ...; and Tom, 38, ...": each person is a persona of their own
            extraction, failed = self._extract(q.key, said, self._about_current(q, profile), cancel)
            said_note = _true_length(extraction.note, length)
            note = " ".join(filter(None, [note, failed, said_note]))
            if said_note:  # kept with the interview, so that an answers file's run says it too
                self.state.notes.append(f"“{q.key}”: {said_note}")
            update = dict(extraction.update)
            if q.key.startswith("persona_") and "personas" not in update and "problems" not in update or \
                    q.key == "persona_name" and self._merges_into_another(update, profile):
                update = self._persona_update(q.key, said, profile)
            profile = profile.merge(update)
        if len(people) > 1:
            names = [p.name for p in profile.personas[self.state.persona:]]
            note = " ".join(filter(None, [note, f"That is {len(names)} personas: {', '.join(names)}. "
                                                f"I'll ask about each in turn, starting with {names[0]}."]))
        if was_follow_up:  # the answer to "anything else?"-style follow-up adds to the first answer, never replaces it
            profile = _added_to(before, profile)
        if items is not None and content == text:
            profile = self._whole_items(q.key, before, profile, items)
        over = too_many(profile)
        if over is not None and over != too_many(before):  # 61 channels: not kept, asked again, said in words
            return Turn(self.prompt(), note=f"{over.said()}, please.", too_many=over)
        self.state.profile = profile
        self.state.answers.append(Answer(key=q.key, text=text, persona=self.state.persona, follow_up=was_follow_up,
                                         content=content if content != text else "", before=before))
        if extraction.follow_up and not was_follow_up:
            self.state.follow_up = extraction.follow_up
            return Turn(extraction.follow_up, note=note)
        self.state.follow_up = None
        return self._advance(note)

    def _resolve(self, q: Question, text: str) -> tuple[str, str]:
        """What an answer says, with a reference to an earlier answer ("same as above") replaced by that
        answer's words; and a note saying how it was read ("" when the answer holds no reference).

        The earlier answer is the one to the question ``q.like`` names (the channels, for a persona's
        channels), else to the same question about the persona before; never an answer to another question (the
        first persona's goals "same as above" is not her description). With no such answer, the content is what
        follows the reference, or "" (the note says there is nothing earlier to copy).
        """
        named = self._persona_reference(q, text)
        if named is not None:
            return named
        reference = reference_of(text)
        if reference is None:
            return text, ""
        given = [a for a in reversed(self.state.answers) if a.text and a.key != "more_personas"]
        # asked about a persona: the persona before's answer to the same question ("same as above" to a second
        # persona's channels is the first persona's channels), else the question it is like (the business's channels)
        earlier = next((a for a in given if q.persona and a.key == q.key and a.persona != self.state.persona), None) \
            or next((a for a in given if q.like and a.key == q.like), None) or \
            next((a for a in given if a.key == q.key), None) or \
            (self._person_told_early() if q.key == "persona_name" else None)  # "Priya, 45, ..." at the channels
        rest, adds = reference
        if earlier is None:
            nothing = "There is no earlier answer to this question to copy (it is the first time I ask it)"
            if rest:  # "same as above, plus late deliveries": what was added is all there is
                return rest, f"{nothing}; I took in what you added."
            return "", f"{nothing}: please answer it in your own words."
        words = earlier.content or earlier.text
        if earlier.key == q.like and not q.persona and self._is_persona_question(q.like):
            # a question about the business pointing at a persona's answer: every persona's, not the last one's
            latest = {a.persona: a for a in reversed(given) if a.key == q.like}
            words = "\n".join(a.content or a.text for _, a in sorted(latest.items()))
        said = f"your earlier answer (“{short(words)}”)"
        if rest and not adds:  # "Same as above really: slow replies": the rest says it again, in full
            return rest, f"Read “{short(text[:len(text) - len(rest)].strip(), 30)}” as a pointer to {said}, " \
                         "and took in what followed it."
        content = f"{words}\n{rest}" if rest else words
        return content, f"Read that as the same as {said}" + (", plus what you added." if rest else ".")

    def _persona_reference(self, q: Question, text: str) -> tuple[str, str] | None:
        """"same as Femi really", asked about another persona: Femi's answer to this question (with what follows
        it), and a note; None when the answer names no earlier persona so."""
        from cjm_assistant.domain.text import folded

        m = _SAME_AS_NAMED.match(text)
        if not q.persona or m is None:
            return None
        said = folded(re.sub(r"['’]s$", "", m.group("name"))).split()
        personas = self.state.profile.personas
        which = _SAME_AS_WHICH.fullmatch(" ".join(said))  # "the first one", "the previous persona", "the other one"
        if which:
            who = 0 if which.group("which") == "first" else self.state.persona - 1
            who = who if 0 <= who < self.state.persona else None
        else:
            who = next((i for i, p in enumerate(personas) if i != self.state.persona and said
                        and " ".join(said) in " ".join(folded(p.name).split()) and said[0] in folded(p.name).split()),
                       None)
        earlier = next((a for a in reversed(self.state.answers)
                        if who is not None and a.key == q.key and a.persona == who and a.text), None)
        if earlier is None:
            return None
        words = earlier.content or earlier.text
        rest = text[m.end():].strip(" ,;:.!?-–—")
        content = f"{words}\n{rest}" if rest else words
        return content, (f"Read that as the same as {personas[who].name}'s answer (“{short(words)}”)"
                         + (", plus what you added." if rest else "."))

    @staticmethod
    def _is_persona_question(key: str) -> bool:
        return any(q.persona for q in script().questions if q.key == key)

    def _extract(self, key: str, text: str, profile: Profile,
                 cancel: threading.Event | None) -> tuple[Extraction, str]:
        """The engine's reading of an answer, and a note when it failed: then the playbook's reader reads it
        (the answer is kept either way; Esc still cancels)."""
        try:
            return self.engine.extract(key, text, profile, cancel=cancel), ""
        except Cancelled:
            raise
        except EngineError as e:
            from cjm_assistant.engines.playbook import PlaybookEngine

            reason = str(e).split(". ", 1)[0].rstrip(".")
            self.state.notes.append(f"The model could not read the answer to “{key}” ({reason}); it was read by "
                                    "rule instead.")
            return PlaybookEngine().extract(key, text, profile), (
                f"The model could not read that answer ({reason}); I kept your words and read them the simple way.")

    def back(self) -> Turn:
        if not self.state.answers:
            return Turn(self.prompt(), note="This is the first question; there is nothing to go back to.")
        last = self.state.answers.pop()
        answers = self.state.answers
        # an answer to a follow-up goes with the answer it followed (a refused one the question was asked again
        # for, or the first part of "anything else?"): one step back returns to the question before both
        while last.follow_up and answers and (answers[-1].key, answers[-1].persona) == (last.key, last.persona):
            first = answers.pop()
            last = last.model_copy(update={"before": first.before, "follow_up": first.follow_up})
        self.state.profile = last.before
        self.state.position = self._index(last.key)
        self.state.persona = last.persona
        self.state.follow_up = None
        self.state.status = "asking"
        said = f"you had said: “{short(last.text)}”" if last.text else "you had skipped it"
        return Turn(self.prompt(), note=f"Back to this one ({said}).")

    def finish(self) -> Turn:
        if not self.state.profile.business_name and not self.state.profile.description and \
                not any(a.key == "business" for a in self.state.answers):  # passed twice: drawn as "Your business"
            return Turn(self.prompt(), note="Tell me at least what your business is, then I can draft a map.")
        self.state.status = "ready"
        self.state.follow_up = None
        return Turn(script().done, ready=True)

    def _advance(self, note: str = "") -> Turn:
        questions = script().questions
        position = self.state.position + 1
        # Persona questions need a persona: if the name was skipped, skip the rest of the block.
        while (position < len(questions) and questions[position].persona and questions[position].key != "persona_name"
               and self.state.persona >= len(self.state.profile.personas)):
            position += 1
        if position < len(questions) and questions[position].key == "more_personas":
            personas = len(self.state.profile.personas)
            if not personas:
                position += 1
            elif self.state.persona + 1 < personas:
                # a persona named in the same answer as the one just asked about: its questions next, no yes/no
                self.state.persona += 1
                self.state.position = self._index("persona_name") + 1
                named = f"Now {self._persona_name()}, whom you named too."
                return Turn(self.prompt(), note=" ".join(filter(None, [note, named])))
        if position >= len(questions):
            self.state.position = len(questions) - 1
            return self._start_confirming(note) or self._start_placing(note) or self.finish()
        self.state.position = position
        return Turn(self.prompt(), note=note)

    # -- confirming the proposed stages when the industry is not known -----------------------

    def _start_confirming(self, note: str = "") -> Turn | None:
        ask = getattr(self.engine, "proposed_stages", None)
        profile = self.state.profile
        if (not callable(ask) or self.state.confirmed or profile.stages
                or not (profile.business_name or profile.description)):
            return None
        stages, sure = ask(profile)
        if sure or len(stages) < 2:
            return None
        self.state.confirming, self.state.stages = True, list(stages)
        lead = "I couldn't tell your industry for sure, so these stages are my proposal."
        return Turn(self.prompt(), note=f"{note} {lead}".strip())

    def _confirm(self, text: str, command: str | None) -> Turn:
        """The owner's answer to "Do these steps match?": a yes keeps the proposal, a list sets the steps, a bare
        no asks which steps should change (the proposal stays on offer), an unreadable list says why."""
        if command == "back":
            self.state.confirming, self.state.stages = False, []
            return self.back()
        proposed = self.state.stages
        if command in ("skip", "draft") or not text or consent(text) == "accept" \
                or text.casefold().strip(" .!") in KEEP_WORDS:
            note = "Kept the proposed stages."
        elif consent(text) == "reject":  # a bare "no" / "nah" lists no steps: ask for them, keep the proposal
            return Turn(self.prompt(), note=STEPS_WANTED)
        else:
            try:
                choices = parse_stage_list(text, proposed)
            except ValueError as e:
                return Turn(self.prompt(), note=str(e))
            self.state.profile = self.state.profile.merge({"stages": choices})
            note = "Stages set: " + " → ".join(c["name"] for c in choices) + "."
        self.state.confirming, self.state.confirmed, self.state.stages = False, True, []
        if command == "draft":
            turn = self.finish()
            return Turn(turn.reply, ready=turn.ready, note=note)
        return self._start_placing(note) or self._finished(note)

    def _finished(self, note: str) -> Turn:
        turn = self.finish()
        return Turn(turn.reply, ready=turn.ready, note=note)

    # -- placing the problems no stage fits ------------------------------------------------

    def _start_placing(self, note: str = "") -> Turn | None:
        ask = getattr(self.engine, "unplaced", None)
        if not callable(ask) or not (self.state.profile.business_name or self.state.profile.description):
            return None
        stages, problems = ask(self.state.profile)
        problems = [p for p in problems if p not in self.state.profile.placements]
        if not problems or not stages:
            return None
        self.state.placing, self.state.stages = list(problems), list(stages)
        lead = "One more thing: I couldn't tell where some problems happen."
        return Turn(self.prompt(), note=f"{note} {lead}".strip())

    def _place(self, text: str, command: str | None) -> Turn:
        if command == "draft":
            self.state.placing = []
            return self.finish()
        if command == "back":
            self.state.placing, self.state.stages = [], []
            return self.back()
        problem = self.state.placing[0]
        if command == "skip" or not text:
            self.state.placing.pop(0)
            note = f"Left “{problem}” under 'Not yet placed'."
        else:
            try:
                added = new_step(text, self.state.stages)
            except ValueError as e:
                return Turn(self.prompt(), note=str(e))
            stage = self._add_step(*added) if added else match_stage(text, self.state.stages)
            if stage is None:
                return Turn(self.prompt(), note="I didn't find that step; answer with its number or its name, a new "
                                                "step and where it goes (“Buying tickets before 3”), or say skip.")
            self.state.profile = self.state.profile.merge({"placements": {problem: stage}})
            self.state.placing.pop(0)
            note = f"Added the step '{stage}'; “{problem}” goes on it." if added else f"“{problem}” goes on '{stage}'."
        if self.state.placing:
            return Turn(self.prompt(), note=note)
        turn = self.finish()
        return Turn(turn.reply, ready=turn.ready, note=note)

    def _add_step(self, name: str, at: int) -> str:
        """A step of the owner's own put into the map's stages at ``at`` while placing a problem: the stages become
        the owner's list (each step before keeps its content), so the draft has it."""
        steps = [dict(s) for s in self.state.profile.stages] or [{"name": s, "base": s} for s in self.state.stages]
        steps.insert(at, {"name": name, "base": ""})
        self.state.profile = self.state.profile.merge({"stages": steps})
        self.state.stages.insert(at, name)
        return name

    def _whole_items(self, key: str, before: Profile, after: Profile, items: list[str]) -> Profile:
        """``after`` with the statements an answer given as a list added (to the problems, or to the goals or
        frustrations of the persona asked about) each as one item, as the list gave them, in place of the engine's
        reading of their words together ("delivery slots, windows and times confuse them" stays one problem).
        The other questions' answers are read as the engine read them (channels are named the engine's way)."""
        from cjm_assistant.knowledge.lists import whole_statement

        said = [s for s in (whole_statement(item) for item in items) if s]
        if key == "problems":
            return after.model_copy(update={"problems": _with(before.problems, said)})
        field = {"persona_goals": "goals", "persona_frustrations": "frustrations"}.get(key)
        i = self.state.persona
        if field is None or i >= len(after.personas):
            return after
        old = getattr(before.personas[i], field) if i < len(before.personas) else []
        personas = list(after.personas)
        personas[i] = personas[i].model_copy(update={field: _with(old, said)})
        return after.model_copy(update={"personas": personas})

    def _index(self, key: str) -> int:
        return next(i for i, q in enumerate(script().questions) if q.key == key)

    def _answered(self, key: str) -> bool:
        return any(a.key == key and a.text for a in self.state.answers)

    def _about_current(self, q: Question, profile: Profile) -> Profile:
        """The profile as an engine reads a persona answer: the engines take it to be about the last persona,
        so the one asked about is put last (their update names it, and merges into the profile by name)."""
        personas = profile.personas
        i = self.state.persona
        if not q.persona or q.key == "persona_name" or i >= len(personas) - 1:
            return profile
        return profile.model_copy(update={"personas": [*personas[:i], *personas[i + 1:], personas[i]]})

    def _merges_into_another(self, update: dict, profile: Profile) -> bool:
        """Whether an engine read the name of a further persona ("venue coordinator at the hall who recommends
        suppliers", no name it could tell) as more about one already there: the answer would vanish into them."""
        if self.state.persona < len(profile.personas):
            return False
        known = {p.name.casefold() for p in profile.personas}
        return bool(update.get("personas")) and all(str(p.get("name", "")).casefold() in known
                                                     for p in update["personas"])

    def _persona_update(self, key: str, text: str, profile: Profile) -> dict:
        """Fallback when an engine returned no persona update: keep the user's words."""
        from cjm_assistant.domain.model import clean_name

        personas = [p.model_dump() for p in profile.personas]
        if key == "persona_name" or self.state.persona >= len(personas):
            name, _, description = text.partition(",")
            if len(name.split()) > 5:  # a sentence, not a name: who they are, under a name of their own
                name, description = f"Customer {len(personas) + 1}", text
            personas.append({"name": clean_name(name)[:80] or "Customer", "description": description.strip()})
            return {"personas": personas}
        field = key.removeprefix("persona_")
        target = personas[self.state.persona]
        if field in ("goals", "frustrations", "channels"):
            from cjm_assistant.knowledge.lists import no_answer

            if no_answer(text):  # "ah, the usual stuff really": nothing named, nothing to keep as an item
                return {}
            target[field] = list(target.get(field, [])) + [text]
        else:
            target[field] = text
        return {"personas": [target]}


def _with(old: list[str], new: list[str]) -> list[str]:
    """``old`` and then each of ``new`` it does not hold yet (case aside)."""
    seen = {x.casefold() for x in old}
    return [*old, *(x for x in new if x.casefold() not in seen and not seen.add(x.casefold()))]


def _true_length(note: str, length: int) -> str:
    """An engine's note on a long answer with the answer's real length: the engine was given the first MAX_ANSWER
    characters and counts those ("That answer was 20,000 characters" of a 300,000-character one)."""
    cut = f"That answer was {MAX_ANSWER:,} characters"
    return note.replace(cut, f"That answer was {length:,} characters", 1) if length > MAX_ANSWER else note
