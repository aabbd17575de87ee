"""Customer evidence: reading feedback files, matching it to a map, proposing, storing, tracing.

The shipped feedback (examples/sweet-crumbs-feedback.csv) is about the
hand-made example map (examples/sweet-crumbs.json). tests/data holds two
hand-labelled sets: feedback-labelled.csv (70 rows of the shipped file,
labelled by reading them before the matcher existed) and
feedback-heldout.csv (32 comments written and labelled afterwards, never
in the shipped file). tests/dev/evidence holds two more businesses (a salon
with stars, a print shop with NPS), labelled per row (stage, sentiment, pain
point): the development sets the matcher is tuned on. The rules themselves
are tested one by one in test_evidence_rules.py.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import pytest

from cjm_assistant import cli
from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.evidence import EvidenceError, ReadOptions, analyse, read_feedback, summarise
from cjm_assistant.evidence.match import Matcher
from cjm_assistant.export.jsonio import from_json
from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.session import Session
from cjm_assistant.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "sweet-crumbs.json"
FEEDBACK = ROOT / "examples" / "sweet-crumbs-feedback.csv"
DATA = Path(__file__).resolve().parent / "data"
DEV = Path(__file__).resolve().parent / "dev" / "evidence"


@pytest.fixture(scope="module")
def example() -> JourneyMap:
    return from_json(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def session(tmp_db, example) -> Session:
    s = Session(Store.open(tmp_db), PlaybookEngine())
    s.import_map(example, "sweet-crumbs.json")
    return s


def labelled(name: str) -> list[tuple[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return [(r["comment"], r["expected_stage"]) for r in csv.DictReader(f)]


def stage_names(journey: JourneyMap) -> dict[str | None, str]:
    return {s.id: s.name for s in journey.stages} | {None: "none"}


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# -- accuracy on hand-labelled comments ------------------------------------------------


def placed_and_right(matcher: Matcher, rows: list[tuple[str, str]], names) -> tuple[float, float]:
    """(share of rows placed, share of the placed ones on the expected stage)."""
    placed = [(m.stage_id, expected) for text, expected in rows if (m := matcher.match(text)).placed]
    right = sum(names[stage] == expected for stage, expected in placed)
    return len(placed) / len(rows), right / max(1, len(placed))


# The bakery sets were what the old hand-written vocabulary was fitted to (it placed 80%+ of them); the
# matcher now uses no vocabulary of any business, and these guard against it getting worse.
def test_the_labelled_subset_is_placed_on_the_expected_stages(example):
    rows = labelled("feedback-labelled.csv")
    assert len(rows) >= 40
    placed, right = placed_and_right(Matcher(example), rows, stage_names(example))
    assert placed >= 0.7 and right >= 0.72, (placed, right)
    # the fitted stage model is more careful than the shared words alone (it leaves more rows for the user),
    # never worse: it puts at least as many rows on their expected stage
    plain_placed, plain_right = placed_and_right(Matcher(example, placement={}), rows, stage_names(example))
    assert placed * right >= plain_placed * plain_right - 1e-9, (placed, right, plain_placed, plain_right)


def test_comments_never_used_for_tuning_are_mostly_placed_right(example):
    placed, right = placed_and_right(Matcher(example), labelled("feedback-heldout.csv"), stage_names(example))
    assert placed >= 0.55 and right >= 0.6, (placed, right)


def dev_report(capsys, name: str) -> tuple[list[dict], dict[int, dict]]:
    code, out, _ = run(capsys, "import", str(DEV / f"{name}.map.json"))
    assert code == 0
    map_id = out.strip().splitlines()[-1]
    code, out, _ = run(capsys, "evidence", map_id, str(DEV / f"{name}.csv"), "--report", "json")
    assert code == 0
    with open(DEV / f"{name}.labels.csv", encoding="utf-8", newline="") as f:
        labels = {int(r["row"]): r for r in csv.DictReader(f)}
    return [json.loads(line) for line in out.splitlines()], labels


def test_stage_phases_are_read_from_the_maps_own_words(example):
    from cjm_assistant.evidence.phases import stage_phases

    # "Ask & compare" names asking (enquire) too, "Order & pay" paying: both are phases now.
    assert stage_phases(example) == {"st1": ["discover"], "st2": ["compare", "research", "enquire"],
                                     "st3": ["buy", "pay"], "st4": ["receive"], "st5": ["follow-up"]}


def test_the_development_sets_score_at_least_what_they_did(capsys):
    """The dev scorer (bench/score_evidence.py) in short: floors at today's figures, so a change that makes
    them worse fails; the issue's targets are stage 80%, placed 85%, sentiment 90%, no praise on a pain point."""
    placed = right = staged = staged_placed = sentiment = rows = praise_on_pain = 0
    for name in ("salon", "print-shop"):
        report, labels = dev_report(capsys, name)
        assert [r["row"] for r in report] == sorted(labels)
        for r in report:
            label = labels[r["row"]]
            rows += 1
            sentiment += r["sentiment"] == label["sentiment"]
            if r["placed"]:
                placed += 1
                right += r["stage"] == label["stage"]
            if label["stage"] != "none":
                staged += 1
                staged_placed += r["placed"]
            praise_on_pain += bool(r["pain_point"]) and label["sentiment"] == "positive"
    # round 12 left doubtful parts for the user: 59/76 on stage (was 0.68 here), 74/88 placed (was 75/88)
    assert right / placed >= 0.77 and staged_placed / staged >= 0.84, (right / placed, staged_placed / staged)
    assert sentiment / rows >= 0.85
    assert praise_on_pain == 0


