"""Regenerate the Markdown map beside each answers file in examples/, and the example web page.

    python examples/regenerate.py

Runs `cjm new --answers X.toml --export X.md` for every answers file on a
throwaway database, with the offline playbook engine, so the examples always
show what the current code produces. Then imports the hand-checked map
(sweet-crumbs.json) and writes it as a web page (sweet-crumbs.html).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from cjm_assistant.cli import main

HERE = Path(__file__).resolve().parent
PAGE = HERE / "sweet-crumbs.html"


def _run(args: list[str], what: str) -> None:
    if main(args) != 0:
        raise SystemExit(f"failed on {what}")


def regenerate_page(db: str, target: Path = PAGE) -> Path:
    """The hand-checked example map as a web page."""
    _run(["--db", db, "import", str(HERE / "sweet-crumbs.json")], "sweet-crumbs.json")
    _run(["--db", db, "export", "sweet crumbs", "-f", "html", "-o", str(target), "--force"], target.name)
    return target


def regenerate() -> list[Path]:
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "examples.db")
        for answers in sorted(HERE.glob("*.toml")):
            target = answers.with_suffix(".md")
            _run(["--db", db, "--engine", "playbook", "new", "--answers", str(answers), "--export", str(target),
                  "--force"],
                 answers.name)
            written.append(target)
        written.append(regenerate_page(str(Path(tmp) / "page.db")))
    return written


if __name__ == "__main__":
    for path in regenerate():
        print(f"wrote {path.relative_to(HERE.parent)}", file=sys.stderr)
