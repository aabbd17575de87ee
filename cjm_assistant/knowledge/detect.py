"""Recognising things in free text: channels, industries, names (lists: :mod:`.lists`).

Rule-based and predictable: a channel is recognised because one of its
synonyms (or a near-typo of a longer one) is in the text; an industry because
its keywords are. All the words live in the data files, not here.
"""

from __future__ import annotations

import functools
import re

from cjm_assistant.domain.model import BOTH_MODELS, MAX_NAME, MAX_TEXT, clean_name, clean_text

from . import text as tx
from .catalogue import load
from .lists import MAX_SCAN, split_list, split_statements, tidy  # noqa: F401 - re-exported

# ---------------------------------------------------------------------------
# Channels


def _channel_hits(text: str) -> list[tuple[int, str, str]]:
    """(position, channel key, display name) for each channel mentioned."""
    return list(_hits(text))


@functools.lru_cache(maxsize=4096)
def _hits(text: str) -> tuple[tuple[int, str, str], ...]:
    """:func:`_channel_hits`, cached: a draft looks at the same answers for channels many times (the knowledge
    base they are matched against is read once and never changes)."""
    kb = load()
    hits: list[tuple[int, str, str]] = []
    offset = 0
    # "website + webshop", "email/phone": channels apart, never one phrase (:func:`_heads`)
    clauses = [part for clause in split_list(text[:MAX_SCAN], conjunctions=False) for part in _APART.split(clause)]
    for clause in clauses or [""]:
        toks = tx.tokens(clause)
        if not toks:
            continue
        used = [False] * len(toks)
        strong: list[tuple[int, int, str, str]] = []  # (start, end, key, display)
        weak: list[tuple[int, int, str, str]] = []
        index: dict[str, list[int]] = {}
        for i, t in enumerate(toks):
            index.setdefault(t, []).append(i)
        for needle, key, display, is_weak in kb.channel_phrases:
            for start in index.get(needle[0], ()):
                end = start + len(needle)
                if tuple(toks[start:end]) == needle and not any(used[start:end]):
                    for j in range(start, end):
                        used[j] = True
                    (weak if is_weak else strong).append((start, end, key, display))
        for i, tok in enumerate(toks):
            if used[i] or len(tok) < 5:
                continue
            match = tx.close_word(tok, [s for s in _single_synonyms() if s[0] == tok[0]], cutoff=0.88)
            if match:
                key, display = _single_synonyms()[match]
                strong.append((i, i + 1, key, display))
        # a place after "in"/"at" that follows a channel is where that channel is ("flyers in the lobby"), no
        # channel of its own
        strong = [h for h in strong if not _placed(h, strong, toks)]
        # "a board outside the village shop": a premises named only as where something stands is someone else's
        # place, and what stands there is a local ad
        strong, weak = [_beside(h, toks) for h in strong], [_beside(h, toks) for h in weak]
        # "proof of delivery", "the cost of postage": what a thing is of, not a channel ("a mix of post and
        # couriers" still is)
        strong = [h for h in strong if not _of_something(h, toks) and not _someone_elses_portal(h, toks)]
        weak = [h for h in weak if not _of_something(h, toks) and not _someone_elses_portal(h, toks)]
        # people named in a phrase with a medium ("front desk calls") are a channel of their own, even in weak words
        people = {w for w in weak if kb.channels[w[2]].kind == "in-person"
                  and any(w[1] == h[0] or h[1] == w[0] for h in strong)}
        found = strong + sorted(people) if strong else weak
        hits.extend((offset + start, key, display) for start, key, display in _heads(found, people))
        offset += len(toks) + 1
    hits.sort(key=lambda h: h[0])
    return tuple(hits)


_APART = re.compile(r"\s*[+/]\s*")
_AMOUNTS = frozenset(tx.stem(w) for w in (
    "mix", "lot", "lots", "bit", "couple", "combination", "range", "variety", "use", "all", "some", "most", "any",
    "none", "both", "either", "each", "plenty", "loads", "load", "majority", "handful", "kind", "sort", "type",
    "one", "two", "three", "half", "rest", "side", "form", "way", "ways", "means", "number", "sorts", "kinds"))


def _of_something(hit: tuple[int, int, str, str], toks: list[str]) -> bool:
    """A delivery word after "NOUN of" that is not an amount or a kind: "proof of delivery", "the cost of postage"
    name a document and a price. (A website or a page "at the top of our website" is still the business's own.)"""
    start = hit[0]
    return (start >= 2 and toks[start - 1] == "of" and toks[start - 2] not in _AMOUNTS
            and load().channels[hit[2]].kind == "delivery")
#: Whose portal a portal is, when it is not the business's own for its customers: "the tenders portal", "a council
#: procurement portal", "the NHS supplier portal" are where the business finds or answers work.
_OTHERS_PORTALS = frozenset(tx.stem(w) for w in (
    "tender", "tenders", "tendering", "procurement", "supplier", "suppliers", "government", "council", "councils", "nhs",
    "framework", "frameworks", "bidding", "bids", "planning", "recruitment", "jobs", "vendor", "vendors"))


def _someone_elses_portal(hit: tuple[int, int, str, str], toks: list[str]) -> bool:
    """A portal named for tenders, procurement or suppliers (:data:`_OTHERS_PORTALS`): someone else's system the
    business uses, not a customer portal of its own."""
    start, end = hit[0], hit[1]
    return hit[2] == "customer-portal" and end - start == 1 and start >= 1 and (
        toks[start - 1] in _OTHERS_PORTALS or (start >= 2 and toks[start - 2] in _OTHERS_PORTALS))


_WHERE = {"in", "at", "insid"}  # stems


def _placed(hit: tuple[int, int, str, str], strong: list[tuple[int, int, str, str]], toks: list[str]) -> bool:
    """A place (a premises channel, not people) named after "in"/"at" following another channel in the same
    phrase: "flyers in the lobby", "leaflets at reception" say where the flyers are."""
    info = load().channels[hit[2]]
    if info.kind != "in-person" or info.person:
        return False
    return any(other[1] <= hit[0] and other[2] != hit[2] and set(toks[other[1]:hit[0]]) & _WHERE
               for other in strong)


_BESIDE = {"outsid", "opposit", "near", "besid", "next", "by", "behind"}  # stems
_OWN = {"our", "my", "us", "me", "ours", "mine"}


def _beside(hit: tuple[int, int, str, str], toks: list[str]) -> tuple[int, int, str, str]:
    """A premises (a place, not people) named after "outside", "opposite", "near", ... and not as the business's own
    ("a board outside the village shop", "a sign near the station") is where an ad stands: the channel is printed
    matter there ("a board outside our shop" is still the shop's)."""
    start, _, key, _ = hit
    info = load().channels[key]
    if info.kind not in ("in-person", "store") or info.person or "print" not in load().channels:
        return hit
    if set(toks[start:hit[1]]) & _OWN:  # "our shop"
        return hit
    before = toks[max(0, start - 4):start]
    for i in range(len(before) - 1, -1, -1):
        if before[i] in _OWN:
            return hit
        if before[i] in _BESIDE:
            return (start, hit[1], "print", load().channels["print"].name)
    return hit


def _heads(found: list[tuple[int, int, str, str]], people: set[tuple[int, int, str, str]] = frozenset()
           ) -> list[tuple[int, str, str]]:
    """One channel per noun phrase: of medium words that follow each other with nothing between them
    ("email newsletters", "website booking form"), the last one, the phrase's head noun, names the channel;
    channels apart ("Facebook and Instagram", "email or phone") stay apart, and so do people inside a phrase
    (a ``person`` channel or one of ``people``: "sales demo calls" is the Sales team and the Phone)."""
    kb = load()
    out: list[tuple[int, str, str]] = []
    end, last, was_person = -1, "", False
    for hit in sorted(found):
        start, stop, key, display = hit
        person = hit in people or kb.channels[key].person
        if out and start == end and (key == last or not (person or was_person)):
            out[-1] = (out[-1][0], key, display)  # the head noun names it, at the phrase's position
        else:
            out.append((start, key, display))
        last, was_person = key, person
        end = stop
    return out


