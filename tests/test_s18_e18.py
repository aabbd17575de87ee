"""Round two, session 18 (e18): a complaint that shares only the thing with a pain point is no evidence of it.

A pottery studio's map (the owner's "The barn is hard to find" and an inferred pain point whose description says
students "don't hear" how their work is going), and reviews in invented words:

* the same thing, another fault ("No heating in the barn", "only stairs up to the barn", "the barn was locked") is
  not attached to "The barn is hard to find": it stays on its stage with no pain point, and the exported map
  neither counts nor quotes it as evidence of that pain point;
* the same fault in other words ("got lost, no signs to the barn", "the sign is hidden behind a hedge") backs it,
  though "barn" is a word the business says of itself and the fault is in words the pain point does not use;
* hearing shared alone ("Heard about the classes on the radio", "first heard of the studio at the fete") is no
  evidence of "Students don't see their progress" (whose description says they "don't hear how their work is coming
  along").

Run as a user runs it: the real CLI in a subprocess (``cjm evidence MAP FILE --report json``; ``--yes``, then the
Markdown export).
"""

from __future__ import annotations

import csv
import json

import pytest

from tests.test_e16_evidence_matching import _stage
from tests.test_evidence_place_round12 import Cli

POTTERY = {
    "schema_version": 1, "title": "Clayfield Barn: a first term of pottery", "kind": "current",
    "business": {"name": "Clayfield Barn",
                 "description": "Evening pottery classes in a converted barn outside the village, two tutors",
                 "industry": "Arts and crafts classes", "offering": "Six-week wheel and hand-building courses, £120",
                 "business_model": "B2C"},
    "personas": [{"id": "pe1", "provenance": "user", "name": "Beginner Jo", "summary": "Wants a creative night out",
                  "goals": ["Make something to take home"], "frustrations": [], "channels": ["Website"]}],
    "persona": "pe1",
    "channels": [{"id": "ch1", "provenance": "user", "name": "Website", "kind": "web"},
                 {"id": "ch2", "provenance": "user", "name": "Email", "kind": "email"}],
    "stages": [
        _stage(1, "Hear about the classes", "Find out there are classes nearby",
               ["Sees a flyer or a post", "Looks at the website"], [("Course page", "Website")],
               provenance="user"),
        _stage(2, "Book a course", "Get a place on a course that suits me",
               ["Picks a course", "Pays online", "Gets a confirmation email"], [("Booking email", "Email")],
               [("pp1", "inferred", "Can't book online",
                 "Booking only by phone or message, during opening hours, loses people who decide in the evening.")],
               [("24/7 online booking", ["pp1"])]),
        _stage(3, "Evening class", "Get to the barn and make something",
               ["Drives out to the barn", "Works at the wheel with the tutor", "Leaves pots to be fired"],
               [("Arrival directions", "Email")],
               [("pp2", "user", "The barn is hard to find", "")],
               [("Send a map pin and a photo of the gate", ["pp2"])], provenance="user"),
        _stage(4, "Collect the pots", "Take home finished, glazed pieces",
               ["Comes back for the fired pots", "Thinks about another course"], [("Pots ready email", "Email")],
               [("pp3", "inferred", "Students don't see their progress",
                 "Students don't hear how their work is coming along between classes.")],
               [("Send a photo of each student's pots after firing", ["pp3"])]),
    ],
}
ROWS = [  # (stars, review)
    (2, "No heating in the barn in January, I kept my coat on all evening"),
    (2, "Only stairs up to the barn, no good for my wheelchair"),
    (1, "The barn was locked when we got there and we waited in the car for twenty minutes"),
    (2, "Got lost twice on the lanes, there are no signs to the barn"),
    (2, "Heard about the classes on local radio but the phone number they read out was wrong"),
    (2, "We first heard of the studio at the village fete, but the flyer had the wrong date on it"),
    (2, "Missed the turning for the barn twice, the sign is hidden behind a hedge"),
    (2, "Drove round in circles looking for the barn, the directions in the email were wrong"),
]

@pytest.fixture(scope="module")
def pottery(tmp_path_factory):
    """Each row's JSON report by row number, for the studio's reviews."""
    tmp = tmp_path_factory.mktemp("e18")
    cli = Cli(tmp)
    (tmp / "pottery.map.json").write_text(json.dumps(POTTERY), encoding="utf-8")
    with open(tmp / "reviews.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["stars", "review"])
        out.writerows(ROWS)
    map_id = cli.run("import", tmp / "pottery.map.json").stdout.strip().splitlines()[-1]
    report = cli.run("evidence", map_id, tmp / "reviews.csv", "--report", "json").stdout
    return {r["row"]: r for r in (json.loads(line) for line in report.splitlines() if line.startswith("{"))}


def _pains(row: dict) -> set[str]:
    return {row["pain_point"], *(p["pain_point"] for p in row["parts"])} - {None}


@pytest.mark.parametrize("row", [1, 2, 3], ids=["cold", "stairs", "locked"])
def test_the_same_thing_with_another_fault_is_not_evidence_of_it(pottery, row):
    rows = pottery
    got = rows[row]
    assert got["sentiment"] == "negative", got
    assert "The barn is hard to find" not in _pains(got), got
    assert got["placed"] and got["stage"] == "Evening class", got  # it stays on its stage, with no pain point


def test_the_exported_map_quotes_as_evidence_only_the_rows_about_finding_the_barn(tmp_path):
    cli = Cli(tmp_path)
    (tmp_path / "pottery.map.json").write_text(json.dumps(POTTERY), encoding="utf-8")
    with open(tmp_path / "reviews.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["stars", "review"], *ROWS])
    map_id = cli.run("import", tmp_path / "pottery.map.json").stdout.strip().splitlines()[-1]
    cli.run("evidence", map_id, tmp_path / "reviews.csv", "--yes")
    cli.run("export", map_id, "-o", tmp_path / "map.md", "--force")
    md = (tmp_path / "map.md").read_text(encoding="utf-8")
    # rows 4, 7 and 8 are about finding the barn; the cold, the stairs and the locked door are not
    assert "**The barn is hard to find** — medium severity · 3 mentions" in md, md
    for text in ("No heating in the barn", "Only stairs up to the barn", "The barn was locked", "Heard about",
                 "first heard of the studio"):
        assert text not in md, (text, md)


@pytest.mark.parametrize("row", [4, 7, 8], ids=["lost-no-signs", "sign-hidden", "directions-wrong"])
def test_the_same_fault_in_other_words_still_backs_it(pottery, row):
    rows = pottery
    assert rows[row]["pain_point"] == "The barn is hard to find", rows[row]


@pytest.mark.parametrize("row", [5, 6], ids=["heard-on-the-radio", "heard-at-the-fete"])
def test_hearing_shared_alone_is_no_evidence_of_not_hearing(pottery, row):
    rows = pottery
    assert "Students don't see their progress" not in _pains(rows[row]), rows[row]
