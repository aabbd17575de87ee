"""Settings from flags, the environment and config.toml; engine choice; cjm doctor."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from cjm_assistant.config import ConfigError, Settings, config_path, engine_for, load_settings
from cjm_assistant.doctor import doctor
from tests.support.scripted_server import Reply, ScriptedServer

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path):
    for name in ("CJM_MODEL", "CJM_API_BASE", "CJM_CONFIG", "OPENAI_API_KEY", "ANTHROPIC_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_with_nothing_configured():
    settings = load_settings()
    assert settings.model is None and settings.api_base is None
    assert (settings.temperature, settings.timeout, settings.max_retries) == (0.2, 60, 2)


def test_the_config_file_lives_in_the_user_config_folder(tmp_path):
    assert config_path().name == "config.toml"
    assert "cjm-assistant" in str(config_path())


def test_file_then_env_then_flag(monkeypatch):
    write_config('model = "openai/gpt-4o-mini"\napi_base = "http://file:1/v1"\ntimeout = 5\nmax_retries = 0\n')
    settings = load_settings()
    assert (settings.model, settings.api_base, settings.timeout, settings.max_retries) == (
        "openai/gpt-4o-mini", "http://file:1/v1", 5, 0)
    assert settings.origin["model"] == "file"

    monkeypatch.setenv("CJM_MODEL", "anthropic/claude-3-5-haiku-latest")
    monkeypatch.setenv("CJM_API_BASE", "http://env:2/v1")
    settings = load_settings()
    assert (settings.model, settings.api_base) == ("anthropic/claude-3-5-haiku-latest", "http://env:2/v1")
    assert settings.origin["model"] == "env"

    settings = load_settings(model="ollama/llama3", api_base="http://flag:3")
    assert (settings.model, settings.api_base, settings.timeout) == ("ollama/llama3", "http://flag:3", 5)
    assert settings.origin["model"] == "flag"


def test_an_empty_env_value_means_not_set(monkeypatch):
    monkeypatch.setenv("CJM_MODEL", "  ")
    assert load_settings().model is None


def test_cjm_config_points_at_another_file(monkeypatch, tmp_path):
    other = tmp_path / "elsewhere.toml"
    other.write_text('model = "openai/gpt-4o"\n', encoding="utf-8")
    monkeypatch.setenv("CJM_CONFIG", str(other))
    assert load_settings().model == "openai/gpt-4o"
    assert load_settings(config_file=other).config_path == other

    monkeypatch.setenv("CJM_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings()


@pytest.mark.parametrize("text, word", [
    ('model = "openai/gpt-4o"\napi_key = "sk-live-123"\n', "api_key"),
    ('[openai]\napi_key = "sk-live-123"\n', "openai.api_key"),
    ('OPENAI_API_KEY = "sk-live-123"\n', "OPENAI_API_KEY"),
    ('token = "abc"\n', "token"),
])
def test_a_key_in_the_config_file_is_refused(text, word):
    write_config(text)
    with pytest.raises(ConfigError) as info:
        load_settings()
    message = str(info.value)
    assert f"`{word}`" in message
    assert "never reads API keys from files" in message
    assert "export OPENAI_API_KEY=" in message
    assert "sk-live-123" not in message


def test_a_bad_file_gets_a_clear_message():
    path = write_config('model = "openai/gpt-4o\n')
    with pytest.raises(ConfigError, match="is not valid TOML") as info:
        load_settings()
    assert str(path) in str(info.value)

    write_config('model = "x"\nmodle = "y"\n')
    with pytest.raises(ConfigError, match="unknown setting.*modle"):
        load_settings()

    write_config('temperature = "hot"\n')
    with pytest.raises(ConfigError, match="temperature"):
        load_settings()


def test_settings_do_not_carry_keys():
    assert not any("key" in name for name in Settings.model_fields)


# -- choosing the engine ----------------------------------------------------------------


def test_a_model_gives_the_llm_engine():
    engine = engine_for(Settings(model="openai/gpt-4o-mini"))
    assert engine.name == "llm:openai/gpt-4o-mini"
    assert type(engine).__name__ == "LLMEngine"


def _has_playbook() -> bool:
    try:
        return hasattr(importlib.import_module("cjm_assistant.engines.playbook"), "PlaybookEngine")
    except ImportError:
        return False


@pytest.mark.skipif(not _has_playbook(), reason="the playbook engine is not there yet")
def test_no_model_gives_the_playbook_engine():
    engine = engine_for(Settings())
    assert type(engine).__name__ == "PlaybookEngine"


# -- cjm doctor ---------------------------------------------------------------------------------


def by_name(checks):
    return {c.name: c for c in checks}


def test_doctor_without_a_model_explains_the_playbook():
    checks = by_name(doctor(Settings()))
    assert set(checks) == {"config", "model"}
    assert checks["model"].ok and checks["model"].warning
    assert "offline playbook engine" in checks["model"].sentence
    assert "--model" in checks["model"].sentence and "CJM_MODEL" in checks["model"].sentence


def test_doctor_names_a_missing_key_and_skips_the_call():
    checks = by_name(doctor(Settings(model="openai/gpt-4o-mini")))
    assert checks["model known"].ok and "litellm knows openai/gpt-4o-mini" in checks["model known"].sentence
    assert not checks["key"].ok
    assert checks["key"].sentence.startswith("OPENAI_API_KEY is not set; export OPENAI_API_KEY=...")
    assert not checks["endpoint"].ok and "Skipped" in checks["endpoint"].sentence


def test_doctor_against_a_working_local_server(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real")
    with ScriptedServer() as server:
        server.script(Reply.json({"answer": "ok"}))
        checks = doctor(Settings(model="openai/any", api_base=server.base_url))
        assert server.requests[0]["max_tokens"] == 48
        assert server.requests[0]["response_format"]["type"] == "json_schema"
    named = by_name(checks)
    assert all(c.ok for c in checks), checks
    assert named["model known"].warning and "local or custom server" in named["model known"].sentence
    assert named["key"].sentence.startswith("The key for openai is set")
    assert named["endpoint"].sentence.startswith("The model answered a test call in")
    assert named["structured output"].sentence.startswith("Structured output works with json_schema")
    assert "sk-test-not-real" not in repr(checks)


def test_doctor_negotiates_the_format_with_a_llama_cpp_server_and_remembers_it(monkeypatch, tmp_path):
    from cjm_assistant.store import Store

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    store = Store.open(tmp_path / "cjm.db")
    with ScriptedServer() as server:
        server.like_llama_cpp().script(Reply.json({"answer": "ok"}))
        checks = by_name(doctor(Settings(model="openai/any", api_base=server.base_url), store=store))
        assert server.requests[1]["response_format"]["type"] == "json_object"
        assert server.request_headers[1]["authorization"] == "Bearer sk-no-key-needed"
    assert all(c.ok for c in checks.values()), checks
    # No key is fine for a server of the user's own, and the advice agrees with the call that followed.
    assert checks["key"].warning and "needs no real key, so cjm sends a placeholder" in checks["key"].sentence
    assert checks["structured output"].sentence == (
        "Structured output works with json_object with the schema (json_schema refused by the server); cjm "
        "remembers it for this model and server.")
    assert store.model_format("openai/any", server.base_url) == "json_object_schema"
    store.close()


def test_doctor_says_when_the_model_cannot_reply_in_json(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real")
    with ScriptedServer() as server:
        server.script(Reply('"http://api.openweathermap.org/us/breeze?location=Bang', finish_reason="length"))
        checks = by_name(doctor(Settings(model="openai/any", api_base=server.base_url)))
    assert checks["endpoint"].ok
    assert not checks["structured output"].ok
    assert "replied with something else" in checks["structured output"].sentence
    assert "--model" in checks["structured output"].sentence


def test_doctor_diagnoses_an_address_without_v1(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real")
    with ScriptedServer() as server:
        server.v1_only = True
        base = server.base_url.removesuffix("/v1")
        checks = by_name(doctor(Settings(model="openai/any", api_base=base)))
    assert checks["address"].warning and f"try --api-base {base}/v1" in checks["address"].sentence
    assert not checks["endpoint"].ok
    assert checks["endpoint"].sentence.startswith(f"The server at {base} answered 404 (not found)")
    assert "unknown model" not in checks["endpoint"].sentence and "does not know the model" not in \
        checks["endpoint"].sentence


def test_max_tokens_and_deadline_from_the_file_and_flags(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('deadline = 120\n[max_tokens]\nstage = 700\n', encoding="utf-8")
    settings = load_settings(config_file=path)
    assert settings.deadline == 120 and settings.max_tokens == {"stage": 700}
    flags = load_settings(config_file=path, deadline=30, max_tokens=500)
    # The flag caps every kind, the kinds the file names too (flags > file); a lower cap in the file still holds.
    assert flags.deadline == 30 and flags.max_tokens == {"all": 500}
    assert load_settings(config_file=path, max_tokens=900).max_tokens == {"stage": 700, "all": 900}
    path.write_text("max_tokens = 800\n", encoding="utf-8")
    assert load_settings(config_file=path).max_tokens == {"all": 800}
    path.write_text("[max_tokens]\nessay = 10\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="max_tokens"):
        load_settings(config_file=path)


def test_max_tokens_per_kind_of_call():
    from cjm_assistant.engines.llm.runtime import max_tokens_for

    local = Settings(model="openai/any")
    assert (max_tokens_for(local, "skeleton"), max_tokens_for(local, "stage"), max_tokens_for(local, "edits")) == \
        (300, 900, 1024)
    known = Settings(model="openai/gpt-4o-mini")  # litellm knows it writes up to 16,384 tokens
    assert max_tokens_for(known, "map") == 16_384 and max_tokens_for(known, "stage") == 2048
    capped = Settings(model="openai/gpt-4o-mini", max_tokens={"all": 1000, "stage": 600})
    assert max_tokens_for(capped, "stage") == 600 and max_tokens_for(capped, "map") == 1000


def test_doctor_says_what_to_do_when_the_endpoint_fails(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real")
    with ScriptedServer() as server:
        server.script(Reply.unauthorized())
        checks = by_name(doctor(Settings(model="openai/any", api_base=server.base_url)))
    assert not checks["endpoint"].ok
    assert checks["endpoint"].sentence.startswith("The provider refused the API key (401).")


def test_doctor_an_unknown_provider():
    checks = by_name(doctor(Settings(model="not-a-provider-model")))
    assert not checks["provider"].ok
    assert "write it as provider/model" in checks["provider"].sentence


def test_doctor_without_network_makes_no_call(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real")
    checks = by_name(doctor(Settings(model="openai/gpt-4o-mini"), reach=False))
    assert "endpoint" not in checks and checks["key"].ok
