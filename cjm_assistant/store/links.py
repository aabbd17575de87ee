"""The links between maps: a future state and the version of the map it was made from."""

from __future__ import annotations

from cjm_assistant.store.connection import Part, locked
from cjm_assistant.store.files import timestamp
from cjm_assistant.store.records import dicts

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from typing import Any


class Links(Part):
    def add(self, map_id: str, source_id: str, source_version: int, relation: str, note: str) -> None:
        """Record that ``map_id`` was made from a version of ``source_id``, inside the caller's write transaction
        (``Store.create_linked_map``)."""
        self.conn.execute(
            "INSERT INTO links (map_id, source_id, source_version, relation, note, created) "
            "VALUES (?, ?, ?, ?, ?, ?)", [map_id, source_id, source_version, relation, note, timestamp()])

    @locked
    def links(self, map_id: str | None = None) -> list[dict[str, Any]]:
        """Links from or to a map (all links without one), oldest first."""
        sql = "SELECT map_id, source_id, source_version, relation, note, created FROM links"
        params: list[Any] = []
        if map_id is not None:
            sql += " WHERE map_id = ? OR source_id = ?"
            params = [map_id, map_id]
        return dicts(self.conn, sql + " ORDER BY id", params)
