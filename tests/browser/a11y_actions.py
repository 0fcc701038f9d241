"""What the accessibility cases do on a page before axe looks: fill forms wrongly, submit them,
and the addresses of pages that need a world first (tests/browser/test_accessibility.py)."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Page, expect

from checkin.models import BadgeSheet
from checkin.services import checkin_lists_for
from privacy.consents import publish_notice
from tests.browser.a11y import (
    World,
    check,
)


def submit(page: Page, form: str) -> None:
    """Submit the form as it is, past the browser's own `required` check, as an old browser or a
    script would: the server's error messages are what is under test. They are announced (an
    alert sums them up) and each is tied to its field."""
    with page.expect_navigation():
        page.locator(form).evaluate("form => form.submit()")
    expect(page.get_by_role("alert").first).to_be_visible()
    assert page.locator(".field .errorlist").count() > 0
    assert check(page, "untiedErrors") == []


def make_token_without_a_name(page: Page) -> None:
    submit(page, "form[action$='/new/']")


def submit_empty(page: Page) -> None:
    submit(page, "#registration-form")


def submit_endpoint(page: Page) -> None:
    page.locator("#id_url").fill("ftp://crm.example.org/")
    # No event type ticked: the group of checkboxes has an error, tied to each checkbox.
    submit(page, "#endpoint-form")


def move_without_a_start(page: Page) -> None:
    page.locator("form[action$='/move/'] input[name=start]").fill("")
    submit(page, "form[action$='/move/']")


def bad_needs(page: Page) -> None:
    page.locator("#id_dietary_details").evaluate("field => field.removeAttribute('maxlength')")
    page.locator("#id_dietary_details").fill("x" * 301)
    submit(page, "main form")


def fill_needs(page: Page) -> None:
    """The registration form with its needs section in use (issue #18): the person ticks and
    types their needs there, "anything else" too long, so the section shows its own error."""
    page.locator("fieldset.needs").scroll_into_view_if_needed()
    page.locator("#id_needs-sign_language").select_option("ils")
    page.locator("#id_needs-step_free").check()
    page.locator("#id_needs-diets input[value=vegan]").check()
    other = page.locator("#id_needs-other_needs")
    other.evaluate("field => field.removeAttribute('maxlength')")
    other.fill("x" * 2001)
    submit(page, "#registration-form")
    expect(page.locator("#id_needs-other_needs")).to_have_attribute("aria-invalid", "true")


def wrong_password(page: Page) -> None:
    page.locator("#id_login").fill("astrid.holm@copenhagen.example")
    page.locator("#id_password").fill("not-the-password")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()


def short_password(page: Page) -> None:
    page.locator("#id_email").fill("new.delegate@aarhus.example")
    page.locator("#id_password1").fill("abc")
    page.locator("#id_password2").fill("abd")
    submit(page, "main form")


def badge_sheet_url(world: World) -> str:
    """The sheet page while a sheet is being built: the progress bar and its status line."""
    BadgeSheet.objects.create(event=world.event, total=120, done=48)
    return reverse("checkin:badge_sheet", args=[world.event.slug])


def publish_an_empty_notice(page: Page) -> None:
    page.locator("#id_text").fill("")
    submit(page, "#notice-form")


def with_notices(world: World, url: str) -> str:
    """Two versions of the event's privacy notice; the coordinator accepted neither."""
    for text in ("We keep your details to run the summit.", NOTICE_TEXT):
        publish_notice(event=world.event, text=text, by=world.organizer)
    return url


NOTICE_TEXT = (
    "The organizers keep your details to run the summit.\n\n"
    "Photos are taken in the plenary; tell us at the desk if you would rather not be in them."
)


def checkin_url(world: World) -> str:
    entrance = checkin_lists_for(event=world.event)[0]
    return reverse("checkin:checkin_page", args=[world.event.slug, entrance.pk])
