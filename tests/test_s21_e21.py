"""Session 21, e21: evidence on rows nobody tuned for (stage and sentiment), and two small ones: a stated pain
point "Hard to find a free slot" is no catalogue problem of being found online, and `evidence --list --why` shows
the threshold that placed each row (a model's rows are placed at the model's threshold, not the offline one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.support.llm import Reply

from cjm_assistant.cli import main
from cjm_assistant.evidence.match import PLACE_AT, place_threshold
from cjm_assistant.evidence.phases import linked_entries
from cjm_assistant.evidence.placement import stated_pain_families
from cjm_assistant.session.maps import read_map_file

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "dev" / "evidence"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- a free slot hard to find is no business hard to find online ----------------------------------------------

def _yoga_with(name: str, description: str = ""):
    journey = read_map_file(DEV / "yoga-studio.map.json")
    pp = next(pp for _, pp in journey.pain_points())
    pp.name, pp.description, pp.provenance = name, description, "user"
    return journey, pp.id


@pytest.mark.parametrize("name", ["Hard to find a free slot", "Hard to find a free slot for the evening class",
                                  "Difficult to find a parking space nearby"])
def test_a_thing_hard_to_find_is_not_the_catalogue_problem_of_being_found_online(name):
    journey, pp = _yoga_with(name, "Evening classes are always full")
    assert linked_entries(journey).get(pp) != "hard-to-find"
    assert "seo" not in stated_pain_families(journey).get(pp, ())  # no row about Google backs it


def test_a_free_slot_hard_to_find_is_the_catalogue_problem_of_no_free_slots():
    journey, pp = _yoga_with("Hard to find a free slot")
    assert linked_entries(journey).get(pp) == "no-availability"


@pytest.mark.parametrize("name", ["Hard to find online", "Hard to find us on Google", "We are hard to find online"])
def test_the_business_hard_to_find_online_still_is(name):
    journey, pp = _yoga_with(name)
    assert linked_entries(journey).get(pp) == "hard-to-find"


# -- --list --why: the threshold that placed each row ---------------------------------------------------------

@pytest.mark.usefixtures("fake_key")
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_why_shows_the_model_threshold_for_rows_the_model_placed(capsys, server, tmp_path):
    db = tmp_path / "e.db"
    code, out, err = run(capsys, "--db", str(db), "import", str(DEV / "salon.map.json"))
    assert code == 0, err
    map_id = out.strip().splitlines()[-1].strip()
    path = tmp_path / "f.csv"
    path.write_text("comment\n\"Waited forty minutes past my appointment time\"\n", encoding="utf-8")
    part = {"text": "Waited forty minutes past my appointment time", "sentiment": "negative", "stage": "st3",
            "pain_point": None, "confidence": 0.3}  # placed by the model (0.3 >= its 0.2), under the offline 0.375
    server.responder = lambda body: Reply.json({"items": [{"i": 0, "parts": [part]}]})
    code, out, err = run(capsys, "--db", str(db), "--model", "openai/any", "--api-base", server.base_url,
                         "evidence", map_id, str(path), "--yes")
    assert code == 0, err

    code, out, err = run(capsys, "--db", str(db), "evidence", map_id, "--list", "--why")

    assert code == 0, err
    assert PLACE_AT < place_threshold()  # the two differ, or this test shows nothing
    line = next(x for x in out.splitlines() if "f.csv:" in x)
    assert f"confidence 0.30 (threshold {PLACE_AT:g}" in line, out
    assert f"{place_threshold():g}" not in line
    head = out.splitlines()[0]
    assert f"confidence is {PLACE_AT:g} or more" in head, head  # the only rows stored are the model's


def test_why_shows_the_offline_threshold_for_rows_matched_offline(capsys, tmp_path):
    db = tmp_path / "e.db"
    code, out, err = run(capsys, "--db", str(db), "import", str(DEV / "salon.map.json"))
    map_id = out.strip().splitlines()[-1].strip()
    path = tmp_path / "f.csv"
    path.write_text("comment\n\"Waited forty minutes past my appointment time, nobody said sorry\"\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", str(db), "--engine", "playbook", "evidence", map_id, str(path), "--yes")
    assert code == 0, err

    code, out, err = run(capsys, "--db", str(db), "evidence", map_id, "--list", "--why")

    line = next(x for x in out.splitlines() if "f.csv:" in x)
    assert f"(threshold {place_threshold():g})" in line, out
    assert f"confidence is {place_threshold():g} or more" in out.splitlines()[0]
