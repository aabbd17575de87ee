"""Honest, rule-based extraction of interview answers into profile fields.

``extract(field, text, profile)`` turns one answer into a partial update for
``Profile.merge``; ``thin_answer`` says when an answer is too vague to build
on, with the follow-up question to ask. Nothing is guessed beyond what the
words say; what is read into an answer rather than said outright is marked
``inferred`` in ``Profile.sources``.
"""

from __future__ import annotations

import re

from cjm_assistant.domain.model import MAX_TEXT, clean_name, clean_text
from cjm_assistant.domain.profile import Profile
from cjm_assistant.knowledge import text as tx, things
from cjm_assistant.knowledge.catalogue import load
from cjm_assistant.knowledge.channel_items import read_channels, social_denied
from cjm_assistant.knowledge.data_items import data_sources, no_data
from cjm_assistant.knowledge.lists import no_answer, within
from cjm_assistant.knowledge.questions import dont_know
from cjm_assistant.knowledge.steps import without_hedges
from cjm_assistant.knowledge.detect import (
    CONFIDENT,
    MAX_SCAN,
    business_name,
    canonical_channel,
    channel_key,
    detect_business_model,
    detect_channel_keys,
    detect_channels,
    detect_data,
    detect_industry,
    detect_journey,
    detect_kind,
    detect_severity,
    industry_match,
    offering_phrase,
    persona_name_and_summary,
    split_list,
    split_statements,
    unknown_items,
)

__all__ = [
    "FIELDS", "business_name", "canonical_channel", "channel_key", "detect_business_model", "detect_channels",
    "detect_data", "detect_industry", "detect_journey", "detect_kind", "detect_severity", "extract",
    "split_list", "split_statements", "thin_answer",
]

FIELDS = (
    "business", "offering", "customers", "journey", "kind", "channels", "problems", "data", "goal",
    "persona_name", "persona_description", "persona_goals", "persona_frustrations", "persona_channels",
    "persona_quote",
)

#: The note kept when the owner says the business is on no social media (:func:`social_denied`).
NOT_ON_SOCIAL = "Not on social media"


class _Empty:
    vague: list = []
    min_words = 0
    short_question = ""
    unrecognised_question = ""


_EMPTY = _Empty()


# ---------------------------------------------------------------------------
# extract()


def cut_note(answer: str) -> str:
    """What was left out of an answer too long to read whole ("" when it was read whole), in words the owner can
    act on: where the reading stopped and where what was left out starts."""
    raw = clean_text(answer or "")
    body = within(raw, MAX_TEXT)
    if len(body) == len(raw):
        return ""
    last = re.split(r"[\n;.,]", body.rstrip(" \n;.,"))[-1].strip()
    rest = raw[len(body):].lstrip(" \n;.,")
    return (f"That answer was {len(raw):,} characters; I read the first {len(body):,}, up to “{tx.shorten(last, 8, 50)}”, "
            f"and left out the rest, from “{tx.shorten(rest, 8, 50)}”. Add what matters of it later, in chat or by hand.")


def journey_cut_note(answer: str) -> str:
    """What was left out of a journey answer too long to read all its steps from ("" when its steps were read
    whole): its steps are read from the first :data:`~cjm_assistant.knowledge.steps.MAX_JOURNEY` characters, cut
    between two steps; the note says up to which step, and from where the rest was left out."""
    from cjm_assistant.knowledge.steps import MAX_JOURNEY, journey_within, parse_steps

    journey = clean_name(_journey_words(within(clean_text(answer or ""), MAX_TEXT)))
    read = journey_within(journey)
    if len(read) == len(journey):
        return ""
    steps = parse_steps(read)
    last = steps[-1].text if steps else read
    rest = journey[len(read):].lstrip(" \n;.,:-–—")
    return (f"That journey was {len(journey):,} characters; I read its steps from the first {MAX_JOURNEY:,}, up to "
            f"“{tx.shorten(last, 8, 50)}”, and left out the rest, from “{tx.shorten(rest, 8, 50)}”. Add a step that "
            "matters later, in chat (“add a stage ... after ...”) or by hand.")


