"""The customer evidence behind a map: one row per part of an imported item, stamped with the version that
brought it, so that an undone import no longer counts and a redone one counts again."""

from __future__ import annotations

from cjm_assistant.store import versions
from cjm_assistant.store.connection import Part, locked
from cjm_assistant.store.files import timestamp
from cjm_assistant.store.records import StoreError, dicts

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

EVIDENCE_COLUMNS = ("source", "row", "text", "score", "date", "channel", "stage_id", "touchpoint_id",
                    "pain_point_id", "kind", "part", "part_text", "sentiment", "confidence", "placed", "reason",
                    "row_sentiment")


def _clean_row(row: dict[str, Any]) -> list[Any]:
    """An evidence row's values in column order, its texts (cells, a file name) without escapes or bidi
    controls: whoever reads the table later (sqlite3, Datasette, cjm) gets clean text."""
    from cjm_assistant.domain.text import strip_unsafe

    return [strip_unsafe(v) if isinstance(v, str) else v for v in (row.get(c) for c in EVIDENCE_COLUMNS)]


class EvidenceLog(Part):
    def add(self, map_id: str, rows: Iterable[dict[str, Any]], version: int) -> None:
        """Store evidence rows (dicts with some of :data:`EVIDENCE_COLUMNS`; streamed: rows may be a generator)
        as brought by ``version``, inside the caller's write transaction (``Store.save_version_with_evidence``)."""
        created = timestamp()
        self.conn.executemany(
            f"INSERT INTO evidence (map_id, {', '.join(EVIDENCE_COLUMNS)}, version, created) "
            f"VALUES (?, {', '.join('?' * len(EVIDENCE_COLUMNS))}, ?, ?)",
            ((map_id, *_clean_row(row), version, created) for row in rows))

    @locked
    def evidence(self, map_id: str, version: int | None = None, pain_point: str | None = None,
                 stage: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
        """Evidence rows (one per part of an item) behind a version of a map (the head by default), in import
        order.

        Only rows imported by versions on the path to that version count: an
        undone import drops out, a redone one comes back; of a part stored by
        several of them (reassigned), the latest counts.
        """
        parents = versions.parents(self.conn, map_id)
        number = versions.head(self.conn, map_id) if version is None else version
        if number not in parents:
            raise StoreError(f"map {map_id} has no version {number}")
        path = versions.path_to(parents, number)
        sql = (f"SELECT id, {', '.join(EVIDENCE_COLUMNS)}, version, created FROM evidence WHERE map_id = ? "
               f"AND version IN ({', '.join('?' * len(path))})")
        params: list[Any] = [map_id, *path]
        rows = dicts(self.conn, sql + " ORDER BY id", params)
        latest: dict[tuple, dict[str, Any]] = {}
        for row in rows:
            latest[(row["source"], row["row"], row["part"] or 1)] = row
        if len(latest) < len(rows):
            keep = {id(r) for r in latest.values()}
            rows = [r for r in rows if id(r) in keep]
        for column, value in (("pain_point_id", pain_point), ("stage_id", stage), ("kind", kind)):
            if value is not None:
                rows = [r for r in rows if r[column] == value]
        return rows
