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
