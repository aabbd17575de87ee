"""Provider failures as one clear sentence and what to do, tagged with a kind.

litellm raises its own exception classes (which subclass the openai SDK's);
:func:`to_engine_error` turns any of them into an :class:`EngineError`. The
sentence never contains an API key: provider messages are quoted only for a
400 and are scrubbed of anything that looks like a key first.

Kinds: timeout, rate_limit, server, connection, auth, not_found, context,
bad_request, repeating, not_json (litellm errors); empty, truncated, bad_output, deadline, echo, no_change (made by the
engine). An error raised after part of a reply had streamed keeps that part in ``partial``.

What to do next names the front end's own way of switching models: ``--model`` on the command line,
``/model`` in the app (:func:`use_surface`, set once by the front end; :func:`switch` says it).
``retryable`` is set for rate limits and 5xx errors, which the client retries.

:class:`Unusable` is not a provider failure but a reply that does not fit:
the structured-output loop sends its ``problem`` back to the model.
"""

from __future__ import annotations

import email.utils
import re
import time

from cjm_assistant.engines.base import EngineError

SWITCHES = {"tui": "or switch models with /model", "cli": "or choose another model with --model"}
_surface = "tui"


def use_surface(name: str) -> str:
    """Say "switch models" the way this front end does it (``cli`` or ``tui``); returns the one before."""
    global _surface
    before, _surface = _surface, name if name in SWITCHES else "tui"
    return before


def switch() -> str:
    """"or switch models with /model" (the app) / "or choose another model with --model" (the command line)."""
    return SWITCHES[_surface]


OFFLINE = {"tui": "/model playbook", "cli": "--engine playbook"}


def offline_option() -> str:
    """How a user goes on without the model here: ``--engine playbook`` on the command line, ``/model playbook``
    in the app (the offline playbook engine)."""
    return OFFLINE[_surface]


def refused_sentence(where: str) -> str:
    """Nothing listens at the model's address: what to do, the offline way included."""
    return (f"Could not connect to the model at {where}: nothing is listening there (connection refused). Start "
            f"the model server, check the address ({api_base_option()}) or choose another model with "
            f"{model_option()}; or work offline with {offline_option()}.")


def api_base_option() -> str:
    return "--api-base" if _surface == "cli" else "api_base in config.toml"


def deadline_option() -> str:
    """How a user gives the model more time here: ``--deadline`` on the command line, config.toml in the app."""
    return "--deadline" if _surface == "cli" else "`deadline` in config.toml"


def max_tokens_option() -> str:
    """How a user raises the reply cap here: ``--max-tokens`` on the command line, config.toml in the app."""
    return "--max-tokens" if _surface == "cli" else "`max_tokens` in config.toml"


def missing_v1(api_base: str) -> bool:
    """An address with no path at all (``http://127.0.0.1:8080``): OpenAI-compatible servers answer under /v1."""
    from urllib.parse import urlparse

    try:
        return urlparse(api_base).path.strip("/") == ""
    except ValueError:
        return False


def model_option() -> str:
    """How a user names a model here: ``--model`` on the command line, ``/model`` in the app."""
    return "--model" if _surface == "cli" else "/model"


class Unusable(Exception):
    """A reply that parsed or validated badly; ``problem`` goes back to the model.

    ``fix`` is the message to send back instead of the default
    (``prompts.fix_message(problem)``); "" means do not ask again.
    """

    def __init__(self, problem: str, fix: str | None = None):
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


# Provider -> the environment variable litellm reads its key from (for the 401 sentence).
KEY_VARS = {
    "openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY", "gemini": "GEMINI_API_KEY",
    "mistral": "MISTRAL_API_KEY", "groq": "GROQ_API_KEY", "openrouter": "OPENROUTER_API_KEY",
    "deepseek": "DEEPSEEK_API_KEY", "cohere": "COHERE_API_KEY", "together_ai": "TOGETHERAI_API_KEY",
    "xai": "XAI_API_KEY", "fireworks_ai": "FIREWORKS_AI_API_KEY", "perplexity": "PERPLEXITYAI_API_KEY",
    "azure": "AZURE_API_KEY",
}

_SECRET = re.compile(r"\b(sk|pk|rk|key|api|xai|gsk)[-_][A-Za-z0-9_\-*.]{6,}|\bBearer\s+\S+|\b[A-Za-z0-9]{32,}\b", re.I)
_PREFIX = re.compile(r"^(litellm\.\w+:\s*)?(\w+Error:\s*)?(\w+Exception\s*-\s*)?", re.I)


