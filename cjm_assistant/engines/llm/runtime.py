"""litellm, imported lazily and quietly, and what we remember about models.

* :func:`litellm_module` imports litellm on first use, never at module
  import, because that takes about two seconds; :func:`preload` does it (and
  litellm's first-call work) in a background thread so the TUI can draw first;
  :func:`hold_preload` (the app's keys) has it wait between modules while the user types.
  Before the import the bundled cost map is forced (no network fetch);
  afterwards every litellm/httpx/openai logger writes to ``llm.log`` in the
  log folder (created only if something is logged), never to the terminal,
  and litellm's debug prints are off.
* :func:`model_info` is what litellm knows of a model (context and output
  limits), and :func:`count_tokens` counts tokens with litellm's tokenizer
  for it, never downloading one.
* :class:`FormatMemory` remembers which ``response_format`` each model
  accepted at each server, in memory and in the database (``model_formats``).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import Any

from cjm_assistant.domain.text import redact

log = logging.getLogger("cjm_assistant.llm")

LITELLM_LOGGERS = ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy", "litellm", "httpx", "httpcore", "openai")
# Structured-output formats, tried in this order: a json_schema response_format; json_object with the
# schema beside it (llama.cpp's server turns it into a grammar); plain json_object; none (the schema in the prompt).
FORMATS = ("json_schema", "json_object_schema", "json_object", "none")
FORMAT_LABELS = {"json_schema": "json_schema", "json_object_schema": "json_object with the schema",
                 "json_object": "json_object", "none": "no response_format (the schema in the prompt)"}
# The tiktoken encodings that litellm ships (any other would be downloaded on first use).
BUNDLED_ENCODINGS = frozenset({"cl100k_base", "o200k_base", "p50k_base"})
CHARS_PER_TOKEN = 4  # the estimate, where litellm has no tokenizer for a model without a download

_lock = threading.Lock()
_litellm: Any = None
_preload: threading.Thread | None = None
# Until when (a time.monotonic() time) the preload waits between two modules: the app's keys push it on
# (:func:`hold_preload`), so that typing is echoed at once instead of waiting for the import to let go of the
# interpreter (one key waited up to a second, on a busy machine, while litellm's thousand modules loaded).
_held_until = 0.0
HOLD = 0.6  # seconds the preload waits after a key
POLL_HOLD = 0.02


# ---------------------------------------------------------------------------
# Importing litellm quietly


def litellm_module() -> Any:
    """litellm, imported on first use with its output routed to a log file."""
    global _litellm
    if _litellm is not None:
        return _litellm
    with _lock:
        if _litellm is None:
            os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
            warnings.filterwarnings("ignore", module=r"litellm(\..*)?$")
            warnings.filterwarnings("ignore", message=r"(?s).*Pydantic serializer warnings")
            warnings.filterwarnings("ignore", message=r"(?s).*is using the `ReadOnly` qualifier")
            import litellm

            litellm.suppress_debug_info = True
            litellm.set_verbose = False
            litellm.turn_off_message_logging = True
            # Token counts use tiktoken (bundled) rather than a tokenizer fetched from HuggingFace.
            litellm.disable_hf_tokenizer_download = True
            # We record calls ourselves; litellm's per-chunk logging costs CPU on every streamed chunk.
            litellm.disable_streaming_logging = True
            _route_logs()
            _litellm = litellm
    return _litellm


def preload() -> threading.Thread:
    """Import and warm up litellm in a background thread (idempotent); returns the thread.

    Besides the import (~2 s), litellm's first call imports the openai SDK's
    resources and loads a tiktoken encoding for its own cost bookkeeping
    (~0.8 s); :func:`warm_up` does both here, with no network.
    """
    global _preload
    with _lock:
        if _preload is None:
            _preload = threading.Thread(target=_quiet_preload, name="cjm-litellm-preload", daemon=True)
            _preload.start()
        return _preload


def hold_preload(seconds: float = HOLD) -> None:
    """Have the preload (if one runs) wait ``seconds`` from now before it runs its next module: the user is
    typing, and the interpreter is theirs. Cheap; called for every key while the model client loads."""
    global _held_until
    _held_until = max(_held_until, time.monotonic() + seconds)


def _wait_while_held() -> None:
    while time.monotonic() < _held_until:
        time.sleep(POLL_HOLD)


class _YieldingImports:
    """While installed, a module the preload's thread imports waits, before its code runs, while the preload is
    held (:func:`hold_preload`). It wraps the source loader's ``exec_module``, which runs under that module's own
    import lock only: a finder on ``sys.meta_path`` would wait under the interpreter's global import lock and
    hold up every other thread's imports with it. Other threads' imports are never held."""

    def __init__(self, thread: int):
        from importlib.machinery import SourceFileLoader

        self.thread = thread
        self.loader = SourceFileLoader
        self.original = SourceFileLoader.exec_module
        self.own = "exec_module" in SourceFileLoader.__dict__  # else inherited, as in CPython 3.11-3.13

    def __enter__(self) -> _YieldingImports:
        original, thread = self.original, self.thread

        def exec_module(loader: Any, module: Any) -> None:
            if threading.get_ident() == thread:
                _wait_while_held()
            original(loader, module)

        self.loader.exec_module = exec_module  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        if self.own:
            self.loader.exec_module = self.original  # type: ignore[method-assign]
        else:
            del self.loader.exec_module


def _quiet_preload() -> None:
    try:
        with _YieldingImports(threading.get_ident()):
            warm_up()
    except Exception:  # noqa: BLE001 - the first real call reports it properly
        log.exception("preloading litellm failed")


def warm_up() -> None:
    """Do litellm's first-call work now: imports and its tokenizer (bundled, no network)."""
    litellm = litellm_module()
    import openai.resources.chat  # noqa: F401 - imported by the SDK client's first .chat access

    _wait_while_held()
    litellm.token_counter(model="gpt-4o-mini", text="warm up")
    _wait_while_held()
    for chunk in litellm.completion(model="openai/warm-up", messages=[{"role": "user", "content": "hi"}],
                                    mock_response="ok", stream=True):
        pass


