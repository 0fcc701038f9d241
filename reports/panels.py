"""Figures made ready for a dashboard template: each with its chart and its table's rows and
cells, every one with the link behind it (or none). Shared by every dashboard, whoever it is
for: the link function says where a row leads for that reader."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from reports.charts import bar_chart, stacked_chart
from reports.figures import Figure, Row


def panels(figures: Iterable[Figure], href: Callable[[Row], str]) -> list[dict[str, Any]]:
    return [
        {
            "figure": figure,
            "chart": (stacked_chart if figure.stacked else bar_chart)(figure, href),
            "rows": [(row, href(row)) for row in figure.rows],
            "table": [
                (row, href(row), [(part, href(part)) for part in row.parts]) for row in figure.rows
            ],
        }
        for figure in figures
    ]


def list_links(listing: str) -> Callable[[Row], str]:
    """Rows lead to their own page, else to the registration list with the row's filters."""

    def href(row: Row) -> str:
        if row.url:
            return row.url
        return f"{listing}?{row.querystring}" if row.query else ""

    return href
