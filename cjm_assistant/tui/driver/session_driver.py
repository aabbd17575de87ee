"""The session's driver: every session call runs here, in a thread worker, and comes back as a typed message.

A non-visual widget mounted in the chat pane. Each public method starts one
session call in a thread worker (``@work(thread=True, exclusive=True,
group="session")``, through :func:`session_call`) and says whether it started:
one call runs at a time, and a second one is refused with a sentence ("Still
busy: drafting the map… (Esc cancels it)"). The UI thread never waits on the
engine or the database.

What happens comes back as the small messages of :class:`SessionDriver`
(``Proposed``, ``Saved``, ``Opened``, ``Failed``...), posted from the worker and
handled on the UI thread with ``@on(SessionDriver.Proposed)`` by whoever needs
them (:mod:`.messages` defines them). The session's own events (what was
said, the map, token usage) and the streamed partials (the map growing stage
by stage, a reply growing word by word; at most one every 50 ms) arrive the
same way, while the call runs. A
call ends with ``Idle`` and then the message that reports how it went (its
result, or ``Failed``), so whoever handles the result may start the next call.

Cancelling (Esc) sets the ``threading.Event`` handed to the session (the
engine checks it; an interview answer stops being waited for at once) and
cancels the worker group; the call still ends with ``Idle`` and ``Failed`` (a
``Cancelled`` error), once its thread has stopped.

Between calls, :meth:`SessionDriver.watch` (a timer of the chat pane calls
it) looks in a thread of its own whether another process changed the open
map, and reports it as ``ChangedElsewhere``; a lock keeps it and the session
calls from running at the same time.
"""

from __future__ import annotations

from cjm_assistant.tui.driver.files import FileCalls
from cjm_assistant.tui.driver.insights import InsightCalls
from cjm_assistant.tui.driver.interview import InterviewCalls
from cjm_assistant.tui.driver.map_edits import MapEditCalls


class SessionDriver(InterviewCalls, MapEditCalls, InsightCalls, FileCalls):
    """Runs the session's calls off the UI thread and reports them as messages (see the module's docstring).

    What the calls share (running, cancelling, the session's listener, the look for changes made elsewhere) is
    :class:`~.core.DriverBase`; the messages are :class:`~.messages.DriverMessages`; each base above adds the
    calls of one concern.
    """

    DEFAULT_CSS = "SessionDriver { display: none; }"
