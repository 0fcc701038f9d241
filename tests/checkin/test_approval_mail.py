"""The badge's QR code in the approval mail, through a real SMTP server: an inline PNG the HTML
shows by cid:, decoded with zbarimg and checked in; the text body says where the QR code is."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from accounts.models import User
from checkin import services, tokens
from checkin.models import Badge, Checkin, CheckinList
from events.models import City, Event
from outbox.models import MailPart, OutboundMail
from outbox.services import deliver_mail
from registrations.models import Registration
from registrations.services import approve_registration, decline_registration
from tests.checkin.conftest import need_tools, scan
from tests.conftest import SinkHandler
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]
Status = Registration.Status


@pytest.fixture
def pending(event: Event, reykjavik: City, delegate: User) -> Registration:
    return RegistrationFactory.create(
        event=event,
        user=delegate,
        city=reykjavik,
        badge_name="Þórunn Ørn",
        status=Status.PENDING_APPROVAL,
    )


def approve(registration: Registration, organizer: User, capture: Capture) -> None:
    with capture(execute=True):
        approve_registration(registration=registration, by=organizer)


def png_part(message: EmailMessage) -> EmailMessage:
    [image] = [part for part in message.walk() if part.get_content_type() == "image/png"]
    return image


def decode(png: bytes, tmp_path: Path) -> list[str]:
    need_tools("zbarimg")
    path = tmp_path / "qr.png"
    path.write_bytes(png)
    run = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", path],
        capture_output=True,
        text=True,
        check=False,
    )
    return run.stdout.split()


def test_the_approval_mail_shows_the_badge_qr_inline_and_it_checks_in(
    pending: Registration,
    organizer: User,
    entrance: CheckinList,
    staff: User,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: Capture,
    tmp_path: Path,
) -> None:
    approve(pending, organizer, django_capture_on_commit_callbacks)

    [message] = smtp_sink.messages
    image = png_part(message)
    content_id = image["Content-ID"].strip("<>")
    assert image.get_content_disposition() == "inline"
    [related] = [p for p in message.walk() if p.get_content_type() == "multipart/related"]
    html = related.get_body(preferencelist=("html",))
    assert html is not None
    assert f'src="cid:{content_id}"' in html.get_content()
    text = message.get_body(preferencelist=("plain",))
    assert text is not None
    url = settings.SITE_URL + "/my/registrations/"
    assert f"is on “My registrations”: {url}." in text.get_content()
    # The calendar still comes as an attachment, beside the text and HTML.
    assert [p.get_filename() for p in message.iter_attachments()] == ["nsc-2049.ics"]

    [payload] = decode(image.get_content(), tmp_path)
    badge = Badge.objects.live().get(registration=pending)
    assert tokens.code_from(payload) == badge.code
    assert scan(entrance, staff, payload).result == Checkin.Result.VALID


def test_a_retry_sends_the_same_image_without_writing_the_mail_again(
    pending: Registration,
    organizer: User,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    approve(pending, organizer, django_capture_on_commit_callbacks)
    mail = OutboundMail.objects.get(to=pending.user.email, writer__gt="")
    [part] = MailPart.objects.filter(mail=mail)

    # The badge is reissued meanwhile; the mail, already written, is sent again as it was.
    services.reissue_badge(registration=pending, by=organizer)
    OutboundMail.objects.filter(pk=mail.pk).update(status=OutboundMail.Status.QUEUED)
    deliver_mail(mail.pk)

    first, second = smtp_sink.messages
    assert png_part(first).get_content() == png_part(second).get_content() == bytes(part.content)
    assert MailPart.objects.filter(mail=mail).count() == 1


def test_the_badge_is_issued_once_for_the_mail_and_the_page(
    pending: Registration,
    organizer: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    approve(pending, organizer, django_capture_on_commit_callbacks)
    mailed = Badge.objects.live().get(registration=pending)

    again = services.ensure_badges(registrations=[Registration.objects.get(pk=pending.pk)])

    assert again[pending.pk] == mailed
    assert Badge.objects.filter(registration=pending).count() == 1


def test_a_registration_declined_before_its_mail_is_sent_gets_no_badge_in_it(
    pending: Registration,
    organizer: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        approve_registration(registration=pending, by=organizer)
    decline_registration(registration=pending, by=organizer)
    mail = OutboundMail.objects.get(idempotency_key__contains=":approved:")
    deliver_mail(mail.pk)

    assert not Badge.objects.filter(registration=pending).exists()
    assert not MailPart.objects.filter(mail=mail).exists()
    assert "My registrations" not in OutboundMail.objects.get(pk=mail.pk).body_text


def test_the_qr_paragraph_is_in_the_delegates_language(
    pending: Registration,
    organizer: User,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    User.objects.filter(pk=pending.user_id).update(language="da")
    approve(pending, organizer, django_capture_on_commit_callbacks)

    [message] = smtp_sink.messages
    text = message.get_body(preferencelist=("plain",))
    assert text is not None
    with translation.override("da"):
        expected = translation.gettext("The QR code of your badge")
    assert expected != "The QR code of your badge"
    html = message.get_body(preferencelist=("html",))
    assert html is not None
    assert f'alt="{expected}"' in html.get_content()
