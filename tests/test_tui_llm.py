"""The TUI with the LLM engine (real litellm) against the scripted server: streaming, Esc, errors."""

from __future__ import annotations

import pytest
from tests.support.llm import Reply, ScriptedServer, dumps, map_data
from tests.support.tui import chat_roles, chat_texts, new_interview, notifications, open_saved, saved_map, send, settle, wait_for

from cjm_assistant.config import Settings, engine_for
from cjm_assistant.engines.llm import LLMEngine
from cjm_assistant.store import Store
from cjm_assistant.tui.app import CjmApp
from cjm_assistant.tui.widgets.chat import ChatLog
from cjm_assistant.tui.widgets.chat_input import ChatInput

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.usefixtures("fake_key", "warm_litellm")]
SIZE = (120, 40)




def llm_app(db, server: ScriptedServer) -> CjmApp:
    app = CjmApp(db=str(db), model="openai/any", api_base=server.base_url)
    return app


async def test_the_app_uses_the_llm_engine_from_the_settings(tmp_path, server):
    engine = engine_for(Settings(model="openai/any", api_base=server.base_url))
    assert isinstance(engine, LLMEngine)
    app = llm_app(tmp_path / "cjm.db", server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.session.engine, LLMEngine)
        assert app.session.engine.name == engine.name
        await wait_for(pilot, app.model_ready.is_set, what="the model client to preload")


async def test_esc_cancels_a_streamed_proposal_and_the_map_stays_as_it_was(tmp_path, server):
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    reply = {"ops": [{"op": "add_stage", "name": "Onboarding", "after": "Checkout"},
                     {"op": "add_stage", "name": "Referral"}],
             "reply": "Two new stages. " + "Here is why they help the journey. " * 12}
    server.script(Reply(content=dumps(reply), chunk_delay=0.1, chunk_size=8))
    app = llm_app(db, server)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        box = app.screen.query_one(ChatInput)
        box.load_text("add a stage Onboarding after Checkout and a Referral stage at the end")
        await pilot.press("enter")
        chat = app.screen.query_one(ChatLog)
        await wait_for(pilot, lambda: chat._stream is not None, what="the proposal to stream in")
        assert "add stage" in chat._stream_text  # the proposed edits appear as they arrive
        assert app.main.driver.busy == "instruct"
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.session.head == 1
        assert [s.name for s in app.main.map_pane.journey.stages] == [s.name for s in app.session.journey.stages]
        assert "Onboarding" not in [s.name for s in app.session.journey.stages]
        assert any("Cancelled" in n for n in notifications(app))
        assert any("Cancelled" in t for t in chat_texts(app))
    with Store.open(db) as store:
        assert len(store.history(map_id)) == 1
        assert any(m.content.startswith("add a stage Onboarding") for m in store.messages(map_id=map_id))


async def test_esc_cancels_a_streamed_draft_map_while_it_grows_on_the_map_pane(tmp_path, server):
    from cjm_assistant.tui.widgets.status_bar import StatusBar

    db = tmp_path / "cjm.db"
    stage = {"goal": "find a cake", "emotion": 1, "actions": ["scrolls the photos", "asks a friend"],
             "touchpoints": [{"name": "Cake photos", "channel": "Instagram"}]}
    server.script(Reply.json({"stages": ["Discover", "Order", "Delivery", "After"]}), Reply.json(stage))
    server.default = Reply(content=dumps(stage), chunk_delay=0.1, chunk_size=4)  # a slow local model
    app = llm_app(db, server)
    async with app.run_test(size=SIZE) as pilot:
        await new_interview(pilot, app)
        await send(pilot, app, "Sweet Crumbs, a bakery selling custom cakes online")  # read without a model
        assert server.requests == []
        box = app.screen.query_one(ChatInput)
        box.load_text("/draft")
        await pilot.press("enter")
        pane, status = app.main.map_pane, app.main.query_one(StatusBar)
        await wait_for(pilot, lambda: pane.mode == "streaming" and pane.journey and len(pane.journey.stages) >= 2,
                       what="stages to appear on the map pane")
        assert pane.journey.stages[0].name == "Discover"
        # The status line shows the step in progress, its tokens so far and its seconds.
        await wait_for(pilot, lambda: "stage 2 of 4 “Order” · " in status.state and " tokens · " in status.state,
                       what="the draft's progress in the status line")
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.session.map_id is None
        assert pane.mode == "draft"  # back to the draft the answers give: there was no map before
    with Store.open(db) as store:
        assert store.list_maps() == []
        assert store.latest_interview() is not None  # the interview can be drafted again later


