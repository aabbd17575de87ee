"""Brief ev (round 20): kinds of evidence row misread in businesses nobody tuned on.

* What reaches a business's inbox without being anyone's experience (an automatic "out of office" reply, a bank's
  "payment received" notice, a "test booking" made by staff) is no verdict and on no stage of the map.
* "Never let me down" praises: being let down is failing someone, and its negation is no request or wish.
* The time a customer took to make up their own mind ("Took ages to decide on which package") is theirs, not a
  complaint against a pain point about being hurried into a choice.
* A bare "next week" counts from the day of writing ("booked in for next week"): what is to come, not a moment after
  the service.

The user-visible checks run the real CLI in a subprocess on a small map and CSV written here.
"""

from __future__ import annotations

import json

import pytest

from cjm_assistant.evidence import stagemodel
from tests.test_ev19 import LAUNDRY
from tests.test_evidence_place_round12 import Cli

ROWS = [
    "Out of office: I am away until 20th October with limited access to email.",
    "Payment of £412.80 received from The Long Table Deli",
    "test booking - staff",
    "Top service, never let me down in 3 years",
    "The van let us down again, clean linen came at 4pm",
    "Took ages to decide which linen package to go for, but your team were patient. Signed the contract online, easy.",
]


def _laundry_with_hurry_pain() -> dict:
    journey = json.loads(json.dumps(LAUNDRY))
    journey["stages"][0]["pain_points"] = [{
        "id": "pp9", "provenance": "user", "name": "Pushed into the biggest package",
        "description": "Managers feel hurried and leave without deciding which package suits them.", "severity": 2}]
    return journey


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict[int, dict]:
    """Each row's JSON report, by row number, for the laundry's inbox."""
    tmp = tmp_path_factory.mktemp("inbox")
    cli = Cli(tmp)
    (tmp / "laundry.map.json").write_text(json.dumps(_laundry_with_hurry_pain()), encoding="utf-8")
    (tmp / "inbox.csv").write_text("message\n" + "".join(f'"{text}"\n' for text in ROWS), encoding="utf-8")
    map_id = cli.run("import", tmp / "laundry.map.json").stdout.strip().splitlines()[-1]
    out = cli.run("evidence", map_id, tmp / "inbox.csv", "--report", "json").stdout
    return {r["row"]: r for r in (json.loads(line) for line in out.splitlines() if line.startswith("{"))}


def _row(report: dict[int, dict], text: str) -> dict:
    return report[ROWS.index(text) + 1]


def _pains(row: dict) -> list:
    return [p["pain_point_id"] for p in row["parts"] if p.get("pain_point_id")]


@pytest.mark.parametrize("text", ROWS[:3])
def test_an_automatic_reply_a_notice_or_a_test_is_neutral_and_on_no_stage(report, text):
    row = _row(report, text)
    assert row["sentiment"] == "neutral", row
    assert not any(p["placed"] for p in row["parts"]), row


def test_never_let_me_down_is_praise_tied_to_no_pain_point(report):
    row = _row(report, "Top service, never let me down in 3 years")
    assert row["sentiment"] == "positive", row
    assert _pains(row) == [], row


def test_being_let_down_is_still_a_complaint(report):
    assert _row(report, "The van let us down again, clean linen came at 4pm")["sentiment"] == "negative"


def test_time_taken_to_decide_backs_no_pain_point_about_being_hurried(report):
    row = _row(report, ROWS[5])
    assert "pp9" not in _pains(row), row
    assert row["sentiment"] != "negative", row


def test_a_bare_next_week_is_no_moment_after_the_service():
    assert "after" not in stagemodel.part_moments("Rang at 9 and got straight through, booked in for next week.")
    assert "after" not in stagemodel.part_moments("Ordered online for click and collect, ready next day.")


def test_the_next_day_still_tells_what_came_after():
    assert "after" in stagemodel.part_moments("The hinge went and they came out the next day to fix it.")
