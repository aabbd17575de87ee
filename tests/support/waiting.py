"""Waiting for something to happen, instead of sleeping a fixed time and hoping it did.

A fixed sleep is too short on a busy machine and too long on an idle one; a
test polls for what it expects instead, with a generous timeout and a failure
message that says what was seen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

POLL = 0.05  # seconds between two looks


def wait_until(look: Callable[[], T], timeout: float, what: str,
               seen: Callable[[], str] | None = None) -> T:
    """Call ``look`` until it returns something true, and return that.

    After ``timeout`` seconds, fail with ``what`` (what was awaited) and, when
    given, ``seen()`` (what there was instead, e.g. the screen).
    """
    deadline = time.monotonic() + timeout
    while True:
        result = look()
        if result:
            return result
        if time.monotonic() >= deadline:
            detail = f"; instead:\n{seen()}" if seen else ""
            raise AssertionError(f"timed out after {timeout} s waiting for {what}{detail}")
        time.sleep(POLL)
