"""The log of model calls (tokens, cost, time and outcome of each, for `cjm` to total per map), and which
structured-output format each model and server took."""

from __future__ import annotations


from cjm_assistant.domain.text import clean_text, redact
from cjm_assistant.store.connection import Part, locked
from cjm_assistant.store.files import timestamp

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from typing import Any


class CallLog(Part):
    @locked
    def record_llm_call(self, model: str, purpose: str = "", prompt_tokens: int = 0, completion_tokens: int = 0,
                        cost: float = 0.0, latency_ms: int = 0, outcome: str = "ok", error: str | None = None,
                        map_id: str | None = None) -> int:
        with self.connection.write():
            cursor = self.conn.execute(
                "INSERT INTO llm_calls (map_id, model, purpose, prompt_tokens, completion_tokens, cost, latency_ms, "
                "outcome, error, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [map_id, model, purpose, int(prompt_tokens or 0), int(completion_tokens or 0), float(cost or 0.0),
                 int(latency_ms or 0), outcome, None if error is None else clean_text(error), timestamp()])
        return cursor.lastrowid

    @locked
    def llm_totals(self, map_id: str | None = None) -> dict[str, Any]:
        """{calls, errors, prompt_tokens, completion_tokens, tokens, cost} over all calls or one map's."""
        row = self.conn.execute(
            "SELECT count(*), coalesce(sum(outcome != 'ok'), 0), coalesce(sum(prompt_tokens), 0), "
            "coalesce(sum(completion_tokens), 0), coalesce(sum(cost), 0.0) FROM llm_calls"
            + (" WHERE map_id = ?" if map_id is not None else ""), [map_id] if map_id is not None else []).fetchone()
        calls, errors, prompt, completion, cost = row
        return {"calls": calls, "errors": errors, "prompt_tokens": prompt, "completion_tokens": completion,
                "tokens": prompt + completion, "cost": cost}

    @locked
    def claim_llm_calls(self, call_ids: list[int], map_id: str) -> None:
        """Attach calls made before a map existed (the interview, the first draft) to that map."""
        if not call_ids:
            return
        with self.connection.write():
            self.conn.execute(f"UPDATE llm_calls SET map_id = ? WHERE map_id IS NULL AND id IN "
                              f"({', '.join('?' * len(call_ids))})", [map_id, *call_ids])

    @locked
    def model_format(self, model: str, api_base: str | None = None) -> str | None:
        """The structured-output format remembered for ``model`` at ``api_base``, or None."""
        row = self.conn.execute("SELECT format FROM model_formats WHERE model = ? AND api_base = ?",
                                [model, redact(api_base or "")]).fetchone()
        return row[0] if row else None

    @locked
    def remember_model_format(self, model: str, api_base: str | None, fmt: str) -> None:
        """Remember that ``model`` at ``api_base`` takes ``fmt`` (see schema.m008_model_formats).

        The server is stored by its redacted address (:func:`~cjm_assistant.domain.text.redact`): a password
        or a ``?token=`` in ``--api-base`` never reaches the database."""
        with self.connection.write():
            self.conn.execute(
                "INSERT INTO model_formats (model, api_base, format, updated) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (model, api_base) DO UPDATE SET format = excluded.format, updated = excluded.updated",
                [model, redact(api_base or ""), fmt, timestamp()])
