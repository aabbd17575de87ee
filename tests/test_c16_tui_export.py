"""Task c16: TUI and export faults an outside tester saw (walk 16, sections 7 and 9)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.export import export


def open_map() -> JourneyMap:
    """A map where one problem has no fix yet (a "No suggestion yet" item) and one has a real answer."""
    return JourneyMap.model_validate({
        "title": "Waiting list to first plot", "business": {"name": "Allotments"}, "channels": [{"name": "Email"}],
        "stages": [{"name": "Join the list", "emotion": -1, "pain_points": [
            {"id": "pp1", "name": "Emails to the secretary go unanswered", "severity": 3, "provenance": "user"},
            {"id": "pp2", "name": "Nobody says where she is on the list", "severity": 2, "provenance": "user"}],
            "opportunities": [{"id": "op1", "name": "No suggestion yet", "addresses": ["pp1"]},
                              {"id": "op2", "name": "Send a yearly place-on-the-list letter", "impact": "high",
                               "effort": "low", "addresses": ["pp2"]}]}]})


def test_a_no_suggestion_yet_item_is_shown_under_its_problem_and_never_rated_in_markdown():
    text = export(open_map(), "md")
    assert "No suggestion yet**" not in text  # not listed as an opportunity
    assert "impact medium, effort medium" not in text
    grid = next(line for line in text.splitlines() if line.startswith("| **Opportunities**"))
    assert "No suggestion yet" not in grid and "Send a yearly" in grid
    pain = next(line for line in text.split("## Stage 1")[1].splitlines() if "Emails to the secretary" in line)
    assert "no suggestion yet" in pain
    ranked = text.split("## Pain points, ranked")[1]
    emails = next(line for line in ranked.splitlines() if "Emails to the secretary" in line)
    assert "answered by" not in emails and "no suggestion yet" in emails


def test_a_no_suggestion_yet_item_is_no_opportunity_in_the_brief_and_priorities():
    brief = export(open_map(), "brief")
    assert "Answered by: No suggestion yet" not in brief
    assert "No suggestion yet: what would fix it is yours to add." in brief
    assert "No suggestion yet°" not in brief.split("## What to do first")[1]
    prio = export(open_map(), "priorities")
    row = next(line for line in prio.splitlines() if line.startswith("| 1 |"))
    assert "Emails to the secretary" in row and row.endswith("| no suggestion yet |")
    assert "No suggestion yet" not in prio.split("## Impact and effort")[1].split("## Your problems")[0]


def test_a_no_suggestion_yet_item_is_no_rated_opportunity_in_html():
    html = export(open_map(), "html")
    assert "No suggestion yet <span" not in html and "impact medium" not in html
    assert 'Emails to the secretary go unanswered <span class="meta">no suggestion yet</span>' in html


def test_a_no_suggestion_yet_item_is_no_opportunity_row_in_csv():
    rows = list(csv.DictReader(io.StringIO(export(open_map(), "csv"))))
    ops = [r["name"] for r in rows if r["type"] == "opportunity"]
    assert ops == ["Send a yearly place-on-the-list letter"]
    kinds = [(r["type"], r["name"]) for r in rows]
    at = kinds.index(("pain_point", "Emails to the secretary go unanswered"))
    ask = rows[at + 1]
    assert ask["type"] == "no_suggestion_yet" and ask["answers"] == "Emails to the secretary go unanswered"
    assert ask["impact"] == ask["effort"] == ""


def test_a_no_suggestion_yet_item_is_no_opportunity_in_the_workbook():
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(export(open_map(), "xlsx")))
    cells = [str(c.value) for row in book["Journey"].iter_rows() for c in row if c.value is not None]
    assert not any("No suggestion yet" in c for c in cells)
    assert any("Emails to the secretary go unanswered" in c and "no suggestion yet" in c for c in cells)
    ops = [row[1].value for row in book["Opportunities"].iter_rows(min_row=2)]
    assert "No suggestion yet" not in ops


# -- 2. a dry run of `cjm evidence` leaves no trace in the map's conversation ------------------------------------

FEEDBACK = Path(__file__).resolve().parent.parent / "examples" / "sweet-crumbs-feedback.csv"


def _said(db: Path, map_id: str) -> list[str]:
    from cjm_assistant.store import Store

    with Store.open(db) as store:
        return [m.content for m in store.messages(map_id=map_id)]


async def test_a_dry_run_of_cjm_evidence_is_not_in_the_chat_when_the_map_is_reopened(tmp_path, capsys):
    from cjm_assistant import cli
    from tests.support.tui import chat_texts, example_map, make_app, open_saved, saved_map

    db = tmp_path / "cjm.db"
    map_id = saved_map(db, example_map())
    assert cli.main(["--db", str(db), "evidence", map_id, str(FEEDBACK)]) == 1  # no --yes: asks, no terminal
    assert "Nothing was saved" in capsys.readouterr().out
    assert cli.main(["--db", str(db), "evidence", map_id, str(FEEDBACK), "--report", "json"]) == 0
    assert not any("Import customer evidence" in text for text in _said(db, map_id))
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_saved(pilot, app, map_id)
        assert not any("Import customer evidence" in text for text in chat_texts(app))


def test_an_accepted_cjm_evidence_import_is_said_once_in_the_conversation(tmp_path, capsys):
    from cjm_assistant import cli
    from tests.support.tui import example_map, saved_map

    db = tmp_path / "cjm.db"
    map_id = saved_map(db, example_map())
    assert cli.main(["--db", str(db), "evidence", map_id, str(FEEDBACK), "--yes"]) == 0
    said = _said(db, map_id)
    imports = [text for text in said if text.startswith("Import customer evidence from sweet-crumbs-feedback.csv")]
    assert len(imports) == 1, said
    assert said[-1].startswith("Saved version 2")


# -- 3. a problem notice goes when the next message is sent or a proposal comes -----------------------------------

def _problems(app) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


async def test_a_refusal_notice_goes_once_the_next_instruction_is_proposed(tmp_path):
    from tests.support.tui import make_app, open_saved, saved_map, send, settle

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_saved(pilot, app, map_id)
        first = app.session.journey.stages[0].name
        await send(pilot, app, f"move {first} to position x")
        await settle(pilot, app)
        assert _problems(app) == [f"to move a stage to a position, give a number, e.g. 'move {first} to position 2'"]
        await send(pilot, app, f"move {first} to position x")  # refused again: one notice, not two
        await settle(pilot, app)
        assert len(_problems(app)) == 1
        await send(pilot, app, f"rename {first} to Finding us")
        await settle(pilot, app)
        assert app.main.map_pane.mode == "preview"
        assert _problems(app) == []  # the proposal is shown with nothing over its tabs


async def test_a_refusal_notice_goes_when_the_next_message_is_sent(tmp_path):
    from tests.support.tui import make_app, open_saved, saved_map, send, settle

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_saved(pilot, app, map_id)
        await send(pilot, app, "frobnicate the wobble")
        await settle(pilot, app)
        assert _problems(app)
        await send(pilot, app, "how many stages are there?")
        await pilot.pause()
        assert _problems(app) == []


# -- 4. "undo" and "redo" typed in the chat are echoed like any message -------------------------------------------

async def test_undo_and_redo_typed_in_the_chat_are_shown_as_the_users_words(tmp_path):
    from tests.support.tui import chat_roles, chat_texts, make_app, open_saved, saved_map, send, settle

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_saved(pilot, app, map_id)
        await send(pilot, app, f"/rename {app.session.journey.stages[0].name} to Finding us")
        await settle(pilot, app)
        assert app.session.head == 2
        await send(pilot, app, "undo that")
        await settle(pilot, app)
        assert app.session.head == 1
        said = list(zip(chat_roles(app), chat_texts(app)))
        assert said[-2:] == [("user", "undo that"), ("assistant", "Undid version 2; the map is at version 1 again.")]
        await send(pilot, app, "redo")
        await settle(pilot, app)
        said = list(zip(chat_roles(app), chat_texts(app)))
        assert said[-2:] == [("user", "redo"), ("assistant", "Redid version 2.")]
    assert _said(db, map_id)[-4:] == ["undo that", "Undid version 2; the map is at version 1 again.", "redo",
                                      "Redid version 2."]


# -- 5. counts agree with their nouns -----------------------------------------------------------------------------

def test_an_import_of_one_item_says_one_item_kept_with_its_row(tmp_path, capsys):
    from cjm_assistant import cli
    from tests.support.tui import example_map, saved_map

    db = tmp_path / "cjm.db"
    map_id = saved_map(db, example_map())
    one = tmp_path / "one.csv"
    one.write_text("rating,comment\n2,the whatsapp replies are slow at weekends\n", encoding="utf-8")
    assert cli.main(["--db", str(db), "evidence", map_id, str(one), "--yes"]) == 0
    out = capsys.readouterr().out
    saved = _said(db, map_id)[-1]
    assert "(1 item kept, with its row)" in saved, saved
    assert "Import customer evidence from one.csv (1 item)" in _said(db, map_id)
    assert "1 items" not in out and "1 rows" not in out


def test_counts_of_one_read_in_the_singular():
    from cjm_assistant.evidence import Estimate
    from cjm_assistant.tui.widgets.map_data import counts

    one = JourneyMap.model_validate({
        "title": "One", "business": {"name": "Test"}, "channels": [{"name": "Web"}],
        "stages": [{"name": "Only", "touchpoints": [{"id": "tp1", "name": "Site", "channel": "Web"}],
                    "pain_points": [{"id": "pp1", "name": "Slow", "severity": 2}],
                    "opportunities": [{"id": "op1", "name": "Faster", "addresses": ["pp1"]}]}]})
    assert counts(one) == "1 stage · 1 touchpoint · 1 pain point · 1 opportunity"
    assert Estimate(items=1, engine="playbook").sentence().startswith("1 item, ")


# -- 6. Ctrl+R on the welcome screen resumes the map changed last when no interview waits --------------------------

async def test_ctrl_r_on_the_welcome_screen_opens_the_last_map_and_the_footer_offers_it(tmp_path):
    from textual.widgets._footer import FooterKey

    from cjm_assistant.tui.screens.welcome import WelcomeScreen
    from tests.support.tui import example_map, make_app, saved_map, settle, wait_for

    db = tmp_path / "cjm.db"
    saved_map(db)
    last = saved_map(db, example_map())  # changed last
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.pause()
        assert "Resume" in [key.description for key in app.screen.query(FooterKey)]
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: app.session.map_id == last, what="the map changed last to open")
        assert app.session.journey.title == example_map().title


async def test_ctrl_r_on_a_fresh_database_offers_nothing_to_resume(tmp_path):
    from textual.widgets._footer import FooterKey

    from tests.support.tui import make_app, settle

    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.pause()
        assert "Resume" not in [key.description for key in app.screen.query(FooterKey)]


# -- 7. the review's keys act at once and in order -----------------------------------------------------------------

async def test_n_on_a_review_opens_the_notes_at_once_and_enter_after_them_accepts(tmp_path):
    from cjm_assistant.tui.screens.report import ReportScreen
    from cjm_assistant.tui.screens.review import ReviewScreen
    from tests.support.tui import make_app, open_saved, saved_map, send, settle, wait_for

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_saved(pilot, app, map_id)
        await send(pilot, app, "add a stage Aftercare after Checkout")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen), "the notes wait for the next key"
        assert "notes and changes in full" in app.screen.title_text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.session.head == 2  # the Enter accepted; it opened no notes
        assert not isinstance(app.screen, (ReviewScreen, ReportScreen))


async def test_x_on_a_review_unticks_every_part_at_once(tmp_path):
    from cjm_assistant.tui.screens.review import ReviewScreen
    from cjm_assistant.tui.widgets.tick_list import TickList
    from tests.support.tui import make_app, open_saved, saved_map, send, wait_for

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_saved(pilot, app, map_id)
        await send(pilot, app, "add a stage Aftercare after Checkout")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")
        await pilot.press("x")
        await pilot.pause()
        assert len(app.screen.query_one(TickList).selected) == 0


def _type_fast(app, text: str) -> None:
    """Keys sent one after another at once, as a person typing fast (Pilot waits for each to be drawn)."""
    from textual import events

    for character in text:
        key = events.Key("space" if character == " " else character, character)
        key.set_sender(app)
        app._driver.send_message(key)


async def test_a_word_starting_with_n_typed_over_a_review_closes_the_notes_and_is_kept(tmp_path):
    from cjm_assistant.tui.screens.review import ReviewScreen
    from cjm_assistant.tui.widgets.chat_input import ChatInput
    from tests.support.tui import make_app, open_saved, saved_map, send, settle, wait_for

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_saved(pilot, app, map_id)
        await send(pilot, app, "add a stage Aftercare after Checkout")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")
        _type_fast(app, "now rename")  # as typed: no key waits for the last one to be drawn
        await settle(pilot, app)
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen.query_one(ChatInput).text == "now rename"


def test_the_map_panes_count_of_opportunities_leaves_out_no_suggestion_yet():
    from cjm_assistant.tui.widgets.map_data import counts

    assert counts(open_map()).endswith("· 2 pain points · 1 opportunity")
