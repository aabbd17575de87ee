"""Round 18: rows from businesses nobody tuned on, read as their user reads them.

* "How come ...?" asks why: a complaint, as "Why ...?" is ("How come my class was double booked again?").
* A double booking is a fault however plainly said ("My class was double booked again."), and a problem only the
  owner's pain points name, said to happen again, is a complaint that backs that pain point.
* One shared word that is only what the business sells ("dress" for a dressmaker) does not tie a complaint of
  another fault ("they refused to make my dress...") to a pain point ("Dress not ready in time").
* A request to change an account detail ("please change my billing address") is an errand: no complaint, and on
  no stage of the journey.
* A column that says when each row was given ("Survey": "After sign-off", "12 months on") places the rows; it never
  backs a pain point on its own words.

The user-visible checks run the real CLI in a subprocess on small maps and CSVs written here.
"""

from __future__ import annotations

import csv
import json

import pytest

from cjm_assistant.evidence import sentiment as sn
from cjm_assistant.evidence import stagemodel
from cjm_assistant.evidence.columns import MOMENT_WORDS, pick_subject
from tests.test_evidence_place_round12 import Cli, _stage

STUDIO = {
    "schema_version": 1, "title": "Flow Pilates: a class", "kind": "current",
    "business": {"name": "Flow Pilates", "description": "A small pilates studio with reformer classes.",
                 "industry": "Fitness studio", "offering": "Reformer and mat classes, class packs.",
                 "business_model": "B2C"},
    "personas": [{"id": "pe1", "provenance": "user", "name": "Member Mia", "summary": "Comes twice a week.",
                  "goals": ["A spot in the evening class"], "frustrations": [], "channels": ["Booking app"]}],
    "persona": "pe1",
    "channels": [{"id": "ch1", "provenance": "user", "name": "Booking app", "kind": "app"},
                 {"id": "ch2", "provenance": "user", "name": "Email", "kind": "email"},
                 {"id": "ch3", "provenance": "user", "name": "Studio", "kind": "in-person"}],
    "stages": [
        _stage(1, "Discover", "Find a studio nearby", "Looks at the website and Instagram", ("Website", "Booking app")),
        _stage(2, "Book a class", "Get a spot in a class", "Books and pays for a class in the app",
               ("Booking page", "Booking app"),
               pains=[("pp1", "Classes get double booked", "Two people end up booked onto the same reformer")]),
        _stage(3, "Attend the class", "A good workout", "Checks in and takes the class", ("Front desk", "Studio"),
               pains=[("pp2", "Instructor runs late", "Classes start late because the instructor is late")]),
        _stage(4, "Pay for membership", "Keep coming", "Pays the monthly membership by card", ("Invoice email", "Email")),
    ],
}
STUDIO_ROWS = [
    "the booking page shows an error when I click pay.",
    "How come my class was double booked again?",
    "My class was double booked again.",
    "Please change my billing address to 4 High Street.",
    "Could you update the billing address on my account please, I moved last month",
    "How come the evening class is so good? Best hour of my week",
    "Booked again for next Tuesday, see you then",
]

