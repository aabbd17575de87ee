"""A check over a draft: nothing inferred may contradict what the owner said.

One rule per kind of contradiction, each a function of the map and the stated facts
(:func:`cjm_assistant.knowledge.facts.stated_facts`) that returns findings; a finding says which item,
why, and the edit that mends it (removing the inferred item, or the part of a description that does
not fit). Only items the assistant inferred are ever touched: the owner's words stand.

* :func:`denies_what_exists`: "Can't book online", "Launch an app" when the owner has online booking
  or an app;
* :func:`offers_what_exists`: "Free trial, sample or taster" when the owner's journey starts with its free trial;
* :func:`claims_what_is_missing`: "Order status page", "checks the tracking" on a map of today when the
  owner said there is no tracking; "12-month contract" when there is no contract;
* :func:`contradicts_the_price`: "free of charge" when the owner quoted a price; "listing fee" when the
  owner said listing is free;
* :func:`description_off_topic`: a description under the owner's own pain point that is about something
  else ("Customers wait beyond their appointment time" under a seller's payout delay);
* :func:`fix_against_the_goal`: an opportunity that makes easier what the owner wants less of ("Easy,
  fair cancellation" when the goal is to stop people cancelling);
* :func:`names_what_is_denied`: "24/7 online booking", "Confirmation email" when the owner said there is no
  online booking (or no website to have it on), or that they do not use email;
* :func:`charges_for_what_is_free`: "Book and pay", "call a competitor", "Am I missing a hidden cost?" on the map of
  a free service (a food bank, a free clinic);
* :func:`gives_premises_to_none`: "Add a shop", "Open a showroom" for a business that comes to its customers, sells
  online only or trades from a market stall with no shop;
* :func:`shows_what_a_channel_lacks`: "Prices page", "Product and price pages" on a website "that has no prices"
  (or with "no price list" said of no channel); the same for a booking form, reviews and photos.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from cjm_assistant.domain import edits
from cjm_assistant.domain.edits import EditOp
from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.domain.profile import Profile
from cjm_assistant.knowledge import denials, kinds, relevance
from cjm_assistant.knowledge import text as tx
from cjm_assistant.knowledge.facts import (Facts, offered_by, says_there_is, says_there_is_none, stated_facts,
                                           things)
from cjm_assistant.knowledge.step_goals import goal_after_rename

from .fixes import NO_SUGGESTION, eases_what_the_owner_wants_less_of

_FREE_OF_CHARGE = re.compile(r"\b(?:free of charge|no charge|at no cost|costs? nothing|for free|free collection|"
                             r"free delivery|without charge)\b", re.I)
_IN_YOUR_WORDS = "In your words: "
#: How telling a shared word must be for a description to stay under the owner's words (a word nearly every
#: pain point uses, like "customer", does not count).
ON_TOPIC = 0.3


@functools.cache
def _pain_idf() -> dict[str, float]:
    """How telling a word is among the catalogue's pain points ("wait" is in many, "payout" in few)."""
    from cjm_assistant.knowledge.catalogue import load

    return relevance.weights([f"{p.name} {p.description}" for p in load().pain_points.values()])


@dataclass
class Finding:
    item: str  # the id of the item at fault
    rule: str  # the rule's name
    reason: str  # a sentence for the owner
    fix: EditOp  # the edit that mends it


Rule = Callable[[JourneyMap, Facts, Profile], list[Finding]]


def _lane_items(journey: JourneyMap, lanes: tuple[str, ...]):
    for stage in journey.stages:
        for lane in lanes:
            for item in getattr(stage, lane):
                if item.provenance == "inferred":
                    yield stage, lane, item


_QUOTED = re.compile(r"“[^”]*”")


def _text(item) -> str:
    """An item's words, without the owner's own words it quotes (“...”): those cannot contradict the owner."""
    return _QUOTED.sub("", " ".join(str(getattr(item, f, "") or "") for f in ("name", "text", "description")))


