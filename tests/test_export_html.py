"""The web page export, read back with the standard library's HTML parser.

What a reader sees (every stage a column, every lane a row, the persona
cards, the curve, the 2x2, the evidence), what must never be there (a tag,
an attribute or a URL that came from map text; a script from elsewhere), and
how the page reaches the CLI and the session. The same pages in a real
browser: tests/test_export_browser.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.support.export import HOSTILE_TITLE, LONG, SCRIPT, Node, hostile_map, parse
from hypothesis import given, settings
from tests.test_export import PROPERTY, maps

from cjm_assistant.cli import main
from cjm_assistant.domain.model import JourneyMap, clean_name
from cjm_assistant.export import export, from_json, to_html
from cjm_assistant.export.html import LinkedMap, _asset, blocks
from cjm_assistant.export.priorities import rank_pains

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "sweet-crumbs.json"
LANES = ["Customer goal", "Actions", "Touchpoints", "Thoughts", "Emotion", "Pain points", "Opportunities", "KPIs"]
# Every element the page may have: map text must never add another.
TAGS = {"#document", "html", "head", "meta", "title", "style", "body", "header", "main", "footer", "section",
        "article", "figure", "div", "p", "h1", "h2", "h3", "h4", "dl", "dt", "dd", "ul", "ol", "li", "a", "span",
        "strong", "code", "br", "blockquote", "fieldset", "legend", "label", "input", "table", "caption", "colgroup",
        "col", "thead", "tbody", "tr", "th", "td", "svg", "desc", "rect", "line", "polyline", "circle", "text",
        "script"}


@pytest.fixture(scope="module")
def example() -> JourneyMap:
    return from_json(EXAMPLE.read_text(encoding="utf-8"))


def stage_headers(root: Node) -> list[Node]:
    return [th for th in root.find_all("th", scope="col") if th.attrs.get("id", "").startswith("stage-")]


def header_name(node: Node) -> str:
    """A name in a header or a list: its text without a number, a provenance mark or a persona letter."""
    return "".join(c if isinstance(c, str) else "" for c in node.children).strip()


def check_safe(page: str, links: tuple[str, ...] = ()) -> Node:
    """The page parses, has only our elements, no event handler, no URL but ``links``, one inline script at most."""
    root = parse(page)
    assert {n.tag for n in root.iter()} <= TAGS
    for node in root.iter():
        assert not [a for a in node.attrs if a.startswith("on")], node.attrs
        assert "src" not in node.attrs, node.attrs
        href = node.attrs.get("href")
        if href is not None:
            assert href in links, href
            assert "://" not in href and not href.lower().startswith(("javascript:", "data:"))
    scripts = root.find_all("script")
    assert len(scripts) <= 1 and all(s.text().strip() == _asset("html.js").strip() for s in scripts)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*https?://""", page, re.IGNORECASE)
    return root


# -- what a reader sees ---------------------------------------------------------


def test_every_stage_is_a_column_and_every_lane_a_row(example):
    root = check_safe(to_html(example))

    assert [header_name(th) for th in stage_headers(root)] == [s.name for s in example.stages]
    assert [th.text() for th in root.find_all("th", scope="row") if th.parent.attrs.get("class", "").startswith("row-")] \
        == LANES
    grid = root.find_all("table", "grid")[0]
    for tr in grid.find_all("tr")[1:]:
        cells = tr.find_all("td")
        assert len(cells) == (1 if "row-emotion" in tr.classes() else len(example.stages))


def test_the_header_and_the_persona_card(example):
    root = check_safe(to_html(example))
    persona = example.personas[0]

    assert root.find_all("h1")[0].text() == example.title
    assert root.find_all("p", "kind")[0].text() == "Current state journey map"
    facts = {dt.text(): dd.text() for dt, dd in zip(root.find_all("dt"), root.find_all("dd"))}
    assert facts["Business"] == "Sweet Crumbs" and facts["Model"] == "B2C"
    [card] = root.find_all("article", "persona")
    assert persona.name in card.find_all("h3")[0].text()
    assert card.find_all("blockquote")[0].text() == f"“{persona.quote}”"
    lists = {ul.attrs["class"]: [li.text() for li in ul.find_all("li")] for ul in card.find_all("ul")}
    assert lists == {"goals": persona.goals, "frustrations": persona.frustrations, "channels": persona.channels}


