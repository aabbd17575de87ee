"""Outside attack 3 on `cjm evidence`, run as a user runs it: the CLI in a subprocess with a private HOME.

Praise never counts for a pain point (finding 1), one row numbering everywhere (8), a renamed copy of a file
is recognised (8b), and the progress bar updates one line on a terminal (11). The maps come from copies in
tests/data/attack3/, so regenerated examples do not move the goalposts.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "attack3"


class Cli:
    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path
        home = tmp_path / "home"
        home.mkdir()
        self.env = dict(os.environ)
        self.env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
                        XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"),
                        LITELLM_LOCAL_MODEL_COST_MAP="True", CJM_DB=str(tmp_path / "cjm.db"))
        for key in ("CJM_MODEL", "OPENAI_API_KEY", "ANTHROPIC_API_KEY"):
            self.env.pop(key, None)

    def run(self, *args, check: bool = False):
        proc = subprocess.run([sys.executable, "-m", "cjm_assistant", *map(str, args)], cwd=self.tmp, env=self.env,
                              input="", capture_output=True, text=True, timeout=240)
        if check:
            assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc

    def new(self, answers: str) -> str:
        return self.run("new", "--answers", DATA / answers, check=True).stdout.strip().splitlines()[-1]

    def import_example(self) -> str:
        return self.run("import", DATA / "sweet-crumbs.json", check=True).stdout.strip().splitlines()[-1]

    def map_json(self, map_id: str) -> dict:
        return json.loads(self.run("export", map_id, "-f", "json", check=True).stdout)

    def report(self, map_id: str, feedback: Path) -> list[dict]:
        proc = self.run("evidence", map_id, feedback, "--report", "json", check=True)
        return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


@pytest.fixture
def cli(tmp_path):
    return Cli(tmp_path)


def _pain_points(journey: dict) -> dict[str, dict]:
    return {p["name"]: p for stage in journey["stages"] for p in stage["pain_points"]}


def test_the_progress_bar_updates_in_place_on_a_terminal(cli, tmp_path):
    """Finding 11: on a terminal the bar printed a new line every 500 rows (the safe stream turned its "\\r" into
    a new line); it must rewrite one line."""
    map_id = cli.import_example()
    feedback = tmp_path / "many.csv"
    rows = ["rating,comment"] + [f"{1 + i % 5},Replies on Instagram took two days #{i}" for i in range(1500)]
    feedback.write_text("\n".join(rows) + "\n", encoding="utf-8")
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "cjm_assistant", "evidence", map_id, str(feedback),
                             "--report", "json"], cwd=tmp_path, env=cli.env, stdin=slave,
                            stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=120)
    os.close(master)
    text = out.decode("utf-8", "replace")
    assert text.count("matching [") >= 3, text  # the bar was drawn, three times...
    bar_lines = [line for line in text.split("\n") if "matching" in line]
    assert len(bar_lines) == 1, (len(bar_lines), bar_lines[:3])  # ...on one line
    assert "\x1b[K" in bar_lines[0]  # and cleared before the summary


def test_the_bar_goes_past_the_safe_stream_that_turns_a_carriage_return_into_a_new_line(monkeypatch):
    import io

    from cjm_assistant.cli import evidence as cli_evidence
    from cjm_assistant.cli.output import SafeStream

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", SafeStream(terminal))
    show = cli_evidence._progress_bar(1000)
    show(500, 1000)
    show(1000, 1000)
    cli_evidence._done_progress(show)
    written = terminal.getvalue()
    assert "\n" not in written and written.count("\r") == 3, repr(written)


def test_the_row_number_in_the_dry_run_is_the_row_list_and_assign_use(cli, tmp_path):
    """Finding 8: --report json numbered data rows from 1, --list and --assign counted the header line, so
    assigning the row the dry run showed moved the row above it."""
    map_id = cli.import_example()
    feedback = tmp_path / "fb.csv"
    feedback.write_text("rating,comment\n2,Replies on Instagram took two days\n3,Cake was lovely\n"
                        "1,The delivery slot was a whole afternoon\n", encoding="utf-8")
    rows = cli.report(map_id, feedback)
    wanted = next(r for r in rows if "delivery slot" in r["text"])
    assert wanted["row"] == 3  # the data row: the header is not counted
    cli.run("evidence", map_id, feedback, "--yes", check=True)
    listed = cli.run("evidence", map_id, "--list", check=True).stdout
    line = next(text for text in listed.splitlines() if "delivery slot" in text)
    assert line.split()[0] == f"fb.csv:{wanted['row']}", (wanted["row"], line)
    moved = cli.run("evidence", map_id, "--assign", str(wanted["row"]), "Discover", check=True).stdout
    assert f"fb.csv row {wanted['row']}" in moved
    listed = cli.run("evidence", map_id, "--list", check=True).stdout
    line = next(text for text in listed.splitlines() if "delivery slot" in text)
    assert "Discover" in line, line


def test_items_are_numbered_by_data_row_in_every_format(tmp_path):
    from cjm_assistant.evidence import read_feedback

    csv_file = tmp_path / "a.csv"
    csv_file.write_text("\n\ncomment,stars\nfirst,1\n\nsecond,2\n", encoding="utf-8")  # blank lines, header on 3
    text_file = tmp_path / "a.txt"
    text_file.write_text("first\nsecond\n", encoding="utf-8")
    jsonl_file = tmp_path / "a.jsonl"
    jsonl_file.write_text('{"comment": "first"}\n{"comment": "second"}\n', encoding="utf-8")
    for path in (csv_file, text_file, jsonl_file):
        feedback = read_feedback(path)
        numbers = [item.row for item in feedback.items]
        assert numbers[0] == 1 and [feedback.data_row(item) for item in feedback.items] == numbers, path.name


# -- finding 1: praise that a problem is gone never counts for it --------------------------------------------


def test_thanks_for_a_problem_not_happening_does_not_make_it_evidence_backed(cli, tmp_path):
    """Two thank-you rows saying bank transfer is no longer the only way made the inferred 'Bank transfer only'
    evidence-backed (README: praise never counts for a pain point)."""
    map_id = cli.import_example()
    assert _pain_points(cli.map_json(map_id))["Bank transfer only"]["provenance"] == "inferred"
    feedback = tmp_path / "thanks.csv"
    feedback.write_text('comment\n"Paid by card, no bank transfer only nonsense, thank you"\n'
                        '"No bank transfer only rule anymore, thank you!"\n', encoding="utf-8")
    cli.run("evidence", map_id, feedback, "--yes", check=True)
    pain = _pain_points(cli.map_json(map_id))["Bank transfer only"]
    assert pain["provenance"] == "inferred", pain
    assert pain.get("mentions", 0) == 0, pain


def test_praise_rows_are_not_read_as_complaints_about_a_pain_point(cli, tmp_path):
    map_id = cli.import_example()
    feedback = tmp_path / "praise.csv"
    feedback.write_text('comment\n"Paid by card, no bank transfer only nonsense, thank you"\n'
                        '"No bank transfer only rule anymore, thank you!"\n'
                        '"Not once did I wonder how many the cake serves, thank you"\n', encoding="utf-8")
    rows = cli.report(map_id, feedback)
    attached = [(r["row"], r["sentiment"], r["pain_point"]) for r in rows if r["pain_point"]]
    assert attached == [], attached


def test_zero_messages_lost_is_praise_not_proof_that_messages_get_lost(cli, tmp_path):
    map_id = cli.new("plumber.toml")
    if "Messages get lost across channels" not in _pain_points(cli.map_json(map_id)):  # the playbook's pick varies
        cli.run("refine", map_id, "add a pain point 'Messages get lost across channels' to Rings", "--yes", check=True)
    assert "Messages get lost across channels" in _pain_points(cli.map_json(map_id))
    feedback = tmp_path / "happy.csv"
    feedback.write_text('comment\n"Zero messages lost, everything on WhatsApp, loved it"\n'
                        '"Not one message got lost between WhatsApp and email, brilliant"\n'
                        '"No reply for three days, messages lost"\n', encoding="utf-8")
    rows = cli.report(map_id, feedback)
    assert [r["sentiment"] for r in rows] == ["positive", "positive", "negative"], rows
    assert [r["pain_point"] for r in rows][:2] == [None, None], rows
    # the complaint is evidence for the map's problem with messages or with replies ("No reply for three days" is
    # "Nobody calls back" as much as slow replies; which of them the draft has varies with its stock problems)
    assert rows[2]["pain_point"] in ("Messages get lost across channels", "Slow replies to enquiries",
                                     "Nobody calls back"), rows


def test_reasonable_price_is_not_evidence_that_prices_are_hidden(cli, tmp_path):
    """One NPS-6 row 'Reasonable price. Took a while to get the quote' made the inferred 'Prices are hidden'
    evidence-backed through its part 'Reasonable price.'."""
    map_id = cli.new("plumber.toml")
    journey = cli.map_json(map_id)
    if "Prices are hidden" not in _pain_points(journey):  # the playbook's stock problems vary: put it on the first stage
        journey["stages"][0]["pain_points"].append({
            "id": "pp99", "provenance": "inferred", "personas": [], "name": "Prices are hidden",
            "description": "Customers can't see what it costs before they ask.", "severity": 2, "touchpoint": "",
            "evidence": [], "mentions": 0})
        saved = tmp_path / "with-prices.json"
        saved.write_text(json.dumps(journey), encoding="utf-8")
        map_id = cli.run("import", saved, check=True).stdout.strip().splitlines()[-1]
    assert _pain_points(cli.map_json(map_id))["Prices are hidden"]["provenance"] == "inferred"
    feedback = tmp_path / "nps.csv"
    feedback.write_text('NPS,Comment\n6,"Reasonable price. Took a while to get the quote"\n', encoding="utf-8")
    cli.run("evidence", map_id, feedback, "--yes", check=True)
    assert _pain_points(cli.map_json(map_id))["Prices are hidden"]["provenance"] == "inferred"


def _reading(text: str):
    from cjm_assistant.evidence import sentiment as sn

    cues = sn.Cues(problem=frozenset({"los", "messag", "chas", "transfer", "pric"}))
    return sn.text_score(text, cues)


@pytest.mark.parametrize("text", [
    "Never lost a parcel with you, thank you",
    "No hidden fees anymore, thank you!",
    "Zero cancellations this year, loved it",
    "Not one delivery went missing, thanks",
    "Not once did I have to chase them",
])
def test_a_problem_said_to_be_gone_reads_as_praise(text):
    reading = _reading(text)
    assert reading.score >= 0.15 and not reading.complains, (text, reading)


@pytest.mark.parametrize("text", [
    "No reply yet, thanks",
    "Still no refund, thanks",
    "No prices anywhere on the website",
    "Messages get lost all the time",
])
def test_a_problem_still_there_reads_as_a_complaint(text):
    reading = _reading(text)
    assert reading.score <= -0.15 or reading.complains, (text, reading)
    assert not reading.gone


def test_a_refused_thanks_is_never_a_problem_gone():
    assert not _reading("Thanks for nothing, no reply in a week").gone


def test_a_mild_verdict_is_faint_whether_or_not_the_lexicon_knows_it():
    assert _reading("Reasonable price.").faint and _reading("Fair prices").faint
    assert not _reading("Unreasonable price").faint


# -- finding 8b: the same export under another name ------------------------------------------------------------


def test_the_same_export_saved_under_another_name_is_not_counted_twice(cli, tmp_path):
    """The same bytes downloaded again as 'reviews (1).csv' were imported again: mentions and quotes twice."""
    map_id = cli.import_example()
    body = "date,rating,comment\n2026-10-01,1,Replies took two days\n2026-10-02,5,Loved it all\n"
    first, second = tmp_path / "reviews.csv", tmp_path / "reviews (1).csv"
    first.write_text(body, encoding="utf-8")
    second.write_text(body, encoding="utf-8")
    cli.run("evidence", map_id, first, "--yes", check=True)
    after_first = _pain_points(cli.map_json(map_id))["Slow replies to enquiries"]["mentions"]
    again = cli.run("evidence", map_id, second, "--yes", check=True)
    assert "reviews (1).csv has the same 2 items as reviews.csv" in again.stdout, again.stdout
    assert "nothing was saved" in again.stdout
    assert _pain_points(cli.map_json(map_id))["Slow replies to enquiries"]["mentions"] == after_first
    listed = cli.run("evidence", map_id, "--list", check=True).stdout
    assert "reviews (1).csv" not in listed
    forced = cli.run("evidence", map_id, second, "--yes", "--force", check=True)
    assert "Saved version" in forced.stdout, forced.stdout


def test_a_file_that_shares_only_some_rows_with_another_is_imported():
    from types import SimpleNamespace

    from cjm_assistant.evidence.reading import FeedbackItem
    from cjm_assistant.session.insights import copy_of

    stored = [{"source": "a.csv", "row": 1, "text": "Slow", "score": 1.0, "date": None},
              {"source": "a.csv", "row": 2, "text": "Great", "score": 5.0, "date": None}]
    same = SimpleNamespace(source="b.csv", items=[FeedbackItem(1, "Slow", 1.0), FeedbackItem(2, "Great", 5.0)])
    assert copy_of(same, stored) == "a.csv"
    more = SimpleNamespace(source="b.csv", items=[*same.items, FeedbackItem(3, "New", 2.0)])
    assert copy_of(more, stored) is None
    rerated = SimpleNamespace(source="b.csv", items=[FeedbackItem(1, "Slow", 2.0), FeedbackItem(2, "Great", 5.0)])
    assert copy_of(rerated, stored) is None
    assert copy_of(SimpleNamespace(source="a.csv", items=same.items), stored) is None  # its own name: row keys


def test_admiration_said_through_no_idea_is_praise_and_a_missing_fee_is_not():
    assert _reading("I can't believe how fast he was, no idea how he does it").score >= 0.15
    assert _reading("No idea how much the call-out fee is").score <= -0.15


def test_unplaced_rows_can_be_assigned_as_the_import_says(cli, tmp_path):
    """Attack 3 (renumbered finding 3): when no row changed the map the import stored nothing, yet said 'assign
    them with `cjm evidence MAP --assign ROW STAGE`'; --assign then answered 'no stored evidence row 2'."""
    map_id = cli.import_example()
    feedback = tmp_path / "fb.csv"
    feedback.write_text("rating,comment\n2,The box was crushed\n1,Nobody told me when it would come\n3,It was ok\n",
                        encoding="utf-8")
    imported = cli.run("evidence", map_id, feedback, "--yes", check=True)
    assert "--assign" in imported.stdout + imported.stderr
    assigned = cli.run("evidence", map_id, "--assign", "2", "Delivery", "--yes")
    assert assigned.returncode == 0, assigned.stderr
    assert "Assigned fb.csv row 2" in assigned.stdout
