"""Helpers shared by the LLM engine tests: an engine pointed at the scripted server, and its inputs."""

from __future__ import annotations

import copy
import json
import socket

from cjm_assistant.config import Settings
from cjm_assistant.domain.profile import PersonaProfile, Profile
from cjm_assistant.engines.llm import LLMEngine
from tests.support.bakery import BAKERY
from tests.support.scripted_server import Reply, ScriptedServer

__all__ = ["Reply", "ScriptedServer", "make_engine", "map_data", "profile", "closed_port", "BAKERY", "dumps", "WHOLE"]

KEY = "sk-test-not-real"
# A model litellm knows to write long replies (16k tokens): it drafts a map in one reply, where an unknown model
# ("openai/any", the default here: a local server) drafts in steps.
WHOLE = "openai/gpt-4o-mini"
STORE_COLUMNS = {"model", "purpose", "prompt_tokens", "completion_tokens", "cost", "latency_ms", "outcome", "error"}


def make_engine(server: ScriptedServer, formats=None, **settings) -> LLMEngine:
    """An engine on the scripted server; ``formats``: a Store to remember formats in (default: memory only)."""
    settings.setdefault("timeout", 5)
    settings.setdefault("max_retries", 2)
    api_base = settings.pop("api_base", server.base_url if server else None)
    engine = LLMEngine(Settings(model=settings.pop("model", "openai/any"), api_base=api_base, **settings),
                       formats=formats)
    engine.records = []  # type: ignore[attr-defined]
    engine.recorder = engine.records.append  # type: ignore[attr-defined]
    return engine


def map_data(stages: int | None = None) -> dict:
    """The bakery map as the model would write it (no transitions, so 'stages' comes last)."""
    data = copy.deepcopy(BAKERY)
    data.pop("transitions")
    if stages is not None:
        data["stages"] = data["stages"][:stages]
    return data


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)


def profile() -> Profile:
    return Profile(
        business_name="Sweet Crumbs", description="a two-person bakery selling custom cakes online",
        channels=["Instagram", "WhatsApp"], problems=["slow replies"],
        personas=[PersonaProfile(name="Maya", description="busy parent")],
    )


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
