"""The examples' Markdown maps are what the current code drafts from their answers files.

The README points new users at examples/*.md as what the offline engine writes; a change that alters a draft must
regenerate them (``python examples/regenerate.py``) so that a reader sees, and a reviewer reads, the difference.
(Session 20's review found the language-school example silently changed by a rule, with nothing failing.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm_assistant import cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("answers", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_the_example_map_is_what_the_code_drafts_now(answers, tmp_path, capsys):
    target = tmp_path / answers.with_suffix(".md").name
    assert cli.main(["--db", str(tmp_path / "x.db"), "--engine", "playbook", "new", "--answers", str(answers),
                     "--export", str(target)]) == 0
    capsys.readouterr()
    assert target.read_text(encoding="utf-8") == answers.with_suffix(".md").read_text(encoding="utf-8"), \
        f"examples/{target.name} is out of date: run `python examples/regenerate.py` and read the difference"
