"""How much a block of the grid must shrink to print on one landscape A4 page.

A printed page holds whole stage columns only if a block of the grid is no
taller than the page. The browser cannot be asked, so this estimates the
printed height of a block from the length of the text in its cells (the
print stylesheet's sizes are the constants below), and :func:`print_zoom`
returns the largest CSS ``zoom`` (in steps of 0.05, at least
:data:`MIN_ZOOM`) at which it fits. A block denser than that still prints:
its rows break between lanes and the stage headers repeat on the next page.
The estimate errs on the tall side (wide glyphs, a safety margin), and the
browser test measures the real thing.
"""

from __future__ import annotations

from collections.abc import Sequence

PAGE_HEIGHT = 190 / 25.4 * 96 * 0.97  # A4 landscape less 10 mm margins, in CSS px, less a margin of error
PAGE_WIDTH = 277 / 25.4 * 96
FONT = 8 / 72 * 96 * 0.85  # the grid's print font size (html.css: 8pt, .85rem)
LINE = 1.4  # line height, in fonts
GLYPH = 0.6  # the width of an average glyph, in fonts (DejaVu Sans is wide)
LANE_COLUMN = 8 * 8 / 72 * 96  # the lane column: 8rem of 8pt
CELL_PAD_X, CELL_PAD_Y, ITEM_PAD = 10, 6, 5  # px: a cell's padding and border, the space an item adds
HEADING = 58  # px: the section heading, the legend and a caption above the first block
MIN_ZOOM = 0.6


def block_height(rows: Sequence[Sequence[Sequence[int]]], stages: int, zoom: float, curve: bool = True,
                 first: bool = True) -> float:
    """The estimated printed height (CSS px) of a block of ``stages`` stages.

    ``rows`` holds, for each lane, for each stage, the length in characters of each of its items; the
    emotion curve's row, when ``curve``, is counted apart (an SVG as wide as the stage columns, 1200 by 100).
    """
    column = (PAGE_WIDTH - LANE_COLUMN * zoom) / max(stages, 1)
    per_line = max(8, int((column - CELL_PAD_X * zoom) / (GLYPH * FONT * zoom)))
    line = FONT * LINE * zoom
    height = (HEADING if first else 20) * zoom
    for row in rows:
        tallest = 1
        for items in row:
            lines = sum(-(-max(n, 1) // per_line) for n in items) or 1
            tallest = max(tallest, lines * line + ITEM_PAD * zoom * max(len(items) - 1, 0))
        height += tallest + CELL_PAD_Y * zoom
    if curve:
        height += (PAGE_WIDTH - LANE_COLUMN * zoom) / 12
    return height


def print_zoom(rows: Sequence[Sequence[Sequence[int]]], stages: int, first: bool = True) -> float:
    """The largest zoom (1 down to :data:`MIN_ZOOM`, in steps of 0.05) at which the block fits a page."""
    zoom = 1.0
    while zoom > MIN_ZOOM and block_height(rows, stages, zoom, first=first) > PAGE_HEIGHT:
        zoom = round(zoom - 0.05, 2)
    return zoom