def test_stage_phase_words_come_from_the_stage_names(example):
    from cjm_assistant.evidence.placement import stage_phase_words

    words = stage_phase_words(example)
    assert "courier" in words[3]  # Delivery
    assert "courier" not in words.get(0, ())  # Discover


@pytest.mark.parametrize("text, sentiment, placed", [
    ("slow replies on insta but lovely cake", "mixed", True),  # a named problem beside praise
    ("Delivered right on time and the driver carried it in for us, brilliant", "positive", True),
    ("Wrong number sorry", "neutral", False),  # nothing to do with the journey: not placed; the customer apologises, no complaint (round 15)
    ("Do these start at £50 or £150? No prices on here", "negative", True),
])
def test_complaints_praise_and_noise_are_told_apart(example, text, sentiment, placed):
    match = Matcher(example).match(text)
    assert (match.sentiment, match.placed) == (sentiment, placed)


# -- the proposal ----------------------------------------------------------------------


def test_the_shipped_feedback_backs_the_maps_pain_points(session):
    before = session.journey
    proposal = session.import_evidence(FEEDBACK)
    assert proposal.evidence is not None and session.head == 1  # nothing saved yet
    updates = {op.pain_point: op for op in proposal.ops if op.op == "update_pain_point"}
    assert {"pp1", "pp2", "pp3", "pp7"} <= set(updates)
    # Provenance: evidence only where confident complaints support it; the owner's words stay theirs.
    for pid, op in updates.items():
        backed = proposal.evidence.supported[pid] >= 2
        assert op.provenance == ("evidence" if backed else "inferred") or backed is False
    preview = {pp.id: pp for _, pp in proposal.journey.pain_points()}
    assert preview["pp1"].mentions > 14 + 5 and preview["pp2"].mentions > 9 + 5
    assert all(preview[pid].mentions > before.find(pid)[1].mentions for pid in updates)
    # Two or three quotes each, traceable to their row.
    for pid in updates:
        new_quotes = [e for e in preview[pid].evidence if e not in before.find(pid)[1].evidence]
        assert 1 <= len(new_quotes) <= 3
        assert all("sweet-crumbs-feedback.csv row " in q for q in new_quotes)
    # Praise becomes thoughts with a quote; what could not be placed is said.
    thoughts = [op for op in proposal.ops if op.op == "add_thought"]
    assert any(op.stage == "st5" for op in thoughts)
    assert "complaints" in proposal.reply and "praise" in proposal.reply and "unplaced" in proposal.reply
    assert any("not placed on any stage" in note for note in proposal.notes)


def test_inferred_pain_points_the_evidence_supports_become_evidence(session):
    assert session.journey.find("pp3")[1].provenance == "inferred"
    session.accept(session.import_evidence(FEEDBACK))
    journey = session.journey
    assert journey.find("pp3")[1].provenance == "evidence"  # a guess, now backed
    assert journey.find("pp1")[1].provenance == "user"  # the owner's own words stay theirs
    assert journey.find("pp4")[1].provenance == "evidence"
    assert journey.find("pp8")[1].provenance == "inferred"  # no confident complaint about it: still a guess


