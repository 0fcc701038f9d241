"""Every calendar Summit writes, read by libical (tests/libical.py): the mailed invites are iTIP
messages (METHOD:REQUEST / METHOD:CANCEL) naming their ORGANIZER and pass RFC 5546's
restrictions; downloads, the feed and the approval attachment have no METHOD and pass RFC 5545's
component rules. The checker's own failures are shown first, on the forms it must refuse."""

from __future__ import annotations

from typing import Any

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import Event
from outbox.models import OutboundMail
from outbox.services import preview_mail
from registrations.models import Registration
from registrations.services import approve_registration
from sessions_app import ical
from sessions_app.models import CalendarFeedToken, Session
from sessions_app.services import cancel_session, move_session
from sessions_app.signups import sign_up, withdraw
from tests.libical import itip_errors
from tests.sessions_app.conftest import FIRST_DAY, MakeDelegate
from tests.sessions_app.factories import SessionFactory, SignupFactory, local

Capture = Any  # django_capture_on_commit_callbacks


@pytest.fixture(autouse=True)
def _site_url(settings: Any) -> None:
    settings.SITE_URL = "https://summit.example"
    settings.SUMMIT_ORGANIZER_EMAIL = "Summit agenda <agenda@summit.example>"


def invite_text(user: User, suffix: str) -> str:
    mail = OutboundMail.objects.get(to=user.email, idempotency_key__endswith=f":{suffix}")
    [alternative] = mail.alternatives
    return str(alternative["content"])


def with_line(ics: str, after: str, line: str) -> str:
    assert after in ics
    return ics.replace(after, f"{after}{line}\r\n", 1)


# --- the checker refuses what it must -----------------------------------------------------------
def test_libical_refuses_publish_without_an_organizer_and_an_invite_without_one(
    session: Session, approved_delegate: User
) -> None:
    download = ical.to_ics(ical.agenda_calendar([session]))
    signup = sign_up(session=session, user=approved_delegate)
    invite = ical.to_ics(
        ical.invite_calendar(signup, method="REQUEST", organizer="agenda@summit.example")
    )
    organizer = next(line for line in invite.split("\r\n") if line.startswith("ORGANIZER"))

    old_download, no_organizer, broken = itip_errors(
        with_line(download, "CALSCALE:GREGORIAN\r\n", "METHOD:PUBLISH"),  # the form before #16
        invite.replace(organizer + "\r\n", ""),
        download.replace("DTEND:", "DTEND:2049"),
    )

    missing = "Failed iTIP restrictions for ORGANIZER property. Expected 1 instances"
    assert [error.startswith(missing) for error in old_download] == [True]
    assert [error.startswith(missing) for error in no_organizer] == [True]
    assert [error.startswith("Can't parse as DATE-TIME value in DTEND") for error in broken] == [
        True
    ]


# --- downloads and the feed: plain iCalendar, no METHOD -----------------------------------------
def test_every_download_and_the_feed_pass_libical_without_a_method(
    client: Client, event: Event, session: Session, delegate: User
) -> None:
    SessionFactory.create(event=event, room=session.room)
    SignupFactory.create(session=session, user=delegate)
    client.force_login(delegate)
    urls = [
        reverse("sessions_app:download_session", kwargs={"pk": session.pk}),
        reverse("sessions_app:download_agenda", kwargs={"slug": event.slug}),
        reverse("sessions_app:download_my_agenda"),
        reverse("sessions_app:calendar_feed", kwargs={"token": CalendarFeedToken.issue(delegate)}),
    ]
    files = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        files.append(response.content.decode())

    assert itip_errors(*files) == [[], [], [], []]
    for ics in files:
        calendar = icalendar.Calendar.from_ical(ics)
        assert "METHOD" not in calendar
        assert calendar.events
        assert all("ORGANIZER" not in entry for entry in calendar.events)
    assert len(icalendar.Calendar.from_ical(files[1]).events) == 2


def test_the_approval_attachment_passes_libical_without_a_method(
    event: Event, make_delegate: MakeDelegate
) -> None:
    user = make_delegate(status=Registration.Status.PENDING_APPROVAL)
    approve_registration(registration=Registration.objects.get(user=user), by=None)

    mail = preview_mail(OutboundMail.objects.get(idempotency_key__contains=":approved:"))
    assert mail is not None
    [attachment] = mail.attachments
    ics = str(attachment["content"])

    assert itip_errors(ics) == [[]]
    assert "METHOD" not in icalendar.Calendar.from_ical(ics)


# --- mailed invites: iTIP messages with their ORGANIZER ---------------------------------------
def test_every_mailed_invite_and_cancel_passes_libical_with_its_organizer(
    session: Session, make_delegate: MakeDelegate, django_capture_on_commit_callbacks: Capture
) -> None:
    leaver, stayer = make_delegate(), make_delegate()
    signup = sign_up(session=session, user=leaver)
    sign_up(session=session, user=stayer)
    withdraw(signup=signup)
    with django_capture_on_commit_callbacks(execute=True):
        move_session(session=session, starts_at=local(FIRST_DAY, 15), room=session.room, by=None)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_session(session=session, by=None)
    invites = {
        ("REQUEST", "signed up"): invite_text(leaver, "signed_up"),
        ("CANCEL", "withdrew"): invite_text(leaver, "withdrawn"),
        ("REQUEST", "moved"): invite_text(stayer, "moved"),
        ("CANCEL", "cancelled"): invite_text(stayer, "cancelled"),
    }

    assert itip_errors(*invites.values()) == [[], [], [], []]
    for (method, why), ics in invites.items():
        calendar = icalendar.Calendar.from_ical(ics)
        assert str(calendar["METHOD"]) == method, why
        [entry] = calendar.events
        assert str(entry["ORGANIZER"]) == "mailto:agenda@summit.example", why
        assert entry["ORGANIZER"].params["CN"] == "Summit agenda", why
