"""Issue 12 round 6: praise is never attached to a pain point, on every development map.

Rows are generated from each map's own pain point names, said in the forms a customer praises with (the
problem negated, gone, set against another occasion or place, conceded, feared before and then not met, an
idiom that says it went well), joined in the ways customers join sentences, at any rating. No part of such a
row may carry a pain point; beside one plain complaint from another pain point, only the complaint may.

The default profile is derandomized (the same draws every run); ``HYPOTHESIS_PROFILE=nightly`` draws new ones
each run, and each find becomes an ``@example`` here and a rule in the reader.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cjm_assistant.evidence.match import Matcher
from cjm_assistant.export.jsonio import from_json

DEV = Path(__file__).resolve().parent / "dev" / "evidence"
MAPS = sorted(p.name.removesuffix(".map.json") for p in DEV.glob("*.map.json"))


@functools.cache
def matcher(name: str) -> Matcher:
    return Matcher(from_json((DEV / f"{name}.map.json").read_text(encoding="utf-8")))


@functools.cache
def pain_names(name: str) -> tuple[str, ...]:
    return tuple(pp.name for _, pp in matcher(name).journey.pain_points())


def _one_clause(name: str) -> bool:
    """Whether a pain point's name is one clause: "Extras agreed but never booked" or "Too much theory, not enough
    playing" said inside a sentence turns by itself, so a customer would not quote it whole there."""
    return "," not in name and " but " not in f" {name.casefold()} "


def _said(name: str) -> str:
    """A pain point's name as it reads inside a sentence ("Appointments start late" -> "appointments start late")."""
    name = name.strip().rstrip(".")
    return name[:1].lower() + name[1:] if name[1:2].islower() or name[1:2] == " " else name


# {p}: the pain point's name as said in a sentence (a headline: "showers run cold at busy times"); {t}: what it
# is about, its first content word ("showers"). Each form praises: a human labels the row positive.
PRAISE_FORMS = (
    "No problems with the {t} at all",  # "no X at all"
    "Never once had an issue with the {t}",
    "Zero issues with the {t}",
    "Not a single problem with the {t} this time",
    "Couldn't fault the {t}",  # idioms
    "Can't complain about the {t}",
    "Used to be {p}, not any more, thank you!",  # the problem gone
    "Read reviews saying {p}, not our experience at all",  # heard of, feared, expected: and not met
    "Everyone warns you about {p}. Not here.",
    "You hear horror stories ({p}) but honestly none of it",
    "I was worried about {p} but it was all fine",
    "Worried it would be {p}, was anything but",
    "Half expected {p}, didn't happen",
    "I expected {p} and was pleasantly surprised",
    "Last time {p}. This time was the opposite.",  # another occasion set against this one
    "At my old place {p}. Here never.",
    "Unlike other places, no trouble with the {t} here",  # another business
    "Much better than other places where {p}",
    "Compared to our last place where {p}, this is heaven",
    "Other firms we tried: {p}. These guys: never.",
    "Thought {p} would be a problem but not at all",
    "The {t} was great, none of the usual nonsense",
    "No more {t} hassle, thank you!",  # the problem gone
    "Never a problem with the {t}",
    "Not once did we have trouble with the {t}",
    "Zero complaints about the {t}",
    "Had an issue with the {t} but they sorted it straight away",  # put right: conceded
    "The {t} problem was fixed the same day, thanks",
    "Slight hiccup with the {t} but dealt with brilliantly",
)
_STOP = frozenset({"the", "and", "for", "with", "when", "while", "from", "that", "this", "into", "onto", "until",
                   "after", "before", "only", "too", "much", "many", "few", "not", "no", "can't", "don't", "doesn't",
                   "hard", "easy", "nothing", "nobody", "nowhere", "new", "first", "card"})


def _topic(name: str) -> str:
    """What a pain point is about: its first word of four letters or more that is no function word."""
    words = [x.strip("()',.").lower() for x in name.split()]
    return next((x for x in words if len(x) >= 4 and x not in _STOP and x.isalpha() and not x.endswith("ed")), words[-1])


GENERIC_PRAISE = ("Lovely people", "Would recommend", "Brilliant service", "Really happy", "Five stars")
JOINS = (". ", ", ", " and ", "! ", " - ", "; ", "\n", ". Also ", ", plus ")


def _row(forms: list[str], names: list[str], extra: list[str], join: str) -> str:
    said = [f.format(p=_said(n), t=_topic(n)) for f, n in zip(forms, names)]
    return join.join(x.rstrip(".") for x in [*said, *extra])


