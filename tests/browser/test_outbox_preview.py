"""In Chromium, the organizers' outbox shows the approval mail's badge QR code in its HTML frame
(the mail's cid: image as a data: URL): loaded, at the size the mail gives it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from accounts.models import User
from outbox.models import OutboundMail
from registrations.models import Registration
from registrations.services import approve_registration
from tests.factories import CityFactory, EventFactory
from tests.registrations.factories import RegistrationFactory


@pytest.mark.browser
def test_the_outbox_frame_shows_the_badge_qr_code(
    chromium: str,
    page: Page,
    site: str,
    organizer: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
    tmp_path: Path,
) -> None:
    event = EventFactory.create(name="Nordic Safe Cities Summit 2049")
    registration = RegistrationFactory.create(
        event=event, city=CityFactory.create(), status=Registration.Status.PENDING_APPROVAL
    )
    with django_capture_on_commit_callbacks(execute=False):
        approve_registration(registration=registration, by=organizer)
    mail = OutboundMail.objects.get(idempotency_key__contains=":approved:")
    client = Client()
    client.force_login(organizer)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    page.set_viewport_size({"width": 1024, "height": 900})
    page.goto(site + mail.get_absolute_url())

    image = page.frame_locator("iframe.mail-html").locator("img")
    expect(image).to_be_visible()
    image.evaluate("img => img.complete || new Promise(done => img.onload = done)")
    natural = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    width, height = natural
    assert width > 100  # a QR code, not a broken image's icon
    assert width == height
    page.locator("iframe.mail-html").screenshot(path=str(tmp_path / "outbox.png"))
