"""Structured replies: the JSON in what a model said, read leniently, and the loop that asks until it fits.

Reading (stdlib only)
---------------------
extract_json(text) -> str
    The JSON document inside a reply: strips a BOM, ```json fences and prose
    around it; returns the text from the first ``{``/``[`` to its matching
    close (or to the end when the reply was cut off).
repair_json(text) -> str
    Safe repairs only: trailing commas, Python ``True``/``False``/``None``
    outside strings, and closing of a truncated document (open string,
    dangling key, partial literal, open arrays/objects).
loads_lenient(text, *, allow_truncated=False) -> object
    extract + json.loads, falling back to repair_json.  A cut-off document
    raises JsonRepairError(kind="truncated") carrying the repaired object in
    ``.partial`` unless ``allow_truncated`` is true.
parse_partial(text) -> object | None
    Best-effort parse of a streaming prefix; never raises.
PartialJsonParser
    Incremental variant of parse_partial: ``feed(chunk)`` rescans only the
    new text.
JsonRepairError(ValueError)
    ``.reason`` (short human sentence), ``.kind`` ("no_json", "truncated",
    "invalid"), ``.partial`` (best-effort object or None), ``.detail``.

Streaming and asking
--------------------
PartialWatcher
    Hands a UI the items of one list (the stages, the ops) as each completes.
ask(client, ...)
    Sends a prompt with the schema, reads and validates the reply, and asks
    again with the problem ("Your JSON did not match the schema: ...") up to
    ``max_retries`` times; the LLM engine and the evidence classifier both
    go through it.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import ValidationError

from cjm_assistant.domain.edits import EditError
from cjm_assistant.domain.model import MapError, explain
from cjm_assistant.engines.base import EngineError, PartialCallback, check_cancel
from cjm_assistant.engines.llm import prompts
from cjm_assistant.engines.llm.client import LLMClient, Reply
from cjm_assistant.engines.llm.errors import Unusable

__all__ = [
    "JsonRepairError",
    "PartialJsonParser",
    "PartialWatcher",
    "ask",
    "extract_json",
    "loads_lenient",
    "parse_partial",
    "read_reply",
    "repair_json",
]

NO_JSON = "the reply contained no JSON"
TRUNCATED = "the reply was cut off in the middle of the JSON"
INVALID = "the reply's JSON is malformed"
MISMATCHED = "the reply's JSON has mismatched brackets"
PARTIAL_EVERY_CHARS = 200
PARTIAL_EVERY_S = 0.05

T = TypeVar("T")


class JsonRepairError(ValueError):
    """The text holds no usable JSON.  ``str(err)`` is a short human reason."""

    def __init__(
        self,
        reason: str,
        *,
        kind: str = "invalid",
        partial: Any = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(f"{reason} ({detail})" if detail else reason)
        self.reason = reason
        self.kind = kind
        self.partial = partial
        self.detail = detail


# --------------------------------------------------------------------------
# Scanning

# A complete string, a bracket, or a lone quote (= start of an unterminated
# string: the first alternative failed because no closing quote follows).
_TOKEN_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]|"', re.S)
_OPEN_RE = re.compile(r"[\[{]")
_FENCE_RE = re.compile(r"```[ \t]*[\w+.-]*[ \t]*\r?\n(.*?)(?:\r?\n[ \t]*```|\Z)", re.S)
_NUMBER_RE = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
# Strings (complete, or unterminated at the very end) are matched and kept
# verbatim; outside them drop trailing commas and map Python literals.
_FIX_RE = re.compile(
    r'("[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z))|,(?=\s*[}\]])|\b(True|False|None)\b', re.S
)
_PY_LITERALS = {"True": "true", "False": "false", "None": "null"}
_LITERALS = frozenset(("true", "false", "null"))
_WS = " \t\r\n"
_DELIMS = frozenset(' \t\r\n,:[]{}"')


class _Scan:
    """Resumable bracket/string scan of the JSON document starting at
    ``start`` (an index of ``{`` or ``[``)."""

    __slots__ = ("start", "pos", "stack", "in_str", "last_str", "root_end", "error")

    def __init__(self, start: int) -> None:
        self.start = start
        self.pos = start
        self.stack: list[str] = []
        self.in_str: int | None = None  # index of the opening quote
        self.last_str = (-1, -1)  # span of the last complete string
        self.root_end: int | None = None  # index after the root's close
        self.error: int | None = None  # index of a mismatched close

    def run(self, s: str) -> "_Scan":
        if self.root_end is not None or self.error is not None:
            return self
        pos = self.in_str if self.in_str is not None else self.pos
        self.in_str = None
        stack = self.stack
        last = self.last_str
        for m in _TOKEN_RE.finditer(s, pos):
            i = m.start()
            c = s[i]
            if c == '"':
                e = m.end()
                if e - i == 1:  # lone quote: unterminated string
                    self.in_str = i
                    break
                last = (i, e)
            elif c == "{" or c == "[":
                stack.append(c)
            else:
                if not stack or (c == "}") != (stack[-1] == "{"):
                    self.error = i
                    break
                stack.pop()
                if not stack:
                    self.root_end = i + 1
                    break
        self.last_str = last
        self.pos = len(s)
        return self

    @property
    def complete(self) -> bool:
        return self.root_end is not None


def _prev_nonws(s: str, i: int) -> int:
    j = i - 1
    while j > 0 and s[j] in _WS:
        j -= 1
    return j


def _cut_key(s: str, key_start: int) -> int:
    """End index after removing the key starting at ``key_start`` and the
    comma before it."""
    p = _prev_nonws(s, key_start)
    return p if s[p] == "," else p + 1


def _trim_escape(body: str) -> str:
    """Drop an incomplete escape sequence at the end of an unterminated
    string body."""
    j = body.rfind("\\", max(0, len(body) - 6))
    if j < 0:
        return body
    tail = body[j + 1 :]
    if tail and not (tail[0] == "u" and len(tail) < 5):
        return body  # a complete escape (or a \uXXXX followed by text)
    k = j
    while k > 0 and body[k - 1] == "\\":
        k -= 1
    if (j - k) % 2:  # this backslash is itself escaped
        return body
    if tail and not all(ch in "0123456789abcdefABCDEF" for ch in tail[1:]):
        return body
    return body[:j]


def _keep_token(tok: str, partial: bool) -> bool:
    if tok in _LITERALS or tok in _PY_LITERALS:
        return True
    if partial:  # a number at the very end may still grow
        return False
    return _NUMBER_RE.fullmatch(tok) is not None


def _close(s: str, sc: _Scan, partial: bool) -> str:
    """Text of the document at ``sc.start`` made complete: the open tail is
    trimmed to its last complete element and the open containers closed."""
    start = sc.start
    if sc.root_end is not None:
        return s[start : sc.root_end]
    stack = sc.stack
    closers = "".join("}" if c == "{" else "]" for c in reversed(stack))
    top_is_object = stack[-1] == "{"
    if sc.in_str is not None:
        q = sc.in_str
        p = _prev_nonws(s, q)
        if top_is_object and s[p] in "{,":  # an unfinished key: drop it
            return s[start : _cut_key(s, q)] + closers
        return s[start:q] + _trim_escape(s[q:]) + '"' + closers
    end = len(s)
    while end > start + 1 and s[end - 1] in _WS:
        end -= 1
    c = s[end - 1]
    if c in "{[]}":
        pass
    elif c == ",":
        end -= 1
    elif c == ":":
        end = _cut_key(s, sc.last_str[0])
    elif c == '"':
        i = sc.last_str[0]
        if top_is_object and s[_prev_nonws(s, i)] in "{,":  # key without value
            end = _cut_key(s, i)
    else:
        t = end
        while t > start and s[t - 1] not in _DELIMS:
            t -= 1
        if not _keep_token(s[t:end], partial):
            end = t
            while end > start + 1 and s[end - 1] in _WS:
                end -= 1
            c = s[end - 1]
            if c == ",":
                end -= 1
            elif c == ":":
                end = _cut_key(s, sc.last_str[0])
    return s[start:end] + closers


def _fix_segments(s: str) -> str:
    def repl(m: re.Match) -> str:
        if m.group(1) is not None:
            return m.group(1)
        if m.group(2) is not None:
            return _PY_LITERALS[m.group(2)]
        return ""  # trailing comma

    return _FIX_RE.sub(repl, s)


def _loads(s: str) -> Any:
    return json.loads(s, strict=False)


def _parses(s: str) -> bool:
    try:
        _loads(s)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------
# extract_json


def _extract_from(region: str) -> tuple[str, int] | None:
    """Best candidate in ``region`` with a quality: 2 = parses (possibly after
    the safe fixes), 1 = unfinished or broken.

    Candidates are the top-level bracketed spans in order.  Among those that
    parse the longest wins (so "Step [1]: {...}" yields the object); a
    cut-off document at the end wins over shorter complete spans."""
    pos = 0
    first_invalid: str | None = None
    best: str | None = None
    tail: str | None = None
    for _ in range(64):
        m = _OPEN_RE.search(region, pos)
        if m is None:
            break
        i = m.start()
        sc = _Scan(i).run(region)
        if sc.error is not None:
            if best is None and first_invalid is None:
                tail = region[i:].rstrip()
            break
        if sc.root_end is None:  # cut off: everything after is inside it
            tail = region[i:].rstrip()
            if tail.endswith("```"):
                tail = tail[:-3].rstrip()
            break
        span = region[i : sc.root_end]
        if _parses(span) or _parses(_fix_segments(span)):
            if best is None or len(span) > len(best):
                best = span
        elif first_invalid is None:
            first_invalid = span
        pos = sc.root_end
    if tail is not None and (best is None or len(tail) > len(best)):
        return tail, 1
    if best is not None:
        return best, 2
    if first_invalid is not None:
        return first_invalid, 1
    return None


def extract_json(text: str) -> str:
    """Return the JSON object/array embedded in an LLM reply.

    Handles a BOM, ```json fences and prose before/after.  Brackets are
    matched string-aware; if the document never closes (the reply was cut
    off) the text from its start to the end is returned.  Raises
    JsonRepairError when no ``{`` or ``[`` is present."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    t = text.lstrip("\ufeff \t\r\n")
    regions = []
    for m in _FENCE_RE.finditer(t):
        body = m.group(1)
        if "{" in body or "[" in body:
            regions.append(body.lstrip("\ufeff"))
            break
    regions.append(t)
    fallback = None
    for region in regions:
        found = _extract_from(region)
        if found is None:
            continue
        if found[1] == 2:
            return found[0]
        if fallback is None:
            fallback = found[0]
    if fallback is None:
        raise JsonRepairError(NO_JSON, kind="no_json")
    return fallback


# --------------------------------------------------------------------------
# repair_json / loads_lenient


def _repair(text: str) -> tuple[str, bool]:
    """(repaired text, was_truncated)."""
    s = text.lstrip("\ufeff \t\r\n")
    m = _OPEN_RE.search(s)
    if m is None:
        if s.strip() and _parses(s):
            return s.strip(), False
        raise JsonRepairError(NO_JSON, kind="no_json")
    fixed = _fix_segments(s[m.start() :])
    sc = _Scan(0).run(fixed)
    if sc.error is not None:
        raise JsonRepairError(MISMATCHED, kind="invalid", detail=f"at character {sc.error}")
    truncated = not sc.complete
    closed = _close(fixed, sc, partial=False)
    try:
        _loads(closed)
    except ValueError as e:
        raise JsonRepairError(
            TRUNCATED if truncated else INVALID,
            kind="truncated" if truncated else "invalid",
            detail=str(e),
        ) from None
    return closed, truncated


def repair_json(text: str) -> str:
    """Apply safe repairs and return text that ``json.loads`` accepts
    (``strict=False``: raw control characters inside strings are allowed).

    Repairs: trailing commas before ``}``/``]``; Python ``True``/``False``/
    ``None`` outside strings; a truncated tail (unterminated string closed,
    dangling key/colon/comma or partial literal dropped, open arrays and
    objects closed).  Surrounding prose/fences are removed first (via
    extract_json).  Raises JsonRepairError otherwise."""
    return _repair(extract_json(text))[0]


def loads_lenient(text: str, *, allow_truncated: bool = False) -> Any:
    """Parse the JSON in an LLM reply: extract_json, json.loads, then
    repair_json.

    A cut-off document raises JsonRepairError(kind="truncated") whose
    ``.partial`` holds the repaired (incomplete) object, unless
    ``allow_truncated`` is true, in which case that object is returned."""
    region = extract_json(text)
    try:
        return _loads(region)
    except ValueError as e:
        first_error = str(e)
    try:
        fixed, truncated = _repair(region)
    except JsonRepairError as e:
        if e.kind == "no_json":
            raise
        raise JsonRepairError(e.reason, kind=e.kind, detail=first_error) from None
    obj = _loads(fixed)
    if truncated and not allow_truncated:
        raise JsonRepairError(TRUNCATED, kind="truncated", partial=obj)
    return obj


# --------------------------------------------------------------------------
# Streaming


def _find_start(text: str, pos: int) -> int | None:
    m = _OPEN_RE.search(text, pos)
    return None if m is None else m.start()


class PartialJsonParser:
    """Incremental best-effort parser for a streamed JSON reply.

    ``feed(chunk)`` returns the current best parse (or None); only the new
    text is rescanned, so a whole stream costs O(n) scanning plus one C-speed
    ``json.loads`` of the document per call."""

    _MAX_CANDIDATES = 16

    def __init__(self) -> None:
        self.text = ""
        self._scan: _Scan | None = None
        self._search_from = 0
        self._candidates = 0
        self._done: Any = None
        self._done_set = False

    def feed(self, chunk: str) -> Any:
        self.text += chunk
        return self.value()

    def value(self) -> Any:
        try:
            return self._value()
        except Exception:  # never raise on a prefix
            return None

    def _value(self) -> Any:
        if self._done_set:
            return self._done
        s = self.text
        while True:
            if self._scan is None:
                if self._candidates >= self._MAX_CANDIDATES:
                    return None
                start = _find_start(s, self._search_from)
                if start is None:
                    return None
                self._candidates += 1
                self._scan = _Scan(start)
            sc = self._scan.run(s)
            if sc.error is not None:
                return None
            closed = _close(s, sc, partial=True)
            obj, ok = _try_parse(closed)
            if sc.complete:
                if ok:
                    self._done, self._done_set = obj, True
                    return obj
                # e.g. "[v2]" in prose before the JSON: try the next one
                self._search_from = sc.root_end  # type: ignore[assignment]
                self._scan = None
                continue
            return obj if ok else None


def _try_parse(s: str) -> tuple[Any, bool]:
    try:
        return _loads(s), True
    except ValueError:
        pass
    try:
        return _loads(_fix_segments(s)), True
    except ValueError:
        return None, False


def parse_partial(text: str) -> Any:
    """Best-effort parse of the prefix of a JSON reply received so far.

    Leading fence/prose is skipped; open strings are closed (the partial
    string is kept), dangling keys, trailing commas and a trailing partial
    number/literal are dropped, open arrays/objects are closed.  Returns None
    when nothing parseable is available yet; never raises."""
    if not isinstance(text, str):
        return None
    return PartialJsonParser().feed(text)


# --------------------------------------------------------------------------
# Watching a stream for a UI


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


def read_reply(reply: Reply) -> tuple[Any, str | None]:
    """The reply's JSON, and a note when it had to be closed. Unusable, or EngineError(truncated)
    when the model hit its output limit before the JSON was complete."""
    try:
        return loads_lenient(reply.text), None
    except JsonRepairError as e:
        if reply.finish_reason == "length":
            raise EngineError(
                "The model's reply was cut off at its output limit before the JSON was complete. Ask for a "
                "smaller change, or switch to a model with a larger output limit with /model.",
                kind="truncated") from None
        if e.kind == "truncated" and e.partial is not None:
            # The model stopped on its own with brackets left open: closing them is a safe repair.
            return e.partial, "The model's JSON ended early and was closed by repair; check the last stage."
        raise Unusable(f"{e.reason}; reply with one JSON object") from None


def ask(client: LLMClient, purpose: str, prompt: str, schema: dict, name: str, validate: Callable[[Any], T], *,
        watcher: PartialWatcher | None = None, cancel: threading.Event | None = None,
        max_tokens: int | None = None, repaired: list[str] | None = None) -> T:
    """Ask for JSON matching ``schema`` (called ``name``) and return what ``validate`` makes of it.

    ``validate`` raises Unusable, a ValidationError, an EditError or a MapError
    for a reply that does not fit; the problem goes back to the model, up to
    ``max_retries`` times (at once, for an Unusable whose ``fix`` is ""), and
    then EngineError(bad_output). Notes about repaired replies go to ``repaired``.
    """
    messages = [{"role": "system", "content": prompts.system_prompt()}, {"role": "user", "content": prompt}]
    schema_prompt = prompts.schema_instructions(schema)
    fixes = 0
    while True:
        check_cancel(cancel)
        if watcher is not None:
            watcher.reset()
        reply = client.complete(messages, purpose=purpose, schema=schema, schema_name=name,
                                schema_prompt=schema_prompt, on_text=watcher, cancel=cancel, max_tokens=max_tokens)
        if watcher is not None:
            watcher(reply.text, force=True)  # the tail the throttle held back
        try:
            data, note = read_reply(reply)
            result = validate(data)
        except EngineError as e:  # cut off at the output limit
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
                repaired.append(note)
            return result
        client.report(reply, "bad_output", f"bad_output: {problem}")
        if fixes >= client.settings.max_retries or fix == "":
            raise EngineError(
                f"The model's reply did not fit the expected format after {fixes + 1} "
                f"{'try' if fixes == 0 else 'tries'} ({_short(problem)}). Nothing was changed; try again, "
                "rephrase, or switch models with /model.", kind="bad_output")
        fixes += 1
        messages = messages + [{"role": "assistant", "content": reply.text},
                               {"role": "user", "content": fix or prompts.fix_message(problem)}]


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
