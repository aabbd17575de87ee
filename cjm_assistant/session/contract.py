"""What the parts of a session may use of it: two protocols, checked by ``tests/test_session_parts.py``.

:class:`SessionCore` is what a proposal's ``accept`` (:mod:`~cjm_assistant.session.proposals`) and an
export's context (:mod:`~cjm_assistant.session.context`) need: they are handed the session when they
run and name it by this protocol, so the import arrows run one way (session -> proposals -> contract).

:class:`SessionParts` adds what the parts :class:`~cjm_assistant.session.session.Session` is composed
of (turns, versions, maps, exports, insights) use of one another and of the shared state: each part's
methods type ``self`` by it, so the contract says in one place what a part may touch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from pathlib import Path

    from cjm_assistant.domain.edits import EditOp
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.engines.base import Engine
    from cjm_assistant.interview import Interview, Turn
    from cjm_assistant.store import MapRecord, Store, VersionRecord


class SessionCore(Protocol):
    store: Store
    engine: Engine
    journey: JourneyMap | None
    head: int | None
    map_id: str | None

    @property
    def accepted_by(self) -> str: ...

    def emit(self, kind: str, data: Any = None) -> None: ...

    def say(self, role: str, text: str, **meta: Any) -> str: ...

    def map_id_or_fail(self) -> str: ...

    def journey_or_fail(self) -> JourneyMap: ...

    def engine_call(self, call: Callable[[], Any]) -> Any: ...

    def edit(self, ops: list[EditOp], message: str, author: str = "user",
             preview: JourneyMap | None = None) -> int: ...

    def save_new_map(self, journey: JourneyMap, message: str) -> int: ...

    def save_evidence(self, ops: list[EditOp], rows: Iterable[dict[str, Any]], message: str,
                      preview: JourneyMap | None = None) -> int: ...

    def save_linked_map(self, journey: JourneyMap, derived_from: tuple[str, int], note: str) -> int: ...


class Acceptable(Protocol):
    """A proposal as the parts see it (:mod:`~cjm_assistant.session.proposals` names the session by this module,
    so this module does not name the proposals back)."""

    def accept(self, session: SessionCore, only: list[int] | None = None) -> int: ...


class SessionParts(SessionCore, Protocol):
    # the shared state (kept by session.py)
    interview: Interview | None
    _journey: JourneyMap | None  # the open map if loaded (``journey`` loads it)
    _data_version: int  # the store's data_version when the session last looked (see changed_elsewhere)
    _unclaimed_calls: list[tuple[int, dict[str, Any]]]  # model calls made before the map existed
    stage_focus: tuple[str | None, str | None]  # (the stage "that stage" means, the one selected at the last instruction)
    suggested: tuple[str, str, str] | None  # (instruction, name typed, name suggested) of the last "did you mean"

    def _commit(self) -> AbstractContextManager[None]: ...

    def _reload(self) -> None: ...

    # turns
    def start_interview(self) -> str: ...

    def _read_pending(self, cancel: Any = None) -> Turn: ...

    def _save_interview(self) -> None: ...

    def accept(self, proposal: Acceptable, only: list[int] | None = None) -> int: ...

    # versions
    def _walk(self, step: Callable[..., Any]) -> int | None: ...

    def changed_elsewhere(self, force: bool = False) -> VersionRecord | None: ...

    @staticmethod
    def describe_change(record: VersionRecord | None) -> str: ...

    def history(self) -> list[VersionRecord]: ...

    def load_ref(self, text: str) -> tuple[JourneyMap, str]: ...

    # maps
    def open_map(self, ref: str) -> JourneyMap: ...

    def use_map(self, ref: str) -> MapRecord: ...

    def import_map(self, journey: JourneyMap, source: str) -> str: ...

    # exports
    def shown(self, version: int | None = None, checked: bool = False) -> Any: ...



    def _damaged_head(self, map_id: str) -> None: ...

    def _export_to(self, journey: Any, fmt: str, path: str | Path | None, force: bool,
                   version: int | None) -> tuple[str | bytes, Path | None]: ...

    def _export(self, journey: JourneyMap, fmt: str, version: int | None) -> str | bytes: ...

    # insights
    def propose_future(self, opportunity_ids: list[str] | None = None) -> Acceptable: ...

    def _say_import(self, feedback: Any) -> None: ...
