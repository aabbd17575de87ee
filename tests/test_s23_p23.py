"""Session 23, p23: stated problems kept whole and placed where they happen (a23's d1, d2, d5, d8), checked on
businesses other than the ones the finding came from: a tent hire, a boiler repair firm, a sign-language tutor."""

from __future__ import annotations

import json

import pytest

from cjm_assistant import cli
from cjm_assistant.engines.playbook.fixes import _when
from cjm_assistant.knowledge import remedies
from cjm_assistant.knowledge.lists import split_statements, without_who_answers

from .conftest import answers_toml


def _draft(capsys, tmp_path, answers: dict) -> dict:
    path = tmp_path / "answers.toml"
    path.write_text(answers_toml(json.loads(json.dumps(answers))), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["new", "--answers", str(path)]) == 0
    map_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert cli.main(["export", map_id, "-f", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def _stage_of(journey: dict, words: str) -> str | None:
    return next((stage["name"] for stage in journey["stages"] for pp in stage["pain_points"]
                 if words.lower() in pp["name"].lower()), None)


TENT = {
    "business": "Pitch Up, we hire out tents and camping kit for festivals and weekends",
    "offering": "tent and kit hire by the weekend, delivery to the festival",
    "customers": "festival goers and families",
    "journey": "customer books a tent, collects it, camps with it, brings it back, gets the deposit back",
    "kind": "current",
    "channels": "website, instagram, email",
    "problems": "tents come back ripped and nobody knows who did it, deposits take ages to come back",
    "goal": "more repeat hires",
}

BOILER = {
    "business": "a two-person heating firm that services and repairs boilers for homes",
    "offering": "boiler repairs, annual services, a monthly cover plan",
    "customers": "homeowners and landlords",
    "journey": "from the boiler stopping to the heating working again",
    "kind": "current",
    "channels": "phone, website, email",
    "stages": ["Boiler stops", "Ring or book online", "Engineer visits", "Heating back on", "Annual service"],
    "problems": "some boilers need parts we have to order so people wait days",
    "goal": "more cover plan sign ups",
}


# -- d1: a clause that only says who answers for the problem before it stays with it --------------------------------

@pytest.mark.parametrize("said", ["the van comes back scratched and nobody agrees who pays",
                                  "the printer jams every week and nobody knows who",
                                  "the shared inbox fills up and no one owns it",
                                  "parcels go missing and nobody accepts responsibility"])
def test_a_clause_saying_nobody_answers_for_it_stays_with_the_problem(said):
    assert split_statements(said) == [said[0].upper() + said[1:]]


@pytest.mark.parametrize("said", ["the card reader fails and nobody repairs it",
                                  "the lift breaks and nobody knows the code"])
def test_what_nobody_does_or_knows_of_its_own_is_still_a_problem_of_its_own(said):
    assert len(split_statements(said)) == 2, split_statements(said)


def test_where_a_problem_happens_is_read_without_who_answers_for_it():
    assert without_who_answers("Bikes come back muddy and nobody agrees who cleans") == "Bikes come back muddy"
    assert without_who_answers("The card reader fails and nobody repairs it") == \
        "The card reader fails and nobody repairs it"


def test_a_hired_thing_that_comes_back_damaged_is_a_problem_of_the_return(capsys, tmp_path):
    journey = _draft(capsys, tmp_path, TENT)
    assert _stage_of(journey, "come back ripped") == "Brings it back"
    assert _stage_of(journey, "nobody knows who did it") == "Brings it back"  # one problem, kept whole


# -- d8: a confirmed first step of no known kind is the need that opens the journey, not the service ---------------

def test_a_wait_for_parts_is_not_put_on_the_step_before_the_customer_calls(capsys, tmp_path):
    journey = _draft(capsys, tmp_path, BOILER)
    assert _stage_of(journey, "need parts") not in {None, "Boiler stops"}, _stage_of(journey, "need parts")


# -- d5: another trade's words ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("said", ["technicians turn up without the right weights",
                                  "our engineer turns up without the right tools",
                                  "we arrive without the right parts"])
def test_the_business_s_own_people_without_kit_are_not_asked_to_be_reminded_by_customers(said):
    fixes = [r.fix.name for r in remedies.read(said) + remedies.shaped(said) if r.fix]
    assert fixes and not any("tell people to bring" in f.lower() or "what-to-wear" in f for f in fixes), fixes


@pytest.mark.parametrize("said", ["guests arrive without the right kit", "people turn up without a voucher"])
def test_customers_without_kit_still_get_told_what_to_bring(said):
    fixes = [r.fix.name for r in remedies.read(said) + remedies.shaped(said) if r.fix]
    assert any("bring" in f.lower() for f in fixes), fixes


def test_during_the_visit_says_when_not_what():
    assert _when("instruments out of service for a whole day during the visit") == (
        "instruments out of service for a whole day", "during the visit")


TUTOR = {
    "business": "a sign-language tutor who runs evening courses and issues a certificate at the end",
    "offering": "10-week BSL courses, a certificate of completion",
    "customers": "adults learning BSL, employers paying for staff",
    "journey": "from signing up to getting the certificate",
    "kind": "current",
    "channels": "website, email, in person",
    "problems": "certificates go out with typos in the learner numbers",
    "goal": "more employers booking",
}


def test_a_document_with_mistakes_is_not_described_as_hard_to_find(capsys, tmp_path):
    journey = _draft(capsys, tmp_path, TUTOR)
    pp = next(pp for stage in journey["stages"] + [{"pain_points": journey["unplaced"]}]
              for pp in stage["pain_points"] if "typos" in pp["name"])
    assert "scattered" not in pp["description"] and "Policy" not in pp["description"], pp["description"]
