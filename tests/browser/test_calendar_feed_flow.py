"""The personal calendar feed in headless Chromium: make the address on the page, subscribe to
it (fetch it as a calendar app would), make a new one, switch it off. The page's own forms must
pass the CSRF check in a real browser, whatever referrer policy the page sets."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.browser.a11y import open_as
from tests.factories import EventFactory, UserFactory
from tests.sessions_app.factories import SessionFactory, SignupFactory


@pytest.mark.browser
def test_a_delegate_makes_subscribes_to_renews_and_switches_off_their_feed(
    chromium: str, page: Page, site: str
) -> None:
    page.set_default_timeout(10_000)
    delegate: User = UserFactory.create(email="astrid.holm@copenhagen.example")
    session = SessionFactory.create(event=EventFactory.create(), title="InfoHouse street team")
    SignupFactory.create(session=session, user=delegate)

    open_as(page, site, delegate, "en", reverse("sessions_app:calendar_subscription"))
    expect(page.get_by_text("You have no calendar feed.")).to_be_visible()
    page.get_by_role("button", name="Make my feed address").click()

    address = page.locator("#feed-https").input_value()
    assert address.startswith(site + "/calendar/feed/")
    feed = page.request.get(address)
    assert feed.status == 200
    assert "InfoHouse street team" in feed.text()

    open_as(page, site, delegate, "en", reverse("sessions_app:calendar_subscription"))
    page.get_by_role("button", name="Make a new address").click()
    renewed = page.locator("#feed-https").input_value()
    assert renewed != address
    assert page.request.get(address).status == 404
    assert page.request.get(renewed).status == 200

    open_as(page, site, delegate, "en", reverse("sessions_app:calendar_subscription"))
    page.get_by_role("button", name="Switch my feed off").click()
    expect(page.get_by_text("You have no calendar feed.")).to_be_visible()
    assert page.request.get(renewed).status == 404
