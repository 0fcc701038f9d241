from __future__ import annotations

import datetime as dt

from django import template

from events.templatetags.summit import format_local, format_local_span

register = template.Library()


@register.simple_tag
def session_time(starts_at: dt.datetime, ends_at: dt.datetime, time_zone: str) -> str:
    """24 October 2022, 10:00 CEST – 11:30 CEST (Europe/Copenhagen): as the venue's clocks
    show it, formatted while the template renders, so in the recipient's language."""
    return f"{format_local_span(starts_at, ends_at, time_zone)} ({time_zone})"


@register.simple_tag
def local_time(value: dt.datetime, time_zone: str) -> str:
    """20 April 2027, 08:00 CEST (Europe/Copenhagen): one moment on the venue's clocks."""
    return f"{format_local(value, time_zone)} ({time_zone})"
