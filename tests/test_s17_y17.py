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