#: A lane's items as one item, as edit operations name them ("remove_pain_point")
_ONE = {"actions": "action", "thoughts": "thought", "touchpoints": "touchpoint", "pain_points": "pain_point",
        "opportunities": "opportunity", "kpis": "kpi"}


def _remove(lane: str, item) -> EditOp:
    op = _ONE[lane]
    return edits.parse_ops([{"op": f"remove_{op}", op: item.id, "provenance": "inferred"}])[0]


def _label(item) -> str:
    return getattr(item, "name", None) or getattr(item, "text", "") or item.id


def _about_things(journey: JourneyMap, facts: Facts, lanes: tuple[str, ...], rule: str, have: set[str],
                  says: Callable, why: str) -> list[Finding]:
    out = []
    for _, lane, item in _lane_items(journey, lanes):
        if getattr(item, "name", "") == NO_SUGGESTION:
            continue
        thing = next((t for t in things() if t.key in have and says(_text(item), t)), None)
        if thing is not None:
            out.append(Finding(item.id, rule, f"“{_label(item)}” {why.format(thing=thing.key.replace('-', ' '))}",
                               _remove(lane, item)))
    return out


def denies_what_exists(journey: JourneyMap, facts: Facts, profile: Profile) -> list[Finding]:
    """An inferred item says a thing the owner has is missing, or proposes to start it."""
    lanes = ("actions", "thoughts", "touchpoints", "pain_points", "opportunities", "kpis")
    return _about_things(journey, facts, lanes, "denies-what-exists", facts.has, says_there_is_none,
                         "says there is no {thing}, but you said there is")


def offers_what_exists(journey: JourneyMap, facts: Facts, profile: Profile) -> list[Finding]:
    """A stock fix for stock problems offers a thing the owner has ("Free trial, sample or taster" for a business
    whose journey starts with its free trial). A fix for a problem the owner stated is judged by that problem's own
    words when it is chosen (:func:`.fixes.supplies_what_is_there`): "we text reminders but people still forget"
    rules out reminders, "forgets which day I'm coming" does not, whatever else the owner has."""
    out = []
    stated = {pp.id for _, pp in journey.pain_points() if pp.provenance == "user"}
    for _, lane, item in _lane_items(journey, ("opportunities",)):
        if item.name == NO_SUGGESTION or stated.intersection(item.addresses):
            continue
        if thing := next(iter(sorted(offered_by(item.name) & facts.has)), None):
            out.append(Finding(item.id, "offers-what-exists",
                               f"“{item.name}” offers {thing.replace('-', ' ')}, which you said you have",
                               _remove(lane, item)))
    return out


def claims_what_is_missing(journey: JourneyMap, facts: Facts, profile: Profile) -> list[Finding]:
    """On a map of today, an inferred item speaks of a thing as there that the owner said is not."""
    if journey.kind == "future":
        return []
    lanes = ("actions", "thoughts", "touchpoints", "pain_points", "kpis")
    return _about_things(journey, facts, lanes, "claims-what-is-missing", facts.missing, says_there_is,
                         "speaks of {thing}, which you said there is none of")


def contradicts_the_price(journey: JourneyMap, facts: Facts, profile: Profile) -> list[Finding]:
    """An inferred item calls free what the owner charges for, or charges for what the owner said is free."""
    out = []
    lanes = ("actions", "thoughts", "touchpoints", "pain_points", "opportunities", "kpis")
    for _, lane, item in _lane_items(journey, lanes):
        text = _text(item)
        toks = tx.tokens(text)
        fee = any(toks[i] in facts.free and toks[i + 1] in ("fee", "charg", "cost", "price")
                  for i in range(len(toks) - 1))
        if (facts.charges and _FREE_OF_CHARGE.search(text)) or fee:
            why = "you said it is free" if fee else "you said what it costs"
            out.append(Finding(item.id, "contradicts-the-price", f"“{_label(item)}” is wrong about the price: {why}",
                               _remove(lane, item)))
    return out


