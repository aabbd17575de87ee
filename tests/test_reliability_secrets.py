"""Secrets: an API key is used to call the model, and is never stored, logged, exported or shown.

A fake key is planted in the environment; the config file may not hold one;
then a whole session runs against the scripted server through the LLM engine
(interview, proposal, edits, a question, errors whose provider messages echo
the key) plus every export format and real `cjm` runs, and afterwards every
byte that was written (the database and its -wal, the data, log and config
folders, the exports) and everything printed is searched for the key.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from tests.support.export import as_text
from tests.support.reliability import EXAMPLES, cjm
from tests.support.llm import BAKERY, Reply, ScriptedServer, map_data

from cjm_assistant import cli, locations
from cjm_assistant.config import ConfigError, Settings, engine_for, load_settings
from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.engines.base import EngineError
from cjm_assistant.export import FORMATS, suggest_filename
from cjm_assistant.interview import load_answers, run_answers
from cjm_assistant.session import Session
from cjm_assistant.store import Store

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.usefixtures("warm_litellm")]

CANARY = "sk-test-SECRET-canary-123"
NEEDLES = [CANARY.encode(), b"SECRET-canary", CANARY.encode("utf-16-le")]  # the whole key, or a masked part of it


def echoing(status: int) -> Reply:
    """A provider error whose message quotes the key back, as real providers do."""
    return Reply(status=status, error={"error": {"message": f"Incorrect API key provided: {CANARY}. Bearer {CANARY}",
                                                 "type": "invalid_request_error", "param": None, "code": status}})


def leaks(roots: list[Path]) -> list[str]:
    found = []
    for root in roots:
        for path in [root] if root.is_file() else (p for p in root.rglob("*") if p.is_file()):
            data = path.read_bytes()
            found += [f"{path}: {needle!r}" for needle in NEEDLES if needle in data]
    return found


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """Every folder cjm writes to, inside the test's own folder."""
    for name, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state"),
                      ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(name, str(tmp_path / sub))
    monkeypatch.setenv("CJM_DB", str(tmp_path / "data" / "cjm.db"))
    for name in ("CJM_MODEL", "CJM_API_BASE", "CJM_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.mark.parametrize("toml", [f'model = "openai/any"\napi_key = "{CANARY}"\n',
                                  f'model = "openai/any"\n[openai]\nkey = "{CANARY}"\n',
                                  f'OPENAI_API_KEY = "{CANARY}"\n'])
def test_a_key_in_the_config_file_is_refused_without_repeating_it(home, toml):
    config = home / "config" / "cjm-assistant" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(toml)
    with pytest.raises(ConfigError, match="cjm never reads API keys from files") as caught:
        load_settings()
    assert CANARY not in str(caught.value) and "export OPENAI_API_KEY=" in str(caught.value)
    result = cjm("doctor")
    assert result.returncode == 1 and CANARY not in result.stdout + result.stderr
    assert "never reads API keys from files" in result.stderr and len(result.stderr.splitlines()) == 1


