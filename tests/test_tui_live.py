"""What happens while the user works, at 80x24 and at 120x40 (issue 14 items 2 and 6; issue 13 item 9).

The map grows as the interview goes, as a draft; the chat says who speaks in
words; Esc stops the reading of an answer; the guesses and evidence reports
are saved in the conversation; a change made by another process (the CLI)
is shown, and undo undoes it only once it has been shown.
"""

from __future__ import annotations

import threading

from tests.support.tui import chat_texts, example_map, make_app, new_interview, notifications, open_saved, send, settle, wait_for
from tests.support.sizes import BUSINESS, app_with_map, opened, rename_elsewhere, sized

from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.store import Store
from cjm_assistant.tui.widgets import chat_pane as chat_pane_module
from cjm_assistant.tui.widgets.chat import ChatMessage
from cjm_assistant.tui.widgets.chat_input import ChatInput

def about(app) -> str:
    return str(app.main.query_one("#map-about").render())


@sized
async def test_the_map_grows_as_a_draft_while_the_interview_goes(tmp_path, size):
    db = tmp_path / "cjm.db"
    app = make_app(db)
    async with app.run_test(size=size) as pilot:
        await new_interview(pilot, app)
        pane = app.main.map_pane
        assert pane.journey is None
        await send(pilot, app, BUSINESS)
        assert pane.mode == "draft" and pane.journey.stages
        assert "DRAFT" in pane.border_title
        assert "Business: Fern & Clay" in about(app) and "Persona: (not yet)" in about(app)
        for answer in ("six-week courses and drop-in taster sessions", "B2C, adults after a hobby",
                       "booking a first taster session", "current state", "Instagram, our website, email"):
            await send(pilot, app, answer)
        assert "Instagram" in about(app)
        await send(pilot, app, "Weekend learner Sam, an office worker who wants a creative hobby")
        assert "Persona: Weekend learner Sam" in about(app)
        if size[0] < 100:  # the map is a tab: it says it holds a draft
            assert "draft" in str(app.main.query_one("#show-map").label)
            await pilot.press("f2")
            await pilot.pause()
            assert pane.display and "Fern & Clay" in about(app)
        with Store.open(db) as store:
            assert store.list_maps() == []  # a draft is never saved


@sized
async def test_the_chat_says_who_speaks_in_words(tmp_path, size):
    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=size) as pilot:
        await new_interview(pilot, app)
        await send(pilot, app, BUSINESS)
        sources = {m.role: m.source for m in app.main.query(ChatMessage)}
        assert sources["user"].startswith("**You:** Fern & Clay")
        assert sources["assistant"].startswith("**cjm:**")
        app.main.chat_pane.chat.problem("the model did not answer", [])
        await pilot.pause()
        assert list(app.main.query(ChatMessage))[-1].source.startswith("⚠ ")


