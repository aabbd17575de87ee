"""What the main screen looks like at 80x24 and at 120x40, driven with Pilot (issue 14 items 1 and 3).

Each test runs at both sizes: on a narrow terminal the chat and the map are
tabs (F2 switches) and the map gets the whole height; on a wide one they sit
side by side. The footer keeps Ctrl+Q and F1 first, every window says how to
close it, a cut cell is shown in full under the grid, notifications stay away
from the input, and tick boxes differ in shape and the counts follow them.
(A terminal too small to draw in: test_tui_tiny.py.)
"""

from __future__ import annotations

import pytest

from tests.support.tui import example_map, make_app, new_interview, send, settle, wait_for
from textual.coordinate import Coordinate
from textual.widgets import Static
from textual.widgets._footer import FooterKey
from tests.support.sizes import BUSINESS, app_with_map, opened, sized

from cjm_assistant.domain import edits
from cjm_assistant.tui.screens.help import HelpScreen
from cjm_assistant.tui.screens.main import MainScreen
from cjm_assistant.tui.screens.report import ReportScreen
from cjm_assistant.tui.screens.review import ReviewScreen
from cjm_assistant.tui.widgets.chat_input import ChatInput
from cjm_assistant.tui.widgets.map_grid import MapGrid
from cjm_assistant.tui.widgets.tick_list import TickList

KEY_NAMES = {" ": "space", "+": "plus", "@": "at", "!": "exclamation_mark", "'": "apostrophe"}

LONG = "Delivery fee only appears on the very last checkout page, after the card details"


def footer(app) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


def footer_keys(app) -> list[str]:
    return [key.key for key in footer(app)]


@sized
async def test_the_chat_and_the_map_are_one_key_apart_and_the_map_gets_the_height(tmp_path, size):
    app = app_with_map(tmp_path)
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app)
        main: MainScreen = app.main
        tabs = main.query_one("#pane-tabs")
        chat, pane = main.query_one("#chat-column"), main.map_pane
        if size[0] < 100:  # tabs: one pane at a time, the chat first
            assert tabs.display and chat.display and not pane.display
            await pilot.press("f2")
            await pilot.pause()
            assert pane.display and not chat.display
            assert pane.region.height >= size[1] - 4  # everything but the tabs, the status line and the footer
            assert isinstance(app.focused, MapGrid)
            await pilot.press("f2")
            await pilot.pause()
            assert chat.display and not pane.display and isinstance(app.focused, ChatInput)
        else:  # side by side; F2 cycles the chat only, the map only
            assert not tabs.display and chat.display and pane.display and pane.region.x > chat.region.x
            await pilot.press("f2")
            await pilot.pause()
            assert chat.display and not pane.display
            await pilot.press("f2")
            await pilot.pause()
            assert pane.display and not chat.display and pane.region.height >= size[1] - 3
            await pilot.press("f2")
            await pilot.pause()
            assert pane.display and chat.display


@sized
async def test_the_footer_shows_quit_and_help_first_whatever_has_the_focus(tmp_path, size):
    app = app_with_map(tmp_path)
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app)
        for focus in ("chat", "map"):
            getattr(app.main, f"action_focus_{focus}")()
            await pilot.pause()
            await pilot.pause()
            keys = footer(app)
            assert [k.key for k in keys][:2] == ["ctrl+q", "f1"], focus
            assert "ctrl+p" in [k.key for k in keys]  # the palette, docked on the right
            assert all(k.region.right <= size[0] for k in keys)  # none is cut off at the edge
        assert "enter" in footer_keys(app)  # the map's own keys follow (Edit)


@sized
async def test_every_window_says_how_to_close_it(tmp_path, size):
    app = app_with_map(tmp_path)
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "escape" in footer_keys(app) and "Close" in [k.description for k in footer(app)]
        assert footer_keys(app)[:2] == ["ctrl+q", "f1"]
        assert "Esc" in str(app.screen.query_one(".dialog-hint", Static).render())
        await pilot.press("f1")  # F1 again closes it too
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await send(pilot, app, "/priorities")
        assert isinstance(app.screen, ReportScreen)
        assert "Close" in [k.description for k in footer(app)]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


