"""The conversation: every message said about a map or in an interview, and the interview state for resuming."""

from __future__ import annotations

import json

from cjm_assistant.domain.text import clean_text
from cjm_assistant.store.connection import Part, locked
from cjm_assistant.store.files import timestamp
from cjm_assistant.store.records import MessageRecord, StoreError

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from typing import Any

ROLES = ("user", "assistant", "system")


class Conversation(Part):
    @locked
    def add_message(self, role: str, content: str, map_id: str | None = None, interview: str | None = None,
                    meta: dict | None = None) -> MessageRecord:
        if role not in ROLES:
            raise StoreError(f"a message comes from {', '.join(ROLES)}, not {role!r}")
        created, content = timestamp(), clean_text(content)
        with self.connection.write():
            cursor = self.conn.execute(
                "INSERT INTO messages (map_id, interview, role, content, created, meta) VALUES (?, ?, ?, ?, ?, ?)",
                [map_id, interview, role, content, created, json.dumps(meta, ensure_ascii=False) if meta else None])
        return MessageRecord(cursor.lastrowid, map_id, interview, role, content, created, meta or None)

    @locked
    def messages(self, map_id: str | None = None, interview: str | None = None) -> list[MessageRecord]:
        """Messages of a map and/or an interview (both filters apply), oldest first."""
        where = [(c, v) for c, v in (("map_id", map_id), ("interview", interview)) if v is not None]
        sql = "SELECT id, map_id, interview, role, content, created, meta FROM messages"
        if where:
            sql += " WHERE " + " AND ".join(f"{c} = ?" for c, _ in where)
        rows = self.conn.execute(sql + " ORDER BY id", [v for _, v in where])
        return [MessageRecord(*r[:6], json.loads(r[6]) if r[6] else None) for r in rows]

    @locked
    def last_message(self, map_id: str) -> MessageRecord | None:
        """A map's newest message, or None (one row read, not the whole conversation)."""
        row = self.conn.execute("SELECT id, map_id, interview, role, content, created, meta FROM messages "
                                "WHERE map_id = ? ORDER BY id DESC LIMIT 1", [map_id]).fetchone()
        return MessageRecord(*row[:6], json.loads(row[6]) if row[6] else None) if row else None

    @locked
    def save_interview(self, interview_id: str, state: dict[str, Any], map_id: str | None = None) -> None:
        """Save the interview state for resuming; with ``map_id``, link it (and its messages) to the map."""
        now = timestamp()
        with self.connection.write():
            self.conn.execute(
                "INSERT INTO interviews (id, map_id, state, created, updated) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated = excluded.updated, "
                "map_id = coalesce(excluded.map_id, interviews.map_id)",
                [interview_id, map_id, json.dumps(state, ensure_ascii=False), now, now])
            if map_id is not None:
                self.conn.execute("UPDATE messages SET map_id = ? WHERE interview = ? AND map_id IS NULL",
                                  [map_id, interview_id])

    @locked
    def load_interview(self, interview_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT state FROM interviews WHERE id = ?", [interview_id]).fetchone()
        return json.loads(row[0]) if row else None

    @locked
    def latest_interview(self, unfinished: bool = True) -> dict[str, Any] | None:
        """The state of the most recently saved interview (by default one that has no map yet)."""
        where = "WHERE map_id IS NULL" if unfinished else ""
        sql = f"SELECT state FROM interviews {where} ORDER BY updated DESC, rowid DESC LIMIT 1"
        row = self.conn.execute(sql).fetchone()
        return json.loads(row[0]) if row else None

    @locked
    def unfinished_interviews(self, limit: int = 100) -> list[tuple[dict[str, Any], str]]:
        """Every interview that has no map yet, newest first, with when it was last saved: a new map started
        while one waited sets the waiting one aside, never out of reach."""
        sql = "SELECT state, updated FROM interviews WHERE map_id IS NULL ORDER BY updated DESC, rowid DESC LIMIT ?"
        return [(json.loads(state), updated) for state, updated in self.conn.execute(sql, [limit])]

    @locked
    def unfinished_count(self) -> int:
        """How many interviews have no map yet (without reading them)."""
        return self.conn.execute("SELECT count(*) FROM interviews WHERE map_id IS NULL").fetchone()[0]
