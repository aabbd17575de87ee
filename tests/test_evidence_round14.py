"""Round 14: what a row praises by name, complaints made small, what a row is mostly about, rows meant elsewhere.

* A short opening or closing verdict that names a thing ("Lovely staff, ...", "... Great food.") is praise of that
  thing, not an exclamation that sarcasm would strip: at 2 stars "Lovely staff, I'll give them that. But the phone
  just rings and rings" is mixed, not only a complaint.
* "Free trial" in a customer's words is feedback on the trial ("Free trial my foot. ... got charged"), not a sales
  pitch; a pitch offers one ("Reply YES for a free trial").
* A complaint made small ("a bit warm", "bit of a wait", "could be fresher") is a complaint, whatever
  vaderSentiment's word for the thing; beside praise the row is mixed.
* A row is mostly about what it says first: of its placed parts, a later one speaks for it only when it is
  clearly surer (:data:`cjm_assistant.evidence.match.LATER`).
* A wish for something the business does not give ("Would like a Sunday session", "would still like weekend
  support") says something is missing: beside praise, a mixed row ("I'd like to book..." stays an enquiry).
* A question or a suggestion is never joined to a verdict beside it ("Brilliant for our kitchen! | Could you do EV
  chargers too?"): read as one, the praise was lost to the suggestion.
* A row meant for another business, a test, or not feedback at all is on no stage of the map (it was no verdict
  already; now it is not placed either).

The user-visible checks run the real CLI in a subprocess on a small map and CSV written here.
"""

from __future__ import annotations

import json

import pytest

from cjm_assistant.evidence import sentiment as sn
from cjm_assistant.evidence.match import LATER, Match, PartMatch
from tests.test_evidence_place_round12 import Cli
from tests.test_evidence_round13 import TRADE

