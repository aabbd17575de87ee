"""Typing a message while a proposal is under review decides nothing: "/export docs" and Enter, typed as in the
chat, held the x of All/none (every part unticked), a space ticked a part, and the Enter accepted the proposal
(attack 14). After a pause the review's keys work again."""

from __future__ import annotations

import asyncio

from cjm_assistant.tui.screens import review
from cjm_assistant.tui.screens.review import ReviewScreen
from cjm_assistant.tui.widgets.tick_list import TickList
from tests.support.tui import make_app, open_saved, saved_map, send, settle, wait_for

SIZE = (120, 40)


async def test_typed_words_and_enter_do_not_decide_a_proposal_then_a_pause_does(tmp_path, monkeypatch):
    monkeypatch.setattr(review, "TYPING_PAUSE", 0.5)
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        await send(pilot, app, "add a stage Aftercare after Checkout")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")
        parts = app.screen.query_one(TickList)
        assert len(parts.selected) == 1
        for key in ["slash", *"export", "space", *"docs", "enter"]:
            await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen), "the Enter after typed words accepted the proposal"
        assert len(parts.selected) == 1, "a typed x or space changed the ticks"
        assert app.session.head == 1
        await asyncio.sleep(0.7)  # a pause: the review's keys decide again
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.session.head == 2
        assert "Aftercare" in [s.name for s in app.session.journey.stages]


async def test_what_was_typed_over_a_review_is_in_the_chat_box_after_it(tmp_path, monkeypatch):
    """Typed over the review, '/export docs' decided nothing and was lost: it waits in the chat box once the
    proposal is decided, to send with Enter."""
    from cjm_assistant.tui.widgets.chat_input import ChatInput

    monkeypatch.setattr(review, "TYPING_PAUSE", 0.5)
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        await send(pilot, app, "add a stage Aftercare after Checkout")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")
        for key in ["slash", *"exporr", "backspace", "t", "space", *"docs", "enter"]:
            await pilot.press(key)
        await asyncio.sleep(0.7)
        await pilot.press("enter")  # accepts, after the pause
        await settle(pilot, app)
        assert app.session.head == 2
        chat = app.screen.query_one(ChatInput)
        assert chat.text == "/export docs"
        assert app.focused is chat


async def test_a_word_starting_with_a_review_letter_is_typing_and_the_letter_alone_still_acts(tmp_path, monkeypatch):
    """'xmas rush...' typed over a review unticked every part on its x, and 'now rename...' opened the notes on its
    n (attack 16): a review letter waits a moment for a next letter. Alone, x still ticks and unticks all."""
    from cjm_assistant.tui.widgets.chat_input import ChatInput

    monkeypatch.setattr(review, "TYPING_PAUSE", 0.5)
    monkeypatch.setattr(review, "LETTER_WAIT", 1.5)  # Pilot sends a key once the last is drawn (0.4 s on a busy box)
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        await send(pilot, app, "add a stage Aftercare after Checkout")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")
        parts = app.screen.query_one(TickList)
        for key in [*"xmas", "space", *"rush"]:
            await pilot.press(key)
        await asyncio.sleep(review.LETTER_WAIT + 0.2)
        assert isinstance(app.screen, ReviewScreen) and len(parts.selected) == 1, "the x of 'xmas' unticked the parts"
        await asyncio.sleep(0.5)
        await pilot.press("x")  # alone: All/none
        await wait_for(pilot, lambda: len(parts.selected) == 0, what="x alone to untick every part")
        await pilot.press("x")
        await wait_for(pilot, lambda: len(parts.selected) == 1, what="x again to tick them")
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen.query_one(ChatInput).text == "xmas rush"


async def test_x_then_enter_at_once_does_both(tmp_path):
    """x (untick all) then Enter straight away: the Enter is not lost while x waits for a next letter; it unticks
    every part and then says nothing is ticked (attack 15's walk pressed them so)."""
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        await send(pilot, app, "add a stage Aftercare after Checkout")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")
        await asyncio.sleep(review.TYPING_PAUSE + 0.1)
        await pilot.press("x", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and len(app.screen.query_one(TickList).selected) == 0
        assert "Nothing is ticked" in [str(n.message) for n in app._notifications][-1]
        assert app.session.head == 1