def scrub(text: str, limit: int = 240) -> str:
    """A provider message made safe to show: no key-like strings, one line, bounded."""
    text = _PREFIX.sub("", " ".join(str(text).split()))
    text = _SECRET.sub("[redacted]", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    while exc is not None and exc not in seen and len(seen) < 12:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return seen


def _is_connection_failure(exc: BaseException) -> bool:
    """litellm 1.106 reports a refused connection as InternalServerError('Connection error.');
    the real cause (openai.APIConnectionError, httpx.ConnectError...) is in the chain."""
    for link in _chain(exc):
        name = type(link).__name__
        if name in ("APIConnectionError", "ConnectError", "ConnectionRefusedError", "ConnectTimeout",
                    "gaierror", "NameResolutionError"):
            return True
    return "connection error" in str(exc).lower()


def retry_after(exc: BaseException, now: float | None = None) -> float | None:
    """Seconds the provider asked us to wait (Retry-After / retry-after-ms), if it said.

    litellm keeps the real response headers in ``litellm_response_headers``;
    ``exc.response`` is often a placeholder with no headers.
    """
    for holder in (exc, getattr(exc, "response", None)):
        headers = getattr(holder, "litellm_response_headers", None) if holder is exc else getattr(holder, "headers", None)
        if not headers:
            continue
        try:
            ms = headers.get("retry-after-ms")
            if ms is not None:
                return max(0.0, float(ms) / 1000)
            value = headers.get("retry-after")
        except (AttributeError, TypeError, ValueError):
            continue
        if value is None:
            continue
        try:
            return max(0.0, float(value))
        except ValueError:
            parsed = email.utils.parsedate_to_datetime(value) if value else None
            if parsed is not None:
                return max(0.0, parsed.timestamp() - (now or time.time()))
    return None


_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "response format", "structured output",
                 "guided_json", "'format'", "grammar")


def is_response_format_rejection(exc: BaseException) -> bool:
    """A server saying it does not take our ``response_format`` (json_schema, json_object, a schema or grammar).

    Seen as a 400 or 422 from most servers, and as a 500 from llama.cpp's Python server ("Input should be
    'text' or 'json_object'"): the status and the message together tell it from other failures.
    """
    name = type(exc).__name__
    if name in ("ContextWindowExceededError", "ContentPolicyViolationError") or _is_connection_failure(exc):
        return False
    status = getattr(exc, "status_code", None)
    names = {c.__name__ for c in type(exc).__mro__}
    if status not in (400, 422, 500) and not names & {"BadRequestError", "UnsupportedParamsError",
                                                       "UnprocessableEntityError", "InternalServerError"}:
        return False
    text = str(exc).lower()
    return any(word in text for word in _FORMAT_WORDS)


_REFUSAL = re.compile(r"unsupported|not supported|does not support|doesn't support|unrecognized|unknown|"
                      r"not allowed|only the default|extra inputs|invalid", re.I)


def rejected_param(exc: BaseException, params: set[str] | frozenset[str]) -> str | None:
    """Which of ``params`` a 400 says the server does not take, if that is what it says."""
    if getattr(exc, "status_code", None) not in (400, 422) and "BadRequestError" not in type(exc).__name__ \
            and "UnsupportedParamsError" not in type(exc).__name__:
        return None
    text = str(exc)
    if not _REFUSAL.search(text):
        return None
    return next((p for p in sorted(params) if p in text), None)


