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
