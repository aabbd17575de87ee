"""The command line: the same session as the TUI, without a screen.

``cjm`` alone opens the TUI. Every other command prints its result on stdout,
one clear line on stderr when something is wrong, and exits non-zero then;
never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from cjm_assistant import __version__, cli_llm
from cjm_assistant.export import FORMATS

EXIT_OK, EXIT_ERROR = 0, 1


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
(--yes accepts without asking); --list --why traces every † to its rows.

--report json prints, instead, one JSON object per row and saves nothing:
  {"row": 3, "text": "...", "sentiment": "negative|positive|mixed|neutral",
   "score_used": true, "parts": [{"text": "...", "sentiment": "...",
   "stage": "name or null", "pain_point": "name or null", "confidence": 0.71,
   "placed": true}, ...], "stage": "name or null", "pain_point": "name or null",
   "placed": true}
row is the data row from 1 (a CSV's header is not counted); sentiment is the
row's overall reading (mixed: complaint and praise parts); score_used: the
row had a rating on the detected scale and it was used; stage is the placed
complaint part's stage, else the most confident placed part's; pain_point is
the complaint part's pain point on the map; names are the map's. A row with
no text has its line too ("text": "", neutral, no parts, unplaced).
"""


def _global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="the SQLite file to use (default: $CJM_DB, then your data folder)")
    parser.add_argument("--model", help="any model litellm can reach, e.g. openai/gpt-4o-mini (default: $CJM_MODEL)")
    parser.add_argument("--api-base", help="base URL of an OpenAI-compatible server (Ollama, llama.cpp, vLLM...)")
    parser.add_argument("--engine", choices=("playbook", "llm"),
                        help="playbook (offline, the default without a model) or llm")
    parser.add_argument("--deadline", type=cli_llm.seconds, metavar="SECONDS",
                        help="most seconds one model step may take, retries included (default: 300, or config.toml)")
    parser.add_argument("--max-tokens", type=cli_llm.tokens, metavar="N",
                        help="most tokens one model reply may hold (default: per kind of call, from the model's "
                             "known limits)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cjm",
        description="Build a customer journey map by talking to your terminal. Run `cjm` alone for the app.",
    )
    parser.add_argument("--version", action="version", version=f"cjm-assistant {__version__}")
    _global_options(parser)
    # The same options after the subcommand (`cjm new --answers X --model M`): they only override when given.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    _global_options(common)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, **kwargs) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], **kwargs)

    command("list", help="list your maps")
    p = command("show", help="print a map as Markdown")
    p.add_argument("map", nargs="?", help=MAP_HELP)
    p.add_argument("--version", dest="map_version", type=int, help="show this version instead of the current one")

    p = command("export", help="export a map: Markdown, JSON, CSV, Mermaid, priorities, a one-page brief, "
                                  "a web page (html) or a spreadsheet (xlsx)")
    p.add_argument("map", nargs="?", help=MAP_HELP)
    p.add_argument("--format", "-f", choices=list(FORMATS), default="md")
    p.add_argument("-o", "--output", help="write to this file or folder (default: print; xlsx, and any format with "
                                          "--open, goes to its suggested file name in the current folder)")
    p.add_argument("--open", action="store_true", dest="open_file",
                   help="open the written file with the desktop's default application")
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
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
    p.add_argument("--export", dest="export_to", help="also write the map as Markdown to this file")
    p.add_argument("--force", action="store_true", help="with --export: replace the file if it exists")

    p = command("refine", help="apply one plain-language instruction to a map")
    p.add_argument("words", nargs="+", metavar="[MAP] INSTRUCTION",
                   help="the map (default: the most recent) and the instruction; quotes are optional")
    p.add_argument("--yes", "-y", action="store_true",
                   help="save without asking, even when a name was matched loosely")

    p = command("ask", help="ask a question about a map")
    p.add_argument("words", nargs="+", metavar="[MAP] QUESTION",
                   help="the map (default: the most recent) and the question; quotes are optional")

    p = command("diff", help="compare two maps, or two versions (MAP@3) of one")
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--format", "-f", choices=("text", "md"), default="text")

    p = command("evidence", help="import customer feedback (CSV, text, JSON lines) as evidence, or list it",
                description=EVIDENCE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
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
                   help="with --list: for each evidence-backed item, the rows behind it and why they matched")
    p.add_argument("--unplaced", action="store_true", help="with --list: only the rows not placed on a stage")
    p.add_argument("--assign", nargs=2, metavar=("ROW", "STAGE"),
                   help="put a stored row (12, or one part: 12.2) on a stage (id or name), as a new version")
    p.add_argument("--pain-point", help="with --list: only the evidence behind this pain point; with --assign: "
                                        "also attach the row to this pain point (id or name)")
    p.add_argument("--source", help="with --assign: the file the row came from, when several were imported")

    p = command("future", help="make a future-state map with chosen opportunities applied")
    p.add_argument("map", nargs="?", help=MAP_HELP)
    p.add_argument("--opportunities", "-o", default="all",
                   help="comma-separated opportunity ids or names, or all (default: all)")

    command("doctor", help="check the model configuration")
    return parser


