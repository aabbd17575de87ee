"""What the map tells: evidence, guesses, the future state, the linked map, priorities, comparing.

Plain functions of a :class:`Host` (the chat pane, where the session driver
is). :func:`start` runs one, by the name a palette entry (``insight('future')``
in help_data) or a slash command (``/future op1``, routed by :mod:`.router`)
gives it; the dialogs some of them open (the evidence import, the
future-state picker) are here too. What comes back from the session (a
proposal to review, a report, a map opened) is handled like any other result
of the driver; only the evidence dialog's round trips come back here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from cjm_assistant.tui.driver import SessionDriver

if TYPE_CHECKING:
    from textual.app import App

    from cjm_assistant.session import Session
    from cjm_assistant.tui.widgets.chat import ChatLog


class Host(Protocol):
    """What an insight needs of the widget that runs it: the session, its driver, the chat, the app."""

    session: Session

    @property
    def driver(self) -> SessionDriver: ...

    @property
    def chat(self) -> ChatLog: ...

    @property
    def app(self) -> App: ...

    def mode(self) -> str: ...

    def notify(self, message: str, *, title: str = "", severity: str = "information") -> None: ...


def start(host: Host, name: str, arg: str = "") -> None:
    """Run the insight ``name`` with its argument (a path, opportunity refs, a version...)."""
    if host.mode() != "map":
        host.notify("Open a map first (Ctrl+O), or finish the interview.", severity="warning")
        return
    INSIGHTS[name](host, arg)


def evidence(host: Host, path: str) -> None:
    """``/evidence PATH`` imports a feedback file (a free import goes straight to the review); no path: the summary."""
    if path:
        host.driver.import_evidence(path)
    else:
        host.driver.evidence_summary()


def import_evidence(host: Host, path: str = "") -> None:
    """The evidence dialog: read a file, check its columns and the cost, then import it."""
    from cjm_assistant.tui.screens.evidence_dialog import EvidenceScreen

    driver: SessionDriver = host.driver

    def chosen(feedback: Any) -> None:
        if feedback is not None:
            driver.import_evidence(feedback)

    host.app.push_screen(EvidenceScreen(driver.read_evidence, path), chosen)


def future(host: Host, refs: str) -> None:
    """``/future op1, op3`` (or ``all``) proposes that future state; with no refs, pick the opportunities first."""
    from cjm_assistant.tui.reports import split_refs
    from cjm_assistant.tui.screens.future_picker import FuturePickerScreen

    if refs:
        host.driver.future(split_refs(refs))
        return
    journey = host.session.journey
    if not any(stage.opportunities for stage in journey.stages):
        host.chat.add("system", "This map has no opportunities yet, so there is no future state to make: add "
                                  "some first (e.g. *add an opportunity “Price list on Instagram” to Discover*).")
        host.notify("The map has no opportunities yet.", severity="warning")
        return

    def chosen(chosen_refs: list[str] | None) -> None:
        if chosen_refs is not None:
            host.driver.future(chosen_refs)

    host.app.push_screen(FuturePickerScreen(journey), chosen)


def persona(host: Host, ref: str) -> None:
    """``/persona NAME`` shows only that persona's stages and items on the map (shared ones too); ``/persona`` or
    ``/persona all``, everyone's again. A name that is no persona's is refused with the names there are."""
    pane = host.screen.map_pane  # type: ignore[attr-defined]
    try:
        said = pane.only(ref)
    except ValueError as e:
        host.chat.add("system", f"{e}.")
        return
    host.chat.add("system", said)


INSIGHTS: dict[str, Callable[[Host, str], None]] = {
    "evidence": evidence,
    "import_evidence": import_evidence,
    "evidence_summary": lambda host, _: host.driver.evidence_summary(),
    "guesses": lambda host, _: host.driver.guesses(),
    "future": future,
    "linked": lambda host, _: host.driver.open_linked(),
    "priorities": lambda host, _: host.driver.priorities(),
    "diff": lambda host, ref: host.driver.compare(ref),
    "persona": persona,
}


# -- the evidence dialog's round trips ---------------------------------------------------------


def evidence_read(host: Host, message: SessionDriver.EvidenceRead) -> None:
    """A file read for the dialog: show it there. One read for an import that would call the model: the
    dialog, with the estimate, before anything is spent."""
    if message.confirm:
        host.chat.add("system", f"Importing this file calls the model: {message.estimate.sentence()}. Check the "
                                  "columns and press Enter to go ahead, or Esc to leave it.")
        import_evidence(host, str(message.feedback.path))
    elif (dialog := _evidence_dialog(host)) is not None:
        dialog.show_read((message.feedback, message.estimate))


def failed(host: Host, error: BaseException) -> None:
    """A call failed: if the evidence dialog was waiting for a file to be read, that was it (one call runs at a
    time), and the dialog says why."""
    if (dialog := _evidence_dialog(host)) is not None and dialog.reading:
        dialog.read_failed(error)


def _evidence_dialog(host: Host) -> Any:
    from cjm_assistant.tui.screens.evidence_dialog import EvidenceScreen

    return next((s for s in reversed(host.app.screen_stack) if isinstance(s, EvidenceScreen)), None)
