"""The organizers' outbox shows the approval mail's badge QR code: the HTML's cid: image comes
as a data: URL in the preview frame, before the mail is written and after, and it decodes to
the badge that checks in."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from checkin import tokens
from checkin.models import Badge, Checkin, CheckinList
from events.models import City, Event
from outbox.models import MailPart, OutboundMail
from outbox.services import deliver_mail
from registrations.models import Registration
from registrations.services import approve_registration
from tests.checkin.conftest import scan
from tests.checkin.test_approval_mail import decode
from tests.conftest import SinkHandler
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]
DATA_PNG = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def framed_png(client: Client, mail: OutboundMail) -> bytes:
    """The PNG bytes of the one image in the detail page's HTML frame."""
    page = client.get(mail.get_absolute_url())
    assert page.status_code == 200
    [srcdoc] = re.findall(r'srcdoc="([^"]*)"', page.content.decode())
    framed = html.unescape(srcdoc)
    assert "cid:" not in framed
    [data] = DATA_PNG.findall(framed)
    return base64.b64decode(data)


def test_the_preview_frame_shows_the_qr_before_and_after_the_mail_is_written(
    event: Event,
    reykjavik: City,
    delegate: User,
    organizer: User,
    entrance: CheckinList,
    staff: User,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: Capture,
    tmp_path: Path,
) -> None:
    registration = RegistrationFactory.create(
        event=event, user=delegate, city=reykjavik, status=Registration.Status.PENDING_APPROVAL
    )
    with django_capture_on_commit_callbacks(execute=False):  # queued, not yet written
        approve_registration(registration=registration, by=organizer)
    mail = OutboundMail.objects.get(idempotency_key__contains=":approved:")
    assert not mail.is_written
    client = Client()
    client.force_login(organizer)

    before = framed_png(client, mail)
    [payload] = decode(before, tmp_path)
    assert tokens.code_from(payload) == Badge.objects.live().get(registration=registration).code

    deliver_mail(mail.pk)
    mail.refresh_from_db()
    assert mail.is_written
    [stored] = MailPart.objects.filter(mail=mail, mimetype="image/png")
    after = framed_png(client, mail)
    assert after == bytes(stored.content)
    [sent] = smtp_sink.messages
    [image] = [p for p in sent.walk() if p.get_content_type() == "image/png"]
    assert image.get_content() == after  # the frame shows the bytes that went out
    assert scan(entrance, staff, payload).result == Checkin.Result.VALID
