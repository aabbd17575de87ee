"""The spreadsheet export, read back with openpyxl: sheets, cells, frozen panes, fills, types, and formulas kept
as text; then written through the session, the CLI and the TUI's export dialog."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from tests.support.export import hostile_map
from openpyxl import load_workbook

from cjm_assistant.cli import main
from cjm_assistant.export import export, format_named, from_json, to_xlsx
from cjm_assistant.export.priorities import quadrants, rank_pains
from cjm_assistant.export.text import csv_cell

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "sweet-crumbs.json"
SHEETS = ["Journey", "Stages", "Touchpoints", "Pain points", "Opportunities", "KPIs", "Evidence", "About"]


@pytest.fixture(scope="module")
def example():
    return from_json(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def book(example):
    return load_workbook(io.BytesIO(to_xlsx(example)))


def header(ws) -> list[str]:
    return [c.value for c in ws[1]]


def column(ws, name: str) -> list:
    index = header(ws).index(name)
    return [row[index] for row in ws.iter_rows(min_row=2, values_only=True)]


def test_the_grid_comes_first_with_stages_across_and_lanes_down(book, example):
    assert book.sheetnames == SHEETS
    ws = book.worksheets[0]

    assert header(ws) == ["Stage", *[f"{i}. {s.name}" for i, s in enumerate(example.stages, 1)]]
    assert [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)] == [
        "Customer goal", "Actions", "Touchpoints", "Thoughts", "Emotion", "Pain points", "Opportunities", "KPIs"]
    assert ws.freeze_panes == "B2"  # the header row and the lane column stay in view
    ask = ws.cell(3, 3)  # Actions of "Ask & compare"
    assert ask.alignment.wrap_text and ask.value.split("\n")[0].startswith("• Sends an Instagram message")
    assert ws.cell(6, 2).value == "positive (+1)" and ws.cell(6, 5).value == "very negative (-2)"


def test_a_pain_point_cell_is_coloured_by_its_worst_severity_and_says_it(book, example):
    ws = book["Journey"]
    row = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)].index("Pain points") + 1
    fills = {ws.cell(row, col).fill.fgColor.rgb[-6:] for col in range(2, len(example.stages) + 2)}
    ask = ws.cell(row, 3)

    assert ask.fill.fgColor.rgb.endswith("FDE2E1") and "(high)" in ask.value and "(low)" in ask.value
    assert fills == {"FDE2E1", "FFF0C2"}  # high and medium stages in this map
    pains = book["Pain points"]
    for r, ranked in enumerate(rank_pains(example), 2):
        colour = {3: "FDE2E1", 2: "FFF0C2", 1: "E3ECF7"}[ranked.pain.severity]
        assert pains.cell(r, 4).value == {3: "high", 2: "medium", 1: "low"}[ranked.pain.severity]
        assert pains.cell(r, 4).fill.fgColor.rgb.endswith(colour)


def test_every_list_has_its_sheet_with_typed_columns(book, example):
    pains = book["Pain points"]
    assert pains.freeze_panes == "A2" and pains.auto_filter.ref == f"A1:L{len(rank_pains(example)) + 1}"
    assert column(pains, "Pain point") == [r.pain.name for r in rank_pains(example)]
    assert column(pains, "Rank") == list(range(1, 10))
    assert all(isinstance(v, int) for v in column(pains, "Mentions"))
    assert all(isinstance(v, (int, float)) for v in column(pains, "Score")) and column(pains, "Score")[0] == 10.81
    assert pains.cell(2, 6).number_format == "0.00" and pains.cell(2, 6).data_type == "n"
    opportunities = book["Opportunities"]
    assert column(opportunities, "Opportunity") == [r.opportunity.name for r in quadrants(example)]
    assert column(opportunities, "Quadrant")[0] == "Quick wins"
    stages = book["Stages"]
    assert column(stages, "Emotion") == [s.emotion for s in example.stages]
    kpis = book["KPIs"]
    row = column(kpis, "KPI").index("Enquiries that become orders") + 2
    assert kpis.cell(row, 3).value == pytest.approx(0.31) and kpis.cell(row, 3).number_format == "0%"
    assert kpis.cell(row, 4).value == pytest.approx(0.5)
    assert "19 hours" in column(kpis, "Current")  # text that is not a number stays text
    evidence = book["Evidence"]
    assert "Median time to first reply to an Instagram message in March: 19 hours" in column(evidence, "Quote")
    assert len(book["Touchpoints"]["A"]) == 1 + sum(len(s.touchpoints) for s in example.stages)
    about = {r[0]: r[1] for r in book["About"].iter_rows(min_row=2, values_only=True)}
    assert about["Map"] == example.title and about["Persona"].startswith("Busy parent Priya")


def test_formulas_stay_text_by_the_csv_rule():
    book = load_workbook(io.BytesIO(to_xlsx(hostile_map())))
    cells = [c for ws in book for row in ws.iter_rows() for c in row if c.value is not None]

    assert not [c for c in cells if c.data_type == "f"]
    assert all(not str(c.value).startswith(("=", "+", "-", "@")) for c in cells if c.data_type == "s")
    pains = book["Pain points"]
    assert column(pains, "Pain point")[0] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert column(pains, "Pain point")[0] == csv_cell('=HYPERLINK("http://evil.example","click")')
    assert column(book["Opportunities"], "Opportunity") == ["'+Fix it", "'-Maybe"]
    assert column(book["KPIs"], "KPI") == ["'@Checkout"] and column(book["KPIs"], "Current") == [12]
    assert book["Journey"].cell(1, 3).value.startswith("2. Onboarding")
    assert "\u202e" not in "".join(str(c.value) for c in cells)


def test_the_evidence_summary_adds_stored_rows_and_a_sources_sheet(example):
    summary = {"items": 5, "cited": 2, "praise": {}, "by_pain_point": {"pp2": 2},
               "sources": [{"source": "=reviews.csv", "items": 5, "pain": 2, "praise": 1, "other": 2, "cited": 2,
                            "placed": 3}]}
    book = load_workbook(io.BytesIO(export(example, "xlsx", evidence=summary)))

    assert book.sheetnames == [*SHEETS[:-1], "Evidence sources", "About"]
    assert header(book["Evidence sources"]) == ["Source", "Items", "Complaints", "Praise", "Other",
                                                "Back a pain point", "Placed on a stage"]
    assert list(book["Evidence sources"].iter_rows(min_row=2, values_only=True)) == [("'=reviews.csv", 5, 2, 1, 2, 2, 3)]
    evidence = book["Evidence"]
    rows = [r for r in evidence.iter_rows(min_row=2, values_only=True) if r[-1] == "pp2"]
    assert rows and all(r[3] == 2 for r in rows)


def test_xlsx_is_a_binary_format_and_openpyxl_loads_only_when_used():
    import subprocess
    import sys

    assert format_named("xlsx").binary and format_named("xlsx").extension == ".xlsx"
    code = "import cjm_assistant.export, cjm_assistant.cli, sys; print('openpyxl' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


# -- written to a file -------------------------------------------------------------------


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "cjm.db")
    assert main(["--db", path, "import", str(EXAMPLE)]) == 0
    return path


def test_cli_writes_xlsx_to_its_suggested_name_here_without_o(db, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()

    assert main(["--db", db, "export", "sweet", "-f", "xlsx"]) == 0

    written = tmp_path / "sweet-crumbs-first-custom-cake-order.xlsx"
    assert capsys.readouterr().out == f"Wrote {written}\n"  # a sentence, never the bytes
    assert load_workbook(written).sheetnames == SHEETS
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temporary file left


def test_session_writes_bytes_atomically_over_an_old_file(db, tmp_path):
    from cjm_assistant.session import Session

    target = tmp_path / "out" / "map.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"an old file " * 100_000)
    session = Session.start(db, engine="playbook")
    session.open_map("sweet")

    content, path = session.export("xlsx", target, force=True)

    assert isinstance(content, bytes) and path == target.resolve() and target.read_bytes() == content
    assert load_workbook(target)["Journey"].cell(1, 2).value == "1. Discover"
    assert [p.name for p in target.parent.iterdir()] == ["map.xlsx"]
    session.close()


async def test_the_export_dialog_offers_html_and_xlsx_and_writes_them(tmp_path, monkeypatch):
    from tests.support.tui import example_map, make_app, notifications, saved_map, settle, wait_for

    from cjm_assistant.tui.screens.main import MainScreen

    monkeypatch.chdir(tmp_path)
    db = tmp_path / "cjm.db"
    map_id = saved_map(db, example_map())
    app = make_app(db, open_map=map_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await wait_for(pilot, lambda: app.session.map_id == map_id and isinstance(app.screen, MainScreen),
                       what="the example map to open")
        await settle(pilot, app)
        for fmt, extension in (("xlsx", ".xlsx"), ("html", ".html")):
            await pilot.press("ctrl+e")
            await pilot.pause()
            buttons = {b.name: b for b in app.screen.query("RadioButton")}
            assert {"html", "xlsx"} <= set(buttons)
            buttons[fmt].value = True
            await pilot.pause()
            path_input = app.screen.query_one("#export-path")
            assert path_input.value.endswith("sweet-crumbs-first-custom-cake-order" + extension)
            path_input.focus()
            await pilot.press("enter")
            await settle(pilot, app)
            assert f"Wrote {path_input.value}" in notifications(app)
    assert load_workbook(tmp_path / "sweet-crumbs-first-custom-cake-order.xlsx").sheetnames == SHEETS
    assert (tmp_path / "sweet-crumbs-first-custom-cake-order.html").read_text(encoding="utf-8").startswith("<!DOC")
