"""The session's versions: saving a change, undo and redo, a map changed in another window, history and diffs.

A part of :class:`~cjm_assistant.session.session.Session` (see there why parts): its methods name
the session by :class:`~cjm_assistant.session.contract.SessionParts`.
"""

from __future__ import annotations

from collections.abc import Callable

from cjm_assistant.domain.errors import EditError
from cjm_assistant.session.refs import parse_ref
from cjm_assistant.store import VersionRecord

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from typing import Any

    from cjm_assistant.domain.diff import MapDiff
    from cjm_assistant.domain.edits import EditOp
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.session.contract import SessionParts


def who(author: str) -> str:
    """A version's author as history shows it: "you", "you, proposed by playbook", or the engine or process."""
    if author == "user":
        return "you"
    if author.startswith("user via "):
        return f"you, proposed by {author.removeprefix('user via ')}"
    return author


def _refuse_no_change(journey: JourneyMap, ops: list[EditOp], preview: JourneyMap | None) -> None:
    """EditError, saying what is already so, when ``ops`` leave the map as it is: no empty version is saved."""
    from cjm_assistant.domain import edits

    if preview is None:
        preview = edits.apply(journey, ops)  # kept by edits for the store, which applies them again
    if edits.changes_nothing(journey, preview):
        said = edits.without_no_change(journey, ops)[1] or ["the map already reads so."]
        raise EditError(f"no change: {' '.join(said)} Nothing was saved.")


def _evidence_carried(session: SessionParts, ops: list[EditOp]) -> list[dict[str, Any]]:
    """The stored evidence rows behind each pain point merged into another (``RemovePainPoint`` with ``into``),
    stored again behind the one kept, on its stage: the rows the version saves with its ops (an undo takes them back
    with it)."""
    from cjm_assistant.domain import edits

    merged = [op for op in ops if isinstance(op, edits.RemovePainPoint) and op.into]
    if not merged:
        return []
    journey = session.journey_or_fail()
    after = edits.apply(journey, ops)
    rows: list[dict[str, Any]] = []
    for op in merged:
        gone = edits.find_in_lane(journey, "pain_points", op.pain_point)[0]
        kept, stage = edits.find_in_lane(after, "pain_points", op.into)
        for row in session.store.evidence(session.map_id_or_fail(), pain_point=gone.id):
            moved = {k: v for k, v in row.items() if k not in ("id", "version", "created")}
            moved.update(pain_point_id=kept.id, stage_id=stage.id if stage is not None else row["stage_id"])
            rows.append(moved)
    return rows


