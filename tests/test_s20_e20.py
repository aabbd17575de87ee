"""e20: evidence rows about finding the place.

A float centre in an old mill, whose owner said "Hard to find us" and "Customers can't find the entrance" (on the
stage of getting there), beside problems that share a word with them ("Hard to find a free slot after work", "Front
desk is rude on busy days"). Customers tell the finding trouble in words of their own ("got lost, no sign", "the
satnav took us to the wrong gate", "parking round the back was a maze"):

* each such row backs a finding-the-place pain point, on that pain point's stage, with a fair confidence;
* rows about other faults that share a word ("the desk was rude", "hard to find a slot", being found on Google)
  never back one;
* plain finding trouble with no rating ("Took ages to find you") is a complaint;
* the owner's finding-the-place pain point is no stock catalogue problem of another fault ("Hard to find online").

Run as a user runs it: the real CLI in a subprocess (``cjm evidence MAP FILE --report json``).
"""

from __future__ import annotations

import csv
import json

import pytest

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.evidence.phases import linked_entries
from tests.test_e16_evidence_matching import _stage
from tests.test_evidence_place_round12 import Cli

MILL = {
    "schema_version": 1, "title": "Still Waters: a first float", "kind": "current",
    "business": {"name": "Still Waters", "description": "A float centre in an old mill on the edge of town",
                 "industry": "Float therapy", "offering": "60 and 90 minute floats, about £55",
                 "business_model": "B2C"},
    "personas": [{"id": "pe1", "provenance": "user", "name": "Stressed Sam", "summary": "Trying a first float",
                  "goals": ["Switch off for an hour"], "frustrations": [], "channels": ["Website"]}],
    "persona": "pe1",
    "channels": [{"id": "ch1", "provenance": "user", "name": "Website", "kind": "web"},
                 {"id": "ch2", "provenance": "user", "name": "Email", "kind": "email"}],
    "stages": [
        _stage(1, "Find and book", "Book a float at a time that suits me",
               ["Looks at the website", "Picks a time", "Pays online"], [("Booking page", "Website")],
               [("pp1", "user", "Hard to find a free slot after work", "")], provenance="user"),
        _stage(2, "Getting there", "Get to the mill on time and find the way in",
               ["Drives or walks to the mill", "Parks", "Looks for the way in"], [("Directions email", "Email")],
               [("pp2", "user", "Hard to find us", ""), ("pp3", "user", "Customers can't find the entrance", "")],
               provenance="user"),
        _stage(3, "Check in", "Be welcomed and shown the float room",
               ["Checks in at the front desk", "Gets changed", "Is shown the room"], [("Front desk", "Website")],
               [("pp4", "user", "Front desk is rude on busy days", "")], provenance="user"),
        _stage(4, "The float", "Relax and switch off", ["Floats for an hour", "Showers"], [("Float room", "Website")],
               [("pp5", "user", "Changing rooms are cold", "")], provenance="user"),
        _stage(5, "Afterwards", "Feel looked after and come back", ["Gets a thank-you email", "Rebooks"],
               [("Thank-you email", "Email")], [("pp6", "user", "No follow-up after the first float", "")],
               provenance="user"),
    ],
}

FINDING = {"pp2", "pp3"}

ROWS = [  # (rating, comment)
    (2, "Couldn't find the entrance for ages"),                 # 1
    (2, "The satnav took us to the wrong gate"),                # 2
    (1, "Got lost, no sign anywhere"),                          # 3
    (2, "Reception was hard to find"),                          # 4
    (3, "The front desk is hard to find round the side"),       # 5
    (2, "Parking round the back was a maze"),                   # 6
    ("", "Took ages to find you"),                              # 7: no rating
    ("", "Took us ages to find the place"),                     # 8: no rating
    (1, "The desk was rude"),                                   # 9: must not back a finding pain point
    (2, "Hard to find a slot after work"),                      # 10: must not either
    (2, "Hard to find you on Google, had to ask a friend"),     # 11: being found online, not the way there
    (5, "Lovely float, so relaxing"),                           # 12
]


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("mill")
    cli = Cli(tmp)
    (tmp / "mill.map.json").write_text(json.dumps(MILL), encoding="utf-8")
    with open(tmp / "feedback.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["rating", "comment"])
        writer.writerows(ROWS)
    map_id = cli.run("import", tmp / "mill.map.json").stdout.strip().splitlines()[-1]
    report = cli.run("evidence", map_id, tmp / "feedback.csv", "--report", "json").stdout
    return {r["row"]: r for r in (json.loads(line) for line in report.splitlines() if line.startswith("{"))}


NAMES = {pid: name for stage in MILL["stages"] for pid, name in
         ((p["id"], p["name"]) for p in stage["pain_points"])}


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6, 7, 8])
def test_finding_rows_back_a_finding_pain_point_on_its_stage(rows, n):
    row = rows[n]
    assert row["sentiment"] == "negative", row
    assert row["placed"] and row["stage"] == "Getting there", row
    assert row["pain_point"] in {NAMES[p] for p in FINDING}, row
    part = next(p for p in row["parts"] if p["pain_point"])
    assert part["confidence"] >= 0.5, row


def test_the_entrance_backs_the_entrance_pain_point(rows):
    assert rows[1]["pain_point"] == "Customers can't find the entrance"


@pytest.mark.parametrize("n", [9, 10, 11])
def test_other_faults_sharing_a_word_back_no_finding_pain_point(rows, n):
    assert rows[n]["pain_point"] not in {NAMES[p] for p in FINDING}, rows[n]


def test_the_rude_desk_backs_the_rude_desk(rows):
    assert rows[9]["pain_point"] == "Front desk is rude on busy days", rows[9]


def test_finding_trouble_with_no_rating_is_a_complaint(rows):
    for n in (7, 8):
        assert rows[n]["score_used"] is False
        assert rows[n]["sentiment"] == "negative", rows[n]


def test_praise_is_untouched(rows):
    assert rows[12]["sentiment"] == "positive" and rows[12]["pain_point"] is None


def test_a_stated_finding_pain_point_takes_no_catalogue_problem_of_another_fault():
    journey = JourneyMap.model_validate(MILL)
    linked = linked_entries(journey)
    assert linked.get("pp2") != "hard-to-find"  # "Hard to find online": being found in a search
    assert linked.get("pp3") != "hard-to-find"
    online = json.loads(json.dumps(MILL))
    online["stages"][0]["pain_points"].append({"id": "pp9", "provenance": "user", "name": "Hard to find online",
                                               "description": "We don't show up on Google", "severity": 2})
    assert linked_entries(JourneyMap.model_validate(online)).get("pp9") == "hard-to-find"  # still that problem
