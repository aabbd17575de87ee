"""One careful call to a model through litellm: quiet, bounded, cancellable, recorded.

* litellm comes from :func:`llm_runtime.litellm_module` (imported lazily,
  quietly, its logs in a file).
* Every call streams (``stream_options.include_usage`` for token counts) in a
  worker thread; the caller waits on a queue, so ``cancel`` is noticed within
  50 ms even while the provider has not sent a byte yet.
* Retries are ours and bounded: litellm gets ``num_retries=0``. Rate limits
  and 5xx errors are retried up to ``max_retries`` times, waiting what the
  provider's Retry-After says (capped), and never after part of a reply has
  been shown.
* A server that refuses ``stream_options`` or ``temperature`` (some reasoning
  models) is asked again without it.
* A server of the user's own given by IP address or ``localhost`` is checked first: a refused connection fails
  at once (:meth:`LLMClient.check_listening`), saying how to go on offline.
* A server that streams nothing at all (it ignores ``stream`` and sends one JSON body) is asked again without
  streaming, once, and read whole.
* A server that rejects ``json_schema`` is asked again with ``json_object``,
  then with no response_format (the schema goes in the prompt); what worked
  is remembered per model (:class:`llm_runtime.FormatMemory`).
* Time: ``settings.deadline`` (``--deadline``) is the most seconds one request may keep the model at work, all
  its calls, retries and waits included (:meth:`LLMClient.request`: a draft with all its stages, a change, an
  answer, an evidence import); on the command line, the whole command's (``whole_run``). A call past it is
  stopped (:class:`DeadlineExceeded`, with what streamed so far) and no call starts after it.
* A reply is not read far past the ``max_tokens`` asked for: real servers stop there, and one that does not
  is stopped at about twice that (:data:`OVERRUN_CHARS_PER_TOKEN`); the reply so far comes back with the
  finish reason :data:`OVERRUN`, for the reader to say that it was cut.
* Every attempt, failed or not, goes to the recorder with tokens (from the
  provider's usage, else counted by :func:`runtime.count_tokens`), cost when
  litellm knows the price, latency and outcome. Keys are never passed to or
  recorded by us.
"""

from __future__ import annotations

import logging
import queue
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from cjm_assistant.engines.base import CallRecorder, Cancelled, EngineError, check_cancel
from cjm_assistant.engines.llm.errors import (
    DeadlineExceeded,
    deadline_sentence,
    is_response_format_rejection,
    listening_at,
    needs_placeholder_key,
    refused_sentence,
    rejected_param,
    switch,
    to_engine_error,
)
from cjm_assistant.engines.llm.runtime import FORMATS, FormatMemory, count_tokens, litellm_module, provider_of

OPTIONAL_PARAMS = frozenset({"stream_options", "temperature"})  # dropped if a server refuses them

__all__ = ["LLMClient", "OVERRUN", "Reply"]

log = logging.getLogger("cjm_assistant.llm")

MAX_WAIT = 30.0  # longest single wait before a retry; a longer Retry-After is reported, not waited
POLL = 0.05  # how often a waiting call looks at the cancel event and the deadline
PROGRESS_EVERY = 0.25  # seconds between two progress reports while a reply streams
NO_KEY = "sk-no-key-needed"  # sent to a local OpenAI-compatible server when no key is set: it needs none
# A reply is read to at most this many characters per token of the max_tokens asked for (twice the usual 4), then
# cut with finish reason OVERRUN: a server that does not stop at max_tokens is not read without end.
OVERRUN_CHARS_PER_TOKEN = 8
OVERRUN = "overrun"
PROBE_TIMEOUT = 1.0  # seconds the check that something listens at the model's address may take

# ---------------------------------------------------------------------------
# The call


@dataclass
class Reply:
    text: str
    finish_reason: str | None
    record: dict[str, Any]  # the call's record (tokens, cost...), sent by LLMClient.report once the reply is judged
    format: str | None = None  # the structured-output format it was asked in (runtime.FORMATS), None for text


@dataclass
class _Stream:
    text: str = ""
    finish_reason: str | None = None
    usage: Any = None
    heard: bool = False  # whether the server streamed anything of its own (a role, text, usage), not litellm's stop


TextCallback = Callable[[str], None]
ProgressCallback = Callable[[dict[str, Any]], None]


