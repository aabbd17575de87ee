"""The SQLite store: maps, their versions (edit ops plus snapshots), the conversation, LLM calls and
evidence, in one file through sqlite-utils."""

from __future__ import annotations

from cjm_assistant.store.schema import MapRecord, MessageRecord, StaleVersionError, StoreError, VersionRecord
from cjm_assistant.store.store import Store

__all__ = ["MapRecord", "MessageRecord", "StaleVersionError", "Store", "StoreError", "VersionRecord"]
