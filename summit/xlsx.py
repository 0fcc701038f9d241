"""Workbooks from plain rows: the one way Summit writes XLSX (openpyxl, write-only), for any
list an organizer downloads and for the funder report's several sheets.

A sheet is a title, a header and rows of cells. Numbers stay numbers, dates and times become
spreadsheet dates (UTC, since Excel has no time zones), and every other cell is stored as text,
which a spreadsheet shows as it is and never runs as a formula ("=HYPERLINK(...)").
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_BOLD = Font(bold=True)


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]


def workbook(sheets: Iterable[Sheet]) -> bytes:
    """The sheets as one XLSX file: each header bold and frozen."""
    book = Workbook(write_only=True)
    used: set[str] = set()
    for sheet in sheets:
        out = book.create_sheet(title=_unique(sheet_title(sheet.title), used))
        out.freeze_panes = "A2"
        out.append([_cell(out, str(name), font=_BOLD) for name in sheet.header])
        for row in sheet.rows:
            out.append([_cell(out, value) for value in row])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def _cell(sheet: Any, value: Any, font: Font | None = None) -> Any:
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
    if value is None:
        value = ""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    if font is not None:
        cell.font = font
    return cell


def sheet_title(title: str) -> str:
    """Excel's limits for a sheet's name: 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return cleaned[:31] or "Sheet"


def _unique(title: str, used: set[str]) -> str:
    name, n = title, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = title[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def download(sheets: Iterable[Sheet], *, filename: str) -> HttpResponse:
    """The sheets as an XLSX attachment: every organizer list's "Download as XLSX"."""
    response = HttpResponse(workbook(sheets), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