def log_file() -> Path:
    try:
        from cjm_assistant.locations import log_dir
    except ImportError:  # pragma: no cover - locations.py is part of the package
        from platformdirs import user_log_dir

        return Path(user_log_dir("cjm-assistant", appauthor=False)) / "llm.log"
    return log_dir() / "llm.log"


class _LazyFileHandler(logging.handlers.RotatingFileHandler):
    """Creates its folder and file only when something is logged."""

    def _open(self):  # type: ignore[override]
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()


class RedactingFormatter(logging.Formatter):
    """A log line with the credentials of any URL in it replaced (an --api-base with a password or ?token=)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def _route_logs() -> None:
    handler: logging.Handler
    try:
        path = log_file()
        handler = _LazyFileHandler(path, maxBytes=1_000_000, backupCount=1, encoding="utf-8", delay=True)
        handler.setFormatter(RedactingFormatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    except OSError:
        handler = logging.NullHandler()
    for name in LITELLM_LOGGERS:
        logger = logging.getLogger(name)
        for old in list(logger.handlers):
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.propagate = False
        logger.setLevel(logging.WARNING)


# ---------------------------------------------------------------------------
# What litellm knows of a model


def model_info(model: str) -> dict[str, Any]:
    """litellm's facts about a model (``max_input_tokens``, ``max_output_tokens``, prices...); {} if unknown."""
    try:
        return dict(litellm_module().get_model_info(model=model))
    except Exception:  # noqa: BLE001 - litellm raises for a model it does not know
        return {}


def output_limit(model: str) -> int | None:
    """The most tokens ``model`` may write in one reply, when litellm knows it."""
    info = model_info(model)
    limit = info.get("max_output_tokens") or info.get("max_tokens")
    return int(limit) if limit else None


# Per kind of call: what a reply needs at most (asked for when the model's output limit is known, up to that
# limit), and the default when it is not (a local server: small enough that prompt and reply fit an 8k context).
MAX_TOKENS_CAP = {"skeleton": 1024, "stage": 2048, "map": 16_384, "edits": 4096, "extract": 1024, "answer": 4096,
                  "evidence": 8192, "check": 64}
