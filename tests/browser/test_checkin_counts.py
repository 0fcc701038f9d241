"""The organizers' live counts change on screen when a delegate is checked in, without reload."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import User
from checkin import services
from tests.factories import CityFactory, EventFactory
from tests.registrations.factories import RegistrationFactory


@pytest.mark.browser
def test_the_counts_page_updates_itself(
    chromium: str, page: Page, site: str, organizer: User
) -> None:
    event = EventFactory.create(name="Nordic Safe Cities Summit 2049")
    registration = RegistrationFactory.create(event=event, city=CityFactory.create())
    entrance = services.checkin_lists_for(event=event)[0]
    client = Client()
    client.force_login(organizer)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    page.goto(site + reverse("checkin:live_counts", kwargs={"slug": event.slug}))
    row = page.locator(f'tr[data-list="{entrance.pk}"]')
    expect(row.locator('[data-field="arrived"]')).to_have_text("0")
    loaded_at = page.evaluate("performance.timeOrigin")

    services.check_in(
        checkin_list=entrance, staff=organizer, nonce=uuid.uuid4().hex, registration=registration
    )

    expect(row.locator('[data-field="arrived"]')).to_have_text("1", timeout=12_000)
    expect(row.locator('[data-field="no_shows"]')).to_have_text("0")
    assert page.evaluate("performance.timeOrigin") == loaded_at  # the same page, not reloaded
