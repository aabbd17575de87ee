"""The head of every map in the current-state tables: its rows, and its JSON for reading without the model.

The ``stages``, ``touchpoints``, ``pain_points`` and ``opportunities`` tables hold one row per item of
each map's head (:data:`schema.CURRENT_STATE`); ``stages.json`` holds each stage whole, and
``maps.json`` the rest of the map (its stages left empty), as pydantic writes them. A head moves by
writing only the rows that changed (``versions.write_rows``); an edit shares the stages it does not
touch with the map it came from, so their rows are made once (:class:`Rows`, by stage object).

:func:`read` rebuilds the head from that JSON as a :class:`~cjm_assistant.domain.readonly.ReadOnlyMap`
without importing pydantic (for ``cjm show`` and ``cjm export``); a file from before the JSON columns
(schema step m009) reads None until its map's head next moves, and the caller loads the model instead.
The head is written with a checksum of what a read reads (:func:`checksum`, schema step m010); a read
that finds other text (rows changed with sqlite3, a bad disk) does not use it, and the caller loads
the head from the versions, which are the authority.
"""

from __future__ import annotations

import json
import sqlite3

from cjm_assistant.store.checksum import checksum, stored_texts  # noqa: F401 - part of this module's interface
from cjm_assistant.store.schema import CURRENT_STATE

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from cjm_assistant.domain.model import JourneyMap, Stage
    from cjm_assistant.domain.readonly import ReadOnlyMap

Table = dict[str, tuple]  # {item id: column values}


class Rows:
    """The current-state rows of maps, {table: {item id: column values}}, made once per stage object."""

    def __init__(self) -> None:
        self._stages: dict[int, tuple[Stage, dict[str, Table], tuple]] = {}

    def of(self, journey: JourneyMap) -> dict[str, Table]:
        rows: dict[str, Table] = {table: {} for table in CURRENT_STATE}
        used: dict[int, tuple[Stage, dict[str, Table], tuple]] = {}
        for position, stage in enumerate(journey.stages, 1):
            known = self._stages.get(id(stage))
            if known is None or known[0] is not stage:
                known = (stage, _item_rows(stage), (stage.name, stage.goal, stage.emotion, stage.provenance,
                                                    stage.model_dump_json()))
            used[id(stage)] = known
            rows["stages"][stage.id] = (position, *known[2])
            for table, items in known[1].items():
                rows[table].update(items)
        self._stages = {**self._stages, **used} if len(self._stages) < 4 * len(used) + 64 else used
        return rows


def _item_rows(stage: Stage) -> dict[str, Table]:
    sid = stage.id
    return {
        "touchpoints": {tp.id: (sid, i, tp.name, tp.channel, tp.team, tp.provenance)
                        for i, tp in enumerate(stage.touchpoints, 1)},
        "pain_points": {pp.id: (sid, pp.touchpoint or None, i, pp.name, pp.description, pp.severity, pp.mentions,
                                pp.provenance) for i, pp in enumerate(stage.pain_points, 1)},
        "opportunities": {op.id: (sid, i, op.name, op.description, op.impact, op.effort, json.dumps(op.addresses),
                                  op.provenance) for i, op in enumerate(stage.opportunities, 1)},
    }


def map_json(journey: JourneyMap) -> str:
    """The map's JSON with its stages left empty (they are in the stages rows)."""
    return journey.model_copy(update={"stages": []}).model_dump_json()


def intact(conn: sqlite3.Connection, map_id: str) -> bool:
    """Whether a map's read head is as it was written (its checksum matches); False when it has none."""
    row = conn.execute("SELECT head, json, checksum FROM maps WHERE id = ?", [map_id]).fetchone()
    if row is None or row[1] is None or row[2] is None:
        return False
    texts = stored_texts(conn, map_id)
    return None not in texts and checksum(row[0], row[1], texts) == row[2]  # type: ignore[arg-type]


def read(conn: sqlite3.Connection, map_id: str) -> tuple[int, ReadOnlyMap | None] | None:
    """(head version, the head as a read-only map) from the current-state JSON, as it was validated when saved.

    None when the map has no such JSON (saved before schema step m009). The map is None when the read head is
    damaged: it has no checksum (every head has one since m011), its checksum does not match the text read, a
    row lacks its JSON, the version it copies is gone, or the JSON does not parse (the caller then loads the
    head from the versions).
    """
    row = conn.execute("SELECT head, json, checksum FROM maps WHERE id = ?", [map_id]).fetchone()
    if row is None or row[1] is None:
        return None
    head, text, stored = row
    stages = stored_texts(conn, map_id)
    # Every read head has its checksum since schema step m011: one without was changed outside cjm; and the
    # version it copies must still be there (else every export says so, not only those that read the versions).
    if stored is None or None in stages or checksum(head, text, stages) != stored \
            or not conn.execute("SELECT 1 FROM versions WHERE map_id = ? AND number = ?", [map_id, head]).fetchone():
        return head, None
    from cjm_assistant.domain.readonly import ReadOnlyMap

    try:
        data = json.loads(text)
        data["stages"] = [json.loads(stage) for stage in stages]  # type: ignore[arg-type]
        return head, ReadOnlyMap(data)
    except (ValueError, TypeError, AttributeError):  # not JSON, or not an object where one is needed
        return head, None