def _check(case: str, text: str, rating: int | None, extreme: bool, complaint: str | None = None) -> None:
    match = matcher(case).match(text, rating, extreme=extreme)
    for part in match.parts:
        if part.sentiment == "positive":
            assert part.pain_point is None, (case, text, rating, part)
        if part.pain_point:
            assert complaint is not None, (case, text, rating, part)
            assert part.sentiment == "negative", (case, text, rating, part)
            assert _said(complaint).casefold()[:15] in " ".join(part.text.casefold().split()), (case, text, part)
    if complaint is None:
        assert match.target is None, (case, text, rating, match.parts)


@st.composite
def praise_rows(draw):
    case = draw(st.sampled_from(MAPS))
    names = pain_names(case)
    n = draw(st.integers(1, 3))
    forms = draw(st.lists(st.sampled_from(PRAISE_FORMS), min_size=n, max_size=n))
    praised = [draw(st.sampled_from([x for x in names if "{t}" in f or _one_clause(x)])) for f in forms]
    extra = draw(st.lists(st.sampled_from(GENERIC_PRAISE), max_size=1))
    join = draw(st.sampled_from(JOINS))
    complaint = draw(st.one_of(st.none(), st.sampled_from([x for x in names if x not in praised and _one_clause(x)] or [None])))
    text = _row(forms, praised, extra, join)
    if complaint:
        turn = ". " if text.endswith("but") else draw(st.sampled_from([". But ", ". ", " but "]))
        text = f"{text}{turn}{_said(complaint)}"
    return case, text, complaint


@given(row=praise_rows(), rating=st.sampled_from([None, -1, 0, 1]), extreme=st.booleans())
# found by nightly runs: a short verdict after a denial joined it, so the denial was read no more; a denial
# followed by ", ..." or "and ..."; praise and a raised problem in one comma-joined clause; "This time was the
# opposite, lovely people" read as sarcasm at a low rating; an inverted part joined to the next and read again
@example(row=("campsite", "Read reviews saying photos and facilities info out of date, not our experience at all. "
                          "Would recommend", None), rating=None, extreme=False)
@example(row=("it-managed-services", "Read reviews saying can't log in to the support portal, not our experience at "
                                     "all and No problems with the support at all", None), rating=None, extreme=False)
@example(row=("campsite", "No problems with the photos at all, You hear horror stories (photos and facilities info "
                          "out of date) but honestly none of it, No problems with the photos at all", None),
         rating=None, extreme=False)
@example(row=("it-managed-services", "No problems with the support at all, Everyone warns you about out-of-scope "
                                     "charges are a surprise. Not here, Really happy. But phone goes to voicemail at "
                                     "busy times", "Phone goes to voicemail at busy times"), rating=None, extreme=False)
@example(row=("campsite", "Last time photos and facilities info out of date. This time was the opposite, Lovely "
                          "people. But pitch sizes not shown", "Pitch sizes not shown"), rating=-1, extreme=False)
@example(row=("campsite", "Last time photos and facilities info out of date. This time was the opposite. Would "
                          "recommend. But pitch sizes not shown", "Pitch sizes not shown"), rating=-1, extreme=False)
@example(row=("campsite", "Unlike other places, no trouble with the photos here and Used to be photos and facilities "
                          "info out of date, not any more, thank you!", None), rating=None, extreme=False)
@example(row=("it-managed-services", "I expected can't log in to the support portal and was pleasantly surprised, "
                                     "Half expected can't log in to the support portal, didn't happen", None),
         rating=None, extreme=False)
@example(row=("print-shop", "No problems with the paper at all, Used to be paper and finish options are confusing, not "
                            "any more, thank you!, I was worried about reordering means uploading the artwork again "
                            "but it was all fine", None), rating=None, extreme=False)
@example(row=("removals", "No problems with the quote at all, Never once had an issue with the quote, Never once had "
                          "an issue with the damage", None), rating=None, extreme=False)
@example(row=("campsite", "Compared to our last place where no easy way to rebook next year, this is heaven and No "
                          "problems with the photos at all", None), rating=None, extreme=False)
@example(row=("campsite", "Slight hiccup with the choose but dealt with brilliantly, Much better than other places "
                          "where photos and facilities info out of date", None), rating=-1, extreme=False)
@example(row=("campsite", "Used to be photos and facilities info out of date, not any more, thank you!, Had an issue "
                          "with the choose but they sorted it straight away, No problems with the photos at all", None),
         rating=None, extreme=False)
