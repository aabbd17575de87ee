"""The command line: the same session as the TUI, without a screen.

``cjm`` alone opens the TUI. Every other command prints its result on stdout,
one clear line on stderr when something is wrong, and exits non-zero then;
never a traceback.

The package: :mod:`~.parser` (the commands, their options and help), :mod:`~.output` (safe
streams, errors, questions), :mod:`~.opening` (the session with the map a command names), and the
handlers by concern, each imported only when its command runs: :mod:`~.maps` (list, show, history,
undo, redo, diff, schema), :mod:`~.files` (export, import), :mod:`~.assistant` (new, refine, ask,
future), :mod:`~.evidence` and :mod:`~.llm` (the model's options, progress, cost and doctor).
"""

from __future__ import annotations

import gc
import importlib
import sys

from cjm_assistant.cli.output import EXIT_ERROR, EXIT_OK, err, safe_output
from cjm_assistant.cli.parser import COMMANDS, MODEL_HANDLERS, build_parser, command_at, unknown_command


def tune_gc() -> None:
    """Collect young objects every 10,000 allocations rather than every 700.

    A big map is tens of thousands of objects; with the default thresholds, building or walking one (a load,
    a dump, the rows of a version) sets off collections that walk the whole heap again and again, and the cost
    per item of such work on a 25,000-item map was four times that on a 5,000-item one. With this, it stays
    flat; memory held by young cyclic garbage is still freed, a little later.
    """
    gc.set_threshold(10_000, 10, 10)


def _yes_before_the_words(words: list[str]) -> list[str]:
    """``cjm refine MAP --yes "..."`` as ``cjm refine --yes MAP "..."``: argparse takes the words of an instruction
    as one run, so an option between the map and the instruction stopped it ("unrecognized arguments")."""
    command = command_at(words)
    if command is None or words[command] != "refine":  # the command itself, not a map or an instruction's word
        return words
    at = command + 1
    rest = words[at:]
    end = rest.index("--") if "--" in rest else len(rest)
    flags = [w for w in rest[:end] if w in ("--yes", "-y")]
    return words[:at] + flags + [w for w in rest[:end] if w not in ("--yes", "-y")] + rest[end:]


def main(argv: list[str] | None = None) -> int:
    tune_gc()
    words = sys.argv[1:] if argv is None else argv
    unknown = unknown_command(words)
    if unknown:
        err(unknown)
        return 2
    words = _yes_before_the_words(words)
    # `cjm export ...`: only the command's parser reads what follows it; any option before it needs the whole parser.
    args = build_parser(only=words[0] if words and words[0] in COMMANDS else None).parse_args(words)
    if args.command is None:
        from cjm_assistant.tui import run

        return run(db=args.db, model=args.model, api_base=args.api_base, engine=args.engine)
    if COMMANDS[args.command][0] not in MODEL_HANDLERS:  # no model: the LLM engine's sentences are never made
        with safe_output():
            return _run(args)
    from cjm_assistant.engines.llm.errors import use_surface  # imports the LLM engine (not litellm)

    before = use_surface("cli")  # what to do next names --model, not the app's /model
    try:
        with safe_output():
            return _run(args)
    finally:
        use_surface(before)


def _run(args) -> int:
    try:
        module, name = COMMANDS[args.command]
        return getattr(importlib.import_module(f"cjm_assistant.cli.{module}"), name)(args)
    except KeyboardInterrupt:
        err("interrupted; nothing was lost (every saved step is in the database)")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:  # noqa: BLE001 - the last line of defence: one sentence, no traceback
        from cjm_assistant.domain.errors import over_the_limit
        from cjm_assistant.session import user_errors

        if (said := over_the_limit(e)) is not None:  # a map over one of its limits: never pydantic's errors
            err(f"{said}; nothing was changed")
            return EXIT_ERROR
        if isinstance(e, user_errors()) or isinstance(e, (OSError, ValueError)):
            err(str(e))
            return EXIT_ERROR
        err(f"unexpected error ({type(e).__name__}: {e}); please report it")
        return EXIT_ERROR


__all__ = ["main", "tune_gc"]
