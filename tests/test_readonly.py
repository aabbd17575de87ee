"""A map read for showing, not changing: the head's JSON in the current-state tables, read without the model.

``cjm show`` and ``cjm export`` read the head as a ``ReadOnlyMap`` (no pydantic); these tests hold every
export of it to the export of the loaded model, and check when the store falls back to loading.
"""

from __future__ import annotations

import pytest

from cjm_assistant.domain.readonly import ReadOnlyMap
from cjm_assistant.export import FORMATS, export
from cjm_assistant.session import Session
from cjm_assistant.store import Store
from tests.support.export import hostile_map

TEXT_FORMATS = [name for name, fmt in FORMATS.items() if not fmt.binary]


@pytest.mark.parametrize("which", ["bakery", "hostile"])
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_every_text_export_of_the_read_head_is_the_export_of_the_model(tmp_db, bakery_map, which, fmt):
    journey = bakery_map if which == "bakery" else hostile_map()
    with Store.open(tmp_db) as store:
        map_id = store.create_map(journey).id
        head, read = store.read(map_id)
        assert head == 1 and isinstance(read, ReadOnlyMap)
        assert export(read, fmt) == export(store.load(map_id), fmt)


def test_the_read_head_follows_edits_undo_and_removed_stages(tmp_db, bakery_map):
    with Store.open(tmp_db) as store:
        map_id = store.create_map(bakery_map).id
        store.save_version(map_id, [{"op": "remove_stage", "stage": "Checkout"}], base=1)
        store.save_version(map_id, [{"op": "set_emotion", "stage": bakery_map.stages[0].id, "score": 2}], base=2)
        head, read = store.read(map_id)
        assert head == 3 and read.model_dump_json() == store.load(map_id).model_dump_json()
        store.undo(map_id)
        store.undo(map_id)
        head, read = store.read(map_id)
        assert head == 1 and read.model_dump_json() == bakery_map.model_dump_json()


def test_a_map_saved_before_the_json_columns_reads_none_until_its_head_moves(tmp_db, bakery_map):
    with Store.open(tmp_db) as store:
        map_id = store.create_map(bakery_map).id
        store.conn.execute("UPDATE maps SET json = NULL WHERE id = ?", [map_id])
        store.conn.execute("UPDATE stages SET json = NULL WHERE map_id = ?", [map_id])
        store.conn.commit()
        assert store.read(map_id) is None
        store.save_version(map_id, [{"op": "set_emotion", "stage": bakery_map.stages[0].id, "score": 2}], base=1)
        head, read = store.read(map_id)
        assert head == 2 and read.model_dump_json() == store.load(map_id).model_dump_json()


def test_a_read_only_map_cannot_be_changed(tmp_db, bakery_map):
    with Store.open(tmp_db) as store:
        _, read = store.read(store.create_map(bakery_map).id)
    with pytest.raises(AttributeError, match="read-only"):
        read.title = "x"
    with pytest.raises(AttributeError, match="read-only"):
        read.stages[0].name = "x"


def test_show_reads_the_head_without_loading_the_model_and_an_edit_still_sees_the_map(tmp_db, bakery_map):
    session = Session.start(str(tmp_db), engine="playbook")
    try:
        map_id = session.import_map(bakery_map, "test")
        session.use_map(map_id)
        text = session.show()
        assert session._journey is None and bakery_map.title in text
        assert session.journey.model_dump_json() == bakery_map.model_dump_json()  # loaded when asked for
        session.use_map(map_id)
        assert session.show(version=1) == text
    finally:
        session.close()
