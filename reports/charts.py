"""Charts as server-rendered SVG: pure functions from a figure to markup. No script, no inline
style (colours come from summit.css), so the strictest Content-Security-Policy allows them.

A chart is a picture of the table beside it, hidden from screen readers (aria-hidden): the
table carries the same numbers and the same links. The bars are links too, for the mouse; out
of the tab order (tabindex=-1), because the table's links are the keyboard's way.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from reports.figures import Figure, Row

WIDTH = 640
LABEL_WIDTH = 260
BAR_WIDTH = 300
ROW_HEIGHT = 26
LABEL_CHARACTERS = 28  # at most about 230 px of 13 px DejaVu Sans: the first letter stays in


def bar_chart(figure: Figure, href: Callable[[Row], str]) -> SafeString:
    """Horizontal bars, one per row, scaled to the figure's largest value (or total)."""
    largest = figure.largest
    height = ROW_HEIGHT * len(figure.rows) + 4
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" aria-hidden="true" focusable="false">'
    ]
    for n, row in enumerate(figure.rows):
        parts.append(_bar(row, n * ROW_HEIGHT + 2, largest, href(row)))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _bar(row: Row, y: int, largest: int, link: str) -> str:
    middle = y + ROW_HEIGHT // 2
    width = _scaled(row.value, largest)
    label = (
        row.label if len(row.label) <= LABEL_CHARACTERS else row.label[: LABEL_CHARACTERS - 1] + "…"
    )
    figure = f"{row.value}" if row.total is None else f"{row.value} / {row.total}"
    parts = [
        f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" '
        f'dominant-baseline="middle">{escape(label)}<title>{escape(row.label)}</title></text>'
    ]
    if row.total:
        parts.append(
            f'<rect class="chart-total" x="{LABEL_WIDTH}" y="{y + 3}" '
            f'width="{_scaled(row.total, largest)}" height="{ROW_HEIGHT - 8}"/>'
        )
    bar = (
        f'<rect class="chart-bar" x="{LABEL_WIDTH}" y="{y + 3}" width="{width}" '
        f'height="{ROW_HEIGHT - 8}"/>'
    )
    parts.append(f'<a href="{escape(link)}" tabindex="-1">{bar}</a>' if link else bar)
    end = LABEL_WIDTH + max(width, _scaled(row.total or 0, largest)) + 6
    parts.append(
        f'<text class="chart-value" x="{end}" y="{middle}" dominant-baseline="middle">'
        f"{escape(figure)}</text>"
    )
    return "".join(parts)


def _scaled(value: int, largest: int) -> int:
    if largest <= 0 or value <= 0:
        return 0
    return max(1, round(BAR_WIDTH * value / largest))


def stacked_chart(figure: Figure, href: Callable[[Row], str]) -> SafeString:
    """Horizontal bars, one per row, each split into its parts (a week's registrations by
    status), coloured by the part's place (chart-part-N in summit.css), with the row's total."""
    largest = figure.largest
    height = ROW_HEIGHT * len(figure.rows) + 4
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" aria-hidden="true" focusable="false">'
    ]
    for n, row in enumerate(figure.rows):
        y = n * ROW_HEIGHT + 2
        middle = y + ROW_HEIGHT // 2
        parts.append(
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(row.label)}</text>'
        )
        x = LABEL_WIDTH
        for place, part in enumerate(row.parts):
            width = _scaled(part.value, largest)
            if not width:
                continue
            bar = (
                f'<rect class="chart-part-{place}" x="{x}" y="{y + 3}" width="{width}" '
                f'height="{ROW_HEIGHT - 8}">'
                f"<title>{escape(part.label)}: {part.value}</title></rect>"
            )
            link = href(part)
            parts.append(f'<a href="{escape(link)}" tabindex="-1">{bar}</a>' if link else bar)
            x += width
        parts.append(
            f'<text class="chart-value" x="{x + 6}" y="{middle}" dominant-baseline="middle">'
            f"{row.value}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
