"""A scripted OpenAI-compatible HTTP server for tests (stdlib only).

Usage::

    with ScriptedServer() as server:
        server.script(Reply.json({"a": 1}), Reply.rate_limited())
        litellm.completion(model="openai/any", api_base=server.base_url,
                           api_key="sk-test", messages=[...])
        assert server.requests[0]["model"] == "any"

Each POST to ``/v1/chat/completions`` pops one :class:`Reply` from a FIFO
queue.  When the queue is empty, ``server.default`` is used if set, otherwise
the server answers 500 with a message saying the script ran out.

``server.requests`` holds every received JSON body (as plain dicts, in order)
and ``server.request_headers`` the matching request headers (lower-cased
names).  ``server.log`` holds one entry per HTTP request of any kind:
``{"method", "path", "headers", "body"}``.

Real servers' habits, as seen from llama.cpp's OpenAI-compatible Python server
(llama-cpp-python 0.3) serving a small model:

* ``server.like_llama_cpp()``: every ``json_schema`` response_format is refused
  with HTTP 500 and llama.cpp's own body ("Input should be 'text' or
  'json_object'"), without using up a scripted reply; ``json_object`` with a
  ``schema`` beside it is taken (``server.requests`` shows what was sent);
* ``server.v1_only = True``: nothing answers outside ``/v1`` (404), as there;
* ``max_tokens`` is honoured: a reply longer than that (at about 4 characters
  a token) is cut there and ends with ``finish_reason: "length"``
  (``server.honour_max_tokens = False`` turns it off);
* slow and long replies: ``Reply(chunk_delay=...)``, ``Reply.endless(...)``
  (writes until ``max_tokens`` or until the client hangs up);
* what small models write: ``Reply.echoed_edit()`` (the field's description as
  the answer), ``Reply.no_change()``, and ``Reply.sloppy(obj, extra=...,
  missing=...)`` (fields the schema does not have, fields it needs left out).
"""

from __future__ import annotations

import collections
import json
import select
import socket
import socketserver
import threading
import time
import uuid
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

__all__ = ["Reply", "ScriptedServer"]


@dataclass
class Reply:
    """One scripted answer to a chat-completions request."""

    content: str = ""
    status: int = 200
    error: dict | None = None
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    hang: bool = False
    chunk_delay: float = 0.0
    chunk_size: int = 8
    truncate_stream: bool = False
    garbled_end: bool = False  # the stream ends on half an event (``data: {"id": "c1", "choi``), then hangs up
    reject_json_schema: bool = False
    usage: dict | None = None
    finish_reason: str = "stop"
    filler: str = ""  # written again and again after content, until max_tokens or a hang-up (Reply.endless)

    # ----------------------------------------------------------------- helpers
    @classmethod
    def json(cls, obj: Any, **kw: Any) -> "Reply":
        return cls(content=json.dumps(obj), **kw)

    @classmethod
    def endless(cls, filler: str = "and then the customer ", prefix: str = "", **kw: Any) -> "Reply":
        """A model that never stops on its own: ``prefix``, then ``filler`` over and over."""
        kw.setdefault("chunk_size", len(filler) + 1)  # chunks that differ: litellm stops a stream repeating one
        return cls(content=prefix, filler=filler, **kw)

    @classmethod
    def echoed_edit(cls, **kw: Any) -> "Reply":
        """An edit reply that gives the prompt's own description of the field back as its answer."""
        return cls.json({"ops": [], "reply": "a sentence to the user: what you changed, or what you need to know"},
                        **kw)

    @classmethod
    def no_change(cls, reply: str = "", **kw: Any) -> "Reply":
        """An edit reply that changes nothing (with ``reply`` as its reason, if any)."""
        return cls.json({"ops": [], "reply": reply}, **kw)

    @classmethod
    def sloppy(cls, obj: Any, extra: dict | None = None, missing: tuple[str, ...] = (), **kw: Any) -> "Reply":
        """``obj`` with fields a schema does not have (``extra``, added to every object in it) and without
        fields it needs (``missing``, dotted paths such as "stages.0.name")."""
        import copy

        data = copy.deepcopy(obj)

        def add(node: Any) -> None:
            if isinstance(node, dict):
                for value in node.values():
                    add(value)
                node.update(extra or {})
            elif isinstance(node, list):
                for value in node:
                    add(value)

        add(data)
        for path in missing:
            *parents, last = path.split(".")
            node = data
            for part in parents:
                node = node[int(part)] if isinstance(node, list) else node[part]
            node.pop(int(last) if isinstance(node, list) else last, None)
        return cls.json(data, **kw)

    @classmethod
    def rate_limited(cls, retry_after: float | int = 1, **kw: Any) -> "Reply":
        headers = {"Retry-After": str(retry_after)}
        headers.update(kw.pop("headers", {}))
        return cls(
            status=429,
            headers=headers,
            error=_error_body(
                "Rate limit reached for requests. Please try again later.",
                "requests",
                "rate_limit_exceeded",
            ),
            **kw,
        )

    @classmethod
    def server_error(cls, **kw: Any) -> "Reply":
        return cls(
            status=500,
            error=_error_body(
                "The server had an error while processing your request. Sorry about that!",
                "server_error",
                None,
            ),
            **kw,
        )

    @classmethod
    def unauthorized(cls, **kw: Any) -> "Reply":
        return cls(
            status=401,
            error=_error_body(
                "Incorrect API key provided: sk-test. You can find your API key at "
                "https://platform.openai.com/account/api-keys.",
                "invalid_request_error",
                "invalid_api_key",
            ),
            **kw,
        )

    @classmethod
    def not_found_model(cls, model: str = "any", **kw: Any) -> "Reply":
        return cls(
            status=404,
            error=_error_body(
                f"The model `{model}` does not exist or you do not have access to it.",
                "invalid_request_error",
                "model_not_found",
            ),
            **kw,
        )

    @classmethod
    def context_too_long(cls, **kw: Any) -> "Reply":
        return cls(
            status=400,
            error=_error_body(
                "This model's maximum context length is 8192 tokens. However, your "
                "messages resulted in 12000 tokens. Please reduce the length of the "
                "messages.",
                "invalid_request_error",
                "context_length_exceeded",
                param="messages",
            ),
            **kw,
        )