MAX_TOKENS_DEFAULT = {"skeleton": 300, "stage": 900, "map": 4096, "edits": 1024, "extract": 400, "answer": 1024,
                      "evidence": 3000, "check": 48}


def max_tokens_for(settings: Any, kind: str) -> int:
    """``max_tokens`` for a call of this kind: config.toml's ``max_tokens`` (its ``kind``, else ``all``), else the
    model's known output limit up to what the kind needs, else the default for the kind."""
    caps = getattr(settings, "max_tokens", None) or {}
    if kind in caps:
        return int(caps[kind])
    limit = output_limit(settings.model) if settings.model else None
    tokens = min(limit, MAX_TOKENS_CAP[kind]) if limit else MAX_TOKENS_DEFAULT[kind]
    return min(tokens, int(caps["all"])) if "all" in caps else tokens


def count_tokens(model: str, text: str = "", messages: list[dict] | None = None) -> int:
    """Tokens in ``text`` or ``messages`` for ``model``, by litellm's tokenizer when it ships one for it.

    Nothing is downloaded: HuggingFace tokenizers are off (:func:`litellm_module`), and for a model
    whose tiktoken encoding is not bundled the count is estimated from the length instead. The first
    count loads the encoding (under a second; :func:`warm_up` does it): keep this off hot paths.
    """
    litellm = litellm_module()
    try:
        from litellm.litellm_core_utils.token_counter import openai_tokenizer_encoding_name

        if openai_tokenizer_encoding_name(model) in BUNDLED_ENCODINGS:
            return int(litellm.token_counter(model=model, text=text or None, messages=messages))
    except Exception:  # noqa: BLE001 - any failure: the estimate below
        log.debug("no token count for %s", model, exc_info=True)
    chars = len(text) + sum(len(str(m.get("content", ""))) for m in messages or [])
    return chars // CHARS_PER_TOKEN


# ---------------------------------------------------------------------------
# What worked, per model and server


class FormatMemory:
    """Which structured-output format each model accepted at each server (one of :data:`FORMATS`).

    Kept in memory, and in the database when one is attached (:meth:`attach`: anything with
    ``model_format(model, api_base)`` and ``remember_model_format(model, api_base, fmt)``, the store's
    ``model_formats`` table), so that the next run starts with what worked.
    """

    def __init__(self, store: Any = None):
        self.store = store
        self._formats: dict[tuple[str, str], str] = {}

    def attach(self, store: Any) -> None:
        self.store = store

    def get(self, model: str, api_base: str | None = None) -> str:
        key = (model, redact(api_base or ""))
        if key not in self._formats and self.store is not None:
            try:
                saved = self.store.model_format(model, api_base)
            except Exception:  # noqa: BLE001 - remembering is an optimisation
                log.warning("could not read the remembered format for %s", model, exc_info=True)
                saved = None
            if saved in FORMATS:
                self._formats[key] = saved
        return self._formats.get(key, FORMATS[0])

    def known(self, model: str, api_base: str | None = None) -> bool:
        """Whether a format was found to work (or remembered) for this model and server."""
        self.get(model, api_base)
        return (model, redact(api_base or "")) in self._formats

    def set(self, model: str, api_base: str | None, fmt: str) -> None:
        key = (model, redact(api_base or ""))
        if self._formats.get(key) == fmt:
            return
        self._formats[key] = fmt
        if self.store is not None:
            try:
                self.store.remember_model_format(model, api_base, fmt)
            except Exception:  # noqa: BLE001 - remembering is an optimisation
                log.warning("could not remember the format for %s", model, exc_info=True)


def provider_of(model: str, api_base: str | None = None) -> str:
    """The litellm provider serving ``model`` ('openai', 'anthropic', 'ollama'...), or '' if unknown."""
    try:
        return str(litellm_module().get_llm_provider(model=model, api_base=api_base)[1])
    except Exception:  # noqa: BLE001 - litellm raises BadRequestError for an unknown provider
        return model.split("/", 1)[0] if "/" in model else ""
