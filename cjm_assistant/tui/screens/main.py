"""The main screen: the chat on the left, the map on the right, a status line.

On a narrow terminal (under 100 columns) the chat and the map are two tabs
and F2 switches between them, so the map gets the whole height; on a wide one
F2 cycles both side by side, the chat only, the map only.

It lays the panes out and wires them: the chat pane reads what is typed and
hands it to the session driver (:mod:`..driver`, mounted in the chat pane);
the map pane's edits and review decisions come here as typed messages and go
to the driver. What the driver reports comes back as typed messages: the chat
pane draws the conversation, and the handlers below hand the map to the map
pane (which keeps the interview's draft and shows a proposal under review)
and keep the status line up to date. The keys of the main area (help_data)
are the actions at the end.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen

from cjm_assistant.tui import help_data
from cjm_assistant.tui.driver import SessionDriver
from cjm_assistant.tui.router import mode_of
from cjm_assistant.tui.widgets.chat_input import ChatInput
from cjm_assistant.tui.widgets.chat_pane import ChatPane
from cjm_assistant.tui.widgets.footer import KeyFooter
from cjm_assistant.tui.widgets.map_pane import MapPane
from cjm_assistant.tui.widgets.pane_tabs import PaneTabs
from cjm_assistant.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from cjm_assistant.session import Session

NARROW = 100  # below this many columns the chat and the map are tabs
LAYOUTS = ("both", "chat", "map")
MODES = {"undo": "map", "redo": "map", "export": "map"}  # where they apply
MAP_KEYS = help_data.key_names("map")  # the map pane's own keys


class MainScreen(Screen):
    BINDINGS = help_data.bindings("main")
    AUTO_FOCUS = "#input"

    def __init__(self, session: Session, model_ready: threading.Event | None = None, first: tuple[str, ...] = ()):
        """``first``: what to start with: (``new``), (``resume``), (``open``, MAP) or (``import``, PATH)."""
        super().__init__()
        self.session = session
        self.model_ready = model_ready
        self.first = first
        self.layout_mode = "both"  # on a narrow screen "both" shows the chat
        self._before_review = "both"  # the layout to come back to after a review on a narrow screen
        self._typing_to_chat = False  # a message started on the map: its keys go on to the chat input
        self._again: list[str] = []  # map keys pressed while the last one was being saved, to run after it

    def compose(self) -> ComposeResult:
        yield PaneTabs(id="pane-tabs")
        with Horizontal(id="panes"):
            yield ChatPane(self.session, self.model_ready, id="chat-column")
            yield MapPane(id="map-pane")
        yield StatusBar(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.on_resize()
        self.refresh_status()
        if self.first:
            what, *arg = self.first
            {"new": self.action_new_interview, "resume": self.driver.resume, "open": self.driver.open_map,
             "import": self.driver.import_file}[what](*arg)

    def on_resize(self) -> None:
        self.set_class(self.narrow, "-narrow")
        self._apply_layout()

    @property
    def narrow(self) -> bool:
        return self.size.width < NARROW

    @property
    def shown(self) -> str:
        """What is on screen: both panes, the chat or the map."""
        return "chat" if self.narrow and self.layout_mode == "both" else self.layout_mode

    def _apply_layout(self) -> None:
        shown = self.shown
        for name in LAYOUTS:
            self.set_class(shown == name, f"-layout-{name}")
        if shown != "both":
            self.query_one(PaneTabs).select(shown)
        self._label_tabs()

    @on(MapPane.Shown)
    def _label_tabs(self) -> None:
        self.query_one(PaneTabs).label_map(self.map_pane.summary)

    @on(PaneTabs.Picked)
    def _picked(self, message: PaneTabs.Picked) -> None:
        if self.narrow and message.pane in LAYOUTS and message.pane != self.shown:  # tabs show when narrow only
            self.show_pane(message.pane)

    def show_pane(self, name: str) -> None:
        """Show both panes, the chat or the map (on a narrow screen: the chat or the map), and focus it."""
        self.layout_mode = name
        self._apply_layout()
        if self.shown == "map":
            self.action_focus_map()
        else:
            self.action_focus_chat()

    @property
    def chat_pane(self) -> ChatPane:
        return self.query_one(ChatPane)

    @property
    def map_pane(self) -> MapPane:
        return self.query_one(MapPane)

    @property
    def driver(self) -> SessionDriver:
        return self.query_one(SessionDriver)

    @on(ChatInput.Submitted)
    def _submitted(self) -> None:
        """The chat pane has routed it (or refused it: then it stops there)."""
        self.refresh_status()  # now: "thinking…" before the words typed show up in the chat

    # -- what the driver reports (the conversation is the chat pane's, the map the map pane's) -----------------

    def refresh_status(self, state: str | None = None) -> None:
        self.query_one(StatusBar).follow(self.driver, mode_of(self.session), state, reviewing=self.map_pane.reviewing)
        self.refresh_bindings()

    @on(SessionDriver.Busy)
    @on(SessionDriver.Idle)
    def _busy_or_idle(self) -> None:
        self.refresh_status()
        if self.map_pane.whole is self.session.journey:  # the saved map is drawn already: a press queued
            self._run_again()  # while saving runs now (when the pane was drawn before the driver went idle)

    @on(SessionDriver.Usage)
    def _usage(self, message: SessionDriver.Usage) -> None:
        self.query_one(StatusBar).totals = message.totals
        self.refresh_status()

    @on(SessionDriver.Progress)
    def _progress(self, message: SessionDriver.Progress) -> None:
        self.refresh_status(f"matching the evidence… {message.done:,}/{message.total:,} (Esc cancels)")

    @on(SessionDriver.MapChanged)
    def _map_changed(self, message: SessionDriver.MapChanged) -> None:
        self.map_pane.follow(message.journey)

    @on(SessionDriver.ChangedElsewhere)
    def _changed_elsewhere(self, message: SessionDriver.ChangedElsewhere) -> None:
        self.map_pane.follow(message.journey)
        self.refresh_status()

    @on(SessionDriver.Answered)
    def _answered(self, message: SessionDriver.Answered) -> None:
        self.map_pane.show_sketch(message.sketch)

    @on(SessionDriver.Opened)
    def _opened(self, message: SessionDriver.Opened) -> None:
        if message.journey is None:  # an interview: no map yet, perhaps a draft from the answers so far
            self.map_pane.show_sketch(message.sketch)

    @on(SessionDriver.Sketched)
    def _sketched(self, message: SessionDriver.Sketched) -> None:
        self.map_pane.show(message.journey, "streaming")
        self.refresh_status("drafting… (Esc cancels)")

    @on(SessionDriver.SetAside)
    def show_saved(self) -> None:
        """The saved map again (after a proposal), or during the interview the draft from its answers."""
        self.map_pane.show_saved(self.session.journey, interview=mode_of(self.session) == "interview")

    @on(SessionDriver.Proposed)
    def _proposed(self, message: SessionDriver.Proposed) -> None:
        self.app.clear_problems()  # a notice of the last refusal would cover the proposal's tabs
        self.map_pane.propose(message.proposal, message.review_rows)
        self.chat_pane.proposal_coming = False  # the map pane has it: deciding until it is decided

    @on(MapPane.Reviewing)
    def _reviewing(self) -> None:
        """On a narrow screen the map is shown above the review, and the chat comes back after it."""
        self._before_review = self.layout_mode
        if self.narrow:
            self.show_pane("map")
        self.refresh_status()

    @on(MapPane.Decided)
    def _decided(self, message: MapPane.Decided) -> None:
        if self.narrow:
            self.show_pane(self._before_review)
        if message.rejected:
            self.driver.reject(message.proposal)
        else:
            self.driver.accept(message.proposal, message.only)
        if message.typed:  # typed over the review: in the chat box, to send once the map is saved
            chat = self.query_one(ChatInput)
            if chat.text.strip():  # words of their own in the box already: neither is glued to the other
                chat.remember([*chat.sent, message.typed])
                self.chat_pane.chat.add("system", f"What you typed over the review, “{message.typed}”, is kept: "
                                                  "press Up in the box for it (the box keeps what was in it).")
            else:
                chat.offer(message.typed)
            self.action_focus_chat()
        self.refresh_status()

    @on(MapPane.Undecided)
    def _undecided(self) -> None:
        """A proposal closed with nothing to save (no call follows): the words waiting for it go now."""
        self.chat_pane.send_if_idle()

    @on(SessionDriver.Failed)
    def _failed(self, message: SessionDriver.Failed) -> None:
        if message.cancelled or self.map_pane.mode == "streaming":
            self.show_saved()  # the map as it was, not the half-drawn draft ("Drafting…" stayed after a failure)

    @on(MapPane.Edited)
    def _edited(self, message: MapPane.Edited) -> None:
        if message.again and self.driver.busy == "edit":
            self._again.append(message.again)  # pressed again while the last one is saved: after it, on its map
            return
        if self.driver.edit_ops(message.ops, message.message) and message.notice:
            self.notify(message.notice)

    @on(MapPane.Shown)
    def _run_again(self) -> None:
        """A map key pressed again before the last press was saved (+ + + to raise the emotion three steps): run on
        the map drawn once that was saved, as each press would have been one at a time."""
        if self._again and not self.driver.busy:
            getattr(self.map_pane, f"action_{self._again.pop(0)}")()

    # -- actions (keys and the palette; help_data has the table) -------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "cancel":
            return self.driver.cancellable
        mode = mode_of(self.session)
        return mode == MODES.get(action, mode)

    def action_undo(self) -> None:
        self.driver.undo()

    def action_redo(self) -> None:
        self.driver.redo()

    def action_cancel(self) -> None:
        if self.driver.cancel():
            self.notify("Cancelling…", severity="warning")
            self.refresh_status("cancelling…")

    def action_interrupt(self) -> None:
        """Ctrl+C, the key every terminal user presses to stop something: while the model works (and no text is
        selected to copy), it cancels the call as Esc does; otherwise it does what it does elsewhere (copies the
        selected text; on its own, says which key quits)."""
        if not self.driver.cancellable or getattr(self.app.focused, "selected_text", ""):
            raise SkipAction()
        self.action_cancel()

    def on_key(self, event: events.Key) -> None:
        """Esc while a local step runs (saving, reading a file): the Cancel key is not offered, so say why.

        A letter typed on the map that is none of its keys starts a chat message: someone who thought the chat
        had the focus goes on typing there, instead of their words falling on the map's one-letter keys
        (``p`` adds a pain point) and turning into an item.
        """
        if event.key == "escape" and self.driver.busy is not None and not self.driver.engine_call:
            event.stop()
            self.notify(f"Still {self.driver.doing.rstrip('…')}: this step cannot be stopped half-way and ends in "
                        "a moment.", severity="warning")
        elif self._map_has_focus() and (help_data.typed_letter(event) and event.key not in MAP_KEYS
                                        or self._typing_to_chat and event.is_printable and event.character):
            event.stop()
            self._into_chat(event.character or "")


    def on_paste(self, event: events.Paste) -> None:
        """A paste on the map (not under review) goes into the chat input, as a letter typed there does."""
        if self._map_has_focus():
            from cjm_assistant.tui.paste import clean_paste

            event.stop()
            self._into_chat(clean_paste(event.text))

    def _map_has_focus(self) -> bool:
        """The map pane has the focus, with no proposal under review on it."""
        focused, pane = self.focused, self.map_pane
        return focused is not None and not pane.reviewing and (focused is pane or pane in focused.ancestors)

    def _into_chat(self, text: str) -> None:
        """Hand typed (or pasted) text to the chat input, and the keys that follow it until the input has the focus:
        a fast typist's space, digit or ``+`` reaches the map before the focus moves (it moves after this key), and
        would be lost or read as a map key (``2`` switches the view)."""
        self._typing_to_chat = True
        self.action_focus_chat()
        self.query_one(ChatInput).insert(text)

    def send_typed_message(self) -> bool:
        """The Enter that ends a message typed on the map, before the focus reached the chat input, sends it (it is
        no Edit of the map's selected cell); False when no message was being typed."""
        chat = self.query_one(ChatInput)
        if not (self._typing_to_chat or chat.has_focus) or not chat.text.strip():
            return False
        chat.submit()
        return True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, ChatInput):
            self._typing_to_chat = False

    def action_export(self, fmt: str = "md") -> None:
        self.chat_pane.export(fmt)

    def action_layout(self) -> None:
        """F2: the chat or the map on a narrow screen; both, the chat, the map on a wide one."""
        if self.narrow:
            self.show_pane("chat" if self.shown == "map" else "map")
        else:
            self.show_pane(LAYOUTS[(LAYOUTS.index(self.layout_mode) + 1) % len(LAYOUTS)])

    def action_new_interview(self) -> None:
        if self.driver.busy:
            self.notify("Still busy: wait for it, or press Esc to cancel it first.", severity="warning")
        else:
            self.driver.new_interview()

    def action_open_map(self) -> None:
        self.chat_pane.open_map()

    def action_focus_chat(self) -> None:
        if self.shown == "map":
            self.show_pane("chat" if self.narrow else "both")  # show_pane focuses the input
        else:
            self.query_one(ChatInput).focus()

    def action_focus_map(self) -> None:
        if self.shown == "chat":
            self.show_pane("map" if self.narrow else "both")
        self.map_pane.focus_view()
