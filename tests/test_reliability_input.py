"""Hostile and odd input from the user, fed to the Session and the exporters (hypothesis).

Terminal escapes, control characters, right-to-left text and emoji, Markdown
and HTML, pipes, backticks and newlines, whitespace and nothing at all, slash
commands, 1 MB pastes: none may crash the session, none may reach a saved
message, the profile, the map or an export as a raw control character (only
newline and tab survive), and none may break the structure of an export.
"""

from __future__ import annotations

import copy
import csv
import io
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from tests.support.bakery import BAKERY
from tests.support.reliability import RAW_CONTROL, assert_no_raw_controls
from tests.support.export import as_text

from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.export import FORMATS, export, from_json, suggest_filename, to_json
from cjm_assistant.export.text import csv_cell
from cjm_assistant.interview import MAX_ANSWER
from cjm_assistant.domain.model import JourneyMap, MapError, clean_name, clean_text
from cjm_assistant.session import MAX_MESSAGE, Session, user_errors
from cjm_assistant.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

PIECES = [
    "\x1b[31m", "\x1b[0m", "\x1b]0;pwned\x07", "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "\x1b[2J\x1b[H", "\x1bc",
    "\x00", "\x07", "\x08", "\r", "\r\n", "\x7f", "\x9b31m", "\x85", "\u202e", "\u2066", "\ud800", "\ue000",
    "|", "||", "`", "```", "\\|", "\\", "<script>alert(1)</script>", "<b>bold</b>", "<!--", "**x**", "_y_",
    "# heading", "- item", "1. first", "> quote", "[link](http://x)", "&amp;", "&#124;", "$x$", "~~s~~", "---",
    "\n", "\n\n", "\t", " ", "   ", "مرحبا بالعالم", "שלום", "🎂", "👩‍👩‍👧", "🇫🇷", "e\u0301",
    "/new", "/quit", "/model openai/gpt-4o", "/export md", "draft", "skip", "back", "yes", "no",
    "journey", "section x: 5: y", "%%{init}%%", "=1+1", "@SUM(A1)", ":", ";", "#",
]
hostile = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=8).map("".join)
# The examples of a test share its function-scoped fixtures (a store, the bakery map); these tests
# allow for that. How many examples: the profiles in conftest.
FIXTURES_OK = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def store(tmp_db):
    with Store.open(tmp_db) as opened:
        yield opened


def strings(value, path="") -> list[tuple[str, str]]:
    """Every string inside a JSON-like value, with where it is."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in strings(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [s for i, v in enumerate(value) for s in strings(v, f"{path}[{i}]")]
    return []


def real_pipes(line: str) -> int:
    """Pipes that split a Markdown table row: not preceded by an odd run of backslashes."""
    count, backslashes = 0, 0
    for ch in line:
        if ch == "\\":
            backslashes += 1
            continue
        if ch == "|" and backslashes % 2 == 0:
            count += 1
        backslashes = 0
    return count


MERMAID_LINE = re.compile(r"journey|  title [^\n:#;]+|  section [^\n:#;]+|    [^\n:#;]+: [1-5]: [^\n:#;,]+")


def export_texts(journey: JourneyMap) -> dict[str, str]:
    """Every format's export as text; a workbook (binary) as the text of all its cells, one a line."""
    return {fmt: as_text(export(journey, fmt)) for fmt in FORMATS}


def check_exports(journey: JourneyMap) -> dict[str, str]:
    """Every format: no raw controls, and its structure intact whatever the names hold."""
    out = export_texts(journey)
    for fmt, text in out.items():
        assert_no_raw_controls(text.replace("\r\n", "\n") if fmt == "csv" else text, f"the {fmt} export")
    md = out["md"]
    prose = re.sub(r"```mermaid\n.*?```", "", md, flags=re.S)  # Mermaid escapes its own labels
    assert "<script" not in prose and "<b>" not in prose  # HTML shows as typed, never as HTML
    table = [line for line in md.splitlines() if line.startswith("| ")]
    assert table and len({real_pipes(line) for line in table[:2 + 8]}) == 1, "a name broke the map table"
    assert real_pipes(table[0]) == len(journey.stages) + 2
    fence = md.split("```mermaid\n", 1)[1].split("```", 1)[0] if journey.stages else ""
    for line in [*out["mermaid"].splitlines(), *fence.splitlines()]:
        assert MERMAID_LINE.fullmatch(line), f"broken Mermaid line {line!r}"
    rows = list(csv.reader(io.StringIO(out["csv"])))
    assert len({len(r) for r in rows}) == 1 and len(rows) > len(journey.stages)
    names = {r[rows[0].index("name")] for r in rows[1:]}
    assert {csv_cell(s.name) for s in journey.stages} <= names
    assert from_json(out["json"]) == journey == from_json(to_json(journey))
    return out


def check_saved(store: Store, session: Session, interview: str) -> None:
    for m in store.messages(interview=interview) + (store.messages(session.map_id) if session.map_id else []):
        assert_no_raw_controls(m.content, f"a saved {m.role} message")
    state = store.load_interview(interview)
    for where, value in strings(state):
        assert_no_raw_controls(value, f"the saved interview{where}")
    if session.journey is not None:
        for where, value in strings(session.journey.model_dump(mode="json")):
            assert_no_raw_controls(value, f"the map{where}")


# -- the session ---------------------------------------------------------------------------


def draft(session: Session) -> None:
    """Finish the interview whatever state the hostile answers left it in, and accept the draft."""
    for text in ("draft", "A bakery that sells cakes", "draft"):
        if session.interview.state.status == "ready":
            break
        session.answer(text)
    session.accept(session.draft_map())


@FIXTURES_OK
@given(answers=st.lists(hostile, min_size=1, max_size=10), instruction=hostile, name=hostile)
def test_hostile_answers_and_instructions_are_saved_clean_and_break_nothing(store, answers, instruction, name):
    session = Session(store, PlaybookEngine())
    session.start_interview()
    interview = session.interview.state.id
    for text in answers:
        session.answer(text)
        said = [m.content for m in store.messages(interview=interview) if m.role == "user"]
        assert said[-1] == clean_text(text)  # saved before the reply, cleaned, never dropped
    draft(session)
    version = session.head
    for text in (instruction, f"add stage {name}", f"add touchpoint '{name}' to {session.journey.stages[0].id} "
                 f"on {session.journey.channels[0].name}", f"rename {session.journey.stages[-1].id} to {name}"):
        before = session.journey
        try:
            proposal = session.instruct(text)
        except user_errors():
            assert session.journey == before and store.load(session.map_id) == before
            continue
        if proposal.ops:
            version = session.accept(proposal)
    assert store.get_map(session.map_id).head == version
    check_saved(store, session, interview)
    check_exports(session.journey)


def test_a_one_megabyte_paste_is_kept_bounded_and_answered(store):
    paste = ("A wall of text \x1b[31mred\x1b[0m | with `pipes` and <b>tags</b>\r\n" * 20_000)[:1_000_000]
    session = Session(store, PlaybookEngine())
    session.start_interview()
    turn = session.answer(paste)
    [said] = [m.content for m in store.messages(interview=session.interview.state.id) if m.role == "user"]
    assert said == clean_text(paste)[:MAX_MESSAGE] and len(said) > MAX_ANSWER  # the whole paste is kept
    assert f"I kept the first {MAX_ANSWER:,} characters" in turn.note  # the interview uses a bounded part
    assert len(session.interview.state.answers[-1].text) <= MAX_ANSWER
    draft(session)
    before, head = session.journey, session.head
    for text in (paste, f"add stage {'x' * 1_000_000}", f"rename {before.stages[0].id} to {'y' * 1_000_000}"):
        with pytest.raises(user_errors()) as caught:
            session.instruct(text)
        assert len(str(caught.value)) < 2000  # a sentence, not the paste echoed back
        assert store.get_map(session.map_id).head == head and store.load(session.map_id) == before
    assert "at most 200 characters" in store.messages(session.map_id)[-1].content
    check_saved(store, session, session.interview.state.id)
    check_exports(session.journey)


def test_a_paste_over_the_limit_is_cut_with_a_word_not_silently(store):
    session = Session(store, PlaybookEngine())
    heard: list[tuple[str, object]] = []
    session.listeners.append(lambda kind, data: heard.append((kind, data)))
    session.start_interview()

    session.answer("x" * (MAX_MESSAGE + 48_576))

    [said] = [m.content for m in store.messages(interview=session.interview.state.id) if m.role == "user"]
    assert len(said) == MAX_MESSAGE
    notices = [data for kind, data in heard if kind == "notice"]
    assert notices and "1,048,576 characters long; the first 1,000,000 are kept" in notices[0]


@pytest.mark.parametrize("text", ["", "   ", "\t\n \r\n", "\x1b[0m", "\x00\x07"])
def test_empty_and_blank_input_is_a_sentence_not_a_change(store, bakery_map, text):
    session = Session(store, PlaybookEngine())
    session.start_interview()
    turn = session.answer(text)  # an empty answer skips, or asks again for a required one
    assert turn.reply and session.interview.state.answers == []
    session.import_map(bakery_map, "test")
    with pytest.raises(user_errors(), match="there was no instruction to apply"):
        session.instruct(text)
    assert session.head == 1 and store.load(session.map_id) == bakery_map
    assert store.messages(session.map_id)[-1].content.startswith("⚠ there was no instruction to apply")


# -- the exporters -------------------------------------------------------------------------------

name = hostile.filter(lambda s: bool(clean_name(s)) and len(s) <= 200)
text = hostile.filter(lambda s: len(s) <= 4000)


@FIXTURES_OK
@given(title=name, business=name, persona=name, stage_names=st.lists(name, min_size=1, max_size=5),
       touchpoint=name, channel=name, pain=name, description=text, evidence=text, target=hostile.filter(lambda s: len(s) <= 200))
def test_any_names_export_safely(title, business, persona, stage_names, touchpoint, channel, pain,
                                 description, evidence, target):
    data = copy.deepcopy(BAKERY)
    data["title"], data["business"]["name"], data["personas"][0]["name"] = title, business, persona
    data["personas"][0]["channels"] = [channel]
    data["channels"][0]["name"] = channel
    data["stages"] = data["stages"][: len(stage_names)]
    for stage, stage_name in zip(data["stages"], stage_names):
        stage["name"] = stage_name
        for tp in stage["touchpoints"]:
            tp["channel"] = channel if tp["channel"] == "Instagram" else tp["channel"]
    first = data["stages"][0]
    first["touchpoints"][0]["name"] = touchpoint
    first["pain_points"][0].update(name=pain, description=description, evidence=[evidence])
    first["kpis"][0]["target"] = target
    first["thoughts"][0]["text"] = description or "x"
    data["transitions"] = [t for t in data["transitions"] if len(stage_names) >= 3]
    try:
        journey = JourneyMap.model_validate(data)
    except (ValueError, MapError):
        assume(False)  # names that collide once cleaned ('\x1b[0mA' and 'A'), a lone surrogate, ...
    check_exports(journey)
    for where, value in strings(journey.model_dump(mode="json")):
        assert_no_raw_controls(value, f"the map{where}")


def test_exporters_clean_text_on_their_own(bakery_map):
    """Whatever reaches an exporter, even text that skipped validation, nothing raw gets out."""
    journey = bakery_map.model_copy(deep=True)
    dirty = "\x1b[31mred\x1b[0m|`x`\n<b>b</b>\x00\x07\r\x9b\u202e"
    journey.title = dirty
    journey.stages[0].name = dirty
    journey.stages[0].touchpoints[0].name = dirty
    journey.stages[0].pain_points[0].description = dirty
    journey.personas[0].name = dirty
    out = export_texts(journey)
    for fmt in ("md", "csv", "mermaid", "html", "xlsx"):
        assert_no_raw_controls(out[fmt].replace("\r\n", "\n") if fmt == "csv" else out[fmt], fmt)
    # JSON is data: it escapes every C0 control and ESC (C1 controls never pass the model's validation).
    assert re.search("[\x00-\x08\x0b-\x1f\x7f]", out["json"]) is None and "\\u001b" in out["json"]


# -- file names ---------------------------------------------------------------------------------

FILENAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:%s)" % "|".join(re.escape(f.extension) for f in FORMATS.values()))


