"""The checksum of a map's read head (schema steps m010, m011): what :mod:`.heads` writes with the head and
checks on every read, and what the schema's upgrade computes for heads saved before it. Nothing but the standard
library: ``cjm show`` imports it."""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable


def checksum(head: int, map_text: str, stage_texts: Iterable[str]) -> int:
    """The CRC-32 of a read head as :func:`read` reads it: the head version's number, ``maps.json``, and each
    stage row's JSON in order (zlib is built in: nothing to import for ``cjm show``)."""
    crc = zlib.crc32(f"{head}\n{map_text}".encode())
    for text in stage_texts:
        crc = zlib.crc32(b"\n" + text.encode(), crc)
    return crc


def stored_texts(conn: sqlite3.Connection, map_id: str) -> list[str | None]:
    """Each stage row's JSON as stored, in order."""
    return [text for (text,) in conn.execute("SELECT json FROM stages WHERE map_id = ? ORDER BY position",
                                             [map_id])]
