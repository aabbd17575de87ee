"""A short run against a real llama.cpp server with a small model (opt-in: ``pytest -m realserver``;
deselected by default in pyproject's addopts). ``bench/real_server.py`` does the long version and starts a server if need be.

The server is looked for at ``$CJM_REAL_SERVER_URL`` (default http://127.0.0.1:8765/v1); no API key is set.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.realserver

ROOT = Path(__file__).resolve().parents[1]
URL = os.environ.get("CJM_REAL_SERVER_URL", "http://127.0.0.1:8765/v1")


@pytest.fixture(scope="module")
def url() -> str:
    try:
        urllib.request.urlopen(f"{URL}/models", timeout=3).close()
    except OSError:
        pytest.skip(f"no server answers at {URL}: start one with bench/real_server.py")
    return URL


def cjm(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "CJM_MODEL", "CJM_API_BASE")}
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    env["CJM_CONFIG"] = str(tmp_path / "none.toml")
    return subprocess.run([sys.executable, "-m", "cjm_assistant", "--db", str(tmp_path / "cjm.db"), "--model",
                           "openai/small-local", "--api-base", url, "--deadline", "180", *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=1800)


def test_doctor_finds_the_format_the_server_takes(tmp_path, url):
    result = cjm(tmp_path, url, "doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "structured output: Structured output works with" in result.stdout
    assert "needs no real key" in result.stdout


def test_a_draft_is_a_valid_map_or_one_sentence_that_says_what_to_change(tmp_path, url):
    result = cjm(tmp_path, url, "new", "--answers", str(ROOT / "examples" / "bakery.toml"))
    if result.returncode == 0:
        assert "assumed: From the interview:" in result.stdout and "assumed: From the model" in result.stdout
        assert "  model: " in result.stdout and " tokens " in result.stdout
        from cjm_assistant.store import Store

        with Store.open(tmp_path / "cjm.db") as store:
            journey = store.load(result.stdout.strip().splitlines()[-1])
            assert journey.stages and journey.business.name == "Sweet Crumbs"
    else:
        [line] = result.stderr.strip().splitlines()
        assert "Traceback" not in line and any(option in line for option in ("--model", "--deadline", "--max-tokens"))
