"""The command line's words: the commands, their options and help, and where each command is handled.

Building the parser imports no handler: :data:`COMMANDS` names each command's module and function, and
:func:`cjm_assistant.cli.main` imports only the one that runs, so ``cjm list`` never loads what
``cjm new`` needs.
"""

from __future__ import annotations

import argparse
import os
import sys

from cjm_assistant import __version__
from cjm_assistant.export import FORMATS

# command -> (module under cjm_assistant.cli, function): the handlers, grouped by concern
COMMANDS = {
    "list": ("maps", "cmd_list"), "show": ("maps", "cmd_show"), "export": ("files", "cmd_export"),
    "import": ("files", "cmd_import"), "history": ("maps", "cmd_history"), "undo": ("maps", "cmd_undo"),
    "redo": ("maps", "cmd_redo"), "schema": ("maps", "cmd_schema"), "new": ("assistant", "cmd_new"),
    "refine": ("assistant", "cmd_refine"), "ask": ("assistant", "cmd_ask"), "diff": ("maps", "cmd_diff"),
    "doctor": ("llm", "cmd_doctor"), "evidence": ("evidence", "cmd_evidence"), "future": ("assistant", "cmd_future"),
}
MODEL_HANDLERS = frozenset({"assistant", "evidence", "llm"})  # the handlers whose commands may call a model

MAP_HELP = "a map id or the start of its title (default: the most recent map)"
EVIDENCE_HELP = """\
Match customer feedback to a map. Each comment is split into its parts
(sentences, "but", "although", ";" ...); each part gets a sentiment (from the
rating column when there is one: 1-5 stars, NPS 0-10, CSAT 1-5 or 1-7, and
from the words with vaderSentiment), a stage and, for a complaint, a pain
point, with a confidence. Parts below the confidence threshold are unplaced
and listed for you to assign (--assign ROW STAGE). An inferred pain point
becomes evidence-backed (†) only when at least 2 rows carry a confident
complaint about it, or 1 with a low rating; praise never supports a pain
point. Shows the proposal and saves it as a new version when you accept
(--yes accepts without asking); --list --why shows every row attached to an item
(† or not), its confidence against the threshold, and why it matched.

--report json prints, instead, one JSON object per row and saves nothing:
  {"row": 3, "text": "...", "sentiment": "negative|positive|mixed|neutral",
   "score_used": true, "parts": [{"text": "...", "sentiment": "...",
   "stage": "name or null", "pain_point": "name or null", "confidence": 0.71,
   "placed": true}, ...], "stage": "name or null", "pain_point": "name or null",
   "placed": true}
row is the data row from 1 (a CSV's header is not counted; in a text file, the
line), the same number --list, --assign, the unplaced list and the quotes on
the map use; sentiment is the row's overall reading (mixed: complaint and
praise parts); score_used: the row had a rating on the detected scale and it
was used; stage is the placed complaint part's stage, else the most confident
placed part's; pain_point is the complaint part's pain point on the map; names
are the map's. A row with no text has its line too ("text": "", neutral, no
parts, unplaced).
"""


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size().columns`` gives it ($COLUMNS, else stdout's terminal,
    else 80), without importing shutil: argparse makes a help formatter for every ``add_argument`` (to check its
    metavar), and the default one imports shutil, and bz2, lzma and zlib with it, on every command."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help formatter, as wide as the terminal, found without shutil (see :func:`_columns`)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class RawDescriptionHelpFormatter(HelpFormatter, argparse.RawDescriptionHelpFormatter):
    """:class:`HelpFormatter` keeping the description's own line breaks."""


def seconds(text: str) -> float:
    """``--deadline``: most seconds the model may work for the whole command."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    from cjm_assistant.config import MAX_DEADLINE, MIN_DEADLINE

    if not MIN_DEADLINE <= value <= MAX_DEADLINE:  # nan and inf are outside too
        raise argparse.ArgumentTypeError(f"give a number of seconds between {MIN_DEADLINE} and {MAX_DEADLINE}")
    return value


def tokens(text: str) -> int:
    """``--max-tokens``: most tokens one model reply may hold."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of tokens") from None
    if not 16 <= value <= 1_000_000:
        raise argparse.ArgumentTypeError("give a number of tokens between 16 and 1000000")
    return value


