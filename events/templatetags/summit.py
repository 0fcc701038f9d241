from __future__ import annotations

import datetime as dt
import zoneinfo

from django import template
from django.utils.formats import date_format, get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from summit.links import ShownLink, named_links

register = template.Library()

# Names of formats, not formats: each language has its own (Django's, or summit/formats/).
LOCAL_DATE_FORMAT = "DATE_FORMAT"
LOCAL_TIME_FORMAT = "TIME_FORMAT"


@register.simple_tag
def date_range(start: dt.date, end: dt.date) -> str:
    """24–25 October 2022; 30 October – 1 November 2022; one day shows once. In the active
    language: 24.–25. oktober 2022, 24. lokakuuta – 1. marraskuuta 2022."""
    if start == end:
        return date_format(start, LOCAL_DATE_FORMAT)
    # Every language Summit speaks writes the day first, "j" or "j." (24. oktober 2022); a
    # format that does not start with the day gets both dates in full.
    day = str(get_format(LOCAL_DATE_FORMAT)).split(" ", 1)[0]
    if day not in ("j", "j."):
        return f"{date_format(start, LOCAL_DATE_FORMAT)} – {date_format(end, LOCAL_DATE_FORMAT)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{date_format(start, day)}–{date_format(end, LOCAL_DATE_FORMAT)}"
    if start.year == end.year:
        return f"{date_format(start, 'MONTH_DAY_FORMAT')} – {date_format(end, LOCAL_DATE_FORMAT)}"
    return f"{date_format(start, LOCAL_DATE_FORMAT)} – {date_format(end, LOCAL_DATE_FORMAT)}"


@register.filter
def weekday_date(value: dt.date) -> str:
    """Monday 24 October 2022; mandag 24. oktober 2022 (lower case where the language says so:
    use |capfirst at the start of a heading)."""
    return f"{date_format(value, 'l')} {date_format(value, LOCAL_DATE_FORMAT)}"


@register.filter
def weekday_month_day(value: dt.date) -> str:
    """Monday 24 October; maanantai 24. lokakuuta."""
    return f"{date_format(value, 'l')} {date_format(value, 'MONTH_DAY_FORMAT')}"


def format_local(value: dt.datetime, time_zone: str, *, with_date: bool = True) -> str:
    """25 January 2027, 23:59 CET: the moment as the clocks of `time_zone` show it, zone named.

    The zone's name comes from tzname(), which honours the fold: in the repeated hour when
    clocks go back, Django's "T" format prints nothing, tzname() tells CEST from CET.
    """
    local = value.astimezone(zoneinfo.ZoneInfo(time_zone))
    time = f"{date_format(local, LOCAL_TIME_FORMAT)} {local.tzname()}"
    return f"{date_format(local, LOCAL_DATE_FORMAT)}, {time}" if with_date else time


def format_local_span(starts_at: dt.datetime, ends_at: dt.datetime, time_zone: str) -> str:
    """24 October 2022, 10:00–11:30 CEST; both zones only when the clocks change in between
    (30 October 2022, 01:30 CEST – 02:30 CET); both dates when the span crosses midnight."""
    zone = zoneinfo.ZoneInfo(time_zone)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    if start.date() != end.date():
        return f"{format_local(start, time_zone)} – {format_local(end, time_zone)}"
    if start.tzname() != end.tzname():
        return f"{format_local(start, time_zone)} – {format_local(end, time_zone, with_date=False)}"
    day, start_time = date_format(start, LOCAL_DATE_FORMAT), date_format(start, LOCAL_TIME_FORMAT)
    return f"{day}, {start_time}–{format_local(end, time_zone, with_date=False)}"


@register.simple_tag
def local_datetime(value: dt.datetime | None, time_zone: str) -> SafeString | str:
    """A <time> element in the venue's local time.

    The `date` filter would convert back to the active time zone (UTC here), so the
    conversion happens in this tag rather than in the template.
    """
    if value is None:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>',
        value.astimezone(zoneinfo.ZoneInfo(time_zone)).isoformat(timespec="minutes"),
        format_local(value, time_zone),
    )


@register.simple_tag
def hook_links(name: str, value: object) -> list[ShownLink]:
    """The links apps above add to this page (summit.links): `{% hook_links "events.register"
    event.slug as links %}`."""
    return named_links(name, value)
