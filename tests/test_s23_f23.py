"""Session 23, f23: remedies chosen by what a stated problem is about (a price surprise, being paid late, nerves,
unsure what is allowed, equipment failing, repeat bookings, no signal, something nobody can work, orders lost across
channels, turning up when closed, a queue at peak times, unclear signs, a limit too low, no call back, not ready in
time), each named by the remedy a consultant would write. Problems are paraphrases from businesses nobody tuned on."""

import re

import pytest

from cjm_assistant.knowledge import remedies


def _names(problem: str) -> str:
    fix = remedies.shape_remedy(problem)
    assert fix is not None, f"no remedy for {problem!r}"
    return fix.name.casefold()


def _says(text: str, word: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(word), text) is not None


@pytest.mark.parametrize("problem, words", [
    ("the job keeps growing and then the customer is shocked at the final invoice", ["price", "written", "agree"]),
    ("the booking fee at the end feels like a hidden charge", ["all-in", "price", "up front"]),
    ("we order the timber in advance and then wait two months to get paid", ["deposit", "invoice", "due"]),
    ("new clients are really nervous before their first session", ["explain", "what to expect", "video", "review"]),
    ("older customers don't trust paying on the website", ["explain", "review"]),
    ("parents are never sure whether toddlers are allowed in the pool", ["policy", "faq"]),
    ("the glaze kiln trips halfway through a firing", ["service", "check", "backup", "refund"]),
    ("the choir wants to book every thursday evening but we can only take single dates", ["recurring", "every week"]),
    ("there is no signal at the campsite so the warden can't check bookings", ["without signal", "printed", "text"]),
    ("the projector is on a remote nobody can work", ["instructions", "photos"]),
    ("bookings come in by text, email and voicemail and some slip through", ["one place", "form", "confirm"]),
    ("walkers don't know we're closed on tuesdays and turn up anyway", ["opening hours", "google", "sign"]),
    ("the queue at the counter is out the door on saturday mornings", ["busy times", "slots", "quiet"]),
    ("the signs in the car park are faded and nobody knows which entrance to use", ["signs", "map"]),
    ("families can only book one slot a month at the food bank", ["extra", "limit", "allow"]),
    ("customers say no one calls back after they leave a voicemail", ["call back", "text"]),
    ("the hire kit is not ready when they arrive for collection", ["advance", "checklist"]),
])
def test_problem_gets_the_consultants_remedy(problem, words):
    name = _names(problem)
    for word in words:
        assert _says(name, word), f"{problem!r} -> {name!r} lacks {word!r}"


@pytest.mark.parametrize("problem", [
    "he got charged a second time with no warning",  # an unwarned charge, another shape's remedy
    "people sign up and never come back",  # not a sign on site
    "we're worried about cash flow this winter",  # the owner's worry, not a nervous customer
    "customers ask if they can bring their own wine",  # what can I bring, not a rule on who may take part
    "staff wait weeks to get paid their wages",  # staff pay, not a customer paying late
    "anxious dogs are hard work",  # the animals are nervous, not the customers
    "or they sign in the wrong place",  # signing a form, not a sign on site
    "half the cafes go quiet and we never hear back",  # customers gone quiet, not a call-back the business owes
    "the toilet backs up on a saturday",  # plumbing, not a queue
])
def test_other_problems_do_not_take_these_remedies(problem):
    fix = remedies.shape_remedy(problem)
    assert fix is None or fix.rule not in {"shape:price-surprise", "shape:signs-unclear", "shape:nervous",
                                           "shape:unsure-what-is-allowed", "shape:paid-late", "shape:no-call-back",
                                           "shape:peak-queue"}, (problem, fix)


def test_no_places_left_is_answered_with_extra_slots():
    from cjm_assistant.knowledge.remedies import remedy, cue_remedy

    fix = remedy("no appointments left in december") or cue_remedy("no appointments left in december")
    assert fix is not None and _says(fix.name.casefold(), "extra"), fix
