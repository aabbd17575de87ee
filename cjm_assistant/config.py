"""Settings: which model to use and how patiently, from a flag, the environment or a file.

Precedence, highest first: a command-line flag, the environment (``CJM_MODEL``,
``CJM_API_BASE``), the TOML file ``config.toml`` in the platform's config
folder (``CJM_CONFIG`` points elsewhere), the defaults below.

API keys are never read from here, stored, or logged: litellm reads them from
the provider's own variables (``OPENAI_API_KEY``, ``ANTHROPIC_API_KEY``...). A
config file with a key in it is refused, with a message saying which variable
to set instead. ``cjm doctor`` runs :func:`doctor` to say, one sentence per
check, what is missing and what to do.

Nothing here imports litellm at module import; :func:`doctor` does, when run.
"""

from __future__ import annotations

import os
import re
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

if TYPE_CHECKING:
    from cjm_assistant.engines.base import Engine

ENV_MODEL = "CJM_MODEL"
ENV_API_BASE = "CJM_API_BASE"
ENV_CONFIG = "CJM_CONFIG"

# A field whose name looks like this holds a secret; we refuse to read it.
_KEY_LIKE = re.compile(r"(^|_)(api_?key|key|keys|token|secret|password|passwd|credentials?)$", re.I)


class ConfigError(ValueError):
    """A configuration problem; ``str()`` is a sentence that says what to do."""