def description_off_topic(journey: JourneyMap, facts: Facts, profile: Profile) -> list[Finding]:
    """Under the owner's own pain point, a description that shares no telling word with what they said."""
    out = []
    for pp in [pp for _, pp in journey.pain_points()] + list(journey.unplaced):
        if pp.provenance == "user" and pp.description:
            parts = pp.description.split("\n\n")
            said = [p for p in parts if p.startswith(_IN_YOUR_WORDS)]
            words = " ".join([pp.name, *said])
            idf = _pain_idf()
            kept = said + [p for p in parts if p not in said and
                           any(idf.get(w, 1.0) >= ON_TOPIC for w in relevance.shared(words, p))]
            if len(kept) < len(parts):
                out.append(Finding(pp.id, "description-off-topic",
                                   f"the description under “{pp.name}” was about something else",
                                   edits.UpdatePainPoint(pain_point=pp.id, description="\n\n".join(kept),
                                                         provenance="inferred")))
    return out


def fix_against_the_goal(journey: JourneyMap, facts: Facts, profile: Profile) -> list[Finding]:
    """An opportunity that makes easier what the owner's goal wants less of."""
    out = []
    said = {pp.id: pp.name for _, pp in journey.pain_points() if pp.provenance == "user"}
    for _, lane, item in _lane_items(journey, ("opportunities",)):
        # a stated problem's words in its answer ("a quick question") are the owner's, not an ease the fix promises
        if eases_what_the_owner_wants_less_of(profile.goal, _text(item),
                                              " ".join(said[a] for a in item.addresses if a in said)):
            out.append(Finding(item.id, "fix-against-the-goal",
                               f"“{item.name}” would make easier what your goal wants less of", _remove(lane, item)))
    return out


_NOT_A_TOPIC = {"the", "a", "an", "our", "my", "their", "it", "its", "business", "we", "i", "you", "they", "itself"}


def guess_the_owner_denied(journey: JourneyMap, facts: Facts, profile: Profile) -> list[Finding]:
    """An inferred pain point about what the owner said is not a problem ("nobody complains about our prices":
    no "The price feels too high")."""
    fine: set[str] = set()
    said = [*profile.problems, *(f for p in profile.personas for f in p.frustrations)]
    for text in said:
        for thing in denials.apart(text)[1]:
            fine |= {t for t in tx.tokens(thing) if t not in _NOT_A_TOPIC}
    if not fine:
        return []
    out = []
    for _, lane, item in _lane_items(journey, ("pain_points",)):
        if fine & set(tx.tokens(item.name)):
            out.append(Finding(item.id, "guess-the-owner-denied", f"“{item.name}”: you said that is not a problem",
                               _remove(lane, item)))
    return out


#: Channels that live on another: online booking or an online shop is on a website or in an app (or on a booking
#: site or marketplace); when the owner says there is no website and names none of the others, there is none.
_LIVES_ON = {"online-booking": ("website", "mobile-app", "booking-sites", "online-booking"),
             "online-shop": ("website", "mobile-app", "marketplace", "online-shop")}
#: Channel words that are also verbs ("post on Instagram", "we deliver"): no channel named in a suggestion.
_VERB_CHANNELS = {"post", "delivery"}


#: Social media named as a whole ("social profiles", "socials"): denied with every social channel.
_SOCIAL = re.compile(r"\bsocial(?:\s+media)?(?:\s+(?:profiles?|pages?|accounts?|channels?|posts?|networks?))?\b|"
                     r"\bsocials\b", re.I)
#: The same, as one item of a list in a sentence ("linked from Google, social profiles and the website"): cut out.
_SOCIAL_IN_LIST = re.compile(r"(?:,\s*|\s+(?:and|or)\s+)\bsocial(?:\s+media)?(?:\s+(?:profiles?|pages?|accounts?|"
                             r"channels?|posts?|networks?))?\b(?=\s*(?:,|\band\b|\bor\b|\.|$))", re.I)


