"""What an outside tester found in the TUI (attack 2), driven with Pilot at 80x24 on the playbook engine."""

from __future__ import annotations

from tests.support.tui import chat_texts, make_app, new_interview, send, settle, wait_for

from cjm_assistant.store import Store
from cjm_assistant.tui.screens.confirm import ConfirmScreen
from cjm_assistant.tui.screens.review import ReviewScreen
from cjm_assistant.tui.screens.welcome import WelcomeScreen

SIZE = (80, 24)
BUSINESS = "Sweet Crumbs, a bakery in Leeds selling custom cakes"
HINT = "type `draft` to draft the journey map"


async def _draft_on_screen(pilot, app) -> None:
    await new_interview(pilot, app)
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
        await new_interview(pilot, app)
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
        await pilot.press("ctrl+r")
        await settle(pilot, app)
        texts = chat_texts(app)
        assert texts[-2].startswith("Welcome back") and HINT in texts[-1]
        await send(pilot, app, "draft", typed=True)  # and the hint works
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")


async def test_a_draft_set_aside_says_how_to_draft_again(tmp_path):
    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=SIZE) as pilot:
        await _draft_on_screen(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert HINT in chat_texts(app)[-1]


async def test_a_business_name_in_another_script_reaches_the_live_draft(tmp_path):
    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=SIZE) as pilot:
        await new_interview(pilot, app)
        await send(pilot, app, "مخبز الأمل (Bakery of Hope), an online bakery in Leeds selling custom cakes")
        assert app.session.interview.state.profile.business_name == "مخبز الأمل"
        assert app.session.sketch().business.name == "مخبز الأمل"


# -- a paste holding an escape sequence and a line break (attack 2, finding 10) --------------------------------

PASTED = "Instagram DMs\x1b]52;c;SGFja2Vk\x07, our website\x1b[2J, WhatsApp\x08\x08\x08Phone\r\nand local delivery van"
FROM_TERMINAL = "ab\x1b[200~" + PASTED + "\x1b[201~cd"  # typed a, b; the paste; typed c, d


def _read(*chunks: str) -> list:
    from cjm_assistant.tui.paste import PasteParser

    parser = PasteParser()
    return [event for chunk in chunks for event in parser.feed(chunk)]


def test_a_bracketed_paste_is_one_event_in_its_place_however_the_input_is_cut():
    from textual import events

    for cut in range(1, len(FROM_TERMINAL)):
        read = _read(FROM_TERMINAL[:cut], FROM_TERMINAL[cut:])
        assert [e.text if isinstance(e, events.Paste) else e.key for e in read] == ["a", "b", PASTED, "c", "d"], cut


def test_keys_outside_a_paste_are_read_as_before():
    import time

    from cjm_assistant.tui.paste import HOLD, PasteParser

    assert [e.key for e in _read("\x1b[A", "x", "\r")] == ["up", "x", "enter"]
    parser = PasteParser()
    assert list(parser.feed("\x1b")) == []  # a lone Esc could begin a paste: held for a moment
    deadline = time.monotonic() + 5
    keys: list = []
    while not keys and time.monotonic() < deadline:
        time.sleep(HOLD)
        keys = [e.key for e in parser.tick()]
    assert keys == ["escape"]


def test_clean_paste_shows_control_characters_and_keeps_line_breaks():
    from cjm_assistant.tui.paste import clean_paste

    assert clean_paste("one\r\ntwo\rthree\x00") == "one\ntwo\nthree"
    assert clean_paste("a\x1b[2Jb\x07\tc\x7f") == "a^[[2Jb^G\tc^?"


async def test_a_pasted_escape_sequence_and_line_break_stay_in_one_answer(tmp_path):
    from cjm_assistant.tui.widgets.chat_input import ChatInput

    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=SIZE) as pilot:
        await new_interview(pilot, app)
        box = app.screen.query_one(ChatInput)
        box.focus()
        await pilot.pause()
        count = len(chat_texts(app))
        for event in _read(FROM_TERMINAL):  # what the terminal sends, read as the app's driver reads it
            app.screen.focused.post_message(event)
            await pilot.pause()
        await pilot.pause()
        assert len(chat_texts(app)) == count  # nothing sent early
        assert box.text == "ab" + "Instagram DMs^[]52;c;SGFja2Vk^G, our website^[[2J, WhatsApp^H^H^HPhone\n" \
                                  "and local delivery van" + "cd"


