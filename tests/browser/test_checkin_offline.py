"""Offline in Chromium: two phones lose the network, both scan the same badge, come back, and
the server makes one check-in and one "already checked in" of it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, Page, ViewportSize, expect

from checkin import services
from checkin.models import Checkin, CheckinStaff
from tests.checkin.conftest import payload_of
from tests.factories import CityFactory, EventFactory, UserFactory
from tests.registrations.factories import RegistrationFactory

PHONE: ViewportSize = {"width": 390, "height": 844}


def phone(browser: Browser, site: str, user: Any) -> Page:
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def type_code(page: Page, payload: str) -> None:
    page.get_by_label("Badge code").fill(payload)
    page.get_by_role("button", name="Check", exact=True).click()


@pytest.mark.browser
def test_two_phones_offline_scan_one_badge_and_make_one_check_in(
    chromium: str, browser: Browser, site: str
) -> None:
    event = EventFactory.create(name="Nordic Safe Cities Summit 2049")
    city = CityFactory.create(name="Tórshavn", country="FO")
    guest, other = (RegistrationFactory.create(event=event, city=city) for _ in range(2))
    staff = UserFactory.create()
    CheckinStaff.objects.create(event=event, user=staff)
    entrance = services.checkin_lists_for(event=event)[0]
    url = site + reverse("checkin:checkin_page", kwargs={"slug": event.slug, "pk": entrance.pk})
    scan_url = reverse("checkin:scan", kwargs={"slug": event.slug, "pk": entrance.pk})
    payload_of(guest), payload_of(other)  # printed before the day: the phones' list has them
    first, second = phone(browser, site, staff), phone(browser, site, staff)
    for page in (first, second):
        page.goto(url)
        page.wait_for_function(f"localStorage.getItem('summit-checkin-list:' + {scan_url!r})")
        page.context.set_offline(True)

    type_code(first, payload_of(guest))
    type_code(second, payload_of(guest))
    type_code(second, payload_of(other))

    expect(first.locator("#checkin-result")).to_have_attribute("data-result", "queued")
    # The phone answers from the list it kept: the person, and what the server will likely say.
    expect(first.locator("#checkin-result")).to_have_attribute("data-expected", "valid")
    expect(first.locator("#checkin-result")).to_contain_text(guest.badge_name)
    expect(first.locator("#checkin-result")).to_contain_text("Offline answer: Valid.")
    type_code(first, payload_of(guest))  # the same badge again on the same phone
    expect(first.locator("#checkin-result")).to_have_attribute("data-expected", "already_in")
    type_code(first, "not-a-badge")
    expect(first.locator("#checkin-result")).to_have_attribute("data-expected", "unknown")
    expect(first.locator("#checkin-queue")).to_have_text("Offline. 3 scans wait to be sent.")
    expect(second.locator("#checkin-queue")).to_have_text("Offline. 2 scans wait to be sent.")
    assert Checkin.objects.count() == 0

    first.context.set_offline(False)
    expect(first.locator("#checkin-queue")).to_have_text("Sent 3 saved scans: 1 valid, 2 refused.")
    second.context.set_offline(False)
    expect(second.locator("#checkin-queue")).to_have_text("Sent 2 saved scans: 1 valid, 1 refused.")

    results = Checkin.objects.order_by("pk").values_list("registration", "result")
    assert list(results) == [
        (guest.pk, Checkin.Result.VALID),
        (guest.pk, Checkin.Result.ALREADY_IN),
        (None, Checkin.Result.UNKNOWN),
        (guest.pk, Checkin.Result.ALREADY_IN),
        (other.pk, Checkin.Result.VALID),
    ]
    assert all(
        c.scanned_at is not None and c.scanned_at < c.created_at for c in Checkin.objects.all()
    )
    first.reload()
    expect(first.locator("#checkin-queue")).to_be_hidden()


@pytest.mark.browser
def test_the_check_in_page_opens_offline_once_it_has_been_open(
    chromium: str, browser: Browser, site: str
) -> None:
    event = EventFactory.create(name="Nordic Safe Cities Summit 2049")
    guest = RegistrationFactory.create(event=event, city=CityFactory.create())
    staff = UserFactory.create()
    CheckinStaff.objects.create(event=event, user=staff)
    entrance = services.checkin_lists_for(event=event)[0]
    url = site + reverse("checkin:checkin_page", kwargs={"slug": event.slug, "pk": entrance.pk})
    page = phone(browser, site, staff)
    page.goto(url)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.reload()  # now under the service worker, which keeps what the page loads
    expect(page.get_by_role("button", name="Check", exact=True)).to_be_visible()

    page.context.set_offline(True)
    page.reload()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Entrance: Nordic Safe Cities Summit 2049"
    )
    type_code(page, payload_of(guest))
    expect(page.locator("#checkin-queue")).to_have_text("Offline. 1 scan waits to be sent.")
    page.context.set_offline(False)
    expect(page.locator("#checkin-queue")).to_have_text("Sent 1 saved scan: 1 valid, 0 refused.")
    assert Checkin.objects.get().result == Checkin.Result.VALID
