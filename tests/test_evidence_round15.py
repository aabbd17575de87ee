"""Round 15: unrated messages read for what they are, a review site's star column, praise kept off pain points.

* A review site's export names its columns after the review ("Review Stars", "Review Content"): the star column
  is the rating, though its header also names the text, when its cells are ratings.
* The verdict model weighs what kind of message an unrated row is: a question that is itself a complaint ("Did
  it ever get filed?", "why has nobody called me back?", "how long does it take..."), a question beside a
  complaint, a request for something new ("Do you do X as well?", "More Y please"), a wait said in time ("since
  March", "after 3 weeks"), the customer's own apology, thanks for a task ("thanks for the quote"), a short form
  answer ("slow", "fine", "Brill").
* A wish to keep what the customer has ("Please don't stop them") is no complaint; an obligation the customer
  learnt of ("I had no idea we had to...") is no burden the business put on them; a complaint made small in a
  row rated high that praises ("... was a bit rushed but ...") is evidence of no pain point.
* "Brill" and "lifeline" are praise words of service English.
* Praise of the whole journey ("Couldn't fault them from start to finish") is not moved to the moment the work is
  done, as praise of the people or the work naming no moment is.

The user-visible checks run the real CLI in a subprocess on a small map and CSVs written here.
"""

from __future__ import annotations

import copy
import csv
import json

import pytest

from cjm_assistant.evidence import sentiment as sn
from cjm_assistant.evidence import verdict
from cjm_assistant.evidence.columns import pick_columns
from tests.test_evidence_place_round12 import Cli
from tests.test_evidence_round13 import TRADE

# the electrician's map, with a pain point on the survey a complaint can back
SURVEYED = copy.deepcopy(TRADE)
SURVEYED["stages"][0]["pain_points"] = [{"id": "pp1", "provenance": "user", "name": "Survey visit rushed",
                                         "description": "The survey visit is rushed and things are missed",
                                         "severity": 3}]
REVIEWS = [  # (Review Stars, Review Title, Review Content): a review site's export
    (5, "Top job", "Rang up not sure what an old house needed, Dev talked me through the options and sent a "
                   "quote the same day. Perfect."),
    (1, "Never again", "Electrician didn't turn up on the day and nobody rang us"),
    (4, "Good work", "Survey visit felt a bit rushed but the quote was clear and the lads did a lovely tidy job"),
    (5, "Great", "Really happy, sockets where we wanted them"),
    (5, "Brilliant", "Couldn't fault them from start to finish"),
    (1, "Rushed", "The survey visit was rushed and he missed half the sockets in the loft"),
]
MESSAGES = [  # an inbox: no rating
    "Love the Saturday slots, best thing you offer. Please don't stop them",
    "Thanks for sending the certificate, I had no idea we had to keep one for the landlord",
    "Brill",
]


def _write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(rows)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """(the review export's report, the inbox's report): each row's JSON report by row number."""
    tmp = tmp_path_factory.mktemp("trade15")
    cli = Cli(tmp)
    (tmp / "trade.map.json").write_text(json.dumps(SURVEYED), encoding="utf-8")
    _write(tmp / "reviews.csv", ["Review ID", "Review Created (UTC)", "Review Stars", "Review Title", "Review Content"],
           [(f"a{i}f0c9e2", f"2026-03-0{i} 10:00:00", *row) for i, row in enumerate(REVIEWS, 1)])
    _write(tmp / "inbox.csv", ["From", "Message"], [(f"customer{i}@example.com", m) for i, m in enumerate(MESSAGES)])
    map_id = cli.run("import", tmp / "trade.map.json").stdout.strip().splitlines()[-1]
    out = []
    for name in ("reviews.csv", "inbox.csv"):
        text = cli.run("evidence", map_id, tmp / name, "--report", "json").stdout
        out.append({r["row"]: r for r in (json.loads(line) for line in text.splitlines() if line.startswith("{"))})
    return out


# -- what a user sees ------------------------------------------------------------------------------------------


def test_a_review_sites_star_column_is_the_rating(reports):
    reviews, _ = reports
    assert all(reviews[n]["score_used"] for n in range(1, len(REVIEWS) + 1))
    assert reviews[1]["sentiment"] == "positive" and reviews[1]["pain_point"] is None
    assert reviews[2]["sentiment"] == "negative"


def test_a_complaint_made_small_in_praise_rated_high_backs_no_pain_point(reports):
    reviews, _ = reports
    assert reviews[3]["pain_point"] is None
    assert not any(p["pain_point"] for p in reviews[3]["parts"])
    assert reviews[6]["pain_point"] == "Survey visit rushed"  # the same complaint, not made small, at 1 star


def test_praise_of_the_whole_journey_is_not_put_on_the_work(reports):
    reviews, _ = reports
    assert reviews[5]["sentiment"] == "positive"
    assert reviews[5]["stage"] != "Work on the day"


def test_a_wish_to_keep_something_is_no_complaint(reports):
    _, inbox = reports
    assert inbox[1]["sentiment"] == "positive"
    assert not any(p["sentiment"] == "negative" for p in inbox[1]["parts"])
    assert inbox[1]["pain_point"] is None


