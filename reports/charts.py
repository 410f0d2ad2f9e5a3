"""SVG charts drawn from the data: bar, stacked bar and line.

Every chart carries a <title> and <desc> (read by assistive technology and kept in the PDF),
each series differs by pattern or dash as well as by colour (no information by colour alone),
and the report prints the same numbers in a table beside it (`Chart.table_rows`).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 64
# Colours with >= 3:1 contrast against white (WCAG 1.4.11), each paired with a pattern/dash.
COLOURS = ["#00456b", "#b35900", "#2e7d32", "#6a1b9a", "#8a1c12", "#37474f"]
PATTERNS = ["solid", "hatch", "dots", "cross", "vertical", "solid"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", ""]
MARKERS = ["circle", "square", "triangle", "diamond", "circle", "square"]


@dataclass
class Series:
    name: str
    values: list[float | int | Decimal | None]


@dataclass
class Chart:
    """A chart and the numbers it shows. `kind` is "bar" (grouped), "stacked" or "line"."""

    kind: str
    title: str
    categories: list[str]
    series: list[Series]
    unit: str = ""
    description: str = ""
    category_label: str = ""
    id: str = "chart"
    extra: dict = field(default_factory=dict)

    def svg(self) -> SafeString:
        return render_svg(self)

    @property
    def table_rows(self) -> list[tuple[str, list]]:
        """(category, [value per series]): the same numbers as the chart, for the table beside it."""
        return [(cat, [s.values[i] for s in self.series]) for i, cat in enumerate(self.categories)]


def _num(value) -> float:
    return float(value) if value is not None else 0.0


def _nice_max(value: float) -> float:
    """A round upper bound for the axis (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def fmt(value) -> str:
    """Swedish number format: space as thousands separator, comma as decimal mark."""
    if value is None:
        return "–"
    number = float(value)
    if abs(number - round(number)) < 1e-9:
        text = f"{int(round(number)):,}"
    elif abs(number) < 0.1:
        text = f"{number:.3f}"  # a small non-zero figure (0,004 GB) is not shown as nothing
    else:
        text = f"{number:,.1f}"
    return text.replace(",", "\u00a0").replace(".", ",")


def _pattern_defs(chart_id: str, count: int) -> str:
    parts = []
    for i in range(count):
        colour, pattern = COLOURS[i % len(COLOURS)], PATTERNS[i % len(PATTERNS)]
        pid = f"{chart_id}-p{i}"
        if pattern == "hatch":
            body = f'<rect width="6" height="6" fill="#fff"/><path d="M0,6 L6,0" stroke="{colour}" stroke-width="2"/>'
        elif pattern == "dots":
            body = f'<rect width="6" height="6" fill="#fff"/><circle cx="3" cy="3" r="1.6" fill="{colour}"/>'
        elif pattern == "cross":
            body = (
                f'<rect width="6" height="6" fill="#fff"/>'
                f'<path d="M0,3 L6,3 M3,0 L3,6" stroke="{colour}" stroke-width="1.4"/>'
            )
        elif pattern == "vertical":
            body = f'<rect width="6" height="6" fill="#fff"/><path d="M3,0 L3,6" stroke="{colour}" stroke-width="2"/>'
        else:
            body = f'<rect width="6" height="6" fill="{colour}"/>'
        parts.append(f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">{body}</pattern>')
    return "<defs>" + "".join(parts) + "</defs>"


def _fill(chart_id: str, i: int) -> str:
    return f"url(#{chart_id}-p{i})"


def _axis(max_value: float, unit: str) -> str:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = []
    for k in range(5):
        value = max_value * k / 4
        y = TOP + plot_h - plot_h * k / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#c8c8d0" stroke-width="0.6"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 3:.1f}" text-anchor="end" font-size="9">{escape(fmt(value))}</text>'
        )
    if unit:
        parts.append(f'<text x="4" y="{TOP - 4}" font-size="9">{escape(unit)}</text>')
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="#1b1b1f"/>')
    return "".join(parts)


def _category_labels(categories: list[str], slot: float) -> str:
    y = HEIGHT - BOTTOM + 12
    parts = []
    rotate = slot < 40
    for i, name in enumerate(categories):
        x = LEFT + slot * (i + 0.5)
        label = escape(name if len(name) <= 16 else name[:15] + "…")
        if rotate:
            parts.append(
                f'<text x="{x:.1f}" y="{y}" font-size="8" text-anchor="end" '
                f'transform="rotate(-40 {x:.1f} {y})">{label}</text>'
            )
        else:
            parts.append(f'<text x="{x:.1f}" y="{y}" font-size="9" text-anchor="middle">{label}</text>')
    return "".join(parts)


def _legend(chart: Chart) -> str:
    if len(chart.series) < 2:
        return ""
    parts, x = [], LEFT
    y = HEIGHT - 10
    for i, series in enumerate(chart.series):
        if chart.kind == "line":
            dash = f' stroke-dasharray="{DASHES[i % len(DASHES)]}"' if DASHES[i % len(DASHES)] else ""
            parts.append(
                f'<line x1="{x}" x2="{x + 18}" y1="{y - 3}" y2="{y - 3}" stroke="{COLOURS[i % len(COLOURS)]}" '
                f'stroke-width="2"{dash}/>'
            )
        else:
            parts.append(
                f'<rect x="{x}" y="{y - 9}" width="12" height="10" fill="{_fill(chart.id, i)}" '
                f'stroke="{COLOURS[i % len(COLOURS)]}"/>'
            )
        parts.append(f'<text x="{x + 22}" y="{y}" font-size="9">{escape(series.name)}</text>')
        x += 30 + 6 * len(series.name)
    return "".join(parts)


def _bars(chart: Chart, max_value: float, stacked: bool) -> str:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(len(chart.categories), 1)
    slot = plot_w / n
    groups = 1 if stacked else max(len(chart.series), 1)
    bar_w = slot * 0.7 / groups
    parts = []
    for c in range(len(chart.categories)):
        base = 0.0
        for s, series in enumerate(chart.series):
            value = _num(series.values[c])
            h = plot_h * value / max_value
            x = LEFT + slot * c + slot * 0.15 + (0 if stacked else bar_w * s)
            y = TOP + plot_h - h - (plot_h * base / max_value if stacked else 0)
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{_fill(chart.id, s)}" stroke="{COLOURS[s % len(COLOURS)]}" stroke-width="0.8"/>'
            )
            if not stacked and bar_w >= 14 and value:
                parts.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{y - 2:.1f}" font-size="8" '
                    f'text-anchor="middle">{escape(fmt(value))}</text>'
                )
            base += value if stacked else 0
        if stacked and slot >= 20 and base:
            y = TOP + plot_h - plot_h * base / max_value
            parts.append(
                f'<text x="{LEFT + slot * (c + 0.5):.1f}" y="{y - 2:.1f}" font-size="8" '
                f'text-anchor="middle">{escape(fmt(base))}</text>'
            )
    return "".join(parts) + _category_labels(chart.categories, slot)


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{colour}"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f},{y - 4:.1f} L{x + 4:.1f},{y + 3:.1f} L{x - 4:.1f},{y + 3:.1f} Z" fill="{colour}"/>'
    if kind == "diamond":
        points = f"M{x:.1f},{y - 4:.1f} L{x + 4:.1f},{y:.1f} L{x:.1f},{y + 4:.1f} L{x - 4:.1f},{y:.1f} Z"
        return f'<path d="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'


