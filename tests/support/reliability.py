"""Helpers for the reliability tests (tests/test_reliability_*.py); holds no tests.

* :func:`fork` runs a function in a forked child whose stdout is a pipe back
  to the test, so a test can SIGKILL it at any moment and read what it had
  reported (imports are already done: a child starts in a millisecond);
* :func:`edit_ops` gives a deterministic, varied, bounded edit for step n;
* :func:`cjm` runs the real command line in a subprocess;
* :data:`RAW_CONTROL` / :func:`assert_no_raw_controls`: the terminal hygiene check.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from cjm_assistant.domain.model import JourneyMap

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

# C0 controls except tab and newline, DEL, and C1 controls: none may reach a terminal raw.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def assert_no_raw_controls(text: str, where: str = "") -> None:
    found = RAW_CONTROL.search(text)
    assert found is None, f"raw control {found.group()!r} in {where}: {text[max(0, found.start() - 40):found.end() + 40]!r}"


# -- forked children ------------------------------------------------------------------


def fork(target: Callable[..., None], *args) -> tuple[int, int]:
    """Run ``target(write, *args)`` in a forked child; returns (pid, fd to read what it wrote)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 0
        try:
            os.close(read)
            target(write, *args)
        except BaseException as e:  # noqa: BLE001 - reported to the parent
            try:
                os.write(write, f"ERROR {type(e).__name__}: {e}\n".encode())
            except OSError:
                pass
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def say(fd: int, line: str) -> None:
    """Write one whole line to the parent (one write call: the line is complete or absent)."""
    os.write(fd, (line + "\n").encode())


def read_all(fd: int) -> str:
    chunks = []
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode()


def kill_after(pid: int, seconds: float) -> None:
    """SIGKILL ``pid`` after ``seconds``: the moment of the crash is the test's choice, not a wait for an event."""
    time.sleep(seconds)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def complete_lines(text: str) -> list[str]:
    """The lines that were written whole (a kill may cut the last one)."""
    return text.split("\n")[:-1]


# -- edits ------------------------------------------------------------------------------


def edit_ops(journey: JourneyMap, n: int) -> list[dict]:
    """A deterministic edit for step ``n``, varied in kind and size, that never outgrows the bounds."""
    stage = journey.stages[n % len(journey.stages)]
    ops: list[dict] = [{"op": "add_thought", "stage": stage.id, "text": f"thought {n}"}]
    if len(stage.thoughts) >= 8:
        ops.append({"op": "remove_thought", "thought": stage.thoughts[0].id})
    if n % 5 == 0:
        ops.append({"op": "set_emotion", "stage": stage.id, "score": (n // 5) % 5 - 2})
    if n % 7 == 0:
        ops.append({"op": "rename_stage", "stage": stage.id, "name": f"{stage.name.split(' #')[0]} #{n}"})
    if n % 11 == 0 and stage.touchpoints:
        # A few kilobytes, so that a save spans several pages.
        ops.append({"op": "update_touchpoint", "touchpoint": stage.touchpoints[0].id,
                    "description": f"step {n}: " + "a long description " * 180})
    return ops


# -- the command line ---------------------------------------------------------------------


def cjm(*args: str, env: dict | None = None, timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    """Run ``cjm ARGS`` in a subprocess with this interpreter (so it works in any venv)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "cjm_assistant", *args], capture_output=True, text=True,
                          env=full_env, timeout=timeout, **kw)
