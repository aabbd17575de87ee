"""`cjm evidence`: import customer feedback, print the report, list what is stored, trace it, assign rows.

The command's options are parsed in :mod:`cjm_assistant.cli.parser` (its help
text documents the ``--report json`` format); these functions get the session
with the map open and print on stdout (and on stderr with ``--report``, whose
stdout is only JSON lines).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cjm_assistant.cli import opening
from cjm_assistant.cli.output import EXIT_ERROR, EXIT_OK, confirm, note

CONFIRM_ABOVE = 200  # items: an LLM import larger than this asks first (unless --yes)


def cmd_evidence(args) -> int:
    if args.assign:
        return assign(opening.with_map(args), args)
    if args.list:
        return list_rows(opening.with_map(args), args)
    if not args.file and args.map and Path(args.map).expanduser().is_file():
        args.map, args.file = None, args.map  # `cjm evidence FILE`: the most recent map
    if not args.file:
        raise ValueError("give the feedback file to import (cjm evidence MAP FILE), or --list to see what is stored")
    return import_file(opening.with_map(args, model=True), args)


def import_file(session, args) -> int:
    """`cjm evidence MAP FILE`: read, match, show the proposal (or print the report) and save when accepted."""
    from cjm_assistant.evidence import ReadOptions

    if not args.report:  # said before the file is read (a big one takes a while), not after
        session.store.check_writable("a dry run with --report still reads the file and saves nothing")
    options = ReadOptions(args.text_column, args.score_column, args.date_column, args.channel_column)
    feedback = session.read_evidence(args.file, options)
    say = note if args.report else print
    say(f"Read {feedback.describe()}.")
    for line in feedback.notes:
        say(f"  {line}")
    cost = session.estimate_evidence(feedback)
    if not cost.free and len(feedback.items) > CONFIRM_ABOVE and not args.yes:
        say(f"This will take {cost.sentence()}.")
        if not confirm("Go ahead?", sys.stderr if args.report else sys.stdout):
            say("Nothing was imported.")
            return EXIT_ERROR
    progress = _progress_bar(len(feedback.items))
    if args.report:
        from cjm_assistant.evidence.report import every_row

        def write(row: dict) -> None:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")

        each, rest = every_row(feedback, write)
        result = session.evidence_report(feedback, each, on_progress=progress)
        rest()
        _done_progress(progress)
        note(result.reply.replace("Analysed", "Dry run: analysed", 1) + " Nothing was saved.")
        return EXIT_OK
    # said in the map's conversation only once accepted: a run that saves nothing leaves no trace
    proposal = session.import_evidence(feedback, on_progress=progress, force=args.force, record=False)
    _done_progress(progress)
    print(proposal.reply)
    for line in proposal.notes:
        print(f"  {line}")
    _print_unplaced(proposal.evidence)
    items = proposal.new_items
    if not proposal.ops and not items:
        print("Nothing to change on the map; nothing was saved.")
        return EXIT_OK
    if proposal.ops:
        print(f"Proposed changes ({len(proposal.ops)}):")
        for line in proposal.diff.entries:
            print(f"  {line.line()}")
    else:  # the rows are still kept: listed, traced, and assigned by hand as the unplaced list says
        print(f"Nothing to change on the map itself; the {items:,} evidence row{'s' if items != 1 else ''} can be "
              "stored to list and assign them.")
    if not args.yes and not confirm("Accept these changes?" if proposal.ops else "Store the rows?"):
        print("Nothing was saved. Run again with --yes to accept.")
        return EXIT_ERROR
    session.record_import(proposal)
    version = session.accept(proposal)
    print(f"Saved version {version} with {items:,} evidence rows "
          f"(see them with: cjm evidence {session.map_id} --list).")
    return EXIT_OK


UNPLACED_LISTED = 20


def _print_unplaced(result) -> None:
    if not result.unplaced:
        return
    total = result.counts["unplaced"]
    print(f"Unplaced ({total:,}: not sure which stage; assign with `cjm evidence MAP --assign ROW STAGE` once "
          "saved):")
    for row, text in result.unplaced[:UNPLACED_LISTED]:
        print(f"  row {row}: {' '.join(text.split())[:100]}")
    if total > UNPLACED_LISTED:
        print(f"  … and {total - UNPLACED_LISTED:,} more (`cjm evidence MAP --list --unplaced`)")


def _terminal():
    """stderr past the SafeStream (which turns a lone "\\r" into a new line): the bar is our own text, and it
    must go back to the start of its line to update in place."""
    return getattr(sys.stderr, "_stream", sys.stderr)


def _progress_bar(total: int):
    """A progress callback drawing a bar on stderr when it is a terminal (None otherwise): one line,
    rewritten in place ("\\r"), never a new line per update."""
    if not sys.stderr.isatty() or total < 1:
        return None

    def show(done: int, of: int) -> None:
        width = 30
        filled = int(width * done / max(1, of))
        stream = _terminal()
        stream.write(f"\r  matching [{'#' * filled}{'.' * (width - filled)}] {done:,}/{of:,} rows")
        stream.flush()

    return show


def _done_progress(progress) -> None:
    if progress is not None:
        stream = _terminal()
        stream.write("\r\033[K")
        stream.flush()


def assign(session, args) -> int:
    """`cjm evidence MAP --assign ROW STAGE [--pain-point PP]`."""
    row, stage = args.assign
    unplaced = {pp.id for pp in session.journey.unplaced} if session.journey is not None else set()
    version, rows = session.assign_evidence(row, stage, args.pain_point, args.source)
    journey = session.journey
    assert journey is not None
    names = {item.id: getattr(item, "name", "") for _, item, _ in journey.items()}
    where = names.get(rows[0]["stage_id"], stage)
    if rows[0]["pain_point_id"]:
        where += f", {rows[0]['pain_point_id']} “{names.get(rows[0]['pain_point_id'], '')}”"
    print(f"Assigned {rows[0]['source']} row {row} ({len(rows)} part{'s' if len(rows) != 1 else ''}) to {where}; "
          f"saved version {version}.")
    placed = next((found[1] for found in [journey.find(pp) for pp in unplaced]
                   if found is not None and found[2] is not None and found[2].id == rows[0]["stage_id"]), None)
    if placed is not None:
        on = names.get(rows[0]["stage_id"], stage)
        print(f"Placed pain point {placed.id} “{placed.name}” on “{on}” too: it was under 'Not yet placed' "
              "(undo with `cjm undo MAP`).")
    praise = [r for r in rows if args.pain_point and not r["pain_point_id"]]
    if praise:
        print(f"{len(praise)} part{'s' if len(praise) != 1 else ''} of it praise{'s' if len(praise) == 1 else ''}: "
              "praise never counts for a pain point, so it is on the stage only.")
    if praise and placed is None and (kept := _still_unplaced(journey, args.pain_point, unplaced)) is not None:
        print(f"Pain point {kept.id} “{kept.name}” stays under 'Not yet placed': no complaint of row {row} is on "
              f"it, so the row does not say where it happens. To place it: cjm refine MAP \"move pain point "
              f"'{kept.name}' to {names.get(rows[0]['stage_id'], stage)}\".")
    return EXIT_OK


def _still_unplaced(journey, pain_point: str, unplaced: set[str]):
    """The pain point ``pain_point`` names when it was under 'Not yet placed' and is still there, else None."""
    from cjm_assistant.domain import edits
    from cjm_assistant.engines.instructions import loose_ref

    found = edits.find_in_lane(journey, "pain_points", loose_ref(journey, "pain_points", pain_point))[0]
    return found if found.id in unplaced and any(pp.id == found.id for pp in journey.unplaced) else None


def list_rows(session, args) -> int:
    """`cjm evidence MAP --list [--why] [--unplaced] [--pain-point PP]`."""
    rows = session.evidence_rows(pain_point=args.pain_point)
    if args.unplaced:
        rows = [r for r in rows if not r["stage_id"]]
    journey = session.journey
    assert journey is not None
    whole = args.why and not args.pain_point and not args.unplaced  # every † item, rows behind it or not
    if not rows:
        print("No evidence stored for this map" + (" and pain point" if args.pain_point else "")
              + ". Import some with: cjm evidence MAP FILE")
        if not whole or not any(item.provenance == "evidence" for _, item, _ in journey.items()):
            return EXIT_OK
    names = {item.id: getattr(item, "name", "") for _, item, _ in journey.items()}
    if args.why:
        return why(journey, rows, names, _came_with(session))
    print(f"{'SOURCE:ROW':<30} {'SENTIMENT':<9} {'CONF':>4} {'STAGE':<18} {'PAIN POINT':<28} TEXT")
    for row in rows:
        where = f"{row['source']}:{row['row']}" + (f".{row['part']}" if row.get("part_text") else "")
        stage = (names.get(row["stage_id"] or "", "-") or "-") if row["stage_id"] else "(unplaced)"
        pain = f"{row['pain_point_id']} {names.get(row['pain_point_id'], '')}".strip() if row["pain_point_id"] else "-"
        text = " ".join(str(row.get("part_text") or row["text"]).split())
        conf = f"{row['confidence']:.2f}" if row.get("confidence") is not None else "-"
        print(f"{where[:30]:<30} {row.get('sentiment') or row['kind'] or '-':<9} {conf:>4} {stage[:18]:<18} "
              f"{pain[:28]:<28} {text[:100]}")
    items = len({(r["source"], r["row"]) for r in rows})
    print(f"{items} item{'s' if items != 1 else ''}.")
    return EXIT_OK


def _came_with(session) -> tuple[set[str], str]:
    """(the ids of the items that were evidence-backed (†) in the map's first version, where they came from): an
    imported map brings its † items with it, but not the rows behind them, which stayed in the database it was
    exported from; nor does a map made from another one (a future state)."""
    first = session.store.version(session.map_id, 1)
    backed = {item.id for _, item, _ in session.store.load(session.map_id, 1).items() if item.provenance == "evidence"}
    message = first.message or ""
    if message.startswith("imported from "):
        return backed, f"the imported map ({message.removeprefix('imported from ')})"
    return backed, f"the map as first saved ({message})" if message else "the map as first saved"


def why(journey, rows: list[dict], names: dict[str, str], came_with: tuple[set[str], str] = (set(), "")) -> int:
    """Every item on the map with rows attached, and every evidence-backed (†) one: the rows behind it, each with
    its confidence against the threshold that placed it and why it matched; then the rows on a stage but on none
    of its pain points or praise thoughts. The thresholds are said first. A † item with no row behind it either
    came with the map (``came_with``: the items † in its first version, and where they came from) or lost its
    rows since (moved or deleted)."""
    from cjm_assistant.evidence.match import MODEL_PLACED, PAIN_AT, PLACE_AT, place_threshold, row_threshold
    from cjm_assistant.evidence.propose import MIN_PRAISE, SUPPORT_AT, SUPPORT_ROWS

    offline = place_threshold()
    # the threshold each row was placed at: a language model's rows at its own (PLACE_AT), the rest at the offline one
    used = {row_threshold(r.get("reason")) for r in rows if not str(r.get("reason") or "").startswith("assigned by")}
    place_at = next(iter(used)) if len(used) == 1 else offline
    both = f" ({PLACE_AT:g} for the rows a language model placed)" if len(used) > 1 else ""
    neutral = place_threshold(feeling="neutral")
    if neutral > offline and any(not str(r.get("reason") or "").startswith("assigned by") and
                                 MODEL_PLACED not in str(r.get("reason") or "") for r in rows):
        both += f" ({neutral:g} for a part that neither praises nor complains)"
    by_pain: dict[str, list[dict]] = {}
    for row in rows:
        if row["pain_point_id"]:
            by_pain.setdefault(row["pain_point_id"], []).append(row)
    praise_on: dict[str, list[dict]] = {}  # stage -> the rows praising it (what a praise thought quotes and counts)
    for row in rows:
        if row["stage_id"] and row.get("placed", 1) and (row.get("sentiment") == "positive" or row["kind"] == "praise"):
            praise_on.setdefault(row["stage_id"], []).append(row)
    shown_rows: set[int] = set()
    listed = [(lane, item, stage) for lane, item, stage in journey.items()
              if item.provenance == "evidence" or (lane in ("pain_points", "unplaced") and item.id in by_pain)]
    print(f"A part of a row is placed on a stage when its confidence is {place_at:g} or more (the threshold){both}; a "
          f"complaint is attached to a pain point it fits with a confidence of {PAIN_AT:g} or more. A pain point is "
          f"evidence-backed (†) with {SUPPORT_ROWS} complaints that fit it with {SUPPORT_AT:g} or more, or one "
          f"with a low rating; praise of a stage becomes a thought (†) from {MIN_PRAISE} rows.")
    if not listed:
        print("Nothing on this map is backed by evidence yet (†).")
    for lane, item, stage in listed:
        label = getattr(item, "name", None) or getattr(item, "text", "")
        where = f" ({stage.name})" if stage else " (not yet placed)" if lane == "unplaced" else ""
        if lane in ("pain_points", "unplaced"):
            behind = by_pain.get(item.id, [])
        else:  # a thought quoting the praise for its stage: the rows praising that stage, the quoted one first
            behind = sorted(praise_on.get(stage.id, []) if stage else [],
                            key=lambda r: str(r.get("part_text") or r["text"]).strip() not in label)
        shown = label if label.startswith(("“", '"')) else f"“{label}”"  # a quote from the evidence is quoted already
        backed = item.provenance == "evidence"
        print(f"{'†' if backed else ' '} {item.id} {shown}{where}: {len(behind)} row{'s' if len(behind) != 1 else ''}"
              + (" praising this stage" if lane not in ("pain_points", "unplaced") and behind else "")
              + ("" if backed else " (said in the interview: evidence adds to it, it is not marked †)"
                 if item.provenance == "user" else f" (not †: fewer than {SUPPORT_ROWS} fit it with {SUPPORT_AT:g}"
                 " or more, and none is rated low)"))
        if backed and not behind and item.id in came_with[0]:
            print(f"    (its evidence came with {came_with[1]}: no rows of it are stored in this database)")
        elif backed and not behind:
            print("    (no stored row is behind it any more: the rows were moved or deleted since)")
        for row in behind:
            shown_rows.add(id(row))
            _why_row(row, row_threshold(row.get("reason"), sentiment=row.get("sentiment")))
    for stage in journey.stages:
        rest = [r for r in rows if r["stage_id"] == stage.id and id(r) not in shown_rows and r.get("placed", 1)]
        if rest:
            print(f"  stage “{stage.name}”: {len(rest)} more row{'s' if len(rest) != 1 else ''} on the stage, on "
                  "none of its pain points or thoughts")
        for row in rest:
            _why_row(row, row_threshold(row.get("reason"), sentiment=row.get("sentiment")))
    unplaced = len({(r["source"], r["row"]) for r in rows if not r["stage_id"] or not r.get("placed", 1)}
                   - {(r["source"], r["row"]) for r in rows if r["stage_id"] and r.get("placed", 1)})
    if unplaced:
        print(f"{unplaced} row{'s are' if unplaced != 1 else ' is'} on no stage (below the threshold or unclear): "
              "see them with --list --unplaced.")
    return EXIT_OK


def _why_row(row: dict, place_at: float) -> None:
    """One row of ``--list --why``: where it came from, its confidence against the threshold, and why."""
    text = " ".join(str(row.get("part_text") or row["text"]).split())
    reason = row.get("reason") or ""
    if row.get("confidence") is None:
        conf = "-"
    elif reason.startswith("assigned by"):
        conf = f"{row['confidence']:.2f} (assigned, no threshold)"
    else:
        conf = f"{row['confidence']:.2f} (threshold {place_at:g})"
    print(f"    {row['source']}:{row['row']}  {row.get('sentiment') or row['kind']}, confidence {conf}: "
          f"“{text[:120]}”")
    if reason:
        print(f"        why: {reason}")
