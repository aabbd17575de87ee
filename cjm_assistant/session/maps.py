"""The session's maps: opening, listing and importing maps, and the maps linked to one (its future states).

A part of :class:`~cjm_assistant.session.session.Session` (see there why parts): its methods name
the session by :class:`~cjm_assistant.session.contract.SessionParts`.
"""

from __future__ import annotations

from pathlib import Path

from cjm_assistant.store import MapRecord

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from typing import Any

    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.session.contract import SessionParts


class Maps:
    """Which map is open, the maps there are, and the links between them."""

    def open_map(self: SessionParts, ref: str) -> JourneyMap:
        self.use_map(ref)
        return self.journey_or_fail()

    def use_map(self: SessionParts, ref: str) -> MapRecord:
        """Open a map (by id or title, as ``find_map`` reads it) without loading it yet (see :attr:`journey`)."""
        record = self.store.find_map(ref)
        if record.id != self.map_id:
            self.stage_focus = (None, None)  # another map's stage ids mean nothing here
        self.map_id = record.id
        self.interview = None
        self._reload()
        return record

    def maps(self: SessionParts) -> list[MapRecord]:
        """Every map in the store, newest first."""
        return self.store.list_maps()

    def links(self: SessionParts) -> list[dict[str, Any]]:
        """Every link between maps (a future state and the map it was made from)."""
        return self.store.links()

    def import_map(self: SessionParts, journey: JourneyMap, source: str) -> str:
        record = self.store.create_map(journey, author="user", message=f"imported from {source}")
        self.open_map(record.id)
        return record.id

    def import_file(self: SessionParts, path: str | Path) -> str:
        """Import a map from a JSON file (as ``cjm export -f json`` writes it), open it, and return its id."""
        return self.import_map(read_map_file(path), Path(path).expanduser().name)

    def open_linked(self: SessionParts) -> JourneyMap | None:
        """Open the map linked to this one: the map it was made from, else the newest future state made from it."""
        here = self.map_id_or_fail()
        links = self.store.links(here)
        target = next((link["source_id"] for link in links if link["map_id"] == here), None)
        if target is None:
            target = next((link["map_id"] for link in reversed(links) if link["source_id"] == here), None)
        return None if target is None else self.open_map(target)

    def linked_maps(self: SessionParts) -> list[dict[str, Any]]:
        """Maps made from this one and the map this one was made from: {map_id, source_id, source_version, relation}."""
        return self.store.links(self.map_id_or_fail())

    def save_linked_map(self: SessionParts, journey: JourneyMap, derived_from: tuple[str, int], note: str) -> int:
        """Save an accepted future state as a new map linked to the version it was made from, and open it."""
        source_id, version = derived_from
        message = f"future state of {source_id} v{version}: {note}"[:500]
        with self._commit():
            record = self.store.create_linked_map(journey, source_id, version, "future-of", author=self.accepted_by,
                                                  message=message, note=note[:500])
            self.map_id = record.id
            self._reload()
            self.emit("applied", 1)
            self.say("assistant", f"Saved the future-state map {record.id} (from {source_id} v{version})", version=1)
        self.interview = None
        return 1


def read_map_file(path: str | Path) -> JourneyMap:
    """A map from a JSON file (as ``cjm export -f json`` writes it), checked; a sentence for a bad file that names
    it and, when it is no map at all (not JSON, empty, another JSON), says which file import takes; a file of
    customer feedback (.csv, .txt...) is pointed to ``cjm evidence``."""
    from cjm_assistant.domain.text import safe
    from cjm_assistant.export.jsonio import MapImportError, from_json
    from cjm_assistant.userfiles import read_text

    path = Path(path).expanduser()
    try:
        return from_json(read_text(path, what="map file"))
    except MapImportError as e:
        said = str(e)
        if not said.startswith(("the file is not", "the file is empty")):  # a newer map's version: nothing to add
            raise
        hint = "`cjm import` takes the JSON file that `cjm export MAP -f json` writes"
        if path.suffix.casefold() in FEEDBACK_SUFFIXES:
            hint += "; customer feedback goes in with `cjm evidence MAP FILE`"
        raise MapImportError(f"{said.replace('the file', safe(path), 1)}; {hint}") from None


#: Files of customer feedback rather than maps: ``cjm import`` of one says where they go
FEEDBACK_SUFFIXES = {".csv", ".tsv", ".txt", ".jsonl", ".xlsx", ".xls", ".md"}
