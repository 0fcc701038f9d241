"""What a check-in phone keeps after the server stops taking its scans, and after sign-out:
a scan refused with a 403 stays on the phone, listed with the reason, and goes through after a
new sign-in; signing out asks first while scans wait, then clears the kept list, the caches
and the service worker (Clear-Site-Data)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Dialog, Page, expect

from checkin import services
from checkin.models import Checkin, CheckinStaff
from tests.browser.test_checkin_offline import phone, type_code
from tests.checkin.conftest import payload_of
from tests.factories import CityFactory, EventFactory, UserFactory
from tests.registrations.factories import RegistrationFactory


def kept_state(page: Page) -> dict[str, object]:
    return page.evaluate(
        """async () => ({
            lists: Object.keys(localStorage)
                .filter((k) => k.startsWith("summit-checkin-list:")).length,
            caches: (await caches.keys()).length,
            workers: (await navigator.serviceWorker.getRegistrations()).length,
        })"""
    )


@pytest.mark.browser
def test_a_refused_scan_is_kept_with_its_reason_and_sent_after_signing_in_again(
    chromium: str, browser: Browser, site: str, tmp_path: Path
) -> None:
    event = EventFactory.create(name="Nordic Safe Cities Summit 2049")
    guest = RegistrationFactory.create(event=event, city=CityFactory.create())
    staff = UserFactory.create()
    role = CheckinStaff.objects.create(event=event, user=staff)
    entrance = services.checkin_lists_for(event=event)[0]
    url = site + reverse("checkin:checkin_page", kwargs={"slug": event.slug, "pk": entrance.pk})
    scan_url = reverse("checkin:scan", kwargs={"slug": event.slug, "pk": entrance.pk})
    payload = payload_of(guest)
    page = phone(browser, site, staff)
    page.goto(url)
    page.wait_for_function(f"localStorage.getItem('summit-checkin-list:' + {scan_url!r})")
    page.context.set_offline(True)
    type_code(page, payload)
    expect(page.locator("#checkin-queue")).to_have_text("Offline. 1 scan waits to be sent.")

    role.delete()  # meanwhile an organizer takes the role away: the upload gets a 403
    page.context.set_offline(False)

    refused = page.locator("#checkin-refused")
    expect(refused).to_contain_text("1 scan was refused and is kept on this phone:")
    expect(refused).to_contain_text("this phone is signed out, or no longer check-in staff")
    assert Checkin.objects.count() == 0
    page.screenshot(path=str(tmp_path / "refused.png"), full_page=True)
    page.wait_for_function(
        "!Object.keys(localStorage).some((k) => k.startsWith('summit-checkin-list:'))"
    )  # the server said no: the names it kept are gone

    # Signing out now asks first: the refused scan would go with the phone's storage.
    messages: list[str] = []

    def refuse(dialog: Dialog) -> None:
        messages.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", refuse)
    page.get_by_role("button", name="Sign out").click()
    for _ in range(50):
        if messages:
            break
        page.wait_for_timeout(100)
    expect(refused).to_be_visible()
    assert messages == [
        "1 scan on this phone is not sent yet: signing out deletes it. Sign out anyway?"
    ]

    CheckinStaff.objects.create(event=event, user=staff)  # the role is back
    page.reload()
    expect(refused).to_be_hidden()
    expect(page.locator("#checkin-queue")).to_have_text("Sent 1 saved scan: 1 valid, 0 refused.")
    assert list(Checkin.objects.values_list("registration", "result")) == [(guest.pk, "valid")]


@pytest.mark.browser
def test_signing_out_clears_the_list_the_caches_and_the_service_worker(
    chromium: str, browser: Browser, site: str
) -> None:
    event = EventFactory.create(name="Nordic Safe Cities Summit 2049")
    payload_of(RegistrationFactory.create(event=event, city=CityFactory.create()))
    staff = UserFactory.create()
    CheckinStaff.objects.create(event=event, user=staff)
    entrance = services.checkin_lists_for(event=event)[0]
    url = site + reverse("checkin:checkin_page", kwargs={"slug": event.slug, "pk": entrance.pk})
    page = phone(browser, site, staff)
    page.goto(url)
    page.wait_for_function("navigator.serviceWorker.controller || navigator.serviceWorker.ready")
    page.wait_for_function(
        "Object.keys(localStorage).some((k) => k.startsWith('summit-checkin-list:'))"
    )
    page.wait_for_function("caches.keys().then((k) => k.length > 0)")
    before = kept_state(page)
    assert before["lists"] == 1
    assert before["workers"] == 1

    page.get_by_role("button", name="Sign out").click()  # nothing waits: no question
    page.wait_for_url(site + "/")

    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    assert kept_state(page) == {"lists": 0, "caches": 0, "workers": 0}
    assert page.context.cookies(site) == [] or all(
        c["name"] != "sessionid" for c in page.context.cookies(site)
    )