def to_engine_error(exc: BaseException, *, model: str = "", api_base: str | None = None,
                    timeout: float | None = None, provider: str = "") -> EngineError:
    """One sentence and a kind for any exception from a litellm call."""
    if isinstance(exc, EngineError):
        return exc
    name = type(exc).__name__
    names = {type(link).__name__ for link in _chain(exc)} | {c.__name__ for c in type(exc).__mro__}
    status = getattr(exc, "status_code", None)
    where = api_base or provider or "the provider"

    if "Timeout" in names or name in ("APITimeoutError", "ReadTimeout", "TimeoutError"):
        after = f" within {timeout:g} seconds" if timeout else " in time"
        error = EngineError(f"The model did not answer{after}. Try again, raise `timeout` in config.toml, "
                            f"{switch()}.", kind="timeout")
    elif "ContextWindowExceededError" in names:
        error = EngineError("The request is too long for this model's context window. Ask about a smaller part "
                            f"of the map, {switch()} to one with a larger context.", kind="context")
    elif "RateLimitError" in names or status == 429:
        if "insufficient_quota" in str(exc) or "exceeded your current quota" in str(exc).lower():
            error = EngineError("The provider says your account is out of credit or quota (429). Check billing "
                                f"with your provider, {switch()}.", kind="rate_limit")
        else:
            error = EngineError("The model provider is rate-limiting requests (429). Wait a minute and try again, "
                                f"{switch()}.", kind="rate_limit", retryable=True)
    elif "AuthenticationError" in names or status == 401:
        var = KEY_VARS.get(provider, "your provider's API key variable (e.g. OPENAI_API_KEY)")
        error = EngineError(f"The provider refused the API key (401). Check that {var} holds a valid key in the "
                            "environment (cjm never stores keys), then try again.", kind="auth")
    elif "missing credentials" in str(exc).lower() or "api_key client option must be set" in str(exc):
        # The openai SDK refuses before sending anything; litellm reports it as a 500.
        var = KEY_VARS.get(provider, "your provider's API key variable (e.g. OPENAI_API_KEY)")
        error = EngineError(f"No API key is set: export {var}=... in your shell (cjm never stores keys), "
                            "then try again; `cjm doctor` checks the setup.", kind="auth")
    elif "PermissionDeniedError" in names or status == 403:
        error = EngineError(f"The provider says this key may not use {model or 'this model'} (403). Check your "
                            f"account's access, {switch()}.", kind="auth")
    elif "NotFoundError" in names or status == 404:
        if api_base and missing_v1(api_base):
            error = EngineError(f"The server at {api_base} answered 404 (not found): an OpenAI-compatible server's "
                                f"address usually ends in /v1; try {api_base_option()} {api_base.rstrip('/')}/v1.",
                                kind="not_found")
        else:
            error = EngineError(f"The provider does not know the model {model!r} (404). Check its name with "
                                f"`cjm doctor`, {switch()}.", kind="not_found")
    elif "repeating the same chunk" in str(exc):  # litellm stops a stream that loops on one chunk
        error = EngineError(f"The model got stuck repeating the same words, so its reply was stopped. Try again, "
                            f"{switch()}.", kind="repeating")
    elif names & {"JSONDecodeError", "UnicodeDecodeError"}:  # the body of a 200 that is not a chat reply
        error = EngineError(f"The server at {where} answered, but its reply was not JSON: it does not look like an "
                            f"OpenAI-compatible model server. Check the address ({api_base_option()}; it usually "
                            f"ends in /v1), {switch()}; or work offline with {offline_option()}.", kind="not_json")
    elif "MidStreamFallbackError" in names:
        error = EngineError("The connection dropped in the middle of the model's reply. Nothing was changed; "
                            f"try again, {switch()}.", kind="connection", retryable=False)
    elif "ConnectionRefusedError" in names:
        error = EngineError(refused_sentence(where), kind="connection")
    elif "APIConnectionError" in names or _is_connection_failure(exc):
        error = EngineError(f"Could not connect to the model at {where}. Check that the server is running and "
                            f"the address is right ({api_base_option()}), check your network, {switch()}; or "
                            f"work offline with {offline_option()}.", kind="connection")
    elif isinstance(status, int) and status >= 500 or names & {"InternalServerError", "ServiceUnavailableError",
                                                                 "BadGatewayError"}:
        code = f" ({status})" if isinstance(status, int) else ""
        error = EngineError(f"The model provider had a server error{code}. Try again in a moment, {switch()}.",
                            kind="server", retryable=True)
    elif "BadRequestError" in names or "UnprocessableEntityError" in names or status in (400, 422):
        error = EngineError(f"The provider rejected the request: {scrub(str(exc))}. Try rephrasing, {switch()}.",
                            kind="bad_request")
    else:
        error = EngineError(f"The model call failed ({name}: {scrub(str(exc))}). Try again, {switch()}.",
                            kind="server")
    error.status = status  # type: ignore[attr-defined]
    error.retry_after = retry_after(exc)  # type: ignore[attr-defined]
    return error


class DeadlineExceeded(EngineError):
    """A step ran past its deadline (``deadline`` in config.toml); ``partial`` is the text streamed by then."""

    def __init__(self, message: str, partial: str = ""):
        super().__init__(message, kind="deadline")
        self.partial = partial


def deadline_sentence(seconds: float | None, step: str = "") -> str:
    """Why the model was stopped: its time ran out (``seconds``: the deadline, for the whole command on the
    command line, for each request in the assistant)."""
    flag = deadline_option()
    whole = "for the whole command" if _surface == "cli" else "for one request"
    what = f", on {step}" if step else ""
    after = f"{seconds:g} seconds" if seconds else "its time"
    return (f"The model's time ran out ({after} {whole}, {flag}){what}, so cjm stopped it. Raise {flag}, ask for "
            f"less, {switch()}.")


# Providers that speak OpenAI's API through the openai SDK, which refuses to send a request without a key even
# to a server that needs none.
_OPENAI_SDK_PROVIDERS = ("openai", "text-completion-openai", "openai_like", "custom_openai")


def needs_placeholder_key(model: str, api_base: str | None) -> bool:
    """A model on the user's own OpenAI-compatible server (``--api-base``) with no key in the environment: such a
    server needs no real key, so a placeholder is sent (a server that wants one answers 401, which says so)."""
    import os

    if not api_base:
        return False
    provider = model.split("/", 1)[0] if "/" in model else "openai"
    if provider not in _OPENAI_SDK_PROVIDERS:
        return False
    return not os.environ.get(KEY_VARS["openai"], "").strip()


def listening_at(api_base: str | None) -> tuple[str, int] | None:
    """(host, port) of an ``api_base`` given as ``localhost`` or an IP address (a server of the user's own: no name
    to look up, so probing it takes no time when nothing is there); None for any other address."""
    if not api_base:
        return None
    import ipaddress
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(api_base)
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host or parts.scheme not in ("http", "https"):
        return None
    if host != "localhost":
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return None
    return host, port or (443 if parts.scheme == "https" else 80)
