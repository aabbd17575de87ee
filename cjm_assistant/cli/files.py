"""`cjm export` and `cjm import`: a map to a file (or the terminal), and a map from a JSON file."""

from __future__ import annotations

import sys

from cjm_assistant.cli import opening
from cjm_assistant.cli.output import EXIT_OK
from cjm_assistant.export import FORMATS, clashing_extension, format_of_path
from cjm_assistant.userfiles import NoFolder


def cmd_export(args) -> int:
    output = args.output
    clash = clashing_extension(args.format, output) if output is not None and args.format is not None else ""
    args.format = args.format or (format_of_path(output) if output else None) or "md"
    to_stdout = output == "-"  # the Unix convention: `-o -` is the standard output, never a file named "-"
    if to_stdout:
        if args.open_file:
            raise ValueError("--open needs a file to open: give -o a file or folder, not -")
        if FORMATS[args.format].binary and sys.stdout.isatty():
            raise ValueError(f"{args.format} is a binary file: write it with -o FILE, or pipe -o - into a file")
        output = None
    elif output is None and (FORMATS[args.format].binary or args.open_file):
        output = "."  # never binary on a terminal; --open needs a file: the suggested name, here
    session, version = opening.with_map_at(args)
    try:
        if clash:  # never Markdown under a spreadsheet's name; what the path itself is (a database...) said first
            session.check_export_path(output, force=args.force, mkdir=args.mkdir)
            raise ValueError(clash)
        content, path = session.export(args.format, output, force=args.force, persona=args.persona, version=version,
                                       mkdir=args.mkdir)
    except NoFolder as e:
        raise NoFolder(e.path, "add --mkdir to create it") from None
    if path is None:
        if isinstance(content, bytes):  # `-o -` into a pipe
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
        else:
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
    from pathlib import Path

    from cjm_assistant.session.maps import read_map_file

    journey = read_map_file(args.file)  # first: a missing or bad file makes no database
    session = opening.session(args)
    map_id = session.import_map(journey, Path(args.file).expanduser().name)
    assert session.journey is not None
    print(f"Imported “{session.journey.title}” as {map_id}")
    print(map_id)
    return EXIT_OK


