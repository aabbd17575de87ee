"""Helpers of the TUI tests that run at 80x24 and at 120x40 (test_tui_layout, test_tui_live)."""

from __future__ import annotations

import pytest
from tests.support.tui import example_map, make_app, open_saved, saved_map

from cjm_assistant.domain import edits
from cjm_assistant.store import Store

SIZES = [(80, 24), (120, 40)]
BUSINESS = "Fern & Clay, a pottery studio in Bristol running wheel-throwing classes"


def sized(test):
    """Run ``test`` at 80x24 and at 120x40 (its ``size`` argument)."""
    return pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])(test)


def app_with_map(tmp_path, journey=None):
    """The app on a database holding one map (the example, or ``journey``); :func:`opened` opens it."""
    db = tmp_path / "cjm.db"
    app = make_app(db)
    app.test_db, app.test_map_id = db, saved_map(db, journey or example_map())
    return app


async def opened(pilot, app) -> None:
    await open_saved(pilot, app, app.test_map_id)


def rename_elsewhere(app, old: str, new: str, author: str) -> None:
    """What `cjm refine` does from another shell: a new version of the open map, saved by another connection."""
    with Store.open(app.test_db) as other:
        other.save_version(app.test_map_id, [edits.RenameStage(stage=old, name=new)], author=author,
                           message="rename the first stage")
