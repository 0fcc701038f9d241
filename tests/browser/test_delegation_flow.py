"""Issue #3 point 11 in headless Chromium against the live server: a delegate registers and so
coordinates their city's delegation, invites a colleague by mail, the colleague joins through the
mail's link, an organizer bulk-approves both, and the approval mails carry the event's .ics.

Every mail really travels: service -> outbox row -> on_commit -> Celery task (eager, in the live
server's thread) -> SMTP -> the sink, before the request answers the browser. Nothing is mocked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.urls import reverse
from icalendar import Calendar
from playwright.sync_api import BrowserContext, Page, expect

from accounts.models import User
from events.models import City, Event
from outbox.models import OutboundMail
from registrations.models import Delegation, Registration
from tests.accounts.mailbox import link_in, text_of
from tests.conftest import SinkHandler
from tests.factories import PASSWORD, CityFactory, EventFactory, UserFactory, VenueFactory
from tests.registrations.factories import RegistrationPolicyFactory

COLLEAGUE = "cecilie.colleague@example.org"
Shot = Callable[[Page, str], None]


@pytest.fixture
def shot(tmp_path: Path) -> Shot:
    def _shot(page: Page, name: str) -> None:
        page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)

    return _shot


@pytest.fixture
def aarhus(db: None) -> City:
    return CityFactory.create(name="Aarhus", country="DK")


@pytest.fixture
def event(db: None, aarhus: City) -> Event:
    """Open for registration; approval required; the venue's address is not ASCII."""
    copenhagen = CityFactory.create(name="Copenhagen", country="DK")
    venue = VenueFactory.create(name="Copenhagen City Hall", city=copenhagen)
    event: Event = EventFactory.create(name="Nordic Safe Cities Summit", venue=venue)
    RegistrationPolicyFactory.create(event=event, requires_approval=True)
    return event


def log_in(page: Page, email: str) -> None:
    """Fill allauth's login form, where login_required sent the browser."""
    expect(page).to_have_url(re.compile(re.escape(reverse("account_login") + "?next=")))
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def fill_details(page: Page, *, badge_name: str, office: str, organization: str) -> None:
    page.get_by_role("textbox", name="Name on the badge").fill(badge_name)
    page.get_by_role("combobox", name="Office").select_option(label=office)
    page.get_by_role("textbox", name="Organization").fill(organization)
    page.get_by_role("listbox", name="Languages you speak").select_option(["da", "en"])
    page.get_by_label("I have read and accept the privacy notice.").check()


def mail_to(sink: SinkHandler, email: str, subject: str) -> EmailMessage:
    [message] = [m for m in sink.messages if m["To"] == email and m["Subject"] == subject]
    return message


