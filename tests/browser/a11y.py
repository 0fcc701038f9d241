"""Helpers of the accessibility tests: the world the pages show, opening a page as someone in a
language, the page checks (axe-core from npm and a11y_checks.js) and WCAG's contrast formula."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, Response

from accounts.models import User
from events.models import Event, Venue
from meetings.models import MeetingRequest
from outbox.models import OutboundMail
from registrations.invitations import invite_delegate
from registrations.models import Registration, RegistrationNeeds, RegistrationPolicy
from sessions_app.models import Session, SessionPerson, Signup
from sessions_app.services import (
    book_interpreters,
    cancel_session,
    move_session,
    publish_event_agenda,
)
from tests.browser.a11y_meetings import build_meetings
from tests.factories import CityFactory, EventFactory, RoomFactory, UserFactory, VenueFactory
from tests.registrations.factories import RegistrationFactory
from tests.sessions_app.factories import SessionFactory, ThemeFactory, local
from webhooks.models import Delivery, Endpoint
from webhooks.services import create_endpoint

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHECKS = Path(__file__).with_name("a11y_checks.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@dataclass
class World:
    """What the pages show: an upcoming event with a published agenda, people in every role."""

    event: Event
    session: Session
    coordinator: User
    newcomer: User
    organizer: User
    registration: Registration
    mail: OutboundMail
    endpoint: Endpoint
    meeting: MeetingRequest


def build_world(organizer: User) -> World:
    copenhagen = CityFactory.create(name="Copenhagen", country="DK")
    venue = VenueFactory.create(name="Copenhagen City Hall", city=copenhagen)
    event = EventFactory.create(name="Nordic Safe Cities Summit", venue=venue)
    RegistrationPolicy.objects.create(event=event, requires_approval=True)
    coordinator = UserFactory.create(email="astrid.holm@copenhagen.example", first_name="Astrid")
    registration = RegistrationFactory.create(
        event=event, user=coordinator, city=copenhagen, badge_name="Astrid Holm"
    )
    for status in ("pending_approval", "waitlisted", "declined"):
        RegistrationFactory.create(event=event, city=copenhagen, status=status)
    invite_delegate(
        delegation=registration.delegation, email="colleague@kk.example", by=coordinator
    )
    session = build_agenda(event, organizer, coordinator)
    # Issue #18: the attendee's needs, one booking, and the venue's facts, so every page shows
    # its totals, its warning and its facts.
    RegistrationNeeds.objects.create(
        registration=registration, interpretation_into="fi", captions=True, diets=["vegan"]
    )
    book_interpreters(session=session, source_language="en", target_language="da", booth="1")
    Venue.objects.filter(pk=venue.pk).update(step_free_entrance=True, hearing_loop=False)
    return World(
        event=event,
        session=session,
        coordinator=coordinator,
        newcomer=UserFactory.create(email="new.delegate@aarhus.example"),
        organizer=organizer,
        registration=registration,
        mail=build_outbox()[-1],
        endpoint=build_webhooks(organizer, event),
        meeting=build_meetings(event, registration),
    )


def build_agenda(event: Event, organizer: User, attendee: User) -> Session:
    """Three published sessions (one full, later moved, one cancelled), one draft; so every
    badge of the agenda, the builder and the changelog shows."""
    day = event.start_date
    hall = RoomFactory.create(venue=event.venue, name="Festsalen", capacity=200)
    small = RoomFactory.create(venue=event.venue, name="Workshop room 1", capacity=1)
    draft = Session.Status.DRAFT
    session = SessionFactory.create(
        event=event,
        title="Prebunking workshop",
        room=hall,
        starts_at=local(day, 10),
        ends_at=local(day, 11, 30),
        description="How cities **prebunk** rumours before they spread.",
        languages=["en", "da"],
        status=draft,
    )
    session.themes.add(ThemeFactory.create(name="Extremism and hate"))
    SessionPerson.objects.create(session=session, name="Mette Jensen", role="moderator")
    SessionPerson.objects.create(session=session, name="Ole Nielsen", role="speaker")
    full = SessionFactory.create(
        event=event,
        title="Street-team site visit",
        room=small,
        starts_at=local(day, 13),
        status=draft,
    )
    panel = SessionFactory.create(
        event=event, title="Cancelled panel", room=hall, starts_at=local(day, 16), status=draft
    )
    publish_event_agenda(event=event, by=organizer)
    Signup.objects.create(session=full, user=UserFactory.create(), status="signed_up")
    Signup.objects.create(session=full, user=attendee, status="waitlisted")
    Signup.objects.create(session=session, user=attendee, status="signed_up")
    full.refresh_from_db()
    move_session(session=full, starts_at=local(day, 14), room=small, ends_at=None, by=organizer)
    cancel_session(session=Session.objects.get(pk=panel.pk), by=organizer)
    SessionFactory.create(
        event=event, title="Closing plenary", room=hall, starts_at=local(day, 10, 30), status=draft
    )
    return session


def build_outbox() -> list[OutboundMail]:
    """A mail in each delivery state, for the outbox's status badges."""
    return [
        OutboundMail.objects.create(
            idempotency_key=f"a11y-{status}",
            from_email="summit@example.org",
            to="astrid.holm@copenhagen.example",
            subject=f"Your registration ({status})",
            body_text="Hello.",
            body_html="<p>Hello.</p>",
            status=status,
            attempts=1,
            last_error="550 mailbox unavailable" if status == "failed" else "",
            next_attempt_at=timezone.now() + dt.timedelta(minutes=5),
        )
        for status in ("queued", "sent", "failed")
    ]