class Versions:
    """Each accepted change is a new version; undo and redo walk them; history lists them; compare diffs two."""

    def edit(self: SessionParts, ops: list[EditOp], message: str, author: str = "user",
             preview: JourneyMap | None = None) -> int:
        """Save ``ops`` as a new version; ``preview``: the map they make from the open one, when it was shown
        already (a proposal's), so that the store saves it rather than applying the ops again."""
        from cjm_assistant.knowledge.step_goals import with_rename_goals
        from cjm_assistant.store import StaleVersionError

        map_id = self.map_id_or_fail()
        if preview is None:  # a stage renamed on the map pane: its goal in the new name's words, as a proposal's has
            ops = with_rename_goals(self.journey_or_fail(), ops)
        _refuse_no_change(self.journey_or_fail(), ops, preview)
        carried = _evidence_carried(self, ops)
        try:
            with self._commit():
                if carried:
                    record = self.store.save_version_with_evidence(map_id, ops, carried, author=author,
                                                                   message=message, base=self.head, preview=preview)
                else:
                    record = self.store.save_version(map_id, ops, author=author, message=message, base=self.head,
                                                     preview=preview)
                self._reload()  # the head may already be past our version if another process saved meanwhile
                self.emit("applied", record.number)
                self.say("assistant", f"Saved version {record.number}: {message}", version=record.number)
        except StaleVersionError:
            # made on the map as it was shown, and another window has changed it since: what the edit names may
            # be gone (it said "... reload and try again: no stage called 'st1'", an id the user never typed)
            changed = self.changed_elsewhere(force=True)
            raise StaleVersionError(f"{self.describe_change(changed)}, and your change no longer fits it, so it "
                                    "was not saved. The map is shown as it is now: make the change again there") from None
        return record.number

    def undo(self: SessionParts) -> int | None:
        return self._walk(self.store.undo)

    def redo(self: SessionParts) -> int | None:
        return self._walk(self.store.redo)

    def walk_back(self: SessionParts, how: str, n: int) -> int | None:
        """Undo ``n`` changes (``how`` "steps"), or back to version ``n`` (``how`` "version": an earlier version on
        the way to the one shown), one undo at a time as Ctrl+Z would; the version now, or None when there was
        nothing to undo. EditError when version ``n`` is not one undo reaches."""
        map_id = self.map_id_or_fail()
        if how == "version":
            if n == self.head:
                raise EditError(f"the map is at version {n} already")
            on_path = {v.number for v in self.store.history(map_id) if v.on_path}
            if n not in on_path or n > self.head:
                raise EditError(f"version {n} is not an earlier version of the map as it is now (`cjm history` lists "
                                f"them; `cjm show MAP@{n}` shows one)")
        if n < 1:
            raise EditError("say how many changes to undo, one or more")
        walked = None
        while (self.head != n) if how == "version" else (n > 0):
            step = self._walk(self.store.undo)  # as undo() does (a part uses the contract's members only)
            if step is None:
                break
            walked, n = step, n if how == "version" else n - 1
        return walked

    def _walk(self: SessionParts, step: Callable[..., Any]) -> int | None:
        """Undo or redo from the version shown; if another process moved the map on meanwhile, nothing is
        walked: the map is reloaded and the error says what changed (so that undo never undoes a change the
        user has not seen)."""
        from cjm_assistant.store import StaleVersionError

        map_id = self.map_id_or_fail()
        undone = self.head
        try:
            record = step(map_id, head=self.head)
        except StaleVersionError:
            done = "undone" if step.__name__ == "undo" else "redone"
            changed = self.changed_elsewhere(force=True)
            raise EditError(f"{self.describe_change(changed)}; nothing was {done}. It is shown now: "
                            f"{step.__name__} again to {step.__name__} from there") from None
        if record is None:
            return None
        self._reload()
        self.emit("applied", record.number)
        # In the conversation, as a save is: read back later, the chat says why the map went back.
        self.say("assistant", f"Undid version {undone}; the map is at version {self.head} again."
                 if step.__name__ == "undo" else f"Redid version {self.head}.", version=self.head)
        return self.head

    def save_new_map(self: SessionParts, journey: JourneyMap, message: str) -> int:
        """Save an accepted draft: a new map (or, with a map open, a whole new version of it)."""
        with self._commit():
            if self.map_id is None:
                record = self.store.create_map(journey, author=self.accepted_by, message=message)
                self.map_id, number = record.id, 1
                self.store.claim_llm_calls([call_id for call_id, _ in self._unclaimed_calls], record.id)
                if self.interview is not None:
                    self._save_interview()
            else:
                number = self.store.save_map(self.map_id, journey, author=self.accepted_by, message=message,
                                             base=self.head).number
            self._reload()
            self.emit("applied", number)
            self.say("assistant", f"Saved version {number}: {message}", version=number)
        self._unclaimed_calls = []
        return number

    def changed_elsewhere(self: SessionParts, force: bool = False) -> VersionRecord | None:
        """Whether another process (the CLI, another window) changed the open map since it was loaded.

        Cheap enough to poll every second: it reads SQLite's data_version and looks further only when another
        connection has committed (``force``: look anyway). When the open map's head moved, the map is reloaded
        (listeners hear ``map``) and the version now shown is returned; else None.
        """
        version = self.store.data_version()
        if (version == self._data_version and not force) or self.map_id is None:
            self._data_version = version
            return None
        self._data_version = version
        if self.store.get_map(self.map_id).head == self.head:
            return None
        self._reload()
        assert self.head is not None
        return self.store.version(self.map_id, self.head)

    @staticmethod
    def describe_change(record: VersionRecord | None) -> str:
        """A sentence on a change made in another window: "the map changed in another window: now at v3 (you,
        proposed by playbook: added ...)"."""
        if record is None:
            return "the map changed in another window"
        message = f": {record.message}" if record.message else ""
        return f"the map changed in another window: now at v{record.number} ({who(record.author)}{message})"

    def history(self: SessionParts) -> list[VersionRecord]:
        """The open map's versions, oldest first."""
        return self.store.history(self.map_id_or_fail())

    def load_ref(self: SessionParts, text: str) -> tuple[JourneyMap, str]:
        """A map or version named as the user names it (``MAP``, ``MAP@3``, ``MAP@v3``; ``3``/``v3`` for the open
        map): the map and a label such as "Sweet Crumbs (v3)"."""
        from cjm_assistant.store import StoreError

        if "@" in text:  # a title may hold an "@" ("Price @ home @3"): the whole text as a map's name first
            try:
                record = self.store.find_map(text.strip())
                return self.store.load(record.id, record.head), f"{record.title} (v{record.head})"
            except StoreError:
                pass
        ref = parse_ref(text, open_map=self.map_id is not None)
        if not ref.map:
            return self.store.load(self.map_id_or_fail(), ref.version), f"v{ref.version}"
        record = self.store.find_map(ref.map)
        number = record.head if ref.version is None else ref.version  # @0 is version 0 (there is none), not "now"
        return self.store.load(record.id, number), f"{record.title} (v{number})"

    def compare(self: SessionParts, older: str = "", newer: str = "") -> tuple[MapDiff, str, str]:
        """What changed between two maps or versions: (diff, label of the older, label of the newer).

        With no ``newer``, the open map now; with no ``older`` either, its previous version.
        """
        from cjm_assistant.domain.diff import diff_maps

        if newer:
            after, after_label = self.load_ref(newer)
        else:
            after = self.journey_or_fail()
            after_label = f"v{self.head} (now)" if not older or parse_ref(older, open_map=True).map == "" \
                else f"{after.title} (v{self.head})"
        if older:
            before, before_label = self.load_ref(older)
        else:
            parent = next((v.parent for v in self.history() if v.is_head), None)
            if parent is None:
                raise EditError(f"this is the first version of the map (v{self.head}); there is nothing earlier to "
                                "compare with. Name another map or version to compare with")
            before, before_label = self.store.load(self.map_id_or_fail(), parent), f"v{parent}"
        return diff_maps(before, after), before_label, after_label
