"""Issue #17 in headless Chromium against the live server: Oslo's coordinator asks Turku's for
a meeting, Turku's proposes another slot, Oslo's accepts it; each step's mail reaches the other
coordinator at the SMTP sink, and every participant's calendar invite arrives there too.

Mail really travels: service -> outbox -> on_commit -> Celery (eager, in the live server's
thread) -> SMTP -> the sink. Nothing is mocked."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse
from icalendar import Calendar
from playwright.sync_api import BrowserContext, Page, expect

from accounts.models import User
from meetings.models import MeetingRequest, MeetingRoom, MeetingSlot
from tests.accounts.mailbox import link_in
from tests.conftest import SinkHandler
from tests.factories import PASSWORD
from tests.meetings.conftest import Side, make_event, make_side, make_slots, make_tables

SHOTS = Path("/tmp/shots-meetings")
Shot = Callable[[Page, str], None]


@pytest.fixture
def shot() -> Shot:
    SHOTS.mkdir(parents=True, exist_ok=True)

    def _shot(page: Page, name: str) -> None:
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    return _shot


def log_in(page: Page, email: str) -> None:
    expect(page).to_have_url(re.compile(re.escape(reverse("account_login") + "?next=")))
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def mail_link(sink: SinkHandler, to: str, subject: str) -> str:
    [message] = [m for m in sink.messages if m["To"] == to and m["Subject"] == subject]
    return link_in(message, "/meetings/")


@dataclass
class Exchange:
    oslo: Side
    turku: Side
    slots: list[MeetingSlot]
    tables: list[MeetingRoom]


@pytest.fixture
def exchange(db: None) -> Exchange:
    event = make_event()
    oslo, turku = make_side(event, "Oslo", "NO", "ola"), make_side(event, "Turku", "FI", "tuula")
    return Exchange(oslo, turku, make_slots(event), make_tables(event))


@pytest.mark.browser
def test_two_coordinators_agree_a_meeting_in_the_browser(
    chromium: str,
    page: Page,
    new_context: Callable[..., BrowserContext],
    site: str,
    smtp_sink: SinkHandler,
    shot: Shot,
    exchange: Exchange,
    organizer: User,
) -> None:
    oslo, turku, slots, tables = exchange.oslo, exchange.turku, exchange.slots, exchange.tables
    page.set_default_timeout(10_000)
    # --- Oslo's coordinator, from the delegation page, asks Turku for a meeting -----------
    page.goto(site + reverse("registrations:delegation_detail", args=[oslo.delegation.pk]))
    log_in(page, oslo.coordinator.email)
    page.get_by_role("link", name="Bilateral meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings of Oslo")
    page.get_by_role("link", name="Request a meeting").click()
    page.get_by_label("Meet the delegation of").select_option(label="Turku")
    page.get_by_label("Topic").fill("Safe night-time streets")
    page.get_by_label("Message").fill("Could we compare our night-mayor pilots?")
    page.get_by_label(str(slots[0])).check()
    page.get_by_label(str(slots[1])).check()
    page.get_by_label("Ola Coordinator (City official)").check()
    page.get_by_label("We need an interpreter").check()
    page.get_by_label("Interpret from").select_option("no")
    page.get_by_label("Interpret to").select_option("fi")
    shot(page, "1-request-form")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("status")).to_contain_text("Your request is sent.")
    expect(page.get_by_text("Pending", exact=True)).to_be_visible()
    meeting = MeetingRequest.objects.get()

    # --- Turku's coordinator follows the mail's link and proposes another slot -------------
    link = mail_link(smtp_sink, turku.coordinator.email, "Meeting request from Oslo")
    assert link == site + reverse("meetings:meeting_detail", args=[meeting.pk])
    other = new_context().new_page()
    other.set_default_timeout(10_000)
    other.goto(link)
    log_in(other, turku.coordinator.email)
    expect(other.get_by_role("heading", level=1)).to_have_text("Safe night-time streets")
    shot(other, "2-request-to-answer")
    counter = other.locator("#counter-form")
    counter.get_by_label(str(slots[3])).check()
    counter.get_by_label("Tuula Member (City official)").check()
    counter.get_by_label("Note to the other delegation").fill("The afternoon suits us better.")
    counter.get_by_role("button", name="Send the proposal").click()
    expect(other.get_by_role("status")).to_contain_text("Your proposal is sent.")
    expect(other.get_by_text("Other times proposed", exact=True)).to_be_visible()

    # --- Oslo's coordinator accepts the proposed slot --------------------------------------
    link = mail_link(smtp_sink, oslo.coordinator.email, "Turku proposes other times for a meeting")
    page.goto(link)
    accept = page.locator("#accept-form")
    accept.get_by_label(str(slots[3])).check()
    shot(page, "3-accept")
    accept.get_by_role("button", name="Accept the meeting").click()
    expect(page.get_by_role("status")).to_contain_text("The meeting is agreed.")
    expect(page.get_by_text("Accepted", exact=True)).to_be_visible()
    expect(page.get_by_text("Table 1, Copenhagen City Hall")).to_be_visible()
    shot(page, "4-accepted")

    meeting.refresh_from_db()
    assert (meeting.status, meeting.slot, meeting.room) == ("accepted", slots[3], tables[0])
    assert [m["Subject"] for m in smtp_sink.messages if m["To"] == turku.coordinator.email] == [
        "Meeting request from Oslo",
        "Meeting with Oslo agreed",
    ]
    invites = [m for m in smtp_sink.messages if m["Subject"].startswith("Invitation: ")]
    assert {m["To"] for m in invites} == {oslo.coordinator.email, turku.member.user.email}
    for message in invites:
        [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        [entry] = Calendar.from_ical(part.get_content()).walk("VEVENT")
        assert str(entry["UID"]) == meeting.uid
        assert entry.decoded("DTSTART") == slots[3].starts_at

    # --- the participant sees it in My agenda -----------------------------------------------
    member = new_context().new_page()
    member.set_default_timeout(10_000)
    member.goto(site + reverse("sessions_app:my_agenda"))
    log_in(member, turku.member.user.email)
    expect(
        member.get_by_role("link", name="Meeting Oslo – Turku: Safe night-time streets")
    ).to_be_visible()
    shot(member, "5-my-agenda")

    # --- Oslo's list, and the organizers' grid of slots x rooms ----------------------------
    page.goto(site + reverse("meetings:delegation_meetings", args=[oslo.delegation.pk]))
    expect(
        page.get_by_role("row", name=re.compile("Safe night-time streets Turku Accepted"))
    ).to_be_visible()
    shot(page, "6-delegation-meetings")
    boss = new_context().new_page()
    boss.set_default_timeout(10_000)
    boss.goto(site + reverse("meetings:event_meetings", args=[oslo.delegation.event.slug]))
    log_in(boss, organizer.email)
    grid = boss.get_by_role("table", name="Booked meetings per slot and room")
    expect(grid.get_by_role("row", name=re.compile(re.escape(str(slots[3]))))).to_contain_text(
        "Oslo – Turku"
    )
    shot(boss, "7-organizer-grid")