@sized
async def test_a_cut_cell_is_shown_in_full_under_the_grid_and_one_key_away(tmp_path, size):
    journey = example_map()
    first = journey.stages[0]
    journey = edits.apply(journey, [edits.parse_ops([{"op": "add_pain_point", "stage": first.id,
                                                       "name": LONG, "severity": 3}])[0]])
    app = app_with_map(tmp_path, journey)
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app)
        app.main.action_focus_map()
        await pilot.pause()
        grid = app.main.query_one(MapGrid)
        long_id = next(pp.id for pp in journey.stages[0].pain_points if pp.name == LONG)
        row, col = next((r, c) for (r, c), sel in grid._cells.items() if sel.item_id == long_id)
        grid.cursor_coordinate = Coordinate(row, col)
        await pilot.pause()
        assert LONG not in str(grid.get_cell_at(Coordinate(row, col)))  # the cell is cut
        detail = str(app.main.query_one("#map-detail", Static).render())
        assert LONG in " ".join(detail.split())
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen) and LONG in app.screen.markdown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


@sized
async def test_notifications_sit_at_the_top_right_away_from_the_input(tmp_path, size):
    app = app_with_map(tmp_path)
    async with app.run_test(size=size, notifications=True) as pilot:
        await opened(pilot, app)
        app.notify("Wrote /tmp/a-file-with-a-long-name.md", title="Exported")
        await pilot.pause()
        from textual.widgets._toast import Toast

        await wait_for(pilot, lambda: list(app.screen.query(Toast)), what="the toast")
        toast = app.screen.query(Toast).first()
        box = app.screen.query_one(ChatInput)
        assert toast.region.y < size[1] // 2 and toast.region.right >= size[0] - 2
        assert not toast.region.overlaps(box.region)
        assert toast.region.height <= 4


@sized
async def test_a_proposal_shows_shaped_tick_boxes_counts_that_follow_them_and_its_notes_in_full(tmp_path, size):
    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=size) as pilot:
        await new_interview(pilot, app)
        for answer in (BUSINESS, "Instagram, our website, email newsletter"):
            await send(pilot, app, answer)
        await send(pilot, app, "/draft")
        if app.session.interview is not None and app.session.interview.state.confirming:
            await send(pilot, app, "ok")  # an industry it is unsure of: its proposed stages are shown first
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the review")
        review, pane = app.screen, app.main.map_pane
        parts = review.query_one(TickList)
        total = len(review.proposal.parts)
        assert all(str(parts.get_option_at_index(i).prompt).startswith("[x] ") for i in range(total))
        assert f"{total} of {total} stages" in pane.border_title
        if size[0] < 100:
            assert pane.display and pane.region.height >= 8  # the proposal stays in view above the review
        await pilot.press("space")  # untick the first stage
        await pilot.pause()
        assert str(parts.get_option_at_index(0).prompt).startswith("[ ] ")
        assert f"{total - 1} of {total} stages" in str(review.query_one("#review-title", Static).render())
        assert f"{total - 1} of {total} stages" in pane.border_title
        assert len(pane.journey.stages) == total - 1  # the map follows the ticks
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen), what="the notes, after the letter's wait")
        assert "Notes" in app.screen.markdown and app.screen.query_one("#report-body").can_focus
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is review
        await pilot.press("enter")
        await settle(pilot, app)
        assert len(app.session.journey.stages) == total - 1


@sized
async def test_typing_on_the_map_goes_to_the_chat_and_adds_no_item(tmp_path, size):
    """Someone who thinks the chat has the focus types a sentence on the map: it lands in the chat input,
    and the map's one-letter keys (``p`` adds a pain point) never turn the words into an item."""
    app = app_with_map(tmp_path)
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app)
        main: MainScreen = app.main
        main.action_focus_map()
        await pilot.pause()
        assert isinstance(app.focused, MapGrid)
        pains = sum(len(stage.pain_points) for stage in app.session.journey.stages)
        await pilot.press(*"export md")
        await pilot.pause()
        assert isinstance(app.focused, ChatInput) and main.query_one("#chat-column").display
        assert main.query_one(ChatInput).text == "export md"
        assert app.screen is main  # no item form opened
        assert sum(len(stage.pain_points) for stage in app.session.journey.stages) == pains


