"""Each command imports only what it uses: the read-only ones load neither the model nor an engine.

Run in a fresh interpreter (this test process has imported everything already); what is measured is
which modules are loaded, not how long it takes (the time is in bench/bench_cli.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
from cjm_assistant.cli import main
code = main(sys.argv[1:])
mine = sorted(m for m in sys.modules if m.startswith(("cjm_assistant", "pydantic")))
print(json.dumps({"code": code, "modules": mine}))
"""


def loaded(db: Path, *argv: str) -> tuple[int, set[str]]:
    env = {**os.environ, "CJM_DB": str(db)}
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, env=env, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["code"], set(result["modules"])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    from cjm_assistant.export.jsonio import from_json
    from cjm_assistant.store import Store

    path = tmp_path / "cjm.db"
    journey = from_json((Path(__file__).parent.parent / "examples" / "sweet-crumbs.json").read_text(encoding="utf-8"))
    with Store.open(path) as store:
        store.create_map(journey, message="the example")
    return path


@pytest.mark.parametrize("argv", [["list"], ["show"], ["history"], ["export", "-f", "json"]], ids=" ".join)
def test_a_read_only_command_loads_no_model_no_engine_and_no_other_handler(db: Path, argv: list[str]) -> None:
    code, modules = loaded(db, *argv)
    assert code == 0
    assert "pydantic" not in modules and "cjm_assistant.domain.model" not in modules
    assert not any(m.startswith("cjm_assistant.engines") for m in modules)
    handlers = {m for m in modules if m.startswith("cjm_assistant.cli.")} - {
        "cjm_assistant.cli.parser", "cjm_assistant.cli.output", "cjm_assistant.cli.opening", "cjm_assistant.cli.llm"}
    assert handlers == {"cjm_assistant.cli.files" if argv[0] == "export" else "cjm_assistant.cli.maps"}


def test_the_help_is_as_wide_as_shutil_says_the_terminal_is(monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from cjm_assistant.cli.parser import _columns, build_parser

    for columns in ("60", "132", "", "zero"):
        monkeypatch.setenv("COLUMNS", columns)
        assert _columns() == shutil.get_terminal_size().columns
    monkeypatch.setenv("COLUMNS", "60")
    assert max(len(line) for line in build_parser().format_help().splitlines()) <= 60
    monkeypatch.setenv("COLUMNS", "200")
    assert max(len(line) for line in build_parser().format_help().splitlines()) > 100


def test_the_text_patterns_compile_when_first_used_and_clean_as_before() -> None:
    import re

    from cjm_assistant.domain import text

    assert isinstance(text.SPECIAL, re.Pattern) and text.SPECIAL is text.SPECIAL
    assert text.strip_unsafe("a\x1b[31mred\x1b[0m\r\nb\u202e") == "ared\nb"
    assert text.redact("http://me:KEY@host/v1?api_key=abc&x=1") == "http://***@host/v1?api_key=***&x=1"
    assert text.slug("Café & Co!") == "cafe-co"
    with pytest.raises(AttributeError):
        text.NOT_A_PATTERN  # noqa: B018
