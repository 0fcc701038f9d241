"""An event in Copenhagen with two rooms, and helpers that make approved delegates."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Protocol

import pytest
from django.urls import reverse

from accounts.models import User
from events.models import City, Event, Room, Venue
from sessions_app.models import Session
from tests.factories import CityFactory, EventFactory, RoomFactory, UserFactory, VenueFactory
from tests.registrations.factories import RegistrationFactory
from tests.sessions_app.factories import SessionFactory, local

FIRST_DAY = dt.date(2049, 4, 20)


def agenda_url(event: Event, query: str = "") -> str:
    url = reverse("sessions_app:agenda", kwargs={"slug": event.slug})
    return f"{url}?{query}" if query else url


def seats_cells(response: Any) -> list[str]:
    """The agenda's seats column, read from the HTML: a page served from the cache has no
    context."""
    cell = r'<td class="seats"><span class="label">Seats: </span>(.*?)</td>'
    return re.findall(cell, response.content.decode())


class MakeDelegate(Protocol):
    def __call__(self, **registration: Any) -> User: ...


@pytest.fixture
def copenhagen(db: None) -> City:
    return CityFactory.create(name="Copenhagen", country="DK")


@pytest.fixture
def city_hall(copenhagen: City) -> Venue:
    return VenueFactory.create(name="Copenhagen City Hall", city=copenhagen)


@pytest.fixture
def event(city_hall: Venue) -> Event:
    return EventFactory.create(
        name="Nordic Safe Cities Summit 2049",
        venue=city_hall,
        start_date=FIRST_DAY,
        end_date=FIRST_DAY + dt.timedelta(days=1),
    )


@pytest.fixture
def festsal(city_hall: Venue) -> Room:
    return RoomFactory.create(venue=city_hall, name="Festsalen", capacity=200)


@pytest.fixture
def workshop_room(city_hall: Venue) -> Room:
    return RoomFactory.create(venue=city_hall, name="Workshop room 1", capacity=30)


@pytest.fixture
def session(event: Event, workshop_room: Room) -> Session:
    """Published, 10:00-11:30 Copenhagen time on the first day, 30 seats."""
    return SessionFactory.create(
        event=event,
        title="Countering disinformation locally",
        slug="countering-disinformation",
        room=workshop_room,
        starts_at=local(FIRST_DAY, 10),
        ends_at=local(FIRST_DAY, 11, 30),
    )


@pytest.fixture
def make_delegate(event: Event, copenhagen: City) -> MakeDelegate:
    """A new person with an approved registration for the event (or as `registration` says)."""

    def _make(**registration: Any) -> User:
        user = UserFactory.create()
        RegistrationFactory.create(event=event, user=user, **{"city": copenhagen, **registration})
        return user

    return _make


@pytest.fixture
def approved_delegate(make_delegate: MakeDelegate) -> User:
    return make_delegate()
