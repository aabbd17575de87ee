"""Exports: snapshots of the example map, escaping, and properties that hold for any text.

The snapshots are the example map's exports as files (tests/__snapshots__/test_export/).
Regenerate them after an intended change to an exporter with

    python -m pytest tests/test_export.py --snapshot-update

and read the diff before committing it.
"""

from __future__ import annotations

import csv
import html.parser
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm_assistant.export import (
    FORMATS,
    MapImportError,
    export,
    from_json,
    suggest_filename,
    to_csv,
    to_json,
    to_markdown,
    to_mermaid,
)
from cjm_assistant.export.markdown import MARKS
from cjm_assistant.export.tabular import COLUMNS
from cjm_assistant.export.text import csv_cell, md_cell, md_inline, mermaid_name, plain, slugify
from cjm_assistant.domain.model import JourneyMap, clean_name, clean_text
from tests.support.snapshots import CsvSnapshot, MarkdownSnapshot, MermaidSnapshot

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "sweet-crumbs.json"
LANE_ROWS = ["Customer goal", "Actions", "Touchpoints", "Thoughts", "Emotion", "Pain points", "Opportunities", "KPIs"]


@pytest.fixture(scope="module")
def example() -> JourneyMap:
    return from_json(EXAMPLE.read_text(encoding="utf-8"))


# -- helpers -----------------------------------------------------------------


def split_row(line: str) -> list[str]:
    """Cells of a GFM table row: split on pipes not preceded by a backslash (GFM's rule)."""
    assert line.startswith("|") and line.endswith("|"), line
    cells, current, escaped = [], [], False
    for ch in line[1:-1]:
        if ch == "|" and not escaped:
            cells.append("".join(current))
            current = []
        else:
            current.append(ch)
        escaped = ch == "\\"
    cells.append("".join(current))
    return cells


def table_lines(md: str) -> list[str]:
    """The table: the only lines of the document that start with a pipe."""
    lines = [line for line in md.split("\n") if line.startswith("|")]
    start = md.split("\n").index(lines[0])
    assert md.split("\n")[start:start + len(lines)] == lines, "the table rows are not contiguous"
    return lines