_SINGLES: dict[str, tuple[str, str]] = {}


def _single_synonyms() -> dict[str, tuple[str, str]]:
    """Single-word strong synonyms (stems) -> (key, display), for typo matching."""
    if not _SINGLES:
        for needle, key, display, weak in load().channel_phrases:
            if len(needle) == 1 and not weak and len(needle[0]) >= 5:
                _SINGLES.setdefault(needle[0], (key, display))
    return _SINGLES


def detect_channel_keys(text: str) -> list[tuple[str, str]]:
    """(channel key, display name) in order of first mention, without repeats."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for _, key, display in _channel_hits(text):
        if display.casefold() not in seen:
            seen.add(display.casefold())
            out.append((key, display))
    return out


def detect_channels(text: str) -> list[str]:
    """Canonical channel names mentioned in ``text``, in order of mention.

    ``"mostly IG and our site, DMs on WhatsApp"`` -> ``["Instagram", "Website", "WhatsApp"]``.
    """
    return [display for _, display in detect_channel_keys(text)]


def channel_key(name: str) -> str | None:
    """The catalogue key of a channel name ("Etsy" -> "marketplace"), if known."""
    kb = load()
    key = kb.channel_names.get(name.casefold())
    if key:
        return key
    found = detect_channel_keys(name)
    return found[0][0] if found else None


def canonical_channel(name: str) -> str:
    """The playbook's name for a channel the user named ("insta" -> "Instagram")."""
    kb = load()
    if name.casefold() in kb.channel_names:
        return next(
            n for n in [c.name for c in kb.channels.values()] + [v.name for c in kb.channels.values() for v in c.variants]
            if n.casefold() == name.casefold()
        )
    found = detect_channels(name)
    return found[0] if len(found) == 1 else clean_name(name)[:MAX_NAME]


def unknown_items(text: str) -> list[str]:
    """Short list items that name no known channel and are not vague: kept as said.

    ``"Instagram, carrier pigeon"`` -> ``["Carrier pigeon"]``.
    """
    kb = load()
    stop = set(kb.vocab.name_stopwords)
    none = {w.casefold() for w in kb.vocab.none_words}
    rule = kb.vocab.thin.get("channels")
    vague = [w for v in (rule.vague if rule else []) for w in v.words]
    out = []
    for item in split_list(text):
        if item.casefold() in none or detect_channel_keys(item):
            continue
        content = [w for w in tx.words(item) if w not in stop]
        if not content or len(content) > 3:
            continue
        toks = tx.tokens(item)
        if any(tx.contains(toks, tx.phrase(v)) for v in vague):
            continue
        out.append(tx.capitalise(clean_name(item))[:MAX_NAME])
    return out


# ---------------------------------------------------------------------------
# Industry, business model, kind, data sources


def _best(scores: dict[str, float]) -> str | None:
    best, best_score = None, 0.0
    for key, score in scores.items():  # dict order = file order: earlier wins ties
        if score > best_score:
            best, best_score = key, score
    return best


def detect_industry(text: str) -> str | None:
    """The key of the industry the text describes best ("cakes" -> "bakery")."""
    toks = tx.tokens(text[:MAX_SCAN])
    return _best({k: tx.keyword_score(toks, ind.keywords) for k, ind in load().industries.items()})


#: Below this confidence an industry guess is only a guess: the map uses general stage models.
CONFIDENT = 0.5
#: Below this confidence an industry read is used, but its stages are shown for the owner to confirm first (a mobile
#: dog groomer read as a beauty salon at 56% should see "Find a salon"-like stages before the map is drawn).
SURE_OF_STAGES = 0.7


@functools.cache
def _generic_words() -> frozenset[str]:
    """Single words any service business may use of itself: what is done for a customer ("servicing", "repair")
    and where ("workshop", "clinic", "salon"), from ``[kinds]`` in steps.toml. An industry keyword that is one of
    them counts a third: "we service and repair bikes in our workshop" is no garage."""
    from .steps import data

    kinds = data().kinds
    return frozenset(tx.stem(w.casefold()) for w in kinds["service"] + kinds["service-places"] if " " not in w)


# Where a business's description turns from what it is to what it also has ("..., a cinema with a small cafe bar")
_EXTRA = re.compile(r"\s(?:with|plus|as well as|and also)\s+(?:an?|our|its|their|some)?\s*(?:small|little|tiny|"
                    r"own)?\s*(?=\w)", re.I)


# Who a business serves, named after a word of serving ("visit restaurant kitchens", "we supply cafes", "restaurants
# on a monthly contract"): their trade is not the business's own
_SERVED = re.compile(r"\b(?:for|between|visit(?:s|ing)?|suppl(?:y|ies|ying)|serv(?:e|es|ing)|sells?\s+to|selling\s+to|"
                     r"deliver(?:s|ing)?\s+to|"
                     r"work(?:s|ing)?\s+(?:for|with)|clean(?:s|ing)?(?:\s+for)?|(?:our|my)\s+(?:clients|customers)\s+"
                     r"(?:are|include))\s+((?:(?:the|local|busy|small|independent|their|other)\s+)*[\w'-]+"
                     r"(?:\s+(?!and\b|or\b)[\w'-]+)?(?:\s*(?:,|\band\b|\bor\b|&)\s*(?:the\s+)?[\w'-]+"
                     r"(?:\s+(?!and\b|or\b)[\w'-]+)?)*)|"
                     r"\b([\w'-]+)\s+on\s+(?:a|an)\s+(?:monthly|weekly|yearly|annual|rolling)\s+contract|"
                     # customers as the subject of a word of buying from the business ("restaurants and bars hire
                     # our vans", "schools book us", "cafes order from me")
                     r"\b((?:[\w'-]+\s*(?:,|\band\b|\bor\b|&)\s*)*[\w'-]+)\s+(?:hire|rent|use|book|buy|order|"
                     r"call|ring|contract|employ)\s+(?:our|us|me|my|from\s+(?:us|me))\b", re.I)


#: The parts of any firm a B2B business may serve: named among its customers, they say what the business does.
_DEPARTMENTS = ("hr", "human resources", "people team", "payroll", "finance", "accounts", "accounting", "marketing",
                "it", "sales", "procurement", "purchasing", "facilities", "operations", "legal", "compliance",
                "training", "recruitment", "hiring", "health and safety")


_SURFACE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _same_word(word: str, keyword: str) -> bool:
    """Whether a word of the text is a one-word keyword itself, or its plural or singular ("classes", "bakeries"):
    two words that only stem alike are different words ("spine" is no "spin", "boxes" no "boxing")."""
    w, k = word.casefold(), keyword.casefold()
    if w == k:
        return True
    forms = {k + "s", k + "es", k + "'s"} | ({k[:-1] + "ies"} if k.endswith("y") else set())
    back = {w + "s", w + "es"} | ({w[:-1] + "ies"} if w.endswith("y") else set())
    return w in forms or k in back


def _said(keywords: list[str], text: str) -> list[str]:
    """The keywords a text may match: every phrase of several words, and each one-word keyword only when one of the
    text's words is that word (see :func:`_same_word`); the stems :func:`text.keyword_score` compares are shared by
    unrelated words."""
    by_stem = _by_stem(text)
    return [k for k in keywords
            if len(tx.phrase(k)) > 1 or any(_same_word(w, k) for w in by_stem.get(tx.stem(k.casefold()), ()))]