@sized
async def test_the_maps_own_letter_keys_still_act_on_the_map(tmp_path, size):
    app = app_with_map(tmp_path)
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app)
        main: MainScreen = app.main
        main.action_focus_map()
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        assert main.map_pane.view == "tree"
        assert not isinstance(app.focused, ChatInput) and main.query_one(ChatInput).text == ""
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert app.screen is not main  # the form that adds a pain point


@sized
@pytest.mark.parametrize("sentence", ["please move parking to Drive out", "the parking problem belongs on Drive out",
                                      "very late at 2 + 3 stops", "put it on @Drive out!", "3 students said"])
async def test_a_sentence_typed_on_the_map_goes_whole_into_the_chat(tmp_path, size, sentence):
    # "please move ..." opened the pain point form on its "p", "the parking ..." the touchpoint form on its "t";
    # a fast typist's digits, spaces and "+" reached the map before the focus moved (a view switch, an emotion)
    app = app_with_map(tmp_path)
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app)
        main: MainScreen = app.main
        main.action_focus_map()
        await pilot.pause()
        head, view = app.session.head, main.map_pane.view
        await pilot.press(*[KEY_NAMES.get(ch, ch) for ch in sentence])
        await pilot.pause()
        assert app.screen is main and app.session.head == head  # no form, nothing saved
        assert main.query_one(ChatInput).text == sentence and isinstance(app.focused, ChatInput)
        assert main.map_pane.view == view


@sized
async def test_a_new_pain_point_is_saved_from_its_last_field(tmp_path, size):
    app = app_with_map(tmp_path)
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app)
        main: MainScreen = app.main
        main.action_focus_map()
        await pilot.pause()
        pains = sum(len(stage.pain_points) for stage in app.session.journey.stages)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        await pilot.press(*"no parking", "enter", *"nowhere to stop the van", "enter")
        await settle(pilot, app)
        assert app.screen is main
        assert sum(len(stage.pain_points) for stage in app.session.journey.stages) == pains + 1


@sized
async def test_a_paste_on_the_map_lands_in_the_chat(tmp_path, size):
    from textual import events

    app = app_with_map(tmp_path)
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app)
        main: MainScreen = app.main
        main.action_focus_map()
        await pilot.pause()
        app.focused.post_message(events.Paste("please add a pain point about parking"))
        await pilot.pause()
        assert isinstance(app.focused, ChatInput)
        assert main.query_one(ChatInput).text == "please add a pain point about parking"


@sized
@pytest.mark.parametrize("key,times", [("minus", 2), ("right_square_bracket", 2)])
async def test_a_map_key_pressed_again_before_the_last_press_is_saved_still_counts(tmp_path, size, key, times):
    # "+ +" typed quickly raised the emotion once: the second press met "Still busy: saving…" and was lost
    from textual import events

    app = app_with_map(tmp_path)
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app)
        main: MainScreen = app.main
        main.action_focus_map()
        await pilot.pause()
        first = app.session.journey.stages[0]
        head = app.session.head
        if key == "minus":
            assert first.emotion - times >= -2, "the test needs room below the first stage's emotion"
        for _ in range(times):  # queued at once, as a fast typist or tmux delivers them
            app.post_message(events.Key(key, {"minus": "-", "right_square_bracket": "]"}[key]))
        await wait_for(pilot, lambda: app.session.head == head + times and not main.driver.busy, 30,
                       what=f"{times} saved versions")
        after = app.session.journey.stages
        if key == "minus":
            assert after[0].emotion == first.emotion - times
        else:
            assert [s.id for s in after].index(first.id) == times


def test_the_help_names_keys_by_the_characters_on_the_keyboard():
    from cjm_assistant.tui.screens.help import help_markdown

    text = help_markdown()
    assert "| `@` | Add a touchpoint" in text and "| `!` | Add a pain point" in text
    assert "Exclamation" not in text and "| `At` |" not in text
