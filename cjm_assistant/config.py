"""Settings: which model to use and how patiently, from a flag, the environment or a file.

Precedence, highest first: a command-line flag, the environment (``CJM_MODEL``,
``CJM_API_BASE``), the TOML file ``config.toml`` in the platform's config
folder (``CJM_CONFIG`` points elsewhere), the defaults below.

API keys are never read from here, stored, or logged: litellm reads them from
the provider's own variables (``OPENAI_API_KEY``, ``ANTHROPIC_API_KEY``...). A
config file with a key in it is refused, with a message saying which variable
to set instead. ``cjm doctor`` runs :func:`cjm_assistant.doctor.doctor` to say,
one sentence per check, what is missing and what to do.

Nothing here imports litellm at module import.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

if TYPE_CHECKING:
    from cjm_assistant.engines.base import Engine

ENV_MODEL = "CJM_MODEL"
ENV_API_BASE = "CJM_API_BASE"
ENV_CONFIG = "CJM_CONFIG"

# Most seconds of the model's work for a command or a request (config.toml's ``deadline`` and ``--deadline`` agree on
# this range).
MIN_DEADLINE, MAX_DEADLINE = 1, 86400
# The kinds of model call whose reply length can be capped (``max_tokens`` in config.toml; "all" caps every kind).
CallKind = Literal["all", "skeleton", "stage", "map", "edits", "extract", "answer", "evidence", "check"]

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
    deadline: float = Field(1800.0, ge=MIN_DEADLINE, le=MAX_DEADLINE, allow_inf_nan=False,
                            description="Most seconds the model may work for one command line command in all, or "
                                        "for one request in the assistant (a whole draft, a change, an answer, "
                                        "an evidence import): every call, retry and wait included.")
    max_tokens: dict[CallKind, int] = Field(default_factory=dict, description=(
        "Most tokens one reply may hold, per kind of call ('all' for every kind); unset kinds use the model's "
        "known output limit, else a default per kind."))
    # Where each value came from ('flag', 'env', 'file', 'default'), for `cjm doctor`.
    origin: dict[str, str] = Field(default_factory=dict, exclude=True, repr=False)
    config_path: Path | None = Field(None, exclude=True, repr=False)

    @field_validator("max_tokens", mode="before")
    @classmethod
    def _one_cap_for_all(cls, value: Any) -> Any:
        """``max_tokens = 800`` caps every kind of call; ``[max_tokens]`` with ``stage = 700`` caps one kind."""
        return {"all": value} if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("max_tokens")
    @classmethod
    def _positive(cls, value: dict[str, int]) -> dict[str, int]:
        for kind, tokens in value.items():
            if not 16 <= tokens <= 1_000_000:
                raise ValueError(f"max_tokens for {kind} should be between 16 and 1000000")
        return value


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
    *,
    deadline: float | None = None,
    max_tokens: int | None = None,
) -> Settings:
    """Settings from flags > environment > config file > defaults; ConfigError on a bad file.

    ``deadline`` and ``max_tokens`` are the ``--deadline`` and ``--max-tokens`` flags (the latter caps every kind
    of call)."""
    explicit = config_file is not None or bool(os.environ.get(ENV_CONFIG, "").strip())
    path = Path(config_file).expanduser() if config_file is not None else config_path()
    data = _read_file(path, must_exist=explicit)
    origin = {key: "file" for key in data}
    if deadline is not None:
        data["deadline"], origin["deadline"] = deadline, "flag"
    if max_tokens is not None:
        file_caps = data.get("max_tokens")
        caps = dict(file_caps) if isinstance(file_caps, dict) else {}
        # The flag caps every kind of call, those the file names too (a lower cap in the file still holds).
        lower = {kind: cap for kind, cap in caps.items() if isinstance(cap, int) and not isinstance(cap, bool)
                 and cap < max_tokens and kind != "all"}
        data["max_tokens"], origin["max_tokens"] = {**lower, "all": max_tokens}, "flag"

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
    known = {"model", "api_base", "temperature", "timeout", "max_retries", "deadline", "max_tokens"}
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


def choose_settings(model: str | None = None, api_base: str | None = None, engine: str | None = None,
                    **flags: Any) -> Settings:
    """The settings for a run: ``load_settings`` (``flags``: deadline, max_tokens), then the ``--engine`` choice
    (playbook forces the offline engine; llm needs a model). The one place this rule lives, for the CLI and the TUI."""
    if engine == "playbook":  # offline: no config file or environment is read
        return Settings()
    settings = load_settings(model=model, api_base=api_base, **flags)
    if engine == "llm" and not settings.model:
        raise ConfigError("--engine llm needs a model: pass --model (e.g. openai/gpt-4o-mini) or set CJM_MODEL")
    return settings


def settings_for(current: Settings, name: str) -> Settings:
    """``current`` switched to the engine ``name``: ``playbook`` (offline) or a litellm model name."""
    if name.strip().lower() in OFFLINE_NAMES:
        return current.model_copy(update={"model": None})
    flags = {key: getattr(current, key) for key in ("deadline",) if current.origin.get(key) == "flag"}
    if current.origin.get("max_tokens") == "flag" and "all" in current.max_tokens:
        flags["max_tokens"] = current.max_tokens["all"]
    return load_settings(model=name, api_base=current.api_base, **flags)


def engine_for(settings: Settings) -> Engine:
    """The playbook engine when no model is set, else the LLM engine (both imported lazily)."""
    if not settings.model:
        from cjm_assistant.engines.playbook import PlaybookEngine

        return PlaybookEngine()
    from cjm_assistant.engines.llm import LLMEngine

    return LLMEngine(settings)
