"""Opening an exported file with the desktop's default application, when the machine has a desktop.

:func:`find_opener` is the one place that decides how: ``open`` on macOS,
``os.startfile`` on Windows, ``xdg-open`` on Linux and the BSDs when a
display is there. A server, a container or an SSH session without a display
has none, and :func:`open_file` says so by returning False rather than
starting a text-mode browser in the terminal. Tests replace
:func:`find_opener`, so nothing is ever opened by a test run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

Opener = Callable[[Path], None]


def _run(command: list[str]) -> Opener:
    def opener(path: Path) -> None:
        # Detached, quiet, not waited for: the application lives on after `cjm` returns.
        subprocess.Popen([*command, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)

    return opener


def find_opener() -> Opener | None:
    """How this machine opens a file with its default application, or None when it has no desktop."""
    if sys.platform == "win32":
        return lambda path: os.startfile(path)  # type: ignore[attr-defined]  # noqa: S606 - a file the user asked for
    if sys.platform == "darwin":
        return _run(["open"])
    xdg_open = shutil.which("xdg-open")
    if xdg_open and (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return _run([xdg_open])
    return None


def open_file(path: Path) -> bool:
    """Open ``path`` with the desktop's default application; False when there is none to open it with."""
    opener = find_opener()
    if opener is None:
        return False
    opener(path)
    return True
