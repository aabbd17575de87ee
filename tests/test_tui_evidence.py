"""The TUI's evidence, guesses, future state, priorities and comparing, driven with Pilot.

The example map (examples/sweet-crumbs.json) is put in a temporary database
and opened at start; the playbook engine does the matching offline.
"""

from __future__ import annotations

import pytest

from tests.support.tui import ROOT, chat_texts, example_map, make_app, new_interview, notifications, saved_map, send, settle, wait_for

from cjm_assistant.store import Store
from cjm_assistant.tui.screens.evidence_dialog import EvidenceScreen
from cjm_assistant.tui.screens.future_picker import FuturePickerScreen
from cjm_assistant.tui.screens.main import MainScreen
from cjm_assistant.tui.screens.report import ReportScreen
from cjm_assistant.tui.screens.review import ReviewScreen
from cjm_assistant.tui.widgets.map_grid import MapGrid
from cjm_assistant.tui.widgets.map_tree import MapTree
from cjm_assistant.tui.widgets.status_bar import StatusBar

SIZE = (120, 40)
FEEDBACK = ROOT / "examples" / "sweet-crumbs-feedback.csv"


def example_app(tmp_path):
    db = tmp_path / "cjm.db"
    map_id = saved_map(db, example_map())
    return db, map_id, make_app(db, open_map=map_id)


async def through_the_row_review(pilot, app) -> None:
    """An import with unplaced rows shows the row review table first; Enter accepts it as proposed."""
    from cjm_assistant.tui.screens.evidence_review import EvidenceReviewScreen

    await wait_for(pilot, lambda: isinstance(app.screen, (EvidenceReviewScreen, ReviewScreen)), what="a review")
    if isinstance(app.screen, EvidenceReviewScreen):
        await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")


async def opened(pilot, app, map_id: str) -> None:
    await settle(pilot, app)
    await wait_for(pilot, lambda: app.session.map_id == map_id and isinstance(app.screen, MainScreen),
                   what="the example map to open")
    await settle(pilot, app)


async def palette(pilot, app, title: str) -> None:
    """Run a command palette entry by its title (as Ctrl+P and Enter would)."""
    from cjm_assistant.tui.commands import CjmCommands

    commands = {t: run for t, run, _ in CjmCommands(app.screen)._commands()}
    assert title in commands, sorted(commands)
    await commands[title]()
    await pilot.pause()


def pains(journey) -> dict[str, object]:
    return {pp.id: pp for _, pp in journey.pain_points()}


async def test_importing_evidence_through_the_dialog_adds_mentions_and_rows(tmp_path):
    db, map_id, app = example_app(tmp_path)
    before = pains(example_map())
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, map_id)
        await palette(pilot, app, "Import customer evidence (CSV, text, JSON lines)")
        dialog = app.screen
        assert isinstance(dialog, EvidenceScreen)
        dialog.query_one("#evidence-path").value = str(FEEDBACK)
        await pilot.press("enter")  # reads the file: its columns and the estimate appear
        await wait_for(pilot, lambda: dialog.feedback is not None, what="the file to be read")
        await settle(pilot, app)
        assert dialog.query_one("#evidence-fields").display
        assert dialog.query_one("#evidence-text").value == "comment"  # detected, prefilled
        assert dialog.query_one("#evidence-score").value == "rating"
        assert "291 rows" in str(dialog.query_one("#evidence-read").render())
        assert "no model calls" in str(dialog.query_one("#evidence-estimate").render())

        await pilot.press("enter")  # read already: go ahead
        await through_the_row_review(pilot, app)
        review = app.screen
        assert review.proposal.evidence is not None
        assert any("mentions" in part for part in review.proposal.parts)
        with Store.open(db) as store:
            assert store.evidence(map_id) == []  # nothing saved before accepting
        await pilot.press("enter")
        await settle(pilot, app)

        after = pains(app.session.journey)
        raised = [pid for pid, pp in before.items() if after[pid].mentions > pp.mentions]
        assert len(raised) >= 5
        assert len(after) >= len(before)
        # The evidence mark renders in the grid and in the tree.
        grid = app.screen.query_one(MapGrid)
        cells = [str(grid.get_cell_at(c)) for c in _coords(grid)]
        assert any(cell.endswith("†") for cell in cells)
        await pilot.press("tab", "f4")
        tree = app.screen.query_one(MapTree)
        leaves = [str(node.label) for node in _walk(tree.root)]
        assert any("†" in leaf and "mentions" in leaf for leaf in leaves)

        await send(pilot, app, "/evidence")  # no path: what is stored
        assert "291 items" in chat_texts(app)[-1] and "sweet-crumbs-feedback.csv" in chat_texts(app)[-1]
    with Store.open(db) as store:
        rows = store.evidence(map_id)
    assert len({r["row"] for r in rows}) == 291 and {r["source"] for r in rows} == {"sweet-crumbs-feedback.csv"}


