from __future__ import annotations

import datetime as dt
import zoneinfo

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def venue_time(value: dt.datetime | None, time_zone: str) -> str:
    """1 March 2027, 23:30 CET (Europe/Copenhagen): a moment as the venue's clocks show it.

    Plain text, for mails: the `date` filter would convert to the active time zone (UTC).
    """
    if value is None:
        return ""
    local = value.astimezone(zoneinfo.ZoneInfo(time_zone))
    return f"{date_format(local, 'j F Y, H:i T')} ({time_zone})"
