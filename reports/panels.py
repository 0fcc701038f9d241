"""Figures made ready for a dashboard template: each with its chart and its table's rows and
cells, every one with the link behind it (or none). Shared by every dashboard, whoever it is
for: the link function says where a row leads for that reader."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from reports.charts import bar_chart, stacked_chart
from reports.figures import Figure, Row


def panels(figures: Iterable[Figure], href: Callable[[Row], str]) -> list[dict[str, Any]]:
    number = _Numbers()
    return [_panel(figure, href, number) for figure in figures]


def _panel(figure: Figure, href: Callable[[Row], str], number: _Numbers) -> dict[str, Any]:
    rows = [(row, href(row)) for row in figure.rows]
    return {
        "figure": figure,
        "chart": (stacked_chart if figure.stacked else bar_chart)(figure, href),
        "rows": rows,
        "lines": [(row, link, number.cell(row)) for row, link in rows],  # the plain table's
        "table": [(row, link, [(part, href(part)) for part in row.parts]) for row, link in rows],
    }


def list_links(listing: str) -> Callable[[Row], str]:
    """Rows lead to their own page, else to the registration list with the row's filters."""

    def href(row: Row) -> str:
        if row.url:
            return row.url
        return f"{listing}?{row.querystring}" if row.query else ""

    return href


class _Numbers:
    """A table's number cell as the template's `{% blocktranslate %}{{ value }} of {{ total }}`
    made it (the same message, each number localized), formatted here: a dashboard has some
    600 such rows, and the tag costs more than the rest of a row."""

    def __init__(self) -> None:
        self.of = gettext("%(value)s of %(total)s")
        self.localized: dict[int, str] = {}

    def cell(self, row: Row) -> SafeString:
        if row.total is None:
            return mark_safe(self.number(row.value))  # digits and separators only
        # The translation is trusted as the template tag trusts it: not escaped.
        return mark_safe(
            self.of % {"value": self.number(row.value), "total": self.number(row.total)}
        )

    def number(self, value: int) -> str:
        if value not in self.localized:
            self.localized[value] = str(localize(value))
        return self.localized[value]
