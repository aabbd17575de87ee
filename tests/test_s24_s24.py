"""Session 24, helper s24: a stated problem's severity follows the owner's words; the owner and a persona saying
the same complaint give one pain point; the domain layer proposes no goal of its own on a rename.

Each test runs the CLI as a user would (`cjm new --answers`, `cjm export`) and reads what they would read."""

from __future__ import annotations

import pytest

from tests.support.a23 import export, journey_json, new

CLINIC = {
    "business": "Brightside Physio, a small physiotherapy clinic in Bristol",
    "offering": "sports massage and physiotherapy sessions",
    "customers": "B2C, local runners and office workers",
    "journey": "booking and attending a first appointment",
    "kind": "current",
    "channels": "website, phone, front desk",
    "data": "Google reviews",
    "goal": "fewer no-shows",
}


def _stated(journey: dict) -> dict[str, dict]:
    """The owner's stated pain points (placed or not), by name."""
    pains = [p for s in journey["stages"] for p in s["pain_points"]] + journey["unplaced"]
    return {p["name"]: p for p in pains if p["provenance"] == "user"}


def _severity(pains: dict[str, dict], start: str) -> int:
    found = [p["severity"] for name, p in pains.items() if name.casefold().startswith(start.casefold())]
    assert len(found) == 1, (start, list(pains))
    return found[0]


# -- 1. severity in the owner's words -------------------------------------------------------------------------------

def test_the_biggest_headache_is_high_and_sometimes_is_low_in_json_and_in_the_ranking(capsys, tmp_path):
    problems = "the biggest headache is people not turning up, and sometimes the card machine is slow"
    map_id = new(capsys, tmp_path, {**CLINIC, "problems": problems})
    pains = _stated(journey_json(capsys, map_id))
    assert _severity(pains, "People not turning up") == 3
    assert _severity(pains, "Sometimes the card machine") == 1
    # the ranking follows: the high one first, the low one after every stated medium or high one
    md = export(capsys, map_id, "md")
    ranked = md[md.index("## Pain points, ranked"):]
    assert ranked.index("People not turning up") < ranked.index("card machine is slow")
    assert "**People not turning up** — high" in ranked and "card machine is slow** — low" in ranked
    table = export(capsys, map_id, "priorities")
    rows = table[table.index("## Pain points, ranked"):]
    assert rows.index("| People not turning up |") < rows.index("card machine is slow |")
    brief = export(capsys, map_id, "brief")
    assert brief.index("**People not turning up**") < brief.index("card machine is slow**")


@pytest.mark.parametrize("said, start", [
    ("the worst thing is customers waiting ages on the phone", "The worst thing"),
    ("invoices are a nightmare", "Invoices are a nightmare"),
    ("no-shows are killing us", "No-shows are killing us"),
    ("we lose a lot of customers because quotes take a week", "We lose a lot of customers"),
    ("NOBODY READS THE CONFIRMATION EMAIL", "NOBODY READS"),
    ("they NEVER fill in the intake form", "They NEVER fill in"),
    ("customers can't find parking!!", "Customers can't find parking"),
])
def test_strong_words_capitals_and_double_bangs_make_a_stated_problem_high(capsys, tmp_path, said, start):
    map_id = new(capsys, tmp_path, {**CLINIC, "problems": said})
    assert _severity(_stated(journey_json(capsys, map_id)), start) == 3


def test_mild_words_make_a_stated_problem_low_and_plain_ones_medium(capsys, tmp_path):
    problems = ("occasionally the website goes down; the intake forms are slightly confusing; "
                "now and then a parking ticket gets missed; it's not a huge problem but the receipts are hard to read; "
                "most customers book by phone and the line is busy")
    pains = _stated(journey_json(capsys, new(capsys, tmp_path, {**CLINIC, "problems": problems})))
    assert _severity(pains, "Occasionally the website") == 1
    assert _severity(pains, "The intake forms are slightly") == 1
    assert _severity(pains, "Now and then") == 1
    assert _severity(pains, "It's not a huge problem") == 1
    # "most customers" says nothing of how bad it is: medium, not high
    assert _severity(pains, "Most customers book by phone") == 2


def test_plain_words_are_medium_whatever_the_catalogue_weighs_a_problem_like_it(capsys, tmp_path):
    # the catalogue's "late orders" and "lost parcels" weigh 3; the owner said nothing of how bad these are, and
    # capital acronyms are no shouting
    problems = "the NHS referral letters arrive late; a parcel of towels got lost"
    pains = _stated(journey_json(capsys, new(capsys, tmp_path, {**CLINIC, "problems": problems})))
    assert _severity(pains, "The NHS referral") == 2
    assert _severity(pains, "A parcel of towels") == 2


# -- 3. no arrow from the domain up to the knowledge of English -----------------------------------------------------

def test_the_domain_layer_imports_nothing_of_the_knowledge_layer():
    import ast
    from pathlib import Path

    import cjm_assistant.domain as domain

    found = []
    for path in Path(domain.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):  # lazy imports inside functions too
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            found += [f"{path.name}: {n}" for n in names if n.startswith("cjm_assistant.knowledge")]
    assert found == []


