"""The organizers' badge sheet page follows the build without a reload: the progress bar moves
and the download link appears when the worker is done."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import User
from checkin import sheets
from checkin.models import BadgeSheet
from tests.factories import CityFactory, EventFactory
from tests.registrations.factories import RegistrationFactory


@pytest.mark.browser
def test_the_sheet_page_shows_progress_then_the_download_without_reload(
    chromium: str, page: Page, site: str, organizer: User, tmp_path: Path
) -> None:
    event = EventFactory.create(name="Nordic Safe Cities Summit 2049")
    city = CityFactory.create()
    for _ in range(8):
        RegistrationFactory.create(event=event, city=city)
    # Being built by a worker (made here, not requested: the test's Celery would run it at once).
    sheet = BadgeSheet.objects.create(event=event, total=8, done=6, requested_by=organizer)
    client = Client()
    client.force_login(organizer)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    page.set_viewport_size({"width": 1024, "height": 700})
    page.goto(site + reverse("checkin:badge_sheet", kwargs={"slug": event.slug}))
    expect(page.locator("#sheet-status")).to_have_text("Being built: 6 of 8 badges drawn.")
    expect(page.locator("#sheet-progress")).to_have_attribute("value", "75")
    expect(page.locator("#sheet-download")).to_be_hidden()
    page.screenshot(path=str(tmp_path / "building.png"), full_page=True)
    loaded_at = page.evaluate("performance.timeOrigin")

    sheets.build(sheet.pk)  # the worker finishes

    link = page.get_by_role("link", name="Download the badge sheet (PDF)")
    expect(link).to_be_visible(timeout=10_000)
    expect(page.locator("#sheet-status")).to_contain_text("Ready: 8 badges")
    expect(page.get_by_role("button", name="Build the sheet again")).to_be_visible()
    assert page.evaluate("performance.timeOrigin") == loaded_at
    page.screenshot(path=str(tmp_path / "ready.png"), full_page=True)
    with page.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
