"""Acceptance: the real `cjm` command in a real terminal (tmux), used the way a person would.

Types an interview at 80x24, checks that the footer shows Ctrl+Q and F1 and
that the map pane shows the business (a draft) before the map is drafted,
accepts the drafted map, exports it as Markdown with `/export md PATH`, quits
with Ctrl+Q, and checks the file. Skipped when tmux is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.support.waiting import wait_until

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

CJM = Path(sys.executable).parent / "cjm"
ANSWERS = [
    "Sweet Crumbs, a two-person bakery in Leeds selling custom celebration cakes online",
    "custom birthday and wedding cakes, delivered locally",
    "B2C: busy parents and office managers",
    "a first online order of a custom cake",
    "current state, as it is today",
    "Instagram, our website, WhatsApp and local delivery",
]


class Terminal:
    """A tmux session running one command; every wait polls the pane (no fixed sleeps)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def send(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", self.name, *(["-l"] if literal else []), *keys)

    def input_box(self) -> str:
        """The text in the chat input: the last box that starts at the left edge of the screen."""
        lines = self.screen().splitlines()
        tops = [i for i, line in enumerate(lines) if line.startswith("╭")]
        if not tops:
            return ""
        inside = []
        for line in lines[tops[-1] + 1:]:
            if line.startswith("╰"):
                break
            inside.append(line[1:].split("│", 1)[0])
        return " ".join(inside)

    def type(self, text: str) -> None:
        """Type a line and press Enter, like a person would: Enter once the line shows in the input."""
        self.send(text, literal=True)
        typed = "".join(text.split())  # the input wraps the line: compare without white space
        wait_until(lambda: typed in "".join(self.input_box().split()), 20, f"{text!r} in the input",
                   seen=self.screen)
        self.send("Enter")

    def wait_for(self, *texts: str, absent: str = "", timeout: float = 20.0) -> str:
        """Wait until every one of ``texts`` is on the screen (and ``absent`` is not)."""
        def look() -> str:
            screen = self.screen()
            ready = all(text in screen for text in texts) and not (absent and absent in screen)
            return screen if ready else ""

        what = f"{texts!r} on the screen" + (f" without {absent!r}" if absent else "")
        return wait_until(look, timeout, what, seen=self.screen)

    def status(self) -> str:
        """The status line (above the footer): it says which question the interview is at."""
        lines = self.screen().rstrip("\n").splitlines()
        return lines[-2] if len(lines) >= 2 else ""

    def answer(self, text: str) -> None:
        """Answer a question and wait until the app is ready for the next one.

        Ready means: the status line's question counter moved on (its text changed: the next
        question, or a follow-up of this one) and it is not "thinking…"; and the input is empty
        again (its placeholder shows). Not the answer's words: a question's example may hold them.
        """
        before = self.status()
        self.type(text)
        def moved_on() -> bool:
            now = self.status()
            return now != before and "interview · question" in now and "thinking" not in now

        wait_until(moved_on, 20, f"the interview to move on from {before!r}", seen=self.screen)
        self.wait_for("Type here")

    def status_and_footer(self) -> str:
        return "\n".join(self.screen().rstrip("\n").splitlines()[-2:])

    def alive(self) -> bool:
        return subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True).returncode == 0


def test_an_interview_in_a_real_terminal_ends_in_an_exported_map(tmp_path):
    if not CJM.exists():
        pytest.skip(f"{CJM} is not installed (pip install -e .)")
    db, target, done = tmp_path / "cjm.db", tmp_path / "export" / "journey.md", tmp_path / "exit-code"
    target.parent.mkdir()
    env = " ".join(f"{k}={v}" for k, v in {
        "CJM_DB": db, "XDG_DATA_HOME": tmp_path / "data", "XDG_CONFIG_HOME": tmp_path / "config",
        "XDG_STATE_HOME": tmp_path / "state", "TERM": "xterm-256color"}.items())
    name = f"cjm-acceptance-{uuid.uuid4().hex[:8]}"
    command = f"env -u CJM_MODEL -u CJM_API_BASE {env} {CJM}; echo $? > {done}"
    term = Terminal(name)
    # remain-on-exit: the pane (and its last screen) stays after cjm quits, until the session is killed.
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command,
                    ";", "set-option", "-w", "-t", name, "remain-on-exit", "on"], check=True,
                   env={**os.environ, "TMUX": ""})
    try:
        term.wait_for("New map")
        term.send("C-n")
        term.wait_for("What's your business called")
        assert "^q Quit" in term.status_and_footer() and "f1 Help" in term.status_and_footer()
        for answer in ANSWERS:
            term.answer(answer)
        term.send("F2")  # the map tab: the draft from the answers so far, with the business
        term.wait_for("DRAFT from your answers", "Business: Sweet Crumbs")
        term.send("F2")
        term.wait_for("Type here")
        term.type("draft")
        term.wait_for("Proposed map", timeout=30)
        term.send("Enter")
        term.wait_for("saved v1", timeout=20)
        term.type(f"/export md {target}")
        term.wait_for("Exported", timeout=20)
        term.send("C-q")
        wait_until(done.exists, 20, "cjm to quit", seen=term.screen)
        assert done.read_text().strip() == "0"
        assert "Traceback" not in term.screen()
    finally:
        if term.alive():
            subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
    text = target.read_text(encoding="utf-8")
    assert "Sweet Crumbs" in text
    assert text.count("|") > 10  # the stage-by-lane table
    from cjm_assistant.store import Store

    with Store.open(db) as store:
        maps = store.list_maps()
        stages = [s.name for s in store.load(maps[0].id).stages]
    assert len(maps) == 1 and len(stages) >= 3
    assert all(stage in text for stage in stages)