def open_as(page: Page, site: str, user: User | None, language: str, path: str) -> Response:
    """Load `path` signed in as `user` (or anonymous) with `language` chosen by cookie."""
    page.context.clear_cookies()
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": site}]
    if user is not None:
        client = Client()
        client.force_login(user)
        session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": site})
    page.context.add_cookies(cookies)  # type: ignore[arg-type]
    response = page.goto(site + path)
    assert response is not None
    return response


def check(page: Page, name: str, *args: Any) -> Any:
    """Run one of a11y_checks.js's checks (or "axe") in the page, injecting the scripts once."""
    if not page.evaluate("() => Boolean(window.axe && window.a11yChecks)"):
        page.add_script_tag(path=str(AXE))
        page.add_script_tag(path=str(CHECKS))
    return page.evaluate(f"(args) => window.a11yChecks.{name}(...args)", list(args))


def serious(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict[str, Any]]) -> str:
    """axe's findings as a reader can act on them: rule, help, where, and what to fix."""
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['url']})")
        lines.extend(f"    {n['target']}\n      {n['summary']}" for n in v["nodes"])
    return "\n".join(lines)


def contrast(one: str, other: str) -> float:
    """WCAG 2.1's contrast ratio of two CSS colours given as rgb(...) or rgba(...)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def luminance(css_colour: str) -> float:
    red, green, blue = (float(v) / 255 for v in re.findall(r"[\d.]+", css_colour)[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def build_webhooks(organizer: User, event: Event) -> Endpoint:
    """An endpoint with a delivery in each state, for the status badges and the retry button."""
    endpoint = create_endpoint(
        url="https://crm.example.org/summit",
        event_types=["session.moved"],
        event=event,
        by=organizer,
    )
    for n, status in enumerate(Delivery.Status.values):
        Delivery.objects.create(
            endpoint=endpoint,
            key=f"a11y-{n}",
            event_type="session.moved",
            payload={"type": "session.moved", "data": {"title": "Opening"}},
            status=status,
            attempts=n,
            last_error="HTTP 500" if status == "failed" else "",
            next_attempt_at=timezone.now(),
        )
    return endpoint
