"""Round 13, sentiment: rows whose rating or business is not meant, and rows that ask nothing back.

* A row that takes its rating back ("clicked 0 meant 10 sorry!!") is read by its words; a row meant for
  another business or a test ("Wrong place sorry, meant to review...", "test please ignore") is no verdict, whatever
  its star; the verdict model weighs a fault reported at the top of the scale, a polite fault report and "no reply
  needed".
* "No reply needed" / "no need to respond" is courtesy, not a reply that failed to come.

The user-visible checks run the real CLI in a subprocess on a small map and CSV written here.
"""

from __future__ import annotations

import json

import pytest

from cjm_assistant.evidence import verdict
from cjm_assistant.evidence import sentiment as sn
from tests.test_evidence_place_round12 import Cli, _stage

TRADE = {
    "schema_version": 1, "title": "Spark & Co: a rewire", "kind": "current",
    "business": {"name": "Spark & Co", "description": "Two electricians doing rewires, sockets and EV chargers.",
                 "industry": "Electrician", "offering": "Rewires, fuse boards, sockets, EV chargers.",
                 "business_model": "B2C"},
    "personas": [{"id": "pe1", "provenance": "user", "name": "Homeowner Sam", "summary": "Doing up a terrace.",
                  "goals": ["Safe wiring"], "frustrations": [], "channels": ["Phone"]}],
    "persona": "pe1",
    "channels": [{"id": "ch1", "provenance": "user", "name": "Phone", "kind": "phone"},
                 {"id": "ch2", "provenance": "user", "name": "Email", "kind": "email"},
                 {"id": "ch3", "provenance": "user", "name": "At home", "kind": "in-person"}],
    "stages": [
        _stage(1, "Survey & quote", "Know what it costs", "Electrician looks round and sends a written quote",
               ("Written quote", "Email")),
        _stage(2, "Book a date", "A date that suits", "Agrees a start date by phone", ("Phone bookings", "Phone")),
        _stage(3, "Work on the day", "Wiring done safely and tidily", "Electrician does the job at the house",
               ("Electrician at the house", "At home")),
        _stage(4, "Pay & paperwork", "Pay and get the certificate", "Pays the invoice and gets the certificate",
               ("Invoice email", "Email")),
        _stage(5, "Aftercare & snags", "Snags put right", "Reports a snag and the electrician comes back",
               ("Snag emails", "Email")),
    ],
}

ROWS = [  # (stars out of 5, comment)
    (3, "All sorted now, no reply needed."),
    (1, "Accidentally clicked 1 star, meant 5! Lovely job, really tidy"),
    (1, "Wrong place sorry, meant to review the plumber next door"),
    (1, "test please ignore"),
    (5, "Tidy, polite and explained everything as he went along."),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """Each row's JSON report by row number, as `cjm evidence MAP FILE --report json` prints it."""
    tmp = tmp_path_factory.mktemp("trade")
    cli = Cli(tmp)
    (tmp / "trade.map.json").write_text(json.dumps(TRADE), encoding="utf-8")
    lines = ["stars,comment"] + [f'{stars},"{text}"' for stars, text in ROWS]
    (tmp / "feedback.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    map_id = cli.run("import", tmp / "trade.map.json").stdout.strip().splitlines()[-1]
    out = cli.run("evidence", map_id, tmp / "feedback.csv", "--report", "json").stdout
    return {r["row"]: r for r in (json.loads(line) for line in out.splitlines() if line.startswith("{"))}


# -- what a user sees ------------------------------------------------------------------------------------------


def test_no_reply_needed_is_courtesy_not_a_complaint(report):
    assert report[1]["sentiment"] != "negative"


def test_a_rating_taken_back_gives_way_to_the_words(report):
    assert report[2]["sentiment"] == "positive"  # "clicked 1 star, meant 5! Lovely job": praise, not a complaint


def test_a_row_meant_for_another_business_or_a_test_is_no_verdict(report):
    assert report[3]["sentiment"] == "neutral"
    assert report[4]["sentiment"] == "neutral"
    assert not report[3]["pain_point"] and not report[4]["pain_point"]


def test_praise_at_top_marks_is_still_praise(report):
    assert report[5]["sentiment"] == "positive"  # none of the rules above reads an ordinary row


# -- the rules ---------------------------------------------------------------------------------------------


def test_a_rating_is_taken_back_only_in_so_many_words():
    for text in ("accidentally clicked 0 meant 10 sorry!!", "gave 1 star by accident, meant 5", "clicked wrong number "
                 "meant 5 sorry", "misclicked, should be 5 stars"):
        assert verdict.rating_mistaken(text), text
    for text in ("charged twice by mistake", "they gave me the wrong number", "meant 5 minutes away, took an hour",
                 "Wrong place sorry"):
        assert not verdict.rating_mistaken(text), text


def test_a_row_is_meant_for_another_business_or_a_test_only_in_so_many_words():
    for text in ("Wrong place sorry meant to review the groomers next door", "Sorry wrong company, ignore", "test",
                 "test response please ignore"):
        assert sn.not_about_us(text), text
    for text in ("delivered to the wrong place", "I meant to review it sooner", "the wrong place, sorry to say",
                 "the test itself was fine"):
        assert not sn.not_about_us(text), text


def test_the_verdict_model_may_read_praise_at_the_bottom_of_the_scale_when_the_rating_is_taken_back():
    x = verdict.features("accidentally clicked 0 meant 10 sorry!! had a great time", sn.NEGATIVE, -1, True,
                         [sn.NEGATIVE], [0.8], False, 0.8)
    named = dict(zip(verdict.FEATURES, x))
    assert named["the rating was a mistake"] == 1.0
    assert verdict.barred(x) is None
    y = verdict.features("what a fantastic experience standing in the rain", sn.NEGATIVE, -1, True, [sn.NEGATIVE],
                         [0.8], False, 0.8)
    assert verdict.barred(y) == sn.POSITIVE  # the protective rule still stands otherwise


def test_the_verdict_model_weighs_nothing_asked_back_and_faults_reported_politely_or_at_top_marks():
    def named(text, rating=None, extreme=False):
        return dict(zip(verdict.FEATURES, verdict.features(text, sn.NEUTRAL, rating, extreme, [sn.NEUTRAL], [0.0],
                                                           False, 0.0)))
    assert named("Lovely visit, no reply needed")["nothing asked back"] == 1.0
    assert named("Just letting you know the gate's fixed")["nothing asked back"] == 1.0
    assert named("5 stars but the card machine broke again", 1, True)["top of the scale and a fault report"] == 1.0
    assert named("5 stars, lovely", 1, True)["top of the scale and a fault report"] == 0.0
    assert named("Hi, the scanner isn't sending to email. Thanks, Sian")["a polite fault report"] == 1.0
    assert named("The scanner isn't sending to email")["a polite fault report"] == 0.0


def test_no_reply_needed_is_read_as_courtesy_and_no_reply_still_as_a_complaint():
    cues = sn.Cues()
    for text in ("No reply needed.", "no need to respond, just so you know", "No response required"):
        assert sn.leaning(sn.text_score(text, cues).score) == sn.NEUTRAL, text
    for text in ("Emailed twice, no reply.", "no reply yet", "Still no response after a week"):
        assert sn.leaning(sn.text_score(text, cues).score) == sn.NEGATIVE, text
