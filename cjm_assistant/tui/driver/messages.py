"""What the session driver reports: the typed messages it posts, one class per kind of news.

:class:`DriverMessages` only holds them; the driver inherits it, so a handler
names them as ``@on(SessionDriver.Proposed)``. Posted from the driver's worker
(or on the UI thread for ``Busy``), they bubble up through the chat pane to
the main screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from pathlib import Path

    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.interview import Turn
    from cjm_assistant.session import Proposal

ERROR_TITLES = {"rate_limit": "Rate limited", "timeout": "Timed out", "auth": "Key problem", "server": "Provider error",
                "connection": "Cannot reach the model"}


class DriverMessages:
    """The messages of :class:`~cjm_assistant.tui.driver.SessionDriver` (nothing else: no state, no methods)."""

    @dataclass
    class Busy(Message):
        """A call started (posted on the UI thread)."""
        action: str

    @dataclass
    class Idle(Message):
        """A call ended; the message that reports it (its result, or ``Failed``) comes next."""
        action: str

    @dataclass
    class Said(Message):
        """The session saved a chat message (``role``: user, assistant)."""
        role: str
        text: str

    @dataclass
    class Notice(Message):
        """A sentence for the chat that is not saved; ``warning`` also pops up."""
        text: str
        warning: str = ""

    @dataclass
    class MapChanged(Message):
        """The open map, as saved (after an edit, an undo, opening a map...)."""
        journey: JourneyMap

    @dataclass
    class Usage(Message):
        """Tokens and cost so far (``Session.totals``); while a model reply streams, ``totals["live"]`` says
        its step, tokens so far and seconds since it started."""
        totals: dict

    @dataclass
    class Progress(Message):
        """How far an evidence import has got."""
        done: int
        total: int

    @dataclass
    class Streamed(Message):
        """A reply, or the changes being worked out, as far as it has streamed."""
        text: str

    @dataclass
    class Sketched(Message):
        """A drafted map as far as it has streamed (incomplete, not validated: only for drawing)."""
        journey: JourneyMap

    @dataclass
    class Answered(Message):
        """An interview answer was taken; the next question is in ``turn.reply`` (and was said).

        ``sketch``: the map the answers so far give, to draw as a draft (None before the business is known).
        """
        turn: Turn
        sketch: JourneyMap | None = None

    @dataclass
    class ChangedElsewhere(Message):
        """Another process (the CLI, another window) changed the open map: it is now ``journey`` at ``version``,
        saved by ``by`` (as history says it: "you, proposed by playbook"); ``sentence`` says it all ("the map
        changed in another window: now at v3 (you, proposed by playbook: ...)")."""
        journey: JourneyMap
        version: int
        by: str
        sentence: str

    @dataclass
    class Proposed(Message):
        """A proposal to review (a draft map, edits, evidence, a future state); nothing is saved yet.

        An evidence import with rows it could not place also brings the rows to look at first
        (``review_rows``, read in the worker): the user assigns them before reviewing the changes.
        """
        proposal: Proposal
        review_rows: list = field(default_factory=list)

    @dataclass
    class SetAside(Message):
        """A rejected proposal: the map is as it was."""
        proposal: Proposal

    @dataclass
    class Saved(Message):
        """A change was saved as this version."""
        version: int

    @dataclass
    class Walked(Message):
        """Undo or redo (``action``) moved the map to ``version``; None: nothing to walk to.

        ``change``: the version undone or redone, as the user knows it ("v3 by you, proposed by playbook: ...").
        """
        action: str
        version: int | None
        change: str = ""

    @dataclass
    class Exported(Message):
        fmt: str
        path: Path
        persona: str | None = None  # the persona whose view was exported (None: the whole map)

    @dataclass
    class ReplaceAsked(Message):
        """An export's file exists: ask before replacing it (then ``export(fmt, path, replace=True)``)."""
        fmt: str
        path: str
        existing: Path
        persona: str | None = None

    @dataclass
    class FolderAsked(Message):
        """An export's folder does not exist: ask before creating it (then ``export(fmt, path, mkdir=True)``)."""
        fmt: str
        path: str
        folder: Path
        persona: str | None = None

    @dataclass
    class Opened(Message):
        """Another map or interview is open: ``how`` is new, resume, open, import, linked or future.

        ``journey`` is None for an interview, else the map at ``version``; ``messages`` is the conversation so
        far, (role, text); ``question`` what the interview asks next (for ``resume``; None: there was nothing
        to resume, so a new interview starts); ``sketch`` the draft a resumed interview's answers give so far; ``unanswered`` the
        map's last message if nothing answered it (Session.unanswered).
        """
        journey: JourneyMap | None
        messages: list[tuple[str, str]]
        how: str
        version: int | None = None
        question: str | None = ""
        sketch: JourneyMap | None = None
        unanswered: str | None = None

    @dataclass
    class Reported(Message):
        """A report: in the chat, or with a ``title`` in a window of its own (``said``: a line for the chat)."""
        markdown: str
        title: str = ""
        hint: str = ""
        said: str = ""

    @dataclass
    class EvidenceRead(Message):
        """A feedback file was read (nothing saved): what it holds and what importing it would cost.

        ``confirm``: it was read for an import that would call the model, so ask before spending.
        """
        feedback: Any
        estimate: Any
        confirm: bool = False

    @dataclass
    class Switched(Message):
        """The engine is now ``engine`` (its client loaded)."""
        engine: str

    @dataclass
    class Failed(Message):
        """A call failed (or was cancelled); the session has kept everything said before it."""
        action: str
        error: BaseException
        said: list[str] = field(default_factory=list)  # what the session said during the call
        expected: bool = True  # a sentence for the user, not a bug

        @property
        def cancelled(self) -> bool:
            from cjm_assistant.session import Cancelled

            return isinstance(self.error, Cancelled)

        @property
        def sentence(self) -> str:
            from cjm_assistant.domain.model import explain

            text = explain(self.error).strip() or type(self.error).__name__  # a pydantic error: in one sentence
            if not self.expected:
                return (f"Something went wrong ({type(self.error).__name__}: {text}). Nothing was lost; details are "
                        "in the log.")
            return text

        @property
        def title(self) -> str:
            return ERROR_TITLES.get(getattr(self.error, "kind", ""), "Problem")