def test_many_mentions_raise_severity_and_never_lower_it(tmp_db, example, tmp_path):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["stages"][1]["pain_points"][1]["severity"] = 1  # pp3: the quote arrives in pieces
    journey = JourneyMap.model_validate(data)
    lines = ["comment"] + [f"The quote came in bits and pieces over {n} days, I lost track of what we agreed"
                           for n in range(2, 12)] + ["Replies are slow", "No prices on your instagram"]
    result = analyse(PlaybookEngine(), journey, read_feedback(write(tmp_path, "f.csv", "\n".join(lines))))
    op = next(op for op in result.ops if getattr(op, "pain_point", None) == "pp3")
    assert op.severity == 3 and op.mentions == 10
    pp1 = next(op for op in result.ops if getattr(op, "pain_point", None) == "pp1")
    assert pp1.severity is None  # already high: unchanged


def test_the_markdown_shows_counts_quotes_and_what_is_still_a_guess(session):
    text, _ = session.export("md")
    assert "Still guesses:" in text  # before: the inferred pain points have no evidence
    session.accept(session.import_evidence(FEEDBACK))
    text, _ = session.export("md")
    section = text[text.index("## Evidence"):text.index("## Emotion curve")]
    assert "**sweet-crumbs-feedback.csv:** 291 customer items analysed" in section
    pp1 = session.journey.find("pp1")[1]
    assert f"**No prices on Instagram** — Discover · {pp1.mentions} mentions · high severity" in section
    assert "sweet-crumbs-feedback.csv row " in section
    assert "**Praise by stage:**" in section
    assert "items marked † are backed by evidence" in text


# -- storage and tracing -----------------------------------------------------------------


def items(rows: list[dict]) -> int:
    return len({(r["source"], r["row"]) for r in rows})


def test_every_item_is_stored_with_its_file_and_row(session):
    session.accept(session.import_evidence(FEEDBACK))
    rows = session.evidence_rows()
    assert items(rows) == 291 and len(rows) >= 291  # a row per part of each item
    with open(FEEDBACK, encoding="utf-8", newline="") as f:
        sheet = list(csv.reader(f))  # sheet[0] is the header: data row N is sheet[N]
    for row in rows[:50]:
        assert row["source"] == "sweet-crumbs-feedback.csv"
        assert sheet[row["row"]][3] == row["text"]
        assert row["date"] == sheet[row["row"]][0] and row["channel"] == sheet[row["row"]][1]
    behind_pp2 = session.evidence_rows(pain_point="Slow replies to enquiries")
    assert items(behind_pp2) == session.journey.find("pp2")[1].mentions - 9  # 9 were the owner's own count
    assert all(r["stage_id"] == "st2" and r["pain_point_id"] == "pp2" for r in behind_pp2)
    assert all(r["sentiment"] == "negative" and r["placed"] == 1 and r["reason"] for r in behind_pp2)
    on_instagram = [r for r in behind_pp2 if "insta" in (r["part_text"] or r["text"]).lower()]
    assert all(r["touchpoint_id"] == "tp3" for r in on_instagram)  # the Instagram enquiry
    # Every quote on the map points at a stored row that says the same thing.
    by_row = {r["row"]: r for r in rows if r["part"] == 1}
    for quote in session.journey.find("pp2")[1].evidence:
        if "row " in quote:
            number = int(quote.rsplit("row ", 1)[1].rstrip(")"))
            assert by_row[number]["text"][:40] in quote
    # And the database can be read directly.
    count = session.store.conn.execute("SELECT count(DISTINCT row) FROM evidence WHERE map_id = ?",
                                       [session.map_id]).fetchone()
    assert count == (291,)


def test_importing_the_same_file_again_adds_nothing(session):
    session.accept(session.import_evidence(FEEDBACK))
    again = session.import_evidence(FEEDBACK)
    assert not again.ops and again.evidence.duplicates == 291
    assert "imported before" in again.reply


def test_undo_takes_the_evidence_away_and_redo_brings_it_back(session):
    session.accept(session.import_evidence(FEEDBACK))
    assert session.evidence_summary()["items"] == 291
    session.undo()
    assert session.evidence_summary()["items"] == 0
    assert "## Evidence" in session.export("md")[0]  # the owner's own counts are still there
    session.redo()
    assert session.evidence_summary()["items"] == 291
    # After an undo, the same file can be imported afresh.
    session.undo()
    again = session.import_evidence(FEEDBACK).evidence
    assert again.duplicates == 0 and again.counts["placed"] + again.counts["unplaced"] == 291