async def test_the_dialog_reads_again_with_a_column_left_out_and_reports_a_bad_path(tmp_path):
    db, map_id, app = example_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, map_id)
        app.main.chat_pane.action_insight("import_evidence", str(tmp_path / "missing.csv"))
        await pilot.pause()
        dialog = app.screen
        await settle(pilot, app)
        assert dialog.feedback is None and "no such file" in str(dialog.query_one("#evidence-read").render())
        assert any("no such file" in n for n in notifications(app))  # notified, and said in the chat
        assert "no such file" in chat_texts(app)[-1]
        dialog.query_one("#evidence-path").value = str(FEEDBACK)
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog.feedback is not None, what="the file to be read")
        await settle(pilot, app)
        dialog.query_one("#evidence-score").clear()  # no score column
        await wait_for(pilot, lambda: dialog.feedback.columns.get("score") is None, what="a second read")
        await settle(pilot, app)
        assert all(item.score is None for item in dialog.feedback.items)
        assert dialog.query_one("#evidence-text").value == "comment"


async def test_slash_evidence_with_a_path_goes_to_review_and_guesses_list_inferred_items(tmp_path):
    db, map_id, app = example_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, map_id)
        await send(pilot, app, "/guesses")
        text = chat_texts(app)[-1]
        assert "What still rests on guesses" in text
        guessed = app.session.guesses()
        assert guessed and all(name.split()[0] in text for _, _, name, _ in guessed[:5])
        assert "**Discover**" in text  # grouped by stage
        await send(pilot, app, f"/evidence {FEEDBACK}")  # free (offline): straight to the review
        await through_the_row_review(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.session.head == 1
        with Store.open(db) as store:
            assert store.evidence(map_id) == []


async def test_an_import_that_costs_model_calls_shows_the_estimate_before_starting(tmp_path):
    from cjm_assistant.evidence import Estimate

    db, map_id, app = example_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, map_id)
        # As the LLM engine would: calls, tokens and a cost (the matching itself stays offline here).
        app.session.engine.estimate_evidence = lambda journey, feedback: Estimate(
            len(feedback.items), "openai/any", calls=3, prompt_tokens=30_000, completion_tokens=6_000, cost=0.02)
        await send(pilot, app, f"/evidence {FEEDBACK}")
        assert isinstance(app.screen, EvidenceScreen)  # not straight to the review: the cost comes first
        dialog = app.screen
        await wait_for(pilot, lambda: dialog.feedback is not None, what="the file to be read")
        await settle(pilot, app)
        estimate = str(dialog.query_one("#evidence-estimate").render())
        assert "3 calls to openai/any" in estimate and "36,000 tokens" in estimate and "$0.02" in estimate
        assert "calls the model" in chat_texts(app)[-1]
        with Store.open(db) as store:
            assert store.evidence(map_id) == []
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen) and app.session.head == 1


