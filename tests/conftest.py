"""Shared fixtures.

Every test runs with ``CJM_DB`` and the XDG data and config folders pointing
into its own temporary folder, so no test reads or writes the user's real data
or config, and with litellm's bundled model cost map so nothing is fetched
from the network.
"""

from __future__ import annotations

import os
import tempfile

import pytest

# litellm reads this when it is first imported, which may happen while tests
# are being collected, before any fixture runs.
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
# Log files land under the XDG state folder, and litellm's log path is fixed
# at its first import: point it into a throwaway folder for the whole run.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="cjm-test-state-")

from cjm_assistant.domain.model import JourneyMap  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory, monkeypatch):
    """Keep every test away from the user's data and config folders."""
    home = tmp_path_factory.mktemp("cjm-home")
    monkeypatch.setenv("CJM_DB", str(home / "cjm.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")


FAKE_KEY = "sk-test-not-real"


@pytest.fixture
def server():
    """A scripted OpenAI-compatible server on 127.0.0.1 (see scripted_server.py)."""
    from scripted_server import ScriptedServer

    with ScriptedServer() as srv:
        yield srv


@pytest.fixture
def fake_key(monkeypatch):
    """A provider key in the environment, as a user would export it; never a real one."""
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    return FAKE_KEY


@pytest.fixture
def tmp_db(tmp_path):
    """A path for a fresh SQLite file (not created yet)."""
    return tmp_path / "cjm.db"


# Ids are given for the touchpoints and pain points (other items refer to
# them) and left out everywhere else, so the map validator assigns them:
# pe1; ch1-ch3; st1-st5; ac1-ac2; th1-th2; op1-op3; kp1-kp3; tr1.
BAKERY = {
    "title": "Ordering a birthday cake",
    "kind": "current",
    "scope": "first online order of a custom cake",
    "business": {
        "name": "Sweet Crumbs",
        "description": "A small neighbourhood bakery that makes custom cakes.",
        "industry": "Food",
        "offering": "Custom celebration cakes, delivered",
        "business_model": "B2C",
        "goals": ["More repeat orders"],
    },
    "personas": [
        {
            "name": "Maya",
            "summary": "A busy parent planning a child's party.",
            "goals": ["A cake that matches the party theme"],
            "frustrations": ["Hidden costs"],
            "channels": ["Instagram", "WhatsApp"],
            "quote": "I just want to know what it costs.",
        }
    ],
    "channels": [
        {"name": "Instagram", "kind": "social"},
        {"name": "Website", "kind": "web"},
        {"name": "WhatsApp", "kind": "messaging"},
    ],
    "stages": [
        {
            "name": "Discover",
            "goal": "find a bakery that can make the cake",
            "emotion": 1,
            "actions": [{"text": "scrolls cake photos"}],
            "touchpoints": [{"id": "tp1", "name": "Instagram post", "channel": "Instagram", "team": "Marketing"}],
            "thoughts": [{"text": "Can they do a unicorn cake?"}],
            "pain_points": [{"id": "pp1", "name": "no prices on Instagram", "severity": 2, "touchpoint": "tp1"}],
            "opportunities": [
                {"name": "Show prices upfront", "addresses": ["pp1"], "impact": "high", "effort": "low"}
            ],
            "kpis": [{"name": "Profile visits", "target": "500 a week"}],
        },
        {
            "name": "Consider",
            "emotion": 0,
            "touchpoints": [
                {"id": "tp2", "name": "Menu page", "channel": "Website"},
                {"id": "tp3", "name": "Instagram DM", "channel": "Instagram"},
                {"id": "tp4", "name": "WhatsApp chat", "channel": "WhatsApp", "team": "Sales"},
            ],
            "pain_points": [{"id": "pp2", "name": "slow replies", "severity": 3, "touchpoint": "tp4"}],
            "opportunities": [{"name": "Quick-reply templates", "addresses": ["pp2"]}],
        },
        {
            "name": "Checkout",
            "goal": "pay without surprises",
            "emotion": -1,
            "touchpoints": [
                {"id": "tp5", "name": "Cart page", "channel": "Website"},
                {"id": "tp6", "name": "Order form", "channel": "Website"},
            ],
            "pain_points": [
                {"id": "pp3", "name": "delivery fee shown late", "severity": 3, "touchpoint": "tp5",
                 "evidence": ["'I only saw the fee at the end'"], "mentions": 4}
            ],
            "opportunities": [
                {"name": "Fee calculator on cart", "addresses": ["pp3"], "impact": "high", "effort": "medium"}
            ],
            "kpis": [{"name": "Checkout completion", "target": "80%", "current": "62%"}],
        },
        {
            "name": "Delivery",
            "emotion": 0,
            # The same name as a Consider touchpoint: a name alone is ambiguous.
            "touchpoints": [{"id": "tp7", "name": "WhatsApp chat", "channel": "WhatsApp"}],
            "thoughts": [{"text": "Will it arrive on time?"}],
            "pain_points": [{"id": "pp4", "name": "no delivery window", "severity": 2}],
        },
        {
            "name": "After",
            "emotion": 1,
            "actions": [{"text": "posts a photo of the cake"}],
            "touchpoints": [{"id": "tp8", "name": "Review request", "channel": "WhatsApp"}],
            "kpis": [{"name": "Repeat orders", "target": "30%"}],
        },
    ],
    "transitions": [{"source": "tp5", "target": "tp6", "kind": "next", "label": "continue to order form"}],
}


@pytest.fixture
def bakery_data():
    """The bakery map as plain JSON-like data (a fresh copy per test)."""
    import copy

    return copy.deepcopy(BAKERY)


@pytest.fixture
def bakery_map(bakery_data):
    """A small, realistic map: a bakery's custom-cake journey in five stages."""
    return JourneyMap.model_validate(bakery_data)
