"""#15 item 1 in headless Chromium against the live server: an organizer publishes a new version
of an event's privacy notice; a registered delegate who signs in to go to their agenda is shown
the notice first, cannot go on without accepting it, and then lands where they were going; on
their Consents page they see the record and take themselves off the delegate list."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.formats import date_format
from playwright.sync_api import BrowserContext, Page, expect

from accounts.models import User
from events.models import Event
from privacy.models import Consent, PrivacyNotice
from registrations.models import Registration
from tests.browser.test_delegation_flow import log_in
from tests.factories import EventFactory
from tests.registrations.factories import RegistrationFactory

SHOTS = Path("/tmp/shots")
TEXT = "From this edition on, photos are taken in the plenary hall."


@pytest.fixture
def event(db: None) -> Event:
    return EventFactory.create(name="Nordic Safe Cities Summit 2049")


@pytest.mark.browser
def test_a_new_notice_is_asked_at_sign_in_and_the_delegate_lands_where_they_were_going(
    chromium: str,
    page: Page,
    new_context: Callable[..., BrowserContext],
    site: str,
    event: Event,
    delegate: User,
    organizer: User,
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    RegistrationFactory.create(
        event=event, user=delegate, badge_name="Dan Delegate", visibility="delegates"
    )

    # --- the organizer publishes the notice's first version of the event's own -------------
    desk = new_context().new_page()
    desk.set_default_timeout(10_000)
    desk.goto(site + reverse("privacy:manage_notice", args=[event.slug]))
    log_in(desk, organizer.email)
    desk.get_by_label("The privacy notice").fill(TEXT)
    desk.get_by_role("button", name="Publish a new version").click()
    expect(desk.get_by_role("status")).to_contain_text("Version 1 is published.")
    desk.screenshot(path=str(SHOTS / "privacy-manage-notice.png"), full_page=True)
    desk.goto(site + reverse("privacy:retention", args=[event.slug]))
    desk.get_by_label("Days kept after the event's last day").fill("30")
    desk.get_by_role("button", name="Save").click()
    expect(desk.get_by_role("status")).to_contain_text("The retention period is saved.")
    last_day = event.end_date + dt.timedelta(days=30)
    expect(desk.get_by_role("row", name="Dietary needs")).to_contain_text(
        date_format(last_day, "DATE_FORMAT")
    )
    desk.screenshot(path=str(SHOTS / "privacy-retention.png"), full_page=True)

    # --- the delegate signs in on the way to their agenda: the notice comes first ----------
    page.set_default_timeout(10_000)
    agenda = reverse("sessions_app:my_agenda")
    page.goto(site + agenda)
    log_in(page, delegate.email)
    expect(page).to_have_url(re.compile(re.escape(reverse("privacy:review_notices") + "?next=")))
    expect(page.get_by_role("heading", level=1)).to_have_text("A new privacy notice")
    expect(page.get_by_text(TEXT)).to_be_visible()
    page.screenshot(path=str(SHOTS / "privacy-review-notice.png"), full_page=True)

    # Elsewhere is closed until they answer.
    page.goto(site + reverse("registrations:my_registrations"))
    expect(page.get_by_role("heading", level=1)).to_have_text("A new privacy notice")
    page.go_back()

    page.get_by_role("button", name="Accept and go on").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert not Consent.objects.filter(purpose="privacy_notice").exists()

    page.get_by_label(f"I have read and accept the privacy notice of {event.name}.").check()
    page.get_by_role("button", name="Accept and go on").click()

    expect(page).to_have_url(site + agenda)
    expect(page.get_by_role("status")).to_contain_text("Thank you. Your answer is recorded.")
    notice = PrivacyNotice.objects.get(event=event)
    assert Consent.objects.filter(user=delegate, notice=notice).count() == 1

    # --- the Consents page: the record, and off the delegate list ----------------------------
    page.goto(site + reverse("privacy:my_consents"))
    expect(page.get_by_role("link", name="version 1")).to_be_visible()
    page.get_by_role("button", name="Withdraw: Being listed in the delegate list").click()
    expect(page.get_by_role("status")).to_contain_text("Your consent is withdrawn.")
    expect(
        page.get_by_role("button", name="Give: Being listed in the delegate list")
    ).to_be_visible()
    page.screenshot(path=str(SHOTS / "privacy-consents.png"), full_page=True)
    registration = Registration.objects.get(user=delegate)
    assert registration.visibility == Registration.Visibility.ORGANIZERS