async def test_future_all_makes_a_linked_future_state_map_and_switches_back(tmp_path):
    db, map_id, app = example_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, map_id)
        await send(pilot, app, "/future all")
        await through_the_row_review(pilot, app)
        assert app.screen.proposal.derived_from == (map_id, 1)
        await pilot.press("enter")
        await settle(pilot, app)
        future_id = app.session.map_id
        assert future_id != map_id and app.session.journey.kind == "future"
        status = app.screen.query_one(StatusBar)
        assert status.kind == "future" and "future state" in str(status.render())
        await palette(pilot, app, "Switch to the linked map (future ↔ current state)")
        await settle(pilot, app)
        assert app.session.map_id == map_id and app.session.journey.kind == "current"
        assert "future state" not in str(app.screen.query_one(StatusBar).render())
        await send(pilot, app, "/linked")  # and forth again
        assert app.session.map_id == future_id
    with Store.open(db) as store:
        kinds = {m.id: m.kind for m in store.list_maps()}
        links = store.links(future_id)
    assert kinds == {map_id: "current", future_id: "future"}
    assert links[0]["source_id"] == map_id and links[0]["relation"] == "future-of"


async def test_future_from_the_palette_picks_opportunities(tmp_path):
    db, map_id, app = example_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, map_id)
        await palette(pilot, app, "Future state: a new map with chosen opportunities in place")
        assert isinstance(app.screen, FuturePickerScreen)
        await pilot.press("x", "space", "enter")  # none, then only the first
        await through_the_row_review(pilot, app)
        assert "op1" in app.screen.proposal.instruction and "op2" not in app.screen.proposal.instruction
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.session.map_id == map_id


async def test_priorities_are_shown_and_the_export_dialog_writes_a_brief(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db, map_id, app = example_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, map_id)
        await send(pilot, app, "/priorities")
        assert isinstance(app.screen, ReportScreen)
        assert "Quick wins" in app.screen.markdown
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("ctrl+e")
        await pilot.pause()
        path_input = app.screen.query_one("#export-path")
        buttons = {b.name: b for b in app.screen.query("RadioButton")}
        assert {"priorities", "brief"} <= set(buttons)
        buttons["priorities"].value = True
        await pilot.pause()
        assert path_input.value.endswith(".priorities.md") and not path_input.value.endswith(".md.priorities.md")
        buttons["brief"].value = True
        await pilot.pause()
        suggested = path_input.value
        assert suggested.endswith(".brief.md") and ".priorities" not in suggested
        path_input.focus()
        await pilot.press("enter")
        await settle(pilot, app)
        assert f"Wrote {suggested}" in notifications(app)
    text = (tmp_path / suggested).read_text(encoding="utf-8")
    assert text.startswith("# Brief: ") and "## The journey" in text and "## The three worst moments" in text


async def test_the_export_dialog_swaps_a_typed_names_extension_properly(tmp_path):
    db, map_id, app = example_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, map_id)
        await pilot.press("ctrl+e")
        await pilot.pause()
        path_input = app.screen.query_one("#export-path")
        buttons = {b.name: b for b in app.screen.query("RadioButton")}
        path_input.value = str(tmp_path / "report.md")
        for fmt, name in (("brief", "report.brief.md"), ("priorities", "report.priorities.md"),
                          ("md", "report.md"), ("json", "report.json")):
            buttons[fmt].value = True
            await pilot.pause()
            assert path_input.value == str(tmp_path / name)


