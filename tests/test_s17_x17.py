"""Session 17, x17: what an outside tester (walk17) found in file handling.

1. An export never overwrites an SQLite database, --force or not (CLI and the TUI's export call).
2. A feedback CSV whose quote never closes is not silently read as fewer rows.
3. Tab-separated tables in .txt/.tsv (Excel's "Unicode Text") are read as tables.
4. BOM-less UTF-16 and a stray NUL byte in a text file.
5. Answers files with wrong shapes get a clear error or an obvious, announced reading.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cjm_assistant import cli
from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.session import Session
from cjm_assistant.store import Store
from cjm_assistant.userfiles import FileExists, UnsafeTarget

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


# -- 1. an export never lands on an SQLite database ------------------------------------------------------


def other_database(path: Path) -> bytes:
    """A database that is not the open one: 'another program's', a table with a few rows."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE evidence (id INTEGER PRIMARY KEY, text TEXT)")
        conn.executemany("INSERT INTO evidence (text) VALUES (?)", [(f"row {i}",) for i in range(50)])
    return path.read_bytes()


@pytest.mark.parametrize("name", ["other.db", "backup-copy.sqlite", "notes.md"])  # the name says nothing
def test_an_export_with_force_onto_another_sqlite_database_is_refused_and_leaves_it_whole(tmp_path, capsys, name):
    db = tmp_path / "cjm.db"
    assert cli.main(["--db", str(db), "new", "--answers", str(EXAMPLES / "bakery.toml")]) == 0
    capsys.readouterr()
    with Store.open(db) as store:
        map_id = store.list_maps()[0].id
    other = tmp_path / name
    before = other_database(other)
    for args in (["export", map_id, "-o", str(other), "--force"],
                 ["export", map_id, "-f", "json", "-o", str(other), "--force"],
                 ["new", "--answers", str(EXAMPLES / "bakery.toml"), "--export", str(other), "--force"]):
        code = cli.main(["--db", str(db), *args])
        err = capsys.readouterr().err
        assert code == 1 and "is an SQLite database" in err and "even with --force" in err, err
        assert other.read_bytes() == before
    with sqlite3.connect(other) as conn:
        assert conn.execute("SELECT count(*) FROM evidence").fetchone()[0] == 50


def test_the_tuis_export_call_refuses_a_database_outright_instead_of_asking_to_replace_it(tmp_path, bakery_map):
    """The TUI's driver asks "replace it?" on FileExists; for a database the refusal must come first."""
    other = tmp_path / "team.db"
    before = other_database(other)
    with Store.open(tmp_path / "cjm.db") as store:
        session = Session(store, PlaybookEngine())
        session.open_map(store.create_map(bakery_map).id)
        for replace in (False, True):
            with pytest.raises(UnsafeTarget) as caught:
                session.export("md", str(other), force=replace)
            assert not isinstance(caught.value, FileExists)
            assert "is an SQLite database" in str(caught.value)
        assert other.read_bytes() == before
        plain = tmp_path / "plain.md"
        plain.write_text("old notes\n", encoding="utf-8")
        session.export("md", str(plain), force=True)  # an ordinary file is still replaced when asked
        assert plain.read_text(encoding="utf-8").startswith("#")


# -- 2. a quote left open is named, not read as one long review ------------------------------------------

from cjm_assistant.evidence.reading import EvidenceError, read_feedback  # noqa: E402


@pytest.mark.parametrize("body", [
    # the tester's shape: the second quote, meant to open its own cell, closes the first mid-cell
    'Comment,Rating\n"Bike chain snapped on day two,1\nQuick fix at the counter,5\n"Another slow repair,2\n',
    'Kommentar;Note\n"Tutor came late again;2\nGreat lesson plan;5\n"Homework app crashed;1\n',
    'date,feedback,stars\n2026-01-02,"Plumber left a mess,1\n2026-01-03,On time and tidy,5\n2026-01-04,"Quote was too high,2\n',
])
def test_a_quote_left_open_is_refused_with_the_line_it_opens_on(tmp_path, body):
    path = tmp_path / "feedback.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(EvidenceError) as caught:
        read_feedback(path)
    message = str(caught.value)
    assert message.startswith("line 2 of feedback.csv opens a quote") and "never closed" in message, message
    assert "nothing was imported" in message