# round 8: a faint problem before "but dealt with brilliantly" was skipped as a neutral aside, so the praise before
# it was taken for what was put right, and at the bottom of the scale the problem carried a pain point
@example(row=("boiler-service", "No problems with the service at all. No problems with the service at all. Slight "
                                "hiccup with the service but dealt with brilliantly", None), rating=-1, extreme=True)
# ...and "again" said after the problem was put right, in praise or of another occasion, was taken for the problem
# not being over
@example(row=("it-managed-services", "Had an issue with the phone but they sorted it straight away, I expected asked "
                                     "for the same details again and was pleasantly surprised", None),
         rating=None, extreme=False)
@example(row=("it-managed-services", "Had an issue with the phone but they sorted it straight away, Last time asked "
                                     "for the same details again. This time was the opposite", None),
         rating=None, extreme=False)
def test_praise_made_of_any_maps_pain_point_words_never_carries_a_pain_point(row, rating, extreme):
    case, text, complaint = row
    _check(case, text, rating, extreme, complaint)


@pytest.mark.parametrize("case", MAPS)
@pytest.mark.parametrize("form", PRAISE_FORMS)
def test_every_praising_form_on_every_pain_point_carries_none(case, form):
    # the whole grid, once each, at the ratings a customer gives such a row and at the worst one
    for name in pain_names(case):
        if "{p}" in form and not _one_clause(name):
            continue
        text = form.format(p=_said(name), t=_topic(name))
        for rating, extreme in ((None, False), (1, True), (1, False), (-1, False)):
            _check(case, text, rating, extreme)



@pytest.mark.parametrize("text", [
    "Read reviews saying appointments always start late, not our experience at all",
    "Everyone warns you the final bill ends up higher than the quote. Not here.",
    "I was worried the consultation would feel rushed but it was all fine",
    "Worried it would be another pushy salon at the till, it was anything but",
    "Half expected to be kept waiting, didn't happen",
    "Much better than other salons where the consultation feels rushed",
])
def test_a_problem_raised_then_denied_is_praise_that_contradicts_it(text):
    for rating in (None, 1):
        match = matcher("salon").match(text, rating)
        assert match.sentiment == "positive", (text, match.parts)
        assert all(p.pain_point is None for p in match.parts), (text, match.parts)


@pytest.mark.parametrize("text", [
    "Used to be great, not any more",  # praise of what is gone
    "Last time the colour was lovely, not this time",
    "Asked them to ring me back, didn't happen",  # nothing raised before it: a promise not kept
])
def test_what_only_looks_like_a_denial_is_no_praise(text):
    match = matcher("salon").match(text)
    assert match.sentiment != "positive", (text, match.parts)
    assert not any("did not happen here" in " ".join(p.nudges) for p in match.parts), (text, match.parts)


def test_a_problem_closed_before_it_is_fixed_is_not_put_right():
    match = matcher("it-managed-services").match("They closed my ticket before the problem was fixed")
    assert match.sentiment != "positive" and match.parts[0].contradicts is None, match.parts
    assert not any("put right" in " ".join(p.nudges) for p in match.parts), match.parts


@pytest.mark.parametrize("text", ["Never once had an issue with the damage claim", "Zero problems with the late booking",
                                  "No complaints about the crew whatsoever"])
def test_no_trouble_with_something_is_praise_whatever_that_something_is_called(text):
    match = matcher("removals").match(text)
    assert match.sentiment == "positive" and match.target is None, (text, match.parts)


def test_no_trouble_with_one_thing_beside_a_complaint_is_mixed():
    match = matcher("removals").match("No issues with the move, but the damage claim took weeks")
    assert match.sentiment == "mixed" and match.target is not None


@pytest.mark.parametrize("text", ["Had an issue with the deposit but they sorted it straight away",
                                  "Slight hiccup with the deposit but dealt with brilliantly"])
def test_a_small_problem_the_business_put_right_is_conceded(text):
    for rating in (None, 1, -1):
        match = matcher("campsite").match(text, rating)
        assert match.target is None, (text, rating, match.parts)
    assert matcher("campsite").match(text, 1).sentiment == "positive"


def test_a_big_problem_put_right_is_still_evidence_of_it():
    match = matcher("campsite").match("The showers were freezing and filthy all weekend, but they sorted it on Sunday")
    assert match.sentiment == "mixed" and match.target is not None, match.parts
