"""The right-hand pane: the map as a grid, a tree or an emotion curve.

It draws whatever it is given (the saved map, a proposal, a half-streamed
draft) and says which stage or item is selected; the screen turns keys into
edits.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalScroll, Vertical
from textual.widgets import ContentSwitcher, Static, Tab, Tabs

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.tui import help_data
from cjm_assistant.tui.widgets.emotion_curve import EmotionCurve
from cjm_assistant.tui.widgets.map_data import Selection, counts, sketch
from cjm_assistant.tui.widgets.map_grid import MapGrid
from cjm_assistant.tui.widgets.map_tree import MapTree

VIEWS = {"grid": "Grid", "tree": "Tree", "curve": "Emotion curve"}
EMPTY = "No map yet — answer the questions in the chat, and a draft appears here."


class MapPane(Vertical):
    BINDINGS = help_data.bindings("map")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.journey: JourneyMap | None = None
        self.mode = "saved"  # saved, preview, streaming
        self.view = "grid"
        self._stale: set[str] = set()

    def compose(self) -> ComposeResult:
        tabs = Tabs(*(Tab(f"{i} {name}", id=f"tab-{key}") for i, (key, name) in enumerate(VIEWS.items(), 1)),
                    id="map-tabs")
        tabs.can_focus = False
        yield tabs
        with ContentSwitcher(initial="view-grid", id="map-views"):
            yield MapGrid(id="view-grid")
            yield MapTree(id="view-tree")
            with HorizontalScroll(id="view-curve"):
                yield EmotionCurve(id="curve")
        yield Static(EMPTY, id="map-empty")

    def on_mount(self) -> None:
        self.border_title = "Map"
        self._update_empty()

    # -- what to draw -----------------------------------------------------------------

    def show(self, journey: JourneyMap | None, mode: str = "saved", follow: Selection | None = None) -> None:
        """Draw a map: the saved one, a proposal (``preview``) or a partial draft (``streaming``)."""
        self.journey, self.mode = journey, mode
        self._stale = set(VIEWS)
        self._draw(self.view, follow)
        self._update_empty()
        self.set_class(mode == "preview", "-preview")
        self.set_class(mode == "streaming", "-streaming")
        if journey is None:
            self.border_title = "Map"
        elif mode == "preview":
            self.border_title = f"Proposal (not saved) · {counts(journey)}"
        elif mode == "streaming":
            self.border_title = f"Drafting… {len(journey.stages)} stage(s) so far"
        else:
            self.border_title = journey.title
        self.border_subtitle = counts(journey) if journey is not None and mode == "saved" else ""

    def show_partial(self, data) -> None:
        journey = sketch(data)
        if journey is not None:
            self.show(journey, "streaming")

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
        self.query_one("#map-views").display = not empty
        self.query_one("#map-tabs").display = not empty

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
