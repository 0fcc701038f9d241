"""The whole account flow in headless Chromium against the live server: sign up, read the
verification mail from a real SMTP sink, confirm, log in, log out.

The mail really travels: allauth -> outbox row -> on_commit -> Celery task (eager, in the live
server's thread) -> SMTP -> the sink. Nothing on that path is mocked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from playwright.sync_api import Page, expect

from outbox.models import OutboundMail
from tests.accounts.mailbox import link_in
from tests.conftest import SinkHandler

EMAIL = "grace.hopper@example.org"
PASSWORD = "cobol-compiler-1959"
SHOTS = Path("/tmp/shots")


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.browser
def test_visitor_signs_up_confirms_by_mail_logs_in_and_logs_out(
    chromium: str, page: Page, site: str, smtp_sink: SinkHandler
) -> None:
    page.set_default_timeout(10_000)
    page.goto(site + reverse("account_signup"))
    page.get_by_label("Email", exact=True).fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()

    expect(page).to_have_url(site + reverse("account_email_verification_sent"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    expect(page.get_by_role("status")).to_contain_text(f"Confirmation email sent to {EMAIL}.")
    shot(page, "signup-1-verification-sent")

    # No waiting: the signup request committed, ran the delivery task eagerly in the live
    # server's thread and spoke SMTP to the sink before it answered the browser.
    [message] = smtp_sink.messages
    assert (message["To"], message["Subject"]) == (
        EMAIL,
        "[Summit] Please Confirm Your Email Address",
    )
    assert OutboundMail.objects.get().status == OutboundMail.Status.SENT
    link = link_in(message, "/accounts/confirm-email/")
    assert link.startswith(f"{site}/accounts/confirm-email/")

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Email Address")
    shot(page, "signup-2-confirm")
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(site + reverse("account_login"))
    expect(page.get_by_role("status")).to_contain_text(f"You have confirmed {EMAIL}.")
    assert EmailAddress.objects.get(email=EMAIL).verified is True
    page.get_by_label("Email", exact=True).fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(site + reverse("events:home"))
    expect(page.get_by_role("status")).to_contain_text(f"Successfully signed in as {EMAIL}.")
    expect(page.get_by_role("link", name="My account")).to_be_visible()
    shot(page, "signup-3-logged-in")
    page.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("status")).to_contain_text("You have signed out.")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_role("link", name="My account")).to_have_count(0)
    shot(page, "signup-4-logged-out")
    assert len(smtp_sink.messages) == 1
