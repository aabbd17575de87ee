"""Every provider fault, seen through the session: one sentence, the map unchanged, the user's words kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.llm import Reply, closed_port, make_engine

from cjm_assistant.engines.base import EngineError
from cjm_assistant.export.jsonio import from_json
from cjm_assistant.session import Session
from cjm_assistant.store import Store

pytestmark = pytest.mark.usefixtures("fake_key")

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sweet-crumbs.json"
INSTRUCTION = "add a stage Reviews after Delivery"
# A model cut off at its limit on an instruction the rules can read leaves the rules to read it (see
# test_llm_small_models); this fault is shown with one they cannot.
BY_RULE_ONLY_IF_READABLE = {"reply cut at the length limit": "make the whole map feel warmer and friendlier"}

FAULTS = {
    # name: (scripted replies, engine settings, expected kind, start of the sentence)
    "rate limit": ([Reply.rate_limited(headers={"retry-after-ms": "10"}) for _ in range(2)], {"max_retries": 1},
                   "rate_limit", "The model provider is rate-limiting requests (429)."),
    "server error": ([Reply.server_error()], {"max_retries": 0}, "server",
                     "The model provider had a server error (500)."),
    "timeout": ([Reply("never", hang=True)], {"timeout": 1, "max_retries": 0}, "timeout",
                "The model did not answer within 1 seconds."),
    "bad key": ([Reply.unauthorized()], {}, "auth", "The provider refused the API key (401)."),
    "unknown model": ([Reply.not_found_model()], {}, "not_found", "The provider does not know the model"),
    "context too long": ([Reply.context_too_long()], {}, "context",
                         "The request is too long for this model's context window."),
    "empty reply": ([Reply("")], {"max_retries": 0}, "empty", "The model sent back an empty reply."),
    "truncated stream": ([Reply('{"ops": [{"op": "add_stage", "name": "Rev', truncate_stream=True)], {},
                         "connection", "The connection dropped in the middle of the model's reply."),
    "reply cut at the length limit": ([Reply('{"ops": [{"op": "add_st', finish_reason="length")],
                                      {"max_retries": 0}, "truncated", "The model's reply was cut off"),
    "not JSON at all": ([Reply("Sure! I'd add a Reviews stage.") for _ in range(3)], {"max_retries": 1},
                        "bad_output", "The model's reply did not fit the expected format"),
}


@pytest.fixture
def session(server, tmp_db):
    session = Session(Store.open(tmp_db), make_engine(server))
    session.import_map(from_json(EXAMPLE.read_text(encoding="utf-8")), EXAMPLE.name)
    return session


def _with_engine(session: Session, server, **settings) -> Session:
    session.set_engine(make_engine(server, **settings))
    return session


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_fault_gives_one_sentence_keeps_the_words_and_leaves_the_map(fault, server, session):
    replies, settings, kind, sentence = FAULTS[fault]
    server.script(*replies)
    _with_engine(session, server, **settings)
    before, head = session.journey, session.head
    instruction = BY_RULE_ONLY_IF_READABLE.get(fault, INSTRUCTION)

    with pytest.raises(EngineError) as info:
        session.instruct(instruction)

    assert info.value.kind == kind
    assert str(info.value).startswith(sentence)
    assert "\n" not in str(info.value).strip()  # one sentence or two, on one line
    assert session.head == head and session.journey == before
    assert session.store.load(session.map_id) == before
    said = [(m.role, m.content) for m in session.store.messages(map_id=session.map_id)]
    assert ("user", instruction) in said
    assert said[-1][0] == "assistant" and sentence in said[-1][1]


def test_connection_refused_through_the_session(session):
    session.set_engine(make_engine(None, api_base=f"http://127.0.0.1:{closed_port()}/v1", max_retries=0))
    before = session.journey

    # (An instruction the offline rules can read is read by them instead: test_s17_y17.)
    unreadable = BY_RULE_ONLY_IF_READABLE["reply cut at the length limit"]
    with pytest.raises(EngineError, match="Could not connect to the model"):
        session.instruct(unreadable)

    assert session.store.load(session.map_id) == before
    assert ("user", unreadable) in [(m.role, m.content) for m in session.store.messages(map_id=session.map_id)]


def test_the_session_keeps_working_after_a_fault(server, session):
    server.script(Reply.server_error())
    _with_engine(session, server, max_retries=0)
    with pytest.raises(EngineError):
        session.instruct(INSTRUCTION)

    server.script(Reply.json({"ops": [{"op": "add_stage", "name": "Reviews", "after": "Delivery"}],
                              "reply": "Added a Reviews stage."}))
    proposal = session.instruct(INSTRUCTION)
    version = session.accept(proposal)

    assert version == 2
    assert "Reviews" in [s.name for s in session.journey.stages]