def names_what_is_denied(journey: JourneyMap, facts: Facts, profile: Profile) -> list[Finding]:
    """An inferred item names a channel the owner says the business has not ("we don't use email", "no website",
    "there's no online booking"): a channel said to be lacking is never suggested ("24/7 online booking",
    "Confirmation email"), nor one that lives only on it (online booking with no website, app or booking site)."""
    from cjm_assistant.knowledge.channel_items import channels_of_kind, channels_said_missing
    from cjm_assistant.knowledge.detect import channel_key, detect_channel_keys

    said = [t for t in (profile.description, profile.offering, profile.journey, *profile.channels,
                        *profile.channel_notes.values(), *profile.notes) if t]
    stated = {channel_key(c.name) for c in journey.channels}
    missing = channels_said_missing(said) - stated - _VERB_CHANNELS
    for key, hosts in _LIVES_ON.items():
        if "website" in missing and not stated.intersection(hosts):
            missing.add(key)
    if not missing:
        return []
    social = channels_of_kind("social")
    no_social = bool(social) and social <= missing  # "we don't do social media"
    out = []
    for _, lane, item in _lane_items(journey, ("actions", "thoughts", "touchpoints", "pain_points", "opportunities",
                                               "kpis")):
        if getattr(item, "name", "") == NO_SUGGESTION:
            continue
        found = next((name for key, name in detect_channel_keys(_text(item)) if key in missing), None)
        if not found and no_social and _SOCIAL.search(_text(item)):
            if lane == "opportunities" and not _SOCIAL.search(item.name) and (
                    mended := _SOCIAL_IN_LIST.sub("", item.description or "")) != item.description \
                    and not _SOCIAL.search(mended):
                out.append(Finding(item.id, "names-what-is-denied",
                                   f"“{_label(item)}” spoke of social media, which you said the business is not on",
                                   edits.UpdateOpportunity(opportunity=item.id, description=mended,
                                                           provenance="inferred")))
                continue
            found = "social media"
        if found and lane == "opportunities" and not any(key in missing for key, _ in detect_channel_keys(item.name)) \
                and (mended := _without_channel(item.description or "", missing)) is not None:
            # the fix itself needs no such channel: only its description's example does ("by text, email or call")
            out.append(Finding(item.id, "names-what-is-denied",
                               f"“{_label(item)}” spoke of {found.lower()}, which you said the business has not",
                               edits.UpdateOpportunity(opportunity=item.id, description=mended, provenance="inferred")))
            continue
        if found:
            out.append(Finding(item.id, "names-what-is-denied",
                               f"“{_label(item)}” speaks of {found.lower()}, which you said the business has not",
                               _remove(lane, item)))
    return out


def _without_channel(description: str, missing: set[str]) -> str | None:
    """A description with its sentences that name a denied channel left out, or None when nothing of it would be left
    (or none of it named one: the channel is then in a word the sentences do not show)."""
    from cjm_assistant.knowledge.detect import detect_channel_keys

    def denied(text: str) -> bool:
        return any(key in missing for key, _ in detect_channel_keys(text))

    sentences = re.split(r"(?<=[.!?])\s+", description.strip())
    kept = [x for x in sentences if not denied(x)]
    if kept and len(kept) < len(sentences):
        return " ".join(kept)
    mended = _QUOTED.sub(lambda m: m.group(0).replace(" ", "\0"), description)  # the owner's words are not mended
    for word in sorted({w for w in re.findall(r"[A-Za-z][\w'-]*", mended) if denied(w)}, key=len, reverse=True):
        mended = _drop_list_item(mended, word)
    mended = mended.replace("\0", " ")
    return mended if mended != description and not denied(_QUOTED.sub("", mended)) else None


def _drop_list_item(text: str, word: str) -> str:
    """``text`` without ``word`` where it is one item of a list ("A text, email or call" -> "A text or email")."""
    w = re.escape(word)
    last = re.compile(rf"(?P<head>(?:\b[\w'-]+,\s+)*\b[\w'-]+),\s+(?P<prev>[\w'-]+)\s+(?P<conj>or|and)\s+{w}\b")
    if last.search(text):  # "a text, email or call" -> "a text or email"
        return last.sub(lambda m: f"{m.group('head')} {m.group('conj')} {m.group('prev')}", text, count=1)
    for pattern in (rf"\s+(?:or|and)\s+{w}\b", rf"\b{w},\s+", rf",\s+{w}\b", rf"\b{w}\s+(?:or|and)\s+"):
        mended = re.sub(pattern, "" if not pattern.startswith(",") else "", text, count=1)
        if mended != text:
            return mended
    return text


