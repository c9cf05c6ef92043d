"""Horizontal bar charts drawn on the server as inline SVG (questionnaire results): no CDN,
no script, no ``style=`` (colours come from CSS classes: ``.chart-bar``, ``.chart-label``),
so the Content-Security-Policy holds.

Each chart is ``role="img"``, labelled by its ``<title>`` and described by its ``<desc>``
(which reads out every bar); the page puts the same numbers in a table beside it for screen
readers and printing. Labels are escaped; long ones are clipped with "…" (the table keeps
them whole).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 560
ROW = 28
LABEL_WIDTH = 200
VALUE_WIDTH = 90
LABEL_CHARS = 14  # CJK characters that fit LABEL_WIDTH at the chart's font size


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    # What is written after the bar ("12（40.0%）"); the value when empty.
    caption: str = ""


def _clip(text: str, chars: int = LABEL_CHARS) -> str:
    return text if len(text) <= chars else f"{text[: chars - 1]}…"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def bar_chart(*, chart_id: str, title: str, bars: Sequence[Bar], unit: str = "") -> SafeString:
    """One horizontal bar per item, scaled to the largest value (all zero: empty bars)."""
    top = max((bar.value for bar in bars), default=0) or 1
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = max(len(bars), 1) * ROW + 8
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    desc = "；".join(f"{bar.label}：{bar.caption or _number(bar.value)}{unit}" for bar in bars)
    parts = [
        f'<svg class="chart chart-bars" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" id="{escape(chart_id)}">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(desc or "暂无数据")}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = 4 + index * ROW
        length = round(plot * max(bar.value, 0) / top, 1)
        middle = y + ROW / 2
        parts += [
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{middle}" '
            f'text-anchor="end" dominant-baseline="middle">{escape(_clip(bar.label))}</text>',
            f'<rect class="chart-track" x="{LABEL_WIDTH}" y="{y + 5}" width="{plot}" '
            f'height="{ROW - 10}"/>',
            f'<rect class="chart-bar" x="{LABEL_WIDTH}" y="{y + 5}" width="{length}" '
            f'height="{ROW - 10}"/>',
            f'<text class="chart-value" x="{LABEL_WIDTH + plot + 6}" y="{middle}" '
            f'dominant-baseline="middle">{escape(bar.caption or _number(bar.value))}</text>',
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every piece of text above is escaped)