def test_the_curve_the_ranking_the_2x2_and_the_evidence(example):
    root = check_safe(to_html(example))

    [curve] = root.find_all("svg", "curve")
    assert curve.attrs["role"] == "img" and curve.find_all("title") and len(curve.find_all("circle")) == 5
    assert [t.text() for t in curve.find_all("text")] == ["+1 positive", "−1 negative", "0 neutral", "−2 very negative",
                                                          "+2 very positive"]
    assert all(s.name in curve.find_all("desc")[0].text() for s in example.stages)
    ranked = root.find_all("section", id="pains")[0].find_all("tbody")[0].find_all("tr")
    assert [header_name(tr.find_all("th")[0]) for tr in ranked] == [r.pain.name for r in rank_pains(example)]
    [matrix] = root.find_all("svg", "matrix")
    opportunities = sum(len(s.opportunities) for s in example.stages)
    assert len(matrix.find_all("circle", "dot")) == opportunities
    assert sum(len(ol.find_all("li")) for ol in root.find_all("ol")) == opportunities
    quotes = [q.text() for q in root.find_all("section", id="evidence")[0].find_all("blockquote")]
    assert "Median time to first reply to an Instagram message in March: 19 hours" in quotes


def test_marks_have_a_legend_and_severity_is_a_word(example):
    root = check_safe(to_html(example))

    legend = root.find_all("ul", "legend")[0].text()
    assert "° inferred by the assistant" in legend and "† backed by customer evidence" in legend
    assert "High" in legend and "Medium" in legend and "Low" in legend
    marks = [m for m in root.find_all("span", "mark")]
    assert marks and all(m.attrs["title"] and m.find_all("span", "sr") for m in marks)
    pains = [li for li in root.find_all("li", "pain")]
    assert len(pains) == sum(len(s.pain_points) for s in example.stages)
    assert all(li.find_all("span", "sev")[0].text() in ("High", "Medium", "Low") for li in pains)


def test_one_persona_needs_no_filter_and_no_script(example):
    page = to_html(example)
    root = check_safe(page)

    assert not root.find_all("fieldset") and not root.find_all("script") and not root.find_all("span", "who")


def test_the_example_page_is_up_to_date(example):
    """examples/sweet-crumbs.html is what examples/regenerate.py writes today."""
    assert (ROOT / "examples" / "sweet-crumbs.html").read_text(encoding="utf-8") == to_html(example), \
        "run `python examples/regenerate.py`"


# -- personas ----------------------------------------------------------------------------


def test_items_for_some_personas_carry_their_letter_and_the_filter_is_off_without_scripts():
    m = hostile_map()
    root = check_safe(to_html(m))

    cards = root.find_all("article", "persona")
    assert [c.find_all("span", "key")[0].text() for c in cards] == ["A", "B"]
    assert "drawn for" in cards[0].text()
    [fieldset] = root.find_all("fieldset")
    assert "hidden" in fieldset.attrs  # a script shows it; without scripts every item shows and no filter does
    assert [i.attrs["value"] for i in fieldset.find_all("input")] == ["", "pe1", "pe2"]
    buyer_only = [li for li in root.find_all("li") if li.attrs.get("data-personas") == "pe1"]
    assert buyer_only and all(li.find_all("span", "who")[0].text() == "A" for li in buyer_only)
    assert "(for Buyer" in buyer_only[0].text(screen_reader=True)
    assert stage_headers(root)[1].attrs["data-personas"] == "pe2"
    assert not [n for n in root.iter() if "hidden" in n.attrs and n is not fieldset]
    assert len(root.find_all("script")) == 1


# -- escaping --------------------------------------------------------------------------


