"""Limits per event, city (or its delegation's override) and country; promotion order."""

from __future__ import annotations

from events.models import City, Event
from registrations.models import Delegation, Registration, RegistrationPolicy
from registrations.services import (
    cancel_registration,
    decline_registration,
    promote_waitlist,
    save_policy,
    set_delegation_quota,
)
from tests.factories import CityFactory
from tests.registrations.conftest import Register, set_limits
from tests.registrations.factories import RegistrationFactory

Status = Registration.Status


def statuses(*registrations: Registration) -> list[str]:
    return [Registration.objects.get(pk=r.pk).status for r in registrations]


def test_full_event_puts_the_next_delegate_on_the_waiting_list(
    register: Register, policy: RegistrationPolicy, copenhagen: City, malmo: City
) -> None:
    set_limits(policy, capacity=2)
    seated = [register(copenhagen), register(malmo)]

    late = register(malmo)

    assert statuses(*seated, late) == [Status.APPROVED, Status.APPROVED, Status.WAITLISTED]
    assert late.waitlisted_at is not None


def test_full_city_quota_waitlists_only_that_city(
    register: Register, policy: RegistrationPolicy, copenhagen: City, aarhus: City
) -> None:
    set_limits(policy, city_quota=1)
    register(copenhagen)

    second_copenhagen = register(copenhagen)
    first_aarhus = register(aarhus)

    assert statuses(second_copenhagen, first_aarhus) == [Status.WAITLISTED, Status.APPROVED]


def test_delegation_override_replaces_the_city_quota_both_ways(
    register: Register, policy: RegistrationPolicy, event: Event, copenhagen: City, aarhus: City
) -> None:
    set_limits(policy, city_quota=1)
    Delegation.objects.create(event=event, city=copenhagen, quota_override=2)
    Delegation.objects.create(event=event, city=aarhus, quota_override=0)

    copenhageners = [register(copenhagen) for _ in range(3)]
    aarhusian = register(aarhus)

    assert statuses(*copenhageners, aarhusian) == [
        Status.APPROVED,
        Status.APPROVED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    ]


def test_full_country_quota_waitlists_every_city_of_that_country(
    register: Register, policy: RegistrationPolicy, copenhagen: City, aarhus: City, malmo: City
) -> None:
    set_limits(policy, country_quota=2)
    register(copenhagen)
    register(aarhus)

    third_dane = register(CityFactory.create(name="Odense", country="DK"))
    swede = register(malmo)

    assert statuses(third_dane, swede) == [Status.WAITLISTED, Status.APPROVED]


def test_a_freed_seat_goes_to_the_earliest_on_the_waiting_list(
    register: Register, policy: RegistrationPolicy, copenhagen: City, malmo: City
) -> None:
    set_limits(policy, capacity=1)
    seated = register(copenhagen)
    earliest, later = register(malmo), register(copenhagen)

    cancel_registration(registration=seated, by=seated.user)

    assert statuses(earliest, later) == [Status.APPROVED, Status.WAITLISTED]


def test_promotion_skips_one_whose_city_is_still_full_without_blocking_later_ones(
    register: Register, policy: RegistrationPolicy, copenhagen: City, malmo: City
) -> None:
    set_limits(policy, capacity=2, city_quota=1)
    seated_copenhagen = register(copenhagen)
    seated_malmo = register(malmo)
    waiting_copenhagen = register(copenhagen)  # waits for the event and for its city
    waiting_malmo = register(malmo)

    cancel_registration(registration=seated_malmo, by=None)

    assert statuses(seated_copenhagen, waiting_copenhagen, waiting_malmo) == [
        Status.APPROVED,
        Status.WAITLISTED,
        Status.APPROVED,
    ]


def test_a_seat_freed_in_a_country_goes_to_that_country_first_come_first_served(
    register: Register, policy: RegistrationPolicy, copenhagen: City, aarhus: City, malmo: City
) -> None:
    set_limits(policy, country_quota=1)
    seated_dane = register(copenhagen)
    register(malmo)
    waiting_swede = register(malmo)
    first_waiting_dane, second_waiting_dane = register(aarhus), register(copenhagen)

    decline_registration(registration=seated_dane, by=None)

    assert statuses(waiting_swede, first_waiting_dane, second_waiting_dane) == [
        Status.WAITLISTED,
        Status.APPROVED,
        Status.WAITLISTED,
    ]