async def test_diff_after_an_edit_shows_the_change(tmp_path):
    db, map_id, app = example_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, map_id)
        await send(pilot, app, "/diff")
        assert "first version" in chat_texts(app)[-1]  # nothing earlier: a sentence, not a traceback
        await send(pilot, app, "/rename Discover to Find us")
        await send(pilot, app, "/diff")
        assert isinstance(app.screen, ReportScreen)
        markdown = app.screen.markdown
        assert "v1 → v2 (now)" in markdown and "Find us" in markdown
        await pilot.press("escape")
        await pilot.pause()
        assert "1 changed" in chat_texts(app)[-1]
        await palette(pilot, app, "Compare the map with its previous version")
        await settle(pilot, app)
        assert isinstance(app.screen, ReportScreen) and "Find us" in app.screen.markdown
        await pilot.press("escape")
        await send(pilot, app, "/diff Sweet Crumbs@1")  # another map (here: itself, at v1)
        assert isinstance(app.screen, ReportScreen) and "Find us" in app.screen.markdown


async def test_map_commands_need_a_map_and_are_in_help(tmp_path):
    from cjm_assistant.tui.screens.help import help_markdown

    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=SIZE) as pilot:
        await new_interview(pilot, app)
        await send(pilot, app, "/guesses")
        assert "works on a map" in chat_texts(app)[-1]
    text = help_markdown()
    for usage in ("/evidence PATH", "/guesses", "/future [IDS\\|all]", "/priorities", "/diff [VERSION\\|MAP[@N]]",
                  "/linked", "Import customer evidence", "What still rests on guesses"):
        assert usage in text


def test_the_router_knows_every_export_format():
    from cjm_assistant.export import ALIASES, FORMATS
    from cjm_assistant.tui import router

    for name in [*FORMATS, *ALIASES]:
        assert router.route(f"/export {name} map.out", "map").args == [name, "map.out"]
    assert router.route("/export .JSON", "map").args == ["json", ""]
    assert router.route("/export brief", "map").args == ["brief", ""]
    assert router.route("/evidence 'my feedback.csv'", "map").args == ["my feedback.csv"]
    assert router.route("/evidence", "map").args == []
    assert router.route("/future op1, op3", "map").args == ["op1, op3"]
    assert router.route("/compare 2", "map").kind == "diff"


def test_reports():
    from cjm_assistant.tui.reports import evidence_markdown, guesses_markdown, split_refs

    assert split_refs("all") == [] and split_refs("") == []
    assert split_refs("op1 op3") == ["op1", "op3"]
    assert split_refs("op1, Price list on Instagram") == ["op1", "Price list on Instagram"]
    text = guesses_markdown([("pain_points", "pp1", "No *prices*", "Discover")], ["Discover"])
    assert "No \\*prices\\*" in text and "`pp1`" in text
    assert "Nothing on this map rests on a guess" in guesses_markdown([])
    assert "No customer evidence" in evidence_markdown({"items": 0})


def _coords(grid):
    from textual.coordinate import Coordinate

    return [Coordinate(r, c) for r in range(grid.row_count) for c in range(len(grid.columns))]


def _walk(node):
    for child in node.children:
        yield child
        yield from _walk(child)


async def test_the_row_review_table_accepts_or_reassigns_rows():
    from textual.app import App

    from cjm_assistant.evidence.rows import ReviewRow
    from cjm_assistant.tui.screens.evidence_review import EvidenceReviewScreen

    rows = [ReviewRow(2, 1, "Happy birthday to the salon!!", None, 0.0, False, "positive"),
            ReviewRow(3, 2, "but the bill was £20 more", "st5", 0.31, True, "negative"),
            ReviewRow(4, 1, "Lovely cut", "st4", 0.4, True, "positive")]
    stages = [("st1", "Find a salon"), ("st4", "Consultation & service"), ("st5", "Pay & rebook")]
    results: list = []

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(EvidenceReviewScreen(rows, stages), results.append)

    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        table = app.screen.query_one("#evidence-rows")
        assert table.row_count == 3 and "(unplaced)" in str(table.get_row_at(0)) and "0.31" in str(table.get_row_at(1))
        await pilot.press("1")  # row 2 -> Find a salon; the cursor moves on
        await pilot.press("0")  # row 3 part 2 -> unplaced
        await pilot.press("enter")
        await pilot.pause()
    assert results == [{(2, 1): "st1", (3, 2): None}]


