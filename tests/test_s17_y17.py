"""Session 17, y17: a configured model that is slow to load, not there, or misbehaving (walk17 findings 14, 15).

* The app stays typeable while the model client loads, and a message sent meanwhile is shown and kept at once
  (Ctrl+C while it waits keeps it in the conversation).
* A refused connection fails fast, says how to go on offline, and a refinement the offline rules understand is
  made by them, saying so.
* Each failure says what happened: a reply that was not JSON, JSON that did not fit, no map made yet.

Nothing here reaches the network: the model is litellm against the scripted server on 127.0.0.1, or a port
nothing listens on.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from tests.support.tui import chat_roles, chat_texts, open_saved, saved_map, settle, wait_for

from cjm_assistant.store import Store
from cjm_assistant.tui.app import CjmApp
from cjm_assistant.tui.widgets.chat_input import ChatInput

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.usefixtures("fake_key", "warm_litellm")]
SIZE = (120, 40)


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------
# 1. The model client loading (finding 15)


@pytest.fixture
def slow_client(monkeypatch):
    """The model client takes as long as the test says: it has loaded once ``loaded`` is set."""
    from cjm_assistant.session import Session

    loaded = threading.Event()

    def warm_up(self):
        if self.settings is not None and self.settings.model:
            loaded.wait(30)

    monkeypatch.setattr(Session, "warm_up", warm_up)
    yield loaded
    loaded.set()


async def test_a_message_sent_while_the_model_client_loads_is_shown_and_saved_at_once(tmp_path, server, slow_client):
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = CjmApp(db=str(db), model="openai/any", api_base=server.base_url)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        assert not app.model_ready.is_set()
        box = app.screen.query_one(ChatInput)
        box.load_text("what hurts most on this map?")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "what hurts most on this map?" in chat_texts(app), timeout=5,
                       what="the question in the chat while the client loads")
        await wait_for(pilot, lambda: any("Loading the model client" in t for t in chat_texts(app)), timeout=5,
                       what="the notice that the client is loading")
        texts = chat_texts(app)
        assert texts.index("what hurts most on this map?") < \
            next(i for i, t in enumerate(texts) if "Loading the model client" in t)  # the words first
        with Store.open(db) as store:
            assert [m.content for m in store.messages(map_id=map_id) if m.role == "user"][-1] \
                == "what hurts most on this map?"
        await pilot.press("ctrl+c")  # the user gives up waiting
        await wait_for(pilot, lambda: app.main.driver.busy is None, timeout=5, what="the wait to stop")
        assert any("Cancelled" in t for t in chat_texts(app))
        assert "what hurts most on this map?" in chat_texts(app)  # still in the conversation
        assert server.requests == []
    with Store.open(db) as store:
        said = [(m.role, m.content) for m in store.messages(map_id=map_id)]
    assert ("user", "what hurts most on this map?") in said


async def test_a_message_sent_while_the_client_loads_is_answered_once_it_has_loaded(tmp_path, server, slow_client):
    from tests.support.llm import Reply

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    server.script(Reply("Checkout is where it hurts most."))
    app = CjmApp(db=str(db), model="openai/any", api_base=server.base_url)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        app.screen.query_one(ChatInput).load_text("which stage hurts most?")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "which stage hurts most?" in chat_texts(app), timeout=5, what="the question")
        assert server.requests == []  # not before the client has loaded
        slow_client.set()
        await settle(pilot, app)
        assert any("Checkout is where it hurts most." in t for t in chat_texts(app))
        assert chat_roles(app).count("user") >= 1


async def test_keys_typed_while_the_client_loads_hold_its_import_back(tmp_path, server, slow_client):
    from cjm_assistant.engines.llm import runtime

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = CjmApp(db=str(db), model="openai/any", api_base=server.base_url)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        box = app.screen.query_one(ChatInput)
        box.focus()
        before = time.monotonic()
        await pilot.press("h", "i")
        assert box.text == "hi"
        assert runtime._held_until > before  # the preload waits while the user types
        slow_client.set()
        await wait_for(pilot, app.model_ready.is_set, what="the client to load")
        runtime._held_until = 0.0
        await pilot.press("!")
        assert runtime._held_until == 0.0  # nothing to hold once it has loaded


def test_a_held_preload_waits_before_its_next_module_and_other_threads_do_not(tmp_path, monkeypatch):
    from cjm_assistant.engines.llm import runtime

    for name in ("s17_held_a", "s17_held_b"):
        (tmp_path / f"{name}.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    took: dict[str, float] = {}

    def preload_thread() -> None:
        with runtime._YieldingImports(threading.get_ident()):
            started = time.monotonic()
            import s17_held_a  # noqa: F401
            took["preload"] = time.monotonic() - started

    runtime.hold_preload(0.5)
    worker = threading.Thread(target=preload_thread)
    worker.start()
    time.sleep(0.1)  # the preload is waiting now
    started = time.monotonic()
    import s17_held_b  # noqa: F401 - the user's thread is never held
    took["other"] = time.monotonic() - started
    worker.join(5)
    assert took["preload"] >= 0.35
    assert took["other"] < 0.3
    runtime._held_until = 0.0
    from importlib.machinery import SourceFileLoader

    assert "exec_module" not in SourceFileLoader.__dict__  # put back as it was


# ---------------------------------------------------------------------------
# 2. Nothing listening at the model's address (finding 14)


def refine(db, map_id: str, words: str, api_base: str, capsys) -> tuple[int, str, str]:
    from cjm_assistant import cli

    code = cli.main(["--db", str(db), "refine", map_id, words, "--model", "openai/any", "--api-base", api_base])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("words, stage, emotion", [
    ("make Checkout very negative", "Checkout", -2),  # the tester's own kind of instruction
    ("make Discover very positive", "Discover", 2),  # other stages, other feelings
    ("Consider should feel negative", "Consider", -1),
])
def test_a_refinement_the_rules_understand_is_made_offline_when_nothing_listens(tmp_path, capsys, words, stage,
                                                                                emotion):
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    started = time.monotonic()
    code, out, err = refine(db, map_id, words, f"http://127.0.0.1:{closed_port()}/v1", capsys)
    took = time.monotonic() - started
    assert code == 0, err
    assert "connection refused" in out and "cjm read the instruction by rule instead" in out  # who answered
    assert "Saved version 2." in out
    with Store.open(db) as store:
        journey = store.load(map_id)
    assert next(s for s in journey.stages if s.name == stage).emotion == emotion
    assert took < 8  # no waiting on a port nothing listens on (it was ~18 s)


@pytest.mark.parametrize("words", ["make the whole map feel warmer and friendlier",
                                   "what about a bit more flair for the deliveries"])
def test_a_refused_connection_fails_fast_and_says_how_to_go_on_offline(tmp_path, capsys, words):
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    port = closed_port()
    started = time.monotonic()
    code, out, err = refine(db, map_id, words, f"http://127.0.0.1:{port}/v1", capsys)
    assert code == 1
    assert time.monotonic() - started < 8
    assert f"Could not connect to the model at http://127.0.0.1:{port}/v1" in err
    assert "nothing is listening there (connection refused)" in err
    assert "--engine playbook" in err  # the way on, offline, as the command line spells it
    with Store.open(db) as store:
        assert len(store.history(map_id)) == 1


def test_the_check_that_something_listens_needs_no_litellm_call_and_records_the_failure():
    from cjm_assistant.config import Settings
    from cjm_assistant.engines.base import EngineError
    from cjm_assistant.engines.llm import LLMEngine
    from cjm_assistant.engines.llm.errors import listening_at

    records: list[dict] = []
    engine = LLMEngine(Settings(model="openai/any", api_base=f"http://localhost:{closed_port()}/v1"),
                       recorder=records.append)
    engine.client.extra_kwargs["mock_response"] = "never used"  # a call made anyway would succeed
    with pytest.raises(EngineError) as raised:
        engine.answer(__import__("tests.support.tui", fromlist=["example_map"]).example_map(), "what hurts?")
    assert raised.value.kind == "connection" and "/model playbook" in str(raised.value)  # the app's way
    assert [r["outcome"] for r in records] == ["error"]
    # Only addresses with no name to look up are probed; a provider's own address is left to the call.
    assert listening_at("http://127.0.0.1:8080/v1") == ("127.0.0.1", 8080)
    assert listening_at("http://[::1]:11434") == ("::1", 11434)
    assert listening_at("https://api.example.com/v1") is None
    assert listening_at(None) is None


# ---------------------------------------------------------------------------
# 3. What the server sent, said as it was (finding 14)


class RawServer:
    """A local HTTP server answering every POST with the same raw body (stdlib only, 127.0.0.1)."""

    def __init__(self, body: bytes):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        outer = self
        self.requests: list[dict] = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                import json

                length = int(self.headers.get("content-length") or 0)
                outer.requests.append(json.loads(self.rfile.read(length) or b"{}"))
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> RawServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def completion(content: str) -> bytes:
    """A whole (not streamed) chat completion, as a server that ignores ``stream`` sends it."""
    import json

    return json.dumps({"id": "c1", "object": "chat.completion", "created": 1, "model": "m",
                       "choices": [{"index": 0, "finish_reason": "stop",
                                    "message": {"role": "assistant", "content": content}}],
                       "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}}).encode()


@pytest.mark.parametrize("body", [b"\x00\xffnot json at all <html>", b"<html><body>It works!</body></html>"])
def test_a_reply_that_is_not_json_is_called_that(tmp_path, capsys, body):
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    with RawServer(body) as server:
        code, out, err = refine(db, map_id, "make the whole map feel warmer and friendlier", server.base_url, capsys)
    assert code == 1
    assert "its reply was not JSON" in err
    assert "connection dropped" not in err and "empty reply" not in err
    assert "--engine playbook" in err


def test_a_server_that_ignores_stream_is_read_whole():
    from cjm_assistant.config import Settings
    from cjm_assistant.engines.llm import LLMEngine
    from tests.support.tui import example_map

    with RawServer(completion("Checkout hurts most: the card form times out.")) as server:
        engine = LLMEngine(Settings(model="openai/any", api_base=server.base_url, max_retries=0))
        reply = engine.answer(example_map(), "which stage hurts most?")
        assert reply == "Checkout hurts most: the card form times out."
        assert server.requests[0].get("stream") is True and not server.requests[-1].get("stream")


@pytest.mark.parametrize("content", [
    '{"stages": [{"name": 42, "pain_points": "lots"}], "business": null}',  # the tester's reply
    '{"answer": "ok"}',
])
def test_json_of_another_shape_is_said_not_to_be_a_change(tmp_path, capsys, content):
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    with RawServer(completion(content)) as server:
        code, out, err = refine(db, map_id, "make the whole map feel warmer and friendlier", server.base_url, capsys)
    assert code == 1
    assert "did not fit the expected format" in err and 'it has no "ops"' in err
    assert "empty reply" not in err


def test_cjm_new_says_no_map_was_made_when_the_model_fails(tmp_path, capsys):
    from cjm_assistant import cli

    answers = Path(__file__).resolve().parent.parent / "examples" / "dental-clinic.toml"
    db = tmp_path / "cjm.db"
    code = cli.main(["--db", str(db), "new", "--answers", str(answers), "--model", "openai/any",
                     "--api-base", f"http://127.0.0.1:{closed_port()}/v1"])
    err = capsys.readouterr().err
    assert code == 1
    assert "No map was made." in err
    assert "the map is as it was" not in err
    with Store.open(db) as store:
        assert store.list_maps() == []