# -- small things (attack 2, finding 11) -----------------------------------------------------------------------

async def test_the_export_formats_differ_by_shape_not_only_colour(tmp_path, monkeypatch):
    from tests.support.tui import open_saved, saved_map

    from cjm_assistant.export import FORMATS

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    monkeypatch.chdir(tmp_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        await pilot.press("ctrl+e")
        await pilot.pause()
        marks = {b.name: b.render().plain[:3] for b in app.screen.query("RadioButton")}
        assert marks["md"] == "▐●▌"
        assert [m for k, m in marks.items() if k != "md"] == ["▐○▌"] * (len(FORMATS) - 1)
        html = next(b for b in app.screen.query("RadioButton") if b.name == "html")
        html.value = True
        await pilot.pause()
        marks = {b.name: b.render().plain[:3] for b in app.screen.query("RadioButton")}
        assert marks["html"] == "▐●▌" and marks["md"] == "▐○▌"


async def test_at_80_columns_a_model_steps_status_keeps_its_seconds_and_how_to_cancel(tmp_path):
    from cjm_assistant.tui.widgets.status_bar import StatusBar

    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=SIZE) as pilot:
        await new_interview(pilot, app)
        await send(pilot, app, BUSINESS)
        status = app.main.query_one(StatusBar)
        status.totals = {"tokens": 488, "cost": 0.0,
                         "live": {"step": "stage 1 of 5 “Order and pay for the cake”", "tokens": 488, "elapsed": 27}}
        status.show(app.session, "interview", "drafting… (Esc cancels)")
        status.set(engine="llm:openai/smollm2")
        await pilot.pause()
        line = status.render().plain
        assert status.size.width == 80
        assert len(line) <= 80 and line.rstrip().endswith("488 tokens · 27 s (Esc/Ctrl+C cancels)"), line
        assert "drafting… stage 1 of 5" in line
        assert "stage 1 of 5 “Order and pay for the cake” · 488 tokens" in status.state  # the whole state is kept


async def test_the_grid_corner_counts_the_stages_in_view_not_those_in_the_table():
    from textual.app import App

    from tests.test_tui_grid import wide_map

    from cjm_assistant.tui.widgets.map_grid import CELL_WIDTH, MapGrid

    class GridApp(App):
        def compose(self):
            yield MapGrid()

    journey = wide_map()
    app = GridApp()
    async with app.run_test(size=SIZE) as pilot:
        grid = app.query_one(MapGrid)
        grid.show(journey)
        grid.focus()
        await pilot.pause()
        n = len(journey.stages)
        fits = (grid.scrollable_content_region.width - 15) // (CELL_WIDTH + 2)  # whole columns beside the lanes
        # the table holds the stages that fit whole, and never scrolls sideways (attack 4: a stage drawn cut, and
        # the tail of one outside the window beside the lane names)
        assert len(grid.columns) - 1 == fits
        corner = lambda: str(grid.columns[next(iter(grid.columns))].label)  # noqa: E731
        assert corner() == f"1–{fits} of {n}"
        for _ in range(5):
            await pilot.press("right")
        await pilot.pause()
        index = journey.stages.index(next(s for s in journey.stages if s.id == grid.selection.stage_id))
        first, last = (int(x) for x in corner().split(" of ")[0].split("–"))
        assert first <= index + 1 <= last and last - first + 1 == fits, corner()  # the cursor's stage is in view
        assert grid.scroll_x == 0


async def test_when_nothing_can_start_enter_quits_and_the_footer_offers_only_what_works(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("model = [1, 2\n", encoding="utf-8")  # not valid TOML: the app cannot start
    monkeypatch.setenv("CJM_CONFIG", str(config))
    for name in ("CJM_MODEL", "CJM_ENGINE", "CJM_API_BASE"):
        monkeypatch.delenv(name, raising=False)
    app = make_app(tmp_path / "cjm.db", engine=None)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: bool(app.load_error), what="the start-up to fail")
        await pilot.pause()
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen) and "not valid TOML" in welcome.error
        shown = {binding.action for (_, binding, enabled, _) in welcome.active_bindings.values() if enabled}
        assert not shown & {"new", "resume", "open", "import_file"}  # none of them could start
        await pilot.press("enter")  # on Quit, the one choice
        await wait_for(pilot, lambda: app.return_code is not None, what="the app to quit")