def _unknown_command(argv: list[str]) -> str | None:
    """A sentence for a mistyped subcommand ("did you mean"), or None when the command is known."""
    takes_value = {"--db", "--model", "--api-base", "--engine", "--deadline", "--max-tokens"}
    words = iter(argv)
    for word in words:
        if word in takes_value:
            next(words, None)
        elif word.startswith("-"):
            continue
        elif word in COMMANDS:
            return None
        else:
            from cjm_assistant.domain.model import did_you_mean

            match = did_you_mean(word, list(COMMANDS))
            hint = f"; did you mean `cjm {match}`?" if match else "; `cjm --help` lists the commands"
            return f"unknown command {word!r}{hint}"
    return None


def tune_gc() -> None:
    """Collect young objects every 10,000 allocations rather than every 700.

    A big map is tens of thousands of objects; with the default thresholds, building or walking one (a load,
    a dump, the rows of a version) sets off collections that walk the whole heap again and again, and the cost
    per item of such work on a 25,000-item map was four times that on a 5,000-item one. With this, it stays
    flat; memory held by young cyclic garbage is still freed, a little later.
    """
    gc.set_threshold(10_000, 10, 10)


def main(argv: list[str] | None = None) -> int:
    tune_gc()
    unknown = _unknown_command(sys.argv[1:] if argv is None else argv)
    if unknown:
        _err(unknown)
        return 2
    args = build_parser().parse_args(argv)
    if args.command is None:
        from cjm_assistant.tui import run

        return run(db=args.db, model=args.model, api_base=args.api_base, engine=args.engine)
    from cjm_assistant.engines.llm.errors import use_surface

    before = use_surface("cli")  # what to do next names --model, not the app's /model
    try:
        with _safe_output():
            return _run(args)
    finally:
        use_surface(before)


def _run(args) -> int:
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        _err("interrupted; nothing was lost (every saved step is in the database)")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:  # noqa: BLE001 - the last line of defence: one sentence, no traceback
        from cjm_assistant.session import user_errors

        if isinstance(e, user_errors()) or isinstance(e, (OSError, ValueError)):
            _err(str(e))
            return EXIT_ERROR
        _err(f"unexpected error ({type(e).__name__}: {e}); please report it")
        return EXIT_ERROR