def test_accepting_part_of_the_proposal_keeps_rows_but_cites_only_what_was_accepted(session):
    proposal = session.import_evidence(FEEDBACK)
    first = [i for i, op in enumerate(proposal.ops) if op.op == "update_pain_point"][:2]
    session.accept(proposal, only=first)
    rows = session.evidence_rows()
    assert items(rows) == 291
    cited = {r["pain_point_id"] for r in rows if r["pain_point_id"]}
    assert cited == {proposal.ops[i].pain_point for i in first}


def test_a_session_lists_what_still_rests_on_guesses(session):
    guesses = session.guesses()
    assert ("pain_points", "pp3", "The quote arrives in pieces", "Ask & compare") in guesses
    session.accept(session.import_evidence(FEEDBACK))
    left = [g[1] for g in session.guesses() if g[0] == "pain_points"]
    assert "pp3" not in left and "pp8" in left  # pp8: no confident complaint backs it


# -- reading files -----------------------------------------------------------------------


def test_csv_columns_are_detected():
    feedback = read_feedback(FEEDBACK)
    assert feedback.format == "csv" and len(feedback.items) == 291
    assert feedback.columns == {"text": "comment", "score": "rating", "date": "date", "channel": "channel"}
    assert feedback.score_scale == 5
    first = feedback.items[0]
    assert first.row == 1 and first.date and first.channel and first.score is not None


def test_the_longest_text_column_named_like_feedback_wins(tmp_path):
    path = write(tmp_path, "tickets.csv",
                 "Ticket ID;Subject;Message body;Stars (1-5);Received;Source\n"
                 "1;Late;The cake arrived two hours after the party started, very upset;1;2024-03-01;Email\n"
                 "2;Price;Could you tell me how much a two tier cake costs please?;★★★;2024-03-02;Web\n"
                 "3;;;;;\n")
    feedback = read_feedback(path)
    assert feedback.columns == {"text": "Message body", "score": "Stars (1-5)", "date": "Received",
                                "channel": "Source"}
    assert [i.row for i in feedback.items] == [1, 2] and feedback.skipped == 1  # data rows
    assert feedback.items[1].score == 3.0


def test_explicit_columns_win(tmp_path):
    path = write(tmp_path, "survey.csv", "q1,What could we do better?,NPS\nyes,Show prices on Instagram,4\n")
    feedback = read_feedback(path, ReadOptions(text_column="what could we do better?", score_column="NPS"))
    assert feedback.items[0].text == "Show prices on Instagram" and feedback.items[0].score == 4
    assert feedback.columns["text"] == "What could we do better?"


@pytest.mark.parametrize("options, message", [
    (ReadOptions(text_column="review"), "has no column called “review” (for --text-column); its columns are"),
    (ReadOptions(text_column="coment"), "did you mean “comment”?"),
    (ReadOptions(score_column="comment"), "holds no numbers"),
])
def test_a_missing_column_is_a_clear_error(options, message):
    with pytest.raises(EvidenceError, match=re.escape(message)):
        read_feedback(FEEDBACK, options)


def test_plain_text_is_one_item_per_line_or_per_paragraph(tmp_path):
    lines = read_feedback(write(tmp_path, "notes.txt", "- Slow replies on WhatsApp\n\n* No prices on insta\n"))
    assert [(i.row, i.text) for i in lines.items] == [(1, "Slow replies on WhatsApp"), (3, "No prices on insta")]
    paragraphs = read_feedback(write(tmp_path, "emails.txt",
                                     "The cake was late\nand squashed.\n\nLovely sponge,\nthank you!\n"))
    assert [(i.row, i.text) for i in paragraphs.items] == [(1, "The cake was late and squashed."),
                                                          (4, "Lovely sponge, thank you!")]
    with pytest.raises(EvidenceError, match="has no columns; leave out --text-column"):
        read_feedback(write(tmp_path, "x.txt", "hello\n"), ReadOptions(text_column="comment"))


