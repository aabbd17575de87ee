"""How a user names a map or one of its versions, the same in the CLI and the TUI.

* ``sweet`` or ``m3f2a1``: a map, by the start of its title or its id (its current version);
* ``sweet@3`` or ``sweet@v3``: version 3 of that map;
* ``3`` or ``v3`` alone (where a map is open): version 3 of the open map.
"""

from __future__ import annotations

from collections import namedtuple

from cjm_assistant.domain.errors import EditError


class Ref(namedtuple("Ref", "map version")):
    """``map``: "" for the open map; ``version``: None for the current version."""

    __slots__ = ()


def _number(text: str) -> int | None:
    text = text.strip().lower().removeprefix("v")
    return int(text) if text.isdigit() and len(text) <= 9 else None


def parse_ref(text: str, *, open_map: bool = False) -> Ref:
    """Read ``MAP``, ``MAP@3``, ``MAP@v3``, or (with ``open_map``) a bare ``3``/``v3``."""
    text = text.strip()
    if not text:
        raise EditError("name a map: its id or the start of its title (see `cjm list`)")
    if open_map and _number(text) is not None:
        return Ref("", _number(text))
    if "@" in text:
        name, _, version = text.rpartition("@")
        number = _number(version)
        if number is None or not name.strip():
            raise EditError(f"{text!r}: a version is a number, e.g. {name.strip() or 'MAP'}@3")
        return Ref(name.strip(), number)
    return Ref(text, None)
