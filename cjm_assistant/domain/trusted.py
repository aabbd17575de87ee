"""Maps this program wrote itself (the store's snapshots), read back without validating them again.

A map is validated where it comes in: an import, an engine's draft, an edit
(``edits.apply``). What the store wrote was such a map, dumped whole by
pydantic; reading it back through ``model_validate_json`` re-checked every
rule and re-cleaned every string (about 300 ms for a 24,000-item map). Here
the JSON is checked to be ours (the schema version, and every object with
exactly its model's fields, as ``model_dump`` writes them) and the models are
built from it directly; anything else (an older layout, a hand-edited row)
goes through full validation, as before.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import from_json

from cjm_assistant.domain.model import SCHEMA_VERSION, JourneyMap


class _NotOurs(Exception):
    """The JSON does not have the shape this version of the program writes."""


def load_map(text: str | bytes) -> JourneyMap:
    """The map in ``text`` (JSON written by ``JourneyMap.model_dump_json``): built directly when it is ours,
    validated in full otherwise (ValidationError or MapError when it is not a valid map at all)."""
    with paused_gc():
        try:
            data = from_json(text)  # pydantic-core's parser: a third faster than json.loads on a big map
            if isinstance(data, dict) and data.get("schema_version") == SCHEMA_VERSION:
                return _build(JourneyMap, data)
        except (_NotOurs, ValueError, TypeError, AttributeError):
            pass
        return JourneyMap.model_validate_json(text)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a map is built: it makes tens of thousands of objects, none in a cycle,
    and collections triggered on the way walk the whole growing heap again and again (loading 25,000 items cost
    three times as much per item as loading 5,000 with collection on, the same with it paused)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@cache
def _omitted(model: type[BaseModel]) -> dict[str, Any]:
    """The fields ``model_dump`` leaves out when empty (``exclude_if``), with the default each is read back as."""
    return {name: info for name, info in model.model_fields.items() if getattr(info, "exclude_if", None)}


@cache
def _plan(model: type[BaseModel]) -> tuple[frozenset[str], tuple[tuple[str, bool, type[BaseModel]], ...]]:
    """A model's field names, and its fields that hold models: (name, a list of them?, the model); a model with a
    ``model_post_init`` cannot be built without running it, so it is not ours to build."""
    if model.__pydantic_post_init__:
        raise _NotOurs
    nested = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if get_origin(annotation) is list:
            (inner,) = get_args(annotation)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                nested.append((name, True, inner))
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            nested.append((name, False, annotation))
    return frozenset(model.model_fields), tuple(nested)


def _build(model: type[BaseModel], data: Any) -> Any:
    """``model`` from its dumped fields, as ``model_construct`` would make it, without validating."""
    if type(data) is not dict:
        raise _NotOurs
    fields, nested = _plan(model)
    if data.keys() != fields:
        omitted = _omitted(model)
        missing = fields - data.keys()
        if not omitted or data.keys() - fields or not missing <= omitted.keys():
            raise _NotOurs
        for name in missing:  # left out by model_dump because empty (Business.inferred)
            data[name] = omitted[name].get_default(call_default_factory=True)
    for name, many, inner in nested:
        value = data[name]
        if many:
            if type(value) is not list:
                raise _NotOurs
            data[name] = [_build(inner, item) for item in value]
        else:
            data[name] = _build(inner, value)
    built = model.__new__(model)
    _set(built, "__dict__", data)
    _set(built, "__pydantic_fields_set__", set(fields))
    _set(built, "__pydantic_extra__", None)
    _set(built, "__pydantic_private__", None)
    return built


_set = object.__setattr__
