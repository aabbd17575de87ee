"""``cjm doctor``: is the model set up, and does it work the way cjm needs? One sentence per check.

The checks, in order: the config file; the model; which provider litellm
sends it to; what litellm knows of it; its key; its address; and one tiny
call that asks for JSON in the structured-output format negotiated with the
server (json_schema, else json_object with the schema, else json_object, else
the schema in the prompt: the same steps a draft takes, remembered in the
database for the next run), which says whether the model answers at all and
which format works. What it says about the key and the address agrees with
what that call then finds: a server of the user's own (``--api-base``) needs
no real key (cjm sends a placeholder when none is set), and an address with no
path is said to be missing ``/v1``.

Importing this module does not import litellm; running a check does.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from cjm_assistant.config import ENV_MODEL, Settings, config_path
from cjm_assistant.domain.text import redact


@dataclass(frozen=True)
class Check:
    """One line of ``cjm doctor``: ``ok`` False is a failure, ``warning`` a caveat."""

    name: str
    ok: bool
    sentence: str
    warning: bool = False


# Providers that normally run on the user's machine or their own server: an
# unknown model or a missing key is expected there, not an error.
LOCAL_PROVIDERS = {"ollama", "ollama_chat", "lm_studio", "hosted_vllm", "vllm", "llamafile", "openai_like",
                   "custom_openai", "xinference", "oobabooga", "text-completion-openai"}
CHECK_SCHEMA = {"type": "object", "required": ["answer"], "properties": {"answer": {"type": "string", "enum": ["ok"]}}}


def doctor(settings: Settings, *, reach: bool = True, store: Any = None) -> list[Check]:
    """Check the configuration; each failure is one sentence saying what to do.

    ``reach=False`` skips the test call (no network). ``store``: the database where the format that works is
    remembered (None: not remembered).
    """
    checks: list[Check] = [_config_check(settings)]
    if not settings.model:
        checks.append(Check("model", True, (
            "No model is set, so cjm uses its offline playbook engine. To use an LLM, pass --model "
            f"(e.g. --model openai/gpt-4o-mini), set {ENV_MODEL}, or add model = \"...\" to {config_path()}."),
            warning=True))
        return checks
    origin = {"flag": "command line", "env": "environment", "file": "config file"}.get(
        settings.origin.get("model", ""), "")
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
    local = bool(api_base) or provider in LOCAL_PROVIDERS
    checks.append(_model_info_check(litellm, model, provider, local))
    key_check = _key_check(litellm, model, api_base, provider, local)
    checks.append(key_check)
    address = _address_check(model, api_base)
    if address is not None:
        checks.append(address)
    if reach:
        if not key_check.ok:
            checks.append(Check("endpoint", False, "Skipped the test call: set the missing key first, then run "
                                                   "cjm doctor again."))
        else:
            checks += _reach_checks(settings, store)
    return checks


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
                "costs will show as unknown, and drafts are asked for in steps with small replies."), warning=True)
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
    from cjm_assistant.engines.llm.errors import needs_placeholder_key

    try:
        env = litellm.validate_environment(model=model, api_base=api_base)
    except Exception:  # noqa: BLE001
        return Check("key", True, f"Could not tell which key {provider} needs; the test call will show.", warning=True)
    missing = [name for name in env.get("missing_keys", []) if not name.endswith("API_BASE") or not api_base]
    if not missing:
        return Check("key", True, f"The key for {provider} is set in the environment (its value is never shown or "
                                  "stored).")
    names = " and ".join(missing)
    if needs_placeholder_key(model, api_base):
        return Check("key", True, (
            f"{names} is not set: a server of your own at {redact(api_base or '')} needs no real key, so cjm sends "
            "a placeholder. "
            f"If yours does want one, export {missing[0]}=... in your shell."), warning=True)
    if local:
        return Check("key", True, (
            f"{names} is not set; a local or custom server usually does not need it, but if yours does, "
            f"export {missing[0]}=... in your shell."), warning=True)
    return Check("key", False, (
        f"{names} is not set; export {missing[0]}=... in your shell (cjm never stores keys), "
        "then run cjm doctor again."))


def _address_check(model: str, api_base: str | None) -> Check | None:
    from cjm_assistant.engines.llm.errors import missing_v1

    if not api_base or not (model.startswith(("openai/", "text-completion-openai/")) or "/" not in model):
        return None
    if missing_v1(api_base):
        return Check("address", True, (
            f"{redact(api_base)} has no path: an OpenAI-compatible server (llama.cpp, vLLM, LM Studio...) usually "
            f"answers under /v1, so try --api-base {redact(api_base.rstrip('/'))}/v1 if the test call below "
            "fails."), warning=True)
    return None


def _reach_checks(settings: Settings, store: Any) -> list[Check]:
    """The test call: whether the model answers, and in which structured-output format."""
    from cjm_assistant.engines.base import EngineError
    from cjm_assistant.engines.llm.client import LLMClient
    from cjm_assistant.engines.llm.runtime import FORMAT_LABELS, FormatMemory, max_tokens_for
    from cjm_assistant.engines.llm.structured import JsonReplyError, loads_lenient

    quick = settings.model_copy(update={"timeout": min(settings.timeout, 30.0), "max_retries": 0})
    records: list[dict] = []
    memory = FormatMemory(store)
    remembered = memory.known(settings.model or "", settings.api_base)
    client = LLMClient(quick, lambda: records.append, memory)
    messages = [{"role": "system", "content": "Reply with one JSON object only."},
                {"role": "user", "content": 'Reply with this JSON object: {"answer": "ok"}'}]
    started = time.monotonic()
    try:
        reply = client.complete(messages, purpose="check", schema=CHECK_SCHEMA, schema_name="Check",
                                schema_prompt='The JSON object is {"answer": "ok"}.',
                                max_tokens=max_tokens_for(settings, "check"),
                                deadline=started + min(settings.deadline, 90.0), step="the test call")
    except EngineError as error:
        return [Check("endpoint", False, str(error))]
    seconds = time.monotonic() - started
    refused = [r["error"].split(" rejected", 1)[0] for r in records if r.get("outcome") == "fallback"
               and " rejected" in str(r.get("error"))]
    checks = [Check("endpoint", True, f"The model answered a test call in {seconds:.1f} s.")]
    fmt = reply.format or "json_schema"
    label = FORMAT_LABELS.get(fmt, fmt)
    why = f" ({_join(refused)} refused by the server)" if refused else " (as found on an earlier run)" \
        if remembered else ""
    kept = "; cjm remembers it for this model and server" if store is not None and not remembered else ""
    try:
        data = loads_lenient(reply.text)
    except JsonReplyError as e:
        return checks + [Check("structured output", False, (
            f"Asked for JSON with {label}{why}, the model replied with something else ({e.reason}): drafts and "
            "changes will likely fail. Choose a model that can reply in JSON with --model."))]
    if not (isinstance(data, dict) and data.get("answer") == "ok"):
        return checks + [Check("structured output", True, (
            f"The model replied with JSON in {label}{why}{kept}, but not the JSON asked for: a small model; "
            "expect thin drafts."), warning=True)]
    return checks + [Check("structured output", True, f"Structured output works with {label}{why}{kept}.")]


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
