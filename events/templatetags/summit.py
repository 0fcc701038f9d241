from __future__ import annotations

import datetime as dt
import zoneinfo

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

LOCAL_DATETIME_FORMAT = "j F Y, H:i T"


@register.simple_tag
def date_range(start: dt.date, end: dt.date) -> str:
    """24–25 October 2022; 30 October – 1 November 2022; one day shows once."""
    if start == end:
        return date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{date_format(start, 'j')}–{date_format(end, 'j F Y')}"
    if start.year == end.year:
        return f"{date_format(start, 'j F')} – {date_format(end, 'j F Y')}"
    return f"{date_format(start, 'j F Y')} – {date_format(end, 'j F Y')}"


def format_local(value: dt.datetime, time_zone: str) -> str:
    """25 January 2027, 23:59 CET: the moment as the clocks of `time_zone` show it, zone named."""
    return date_format(value.astimezone(zoneinfo.ZoneInfo(time_zone)), LOCAL_DATETIME_FORMAT)


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
