"""The accessibility statement and the venues' accessibility facts (issue #18)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Event
from tests.factories import EventFactory, RoomFactory, VenueFactory
from tests.sessions_app.factories import SessionFactory, local

pytestmark = pytest.mark.django_db


def test_the_statement_names_the_standard_and_how_to_report_a_barrier(settings: object) -> None:
    page = Client().get(reverse("events:accessibility")).content.decode()

    assert "WCAG" in page
    assert "2.1 at level AA" in page
    assert "Report a barrier" in page
    assert f'href="mailto:{settings.SUMMIT_ORGANIZER_EMAIL}"' in page  # type: ignore[attr-defined]


def test_every_page_links_to_the_statement() -> None:
    page = Client().get(reverse("events:home")).content.decode()

    assert f'href="{reverse("events:accessibility")}"' in page


def test_the_statement_speaks_the_visitors_language() -> None:
    client = Client()
    client.cookies["django_language"] = "sv"

    page = client.get(reverse("events:accessibility")).content.decode()

    assert "Tillgänglighetsredogörelse" in page


@pytest.fixture
def event() -> Event:
    venue = VenueFactory.create(
        name="Malmö Live",
        step_free_entrance=True,
        hearing_loop=False,
        accessibility_notes="Lift to the second floor by the west door.",
    )
    return EventFactory.create(venue=venue, is_published=True)


def test_the_event_page_shows_the_venues_facts_known_or_not(event: Event) -> None:
    page = Client().get(event.get_absolute_url()).content.decode()

    assert "Step-free entrance: yes" in page
    assert "Hearing loop: no" in page
    assert "Accessible toilets: not known yet" in page
    assert "Lift to the second floor by the west door." in page


def test_the_session_page_shows_its_venues_facts(event: Event) -> None:
    room = RoomFactory.create(venue=event.venue, name="Hall A", capacity=50)
    session = SessionFactory.create(event=event, room=room, starts_at=local(event.start_date, 10))

    page = Client().get(session.get_absolute_url()).content.decode()

    assert "Step-free entrance: yes" in page
    assert "Hearing loop: no" in page