DRESS = {
    "schema_version": 1, "title": "Lace & Co: a wedding dress", "kind": "current",
    "business": {"name": "Lace & Co", "description": "A bridal boutique making made-to-measure wedding dresses.",
                 "industry": "Bridal", "offering": "Made-to-measure gowns and alterations.", "business_model": "B2C"},
    "personas": [{"id": "pe1", "provenance": "user", "name": "Bride Bea", "summary": "Marrying next summer.",
                  "goals": ["A dress that fits"], "frustrations": [], "channels": ["Email"]}],
    "persona": "pe1",
    "channels": [{"id": "ch1", "provenance": "user", "name": "Email", "kind": "email"},
                 {"id": "ch2", "provenance": "user", "name": "Studio", "kind": "in-person"}],
    "stages": [
        _stage(1, "Consultation", "Choose a design", "Visits the studio to talk designs", ("Consultation", "Studio")),
        _stage(2, "Order & deposit", "Secure the order", "Pays the deposit and signs the order", ("Order form", "Email"),
               pains=[("pp1", "Deposit terms unclear", "Brides do not understand the deposit terms")]),
        _stage(3, "Fittings", "A good fit", "Comes in for fittings and alterations", ("Fitting room", "Studio"),
               pains=[("pp2", "Dress not ready in time", "The dress is not finished for the final fitting"),
                      ("pp3", "Alterations take too long", "Alterations between fittings take weeks")]),
        _stage(4, "Wedding day & after", "Feel beautiful", "Wears it on the day; cleaned and stored after",
               ("Aftercare email", "Email")),
    ],
}
DRESS_ROWS = [  # (Survey, Comment)
    ("After fitting", "they refused to make my dress in the colour I asked"),
    ("After fitting", "my dress still wasn't ready for the final fitting"),
    ("12 months on", "Cleaning took forever and it came back creased"),
    ("After consultation", "Lovely welcome and lots of ideas"),
    ("12 months on", "Still so happy, it was perfect on the day"),
]


def _write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(rows)


def _report(cli, map_id, path):
    run = cli.run("evidence", map_id, path, "--report", "json")
    rows = {r["row"]: r for r in (json.loads(line) for line in run.stdout.splitlines() if line.startswith("{"))}
    return rows, run.stderr


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    """Each row's JSON report, by row number, for the studio's inbox (no rating)."""
    tmp = tmp_path_factory.mktemp("studio18")
    cli = Cli(tmp)
    (tmp / "studio.map.json").write_text(json.dumps(STUDIO), encoding="utf-8")
    _write(tmp / "inbox.csv", ["message"], [(t,) for t in STUDIO_ROWS])
    map_id = cli.run("import", tmp / "studio.map.json").stdout.strip().splitlines()[-1]
    return _report(cli, map_id, tmp / "inbox.csv")[0]


@pytest.fixture(scope="module")
def dress(tmp_path_factory):
    """(each row's JSON report by row number, what the import said it read) for the dressmaker's survey export."""
    tmp = tmp_path_factory.mktemp("dress18")
    cli = Cli(tmp)
    (tmp / "dress.map.json").write_text(json.dumps(DRESS), encoding="utf-8")
    _write(tmp / "survey.csv", ["Response ID", "Survey", "Comment"],
           [(f"R{i}", when, text) for i, (when, text) in enumerate(DRESS_ROWS, 1)])
    map_id = cli.run("import", tmp / "dress.map.json").stdout.strip().splitlines()[-1]
    return _report(cli, map_id, tmp / "survey.csv")


# -- what a user sees ------------------------------------------------------------------------------------------


def test_an_error_on_the_booking_page_is_a_complaint(studio):
    assert studio[1]["sentiment"] == "negative"
    assert studio[1]["stage"] == "Book a class"


def test_how_come_asks_why_and_complains(studio):
    assert studio[2]["sentiment"] == "negative"
    assert studio[2]["pain_point"] == "Classes get double booked"


def test_a_double_booking_again_backs_the_owners_pain_point(studio):
    assert studio[3]["sentiment"] == "negative"
    assert studio[3]["stage"] == "Book a class"
    assert studio[3]["pain_point"] == "Classes get double booked"


def test_a_billing_address_change_is_an_errand_on_no_stage(studio):
    for n in (4, 5):
        assert studio[n]["sentiment"] == "neutral", studio[n]
        assert not studio[n]["placed"] and studio[n]["pain_point"] is None


def test_how_come_beside_praise_is_no_complaint(studio):
    assert studio[6]["sentiment"] == "positive"


def test_again_with_no_problem_of_a_pain_point_is_no_complaint(studio):
    assert studio[7]["sentiment"] != "negative"  # "Booked again": "book" is the business's own step, no fault
    assert studio[7]["pain_point"] is None


