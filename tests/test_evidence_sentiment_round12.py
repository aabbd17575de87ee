"""Issue 12 round 12: sentiment. A complaint said plainly, with no emotive word (nothing came back, something
happened in place of what was due, an answer cut short: "The bill was not."), is still a complaint; a ticket's
courtesy ("please find attached") is no complaint; and the verdict model's new signals (both sides in the words
whatever the rating, what the reading found beyond vaderSentiment's words, a message that passes something on).

The maps are development maps: the salon (tests/dev/evidence/salon.map.json) and the catering engineers (whose pain
points use "find"). The texts are general, not rows of the dev or held-out sets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm_assistant.evidence import sentiment as sn
from cjm_assistant.evidence import verdict
from cjm_assistant.evidence.match import Matcher
from cjm_assistant.export.jsonio import from_json

DEV = Path(__file__).resolve().parent / "dev" / "evidence"


@pytest.fixture(scope="module")
def salon():
    return Matcher(from_json((DEV / "salon.map.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def engineers():
    return Matcher(from_json((DEV / "catering-engineers.map.json").read_text(encoding="utf-8")))


# -- a complaint said plainly ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I sent the form on Monday and have heard nothing",
    "Emailed about my colour a fortnight ago, still not heard back",
    "Booked online last week, nobody has been in touch",
    "Your phone just rings out",
    "Rang at lunch and it went straight to voicemail",
    "The stylist came at 10.40 instead of 9",
    "They charged £60 instead of £45",
    "£40 became £75 by the time I left",
    "The salon has taken the deposit twice",
])
def test_a_plain_failure_of_the_business_is_a_complaint(salon, text):
    match = salon.match(text)
    assert match.sentiment == "negative", (text, match.parts)


@pytest.mark.parametrize("text", ["The colour was lovely. The price wasn't.", "The cut was great. The wait was not."])
def test_an_answer_cut_short_after_praise_is_the_other_side(salon, text):
    match = salon.match(text)
    assert match.sentiment == "mixed", (text, match.parts)
    assert [p.sentiment for p in match.parts] == ["positive", "negative"]


@pytest.mark.parametrize("text", ["We went for the bob instead of the pixie cut, love it",
                                  "Chloe did my colour instead of Megan and she was brilliant"])
def test_a_choice_or_leaving_is_no_plain_failure(salon, text):
    match = salon.match(text)
    assert match.sentiment == "positive", (text, match.parts)
    assert not any(sn.plain_failure(p.text) for p in match.parts if p.sentiment == "positive")


def test_plain_failure_names_the_reason():
    assert sn.plain_failure("have heard nothing since") == "nothing came back from the business"
    assert sn.plain_failure("the engineer came at 2 instead of 9") == "something happened in place of what was due"
    assert "cut short" in sn.plain_failure("The bill was not.")
    assert sn.plain_failure("we have heard good things") is None
    assert sn.plain_failure("if there's no reply by Friday I'll ring") is None  # a plan, not what happened
    assert sn.plain_failure("would be nicer if it was a text instead of a call") is None  # a wish
    assert sn.plain_failure("The bill was not as high as I feared") is None  # it goes on: no answer cut short


def test_leaving_by_a_time_is_no_problem_put_right(salon):
    # "was gone by 1" says when someone left, not that a problem went away (which would read as praise)
    match = salon.match("She came late and was gone by 1")
    assert not any("a problem put right" in n for p in match.parts for n in p.nudges)
    assert match.sentiment == "negative"


def test_please_find_attached_is_courtesy_not_a_pain_point_word(engineers):
    # "find" names a pain point on this map ("hard to find..."): in "please find attached" it is only courtesy
    match = engineers.match("Please find attached remittance for invoices 10442 and 10451.")
    assert match.sentiment == "neutral", match.parts
    assert all(p.pain_point is None for p in match.parts)


@pytest.mark.parametrize("text", ["Oh good, the booking app crashed again at the last step.",
                                  "Oh, good. Another late start."])
def test_oh_good_before_the_same_trouble_again_is_sarcasm(salon, text):
    match = salon.match(text)
    assert match.sentiment == "negative", (text, match.parts)
    assert any("sarcasm" in n for p in match.parts for n in p.nudges)


@pytest.mark.parametrize("text", ["Oh good, it's sorted, thank you so much", "Oh good, a slot on Saturday!"])
def test_oh_good_for_good_news_is_still_praise(salon, text):
    assert salon.match(text).sentiment == "positive", text


# -- the verdict model's new signals ---------------------------------------------------------------------------

def _signals(text, base="neutral", rating=None, scores=None, own=None, vaders=None):
    scores = scores or [0.0]
    vaders = vaders or scores
    return dict(zip(verdict.FEATURES, verdict.features(text, base, rating, False, ["neutral"] * len(scores), vaders,
                                                       False, 0.0, scores, own)))


def test_both_sides_in_the_words_whatever_the_rating():
    for rating in (None, -1, 1):
        s = _signals("Amazing artist, awful communication", rating=rating, scores=[0.6, -0.5],
                     own=["positive", "negative"])
        assert s["both sides in their own words"] == 1
    assert _signals("Awful communication", scores=[-0.5], own=["negative"])["both sides in their own words"] == 0


def test_a_complaint_in_the_words_at_a_high_rating():
    s = _signals("Great work, but turned up late", rating=1, scores=[0.5, -0.3], own=["positive", "negative"])
    assert s["a complaint in their own words and rated high"] == 1
    s = _signals("Great work, but turned up late", rating=-1, scores=[0.5, -0.3], own=["positive", "negative"])
    assert s["a complaint in their own words and rated high"] == 0


def test_what_the_reading_found_beyond_the_words():
    # the reading's nudges (a plain failure, a pain point's word) moved it towards a complaint the words did not say
    s = _signals("Have heard nothing", scores=[-0.3], vaders=[0.0])
    assert s["the reading found a complaint the words did not say"] == pytest.approx(0.3)
    assert s["the reading found praise the words did not say"] == 0
    s = _signals("The bill was lower than quoted", scores=[0.25], vaders=[-0.2])
    assert s["the reading found praise the words did not say"] == pytest.approx(0.45)


@pytest.mark.parametrize("text", ["P45 attached, starts Monday", "Please find attached the remittance",
                                  "Order PH-55821 has a question", "Invoices 88102 and 88140 paid today",
                                  "Photo of the model plate below"])
def test_a_message_that_passes_something_on(text):
    assert _signals(text)["passes something on"] == 1


@pytest.mark.parametrize("text", ["The cut was lovely", "Waited 20 minutes at 9am"])
def test_a_comment_passes_nothing_on(text):
    assert _signals(text)["passes something on"] == 0


def test_the_committed_model_reads_the_new_signals():
    fitted = verdict.model()
    assert fitted is not None, "verdict.json was fitted on other signals: run bench/fit_sentiment.py --write"
    assert "both sides in their own words" in fitted["features"]