@FIXTURES_OK
@given(title=name)
@example(title="a" * 57)  # once 71 characters with .priorities.md
def test_a_suggested_file_name_is_always_safe(bakery_map, title):
    journey = bakery_map.model_copy(update={"title": clean_name(title)})
    for fmt in FORMATS:
        suggested = suggest_filename(journey, fmt)
        assert FILENAME.fullmatch(suggested) and len(suggested) <= 70, suggested
        assert RAW_CONTROL.search(suggested) is None


@pytest.mark.parametrize("a, b", [("Café Crème", "Cafe Creme"), ("Q&A: returns", "Q/A returns"),
                                  ("🎂 Cakes", "Cakes"), ("مرحبا", "שלום"), ("CON", "con")])
def test_names_that_collide_after_slugging_get_distinct_files_when_asked(bakery_map, a, b):
    first, second = (bakery_map.model_copy(update={"title": t}) for t in (a, b))
    name = suggest_filename(first, "md")
    assert suggest_filename(second, "md") == name  # a pure function of the title: the same slug
    other = suggest_filename(second, "md", taken={name})  # told what the folder holds, it steps aside
    assert other != name and FILENAME.fullmatch(other)
    assert suggest_filename(second, "md", taken={name, other}) not in {name, other}


# -- terminal escapes in file names, headers and cells never reach the terminal or the database --------