def test_one_word_of_what_the_business_sells_backs_no_other_fault(dress):
    rows, _ = dress
    assert rows[1]["sentiment"] == "negative"
    assert rows[1]["pain_point"] is None  # "refused to make my dress" is not "Dress not ready in time"
    assert rows[2]["pain_point"] == "Dress not ready in time"  # the same fault, in its own words, still backs it


def test_the_survey_column_says_when_and_places_the_rows(dress):
    rows, said = dress
    assert "moment column “Survey”" in said
    assert rows[3]["stage"] == "Wedding day & after"  # "12 months on": after the day
    assert rows[4]["stage"] == "Consultation"
    assert rows[5]["stage"] == "Wedding day & after"
    assert rows[1]["stage"] == "Fittings"


def test_the_survey_columns_words_back_no_pain_point(dress):
    rows, _ = dress
    # "After fitting" shares "fitting" with "Alterations between fittings take weeks": when, not which fault
    assert rows[1]["pain_point"] is None


# -- the rules ---------------------------------------------------------------------------------------------------


def test_how_come_reads_as_why():
    cues = sn.Cues()
    assert sn.text_score("How come nobody rang me back?", cues).complains
    assert sn.text_score("How come my order is late again?", cues).complains
    assert not sn.text_score("Can you tell me how to come to the studio by bus?", cues).complains


def test_double_booked_is_a_fault_and_a_double_room_is_not():
    cues = sn.Cues()
    assert sn.text_score("We were double booked with another family", cues).complains
    assert not sn.text_score("We booked a double room for two nights", cues).complains


def test_again_makes_a_pain_point_problem_a_complaint_only_when_it_names_one():
    cues = sn.Cues(problem=frozenset({"creas"}))
    assert sn.text_score("The dress came back creased again", cues).complains
    assert not sn.text_score("The dress came back again after cleaning", cues).complains


def test_account_changes_are_errands_and_other_moves_are_not():
    assert stagemodel.errand("Please update the billing address on my account")
    assert not stagemodel.errand("I need to change my card details")  # the moment of paying, where a map has it
    assert sn.text_score("I need to change my card details", sn.Cues()).score == 0.0
    assert stagemodel.errand("The billing address on my invoice is wrong, I moved in May")
    assert not stagemodel.errand("We moved in on Friday and the van was two hours late")
    assert not stagemodel.errand("I moved the booking to Tuesday and it still went to Monday")
    reading = sn.text_score("Please change my billing address, the old one is wrong", sn.Cues())
    assert not reading.complains and reading.score == 0.0
    asked = sn.text_score("Third time asking: please change my billing address", sn.Cues())
    assert asked.nudges != ["a detail of the customer's account to change (an errand, no verdict)"]


def test_a_moment_column_needs_a_moment_name_and_more_than_one_value():
    rows = [{"Survey": "After sign-off", "Survey ref": "S1", "Visit type": "Member", "Comment": "x"},
            {"Survey": "12 months on", "Survey ref": "S2", "Visit type": "Day entry", "Comment": "y"}]
    names = list(rows[0])
    assert pick_subject(names, rows, {"Comment"}, MOMENT_WORDS) == "Survey"
    assert pick_subject(["Survey ref", "Visit type", "Comment"], rows, {"Comment"}, MOMENT_WORDS) is None
    same = [{"Survey": "Customer survey 2026", "Comment": "x"}, {"Survey": "Customer survey 2026", "Comment": "y"}]
    assert pick_subject(["Survey", "Comment"], same, {"Comment"}, MOMENT_WORDS) is None


def test_a_moment_columns_time_cue_is_the_parts_moment():
    assert stagemodel.part_moments("the lace was creased", "12 months on").get("after", 0) > 0.5
    assert "after" not in stagemodel.part_moments("the lace was creased")
