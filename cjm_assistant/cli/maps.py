"""`cjm list`, `show`, `history`, `undo`, `redo`, `diff` and `schema`: the maps and their versions, no model."""

from __future__ import annotations

from cjm_assistant.cli import opening
from cjm_assistant.cli.output import EXIT_ERROR, EXIT_OK, err


def cmd_list(args) -> int:
    missing = opening.missing_database(args)
    if missing is not None:  # nothing to list, and nothing made (a mistyped --db made folders and a database)
        print(f"No maps yet (there is no database at {missing}). Run `cjm` to start an interview, or "
              "`cjm new --answers FILE`.")
        return EXIT_OK
    session = opening.session(args)
    maps = session.maps()
    if not maps:
        print("No maps yet. Run `cjm` to start an interview, or `cjm new --answers FILE`.")
        return EXIT_OK
    rows = [(m.id, m.title, m.persona or "-", m.kind, "?" if m.stages is None else str(m.stages), f"v{m.head}" if m.head is not None else "?",
             m.updated[:16].replace("T", " ")) for m in maps]
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
    session, version = opening.with_map_at(args)
    print(session.show(version), end="")
    return EXIT_OK


def cmd_history(args) -> int:
    from cjm_assistant.session import who

    for v in opening.with_map(args).history():
        mark = "*" if v.is_head else " "
        print(f"{mark} v{v.number:<4} {v.created[:19].replace('T', ' ')}  {who(v.author):<28} {v.message}")
    return EXIT_OK


def cmd_undo(args) -> int:
    return _walk(args, "undo")


def cmd_redo(args) -> int:
    return _walk(args, "redo")


def _walk(args, name: str) -> int:
    return walk(opening.with_map(args), name)


def walk(session, name: str, titled: bool = False, back: tuple[str, int] | None = None) -> int:
    """Go one version back ("undo") or forward ("redo") and say where the map is now (``titled``: which map, when
    the command did not name it); ``back``: several versions back (see ``Session.walk_back``)."""
    before = session.head
    after = session.walk_back(*back) if back else getattr(session, name)()
    the_map = f"“{session.journey.title}”" if titled else "the map"
    if after is None:  # nothing was done: say so where errors go, as every other failure does
        err(f"Nothing to {name}: {the_map} is at version {before}.")
        return EXIT_ERROR
    print(f"{name.capitalize()}: {the_map} is now at version {after} (was {before}).")
    return EXIT_OK


def cmd_schema(args) -> int:
    import json

    from cjm_assistant.domain.model import json_schema

    print(json.dumps(json_schema(), indent=2))
    return EXIT_OK


def cmd_diff(args) -> int:
    from cjm_assistant.domain.diff import to_text
    from cjm_assistant.export.changes import to_markdown

    result, ta, tb = opening.existing(args).compare(args.a, args.b)
    print(to_markdown(result, ta, tb) if args.format == "md" else f"{ta} → {tb}: {result.summary()}\n{to_text(result)}")
    return EXIT_OK


