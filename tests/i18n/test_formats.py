"""Dates and times as each language writes them (Django's formats and summit/formats/)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from events.templatetags.summit import date_range, format_local, weekday_date, weekday_month_day
from sessions_app.builder_forms import MoveSessionForm

OCT_24, OCT_25, NOV_1 = dt.date(2022, 10, 24), dt.date(2022, 10, 25), dt.date(2022, 11, 1)
JAN_2 = dt.date(2023, 1, 2)


RANGES = {
    "en": (
        "24 October 2022",
        "24–25 October 2022",
        "24 October – 1 November 2022",
        "24 October 2022 – 2 January 2023",
    ),
    "da": (
        "24. oktober 2022",
        "24.–25. oktober 2022",
        "24. oktober – 1. november 2022",
        "24. oktober 2022 – 2. januar 2023",
    ),
    "sv": (
        "24 oktober 2022",
        "24–25 oktober 2022",
        "24 oktober – 1 november 2022",
        "24 oktober 2022 – 2 januari 2023",
    ),
    "nb": (
        "24. oktober 2022",
        "24.–25. oktober 2022",
        "24. oktober – 1. november 2022",
        "24. oktober 2022 – 2. januar 2023",
    ),
    "fi": (
        "24. lokakuuta 2022",
        "24.–25. lokakuuta 2022",
        "24. lokakuuta – 1. marraskuuta 2022",
        "24. lokakuuta 2022 – 2. tammikuuta 2023",
    ),
    "is": (
        "24. október 2022",
        "24.–25. október 2022",
        "24. október – 1. nóvember 2022",
        "24. október 2022 – 2. janúar 2023",
    ),
}


@pytest.mark.parametrize("language", RANGES)
def test_date_ranges_follow_the_language(language: str) -> None:
    one_day, same_month, same_year, two_years = RANGES[language]
    with translation.override(language):
        assert date_range(OCT_24, OCT_24) == one_day
        assert date_range(OCT_24, OCT_25) == same_month
        assert date_range(OCT_24, NOV_1) == same_year
        assert date_range(OCT_24, JAN_2) == two_years


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "24 October 2022, 10:05 CEST"),
        ("da", "24. oktober 2022, 10:05 CEST"),
        ("fi", "24. lokakuuta 2022, 10.05 CEST"),
        ("is", "24. október 2022, 10:05 CEST"),
    ],
)
def test_local_times_follow_the_language_and_name_the_zone(language: str, expected: str) -> None:
    moment = dt.datetime(2022, 10, 24, 8, 5, tzinfo=dt.UTC)
    with translation.override(language):
        assert format_local(moment, "Europe/Copenhagen") == expected


@pytest.mark.parametrize(
    ("language", "with_year", "without_year"),
    [
        ("en", "Monday 24 October 2022", "Monday 24 October"),
        ("da", "mandag 24. oktober 2022", "mandag 24. oktober"),
        ("fi", "maanantai 24. lokakuuta 2022", "maanantai 24. lokakuuta"),
    ],
)
def test_day_headings_name_the_weekday(language: str, with_year: str, without_year: str) -> None:
    with translation.override(language):
        assert weekday_date(OCT_24) == with_year
        assert weekday_month_day(OCT_24) == without_year


def test_the_builders_date_and_time_inputs_stay_iso_in_every_language() -> None:
    fields = MoveSessionForm.base_fields
    with translation.override("fi"):  # Finnish would write 24.10.2022 and 9.30
        assert 'value="2022-10-24"' in fields["day"].widget.render("day", OCT_24)
        assert 'value="09:30"' in fields["start"].widget.render("start", dt.time(9, 30))