def test_a_hostile_map_shows_as_typed_and_adds_nothing():
    m = hostile_map()
    page = to_html(m)
    root = check_safe(page)

    assert SCRIPT not in page and "<img" not in page and "<svg onload" not in page and "\u202e" not in page
    assert root.find_all("title")[0].text() == clean_name(HOSTILE_TITLE)
    assert root.find_all("h1")[0].text() == clean_name(HOSTILE_TITLE)
    names = [header_name(th) for th in stage_headers(root)]
    assert names == [SCRIPT, LONG, "Return 'visit' & \"review\""]
    text = root.text()
    for typed in ('Buyer <img src="pwn.png" onerror="window.pwned=1">', "שלום עולם 🎂", "مرحبا بالعالم",
                  '=HYPERLINK("http://evil.example","click")', '"><svg onload="window.pwned=1">', "👩‍👩‍👧",
                  "javascript:window.pwned=1", "ekac"):
        assert typed in text, typed
    assert "\x1b" not in page and "[31m" not in page
    assert all(n.attrs.get("dir") == "auto" for n in root.find_all("li") if "שלום" in n.text() and "data-personas" in n.attrs)


def test_the_future_state_link_is_a_file_beside_the_page():
    link = LinkedMap("future", HOSTILE_TITLE, "ab12cd34", None, "bakery-future-state.html")
    root = check_safe(to_html(hostile_map(), links=(link,)), links=("bakery-future-state.html",))

    [a] = root.find_all("a")
    assert a.attrs["href"] == "bakery-future-state.html" and a.text() == clean_name(HOSTILE_TITLE)
    assert "Future state:" in a.parent.text() and "cjm export ab12cd34 -f html -o ." in a.parent.text()


@settings(PROPERTY, max_examples=60)
@given(maps())
def test_any_map_makes_a_safe_page_with_its_stages_in_order(m):
    root = check_safe(to_html(m))

    assert [header_name(th) for th in stage_headers(root)] == [s.name for s in m.stages]
    assert root.find_all("h1")[0].text() == m.title


@pytest.mark.parametrize(("count", "sizes"), [(0, []), (1, [1]), (6, [6]), (7, [4, 3]), (8, [4, 4]), (12, [6, 6]),
                                              (13, [5, 4, 4]), (60, [6] * 10)])
def test_the_grid_is_cut_into_even_blocks_of_at_most_six_stages(count, sizes):
    stages = list(range(count))
    parts = blocks(stages)  # type: ignore[arg-type]
    assert [len(p) for p in parts] == sizes and [s for p in parts for s in p] == stages


def test_a_long_map_prints_as_blocks_that_continue_the_curve(example):
    data = example.model_dump()
    data["stages"] = data["stages"] + [{**s, "name": s["name"] + " again", "id": "", "actions": [], "touchpoints": [],
                                        "thoughts": [], "pain_points": [], "opportunities": [], "kpis": []}
                                       for s in data["stages"][:3]]
    m = JourneyMap.model_validate(data)
    root = check_safe(to_html(m))

    tables = root.find_all("table", "grid")
    assert [len(stage_headers(t)) for t in tables] == [4, 4]
    assert [t.find_all("caption")[0].text() for t in tables] == ["Stages 1–4 of 8", "Stages 5–8 of 8"]
    assert [len(t.find_all("line", "edge")) for t in tables] == [1, 1]  # each curve runs on towards the other


def test_a_dense_block_shrinks_to_fit_its_page_and_a_light_one_does_not(example):
    assert "style=\"--print-zoom" not in to_html(example)
    data = example.model_dump()
    for stage in data["stages"]:
        stage["thoughts"] = [{"text": "A long thought that goes on and on about the cake and the party " * 3}
                             for _ in range(8)]
    zoom = float(re.search(r"--print-zoom: ([0-9.]+)", to_html(JourneyMap.model_validate(data))).group(1))
    assert 0.6 <= zoom < 1


# -- through the session and the CLI ------------------------------------------------------


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "cjm.db")
    assert main(["--db", path, "import", str(EXAMPLE)]) == 0
    return path


