"""The one-query seat count of a registration agrees with the full count the waiting list uses."""

from __future__ import annotations

import itertools

from events.models import City
from registrations import seats
from registrations.models import Delegation, Registration, RegistrationPolicy
from tests.factories import CityFactory
from tests.registrations.conftest import set_limits
from tests.registrations.factories import DelegationFactory, RegistrationFactory

Status = Registration.Status


def test_count_for_one_delegation_decides_as_the_full_count_does(
    policy: RegistrationPolicy, copenhagen: City, aarhus: City, malmo: City
) -> None:
    oslo = CityFactory.create(name="Oslo", country="NO")
    held = [(copenhagen, Status.APPROVED)] * 2 + [(aarhus, Status.PENDING_APPROVAL)]
    held += [(malmo, Status.SUBMITTED), (malmo, Status.WAITLISTED), (oslo, Status.CANCELLED)]
    for city, status in held:
        RegistrationFactory.create(event=policy.event, city=city, status=status)
    DelegationFactory.create(event=policy.event, city=aarhus, quota_override=1)
    DelegationFactory.create(event=policy.event, city=oslo, quota_override=0)
    cities = [copenhagen, aarhus, malmo, oslo]
    decisions = []

    for capacity, city_quota, country_quota in itertools.product(
        [None, 4, 5], [None, 2, 3], [None, 3, 4]
    ):
        set_limits(policy, capacity=capacity, city_quota=city_quota, country_quota=country_quota)
        full = seats.count_seats(policy)
        for city in cities:
            delegation, _ = Delegation.objects.get_or_create(event=policy.event, city=city)
            country = city.country.code
            one = seats.count_seats_for(policy, delegation=delegation, country=country)
            decision = full.fits(city_id=city.pk, country=country)
            assert one.fits(city_id=city.pk, country=country) == decision, (
                capacity,
                city_quota,
                country_quota,
                city.name,
            )
            decisions.append(decision)

    # Both answers were compared:
    assert set(decisions) == {True, False}
