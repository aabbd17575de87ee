"""The TUI keeps no dead widgets: undo and redo, pressed again and again, do not grow what it holds."""

from __future__ import annotations

import gc

from textual.widgets._footer import FooterKey

from cjm_assistant.domain.edits import apply
from cjm_assistant.domain.ops import UpdateMap
from cjm_assistant.store import Store
from tests.support.tui import example_map, make_app, settle


def live_footer_keys() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, FooterKey))


async def test_undo_and_redo_again_and_again_keep_no_old_footer_keys(tmp_path):
    db = tmp_path / "cjm.db"
    journey = example_map()
    with Store.open(db) as store:
        map_id = store.create_map(journey, author="test", message="seed").id
        for n in range(2, 6):
            journey = apply(journey, [UpdateMap(title=f"Version {n}")])
            store.save_map(map_id, journey, author="test", message=f"v{n}")
    app = make_app(db, open_map=map_id)

    async def walk(times: int) -> None:
        for i in range(times):
            await pilot.press("ctrl+z" if (i // 4) % 2 == 0 else "ctrl+y")
            await settle(pilot, app)

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await walk(4)
        after_4 = live_footer_keys()
        await walk(12)
        after_16 = live_footer_keys()
        shown = len(app.screen.query(FooterKey))
    # Each press redraws the footer; the keys it drew before must go (they leaked 12 a press).
    assert after_16 <= after_4 + shown, (after_4, after_16)