def _lines(chart: Chart, max_value: float) -> str:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(len(chart.categories), 1)
    slot = plot_w / n
    parts = []
    for s, series in enumerate(chart.series):
        colour = COLOURS[s % len(COLOURS)]
        points = [
            (LEFT + slot * (c + 0.5), TOP + plot_h - plot_h * _num(v) / max_value)
            for c, v in enumerate(series.values)
            if v is not None
        ]
        if len(points) > 1:
            dash = f' stroke-dasharray="{DASHES[s % len(DASHES)]}"' if DASHES[s % len(DASHES)] else ""
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for x, y in points:
            parts.append(_marker(MARKERS[s % len(MARKERS)], x, y, colour))
    return "".join(parts) + _category_labels(chart.categories, slot)


def render_svg(chart: Chart) -> SafeString:
    """The chart as inline SVG (WeasyPrint draws it as vectors in the PDF)."""
    if chart.kind == "stacked":
        totals = [sum(_num(s.values[c]) for s in chart.series) for c in range(len(chart.categories))]
    else:
        totals = [_num(v) for s in chart.series for v in s.values]
    max_value = _nice_max(max(totals, default=0.0))
    if chart.kind == "line":
        body = _lines(chart, max_value)
    else:
        body = _bars(chart, max_value, stacked=chart.kind == "stacked")
    title_id, desc_id = f"{chart.id}-title", f"{chart.id}-desc"
    description = chart.description or "Samma siffror finns i tabellen under diagrammet."
    return mark_safe(  # noqa: S308 - every text inside is escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="chart" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="DejaVu Sans, sans-serif">'
        f'<title id="{title_id}">{escape(chart.title)}</title><desc id="{desc_id}">{escape(description)}</desc>'
        f"{_pattern_defs(chart.id, len(chart.series))}{_axis(max_value, chart.unit)}{body}{_legend(chart)}</svg>"
    )