async def test_the_row_review_table_can_be_left_with_escape():
    from textual.app import App

    from cjm_assistant.evidence.rows import ReviewRow
    from cjm_assistant.tui.screens.evidence_review import EvidenceReviewScreen

    results: list = []

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(EvidenceReviewScreen([ReviewRow(2, 1, "hi", None, 0.0, False)], [("st1", "A")]),
                             results.append)

    async with Host().run_test() as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert results == [None]


async def test_evidence_on_a_database_that_cannot_be_written_is_refused_before_the_file_is_read(tmp_path):
    db, map_id, app = example_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, map_id)
        why = f"cannot write to {db} (it is read-only); cjm.db is open for reading only"
        app.session.store.connection.read_only = why  # as a read-only file opens
        read: list = []
        reading = app.session.read_evidence
        app.session.read_evidence = lambda *args, **kwargs: read.append(args) or reading(*args, **kwargs)
        await send(pilot, app, f"/evidence {FEEDBACK}")
        await settle(pilot, app)
        assert read == []  # refused first: not read, matched and then refused at the save
        assert any(why in n for n in notifications(app)) or why in chat_texts(app)[-1]
        assert not isinstance(app.screen, (EvidenceScreen, ReviewScreen)) and app.session.head == 1


async def test_on_an_80_column_terminal_the_review_shows_every_rows_stage_and_cuts_only_the_text():
    # at 80x24 the text column took the width and pushed the proposed stage off the screen
    from textual.app import App

    from cjm_assistant.evidence.rows import ReviewRow
    from cjm_assistant.tui.screens.evidence_review import EvidenceReviewScreen

    long = "Lovely old cinema, comfy seats and the staff are so friendly, and the popcorn is the best in town"
    rows = [ReviewRow(2, 1, long, "st1", 0.72, True, "positive"),
            ReviewRow(3, 2, "but the bar queue was long and we missed the trailers", "st4", 0.55, True, "negative")]
    stages = [("st1", "Find a film"), ("st4", "Grab a drink at the bar")]

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(EvidenceReviewScreen(rows, stages))

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#evidence-rows")
        labels = [str(c.label) for c in table.ordered_columns]
        widths = [c.get_render_width(table) for c in table.ordered_columns]
        visible = table.scrollable_content_region.width
        assert labels[-1] == "text" and labels[1] == "stage"
        assert sum(widths[:-1]) < visible  # row, stage, confidence, sentiment and the mark all on the screen
        assert {str(table.get_row_at(0)[1]), str(table.get_row_at(1)[1])} == {"Find a film", "Grab a drink at the bar"}
        detail = str(app.screen.query_one("#evidence-detail").render())  # the highlighted row in full
        assert detail.startswith("Row 2 · positive · Find a film: ") and "best in town" in detail
        await pilot.press("down")
        await pilot.pause()
        assert "missed the trailers" in str(app.screen.query_one("#evidence-detail").render())
        await pilot.press("0")  # moved to unplaced: the last row stays highlighted and says so
        await pilot.pause()
        assert str(app.screen.query_one("#evidence-detail").render()).startswith("Row 3.2 · negative · unplaced: ")


