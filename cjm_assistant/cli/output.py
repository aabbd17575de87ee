"""What the command line writes, and asks: safe streams, errors and notes on stderr, a yes/no question.

Every command prints its result on stdout and one clear line on stderr when something is wrong
(:func:`err`), then exits non-zero (``EXIT_ERROR``); never a traceback.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

EXIT_OK, EXIT_ERROR = 0, 1


class SafeStream:
    """A text stream that drops terminal escapes and bidi controls and redacts URL credentials on the way out:
    file names, CSV headers and cells, model replies... whatever is printed can never drive the terminal."""

    def __init__(self, stream) -> None:
        self._stream = stream  # cli.llm.Progress writes past it, by this name

    def write(self, text: str) -> int:
        from cjm_assistant.domain.text import redact, strip_unsafe

        if not _printable(text):
            text = strip_unsafe(text)
        return self._stream.write(redact(text))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _printable(text: str) -> bool:
    """True when ``text`` has nothing :func:`~cjm_assistant.domain.text.strip_unsafe` would change: every character
    but newlines and tabs is printable (str.isprintable), and every character strip_unsafe drops or rewrites is not.

    A command's whole output (a Markdown export: many lines) is checked in a few microseconds, where strip_unsafe
    would compile its three patterns (some 2 ms of a command's start) to find nothing to do.
    """
    return text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()


@contextmanager
def safe_output():
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def note(message: str) -> None:
    print(f"cjm: {message}", file=sys.stderr)


def err(message: str) -> None:
    first = message.strip().splitlines() or ["error"]
    print(f"cjm: {first[0]}", file=sys.stderr)
    for line in first[1:]:
        print(f"  {line}", file=sys.stderr)


def confirm(question: str, out=None) -> bool:
    """Ask on the terminal; with no terminal, the answer is no (pass --yes in scripts). Any yes of
    :func:`~cjm_assistant.knowledge.questions.consent` ("y", "yes", "yep", "sure") says yes; anything else, no."""
    from cjm_assistant.knowledge.questions import consent

    out = out or sys.stdout
    if not sys.stdin.isatty():
        print(f"{question} [y/N] no (not a terminal; pass --yes to accept)", file=out)
        return False
    try:
        print(f"{question} [y/N] ", end="", file=out, flush=True)
        return consent(input()) == "accept"
    except EOFError:
        return False
