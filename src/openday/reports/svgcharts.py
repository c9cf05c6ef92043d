"""Charts drawn on the server as inline SVG: grouped bars and lines, nothing from a CDN and no
script. Colours are presentation attributes (``fill``, ``stroke``), never ``style=``, so the
Content-Security-Policy holds. Every chart is ``role="img"`` with a ``<title>`` naming it;
the page puts the same numbers in a table beside it (for screen readers and printing).

The functions take labels and numbers and return the markup, escaped, as a safe string.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Distinct in grey print as well as in colour.
PALETTE = ("#1f5fa8", "#e07b00", "#2e8b57", "#b03a2e", "#6c4f9c", "#7f7f7f")
WIDTH, HEIGHT = 640, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 12, 28, 46


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


def _nice_max(value: float) -> float:
    """A round top for the axis at or above ``value`` whose four gridlines fall on round whole
    numbers: four steps of 1, 2, 2.5 or 5 × 10ⁿ (2.5 only from 25 up), so counts read 0-2-4-6-8
    and percentages 0-25-50-75-100."""
    if value <= 0:
        return 4
    quarter = value / 4
    scale = 1
    while scale * 10 < quarter:
        scale *= 10
    for factor in (1, 2, 2.5, 5, 10):
        step = scale * factor
        if step == int(step) and step >= quarter:
            return int(step * 4)
    return scale * 40


def _number(value: float) -> str:
    return f"{value:g}"


def _frame(title: str, body: list[str], legend: Sequence[Series], top: float, unit: str) -> str:
    plot_h = HEIGHT - _TOP - _BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="xMidYMid meet">',
        f"<title>{escape(title)}</title>",
    ]
    for step in range(5):
        value = top * step / 4
        y = _TOP + plot_h - plot_h * step / 4
        parts.append(
            f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#d0d0d0" stroke-width="1"/>'
            f'<text x="{_LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#444">{escape(_number(round(value, 1)))}{escape(unit)}</text>'
        )
    parts += body
    x = _LEFT
    for index, series in enumerate(legend):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="6" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="15" font-size="11" fill="#222">{escape(series.name)}</text>'
        )
        x += 24 + 12 * len(series.name)
    parts.append("</svg>")
    return "".join(parts)


def _axis_labels(labels: Sequence[str], centre) -> list[str]:
    # Long lists show every other label so they never overlap.
    every = 1 if len(labels) <= 14 else 2
    return [
        f'<text x="{centre(index):.1f}" y="{HEIGHT - _BOTTOM + 16}" text-anchor="middle" '
        f'font-size="11" fill="#222">{escape(label[:8])}</text>'
        for index, label in enumerate(labels)
        if index % every == 0
    ]


def bar_chart(
    title: str, labels: Sequence[str], series: Sequence[Series], *, unit: str = ""
) -> SafeString:
    """Bars grouped by label, one bar per series."""
    plot_w = WIDTH - _LEFT - _RIGHT
    plot_h = HEIGHT - _TOP - _BOTTOM
    top = _nice_max(max((v for s in series for v in s.values), default=0))
    slot = plot_w / max(len(labels), 1)
    bar = max(min(slot * 0.8 / max(len(series), 1), 40), 1)
    body = []
    for index in range(len(labels)):
        start = _LEFT + slot * index + (slot - bar * len(series)) / 2
        for number, each in enumerate(series):
            value = each.values[index]
            height = plot_h * value / top
            body.append(
                f'<rect x="{start + bar * number:.1f}" y="{_TOP + plot_h - height:.1f}" '
                f'width="{bar:.1f}" height="{height:.1f}" '
                f'fill="{PALETTE[number % len(PALETTE)]}">'
                f"<title>{escape(labels[index])} {escape(each.name)}：{escape(_number(value))}"
                f"{escape(unit)}</title></rect>"
            )
    body += _axis_labels(labels, lambda index: _LEFT + slot * index + slot / 2)
    return mark_safe(_frame(title, body, series, top, unit))  # noqa: S308 (every text escaped)


def line_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str = "",
    top: float | None = None,
) -> SafeString:
    """A line per series over the labels (months); ``top`` fixes the axis (100 for rates)."""
    plot_w = WIDTH - _LEFT - _RIGHT
    plot_h = HEIGHT - _TOP - _BOTTOM
    top = top or _nice_max(max((v for s in series for v in s.values), default=0))
    step = plot_w / max(len(labels) - 1, 1)

    def x_of(index: int) -> float:
        return _LEFT + step * index if len(labels) > 1 else _LEFT + plot_w / 2

    body = []
    for number, each in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        points = [
            (x_of(index), _TOP + plot_h - plot_h * min(value, top) / top)
            for index, value in enumerate(each.values)
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        body += [
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
            f"<title>{escape(labels[index])} {escape(each.name)}：{escape(_number(value))}"
            f"{escape(unit)}</title></circle>"
            for index, ((x, y), value) in enumerate(zip(points, each.values, strict=True))
        ]
    body += _axis_labels(labels, x_of)
    return mark_safe(_frame(title, body, series, top, unit))  # noqa: S308 (every text escaped)