def _error_body(message: str, type_: str, code: Any, param: Any = None) -> dict:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


_JSON_SCHEMA_REJECTION = _error_body(
    "response_format type json_schema not supported",
    "invalid_request_error",
    400,
    param="response_format",
)


# What llama-cpp-python's server (0.3.x) answers to a json_schema response_format: HTTP 500 with this body.
LLAMA_CPP_JSON_SCHEMA_REFUSAL = {"error": {
    "message": "1 validation error:\n  {'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), 'msg': "
               "\"Input should be 'text' or 'json_object'\", 'input': 'json_schema', 'ctx': {'expected': "
               "\"'text' or 'json_object'\"}}\n\n  File \"/venv/lib/python3.11/site-packages/llama_cpp/server/app.py\""
               ", line 376, in create_chat_completion\n    POST /v1/chat/completions",
    "type": "internal_server_error", "param": None, "code": None}}
CHARS_PER_TOKEN = 4


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    scripted: "ScriptedServer"

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), which can be slow
        # when DNS is misconfigured; skip it.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = host
        self.server_port = port

    def handle_error(self, request, client_address) -> None:
        # A client that hangs up (a cancelled stream, a timed-out test) is
        # expected here; the default prints a traceback to stderr.
        pass


class _Aborted(Exception):
    """The server is stopping or the client went away."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _HTTPServer

    # ---------------------------------------------------------------- plumbing
    def setup(self) -> None:
        super().setup()
        self.server.scripted._register(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.scripted._unregister(self.connection)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def _send(self, status: int, obj: Any, headers: dict | None = None) -> None:
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, str(v))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def _wait(self, seconds: float | None) -> None:
        """Sleep up to ``seconds`` (None = forever); raise _Aborted when the
        server stops or the client disconnects."""
        stop = self.server.scripted._stopping
        deadline = None if seconds is None else time.monotonic() + seconds
        sock = self.connection
        while True:
            if stop.is_set():
                raise _Aborted
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return
            step = 0.05 if remaining is None else min(0.05, remaining)
            try:
                readable, _, _ = select.select([sock], [], [], step)
            except (OSError, ValueError):
                raise _Aborted from None
            if readable:
                try:
                    peek = sock.recv(1, socket.MSG_PEEK)
                except OSError:
                    raise _Aborted from None
                if not peek:  # orderly close by client
                    raise _Aborted
                stop.wait(step)  # pipelined data: don't spin

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _record(self, body: Any) -> None:
        self.server.scripted._record(
            self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
        )

    # ------------------------------------------------------------------ routes
    def do_GET(self) -> None:  # noqa: N802
        self._record(None)
        path = self.path.split("?", 1)[0].rstrip("/")
        if path in ("/v1/models", "/models"):
            self._send(
                200,
                {
                    "object": "list",
                    "data": [
                        {"id": "any", "object": "model", "created": 0, "owned_by": "scripted"}
                    ],
                },
            )
        else:
            self._send(404, _error_body(f"no route GET {self.path}", "not_found", None))

    def do_POST(self) -> None:  # noqa: N802
        raw = self._read_body()
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            self._record(None)
            self._send(400, _error_body("request body is not JSON", "invalid_request_error", None))
            return
        self._record(body)
        path = self.path.split("?", 1)[0].rstrip("/")
        paths = ("/v1/chat/completions",) if self.server.scripted.v1_only else ("/v1/chat/completions",
                                                                                "/chat/completions")
        if path not in paths:
            self._send(404, _error_body(f"no route POST {self.path}", "not_found", None))
            return
        wants_schema = (
            isinstance(body, dict)
            and isinstance(body.get("response_format"), dict)
            and body["response_format"].get("type") == "json_schema"
        )
        if wants_schema and self.server.scripted.json_schema_refusal is not None:
            reply = Reply(status=500, error=self.server.scripted.json_schema_refusal)
        else:
            reply = self.server.scripted._next_reply(wants_schema)
        try:
            self._answer(body if isinstance(body, dict) else {}, reply)
        except (_Aborted, BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True

    # ----------------------------------------------------------------- answers
    def _answer(self, body: dict, reply: Reply) -> None:
        if reply.delay:
            self._wait(reply.delay)
        if reply.hang:
            self._wait(None)
        if reply.status != 200:
            err = reply.error or _error_body(
                f"scripted error (HTTP {reply.status})",
                "server_error" if reply.status >= 500 else "invalid_request_error",
                None,
            )
            self._send(reply.status, err, reply.headers)
            return
        model = body.get("model") or "any"
        limit = body.get("max_tokens") if self.server.scripted.honour_max_tokens else None
        if reply.filler:
            budget = int(limit) * CHARS_PER_TOKEN if isinstance(limit, int) else 200_000
            repeats = max(1, (budget - len(reply.content)) // len(reply.filler) + 1)
            reply = replace(reply, content=reply.content + reply.filler * repeats, filler="")
        if isinstance(limit, int) and len(reply.content) > limit * CHARS_PER_TOKEN:
            reply = replace(reply, content=reply.content[: limit * CHARS_PER_TOKEN], finish_reason="length")
        usage = reply.usage or _rough_usage(body, reply.content)
        cid = "chatcmpl-" + uuid.uuid4().hex[:24]
        created = int(time.time())
        if body.get("stream"):
            self._stream(body, reply, model, usage, cid, created)
            return
        self._send(
            200,
            {
                "id": cid,
                "object": "chat.completion",
                "created": created,
                "model": model,
                "system_fingerprint": "fp_scripted",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": reply.content},
                        "logprobs": None,
                        "finish_reason": reply.finish_reason,
                    }
                ],
                "usage": usage,
            },
            reply.headers,
        )

    def _stream(
        self, body: dict, reply: Reply, model: str, usage: dict, cid: str, created: int
    ) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        for k, v in reply.headers.items():
            self.send_header(k, str(v))
        self.end_headers()

        def chunk(choices: list, **extra: Any) -> dict:
            d = {
                "id": cid,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": "fp_scripted",
                "choices": choices,
            }
            d.update(extra)
            return d

        def emit(payload: str) -> None:
            data = f"data: {payload}\n\n".encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()
            self.server.scripted.bytes_sent += len(data)

        def delta(d: dict, finish: str | None = None) -> str:
            return json.dumps(
                chunk([{"index": 0, "delta": d, "logprobs": None, "finish_reason": finish}])
            )

        size = max(1, reply.chunk_size)
        pieces = [reply.content[i : i + size] for i in range(0, len(reply.content), size)]
        emit(delta({"role": "assistant", "content": ""}))
        for n, piece in enumerate(pieces):
            if reply.chunk_delay:
                self._wait(reply.chunk_delay)
            emit(delta({"content": piece}))
            if reply.truncate_stream and n + 1 >= max(1, len(pieces) // 2):
                # Drop the connection without the final chunk / [DONE] /
                # terminating zero-length chunk.
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
        if reply.garbled_end:
            raw = b'data: {"id": "' + cid.encode() + b'", "choi'
            self.wfile.write(b"%x\r\n%s\r\n" % (len(raw), raw))
            self.wfile.flush()
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if reply.truncate_stream:  # empty content: cut right after the role chunk
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        emit(delta({}, reply.finish_reason))
        opts = body.get("stream_options")
        if isinstance(opts, dict) and opts.get("include_usage"):
            emit(json.dumps(chunk([], usage=usage)))
        emit("[DONE]")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


def _rough_usage(body: dict, content: str) -> dict:
    prompt_chars = len(json.dumps(body.get("messages", []), ensure_ascii=False))
    prompt = max(1, prompt_chars // 4)
    completion = max(1, len(content) // 4) if content else 0
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


class ScriptedServer:
    """Scripted OpenAI-compatible server on 127.0.0.1 (ephemeral port)."""

    def __init__(self) -> None:
        self.default: Reply | None = None
        # The body a json_schema response_format is refused with (HTTP 500), whatever is scripted; see like_llama_cpp.
        self.json_schema_refusal: dict | None = None
        self.honour_max_tokens = True  # cut a reply at the request's max_tokens (finish_reason "length")
        self.v1_only = False  # answer 404 outside /v1, as llama.cpp's server does
        # When the queue is empty: a function from the request body to a reply,
        # for conversations too long to script one reply at a time.
        self.responder: Callable[[dict], Reply] | None = None
        self.requests: list[dict] = []
        self.bytes_sent = 0  # streamed event bytes sent so far, over all replies
        self.request_headers: list[dict] = []
        self.log: list[dict] = []
        self.base_url: str = ""
        self.port: int = 0
        self._queue: collections.deque[Reply] = collections.deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -------------------------------------------------------------- lifecycle
    def start(self) -> "ScriptedServer":
        if self._httpd is not None:
            return self
        self._stopping.clear()
        httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        httpd.scripted = self
        self._httpd = httpd
        self.port = httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"ScriptedServer:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd = self._httpd
        if httpd is None:
            return
        self._stopping.set()
        httpd.shutdown()
        with self._lock:
            conns = list(self._connections)
        for conn in conns:  # unblock keep-alive readers and hanging handlers
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=1)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> "ScriptedServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # ---------------------------------------------------------------- script
    def like_llama_cpp(self) -> "ScriptedServer":
        """Answer as llama-cpp-python's server does: json_schema refused with HTTP 500 (its exact body);
        json_object, with or without a schema, taken."""
        self.json_schema_refusal = LLAMA_CPP_JSON_SCHEMA_REFUSAL
        return self

    def script(self, *replies: Reply) -> "ScriptedServer":
        with self._lock:
            self._queue.extend(replies)
        return self

    @property
    def pending(self) -> int:
        """Number of scripted replies not consumed yet."""
        with self._lock:
            return len(self._queue)

    def _next_reply(self, wants_json_schema: bool) -> Reply:
        with self._lock:
            if self._queue:
                head = self._queue[0]
                if head.reject_json_schema and wants_json_schema:
                    # Not consumed: the client's fallback request gets it.
                    return Reply(status=400, error=_JSON_SCHEMA_REJECTION)
                return self._queue.popleft()
            if self.responder is not None:
                return self.responder(self.requests[-1] if self.requests else {})
            if self.default is not None:
                if self.default.reject_json_schema and wants_json_schema:
                    return Reply(status=400, error=_JSON_SCHEMA_REJECTION)
                return replace(self.default)
        return Reply(
            status=500,
            error=_error_body(
                "ScriptedServer: the script ran out of replies (no default set)",
                "server_error",
                "script_exhausted",
            ),
        )

    # -------------------------------------------------------------- internals
    def _record(self, method: str, path: str, headers: dict, body: Any) -> None:
        with self._lock:
            self.log.append({"method": method, "path": path, "headers": headers, "body": body})
            if method == "POST" and isinstance(body, dict):
                self.requests.append(body)
                self.request_headers.append(headers)

    def _register(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections.add(conn)

    def _unregister(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections.discard(conn)
