"""The SQLite store: maps, their versions (edit ops plus snapshots), the conversation, LLM calls and
evidence, in one file through sqlite-utils.

* :mod:`.store`: :class:`Store`, the API: maps and versions, and the others' methods handed on;
* :mod:`.conversation` and :mod:`.calls`: messages and interviews, the log of model calls;
* :mod:`.evidence` and :mod:`.links`: the evidence rows behind a map, the links between maps;
* :mod:`.connection`: the open file, its lock and write transactions;
* :mod:`.versions`: the SQL of versions (ops and snapshots) and of the current-state tables;
* :mod:`.schema`: the migrations; :mod:`.files`: checks, backups and error sentences;
* :mod:`.records`: what the store returns and raises.
"""

from __future__ import annotations

from cjm_assistant.store.records import MapRecord, MessageRecord, StaleVersionError, StoreError, VersionRecord
from cjm_assistant.store.store import Store

__all__ = ["MapRecord", "MessageRecord", "StaleVersionError", "Store", "StoreError", "VersionRecord"]
