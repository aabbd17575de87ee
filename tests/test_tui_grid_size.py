"""The grid sets its scrollable size without measuring every cell, to the size DataTable's measuring gives; a big
map once drawn is frozen out of the garbage collector's full passes, a small one is not (issue 15)."""

from __future__ import annotations

import gc

from tests.test_tui_grid import GridApp, wide_map
from textual.widgets import DataTable

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.tui.widgets import map_grid
from cjm_assistant.tui.widgets.map_grid import MapGrid


async def test_the_grid_size_is_the_one_datatable_measures():
    app = GridApp()
    async with app.run_test(size=(100, 30)) as pilot:
        grid = app.query_one(MapGrid)
        grid.show(wide_map())
        await pilot.pause()
        ours = grid.virtual_size
        assert ours.height == grid.row_count + 1 and ours.width > map_grid.LABEL_WIDTH  # the rows and the header
        DataTable._update_dimensions(grid, list(grid.rows))  # what DataTable itself makes of the same rows
        assert grid.virtual_size == ours
        await pilot.press("end")  # the cursor can reach the last row: the size lets it scroll there
        await pilot.pause()


def big_map(stages: int = 13, per_stage: int = 200) -> JourneyMap:
    return JourneyMap.model_validate({
        "title": "Big", "business": {"name": "Bench Ltd"}, "channels": [{"name": "Web"}],
        "stages": [{"name": f"Stage {s}", "touchpoints": [{"name": f"Touchpoint {s}.{t}", "channel": "Web"} for t in range(per_stage)],
                    "pain_points": [{"name": f"Pain {s}.{p}"} for p in range(per_stage)]}
                   for s in range(stages)],
    })


async def test_a_big_map_drawn_is_frozen_and_a_small_one_is_not():
    gc.unfreeze()
    app = GridApp()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            grid = app.query_one(MapGrid)
            grid.show(wide_map())
            await pilot.pause()
            assert gc.get_freeze_count() == 0
            grid.show(big_map())  # 5,200 items
            await pilot.pause()
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