async def test_esc_cancels_a_model_reading_an_interview_answer(tmp_path, server):
    db = tmp_path / "cjm.db"
    server.default = Reply("never", hang=True)
    app = llm_app(db, server)
    async with app.run_test(size=SIZE) as pilot:
        await new_interview(pilot, app)
        box = app.screen.query_one(ChatInput)
        box.load_text("we're the crumb club lot, cakes for parties basically")  # the reader finds no name
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.main.driver.busy == "answer" and server.requests, what="the model call")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.main.driver.busy is None, what="the call to stop", timeout=10)
        assert any("Cancelled" in t for t in chat_texts(app))
        assert app.session.interview.state.answers == []  # the question is asked again
        assert len(server.requests) == 1  # and not retried after Esc


async def test_an_engine_error_is_a_notification_and_a_chat_message_and_the_words_are_kept(tmp_path, server):
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    server.default = Reply.server_error()
    app = llm_app(db, server)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        await send(pilot, app, "add a stage Onboarding after Checkout")
        assert chat_roles(app)[-1] == "error"
        assert chat_texts(app)[-1].startswith("⚠")
        assert any(n for n in notifications(app) if "server" in n.lower() or "provider" in n.lower())
        assert app.session.head == 1
    with Store.open(db) as store:
        messages = store.messages(map_id=map_id)
    assert messages[-2].role == "user" and messages[-2].content == "add a stage Onboarding after Checkout"
    assert messages[-1].role == "assistant" and messages[-1].meta and messages[-1].meta.get("error")


async def test_a_rate_limit_is_said_in_a_sentence(tmp_path, server):
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    server.default = Reply.rate_limited(retry_after=0)
    app = llm_app(db, server)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        await send(pilot, app, "what hurts most?")
        assert chat_roles(app)[-1] == "error"
        assert "rate" in chat_texts(app)[-1].lower()
        assert "Traceback" not in "".join(chat_texts(app))


async def test_a_draft_that_fails_half_way_leaves_the_map_pane_not_drafting(tmp_path, server):
    """Attack 14: after a draft failed (the model's reply broke off, then a rate limit), the map pane's title still
    read "Drafting… 2 stage(s) so far" as if work went on; it shows the draft from the answers again."""
    db = tmp_path / "cjm.db"
    stage = {"goal": "find a cake", "emotion": 1, "actions": ["scrolls the photos"],
             "touchpoints": [{"name": "Cake photos", "channel": "Instagram"}]}
    server.script(Reply.json({"stages": ["Discover", "Order", "Delivery", "After"]}), Reply.json(stage),
                  Reply(content=dumps(stage), chunk_delay=0.3, chunk_size=4))
    server.default = Reply.server_error()
    app = llm_app(db, server)
    async with app.run_test(size=SIZE) as pilot:
        await new_interview(pilot, app)
        await send(pilot, app, "Sweet Crumbs, a bakery selling custom cakes online")
        box = app.screen.query_one(ChatInput)
        box.load_text("/draft")
        await pilot.press("enter")
        pane = app.main.map_pane
        await wait_for(pilot, lambda: pane.mode == "streaming", what="the draft to stream onto the map pane")
        await settle(pilot, app, timeout=60)
        assert chat_roles(app)[-1] == "error"
        assert pane.mode == "draft" and not str(pane.border_title).startswith("Drafting")
        assert app.session.map_id is None
