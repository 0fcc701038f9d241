"""The event, cities and a `register` helper most registration tests start from."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

import pytest
from django.test import Client

from accounts.models import User
from events.models import City, Event
from registrations.models import Registration, RegistrationChange, RegistrationPolicy
from registrations.services import register_delegate
from tests.factories import CityFactory, EventFactory, UserFactory, VenueFactory
from tests.registrations.factories import RegistrationPolicyFactory, details


class Register(Protocol):
    def __call__(
        self, city: City | None, *, user: User | None = None, **overrides: Any
    ) -> Registration: ...


@pytest.fixture
def copenhagen(db: None) -> City:
    return CityFactory.create(name="Copenhagen", country="DK")


@pytest.fixture
def aarhus(db: None) -> City:
    return CityFactory.create(name="Aarhus", country="DK")


@pytest.fixture
def malmo(db: None) -> City:
    return CityFactory.create(name="Malmö", country="SE")


@pytest.fixture
def event(copenhagen: City) -> Event:
    venue = VenueFactory.create(name="Copenhagen City Hall", city=copenhagen)
    return EventFactory.create(
        name="Nordic Safe Cities Summit 2049",
        venue=venue,
        start_date=dt.date(2049, 4, 20),
        end_date=dt.date(2049, 4, 21),
    )


@pytest.fixture
def policy(event: Event) -> RegistrationPolicy:
    """No limits and no approval; tests set what they need."""
    return RegistrationPolicyFactory.create(event=event)


@pytest.fixture
def register(event: Event, policy: RegistrationPolicy) -> Register:
    """Register a new person (or `user`) for the event through the service."""

    def _register(city: City | None, *, user: User | None = None, **overrides: Any) -> Registration:
        person = user or UserFactory.create()
        country = overrides.pop("country", city.country.code if city else "DK")
        proposed = overrides.pop("proposed_city_name", "")
        return register_delegate(
            user=person,
            event=overrides.pop("event", event),
            country=country,
            city=city,
            proposed_city_name=proposed,
            details=details(**overrides),
            privacy_accepted=True,
        )

    return _register


def set_limits(policy: RegistrationPolicy, **limits: Any) -> RegistrationPolicy:
    for name, value in limits.items():
        setattr(policy, name, value)
    policy.save()
    return policy


def history(registration: Registration) -> list[tuple[Any, ...]]:
    return list(
        RegistrationChange.objects.filter(registration=registration).values_list(
            "changed_by__email", "old_status", "new_status", "description"
        )
    )


@pytest.fixture
def pending(register: Register, policy: RegistrationPolicy, copenhagen: City) -> Registration:
    set_limits(policy, requires_approval=True)
    return register(copenhagen)


@pytest.fixture
def delegate_client(client: Client, delegate: User, policy: RegistrationPolicy) -> Client:
    client.force_login(delegate)
    return client


def form_data(chosen: City | None, **overrides: Any) -> dict[str, Any]:
    data = {
        "badge_name": "Sophie Hæstorp Andersen",
        "office": "mayor",
        "organization": "Københavns Kommune",
        "country": chosen.country.code if chosen else "DK",
        "city": chosen.pk if chosen else "",
        "phone": "+45 33 66 33 66",
        "languages": ["da", "en"],
        "visibility": "delegates",
        "directory_fields": ["office", "organization"],
        "privacy_accepted": "on",
    }
    return {**data, **overrides}