#: First words of a statement that describes the person ("a busy mum who never has time", "has never paddled").
_DESCRIBES = frozenset("a an who has have is was been aged works lives runs owns likes loves wants needs".split())
#: What goes wrong with the service, said with a persona's name ("the bins weren't emptied", "she can never get hold of
#: anyone", "invoices are always late"); not what the person is or lacks ("doesn't use apps", "no car", "late 20s").
_GOES_WRONG = re.compile(r"\b(?:weren'?t|wasn'?t|isn'?t|aren'?t|didn'?t|won'?t|can'?t get|cannot get|can never|"
                         r"never (?:gets?|hears?|heard|rings?|replies|answers?|turns? up|shows? up|arrives?)|"
                         r"(?:no one|nobody) (?:rings|calls|answers|replies|tells|turns up|comes)|"
                         r"ha(?:s|ve|d) to (?:chase|ring|wait|ask|keep)|kept waiting|waited|"
                         r"(?:is|are|was|were|always|often|arrives?|arrived|came|comes|runs?|ran) late|"
                         r"lost|broken|wrong|rude|complains?|moans?|fed up|annoyed|frustrat\w*)\b", re.I)


def _who_and_what_goes_wrong(summary: str) -> tuple[str, list[str]]:
    """(who the persona is, the problems said with their name): "Sue - the bins weren't emptied and she can never
    get hold of a supervisor" says what goes wrong, not who Sue is. A statement is a problem when it says what goes
    wrong with the service (:data:`_GOES_WRONG`) and does not describe the person ("a regular who has never
    complained")."""
    if not summary:
        return "", []
    parts = split_statements(summary)
    problems = [p for p in parts if _GOES_WRONG.search(p)
                and (tx.words(p)[:1] or [""])[0].casefold() not in _DESCRIBES and not p[:1].isdigit()]
    if not problems:
        return summary, []
    kept = [p for p in parts if p not in problems]
    return ", ".join(p if i == 0 else p[:1].lower() + p[1:] for i, p in enumerate(kept)), problems


#: Customers in general, not one person: "people ring round", "they think the price...", "nobody wants to wait".
_IN_GENERAL = re.compile(r"\b(?:people|they|them|their|customers?'?|clients?'?|nobody|no one|everyone|everybody|"
                         r"folk|punters|most|some|many|half)\b", re.I)
#: One person: a pronoun or an age ("she", "his", "72", "in her 30s").
_ONE_PERSON = re.compile(r"\b(?:he|she|his|her|him|hers)\b|\b\d{1,2}\b(?!\s*(?:am|pm|%|:|h\b|hours?|mins?|minutes?|"
                         r"days?|weeks?|months?|years? (?:ago|old)|p\b|k\b))|\b(?:aged|age)\b", re.I)


def customers_in_general(answer: str) -> bool:
    """Whether an answer to "picture one typical customer" lists what goes wrong for customers in general ("people
    ring round three glaziers and go with whoever answers; at 2am nobody wants to wait") rather than describing a
    person: no name opens it, it is two statements or more, each of customers in general, and none of one person
    ("Pat, 72, ...", "she never gets a call back")."""
    name, _ = persona_name_and_summary(answer)
    parts = split_statements(answer)
    if len(parts) < 2 or _ONE_PERSON.search(answer):
        return False
    return not name and all(_IN_GENERAL.search(p) for p in parts) or problems_not_a_person(parts)


#: Who a person is, said with how they feel ("stressed bride-to-be", "busy parents"): a description, not a problem
_FEELING = re.compile(r"\b(?:stressed|anxious|worried|nervous|busy|tired|overwhelmed|frustrated|annoyed|harried|"
                      r"stretched|confused|fussy|picky|demanding|impatient|lonely|grumpy|cautious|sceptical|"
                      r"skeptical|hesitant|shy)\b", re.I)
#: What says a part describes someone ("parents who ...", "a busy mum", "with two kids")
_SOMEONE = re.compile(r"^(?:an?|the\s+(?:kind|sort|type)\s+of)\s|\b(?:who|whose|with)\b", re.I)


def problems_not_a_person(parts: list[str]) -> bool:
    """Whether the statements of an answer to "picture one typical customer" are each a problem and none says who
    someone is ("slow replies, no parking, the website is confusing"): what goes wrong, typed at the persona
    question, not a person called "Slow replies". A part that names someone ("Busy mum Priya", "Stressed
    bride-to-be", "parents who ...") is no problem: how a person feels is who they are."""
    from cjm_assistant.evidence import sentiment as sn

    cues = sn.Cues(frozenset(), frozenset())
    for part in parts:
        words = part.split()
        if _SOMEONE.search(part) or any(w[:1].isupper() for w in words[1:]) or len(words) > 12:
            return False  # "Busy mum Priya": a capital inside is a name
        reading = sn.text_score(part, cues)
        if not (reading.complains and reading.score < 0):
            return False
        if _FEELING.search(part) and sn.text_score(_FEELING.sub("", part), cues).score >= 0:
            return False  # the only trouble in it is how the person feels
    return True


