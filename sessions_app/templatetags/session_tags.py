from __future__ import annotations

import datetime as dt
import zoneinfo

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.simple_tag
def session_time(starts_at: dt.datetime, ends_at: dt.datetime, time_zone: str) -> str:
    """24 October 2022, 10:00–11:30 CEST (Europe/Copenhagen): as the venue's clocks show it.

    Formatted while the template renders, so in the recipient's language; the `date` filter
    would convert to the active time zone (UTC) instead of the venue's.
    """
    zone = zoneinfo.ZoneInfo(time_zone)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    if start.date() == end.date():
        when = f"{date_format(start, 'j F Y, H:i')}–{date_format(end, 'H:i T')}"
    else:
        when = f"{date_format(start, 'j F Y, H:i T')} – {date_format(end, 'j F Y, H:i T')}"
    return f"{when} ({time_zone})"


@register.simple_tag
def local_time(value: dt.datetime, time_zone: str) -> str:
    """20 April 2027, 08:00 CEST (Europe/Copenhagen): one moment on the venue's clocks."""
    local = value.astimezone(zoneinfo.ZoneInfo(time_zone))
    return f"{date_format(local, 'j F Y, H:i T')} ({time_zone})"
