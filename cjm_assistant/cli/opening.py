"""How a command gets its session: on the offline engine unless it uses a model, with the map it names open."""

from __future__ import annotations

import sys

from cjm_assistant.cli import llm
from cjm_assistant.cli.output import note


def session(args, model: bool = False):
    """The session every command goes through; on the offline engine unless the command uses a model."""
    from cjm_assistant.session import Session

    if not model:
        opened = Session.start(args.db, engine="playbook")
    else:
        opened = Session.start(args.db, args.model, args.api_base, args.engine, deadline=args.deadline,
                               max_tokens=args.max_tokens)
        if opened.settings is not None and opened.settings.model:
            opened.listeners.append(llm.Progress(sys.stderr))
            whole = getattr(opened.engine, "one_deadline_per_run", None)
            if whole is not None:  # --deadline bounds the whole command, not each of its steps
                whole()
    if opened.store.damage:
        note(opened.store.damage)
    opened.store.connection.waiting = _waiting()
    return opened


def _notices(kind: str, data: object) -> None:
    """What the session tells show and export on the side (a damaged copy read from the versions): on stderr."""
    if kind == "notice":
        note(str(data))


def _waiting():
    """Said once on stderr when a write has waited a second for another program's lock (it waits a minute)."""
    told = False

    def waiting(seconds: float) -> None:
        nonlocal told
        if seconds >= 1 and not told:
            told = True
            note("waiting for the database: another program is writing to it (cjm waits up to a minute; "
                 "Ctrl+C stops it)")

    return waiting


def missing_database(args):
    """The database's path when there is no file there yet (a command that only reads must not make one: a
    mistyped --db would leave folders and an empty database behind); else None."""
    from cjm_assistant.locations import db_path

    path = db_path(args.db)
    return None if path.exists() else path


def existing(args, model: bool = False):
    """The session, for a command that needs a map: never a database made on the way (ValueError when none)."""
    path = missing_database(args)
    if path is not None:
        raise ValueError(f"there is no database at {path}, so no maps yet: check --db (or $CJM_DB), or make a map "
                         "first with `cjm` or `cjm new --answers FILE`")
    return session(args, model)


def with_map(args, model: bool = False, ref: str | None = None, opened=None):
    """A session with the map the command names open (the most recent one, said on stderr, when none is named);
    ``opened``: the session to open it in (else a new one)."""
    from cjm_assistant.store import StoreError

    opened = opened or existing(args, model)
    ref = ref if ref is not None else getattr(args, "map", None)
    if ref:
        try:
            opened.use_map(ref)
        except StoreError as missing:
            _refuse_a_version(opened, ref)
            raise missing from None
        return opened
    maps = opened.maps()
    if not maps:
        raise ValueError("which map? There are no maps yet: run `cjm` for the interview, or "
                         "`cjm new --answers FILE`")
    opened.use_map(maps[0].id)
    note(f"using the most recent map, {maps[0].id} “{maps[0].title}” (name another: `cjm list`)")
    return opened


def _refuse_a_version(opened, ref: str) -> None:
    """The sentence for ``MAP@1`` where a map is wanted, when ``ref`` names a version of a map that exists (as a
    ValueError); nothing otherwise."""
    from cjm_assistant.domain.errors import EditError
    from cjm_assistant.session.refs import parse_ref
    from cjm_assistant.store import StoreError

    try:
        named = parse_ref(ref)
        if named.version is None:
            return
        opened.use_map(named.map)
    except (EditError, StoreError):
        return
    raise ValueError(f"{ref!r} names one version of a map; this command takes the map itself, and works on its "
                     f"current version: {named.map!r} (`cjm undo {named.map}` goes back a version)")


def with_map_at(args):
    """For show and export: the session with the map open, and the version ``MAP@3`` (or ``--version``) names;
    None for the current one. A name whose ``@`` is not followed by a number is a name ("Tea @ Home")."""
    from cjm_assistant.session.refs import parse_ref

    from cjm_assistant.store import StoreError

    version = getattr(args, "map_version", None)
    name, at, _ = (args.map or "").rpartition("@")
    if at and name.strip():
        opened = existing(args)
        try:  # a title may hold an "@" ("Price @ home @3"): the whole text as a map's name first
            opened.use_map(args.map)
        except StoreError:
            ref = parse_ref(args.map)  # "MAP@3"; "MAP@-1", "MAP@v" get the sentence that says what a version is
            if version is not None and version != ref.version:
                raise ValueError(f"{args.map} and --version {version} name two different versions; give one of "
                                 "them") from None
            opened.use_map(ref.map)
            version = ref.version
    else:
        opened = with_map(args)
    # after the map is open: a session with listeners tells them of the map it opens, which loads the model
    opened.listeners.append(_notices)
    return opened, version


def with_words(args, model: bool = False):
    """For refine and ask: (session with the map open, the instruction or question).

    ``cjm ask MAP what hurts most?`` and ``cjm ask MAP "what hurts most?"`` name the map first; a first word
    that names no map is part of the text (``cjm refine add stage Returns``: the most recent map), unless the
    text after it was quoted as one argument, which says the first word was meant as the map. Before unquoted
    words, the first is a map only by its id or its whole title: ``cjm refine scrap the second pain point on
    Delivery`` is an instruction, whatever map's title starts "Scrap".
    """
    from cjm_assistant.store import StoreError

    from cjm_assistant.domain.history import step_in_words

    words = args.words
    # "cjm refine actually put that back": the words are one step back as a whole, never the map "Actually ..."
    # and the rest (quote the rest as one argument to name a map first)
    if len(words) > 1 and not (len(words) == 2 and " " in words[1].strip()) and step_in_words(" ".join(words)):
        return with_map(args, model, ref=""), " ".join(words)
    if len(words) > 1:
        opened = existing(args, model)
        quoted = len(words) == 2 and " " in words[1].strip()
        try:
            record = opened.use_map(words[0])
            if quoted or _whole(record, words[0]):
                opened.journey_or_fail()
                return opened, " ".join(words[1:])
        except StoreError:
            if "@" in words[0]:  # "MAP@1": a version of a map that exists is said, never read as the instruction
                _refuse_a_version(opened, words[0])
            if quoted:
                raise
        return with_map(args, model, ref="", opened=opened), " ".join(words)
    return with_map(args, model, ref=""), " ".join(words)


def _whole(record, said: str) -> bool:
    """Whether ``said`` names the map ``record`` whole: its id (or the start of it), or its whole title."""
    key = " ".join(said.split()).casefold()
    return (len(key) >= 4 and record.id.casefold().startswith(key)) or record.title.casefold() == key
