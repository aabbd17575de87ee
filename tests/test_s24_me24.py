"""Session 24: a stated problem nothing else answers gets the fix practitioners propose for its kind.

The kind model (cjm_assistant/knowledge/fix_kinds.py) is counted on labelled problems in tests/dev/fixes; the
sentences below were written for these tests, not taken from those files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from cjm_assistant.knowledge import fix_kinds

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("problem", "kind", "words"), [
    ("people book and then just dont turn up", "no-show", "reminder"),
    ("we are always chasing clients to pay the invoice", "paid-late", "payment link"),
    ("cant find the entrance from the car park", "hard-to-find", "directions"),
    ("nobody answers the phone when they ring us on a saturday", "missed-calls", "call-back"),
    ("our card machine only takes cash lol", "payment-hassle", "card"),
    ("they dont understand the difference between the two plans", "confusing-info", "plain words"),
    ("the van broke down twice last month so we cancelled jobs", "cancelled-by-us", "new date"),
])
def test_an_owners_problem_is_read_as_its_kind_and_gets_that_kinds_fix(problem, kind, words):
    assert fix_kinds.classify(problem)[0] == kind
    fix = fix_kinds.kind_fix(problem)
    assert fix is not None and words in fix.name.lower()
    assert fix.rule == f"kind:{kind}"


@pytest.mark.parametrize("problem", [
    "the council changed the bin day",
    "my accountant retired this year",  # not a customer's problem at all
])
def test_a_problem_the_model_is_not_sure_of_gets_no_kind_fix(problem):
    assert fix_kinds.kind_fix(problem) is None


def test_no_model_file_means_no_kind_fix(monkeypatch, tmp_path):
    monkeypatch.setattr(fix_kinds, "MODEL", tmp_path / "missing.json")
    fix_kinds.model.cache_clear()
    try:
        assert fix_kinds.kind_fix("people book and then just dont turn up") is None
    finally:
        fix_kinds.model.cache_clear()


def test_the_model_file_is_what_the_fitter_counts_on_the_tuning_files():
    """A stale fix_kinds.json (tuning files or kinds changed, model not refitted) fails here."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import fit_fix_kinds as fitter
    finally:
        sys.path.remove(str(ROOT / "bench"))
    written = json.loads(fix_kinds.MODEL.read_text(encoding="utf-8"))
    problems = fitter.load(fitter.TUNING)
    fresh = fitter.fit(problems, [*fix_kinds.kinds(), fix_kinds.NONE], written["alpha"])
    assert fresh["counts"] == written["counts"] and fresh["docs"] == written["docs"]
    assert written["fitted"]["problems"] == len(problems)
    assert {p["kind"] for p in problems} <= {*fix_kinds.kinds(), fix_kinds.NONE}


def test_every_kind_names_no_trade():
    trades = ("salon", "garage", "clinic", "dentist", "bakery", "cafe", "restaurant", "gym", "plumber", "vet")
    for kind in fix_kinds.kinds().values():
        text = f"{kind.fix} {kind.detail}".lower()
        assert not any(t in text for t in trades), kind.key


AQUATICS = {
    "business": "Brightwater Aquatics, a tropical fish shop in Hull",
    "kind": "current",
    "problems": "the waiting room is freezing in winter; rents keep going up on the high street",
}


def test_a_stated_problem_no_rule_answers_gets_its_kinds_fix_in_the_map_and_the_markdown(capsys, tmp_path):
    from tests.support.a23 import export, journey_json, new

    map_id = new(capsys, tmp_path, AQUATICS)
    journey = journey_json(capsys, map_id)
    cold = next(pp for s in journey["stages"] for pp in s["pain_points"] if "freezing" in pp["name"].lower())
    fixes = [o for s in journey["stages"] for o in s["opportunities"] if cold["id"] in o["addresses"]]
    assert [o["name"] for o in fixes] == [fix_kinds.kinds()["facilities"].fix]
    assert fixes[0]["provenance"] == "inferred"
    assert "Answers “The waiting room is freezing in winter”" in fixes[0]["description"]
    md = export(capsys, map_id, "md")
    assert "answers The waiting room is freezing in winter" in md
