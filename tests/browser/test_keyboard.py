"""Issue #7: the two main tasks done with the keyboard alone, in headless Chromium against the live
server. No mouse, no .click(), no .fill(): only Tab, Shift+Tab, Enter, Space, arrows and typing,
and a page.goto only for the first page of each part. Each control the test stops at must show
its focus (an outline of at least 2 px)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from events.models import Event, Room
from sessions_app.models import Signup
from tests.factories import PASSWORD, CityFactory, EventFactory, RoomFactory, VenueFactory
from tests.registrations.factories import RegistrationFactory
from tests.sessions_app.factories import SessionFactory, local

SHOTS = Path("/tmp/shots")
MAX_TABS = 80

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
    text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 60),
  };
}"""


def tab_to(page: Page, selector: str, *, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`, as a keyboard user
    would move through the page; fails if it never comes."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            assert_focus_visible(page)
            return
    pytest.fail(f"{MAX_TABS} presses of {key} never reached {selector} on {page.url}")


def assert_focus_visible(page: Page) -> None:
    focused = page.evaluate(FOCUSED)
    assert focused["outline"] >= 2, f"no visible focus on {focused['text']!r} at {page.url}"


def sign_in_with_keyboard(page: Page, user: User) -> None:
    tab_to(page, "#id_login")
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    assert_focus_visible(page)
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"keyboard-{name}.png"), full_page=True)


@pytest.fixture
def keyboard_page(chromium: str, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def event(db: None) -> Event:
    copenhagen = CityFactory.create(name="Copenhagen", country="DK")
    venue = VenueFactory.create(name="Copenhagen City Hall", city=copenhagen)
    return EventFactory.create(name="Nordic Safe Cities Summit", venue=venue)


@pytest.fixture
def rooms(event: Event) -> tuple[Room, Room]:
    return (
        RoomFactory.create(venue=event.venue, name="Festsalen", capacity=200),
        RoomFactory.create(venue=event.venue, name="Workshop room 1", capacity=30),
    )


@pytest.mark.browser
def test_organizer_moves_a_session_in_the_builder_with_the_keyboard_only(
    keyboard_page: Page, site: str, event: Event, rooms: tuple[Room, Room], organizer: User
) -> None:
    festsal, workshop_room = rooms
    day = event.start_date
    session = SessionFactory.create(
        event=event,
        title="Prebunking workshop",
        room=festsal,
        starts_at=local(day, 10),
        ends_at=local(day, 11, 30),
    )
    page = keyboard_page

    page.goto(site + reverse("sessions_app:builder", args=[event.slug]))
    sign_in_with_keyboard(page, organizer)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Agenda builder: {event.name}")

    # The skip link first, then straight into the main content.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    assert_focus_visible(page)
    shot(page, "0-skip-link")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    tab_to(page, f'.grid-session[data-session="{session.pk}"] a')
    shot(page, "1-builder-session-focused")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Prebunking workshop")

    # The move form: the room by typing its first letters, the times by typing digits (Tab then
    # walks through the time field's own parts, hours, minutes and AM/PM, before leaving it).
    tab_to(page, "#id_room")
    page.keyboard.type("Workshop")
    expect(page.locator("#id_room")).to_have_value(str(workshop_room.pk))
    tab_to(page, "#id_start")
    page.keyboard.type("1530")
    tab_to(page, "#id_end")
    page.keyboard.type("1700")
    expect(page.locator("#id_start")).to_have_value("15:30")
    expect(page.locator("#id_end")).to_have_value("17:00")
    shot(page, "2-move-form")
    # Back to the room with Shift+Tab, to check it kept its value, then on to the Move button.
    tab_to(page, "#id_room", key="Shift+Tab")
    tab_to(page, "form[action$='/move/'] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    when = f"{day.day} {day:%B %Y}"
    expect(page.get_by_role("status")).to_contain_text(
        f"“Prebunking workshop” is now in Workshop room 1, {when}, 15:30–17:00"
    )
    shot(page, "3-moved")
    session.refresh_from_db()
    assert (session.room, session.starts_at, session.ends_at) == (
        workshop_room,
        local(day, 15, 30),
        local(day, 17),
    )


@pytest.mark.browser
def test_delegate_signs_up_for_a_session_from_the_agenda_with_the_keyboard_only(
    keyboard_page: Page, site: str, event: Event, rooms: tuple[Room, Room], delegate: User
) -> None:
    festsal, _ = rooms
    RegistrationFactory.create(event=event, user=delegate, city=event.venue.city)
    session = SessionFactory.create(
        event=event,
        title="Prebunking workshop",
        room=festsal,
        starts_at=local(event.start_date, 10),
        ends_at=local(event.start_date, 11, 30),
    )
    page = keyboard_page

    page.goto(site + reverse("sessions_app:agenda", args=[event.slug]))
    tab_to(page, f'a[href="{session.get_absolute_url()}"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Prebunking workshop")

    # Not signed in yet: the sign-up box offers to sign in and brings the delegate back here.
    tab_to(page, ".signup-box a.button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    sign_in_with_keyboard(page, delegate)
    expect(page).to_have_url(re.compile(re.escape(session.get_absolute_url()) + "$"))

    tab_to(page, ".signup-box button[type=submit]")
    expect(page.locator(":focus")).to_have_text("Sign up")
    shot(page, "4-sign-up-focused")
    with page.expect_navigation():
        page.keyboard.press("Space")

    expect(page.get_by_role("status")).to_contain_text(
        "You are signed up for “Prebunking workshop”."
    )
    expect(page.locator(".signup-box")).to_contain_text("You are signed up")
    shot(page, "5-signed-up")
    signup = Signup.objects.get(session=session)
    assert (signup.user, signup.status) == (delegate, Signup.Status.SIGNED_UP)
