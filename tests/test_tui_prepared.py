"""The main screen made while the welcome is read (issue 15): it is the one shown, a choice made while it is
being made is carried out once it is ready, and quitting from the welcome unmounts it."""

from __future__ import annotations

import asyncio

from tests.support.tui import chat_texts, make_app, open_saved, saved_map, settle, wait_for
from textual import work

from cjm_assistant.tui.router import mode_of
from cjm_assistant.tui.app import CjmApp
from cjm_assistant.tui.screens.main import MainScreen
from cjm_assistant.tui.screens.welcome import WelcomeScreen
from cjm_assistant.tui.widgets.chat_input import ChatInput
from cjm_assistant.tui.widgets.map_grid import MapGrid

SIZE = (120, 40)


async def prepared(pilot, app: CjmApp) -> MainScreen:
    await settle(pilot, app)
    await wait_for(pilot, lambda: app._prepared is not None and app._prepared_ready, what="the main screen made")
    return app._prepared


async def test_the_main_screen_made_under_the_welcome_is_the_one_shown(tmp_path):
    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=SIZE) as pilot:
        made = await prepared(pilot, app)
        assert isinstance(app.screen, WelcomeScreen) and made.is_mounted and made not in app.screen_stack
        await pilot.press("ctrl+n")
        await settle(pilot, app)
        assert app.screen is made and app.main is made
        assert [type(s) for s in app.screen_stack] == [WelcomeScreen, MainScreen]  # the welcome stays below
        assert isinstance(app.focused, ChatInput)
        assert "What's your business called" in chat_texts(app)[-1]
        assert not made.has_class("-narrow") and made.has_class("-layout-both")  # laid out at the terminal's size


async def test_a_map_opened_from_the_picker_on_the_made_screen(tmp_path):
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        made = await prepared(pilot, app)
        await open_saved(pilot, app, map_id)
        assert app.main is made and mode_of(app.session) == "map"
        assert made.query_one(MapGrid).row_count > 0


class SlowApp(CjmApp):
    """The main screen's layout waits for ``gate``: a choice can be made while it is being made."""

    gate: asyncio.Event

    @work(group="prepare", exit_on_error=False)
    async def _lay_out(self, screen, widgets) -> None:
        await self.gate.wait()
        await CjmApp._lay_out.__wrapped__(self, screen, widgets)


async def test_a_choice_made_while_the_main_screen_is_made_is_carried_out_once_it_is_ready(tmp_path):
    app = SlowApp(db=str(tmp_path / "cjm.db"), engine="playbook")
    app.gate = asyncio.Event()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await wait_for(pilot, lambda: app._prepared is not None, what="the main screen being made")
        made = app._prepared
        await pilot.press("ctrl+n")
        for _ in range(5):
            await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.main is None  # waits: nothing made twice
        app.gate.set()
        await wait_for(pilot, lambda: app.main is not None, what="the main screen shown")
        await settle(pilot, app)
        assert app.screen is made
        assert "What's your business called" in chat_texts(app)[-1]


async def test_quitting_from_the_welcome_unmounts_the_made_screen(tmp_path):
    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=SIZE) as pilot:
        made = await prepared(pilot, app)
        listeners = app.session.listeners
        assert any(getattr(f, "__self__", None) is made.driver for f in listeners)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not any(getattr(f, "__self__", None) is not None and isinstance(f.__self__, type(made.driver))
                   for f in listeners)  # its session driver stopped listening (its on_unmount ran)


def test_the_ui_thread_reads_the_mode_and_status_without_loading_the_map(tmp_path, monkeypatch):
    # a big map loads in the driver's worker; the mode and the status line, drawn on the UI thread meanwhile,
    # must not load it too (they would wait on the store for the whole load)
    from cjm_assistant.session import Session
    from cjm_assistant.tui.widgets.status_bar import StatusBar

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    session = Session.start(str(db), engine="playbook")
    session.use_map(map_id)

    def no_loading(*args, **kwargs):
        raise AssertionError("the map was loaded on the UI thread")

    monkeypatch.setattr(session.store, "load", no_loading)
    assert mode_of(session) == "map"
    bar = StatusBar()
    bar.set = lambda **fields: bar.__dict__.update(fields)  # no app to draw on
    bar.show(session, "map")
    assert bar.state == "saved v1"
    session.close()


async def test_the_other_screens_styles_come_after_the_first_frame_and_before_any_of_them_is_shown(tmp_path):
    """The welcome's first frame parses only app.tcss; screens.tcss is added before a dialog is pushed from the
    welcome (or the main screen is made), so a dialog is never drawn unstyled."""
    from cjm_assistant.tui.screens.help import HelpScreen

    screens_css = (str(CjmApp.SCREENS_CSS), "")
    app = make_app(tmp_path / "cjm.db")
    app._load = lambda: None  # the database is never opened: the main screen is not made, only a dialog is pushed
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.stylesheet.has_source(*screens_css)
        app.action_help()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and app.stylesheet.has_source(*screens_css)
        box = app.screen.query_one("#help")  # #help and .dialog are styled in screens.tcss
        assert box.styles.width.value == 100 and box.styles.border_top[0] == "thick"


async def test_the_main_screen_is_made_with_its_styles(tmp_path):
    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=SIZE) as pilot:
        made = await prepared(pilot, app)
        assert app.stylesheet.has_source(str(CjmApp.SCREENS_CSS), "")
        assert made.query_one("#map-pane").styles.border_left[0] == "round"