@functools.lru_cache(maxsize=64)
def _by_stem(text: str) -> dict[str, tuple[str, ...]]:
    """A text's words by their stems."""
    out: dict[str, list[str]] = {}
    for word in {w.casefold() for w in _SURFACE.findall(text)}:
        out.setdefault(tx.stem(word), []).append(word)
    return {k: tuple(v) for k, v in out.items()}


#: What customers have, in the customers answer: "who've just got an electric car", "with a grand in the lobby".
_HAVE = re.compile(r"\b(?:got|have|has|had|own|owns|owning|bought|with|drive|drives|driving|ride|rides|keep|keeps)\s+(?:just\s+)?(?:(?:an?|the|their|his|her|new|"
                   r"old|one|two|some|big|small)\s+|(?=[\w-]+\s+[\w-]+s\b|[\w-]+s\b))[^,;.()]{0,40}?"
                   r"(?=[,;.()]|\s(?:and|but|or|who|so)\s|$)", re.I)  # "homeowners with electric cars" too

# Customers said to be few ("a few wedding parties", "the odd school group", "occasionally students"): a side line
_FEW = re.compile(r"^\s*(?:(?:plus|and|also|with)\s+)*(?:a\s+few|a\s+couple\s+of|a\s+handful\s+of|the\s+odd|the\s+occasional|an?\s+"
                  r"occasional|occasional(?:ly)?|some|the\s+rare|rarely|now\s+and\s+then)\b", re.I)


def what_it_is(text: str) -> str:
    """What the business says it is, with its name: the name and the phrase after it ("Quick Print, a print shop
    printing ..." -> "Quick Print print shop"), "" when the answer says neither."""
    name = business_name(text)
    rest = clean_text(text).strip()
    while name and rest.startswith(name):
        rest = re.sub(r"^[\s,:;.\-–—]+", "", rest[len(name):])
    label = business_label(rest)
    # the kind of business ends where a word of doing starts what it does ("print shop | printing policy documents")
    doing = re.match(r"((?:\S+\s+){2,}?)\S+ing\s+\S", label)
    return " ".join(part for part in (name, doing.group(1).strip() if doing else label) if part)


def _lone_word(keywords: list[str], own_toks: list[str], own_text: str, more_toks: list[str], more_text: str) -> bool:
    """Whether an industry is named only by one single word of the owner's description while the offering, said in
    several words, names none of its keywords: a word shared by other trades ("broker", "studio", "agency")."""
    if len(more_toks) < 3 or tx.keyword_score(more_toks, _said(keywords, more_text)):
        return False
    said = [k for k in _said(keywords, own_text) if tx.keyword_score(own_toks, [k])]
    return len(said) == 1 and len(tx.phrase(said[0])) == 1 and _qualified_head(said[0], own_text)


_DETERMINERS = frozenset("a an the our my your their its his her this that we i s by of for with from to at in on and or "
                         "all many some few no".split())
_AFTER_HEAD = r"(?:$|[,.;:!?()\-–—/]|\s+(?:in|for|at|of|on|with|and|or|that|who|which|based|near|from|to|serving|run)\b)"


def _qualified_head(word: str, text: str) -> bool:
    """Whether ``word`` ends a noun phrase after a word that qualifies it ("a customs broker in Felixstowe"): a
    trade named by its qualifier, not by the word; "a travel eSIM app" uses "travel" of what it serves."""
    pattern = rf"\b(\w+)\s+{re.escape(word)}(?:e?s)?\s*{_AFTER_HEAD}"
    return any(m.group(1).casefold() not in _DETERMINERS for m in re.finditer(pattern, text, re.IGNORECASE))


def _customers_trade(keywords: list[str], served: str, served_toks: list[str], said_to_be: str) -> bool:
    """Whether an industry's keywords name those the business serves and not what it says it is."""
    return bool(said_to_be and served_toks and tx.keyword_score(served_toks, _said(keywords, served))
                and not tx.keyword_score(tx.tokens(said_to_be), _said(keywords, said_to_be)))


def industry_match(own: str, more: str = "", customers: str = "") -> tuple[str | None, float]:
    """The industry the answers describe best, and how sure that is (0 to 1).

    ``own`` is the owner's description of the business (its words count twice), ``more`` the rest
    (the offering); ``customers``, who the customers are, counts fully when they are people (their needs say what
    the business is: "patients", "buyers and sellers") and a third when they are businesses, like any trade the
    business serves ("law firms and barristers' chambers" is who a courier carries for, not what it is), but for
    the part of the firm served ("HR managers"); a keyword that is a word any service uses of itself counts a third
    (:func:`_generic_words`), and so does one of the industry's ``weak`` keywords (everyday words too). The confidence grows with the best score (one keyword alone is
    weak) and with its lead over the runner-up (a tie is no answer): ``(best - second) / best``
    times ``min(1, best / 3)``.
    """
    own, more, asked = own[:MAX_SCAN], more[:MAX_SCAN], customers[:MAX_SCAN]
    # customers said to be few are a side line, like a trade the business serves: they count a third
    items = split_list(customers[:MAX_SCAN]) if customers else []
    few = " ".join(item for item in items if _FEW.match(item))
    if few:
        customers = ", ".join(item for item in items if not _FEW.match(item))
    # who the business serves is not what it is: "I visit restaurant kitchens", "restaurants on a monthly contract"
    toks = tx.tokens(customers[:MAX_SCAN])
    # people's needs say what the business is, and so does the part of a firm served ("HR managers"); firms' own
    # trades do not
    if detect_business_model(customers) != "B2B" or any(tx.contains(toks, tx.phrase(w)) for w in _DEPARTMENTS):
        # what the customers have is not what they need from the business: "people who've just got an electric
        # car" (a charger fitter), "hotels with a grand in the lobby" (a piano tuner)
        more, customers = f"{more} {_HAVE.sub(' ', customers)}", ""
    served = " ".join([m.group(1) or m.group(2) or m.group(3) for text in (own, more) for m in _SERVED.finditer(text)]
                      + [customers[:MAX_SCAN], few])
    said_to_be = what_it_is(own)
    own, more = _SERVED.sub(" ", own), _SERVED.sub(" ", more)
    extra = _EXTRA.search(own)  # "a cinema with a small cafe bar": the cafe bar is what it has, not what it is
    head, extra_text = (own[:extra.start()], own[extra.end():]) if extra else (own, "")
    own_toks, more_toks = tx.tokens(head), tx.tokens(f"{more} {extra_text}")
    served_toks = tx.tokens(served)
    generic = _generic_words()
    scores = {}
    own_text, more_text = head, f"{more} {extra_text}"
    for k, ind in load().industries.items():
        weak = generic | {tx.stem(w.casefold()) for w in ind.weak}
        specific = [w for w in ind.keywords if tx.stem(w.casefold()) not in weak]
        shared = [w for w in ind.keywords if tx.stem(w.casefold()) in weak]
        if _customers_trade(ind.keywords, served, served_toks, said_to_be):
            # the trade of those served, and not what the business says it is: its words anywhere are the
            # customers' things ("a print shop printing policy documents for insurance brokers"), a third each
            specific, shared = [], list(ind.keywords)
        scores[k] = (2 * tx.keyword_score(own_toks, _said(specific, own_text))
                     + tx.keyword_score(more_toks, _said(specific, more_text))
                     + (2 * tx.keyword_score(own_toks, _said(shared, own_text))
                        + tx.keyword_score(more_toks, _said(shared, more_text))
                        + tx.keyword_score(served_toks, _said(ind.keywords, served))) / 3)
    software = [k for k, ind in load().industries.items() if ind.stage_model in _SOFTWARE_MODELS]
    if _names_itself_software(head) and _best(scores) not in software:
        # "Plotter, a gardening planner web app": a product of software, whatever trade it is about; the trade's
        # words say what the app is for (a third each), and the software's model wins (unless software already does)
        for k in scores:
            if k not in software:
                scores[k] /= 3
        b2b = detect_business_model(asked) == "B2B"
        pick = next((k for k in software if (load().industries[k].business_model == "B2B") == b2b), None)
        if pick:
            scores[pick] += 3
    best = _best(scores)
    if best is None:
        return None, 0.0
    top = scores[best]
    second = max((v for k, v in scores.items() if k != best), default=0.0)
    confidence = round((top - second) / top * min(1.0, top / 3), 2)
    keywords = load().industries[best].keywords
    if _customers_trade(keywords, served, served_toks, said_to_be):
        # what the business serves leads and what it says it is names none of it: the knowledge base has no
        # fitting industry, and the customers' is only a guess
        confidence = min(confidence, round(CONFIDENT * 0.8, 2))
    if _carried_by_customers(keywords, f"{own_text} {more_text}", asked):
        # the only words for the industry name who the customers are ("we rent hives to allotments and schools";
        # customers: "primary schools"): no evidence of what the business does
        confidence = min(confidence, round(CONFIDENT * 0.8, 2))
    if _lone_word(keywords, own_toks, own_text, more_toks, more_text):
        # one word of what the business says it is names the industry, and nothing of what it offers does: "a
        # customs broker" offering "import declarations, duty and VAT" is no insurance broker
        confidence = min(confidence, round(CONFIDENT * 0.8, 2))
    if extra and not tx.keyword_score(own_toks, keywords) and tx.keyword_score(tx.tokens(extra_text), keywords):
        # nothing in what the business says it is names this industry, and what it says it has does: a guess
        confidence = min(confidence, round(CONFIDENT * 0.8, 2))
    return best, confidence


