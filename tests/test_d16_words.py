"""The owner's words as the owner would want them on the map (outside walk 16): spoken hedges and fillers stay out
of a map's title, scope and file name; a list of data sources keeps each source under its own name; a renamed
stage's goal follows the new name; interview examples fit the business being mapped; a renamed map is still found
by its business name and its scope line follows the rename. None of the walk's businesses is copied here."""

from __future__ import annotations

import re

import pytest

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.export import suggest_filename
from cjm_assistant.export.markdown import to_markdown

_BASE = {"business": "Tidewell Kayaks, a kayak hire hut on the river in Norwich",
         "customers": "B2C, families and tourists", "channels": "instagram and phone",
         "problems": "people turn up without booking", "personas": "Tourist Tom, 40, visiting for the weekend"}


@pytest.mark.parametrize("journey, scope", [
    ("a first paddle for a new family i guess", "first paddle for a new family"),
    ("booking a trip and getting on the water, thats the big one", "booking a trip and getting on the water"),
    ("hiring a double kayak tbh", "hiring a double kayak"),
    ("a sunset tour, that's the main one", "sunset tour"),
    ("hiring a kayak for an afternoon mostly", "hiring a kayak for an afternoon"),
    ("a first lesson i think", "first lesson"),
    ("renewing a season pass really", "renewing a season pass"),
])
def test_hedges_and_fillers_stay_out_of_title_scope_and_file_name(new_map, journey, scope):
    data = new_map(**_BASE, journey=journey)
    assert data["scope"].casefold() == scope, data["scope"]
    assert data["title"].casefold() == f"tidewell kayaks: {scope}", data["title"]
    name = suggest_filename(JourneyMap.model_validate(data), "md")
    for word in ("guess", "think", "tbh", "big-one", "main-one", "mostly", "really"):
        assert word not in name, name
    md = to_markdown(JourneyMap.model_validate(data))
    assert f": {scope}." in md.casefold().split("\n\n")[1], md[:300]


def _data(new_map, said: str) -> list[str]:
    return new_map(**_BASE, journey="hiring a kayak", data=said)["business"]["data"]


@pytest.mark.parametrize("said, expected", [
    ("just the booking spreadsheet and the safety log tbh", ["Booking spreadsheet", "Safety log"]),
    ("the hire diary and the till receipts really", ["Hire diary", "Till receipts"]),
    ("not much really, some tripadvisor reviews", ["Tripadvisor reviews"]),
    ("not a lot, a few google reviews i guess", ["Google reviews"]),
])
def test_each_data_source_said_is_kept_by_its_own_name(new_map, said, expected):
    data = _data(new_map, said)
    assert [d.casefold() for d in data] == [e.casefold() for e in expected], data


def test_no_data_source_is_invented_from_a_list(new_map):
    data = _data(new_map, "phone complaints and the damage sheet the staff fill in")
    assert not [d for d in data if "chat" in d.casefold()], data
    folded = [d.casefold() for d in data]
    assert "phone complaints" in folded and "damage sheet" in folded, data


def _stage(journey: JourneyMap, name: str):
    return next(s for s in journey.stages if s.name == name)


@pytest.mark.parametrize("old_goal, old, new, goal", [
    ("Find a trusted van nearby", "Find a van", "Find a groomer", "Find a trusted groomer nearby"),
    ("Find and choose the option that fits my needs", "Find and choose", "Compare and pick",
     "Compare and pick the option that fits my needs"),
    ("Get the order right first time", "Place the order", "Place the booking", "Get the booking right first time"),
])
def test_a_renamed_stage_s_goal_follows_the_new_name_and_stays_a_guess(bakery_map, old_goal, old, new, goal):
    from cjm_assistant.domain import edits as ed

    journey = bakery_map.model_copy(deep=True)
    stage = journey.stages[1]
    stage.name, stage.goal, stage.provenance = old, old_goal, "inferred"
    after = ed.apply(journey, [ed.RenameStage(stage=old, name=new, provenance="user")])
    renamed = _stage(after, new)
    assert renamed.goal == goal
    assert renamed.provenance == "inferred"  # its goal and content are still the assistant's guesses
    md = to_markdown(after)
    assert goal in md and old_goal not in md


def test_a_renamed_stage_keeps_a_goal_that_does_not_repeat_its_old_name(bakery_map):
    from cjm_assistant.domain import edits as ed

    journey = bakery_map.model_copy(deep=True)
    stage = journey.stages[1]
    stage.name, stage.goal = "Find a van", "Know what happens next"
    after = ed.apply(journey, [ed.RenameStage(stage="Find a van", name="Find a groomer", provenance="user")])
    assert _stage(after, "Find a groomer").goal == "Know what happens next"


