"""The calendar frame every Summit calendar shares (RFC 5545), and the one calendar that is about
an event rather than its sessions: the event's days, attached to the approval mail. Pure
functions; sessions_app.ical builds the session calendars on them (its docstring explains the
choices: UTC times only, METHOD only on invites).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

if TYPE_CHECKING:
    from events.models import Event as SummitEvent

PRODID = "-//Summit//Sessions//EN"
Method = Literal["REQUEST", "CANCEL"]


def event_days_calendar(
    event: SummitEvent, *, now: dt.datetime | None = None, url: str = ""
) -> Calendar:
    """The event's days as one all-day entry (the approval mail's attachment).

    Why not its sessions: a delegate has chosen none yet when approved, and a copy of a
    session imported from a file would sit next to the invite for the same UID when they sign
    up (Outlook keeps both). All-day dates are floating, so they need no time zone; the entry
    is TRANSPARENT so it does not mark whole days busy around the sessions. No METHOD: it is
    an attachment to keep, not an iTIP message (and a PUBLISH mail makes Outlook duplicates).
    """
    entry = Event()
    entry.add("uid", f"event-{event.pk}@{host()}")
    entry.add("sequence", 0)
    entry.add("dtstamp", utc(now or timezone.now()))
    entry.add("dtstart", event.start_date)
    entry.add("dtend", event.end_date + dt.timedelta(days=1))  # DTEND of dates is exclusive
    entry.add("summary", event.name)
    if event.summary:
        entry.add("description", event.summary)
    venue = event.venue
    entry.add("location", f"{venue.name}, {venue.address}")
    if url:
        entry.add("url", url)
    entry.add("transp", "TRANSPARENT")
    entry.add("status", "CONFIRMED")
    calendar = new_calendar()
    calendar.add_component(entry)
    return calendar


def to_ics(calendar: Calendar) -> str:
    """The calendar as text: CRLF line endings, escaped and folded by icalendar."""
    return calendar.to_ical().decode()


def new_calendar(method: Method | None = None) -> Calendar:
    """An empty VCALENDAR; a METHOD only for an iTIP message (an invite)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method is not None:
        calendar.add("method", method)
    return calendar


def utc(value: dt.datetime) -> dt.datetime:
    """The instant in UTC; a naive time is refused (every stored time is aware)."""
    if timezone.is_naive(value):
        raise ValueError("Calendar times must be aware.")
    return value.astimezone(dt.UTC)


def host() -> str:
    """The site's host name, the right-hand side of every UID."""
    return urlsplit(settings.SITE_URL).hostname or "summit.invalid"