class Settings(BaseModel):
    """How to reach a model. ``model=None`` means: use the offline playbook engine."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str | None = Field(None, description="A litellm model string, e.g. 'openai/gpt-4o-mini' or 'ollama/llama3'.")
    api_base: str | None = Field(None, description="Base URL of the provider or an OpenAI-compatible server.")
    temperature: float = Field(0.2, ge=0, le=2)
    timeout: float = Field(60.0, gt=0, le=3600, description="Seconds to wait for a reply (per read).")
    max_retries: int = Field(2, ge=0, le=10, description="Retries after a rate limit, a server error or bad JSON.")
    # Where each value came from ('flag', 'env', 'file', 'default'), for `cjm doctor`.
    origin: dict[str, str] = Field(default_factory=dict, exclude=True, repr=False)
    config_path: Path | None = Field(None, exclude=True, repr=False)


def config_path() -> Path:
    """Where the config file is looked for: ``$CJM_CONFIG`` or the platform config folder."""
    override = os.environ.get(ENV_CONFIG, "").strip()
    if override:
        return Path(override).expanduser()
    from cjm_assistant.locations import config_dir

    return config_dir() / "config.toml"


def load_settings(
    model: str | None = None,
    api_base: str | None = None,
    config_file: str | os.PathLike[str] | None = None,
) -> Settings:
    """Settings from flags > environment > config file > defaults; ConfigError on a bad file."""
    explicit = config_file is not None or bool(os.environ.get(ENV_CONFIG, "").strip())
    path = Path(config_file).expanduser() if config_file is not None else config_path()
    data = _read_file(path, must_exist=explicit)
    origin = {key: "file" for key in data}

    for key, flag, env in (("model", model, ENV_MODEL), ("api_base", api_base, ENV_API_BASE)):
        env_value = os.environ.get(env, "").strip()
        if flag is not None and flag.strip():
            data[key], origin[key] = flag.strip(), "flag"
        elif env_value:
            data[key], origin[key] = env_value, "env"
    for key in ("model", "api_base"):
        if isinstance(data.get(key), str) and not data[key].strip():
            data.pop(key)  # an empty string means "not set"
            origin.pop(key, None)
    try:
        return Settings(**data, origin=origin, config_path=path if path.is_file() else None)
    except ValidationError as e:
        from cjm_assistant.domain.model import explain

        raise ConfigError(f"{path}: {explain(e)}") from None


def _read_file(path: Path, must_exist: bool) -> dict[str, Any]:
    try:
        if not path.is_file():
            if must_exist:
                raise ConfigError(f"the config file {path} does not exist; create it or unset {ENV_CONFIG}")
            return {}
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:  # e.g. a config folder the user may not read
        raise ConfigError(f"cannot read the config file {path} ({e.strerror or e}); check its permissions, "
                          f"or set {ENV_CONFIG} to another file") from None
    except UnicodeDecodeError as e:
        raise ConfigError(f"cannot read the config file {path}: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"the config file {path} is not valid TOML: {e}") from None
    secret = _find_key_like(data)
    if secret:
        raise ConfigError(
            f"the config file {path} contains `{secret}`; cjm never reads API keys from files. "
            "Remove it and set your provider's environment variable instead "
            "(for example: export OPENAI_API_KEY=... or ANTHROPIC_API_KEY=...)."
        )
    known = {"model", "api_base", "temperature", "timeout", "max_retries"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(
            f"the config file {path} has unknown setting(s): {', '.join(unknown)}; "
            f"known settings are {', '.join(sorted(known))}"
        )
    return dict(data)


def _find_key_like(data: Any, prefix: str = "") -> str | None:
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}{key}"
            if _KEY_LIKE.search(str(key)):
                return name
            found = _find_key_like(value, name + ".")
            if found:
                return found
    return None


OFFLINE_NAMES = ("playbook", "offline", "none")


def choose_settings(model: str | None = None, api_base: str | None = None, engine: str | None = None) -> Settings:
    """The settings for a run: ``load_settings``, then the ``--engine`` choice (playbook forces the offline engine;
    llm needs a model). The one place this rule lives, for the CLI and the TUI."""
    if engine == "playbook":  # offline: no config file or environment is read
        return Settings()
    settings = load_settings(model=model, api_base=api_base)
    if engine == "llm" and not settings.model:
        raise ConfigError("--engine llm needs a model: pass --model (e.g. openai/gpt-4o-mini) or set CJM_MODEL")
    return settings


def settings_for(current: Settings, name: str) -> Settings:
    """``current`` switched to the engine ``name``: ``playbook`` (offline) or a litellm model name."""
    if name.strip().lower() in OFFLINE_NAMES:
        return current.model_copy(update={"model": None})
    return load_settings(model=name, api_base=current.api_base)


def engine_for(settings: Settings) -> Engine:
    """The playbook engine when no model is set, else the LLM engine (both imported lazily)."""
    if not settings.model:
        from cjm_assistant.engines.playbook import PlaybookEngine

        return PlaybookEngine()
    from cjm_assistant.engines.llm import LLMEngine

    return LLMEngine(settings)


# ---------------------------------------------------------------------------
# cjm doctor


@dataclass(frozen=True)
class Check:
    """One line of ``cjm doctor``: ``ok`` False is a failure, ``warning`` a caveat."""

    name: str
    ok: bool
    sentence: str
    warning: bool = False


# Providers that normally run on the user's machine or their own server: an
# unknown model or a missing key is expected there, not an error.
_LOCAL_PROVIDERS = {"ollama", "ollama_chat", "lm_studio", "hosted_vllm", "vllm", "llamafile", "openai_like",
                    "custom_openai", "xinference", "oobabooga", "text-completion-openai"}


def doctor(settings: Settings, *, reach: bool = True) -> list[Check]:
    """Check the configuration; each failure is one sentence saying what to do.

    ``reach=False`` skips the one tiny call to the endpoint (no network).
    """
    checks: list[Check] = [_config_check(settings)]
    if not settings.model:
        checks.append(Check("model", True, (
            "No model is set, so cjm uses its offline playbook engine. To use an LLM, pass --model "
            f"(e.g. --model openai/gpt-4o-mini), set {ENV_MODEL}, or add model = \"...\" to {config_path()}."),
            warning=True))
        return checks
    origin = _origin(settings, "model")
    checks.append(Check("model", True, f"Model {settings.model}" + (f" (from the {origin})." if origin else ".")))

    from cjm_assistant.engines.llm.runtime import litellm_module

    litellm = litellm_module()
    model, api_base = settings.model, settings.api_base
    try:
        _, provider, _, _ = litellm.get_llm_provider(model=model, api_base=api_base)
    except Exception:  # noqa: BLE001 - litellm raises BadRequestError with a long message
        checks.append(Check("provider", False, (
            f"litellm cannot tell which provider serves {model!r}; write it as provider/model, "
            "e.g. openai/gpt-4o-mini, anthropic/claude-3-5-haiku-latest or ollama/llama3.")))
        return checks
    local = bool(api_base) or provider in _LOCAL_PROVIDERS
    checks.append(_model_info_check(litellm, model, provider, local))
    key_check = _key_check(litellm, model, api_base, provider, local)
    checks.append(key_check)
    if reach:
        if not key_check.ok:
            checks.append(Check("endpoint", False, "Skipped the test call: set the missing key first, then run cjm doctor again."))
        else:
            checks.append(_reach_check(settings))
    return checks


def _origin(settings: Settings, key: str) -> str:
    return {"flag": "command line", "env": "environment", "file": "config file"}.get(settings.origin.get(key, ""), "")


def _config_check(settings: Settings) -> Check:
    if settings.config_path:
        return Check("config", True, f"Read settings from {settings.config_path}.")
    return Check("config", True, f"No config file at {config_path()} (optional; flags and {ENV_MODEL} work too).")


def _model_info_check(litellm: Any, model: str, provider: str, local: bool) -> Check:
    try:
        info = litellm.get_model_info(model=model)
    except Exception:  # noqa: BLE001 - ModelNotMappedError and friends
        if local:
            return Check("model known", True, (
                f"litellm has no price or context size for {model} (normal for a local or custom server); "
                "costs will show as unknown."), warning=True)
        return Check("model known", True, (
            f"litellm does not know {model}; check the spelling against https://docs.litellm.ai/docs/providers "
            "(a very new model may still work, but costs will show as unknown)."), warning=True)
    parts = []
    if info.get("max_input_tokens"):
        parts.append(f"context {info['max_input_tokens']:,} tokens")
    cin, cout = info.get("input_cost_per_token"), info.get("output_cost_per_token")
    if cin is not None and cout is not None:
        parts.append(f"${cin * 1e6:.2f} in / ${cout * 1e6:.2f} out per million tokens")
    detail = f" ({', '.join(parts)})" if parts else ""
    return Check("model known", True, f"litellm knows {model} from {provider}{detail}.")


def _key_check(litellm: Any, model: str, api_base: str | None, provider: str, local: bool) -> Check:
    try:
        env = litellm.validate_environment(model=model, api_base=api_base)
    except Exception:  # noqa: BLE001
        return Check("key", True, f"Could not tell which key {provider} needs; the test call will show.", warning=True)
    missing = [name for name in env.get("missing_keys", []) if not name.endswith("API_BASE") or not api_base]
    if not missing:
        return Check("key", True, f"The key for {provider} is set in the environment (its value is never shown or stored).")
    names = " and ".join(missing)
    if local:
        return Check("key", True, (
            f"{names} is not set; a local or custom server usually does not need it, but if yours does, "
            f"export {missing[0]}=... in your shell."), warning=True)
    return Check("key", False, (
        f"{names} is not set; export {missing[0]}=... in your shell (cjm never stores keys), "
        "then run cjm doctor again."))


def _reach_check(settings: Settings) -> Check:
    from cjm_assistant.engines.base import EngineError
    from cjm_assistant.engines.llm.errors import to_engine_error
    from cjm_assistant.engines.llm.runtime import litellm_module, provider_of

    litellm = litellm_module()
    started = time.monotonic()
    try:
        litellm.completion(
            model=settings.model, api_base=settings.api_base,
            messages=[{"role": "user", "content": "Reply with the word ok."}],
            max_tokens=1, timeout=min(settings.timeout, 15.0), num_retries=0, max_retries=0,
        )
    except Exception as e:  # noqa: BLE001 - every failure becomes one sentence
        provider = provider_of(settings.model or "", settings.api_base)
        error = e if isinstance(e, EngineError) else to_engine_error(
            e, model=settings.model or "", api_base=settings.api_base, timeout=min(settings.timeout, 15.0),
            provider=provider)
        return Check("endpoint", False, str(error))
    return Check("endpoint", True, f"The model answered a test call in {time.monotonic() - started:.1f} s.")