async def test_rows_moved_in_the_review_table_change_the_proposed_mentions_before_they_are_shown(tmp_path,
                                                                                              monkeypatch):
    # moving rows in the table used to leave the proposal as the matcher made it: "+N mentions" on a pain point
    # no stored row cited any more; now every pain point the review lists is cited by the rows it would store
    from cjm_assistant.evidence.propose import EvidenceImport
    from cjm_assistant.tui.screens.evidence_review import EvidenceReviewScreen

    shown = EvidenceImport.review_rows

    def citing_first(self, limit: int = 500):  # the table lists the rows that back a pain point first
        citing = {(r["row"], r["part"]) for r in self.rows if r["pain_point_id"]}
        return sorted(shown(self, limit), key=lambda r: (r.row, r.part) not in citing)

    monkeypatch.setattr(EvidenceImport, "review_rows", citing_first)
    db, map_id, app = example_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, map_id)
        await send(pilot, app, f"/evidence {FEEDBACK}")
        await wait_for(pilot, lambda: isinstance(app.screen, EvidenceReviewScreen), what="the row review")
        table = app.screen.query_one("#evidence-rows")
        for _ in range(min(20, table.row_count)):  # the first rows all to stage 1
            await pilot.press("1")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")
        proposal = app.screen.proposal
        cited: dict[str, int] = {}
        for row in proposal.evidence.rows:
            if row["pain_point_id"]:
                cited[row["pain_point_id"]] = cited.get(row["pain_point_id"], 0) + 1
        base = pains(example_map())
        for op in proposal.ops:
            if op.op == "update_pain_point":
                assert op.mentions - base[op.pain_point].mentions <= cited.get(op.pain_point, 0), op
                assert cited.get(op.pain_point, 0) > 0, op
        await pilot.press("enter")
        await settle(pilot, app)
    with Store.open(db) as store:
        moved = [r for r in store.evidence(map_id) if r["reason"].startswith("assigned by")]
    assert len(moved) >= 1 and all(r["stage_id"] == example_map().stages[0].id for r in moved)


async def test_a_long_row_is_seen_in_full_with_v_and_the_heading_counts_what_was_placed():
    # outside attack 6 F7/F11: a 1,000-character row was cut below the table with no way to read the rest; End
    # scrolled the table sideways; the heading's count never changed
    from textual.app import App

    from cjm_assistant.evidence.rows import ReviewRow
    from cjm_assistant.tui.screens.evidence_review import EvidenceReviewScreen
    from cjm_assistant.tui.screens.report import ReportScreen

    long = "ROW0 " + "the weather was grey and my neighbour mentioned a blue bicycle near the river " * 12 + "ENDMARK0"
    rows = [ReviewRow(2, 1, long, None, 0.0, False, "neutral"), ReviewRow(3, 1, "# not a heading *", "st1", 0.4, True)]

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(EvidenceReviewScreen(rows, [("st1", "Find a film")]))

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        review = app.screen
        assert "2 rows to check, 1 unplaced" in str(review.query_one("#evidence-heading").render())
        await pilot.press("end")
        assert review.query_one("#evidence-rows").scroll_x == 0  # the stage column never leaves the screen
        await pilot.press("home", "v")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert "ENDMARK0" in app.screen.query_one("#report-body").children[0].source
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("1")  # the long row to stage 1: the heading says so
        assert "0 unplaced, 1 placed by you" in str(review.query_one("#evidence-heading").render())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_after_a_file_is_read_the_dialog_s_buttons_and_hint_are_in_sight(tmp_path, size):
    # at 80x24 the columns pushed Import, Cancel and the hint below the screen: Enter on an unseen Cancel
    # closed the dialog without a word
    db, map_id, app = example_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app, map_id)
        await palette(pilot, app, "Import customer evidence (CSV, text, JSON lines)")
        dialog = app.screen
        dialog.query_one("#evidence-path").value = str(FEEDBACK)
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog.feedback is not None, what="the file to be read")
        await settle(pilot, app)
        screen = dialog.region
        for selector in ("#evidence-go", "#evidence-cancel", "#evidence .dialog-hint", "#evidence-path"):
            region = dialog.query_one(selector).region
            assert region.height and screen.contains_region(region), (selector, region, screen)
        text, score = dialog.query_one("#evidence-text"), dialog.query_one("#evidence-score")
        text.focus()  # the columns scroll into sight when they have the focus
        await pilot.pause()
        assert dialog.query_one("#evidence-body").region.contains_region(text.region)
        score.focus()
        await pilot.pause()
        assert dialog.query_one("#evidence-body").region.contains_region(score.region)
