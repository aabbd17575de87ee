"""A real headless Chromium, driven over the DevTools protocol through a pipe, for the web-page tests.

Standard library only. ``--remote-debugging-pipe`` has Chromium read
commands from its fd 3 and write answers and events to its fd 4, one JSON
message per NUL-terminated chunk: no port, no websocket. A page is opened in
a fresh tab with the Page, Runtime, Log and Network domains on, so that
every console error, uncaught exception and network request is recorded
as it happens.

    with Chromium.start(tmp_path) as browser:
        page = browser.open(path)          # waits for the load event
        page.evaluate("document.title")
        page.problems()                    # console errors and exceptions
        page.requests()                    # every URL the page asked for
        png = page.screenshot(scale=0.25)
        pdf = page.pdf()

:func:`png_pixels` decodes a PNG (8-bit RGB or RGBA, not interlaced) with
zlib, for comparing a screenshot with a stored one.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import struct
import subprocess
import time
import zlib
from pathlib import Path
from typing import Any

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
         # Belt and braces: a request that escaped the page would go to a proxy that is not there.
         "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]
WIDTH, HEIGHT = 1600, 1000


def chromium_path() -> str | None:
    return os.environ.get("CJM_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


class BrowserError(RuntimeError):
    pass


def _above_4(fd: int) -> int:
    """The same pipe end on a descriptor above 4, so that putting the ends on 3 and 4 clobbers neither."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Chromium:
    def __init__(self, proc: subprocess.Popen, to_browser: int, from_browser: int):
        self.proc, self._out, self._in = proc, to_browser, from_browser
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    @classmethod
    def start(cls, profile: Path, executable: str | None = None) -> Chromium:
        executable = executable or chromium_path()
        if executable is None:
            raise BrowserError("chromium is not installed")
        cmd_read, cmd_write = map(_above_4, os.pipe())  # we write commands; Chromium reads them on fd 3
        out_read, out_write = map(_above_4, os.pipe())  # Chromium writes on fd 4; we read
        args = [executable, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"]
        # bash puts the two pipe ends on fds 3 and 4 (whatever numbers they have here), then becomes Chromium.
        script = f'exec 3<&{cmd_read} 4>&{out_write} {cmd_read}<&- {out_write}>&-; exec "$@"'
        proc = subprocess.Popen(["bash", "-c", script, "chromium", *args], pass_fds=(cmd_read, out_write),
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(cmd_read)
        os.close(out_write)
        return cls(proc, cmd_write, out_read)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (BrowserError, OSError):
            pass
        for fd in (self._out, self._in):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    # -- the protocol ----------------------------------------------------------

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("Chromium did not answer in time")
            ready, _, _ = select.select([self._in], [], [], left)
            if ready:
                chunk = os.read(self._in, 1 << 20)
                if not chunk:
                    raise BrowserError(f"Chromium closed the pipe (exit code {self.proc.poll()})")
                self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30) -> dict[str, Any]:
        """Send one command and wait for its answer; events that arrive meanwhile are kept in ``events``."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str, session: str, timeout: float = 30) -> dict[str, Any]:
        """The first event ``method`` of ``session`` not seen yet (waiting for it when needed)."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for event in self.events[seen:]:
                if event["method"] == method and event.get("sessionId") == session and not event.get("_seen"):
                    event["_seen"] = True
                    return event["params"]
            seen = len(self.events)
            reply = self._read_message(deadline)
            if "method" in reply:
                self.events.append(reply)

    def open(self, path: Path | str, scripts: bool = True) -> Page:
        """A new tab, 1600x1000, showing ``path`` (a file), once its load event has fired."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False}, session=session)
        if not scripts:
            self.send("Emulation.setScriptExecutionDisabled", {"value": True}, session=session)
        page.start = len(self.events)
        url = Path(path).resolve().as_uri() if not str(path).startswith(("file:", "data:")) else str(path)
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_for("Page.loadEventFired", session)
        return page


class Page:
    def __init__(self, browser: Chromium, session: str):
        self.browser, self.session, self.start = browser, session, 0

    def send(self, method: str, params: dict | None = None, timeout: float = 30) -> dict[str, Any]:
        return self.browser.send(method, params, session=self.session, timeout=timeout)

    def _events(self, *methods: str) -> list[dict[str, Any]]:
        return [e["params"] for e in self.browser.events[self.start:]
                if e.get("sessionId") == self.session and e["method"] in methods]

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression!r} threw: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions and error log entries since the page was opened."""
        self.evaluate("0")  # let events already sent arrive
        out = [f"exception: {e['exceptionDetails'].get('text')} {e['exceptionDetails'].get('exception', {})}"
               for e in self._events("Runtime.exceptionThrown")]
        out += [f"console.{e['type']}: {[a.get('value', a.get('description')) for a in e.get('args', [])]}"
                for e in self._events("Runtime.consoleAPICalled") if e["type"] in ("error", "warning", "assert")]
        out += [f"log {e['entry']['level']}: {e['entry'].get('text')} {e['entry'].get('url', '')}"
                for e in self._events("Log.entryAdded") if e["entry"]["level"] in ("error", "warning")]
        return out

    def requests(self) -> list[str]:
        """The URL of every request the page made (its own document included)."""
        self.evaluate("0")
        return [e["request"]["url"] for e in self._events("Network.requestWillBeSent")]

    def screenshot(self, scale: float = 1.0) -> bytes:
        """The viewport (1600x1000) as a PNG, scaled by ``scale``."""
        clip = {"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT, "scale": scale}
        return base64.b64decode(self.send("Page.captureScreenshot", {"format": "png", "clip": clip})["data"])

    def full_screenshot(self) -> bytes:
        """The whole page, top to bottom, as a PNG."""
        return base64.b64decode(self.send("Page.captureScreenshot",
                                          {"format": "png", "captureBeyondViewport": True})["data"])

    def pdf(self) -> bytes:
        """What "Print to PDF" gives, with the page's own @page size and margins and no header or footer."""
        options = {"printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": False}
        return base64.b64decode(self.send("Page.printToPDF", options, timeout=60)["data"])

    def print_layout(self, expression: str) -> Any:
        """``expression`` evaluated with the print stylesheet in force."""
        self.send("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            return self.evaluate(expression)
        finally:
            self.send("Emulation.setEmulatedMedia", {"media": ""})


# -- PNG and PDF -------------------------------------------------------------------


def png_pixels(data: bytes) -> tuple[int, int, int, bytes]:
    """(width, height, channels, pixels) of an 8-bit RGB or RGBA PNG, rows unfiltered, top to bottom."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, f"unsupported PNG: {header}"
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    out = bytearray(stride * height)
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                row[i] = (row[i] + row[i - channels]) & 0xFF
        elif kind == 2:
            for i in range(stride):
                row[i] = (row[i] + previous[i]) & 0xFF
        elif kind == 3:
            for i in range(stride):
                left = row[i - channels] if i >= channels else 0
                row[i] = (row[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = row[i - channels] if i >= channels else 0
                b, c = previous[i], previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        out[y * stride:(y + 1) * stride] = row
        previous = row
    return width, height, channels, bytes(out)


def difference(a: bytes, b: bytes, threshold: int = 48) -> float:
    """The share of pixels of two same-sized PNGs whose colour differs by more than ``threshold`` in any channel."""
    wa, ha, ca, pa = png_pixels(a)
    wb, hb, cb, pb = png_pixels(b)
    assert (wa, ha) == (wb, hb), f"sizes differ: {wa}x{ha} and {wb}x{hb}"
    differing = 0
    for i in range(wa * ha):
        x, y = pa[i * ca:i * ca + 3], pb[i * cb:i * cb + 3]
        if max(abs(x[0] - y[0]), abs(x[1] - y[1]), abs(x[2] - y[2])) > threshold:
            differing += 1
    return differing / (wa * ha)


def pdf_pages(data: bytes) -> int:
    """How many pages a PDF has: its ``/Type /Page`` objects (not ``/Pages``)."""
    import re

    assert data.startswith(b"%PDF"), "not a PDF"
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", data))
