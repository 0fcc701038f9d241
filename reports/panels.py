"""Figures made ready for a dashboard template: each with its chart and its table's rows and
cells, every one with the link behind it (or none). Shared by every dashboard, whoever it is
for: the link function says where a row leads for that reader."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from reports.charts import bar_chart, stacked_chart
from reports.figures import Figure, Row


def panels(figures: Iterable[Figure], href: Callable[[Row], str]) -> list[dict[str, Any]]:
    lines = _Lines()
    return [_panel(figure, href, lines) for figure in figures]


def _panel(figure: Figure, href: Callable[[Row], str], lines: _Lines) -> dict[str, Any]:
    rows = [(row, href(row)) for row in figure.rows]
    return {
        "figure": figure,
        "chart": (stacked_chart if figure.stacked else bar_chart)(figure, href),
        "rows": rows,
        "lines": lines.html(rows),  # the plain table's rows
        "table": [(row, link, [(part, href(part)) for part in row.parts]) for row, link in rows],
    }


def list_links(listing: str) -> Callable[[Row], str]:
    """Rows lead to their own page, else to the registration list with the row's filters."""

    def href(row: Row) -> str:
        if row.url:
            return row.url
        return f"{listing}?{row.querystring}" if row.query else ""

    return href


class _Lines:
    """The rows of a figure's plain table, made here as the template's loop made them, to the
    byte (its whitespace, Django's escaping, each number localized, the number cell of a part
    and its whole by the same message as `{% blocktranslate %}{{ value }} of {{ total }}`): a
    dashboard has some 700 rows (300 sessions, 300 check-in lists), and a template loop with
    a blocktranslate per row cost more than the rest of the page's template."""

    ROW = (
        '\n                    <tr><th scope="row">{}</th>'
        "\n                      <td>{}</td></tr>\n                  "
    )
    LINK = '<a href="{}">{}</a>'

    def __init__(self) -> None:
        self.of = gettext("%(value)s of %(total)s")
        self.localized: dict[int, str] = {}

    def html(self, rows: list[tuple[Row, str]]) -> SafeString:
        return mark_safe("".join(self.line(row, link) for row, link in rows))

    def line(self, row: Row, link: str) -> str:
        if row.extra is None:
            return self.ROW.format(self.label(row, link), self.cell(row))
        # A third column (a check-in list's no-shows).
        cells = f"{self.cell(row)}</td><td>{self.number(row.extra)}"
        return self.ROW.format(self.label(row, link), cells)

    @staticmethod
    def label(row: Row, link: str) -> str:
        label = conditional_escape(row.label)
        return _Lines.LINK.format(conditional_escape(link), label) if link else label

    def cell(self, row: Row) -> str:
        if row.total is None:
            return self.number(row.value)
        # The translation is trusted as the template tag trusts it: not escaped.
        return self.of % {"value": self.number(row.value), "total": self.number(row.total)}

    def number(self, value: int) -> str:
        """As the template shows a number: localized, escaped (digits and separators)."""
        if value not in self.localized:
            self.localized[value] = conditional_escape(localize(value))
        return self.localized[value]
