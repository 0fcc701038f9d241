"""Issue #18 in headless Chromium against the live server: an organizer opens a session in the
builder, enters its Danish title in the per-language block, saves, and a visitor whose browser
speaks Danish sees the Danish title on the agenda and the session page; a Swede sees the
original."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from accounts.models import User
from events.models import Event
from sessions_app.models import Session
from tests.browser.test_agenda_builder import log_in
from tests.factories import CityFactory, EventFactory, RoomFactory, VenueFactory
from tests.sessions_app.factories import SessionFactory

FIRST_DAY = dt.date(2049, 4, 20)
CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")
SHOTS = Path("/tmp/shots")


@pytest.fixture
def session(db: None) -> Session:
    copenhagen = CityFactory.create(name="Copenhagen", country="DK")
    venue = VenueFactory.create(name="Copenhagen City Hall", city=copenhagen)
    event: Event = EventFactory.create(
        name="Nordic Safe Cities Summit 2049",
        venue=venue,
        start_date=FIRST_DAY,
        end_date=FIRST_DAY,
        is_published=True,
    )
    room = RoomFactory.create(venue=venue, name="Festsalen", capacity=200)
    return SessionFactory.create(
        event=event,
        title="Prebunking workshop",
        room=room,
        starts_at=dt.datetime.combine(FIRST_DAY, dt.time(10), tzinfo=CPH),
        ends_at=dt.datetime.combine(FIRST_DAY, dt.time(11, 30), tzinfo=CPH),
    )


@pytest.mark.browser
def test_an_organizer_enters_a_danish_title_and_a_danish_visitor_sees_it(
    chromium: str,
    page: Page,
    new_context: Callable[..., BrowserContext],
    site: str,
    session: Session,
    organizer: User,
) -> None:
    page.set_default_timeout(10_000)
    page.goto(site + reverse("sessions_app:builder_session", args=[session.event.slug, session.pk]))
    log_in(page, organizer.email)

    edit = page.locator("form[action$='/edit/']")
    edit.get_by_text("Title and description in other languages").click()
    edit.get_by_label("Title in Dansk").fill("Workshop om prebunking")
    edit.get_by_label("Description in Dansk").fill("Sådan imødegår byer rygter.")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "translations-builder.png"), full_page=True)
    with page.expect_navigation():
        edit.get_by_role("button", name="Save").click()
    expect(page.get_by_text("“Prebunking workshop” saved.")).to_be_visible()

    danish = new_context(locale="da-DK", extra_http_headers={"Accept-Language": "da"}).new_page()
    danish.goto(site + reverse("sessions_app:agenda", args=[session.event.slug]))
    expect(danish.get_by_role("link", name="Workshop om prebunking")).to_be_visible()
    danish.get_by_role("link", name="Workshop om prebunking").click()
    expect(danish.get_by_role("heading", level=1)).to_have_text("Workshop om prebunking")
    expect(danish.get_by_text("Sådan imødegår byer rygter.")).to_be_visible()
    danish.screenshot(path=str(SHOTS / "translations-session-da.png"), full_page=True)

    swedish = new_context(locale="sv-SE", extra_http_headers={"Accept-Language": "sv"}).new_page()
    swedish.goto(site + session.get_absolute_url())
    expect(swedish.get_by_role("heading", level=1)).to_have_text("Prebunking workshop")
