"""Drive tests/support/scripted_server.py through the real litellm client."""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
import urllib.error
import urllib.request

os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"

import litellm  # noqa: E402
import openai  # noqa: E402
import pytest  # noqa: E402
from pydantic import BaseModel  # noqa: E402

from tests.support.scripted_server import Reply, ScriptedServer  # noqa: E402
from tests.support.waiting import wait_until  # noqa: E402

litellm.suppress_debug_info = True

MESSAGES = [{"role": "user", "content": "hello there"}]



def call(server: ScriptedServer, **kw):
    kw.setdefault("num_retries", 0)
    return litellm.completion(
        model="openai/any",
        api_base=server.base_url,
        api_key="sk-test",
        messages=MESSAGES,
        **kw,
    )


# --------------------------------------------------------------------- happy


def test_plain_completion_returns_scripted_content(server):
    server.script(Reply.json({"stages": [{"name": "Aware"}]}))
    resp = call(server)
    assert json.loads(resp.choices[0].message.content) == {"stages": [{"name": "Aware"}]}
    assert resp.choices[0].finish_reason == "stop"
    assert server.requests[0]["model"] == "any"
    assert server.requests[0]["messages"] == MESSAGES
    assert server.request_headers[0]["authorization"] == "Bearer sk-test"
    assert server.pending == 0