def test_an_obligation_learnt_of_is_no_burden(reports):
    _, inbox = reports
    assert inbox[2]["sentiment"] in ("positive", "neutral")
    assert inbox[2]["pain_point"] is None


def test_brill_alone_is_praise(reports):
    _, inbox = reports
    assert inbox[3]["sentiment"] == "positive"


# -- the rules ---------------------------------------------------------------------------------------------


def test_a_header_that_names_the_review_and_its_stars_is_the_rating_when_its_cells_are():
    rows = [{"Review ID": "x1", "Review Stars": "4", "Review Content": "Lovely job, tidy and quick"},
            {"Review ID": "x2", "Review Stars": "2", "Review Content": "Late and no call to say so"}]
    got = pick_columns(list(rows[0]), rows, {}, "reviews.csv")
    assert got["text"] == "Review Content" and got["score"] == "Review Stars"
    words = [{"Review Title": "Great", "Review Content": "Lovely job, tidy and quick, would use again"},
             {"Review Title": "Poor", "Review Content": "Late and no call to say so, then left a mess"}]
    assert pick_columns(list(words[0]), words, {}, "reviews.csv")["score"] is None  # a title is no rating


def _signals(text: str) -> set[str]:
    x = verdict.features(text, sn.NEUTRAL, None, False, [sn.NEUTRAL], [0.0], False, 0.0)
    return {name for name, v in zip(verdict.FEATURES, x) if v}


@pytest.mark.parametrize("text", ["Why has nobody called me back?", "How long does it take to get a refund?",
                                  "You said the form would be sent. Did it ever go?",
                                  "Couldn't you get this from our old accountant?", "Is there no one else who can come?",
                                  "Any news on the replacement yet?"])
def test_a_question_that_complains_is_told(text):
    assert "a question that complains" in _signals(text)


@pytest.mark.parametrize("text", ["Are you open on bank holidays?", "Can I bring my dog?",
                                  "What time do you close on Fridays?"])
def test_a_plain_question_does_not_complain(text):
    assert "a question that complains" not in _signals(text)
    assert "unrated question" in _signals(text)


@pytest.mark.parametrize("text", ["Do you do gift vouchers as well?", "More evening slots please",
                                  "Can you add a way to pay by card?", "We'd like to upgrade to the bigger plan"])
def test_a_request_for_something_new_is_told(text):
    assert {"asks for something new", "asks for something new and no complaint"} <= _signals(text)


def test_a_wait_said_in_time_is_told_and_a_date_alone_is_not():
    for text in ("Been like this since March", "Still no sign of it after 3 weeks", "I ordered in May. It is now July."):
        assert "a wait said in time" in _signals(text), text
    for text in ("Booked for the 3rd of May", "Came on Tuesday and fixed it"):
        assert "a wait said in time" not in _signals(text), text


def test_apology_thanks_for_a_task_and_short_answers_are_told():
    assert "the customer apologises" in _signals("Forms attached, bit late sorry!")
    assert "the customer apologises" not in _signals("The engineer said sorry for the mess")
    assert "thanks for a task" in _signals("Thanks for the quote, we've gone with someone nearer")
    assert "thanks for a task" not in _signals("Thanks so much, the garden looks amazing")
    for text in ("slow", "fine", "n/a", "Brill!"):
        assert "a short answer" in _signals(text), text
    assert "a short answer" not in _signals("The van was late and nobody rang")


def test_keep_asked_and_learnt_of_read_as_no_complaint():
    cues = sn.Cues()
    for text in ("Please don't stop it", "please dont ever change", "Don't cut the Sunday class!"):
        assert not sn.text_score(text, cues).complains, text
    assert not sn.text_score("I had no idea we had to renew it every year", cues).complains
    # a demand to stop something that went wrong, and a task the customer was made to do, still complain
    assert sn.text_score("I had to ring three times before anyone came", cues).complains
    assert sn.text_score("The class was moved without notice, please don't do that again", cues).complains


def test_what_makes_a_part_about_no_moment_is_told():
    from cjm_assistant.evidence import stagemodel

    def nowhere(text: str, feeling: str = sn.NEUTRAL) -> dict[str, float]:
        return dict(zip(stagemodel.NONE_FEATURES, stagemodel.none_features({"x"}, text, feeling, [])))

    for text in ("Do you do gift vouchers?", "Any chance you'll open on Sundays?", "Do you know anyone who fits blinds?",
                 "Would be nice if you did gutters too"):
        assert nowhere(text)["none_asks_new"], text
    for text in ("Can you send the certificate again?", "The socket you fitted has stopped working, can you come back?"):
        assert not nowhere(text)["none_asks_new"], text
    for text in ("Fab service as always", "Keep up the good work", "The lads are absolute stars"):
        assert nowhere(text, sn.POSITIVE)["none_whole_praise"], text
    assert not nowhere("The lads are absolute stars", sn.NEGATIVE)["none_whole_praise"]
    assert not nowhere("The fitting was quick and tidy", sn.POSITIVE)["none_whole_praise"]


def test_a_mistaken_rating_is_no_figure():
    assert "figures" not in _signals("Accidentally clicked 1 star, meant 5! Lovely job")
    assert "figures" in _signals("New starter from the 7th, 16hrs a week at £12.21")
