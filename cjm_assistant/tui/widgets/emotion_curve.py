"""The emotion curve: each stage's score (-2..+2) plotted across the stages.

Left and right move a stage cursor, so the map keys (edit, move, +/-) work
here too.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.geometry import Region
from textual.markup import escape
from textual.reactive import reactive
from textual.widgets import Static

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.tui.widgets.map_data import EMOTION_WORDS, Selection, short

LEVELS = (2, 1, 0, -1, -2)
MIN_COL, MAX_COL = 9, 18


def _color(score: int) -> str:
    return "$success" if score > 0 else "$error" if score < 0 else "$warning"


def plot(journey: JourneyMap, width: int, cursor: int | None = None) -> tuple[str, int]:
    """The curve as Textual markup, and the width of one stage's column."""
    n = len(journey.stages)
    col = max(MIN_COL, min(MAX_COL, (width - 5) // max(n, 1)))
    cells = [[" "] * (n * col) for _ in LEVELS]
    colours: dict[tuple[int, int], str] = {}
    points = [(i * col + col // 2, 2 - max(-2, min(2, s.emotion))) for i, s in enumerate(journey.stages)]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        previous = y0
        for x in range(x0 + 1, x1):
            row = round(y0 + (y1 - y0) * (x - x0 + 0.5) / (x1 - x0))
            if row == previous:
                cells[row][x] = "─"
            else:
                for between in range(min(row, previous) + 1, max(row, previous)):
                    cells[between][x] = "│"
                cells[row][x] = "╲" if row > previous else "╱"
            previous = row
    for i, ((x, y), stage) in enumerate(zip(points, journey.stages)):
        cells[y][x] = "◉" if i == cursor else "●"
        colours[(y, x)] = _color(stage.emotion)
    lines = []
    for row, level in enumerate(LEVELS):
        out = [f"[$text-muted]{level:+d} ┤[/]" if level else "[$text-muted] 0 ┤[/]"]
        run = ""  # consecutive line characters, drawn as one span
        for x, ch in enumerate(cells[row]):
            if ch != " " and (row, x) not in colours:
                run += ch
                continue
            if run:
                out.append(f"[$text-muted]{run}[/]")
                run = ""
            if (row, x) in colours:
                out.append(f"[bold {colours[(row, x)]}]{ch}[/]")
            else:
                out.append("·" if level == 0 and x % 2 == 0 else " ")
        if run:
            out.append(f"[$text-muted]{run}[/]")
        lines.append("".join(out))
    axis = ["    └" + "─" * (n * col)]
    names = ["     "]
    for i, stage in enumerate(journey.stages):
        name = escape(short(stage.name, col - 1).center(col))
        names.append(f"[reverse]{name}[/]" if i == cursor else f"[bold]{name}[/]")
    lines += axis + ["".join(names)]
    return "\n".join(lines), col


class EmotionCurve(Static, can_focus=True):
    BINDINGS = [
        Binding("left", "cursor(-1)", "Previous stage", show=False),
        Binding("right", "cursor(1)", "Next stage", show=False),
    ]
    cursor: reactive[int] = reactive(0)

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.journey: JourneyMap | None = None
        self._col = MIN_COL

    def show(self, journey: JourneyMap | None, follow: Selection | None = None) -> None:
        self.journey = journey
        if journey is not None and follow is not None:
            ids = [s.id for s in journey.stages]
            if follow.stage_id in ids:
                self.cursor = ids.index(follow.stage_id)
        self._redraw()

    def _redraw(self) -> None:
        journey = self.journey
        if journey is None or not journey.stages:
            self.update("")
            return
        self.cursor = min(self.cursor, len(journey.stages) - 1)
        width = self.parent.size.width if self.parent is not None and self.parent.size.width else self.app.size.width // 2
        body, self._col = plot(journey, width, self.cursor if self.has_focus else None)
        stage = journey.stages[self.cursor]
        detail = (f"\n\n[b]{escape(stage.name)}[/b]: {stage.emotion:+d} {EMOTION_WORDS.get(stage.emotion, '')}"
                  f" · {len(stage.pain_points)} pain point(s) · {len(stage.touchpoints)} touchpoint(s)")
        if stage.goal:
            detail += f"\n[i]{escape(short(stage.goal, 120))}[/i]"
        self.update(body + detail)

    def watch_cursor(self) -> None:
        self._redraw()
        self.call_after_refresh(self._scroll_cursor)

    def _scroll_cursor(self) -> None:
        if self.parent is not None:
            self.parent.scroll_to_region(Region(5 + self.cursor * self._col, 0, self._col, 1), animate=False)

    def on_show(self) -> None:
        self.call_after_refresh(self._redraw)

    def on_focus(self) -> None:
        self._redraw()

    def on_blur(self) -> None:
        self._redraw()

    def action_cursor(self, step: int) -> None:
        if self.journey and self.journey.stages:
            self.cursor = max(0, min(len(self.journey.stages) - 1, self.cursor + step))

    @property
    def selection(self) -> Selection | None:
        if not self.journey or not self.journey.stages:
            return None
        stage = self.journey.stages[min(self.cursor, len(self.journey.stages) - 1)]
        return Selection("stage", stage.id, stage.id)

    def select(self, selection: Selection) -> None:
        self.show(self.journey, selection)