def control_chars(text: str) -> list[str]:
    return [repr(ch) for ch in text if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cs")]


class _Rendered(html.parser.HTMLParser):
    """Text of each table cell (row by row) and each heading, as a browser would show it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.headings: list[str] = []
        self.text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td", "h1", "h2", "h3"):
            self.text = []
        elif tag == "br" and self.text is not None:
            self.text.append("\n")

    def handle_endtag(self, tag):
        if self.text is None:
            return
        if tag in ("th", "td"):
            self.rows[-1].append("".join(self.text))
        elif tag in ("h1", "h2", "h3"):
            self.headings.append("".join(self.text))
        else:
            return
        self.text = None

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)


def rendered(md: str) -> _Rendered:
    """The document as a GFM parser (markdown-it-py, present with Textual/rich) renders it."""
    markdown_it = pytest.importorskip("markdown_it")
    parser = _Rendered()
    parser.feed(markdown_it.MarkdownIt("commonmark").enable("table").render(md))
    parser.close()
    return parser


def shown(name: str) -> str:
    """How a name should read once exported: as the model keeps it, minus invisible bidi controls."""
    return plain(name)


# -- the example map ---------------------------------------------------------


def test_example_is_a_valid_showcase(example):
    assert example.business.name == "Sweet Crumbs"
    assert [s.name for s in example.stages] == ["Discover", "Ask & compare", "Order & pay", "Delivery", "After the party"]
    curve = [s.emotion for s in example.stages]
    assert curve[1] < curve[0] and curve[3] < curve[2] and curve[3] == min(curve) and curve[4] == max(curve)
    assert example.main_persona.name == "Busy parent Priya"
    assert {t.kind for t in example.transitions} >= {"next", "drop-off"}
    assert {pp.provenance for _, pp in example.pain_points()} == {"user", "inferred"}
    user_pains = {pp.name for _, pp in example.pain_points() if pp.provenance == "user"}
    assert user_pains == {"No prices on Instagram", "Slow replies to enquiries", "Unclear delivery window"}
    for stage in example.stages:
        assert stage.touchpoints and stage.pain_points and stage.opportunities and stage.kpis, stage.name
    answered = {ref for s in example.stages for op in s.opportunities for ref in op.addresses}
    assert answered == {pp.id for _, pp in example.pain_points()}
    # the file is written with every id given, so nothing is assigned on load
    raw = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert all(tp["id"] for st_ in raw["stages"] for tp in st_["touchpoints"])


def test_golden_markdown(example, snapshot):
    assert to_markdown(example) == snapshot.use_extension(MarkdownSnapshot)


def test_golden_csv(example, snapshot):
    assert to_csv(example) == snapshot.use_extension(CsvSnapshot)


def test_golden_mermaid(example, snapshot):
    assert to_mermaid(example) == snapshot.use_extension(MermaidSnapshot)


def test_example_table_has_a_column_per_stage_in_every_row(example):
    md = to_markdown(example)
    lines = table_lines(md)
    assert len(lines) == 2 + len(LANE_ROWS)
    for line in lines:
        assert len(split_row(line)) == len(example.stages) + 1, line
    assert [split_row(line)[0].strip() for line in lines[2:]] == [f"**{r}**" for r in LANE_ROWS]


def test_example_table_renders_as_written(example):
    rows = rendered(to_markdown(example)).rows
    assert rows[0] == ["Stage", "Discover", "Ask & compare", "Order & pay", "Delivery", "After the party"]
    assert all(len(r) == 6 for r in rows)
    by_lane = {r[0]: r[1:] for r in rows[1:]}
    assert by_lane["Emotion"] == ["🙂 +1", "😟 -1", "😐 0", "😣 -2", "😄 +2"]
    assert by_lane["Pain points"][0] == "No prices on Instagram (high)"
    assert by_lane["Touchpoints"][3] == "• Delivery day message (WhatsApp)\n• Doorstep delivery (Local delivery)"


def test_example_markdown_reads_right(example):
    md = to_markdown(example)
    assert md.startswith("# Sweet Crumbs: first custom cake order\n\n**Current state** map for **Busy parent Priya**: ")
    assert "Items marked ° are inferred by the assistant; items marked † are backed by evidence" in md
    assert "> “I just want to know what it costs and when it'll turn up, without chasing anyone.”" in md
    for n, stage in enumerate(example.stages, 1):
        assert f"\n## Stage {n}: {stage.name}\n" in md
    ranked = md.split("## Pain points, ranked\n\n")[1].split("\n\n")[0].split("\n")
    assert len(ranked) == sum(1 for _ in example.pain_points())
    # severity first, then how many opportunities answer it, then stage order
    assert ranked[0].startswith("1. **No prices on Instagram** — high · Discover · answered by 2")
    assert ranked[2].startswith("3. **Slow replies to enquiries** — high · Ask & compare · answered by 1")
    assert ranked[-1].startswith("9. **Hard to tell how many a cake serves**° — low")
    assert "```mermaid\njourney\n" in md
    assert "✕ drops off: No reply by the next evening" in md
    assert "answers No written order confirmation, The quote arrives in pieces (Ask & compare)" in md
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_example_mermaid(example):
    mmd = to_mermaid(example)
    lines = mmd.splitlines()
    assert lines[0] == "journey"
    assert lines[1] == "  title Sweet Crumbs first custom cake order"
    assert "  section Ask & compare" in lines
    assert "    Doorstep delivery: 1: Busy parent Priya" in lines
    assert "    Thank-you message: 5: Busy parent Priya" in lines


def test_example_csv(example):
    rows = list(csv.DictReader(io.StringIO(to_csv(example))))
    assert tuple(rows[0]) == COLUMNS
    pp1 = next(r for r in rows if r["id"] == "pp1")
    assert pp1["type"] == "pain_point" and pp1["severity"] == "high"
    assert pp1["touchpoint"] == "Cake photos and reels" and pp1["stage"] == "Discover" and pp1["stage_order"] == "1"
    op2 = next(r for r in rows if r["id"] == "op2")
    assert op2["answers"] == "Slow replies to enquiries; No prices on Instagram"
    kp2 = next(r for r in rows if r["id"] == "kp2")
    assert (kp2["target"], kp2["current"], kp2["provenance"]) == ("under 2 hours", "19 hours", "evidence")
    assert {r["emotion"] for r in rows if r["stage"] == "Delivery"} == {"-2"}


def test_json_round_trip_of_example(example):
    text = to_json(example)
    assert from_json(text) == example
    assert json.loads(text)["title"] == example.title
    assert from_json(text.encode("utf-8")) == example
    assert from_json("\ufeff" + text) == example


# -- formats and file names ---------------------------------------------------


def test_formats_and_filenames(example):
    assert set(FORMATS) == {"md", "json", "csv", "mermaid", "priorities", "brief", "html", "xlsx"}
    assert [f.name for f in FORMATS.values() if f.binary] == ["xlsx"]
    assert export(example, "md") == to_markdown(example)
    assert export(example, "markdown") == to_markdown(example)
    assert export(example, ".csv") == to_csv(example)
    assert export(example, "mermaid") == to_mermaid(example)
    assert from_json(export(example, "json")) == example
    assert suggest_filename(example, "md") == "sweet-crumbs-first-custom-cake-order.md"
    assert suggest_filename(example, "mermaid").endswith(".mmd")
    assert suggest_filename(example, "json").endswith(".json")
    with pytest.raises(ValueError, match="unknown export format 'pdf'; choose one of md, json, csv, mermaid, "
                                         "priorities, brief, html, xlsx"):
        export(example, "pdf")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Sweet Crumbs: first order", "sweet-crumbs-first-order"),
        ("Café Crème — été", "cafe-creme-ete"),
        ("🎂🧁", "map"),
        ("../../etc/passwd", "etc-passwd"),
        ("CON", "con-map"),
        ("a" * 100, "a" * 60),
        ("word " * 30, "-".join(["word"] * 12)),
        ("\x1b[31mred\x00", "red"),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


# -- escaping ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "cell", "inline"),
    [
        ("Ask & compare", "Ask & compare", "Ask & compare"),
        ("a|b", "a\\|b", "a\\|b"),
        ("a\\|b", "a\\\\\\|b", "a\\\\\\|b"),
        ("two\nlines", "two<br>lines", "two lines"),
        ("<script>x</script>", "&lt;script>x&lt;/script>", "&lt;script>x&lt;/script>"),
        ("&amp; &#124;", "&amp;amp; &amp;#124;", "&amp;amp; &amp;#124;"),
        ("`code`", "\\`code\\`", "\\`code\\`"),
        ("[link](http://x)", "\\[link\\](http://x)", "\\[link\\](http://x)"),
        ("**bold** _em_ ~~s~~", "\\*\\*bold\\*\\* \\_em\\_ \\~\\~s\\~\\~", "\\*\\*bold\\*\\* \\_em\\_ \\~\\~s\\~\\~"),
        ("$5 to $10", "\\$5 to \\$10", "\\$5 to \\$10"),
        ("# heading", "# heading", "\\# heading"),
        ("#1 seller", "#1 seller", "#1 seller"),
        ("- item", "- item", "\\- item"),
        ("-1 mood", "-1 mood", "-1 mood"),
        ("1. first", "1. first", "1\\. first"),
        ("0.6", "0.6", "0.6"),
        ("---", "---", "\\---"),
        ("> 85% of visits", "> 85% of visits", "\\> 85% of visits"),  # a quote only where a line starts
        ("target > 85%", "target > 85%", "target > 85%"),  # read as written, not "&gt;"
        ("==", "==", "\\=="),
        ("ends with #", "ends with #", "ends with \\#"),
        ("C#", "C#", "C#"),
        ("\x1b[31mred\x1b[0m\x00\x07", "red", "red"),
        ("tab\there", "tab here", "tab here"),
        ("\u202eevil\u202c", "evil", "evil"),
        ("שלום 🎂 👩‍👩‍👧", "שלום 🎂 👩‍👩‍👧", "שלום 🎂 👩‍👩‍👧"),
    ],
)
def test_markdown_escaping(raw, cell, inline):
    assert md_cell(raw) == cell
    assert md_inline(raw) == inline


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Order: pay", "Order pay"),
        ("a#b;c", "a b c"),
        ("50%% off", "50% off"),
        ("%%{init: {}}%%", "%(init ())%"),
        ("journey planner", "“journey planner”"),
        ("Title search", "“Title search”"),
        (":#;\n", "Untitled"),
        ("two\nlines", "two lines"),
    ],
)
def test_mermaid_names(raw, name):
    assert mermaid_name(raw) == name


@pytest.mark.parametrize(
    ("raw", "cell"),
    [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\t=1", "'=1"), ("fine, really", "fine, really"), ("a\r\nb", "a\nb")],
)
def test_csv_cells(raw, cell):
    assert csv_cell(raw) == cell


# -- import errors -------------------------------------------------------------


def _minimal(**changes) -> dict:
    data = {
        "title": "T",
        "business": {"name": "B"},
        "channels": [{"name": "Web"}],
        "stages": [{"name": "S", "touchpoints": [{"id": "tp1", "name": "Site", "channel": "Web"}]}],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("not json", "the file is not JSON: line 1, column 1: Expecting value"),
        ('{\n  "title": "T",\n    "business" {}\n}', "the file is not JSON: line 3, column 16: Expecting ':' delimiter"),
        ("[1, 2]", "expected a JSON object, found a list"),
        ('"a map"', "expected a JSON object, found a string"),
        (json.dumps(_minimal(title=5)), "title: Input should be a valid string"),
        (json.dumps(_minimal(stages="many")), "stages: Input should be a valid list"),
        (json.dumps(_minimal(kind="sideways")), "kind: Input should be"),
        (json.dumps(_minimal(schema_version=99)), "saved by a newer cjm-assistant (schema version 99"),
        (json.dumps(_minimal(stages=[{"name": "S", "pain_points": [{"name": "P", "touchpoint": "tp99"}]}])),
         "pain point 'P' sits on touchpoint 'tp99', which does not exist"),
        (json.dumps(_minimal(transitions=[{"source": "tp1", "target": "tp7"}])), "goes to touchpoint 'tp7'"),
        (json.dumps(_minimal(stages=[{"name": "S", "touchpoints": [{"name": "X", "channel": "Webb"}]}])),
         "did you mean 'Web'?"),
    ],
)
def test_from_json_explains_what_is_wrong(text, expected):
    with pytest.raises(MapImportError) as info:
        from_json(text)
    message = str(info.value)
    assert expected in message
    assert "\n" not in message and len(message) < 600


def test_from_json_refuses_non_utf8():
    with pytest.raises(MapImportError, match="not UTF-8"):
        from_json(b'{"title": "\xff"}')


# -- speed ---------------------------------------------------------------------


def big_map(stages: int = 50, touchpoints: int = 20, pains: int = 3) -> JourneyMap:
    data = _minimal(stages=[
        {
            "name": f"Stage {s} | with <b>pipes</b> & stuff",
            "emotion": s % 5 - 2,
            "actions": [{"text": f"Action {s}.{i}"} for i in range(3)],
            "thoughts": [{"text": f"Thought {s}.{i}\nover two lines"} for i in range(3)],
            "touchpoints": [
                {"id": f"tp{s * 100 + t}", "name": f"Touchpoint {s}.{t}", "channel": "Web", "team": "Ops"}
                for t in range(touchpoints)
            ],
            "pain_points": [
                {"id": f"pp{s * 1000 + t * 10 + p}", "name": f"Pain {s}.{t}.{p}", "severity": p % 3 + 1,
                 "touchpoint": f"tp{s * 100 + t}", "evidence": ["a quote"], "description": "why it hurts"}
                for t in range(touchpoints) for p in range(pains)
            ],
            "opportunities": [
                {"name": f"Idea {s}.{t}", "addresses": [f"pp{s * 1000 + t * 10}"]} for t in range(touchpoints)
            ],
            "kpis": [{"name": f"KPI {s}", "target": "90%"}],
        }
        for s in range(stages)
    ])
    return JourneyMap.model_validate(data)


def test_big_map_exports_fast():
    m = big_map()
    assert sum(1 for _ in m.touchpoints()) == 1000 and sum(1 for _ in m.pain_points()) == 3000
    md = to_markdown(m)
    assert all(len(split_row(line)) == 51 for line in table_lines(md))


# -- properties: any text, any map ------------------------------------------------

TRICKY = [
    "|", "a|b", "\\|", "\\", "\\\\|", "`", "```", "<b>bold</b>", "<script>alert(1)</script>", "<br>", "&amp;",
    "&#124;", "&#x7C;", "# heading", "- item", "+ item", "1. one", "2) two", "> quote", "* star", "---", "===",
    "[link](http://x)", "![img](x)", "**bold**", "_em_", "~~strike~~", "$x$", "line\nbreak", "a\r\nb", "\r",
    "\x1b[31mred\x1b[0m", "\x00\x07\x08\x0b\x0c\x7f\x85\x9b", "\u2028", "\u2029", "\u202eRTL override\u202c",
    "שלום עולם", "مرحبا بالعالم", "🎂🧁", "👩‍👩‍👧", "tab\tthere", "%%{init: {}}%%", "%%", "a: 3: b", ": 5: x",
    "journey", "title x", "section y", "accTitle: x", "x;y", "#", "=HYPERLINK(\"x\")", "+1", "-1", "@me",
    "  spaced  out  ", "\ufeff", "\u200b", "\ue000", "\\`", "|---|", "| a | b |",
]
fragments = st.one_of(st.text(max_size=12), st.sampled_from(TRICKY))
texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(TRICKY),
    st.lists(fragments, max_size=5).map("".join),
    st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=30),
)
names = texts.filter(lambda s: 0 < len(clean_name(s)) <= 200 and len(s) <= 200)
notes = texts.filter(lambda s: 0 < len(clean_text(s)) and len(s) <= 400)


def _unique(strategy, **kw):
    return st.lists(strategy, unique_by=lambda s: clean_name(s).casefold(), **kw)


@st.composite
def maps(draw) -> JourneyMap:
    channel_names = draw(_unique(names, min_size=1, max_size=3))
    stage_names = draw(_unique(names, min_size=1, max_size=4))
    counter = iter(range(1, 10_000))
    stages, tp_ids, pp_ids = [], [], []
    for stage_name in stage_names:
        tps = [
            {"id": f"tp{next(counter)}", "name": draw(names), "channel": draw(st.sampled_from(channel_names)),
             "team": draw(texts.filter(lambda s: len(clean_name(s)) <= 200 and len(s) <= 200)),
             "description": draw(texts), "backstage": draw(st.lists(texts, max_size=2)),
             "provenance": draw(st.sampled_from(list(MARKS)))}
            for _ in range(draw(st.integers(0, 3)))
        ]
        tp_ids += [tp["id"] for tp in tps]
        pps = [
            {"id": f"pp{next(counter)}", "name": draw(names), "severity": draw(st.integers(1, 3)),
             "touchpoint": draw(st.sampled_from([""] + [tp["id"] for tp in tps])),
             "evidence": draw(st.lists(texts, max_size=2)), "description": draw(texts),
             "mentions": draw(st.integers(0, 5)), "provenance": draw(st.sampled_from(list(MARKS)))}
            for _ in range(draw(st.integers(0, 3)))
        ]
        pp_ids += [pp["id"] for pp in pps]
        stages.append({
            "name": stage_name,
            "goal": draw(texts),
            "emotion": draw(st.integers(-2, 2)),
            "provenance": draw(st.sampled_from(list(MARKS))),
            "actions": [{"text": t} for t in draw(st.lists(notes, max_size=2))],
            "thoughts": [{"text": t, "provenance": "evidence"} for t in draw(st.lists(notes, max_size=2))],
            "touchpoints": tps,
            "pain_points": pps,
            "kpis": [{"name": n, "target": draw(texts.filter(lambda s: len(clean_name(s)) <= 200 and len(s) <= 200))}
                     for n in draw(st.lists(names, max_size=2))],
        })
    for stage in stages:
        stage["opportunities"] = [
            {"name": n, "addresses": draw(st.lists(st.sampled_from(pp_ids), max_size=2)) if pp_ids else [],
             "description": draw(texts), "impact": "high", "effort": "low"}
            for n in draw(st.lists(names, max_size=2))
        ]
    transitions = []
    if tp_ids:
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["next", "drop-off", "loop-back"]))
            target = "" if kind == "drop-off" else draw(st.sampled_from(tp_ids))
            transitions.append({"source": draw(st.sampled_from(tp_ids)), "target": target, "kind": kind,
                                "label": draw(texts)})
    data = {
        "title": draw(names),
        "kind": draw(st.sampled_from(["current", "future", "day-in-the-life", "blueprint"])),
        "scope": draw(texts),
        "business": {"name": draw(names), "description": draw(texts), "goals": draw(st.lists(texts, max_size=2))},
        "personas": [{"id": "pe1", "name": draw(names), "quote": draw(texts), "summary": draw(texts),
                      "goals": draw(st.lists(texts, max_size=2)), "frustrations": draw(st.lists(texts, max_size=2)),
                      "channels": draw(st.lists(names, max_size=2))}],
        "persona": "pe1",
        "channels": [{"name": n} for n in channel_names],
        "stages": stages,
        "transitions": transitions,
    }
    return JourneyMap.model_validate(data)


PROPERTY = settings(suppress_health_check=[HealthCheck.filter_too_much])  # examples: see the profiles in conftest


@PROPERTY
@given(maps())
def test_markdown_table_survives_any_text(m):
    md = to_markdown(m)
    assert not control_chars(md)
    assert "\r" not in md
    lines = table_lines(md)
    lanes = len(LANE_ROWS) + (m.kind == "blueprint")
    assert len(lines) == 2 + lanes
    for line in lines:
        assert len(split_row(line)) == len(m.stages) + 1, line
    # every heading stays one heading: title, business, persona, table, one per stage, ...
    assert sum(1 for line in md.split("\n") if line.startswith("## Stage ")) == len(m.stages)


@PROPERTY
@given(maps())
def test_markdown_renders_names_as_typed(m):
    """Rendered by a real GFM parser, the table shows each name exactly as the model keeps it."""
    md = to_markdown(m)
    page = rendered(md)
    rows = page.rows
    assert len(rows) == 1 + len(LANE_ROWS) + (m.kind == "blueprint")
    assert rows[0] == ["Stage"] + [shown(s.name) + MARKS[s.provenance] for s in m.stages]
    touchpoints = next(r for r in rows if r[0] == "Touchpoints")
    for stage, cell in zip(m.stages, touchpoints[1:]):
        expected = [f"{shown(tp.name)}{MARKS[tp.provenance]} ({shown(tp.channel)})" for tp in stage.touchpoints]
        if len(expected) > 1:
            expected = [f"• {e}" for e in expected]
        assert cell == "\n".join(expected)
    headings = page.headings
    assert headings[0] == shown(m.title)
    stage_headings = [h for h in headings[1:] if h.startswith("Stage ")]  # [0] is the title, which may be "Stage 0"
    assert stage_headings == [f"Stage {n}: {shown(s.name)}{MARKS[s.provenance]}" for n, s in enumerate(m.stages, 1)]


@PROPERTY
@given(maps())
def test_json_round_trip_is_exact(m):
    assert from_json(to_json(m)) == m


TASK = re.compile(r"^\s{4}[^:]+: [1-5]: .+$")


@PROPERTY
@given(maps())
def test_mermaid_survives_any_text(m):
    mmd = to_mermaid(m)
    assert not control_chars(mmd)
    lines = mmd.rstrip("\n").split("\n")
    assert lines[0] == "journey"
    assert lines[1].startswith("  title ")
    tasks = [line for line in lines if line.startswith("    ")]
    sections = [line for line in lines if line.startswith("  section ")]
    assert len(lines) == 2 + len(sections) + len(tasks)
    assert len(sections) == len(m.stages)
    assert len(tasks) == sum(max(1, len(s.touchpoints)) for s in m.stages)
    for line in lines[1:]:
        assert "%%" not in line
        assert "#" not in line and ";" not in line
    for line in [lines[1], *sections]:
        assert ":" not in line and line.split(" ", 3)[-1].strip()
    for line in tasks:
        assert TASK.match(line), line
        name, score, actor = line.split(": ")
        assert ":" not in name and name.strip()
        assert "," not in actor


@PROPERTY
@given(maps())
def test_csv_reads_back(m):
    text = to_csv(m)
    assert not [c for c in control_chars(text)]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    items = sum(len(getattr(s, lane)) for s in m.stages
                for lane in ("actions", "touchpoints", "thoughts", "pain_points", "opportunities", "kpis"))
    assert len(rows) == 1 + len(m.stages) + items
    assert all(len(r) == len(COLUMNS) for r in rows)
    text_columns = [COLUMNS.index(c) for c in ("map", "stage", "name", "channel", "team", "touchpoint",
                                                "target", "description", "current", "answers")]
    for row in rows[1:]:
        for i in text_columns:
            assert not row[i].startswith(("=", "+", "-", "@")), row[i]
    stage_rows = [r for r in rows[1:] if r[COLUMNS.index("type")] == "stage"]
    assert [r[COLUMNS.index("name")] for r in stage_rows] == [csv_cell(s.name) for s in m.stages]


def test_a_drop_off_names_its_pain_points_by_their_current_names():
    """A drop-off the assistant found quotes the pain points at its touchpoint as
    they are named now: after a rename the Markdown shows the new name only."""
    from cjm_assistant.domain.edits import apply
    from cjm_assistant.domain.ops import UpdatePainPoint
    from cjm_assistant.engines.playbook.compose import compose
    from tests.test_playbook_compose import interview

    journey = compose(interview("bakery"))
    drop = next(tr for tr in journey.transitions if tr.kind == "drop-off")
    stage, pain = next((s, pp) for s, pp in journey.pain_points() if pp.touchpoint == drop.source)
    before = to_markdown(journey).split("## Transitions")[1]
    assert f"customers may give up here ({pain.name}" in before

    renamed = apply(journey, [UpdatePainPoint(pain_point=pain.id, name="Nobody answers the DMs")])
    after = to_markdown(renamed).split("## Transitions")[1]
    assert "customers may give up here (Nobody answers the DMs" in after
    assert pain.name not in after