def shows_what_a_channel_lacks(journey: JourneyMap, facts: Facts, profile: Profile) -> list[Finding]:
    """On a map of today, an inferred touchpoint named by a thing the owner said its channel has not got ("a website
    that has no prices": no "Prices page" on the website)."""
    from cjm_assistant.knowledge import lacks
    from cjm_assistant.knowledge.catalogue import load
    from cjm_assistant.knowledge.detect import channel_key

    stated = lacks.stated_lacks(_said_texts(profile)) if journey.kind != "future" else []
    if not stated:
        return []
    out = []
    for _, lane, item in _lane_items(journey, ("touchpoints",)):
        key = channel_key(item.channel or "")
        info = load().channels.get(key or "")
        if thing := lacks.refutes(stated, item.name, key, info.kind if info else None):
            out.append(Finding(item.id, "shows-what-a-channel-lacks",
                               f"“{item.name}” shows {thing.replace('-', ' ')}, which you said {item.channel} has not got",
                               _remove(lane, item)))
    return out


#: Words of paying, buying and prices: none fits a free service (a food bank, a free clinic); a moses basket is a bed
_PAYING = re.compile(r"\b(?:pay|pays|paid|paying|payment|payments|price|prices|priced|pricing|checkout|check-out|"
                     r"refund|refunds|refunded|cost|costs|costly|budget|budgets|competitor|competitors|fee|fees|"
                     r"invoice|invoices|discount|discounts|(?<!moses\s)(?<!picnic\s)(?<!laundry\s)(?<!log\s)basket|"
                     r"cart|overcharged|overcharging|cheap|cheaper|"
                     r"expensive|afford|affordable|buy|buys|bought|buying|purchase|purchases|sale|sales|"
                     r"spend|spending|order\s+(?:&|and)\s+pay)\b", re.I)
#: How a text is cut to leave out its paying part: sentences, then clauses, then the items of "X or Y", "X and Y"
_PHRASE = re.compile(r"\s+(?:from|for|at|by|with|on|in|after|of)\s+", re.I)
_CUTS = (r"(?<=[.!?])\s+", r",\s*", r"\s+(?:or|and|&)\s+|\s*/\s*")


def without_paying(text: str, level: int = 0) -> str | None:
    """``text`` with its parts that speak of paying left out ("Pays or confirms and gets a confirmation" -> "Confirms
    and gets a confirmation", "Book and pay" -> "Book"), the same text when none does, None when nothing is left."""
    if not _PAYING.search(_QUOTED.sub("", text)):
        return text
    if level >= len(_CUTS):  # last, a phrase that only says where from: "Plan stock from last year's sales"
        for m in _PHRASE.finditer(text):  # the first phrase whose words speak of paying, to the end
            if _PAYING.search(text[m.start():]) and not _PAYING.search(text[:m.start()]):
                mended = text[:m.start()].rstrip()
                break
        else:
            return None
        return mended if mended != text and not _PAYING.search(mended) and mended.split() else None
    if level == 0 and "(" in text:  # "(low use, complaints, late payments)": the brackets' own list first

        def inside(m: re.Match) -> str:
            mended = without_paying(m.group(1), 1)
            return f" ({mended})" if mended else ""

        text = re.sub(r"\s*\(([^()]*)\)", inside, text)
        if not _PAYING.search(_QUOTED.sub("", text)):
            return text
    pieces = re.split(f"({_CUTS[level]})", text)
    parts, seps = pieces[0::2], pieces[1::2]
    kept: list[tuple[str, str]] = []  # (separator before, part)
    for i, part in enumerate(parts):
        mended = without_paying(part, level + 1)
        if mended is None and part.count(")") > part.count("(") and kept:
            sep, last = kept[-1]  # "(low use, late payments)": the bracket it closed closes on what is kept
            kept[-1] = (sep, last.rstrip() + ")" + part[part.rindex(")") + 1:])
        if mended and mended.strip(" ,.;:"):
            kept.append((seps[i - 1] if i else "", mended))
    kept = [(sep, part) for sep, part in kept if part and part.strip(" ,.;:")]
    if not kept:
        return None
    first = kept[0][1]
    if len(kept) < len(parts):  # the part kept first no longer follows one before it: "and callers give up"
        first = re.sub(r"^(?:and|or|but|then)\s+", "", first, flags=re.I) if kept[0][0] or first is not parts[0] \
            else first
    out = first + "".join(sep + part for sep, part in kept[1:])
    out = out.strip(" ,;")
    if text.rstrip().endswith((".", "?", "!")) and not out.endswith((".", "?", "!")):
        out += text.rstrip()[-1]
    return out[:1].upper() + out[1:] if text[:1].isupper() else out


