"""Invites by mail: METHOD:REQUEST on sign-up, promotion and move, METHOD:CANCEL on withdrawal and
cancellation, each to one attendee with a SEQUENCE that never goes down; the MIME structure
asserted on the message as a real SMTP server received it; each invite sent once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

import icalendar
import vobject

from accounts.models import User
from events.models import Event
from outbox import tasks as outbox_tasks
from outbox.models import OutboundMail
from outbox.services import preview_mail
from registrations.models import Registration
from registrations.services import approve_registration
from sessions_app import emails
from sessions_app.models import Session, Signup
from sessions_app.services import cancel_session, move_session
from sessions_app.signups import sign_up, withdraw
from tests.conftest import SinkHandler
from tests.sessions_app.conftest import FIRST_DAY, MakeDelegate
from tests.sessions_app.factories import SignupFactory, local

Capture = Callable[..., Any]  # django_capture_on_commit_callbacks


def invite_of(mail: OutboundMail) -> tuple[str, str, int, str]:
    """(METHOD, STATUS, SEQUENCE, UID) of a queued mail's calendar, after checking that the
    alternative and the attachment carry the same calendar under the same method."""
    [alternative], [attachment] = mail.alternatives, mail.attachments
    ics = alternative["content"]
    method = str(icalendar.Calendar.from_ical(ics)["METHOD"])
    assert alternative["mimetype"] == f"text/calendar; method={method}"
    assert attachment == {"filename": "invite.ics", "content": ics, "mimetype": "application/ics"}
    [event] = icalendar.Calendar.from_ical(ics).events
    assert vobject.readOne(ics).vevent.sequence.value == str(event["SEQUENCE"])
    return method, str(event["STATUS"]), event.sequence, str(event["UID"])


def mail_for(user: User, suffix: str) -> OutboundMail:
    return OutboundMail.objects.get(to=user.email, idempotency_key__endswith=f":{suffix}")


def parts(message: EmailMessage) -> list[str]:
    return [part.get_content_type() for part in message.walk()]


# --- what each mail carries ---------------------------------------------------------------------
def test_signing_up_mails_a_request_in_utc_with_the_local_time_in_the_body(
    session: Session, approved_delegate: User
) -> None:
    sign_up(session=session, user=approved_delegate)

    mail = mail_for(approved_delegate, "signed_up")
    assert invite_of(mail) == ("REQUEST", "CONFIRMED", 0, session.uid)
    event = icalendar.Calendar.from_ical(mail.alternatives[0]["content"]).events[0]
    assert event.start == dt.datetime(2049, 4, 20, 8, 0, tzinfo=dt.UTC)
    assert "20 April 2049, 10:00–11:30 CEST (Europe/Copenhagen)" in mail.body_text
    assert "20 April 2049, 10:00–11:30 CEST (Europe/Copenhagen)" in mail.body_html


def test_the_organizer_is_the_configured_mailbox(
    session: Session, approved_delegate: User, settings: Any
) -> None:
    settings.SUMMIT_ORGANIZER_EMAIL = "agenda@summit.example"

    sign_up(session=session, user=approved_delegate)

    ics = mail_for(approved_delegate, "signed_up").alternatives[0]["content"]
    assert vobject.readOne(ics).vevent.organizer.value == "mailto:agenda@summit.example"


def test_withdrawing_and_signing_up_again_each_outrank_the_mail_before(
    session: Session, approved_delegate: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        move_session(session=session, starts_at=local(FIRST_DAY, 14), room=session.room, by=None)
    first = sign_up(session=session, user=approved_delegate)
    withdraw(signup=first)
    again = sign_up(session=session, user=approved_delegate)

    assert [invite_of(mail) for mail in OutboundMail.objects.order_by("pk")] == [
        ("REQUEST", "CONFIRMED", 1, session.uid),
        ("CANCEL", "CANCELLED", 2, session.uid),
        ("REQUEST", "CONFIRMED", 3, session.uid),
    ]
    assert list(OutboundMail.objects.order_by("pk").values_list("idempotency_key", flat=True)) == [
        f"signup:{first.pk}:signed_up",
        f"signup:{first.pk}:withdrawn",
        f"signup:{again.pk}:signed_up",
    ]
    assert OutboundMail.objects.get(idempotency_key__endswith="withdrawn").subject == (
        "You have withdrawn: Countering disinformation locally"
    )


def test_leaving_the_waiting_list_is_confirmed_without_a_calendar(
    session: Session, make_delegate: MakeDelegate
) -> None:
    Session.objects.filter(pk=session.pk).update(capacity=1)
    sign_up(session=session, user=make_delegate())
    waiting = sign_up(session=session, user=make_delegate())

    withdraw(signup=waiting)

    mail = mail_for(waiting.user, "withdrawn")
    assert (mail.alternatives, mail.attachments) == ([], [])
    assert "You have left the waiting list of this session." in mail.body_text
    assert mail_for(waiting.user, "waitlisted").alternatives == []


def test_a_promotion_brings_the_request(session: Session, make_delegate: MakeDelegate) -> None:
    Session.objects.filter(pk=session.pk).update(capacity=1)
    seated = sign_up(session=session, user=make_delegate())
    waiting = sign_up(session=session, user=make_delegate())

    withdraw(signup=seated)

    assert invite_of(mail_for(waiting.user, "promoted")) == ("REQUEST", "CONFIRMED", 0, session.uid)


def test_a_move_sends_seated_attendees_a_request_with_the_new_sequence_and_time(
    session: Session, django_capture_on_commit_callbacks: Capture
) -> None:
    seated = SignupFactory.create(session=session, personal_sequence=2)
    waitlisted = SignupFactory.create(session=session, status=Signup.Status.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        move_session(session=session, starts_at=local(FIRST_DAY, 15), room=session.room, by=None)

    mail = mail_for(seated.user, "moved")
    assert invite_of(mail) == ("REQUEST", "CONFIRMED", 3, session.uid)
    event = icalendar.Calendar.from_ical(mail.attachments[0]["content"]).events[0]
    assert (event.start, event.end) == (
        dt.datetime(2049, 4, 20, 13, 0, tzinfo=dt.UTC),
        dt.datetime(2049, 4, 20, 14, 30, tzinfo=dt.UTC),
    )
    assert "20 April 2049, 15:00–16:30 CEST (Europe/Copenhagen)" in mail.body_text
    # The waiting list has no calendar entry to update.
    assert mail_for(waitlisted.user, "moved").alternatives == []


def test_a_cancellation_sends_seated_attendees_a_cancel(
    session: Session, django_capture_on_commit_callbacks: Capture
) -> None:
    seated = SignupFactory.create(session=session)

    with django_capture_on_commit_callbacks(execute=True):
        cancel_session(session=session, by=None)

    assert invite_of(mail_for(seated.user, "cancelled")) == ("CANCEL", "CANCELLED", 1, session.uid)


def test_the_approval_mail_carries_the_event_days(
    event: Event, make_delegate: MakeDelegate
) -> None:
    user = make_delegate(status=Registration.Status.PENDING_APPROVAL)
    registration = Registration.objects.get(user=user)

    approve_registration(registration=registration, by=None)

    mail = preview_mail(OutboundMail.objects.get(idempotency_key__contains=":approved:"))
    assert mail is not None  # as the worker writes it when it sends it
    [attachment] = mail.attachments
    assert (attachment["filename"], attachment["mimetype"]) == (
        f"{event.slug}.ics",
        "application/ics",
    )
    entry = vobject.readOne(attachment["content"]).vevent
    assert (entry.summary.value, entry.dtstart.value, entry.dtend.value) == (
        "Nordic Safe Cities Summit 2049",
        dt.date(2049, 4, 20),
        dt.date(2049, 4, 22),
    )
    assert mail.alternatives == []


# --- as received over SMTP ----------------------------------------------------------------------
def received_invite(message: EmailMessage, method: str, recipient: str) -> None:
    """The layout calendar clients act on, checked part by part on a received message."""
    assert parts(message) == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "text/calendar",
        "application/ics",
    ]
    calendar_part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    params = calendar_part.get_params()
    assert params is not None
    assert [(k, v) for k, v in params if k in ("method", "charset")] == [
        ("method", method),
        ("charset", "utf-8"),
    ]
    attachment = next(p for p in message.walk() if p.get_content_type() == "application/ics")
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content_disposition() == "attachment"
    raw = attachment.get_payload(decode=True)
    assert isinstance(raw, bytes)
    ics = raw.decode()
    # The same calendar, byte for byte, with the CRLF line endings icalendar wrote.
    assert calendar_part.get_payload(decode=True) == raw
    assert ics.count("\r\n") == ics.count("\n") > 10
    calendar = icalendar.Calendar.from_ical(ics)
    assert str(calendar["METHOD"]) == method
    [event] = calendar.events
    attendees = event.get("ATTENDEE")
    assert str(attendees) == f"mailto:{recipient}"  # one, not a list
    assert [a.value for a in vobject.readOne(ics).vevent.attendee_list] == [f"mailto:{recipient}"]


def test_the_sign_up_invite_arrives_as_text_html_and_calendar_plus_invite_ics(
    session: Session,
    approved_delegate: User,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(session=session, user=approved_delegate)

    [message] = smtp_sink.messages
    assert message["To"] == approved_delegate.email
    received_invite(message, "REQUEST", approved_delegate.email)


def test_the_withdrawal_cancel_arrives_with_method_cancel(
    session: Session,
    approved_delegate: User,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    signup = SignupFactory.create(session=session, user=approved_delegate)

    with django_capture_on_commit_callbacks(execute=True):
        withdraw(signup=signup)

    [message] = smtp_sink.messages
    received_invite(message, "CANCEL", approved_delegate.email)
    assert message["Subject"] == "You have withdrawn: Countering disinformation locally"


def test_an_invite_is_sent_once_however_often_its_delivery_or_fan_out_runs(
    session: Session,
    make_delegate: MakeDelegate,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    first, second = make_delegate(), make_delegate()
    with django_capture_on_commit_callbacks(execute=True):
        signup = sign_up(session=session, user=first)
        sign_up(session=session, user=second)
    with django_capture_on_commit_callbacks(execute=True):
        move_session(session=session, starts_at=local(FIRST_DAY, 15), room=session.room, by=None)

    # A broker re-delivers every task and the fan-out runs again.
    with django_capture_on_commit_callbacks(execute=True):
        for mail in OutboundMail.objects.all():
            outbox_tasks.deliver_mail.delay(mail.pk)
        emails.send_signup_mail(signup, "signed_up")
        emails.queue_change_mails(session_id=session.pk, revision=1)

    received = sorted((str(m["To"]), str(m["Subject"]).split(":")[0]) for m in smtp_sink.messages)
    assert received == sorted(
        [
            (first.email, "You are signed up"),
            (second.email, "You are signed up"),
            (first.email, "New time"),
            (second.email, "New time"),
        ]
    )
    assert OutboundMail.objects.count() == 4
