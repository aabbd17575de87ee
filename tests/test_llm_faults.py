"""Provider failures: each becomes one EngineError sentence with a kind, and nothing is proposed."""

from __future__ import annotations

import time

import pytest
from tests.support.llm import WHOLE, Reply, closed_port, map_data, profile
from tests.support.llm import make_engine as _make_engine

from cjm_assistant.engines.base import EngineError
from cjm_assistant.engines.llm.errors import retry_after, scrub, to_engine_error

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.usefixtures("fake_key", "warm_litellm")]




def make_engine(server, **settings):
    settings.setdefault("model", WHOLE)  # a draft in one reply, as these tests script it
    return _make_engine(server, **settings)


def fail(engine) -> EngineError:
    with pytest.raises(EngineError) as info:
        engine.propose_map(profile())
    return info.value


def test_a_rate_limit_is_retried_after_retry_after(server):
    server.script(Reply.rate_limited(retry_after=1), Reply.json(map_data()))
    engine = make_engine(server)
    started = time.monotonic()
    assert len(engine.propose_map(profile()).journey.stages) == 5
    assert time.monotonic() - started >= 0.9  # it waited as asked
    assert [r["outcome"] for r in engine.records] == ["retry", "ok"]
    assert engine.records[0]["error"].startswith("rate_limit: The model provider is rate-limiting requests (429).")
    assert engine.records[0]["prompt_tokens"] == 0  # refused before any work
    assert len(server.requests) == 2


def test_rate_limits_beyond_max_retries_give_one_sentence(server):
    fast = {"retry-after-ms": "10"}
    server.script(*[Reply.rate_limited(headers=fast) for _ in range(3)])
    error = fail(make_engine(server, max_retries=2))
    assert error.kind == "rate_limit"
    assert str(error) == ("The model provider is rate-limiting requests (429). Wait a minute and try again, "
                          "or switch models with /model.")
    assert len(server.requests) == 3


def test_a_retry_after_longer_than_the_cap_is_reported_not_waited(server):
    server.script(Reply.rate_limited(retry_after=3600))
    started = time.monotonic()
    error = fail(make_engine(server))
    assert time.monotonic() - started < 60  # not the hour it asked for
    assert "asks to wait 3600 seconds" in str(error)


def test_a_server_error_is_retried_then_reported(server):
    server.script(Reply.server_error(), Reply.json(map_data()))
    assert len(make_engine(server, max_retries=1).propose_map(profile()).journey.stages) == 5

    server.script(Reply.server_error())
    error = fail(make_engine(server, max_retries=0))
    assert error.kind == "server"
    assert str(error) == "The model provider had a server error (500). Try again in a moment, or switch models with /model."


def test_a_hang_times_out(server):
    server.script(Reply("never", hang=True))
    started = time.monotonic()
    error = fail(make_engine(server, timeout=1))
    assert time.monotonic() - started < 25  # the 1 s timeout, not a hang
    assert error.kind == "timeout"
    assert str(error).startswith("The model did not answer within 1 seconds. Try again, raise `timeout`")


def test_connection_refused():
    engine = make_engine(None, api_base=f"http://127.0.0.1:{closed_port()}/v1")
    error = fail(engine)
    assert error.kind == "connection"
    assert str(error).startswith("Could not connect to the model at http://127.0.0.1:")
    assert "nothing is listening there (connection refused). Start the model server" in str(error)
    assert "work offline with /model playbook" in str(error)  # session 17: the way on without the model


def test_a_stream_that_drops_midway(server):
    server.script(Reply.json(map_data(), truncate_stream=True))
    error = fail(make_engine(server))
    assert error.kind == "connection"
    assert str(error).startswith("The connection dropped in the middle of the model's reply.")
    assert len(server.requests) == 1  # part of a reply was shown: no silent retry


def test_unauthorized(server):
    server.script(Reply.unauthorized())
    error = fail(make_engine(server))
    assert error.kind == "auth"
    assert str(error) == ("The provider refused the API key (401). Check that OPENAI_API_KEY holds a valid key in "
                          "the environment (cjm never stores keys), then try again.")
    assert "sk-test" not in str(error)


def test_model_not_found(server):
    server.script(Reply.not_found_model())
    error = fail(make_engine(server, model="openai/any"))
    assert error.kind == "not_found"
    assert str(error).startswith("The provider does not know the model 'openai/any' (404).")


def test_context_too_long(server):
    server.script(Reply.context_too_long())
    error = fail(make_engine(server))
    assert error.kind == "context"
    assert str(error).startswith("The request is too long for this model's context window.")


def test_empty_reply(server):
    server.default = Reply("")  # the whole map, then (in steps) the stage names
    error = fail(make_engine(server))
    assert error.kind == "empty"
    assert str(error) == "The model sent back an empty reply. Try again, or switch models with /model."


def test_another_bad_request_quotes_the_provider_scrubbed(server):
    server.script(Reply(status=400, error={"error": {"message": "temperature must be at most 2 (key sk-abcdef123456)",
                                                     "type": "invalid_request_error", "param": None, "code": None}}))
    error = fail(make_engine(server))
    assert error.kind == "bad_request"
    assert "temperature must be at most 2" in str(error)
    assert "sk-abcdef123456" not in str(error)


def test_every_attempt_is_recorded(server):
    fast = {"retry-after-ms": "10"}
    server.script(Reply.server_error(headers=fast), Reply.rate_limited(headers=fast), Reply.json(map_data()))
    engine = make_engine(server)
    engine.propose_map(profile())
    assert [r["outcome"] for r in engine.records] == ["retry", "retry", "ok"]
    assert [r["error"].split(":")[0] for r in engine.records[:2]] == ["server", "rate_limit"]


# -- the mapping itself ----------------------------------------------------------------


class _Headers(dict):
    def get(self, key, default=None):
        return super().get(key.lower(), default)


class _FakeRateLimit(Exception):
    status_code = 429

    def __init__(self, message, headers):
        super().__init__(message)
        self.litellm_response_headers = _Headers(headers)


def test_retry_after_reads_seconds_milliseconds_and_dates():
    assert retry_after(_FakeRateLimit("slow down", {"retry-after": "7"})) == 7
    assert retry_after(_FakeRateLimit("slow down", {"retry-after-ms": "250"})) == 0.25
    when = retry_after(_FakeRateLimit("x", {"retry-after": "Wed, 21 Oct 2015 07:28:10 GMT"}), now=1445412480.0)
    assert when == 10
    assert retry_after(_FakeRateLimit("x", {})) is None


def test_out_of_quota_is_not_retried():
    error = to_engine_error(_FakeRateLimit("You exceeded your current quota (insufficient_quota)", {}))
    assert error.kind == "rate_limit" and not error.retryable
    assert "out of credit or quota" in str(error)


def test_scrub_removes_key_like_strings():
    text = scrub("litellm.AuthenticationError: OpenAIException - Incorrect API key provided: sk-proj-abc123def456")
    assert text == "Incorrect API key provided: [redacted]"


def test_a_refused_temperature_is_dropped_and_remembered(server):
    refusal = Reply(status=400, error={"error": {
        "message": "Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) "
                   "value is supported.", "type": "invalid_request_error", "param": "temperature",
        "code": "unsupported_value"}})
    server.script(refusal, Reply.json(map_data()), Reply.json(map_data()))
    engine = make_engine(server)
    engine.propose_map(profile())
    engine.propose_map(profile())
    assert server.requests[0]["temperature"] == 0.2
    assert "temperature" not in server.requests[1] and "temperature" not in server.requests[2]
    assert [r["outcome"] for r in engine.records] == ["fallback", "ok", "ok"]