def _persona_target(profile: Profile) -> str:
    if profile.personas:
        return profile.personas[-1].name
    ind = things.fitted(load().industries.get(profile.industry), profile.industry,
                        f"{profile.business_name} {profile.description} {profile.offering}")
    return ind.persona if ind else "Typical customer"


def extract(field: str, text: str, profile: Profile) -> dict:
    """A partial profile update (for ``Profile.merge``) from the answer to ``field``."""
    if field not in FIELDS:
        raise ValueError(f"unknown interview field {field!r}; expected one of: {', '.join(FIELDS)}")
    raw = clean_text(text or "")
    if not raw:
        return {}
    body = within(raw, MAX_TEXT)  # a long answer is cut between items, never inside one
    kb = load()
    out: dict = {}
    sources: dict[str, str] = {}

    if field == "business":
        out["description"] = body
        sources["description"] = "user"
        name = business_name(body) or name_only(body)
        if name:
            out["business_name"] = name
            sources["business_name"] = "user"
        if not profile.offering and (offering := offering_phrase(body)):
            out["offering"] = offering
            sources["offering"] = "user"
        _industry(out, sources, body, profile)
        if bm := detect_business_model(body, explicit_only=True):
            out["business_model"] = bm
            sources["business_model"] = "inferred"
    elif field == "offering":
        out["offering"] = body
        sources["offering"] = "user"
        if not profile.industry:
            # what the business says it is leads; the offering is what it also sells
            _industry(out, sources, body, profile, own=profile.description)
    elif field == "customers":
        out["customers"] = body
        sources["customers"] = "user"
        if bm := detect_business_model(body):
            out["business_model"] = bm
            sources["business_model"] = "inferred"
    elif field == "journey":
        out["journey"] = _journey_words(body)
        sources["journey"] = "user"
        if kind := _explicit_kind(body):
            out["kind"] = kind
            sources["kind"] = "inferred"
    elif field == "kind":
        if kind := detect_kind(body):
            out["kind"] = kind
            sources["kind"] = "user"
        kinds = kb.vocab.kinds
        toks = tx.tokens(body)
        if all(tx.keyword_score(toks, kinds.get(k, [])) > 0 for k in ("current", "future")):
            out["kind"] = "current"  # "both, today and how we want it": today first; the future is drawn from it
            out["assumptions"] = [BOTH_KINDS_NOTE]
    elif field == "channels" and a_person(body):
        pass  # a persona given here by mistake (:func:`thin_answer` asks again): nothing of it is a channel
    elif field == "channels":
        said, other = read_channels(body)
        if said:
            out["channels"] = _dedupe([c.name for c in said])
            out["channel_notes"] = {c.name: c.note for c in said if c.note}
            sources["channels"] = "user"
        if social_denied(body) and not any(social_denied(o) for o in other):
            other = [*other, NOT_ON_SOCIAL]  # "I'm not on Facebook or any of that": kept whole, as the owner meant it
        if other:
            out["notes"] = other
    elif field == "problems":
        if problems := split_statements(body, loud=True):
            out["problems"] = problems
            sources["problems"] = "user"
    elif field == "data":
        if data := data_sources(body):  # each source in the owner's words: "Facebook reviews", "Returns sheet"
            out["data"] = data
            sources["data"] = "user"
    elif field == "goal":
        out["goal"] = body
        sources["goal"] = "user"
    elif field == "persona_name" and customers_in_general(body):
        # what goes wrong for customers in general, and no one person: the owner's problems, kept as such
        out["problems"] = split_statements(body)
        sources["problems"] = "user"
    elif field == "persona_name":
        name, summary = persona_name_and_summary(body)
        persona = {"name": name or _persona_target(profile)}
        described, problems = _who_and_what_goes_wrong(summary)
        if described:
            persona["description"] = described
        if problems:  # problems typed after the name are this persona's frustrations, not who they are
            persona["frustrations"] = problems
        out["personas"] = [persona]
        sources["personas"] = "user"
    else:
        persona: dict = {"name": _persona_target(profile)}
        if field == "persona_description":
            persona["description"] = body
        elif field == "persona_goals":
            persona["goals"] = split_statements(body)
        elif field == "persona_frustrations":
            persona["frustrations"] = split_statements(body, loud=True)
        elif field == "persona_channels":
            said, other = read_channels(body)
            persona["channels"] = _dedupe([_the_business_channel(c, profile) for c in said])
            persona["notes"] = other
        elif field == "persona_quote":
            persona["quote"] = body.strip("\"“”' ")
        if len(persona) > 1 and any(persona[k] for k in persona if k != "name"):
            out["personas"] = [persona]
            sources["personas"] = "user"
    if sources:
        out["sources"] = sources
    return out


