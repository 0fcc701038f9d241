"""The seat lock, proven on PostgreSQL the way pretix proves its quotas.

Thirty people register at the same instant, each through their own database connection, for
the last three seats of an event, of a city or of a country. With the lock exactly three get a
seat; with the lock replaced by a plain read the same race oversells.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest
from django.db import connection

from accounts.models import User
from events.models import City, Event
from registrations import seats
from registrations.models import Registration, RegistrationPolicy
from registrations.services import RegistrationError, register_delegate
from tests.factories import CityFactory, EventFactory, UserFactory
from tests.registrations.factories import RegistrationFactory, RegistrationPolicyFactory, details
from tests.services import need_postgres

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

CONTENDERS = 30
LIMIT = 5
TAKEN = 2  # seats held before the race: LIMIT - TAKEN are left
UNLOCKED_TRIES = 5
Status = Registration.Status


@dataclass(frozen=True)
class Race:
    event: Event
    contenders: list[tuple[User, City]]
    scope: dict[str, object]  # filters the registrations that count against the limit

    def seats_taken(self) -> int:
        return Registration.objects.filter(event=self.event, **self.scope).holding_seats().count()

    def outcome(self) -> dict[str, int]:
        users = [user for user, _ in self.contenders]
        rows = Registration.objects.filter(event=self.event, user__in=users)
        return {status: rows.filter(status=status).count() for status in ("approved", "waitlisted")}


def arrange(scope: str) -> Race:
    """An event whose `scope` has LIMIT seats, TAKEN of them held, and CONTENDERS who want one."""
    event = EventFactory.create()
    copenhagen = CityFactory.create(name="Copenhagen", country="DK")
    aarhus = CityFactory.create(name="Aarhus", country="DK")
    malmo = CityFactory.create(name="Malmö", country="SE")
    limit_field = {"event": "capacity", "city": "city_quota", "country": "country_quota"}[scope]
    RegistrationPolicyFactory.create(event=event, **{limit_field: LIMIT})
    for city in [copenhagen] * TAKEN:
        RegistrationFactory.create(event=event, city=city)
    RegistrationFactory.create(
        event=event, city=malmo
    )  # another country: counts for the event only
    if scope == "event":  # the held Malmö seat is one of the event's
        RegistrationPolicy.objects.filter(event=event).update(capacity=LIMIT + 1)
        places = [copenhagen, aarhus, malmo, CityFactory.create(name="Oslo", country="NO")]
        return Race(event, contenders(lambda n: places[n % len(places)]), scope={})
    if scope == "city":
        RegistrationFactory.create(event=event, city=aarhus)  # same country, another city
        return Race(event, contenders(lambda n: copenhagen), scope={"city": copenhagen})
    towns = [CityFactory.create(name=f"Town {n}", country="DK") for n in range(CONTENDERS)]
    return Race(event, contenders(lambda n: towns[n]), scope={"country": "DK"})


def contenders(city_of: object) -> list[tuple[User, City]]:
    assert callable(city_of)
    return [(UserFactory.create(), city_of(n)) for n in range(CONTENDERS)]


def run(race: Race) -> list[Exception]:
    """Start every registration at once, one thread and one connection each."""
    barrier = threading.Barrier(CONTENDERS)
    errors: list[Exception] = []

    def contend(user: User, city: City) -> None:
        try:
            event = Event.objects.select_related("venue").get(pk=race.event.pk)
            barrier.wait(timeout=30)
            register_delegate(
                user=user,
                event=event,
                country=city.country.code,
                city=city,
                details=details(),
                privacy_accepted=True,
            )
        except Exception as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=contend, args=pair) for pair in race.contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.parametrize("scope", ["event", "city", "country"])
def test_a_rush_for_the_last_seats_fills_them_exactly(scope: str) -> None:
    need_postgres()
    race = arrange(scope)

    errors = run(race)

    assert errors == []
    assert race.seats_taken() == LIMIT + (1 if scope == "event" else 0)
    assert race.outcome() == {"approved": LIMIT - TAKEN, "waitlisted": CONTENDERS - LIMIT + TAKEN}


def read_policy_without_lock(event: Event) -> RegistrationPolicy:
    return RegistrationPolicy.objects.get(event=event)


@pytest.mark.parametrize("scope", ["event", "city", "country"])
def test_without_the_lock_the_same_rush_oversells(
    scope: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_postgres()
    monkeypatch.setattr(seats, "lock_seats", read_policy_without_lock)
    limit = LIMIT + (1 if scope == "event" else 0)

    # A race is a race: try a few times; in practice the first one oversells.
    for _ in range(UNLOCKED_TRIES):
        race = arrange(scope)
        run(race)
        if race.seats_taken() > limit:
            break

    assert race.seats_taken() > limit


def test_one_person_registering_many_times_at_once_gets_one_registration() -> None:
    """The check for an existing registration runs before the lock, so every attempt passes
    it at once; the unique constraint refuses all but the first, with the service's message."""
    need_postgres()
    event = EventFactory.create()
    RegistrationPolicyFactory.create(event=event)
    person = UserFactory.create()
    city = CityFactory.create(name="Copenhagen", country="DK")
    race = Race(event, [(person, city)] * CONTENDERS, scope={})

    errors = run(race)

    assert Registration.objects.filter(event=event, user=person).count() == 1
    assert len(errors) == CONTENDERS - 1
    assert {type(error) for error in errors} == {RegistrationError}
    assert {error.code for error in errors if isinstance(error, RegistrationError)} == {
        "already_registered"
    }