def test_usage_is_returned(server):
    server.script(
        Reply("hi", usage={"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}),
        Reply("x" * 40),
    )
    resp = call(server)
    assert resp.usage.prompt_tokens == 11
    assert resp.usage.completion_tokens == 7
    resp = call(server)  # default: rough len/4 estimate
    assert resp.usage.completion_tokens == 10
    assert resp.usage.prompt_tokens > 0


def test_finish_reason_length(server):
    server.script(Reply('{"a": [1, 2', finish_reason="length"))
    resp = call(server)
    assert resp.choices[0].finish_reason == "length"
    assert resp.choices[0].message.content == '{"a": [1, 2'


def test_streaming_yields_pieces_that_join_to_content(server):
    content = '{"stages": [{"name": "Aware", "touchpoints": []}]}'
    server.script(Reply(content, chunk_size=5))
    pieces, finish = [], []
    for chunk in call(server, stream=True):
        if chunk.choices:
            pieces.append(chunk.choices[0].delta.content or "")
            finish.append(chunk.choices[0].finish_reason)
    assert "".join(pieces) == content
    assert len([p for p in pieces if p]) == -(-len(content) // 5)
    assert "stop" in finish
    assert server.requests[0]["stream"] is True


def test_streaming_usage_with_include_usage(server):
    server.script(
        Reply("abcdefgh", usage={"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5})
    )
    chunks = list(call(server, stream=True, stream_options={"include_usage": True}))
    assert server.requests[0]["stream_options"] == {"include_usage": True}
    usages = [getattr(c, "usage", None) for c in chunks]
    usages = [u for u in usages if u is not None]
    assert usages and usages[-1].completion_tokens == 2


def test_async_streaming(server):
    server.script(Reply("abc def ghi", chunk_size=2, chunk_delay=0.01))

    async def go():
        resp = await litellm.acompletion(
            model="openai/any",
            api_base=server.base_url,
            api_key="sk-test",
            messages=MESSAGES,
            stream=True,
            num_retries=0,
        )
        return [c.choices[0].delta.content or "" async for c in resp if c.choices]

    assert "".join(asyncio.run(go())) == "abc def ghi"


def test_default_reply_and_exhausted_script(server):
    server.script(Reply("first"))
    assert call(server).choices[0].message.content == "first"
    with pytest.raises(litellm.InternalServerError, match="ran out"):
        call(server)
    server.default = Reply("again")
    assert call(server).choices[0].message.content == "again"
    assert call(server).choices[0].message.content == "again"


def test_models_endpoint(server):
    with urllib.request.urlopen(server.base_url + "/models", timeout=5) as r:
        data = json.load(r)
    assert [m["id"] for m in data["data"]] == ["any"]


# -------------------------------------------------------------------- faults


def test_rate_limited(server):
    server.script(Reply.rate_limited(retry_after=10))
    t0 = time.monotonic()
    with pytest.raises(litellm.RateLimitError):
        call(server)
    # num_retries=0: no retry, so no 10 s wait (generous bound: the machine is shared)
    assert time.monotonic() - t0 < 8
    assert len(server.requests) == 1


def test_server_error(server):
    server.script(Reply.server_error())
    with pytest.raises(litellm.InternalServerError) as ei:
        call(server)
    # litellm's exceptions share openai.APIError as base, NOT litellm.APIError.
    assert isinstance(ei.value, openai.APIError)
    assert not isinstance(ei.value, litellm.APIError)
    assert ei.value.status_code == 500
    assert len(server.requests) == 1


def test_unauthorized(server):
    server.script(Reply.unauthorized())
    with pytest.raises(litellm.AuthenticationError):
        call(server)


def test_model_not_found(server):
    server.script(Reply.not_found_model())
    with pytest.raises(litellm.NotFoundError):
        call(server)


def test_context_too_long(server):
    server.script(Reply.context_too_long())
    with pytest.raises(litellm.ContextWindowExceededError) as ei:
        call(server)
    assert isinstance(ei.value, litellm.BadRequestError)


class Journey(BaseModel):
    name: str


def test_reject_json_schema_then_json_object_fallback(server):
    server.script(Reply.json({"name": "x"}, reject_json_schema=True))
    with pytest.raises(litellm.BadRequestError, match="json_schema") as ei:
        call(server, response_format=Journey)
    assert not isinstance(ei.value, litellm.ContextWindowExceededError)
    rf = server.requests[0]["response_format"]
    assert rf["type"] == "json_schema"
    assert rf["json_schema"]["name"] == "Journey"
    assert rf["json_schema"]["schema"]["required"] == ["name"]
    assert server.pending == 1  # rejection did not consume the reply

    resp = call(server, response_format={"type": "json_object"})
    assert json.loads(resp.choices[0].message.content) == {"name": "x"}
    assert server.requests[1]["response_format"] == {"type": "json_object"}
    assert server.pending == 0


def test_hang_times_out(server):
    server.script(Reply("never", hang=True))
    t0 = time.monotonic()
    with pytest.raises(litellm.Timeout):
        call(server, timeout=1)
    assert time.monotonic() - t0 < 10  # the reply never comes: only the timeout ends it


def test_delay(server):
    server.script(Reply("slow", delay=0.3))
    t0 = time.monotonic()
    assert call(server).choices[0].message.content == "slow"
    assert time.monotonic() - t0 >= 0.3


def test_truncated_stream_raises(server):
    server.script(Reply("a" * 100, chunk_size=10, truncate_stream=True))
    got = []
    with pytest.raises(openai.APIError) as ei:
        for chunk in call(server, stream=True):
            got.append(chunk.choices[0].delta.content or "")
    # litellm 1.106 wraps the incomplete chunked read in MidStreamFallbackError
    # (a ServiceUnavailableError) whose message names the APIConnectionError.
    assert isinstance(ei.value, litellm.exceptions.MidStreamFallbackError)
    assert isinstance(ei.value, litellm.ServiceUnavailableError)
    assert 0 < len("".join(got)) < 100


def test_stop_is_quick_with_hanging_request():
    server = ScriptedServer().start()
    server.script(Reply("never", hang=True))
    errors = []

    def client():
        try:
            urllib.request.urlopen(
                urllib.request.Request(
                    server.base_url + "/chat/completions",
                    data=json.dumps({"model": "any", "messages": MESSAGES}).encode(),
                    headers={"Content-Type": "application/json"},
                ),
                timeout=10,
            )
        except Exception as e:  # the connection is dropped on stop
            errors.append(e)

    t = threading.Thread(target=client, daemon=True)
    t.start()
    wait_until(lambda: server.requests, 5, "the request to reach the server")
    t0 = time.monotonic()
    server.stop()
    assert time.monotonic() - t0 < 5  # the request hangs forever: stop does not wait for it
    t.join(2)
    assert not t.is_alive()
    assert errors


def test_litellm_retries_by_default_via_openai_sdk(server):
    """Without num_retries/max_retries the openai SDK retries 5xx/429 twice
    (3 requests).  retry-after-ms keeps the back-off short here."""
    fast = {"retry-after-ms": "10"}
    server.script(Reply.server_error(headers=fast), Reply.rate_limited(headers=fast), Reply("ok"))
    resp = litellm.completion(
        model="openai/any", api_base=server.base_url, api_key="sk-test", messages=MESSAGES
    )
    assert resp.choices[0].message.content == "ok"
    assert [h["x-stainless-retry-count"] for h in server.request_headers] == ["0", "1", "2"]
