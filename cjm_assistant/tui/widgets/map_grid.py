"""The grid: stages as columns, lanes as rows, one item per cell.

A lane with several items in a stage takes as many rows as its fullest stage,
so the cursor lands on one item at a time. The lane names stay put while the
stages scroll sideways.

Only a window of stages a little wider than the screen is put in the table
(a DataTable draws every column of each visible row): moving the cursor past
either edge slides the window, by updating the cells of the table in place
(each stage's column is drawn once and kept while the stage is unchanged),
never by rebuilding it; each cell is also rendered once (see MapGrid._render_cell), so a
slide renders only the stage that came into view. A
50-stage, 1,000-touchpoint map draws as fast as a small one.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets._data_table import RowRenderables
from textual.widgets.data_table import ColumnKey, RowKey

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.tui.widgets.map_data import (
    ROWS,
    Selection,
    colors,
    emotion_text,
    item_text,
    short,
    stage_items,
)

LABEL_WIDTH = 13
CELL_WIDTH = 24
FREEZE_FROM = 5_000  # items: a map this big, once drawn, is left out of the garbage collector's full passes
DRAWN_CELLS = 4_000  # cells kept as drawn (some 20 screens of them), for a slide to reuse


class MapGrid(DataTable):
    """A DataTable of the map; ``selection`` says which stage or item the cursor is on."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=False, **kwargs)
        self.fixed_columns = 1
        self.journey: JourneyMap | None = None
        self.first = 0  # index of the first stage in the table
        self._built_window = 0
        self._heights: list[tuple[str, int]] = []  # (lane, rows) of the table as built
        self._lanes: list[tuple[str, int]] = []  # each row of the table: its lane, and which item of the lane
        self._row_keys: list = []
        self._theme: dict[str, str] = {}
        # Each cell as rendered, by what the table holds there (a stage, or a lane's name), its row and how it was
        # drawn, with where: a slide moves every stage one column over, and DataTable's own cache (by row and column,
        # dropped on every change) would render them all again; here only the stage that came into view is rendered.
        self._drawn: LRUCache[tuple, tuple[object, list[list[Segment]], int, int]] = LRUCache(DRAWN_CELLS)
        self._drawing: dict[tuple[str, ...], _Component] | None = None  # component styles, while lines are drawn

    # -- the window of stages ---------------------------------------------------------------

    def window(self) -> int:
        # The stages whose columns fit whole beside the lane names: the table never scrolls sideways, so no stage is
        # drawn cut ("ge 3" for "3. Stage 3") and none outside the window shows its tail by the lane names; the
        # cursor going past the last column slides the window instead. Not laid out yet (hidden until the first
        # map arrives): the width of the nearest container that is (less a scrollbar), so that the first draw has
        # the window the layout will give it, not a guess that a resize redraws.
        width = self.scrollable_content_region.width if self.size.width else (
            next((w.size.width for w in self.ancestors if w.size.width), 120) - 2 if self.is_attached else 118)
        return max(1, (width - LABEL_WIDTH - 2 * self.cell_padding) // (CELL_WIDTH + 2 * self.cell_padding))

    def _fit(self, stage_id: str | None) -> None:
        """Slide the window so that it holds ``stage_id`` (and never past the last stage)."""
        assert self.journey is not None
        n, size = len(self.journey.stages), self.window()
        ids = [s.id for s in self.journey.stages]
        if stage_id in ids:
            index = ids.index(stage_id)
            if index < self.first:
                self.first = index
            elif index >= self.first + size:
                self.first = index - size + 1
        self.first = max(0, min(self.first, n - size))

    def on_resize(self) -> None:
        if self.journey is not None and self.window() != self._built_window:
            self.show(self.journey)
        else:
            self._relabel()

    # -- drawing ------------------------------------------------------------------------------

    def show(self, journey: JourneyMap | None, follow: Selection | None = None) -> None:
        """Redraw for ``journey``; keep the cursor on ``follow`` (or where it was) if it is still there."""
        keep = follow or self.selection
        old = self.cursor_coordinate
        self.journey = journey
        self.clear(columns=True)
        if journey is None:
            self.first = 0
            self._heights, self._lanes, self._row_keys = [], [], []
            return
        self._fit(keep.stage_id if keep else None)
        self._built_window = self.window()
        stages = journey.stages[self.first:self.first + self._built_window]
        theme = colors(self.app)
        heights = [(lane, 1 if lane in ("goal", "emotion")
                    else max([len(stage_items(s, lane)) for s in journey.stages] + [1])) for lane, _ in ROWS]
        # A cell rendered before is reused while its stage is the same object (an edit shares the stages it does
        # not touch; the cache holds the stage, so its id is not reused) and the rows and colours are the same.
        if heights != self._heights or theme != self._theme:
            _empty(self._drawn)
        self._heights, self._theme = heights, theme
        self._lanes = [(lane, j) for lane, height in heights for j in range(height)]
        self.add_column(self._corner(len(stages)), width=LABEL_WIDTH, key="lane")
        for col, stage in enumerate(stages, start=1):
            self.add_column(self._header(self.first + col - 1, stage), width=CELL_WIDTH, key=f"w{col}")
        # The table holds the stage in each of its column's cells: a cell's text is made when it is drawn (a screen
        # shows some 36 of a stage's 405 rows on a big map), or asked for (get_cell_at).
        titles = dict(ROWS)
        rows = [[Text(titles[lane] if j == 0 else "", style="bold" if j == 0 else ""), *stages]
                for lane, j in self._lanes]
        self._row_keys = self.add_rows(rows)
        target = self._find(keep) if keep else None
        if target is None and stages:
            target = old if old.row < len(rows) and 1 <= old.column <= len(stages) else Coordinate(0, 1)
        if target is not None:
            self.cursor_coordinate = target
        _freeze_if_big(journey)

    def _corner(self, shown: int) -> Text:
        """"Stage" when every stage is in view, else which ones are: "3–4 of 59" counts the columns on screen
        (more than half in view), not those in the table, which scroll sideways past the edge."""
        n = len(self.journey.stages) if self.journey is not None else 0
        start, end = self._in_view(shown)
        if self.first == 0 and start == 0 and end == n:  # every stage, not only the last ones (attack 5 #9)
            return Text("Stage", style="bold")
        return Text(f"{self.first + start + 1}–{self.first + end} of {n}", style="bold")

    def _in_view(self, shown: int) -> tuple[int, int]:
        """The columns of the table's ``shown`` stages that are on screen, as (start, end) indices."""
        width = self.scrollable_content_region.width
        if not width or not shown:
            return 0, shown
        step = CELL_WIDTH + 2 * self.cell_padding
        area = width - (LABEL_WIDTH + 2 * self.cell_padding)
        left = round(self.scroll_x)
        visible = [i for i in range(shown)
                   if min((i + 1) * step, left + area) - max(i * step, left) > step / 2]
        return (visible[0], visible[-1] + 1) if visible else (0, min(1, shown))

    def _relabel(self) -> None:
        if self.journey is not None and ColumnKey("lane") in self.columns:
            label = self._corner(len(self.columns) - 1)
            column = self.columns[ColumnKey("lane")]
            if str(column.label) != str(label):
                column.label = label
                self._update_count += 1
                self.refresh()

    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_x(old_value, new_value)
        self._relabel()

    @staticmethod
    def _header(index: int, stage) -> Text:
        header = Text(no_wrap=True, overflow="ellipsis")
        header.append(f"{index + 1}. ", style="dim")
        header.append(short(stage.name, CELL_WIDTH - 4), style="bold")
        return header

    def _text(self, held: object, row: int) -> object:
        """What a cell shows: ``held`` is what the table holds there (a stage, or a lane's name, shown as it is)."""
        if isinstance(held, Text) or row >= len(self._lanes):
            return held
        lane, j = self._lanes[row]
        if lane == "goal":
            goal = held.goal or ""
            return Text(short(goal, CELL_WIDTH), style="italic") if goal else Text("—", style="dim")
        if lane == "emotion":
            return Text(emotion_text(held.emotion), no_wrap=True, overflow="ellipsis")
        items = getattr(held, lane, None) or ()
        return item_text(lane, items[j], CELL_WIDTH, self._theme) if j < len(items) else Text("")

    def _selection_at(self, row: int, col: int) -> Selection | None:
        """What the cell at ``row``, ``col`` selects: its item, or its stage (None off the stages' columns)."""
        if not 0 <= row < len(self._lanes) or not 1 <= col < len(self.columns):
            return None
        stage = self._data[self._row_keys[row]][ColumnKey(f"w{col}")]
        lane, j = self._lanes[row]
        items = getattr(stage, lane, None) or () if lane not in ("goal", "emotion") else ()
        if j < len(items):
            return Selection(lane, items[j].id, stage.id)
        return Selection("stage", stage.id, stage.id)

    @property
    def _cells(self) -> dict[tuple[int, int], Selection]:
        """What each cell of the table selects, by (row, column)."""
        return {(row, col): self._selection_at(row, col)
                for col in range(1, len(self.columns)) for row in range(len(self._lanes))}

    def get_cell_at(self, coordinate: Coordinate):
        """The cell's text (the table holds its stage)."""
        return self._text(super().get_cell_at(coordinate), coordinate.row)

    def get_row_at(self, row_index: int) -> list:
        return [self._text(held, row_index) for held in super().get_row_at(row_index)]

    def _compute_row_renderables(self, row_index: int) -> RowRenderables:
        """A row's cells as DataTable renders them, each made when it is rendered: most of a row's cells were
        rendered before (see _render_cell), and are not made again."""
        if row_index < 0:
            return super()._compute_row_renderables(row_index)
        return RowRenderables(None, _Row(self, row_index))

    def _refill(self) -> None:
        """Put the stages of the window (from ``first``) in the table's columns in place: the same rows and
        columns, their cells (each the stage) and headers replaced; nothing else is made until it is drawn."""
        assert self.journey is not None
        stages = self.journey.stages[self.first:self.first + self._built_window]
        self.columns[ColumnKey("lane")].label = self._corner(len(stages))
        # DataTable.update_cell refreshes the widget on every call (2,400 cells on a big map, a third of the
        # slide's time): its rows are written here and the table told once, as update_cell does it.
        data = self._data
        for col, stage in enumerate(stages, start=1):
            key = ColumnKey(f"w{col}")
            self.columns[key].label = self._header(self.first + col - 1, stage)
            for row_key in self._row_keys:
                data[row_key][key] = stage
        self._update_count += 1
        # What DataTable cached for the window before (rendered rows, lines and cells, by the update count just
        # left behind) is never read again: freed now rather than kept alive until the caches evict it, so a slide
        # leaves little for the garbage collector to walk (a collection of the young generations falling on a
        # slide was its slowest part).
        for cache in (self._row_render_cache, self._cell_render_cache, self._row_renderable_cache, self._line_cache,
                      self._offset_cache, self._ordered_row_cache):
            _empty(cache)
        self.refresh()

    def render_lines(self, crop):
        """The lines in ``crop``, each component's style computed once for them all: DataTable asks for the
        header's and the fixed column's style on every line, and each is a walk up the widget's ancestors."""
        self._drawing = {}
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = None

    def get_component_styles(self, *names: str):
        drawing = self._drawing
        if drawing is None:
            return super().get_component_styles(*names)
        found = drawing.get(names)
        if found is None:
            found = drawing[names] = _Component(super().get_component_styles(*names))
        return found

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int, cursor: bool = False,
                     hover: bool = False) -> list[list[Segment]]:
        """A cell as DataTable renders it, rendered once while the cell (a stage's, or a lane's name), its style and
        width are the same: drawn at another place (the window slid), only the row and column it reports to a mouse
        click change."""
        if row_index < 0 or column_index < 0:  # the header (its labels change as the window slides): as DataTable does
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        held = self._data[self._row_locations.get_key(row_index)][self._column_locations.get_key(column_index)]
        key = (id(held), row_index, base_style, width, cursor, hover, self.show_cursor, self._show_hover_cursor,
               self._pseudo_class_state)
        drawn = self._drawn.get(key)
        if drawn is None or drawn[0] is not held:  # the entry holds the stage, so its id is not reused meanwhile
            lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
            self._drawn[key] = (held, lines, row_index, column_index)
            return lines
        _, lines, row, column = drawn
        if (row, column) == (row_index, column_index):
            return lines
        where = Style.from_meta({"row": row_index, "column": column_index})  # replaces the meta it was drawn with
        return [[Segment(text, style + where if style is not None else where, control) if not control
                 else Segment(text, style, control) for text, style, control in line] for line in lines]

    def notify_style_update(self) -> None:
        _empty(self._drawn)  # the component styles (the cursor's colours) may have changed
        super().notify_style_update()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """The table's scrollable size after rows were added, without measuring every new cell.

        DataTable measures each cell of each new row (2,000 on a big map, a tenth of its opening) for the width of
        columns that size to their content, and lays out rows of automatic height; here every column has a fixed
        width and every row one line, so only the size is left to set. A table of another shape is measured.
        """
        if any(column.auto_width for column in self.columns.values()) or any(
                self.rows[key].auto_height or self.rows[key].label is not None for key in new_rows if key in self.rows):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values()) + self._row_label_column_width
        self.virtual_size = Size(width, self._total_row_height + (self.header_height if self.show_header else 0))

    # -- the cursor -----------------------------------------------------------------------------

    def _find(self, selection: Selection) -> Coordinate | None:
        """Where ``selection`` is in the table: its item's cell, else its stage's first cell."""
        if not self._lanes:
            return None
        first = self._data[self._row_keys[0]]
        stages = [first[ColumnKey(f"w{col}")] for col in range(1, len(self.columns))]
        starts: dict[str, int] = {}
        for row, (lane, j) in enumerate(self._lanes):
            starts.setdefault(lane, row)
        for col, stage in enumerate(stages, start=1):
            if selection.kind == "stage" and stage.id == selection.item_id:
                return Coordinate(0, col)
            if selection.kind in starts and selection.kind not in ("goal", "emotion"):
                for j, item in enumerate(getattr(stage, selection.kind, None) or ()):
                    if item.id == selection.item_id:
                        return Coordinate(starts[selection.kind] + j, col)
        for col, stage in enumerate(stages, start=1):
            if stage.id == selection.stage_id:
                return Coordinate(0, col)
        return None

    @property
    def selection(self) -> Selection | None:
        if not self._lanes or len(self.columns) < 2:
            return None
        coord = self.cursor_coordinate
        found = self._selection_at(coord.row, coord.column)
        if found is None and self.journey and self.journey.stages:
            index = min(self.first + max(coord.column, 1) - 1, len(self.journey.stages) - 1)
            stage = self.journey.stages[index]
            return Selection("stage", stage.id, stage.id)
        return found

    def select(self, selection: Selection) -> None:
        target = self._find(selection)
        if target is None and self.journey is not None:
            self.show(self.journey, selection)
        elif target is not None:
            self.cursor_coordinate = target

    def action_cursor_right(self) -> None:
        if self.journey is not None and self.cursor_column >= len(self.columns) - 1 \
                and self.first + len(self.columns) - 1 < len(self.journey.stages):
            self._slide(1)
            return
        super().action_cursor_right()

    def action_cursor_left(self) -> None:
        if self.journey is not None and self.cursor_column <= 1 and self.first > 0:
            self._slide(-1)
            return
        if self.cursor_column > 1:
            super().action_cursor_left()

    def _slide(self, step: int) -> None:
        """Move the cursor one stage past the edge of the window, sliding the window by one stage: the table's
        cells are updated in place (a stage's column is drawn once), never rebuilt."""
        assert self.journey is not None
        row = self.cursor_row
        index = self.first + self.cursor_column - 1 + step
        stage = self.journey.stages[index]
        if self.window() != self._built_window or len(self.columns) != self._built_window + 1:
            self.show(self.journey, Selection("stage", stage.id, stage.id))
        else:
            self._fit(stage.id)
            self._refill()
        target = Coordinate(row, index - self.first + 1)
        if target == self.cursor_coordinate:
            # the window moved under a cursor that stayed in its column: no highlight event would say that it
            # now selects another stage (the details pane kept showing the first one; outside attack 5 #7)
            self.refresh_coordinate(target)
            self.post_message(self.CellHighlighted(self, self.get_cell_at(target), target,
                                                   self.coordinate_to_cell_key(target)))
        else:
            self.cursor_coordinate = target


