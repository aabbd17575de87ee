"""What the main screen does with session events, streamed partials and finished tasks.

Mixed into MainScreen: a task's result becomes a review, a notification, a
reloaded conversation; its failure a notification and a chat message, never
a traceback.
"""

from __future__ import annotations

from cjm_assistant.domain import edits
from cjm_assistant.engines.base import Cancelled
from cjm_assistant.session.proposals import FutureProposal
from cjm_assistant.tui.screens.main_insights import INSIGHT_TASKS
from cjm_assistant.tui.tasks import ENGINE_TASKS, WORKING, _expected
from cjm_assistant.tui.widgets.chat_input import ChatInput


class MainResults:
    """Needs from MainScreen: chat, map_pane, session, tasks, refresh_status, _when_ready, new_interview."""

    def on_session(self, kind: str, data) -> None:
        self._when_ready(lambda: self._on_session(kind, data))

    def _on_session(self, kind: str, data) -> None:
        if kind == "said":
            role, text = data
            self.chat.add("error" if role == "assistant" and text.startswith("⚠") else role, text)
        elif kind == "notice":
            self.chat.add("system", data)
        elif kind == "progress":
            done, total = data
            if self.tasks.busy == "evidence":
                self.refresh_status(f"matching the evidence… {done:,}/{total:,} (Esc cancels)")
            return
        elif kind == "map" and not self.reviewing:
            self.map_pane.show(data)
        elif kind == "usage":
            self.totals = data or {}
        self.refresh_status()

    def on_partial_data(self, data) -> None:
        self._when_ready(lambda: self._on_partial(data))

    def _on_partial(self, data) -> None:
        if isinstance(data, str):
            self.chat.stream(data)
        elif isinstance(data, dict) and isinstance(data.get("ops"), list):
            lines = []
            for raw in data["ops"]:
                try:
                    lines.append(f"- {edits.describe(edits.parse_ops([raw])[0])}")
                except Exception:  # noqa: BLE001 - a half-made op is simply not shown yet
                    continue
            self.chat.stream("Working out the changes…\n\n" + "\n".join(lines))
        else:
            self.map_pane.show_partial(data)
            self.refresh_status("drafting… (Esc cancels)")

    def task_started(self, label: str) -> None:
        self._when_ready(lambda: self.refresh_status(
            f"{ENGINE_TASKS[label]} (Esc cancels)" if label in ENGINE_TASKS else WORKING.get(label, "working…")))

    def task_done(self, label: str, result, error, said: list[str]) -> None:
        self._when_ready(lambda: self._task_done(label, result, error, said))

    def _task_done(self, label: str, result, error, said: list[str]) -> None:
        self.chat.end_stream()
        if error is not None:
            self._report(error, said)
            self.insight_failed(label, error)
        elif label in INSIGHT_TASKS:
            self.insight_done(label, result)
        elif label in ("answer", "instruct") and result and result[0] == "proposal":
            if not result[1].empty:
                self.review(result[1])
        elif label in ("undo", "redo"):
            self.notify(f"{label.capitalize()}: the map is at version {result}." if result is not None
                        else f"Nothing to {label}.", severity="information" if result is not None else "warning")
        elif label == "export":
            fmt, path = result
            self.notify(f"Wrote {path}", title="Exported")
            self.chat.add("system", f"Exported the map ({fmt}) to `{path}`")
        elif label in ("open", "import", "resume") and result is not None:
            self.load_conversation(label, result)
        elif label == "resume":
            self.chat.add("system", "There is no unfinished interview; starting a new one.")
            self.new_interview()
        elif label == "model":
            self.notify(f"Now using {result}.", title="Engine")
            self.tasks.preload()
        if label == "reject" or isinstance(error, Cancelled):
            self.map_pane.show(self.session.journey if self.session else None)
        self.refresh_status()

    def _report(self, error: BaseException, said: list[str]) -> None:
        """Every failure: a notification, and a chat message unless the session already saved one."""
        if isinstance(error, Cancelled):
            self.notify("Cancelled; the map is as it was.", severity="warning")
            return
        text = str(error).strip() or type(error).__name__
        if not _expected(error):
            text = f"Something went wrong ({type(error).__name__}: {text}). Nothing was lost; details are in the log."
        if not any(text in line for line in said):
            self.chat.add("error", f"⚠ {text}")
        first = text.splitlines()[0]
        self.notify(first, title=_title(error), severity="error", timeout=10)

    def review(self, proposal) -> None:
        from cjm_assistant.tui.screens.review import ReviewScreen

        self.reviewing = True
        self.map_pane.show(proposal.journey, "preview")
        self.refresh_status()

        def decided(choice) -> None:
            self.reviewing = False
            if choice is None:
                self.tasks.reject(proposal)
            elif isinstance(proposal, FutureProposal):  # a new map, linked to this one
                self.tasks.accept_future(proposal, None if choice == "all" else list(choice))
            else:
                self.tasks.accept(proposal, None if choice == "all" else list(choice))
            self.refresh_status()

        self.app.push_screen(ReviewScreen(proposal), decided)

    def load_conversation(self, label: str, result) -> None:
        first, messages = result
        self.chat.clear_messages()
        self.chat.add_many(messages)
        if label == "resume":
            if not messages:
                self.chat.add("assistant", first)
            self.chat.add("system", "Welcome back: picking up where you stopped.")
            self.map_pane.show(None)
        else:
            self.chat.add("system", f"Opened “{first.title}” at version {self.session.head}. Type an instruction "
                                    "(e.g. *add a stage Onboarding after Purchase*), a question ending in `?`, "
                                    "or press Tab to work on the map.")
        self.query_one(ChatInput).focus()


def _title(error: BaseException) -> str:
    kind = getattr(error, "kind", "")
    return {"rate_limit": "Rate limited", "timeout": "Timed out", "auth": "Key problem",
            "server": "Provider error", "connection": "Cannot reach the model"}.get(kind, "Problem")
