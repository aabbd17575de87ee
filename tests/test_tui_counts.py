"""The map pane's counts say how many pain points the map has, the ones not yet on a stage included."""

from __future__ import annotations

from tests.support.tui import example_map, make_app, saved_map, settle, wait_for

from cjm_assistant.domain.model import PainPoint
from cjm_assistant.tui.screens.main import MainScreen
from cjm_assistant.tui.widgets.map_pane import MapPane


async def shown_counts(tmp_path, journey) -> str:
    db = tmp_path / "cjm.db"
    map_id = saved_map(db, journey)
    app = make_app(db, open_map=map_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None and app.session.map_id == map_id and isinstance(app.screen, MainScreen),
                       what="the map to open")
        await settle(pilot, app)
        return str(app.screen.query_one(MapPane).border_subtitle)


async def test_pain_points_not_yet_on_a_stage_are_counted_and_said_so(tmp_path):
    journey = example_map()
    on_stages = sum(len(s.pain_points) for s in journey.stages)
    journey.unplaced = [PainPoint(name="Parking is hard to find"), PainPoint(name="The card machine fails")]
    text = await shown_counts(tmp_path, journey)
    assert f"{on_stages + 2} pain points (2 not on a stage yet)" in text


async def test_a_map_with_every_pain_point_placed_counts_them_plainly(tmp_path):
    journey = example_map()
    on_stages = sum(len(s.pain_points) for s in journey.stages)
    text = await shown_counts(tmp_path, journey)
    assert f"· {on_stages} pain points ·" in text and "not on a stage" not in text