@pytest.mark.browser
def test_delegate_registers_invites_a_colleague_and_an_organizer_approves_both(
    chromium: str,
    page: Page,
    new_context: Callable[..., BrowserContext],
    site: str,
    smtp_sink: SinkHandler,
    shot: Shot,
    event: Event,
    aarhus: City,
    delegate: User,
    organizer: User,
) -> None:
    UserFactory.create(email=COLLEAGUE, first_name="Cecilie")  # verified address
    page.set_default_timeout(10_000)

    # --- the delegate registers through the form and becomes Aarhus's coordinator -----------
    page.goto(site + event.get_absolute_url())
    page.get_by_role("link", name=f"Register – {event.name}").click()
    log_in(page, delegate.email)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Register for {event.name}")
    fill_details(page, badge_name="Dan Delegate", office="Mayor", organization="Aarhus Kommune")
    page.get_by_role("combobox", name="Country").select_option(label="Denmark")
    page.get_by_role("combobox", name="City").select_option(label="Aarhus")
    shot(page, "1-delegate-registration-form")
    page.get_by_role("button", name="Register").click()

    expect(page).to_have_url(site + reverse("registrations:my_registrations"))
    expect(page.get_by_role("status")).to_contain_text(f"You are registered for {event.name}.")
    row = page.get_by_role("row", name=event.name)
    expect(row).to_contain_text("Pending approval")
    delegation = Delegation.objects.get(event=event, city=aarhus)
    assert delegation.coordinator == delegate

    # --- from the delegation page they invite a colleague ----------------------------------
    row.get_by_role("link", name=f"My delegation – {event.name}").click()
    expect(page).to_have_url(
        site + reverse("registrations:delegation_detail", args=[delegation.pk])
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Delegation of Aarhus")
    expect(page.get_by_role("row", name="Dan Delegate coordinator")).to_be_visible()
    page.get_by_label("Email address of your colleague").fill(COLLEAGUE)
    page.get_by_role("button", name="Send invitation").click()

    expect(page.get_by_role("status")).to_contain_text(f"Invitation sent to {COLLEAGUE}.")
    expect(page.get_by_role("button", name=f"Revoke – {COLLEAGUE}")).to_be_visible()
    shot(page, "2-delegation-invited")
    invitation = mail_to(
        smtp_sink, COLLEAGUE, f"You are invited to join the delegation of Aarhus at {event.name}"
    )
    assert "delegation of Aarhus" in text_of(invitation)
    link = link_in(invitation, "/invitations/")
    assert link.startswith(f"{site}/invitations/")

    # --- the colleague, in their own browser, follows the link, logs in, registers ---------
    colleague = new_context().new_page()
    colleague.set_default_timeout(10_000)
    colleague.goto(link)
    log_in(colleague, COLLEAGUE)
    register_url = site + reverse("registrations:register", args=[event.slug])
    expect(colleague).to_have_url(re.compile(re.escape(register_url + "?invitation=")))
    # Next to allauth's "Successfully signed in" message, the page's own note:
    invited = "You were invited to join the delegation of Aarhus: fill in your own details below."
    expect(colleague.get_by_role("status").filter(has_text=invited)).to_be_visible()
    # The city is the delegation's, shown but not for the colleague to change.
    expect(colleague.get_by_role("combobox", name="Country")).to_be_disabled()
    expect(colleague.get_by_role("combobox", name="Country")).to_have_value("DK")
    expect(colleague.get_by_role("combobox", name="City")).to_be_disabled()
    expect(colleague.get_by_role("combobox", name="City")).to_have_value(str(aarhus.pk))
    fill_details(
        colleague, badge_name="Cecilie Colleague", office="Councillor", organization="Aarhus Byråd"
    )
    shot(colleague, "3-colleague-registration-form")
    colleague.get_by_role("button", name="Register").click()

    expect(colleague).to_have_url(site + reverse("registrations:my_registrations"))
    expect(colleague.get_by_role("status")).to_contain_text(f"You are registered for {event.name}.")
    expect(colleague.get_by_role("row", name=event.name)).to_contain_text("Pending approval")
    joined = Registration.objects.get(event=event, user__email=COLLEAGUE)
    assert (joined.delegation_id, joined.city_id) == (delegation.pk, aarhus.pk)
    # The coordinator's page now lists the colleague, and the invitation is used up.
    page.reload()
    expect(page.get_by_role("row", name="Cecilie Colleague")).to_contain_text("Pending approval")
    expect(page.get_by_text("No pending invitations.")).to_be_visible()

    # --- an organizer selects both and approves them at once --------------------------------
    office = new_context().new_page()
    office.set_default_timeout(10_000)
    office.goto(site + reverse("registrations:event_registrations", args=[event.slug]))
    log_in(office, organizer.email)
    expect(office.get_by_role("heading", level=1)).to_have_text(f"Registrations: {event.name}")
    office.get_by_label("Select Dan Delegate").check()
    office.get_by_label("Select Cecilie Colleague").check()
    office.get_by_role("button", name="Approve").click()

    expect(office.get_by_role("status")).to_contain_text("2 registrations approved.")
    for name in ("Dan Delegate", "Cecilie Colleague"):
        expect(office.get_by_role("row", name=name)).to_contain_text("Approved")
    shot(office, "4-organizer-approved")

    # --- each approval mail reached the sink with the event's days as an .ics --------------
    subject = f"Your registration for {event.name} is approved"
    for email in (delegate.email, COLLEAGUE):
        [attachment] = list(mail_to(smtp_sink, email, subject).iter_attachments())
        assert attachment.get_filename() == f"{event.slug}.ics"
        assert attachment.get_content_type() == "application/ics"
        [entry] = Calendar.from_ical(attachment.get_content()).walk("VEVENT")
        assert entry.decoded("dtstart") == event.start_date
        assert entry.decoded("dtend") == event.end_date + dt.timedelta(days=1)  # exclusive
        assert str(entry["summary"]) == event.name
        assert "København" in str(entry["location"])

    assert set(Registration.objects.filter(event=event).values_list("status", flat=True)) == {
        Registration.Status.APPROVED
    }
    # Received (pending approval) x2, the invitation, approved x2: each once, each sent.
    assert len(smtp_sink.messages) == 5
    assert set(OutboundMail.objects.values_list("status", flat=True)) == {OutboundMail.Status.SENT}
