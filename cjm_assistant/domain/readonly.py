"""A map to show, not to change: plain objects over the JSON the store keeps of a map's head; no pydantic.

``cjm show`` and ``cjm export`` print a map and exit. Importing pydantic and building the models takes
longer than everything else they do (some 130 ms against 10 ms for Python to start), so the store
keeps the head of every map as JSON in its current-state tables (written by pydantic, from a valid
map) and these commands read it into a :class:`ReadOnlyMap`: every field as an attribute, the
traversals of ``JourneyMap`` (:class:`~cjm_assistant.domain.lanes.MapWalk`), and the JSON export.
The exports read a map through its fields only, so they take either. Anything that changes a map,
checks it or diffs it loads the real model.
"""

from __future__ import annotations

import json

from cjm_assistant.domain.lanes import MapWalk

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from typing import Any


class Part:
    """One part of a map (a stage, a touchpoint, the business...): its fields as attributes, read-only."""

    def __init__(self, data: dict[str, Any]) -> None:
        for key, value in data.items():
            if type(value) is dict:
                data[key] = Part(value)
            elif type(value) is list and value and type(value[0]) is dict:
                data[key] = [Part(item) for item in value]
        object.__setattr__(self, "__dict__", data)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a read-only map cannot be changed (set {name!r})")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


class ReadOnlyMap(MapWalk, Part):
    """A whole map from its JSON data (as ``JourneyMap.model_dump(mode="json")`` gives it)."""

    def model_dump_json(self, *, indent: int | None = None) -> str:
        """The map's JSON as pydantic writes it for the model (the JSON export calls this)."""
        return json.dumps(_plain(self), ensure_ascii=False, indent=indent,
                          separators=None if indent is not None else (",", ":"))


def _plain(value: Any) -> Any:
    if isinstance(value, Part):
        return {key: _plain(item) for key, item in value.__dict__.items()}
    if type(value) is list:
        return [_plain(item) for item in value]
    return value