#: The stage models of software products (an app, SaaS)
_SOFTWARE_MODELS = frozenset({"consumer-app", "b2b-saas"})
#: A business that names itself software: "a gardening planner web app", "Plotter is an app", "SaaS for gyms";
#: not one that has an app ("a gym with an app", "book through our app") or sells in an app store
_IS_SOFTWARE = re.compile(r"\b(?:web\s*app|mobile\s+app|app|apps|software|saas|online\s+tool|platform)\b"
                          r"(?!\s+(?:store|stores)\b)", re.I)
_HAS_IT = re.compile(r"\b(?:with|via|by|using|through|in|on|our|its|their|your|has|have)\s+(?:an?\s+)?(?:[\w'-]+\s+)?$",
                     re.I)


def _names_itself_software(own: str) -> bool:
    """Whether the owner's words for the business say it is an app or software (:data:`_IS_SOFTWARE`), named as
    what it is, not as something it has or works through."""
    label = business_label(re.sub(rf"^\s*{re.escape(business_name(own))}[\s,:;.\-–—]*", "", own)
                           if business_name(own) else own) or own[:120]
    return any(not _HAS_IT.search(label[max(0, m.start() - 30):m.start()]) for m in _IS_SOFTWARE.finditer(label))


def _customer_things(customers: str) -> str:
    """The words of the customers answer that name organisations or places ("primary schools", "the delis") or what
    the customers own ("holiday let owners", "people who've just got an electric car"): who buys, not what the
    business is. People named by what they are to a business ("gym members", "students") are left out: their needs
    say what the business is."""
    parts = []
    for item in split_list(customers):
        who = _who_they_are(item)
        parts += [m.group(0) for m in _HAVE.finditer(item)]
        parts += [who[:m.start()] for m in re.finditer(r"\bowners?\b", who, re.I)]
        if detect_business_model(who) != "B2C":
            parts.append(who)
    return " , ".join(parts)


def _carried_by_customers(keywords: list[str], evidence: str, customers: str) -> bool:
    """Whether every keyword of an industry the owner's answers say, as written, is also a word naming the customers'
    organisations, places or things (:func:`_customer_things`). A phrase whose words are only scattered ("look after
    it" and "schools" for "after-school") is not said."""
    toks = tx.tokens(evidence)
    said = [k for k in _said(keywords, evidence) if tx.contains(toks, tx.phrase(k))]
    things = _customer_things(customers) if said and customers else ""
    theirs = tx.tokens(things)
    return bool(things) and all(_said([k], things) and tx.contains(theirs, tx.phrase(k)) for k in said)


#: An answer to "Consumers (B2C), other businesses (B2B), or both?" that starts with "both" ("both really, mostly
#: tradesmen"), not "both parents" or "both of us".
_BOTH_ANSWER = re.compile(r"^\W*(?:(?:it'?s|we\s+do|definitely|honestly|well|um|erm?|oh|probably|a\s+bit\s+of)\W+)*both\b"
                          r"(?!\s+(?:of|parents|partners|sexes|genders|kids|children|adults|sides|ends|teams|sisters|"
                          r"brothers|halves))", re.I)


#: How a model is named when said outright: "public" alone is "the public" (consumers), not the public sector.
_SAID_AS = {"public": "public sector"}
#: One kind of customer, then another added to it: "mostly locals, but also a few cafes", "as well as", "plus".
_ALSO = re.compile(r"\b(?:but\s+also|and\s+also|also|as\s+well\s+as|plus|not\s+forgetting)\b", re.I)


def detect_business_model(text: str, explicit_only: bool = False) -> str | None:
    """B2C, B2B, ... from words like "families", "HR teams", "charity".

    With ``explicit_only``, only the model's own name counts ("we're B2B"): a
    business describing itself ("a small company") says nothing about its customers.
    """
    toks = tx.tokens(text[:MAX_SCAN])
    both = load().vocab.business_models.get(BOTH_MODELS, [])
    if any(tx.contains(toks, tx.phrase(words)) for words in both):  # "B2B and B2C", "trade and the public", as said
        return BOTH_MODELS
    if tx.contains(toks, tx.phrase("b2b")) and tx.contains(toks, tx.phrase("b2c")):  # "B2C families, and B2B for
        return BOTH_MODELS  # retreats": both named, apart
    if not explicit_only and _BOTH_ANSWER.match(text):  # "both really, mostly ...": the question offers both
        return BOTH_MODELS
    who = tx.tokens(_who_they_are(text[:MAX_SCAN]))
    scores = {}
    for model, words in load().vocab.business_models.items():
        if model == BOTH_MODELS:
            continue
        named = _SAID_AS.get(model, model)
        explicit = 3.0 if model != "other" and tx.contains(toks, tx.phrase(named)) else 0.0
        scores[model] = explicit if explicit_only else explicit + tx.keyword_score(who, words)
    if not explicit_only:
        scores["B2C"] = scores.get("B2C", 0.0) + _owners_of_things(text[:MAX_SCAN])
        named = any(tx.contains(toks, tx.phrase(_SAID_AS.get(m, m))) for m in scores if m != "other")
        if not named and scores.get("B2C", 0) > 0 and scores.get("B2B", 0) > 0 and _ALSO.search(text[:MAX_SCAN]):
            return BOTH_MODELS  # "mostly the public, but also a couple of holiday-let companies"
    return _best(scores)


#: What the customers do, want or lack, and where they go: "elderly folk who can't get to a salon", "people working
#: in an office". A firm named there is not who the customers are.
_NOT_WHO = re.compile(r"\b(?:who|that|which|whose|because)\b[^,;]*|\b(?:to|at|from|near|in|into|outside|around|"
                      r"like|than|instead\s+of)\s+(?:a|an|the|their|our|my|his|her|its)\s+[\w'-]+", re.I)
