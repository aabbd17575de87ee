"""The right-hand pane: the map as a grid, a tree or an emotion curve, and the keys that change it.

It draws whatever it is given (the saved map, a proposal, a half-streamed
draft, or the draft the interview's answers give so far) with a line saying
whose map it is (business, personas, channels), and under the view the
selected stage or item in full (cells are cut; ``v`` shows it all in a
window). It says which stage or item is selected. Its keys (edit, delete, move,
add, emotion; bindings from help_data) turn the selection on the saved map
into typed edit ops and post them as :class:`MapPane.Edited`; the screen hands
them to the session. The pane never changes the map itself.

It also shows a proposal under review: :meth:`MapPane.review` draws it with
the parts ticked on the review screen (an evidence import first asks where its
unplaced rows go) and posts :class:`MapPane.Decided` when the user decides; it
keeps the draft the interview's answers give (``sketch``) to come back to. Every
time it draws another map it posts :class:`MapPane.Shown` (the screen's tab
names what it shows).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import HorizontalScroll, Vertical
from textual.message import Message
from textual.widgets import ContentSwitcher, Static, Tab, Tabs

from cjm_assistant.domain import edits
from cjm_assistant.domain.lanes import counted
from cjm_assistant.domain.model import JourneyMap, Stage
from cjm_assistant.tui import help_data
from cjm_assistant.tui.widgets.emotion_curve import EmotionCurve
from cjm_assistant.tui.widgets.map_data import NOUNS, Selection, about, counts, detail, in_full, label
from cjm_assistant.tui.widgets.map_grid import MapGrid
from cjm_assistant.tui.widgets.map_tree import MapTree

if TYPE_CHECKING:
    from cjm_assistant.session import Proposal

VIEWS = {"grid": "Grid", "tree": "Tree", "curve": "Emotion curve"}
EMPTY = "No map yet — answer the questions in the chat, and a draft appears here."
MODES = ("saved", "preview", "streaming", "draft")
#: Seconds Enter on the map waits for keys typed just ahead of it (see ``action_edit_item``): unnoticed by a person
EDIT_AFTER = 0.1
EDITS = {"edit_item", "remove_item", "move_left", "move_right", "add_touchpoint", "add_pain_point", "emotion_up",
         "emotion_down"}


class MapPane(Vertical):
    BINDINGS = help_data.bindings("map")

    @dataclass
    class Edited(Message):
        """Typed edits made with the map keys, to be saved; ``notice``: what to say once they are on their way."""
        ops: list
        message: str
        notice: str = ""
        again: str = ""  # the key's action, to run again on the saved map if it cannot be saved now (+ + + quickly)

    @dataclass
    class Reviewing(Message):
        """A proposal is on the pane, and the review screen asks which parts to keep."""
        proposal: Proposal

    @dataclass
    class Decided(Message):
        """The review ended: ``rejected``, or accepted with ``only`` these parts (None: all of them); ``typed``:
        what was typed over the review, for the chat box."""
        proposal: Proposal
        only: list[int] | None = None
        rejected: bool = False
        typed: str = ""

    @dataclass
    class Undecided(Message):
        """A proposal left without a review to decide (the evidence rows' table closed with nothing to save)."""
        proposal: Proposal

    class Shown(Message):
        """The pane drew another map (or the same one again, in another mode)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.journey: JourneyMap | None = None  # what is drawn: the map, or one persona's view of it
        self.whole: JourneyMap | None = None  # the map as given, whoever it concerns
        self.persona = ""  # the persona the saved map is shown for (/persona NAME): "" for everyone
        self.mode = "saved"  # saved, preview, streaming
        self.view = "grid"
        self.sketch: JourneyMap | None = None  # the draft the interview's answers give so far
        self.reviewing = False  # a proposal is on the pane, waiting for a decision
        # a proposal came and is not decided yet (its review, or first the table of its evidence rows, is open):
        # words waiting in the chat wait for the decision, so that no second review opens over this one
        self.deciding = False
        self._stale: set[str] = set()

    def compose(self) -> ComposeResult:
        tabs = Tabs(*(Tab(name, id=f"tab-{key}") for key, name in VIEWS.items()), id="map-tabs")  # F4 switches
        tabs.can_focus = False
        yield tabs
        yield Static("", id="map-about", markup=False)
        with ContentSwitcher(initial="view-grid", id="map-views"):
            yield MapGrid(id="view-grid")
            yield MapTree(id="view-tree")
            with HorizontalScroll(id="view-curve"):
                yield EmotionCurve(id="curve")
        yield Static("", id="map-detail", markup=False)
        yield Static(EMPTY, id="map-empty")

    def on_mount(self) -> None:
        self.border_title = "Map"
        self._update_empty()

    # -- what to draw -----------------------------------------------------------------

    def show(self, journey: JourneyMap | None, mode: str = "saved", follow: Selection | None = None,
             note: str = "") -> None:
        """Draw a map: the saved one, a proposal (``preview``; ``note`` says what is ticked: "6 of 7 stages"),
        a partial draft (``streaming``) or the draft the answers so far give (``draft``)."""
        self.whole, self.mode = journey, mode
        self.journey, only = self._for_persona(journey)
        self._stale = set(VIEWS)
        self._draw(self.view, follow)
        self._update_empty()
        for name in MODES[1:]:
            self.set_class(mode == name, f"-{name}")
        if journey is None:
            self.border_title = "Map"
        elif mode == "preview":
            self.border_title = f"Proposal (not saved) · {note or counts(journey)}"
        elif mode == "streaming":
            self.border_title = f"Drafting… {len(journey.stages)} stage(s) so far"
        elif mode == "draft":
            self.border_title = "DRAFT from your answers so far (not saved)"
        else:
            self.border_title = f"{journey.title} · only {only}'s" if only else journey.title
        shown = self.journey
        self.border_subtitle = counts(shown) if shown is not None and mode in ("saved", "preview") else ""
        self.query_one("#map-about", Static).update(about(journey, draft=mode == "draft") if journey else "")
        self._update_detail()
        self.post_message(self.Shown())

    def _for_persona(self, journey: JourneyMap | None) -> tuple[JourneyMap | None, str]:
        """The saved map as the persona chosen with /persona lives it, and their name ("" when not filtered)."""
        if journey is None or self.mode != "saved" or not self.persona:
            return journey, ""
        from cjm_assistant.domain.views import for_persona

        try:
            one = for_persona(journey, self.persona)
        except ValueError:  # another map, without that persona: everyone's again
            self.persona = ""
            return journey, ""
        return one, one.personas[0].name if one.personas else self.persona

    def only(self, ref: str) -> str:
        """Show only what concerns one persona (a name, the start of one, or an id); "" or "all": everyone's.
        What to say of it; ValueError naming the map's personas when ``ref`` is none of them."""
        from cjm_assistant.domain.views import find_persona

        whole = self.whole
        if whole is None or self.mode != "saved":
            raise ValueError("There is no saved map on show to filter")
        if ref.strip().casefold() in ("", "all", "everyone"):
            self.persona = ""
            self.show(whole)
            names = ", ".join(p.name for p in whole.personas) or "no one named"
            return f"Showing every persona's stages and items ({names})."
        persona = find_persona(whole, ref.strip())
        self.persona = persona.id
        self.show(whole)
        shown = self.journey
        stages = counted(len(shown.stages), "stage") if shown is not None else "no stages"
        return (f"Showing only {persona.name}'s map: {stages} they go through, with their items and those every "
                "persona shares. `/persona all` shows everyone's again.")

    def follow(self, journey: JourneyMap) -> None:
        """The map as saved now: drawn, unless a proposal is under review (the saved map comes back after it)."""
        if not self.reviewing:
            self.show(journey)

    def show_sketch(self, sketch: JourneyMap | None) -> None:
        """The draft the interview's answers give so far (None: nothing yet), kept to come back to."""
        self.sketch = sketch
        self.show(sketch, "draft")

    def show_saved(self, journey: JourneyMap | None, interview: bool = False) -> None:
        """The saved map again (after a proposal), or during the ``interview`` (no map yet) the draft so far."""
        if journey is None and interview:
            self.show(self.sketch, "draft")
        else:
            self.show(journey)

    @property
    def summary(self) -> str:
        """What the pane shows, in a few words (for the tab that shows it on a narrow screen)."""
        if self.journey is None:
            return "no map yet"
        stages = counted(len(self.journey.stages), "stage")
        return {"preview": f"proposal, {stages}", "streaming": "drafting…", "draft": f"draft, {stages}"}.get(
            self.mode, stages)

    def _update_detail(self) -> None:
        text = detail(self.journey, self.selection) if self.journey is not None else ""
        box = self.query_one("#map-detail", Static)
        box.update(text)
        box.border_title = "selected · F3 shows it in full" if text else ""
        box.display = bool(text) and self.view != "curve"

    def on_data_table_cell_highlighted(self) -> None:
        self._update_detail()

    def on_tree_node_highlighted(self) -> None:
        self._update_detail()

    def _draw(self, view: str, follow: Selection | None = None) -> None:
        if view in self._stale:
            self._stale.discard(view)
            self._view_widget(view).show(self.journey, follow)

    def _view_widget(self, view: str):
        return self.query_one({"grid": MapGrid, "tree": MapTree, "curve": EmotionCurve}[view])

    def on_resize(self) -> None:
        if self.view == "curve" and self.journey is not None:
            self.query_one(EmotionCurve).call_after_refresh(self.query_one(EmotionCurve).show, self.journey)

    def _update_empty(self) -> None:
        empty = self.journey is None
        self.query_one("#map-empty").display = empty
        for part in ("#map-views", "#map-tabs", "#map-about"):
            self.query_one(part).display = not empty

    # -- a proposal under review --------------------------------------------------------

    def propose(self, proposal: Proposal, review_rows: list) -> None:
        """Review a proposal; an evidence import with rows it could not place (``review_rows``) first shows the
        table of rows (row, text, proposed stage, confidence): the user accepts or reassigns them."""
        self.deciding = True
        if review_rows:
            from cjm_assistant.tui.screens.evidence_review import EvidenceReviewScreen

            def chosen(choices) -> None:
                if choices:
                    proposal.reassign(choices)
                if not proposal.empty:
                    self.review(proposal)
                elif choices is not None and proposal.new_items:  # nothing to change on the map: the rows, where
                    self._keep_rows(proposal)  # the user put them, kept
                else:
                    self._undecided(proposal)

            stages = [(s.id, s.name) for s in proposal.base.stages] if proposal.base else []
            self.app.push_screen(EvidenceReviewScreen(review_rows, stages), chosen)
        elif not proposal.empty:
            self.review(proposal)
        elif getattr(proposal, "evidence", None) is not None and proposal.new_items:  # none new: nothing saved
            self._keep_rows(proposal)  # (its reply said every item was imported before), as the CLI does
        else:
            self._undecided(proposal)

    def _undecided(self, proposal: Proposal) -> None:
        self.deciding = False
        self.post_message(self.Undecided(proposal))

    def _keep_rows(self, proposal: Proposal) -> None:
        """An import that changes nothing on the map still keeps its rows (as a version), as the CLI does, so they
        can be listed, traced and placed by hand."""
        self.deciding = False
        self.post_message(self.Reviewing(proposal))
        self.post_message(self.Decided(proposal, None, rejected=False))

    def review(self, proposal: Proposal) -> None:
        """Show the proposal and ask which parts to keep (:class:`Reviewing`, then :class:`Decided`).

        The map follows the ticks: the parts left out are not drawn, the counts say "6 of 7 stages".
        """
        from cjm_assistant.tui.screens.review import ReviewScreen, ticked_note

        def ticked(chosen: list[int]) -> None:
            self.show(proposal.preview(chosen), "preview", note=f"{ticked_note(proposal, chosen)} ticked")

        screen = ReviewScreen(proposal, ticked)

        def decided(choice) -> None:
            self.reviewing = self.deciding = False
            self.post_message(self.Decided(proposal, None if choice in (None, "all") else list(choice),
                                           rejected=choice is None, typed=screen.typed.strip()))

        self.reviewing = True
        self.post_message(self.Reviewing(proposal))
        ticked(list(range(len(proposal.parts))))
        self.app.push_screen(screen, decided)

    # -- views and the cursor -----------------------------------------------------------

    def switch(self, view: str) -> None:
        if view not in VIEWS:
            return
        follow = self.selection
        self.view = view
        self.query_one(ContentSwitcher).current = f"view-{view}"
        self.query_one(Tabs).active = f"tab-{view}"
        self._draw(view)
        if follow is not None:
            self._view_widget(view).select(follow)
        if self.journey is not None:
            self._view_widget(view).focus()
        self._update_detail()

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        view = (event.tab.id or "").removeprefix("tab-")
        if view and view != self.view:
            self.switch(view)

    @property
    def selection(self) -> Selection | None:
        if self.journey is None:
            return None
        return self._view_widget(self.view).selection

    def focus_view(self) -> None:
        self._view_widget(self.view).focus()

    # -- the keys that change the map ---------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in EDITS:
            return self.journey is not None and self.mode == "saved"
        return True

    def action_view(self, view: str) -> None:
        self.switch(view)

    def action_next_view(self) -> None:
        views = list(VIEWS)
        self.switch(views[(views.index(self.view) + 1) % len(views)])

    def action_view_item(self) -> None:
        """The selected stage or item in full, in a window that scrolls."""
        from cjm_assistant.tui.screens.report import ReportScreen

        text = in_full(self.journey, self.selection)
        if not text:
            self.notify("Select a stage or an item on the map first (Tab moves to the map).", severity="warning")
            return
        self.app.push_screen(ReportScreen("The selection in full", text, "Esc closes"))

    def _selected(self) -> tuple[Selection, Stage, object] | None:
        """(selection, stage, item or None for a stage) on the saved map, or None with a notice."""
        selection, journey = self.selection, self.journey
        if selection is None or journey is None:
            self.notify("Select a stage or an item on the map first (Tab moves to the map).", severity="warning")
            return None
        stage = next((s for s in journey.stages if s.id == selection.stage_id), None)
        if stage is None:
            return None
        if selection.kind == "stage":
            return selection, stage, None
        item = next((i for i in getattr(stage, selection.kind) if i.id == selection.item_id), None)
        return (selection, stage, item) if item is not None else None

    def action_edit_item(self) -> None:
        # Enter is a priority key: it runs before letters typed just ahead of it have bubbled up to the screen (tmux
        # or a fast typist deliver "undo that" + Enter at once), so decide a moment later, once they have: a message
        # typed on the map is sent, not the selected cell edited
        self.set_timer(EDIT_AFTER, self._edit_or_send)

    def _edit_or_send(self) -> None:
        if getattr(self.screen, "send_typed_message", lambda: False)():
            return
        found = self._selected()
        if found is not None:
            selection, stage, item = found
            self._form(selection.kind, stage, stage if selection.kind == "stage" else item)

    def action_add_touchpoint(self) -> None:
        self._add("touchpoints")

    def action_add_pain_point(self) -> None:
        self._add("pain_points")

    def _add(self, lane: str) -> None:
        found = self._selected()
        if found is not None:
            self._form(lane, found[1], None)

    def _form(self, kind: str, stage: Stage, item: object) -> None:
        from cjm_assistant.tui.screens.item_form import ItemFormScreen

        def saved(result) -> None:
            if result:
                self.post_message(self.Edited(*result))

        channels = [c.name for c in self.journey.channels] if self.journey is not None else []
        self.app.push_screen(ItemFormScreen(kind, stage, item, channels), saved)

    def action_remove_item(self) -> None:
        found = self._selected()
        if found is None:
            return
        selection, stage, item = found
        if item is None:
            op, what = edits.RemoveStage(stage=stage.id), f"stage “{stage.name}”"
        else:
            noun = NOUNS[selection.kind]
            op = edits.parse_ops([{"op": f"remove_{noun}", noun: item.id}])[0]
            what = f"{selection.word} “{label(item)}”"
        self.post_message(self.Edited([op], f"removed {what}", notice=f"Removed {what}. Ctrl+Z brings it back."))

    def action_move_left(self) -> None:
        self._move(-1)

    def action_move_right(self) -> None:
        self._move(1)

    def _move(self, step: int) -> None:
        found = self._selected()
        if found is None or self.journey is None:
            return
        stage = found[1]
        target = self.journey.stages.index(stage) + step
        if not 0 <= target < len(self.journey.stages):
            self.notify(f"“{stage.name}” is already the {'first' if step < 0 else 'last'} stage.", severity="warning")
            return
        whole = self.whole or self.journey  # one persona's view: next to the stage shown beside it, on the whole map
        position = next(i for i, s in enumerate(whole.stages) if s.id == self.journey.stages[target].id)
        self.post_message(self.Edited([edits.MoveStage(stage=stage.id, position=position + 1)],
                                      f"moved stage “{stage.name}” {'left' if step < 0 else 'right'}",
                                      again="move_left" if step < 0 else "move_right"))

    def action_emotion_up(self) -> None:
        self._emotion(1)

    def action_emotion_down(self) -> None:
        self._emotion(-1)

    def _emotion(self, step: int) -> None:
        found = self._selected()
        if found is None:
            return
        stage = found[1]
        score = max(-2, min(2, stage.emotion + step))
        if score == stage.emotion:
            self.notify(f"The emotion goes from -2 to +2; “{stage.name}” is at {stage.emotion:+d}.", severity="warning")
            return
        self.post_message(self.Edited([edits.SetEmotion(stage=stage.id, score=score)],
                                      f"set the emotion of “{stage.name}” to {score:+d}",
                                      again="emotion_up" if step > 0 else "emotion_down"))
