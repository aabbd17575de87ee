"""An edit form open on an item another window removes: saving says so in words, names no id, and keeps what was
typed (it said "no pain point called 'pp2'; the pain points are: ..." and the form closed with the edit; attack 16)."""

from __future__ import annotations

from cjm_assistant.domain import edits
from cjm_assistant.store import Store
from cjm_assistant.tui.screens.item_form import ItemFormScreen
from tests.support.tui import make_app, open_saved, saved_map, settle, wait_for

SIZE = (120, 40)


async def test_saving_a_form_on_an_item_removed_elsewhere_keeps_the_form_and_says_why(tmp_path):
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        stage = next(s for s in app.session.journey.stages if s.pain_points)
        pain = stage.pain_points[0]
        app.push_screen(ItemFormScreen("pain_points", stage, pain))
        await wait_for(pilot, lambda: isinstance(app.screen, ItemFormScreen) and app.screen.query("#f-name"),
                       what="the edit form")
        with Store.open(db) as other:  # the CLI, meanwhile
            other.save_version(map_id, [edits.RemovePainPoint(pain_point=pain.id)], author="user",
                               message="removed elsewhere")
        app.session.changed_elsewhere(force=True)
        name = app.screen.query_one("#f-name")
        name.value = name.value + " at all"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, ItemFormScreen), "the form closed and took the typed edit with it"
        assert app.screen.query_one("#f-name").value == f"{pain.name} at all"
        said = " ".join(str(n.message) for n in app._notifications)
        assert f"“{pain.name}” is no longer on the map" in said and "Nothing was saved" in said
        assert pain.id not in said
        assert pain.id not in {p.id for _, p, _ in app.session.journey.items()}
