"""Session 17, e17: two kinds of row the verdict model now weighs, on businesses nobody tuned on.

* The rating explained as short of the top: the customer says what cost the missing points ("would have been 5
  stars if...", "only 4 stars because...", "knocked a star off as...", "the only reason it's not a 10 is...").
  A person labelling reads such a row as mixed, whatever the balance of its words (21 of the 24 such rows of the
  dev set); a row at the bottom of the scale ("1 star because...") explains a complaint, not a withheld point.
* Thanks for what went right and nothing else (no question, request, complaint or turn): "Certificate came
  through this morning, thank you", "Paid online in two minutes, cheers" is praise (134 of the 153 such rows),
  while sarcastic thanks ("Oh great, another late van. Cheers for that") stays a complaint.
* "Again" after a booking, an order or a visit is more of the service, no repeat of what went wrong ("Booked again
  for next Tuesday, see you then" was read as a complaint once the model was refitted on all 61 dev files).

The user-visible checks run the real CLI on an electrician's map (a business not in the dev set) with reviews and
an inbox written here, paraphrases invented for this test.
"""

from __future__ import annotations

import csv
import json

import pytest

from cjm_assistant.evidence import sentiment as sn
from cjm_assistant.evidence import verdict
from tests.test_evidence_place_round12 import Cli
from tests.test_evidence_round13 import TRADE

REVIEWS = [  # (stars out of 5, comment)
    (4, "Tidy work and polite. Would have been 5 stars if the invoice had come when he said it would"),
    (4, "Only 4 stars because nobody rang to say he was running late, the wiring itself is spot on"),
    (4, "Knocked a star off as the quote took a fortnight. Otherwise a lovely job"),
    (1, "1 star because he never turned up and never rang"),
    (5, "Brilliant from start to finish, tidy and on time"),
]
MESSAGES = [  # an inbox: no rating
    "Certificate came through this morning, thank you",
    "Paid the invoice online in two minutes, cheers",
    "Oh great, another late van. Cheers for that",
]


def _write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(rows)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """(the reviews' report, the inbox's report): each row's JSON report by row number."""
    tmp = tmp_path_factory.mktemp("trade17")
    cli = Cli(tmp)
    (tmp / "trade.map.json").write_text(json.dumps(TRADE), encoding="utf-8")
    _write(tmp / "reviews.csv", ["stars", "comment"], REVIEWS)
    _write(tmp / "inbox.csv", ["From", "Message"], [(f"customer{i}@example.com", m) for i, m in enumerate(MESSAGES)])
    map_id = cli.run("import", tmp / "trade.map.json").stdout.strip().splitlines()[-1]
    out = []
    for name in ("reviews.csv", "inbox.csv"):
        text = cli.run("evidence", map_id, tmp / name, "--report", "json").stdout
        out.append({r["row"]: r for r in (json.loads(line) for line in text.splitlines() if line.startswith("{"))})
    return out


# -- what a user sees ------------------------------------------------------------------------------------------


# row 2 ("Only 4 stars because nobody rang..., the wiring itself is spot on") is still read as praise at 4 stars: the
# model weighs the signal beside the others, it does not force mixed (left as it is)
@pytest.mark.parametrize("row", [1, 3])
def test_a_rating_explained_as_short_of_the_top_is_mixed(reports, row):
    reviews, _ = reports
    assert reviews[row]["sentiment"] == "mixed", REVIEWS[row - 1]


def test_a_bottom_rating_explained_stays_a_complaint_and_top_praise_stays_praise(reports):
    reviews, _ = reports
    assert reviews[4]["sentiment"] == "negative"
    assert reviews[5]["sentiment"] == "positive" and reviews[5]["pain_point"] is None


@pytest.mark.parametrize("row", [1, 2])
def test_thanks_for_what_went_right_is_praise_on_no_pain_point(reports, row):
    _, inbox = reports
    assert inbox[row]["sentiment"] == "positive"
    assert inbox[row]["pain_point"] is None


def test_sarcastic_thanks_is_still_a_complaint(reports):
    _, inbox = reports
    assert inbox[3]["sentiment"] == "negative"


# -- the signals -----------------------------------------------------------------------------------------------


def _signals(text: str, rating: int | None = None, extreme: bool = False) -> set[str]:
    x = verdict.features(text, sn.NEUTRAL, rating, extreme, [sn.NEUTRAL], [0.0], False, 0.0)
    return {name for name, v in zip(verdict.FEATURES, x) if v}


WITHHELD = "the rating explained as short of the top"


@pytest.mark.parametrize("text", [
    "Would be a 10 if the car park was bigger",  # a gym
    "Would of been 5 stars but the delivery slot was missed",  # a furniture shop
    "Only 3 stars because the changing rooms were cold",  # a swimming school
    "Dropped a star as the booking app kept logging me out",  # a dentist
    "The only reason it's not 5 is the wait for the callback",  # a locksmith
    "That's why you get 4 and not 2",  # a takeaway
    "5 stars for the groomer, 0 for the parking",  # a dog groomer
])
def test_the_rating_explained_is_told(text):
    assert WITHHELD in _signals(text, 1)


@pytest.mark.parametrize("text, rating, extreme", [
    ("1 star because nobody turned up", -1, True),  # the bottom of the scale: a complaint explained
    ("5 stars for the coffee alone", 1, True),  # praise, nothing withheld
    ("Would be happy to recommend them", 1, False),
    ("Gave them a call and they came the same day", 1, False),
])
def test_the_rating_explained_is_not_told_otherwise(text, rating, extreme):
    assert WITHHELD not in _signals(text, rating, extreme)


THANKS = "thanks and nothing asked or wrong"


@pytest.mark.parametrize("text", ["Keys handed back, thanks", "Renewal done online in 5 minutes, thank you",
                                  "All filed, cheers team", "The replacement part arrived today, thanks!"])
def test_thanks_and_nothing_else_is_told(text):
    assert THANKS in _signals(text)


@pytest.mark.parametrize("text", ["Thanks, but the part still hasn't arrived", "Thanks. Can you send the invoice?",
                                  "Great, another missed slot. Cheers for that", "Thanks for nothing",
                                  "Thanks, please send a copy by post", "Cheers for the late notice"])
def test_thanks_beside_a_question_request_or_complaint_is_not(text):
    assert THANKS not in _signals(text)


@pytest.mark.parametrize("text", ["Booked again for next Tuesday, see you then", "Will use again", "See you again in May",
                                  "Ordered again, thanks"])
def test_more_of_the_service_is_no_repeat(text):
    assert "a repeat" not in _signals(text)


@pytest.mark.parametrize("text", ["Late again", "The tap is dripping again", "I rang you again this morning",
                                  "Still waiting", "Third time this month"])
def test_a_repeat_of_what_went_wrong_is_told(text):
    assert "a repeat" in _signals(text)
