"""Django's mail API writes outbox rows, and what it built survives to the delivered message."""

from __future__ import annotations

from collections.abc import Callable
from email.mime.text import MIMEText
from typing import Any

import pytest
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail

from outbox.models import OutboundMail
from tests.conftest import SinkHandler

Capture = Callable[..., Any]  # pytest-django's django_capture_on_commit_callbacks

# An invite as sessions_app sends it: CRLF lines and a non-ASCII venue, as calendars carry them.
ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Summit//EN\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:session-42@summit.example.org\r\nSEQUENCE:0\r\n"
    "DTSTART:20490614T070000Z\r\nSUMMARY:Safer streets\r\n"
    "LOCATION:Rådhuspladsen 1\\, København\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def invite_message() -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject="Invitation: Safer streets",
        body="You are invited to Safer streets.",
        from_email="Summit <summit@example.org>",
        to=["dan.delegate@example.org"],
        reply_to=["programme@example.org"],
        headers={"X-Summit-Session": "42"},
    )
    message.attach_alternative("<p>You are invited to <b>Safer streets</b>.</p>", "text/html")
    message.attach_alternative(ICS, "text/calendar; method=REQUEST")
    message.attach("invite.ics", ICS.encode(), "application/ics")
    message.attach("agenda.txt", "09:00 Coffee\n09:30 Safer streets\n", "text/plain")
    return message


def test_the_backend_stores_text_html_alternatives_and_attachments_apart(
    db: None, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        assert invite_message().send() == 1

    mail = OutboundMail.objects.get()
    assert (mail.to, mail.from_email, mail.subject) == (
        "dan.delegate@example.org",
        "Summit <summit@example.org>",
        "Invitation: Safer streets",
    )
    assert mail.body_text == "You are invited to Safer streets."
    assert mail.body_html == "<p>You are invited to <b>Safer streets</b>.</p>"
    assert mail.alternatives == [{"content": ICS, "mimetype": "text/calendar; method=REQUEST"}]
    assert mail.attachments == [
        {"filename": "invite.ics", "content": ICS, "mimetype": "application/ics"},
        {
            "filename": "agenda.txt",
            "content": "09:00 Coffee\n09:30 Safer streets\n",
            "mimetype": "text/plain",
        },
    ]
    assert mail.headers == {"X-Summit-Session": "42", "Reply-To": "programme@example.org"}
    assert mail.status == OutboundMail.Status.QUEUED


def test_every_part_survives_to_the_delivered_mime_message(
    db: None, smtp_sink: SinkHandler, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invite_message().send()

    [delivered] = smtp_sink.messages
    assert delivered["Subject"] == "Invitation: Safer streets"
    assert delivered["To"] == "dan.delegate@example.org"
    assert delivered["Reply-To"] == "programme@example.org"
    assert delivered["X-Summit-Session"] == "42"
    assert delivered["Message-ID"] == OutboundMail.objects.get().message_id
    assert delivered.get_content_type() == "multipart/mixed"
    alternative, invite, agenda = delivered.iter_parts()
    text, html, calendar = alternative.iter_parts()
    assert (text.get_content_type(), text.get_content()) == (
        "text/plain",
        "You are invited to Safer streets.",
    )
    assert html.get_content() == "<p>You are invited to <b>Safer streets</b>.</p>"
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_content() == ICS
    assert (invite.get_content_type(), invite.get_filename()) == ("application/ics", "invite.ics")
    assert invite.get_content() == ICS.encode()  # UTF-8, not Latin-1: "Rådhuspladsen" intact
    assert (agenda.get_filename(), agenda.get_content()) == (
        "agenda.txt",
        "09:00 Coffee\r\n09:30 Safer streets\r\n",  # SMTP's line ends
    )


def test_each_recipient_of_one_message_gets_a_mail_of_their_own(
    db: None, django_capture_on_commit_callbacks: Capture, mailoutbox: list[Any]
) -> None:
    message = EmailMessage(
        subject="Programme change",
        body="Room 2 moved.",
        to=["olga.organizer@example.org"],
        cc=["dan.delegate@example.org"],
        bcc=["otto.outsider@example.org"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert message.send() == 3

    assert sorted(OutboundMail.objects.values_list("to", flat=True)) == [
        "dan.delegate@example.org",
        "olga.organizer@example.org",
        "otto.outsider@example.org",
    ]
    assert sorted(m.to[0] for m in mailoutbox) == [
        "dan.delegate@example.org",
        "olga.organizer@example.org",
        "otto.outsider@example.org",
    ]
    assert {m.subject for m in mailoutbox} == {"Programme change"}


def test_an_html_only_message_keeps_its_html(
    db: None, django_capture_on_commit_callbacks: Capture
) -> None:
    message = EmailMessage(subject="Hi", body="<p>Hi</p>", to=["dan.delegate@example.org"])
    message.content_subtype = "html"
    with django_capture_on_commit_callbacks(execute=False):
        message.send()

    assert OutboundMail.objects.values_list("body_text", "body_html").get() == ("", "<p>Hi</p>")


def test_send_mail_uses_the_default_sender_and_strips_newlines_from_the_subject(
    db: None, settings: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        send_mail("Two\nlines", "Body", None, ["dan.delegate@example.org"])

    mail = OutboundMail.objects.get()
    assert (mail.subject, mail.from_email) == ("Two lines", settings.DEFAULT_FROM_EMAIL)


def test_the_backend_refuses_a_mime_part_attachment_it_cannot_store(db: None) -> None:
    message = EmailMessage(subject="Hi", body="Hi", to=["dan.delegate@example.org"])
    message.attach(MIMEText("raw part"))

    with pytest.raises(ValueError, match="text attachments only"):
        message.send()
    assert OutboundMail.objects.count() == 0