def _global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="the SQLite file to use (default: $CJM_DB, then your data folder)")
    parser.add_argument("--model", help="any model litellm can reach, e.g. openai/gpt-4o-mini (default: $CJM_MODEL)")
    parser.add_argument("--api-base", help="base URL of an OpenAI-compatible server (Ollama, llama.cpp, vLLM...)")
    parser.add_argument("--engine", choices=("playbook", "llm"),
                        help="playbook (offline, the default without a model) or llm")
    parser.add_argument("--deadline", type=seconds, metavar="SECONDS",
                        help="most seconds the model may work for this whole command, all its steps, retries and "
                             "waits included; then cjm stops it and says what was kept (default: 1800, or "
                             "config.toml)")
    parser.add_argument("--max-tokens", type=tokens, metavar="N",
                        help="most tokens one model reply may hold (default: per kind of call, from the model's "
                             "known limits)")


class _Unused:
    """A command's parser left unbuilt (see :func:`build_parser`): its arguments are not added."""

    def add_argument(self, *args, **kwargs) -> None:
        pass


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command; with ``only``, of that command alone (the others' parsers, 14 of them and some
    3 ms to build, are left out): for argv starting with that command, which only its parser reads (the top
    parser's usage names no command; its help, and a command mistyped, need the whole parser)."""
    parser = argparse.ArgumentParser(
        prog="cjm", formatter_class=HelpFormatter,
        description="Build a customer journey map by talking to your terminal. Run `cjm` alone for the app.",
    )
    parser.add_argument("--version", action="version", version=f"cjm-assistant {__version__}")
    _global_options(parser)
    # The same options after the subcommand (`cjm new --answers X --model M`): they only override when given.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS,
                                     formatter_class=HelpFormatter)
    _global_options(common)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, **kwargs) -> argparse.ArgumentParser:
        if only is not None and name != only:
            return _Unused()  # type: ignore[return-value]
        return sub.add_parser(name, parents=[common], **{"formatter_class": HelpFormatter, **kwargs})

    command("list", help="list your maps")
    p = command("show", help="print a map as Markdown")
    p.add_argument("map", nargs="?", help=MAP_HELP + "; MAP@3 shows version 3")
    p.add_argument("--version", dest="map_version", type=int, help="show this version instead of the current one")

    p = command("export", help="export a map: Markdown, JSON, CSV, Mermaid, priorities, a one-page brief, "
                                  "a web page (html) or a spreadsheet (xlsx)")
    p.add_argument("map", nargs="?", help=MAP_HELP + "; MAP@3 exports version 3")
    p.add_argument("--version", dest="map_version", type=int, help="export this version instead of the current one")
    p.add_argument("--format", "-f", choices=list(FORMATS), default=None, metavar="FORMAT",
                   help=f"one of {', '.join(FORMATS)} (default: the one the -o file's extension names, else md)")
    p.add_argument("-o", "--output", help="write to this file or folder, or - for the standard output (default: print; xlsx, and any format with "
                                          "--open, goes to its suggested file name in the current folder)")
    p.add_argument("--open", action="store_true", dest="open_file",
                   help="open the written file with the desktop's default application")
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
    p.add_argument("--mkdir", action="store_true", help="create the folder to write into if it does not exist")
    p.add_argument("--persona", help="only what concerns this persona (a name, the start of one, or an id): "
                                      "the items every persona shares, and this persona's own")

    p = command("import", help="import a map from a JSON file made by `cjm export --format json`")
    p.add_argument("file")

    p = command("history", help="list a map's versions")
    p.add_argument("map", nargs="?", help=MAP_HELP)
    for name, text in (("undo", "go back one version"), ("redo", "go forward one version")):
        p = command(name, help=text)
        p.add_argument("map", nargs="?", help=MAP_HELP)

    command("schema", help="print the JSON schema of a journey map")

    p = command("new", help="run the interview from an answers file and draft a map")
    p.add_argument("--answers", required=True, help="a TOML file of answers (see examples/)")
    p.add_argument("--export", dest="export_to", help="also write the map to this file or folder: in the format "
                                                      "its extension names (.json, .csv, .html, .xlsx...), else "
                                                      "Markdown")
    p.add_argument("--force", action="store_true", help="with --export: replace the file if it exists")
    p.add_argument("--mkdir", action="store_true", help="with --export: create its folder if it does not exist")

    p = command("refine", help="apply one plain-language instruction to a map")
    p.add_argument("words", nargs="+", metavar="[MAP] INSTRUCTION",
                   help="the map (default: the most recent) and the instruction; quotes are optional")
    p.add_argument("--yes", "-y", action="store_true",
                   help="save without asking (it asks in a terminal when a name was matched loosely or a "
                        "model proposed the change)")

    p = command("ask", help="ask a question about a map")
    p.add_argument("words", nargs="+", metavar="[MAP] QUESTION",
                   help="the map (default: the most recent) and the question; quotes are optional")

    p = command("diff", help="compare two maps, or two versions (MAP@3) of one")
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--format", "-f", choices=("text", "md"), default="text")

    p = command("evidence", help="import customer feedback (CSV, text, JSON lines) as evidence, or list it",
                description=EVIDENCE_HELP, formatter_class=RawDescriptionHelpFormatter)
    p.add_argument("map", nargs="?", help=MAP_HELP)
    p.add_argument("file", nargs="?", help="the feedback file; leave out with --list or --assign")
    p.add_argument("--text-column", help="the column (or JSON key) with the feedback text (default: detected)")
    p.add_argument("--score-column", help="the rating, score, NPS or stars column (default: detected)")
    p.add_argument("--date-column", help="the date column (default: detected)")
    p.add_argument("--channel-column", help="the channel or source column (default: detected)")
    p.add_argument("--yes", "-y", action="store_true", help="accept the proposal (and any model cost) without asking")
    p.add_argument("--report", choices=("json",),
                   help="print one JSON object per row (format above) and save nothing (a dry run)")
    p.add_argument("--list", action="store_true", help="list the evidence stored behind the map, with file and row")
    p.add_argument("--why", action="store_true",
                   help="with --list: for each item with rows attached (evidence-backed or not), the rows, "
                        "their confidence against the threshold and why they matched")
    p.add_argument("--unplaced", action="store_true", help="with --list: only the rows not placed on a stage")
    p.add_argument("--assign", nargs=2, metavar=("ROW", "STAGE"),
                   help="put a stored data row (12, or one part: 12.2; as --list numbers it) on a stage (id or "
                        "name), as a new version")
    p.add_argument("--pain-point", help="with --list: only the evidence behind this pain point; with --assign: "
                                        "also attach the row to this pain point (id or name)")
    p.add_argument("--source", help="with --assign: the file the row came from, when several were imported")
    p.add_argument("--force", action="store_true",
                   help="import a file even when its items are all stored already from a file of another name "
                        "(a copy: they would count twice)")

    p = command("future", help="make a future-state map with chosen opportunities applied")
    p.add_argument("map", nargs="?", help=MAP_HELP)
    p.add_argument("--opportunities", "-o", default="all",
                   help="comma-separated opportunity ids or names, or all (default: all)")

    command("doctor", help="check the model configuration")
    return parser



def command_at(argv: list[str]) -> int | None:
    """Where the command is in ``argv``: the first word that is neither an option nor a global option's value
    (``cjm --db x.db refine ...``); None when there is none."""
    takes_value = {"--db", "--model", "--api-base", "--engine", "--deadline", "--max-tokens"}
    skip = False
    for at, word in enumerate(argv):
        if skip:
            skip = False
        elif word in takes_value:
            skip = True
        elif not word.startswith("-"):
            return at
    return None


def unknown_command(argv: list[str]) -> str | None:
    """A sentence for a mistyped subcommand ("did you mean"), or None when the command is known."""
    at = command_at(argv)
    if at is None or argv[at] in COMMANDS:
        return None
    from cjm_assistant.domain.model import did_you_mean

    word = argv[at]
    match = did_you_mean(word, list(COMMANDS))
    hint = f"; did you mean `cjm {match}`?" if match else "; `cjm --help` lists the commands"
    return f"unknown command {word!r}{hint}"