#: People named by a thing they own: "dog owners", "car owners" (consumers), "salon owners" (a firm's)
_OWNERS = re.compile(r"\b([a-z][\w-]*)\s+owners?\b", re.I)


def _who_they_are(text: str) -> str:
    """The words that name who the customers are, without what they do, want or lack and where they go."""
    return _NOT_WHO.sub(" ", text)


def _owners_of_things(text: str) -> float:
    """How many times the customers are named as owners of a thing that is no firm ("dog owners", "home owners"):
    people buying for themselves. "Salon owners", "business owners" own a firm and do not count."""
    firms = load().vocab.business_models.get("B2B", [])
    count = 0.0
    for m in _OWNERS.finditer(_who_they_are(text)):
        thing = m.group(1)
        if not any(tx.keyword_score(tx.tokens(f"{thing} {thing}s"), [w]) for w in firms) and \
                tx.stem(thing.casefold()) not in {tx.stem(w) for w in ("business", "shop", "store", "firm", "company")}:
            count += 1.0
    return count


def detect_kind(text: str) -> str | None:
    """The map kind named in the text: current, future, day-in-the-life, blueprint."""
    toks = tx.tokens(text[:MAX_SCAN])
    return _best({k: tx.keyword_score(toks, words) for k, words in load().vocab.kinds.items()})


def detect_journey(text: str) -> str | None:
    """The key of the journey vocabulary entry the text names, if any."""
    toks = tx.tokens(text[:MAX_SCAN])
    return _best({k: tx.keyword_score(toks, j.words) for k, j in load().vocab.journeys.items()})


def detect_data(text: str) -> list[str]:
    """Canonical names of the customer data sources mentioned, in order of mention."""
    toks = tx.tokens(text[:MAX_SCAN])
    spans: dict[str, list[tuple[int, int]]] = {}
    for name, words in load().vocab.data_sources.items():
        for w in [name, *words]:
            needle, at = tx.phrase(w), 0
            while needle and (at := tx.find(toks, needle, at)) >= 0:
                spans.setdefault(name, []).append((at, at + len(needle)))
                at += 1

    def inside_longer(name: str, start: int, end: int) -> bool:
        # "ticket sales" is sales records, not support tickets: a longer phrase of another source covers the word
        return any(s <= start and end <= e and e - s > end - start
                   for other, found in spans.items() if other != name for s, e in found)

    first = {name: min(start for start, end in found if not inside_longer(name, start, end))
             for name, found in spans.items() if any(not inside_longer(name, s, e) for s, e in found)}
    return sorted(first, key=first.get)


#: An answer typed in capitals, or a word of it ("they NEVER turn up"): shouting, so high severity; a word of three
#: letters or more with a vowel, so that acronyms ("NHS", "HMRC", "SMS") are not read as shouting unless the whole
#: answer is in capitals.
_SHOUTED = re.compile(r"\b[A-Z][A-Z'’]*[AEIOUY][A-Z'’]*\b")
#: A word the shouting is about when only one word is in capitals.
_EMPHASIS = frozenset("never always nobody nothing every everyone all no not none still again hours days weeks so "
                      "really very hate impossible ever cannot can't won't don't doesn't".split())
#: What makes a level-3 phrase read as low: "not", "n't" (split to "not"), and an article after it ("not a huge").
_NEGATIONS = frozenset({"not", "hardly"})
_ARTICLES = frozenset({"a", "an", "the", "that", "so", "too", "very", "really", "such", "our", "my"})
_GAP = 3  # the most words "..." stands for in a severity phrase


@functools.lru_cache(maxsize=64)
def _severity_phrases(level: str) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """The level's phrases as parts of stems: "lose ... customers" is (("los",), ("customer",))."""
    return tuple(tuple(tx.phrase(part) for part in phrase.split("...") if tx.phrase(part))
                 for phrase in load().vocab.severity[level])


def _phrase_at(toks: list[str], parts: tuple[tuple[str, ...], ...]) -> list[int]:
    """Where each match of a severity phrase starts in ``toks``: its parts in order, at most ``_GAP`` words apart."""
    starts = []
    at = tx.find(toks, parts[0])
    while at >= 0:
        end, ok = at + len(parts[0]), True
        for part in parts[1:]:
            found = tx.find(toks[: end + _GAP + len(part)], part, end)
            if found < 0:
                ok = False
                break
            end = found + len(part)
        if ok:
            starts.append(at)
        at = tx.find(toks, parts[0], at + 1)
    return starts


def _shouted(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text)
    loud = [w for w in words if len(w) >= 3 and _SHOUTED.fullmatch(w)]
    if not loud:
        return False
    long_words = [w for w in words if len(w) >= 3]
    return len(loud) >= 2 and 2 * len(loud) >= len(long_words) or any(w.lower() in _EMPHASIS for w in loud)


def detect_severity(text: str) -> int | None:
    """1-3 from how the owner says a problem, if it says: 3 for "the biggest headache", "every time", "we lose
    customers", a shouted word or "!!"; 1 for "sometimes", "a bit", "minor" or a negated high word ("not a huge
    problem"); 2 for plain "problem" or "annoying"; None when the words say nothing of how bad it is."""
    text = text[:MAX_SCAN]
    toks = ["los" if t == "lost" else t for t in tx.tokens(text)]  # "lost customers" is losing them

    def negated(at: int) -> bool:
        before = toks[max(0, at - 2):at]
        return bool(before) and (before[-1] in _NEGATIONS or len(before) == 2 and before[0] in _NEGATIONS
                                 and before[1] in _ARTICLES)

    high = [at for parts in _severity_phrases("3") for at in _phrase_at(toks, parts)]
    if any(not negated(at) for at in high) or "!!" in text or _shouted(text):
        return 3
    if high or any(_phrase_at(toks, parts) for parts in _severity_phrases("1")):
        return 1
    if any(_phrase_at(toks, parts) for parts in _severity_phrases("2")):
        return 2
    return None


# ---------------------------------------------------------------------------
# Names


def _lowercase_letters() -> str:
    """Every lowercase letter below U+2000 (Latin, Greek, Cyrillic, Armenian...) as a character-class body.

    A name word starts with anything that is a letter or digit but not lowercase: a capital in any cased
    script ("Émile", "Øresund", "Ёлка") or a letter of a script without case (Arabic, Hebrew, CJK).
    """
    lower = [chr(c) for c in range(0x61, 0x2000) if chr(c).islower()]
    return "".join(re.escape(ch) for ch in lower)


_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u200c\u200d"
_NAME_WORD = rf"(?![{_lowercase_letters()}])[^\W_][\w&'’.\-{_MARKS}]*"
# Lowercase words that join the parts of a name ("Cakes by Zoe", "Bread and Butter", "Café de la Gare").
_NAME_JOINERS = ("of", "the", "and", "&", "by", "for", "de", "du", "des", "del", "la", "le", "les", "von", "van",
                 "der", "den", "da", "di", "do", "dos", "das", "y", "e", "et", "und", "al", "el")
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|{'|'.join(_NAME_JOINERS)}))*"
_NAME_PATTERNS = [
    re.compile(rf"\b(?:called|named)\s+[\"“']?({_NAME})"),
    re.compile(rf"\b(?:owner|founder|co-founder|manager|director|head)\s+(?:of|at)\s+[\"“']?({_NAME})"),
    re.compile(rf"(?i:\b(?:i run|i own|we run|we own|i manage|i work at|i work for|we are|we're|this is|it's|it is|my business is|our business is|our company is|the business is))\s+[\"“']?({_NAME})"),
    re.compile(rf"^\s*[\"“']?({_NAME})[\"”']?\s*(?:,|:|\(|\s[-–—]\s|\s+(?:is|are|was|has|sells|makes|offers|provides|helps)\b)"),
    # the answer is the name and nothing else ("Petal & Stem", "Bloom")
    re.compile(rf"^\s*[\"“']?({_NAME})[\"”']?\s*[.!]?\s*$"),
]


