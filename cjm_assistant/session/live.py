"""What a front end shows while things happen: the map sketched from the answers so far, an answer that can be
cancelled, and what another process changed.

Plain functions behind :class:`~cjm_assistant.session.Session` methods of the same names (``sketch``,
``answer``, ``changed_elsewhere``); they never save anything.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from cjm_assistant.domain.model import LANES, JourneyMap
from cjm_assistant.engines.base import Cancelled

if TYPE_CHECKING:
    from cjm_assistant.domain.profile import Profile
    from cjm_assistant.interview import Interview, Turn

log = logging.getLogger("cjm_assistant.session")
ANSWER_CANCELLED = "Cancelled: that answer was not taken in. Type it again, or say skip."
POLL = 0.05  # seconds between two looks at the cancel event while an answer is read


def sketch(profile: Profile) -> JourneyMap | None:
    """The map the answers so far give, as a draft to draw: None until the business is known.

    The playbook's composition (offline, a few milliseconds) supplies the skeleton of stages; of the rest only
    what the user said is kept (the business, their personas and channels, the items they named), so the
    draft shows what the answers gave and nothing the playbook would guess. Never validated, never saved.
    """
    if not (profile.business_name or profile.description):
        return None
    from cjm_assistant.engines.playbook import PlaybookEngine

    try:
        journey = PlaybookEngine().propose_map(profile).journey
    except Exception:  # noqa: BLE001 - a sketch is only a preview: the draft itself will say what is wrong
        log.warning("could not sketch the map from the answers so far", exc_info=True)
        return None

    def said(items: list[Any]) -> list[Any]:
        return [item for item in items if getattr(item, "provenance", "") == "user"]

    stages = [stage.model_copy(update={lane: said(getattr(stage, lane)) for lane in LANES})
              for stage in journey.stages]
    return journey.model_copy(update={"personas": said(journey.personas), "channels": said(journey.channels),
                                      "stages": stages, "transitions": []})


def answer(interview: Interview, text: str, cancel: threading.Event | None) -> Turn:
    """``interview.answer(text)``, which Esc (``cancel``) stops at once, even while a model reads the answer.

    The answer is read on a copy of the interview's state, in a thread of its own, and the copy is adopted
    only when it finishes first; a cancelled answer leaves the interview as it was (the thread's late result
    is dropped) and raises :class:`Cancelled`.
    """
    if cancel is None:
        return interview.answer(text)
    from cjm_assistant.interview import Interview

    if cancel.is_set():
        raise Cancelled(ANSWER_CANCELLED)
    work = Interview(interview.engine, interview.state.model_copy(deep=True))
    outcome: dict[str, Any] = {}

    def read() -> None:
        try:
            outcome["turn"] = work.answer(text, cancel)  # the model call stops too, not only waiting for it
        except BaseException as error:  # noqa: BLE001 - raised again in the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=read, name="cjm-answer", daemon=True)
    thread.start()
    while not cancel.is_set() and thread.is_alive():
        thread.join(POLL)
    if cancel.is_set():
        raise Cancelled(ANSWER_CANCELLED)
    if "error" in outcome:
        raise outcome["error"]
    interview.state = work.state
    return outcome["turn"]
