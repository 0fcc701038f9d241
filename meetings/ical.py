"""A meeting's calendar invite (iTIP, RFC 5546), as a pure function: the meeting comes loaded
(slot, room, both delegations' cities, the event's venue). Same choices as
sessions_app.ical: UTC times only, the local time in words in DESCRIPTION, METHOD REQUEST or
CANCEL, the organizer and this one attendee named."""

from __future__ import annotations

import datetime as dt
from email.utils import parseaddr
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress

from events.ical import Method, new_calendar, utc
from sessions_app.templatetags.session_tags import session_time

if TYPE_CHECKING:
    from accounts.models import User
    from meetings.models import MeetingRequest


def title(meeting: MeetingRequest) -> str:
    return _("Meeting %(first)s – %(second)s: %(topic)s") % {
        "first": meeting.requester.city.name,
        "second": meeting.recipient.city.name,
        "topic": meeting.topic,
    }


def where(meeting: MeetingRequest) -> str:
    assert meeting.room is not None
    venue = meeting.event.venue
    return f"{meeting.room.name}, {venue.name}, {venue.address}"


def description(meeting: MeetingRequest) -> str:
    parts = []
    if meeting.interpreter_needed:
        parts.append(
            _("An interpreter (%(pair)s) takes part.") % {"pair": meeting.interpreter_pair}
        )
    if meeting.confidential:
        parts.append(_("Confidential: please do not share."))
    return "\n\n".join(parts)


def meeting_invite(
    meeting: MeetingRequest,
    user: User,
    *,
    method: Method,
    organizer: str,
    now: dt.datetime | None = None,
    url: str = "",
) -> Calendar:
    """One participant's invite or cancellation; SEQUENCE is meeting.sequence."""
    assert meeting.slot is not None
    slot = meeting.slot
    entry = Event()
    entry.add("uid", meeting.uid)
    entry.add("sequence", meeting.sequence)
    entry.add("dtstamp", utc(now or timezone.now()))
    entry.add("last-modified", utc(meeting.updated_at))
    entry.add("dtstart", utc(slot.starts_at))
    entry.add("dtend", utc(slot.ends_at))
    entry.add("summary", title(meeting))
    when = session_time(slot.starts_at, slot.ends_at, meeting.event.time_zone)
    parts = [when, meeting.event.name, description(meeting)]
    entry.add("description", "\n\n".join(part for part in parts if part))
    entry.add("location", where(meeting))
    if url:
        entry.add("url", url)
    entry.add("class", "CONFIDENTIAL" if meeting.confidential else "PUBLIC")
    entry.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    name, address = parseaddr(organizer)
    entry.add("organizer", vCalAddress.new(address, cn=name or None))
    attendee = vCalAddress.new(
        user.email, cn=str(user), cutype="INDIVIDUAL", role="REQ-PARTICIPANT", rsvp=False
    )
    entry.add("attendee", attendee)
    calendar = new_calendar(method)
    calendar.add_component(entry)
    return calendar
