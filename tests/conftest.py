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
from hypothesis import HealthCheck, settings

# litellm reads this when it is first imported, which may happen while tests
# are being collected, before any fixture runs.
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
# Log files land under the XDG state folder, and litellm's log path is fixed
# at its first import: point it into a throwaway folder for the whole run.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="cjm-test-state-")

# Hypothesis keeps its example database and caches in the temporary folder, not in the checkout.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "cjm-assistant-hypothesis"))
# Property tests: a quick "dev" profile by default, a thorough one for a nightly-style run
# (HYPOTHESIS_PROFILE=nightly). The properties are the same; only the number of examples differs.
# No deadline and no too-slow check: timings on a busy 2-core machine say nothing about the code.
# The default run is derandomized (the same examples every run, as Hypothesis's own CI profile does), so the
# suite's verdict on a commit does not depend on luck; the nightly run draws new examples each time to find
# what the fixed ones miss, and each find becomes an example in the test.
settings.register_profile("dev", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          print_blob=True, derandomize=True)
settings.register_profile("nightly", settings.get_profile("dev"), max_examples=1000, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

from cjm_assistant.domain.model import JourneyMap  # noqa: E402
from tests.support.bakery import BAKERY  # noqa: E402
from tests.support.scripted_server import ScriptedServer  # noqa: E402


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
    """A scripted OpenAI-compatible server on 127.0.0.1 (see tests/support/scripted_server.py)."""
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


@pytest.fixture(scope="session")
def warm_litellm():
    """Import litellm and do its first-call work once, so that timings in tests measure calls.

    Not autouse: some tests check that litellm is *not* imported. A module that wants it
    says ``pytestmark = pytest.mark.usefixtures("warm_litellm")``.
    """
    from cjm_assistant.engines.llm.runtime import warm_up

    warm_up()


@pytest.fixture
def bakery_data():
    """The bakery map as plain JSON-like data (a fresh copy per test)."""
    import copy

    return copy.deepcopy(BAKERY)


@pytest.fixture
def bakery_map(bakery_data):
    """A small, realistic map: a bakery's custom-cake journey in five stages."""
    return JourneyMap.model_validate(bakery_data)


def answers_toml(answers: dict) -> str:
    """An answers file (``cjm new --answers``) for ``answers``: plain keys, then each of ``personas`` as a table."""
    import json

    lines = []
    personas = answers.pop("personas", [])
    if isinstance(personas, str):  # a persona told in words: a plain key too
        answers["personas"], personas = personas, []
    for key, value in answers.items():
        lines.append(f"{key} = {json.dumps(value)}")
    for persona in personas:
        lines.append("[[personas]]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in persona.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture
def new_map(capsys, tmp_path):
    """Draft a map from answers with the CLI (``cjm new --answers``) and return its JSON export."""
    import json

    from cjm_assistant import cli

    def run(**answers) -> dict:
        path = tmp_path / "answers.toml"
        path.write_text(answers_toml(dict(answers)), encoding="utf-8")
        capsys.readouterr()
        assert cli.main(["new", "--answers", str(path)]) == 0
        map_id = capsys.readouterr().out.strip().splitlines()[-1]
        assert cli.main(["export", map_id, "-f", "json"]) == 0
        return json.loads(capsys.readouterr().out)

    return run
