"""What the map tells: evidence, guesses, the future state, the linked map, priorities, comparing.

Plain functions of the main screen, not a mixin. :func:`start` runs one, by
the name a palette entry (``insight('future')`` in help_data) or a slash
command (``/future op1``, routed by :mod:`.router`) gives it; the dialogs
some of them open (the evidence import, the future-state picker) are here too.
What comes back from the session (a proposal to review, a report, a map
opened) is handled by the screen like any other result of the driver; only
the evidence dialog's round trips come back here.

The screen passed in provides ``driver``, ``session``, ``chat`` and ``mode()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from cjm_assistant.tui.driver import SessionDriver


def start(screen: Any, name: str, arg: str = "") -> None:
    """Run the insight ``name`` with its argument (a path, opportunity refs, a version...)."""
    if screen.mode() != "map":
        screen.notify("Open a map first (Ctrl+O), or finish the interview.", severity="warning")
        return
    INSIGHTS[name](screen, arg)


def evidence(screen: Any, path: str) -> None:
    """``/evidence PATH`` imports a feedback file (a free import goes straight to the review); no path: the summary."""
    if path:
        screen.driver.import_evidence(path)
    else:
        screen.driver.evidence_summary()


def import_evidence(screen: Any, path: str = "") -> None:
    """The evidence dialog: read a file, check its columns and the cost, then import it."""
    from cjm_assistant.tui.screens.evidence_dialog import EvidenceScreen

    driver: SessionDriver = screen.driver

    def chosen(feedback: Any) -> None:
        if feedback is not None:
            driver.import_evidence(feedback)

    screen.app.push_screen(EvidenceScreen(driver.read_evidence, path), chosen)


def future(screen: Any, refs: str) -> None:
    """``/future op1, op3`` (or ``all``) proposes that future state; with no refs, pick the opportunities first."""
    from cjm_assistant.tui.reports import split_refs
    from cjm_assistant.tui.screens.future_picker import FuturePickerScreen

    if refs:
        screen.driver.future(split_refs(refs))
        return
    journey = screen.session.journey
    if not any(stage.opportunities for stage in journey.stages):
        screen.chat.add("system", "This map has no opportunities yet, so there is no future state to make: add "
                                  "some first (e.g. *add an opportunity “Price list on Instagram” to Discover*).")
        screen.notify("The map has no opportunities yet.", severity="warning")
        return

    def chosen(chosen_refs: list[str] | None) -> None:
        if chosen_refs is not None:
            screen.driver.future(chosen_refs)

    screen.app.push_screen(FuturePickerScreen(journey), chosen)


INSIGHTS: dict[str, Callable[[Any, str], None]] = {
    "evidence": evidence,
    "import_evidence": import_evidence,
    "evidence_summary": lambda screen, _: screen.driver.evidence_summary(),
    "guesses": lambda screen, _: screen.driver.guesses(),
    "future": future,
    "linked": lambda screen, _: screen.driver.open_linked(),
    "priorities": lambda screen, _: screen.driver.priorities(),
    "diff": lambda screen, ref: screen.driver.compare(ref),
}


# -- the evidence dialog's round trips ---------------------------------------------------------


def evidence_read(screen: Any, message: SessionDriver.EvidenceRead) -> None:
    """A file read for the dialog: show it there. One read for an import that would call the model: the
    dialog, with the estimate, before anything is spent."""
    if message.confirm:
        screen.chat.add("system", f"Importing this file calls the model: {message.estimate.sentence()}. Check the "
                                  "columns and press Enter to go ahead, or Esc to leave it.")
        import_evidence(screen, str(message.feedback.path))
    elif (dialog := _evidence_dialog(screen)) is not None:
        dialog.show_read((message.feedback, message.estimate))


def failed(screen: Screen, error: BaseException) -> None:
    """A call failed: if the evidence dialog was waiting for a file to be read, that was it (one call runs at a
    time), and the dialog says why."""
    if (dialog := _evidence_dialog(screen)) is not None and dialog.reading:
        dialog.read_failed(error)


def _evidence_dialog(screen: Screen) -> Any:
    from cjm_assistant.tui.screens.evidence_dialog import EvidenceScreen

    return next((s for s in reversed(screen.app.screen_stack) if isinstance(s, EvidenceScreen)), None)
