"""The session's output: the open map printed as Markdown or exported to a format, on screen or to a file.

A part of :class:`~cjm_assistant.session.session.Session` (see there why parts): its methods name
the session by :class:`~cjm_assistant.session.contract.SessionParts`. Importing nothing heavy, so
that ``cjm show`` and ``cjm export`` stay cheap: what an export needs is imported when it runs.
"""

from __future__ import annotations

from pathlib import Path

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from typing import Any

    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.session.contract import SessionParts


class Exports:
    """Show and export the open map (or one of its versions, or one persona's view of it)."""

    def shown(self: SessionParts, version: int | None = None, checked: bool = False) -> Any:
        """The open map (or one of its versions) to print or export, not to change: the map if loaded; else its
        head read without the model when the store keeps its JSON and it is intact (a
        ``domain.readonly.ReadOnlyMap``, as validated when it was saved); else loaded from its versions.

        With ``checked`` (a JSON export, which must import again) a map rebuilt from the versions has its snapshot
        validated in full. A read head that is damaged is never used: the head is loaded from the versions (the
        authority), and the user is told.
        """
        map_id = self.map_id_or_fail()
        if version is not None and version != self.head:
            return self.store.load_checked(map_id, version) if checked else self.store.load(map_id, version)
        if self._journey is None:
            read = self.store.read_head(map_id)
            if read is not None and read[0] == self.head:
                if read[1] is not None:
                    return read[1]
                journey = self.store.load_checked(map_id, self.head)
                self._damaged_head(map_id)
                return journey
            if checked:
                return self.store.load_checked(map_id, self.head)
        return self.journey_or_fail()

    def _damaged_head(self: SessionParts, map_id: str) -> None:
        """Tell the user (a notice) that the map's read head is damaged and what was done instead."""
        self.emit("notice", f"the copy of map {map_id} kept for quick reading is damaged in the database; it was "
                            "read from its versions instead (the next change to the map rewrites the copy)")

    def show(self: SessionParts, version: int | None = None) -> str:
        """The open map (or one of its versions) as Markdown, with the evidence stored behind it."""
        text = self._export(self.shown(version), "md", version)
        assert isinstance(text, str)
        return text

    def export(self: SessionParts, fmt: str, path: str | Path | None = None, force: bool = False,
               persona: str | None = None, version: int | None = None,
               mkdir: bool = False) -> tuple[str | bytes, Path | None]:
        """The map (or its ``version``) in format ``fmt``: text, or bytes for a binary format (xlsx); with
        ``persona``, only what concerns that persona (see ``domain.views.for_persona``).

        With ``path`` it is also written there by the rules of :mod:`cjm_assistant.userfiles` (never the
        database, only regular files, an existing file only with ``force``, a missing folder only with ``mkdir``):
        to the file, or into a folder under the map's suggested name (with the map's id added when another file
        has that name).
        A JSON export is made only from an intact read head or from the validated versions, so that it imports
        again; nothing is written when neither can be read (StoreError).
        """
        from cjm_assistant import userfiles
        from cjm_assistant.export import format_named

        format_named(fmt)  # an unknown format is refused before anything is made
        if persona:
            from cjm_assistant.domain.views import for_persona

            checked = format_named(fmt).name == "json"
            old = version is not None and version != self.head
            if checked and self._journey is None:  # from the validated versions, as a JSON export of the whole map
                whole = self.store.load_checked(self.map_id_or_fail(), version if old else self.head)
            else:
                whole = self.store.load(self.map_id_or_fail(), version) if old else self.journey_or_fail()
            one = for_persona(whole, persona)
            return self._export_to(one, fmt, path, force, version, mkdir,
                                   persona=one.personas[0].name if one.personas else persona)
        return self._export_to(self.shown(version, format_named(fmt).name == "json"), fmt, path, force, version,
                               mkdir)

    def _export_to(self: SessionParts, journey: Any, fmt: str, path: str | Path | None, force: bool,
                   version: int | None, mkdir: bool = False, persona: str = "") -> tuple[str | bytes, Path | None]:
        from cjm_assistant import userfiles
        from cjm_assistant.export import format_named, suggest_filename

        if path is None:
            return self._export(journey, fmt, version), None

        def name_in_folder(taken: set[str]) -> str:
            # one persona's view beside the whole map's file: "sweet-crumbs-busy-parent-priya.md"
            name = suggest_filename(journey, fmt, persona=persona)
            if name in taken and self.map_id and not force:  # --force: the file of that name is replaced, as asked
                extension = format_named(fmt).extension
                name = f"{name.removesuffix(extension)}-{self.map_id}{extension}"
            return name

        try:
            target = userfiles.checked_target(path, self.store.path, force, name_in_folder)  # before the work
        except userfiles.NoFolder:
            if not mkdir:
                raise
            target = None
        content = self._export(journey, fmt, version)
        if target is None:  # the map, the persona and the format are known good by now: only then is the folder made
            userfiles.make_folder(path)
            target = userfiles.checked_target(path, self.store.path, force, name_in_folder)
        return content, userfiles.write_file(target, content)

    def check_export_path(self: SessionParts, path: str | Path, force: bool = False, mkdir: bool = False) -> None:
        """Refuse now, before any work is saved, a path :meth:`export` would refuse later (UnsafeTarget with a
        sentence); a folder is checked when the file's name in it is known, and a missing one is no reason to
        refuse with ``mkdir`` (it is created then)."""
        from cjm_assistant import userfiles

        if not str(path).strip() or not Path(path).expanduser().is_dir():  # "" is no folder, though "." is one
            try:
                userfiles.checked_target(path, self.store.path, force)
            except userfiles.NoFolder:
                if not mkdir:
                    raise

    def _export(self: SessionParts, journey: JourneyMap, fmt: str, version: int | None) -> str | bytes:
        """An export, with what its format takes from the store: the evidence summary, the linked maps."""
        from cjm_assistant.export import export, format_named

        from cjm_assistant.session.context import export_context

        return export(journey, fmt, **export_context(self, format_named(fmt).context, version))
