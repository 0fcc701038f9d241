"""The organizers' registration list as files: CSV (streamed) and XLSX (openpyxl), the same
columns in both, every cell disarmed so that a spreadsheet never runs one as a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font

from registrations.models import Registration

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ordered(rows: Any) -> Any:
    return rows.select_related("user", "city").order_by("created_at", "pk")


CSV_HEADER = [
    "id",
    "status",
    "badge_name",
    "email",
    "office",
    "organization",
    "city",
    "city_confirmed",
    "country",
    "phone",
    "languages",
    "interpretation_needs",
    "dietary_needs",
    "accessibility_needs",
    "visibility",
    "registered_at",
]
# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...)).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """The cell as text a spreadsheet shows as text: a leading quote disarms a formula."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Any) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    # The byte order mark makes Excel read the file as UTF-8.
    yield "\ufeff".encode()
    yield writer.writerow(CSV_HEADER).encode()
    for registration in rows.iterator(chunk_size=500):
        yield writer.writerow([neutralise(cell) for cell in csv_row(registration)]).encode()


def csv_row(r: Registration) -> list[object]:
    return [
        r.pk,
        r.status,
        r.badge_name,
        r.user.email,
        r.office,
        r.organization,
        r.city.name,
        "yes" if r.city.is_confirmed else "no",
        r.country.code,
        r.phone,
        " ".join(r.languages),
        r.interpretation_needs,
        r.dietary_needs,
        r.accessibility_needs,
        r.visibility,
        r.created_at.isoformat(timespec="seconds"),
    ]


def xlsx(rows: Any, *, title: str) -> bytes:
    """The rows as one worksheet: a bold header, frozen; the id a number, the registration time
    a date (UTC: Excel has no time zones), every other cell typed as text, which a spreadsheet
    shows as it is and never runs as a formula."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_text(sheet, name, font=bold) for name in CSV_HEADER])
    for registration in rows.iterator(chunk_size=500):
        pk, *texts, _registered = csv_row(registration)
        when = registration.created_at.astimezone(dt.UTC).replace(tzinfo=None)
        sheet.append([pk, *(_text(sheet, str(value)) for value in texts), when])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(sheet: Any, value: str, font: Font | None = None) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    if font is not None:
        cell.font = font
    return cell


def _sheet_title(title: str) -> str:
    """Excel's limits for a sheet's name: 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return cleaned[:31] or "Registrations"
