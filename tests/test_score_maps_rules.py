"""The map scorer's rules (bench/score_maps.py), on hand-built maps: what each check passes and fails."""
import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location("score_maps", Path(__file__).parent.parent / "bench" / "score_maps.py")
score_maps = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(score_maps)

EXPECT = {"stated": [{"text": "the car park is locked after 9", "keywords": ["car park"], "stages": ["arriv", "visit"],
                      "fix": ["open", "sign"]}]}


def _map(stage_pps=(), unplaced=(), stage="Arriving"):
    pp = lambda i, name: {"id": i, "name": name, "provenance": "user"}
    return {"stages": [{"id": "s1", "name": stage, "goal": "", "actions": [],
                        "pain_points": [pp(i, n) for i, n in stage_pps], "opportunities": []}],
            "unplaced": [pp(i, n) for i, n in unplaced]}


def _by(checks):
    return {c["criterion"]: c for c in checks}


def test_a_stated_problem_kept_under_not_yet_placed_counts_as_stated_but_not_on_a_stage():
    checks = _by(score_maps.score(EXPECT, _map(unplaced=[("pp1", "Car park is locked after 9")]), "", set()))
    assert checks["stated"]["ok"] and checks["stated"]["unplaced"]
    assert not checks["stage"]["ok"] and "Not yet placed" in checks["stage"]["reason"]
    assert not checks["fix"]["ok"]


def test_a_stated_problem_on_a_fitting_stage_passes_stated_and_stage():
    checks = _by(score_maps.score(EXPECT, _map(stage_pps=[("pp1", "Car park is locked after 9")]), "", set()))
    assert checks["stated"]["ok"] and not checks["stated"]["unplaced"]
    assert checks["stage"]["ok"]


@pytest.mark.parametrize("stage", ["Paying", "Booking"])
def test_a_stated_problem_on_an_unfitting_stage_fails_the_stage_check(stage):
    checks = _by(score_maps.score(EXPECT, _map(stage_pps=[("pp1", "Car park is locked after 9")], stage=stage), "", set()))
    assert checks["stated"]["ok"] and not checks["stage"]["ok"]
    assert stage in checks["stage"]["reason"]


def test_a_missing_problem_fails_stated_and_stage():
    checks = _by(score_maps.score(EXPECT, _map(stage_pps=[("pp1", "Parking fees")]), "", set()))
    assert not checks["stated"]["ok"] and checks["stage"]["reason"] == "no matching pain point"


def test_the_report_counts_unplaced_and_prints_the_total_under_the_old_rule(capsys):
    result = {"set": "t", "path": "t", "cases": [
        {"name": "c", "error": None,
         "checks": score_maps.score(EXPECT, _map(unplaced=[("pp1", "Car park is locked after 9")]), "", set())}]}
    score_maps.report(result)
    out = capsys.readouterr().out
    assert result["unplaced"] == 1
    assert "unplaced: 1 stated problem(s)" in out and "would be 0/3" in out