#: The kind answer asked for today and the future: the map is today's, and its notes say so
BOTH_KINDS_NOTE = ("You asked for both today and the future: this map shows today. Draft the future state from it "
                   "with `cjm future MAP` (/future in the chat) once it is right.")


def _the_business_channel(said, profile: Profile) -> str:
    """A persona's channel by the business's name for it: said in the catalogue's plain word ("the portal" reads
    "Customer portal") where the business named its one channel of that kind ("our client portal"), it is that
    one, not a second; a name of the persona's own ("the Bookly app") stays."""
    info = load().channels.get(said.key) if said.key else None
    if info is None or said.name != info.name:
        return said.name
    same = [b for b in profile.channels if (found := read_channels(b)[0]) and found[0].key == said.key]
    return same[0] if len(same) == 1 else said.name


def _industry(out: dict, sources: dict, body: str, profile: Profile, own: str | None = None) -> None:
    """Sets the industry when ``body`` names one with confidence; ``own``, when given, is the owner's description
    of the business, which counts more than ``body`` (an offering: a side line in it is not the business)."""
    if profile.industry and profile.sources.get("industry") == "user":
        return
    key, confidence = industry_match(body) if own is None else industry_match(own, body)
    if key and confidence >= CONFIDENT:
        out["industry"] = key
        sources["industry"] = "inferred"
        out["assumptions"] = [f"Industry read as '{load().industries[key].name}' from your description."]


def _explicit_kind(text: str) -> str | None:
    """A map kind only when the journey answer clearly names one."""
    toks = tx.tokens(text)
    for kind in ("future", "day-in-the-life", "blueprint"):
        words = [w for w in load().vocab.kinds[kind] if len(tx.phrase(w)) > 1 or w in ("future", "blueprint", "backstage", "ideal")]
        if tx.keyword_score(toks, words):
            return kind
    return None


_JOURNEY_LEAD = re.compile(
    r"^(?:i(?:'d| would)? (?:like|want) to map|let'?s map|map(?:ping)?|we want to map|i want|the journey of|the journey is|"
    r"the|our|their|a|an|journey:?)\s+",
    re.I,
)


def _journey_words(text: str) -> str:
    text = clean_name(text)
    previous = None
    while previous != text:
        previous = text
        text = without_hedges(_JOURNEY_LEAD.sub("", text).strip(" .!"))
    return text[:MAX_TEXT] or clean_name(text)


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
    return out


# ---------------------------------------------------------------------------
# Thin answers


#: Words that hedge an answer ("flowers, mostly", "dunno really"): with little else said, worth one follow-up.
_HEDGES = {"mostly", "mainly", "usually", "dunno", "idk", "really", "whatever", "kinda", "sorta", "stuff", "things",
           "etc", "basically", "probably", "maybe", "guess", "various", "bits"}
#: Of those, the ones that say nothing was named (not "mostly", which says how often of something named).
_VAGUE = {"dunno", "idk", "whatever", "kinda", "sorta", "stuff", "things", "etc", "various", "bits", "guess"}
#: Questions "none" answers: no data, no problem, nothing that frustrates this customer
_NOTHING_IS_AN_ANSWER = {"data", "problems", "persona_frustrations"}
_HEDGED_FIELDS = {"business", "offering", "customers", "journey", "problems", "goal", "data", "persona_description",
                  "persona_goals", "persona_frustrations"}


#: Words a description opens with, never a name ("a bakery", "we fix bikes", "my shop")
_DESCRIPTION_OPENERS = {"a", "an", "we", "we're", "were", "i", "i'm", "im", "my", "our", "it", "it's", "its", "this",
                        "they", "us", "some", "small", "local"}


def name_only(body: str) -> str:
    """The whole answer as the business's name, when the answer to "what is the business" is a few words that are
    a name and nothing else: at most five words and 60 characters, with a capital letter, no comma or sentence
    inside, not opening as a description does ("a", "we", "my"...) and naming no industry the playbook knows
    ("Harbour Lights" or "Just a name"; not "A bakery in Leeds", "we fix bikes" or "community choir").
    "" otherwise: :func:`~cjm_assistant.knowledge.detect.business_name` finds names inside longer answers."""
    text = clean_text(body).strip(" .!\"“”'")
    words = text.split()
    if not words or len(words) > 5 or len(text) > 60 or not any(c.isupper() for c in text) \
            or re.search(r"[,;:?!()\[\]/\n]|\s[-–—]\s", text) or words[0].casefold() in _DESCRIPTION_OPENERS:
        return ""
    if detect_industry(text) is not None or re.search(r"\d{2,}", text):
        return ""
    return text


