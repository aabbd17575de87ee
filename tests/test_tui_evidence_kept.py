"""Outside attack 3: an evidence import where no row changes the map, in the TUI, in a real terminal. The rows
the user places by hand in "Where each row goes" are kept (as a version), as the CLI keeps them, instead of
being dropped without a word."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from tests.support.waiting import wait_until

DATA = Path(__file__).parent / "data" / "attack3"
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


def pane(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout


def shows(session: str, text: str, timeout: float) -> None:
    wait_until(lambda: text in pane(session), timeout, f"{text!r} on the screen", seen=lambda: pane(session))


def keys(session: str, *sent: str, literal: bool = False) -> None:
    subprocess.run(["tmux", "send-keys", "-t", session, *(["-l"] if literal else []), *sent], check=True)
    time.sleep(0.4)  # a person's pace between keys (each step below polls for its result)


def test_rows_placed_by_hand_in_the_review_table_are_kept(tmp_path):
    db, home = tmp_path / "cjm.db", tmp_path / "home"
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_STATE_HOME": str(home / "state"), "CJM_DB": str(db),
           "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    env.pop("CJM_MODEL", None)
    subprocess.run([sys.executable, "-m", "cjm_assistant", "import", str(DATA / "sweet-crumbs.json")], env=env,
                   check=True, capture_output=True)
    feedback = tmp_path / "fb.csv"
    feedback.write_text("rating,comment\n2,The box was crushed\n1,Nobody told me when it would come\n3,It was ok\n",
                        encoding="utf-8")
    session = f"cjm-kept-{uuid.uuid4().hex[:8]}"
    names = ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "CJM_DB", "PATH",
             "LITELLM_LOCAL_MODEL_COST_MAP", "PYTHONPATH")
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", "env",
                    *[f"{k}={v}" for k, v in env.items() if k in names], sys.executable, "-m", "cjm_assistant",
                    "--db", str(db)], check=True, env={**os.environ, "TMUX": ""})
    try:
        shows(session, "Open a saved map (1)", 60)
        keys(session, "C-o")
        shows(session, "Enter opens", 20)
        keys(session, "Enter")
        shows(session, "saved v1", 30)
        keys(session, "C-p")
        keys(session, "Import customer evidence", literal=True)
        keys(session, "Enter")
        shows(session, "Import customer evidence", 20)
        keys(session, str(feedback), literal=True)
        keys(session, "Enter")
        shows(session, "Text column", 30)
        for _ in range(7):
            keys(session, "Tab")
        keys(session, "Enter")
        shows(session, "Where each row goes", 60)
        keys(session, "4")
        keys(session, "Down")
        keys(session, "Down")
        keys(session, "4")
        keys(session, "Enter")

        def placed() -> int:
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                    return conn.execute("select count(*) from evidence where stage_id is not null").fetchone()[0]
            except sqlite3.Error:
                return 0

        wait_until(lambda: placed() >= 2, 30, "the two rows placed by hand stored", seen=lambda: pane(session))
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