# A name typed in lowercase ("a bakery called sweet crumbs"): read only where the sentence says it is a name
# ("called", "named"), when no capitalised name was found.
_LOWER_WORD = r"[^\W\d_][\w&'’.\-]*"
_LOWER_NAME_PATTERNS = [
    re.compile(rf"\b(?:called|named)\s+[\"“']?({_LOWER_WORD}(?:\s+{_LOWER_WORD}){{0,3}}?)[\"”']?"
               r"(?=\s*(?:[,.;:!?()]|$|\s[-–—]\s)|\s+(?:in|at|and|which|that|who|we|since|for|from|on|with|based|is)\b)",
               re.I),
]


def business_name(text: str) -> str:
    """The business's name, if the answer gives one.

    ``"Sweet Crumbs, a two-person bakery in Leeds"`` -> ``"Sweet Crumbs"``;
    ``"I run a bakery called Sweet Crumbs"`` -> ``"Sweet Crumbs"``;
    ``"We're a small bakery"`` -> ``""``.
    """
    head = clean_text(text)[:600]
    kb = load()
    stop = set(kb.vocab.name_stopwords)
    keywords = {k.casefold() for ind in kb.industries.values() for k in ind.keywords}
    for pattern in _NAME_PATTERNS:
        for match in pattern.finditer(head):
            name = _trim_name(match.group(1))
            words = name.split()
            leading = words[1:] if len(words) > 1 and words[0] == "The" else words
            if not leading or _stop_led(" ".join(leading), stop) or len(words) > 6 or len(name) > 60:
                continue
            if leading[0][0].isdigit() and len(words) == 1:  # "we're 6 people": a count, not a name
                continue
            if name.casefold() in keywords:
                continue
            return name
    for pattern in _LOWER_NAME_PATTERNS:
        match = pattern.search(head)
        words = _trim_name(match.group(1)).split() if match else []
        if words and words[0].casefold() not in stop and not any(w.casefold() in keywords for w in words) \
                and not words[0][0].isdigit():
            return " ".join(words)
    return ""


def _unsure_led(words: list[str], stop: set[str]) -> bool:
    """Whether a capitalised name opens with the words of "I don't know" and goes on as a name ("No Idea Studios",
    "Dunno Bakery"): a name, as "No idea" or "Dunno" alone is no answer, not one followed by more of a name."""
    from .questions import dont_know

    return any(all(w[:1].isupper() for w in words[:end + 1]) and words[end].casefold() not in stop
               and dont_know(" ".join(words[:end])) for end in range(1, len(words)))


def _stop_led(name: str, stop: set[str]) -> bool:
    """Whether a name's first word is one no name opens with ("we", "no", "dunno"...), unless the name goes on
    past "No Idea" or "Dunno" as a name does (:func:`_unsure_led`)."""
    words = name.split()
    return bool(words) and words[0].casefold() in stop and not _unsure_led(words, stop)


_OPENERS = re.compile(
    r"^(?:(?:hi|hello|hey)\b[,!.]?\s*)?(?:(?:i|we)\s+(?:want|need|would like|'d like)\s+(?:a\s+)?(?:customer\s+)?"
    r"(?:journey\s+)?map\s+(?:for|of)\s+|(?:i|we)\s+(?:run|own|have|manage|are)\s+|we're\s+|it'?s\s+|"
    r"this\s+is\s+|(?:my|our)\s+(?:business|company)\s+is\s+)?(?:(?:a|an|the|my|our)\b)?\s*", re.I)
_LABEL_END = re.compile(
    r"\s*(?:[,;:(.!?]|\s[-–—]\s)|\s+(?:running|that|which|who|in|with|for|selling|sells|makes|making|offers|"
    r"offering|provides|providing|does|doing|is|are|has|helps|helping|based|from|on|at|near|where|since|and\s+we|"
    r"visiting|serving|covering|working|supplying|teaching|between|to|by)\b", re.I)
_SENTENCE_VERB = re.compile(r"\s+(?:sells|makes|does|is|are|has|helps|offers|provides|needs|wants)\b", re.I)
_GENERIC = {"business", "company", "firm", "shop", "thing", "map", "place", "one", "small", "little"}
_NOT_A_LABEL = {"i", "me", "we", "us", "you", "they", "my", "our", "just", "hmm", "um", "erm", "well", "ok", "okay",
                "yes", "no", "dunno", "idk", "not", "sure", "what", "how", "why", "help", "please"}


def business_label(text: str) -> str:
    """What the business is, for a title when the answer names none: "Island ferry co-operative running a boat
    ..." -> "Island ferry co-operative", "i want a map for my piano tuning business" -> "Piano tuning business";
    "" when that is only a word like "shop", or longer than six words."""
    head = clean_text(text)[:300].strip()
    head = head[_OPENERS.match(head).end():] if _OPENERS.match(head) else head
    phrase = _LABEL_END.split(head, maxsplit=1)[0].strip(" \"'“”")
    if re.match(r"(?:our|my)\s", clean_text(text).strip(), re.I) and _SENTENCE_VERB.match(head[len(phrase):]):
        return ""  # "our stall sells honey": the subject of a sentence, not what the business is
    words = phrase.split()
    if not words or len(words) > 6 or len(phrase) > 60 or not any(ch.isalpha() for ch in phrase) \
            or all(w.casefold() in _GENERIC for w in words) or any(w.casefold() in _NOT_A_LABEL for w in words):
        return ""
    return phrase[0].upper() + phrase[1:]


def _trim_name(name: str) -> str:
    name = name.strip(" .,;:!?\"'“”’")
    if name.count('"') % 2 or name.count("“") != name.count("”"):  # "Big" Mike cut at its first quote: none kept
        name = re.sub(r'["“”]', "", name)
    words = name.split()
    while words and (words[-1].casefold() in _NAME_JOINERS or words[-1].casefold() in {"in", "is"}):
        words.pop()
    return " ".join(words)


_OFFERING = re.compile(
    r"\b(?:sell|sells|selling|make|makes|making|bake|bakes|baking|offer|offers|offering|provide|provides|providing|"
    r"specialising in|specializing in|specialise in|specialize in|teach|teaches|teaching|do|does|doing)\s+([^.;:\n()]+)",
    re.I,
)


#: A name in quote marks ('Plotter', “Plotter”, "Plotter"), not an apostrophe inside a word (Sam's, o'clock)
_QUOTED = re.compile(r"(?<![\w'’])['‘\"“]([^'‘’\"“”\n]{1,60}?)['’\"”](?![\w'’])")


def unquoted(text: str) -> str:
    """``text`` without the quote marks around the names in it ("'Plotter' and “Drafter” subscriptions":
    "Plotter and Drafter subscriptions"), nor a stray one at either end; an apostrophe stays."""
    return _QUOTED.sub(r"\1", text).strip(" \"“”‘")


def offering_phrase(text: str) -> str:
    """What is sold, from "... selling custom cakes for birthdays" -> "custom cakes for birthdays"; a name said in
    quote marks ("selling 'Plotter'") without them."""
    match = _OFFERING.search(clean_text(text)[:MAX_SCAN])
    if not match:
        return ""
    phrase = re.split(r"\s+(?:to|which|that|who|because|since|but|in|from|via|through|on|at)\s+|,", match.group(1))[0]
    words = phrase.split()
    return unquoted(" ".join(words[:10]).strip(" .,")).strip(" .,")


