"""The two drawings of the web page, as inline SVG: the emotion curve and the impact/effort 2x2.

Both are strings of SVG markup with a ``<title>`` and a ``<desc>`` that say in
words what the drawing shows (a screen reader reads those; the page has the
same facts as text beside them), and no colour carries meaning alone: every
point has its number and label, every quadrant its name. All text goes
through :func:`~cjm_assistant.export.text.html_text`.

The curve is drawn ``CURVE_WIDTH`` units wide whatever the number of stages,
each stage an equal slice, so that an SVG as wide as the grid's stage columns
puts each point at the middle of its column, and its text keeps one size
whether a block has two stages or six.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cjm_assistant.domain.lanes import EMOTION_LABELS
from cjm_assistant.export.priorities import QUADRANT_HINTS, QUADRANTS, RankedOpportunity
from cjm_assistant.export.text import html_text

if TYPE_CHECKING:  # the models are only named here: a map read without pydantic exports too
    from cjm_assistant.domain.model import Stage

CURVE_WIDTH, CURVE_HEIGHT = 1200, 100
_TOP, _STEP, _BANDS = 12, 15, 80  # y of +2, the distance between two emotion levels, the foot of the bands
_LABEL_Y = 94  # the labels stand in a strip below the bands, one under each point
EMOTION_COLOURS = {-2: "#b42318", -1: "#d9730d", 0: "#6b7280", 1: "#2f855a", 2: "#1d6b3a"}


def emotion_text(emotion: int) -> str:
    """"+1 positive": the number and the word, never a colour or a face alone."""
    number = f"{emotion:+d}".replace("-", "\u2212") if emotion else "0"
    return f"{number} {EMOTION_LABELS.get(emotion, '')}".strip()


def _y(emotion: int) -> float:
    return _TOP + (2 - max(-2, min(2, emotion))) * _STEP


def emotion_curve(stages: Sequence[Stage], ident: str, before: int | None = None, after: int | None = None) -> str:
    """The emotion of ``stages`` as a line across their columns.

    ``before`` and ``after`` are the emotions of the stages on either side of
    this block of the grid (when it is split over pages): a short dashed line
    runs to the edge towards each, so the curve reads as one.
    """
    width, column = CURVE_WIDTH, CURVE_WIDTH / max(len(stages), 1)
    points = [(column * (i + 0.5), _y(s.emotion)) for i, s in enumerate(stages)]
    desc = "; ".join(f"{html_text(s.name)}: {emotion_text(s.emotion)}" for s in stages)
    out = [f'<svg class="curve" role="img" aria-labelledby="{ident}-t {ident}-d" '
           f'viewBox="0 0 {width} {CURVE_HEIGHT}" preserveAspectRatio="xMidYMid meet">',
           f'<title id="{ident}-t">Emotion curve, from very negative (−2) to very positive (+2)</title>',
           f'<desc id="{ident}-d">{desc}</desc>',
           f'<rect class="band-up" x="0" y="0" width="{width}" height="{_y(0):g}"/>',
           f'<rect class="band-down" x="0" y="{_y(0):g}" width="{width}" height="{_BANDS - _y(0):g}"/>',
           f'<line class="zero" x1="0" y1="{_y(0):g}" x2="{width}" y2="{_y(0):g}"/>']
    for i in range(1, len(stages)):
        out.append(f'<line class="divider" x1="{column * i:g}" y1="0" x2="{column * i:g}" y2="{CURVE_HEIGHT}"/>')
    if before is not None:
        x, y = points[0]
        out.append(f'<line class="edge" x1="0" y1="{(_y(before) + y) / 2:g}" x2="{x:g}" y2="{y:g}"/>')
    if after is not None:
        x, y = points[-1]
        out.append(f'<line class="edge" x1="{x:g}" y1="{y:g}" x2="{width}" y2="{(_y(after) + y) / 2:g}"/>')
    if len(points) > 1:
        out.append('<polyline class="line" points="' + " ".join(f"{x:g},{y:g}" for x, y in points) + '"/>')
    for (x, y), stage in zip(points, stages):
        out.append(f'<circle cx="{x:g}" cy="{y:g}" r="6.5" fill="{EMOTION_COLOURS.get(stage.emotion, "#6b7280")}"/>')
        out.append(f'<text class="label" x="{x:g}" y="{_LABEL_Y}" text-anchor="middle">'
                   f'{emotion_text(stage.emotion)}</text>')
    out.append("</svg>")
    return "".join(out)


# -- impact and effort ------------------------------------------------------------

_BOX_W, _BOX_H, _LEFT, _TOP_2X2 = 300, 190, 34, 8
_PER_ROW, _ROWS = 8, 4
QUADRANT_COLOURS = {"Quick wins": "#e3f4e8", "Big bets": "#e3ecf7", "Fill-ins": "#f4f1e3", "Money pits": "#f7e4e3"}


def quadrant_chart(ranked: Sequence[RankedOpportunity], numbers: dict[str, int]) -> str:
    """The 2x2 of impact (up) and effort (right), each opportunity a numbered dot in its quadrant.

    ``numbers`` maps an opportunity's id to the number the list beside the chart gives it.
    """
    width, height = _LEFT + 2 * _BOX_W + 4, _TOP_2X2 + 2 * _BOX_H + 30
    by_quadrant = {q: [r for r in ranked if r.quadrant == q] for q in QUADRANTS}
    desc = "; ".join(f"{q}: " + (", ".join(f"{numbers[r.opportunity.id]} {html_text(r.opportunity.name)}"
                                           for r in items) or "none") for q, items in by_quadrant.items())
    out = [f'<svg class="matrix" role="img" aria-labelledby="matrix-t matrix-d" viewBox="0 0 {width} {height}">',
           '<title id="matrix-t">Opportunities by impact and effort</title>',
           f'<desc id="matrix-d">{desc}</desc>']
    for index, quadrant in enumerate(QUADRANTS):
        col, row = index % 2, index // 2
        x0, y0 = _LEFT + col * _BOX_W, _TOP_2X2 + row * _BOX_H
        items = by_quadrant[quadrant]
        out.append(f'<rect class="quadrant" x="{x0}" y="{y0}" width="{_BOX_W}" height="{_BOX_H}" '
                   f'fill="{QUADRANT_COLOURS[quadrant]}"/>')
        out.append(f'<text class="q-name" x="{x0 + 12}" y="{y0 + 24}">{quadrant} ({len(items)})</text>')
        out.append(f'<text class="q-hint" x="{x0 + 12}" y="{y0 + 42}">{QUADRANT_HINTS[quadrant].split(": ")[1]}</text>')
        shown = items[: _PER_ROW * _ROWS]
        for n, r in enumerate(shown):
            cx, cy = x0 + 26 + (n % _PER_ROW) * 35, y0 + 70 + (n // _PER_ROW) * 32
            out.append(f'<circle class="dot" cx="{cx}" cy="{cy}" r="14"/>'
                       f'<text class="dot-n" x="{cx}" y="{cy + 5}" text-anchor="middle">{numbers[r.opportunity.id]}</text>')
        if len(items) > len(shown):
            out.append(f'<text class="q-hint" x="{x0 + _BOX_W - 12}" y="{y0 + _BOX_H - 10}" text-anchor="end">'
                       f'and {len(items) - len(shown)} more</text>')
    bottom = _TOP_2X2 + 2 * _BOX_H
    out.append(f'<text class="axis" x="{_LEFT + _BOX_W / 2:g}" y="{bottom + 22}" text-anchor="middle">Low effort</text>')
    out.append(f'<text class="axis" x="{_LEFT + 1.5 * _BOX_W:g}" y="{bottom + 22}" text-anchor="middle">More effort</text>')
    for row, label in enumerate(("High impact", "Lower impact")):
        y = _TOP_2X2 + (row + 0.5) * _BOX_H
        out.append(f'<text class="axis" x="22" y="{y:g}" text-anchor="middle" transform="rotate(-90 22 {y:g})">'
                   f'{label}</text>')
    out.append("</svg>")
    return "".join(out)