def test_json_lines_and_json_arrays(tmp_path):
    jsonl = write(tmp_path, "reviews.jsonl",
                  '{"id": 1, "review": "Delivery was late", "rating": 2, "platform": "Google"}\n\n'
                  '{"id": 2, "review": "Delicious cake", "rating": 5, "platform": "Facebook"}\n')
    feedback = read_feedback(jsonl)
    assert feedback.format == "jsonl" and [i.row for i in feedback.items] == [1, 3]
    assert feedback.columns["text"] == "review" and feedback.items[0].channel == "Google"
    array = read_feedback(write(tmp_path, "export.json", json.dumps(["Too expensive", {"text": "Slow replies"}])))
    assert [i.text for i in array.items] == ["Too expensive", "Slow replies"]
    with pytest.raises(EvidenceError, match="line 2 of bad.jsonl is not valid JSON"):
        read_feedback(write(tmp_path, "bad.jsonl", '{"text": "ok"}\n{"text": \n'))


@pytest.mark.parametrize("name, content, message", [
    ("empty.csv", "", "empty.csv is empty"),
    ("blank.txt", "\n  \n", "blank.txt is empty"),
    ("header.csv", "date,comment\n", "has a header row but no feedback rows"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "looks like a binary file"),
    ("book.xlsx", b"PK\x03\x04" + bytes(100), "is an Excel workbook or a zip file"),
    ("numbers.csv", "a,b\n1,2\n3,4\n", "cannot tell which column of numbers.csv holds the feedback text"),
])
def test_bad_files_are_refused_with_a_sentence(tmp_path, name, content, message):
    with pytest.raises(EvidenceError, match=re.escape(message)):
        read_feedback(write(tmp_path, name, content))


def test_a_bad_file_changes_nothing(session, tmp_path):
    messages = len(session.store.messages(map_id=session.map_id))
    for path in (tmp_path / "missing.csv", write(tmp_path, "bin.csv", b"\x00\x01\x02" * 100)):
        with pytest.raises(EvidenceError):
            session.import_evidence(path)
    assert session.head == 1 and session.evidence_rows() == []
    assert len(session.store.history(session.map_id)) == 1
    assert len(session.store.messages(map_id=session.map_id)) == messages


def test_windows_spreadsheet_encodings_are_read(tmp_path):
    path = write(tmp_path, "excel.csv", "comment;rating\r\nCaf\xe9 cake was \xa345, too dear;2\r\n".encode("cp1252"))
    assert read_feedback(path).items[0].text == "Café cake was £45, too dear"
    bom = write(tmp_path, "bom.csv", "\ufeffcomment\nLovely\n".encode())
    assert read_feedback(bom).columns["text"] == "comment"


# -- summaries ------------------------------------------------------------------------------


def test_summaries_count_per_source_kind_and_pain_point():
    rows = [{"source": "a.csv", "kind": "pain", "stage_id": "st1", "pain_point_id": "pp1"},
            {"source": "a.csv", "kind": "praise", "stage_id": "st2", "pain_point_id": None},
            {"source": "b.txt", "kind": "other", "stage_id": None, "pain_point_id": None}]
    summary = summarise(rows)
    assert summary["items"] == 3 and summary["cited"] == 1
    assert summary["sources"][0] == {"source": "a.csv", "items": 2, "pain": 1, "praise": 1, "mixed": 0, "other": 0,
                                     "cited": 1, "placed": 2}
    assert summary["praise"] == {"st2": 1} and summary["by_pain_point"] == {"pp1": 1}


def test_an_item_whose_parts_complain_and_praise_is_counted_mixed_as_the_import_counts_it():
    # the Markdown said "22 complaints, 20 praise" where the import had said "12 complaints, 19 praise, 11 mixed"
    rows = [{"source": "a.csv", "row": 1, "kind": "pain", "stage_id": "st1", "pain_point_id": "pp1"},
            {"source": "a.csv", "row": 1, "kind": "praise", "stage_id": "st2", "pain_point_id": None},
            {"source": "a.csv", "row": 2, "kind": "pain", "stage_id": "st1", "pain_point_id": None}]
    source = summarise(rows)["sources"][0]
    assert (source["items"], source["pain"], source["praise"], source["mixed"]) == (2, 1, 0, 1)


# -- the command line ------------------------------------------------------------------------


def run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture
def map_id(capsys) -> str:
    code, out, _ = run(capsys, "import", str(EXAMPLE))
    assert code == 0
    return out.strip().splitlines()[-1]


