"""What an outside tester found in the TUI (attack 2), driven with Pilot at 80x24 on the playbook engine."""

from __future__ import annotations

from tests.support.tui import chat_texts, make_app, send, settle, wait_for

from cjm_assistant.store import Store
from cjm_assistant.tui.screens.confirm import ConfirmScreen
from cjm_assistant.tui.screens.review import ReviewScreen
from cjm_assistant.tui.screens.welcome import WelcomeScreen

SIZE = (80, 24)
BUSINESS = "Sweet Crumbs, a bakery in Leeds selling custom cakes"
HINT = "type `draft` to draft the journey map"


async def _draft_on_screen(pilot, app) -> None:
    await settle(pilot, app)
    await pilot.press("n")
    await settle(pilot, app)
    await send(pilot, app, BUSINESS)
    await send(pilot, app, "draft", typed=True)
    await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")


async def test_quitting_on_an_unsaved_proposal_asks_first(tmp_path):
    db = tmp_path / "cjm.db"
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await _draft_on_screen(pilot, app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "not saved" in app.screen.question
        await pilot.press("n")  # stay: the proposal is still there to accept
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.return_code is not None  # quit, after asking
    with Store.open(db) as store:
        assert store.list_maps() == []


async def test_quitting_with_no_proposal_does_not_ask(tmp_path):
    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code is not None


async def test_resuming_an_interview_ready_to_draft_says_how_to_draft(tmp_path):
    db = tmp_path / "cjm.db"
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await _draft_on_screen(pilot, app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()

    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("r")
        await settle(pilot, app)
        texts = chat_texts(app)
        assert texts[-2].startswith("Welcome back") and HINT in texts[-1]
        await send(pilot, app, "draft", typed=True)  # and the hint works
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")


async def test_a_draft_set_aside_says_how_to_draft_again(tmp_path):
    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=SIZE) as pilot:
        await _draft_on_screen(pilot, app)
        await pilot.press("r")
        await settle(pilot, app)
        assert HINT in chat_texts(app)[-1]


async def test_a_business_name_in_another_script_reaches_the_live_draft(tmp_path):
    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        await send(pilot, app, "مخبز الأمل (Bakery of Hope), an online bakery in Leeds selling custom cakes")
        assert app.session.interview.state.profile.business_name == "مخبز الأمل"
        assert app.session.sketch().business.name == "مخبز الأمل"
