"""The Textual front end: ``cjm`` with no command opens it.

``_start_time`` is imported first so the time to the first frame counts from
as early as possible; everything else (Textual included) is imported by
:func:`run`.
"""

from __future__ import annotations

from cjm_assistant.tui import _start_time  # noqa: F401 - first, on purpose


def run(db: str | None = None, model: str | None = None, api_base: str | None = None,
        engine: str | None = None) -> int:
    """Open the app; returns the exit code."""
    from cjm_assistant.tui.app import run as run_app

    return run_app(db=db, model=model, api_base=api_base, engine=engine)