def test_a_quote_left_open_says_so_on_the_command_line_and_imports_nothing(tmp_path, capsys):
    db = tmp_path / "cjm.db"
    assert cli.main(["--db", str(db), "new", "--answers", str(EXAMPLES / "bakery.toml")]) == 0
    path = tmp_path / "openquote.csv"
    path.write_text('Comment,Rating\n"Cake arrived squashed,1\nLovely sponge,5\n"Late delivery,2\n', encoding="utf-8")
    capsys.readouterr()
    code = cli.main(["--db", str(db), "evidence", str(path), "--yes"])
    out, err = capsys.readouterr()
    assert code == 1 and "line 2 of openquote.csv opens a quote" in err, (out, err)
    assert "Read 1 row" not in out


def test_quoted_reviews_over_several_lines_that_close_their_quotes_are_still_read(tmp_path):
    path = tmp_path / "form.csv"
    path.write_text('Comment,Rating\n"Good tutor.\nBut the app, it crashes,\nevery week",3\nFine,5\n'
                    '"Two lines,\nboth fine",4\n', encoding="utf-8")
    feedback = read_feedback(path)
    assert [(i.text, i.score) for i in feedback.items] == [
        ("Good tutor. But the app, it crashes, every week", 3.0), ("Fine", 5.0), ("Two lines, both fine", 4.0)]


# -- 3. tab-separated tables saved as .txt (Excel's "Unicode Text") --------------------------------------

ROWS = [("Invoice did not match the delivery", "2"), ("Sheets arrived torn", "1"), ("Driver was friendly", "5")]


def tab_table_bytes(encoding: str, header: str = "Comment\tRating") -> bytes:
    return "".join(f"{line}\r\n" for line in [header, *("\t".join(r) for r in ROWS)]).encode(encoding)


@pytest.mark.parametrize("name,encoding", [("unicode.txt", "utf-16"), ("tabs.txt", "utf-8"), ("tabs.tsv", "utf-16"),
                                           ("export.txt", "utf-16-le"), ("export.tsv", "utf-16-be")])
def test_a_tab_separated_table_saved_as_text_is_read_as_a_table_with_its_ratings(tmp_path, name, encoding):
    path = tmp_path / name
    path.write_bytes(tab_table_bytes(encoding))
    feedback = read_feedback(path)
    assert [(i.text, i.score) for i in feedback.items] == [(t, float(s)) for t, s in ROWS]
    assert "rating column “Rating”" in feedback.describe()


