"""When this process started, so the time to the first frame can be reported.

Imported first thing by :mod:`cjm_assistant.tui`. The best clock wins:

1. ``CJM_START_TIME`` (seconds since the epoch, as ``time.time()`` gives) when a
   benchmark sets it just before launching ``cjm``: that counts everything,
   the interpreter's own start-up included;
2. else the process start time the kernel recorded (Linux ``/proc``), which
   also counts the interpreter's start-up;
3. else the moment this module was imported.
"""

from __future__ import annotations

import os
import time

IMPORTED_WALL = time.time()
IMPORTED_PERF = time.perf_counter()


def _from_env() -> float | None:
    try:
        value = float(os.environ.get("CJM_START_TIME", ""))
    except ValueError:
        return None
    return value if 0 < value <= IMPORTED_WALL else None


def _from_proc() -> float | None:
    """Seconds this process had been running when this module was imported (Linux)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22 of stat, counted after the name
    except (OSError, ValueError, IndexError, AttributeError):
        return None
    age = uptime - started
    return age if 0 <= age < 60 else None


_ENV = _from_env()
_AGE = None if _ENV is not None else _from_proc()
SOURCE = "CJM_START_TIME" if _ENV is not None else ("process start" if _AGE is not None else "import")


def elapsed() -> float:
    """Seconds since the process started (by the best clock available)."""
    if _ENV is not None:
        return time.time() - _ENV
    return time.perf_counter() - IMPORTED_PERF + (_AGE or 0.0)