def test_without_a_key_the_error_says_which_variable_to_set(home, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    engine = engine_for(Settings(model="openai/gpt-4o-mini", max_retries=0, timeout=5))  # the provider's own API
    session = Session(Store.open(locations.db_path()), engine)
    session.start_interview()
    session.answer("Sweet Crumbs, a bakery")
    session.answer("draft")
    with pytest.raises(EngineError) as caught:
        session.draft_map()  # refused before anything is sent
    assert caught.value.kind == "auth"
    assert str(caught.value).startswith("No API key is set: export OPENAI_API_KEY=... in your shell")
    said = session.store.messages(interview=session.interview.state.id)[-1:]
    assert [(m.role, m.content[:20]) for m in said] == [("assistant", "⚠ No API key is set:")]
    session.store.close()


def test_a_server_of_your_own_needs_no_key(home, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with ScriptedServer() as server:
        server.script(Reply.json({"ops": [], "reply": "Nothing to change."}))
        engine = engine_for(Settings(model="openai/any", api_base=server.base_url, max_retries=0, timeout=5))
        engine.propose_edits(JourneyMap.model_validate(BAKERY), "looks fine")
        assert server.request_headers[0]["authorization"] == "Bearer sk-no-key-needed"  # a placeholder, not a key


def test_the_key_is_used_but_never_stored_logged_exported_or_shown(home, monkeypatch, capfd):
    monkeypatch.setenv("OPENAI_API_KEY", CANARY)
    printed = []
    with ScriptedServer() as server:
        # A model litellm knows to write long replies: the draft below comes in one reply.
        settings = Settings(model="openai/gpt-4o-mini", api_base=server.base_url, max_retries=0, timeout=5)
        session = Session(Store.open(locations.db_path()), engine_for(settings))

        # The interview, every answer through the model.
        server.default = Reply.json({"business_name": "Sweet Crumbs", "description": "a bakery selling cakes"})
        session.start_interview()
        run_answers(session.interview, load_answers((EXAMPLES / "bakery.toml").read_text()))
        server.default = None
        # A proposal, an edit and a question.
        server.script(Reply.json(map_data()))
        session.accept(session.draft_map())
        server.script(Reply.json({"ops": [{"op": "add_stage", "name": "Returns"}], "reply": "Added."}))
        session.accept(session.instruct("add a stage Returns"))
        server.script(Reply("Five stages."))
        printed.append(session.ask("how many stages?"))
        # Errors whose provider messages quote the key.
        for status in (401, 500, 400, 429, 403):
            server.script(echoing(status))
            with pytest.raises(EngineError) as caught:
                session.instruct("add a stage Refunds")
            printed.append(str(caught.value))
        # Every export format.
        exports = home / "exports"
        exports.mkdir()
        for fmt in FORMATS:
            printed.append(as_text(session.export(fmt, exports / suggest_filename(session.journey, fmt))[0]))
        map_id = session.map_id
        wal = Path(f"{locations.db_path()}-wal")
        wal_bytes = wal.read_bytes() if wal.exists() else b""
        session.store.close()

        # The real command line, with the key in its environment.
        server.script(Reply.json({"ops": [{"op": "add_stage", "name": "Refunds"}], "reply": "Added."}))
        runs = [cjm("--model", "openai/any", "--api-base", server.base_url, "refine", map_id, "add a stage Refunds"),
                *(cjm("export", map_id, "--format", fmt, "-o", str(exports / f"cli-{fmt}.txt")) for fmt in FORMATS),
                cjm("history", map_id), cjm("show", map_id)]
        # And in this process (litellm is loaded already): a question the provider refuses.
        server.script(echoing(401))
        assert cli.main(["--model", "openai/any", "--api-base", server.base_url, "ask", map_id, "what hurts?"]) == 1
        headers = list(server.request_headers)

    assert [r.returncode for r in runs] == [0] * len(runs), [r.stderr for r in runs]
    assert "Refunds" in runs[0].stdout
    # The key was really used: every request carried it, the way the provider expects it.
    assert len(headers) > 8
    assert all(h.get("authorization") == f"Bearer {CANARY}" for h in headers)

    # ...and it is nowhere else.
    captured = capfd.readouterr()
    assert "provider refused the API key (401)" in captured.err
    terminal = "\n".join([captured.out, captured.err, *printed, *(r.stdout + r.stderr for r in runs)])
    assert "SECRET-canary" not in terminal
    assert CANARY.encode() not in wal_bytes
    roots = [home / "data", home / "state", home / "config", home / "cache", exports, locations.log_dir()]
    for name in ("LiteLLM", "litellm", "httpx", "openai"):  # wherever litellm's log handler writes in this process
        roots += [Path(h.baseFilename) for h in logging.getLogger(name).handlers
                  if getattr(h, "baseFilename", None) and Path(h.baseFilename).exists()]
    assert Path(f"{locations.db_path()}").exists() and any((home / "exports").iterdir())
    assert leaks([r for r in roots if r.exists()]) == []
    assert not [k for k in os.environ if os.environ[k] == CANARY and k != "OPENAI_API_KEY"]
