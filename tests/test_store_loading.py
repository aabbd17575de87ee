"""Stored maps load without being validated again, and fall back to full validation when they are not ours.

A snapshot is a map the program validated and wrote itself; reading it back
builds the models directly (``domain.trusted``). These tests hold that path to
the answer full validation gives, and count (never time) what loading does.
"""

from __future__ import annotations

import json
import zlib

import pytest
from hypothesis import given
from pydantic import ValidationError

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.domain.trusted import load_map
from cjm_assistant.store import Store, StoreError
from tests.support.export import hostile_map
from tests.test_export import PROPERTY, maps


def same(a: JourneyMap, b: JourneyMap) -> bool:
    return a == b and a.model_dump_json() == b.model_dump_json() and a.model_fields_set == b.model_fields_set


@PROPERTY
@given(maps())
def test_a_map_written_by_the_program_loads_back_as_full_validation_would(m):
    text = m.model_dump_json()
    assert same(load_map(text), JourneyMap.model_validate_json(text))


def test_the_bakery_and_a_hostile_map_load_back_equal(bakery_map):
    for journey in (bakery_map, hostile_map()):
        text = journey.model_dump_json().encode()
        loaded = load_map(text)
        assert same(loaded, JourneyMap.model_validate_json(text)) and loaded == journey


def test_json_of_another_layout_is_validated_in_full(bakery_map):
    data = json.loads(bakery_map.model_dump_json())
    del data["stages"][0]["touchpoints"][0]["team"]  # an older program that had no teams
    data["stages"][1]["name"] = "  Consider\u202e  "  # and text nobody cleaned
    loaded = load_map(json.dumps(data))
    assert loaded.stages[0].touchpoints[0].team == "" and loaded.stages[1].name == "Consider"


def test_a_newer_schema_version_is_validated_in_full(bakery_map):
    data = json.loads(bakery_map.model_dump_json()) | {"schema_version": 99}
    assert load_map(json.dumps(data)).schema_version == 99  # as model_validate_json reads it


def test_json_that_breaks_the_rules_is_refused(bakery_map):
    data = json.loads(bakery_map.model_dump_json())
    data["stages"][0]["touchpoints"][0]["channel"] = "Pigeon post"
    data["schema_version"] = 0
    with pytest.raises(ValidationError, match="Pigeon post"):
        load_map(json.dumps(data))
    with pytest.raises(ValidationError):
        load_map(b"not json")


def test_loading_from_the_file_does_not_validate_the_snapshot(tmp_db, bakery_map, monkeypatch):
    with Store.open(tmp_db) as store:
        map_id = store.create_map(bakery_map).id
        store.save_version(map_id, [{"op": "set_emotion", "stage": "Checkout", "score": -2}], base=1)
    validated = []
    real = JourneyMap.model_validate_json
    monkeypatch.setattr(JourneyMap, "model_validate_json", lambda *a, **k: validated.append(1) or real(*a, **k))
    with Store.open(tmp_db) as cold:
        loaded = cold.load(map_id)
    assert validated == [] and loaded.stages[2].emotion == -2


def test_a_damaged_snapshot_is_a_sentence(tmp_db, bakery_map):
    with Store.open(tmp_db) as store:
        map_id = store.create_map(bakery_map).id
        store.conn.execute("UPDATE versions SET snapshot = ? WHERE map_id = ?",
                           [zlib.compress(b'{"schema_version": 1, "title": ""}'), map_id])
        store.conn.commit()
    with Store.open(tmp_db) as cold, pytest.raises(StoreError, match="cannot be read"):
        cold.load(map_id)