def charges_for_what_is_free(journey: JourneyMap, facts: Facts, profile: Profile) -> list[Finding]:
    """For a free service ("free food parcels, no charge", "funded by donations"), inferred words of paying: a
    "Book and pay" stage is "Book", "Pays or confirms ..." is "Confirms ...", a thought of the cost and a pain point
    of the price are left out."""
    if not facts.free_service:
        return []
    out: list[Finding] = []
    for stage in journey.stages:
        if stage.provenance != "inferred":
            continue
        name = without_paying(stage.name)
        if name and name != stage.name:
            rename = {"op": "rename_stage", "stage": stage.id, "name": name,
                      "goal": goal_after_rename(stage.goal, stage.name, name)}
            out.append(Finding(stage.id, "charges-for-what-is-free", "", edits.parse_ops([rename])[0]))
        goal = without_paying(stage.goal or "")
        if goal != (stage.goal or ""):
            out.append(Finding(f"{stage.id}:goal", "charges-for-what-is-free", "",
                               edits.parse_ops([{"op": "update_stage", "stage": stage.id, "goal": goal or ""}])[0]))
    for _, lane, item in _lane_items(journey, tuple(_ONE)):
        if getattr(item, "name", "") == NO_SUGGESTION:
            continue
        field = "text" if lane in ("actions", "thoughts") else "name"
        said = getattr(item, field, "") or ""
        mended = without_paying(said)
        if mended is None or len(mended.split()) < 2 and mended != said:
            out.append(Finding(item.id, "charges-for-what-is-free",
                               f"“{_label(item)}” spoke of paying, and you said it is free", _remove(lane, item)))
            continue
        update = {field: mended} if mended != said else {}
        if lane not in ("actions", "thoughts") and getattr(item, "description", ""):
            description = without_paying(item.description)
            if description != item.description:
                update["description"] = description or ""
        if update:
            out.append(Finding(item.id, "charges-for-what-is-free", "", edits.parse_ops(
                [{"op": f"update_{_ONE[lane]}", _ONE[lane]: item.id, "provenance": "inferred", **update}])[0]))
    return out


def gives_premises_to_none(journey: JourneyMap, facts: Facts, profile: Profile) -> list[Finding]:
    """An inferred opportunity that gives premises ("Add a shop", "Open a showroom") to a business with none by its
    nature: one that comes to its customers ("we come to you", a mobile service), sells online only, or trades from
    a market stall and said it has no shop."""
    if not _has_no_premises(journey, profile):
        return []
    return [Finding(item.id, "gives-premises-to-none",
                    f"“{item.name}” gives the business premises, and you said it has none", _remove(lane, item))
            for _, lane, item in _lane_items(journey, ("opportunities",))
            if item.name != NO_SUGGESTION and kinds.adds_a_place(item.name)]