_KAYAKS = {"business": "Tidewell Kayaks, a kayak hire hut on the river in Norwich",
           "customers": "B2C, families and tourists", "channels": "instagram and phone",
           "problems": "people turn up without booking", "personas": "Tourist Tom, 40, visiting for the weekend",
           "journey": "booking online, then launching from the pontoon, paddling the loop, returning the kayak"}


def _own_stage(journey: dict) -> dict:
    """A drafted stage whose goal was built from its own name."""
    from cjm_assistant.knowledge.step_goals import own_goal

    return next(s for s in journey["stages"] if s["goal"] and s["goal"] == own_goal(s["name"]))


def test_a_rename_said_in_words_carries_the_goal_in_the_new_words(capsys, tmp_path):
    from cjm_assistant.domain import edits
    from cjm_assistant.engines.instructions import propose
    from cjm_assistant.export.jsonio import from_json
    from cjm_assistant.knowledge.step_goals import own_goal

    map_id = new(capsys, tmp_path, _KAYAKS)
    data = journey_json(capsys, map_id)
    stage = _own_stage(data)
    ops = propose(from_json(__import__("json").dumps(data)), f"rename {stage['name']} to Paddle off").ops
    assert [type(op) for op in ops] == [edits.RenameStage]
    assert ops[0].goal == own_goal("Paddle off") != stage["goal"]


def test_a_stage_renamed_on_the_map_pane_gets_its_goal_in_the_new_words(capsys, tmp_path):
    import os

    from cjm_assistant.domain import edits
    from cjm_assistant.engines.playbook import PlaybookEngine
    from cjm_assistant.knowledge.step_goals import own_goal
    from cjm_assistant.session import Session
    from cjm_assistant.store import Store

    map_id = new(capsys, tmp_path, _KAYAKS)
    stage = _own_stage(journey_json(capsys, map_id))
    with Store.open(os.environ["CJM_DB"]) as store:
        session = Session(store, PlaybookEngine())
        session.open_map(map_id)
        session.edit([edits.RenameStage(stage=stage["id"], name="Paddle off")], "renamed on the form")
        renamed = next(s for s in session.journey.stages if s.id == stage["id"])
    assert renamed.name == "Paddle off" and renamed.goal == own_goal("Paddle off")


def test_the_domain_keeps_the_goal_a_rename_carries_and_follows_the_name_plainly_without_one(capsys, tmp_path):
    from cjm_assistant.domain import edits
    from cjm_assistant.domain.draft import find_stage
    from cjm_assistant.export.jsonio import from_json

    journey = from_json(__import__("json").dumps(journey_json(capsys, new(capsys, tmp_path, _KAYAKS))))
    stage = journey.stages[1]
    carried = edits.apply(journey, [edits.RenameStage(stage=stage.id, name="Get ready", goal="Arrive ready to go")])
    assert find_stage(carried, stage.id).goal == "Arrive ready to go"
    journey.stages[1].goal = f"Enjoy the {stage.name.casefold()} and feel looked after"
    plain = edits.apply(journey, [edits.RenameStage(stage=stage.id, name="Launch")])
    assert find_stage(plain, stage.id).goal == "Enjoy the Launch and feel looked after"


# -- 2. the owner and a persona saying one complaint in other words ---------------------------------------------------

def _with_jo(problems: str, frustrations: str) -> dict:
    return {**CLINIC, "problems": problems,
            "personas": [{"name": "Runner Jo", "description": "training for a half marathon, first visit",
                          "goals": "get treated quickly", "frustrations": frustrations, "channels": "website"}]}


def test_the_owner_and_a_persona_saying_one_complaint_in_other_words_give_one_pain_point(capsys, tmp_path):
    answers = _with_jo("people can't find the entrance; the card machine is slow",
                       "couldn't find the way in, waited ages at reception")
    map_id = new(capsys, tmp_path, answers)
    stated = _stated(journey_json(capsys, map_id))
    assert not any("way in" in name for name in stated), list(stated)
    entrance = stated["People can't find the entrance"]
    assert "Couldn't find the way in" in entrance["description"]  # both wordings kept
    assert entrance["personas"] == []  # the owner's and so everyone's, Jo's too
    assert "Waited ages at reception" in stated  # Jo's other frustration is hers still
    md = export(capsys, map_id, "md")
    ranked = md[md.index("## Pain points, ranked"):]
    assert ranked.count("People can't find the entrance") == 1 and "way in" not in ranked


def test_a_persona_s_different_complaint_stays_apart_from_the_owner_s(capsys, tmp_path):
    answers = _with_jo("people can't find the entrance", "couldn't find a parking space")
    stated = _stated(journey_json(capsys, new(capsys, tmp_path, answers)))
    assert "People can't find the entrance" in stated
    parking = next(p for name, p in stated.items() if "parking space" in name)
    assert parking["personas"] == ["pe1"]