_PERSONA_HEAD = re.compile(rf"^\s*(?:(?:she|he|they)\s+is\s+|(?:let'?s\s+)?call\s+(?:her|him|them)\s+)?[\"“']?({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})[\"”']?\s*(?:,|:|\(|\s[-–—]\s|$|\s+(?:is|who)\b)")


# Where one persona answer names a second person: a name of one to four words, the first capitalised ("Tom",
# "Busy parent Tom", "Dr. Smith", "😀 Zoe", "\"Big\" Mike", "Li Wei (李伟)"), then an age ("Tom, 38", "Tom (38)"), a
# description ("Tom, a busy dad", "Tom: ...", "Tom - ...") or "is a". Each person must open the same way as the
# first ("Maya, a busy mum, and Tom, a designer"), so that "..., 45, orders coffee and Snacks, a lot" stays one
# person; a last person may be a name alone ("Dr. Smith, a GP, and Nurse Jones").
_LEAD = r"(?:[^\w\s\"“'‘(]+\s*)?"  # an emoji or a symbol before a name
_QUOTED_WORD = r"(?:[\"“'‘][^\"”'’\n]{1,20}[\"”'’]\s+)?"  # a nickname in quotes before a name
_NAME_TAIL = r"(?:\s+[\w'’.-]+){0,3}?(?:\s*\([^()\n]{1,30}\))?"
_NEXT_PERSONA = re.compile(
    rf"{_LEAD}{_QUOTED_WORD}(?:an?\s+)?{_NAME_WORD}{_NAME_TAIL}(?:(?P<age>\s*,\s*\d{{1,3}}\b|\s*\(\s*\d{{1,3}})"
    rf"|(?P<article>\s*,\s*an?\s)|(?P<colon>\s*:\s)|(?P<dash>\s[-–—]\s)|(?P<verb>\s+(?:is|who\s+is|who's)\s+an?\s))")
_NAME_ALONE = re.compile(rf"{_LEAD}{_QUOTED_WORD}{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}\s*[.!]?\s*")
_NAME_THEN_WHO = re.compile(rf"{_LEAD}{_QUOTED_WORD}(?:(?P<role>(?:[^\W\d_][\w'’-]*\s+){{1,3}}?)(?=[^\W\d_]))?"
                            rf"(?P<name>(?=[^\W\d_]){_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})\s*,\s+"
                            r"(?!(?i:she|he|they|it|we|i|you|and|but|so|then|mostly|mainly)\b)"
                            r"(?(role)(?=\d{1,3}\b|(?i:an?|the)\s)|(?=[^\W\d_]|\d{1,3}\b))")
# Capitalised words that open a clause about when, not a person ("...; Mondays, she orders")
_WHEN = re.compile(r"\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekends?|evenings?|mornings?|nights?|"
                   r"january|february|march|april|may|june|july|august|september|october|november|december|"
                   r"summer|winter|spring|autumn|christmas|easter|today|tomorrow|sometimes|usually|often)\b", re.I)
_BETWEEN_PERSONAS = re.compile(r"\s*(?:;|\n)+\s*(?:and\s+|also\s+|plus\s+)?|,?\s+(?:and|plus|also|&)\s+(?:also\s+)?|"
                               r"(?<=[a-z0-9)])(?<!\bDr)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bSt)(?<!\bProf)(?<!\bRev)(?<!\bNo)\.\s+(?=[A-Z])",
                               re.I)
_LIST_GAP = re.compile(r"\s*(?:,|;|&|\n)\s*(?:and\s+)?|\s+and\s+", re.I)
MAX_PERSONAS_IN_ONE_ANSWER = 12


def _names_only(text: str) -> list[str]:
    """The names of an answer that is nothing but names ("Ana, Ben, Carl and Dana"; one per line), else []."""
    pieces = [p.strip(" .") for p in _LIST_GAP.split(text) if p.strip(" .")]
    if len(pieces) < 2 or not all(len(p.split()) <= 2 and _NAME_ALONE.fullmatch(p) and not any(c.isdigit() for c in p)
                                  for p in pieces):
        return []
    if len(pieces) == 2 and "\n" not in text and not re.search(r"\s(?:and|&)\s", text):
        return []  # "Margaret, Retired": a name and what she is, not two people
    return pieces


#: Who a person is, before their name: "a wedding planner: ", "the concert-goer - " (then a capital letter)
_ROLE_INTRO = re.compile(r"\s*(?:[Aa]n?|[Tt]he|[Oo]ne|[Oo]ur)\s+[^,:;()\n]{1,30}?\s*(?::|\s[-–—])\s*(?=[A-Z])")
#: A person named, then who they are: "Facilities manager Femi, who looks after 40 buildings"
_WHO_FIRST = re.compile(r"^\s*(?:[^\W\d_][\w'’-]*\s+){0,3}[A-Z][\w'’-]*\s*,\s+(?:who|whose)\b")
#: A person named, then what they do: "Housekeeping manager Hana, runs a 60 room hotel" (a second person after a
#: semicolon or a new line then counts: "...; and Finance Fred who pays the invoices")
_NAME_THEN_DOES = re.compile(r"^\s*(?:[^\W\d_][\w'’-]*\s+){0,3}[A-Z][\w'’-]*\s*,\s+(?=[a-z])")
#: A person brought in by name and "who": "Finance Fred who pays the invoices", "and finance lead Fred, who ..."
_PERSON_WHO = re.compile(r"\s*(?:[^\W\d_][\w'’-]*\s+){0,3}?(?P<name>[A-Z][\w'’-]*)\s*,?\s+(?:who|whose)\b")


def _a_channel(name: str) -> bool:
    """Whether a name said where a person could be is a channel ("Instagram", "Facebook groups"), not someone whose
    role has a channel's word in it ("Office manager Olu", "Site lead Sam")."""
    return len(name.split()) <= 2 and bool(detect_channel_keys(name))


