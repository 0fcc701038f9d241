"""What the calendar tests share (feeds and downloads): the feed's address, a file's lines and
UIDs, a seat."""

from __future__ import annotations

from typing import Any

import icalendar
import vobject
from django.urls import reverse

from accounts.models import User
from sessions_app.models import Session, Signup
from tests.sessions_app.factories import SignupFactory

ICS_TYPE = "text/calendar; charset=utf-8"


def feed_url(raw: str) -> str:
    return reverse("sessions_app:calendar_feed", kwargs={"token": raw})


def lines(response: Any) -> list[str]:
    ics = response.content.decode()
    assert ics.endswith("\r\n")
    return ics.replace("\r\n ", "").split("\r\n")[:-1]


def uids(response: Any) -> list[str]:
    """The UIDs of a calendar response (a download or a feed), read by both parsers, after
    checking the file: its type, CRLF line ends only, and no METHOD (not an iTIP message,
    issue #16)."""
    assert (response.status_code, response["Content-Type"]) == (200, ICS_TYPE)
    ics = response.content.decode()
    assert ics.endswith("\r\n")
    assert "\n" not in ics.replace("\r\n", "")
    by_icalendar = [str(e["UID"]) for e in icalendar.Calendar.from_ical(ics).events]
    parsed = vobject.readOne(ics)
    assert "method" not in parsed.contents
    by_vobject = [e.uid.value for e in parsed.contents.get("vevent", [])]
    assert by_icalendar == by_vobject
    return by_icalendar


def seat(user: User, session: Session) -> Signup:
    return SignupFactory.create(session=session, user=user)
