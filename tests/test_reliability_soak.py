"""The soak (bench/soak.py), shortened so that every CI run exercises it.

Fifteen whole sessions on one file (interview, proposal, 20 refinements, an
export), a third of them on the LLM engine against the scripted server with
10% of model calls failing at random: every session completes, no fault
loses the map or the user's words, and the file is sound at the end.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.usefixtures("warm_litellm")]
SOAK = Path(__file__).resolve().parent.parent / "bench" / "soak.py"


@pytest.fixture
def soak(monkeypatch, tmp_path):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-soak-not-real")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    spec = importlib.util.spec_from_file_location("cjm_soak", SOAK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_short_soak_completes_and_loses_nothing(soak, tmp_path):
    figures = soak.run(sessions=15, db=tmp_path / "soak.db", seed=1, llm_every=3, fault_rate=0.1, timeout=1.0)
    print(soak.report(figures))
    assert figures["errors"] == [] and figures["completed"] == 15
    assert figures["faults_lost_data"] == 0, figures["lost"]
    assert figures["llm_sessions"] == 5 and figures["model_calls"] > 150
    assert figures["faults_injected"] >= 5 and figures["faults_met"] >= 1  # faults did reach the sessions
    assert figures["integrity"] == "ok"
    assert figures["maps"] == 15 and figures["versions"] == 15 * (1 + soak.REFINEMENTS)
