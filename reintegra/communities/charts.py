"""Server-drawn SVG line charts: change between survey waves, one line per respondent group.

No script, no external asset and no inline style (the Content-Security-Policy forbids them):
geometry is computed here and drawn by `communities/_line_chart.html` with SVG presentation
attributes. In right-to-left languages the time axis runs from right to left, so the first
wave is on the right, as an Arabic reader expects; numbers keep their own direction.
Suppressed points are left out (the line breaks there) and listed under the chart.
"""

from collections.abc import Sequence
from dataclasses import dataclass

#: Colours and markers per series: distinguishable without colour (dashes, marker shapes).
SERIES_STYLE = [
    {"stroke": "#2f6f8f", "dash": "", "marker": "circle"},
    {"stroke": "#b5532c", "dash": "6 4", "marker": "square"},
]


@dataclass(frozen=True)
class Point:
    """One plotted value."""

    x: float
    y: float
    label: str  # e.g. "Baseline: 62"

    @property
    def left(self) -> float:
        """Where a square marker centred on the point starts."""
        return round(self.x - 4, 1)

    @property
    def top(self) -> float:
        return round(self.y - 4, 1)


@dataclass(frozen=True)
class Series:
    """One line of the chart: a respondent group."""

    name: str
    stroke: str
    dash: str
    marker: str
    segments: list[str]  # polyline "x,y x,y" strings, broken where a value is hidden
    points: list[Point]
    missing: list[str]  # categories (waves) with no value shown


@dataclass(frozen=True)
class Tick:
    """A labelled mark on an axis."""

    position: float
    label: str
    anchor: str = "middle"


@dataclass(frozen=True)
class LineChart:
    """Everything `_line_chart.html` needs to draw the chart."""

    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    y_label_x: float
    y_anchor: str
    series: list[Series]
    title: str
    description: str

    @property
    def tick_end(self) -> float:
        """Where the small marks under the time axis end."""
        return self.plot_bottom + 4

    @property
    def has_points(self) -> bool:
        return any(s.points for s in self.series)


def line_chart(
    *,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    title: str,
    description: str,
    rtl: bool = False,
    width: int = 560,
    height: int = 260,
    y_max: float = 100,
    y_step: float = 25,
) -> LineChart:
    """A chart of `series` (name, one value or None per category) over `categories`.

    Values run from 0 to `y_max`; None (hidden or missing) breaks the line.
    """
    margin_side, margin_axis, margin_top, margin_bottom = 16.0, 40.0, 12.0, 34.0
    left = margin_side if rtl else margin_axis
    right = width - (margin_axis if rtl else margin_side)
    top, bottom = margin_top, height - margin_bottom
    count = len(categories)

    def x_at(index: int) -> float:
        share = 0.5 if count == 1 else index / (count - 1)
        inset = 24.0
        position = left + inset + share * (right - left - 2 * inset)
        return right + left - position if rtl else position

    def y_at(value: float) -> float:
        return bottom - (value / y_max) * (bottom - top)

    def anchor(index: int) -> str:
        # The outermost labels grow inwards so they are never cut at the edge. Labels are
        # drawn with direction="ltr", so "start" is their left end in every language.
        if count < 2 or 0 < index < count - 1:
            return "middle"
        first = index == 0
        return "end" if first == rtl else "start"

    x_ticks = [
        Tick(position=round(x_at(i), 1), label=name, anchor=anchor(i)) for i, name in enumerate(categories)
    ]
    steps = int(y_max // y_step)
    y_ticks = [
        Tick(position=round(y_at(i * y_step), 1), label="{v:g}".format(v=i * y_step))
        for i in range(steps + 1)
    ]
    drawn = []
    for index, (name, values) in enumerate(series):
        style = SERIES_STYLE[index % len(SERIES_STYLE)]
        segments: list[str] = []
        current: list[str] = []
        points = []
        missing = []
        for position, value in enumerate(values):
            if value is None:
                missing.append(categories[position])
                if current:
                    segments.append(" ".join(current))
                current = []
                continue
            x, y = round(x_at(position), 1), round(y_at(value), 1)
            current.append("{x},{y}".format(x=x, y=y))
            points.append(Point(x=x, y=y, label="{c}: {v:.0f}".format(c=categories[position], v=value)))
        if current:
            segments.append(" ".join(current))
        drawn.append(
            Series(
                name=name,
                stroke=style["stroke"],
                dash=style["dash"],
                marker=style["marker"],
                segments=[s for s in segments if " " in s],  # a lone point is drawn by its marker
                points=points,
                missing=missing,
            )
        )
    return LineChart(
        width=width,
        height=height,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        y_label_x=right + 6 if rtl else left - 6,
        y_anchor="start" if rtl else "end",
        series=drawn,
        title=title,
        description=description,
    )