def test_raising_a_delegation_quota_promotes_its_waiting_list_in_order(
    register: Register, policy: RegistrationPolicy, copenhagen: City
) -> None:
    set_limits(policy, city_quota=1)
    seated = register(copenhagen)
    waiting = [register(copenhagen) for _ in range(3)]

    promoted = set_delegation_quota(delegation=seated.delegation, quota=3, by=None)

    assert promoted == waiting[:2]
    assert statuses(*waiting) == [Status.APPROVED, Status.APPROVED, Status.WAITLISTED]


def test_lowering_a_quota_bumps_nobody_but_admits_nobody_new(
    register: Register, policy: RegistrationPolicy, copenhagen: City
) -> None:
    seated = [register(copenhagen) for _ in range(3)]

    promoted = set_delegation_quota(delegation=seated[0].delegation, quota=1, by=None)
    late = register(copenhagen)

    assert promoted == []
    assert statuses(*seated, late) == [Status.APPROVED] * 3 + [Status.WAITLISTED]


def test_removing_a_delegation_override_falls_back_to_the_event_quota_per_city(
    register: Register, policy: RegistrationPolicy, copenhagen: City
) -> None:
    set_limits(policy, city_quota=2)
    seated = register(copenhagen)
    set_delegation_quota(delegation=seated.delegation, quota=1, by=None)
    waiting = register(copenhagen)

    promoted = set_delegation_quota(delegation=seated.delegation, quota=None, by=None)

    assert promoted == [waiting]
    assert Delegation.objects.get().quota_override is None


def test_raising_the_event_capacity_promotes_through_save_policy(
    register: Register, policy: RegistrationPolicy, copenhagen: City
) -> None:
    set_limits(policy, capacity=1)
    register(copenhagen)
    waiting = [register(copenhagen) for _ in range(2)]

    policy.capacity = 2
    promoted = save_policy(policy=policy)

    assert promoted == waiting[:1]
    assert RegistrationPolicy.objects.get().capacity == 2


def test_promoted_delegate_awaits_approval_when_the_policy_requires_it(
    register: Register, policy: RegistrationPolicy, copenhagen: City
) -> None:
    set_limits(policy, capacity=1, requires_approval=True)
    seated = register(copenhagen)
    waiting = register(copenhagen)

    cancel_registration(registration=seated, by=None)

    assert statuses(waiting) == [Status.PENDING_APPROVAL]


def test_promote_waitlist_fills_seats_that_are_free(
    policy: RegistrationPolicy, event: Event, copenhagen: City
) -> None:
    set_limits(policy, capacity=2)
    waiting = [
        RegistrationFactory.create(event=event, city=copenhagen, status=Status.WAITLISTED)
        for _ in range(3)
    ]

    promoted = promote_waitlist(event=event)

    assert promoted == waiting[:2]
    assert statuses(*waiting) == [Status.APPROVED, Status.APPROVED, Status.WAITLISTED]


def test_cancelling_a_waitlisted_registration_promotes_nobody(
    register: Register, policy: RegistrationPolicy, copenhagen: City
) -> None:
    set_limits(policy, capacity=1)
    register(copenhagen)
    first_waiting, second_waiting = register(copenhagen), register(copenhagen)

    cancel_registration(registration=first_waiting, by=None)

    assert statuses(first_waiting, second_waiting) == [Status.CANCELLED, Status.WAITLISTED]


def test_pending_and_submitted_registrations_hold_their_seats(
    register: Register, policy: RegistrationPolicy, copenhagen: City
) -> None:
    set_limits(policy, capacity=2, requires_approval=True)
    pending = register(copenhagen)
    submitted = register(None, country="NO", proposed_city_name="Bodø")

    late = register(copenhagen)

    assert [pending.status, submitted.status, late.status] == [
        Status.PENDING_APPROVAL,
        Status.SUBMITTED,
        Status.WAITLISTED,
    ]


def test_limits_of_one_event_do_not_touch_another(
    register: Register, policy: RegistrationPolicy, copenhagen: City
) -> None:
    set_limits(policy, capacity=1)
    register(copenhagen)
    other = RegistrationFactory.create(city=copenhagen).event  # an approved seat at another event
    set_limits(RegistrationPolicy.objects.create(event=other, requires_approval=False), capacity=2)

    registration = register(copenhagen, event=other)

    assert registration.status == Status.APPROVED