def test_cli_imports_lists_and_shows_evidence(capsys, map_id, monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    code, out, _ = run(capsys, "evidence", map_id, str(FEEDBACK))
    assert code == 1 and "Nothing was saved. Run again with --yes" in out  # no terminal to ask: no
    code, out, _ = run(capsys, "evidence", map_id, str(FEEDBACK), "--yes")
    assert code == 0
    assert ("Read 291 rows from sweet-crumbs-feedback.csv (csv); text column “comment”; rating column “rating” "
            "(1-5 stars)") in out
    assert "Unplaced (" in out and "row " in out
    assert "Saved version 2 with 291 evidence rows" in out
    code, out, _ = run(capsys, "evidence", map_id, "--list", "--pain-point", "pp7")
    assert code == 0 and "sweet-crumbs-feedback.csv:" in out and "Delivery" in out
    assert out.strip().endswith("items.")
    code, out, _ = run(capsys, "show", map_id)
    assert "## Evidence" in out and "291 customer items analysed" in out


def test_cli_bad_evidence_files_are_one_line_errors(capsys, map_id, tmp_path):
    code, _, err = run(capsys, "evidence", map_id, str(tmp_path / "nope.csv"), "--yes")
    assert code == 1 and err.startswith("cjm: no such file")
    code, _, err = run(capsys, "evidence", map_id, str(FEEDBACK), "--text-column", "review", "--yes")
    assert code == 1 and "has no column called “review”" in err
    code, _, err = run(capsys, "evidence", map_id)
    assert code == 1 and "give the feedback file" in err
    code, out, _ = run(capsys, "history", map_id)
    assert len(out.strip().splitlines()) == 1  # still one version


def test_cli_accepts_text_files_and_explicit_columns(capsys, map_id, tmp_path):
    path = write(tmp_path, "survey.csv", "when,what,stars\n2024-05-01,No prices on your instagram at all,2\n"
                 "2024-05-02,WhatsApp replies took two days,1\n2024-05-03,Delivery window too vague,2\n")
    code, out, _ = run(capsys, "evidence", map_id, str(path), "--text-column", "what", "--score-column", "stars",
                       "--date-column", "when", "--yes")
    assert code == 0 and "Saved version 2" in out
    code, out, _ = run(capsys, "evidence", map_id, "--list")
    assert "survey.csv:1" in out and "survey.csv:3" in out  # data rows, as --report json numbers them


# -- the LLM engine -----------------------------------------------------------------------------


@pytest.fixture
def llm(monkeypatch, tmp_path):
    from tests.support.llm import KEY, ScriptedServer, make_engine

    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    with ScriptedServer() as server:
        yield server, make_engine(server)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_llm_engine_classifies_in_batches_and_the_proposal_is_the_same_kind(llm, tmp_db, example, tmp_path):
    from tests.support.llm import Reply

    from cjm_assistant.engines.llm import evidence as evidence_llm

    server, engine = llm
    lines = ["comment"] + [f"Item {n}: no prices anywhere on instagram" for n in range(70)] + \
            ["We need allergen info online", "Allergens? nobody said", "No allergy details at all",
             "Lovely cake", "spam spam"]
    feedback = read_feedback(write(tmp_path, "many.csv", "\n".join(lines)))
    groups = evidence_llm.batches(engine.client, example, feedback)
    assert len(groups) == 2 and sum(len(g) for g in groups) == 75
    first = {"items": [{"i": i, "kind": "pain", "stage": "st1", "pain_point": "pp1"} for i in range(60)]}
    second = [{"i": i, "kind": "pain", "stage": "st2", "pain_point": "pp1"} for i in range(10)]
    second += [{"i": 10 + i, "kind": "pain", "stage": "st2", "pain_point": None,
                "new_pain_point": "Allergen information missing", "touchpoint": "tp99"} for i in range(3)]
    second += [{"i": 13, "kind": "praise", "stage": "st5"}, {"i": 14, "kind": "other", "stage": None}]
    server.script(Reply.json(first), Reply.json({"items": second}))
    session = Session(Store.open(tmp_db), engine)
    session.import_map(example, "x")
    estimate = session.estimate_evidence(feedback)
    assert estimate.calls == 2 and estimate.tokens > 0 and not estimate.free
    proposal = session.import_evidence(feedback)
    assert len(server.requests) == 2
    prompt = server.requests[0]["messages"][-1]["content"]
    assert '<user_data source="feedback">' in prompt and "pp1 No prices on Instagram" in prompt
    ops = {op.op: op for op in proposal.ops}
    assert ops["update_pain_point"].mentions == 14 + 70
    assert ops["add_pain_point"].name == "Allergen information missing" and ops["add_pain_point"].stage == "st2"
    assert ops["add_pain_point"].touchpoint is None  # an id the model made up is dropped
    session.accept(proposal)
    assert len(session.evidence_rows(pain_point="pp1")) == 70
    calls = session.store.conn.execute("SELECT purpose, count(*) FROM llm_calls GROUP BY purpose").fetchall()
    assert calls == [("evidence", 2)]  # every call is logged, with its tokens


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_cli_asks_before_a_large_llm_import(llm, capsys, map_id, tmp_path, monkeypatch):
    server, engine = llm
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    path = write(tmp_path, "big.csv", "comment\n" + "\n".join(f"Comment number {n} about slow replies"
                                                             for n in range(250)))
    code, out, _ = run(capsys, "--model", "openai/any", "--api-base", server.base_url, "evidence", map_id, str(path))
    assert code == 1
    assert "This will take 250 items in 5 calls to llm:openai/any: about" in out
    assert "Nothing was imported." in out
    assert server.requests == []  # no call was made


def test_the_proposal_reads_as_one_line_per_change(session):
    proposal = session.import_evidence(FEEDBACK)
    parts = proposal.parts
    assert len(parts) == len(proposal.ops)
    # the pain point with the most rows first (which one leads depends on how many complaints each gets)
    # names, not ids ("pp1"), and words, not numbers, for severity
    assert re.match(r"“[^”]+” \([^)]+\): \+\d+ mentions?, severity (low|medium|high)", parts[0]), parts[0]
    assert any(p.startswith("“No prices on Instagram” (Discover): +") for p in parts)
    assert any(p.startswith("new thought on After the party: “") for p in parts)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_llm_engine_returns_the_same_parts_as_the_offline_matcher(llm, example, tmp_path):
    """Both engines feed one proposal: parts with sentiment, stage, pain point and confidence."""
    from tests.support.llm import Reply

    server, engine = llm
    feedback = read_feedback(write(tmp_path, "two.csv", "comment,stars\n"
                                   "\"Gorgeous cake but no prices on instagram\",4\nHappy birthday!,5\n"))
    server.script(Reply.json({"items": [
        {"i": 0, "parts": [
            {"text": "Gorgeous cake", "sentiment": "positive", "stage": "st5", "pain_point": "pp1", "confidence": 0.9},
            {"text": "but no prices on instagram", "sentiment": "negative", "stage": "st1", "pain_point": "pp1",
             "confidence": 0.8}]},
        {"i": 1, "parts": [{"text": "Happy birthday!", "sentiment": "positive", "stage": "st1", "confidence": 0.1}]},
    ]}))
    result = analyse(engine, example, feedback)
    prompt = server.requests[0]["messages"][-1]["content"]
    assert '"parts"' in prompt and '"score": 4.0' in prompt
    rows = list(result.rows)
    assert [(r["row"], r["part"], r["sentiment"], r["stage_id"], r["pain_point_id"], r["placed"]) for r in rows] == [
        (1, 1, "positive", "st5", None, 1),  # praise never carries a pain point, even when the model names one
        (1, 2, "negative", "st1", "pp1", 1),
        (2, 1, "positive", None, None, 0),  # below the confidence threshold: unplaced, for the user to assign
    ]
    assert result.counts["mixed"] == 1 and result.counts["unplaced"] == 1
    update = next(op for op in result.ops if getattr(op, "pain_point", None) == "pp1")
    assert update.mentions == 14 + 1


def test_the_summary_line_counts_in_words_that_agree_with_the_number(session, tmp_path):
    """One complaint backing one pain point reads "1 complaint" and "1 item backs 1 pain point" (it read
    "1 complaints" and "1 back 1 pain point")."""
    one = tmp_path / "one.csv"
    one.write_text("rating,review\n1,No prices on Instagram so I had to message and wait two days to find out\n",
                   encoding="utf-8")
    reply = session.import_evidence(one).reply
    assert "1 complaint," in reply and "1 item backs 1 pain point (1 on the map, 0 new)" in reply, reply
