"""What a proposal's ``accept`` and the insight functions need of a session.

:mod:`~cjm_assistant.session.proposals` and :mod:`~cjm_assistant.session.insights` are used by
:class:`~cjm_assistant.session.session.Session` and handed the session when they run; they name it by
this protocol, so the import arrows run one way (session -> proposals, insights -> contract) and the
contract says in one place what they may touch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from cjm_assistant.domain.edits import EditOp
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.engines.base import Engine
    from cjm_assistant.store import Store


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
