"""`cjm new`, `refine`, `ask` and `future`: the commands where the engine (the playbook or a model) does the work."""

from __future__ import annotations

import re
import sys
import time

from cjm_assistant.cli import llm, opening
from cjm_assistant.cli.output import EXIT_ERROR, EXIT_OK, confirm, err
from cjm_assistant.domain.errors import over_the_limit
from cjm_assistant.domain.history import back_in_words, step_in_words
from cjm_assistant.domain.lanes import counted
from cjm_assistant.domain.views import pain_point_count
from cjm_assistant.export import format_of_path
from cjm_assistant.userfiles import NoFolder


def cmd_new(args) -> int:
    from cjm_assistant.interview import AnswersError, load_answers
    from cjm_assistant.userfiles import read_text

    # A refused file is said before the database is opened: `cjm --db NEW.db new --answers BAD.toml` makes no file.
    answers = load_answers(read_text(args.answers, limit=1_000_000, what="answers file"))
    fresh = opening.missing_database(args)
    session = opening.session(args, model=True)
    if args.export_to is not None:  # a bad --export path is said before a map is saved, so a retry makes no duplicate
        try:
            session.check_export_path(args.export_to, force=args.force, mkdir=args.mkdir)
        except NoFolder as e:
            _unmade(session, fresh)
            err(f"{NoFolder(e.path, 'add --mkdir to create it')}; nothing was saved")
            return EXIT_ERROR
        except ValueError as e:
            _unmade(session, fresh)
            err(f"{e}; nothing was saved")
            return EXIT_ERROR
    engine = session.engine
    started = time.monotonic()
    from cjm_assistant.engines.base import EngineError

    try:
        notes = session.interview_from_file(args.answers, answers)
        proposal = session.draft_map()
    except AnswersError:  # more than a map holds (61 channels): refused with nothing saved, and no new file left
        _unmade(session, fresh)
        raise
    except EngineError as e:  # its sentences speak of "the map", of which there is none yet
        if session.interview is None:  # the interview's run itself: said as it is
            raise
        err(f"{e} No map was made.")
        return EXIT_ERROR
    except ValueError as e:  # lists within their limits that together fill a map's list past its own (a stage's
        said = over_the_limit(e, in_file=True)  # opportunities from 20 personas' frustrations): one sentence
        if said is None:
            raise
        _unmade(session, fresh)
        err(f"{said}; no map was made")
        return EXIT_ERROR
    session.accept(proposal)
    journey = session.journey
    assert journey is not None
    print(f"Drafted “{journey.title}” with {engine.name}: {counted(len(journey.stages), 'stage')}, "
          f"{counted(sum(1 for _ in journey.touchpoints()), 'touchpoint')}, {pain_point_count(journey)}.")
    for note in [*notes, *proposal.notes]:
        print(f"  assumed: {note}")
    llm.usage_line(session, time.monotonic() - started)
    if args.export_to is not None:
        try:  # the format the file's name says ("map.xlsx": a workbook), else Markdown
            _, path = session.export(format_of_path(args.export_to) or "md", args.export_to, force=args.force,
                                     mkdir=args.mkdir)
        except (OSError, ValueError) as e:
            err(f"the map is saved as {session.map_id}, but the export failed: {e}")
            print(session.map_id)
            return EXIT_ERROR
        print(f"Wrote {path}")
    print(session.map_id)
    return EXIT_OK


def _unmade(session, fresh) -> None:
    """Close ``session`` and remove its database when this command made it (``fresh``: the path where there was no
    file before) and a refusal left it holding nothing of the user's: a refused command leaves no file behind."""
    if fresh is None or session.map_id is not None or session.interview is not None:
        return
    session.store.close()
    for path in (fresh, fresh.with_name(f"{fresh.name}-wal"), fresh.with_name(f"{fresh.name}-shm")):
        path.unlink(missing_ok=True)


def cmd_refine(args) -> int:
    session, instruction = opening.with_words(args, model=True)
    if step := step_in_words(instruction):  # `cjm refine MAP "undo that"`: what `cjm undo MAP` does
        from cjm_assistant.cli.maps import walk

        return walk(session, step, titled=True)  # say which map: the words may not have named it
    if back := back_in_words(instruction):  # "undo the last two changes", "go back to version 1"
        from cjm_assistant.cli.maps import walk

        return walk(session, "undo", titled=True, back=back)
    proposal = session.instruct(instruction)
    if proposal.empty:
        who = "the playbook" if session.engine.name == "playbook" else "the model"
        if getattr(proposal, "repeats", []):  # the map's own check left it out, not the engine
            err(f"no change: {' '.join(proposal.repeats)}")
        elif proposal.reply:
            err(f"no change: {who} says: {proposal.reply}")
        else:
            err(f"no change: {who} proposed nothing; say the change more concretely (name the stage and what to "
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
                loose = " and ".join(dict.fromkeys(_loose_kind(note) for note in proposal.notes))
                err("nothing was saved: a name was matched loosely (above); run again with --yes to save it, "
                    f"or name the {loose} exactly")
                return EXIT_ERROR
            if not confirm("Save this?"):
                print("Nothing was saved.")
                return EXIT_ERROR
        version = session.accept(proposal)
        print(f"Saved version {version}.")
        return EXIT_OK
    if session.engine.name != "playbook" and not args.yes and sys.stdin.isatty():
        # A model's reading of the words may not be what was meant: in a terminal, it is shown before it is saved
        # (a script, with no terminal, saves it as before; `cjm undo` takes it back).
        for line in proposal.diff.entries:
            print(line.line())
        if not confirm("Save this?"):
            print("Nothing was saved.")
            return EXIT_ERROR
        print(f"Saved version {session.accept(proposal)}.")
        return EXIT_OK
    version = session.accept(proposal)
    for line in proposal.diff.entries:
        print(line.line())
    print(f"Saved version {version}.")
    return EXIT_OK


def cmd_ask(args) -> int:
    session, question = opening.with_words(args, model=True)
    print(session.ask(question))
    return EXIT_OK


def cmd_future(args) -> int:
    session = opening.with_map(args)
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


def _loose_kind(note: str) -> str:
    """What a note of a loose match read a name as: "Understood “key” as the pain point “...”." -> "pain point"."""
    m = re.search(r"” as the ([a-z][a-z ]*?) “", note)
    return m.group(1) if m else "stage"