HOSTILE = "\x1b]0;PWNED\x07\x1b]52;c;ZXZpbA==\x07\u202e"


def test_escapes_in_a_file_name_and_its_header_never_reach_the_terminal_or_the_database(tmp_path, capsys):
    from cjm_assistant import cli

    db = tmp_path / "cjm.db"
    assert cli.main(["--db", str(db), "new", "--answers", str(EXAMPLES / "bakery.toml")]) == 0
    feedback = tmp_path / f"fb{HOSTILE}.csv"
    feedback.write_text(f"comment{HOSTILE},rating\n\"Delivery was late{HOSTILE}\",1\n\"Lovely cake\",5\n",
                        encoding="utf-8")
    capsys.readouterr()

    for args in (["evidence", str(feedback), "--yes"], ["history"], ["evidence", "--list"], ["list"], ["show"]):
        assert cli.main(["--db", str(db), *args]) in (0, 1)
        out = capsys.readouterr()
        for text in (out.out, out.err):
            assert not any(c in text for c in "\x1b\x07\u202e"), (args, text)

    conn = sqlite3.connect(db)
    stored = [str(v) for table in ("versions", "messages") for row in conn.execute(f"select * from {table}")
              for v in row if isinstance(v, str)]
    conn.close()
    assert stored and not any(c in text for text in stored for c in "\x1b\x07\u202e")
