"""An event in Copenhagen with two city delegations (each a coordinator and a member),
meeting slots on its first day, and two meeting tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from accounts.models import User
from events.models import Event
from meetings import services
from meetings.models import MeetingRequest, MeetingRoom, MeetingSlot
from registrations.models import Delegation, Registration
from tests.factories import CityFactory, EventFactory, UserFactory, VenueFactory
from tests.registrations.factories import RegistrationFactory
from tests.sessions_app.factories import local

FIRST_DAY = dt.date(2049, 4, 20)


@dataclass
class Side:
    delegation: Delegation
    coordinator: User
    lead: Registration  # the coordinator's own registration
    member: Registration


@pytest.fixture
def event(db: None) -> Event:
    return make_event()


def make_event() -> Event:
    venue = VenueFactory.create(
        name="Copenhagen City Hall", city=CityFactory.create(name="Copenhagen", country="DK")
    )
    return EventFactory.create(
        name="Nordic Safe Cities Summit 2049",
        slug="nsc-2049",
        venue=venue,
        start_date=FIRST_DAY,
        end_date=FIRST_DAY + dt.timedelta(days=1),
    )


def make_side(event: Event, city: str, country: str, who: str) -> Side:
    place = CityFactory.create(name=city, country=country)
    coordinator = UserFactory.create(email=f"{who}.coordinator@example.org", first_name=who.title())
    lead = RegistrationFactory.create(
        event=event, city=place, user=coordinator, badge_name=f"{who.title()} Coordinator"
    )
    member = RegistrationFactory.create(
        event=event,
        city=place,
        user=UserFactory.create(email=f"{who}.member@example.org", first_name=f"{who} member"),
        badge_name=f"{who.title()} Member",
    )
    delegation = lead.delegation
    delegation.refresh_from_db()
    return Side(delegation, coordinator, lead, member)


@pytest.fixture
def oslo(event: Event) -> Side:
    return make_side(event, "Oslo", "NO", "ola")


@pytest.fixture
def turku(event: Event) -> Side:
    return make_side(event, "Turku", "FI", "tuula")


@pytest.fixture
def slots(event: Event) -> list[MeetingSlot]:
    return make_slots(event)


def make_slots(event: Event) -> list[MeetingSlot]:
    """09:00, 09:30 … on the first day, half an hour each."""
    return [
        MeetingSlot.objects.create(
            event=event,
            starts_at=local(FIRST_DAY, 9 + n // 2, 30 * (n % 2)),
            ends_at=local(FIRST_DAY, 9 + (n + 1) // 2, 30 * ((n + 1) % 2)),
        )
        for n in range(4)
    ]


@pytest.fixture
def tables(event: Event) -> list[MeetingRoom]:
    return make_tables(event)


def make_tables(event: Event) -> list[MeetingRoom]:
    return [
        MeetingRoom.objects.create(event=event, name="Table 1", capacity=4),
        MeetingRoom.objects.create(event=event, name="Table 2", capacity=8),
    ]


@pytest.fixture
def request_(
    oslo: Side, turku: Side, slots: list[MeetingSlot], tables: list[MeetingRoom]
) -> MeetingRequest:
    """Oslo asks Turku, proposing the first two slots, with its coordinator."""
    return services.request_meeting(
        requester=oslo.delegation,
        recipient=turku.delegation,
        by=oslo.coordinator,
        topic="Safe night-time streets",
        slots=slots[:2],
        participants=[oslo.lead],
    )
