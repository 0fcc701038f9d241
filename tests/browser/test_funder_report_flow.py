"""The funder report page shows the build's progress and then its download link, in place
(no reload); the downloaded file is the workbook; and a screenshot of the dashboard."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from accounts.models import User
from reports.funder import build_funder_report
from reports.models import FunderReport
from tests.factories import CityFactory, EventFactory
from tests.registrations.factories import RegistrationFactory

SHOTS = Path("/tmp/shots")


def sign_in(page: Page, site: str, user: User) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )


@pytest.mark.browser
def test_the_page_follows_the_build_and_offers_the_download(
    chromium: str, page: Page, site: str, organizer: User
) -> None:
    event = EventFactory.create(name="Nordic Safe Cities Summit 2049")
    for name in ("Aarhus", "Malmö", "Oslo"):
        RegistrationFactory.create(event=event, city=CityFactory.create(name=name))
    # Being built, as a request leaves it; made directly, as Celery runs eagerly in tests.
    report = FunderReport.objects.create(event=event, requested_by=organizer)
    sign_in(page, site, organizer)
    page.goto(site + reverse("reports:funder_report", kwargs={"slug": event.slug}))
    loaded_at = page.evaluate("performance.timeOrigin")
    expect(page.locator("#report-status")).to_contain_text("0%")

    FunderReport.objects.filter(pk=report.pk).update(progress=55, step="By city")
    expect(page.locator("#report-status")).to_contain_text("55%", timeout=8_000)
    expect(page.locator("#report-status")).to_contain_text("By city")
    assert page.locator("#report-progress").get_attribute("value") == "55"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "funder-report-building.png"), full_page=True)

    build_funder_report(report.pk)
    link = page.locator("#report-ready-link")
    expect(link).to_be_visible(timeout=8_000)
    assert page.evaluate("performance.timeOrigin") == loaded_at  # the same page, not reloaded
    page.screenshot(path=str(SHOTS / "funder-report-ready.png"), full_page=True)
    with page.expect_download() as download:
        link.click()
    content = Path(download.value.path()).read_bytes()
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames == [
        "Summary",
        "By country",
        "By city",
        "By network",
        "Sessions",
        "Attendance",
    ]


@pytest.mark.browser
def test_a_screenshot_of_the_dashboard(
    chromium: str, page: Page, site: str, organizer: User
) -> None:
    from tests.reports.test_dashboard import populate

    event = EventFactory.create(name="Nordic Safe Cities Summit 2049")
    cities = [CityFactory.create(name=n, country=c) for n, c in (("Aarhus", "DK"), ("Oslo", "NO"))]
    populate(event, cities, 30)
    sign_in(page, site, organizer)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + reverse("reports:dashboard", kwargs={"slug": event.slug}))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(SHOTS / "dashboard-print.png"), full_page=True)
    # A cell of the weeks' table leads to the list of the same registrations.
    cell = page.locator("#figure-weeks ~ .figure-body tbody td a").first
    number = cell.inner_text()
    with page.expect_navigation():
        cell.click()
    noun = "registration matches" if number == "1" else "registrations match"
    expect(page.locator("caption").first).to_contain_text(f"{number} {noun}.")


@pytest.mark.browser
def test_every_chart_label_fits_inside_its_chart(
    chromium: str, page: Page, site: str, organizer: User
) -> None:
    """Long names are cut with an ellipsis, and what is left is drawn whole: the first letter of
    a right-aligned label must not fall off the chart's left edge."""
    from tests.reports.test_dashboard import populate

    event = EventFactory.create(name="Nordic Safe Cities Summit 2049 in Copenhagen City Hall")
    names = (
        "Entrance of the Nordic Safe Cities Annual Summit",
        "Kristiansand kommune og Agder fylkeskommune",
    )
    populate(event, [CityFactory.create(name=name, country="DK") for name in names], 10)
    sign_in(page, site, organizer)
    page.goto(site + reverse("reports:dashboard", kwargs={"slug": event.slug}))
    lefts = page.evaluate(
        "[...document.querySelectorAll('svg.chart text.chart-label')]"
        ".map(t => [t.firstChild.textContent, t.getBBox().x])"
    )
    assert any(text.endswith("…") for text, _ in lefts), lefts
    assert [text for text, left in lefts if left < 0] == []
