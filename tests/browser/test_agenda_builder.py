"""Issue #4 point 8 in headless Chromium against the live server: an organizer drags a draft to
another room and time on the builder's grid, sees the room conflict it causes, resolves it with
the keyboard-friendly move form, publishes, and a delegate (another browser context) then signs
up for it from the public agenda. The drag posts the real move form through builder.js."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, Locator, Page, expect

from accounts.models import User
from events.models import Event, Room
from sessions_app.models import Session, SessionChange, Signup
from tests.factories import (
    PASSWORD,
    CityFactory,
    EventFactory,
    RoomFactory,
    UserFactory,
    VenueFactory,
)
from tests.registrations.factories import RegistrationFactory
from tests.sessions_app.factories import SessionFactory

FIRST_DAY = dt.date(2049, 4, 20)
CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")
SHOTS = Path("/tmp/shots")


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(FIRST_DAY, dt.time(hour, minute), tzinfo=CPH)


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"builder-test-{name}.png"), full_page=True)


@pytest.fixture
def event(db: None) -> Event:
    copenhagen = CityFactory.create(name="Copenhagen", country="DK")
    venue = VenueFactory.create(name="Copenhagen City Hall", city=copenhagen)
    return EventFactory.create(
        name="Nordic Safe Cities Summit 2049",
        venue=venue,
        start_date=FIRST_DAY,
        end_date=FIRST_DAY + dt.timedelta(days=1),
    )


@pytest.fixture
def rooms(event: Event) -> tuple[Room, Room]:
    return (
        RoomFactory.create(venue=event.venue, name="Festsalen", capacity=200),
        RoomFactory.create(venue=event.venue, name="Workshop room 1", capacity=30),
    )


def wait_for_builder(page: Page) -> None:
    """builder.js has attached its listeners (a drag before that would do nothing)."""
    expect(page.locator('.builder-grid[data-ready="true"]')).to_have_count(1)


def press_and_hold_over(page: Page, block: Locator, target: Locator) -> None:
    """Press the block near its top edge and move the mouse over the target cell, in steps,
    without releasing: the pointer events builder.js listens to, as a person drags."""
    wait_for_builder(page)
    block_box, target_box = block.bounding_box(), target.bounding_box()
    assert block_box is not None
    assert target_box is not None
    page.mouse.move(block_box["x"] + 20, block_box["y"] + 5)
    page.mouse.down()
    page.mouse.move(target_box["x"] + 20, target_box["y"] + 5, steps=12)


def log_in(page: Page, email: str) -> None:
    expect(page).to_have_url(re.compile(re.escape(reverse("account_login") + "?next=")))
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


@pytest.mark.browser
def test_organizer_drags_resolves_publishes_and_a_delegate_signs_up(
    chromium: str,
    page: Page,
    new_context: Callable[..., BrowserContext],
    site: str,
    event: Event,
    rooms: tuple[Room, Room],
    organizer: User,
) -> None:
    festsal, workshop_room = rooms
    plenary = SessionFactory.create(
        event=event, title="Opening plenary", room=festsal, starts_at=at(14), ends_at=at(15)
    )
    draft = SessionFactory.create(
        event=event,
        title="Prebunking workshop",
        room=workshop_room,
        starts_at=at(10),
        ends_at=at(11, 30),
        status=Session.Status.DRAFT,
    )
    delegate = UserFactory.create(email="astrid.delegate@example.org")
    RegistrationFactory.create(event=event, user=delegate, city=event.venue.city)
    page.set_default_timeout(10_000)
    # Tall enough for the whole grid: a drag that scrolls the page mid-way is not the test.
    page.set_viewport_size({"width": 1280, "height": 2400})

    # --- the organizer drags the draft onto the plenary's room and time ---------------------
    page.goto(site + reverse("sessions_app:builder", args=[event.slug]))
    log_in(page, organizer.email)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Agenda builder: {event.name}")
    expect(page.get_by_text("No conflicts.")).to_be_visible()
    # Screen readers get a table: each room a row header, each session a cell with its text.
    grid = page.get_by_role("table", name="Tuesday 20 April 2049")
    expect(grid.get_by_role("rowheader")).to_have_text(
        ["Festsalen, Copenhagen City Hall", "Workshop room 1, Copenhagen City Hall"]
    )
    expect(grid.get_by_role("cell", name=re.compile("Prebunking workshop"))).to_contain_text(
        "10:00–11:30 CEST"
    )
    block = page.locator(f'.grid-session[data-session="{draft.pk}"]')
    target = page.locator(f'.grid-cell[data-room="{festsal.pk}"][data-time="14:00"]')
    # Held by its top edge over the plenary's room and time: the conflict shows before the drop.
    press_and_hold_over(page, block, target)
    preview = page.locator("#builder-preview")
    expect(preview).to_contain_text("If dropped here:")
    expect(preview.locator("li.conflict")).to_have_text(
        ["Festsalen is booked twice: “Opening plenary” and “Prebunking workshop” overlap."]
    )
    expect(block).to_have_class(re.compile(r"\bpreview-conflict\b"))
    assert SessionChange.objects.filter(session=draft).count() == 0  # nothing saved yet
    shot(page, "0-conflict-while-dragging")
    page.mouse.up()

    expect(page.get_by_role("status")).to_contain_text(
        "“Prebunking workshop” is now in Festsalen, 20 April 2049, 14:00–15:30 CEST."
    )
    moved = page.locator(f'.grid-session[data-session="{draft.pk}"]')
    expect(moved).to_contain_text("⚠ Conflict: room booked twice")
    expect(page.locator(f'.grid-session[data-session="{plenary.pk}"]')).to_contain_text(
        "⚠ Conflict: room booked twice"
    )
    expect(page.locator("li.conflict")).to_contain_text(
        "Festsalen is booked twice: “Opening plenary” and “Prebunking workshop” overlap."
    )
    shot(page, "1-conflict")
    draft.refresh_from_db()
    assert (draft.room, draft.starts_at, draft.ends_at) == (festsal, at(14), at(15, 30))

    # --- resolved with the form, from the keyboard's point of view: no mouse needed ---------
    moved.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prebunking workshop")
    form = page.locator("form", has=page.get_by_role("button", name="Move"))
    form.get_by_label("Starts (local time)").fill("15:30")
    form.get_by_label("Ends (local time)").fill("17:00")
    form.get_by_label("Ends (local time)").press("Enter")

    expect(page.get_by_role("status")).to_contain_text(
        "“Prebunking workshop” is now in Festsalen, 20 April 2049, 15:30–17:00 CEST."
    )
    expect(page.get_by_text("No conflicts.")).to_be_visible()
    expect(page.locator(".conflict-flag")).to_have_count(0)

    # --- resized by dragging its bottom edge down to the 17:15 cell: it now ends at 17:30 --
    wait_for_builder(page)
    handle = page.locator(f'.grid-session[data-session="{draft.pk}"] .resize-handle')
    cell = page.locator(f'.grid-cell[data-room="{festsal.pk}"][data-time="17:15"]')
    handle_box, cell_box = handle.bounding_box(), cell.bounding_box()
    assert handle_box is not None
    assert cell_box is not None
    page.mouse.move(handle_box["x"] + 20, handle_box["y"] + handle_box["height"] / 2)
    page.mouse.down()
    page.mouse.move(cell_box["x"] + 20, cell_box["y"] + cell_box["height"] / 2, steps=8)
    page.mouse.up()
    expect(page.get_by_role("status")).to_contain_text(
        "“Prebunking workshop” is now in Festsalen, 20 April 2049, 15:30–17:30 CEST."
    )

    # --- publish ---------------------------------------------------------------------------
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.get_by_role("status")).to_contain_text("Agenda published (publication 1)")
    expect(page.get_by_text("0 drafts are not public yet.")).to_be_visible()
    shot(page, "2-published")
    draft.refresh_from_db()
    assert draft.status == Session.Status.PUBLISHED
    assert list(SessionChange.objects.filter(session=draft).values_list("kind", flat=True)) == [
        "moved",
        "moved",
        "moved",
        "added",
    ]

    # --- a delegate, in a browser of their own, signs up from the public agenda -------------
    visitor = new_context().new_page()
    visitor.set_default_timeout(10_000)
    visitor.goto(site + reverse("sessions_app:my_agenda"))
    log_in(visitor, delegate.email)
    visitor.goto(site + reverse("sessions_app:agenda", args=[event.slug]))
    row = visitor.get_by_role("row", name=re.compile("Prebunking workshop"))
    expect(row).to_contain_text("15:30–17:30 CEST")
    row.get_by_role("link", name="Prebunking workshop").click()
    visitor.get_by_role("button", name="Sign up").click()

    expect(visitor.get_by_role("status")).to_contain_text(
        "You are signed up for “Prebunking workshop”."
    )
    shot(visitor, "3-signed-up")
    assert Signup.objects.get(session=draft).user == delegate


def top_left(locator: Locator) -> tuple[float, float]:
    """A point near the top left corner, where the viewport has it now."""
    box = locator.bounding_box()
    assert box is not None
    return box["x"] + 20, box["y"] + 5


def touch_drag(
    page: Page, start: tuple[float, float], end: tuple[float, float], *, hold_ms: int
) -> None:
    """A finger pressed on `start`, held, slid to `end` and lifted: real touch input, through
    the DevTools protocol, which the browser turns into pointer events of pointerType "touch"."""
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, *points: tuple[float, float]) -> None:
        touch_points = [{"x": x, "y": y} for x, y in points]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": touch_points})

    touch("touchStart", start)
    page.wait_for_timeout(hold_ms)
    steps = 10
    for n in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * n / steps
        y = start[1] + (end[1] - start[1]) * n / steps
        touch("touchMove", (x, y))
    touch("touchEnd")


@pytest.mark.browser
def test_a_finger_drags_a_session_to_another_room_and_time(
    chromium: str,
    new_context: Callable[..., BrowserContext],
    site: str,
    event: Event,
    rooms: tuple[Room, Room],
    organizer: User,
) -> None:
    festsal, workshop_room = rooms
    draft = SessionFactory.create(
        event=event,
        title="Prebunking workshop",
        room=workshop_room,
        starts_at=at(10),
        ends_at=at(11, 30),
        status=Session.Status.DRAFT,
    )
    page = new_context(has_touch=True, viewport={"width": 1280, "height": 2400}).new_page()
    page.set_default_timeout(10_000)
    page.goto(site + reverse("sessions_app:builder", args=[event.slug]))
    log_in(page, organizer.email)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Agenda builder: {event.name}")
    wait_for_builder(page)
    block = page.locator(f'.grid-session[data-session="{draft.pk}"]')
    target = page.locator(f'.grid-cell[data-room="{festsal.pk}"][data-time="16:00"]')

    # A quick swipe is a scroll, not a drag: nothing moves.
    touch_drag(page, top_left(block), top_left(target), hold_ms=0)
    page.wait_for_timeout(800)  # any scroll has settled; a drop would have posted
    draft.refresh_from_db()
    assert (draft.room, draft.starts_at) == (workshop_room, at(10))

    # Held first, the finger drags the block.
    touch_drag(page, top_left(block), top_left(target), hold_ms=500)

    expect(page.get_by_role("status")).to_contain_text(
        "“Prebunking workshop” is now in Festsalen, 20 April 2049, 16:00–17:30 CEST."
    )
    draft.refresh_from_db()
    assert (draft.room, draft.starts_at, draft.ends_at) == (festsal, at(16), at(17, 30))