def name_only_note(body: str) -> str:
    """What the map says when :func:`name_only` took a short answer as the business's name ("" when it did not)."""
    name = "" if business_name(clean_text(body)) else name_only(body)
    return (f"Took “{name}” as the business's name: the answer said nothing else about it. Say what it sells and "
            "where (in chat, or `offering` in an answers file) for a map that fits.") if name else ""


def _as_said(word: str, body: str) -> bool:
    """Whether ``body`` says the vague ``word`` itself (or its plural or singular), not only a word of the same
    stem: "services" is vague, "repairs and servicing" names what is done."""
    base = re.escape(word[:-1] if word.endswith("s") and not word.endswith("ss") else word)
    return re.search(rf"(?<![\w'’]){base}s?(?![\w'’])", body, re.I) is not None


def thin_answer(field: str, text: str, profile: Profile) -> str | None:
    """A follow-up question when the answer is too vague to build on, else None."""
    kb = load()
    rule = kb.vocab.thin.get(field, _EMPTY)
    body = clean_text(text or "")[:MAX_SCAN]
    stop = set(kb.vocab.name_stopwords)
    all_words = tx.words(body)
    if not all_words:
        return rule.short_question or rule.unrecognised_question or None
    if field == "channels":
        return _thin_channels(body, rule)
    if field == "kind":
        return None if detect_kind(body) else (rule.unrecognised_question or None)
    if field == "persona_name" and rule.problems_question and customers_in_general(body):
        return rule.problems_question  # kept as problems (:func:`extract`); one person is still to be named
    unsure = any(dont_know(part) for part in re.split(r"[,;]", body))  # "not sure", "dunno, the usual": asked again
    unsure = unsure or bool(set(tx.words(body)) & (_VAGUE | {"usual"}))  # "the usual stuff" says no "none"
    if not unsure and (field == "data" and no_data(body) or field in _NOTHING_IS_AN_ANSWER and no_answer(body)):
        return None  # "none really", "nothing yet": there is none, which is an answer; asking again takes the next
    toks = tx.tokens(body)
    content = [w for w in all_words if w not in stop]
    for vague in rule.vague:
        for word in vague.words:
            needle = tx.phrase(word)
            if needle and tx.contains(toks, needle) and len(content) <= len(needle) + 1 and _as_said(word, body):
                return vague.question.format(word=word)
    hedged = set(all_words) & _HEDGES or tx.contains(toks, tx.phrase("the usual"))
    if hedged and field == "data" and not set(all_words) & _VAGUE and not tx.contains(toks, tx.phrase("the usual")) \
            and any(c.key for c in read_channels(body)[0]):
        return None  # "tripadvisor reviews mostly": "mostly" says how often, and the data is named
    if hedged and len(content) <= 2 and field in _HEDGED_FIELDS:
        ask = rule.short_question or (rule.vague[0].question.format(word=body) if rule.vague else "")
        lead = f"“{body}” is a start. " if content else ""
        return f"{lead}{ask or 'Could you say a little more?'}"
    if rule.min_words and len(all_words) < rule.min_words:
        return rule.short_question or None
    if field == "business" and not business_name(body) and not name_only(body) and not profile.business_name \
            and len(all_words) < 6:
        return rule.short_question or None
    return None


# "Priya, 29, ...": a name and an age, the way a person is described
_PERSON = re.compile(r"\b([A-Z][\w'’-]+),\s+(?:aged\s+)?\d{1,2}\b(?!\s*(?:%|am|pm|:|\.\d|[-–/]))")


def a_person(body: str) -> bool:
    """Whether a channels answer describes a person ("Priya, 29, legal secretary...") and names at most one
    channel: a persona given one question early."""
    return len(detect_channel_keys(body)) <= 1 and any(not detect_channel_keys(m.group(1))
                                                       for m in _PERSON.finditer(body))


def _thin_channels(body: str, rule) -> str | None:
    kb = load()
    found = detect_channel_keys(body)
    if rule.person_question and a_person(body):
        return rule.person_question  # a persona given here by mistake: its words are no channels
    kinds = {kb.channel_kind(display) for _, display in found}
    for item in split_list(body):
        if detect_channel_keys(item):
            continue
        toks = tx.tokens(item)
        for vague in rule.vague:
            for word in vague.words:
                if tx.contains(toks, tx.phrase(word)):
                    resolved = bool(found) if not vague.resolved_by else bool(kinds & set(vague.resolved_by))
                    if not resolved:
                        return vague.question.format(word=word)
    if not found and not unknown_items(body):
        return rule.unrecognised_question or None
    return None