def test_renaming_a_drafted_stage_in_words_rebuilds_its_goal(new_map, capsys):
    from cjm_assistant import cli

    data = new_map(**_BASE, journey="a first paddle")
    stage = next(s for s in data["stages"] if s["name"].casefold() in s["goal"].casefold()
                 and s["provenance"] == "inferred")
    new = "Paddle off"
    assert cli.main(["refine", "--yes", f"rename {stage['name']} to {new}"]) == 0
    capsys.readouterr()
    assert cli.main(["export", "-f", "json"]) == 0
    import json
    after = next(s for s in json.loads(capsys.readouterr().out)["stages"] if s["name"] == new)
    assert stage["name"].casefold() not in after["goal"].casefold(), after["goal"]
    assert new.casefold() in after["goal"].casefold(), after["goal"]
    assert after["provenance"] == "inferred"


def _refine(capsys, *args: str) -> str:
    from cjm_assistant import cli

    capsys.readouterr()
    code = cli.main(["refine", "--yes", *args])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out + out.err


def _show(capsys, ref: str) -> str:
    from cjm_assistant import cli

    capsys.readouterr()
    assert cli.main(["show", ref]) == 0
    return capsys.readouterr().out


def test_a_renamed_map_is_still_found_by_its_business_name(new_map, capsys):
    new_map(**_BASE, journey="a first paddle for a new family")
    _refine(capsys, "tidewell", "rename the map to First paddle for a family")
    _refine(capsys, "tidewell", "rename the map to Family paddles")  # by the business name, after a rename
    _refine(capsys, "Tidewell Kayaks", "rename the map to Family paddle days")
    assert _show(capsys, "tidewell").startswith("# Family paddle days")


def test_the_scope_line_follows_a_map_rename(new_map, capsys):
    new_map(**_BASE, journey="a first paddle for a new family")
    _refine(capsys, "tidewell", "rename the map to Tidewell Kayaks: family paddle days")
    md = _show(capsys, "tidewell")
    summary = md.split("\n\n")[1]
    assert summary.endswith(": family paddle days."), summary
    _refine(capsys, "tidewell", "rename the map to Booking a family trip")
    summary = _show(capsys, "tidewell").split("\n\n")[1]
    assert summary.endswith(": booking a family trip."), summary
    assert "first paddle" not in summary


def _all_examples(*answers: str) -> list[tuple[str, str]]:
    """Every "For example" the interview shows after the owner has said what the business is and sells."""
    from cjm_assistant.engines.playbook import PlaybookEngine
    from cjm_assistant.interview import Interview

    interview = Interview(PlaybookEngine())
    for text in answers:
        interview.answer(text)
        if interview.state.follow_up:
            interview.answer("skip")
    shown = []
    for _ in range(30):
        if interview.question is None:
            break
        key, prompt = interview.question.key, interview.prompt()
        if "For example:" in prompt:
            shown.append((key, prompt.split("For example:")[1].strip(" *")))
        interview.answer("Jo, a regular" if key == "persona_name" else "no" if key == "more_personas" else "skip")
        if interview.state.follow_up:
            interview.answer("skip")
    return shown


#: Goods and trades that no example may bring to a business that never named them.
_OTHER_TRADES = ("plant", "houseplant", "pots", "care kit", "flat", "mailer", "tape", "boxes", "drill", "ladder",
                 "tool", "physio", "massage", "cake", "flower", "online shop", "web shop", "york", "sizes")


@pytest.mark.parametrize("answers", [
    ("Dawn Loaf, we bake bread overnight and supply 30 cafes on account, plus a market stall",
     "loaves and pastries, standing orders delivered by 6am, invoiced monthly",
     "both, B2B cafes and B2C shoppers at the market"),
    ("Bean There, a coffee roaster supplying offices and cafes", "roasted beans on a monthly contract",
     "B2B: cafes and offices"),
    ("Hopworks, a small brewery selling casks to pubs", "cask and keg beer", "B2B: pubs and bars"),
    ("Muddy Boots Farm, we grow veg and sell weekly veg boxes", "veg delivered on Fridays", "B2C: local families"),
    ("Suds and Co, handmade soap sold online", "soap bars and gift sets", "B2C: gift buyers"),
    ("Lendly, an app where neighbours rent out their garden gear", "rentals between neighbours, we take 10%",
     "two sides: owners and renters"),
], ids=["wholesale-bakery", "roaster", "brewery", "veg-farm", "soap-maker", "two-sided"])
def test_examples_in_questions_fit_the_business_being_mapped(answers):
    said = " ".join(answers).casefold()
    shown = _all_examples(*answers)
    assert len(shown) >= 8, shown
    for key, example in shown:
        for trade in _OTHER_TRADES:
            if trade not in said:
                assert not re.search(rf"\b{trade}", example.casefold()), (key, trade, example)