def test_cli_writes_the_page_with_the_evidence_behind_the_map_and_its_future_state(db, tmp_path, capsys):
    feedback = ROOT / "examples" / "sweet-crumbs-feedback.csv"
    assert main(["--db", db, "--engine", "playbook", "evidence", "sweet", str(feedback), "--yes"]) == 0
    assert main(["--db", db, "future", "sweet crumbs: first custom cake order"]) == 0
    capsys.readouterr()
    target = tmp_path / "out" / "map.html"
    target.parent.mkdir()

    assert main(["--db", db, "export", "Sweet Crumbs: first custom cake order", "-f", "html", "-o", str(target)]) == 0

    assert capsys.readouterr().out == f"Wrote {target}\n"
    future = "sweet-crumbs-first-custom-cake-order-future-state.html"
    root = check_safe(target.read_text(encoding="utf-8"), links=(future,))
    sources = root.find_all("ul", "sources")[0].text()
    assert "sweet-crumbs-feedback.csv: 291 customer items analysed" in sources
    assert root.find_all("a")[0].attrs["href"] == future
    assert main(["--db", db, "export", "sweet crumbs: first custom cake order (future", "-f", "html", "-o",
                 str(tmp_path / "out")]) == 0
    back = check_safe((tmp_path / "out" / future).read_text(encoding="utf-8"),
                      links=("sweet-crumbs-first-custom-cake-order.html",))
    assert "Made from:" in back.find_all("p", "linked")[0].text()


def test_cli_prints_the_page_without_a_file_and_open_says_when_there_is_no_desktop(db, tmp_path, capsys,
                                                                                  monkeypatch):
    from cjm_assistant.export import desktop

    assert main(["--db", db, "export", "sweet", "-f", "html"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(desktop, "find_opener", lambda: None)
    assert main(["--db", db, "export", "sweet", "-f", "html", "--open"]) == 0
    written = tmp_path / "sweet-crumbs-first-custom-cake-order.html"
    assert capsys.readouterr().out == (f"Wrote {written}\nThere is no desktop here to open it with (no display); "
                                       "open the file yourself.\n")
    assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_open_hands_the_written_file_to_the_desktop(db, tmp_path, capsys, monkeypatch):
    from cjm_assistant.export import desktop

    opened: list[Path] = []
    monkeypatch.setattr(desktop, "find_opener", lambda: opened.append)

    assert main(["--db", db, "export", "sweet", "-f", "html", "-o", str(tmp_path / "m.html"), "--open"]) == 0

    assert opened == [tmp_path / "m.html"]
    assert capsys.readouterr().out.endswith("Opened it with the desktop's default application.\n")


def test_without_a_display_there_is_no_opener(monkeypatch):
    from cjm_assistant.export import desktop

    monkeypatch.setattr(desktop.sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert desktop.find_opener() is None and desktop.open_file(Path("x.html")) is False
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(desktop.shutil, "which", lambda name: "/usr/bin/xdg-open")
    assert desktop.find_opener() is not None  # found, not called


def test_the_tui_routes_export_html_and_xlsx():
    from cjm_assistant.tui import router

    assert router.route("/export html map.html", "map").args == ["html", "map.html"]
    assert router.route("/export xlsx", "map").args == ["xlsx", ""]
    assert "html|xlsx" in router.route("/export a b c", "map").args[0]


def test_export_passes_context_only_to_formats_that_take_it(example):
    summary = {"items": 3, "cited": 1, "sources": [{"source": "a.csv", "items": 3, "pain": 1, "praise": 1, "other": 1,
                                                    "cited": 1, "placed": 2}], "praise": {}, "by_pain_point": {}}
    assert export(example, "csv", evidence=summary) == export(example, "csv")
    assert "a.csv" in export(example, "html", evidence=summary) and "a.csv" in export(example, "md", evidence=summary)


def test_a_large_feedback_file_is_counted_with_thousands_commas_in_markdown_and_html(example):
    summary = {"items": 12040, "cited": 8000, "praise": {}, "by_pain_point": {},
               "sources": [{"source": "reviews.csv", "items": 12040, "pain": 10010, "praise": 1500, "mixed": 30,
                            "other": 500, "cited": 8000, "placed": 11000}]}
    line = ("12,040 customer items analysed: 10,010 complaints, 1,500 praise, 30 mixed, 500 other; "
            "8,000 back a pain point, 11,000 placed on a stage.")

    assert line in export(example, "md", evidence=summary)
    assert line in " ".join(parse(export(example, "html", evidence=summary)).find_all("ul", "sources")[0].text().split())