class LLMClient:
    def __init__(self, settings: Any, recorder: Callable[[], CallRecorder | None], memory: FormatMemory):
        self.settings = settings
        self.model: str = settings.model
        self._recorder = recorder
        self.memory = memory
        self._price_known: bool | None = None
        self._dropped: set[str] = set()  # optional parameters this server refused (stream_options, temperature)
        # Passed to every litellm.completion call as they are (tests use mock_response).
        self.extra_kwargs: dict[str, Any] = {}
        # Called with {step, tokens, elapsed, done} while a reply streams (at most every PROGRESS_EVERY s).
        self.progress: ProgressCallback | None = None
        # When the model's time runs out (a time.monotonic() time): the current request's, or with whole_run the
        # command's, from its first request to its end (see request); None outside a request.
        self.until: float | None = None
        self.whole_run = False

    @contextmanager
    def request(self) -> Iterator[None]:
        """One request to the model (a draft, a change, an answer, an interview answer read, an evidence import):
        its calls, their retries and waits share ``settings.deadline`` seconds. A request inside another shares
        the outer one's time; with ``whole_run`` (the command line) the first request's time runs on to the end
        of the command, so that ``--deadline 8`` gives the whole command 8 seconds of the model."""
        if self.until is not None:
            yield
            return
        self.check_listening()
        self.until = time.monotonic() + float(self.settings.deadline)
        try:
            yield
        finally:
            if not self.whole_run:
                self.until = None

    def check_listening(self) -> None:
        """Fail at once, with the way to go on offline, when nothing listens at the model's own address
        (``--api-base`` on this machine or another given by its IP address): a refused connection is known in
        milliseconds, before litellm (seconds to import) is loaded or a call is tried and retried."""
        where = listening_at(self.settings.api_base)
        if where is None:
            return
        host, port = where
        try:
            with socket.create_connection((host, port), timeout=PROBE_TIMEOUT):
                pass
        except ConnectionRefusedError:
            error = EngineError(refused_sentence(self.settings.api_base or f"{host}:{port}"), kind="connection")
            self._record("connect", time.monotonic(), [], _Stream(), "error", f"connection: {error}")
            raise error from None
        except OSError:  # unreachable, timed out...: the call itself will say what is wrong
            return

    def deadline(self) -> float:
        """When the current step must end: the request's time limit (else ``settings.deadline`` from now)."""
        return self.until if self.until is not None else time.monotonic() + float(self.settings.deadline)

    def out_of_time(self) -> bool:
        """Whether the current request's time has run out (no more calls should start)."""
        return self.until is not None and time.monotonic() >= self.until

    @property
    def format(self) -> str:
        """The structured-output format the next call starts with (see runtime.FORMATS)."""
        return self.memory.get(self.model, self.settings.api_base)

    def complete(self, messages: list[dict], *, purpose: str, schema: dict | None = None, schema_name: str = "reply",
                 schema_prompt: str = "", on_text: TextCallback | None = None,
                 cancel: threading.Event | None = None, max_tokens: int | None = None,
                 deadline: float | None = None, step: str = "") -> Reply:
        """Stream one reply; retries, format fallback and fault mapping included.

        ``deadline`` (a ``time.monotonic()`` time) ends the call, its retries and their waits with
        :class:`DeadlineExceeded`, which keeps the text streamed so far; ``step`` names the call in progress reports.
        """
        fmt = self.format if schema is not None else None
        retries = 0
        if self.until is None:  # a call outside a request (cjm doctor's test call): checked here
            self.check_listening()
        if deadline is None:
            deadline = self.until
        elif self.until is not None:
            deadline = min(deadline, self.until)
        while True:
            check_cancel(cancel)
            if deadline is not None and time.monotonic() >= deadline:  # no time left: no call is started
                raise DeadlineExceeded(deadline_sentence(self.settings.deadline, step or purpose), "")
            # The schema goes in the prompt only where the server does not take it (a small model under a grammar
            # is better off without it: it tends to write the schema's own words back).
            sent = _with_schema(messages, schema_prompt) if fmt in ("json_object", "none") else messages
            kwargs = self._kwargs(sent, fmt, schema, schema_name, max_tokens)
            started = time.monotonic()
            state = _Stream()
            try:
                self._stream(kwargs, state, on_text, cancel, deadline, step or purpose)
            except Cancelled:
                self._record(purpose, started, sent, state, "cancelled", "cancelled")
                raise
            except DeadlineExceeded as e:
                self._record(purpose, started, sent, state, "deadline", f"deadline: {e}")
                raise
            except Exception as exc:  # noqa: BLE001 - every failure becomes an EngineError
                if fmt is not None and fmt != "none" and not state.text and is_response_format_rejection(exc):
                    new = FORMATS[FORMATS.index(fmt) + 1]
                    self._record(purpose, started, sent, state, "fallback", f"{fmt} rejected; trying {new}")
                    log.info("%s rejected response_format %s; falling back to %s", self.model, fmt, new)
                    self.memory.set(self.model, self.settings.api_base, new)
                    fmt = new
                    continue
                param = rejected_param(exc, OPTIONAL_PARAMS - self._dropped) if not state.text else None
                if param:
                    self._dropped.add(param)
                    self._record(purpose, started, sent, state, "fallback", f"{param} rejected; sending without it")
                    continue
                error = self._error(exc)
                wait = self._wait_for(error, retries, streamed=bool(state.text))
                if wait is not None and deadline is not None and time.monotonic() + wait > deadline:
                    wait = None  # no time left for another try
                self._record(purpose, started, sent, state, "retry" if wait is not None else "error",
                             f"{error.kind}: {error}")
                if wait is None:
                    error.partial = state.text  # type: ignore[attr-defined] - what streamed before it failed
                    raise error from None
                retries += 1
                _sleep(wait, cancel)
                continue
            if fmt is not None and not self.memory.known(self.model, self.settings.api_base):
                self.memory.set(self.model, self.settings.api_base, fmt)  # it worked: start there next time
            if not state.text.strip() and not state.heard and "stream" not in self._dropped:
                # Nothing streamed at all, not even a role: a server that ignores `stream` (it sends one JSON body,
                # which a streamed read does not see) is asked again without it, once for this client.
                self._dropped.add("stream")
                self._record(purpose, started, sent, state, "fallback", "nothing streamed; asking without stream")
                continue
            if not state.text.strip():
                error = EngineError(f"The model sent back an empty reply. Try again, {switch()}.", kind="empty")
                self._record(purpose, started, sent, state, "error", f"empty: {error}")
                raise error
            record = self._make_record(purpose, started, sent, state, "ok", None)
            return Reply(state.text, state.finish_reason, record, fmt)

    def report(self, reply: Reply, outcome: str = "ok", error: str | None = None) -> None:
        """Record a successful call once its reply has been judged (ok, or bad_output and retried)."""
        record = dict(reply.record, outcome=outcome)
        if error is not None:
            record["error"] = error
        self._send(record)

    # -- pieces ----------------------------------------------------------------

    def _kwargs(self, messages: list[dict], fmt: str | None, schema: dict | None, name: str,
                max_tokens: int | None) -> dict[str, Any]:
        s = self.settings
        kwargs: dict[str, Any] = dict(
            model=self.model, messages=messages, temperature=s.temperature, timeout=s.timeout,
            stream=True, stream_options={"include_usage": True}, num_retries=0, max_retries=0,
        )
        for param in self._dropped:
            kwargs.pop(param, None)
        if "stream" in self._dropped:
            kwargs.pop("stream_options", None)
        if s.api_base:
            kwargs["api_base"] = s.api_base
        if max_tokens:
            kwargs["max_tokens"] = max_tokens
        if fmt == "json_schema" and schema is not None:
            kwargs["response_format"] = {"type": "json_schema",
                                         "json_schema": {"name": name, "schema": schema, "strict": False}}
        elif fmt == "json_object_schema" and schema is not None:
            kwargs["response_format"] = {"type": "json_object", "schema": schema}
        elif fmt == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        if self._needs_placeholder_key:
            kwargs["api_key"] = NO_KEY
        kwargs.update(self.extra_kwargs)
        return kwargs

    @cached_property
    def _needs_placeholder_key(self) -> bool:
        return needs_placeholder_key(self.model, self.settings.api_base)

    def _stream(self, kwargs: dict, state: _Stream, on_text: TextCallback | None,
                cancel: threading.Event | None, deadline: float | None = None, step: str = "") -> None:
        litellm = litellm_module()
        inbox: queue.SimpleQueue = queue.SimpleQueue()
        stop = threading.Event()
        holder: dict[str, Any] = {}

        def produce() -> None:
            try:
                response = litellm.completion(**kwargs)
                holder["response"] = response
                if not kwargs.get("stream"):  # asked without streaming: the whole reply at once
                    inbox.put((3, response))
                    inbox.put((1, None))
                    return
                for chunk in response:
                    if stop.is_set():
                        break
                    inbox.put((0, chunk))
                inbox.put((1, None))
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller
                inbox.put((2, exc))
            finally:
                if stop.is_set():
                    _close(holder.get("response"))

        worker = threading.Thread(target=produce, name="cjm-llm-call", daemon=True)
        worker.start()
        text = ""
        started = last_report = time.monotonic()
        chunks = 0
        asked = kwargs.get("max_tokens")
        most = int(asked) * OVERRUN_CHARS_PER_TOKEN if asked else None  # characters read at most
        watched = cancel is not None or deadline is not None or self.progress is not None
        while True:
            try:
                kind, item = inbox.get(timeout=POLL) if watched else inbox.get()
            except queue.Empty:
                kind, item = -1, None
            if cancel is not None and cancel.is_set():
                stop.set()
                _close(holder.get("response"))
                state.text = text
                raise Cancelled()
            now = time.monotonic()
            if deadline is not None and now > deadline:
                stop.set()
                _close(holder.get("response"))
                state.text = text
                raise DeadlineExceeded(deadline_sentence(self.settings.deadline, step), text)
            if self.progress is not None and (kind == 1 or now - last_report >= PROGRESS_EVERY):
                last_report = now
                self._progress(step, chunks, now - started, kind == 1, state)
            if kind == 0:
                chunks += 1
                usage = getattr(item, "usage", None)
                if usage is not None and getattr(usage, "total_tokens", None):
                    state.usage = usage
                    state.heard = True
                choices = getattr(item, "choices", None)
                if not choices:
                    continue
                choice = choices[0]
                if getattr(getattr(choice, "delta", None), "role", None):
                    state.heard = True
                if choice.finish_reason:
                    state.finish_reason = choice.finish_reason
                delta = getattr(choice, "delta", None)
                content = getattr(delta, "content", None) if delta is not None else None
                if content:
                    state.heard = True
                    text += content
                    state.text = text
                    if most is not None and len(text) > most:  # the server did not stop at max_tokens: cjm does
                        stop.set()
                        _close(holder.get("response"))
                        state.text = text = text[:most]
                        state.finish_reason = OVERRUN
                        if self.progress is not None:
                            self._progress(step, chunks, time.monotonic() - started, True, state)
                        return
                    if on_text is not None:
                        on_text = _preview(on_text, text)
            elif kind == 1:
                return
            elif kind == 2:
                raise item
            elif kind == 3:
                choices = getattr(item, "choices", None) or []
                message = getattr(choices[0], "message", None) if choices else None
                state.usage = getattr(item, "usage", None)
                state.finish_reason = getattr(choices[0], "finish_reason", None) if choices else None
                text = str(getattr(message, "content", None) or "")
                if most is not None and len(text) > most:
                    text, state.finish_reason = text[:most], OVERRUN
                state.text = text
                chunks += 1
                if text and on_text is not None:
                    on_text = _preview(on_text, text)

    def _progress(self, step: str, chunks: int, elapsed: float, done: bool, state: _Stream) -> None:
        """Report a streaming reply's progress: tokens so far (the provider's count when it sent one, else one
        per streamed chunk, which is what most servers send) and seconds since the call started."""
        usage = state.usage
        tokens = int(getattr(usage, "completion_tokens", 0) or 0) if usage is not None else 0
        try:
            assert self.progress is not None
            self.progress({"step": step, "tokens": max(tokens, chunks), "elapsed": round(elapsed, 1), "done": done})
        except Exception:  # noqa: BLE001 - a broken progress display must not break the call
            log.exception("the progress callback failed; no more progress for this client")
            self.progress = None

    def _error(self, exc: BaseException) -> EngineError:
        return to_engine_error(exc, model=self.model, api_base=self.settings.api_base,
                               timeout=self.settings.timeout, provider=provider_of(self.model, self.settings.api_base))

    def _wait_for(self, error: EngineError, retries: int, streamed: bool) -> float | None:
        """Seconds to wait before retrying, or None when this error is final."""
        if not error.retryable or streamed or retries >= self.settings.max_retries:
            return None
        asked = getattr(error, "retry_after", None)
        if asked is not None and asked > MAX_WAIT:
            error.args = (f"{error} (The provider asks to wait {asked:.0f} seconds.)",)
            return None
        base = 2.0 if error.kind == "rate_limit" else 0.5
        return min(MAX_WAIT, asked if asked is not None else base * 2 ** retries)

    def _tokens(self, messages: list[dict], state: _Stream) -> tuple[int, int, bool]:
        """(prompt, completion, counted by us): the provider's usage, else our count of what was sent and received."""
        usage = state.usage
        if usage is not None and getattr(usage, "prompt_tokens", None) is not None:
            return int(usage.prompt_tokens or 0), int(usage.completion_tokens or 0), False
        completion = count_tokens(self.model, text=state.text) if state.text else 0
        return count_tokens(self.model, messages=messages), completion, True

    def _cost(self, prompt: int, completion: int) -> float | None:
        litellm = litellm_module()
        if self._price_known is False:
            return None
        try:
            cost_in, cost_out = litellm.cost_per_token(model=self.model, prompt_tokens=prompt,
                                                       completion_tokens=completion)
        except Exception:  # noqa: BLE001 - unknown model: no price
            self._price_known = False
            return None
        self._price_known = True
        return float(cost_in + cost_out)

    def _record(self, purpose: str, started: float, messages: list[dict], state: _Stream, outcome: str,
                error: str | None) -> None:
        self._send(self._make_record(purpose, started, messages, state, outcome, error))

    def _make_record(self, purpose: str, started: float, messages: list[dict], state: _Stream, outcome: str,
                     error: str | None) -> dict[str, Any]:
        """The row for the store's llm_calls table (exactly its columns)."""
        if outcome != "ok" and state.usage is None and not state.text:
            prompt, completion, estimated = 0, 0, False  # refused before any work: nothing to bill
        else:
            prompt, completion, estimated = self._tokens(messages, state)
        record = dict(
            model=self.model, purpose=purpose, prompt_tokens=prompt, completion_tokens=completion,
            cost=self._cost(prompt, completion) if (state.usage is not None or state.text) else None,
            latency_ms=int((time.monotonic() - started) * 1000), outcome=outcome, error=error,
        )
        if estimated and error is None:
            # The store has no column for it: the note rides in `error` (the outcome says ok or not).
            record["error"] = "note: the provider reported no usage; token counts are cjm's own count"
        if state.finish_reason == OVERRUN and error is None:
            record["error"] = "note: the reply ran on past the max_tokens asked for; cjm stopped reading it"
        return record

    def _send(self, record: dict[str, Any]) -> None:
        recorder = self._recorder()
        if recorder is None:
            return
        try:
            recorder(record)
        except Exception:  # noqa: BLE001 - a broken recorder must not break the call
            log.exception("the call recorder failed")


def _with_schema(messages: list[dict], schema_prompt: str) -> list[dict]:
    if not schema_prompt:
        return messages
    out = [dict(m) for m in messages]
    out[0]["content"] = f"{out[0]['content']}\n\n{schema_prompt}"
    return out


def _close(response: Any) -> None:
    if response is None:
        return
    for target in (getattr(response, "completion_stream", None), response):
        close = getattr(target, "close", None)
        if callable(close):
            try:
                close()
            except Exception:  # noqa: BLE001 - best effort
                pass
            return


def _sleep(seconds: float, cancel: threading.Event | None) -> None:
    if cancel is None:
        time.sleep(seconds)
    elif cancel.wait(seconds):
        raise Cancelled()


def _preview(on_text: TextCallback, text: str) -> TextCallback | None:
    """Show the reply so far; a broken preview must not lose the reply: the callback, or None once it failed (no
    more previews for this call). Cancelling (Esc) goes through."""
    try:
        on_text(text)
    except Cancelled:
        raise
    except Exception:  # noqa: BLE001 - a broken preview must not lose the reply
        log.exception("the partial-result callback failed; no more previews for this call")
        return None
    return on_text