def test_a_tab_table_without_known_column_names_is_still_a_table_when_every_line_has_the_same_tabs(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(tab_table_bytes("utf-16", header="Wat klanten zeiden\tCijfer"))
    feedback = read_feedback(path)
    assert [i.text for i in feedback.items] == [t for t, _ in ROWS]


def test_a_list_of_reviews_with_a_stray_tab_stays_one_item_per_line(tmp_path):
    path = tmp_path / "reviews.txt"
    path.write_text("The groomer was gentle\nBooking took ages\tand the app froze\nGood value\n", encoding="utf-8")
    feedback = read_feedback(path)
    assert feedback.format == "text" and len(feedback.items) == 3


def test_excel_unicode_text_on_the_command_line_uses_the_rating_and_not_the_header_as_feedback(tmp_path, capsys):
    db = tmp_path / "cjm.db"
    assert cli.main(["--db", str(db), "new", "--answers", str(EXAMPLES / "bakery.toml")]) == 0
    path = tmp_path / "utf16.txt"
    path.write_bytes(tab_table_bytes("utf-16"))
    capsys.readouterr()
    assert cli.main(["--db", str(db), "evidence", str(path), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Read 3 rows from utf16.txt" in out and "rating column “Rating”" in out, out
    assert "Comment Rating" not in out and "Comment\tRating" not in out


# -- 4. UTF-16 without a byte-order mark, and a stray NUL byte ------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-be", "utf-16-le"])
def test_utf16_without_a_byte_order_mark_is_read(tmp_path, encoding):
    path = tmp_path / "survey.csv"
    path.write_bytes("Comment,Rating\r\nwalker was late,2\r\nlovely groomer,5\r\n".encode(encoding))
    feedback = read_feedback(path)
    assert [(i.text, i.score) for i in feedback.items] == [("walker was late", 2.0), ("lovely groomer", 5.0)]


@pytest.mark.parametrize("name,data", [
    ("nul.csv", b"Comment,Rating\nwalker was late\x00 again,2\nfriendly staff,5\n"),
    ("nul.txt", b"The tutor never showed up\x00\nThe lesson was great\n"),
    ("cp.csv", "Comment;Rating\nthe caf\u00e9 was cold\x00;2\nnice\x00 view;4\n".encode("cp1252")),
])
def test_a_stray_nul_byte_is_dropped_with_a_warning_and_the_rest_is_read(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    feedback = read_feedback(path)
    texts = [i.text for i in feedback.items]
    assert len(texts) == 2 and not any("\x00" in t for t in texts), texts
    assert any("NUL" in note and "left out" in note for note in feedback.notes), feedback.notes
    assert texts[0] in ("walker was late again", "The tutor never showed up", "the café was cold")


def test_a_real_binary_file_is_still_refused(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    with pytest.raises(EvidenceError, match="looks like a binary file"):
        read_feedback(path)


# -- 5. answers files of the wrong shape: a clear error, or a reading that is said -----------------------


def run_new(tmp_path: Path, capsys, body: str) -> tuple[int, str, str, Path]:
    answers = tmp_path / "answers.toml"
    answers.write_text(body, encoding="utf-8")
    db = tmp_path / "cjm.db"
    capsys.readouterr()
    code = cli.main(["--db", str(db), "new", "--answers", str(answers)])
    out, err = capsys.readouterr()
    return code, out, err, db


def latest_map(db: Path):
    with Store.open(db) as store:
        return store.load(store.list_maps()[0].id)


@pytest.mark.parametrize("kind", ["sideways", "the big one", "42"])
def test_a_kind_that_names_no_kind_of_map_is_refused_naming_the_key(tmp_path, capsys, kind):
    code, out, err, _ = run_new(tmp_path, capsys, f'business = "Spoke Doctor, mobile bike repairs"\nkind = "{kind}"\n')
    assert code == 1 and "`kind` in the answers file" in err and f"“{kind}”" in err and '"future"' in err, err


def test_a_kind_said_in_words_is_still_read(tmp_path, capsys):
    code, out, err, db = run_new(tmp_path, capsys, 'business = "Fern & Co, a plant shop"\nkind = "how we want it"\n')
    assert code == 0, err
    assert latest_map(db).kind == "future"


@pytest.mark.parametrize("stages,twice", [('["Find", "Find", "Pay"]', "Find"),
                                          ('["Book a lesson", "Take the lesson", "book a lesson"]', "book a lesson"),
                                          ('["Order", "  Deliver ", "Deliver"]', "Deliver")])
def test_a_stage_listed_twice_is_refused_naming_it(tmp_path, capsys, stages, twice):
    code, out, err, _ = run_new(tmp_path, capsys, f'business = "Tidy Tails, dog grooming"\nstages = {stages}\n')
    assert code == 1 and "`stages` in the answers file lists" in err and f"“{twice}” twice" in err, err


def test_blank_stage_names_are_left_out_and_said(tmp_path, capsys):
    code, out, err, db = run_new(tmp_path, capsys, 'business = "Spoke Doctor, mobile bike repairs"\n'
                                                   'stages = ["Book a repair", "", "The repair", "   ", "Pay"]\n')
    assert code == 0, err
    assert [s.name for s in latest_map(db).stages] == ["Book a repair", "The repair", "Pay"]
    assert "2 blank names left out" in out, out


def test_an_empty_stage_list_is_said_not_ignored(tmp_path, capsys):
    code, out, err, db = run_new(tmp_path, capsys, 'business = "Fern & Co, a plant shop"\nstages = []\n')
    assert code == 0, err
    assert "`stages` in the answers file is empty" in out, out
    assert len(latest_map(db).stages) >= 2


def test_stages_that_are_not_text_are_refused_with_what_is_expected(tmp_path, capsys):
    code, out, err, _ = run_new(tmp_path, capsys, 'business = "Fern & Co, a plant shop"\nstages = ["Browse", 2]\n')
    assert code == 1 and "`stages` in the answers file should be a list of step names" in err, err


@pytest.mark.parametrize("body,name,said", [
    ('business = "Spoke Doctor, mobile bike repairs"\npersonas = "Ben"\n', "Ben", "is text, read as one persona"),
    ('business = "Fern & Co, a plant shop"\n[personas]\nname = "Priya"\nfrustrations = "plants arrive wilted"\n',
     "Priya", "is one table, read as one persona (Priya)"),
])
def test_personas_in_another_shape_are_read_as_one_persona_and_that_is_said(tmp_path, capsys, body, name, said):
    code, out, err, db = run_new(tmp_path, capsys, body)
    assert code == 0, err
    assert said in out, out
    assert [p.name for p in latest_map(db).personas] == [name]


def test_the_interviews_stage_answer_refuses_a_new_name_given_twice():
    from cjm_assistant.interview import parse_stage_list

    with pytest.raises(ValueError, match="listed twice"):
        parse_stage_list("Find a tutor, Find a tutor, Pay", ["Search", "Book", "Lesson"])
    assert [s["name"] for s in parse_stage_list("Find a tutor, Pay", ["Search"])] == ["Find a tutor", "Pay"]
