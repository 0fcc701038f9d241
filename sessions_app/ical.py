"""Calendars of sessions (RFC 5545, iTIP RFC 5546), as pure functions: they take sessions and
sign-ups already loaded (room, venue, city, user) and run no queries; settings are read at call
time only for the site's host name.

TIME ZONES: every time is written in UTC ("DTSTART:20270420T080000Z"), in invites and downloads
alike, so no TZID and no VTIMEZONE is ever written, and the venue's local time is spelled out in
the mail body and in DESCRIPTION. Why: a TZID needs a VTIMEZONE the client maps right, and
icalendar generates RDATE-based ones that Outlook desktop reduces to a single rule, shifting
summer-time sessions by an hour (RECIPES.md, "Calendars: facts that bite"). A UTC instant is read
the same by Outlook, Gmail, Apple Calendar and Thunderbird, and each shows it in its user's zone.
The price: the entry shows no venue zone, only the reader's own; hence the local time in words.

METHOD: only the invites carry one. An invite (REQUEST or CANCEL) is an iTIP message (RFC 5546)
and names its ORGANIZER and its one ATTENDEE. Downloads, feeds and the approval mail's
attachment are plain iCalendar objects (RFC 5545) with no METHOD: METHOD:PUBLISH would make
them iTIP messages, which RFC 5546 requires to name an ORGANIZER (libical's iTIP check rejects
them without one), and an ORGANIZER would make clients present a public agenda entry as a
meeting someone invited the reader to. CalDAV servers refuse a stored object with a METHOD too.

The calendar frame (PRODID, METHOD), UTC and the host name for UIDs are in events.ical, with
the event-days entry the approval mail attaches.

SEQUENCE: session.revision in the published form (downloads, feeds); for one attendee's invite
signup.calendar_sequence (the revision plus their personal sequence), which never goes down, so
a sign-up again after a withdrawal outranks the CANCEL that withdrawal sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from email.utils import parseaddr
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vDuration

from events.ical import Method, new_calendar, utc
from events.ical import to_ics as to_ics  # re-exported: the session calendars are written with it
from events.translated import in_language
from sessions_app.templatetags.session_tags import session_time

if TYPE_CHECKING:
    from sessions_app.agenda_items import PersonalItem
    from sessions_app.models import Session, Signup

# How often subscribed calendars should fetch a feed again (Google ignores it: 8-24 h).
FEED_REFRESH = dt.timedelta(hours=1)


def session_event(
    session: Session,
    *,
    now: dt.datetime | None = None,
    url: str = "",
    sequence: int | None = None,
    cancelled: bool = False,
    language: str | None = None,
) -> Event:
    """One VEVENT for a session, in the public form unless an invite adds its people. Title
    and description in `language` (the recipient's), else the original; None: the active one.

    The join link is left out on purpose: it is only for signed-up attendees, and this VEVENT
    also goes into public downloads.
    """
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", session.revision if sequence is None else sequence)
    event.add("dtstamp", utc(now or timezone.now()))
    if session.updated_at is not None:
        event.add("last-modified", utc(session.updated_at))
    event.add("dtstart", utc(session.starts_at))
    event.add("dtend", utc(session.ends_at))
    event.add("summary", in_language(session, "title", language))
    event.add("description", _description(session, language))
    event.add("location", location(session))
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if cancelled or session.is_cancelled else _status(session))
    return event


def item_event(item: PersonalItem, *, now: dt.datetime | None = None, site: str = "") -> Event:
    """One VEVENT for an item another app put in a person's agenda (sessions_app.agenda_items),
    in the same form as a session's: UTC times, the local time in DESCRIPTION."""
    event = Event()
    event.add("uid", item.uid)
    event.add("sequence", item.sequence)
    event.add("dtstamp", utc(now or timezone.now()))
    event.add("last-modified", utc(item.updated_at))
    event.add("dtstart", utc(item.starts_at))
    event.add("dtend", utc(item.ends_at))
    event.add("summary", item.title)
    when = session_time(item.starts_at, item.ends_at, item.time_zone)
    parts = [when, item.event_name, item.description.strip()]
    event.add("description", "\n\n".join(part for part in parts if part))
    event.add("location", item.where)
    if site:
        event.add("url", site + item.url)
    event.add("status", "CONFIRMED")
    return event


def agenda_calendar(
    sessions: Iterable[Session],
    *,
    now: dt.datetime | None = None,
    url_for: Callable[[Session], str] | None = None,
    name: str = "",
    language: str | None = None,
    items: Iterable[PersonalItem] = (),
    site: str = "",
) -> Calendar:
    """The published form (downloads, feeds): no METHOD and no people named (see the module
    docstring).

    Cancelled sessions stay in, marked STATUS:CANCELLED, so a calendar that imported them
    before learns that they are off; the caller decides which sessions to pass.
    """
    now = now or timezone.now()
    calendar = new_calendar()
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
    for session in sessions:
        calendar.add_component(
            session_event(
                session, now=now, url=url_for(session) if url_for else "", language=language
            )
        )
    for item in items:
        calendar.add_component(item_event(item, now=now, site=site))
    return calendar


def feed_calendar(
    sessions: Iterable[Session],
    *,
    now: dt.datetime | None = None,
    url_for: Callable[[Session], str] | None = None,
    name: str = "",
    refresh: dt.timedelta = FEED_REFRESH,
    language: str | None = None,
    items: Iterable[PersonalItem] = (),
    site: str = "",
) -> Calendar:
    """A subscribed calendar: the published form plus how often to fetch it again, as
    REFRESH-INTERVAL (RFC 7986) and X-PUBLISHED-TTL (Outlook, Apple).

    Both written by hand as vDuration: icalendar leaves out REFRESH-INTERVAL's required
    VALUE=DURATION parameter and writes a timedelta X-PUBLISHED-TTL as "1:00:00".
    """
    calendar = agenda_calendar(
        sessions, now=now, url_for=url_for, name=name, language=language, items=items, site=site
    )
    calendar.add("refresh-interval", vDuration(refresh), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(refresh))
    return calendar


def invite_calendar(
    signup: Signup,
    *,
    method: Method,
    organizer: str,
    now: dt.datetime | None = None,
    url: str = "",
    language: str | None = None,
) -> Calendar:
    """One attendee's iTIP message: METHOD:REQUEST (an invite or an update) or METHOD:CANCEL
    (a withdrawal or a cancelled session), naming the organizer and only this attendee.

    `organizer` is a mailbox, bare or "Name <address>" (settings.SUMMIT_ORGANIZER_EMAIL).
    """
    event = session_event(
        signup.session,
        now=now,
        url=url,
        sequence=signup.calendar_sequence,
        cancelled=method == "CANCEL",
        language=language,
    )
    name, address = parseaddr(organizer)
    event.add("organizer", vCalAddress.new(address, cn=name or None))
    # RSVP=FALSE: signing up was the answer; a reply from the calendar would go nowhere.
    user = signup.user
    attendee = vCalAddress.new(
        user.email, cn=str(user), cutype="INDIVIDUAL", role="REQ-PARTICIPANT", rsvp=False
    )
    event.add("attendee", attendee)
    calendar = new_calendar(method)
    calendar.add_component(event)
    return calendar


def google_calendar_link(session: Session, *, url: str = "") -> str:
    """Google Calendar's "add event" page for the session, with UTC times (no zone to map)."""
    start, end = (utc(t).strftime("%Y%m%dT%H%M%SZ") for t in (session.starts_at, session.ends_at))
    params = {
        "action": "TEMPLATE",
        "text": session.title,
        "dates": f"{start}/{end}",
        "details": _link_details(session, url),
        "location": location(session),
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(params, quote_via=quote)


def outlook_link(session: Session, *, url: str = "", host: str = "https://outlook.live.com") -> str:
    """Outlook's "new event" page: Outlook.com by default, Microsoft 365 with
    host="https://outlook.office.com". UTC times, as ISO 8601 with a Z."""
    start, end = (
        utc(t).strftime("%Y-%m-%dT%H:%M:%SZ") for t in (session.starts_at, session.ends_at)
    )
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": session.title,
        "startdt": start,
        "enddt": end,
        "body": _link_details(session, url),
        "location": location(session),
    }
    return f"{host}/calendar/0/deeplink/compose?" + urlencode(params, quote_via=quote)


def location(session: Session) -> str:
    """Room, venue and address, as a person walking there needs them."""
    room = session.room
    venue = room.venue
    return f"{room.name}, {venue.name}, {venue.address}"


def _description(session: Session, language: str | None = None) -> str:
    # The local time in words: the entry itself carries UTC only (see the module docstring).
    when = session_time(session.starts_at, session.ends_at, session.time_zone)
    parts = [when, session.event.name, in_language(session, "description", language).strip()]
    return "\n\n".join(part for part in parts if part)


def _link_details(session: Session, url: str) -> str:
    return "\n\n".join(part for part in (_description(session), url) if part)


def _status(session: Session) -> str:
    return "CONFIRMED" if session.is_public else "TENTATIVE"
