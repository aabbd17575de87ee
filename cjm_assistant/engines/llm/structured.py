"""Structured replies: the JSON in what a model said, read leniently, and the loop that asks until it fits.

Reading a reply (:func:`loads_lenient`):

* the document is found in the text: a BOM, ```json fences and prose around
  it are skipped, brackets are matched outside strings, and of several
  bracketed spans the longest that parses wins (``Step [1]: {...}`` gives the
  object);
* it is parsed by ``pydantic_core.from_json``; when that fails, again after
  the small repairs that models need and JSON parsers do not make: trailing
  commas, Python's ``True``/``False``/``None``, raw control characters in
  strings;
* a document that ends before its brackets close is read with
  ``from_json(allow_partial="trailing-strings")``: the open brackets are
  closed, an unfinished string value is kept as far as it got, a dangling
  key or literal is dropped. :class:`JsonReplyError` (kind ``truncated``)
  carries that value in ``partial``.

Streaming: :class:`PartialJsonParser` reads the reply received so far, and
:class:`PartialWatcher` hands a UI the items of one list (the stages, the
ops) as each one completes.

Asking: :func:`ask` sends a prompt with the schema, reads and validates the
reply, and asks again with the problem ("Your last reply did not fit: ...")
up to ``max_retries`` times, within one deadline; the LLM engine and the
evidence classifier both go through it.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_core import from_json

from cjm_assistant.domain.edits import EditError
from cjm_assistant.domain.model import MapError, explain
from cjm_assistant.engines.base import EngineError, PartialCallback, check_cancel
from cjm_assistant.engines.llm import prompts
from cjm_assistant.engines.llm.client import OVERRUN, LLMClient, Reply
from cjm_assistant.engines.llm.errors import Unusable, max_tokens_option, switch

__all__ = ["JsonReplyError", "PartialJsonParser", "PartialWatcher", "ask", "drop_unfinished", "extract_json",
           "loads_lenient", "read_reply"]

NO_JSON = "the reply contained no JSON"
TRUNCATED = "the reply was cut off in the middle of the JSON"
INVALID = "the reply's JSON is malformed"
PARTIAL_EVERY_CHARS = 200
PARTIAL_EVERY_S = 0.05

T = TypeVar("T")


class JsonReplyError(ValueError):
    """The reply holds no usable JSON. ``reason`` is a short sentence, ``kind`` one of no_json,
    truncated, invalid; ``partial`` is what a truncated document held."""

    def __init__(self, reason: str, *, kind: str = "invalid", partial: Any = None, detail: str | None = None):
        super().__init__(f"{reason} ({detail})" if detail else reason)
        self.reason = reason
        self.kind = kind
        self.partial = partial


# ---------------------------------------------------------------------------
# Finding the document

# A complete string, a bracket, or a lone quote (an unterminated string: no closing quote follows).
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]|"', re.S)
_OPEN = re.compile(r"[\[{]")
_FENCE = re.compile(r"```[ \t]*[\w+.-]*[ \t]*\r?\n(.*?)(?:\r?\n[ \t]*```|\Z)", re.S)
_MAX_CANDIDATES = 64


def _end_of(text: str, start: int, stop: int) -> int | None:
    """The index after the bracket that closes the one at ``start``; None when the text ends first."""
    depth = 0
    for m in _TOKEN.finditer(text, start, stop):
        token = m.group()
        if token == '"':
            return None
        if token in "[{":
            depth += 1
        elif token in "]}":
            depth -= 1
            if depth == 0:
                return m.end()
    return None


def _best_in(text: str, lo: int, hi: int) -> tuple[int, int, bool, bool] | None:
    """(start, end, complete, parses) of the best candidate between ``lo`` and ``hi``.

    The longest complete span that parses, unless a document cut off at the
    end is longer; else the first complete span, to be reported as malformed.
    """
    best = unparsed = None
    pos = lo
    for _ in range(_MAX_CANDIDATES):
        m = _OPEN.search(text, pos, hi)
        if m is None:
            break
        end = _end_of(text, m.start(), hi)
        if end is None:  # cut off: everything after it is inside it
            if best is None or hi - m.start() > best[1] - best[0]:
                return m.start(), hi, False, False
            break
        if _parses(text[m.start():end]):
            if best is None or end - m.start() > best[1] - best[0]:
                best = (m.start(), end)
        elif unparsed is None:
            unparsed = (m.start(), end)
        pos = end
    if best is not None:
        return *best, True, True
    return None if unparsed is None else (*unparsed, True, False)


def _document(text: str) -> tuple[int, int, bool] | None:
    """(start, end, complete) of the JSON document in a reply, looking inside a fence first."""
    fence = next((m for m in _FENCE.finditer(text) if _OPEN.search(m.group(1))), None)
    regions = ([fence.span(1)] if fence else []) + [(0, len(text))]
    fallback = None
    for lo, hi in regions:
        found = _best_in(text, lo, hi)
        if found is not None and found[3]:
            return found[:3]
        fallback = fallback or found
    return None if fallback is None else fallback[:3]


def extract_json(text: str) -> str:
    """The JSON document in a reply, from its first bracket to the one that closes it (or to the end)."""
    found = _document(text)
    if found is None:
        raise JsonReplyError(NO_JSON, kind="no_json")
    start, end, complete = found
    document = text[start:end]
    return document if complete else document.rstrip().removesuffix("```").rstrip()


# ---------------------------------------------------------------------------
# Parsing, with the small repairs

# Strings (complete, or unterminated at the very end) are kept, their raw control characters
# escaped; outside them trailing commas go and Python's literals become JSON's.
_REPAIR = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z))|,(?=\s*[}\]])|\b(True|False|None)\b', re.S)
_PYTHON = {"True": "true", "False": "false", "None": "null"}
_CONTROL = re.compile(r"[\x00-\x1f]")


def _repaired(text: str) -> str:
    def fix(m: re.Match) -> str:
        if m.group(1) is not None:
            return _CONTROL.sub(lambda c: f"\\u{ord(c.group()):04x}", m.group(1))
        return _PYTHON[m.group(2)] if m.group(2) else ""

    return _REPAIR.sub(fix, text)


def _parse(document: str) -> tuple[Any, bool]:
    """(value, complete): the document parsed, repaired if need be, and read partially if it
    ends early. ValueError when it is not JSON even so."""
    try:
        return _from_json(document)
    except ValueError as error:
        repaired = _repaired(document)
        if repaired == document:
            raise
        try:
            return _from_json(repaired)
        except ValueError:
            raise error from None


def _from_json(text: str) -> tuple[Any, bool]:
    try:
        return from_json(text), True
    except ValueError as e:
        if not str(e).startswith("EOF while parsing"):
            raise
    return from_json(text, allow_partial="trailing-strings"), False


def _parses(document: str) -> bool:
    try:
        _parse(document)
    except ValueError:
        return False
    return True


def loads_lenient(text: str, *, allow_truncated: bool = False) -> Any:
    """The JSON value in a model's reply. JsonReplyError when there is none, when it is malformed,
    or when it was cut off (kind ``truncated``, the value so far in ``partial``) unless ``allow_truncated``."""
    document = extract_json(text)
    try:
        value, complete = _parse(document)
    except ValueError as e:
        raise JsonReplyError(INVALID, kind="invalid", detail=str(e)) from None
    if not complete and not allow_truncated:
        raise JsonReplyError(TRUNCATED, kind="truncated", partial=value)
    return value


# ---------------------------------------------------------------------------
# Streaming


class PartialJsonParser:
    """Reads a streamed reply as it grows: ``feed(chunk)`` gives the value so far, or None.

    Once a document has started (and reads as the beginning of one), it is
    the document: later calls parse from there without looking for it again.
    """

    def __init__(self) -> None:
        self.text = ""
        self._start: int | None = None

    def feed(self, chunk: str) -> Any:
        self.text += chunk
        return self.value()

    def value(self) -> Any:
        start = self._start
        if start is None:
            found = _document(self.text)
            if found is None:
                return None
            start = found[0]
        text = self.text[start:]
        try:
            # Partial reading also ignores what follows a complete document (the prose after it).
            value = from_json(text, allow_partial="trailing-strings")
        except ValueError:
            try:
                value = from_json(_repaired(text), allow_partial="trailing-strings")
            except ValueError:
                return None
        self._start = start
        return value


class PartialWatcher:
    """Watches a streamed reply and calls ``on_partial`` when more of ``key``'s items are complete:
    the dict received so far, with only complete items under ``key``.

    An item is complete once the next one has started, once anything after
    the list has arrived, or when the reply has ended. The reply is parsed
    only after a bracket arrived and 200 characters or 50 ms passed.
    """

    def __init__(self, key: str, on_partial: PartialCallback):
        self.key = key
        self.on_partial = on_partial
        self.reset()

    def reset(self) -> None:
        self.parser = PartialJsonParser()
        self.fed = 0
        self.shown = 0
        self.last = 0.0

    def __call__(self, text: str, force: bool = False) -> None:
        new = text[self.fed:]
        if not new or ("}" not in new and "{" not in new and "]" not in new):
            return
        now = time.monotonic()
        if not force and len(new) < PARTIAL_EVERY_CHARS and now - self.last < PARTIAL_EVERY_S:
            return
        self.fed, self.last = len(text), now
        data = self.parser.feed(new)
        if not isinstance(data, dict) or not isinstance(data.get(self.key), list):
            return
        items = data[self.key]
        keys = list(data)
        done = len(items) if force or keys.index(self.key) < len(keys) - 1 else len(items) - 1
        complete = [item for item in items[:max(done, 0)] if isinstance(item, dict)]
        if len(complete) > self.shown:
            self.shown = len(complete)
            self.on_partial({**data, self.key: complete})


# ---------------------------------------------------------------------------
# Asking until the reply fits


def read_reply(reply: Reply, allow_cut: bool = False) -> tuple[Any, str | None]:
    """The reply's JSON, and a note when it had to be closed. Unusable, or EngineError(truncated)
    when the model hit its output limit before the JSON was complete (with ``allow_cut``: what it finished,
    without the item it was writing, and a note saying so)."""
    try:
        return loads_lenient(reply.text), None
    except JsonReplyError as e:
        if reply.finish_reason == OVERRUN:  # the server did not stop at max_tokens: cjm stopped reading
            if allow_cut and e.kind == "truncated" and e.partial not in (None, {}, []):
                return drop_unfinished(e.partial), OVERRUN_NOTE
            raise EngineError(
                "The model's reply was cut: it went on past the output limit cjm asked for (its server did not "
                "stop it there), so cjm stopped reading it before its JSON was complete. Nothing was changed; "
                f"try again, ask for less, {switch()}.", kind="truncated") from None
        if reply.finish_reason == "length":
            if allow_cut and e.kind == "truncated" and e.partial not in (None, {}, []):
                return drop_unfinished(e.partial), CUT_NOTE
            raise EngineError(
                "The model's reply was cut off at its output limit before the JSON was complete. Ask for a "
                f"smaller change, raise {max_tokens_option()}, {switch()}.", kind="truncated") from None
        if e.kind == "truncated" and e.partial is not None:
            # The model stopped on its own with brackets left open: closing them is a safe repair.
            return e.partial, BROKE_NOTE
        raise Unusable(f"{e.reason}; reply with one JSON object") from None


BROKE_NOTE = "The model's JSON ended early and was closed by repair; check the last stage."
CUT_NOTE = "cut off at the model's output limit: the parts it finished are kept"
OVERRUN_NOTE = "cut: the model went on past the output limit asked for, so cjm stopped reading; the parts it " \
               "finished are kept"


def drop_unfinished(value: Any) -> Any:
    """A cut-off document's value without the item being written when it stopped: the last item of the
    innermost list it was in, else the last field of the object it was in."""
    path: list[tuple[Any, Any]] = []
    node = value
    while isinstance(node, (dict, list)) and node:
        key = next(reversed(node)) if isinstance(node, dict) else len(node) - 1
        path.append((node, key))
        node = node[key]
    for container, key in reversed(path):
        if isinstance(container, list):
            container.pop()
            return value
    if path:
        container, key = path[-1]
        del container[key]
    return value


def ask(client: LLMClient, purpose: str, prompt: str, schema: dict, name: str, validate: Callable[[Any], T], *,
        watcher: PartialWatcher | None = None, cancel: threading.Event | None = None,
        max_tokens: int | None = None, repaired: list[str] | None = None, step: str = "",
        allow_cut: bool = False) -> T:
    """Ask for JSON matching ``schema`` (called ``name``) and return what ``validate`` makes of it.

    ``validate`` raises Unusable, a ValidationError, an EditError or a MapError
    for a reply that does not fit; the problem goes back to the model, up to
    ``max_retries`` times (at once, for an Unusable whose ``fix`` is ""), and
    then EngineError(bad_output). Notes about repaired replies go to ``repaired``.

    A retry sends the request again with the problem added to it: not the bad
    reply, which may be long (the prompt stays as small as the first one). The
    step, retries included, ends with the request's time (:meth:`LLMClient.request`; then
    :class:`DeadlineExceeded`); ``step`` names it in progress reports. With
    ``allow_cut`` a reply cut off at ``max_tokens`` is validated as far as it got.
    """
    system = prompts.system_prompt()
    schema_prompt = prompts.schema_instructions(schema)
    until = getattr(client, "until", None)  # the request's time limit (LLMClient.request), else one of its own
    deadline = until if until is not None else time.monotonic() + float(getattr(client.settings, "deadline", None)
                                                                        or 1e9)
    fixes = 0
    fix: str | None = None
    broke = False  # whether the last reply ended before its JSON was complete (a stream cut, half an object)
    while True:
        check_cancel(cancel)
        if watcher is not None:
            watcher.reset()
        messages = [{"role": "system", "content": system},
                    {"role": "user", "content": prompt if fix is None else f"{prompt}\n\n{fix}"}]
        reply = client.complete(messages, purpose=purpose, schema=schema, schema_name=name,
                                schema_prompt=schema_prompt, on_text=watcher, cancel=cancel, max_tokens=max_tokens,
                                deadline=deadline, step=step)
        if watcher is not None:
            watcher(reply.text, force=True)  # the tail the throttle held back
        note = None
        try:
            data, note = read_reply(reply, allow_cut)
            result = validate(data)
        except EngineError as e:  # cut off at the output limit, or refused for good
            client.report(reply, "error", f"{e.kind}: {e}")
            raise
        except Unusable as e:
            problem, fix = e.problem, e.fix
        except ValidationError as e:
            problem, fix = explain(e), None
        except (EditError, MapError) as e:
            problem, fix = str(e), None
        else:
            client.report(reply)
            if note and repaired is not None:
                repaired.append(f"{step or purpose}: {note}" if note in (CUT_NOTE, OVERRUN_NOTE) else note)
            return result
        client.report(reply, "bad_output", f"bad_output: {problem}")
        broke = note == BROKE_NOTE
        if fixes >= client.settings.max_retries or fix == "" or time.monotonic() >= deadline:
            if broke:  # not a reply that said the wrong thing: one that never finished saying it
                error = EngineError(
                    f"The model's reply was cut off before it was complete, so it could not be read "
                    f"({fixes + 1} {'try' if fixes == 0 else 'tries'}). Nothing was saved; try again, {switch()}.",
                    kind="bad_output")
                error.reason = "its reply was cut off before it was complete"
                error.broken = True
                raise error
            error = EngineError(
                f"The model's reply did not fit the expected format after {fixes + 1} "
                f"{'try' if fixes == 0 else 'tries'} ({_short(problem)}). Nothing was saved; try again, "
                f"rephrase, {switch()}.", kind="bad_output")
            error.reason = _short(problem)  # what was wrong, without the advice (drafting.py quotes it)
            raise error
        fixes += 1
        fix = fix or prompts.fix_message(problem)


def _short(text: str, limit: int = 300) -> str:
    """``text`` up to ``limit`` characters, cut at a word's end (never mid-word) with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit].rsplit(" ", 1)[0].rstrip(" ,;:(") + "…"