ROWS = [  # (stars out of 5, comment)
    (2, "Lovely electricians, I'll give them that. But the phone just rings and rings, I rang 6 times to book"),
    (1, "Free trial my foot. Never got any reminder and got charged for 3 months."),
    (4, "Loved the new sockets, so neat. The invoice is a bit confusing tho"),
    (4, "fab work, paperwork could be quicker"),
    (1, "Wrong place sorry, meant to review the plumber next door"),
    (5, "Tidy, polite and explained everything as he went along."),
    (1, "Get 50 new leads a week guaranteed. Reply YES for a free trial."),
    (5, "Brilliant for our kitchen! Could you do EV chargers too?"),
    (4, "Great job on the rewire. Would still like a Saturday slot though"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """Each row's JSON report by row number, as `cjm evidence MAP FILE --report json` prints it."""
    tmp = tmp_path_factory.mktemp("trade14")
    cli = Cli(tmp)
    (tmp / "trade.map.json").write_text(json.dumps(TRADE), encoding="utf-8")
    lines = ["stars,comment"] + [f'{stars},"{text}"' for stars, text in ROWS]
    (tmp / "feedback.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    map_id = cli.run("import", tmp / "trade.map.json").stdout.strip().splitlines()[-1]
    out = cli.run("evidence", map_id, tmp / "feedback.csv", "--report", "json").stdout
    return {r["row"]: r for r in (json.loads(line) for line in out.splitlines() if line.startswith("{"))}


# -- what a user sees ------------------------------------------------------------------------------------------


def test_praise_that_names_a_thing_holds_beside_a_complaint_at_a_low_rating(report):
    assert report[1]["sentiment"] == "mixed"
    praise = [p for p in report[1]["parts"] if p["sentiment"] == "positive"]
    assert praise and "Lovely electricians" in praise[0]["text"]
    assert not any(p["pain_point"] for p in praise)


def test_a_customer_speaking_of_a_free_trial_is_heard(report):
    assert report[2]["sentiment"] == "negative"
    assert report[7]["sentiment"] == "neutral"  # the pitch that offers one is still no feedback
    assert not report[7]["placed"]


def test_a_complaint_made_small_beside_praise_is_a_mixed_row(report):
    assert report[3]["sentiment"] == "mixed"
    assert report[4]["sentiment"] == "mixed"
    assert any(p["sentiment"] == "negative" and "could be quicker" in p["text"] for p in report[4]["parts"])


def test_a_row_meant_for_another_business_is_on_no_stage(report):
    assert report[5]["sentiment"] == "neutral"
    assert not report[5]["placed"] and report[5]["stage"] is None
    assert not any(p["placed"] for p in report[5]["parts"])


def test_praise_then_a_suggestion_is_praise(report):
    assert report[8]["sentiment"] == "positive"
    assert len(report[8]["parts"]) == 2


def test_praise_and_a_wish_for_what_is_missing_is_a_mixed_row(report):
    assert report[9]["sentiment"] == "mixed"


def test_a_wish_for_something_missing_is_told_from_an_enquiry():
    cues = sn.Cues()
    for text in ("Would like a Sunday session for the younger one", "Would still like weekend support though"):
        assert sn.text_score(text, cues).complains, text
    for text in ("I'd like to book an annual service please", "We'd like to go ahead", "Would love to come back"):
        assert not sn.text_score(text, cues).complains, text


def test_an_ordinary_row_is_still_praise(report):
    assert report[6]["sentiment"] == "positive"


# -- the rules ---------------------------------------------------------------------------------------------


def test_only_an_exclamation_is_taken_off_a_part_not_praise_of_a_thing():
    cues = sn.Cues()
    assert sn.exclamations_removed("Great. Paid £14 to lie next to a stranger's feet", cues) == \
        "Paid £14 to lie next to a stranger's feet"
    assert sn.exclamations_removed("Oh brilliant, they lost my booking again", cues) == "they lost my booking again"
    for text in ("Lovely staff, I'll give them that.", "Great food, shame about the wait for a table"):
        assert sn.exclamations_removed(text, cues) == text, text


def test_a_sales_pitch_offers_a_free_trial_a_customer_only_mentions_one():
    for text in ("Reply YES for a free trial", "Claim your free trial of our booking software today"):
        assert sn.not_feedback(text), text
    for text in ("Free trial my foot, I was charged straight away", "The free trial ended without a reminder"):
        assert not sn.not_feedback(text), text


def test_a_complaint_made_small_is_found_and_praise_or_a_comparison_is_not():
    for text in ("Room is a bit warm tho", "Bit pricey", "bit of a wait for the certificate", "Seats are a bit hard.",
                 "popcorn could be fresher", "the app could be better", "a little bit slow on mobile"):
        assert sn.hedged(text), text
    for text in ("a bit of a legend", "a bit cheaper than last time", "Cried a bit not gonna lie", "a bit of cardboard",
                 "Could you turn the music down a bit on saturdays?", "not a bit of it", "the baby bit was great",
                 "couldn't be better", "it could be worse"):
        assert not sn.hedged(text), text


def test_a_complaint_made_small_reads_as_a_complaint():
    cues = sn.Cues()
    for text in ("Room is a bit warm tho", "pots are a bit expensive compared to Ikea", "Bit of a wait in reception"):
        reading = sn.text_score(text, cues)
        assert reading.complains and reading.score < 0, text


def _part(stage: str, confidence: float, sentiment: str = sn.NEGATIVE, pain: str | None = None) -> PartMatch:
    return PartMatch(stage, sentiment, stage_id=stage, confidence=confidence, placed=True, pain_point=pain)


def test_a_row_is_mostly_about_what_it_says_first():
    # "Booked online, paid, no email came. | Box office had no record": about booking, though the second part is
    # placed a little more surely
    assert Match([_part("book", 0.88), _part("arrive", 0.95)]).stage_id == "book"
    # a later part clearly surer still speaks for the row
    assert Match([_part("book", 0.45), _part("arrive", 0.95)]).stage_id == "arrive"
    assert 0.45 < 0.95 * LATER and 0.88 > 0.95 * LATER
    # a complaint still speaks before praise, and a part backing a pain point before one that does not
    assert Match([_part("find", 0.9, sn.POSITIVE), _part("pay", 0.5)]).stage_id == "pay"
    assert Match([_part("book", 0.9), _part("pay", 0.5, pain="pp1")]).stage_id == "pay"
