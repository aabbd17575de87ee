"""Maps drafted the way a user drafts them: ``cjm new --answers`` then ``cjm export -f json``, through the CLI."""

from __future__ import annotations

import contextlib
import io
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any


def draft_maps(folder_for: Any, cases: Iterable[tuple[str, Mapping[str, Any]]]) -> dict[str, dict]:
    """{name: the exported JSON map} for each (name, answers); ``folder_for(name)`` gives a fresh folder (pytest's
    ``tmp_path_factory.mktemp``). The CLI's data and config folders point there while it runs, then back."""
    from cjm_assistant import cli
    from tests.conftest import answers_toml

    out = {}
    for name, answers in cases:
        tmp = Path(folder_for(name))
        path = tmp / "answers.toml"
        path.write_text(answers_toml(dict(answers)), encoding="utf-8")
        db = str(tmp / "cjm.db")
        old = {k: os.environ.get(k) for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME")}
        os.environ.update(XDG_DATA_HOME=str(tmp), XDG_CONFIG_HOME=str(tmp))
        try:
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                assert cli.main(["--db", db, "--engine", "playbook", "new", "--answers", str(path)]) == 0
            map_id = buf.getvalue().strip().splitlines()[-1]
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                assert cli.main(["--db", db, "--engine", "playbook", "export", map_id, "-f", "json"]) == 0
            out[name] = json.loads(buf.getvalue())
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    return out
