"""summit.xlsx, the one writer of every XLSX: types kept, formulas disarmed, Excel's sheet-name
limits respected."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from summit.xlsx import Sheet, workbook


def test_numbers_dates_and_text_keep_their_types_and_no_cell_is_a_formula() -> None:
    when = dt.datetime(2049, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    content = workbook(
        [Sheet("People", ["n", "when", "text"], [(7, when, '=HYPERLINK("http://x","y")')])]
    )

    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == ["n", "when", "text"]
    assert all(c.font.b for c in sheet[1])
    number, stamp, text = sheet[2]
    assert number.value == 7
    assert stamp.value == dt.datetime(2049, 3, 1, 8, 30)  # in UTC
    assert text.value == '=HYPERLINK("http://x","y")'
    assert text.data_type == "s"  # text, not a formula
    assert sheet.freeze_panes == "A2"


def test_sheet_names_are_cut_to_excels_limits_and_kept_apart() -> None:
    long = "Nordic Safe Cities Summit: 2049 [spring] / main"
    content = workbook([Sheet(long, ["a"], []), Sheet(long, ["a"], []), Sheet("", ["a"], [])])

    names = load_workbook(io.BytesIO(content)).sheetnames
    assert names[0] == "Nordic Safe Cities Summit  2049"
    assert len(names[1]) <= 31
    assert names[1] != names[0]
    assert names[2] == "Sheet"
