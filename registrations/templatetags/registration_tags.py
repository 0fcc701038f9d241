from __future__ import annotations

import datetime as dt

from django import template

from events.templatetags.summit import format_local

register = template.Library()


@register.filter
def venue_time(value: dt.datetime | None, time_zone: str) -> str:
    """1 March 2027, 23:30 CET (Europe/Copenhagen): a moment as the venue's clocks show it.

    Plain text, for mails: the `date` filter would convert to the active time zone (UTC).
    """
    if value is None:
        return ""
    return f"{format_local(value, time_zone)} ({time_zone})"