def split_personas(text: str) -> list[str]:
    """The people one persona answer describes, one string each, or the whole answer when it names one.

    ``"Retired Margaret, 70, comes twice a week; and Busy parent Tom, 38, brings the kids"`` -> two;
    ``"Ana, Ben, Carl and Dana"`` -> four; ``"Runner Rob, 35, training for a marathon and a half"`` -> one. A piece
    starts a new persona only where it opens as the first one does (a name followed by an age, a description or
    "is a"), or is the last, after ", and", and a name alone; an answer of names alone (or one person per line) is a name each.
    """
    text = clean_text(text)[:MAX_TEXT].strip()
    if not text:
        return []
    names = _names_only(text)
    if names:
        return names[:MAX_PERSONAS_IN_ONE_ANSWER]
    lines = [line.strip(" ,;") for line in text.splitlines() if line.strip(" ,;")]
    if len(lines) > 1 and all(_NEXT_PERSONA.match(line) or _NAME_ALONE.fullmatch(line) for line in lines):
        return lines[:MAX_PERSONAS_IN_ONE_ANSWER]  # one person per line
    intro = _ROLE_INTRO.match(text)  # "a wedding planner: Planner Pat, 35, ...": who they are, then the person
    named = intro.end() if intro else 0
    first = _NEXT_PERSONA.match(text, named)
    # "Facilities manager Femi, who ...": a person, then who they are; "a planner: Planner Pat, books ...": a
    # person introduced by who they are
    head = text[named:].split(",")[0]
    loose = not first and _NAME_THEN_DOES.match(text[named:]) and not _a_channel(head)
    if not first and not _WHO_FIRST.match(text[named:]) and not (intro and _NAME_THEN_WHO.match(text, named)) \
            and not loose:
        return [text]
    pieces, start = [], 0
    for gap in _BETWEEN_PERSONAS.finditer(text):
        if gap.start() <= start:
            continue
        role = _ROLE_INTRO.match(text, gap.end())  # "...; and a concert-goer: Ticket buyer Tom, 40, ..."
        opens = _NEXT_PERSONA.match(text, role.end() if role else gap.end())
        # the last person, a name alone, after ", and" ("Dr. Smith, a GP, and Nurse Jones"; not "... with Strava and
        # Garmin")
        alone = gap.group().lstrip().startswith(",") and _NAME_ALONE.fullmatch(text, gap.end())
        # after a semicolon or a new line, a person may open differently from the first ("Helen, 45, ...; and
        # Mr Okafor, music teacher at ...")
        at = role.end() if role else gap.end()
        who = _NAME_THEN_WHO.match(text, at) or _PERSON_WHO.match(text, at)
        name = who.group("name") if who else (opens.group() if opens else "")
        if not name and loose and (alike := _NAME_THEN_DOES.match(text[at:])):  # opens as the first one did
            name = alike.group().rstrip(" ,")
        strong = bool(name and (role or re.search(r"[;\n.]", gap.group())) and not _WHEN.match(text, gap.end())
                      and not _a_channel(name))  # "...; Instagram, mostly"
        # after ", and", a titled name with an age or "a/the ..." ("..., and Care home manager Carol, 58, who ..."),
        # however the first person opened
        titled = bool(who and who.groupdict().get("role") and gap.group().lstrip().startswith(",")
                      and not detect_channel_keys(who.group("name")))
        if not (opens and first and opens.lastgroup == first.lastgroup) and not alone and not strong and not titled:
            continue
        pieces.append(text[start:gap.start()])
        start = gap.end()
        if len(pieces) == MAX_PERSONAS_IN_ONE_ANSWER - 1:
            break
    pieces.append(text[start:])
    return [p.strip(" ,;.") for p in pieces if p.strip(" ,;.")]


def persona_name_and_summary(text: str) -> tuple[str, str]:
    """Split a persona answer into a name and a description.

    ``"Maya, a busy mum planning parties"`` -> ``("Maya", "A busy mum planning parties")``;
    ``"Busy parent Priya, orders a cake twice a year"`` -> ``("Busy parent Priya", "Orders a cake twice a year")``;
    ``"Tom is a designer"`` -> ``("Tom", "A designer")``.
    """
    text = _THERE_IS_ALSO.sub("", clean_text(text)[:MAX_TEXT])  # "there's also venue coordinator Sarah": Sarah's answer
    group = _GROUP.match(text)  # "the Patel family, who book every summer": the family is the persona
    if group:
        rest = text[group.end():].strip(" ,:;-–—()")
        return tx.capitalise(" ".join(group.group("name").split()))[:MAX_NAME], tx.capitalise(rest)
    stop = set(load().vocab.name_stopwords)
    intro = _ROLE_FIRST.match(text)  # "a concert-goer: Ticket buyer Tom, 45": who they are, then their name
    if intro:
        name, rest = persona_name_and_summary(text[intro.end():])
        if name:
            return name, tx.capitalise(", ".join(filter(None, [intro.group(1).strip(), rest[:1].lower() + rest[1:]])))
    text = re.sub(r"^\s*([\"“'‘])([^\W\d_][^\"”'’\n]{0,20})([\"”'’])(?=\s+\w)", r"\2", text)  # "Big" Mike: Big Mike
    bracket = re.match(r"^\s*([^,:;()\n]{1,60}?)\s*\(([^()\n]{1,30})\)\s*(?:[,:;]|$)\s*(.*)$", text, re.S)
    if bracket and not re.fullmatch(r"[\d\s]+", bracket.group(2)) and len(bracket.group(1).split()) <= 5 \
            and not _stop_led(bracket.group(1), stop):
        inner = bracket.group(2).strip()
        rest = bracket.group(3).strip(" ,:-–—")
        if not any(w[:1].islower() for w in inner.split()):  # "Li Wei (李伟), 28", "Robert (Bob)": the name's
            return _trim_name(f"{bracket.group(1).strip()} ({inner})")[:MAX_NAME], tx.capitalise(rest)  # own
        # "Runner Rob (marathon runner), 35": the bracket says who they are
        return _trim_name(bracket.group(1))[:MAX_NAME], tx.capitalise(", ".join(filter(None, [inner, rest])))
    head = re.match(r"^\s*[\"“']?([^,:;(\n]{1,60}?)[\"”']?\s*(?:,|:|;|\(|\s[-–—]\s)\s*(.*)$", text, re.S)
    if head and 1 <= len(head.group(1).split()) <= 5 and not _stop_led(head.group(1), stop):
        return tx.capitalise(_trim_name(head.group(1)))[:MAX_NAME], tx.capitalise(head.group(2).strip(" ,:-–—()"))
    match = _PERSONA_HEAD.match(text)
    if match and not _stop_led(match.group(1), stop):
        name = _trim_name(match.group(1))
        rest = text[match.end():].strip(" ,:-–—()")
        rest = re.sub(r"^(?:is|who is|who's)\s+", "", rest, flags=re.I)
        return name[:MAX_NAME], tx.capitalise(rest)
    role = _ROLE_NAME.match(text)  # "venue coordinator Sarah at Oxnead Hall who ...": a role, then who
    if role and not _stop_led(role.group(1), stop):
        rest = re.sub(r"^(?:who\s+is|who's|who)\s+", "", text[role.end():].strip(" ,:-–—()"), flags=re.I)
        return tx.capitalise(role.group(1))[:MAX_NAME], tx.capitalise(rest)
    if len(text.split()) <= 5:
        return tx.capitalise(clean_name(text))[:MAX_NAME], ""
    return "", tx.capitalise(text)


# A group named as one persona: "the Patel family", "The Okafor household", "the Johnsons" (a surname in the plural,
# after "the"), then what they do or who they are
_GROUP = re.compile(r"^\s*(?P<name>(?:[Tt]he\s+)?(?:[A-Z][\w'’-]*\s+){1,2}(?:family|families|household|couple|clan|"
                    r"twins|sisters|brothers|crew|gang)|[Tt]he\s+[A-Z][a-z'’-]+(?:s|es))(?=\s*(?:[,:;(]|\s[-–—]\s|$)|"
                    r"\s+(?:who|whose|they|are|from|in|at|with|book|come|order|buy|visit|rent|use)\b)")
# Who a persona is, said before their name: "a concert-goer: Ticket buyer Tom", "the landlord - Landlord Lisa"
_ROLE_FIRST = re.compile(r"^\s*((?:[Aa]n?|[Tt]he|[Oo]ne|[Oo]ur)\s+[^,:;()\n]{1,30}?)\s*(?::|\s[-–—]\s)\s*(?=[A-Z])")
# How a second persona is often brought in: "there's also ...", "and also ...".
_THERE_IS_ALSO = re.compile(r"^\s*(?:(?:and\s+)?there(?:'s|’s|\s+is|\s+are)\s+(?:also\s+)?|(?:and\s+)?also\s+)", re.I)
# A role in lower case then a given name ("venue coordinator Sarah", "trade buyer Dave") before where they are
# or what they do ("at ...", "who ...", "from ..."): the name is the role and the given name.
_ROLE_NAME = re.compile(r"^\s*((?:[a-z][a-z'’-]+\s+){1,3}[A-Z][a-z'’-]+)(?=\s+(?:at|from|who|in|of|with|that|runs|"
                        r"works|orders|buys|books)\b|\s*[,:;(]|\s*$)")
