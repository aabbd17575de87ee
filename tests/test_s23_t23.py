"""Session 23, t23: touchpoints and personas on two-sided maps (the outside attack's d4, d6, d7, made general).

Each test drafts a map as a user would (`cjm new --answers`) for a business unlike the attack's, and reads it back
with `cjm export`."""

from __future__ import annotations

import json

from cjm_assistant import cli

from .conftest import answers_toml

#: A two-sided boat-sharing app: owners let their boats by the day, skippers hire them. The personas' own words name
#: no side of the deal ("Owner", "Skipper", "a sailor"): the steps say whose they are.
BOATS = {
    "business": "SailShare, an app where boat owners let their yachts by the day to skippers nearby",
    "offering": "listing boats, booking by the day, insurance for each trip, we take 15%",
    "customers": "two sided: boat owners, and skippers who want a boat for a weekend",
    "journey": "owner lists a yacht, skipper finds it, books, uses it, owner gets paid",
    "kind": "current",
    "channels": "our app, email, boat shows",
    "problems": "owners wait 10 days for their money, skippers cant see the insurance excess",
    "goal": "more owners listing",
    "personas": [
        {"name": "Owner Ines", "description": "keeps a 36ft yacht at the marina and sails it in August only",
         "goals": "extra income from the yacht", "frustrations": "money takes ages", "channels": "app"},
        {"name": "Skipper Ola", "description": "a weekend sailor without a boat of her own",
         "goals": "a boat for a weekend", "frustrations": "cant tell what the insurance covers", "channels": "app"},
    ],
}


def _new(capsys, tmp_path, answers: dict) -> str:
    path = tmp_path / "answers.toml"
    path.write_text(answers_toml(json.loads(json.dumps(answers))), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["new", "--answers", str(path)]) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]


def _export(capsys, map_id: str, fmt: str, *more: str) -> str:
    assert cli.main(["export", map_id, "-f", fmt, *more]) == 0
    return capsys.readouterr().out


def _section(mermaid: str, stage: str) -> str:
    return mermaid.split(f"section {stage}", 1)[1].split("section", 1)[0]


def test_the_owners_steps_are_the_owners_and_the_skippers_the_skippers(capsys, tmp_path):
    """d7: a stage one side takes (listing, being paid; finding, booking, using what was hired) is that persona's
    only, in the Mermaid actors and in `--persona` exports; where both meet, both."""
    map_id = _new(capsys, tmp_path, BOATS)
    mermaid = _export(capsys, map_id, "mermaid")
    for stage in ("Owner lists a yacht", "Owner gets paid"):
        assert "Skipper Ola" not in _section(mermaid, stage) and "Owner Ines" in _section(mermaid, stage), mermaid
    for stage in ("Skipper finds it", "Books", "Uses it"):
        assert "Owner Ines" not in _section(mermaid, stage) and "Skipper Ola" in _section(mermaid, stage), mermaid
    ola = [s["name"] for s in json.loads(_export(capsys, map_id, "json", "--persona", "ola"))["stages"]]
    ines = [s["name"] for s in json.loads(_export(capsys, map_id, "json", "--persona", "ines"))["stages"]]
    assert "Owner gets paid" not in ola and "Owner lists a yacht" not in ola and "Books" in ola, ola
    assert "Owner gets paid" in ines and "Books" not in ines, ines


def test_a_show_the_playbook_does_not_know_is_where_customers_find_the_business(capsys, tmp_path):
    """d4: an unknown channel that is a gathering ("boat shows") gets its touchpoint where customers find the
    business, not on whichever stage had the fewest touchpoints."""
    journey = json.loads(_export(capsys, _new(capsys, tmp_path, BOATS), "json"))
    where = [s["name"] for s in journey["stages"] for tp in s["touchpoints"] if tp["channel"] == "Boat shows"]
    assert where == ["Skipper finds it"], where


def test_a_problem_is_pinned_only_to_a_touchpoint_it_is_about(capsys, tmp_path):
    """d4: a stated problem on a stage with one touchpoint is pinned to it only when its words are about it."""
    answers = dict(BOATS, journey="owner lists a yacht, skipper finds it, books, picks up the keys, uses it, "
                                  "brings it back, owner gets paid",
                   problems="skippers bring it back with the fuel tank empty, owners wait 10 days for their money")
    journey = json.loads(_export(capsys, _new(capsys, tmp_path, answers), "json"))
    back = next(s for s in journey["stages"] if s["name"] == "Brings it back")
    pain = next(pp for pp in back["pain_points"] if "fuel tank" in pp["name"])
    pinned = {tp["id"]: tp["name"] for tp in back["touchpoints"]}.get(pain["touchpoint"], "")
    assert not pinned, (pinned, back["touchpoints"])


def test_collecting_a_hired_thing_is_not_hearing_the_work_is_ready(capsys, tmp_path):
    """d6: a collection step of a business that lets things out (its keys, the hired yacht) reads as getting the
    thing, never as finished work."""
    answers = dict(BOATS, journey="owner lists a yacht, skipper finds it, books, picks up the keys, uses it, "
                                  "brings it back, owner gets paid")
    journey = json.loads(_export(capsys, _new(capsys, tmp_path, answers), "json"))
    pick = next(s for s in journey["stages"] if s["name"] == "Picks up the keys")
    text = " ".join([pick["goal"], *[a["text"] for a in pick["actions"]]]).lower()
    assert "work is ready" not in text and "finished work" not in text, text


def test_a_touchpoint_marked_for_one_persona_is_theirs_in_mermaid(capsys, tmp_path):
    """d7: on a stage both sides share, a touchpoint marked for one persona has only that persona as its actor."""
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.export.mermaid import to_mermaid

    journey = JourneyMap.model_validate(json.loads(_export(capsys, _new(capsys, tmp_path, BOATS), "json")))
    ines = next(p.id for p in journey.personas if p.name == "Owner Ines")
    shared = next(s for s in journey.stages if not s.personas and len(s.touchpoints) >= 1)
    shared.touchpoints[0].personas = [ines]
    line = next(ln for ln in to_mermaid(journey).splitlines() if ln.strip().startswith(shared.touchpoints[0].name))
    assert line.endswith(": Owner Ines"), line