class SlowEngine(PlaybookEngine):
    """The playbook, except that reading an answer waits (as a model would) until ``go`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.go, self.reading = threading.Event(), threading.Event()

    def extract(self, *args, **kwargs):
        self.reading.set()
        self.go.wait(20)
        return super().extract(*args, **kwargs)


@sized
async def test_esc_cancels_the_reading_of_an_interview_answer(tmp_path, size):
    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=size, notifications=True) as pilot:
        await new_interview(pilot, app)
        engine = SlowEngine()
        app.session.set_engine(engine)
        box = app.screen.query_one(ChatInput)
        box.load_text(BUSINESS)
        await pilot.press("enter")
        await wait_for(pilot, engine.reading.is_set, what="the answer to be read")
        assert app.main.driver.busy == "answer"
        await pilot.press("escape")
        await settle(pilot, app, timeout=5)  # at once: the engine is still "reading"
        engine.go.set()
        assert app.session.interview.state.position == 0  # the same question is asked
        assert "Cancelled; the map is as it was." in notifications(app)
        assert any(text.startswith("Cancelled: that answer was not taken in") for text in chat_texts(app))
        app.session.set_engine(PlaybookEngine())
        await send(pilot, app, BUSINESS)
        assert app.session.interview.state.position == 1


@sized
async def test_the_guesses_and_evidence_reports_are_saved_in_the_conversation(tmp_path, size):
    app = app_with_map(tmp_path)
    db, map_id = app.test_db, app.test_map_id
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app)
        await send(pilot, app, "/guesses")
        await send(pilot, app, "/evidence")
    with Store.open(db) as store:
        saved = [m for m in store.messages(map_id=map_id) if (m.meta or {}).get("report")]
    assert [m.meta["report"] for m in saved] == ["guesses", "evidence"]
    assert saved[0].content.startswith("**What still rests on guesses**")
    again = make_app(db)
    async with again.run_test(size=size) as pilot:
        await open_saved(pilot, again, map_id)  # they come back with the map
        assert saved[0].content in chat_texts(again) and saved[1].content in chat_texts(again)


@sized
async def test_a_change_made_by_another_process_is_shown_and_only_then_undone(tmp_path, size, monkeypatch):
    monkeypatch.setattr(chat_pane_module, "WATCH_EVERY", 0.2)
    first = example_map().stages[0].name
    app = app_with_map(tmp_path)
    async with app.run_test(size=size, notifications=True) as pilot:
        await opened(pilot, app)
        rename_elsewhere(app, first, "Looking around", "user via playbook")  # `cjm refine` from another shell
        pane = app.main.map_pane
        await wait_for(pilot, lambda: pane.journey.stages[0].name == "Looking around", what="the change to show")
        assert app.session.head == 2
        assert "Now at v2, saved by you, proposed by playbook." in notifications(app)
        assert any("The map changed in another window: now at v2" in text for text in chat_texts(app))
        assert "saved v2" in app.main.query_one("#status").state
        await pilot.press("ctrl+z")  # shown: undo undoes it, and says whose it was
        await settle(pilot, app)
        assert app.session.head == 1 and pane.journey.stages[0].name == first
        assert any(n.startswith("Undid v2 by you, proposed by playbook") for n in notifications(app))


@sized
async def test_undo_never_undoes_a_change_made_elsewhere_that_was_not_shown(tmp_path, size, monkeypatch):
    monkeypatch.setattr(chat_pane_module, "WATCH_EVERY", 3600)  # the change lands between two looks
    app = app_with_map(tmp_path)
    async with app.run_test(size=size, notifications=True) as pilot:
        await opened(pilot, app)
        rename_elsewhere(app, example_map().stages[0].name, "Looking around", "llm:gpt")
        await pilot.press("ctrl+z")
        await settle(pilot, app)
        assert app.session.head == 2  # nothing undone...
        assert app.main.map_pane.journey.stages[0].name == "Looking around"  # ...but shown now
        assert any("changed in another window: now at v2 (llm:gpt" in text and "nothing was undone" in text
                   for text in chat_texts(app))
        await pilot.press("ctrl+z")
        await settle(pilot, app)
        assert app.session.head == 1


@sized
async def test_a_resumed_interview_shows_the_draft_its_answers_give(tmp_path, size):
    db = tmp_path / "cjm.db"
    first = make_app(db)
    async with first.run_test(size=size) as pilot:
        await new_interview(pilot, first)
        await send(pilot, first, BUSINESS)
    again = make_app(db)
    async with again.run_test(size=size) as pilot:
        await settle(pilot, again)
        await pilot.press("ctrl+r")
        await settle(pilot, again)
        assert again.main.map_pane.mode == "draft" and "Business: Fern & Clay" in about(again)


@sized
async def test_the_interview_asks_nothing_twice_and_reads_same_as_above_as_a_reference(tmp_path, size):
    from cjm_assistant.tui.screens.review import ReviewScreen

    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=size) as pilot:
        await new_interview(pilot, app)
        for answer in (BUSINESS, "six-week courses and taster sessions", "B2C, adults after a hobby",
                       "booking a first taster session", "current state", "Instagram, our website, email",
                       "Weekend learner Sam, an office worker", "a creative hobby",
                       "classes full for weeks; no prices on the website", "same as above", "no"):
            await send(pilot, app, answer)
        assert app.session.interview.state.profile.personas[0].channels == ["Instagram", "Website", "Email"]
        asked = chat_texts(app)[-1]
        assert "Besides those frustrations" in asked and "already know about" not in asked
        await send(pilot, app, "Same as above really")
        assert any(text.startswith("Read that as the same as your earlier answer (“classes full for weeks")
                   for text in chat_texts(app))
        await send(pilot, app, "/draft")
        if app.session.interview is not None and app.session.interview.state.confirming:
            await send(pilot, app, "ok")  # this studio's industry is unsure: its proposed stages are shown first
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the review")
        pains = [p.name.casefold() for s in app.screen.proposal.journey.stages for p in s.pain_points]
        assert not any("same as above" in p for p in pains)
        assert len(pains) == len(set(pains))  # the frustrations the reference points to are not doubled
        assert any("no prices" in p for p in pains)


@sized
async def test_esc_during_a_step_that_cannot_stop_half_way_says_so(tmp_path, size):
    app = app_with_map(tmp_path)
    async with app.run_test(size=size, notifications=True) as pilot:
        await opened(pilot, app)
        go, exporting = threading.Event(), threading.Event()
        export = app.session.export

        def slow_export(*args, **kwargs):
            exporting.set()
            go.wait(20)
            return export(*args, **kwargs)

        app.session.export = slow_export
        app.main.driver.export("md", str(tmp_path / "map.md"))
        await wait_for(pilot, exporting.is_set, what="the export to start")
        await pilot.press("escape")
        await pilot.pause()
        assert "Still exporting: this step cannot be stopped half-way and ends in a moment." in notifications(app)
        go.set()
        await settle(pilot, app)
        assert (tmp_path / "map.md").exists()  # it ended, and nothing was lost
