"""Regenerate the Markdown map beside each answers file in examples/.

    python examples/regenerate.py

Runs `cjm new --answers X.toml --export X.md` for every answers file on a
throwaway database, with the offline playbook engine, so the examples always
show what the current code produces.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from cjm_assistant.cli import main

HERE = Path(__file__).resolve().parent


def regenerate() -> list[Path]:
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "examples.db")
        for answers in sorted(HERE.glob("*.toml")):
            target = answers.with_suffix(".md")
            code = main(["--db", db, "--engine", "playbook", "new", "--answers", str(answers), "--export", str(target)])
            if code != 0:
                raise SystemExit(f"failed on {answers.name}")
            written.append(target)
    return written


if __name__ == "__main__":
    for path in regenerate():
        print(f"wrote {path.relative_to(HERE.parent)}", file=sys.stderr)
