"""A journey map as JSON, and back.

``to_json`` is the pydantic dump of the map; ``from_json`` reads it (or any
hand-written or LLM-written map) back, and says in one line what is wrong when
it cannot: ``from_json(to_json(m)) == m`` always holds.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from cjm_assistant.domain.lanes import SCHEMA_VERSION

if TYPE_CHECKING:  # imported to read a map in; writing one (to_json) takes a read-only map too
    from cjm_assistant.domain.model import JourneyMap


class MapImportError(ValueError):
    """A file that is not a journey map; ``str()`` is one line for a person."""


def to_json(m: JourneyMap) -> str:
    return m.model_dump_json(indent=2) + "\n"


def from_json(text: str | bytes) -> JourneyMap:
    """Read a journey map from JSON text; raise :class:`MapImportError` if it is not one."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise MapImportError(f"the file is not UTF-8 text (byte {e.start})") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise MapImportError("the file is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise MapImportError(f"the file is not JSON: line {e.lineno}, column {e.colno}: {e.msg}") from None
    except RecursionError:
        raise MapImportError("the file is not a journey map: it is nested too deeply") from None
    except ValueError as e:  # e.g. a number of thousands of digits, which Python refuses to read
        if "integer string conversion" in str(e):
            raise MapImportError("the file is not a journey map: it holds a number thousands of digits long "
                                 "(the numbers on a map are small: an emotion is -2 to 2, a severity 1 to 3)") from None
        raise MapImportError(f"the file is not JSON: {e}") from None
    if not isinstance(data, dict):
        raise MapImportError(f"the file is not a journey map: expected a JSON object, found {_json_kind(data)}")
    version = data.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise MapImportError(
            f"the map was saved by a newer cjm-assistant (schema version {version}; this one reads {SCHEMA_VERSION})"
        )
    from pydantic import ValidationError

    from cjm_assistant.domain.model import JourneyMap, explain

    try:
        return JourneyMap.model_validate(data)
    except ValidationError as e:
        raise MapImportError(" ".join(f"the file is not a valid journey map: {explain(e)}".split())) from None
    except ValueError as e:  # a rule broken outside pydantic's own checks
        raise MapImportError(" ".join(f"the file is not a valid journey map: {e}".split())) from None


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return "a number"