def _has_no_premises(journey: JourneyMap, profile: Profile) -> bool:
    from cjm_assistant.knowledge.channel_items import channels_said_missing
    from cjm_assistant.knowledge.detect import channel_key

    how = [t for t in (profile.description, profile.offering, profile.journey, *profile.channels,
                       *profile.channel_notes.values(), *profile.notes) if t]
    own = f"{profile.business_name} {profile.description} {profile.offering}"
    stated = {channel_key(c.name) for c in journey.channels} - {None}
    return kinds.comes_to_customer(" ".join(how), own=own) or kinds.no_premises(" ".join(how),
                                                                                 channels_said_missing(how), stated)


def _said_texts(profile: Profile) -> list[str]:
    texts = [profile.description, profile.offering, profile.journey, *profile.channel_notes.values(), *profile.notes,
             *profile.problems]
    for p in profile.personas:
        texts += [*p.frustrations, *p.notes, p.quote]
    return [t for t in texts if t]


RULES: tuple[Rule, ...] = (denies_what_exists, offers_what_exists, claims_what_is_missing, contradicts_the_price, description_off_topic,
                           fix_against_the_goal, guess_the_owner_denied, names_what_is_denied, shows_what_a_channel_lacks,
                           gives_premises_to_none, charges_for_what_is_free)


def findings(journey: JourneyMap, profile: Profile) -> list[Finding]:
    facts = stated_facts(profile)
    out: list[Finding] = []
    seen: set[str] = set()
    for rule in RULES:
        for finding in rule(journey, facts, profile):
            if finding.item not in seen:
                seen.add(finding.item)
                out.append(finding)
    return out


def check(journey: JourneyMap, profile: Profile) -> tuple[JourneyMap, list[str]]:
    """The map with every contradicting inferred item mended, and a note for each."""
    found = findings(journey, profile)
    if not found:
        return journey, []
    _keep_an_answer(journey, found)
    checked = edits.apply(journey, [f.fix for f in found])
    checked = _drop_orphans(checked)
    # a stock description that strayed from the owner's own problem is cut back to their words without a note: it
    # was the draft's slip, nothing the owner said was changed ("Fixed: ..." read as a fault of theirs)
    # a word of paying cut from a free service's stock wording (no reason given) is mended quietly, as above
    return checked, [f"Left out: {f.reason}." for f in found if f.rule != "description-off-topic" and f.reason]


def _keep_an_answer(journey: JourneyMap, found: list[Finding]) -> None:
    """A problem the owner stated never loses every answer to the checker: when each opportunity that answers it is
    left out, the last becomes "No suggestion yet" (what would fix it is the owner's to add), not nothing."""
    removed = {f.item: i for i, f in enumerate(found) if getattr(f.fix, "op", "") == "remove_opportunity"}
    if not removed:
        return
    for _, pp in journey.pain_points():
        if pp.provenance != "user":
            continue
        answers = [op for stage in journey.stages for op in stage.opportunities if pp.id in op.addresses]
        if not answers or any(op.id not in removed for op in answers):
            continue
        last = answers[-1]
        if any(other.provenance == "user" and other.id != pp.id and other.id in last.addresses and
               any(op.id not in removed for s in journey.stages for op in s.opportunities if other.id in op.addresses)
               for _, other in journey.pain_points()):
            continue  # it also answers another problem that keeps an answer: left out as found
        i = removed[last.id]
        found[i] = Finding(last.id, found[i].rule, found[i].reason, edits.UpdateOpportunity(
            opportunity=last.id, name=NO_SUGGESTION, provenance="inferred",
            description=f"Nothing in the playbook answers “{pp.name}” yet: what would fix it? Add your own idea here."))


def _drop_orphans(journey: JourneyMap) -> JourneyMap:
    """Opportunities whose every pain point went answer nothing: they go too."""
    ops = [edits.RemoveOpportunity(opportunity=op.id, provenance="inferred")
           for stage in journey.stages for op in stage.opportunities if not op.addresses and op.provenance == "inferred"]
    return edits.apply(journey, ops) if ops else journey
