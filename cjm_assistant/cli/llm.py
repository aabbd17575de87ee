"""The command line's side of the model: its options, its progress on the terminal, what a run cost, `cjm doctor`.

Importing it is cheap: what doctor needs is imported when it runs (the checks of --deadline and --max-tokens
live with the parser, which every command builds).
"""

from __future__ import annotations

import time

from cjm_assistant.cli.output import EXIT_ERROR, EXIT_OK
from cjm_assistant.cli.parser import seconds, tokens  # noqa: F401 - the options' types, defined with the parser

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from typing import Any, TextIO


class Progress:
    """A session listener that shows a model reply's progress on a terminal's stderr: one line per step,
    rewritten while it streams ("cjm: stage 2 of 6 “Order”: 212 tokens, 14 s") and kept when it is done.
    Nothing is written when stderr is not a terminal (scripts and pipes see only results and errors)."""

    EVERY = 0.2  # seconds between two rewrites of the line

    def __init__(self, stream: TextIO):
        # Past the CLI's safe stream (which turns the carriage return that rewrites the line into a newline);
        # the line is made safe here instead: a step may name a stage the model wrote.
        self.stream = getattr(stream, "_stream", stream)
        self.last = 0.0
        self.width = 0

    def __call__(self, kind: str, data: Any) -> None:
        if kind != "progress" or not isinstance(data, dict) or not _is_terminal(self.stream):
            return
        now = time.monotonic()
        done = bool(data.get("done"))
        if not done and now - self.last < self.EVERY:
            return
        self.last = now
        from cjm_assistant.domain.text import redact, strip_unsafe

        step = " ".join(redact(strip_unsafe(str(data.get("step") or "the model"))).split())
        line = f"cjm: {step}: {int(data.get('tokens') or 0):,} tokens, " \
               f"{float(data.get('elapsed') or 0):.{1 if done else 0}f} s"
        pad = " " * max(0, self.width - len(line))
        self.width = 0 if done else len(line)
        self.stream.write(f"\r{line}{pad}" + ("\n" if done else ""))
        self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def usage_line(session: Any, elapsed: float) -> None:
    """Model calls, tokens and time of a run, when a model was used (on stdout)."""
    totals = session.totals()
    if totals.get("calls"):
        cost = f", ${totals['cost']:.4f}" if totals.get("cost") else ""
        print(f"  model: {totals['calls']} call{'s' if totals['calls'] != 1 else ''}, {totals['tokens']:,} tokens "
              f"({totals['prompt_tokens']:,} in, {totals['completion_tokens']:,} out){cost}, {elapsed:.1f} s.")


def doctor_store(db: str | None) -> Any:
    """The database, for doctor to remember which structured-output format works (None if it cannot be opened)."""
    from cjm_assistant.locations import db_path
    from cjm_assistant.store import Store

    try:
        return Store.open(db_path(db))
    except Exception:  # noqa: BLE001 - doctor works without it
        return None


def cmd_doctor(args) -> int:
    from cjm_assistant.config import load_settings
    from cjm_assistant.doctor import doctor
    from cjm_assistant.locations import db_path
    from cjm_assistant.store.files import integrity

    ok, sentence = integrity(db_path(args.db))
    print(f"{'ok  ' if ok else 'FAIL'}  database: {sentence}")
    failed = not ok
    settings = load_settings(model=args.model, api_base=args.api_base, deadline=args.deadline,
                             max_tokens=args.max_tokens)
    store = doctor_store(args.db) if settings.model else None
    try:
        checks = doctor(settings, store=store)
    finally:
        if store is not None:
            store.close()
    for check in checks:
        print(f"{'ok  ' if check.ok else 'FAIL'}  {check.name}: {check.sentence}")
        failed |= not check.ok
    return EXIT_ERROR if failed else EXIT_OK