class _SafeStream:
    """A text stream that drops terminal escapes and bidi controls and redacts URL credentials on the way out:
    file names, CSV headers and cells, model replies... whatever is printed can never drive the terminal."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from cjm_assistant.domain.text import redact, strip_unsafe

        return self._stream.write(redact(strip_unsafe(text)))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@contextmanager
def _safe_output():
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _SafeStream(out), _SafeStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def _note(message: str) -> None:
    print(f"cjm: {message}", file=sys.stderr)


def _err(message: str) -> None:
    first = message.strip().splitlines() or ["error"]
    print(f"cjm: {first[0]}", file=sys.stderr)
    for line in first[1:]:
        print(f"  {line}", file=sys.stderr)


def _session(args, model: bool = False):
    """The session every command goes through; on the offline engine unless the command uses a model."""
    from cjm_assistant.session import Session

    if not model:
        session = Session.start(args.db, engine="playbook")
    else:
        session = Session.start(args.db, args.model, args.api_base, args.engine, deadline=args.deadline,
                                max_tokens=args.max_tokens)
        if session.settings is not None and session.settings.model:
            session.listeners.append(cli_llm.Progress(sys.stderr))
    if session.store.damage:
        _note(session.store.damage)
    return session


def _open(args, model: bool = False, ref: str | None = None):
    """A session with the map the command names open (the most recent one, said on stderr, when none is named)."""
    session = _session(args, model)
    ref = ref if ref is not None else getattr(args, "map", None)
    if ref:
        session.use_map(ref)
        return session
    maps = session.maps()
    if not maps:
        raise ValueError("which map? There are no maps yet: run `cjm` for the interview, or "
                         "`cjm new --answers FILE`")
    session.use_map(maps[0].id)
    _note(f"using the most recent map, {maps[0].id} “{maps[0].title}” (name another: `cjm list`)")
    return session


def _open_with_words(args, model: bool = False):
    """For refine and ask: (session with the map open, the instruction or question).

    ``cjm ask MAP what hurts most?`` and ``cjm ask MAP "what hurts most?"`` name the map first; a first word
    that names no map is part of the text (``cjm refine add stage Returns``: the most recent map), unless the
    text after it was quoted as one argument, which says the first word was meant as the map.
    """
    from cjm_assistant.store import StoreError

    words = args.words
    if len(words) > 1:
        session = _session(args, model)
        try:
            session.open_map(words[0])
            return session, " ".join(words[1:])
        except StoreError:
            if len(words) == 2 and " " in words[1].strip():
                raise
    return _open(args, model, ref=""), " ".join(words)


def cmd_list(args) -> int:
    session = _session(args)
    maps = session.maps()
    if not maps:
        print("No maps yet. Run `cjm` to start an interview, or `cjm new --answers FILE`.")
        return EXIT_OK
    rows = [(m.id, m.title, m.persona or "-", m.kind, str(m.stages), f"v{m.head}", m.updated[:16].replace("T", " "))
            for m in maps]
    header = ("ID", "TITLE", "PERSONA", "KIND", "STAGES", "VERSION", "UPDATED")
    widths = [min(max(len(r[i]) for r in [header, *rows]), 48) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell[:w].ljust(w) for cell, w in zip(row, widths)).rstrip())
    shown = {m.id for m in maps}
    links = [link for link in session.links() if link["map_id"] in shown]
    if links:
        print("\nLinked maps:")
        for link in links:
            what = "the future state of" if link["relation"] == "future-of" else f"{link['relation']}"
            print(f"  {link['map_id']} is {what} {link['source_id']} (v{link['source_version']})")
    return EXIT_OK


def cmd_show(args) -> int:
    print(_open(args).show(args.map_version), end="")
    return EXIT_OK


def cmd_export(args) -> int:
    output = args.output
    if output is None and (FORMATS[args.format].binary or args.open_file):
        output = "."  # never binary on a terminal; --open needs a file: the suggested name, here
    content, path = _open(args).export(args.format, output, force=args.force, persona=args.persona)
    if path is None:
        assert isinstance(content, str)  # a binary format always has a path
        sys.stdout.write(content)
        return EXIT_OK
    print(f"Wrote {path}")
    if args.open_file:
        from cjm_assistant.export.desktop import open_file

        if open_file(path):
            print("Opened it with the desktop's default application.")
        else:
            print("There is no desktop here to open it with (no display); open the file yourself.")
    return EXIT_OK


def cmd_import(args) -> int:
    session = _session(args)
    map_id = session.import_file(args.file)
    assert session.journey is not None
    print(f"Imported “{session.journey.title}” as {map_id}")
    print(map_id)
    return EXIT_OK


def cmd_history(args) -> int:
    from cjm_assistant.session import who

    for v in _open(args).history():
        mark = "*" if v.is_head else " "
        print(f"{mark} v{v.number:<4} {v.created[:19].replace('T', ' ')}  {who(v.author):<28} {v.message}")
    return EXIT_OK


def _walk(args, name: str) -> int:
    session = _open(args)
    before = session.head
    after = getattr(session, name)()
    if after is None:  # nothing was done: say so where errors go, as every other failure does
        _err(f"Nothing to {name}: the map is at version {before}.")
        return EXIT_ERROR
    print(f"{name.capitalize()}: the map is now at version {after} (was {before}).")
    return EXIT_OK


def cmd_schema(args) -> int:
    from cjm_assistant.domain.model import json_schema

    print(json.dumps(json_schema(), indent=2))
    return EXIT_OK


def cmd_new(args) -> int:
    session = _session(args, model=True)
    if args.export_to:  # a bad --export path is said before a map is saved, so a retry makes no duplicate
        try:
            session.check_export_path(args.export_to, force=args.force)
        except ValueError as e:
            _err(f"{e}; nothing was saved")
            return EXIT_ERROR
    engine = session.engine
    started = time.monotonic()
    notes = session.interview_from_file(args.answers)
    proposal = session.draft_map()
    session.accept(proposal)
    journey = session.journey
    assert journey is not None
    print(f"Drafted “{journey.title}” with {engine.name}: {len(journey.stages)} stages, "
          f"{sum(1 for _ in journey.touchpoints())} touchpoints, {sum(1 for _ in journey.pain_points())} pain points.")
    for note in [*notes, *proposal.notes]:
        print(f"  assumed: {note}")
    cli_llm.usage_line(session, time.monotonic() - started)
    if args.export_to:
        try:
            _, path = session.export("md", args.export_to, force=args.force)
        except (OSError, ValueError) as e:
            _err(f"the map is saved as {session.map_id}, but the export failed: {e}")
            print(session.map_id)
            return EXIT_ERROR
        print(f"Wrote {path}")
    print(session.map_id)
    return EXIT_OK


def cmd_refine(args) -> int:
    session, instruction = _open_with_words(args, model=True)
    proposal = session.instruct(instruction)
    if proposal.empty:
        _err(f"no change: the model says: {proposal.reply}" if proposal.reply else
             "no change: the model proposed nothing; say the change more concretely (name the stage and what to "
             "add, remove or rename)")
        return EXIT_ERROR
    from cjm_assistant.engines.llm.engine import READ_BY_RULE

    if READ_BY_RULE in proposal.reply:  # the model could not finish: say so, and that the rules read it
        print(proposal.reply.split(READ_BY_RULE, 1)[0] + READ_BY_RULE + ".")
    for line in getattr(proposal, "repeats", []):  # pain points already on the map, left out
        print(line)
    if proposal.notes:  # a name was read loosely: show what was understood before saving
        for note in proposal.notes:
            print(note)
        for line in proposal.diff.entries:
            print(line.line())
        if not args.yes:
            if not sys.stdin.isatty():
                _err("nothing was saved: a name was matched loosely (above); run again with --yes to save it, "
                     "or name the stage exactly")
                return EXIT_ERROR
            if not _confirm("Save this?"):
                print("Nothing was saved.")
                return EXIT_ERROR
        version = session.accept(proposal)
        print(f"Saved version {version}.")
        return EXIT_OK
    version = session.accept(proposal)
    for line in proposal.diff.entries:
        print(line.line())
    print(f"Saved version {version}.")
    return EXIT_OK


def cmd_ask(args) -> int:
    session, question = _open_with_words(args, model=True)
    print(session.ask(question))
    return EXIT_OK


def cmd_diff(args) -> int:
    from cjm_assistant.domain.diff import to_text
    from cjm_assistant.export.changes import to_markdown

    result, ta, tb = _session(args).compare(args.a, args.b)
    print(to_markdown(result, ta, tb) if args.format == "md" else f"{ta} → {tb}: {result.summary()}\n{to_text(result)}")
    return EXIT_OK


def cmd_evidence(args) -> int:
    from cjm_assistant import cli_evidence

    if args.assign:
        return cli_evidence.assign(_open(args), args)
    if args.list:
        return cli_evidence.list_rows(_open(args), args)
    if not args.file and args.map and Path(args.map).expanduser().is_file():
        args.map, args.file = None, args.map  # `cjm evidence FILE`: the most recent map
    if not args.file:
        raise ValueError("give the feedback file to import (cjm evidence MAP FILE), or --list to see what is stored")
    return cli_evidence.import_file(_open(args, model=True), args, _confirm, _note)


def _confirm(question: str, out=None) -> bool:
    """Ask on the terminal; with no terminal, the answer is no (pass --yes in scripts)."""
    out = out or sys.stdout
    if not sys.stdin.isatty():
        print(f"{question} [y/N] no (not a terminal; pass --yes to accept)", file=out)
        return False
    try:
        print(f"{question} [y/N] ", end="", file=out, flush=True)
        return input().strip().casefold() in ("y", "yes")
    except EOFError:
        return False


def cmd_future(args) -> int:
    session = _open(args)
    source = session.map_id
    refs = [r for r in args.opportunities.split(",") if r.strip()]
    proposal = session.propose_future(refs)
    for note in proposal.notes:
        print(f"  {note}")
    session.accept(proposal)
    journey = session.journey
    assert journey is not None
    print(f"Made “{journey.title}”: {proposal.reply}; linked to {source} v{proposal.derived_from[1]}.")
    print(session.map_id)
    return EXIT_OK


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
    store = cli_llm.doctor_store(args.db) if settings.model else None
    try:
        checks = doctor(settings, store=store)
    finally:
        if store is not None:
            store.close()
    for check in checks:
        print(f"{'ok  ' if check.ok else 'FAIL'}  {check.name}: {check.sentence}")
        failed |= not check.ok
    return EXIT_ERROR if failed else EXIT_OK


COMMANDS = {
    "list": cmd_list, "show": cmd_show, "export": cmd_export, "import": cmd_import, "history": cmd_history,
    "undo": lambda a: _walk(a, "undo"), "redo": lambda a: _walk(a, "redo"), "schema": cmd_schema,
    "new": cmd_new, "refine": cmd_refine, "ask": cmd_ask, "diff": cmd_diff, "doctor": cmd_doctor,
    "evidence": cmd_evidence, "future": cmd_future,
}
