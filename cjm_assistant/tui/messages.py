"""Messages the worker threads post to the app (``post_message`` is thread-safe).

Everything a worker reports travels through the app's one message queue, so
the screen sees session events and the end of a task in the order they
happened.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message


class SessionEvent(Message):
    """A session listener event ('said', 'map', 'applied', 'usage', 'error', 'proposal') or a 'notice'."""

    def __init__(self, kind: str, data: Any = None) -> None:
        super().__init__()
        self.kind = kind
        self.data = data


class Partial(Message):
    """A proposal or a reply as it streams: a partial map dict, an ops dict, or text so far."""

    def __init__(self, data: Any) -> None:
        super().__init__()
        self.data = data


class TaskDone(Message):
    """A task finished: ``result`` on success, ``error`` (an exception) otherwise."""

    def __init__(self, label: str, result: Any = None, error: BaseException | None = None,
                 said: list[str] | None = None) -> None:
        super().__init__()
        self.label = label
        self.result = result
        self.error = error
        self.said = said or []


class Loaded(Message):
    """The store, engine and session are ready (or ``error`` says why not)."""

    def __init__(self, session: Any = None, latest: dict | None = None, maps: int = 0, error: str = "") -> None:
        super().__init__()
        self.session = session
        self.latest = latest
        self.maps = maps
        self.error = error