class _Row:
    """The cells of a row of the grid as DataTable renders them, each made when it is asked for."""

    __slots__ = ("_grid", "_row")

    def __init__(self, grid: MapGrid, row: int) -> None:
        self._grid, self._row = grid, row

    def __getitem__(self, column: int):
        return self._grid.get_cell_at(Coordinate(self._row, column))

    def __len__(self) -> int:
        return len(self._grid.columns)


class _Component:
    """A component's styles as they are while the grid draws lines: ``rich_style`` computed once."""

    __slots__ = ("_styles", "rich_style")

    def __init__(self, styles) -> None:
        self._styles = styles
        self.rich_style = styles.rich_style

    def __getattr__(self, name: str):
        return getattr(self._styles, name)


def _empty(cache: LRUCache) -> None:
    """Empty ``cache`` so that what it held is freed at once. LRUCache.clear drops the ring of links that orders its
    entries (each link refers to the next and the one before), which only the garbage collector can free, with every
    entry it held: a slide left some 1,400 such objects behind, enough to set off a collection every few slides."""
    for link in getattr(cache, "_cache", {}).values():
        link.clear()
    cache.clear()


def _freeze_if_big(journey: JourneyMap) -> None:
    """Move what is alive now (the big map just drawn, its table) out of the garbage collector's reach.

    A 24,000-item map is some million objects; each collection of the older generations walked them all,
    and one fell on a keypress now and then: a stage-window slide of 44 ms took 660 ms. Frozen, they are
    still freed when nothing refers to them (a map replaced by its next version); only cycles among them
    would wait, and a map's models hold none. Done once per map drawn, only for a big one.
    """
    lanes = [lane for lane, _ in ROWS if lane not in ("goal", "emotion")]
    if sum(len(stage_items(stage, lane)) for stage in journey.stages for lane in lanes) >= FREEZE_FROM:
        gc.freeze()
