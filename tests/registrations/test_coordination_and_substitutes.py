"""Coordinators appointed and handed over, and substitutes taking over a member's seat."""

from __future__ import annotations

import pytest

from accounts.models import User
from events.models import City
from registrations.models import Delegation, Registration, RegistrationChange, RegistrationPolicy
from registrations.services import (
    RegistrationError,
    appoint_coordinator,
    approve_registration,
    cancel_registration,
    decline_registration,
    substitute_member,
)
from tests.factories import UserFactory
from tests.registrations.conftest import Register, history, set_limits
from tests.registrations.factories import details

Status = Registration.Status


def test_an_organizer_appoints_a_member_as_coordinator(
    register: Register, copenhagen: City, organizer: User
) -> None:
    first, second = register(copenhagen), register(copenhagen)

    appoint_coordinator(delegation=first.delegation, user=second.user, by=organizer)

    assert Delegation.objects.get().coordinator == second.user
    assert history(second)[-1] == (organizer.email, "approved", "approved", "Appointed coordinator")


def test_appointing_someone_outside_the_delegation_is_refused(
    register: Register, copenhagen: City, aarhus: City, organizer: User
) -> None:
    member = register(copenhagen)
    other_city = register(aarhus)

    with pytest.raises(RegistrationError) as refusal:
        appoint_coordinator(delegation=member.delegation, user=other_city.user, by=organizer)

    assert refusal.value.code == "coordinator_not_member"
    assert Delegation.objects.get(city=copenhagen).coordinator == member.user


def test_a_leaving_coordinator_hands_over_to_the_earliest_remaining_member(
    register: Register, copenhagen: City
) -> None:
    coordinator, earliest, later = (register(copenhagen) for _ in range(3))

    cancel_registration(registration=coordinator, by=coordinator.user)

    assert Delegation.objects.get().coordinator == earliest.user
    assert history(earliest)[-1] == (None, "approved", "approved", "Became coordinator")
    assert len(history(later)) == 1


def test_the_last_member_leaving_leaves_the_delegation_without_coordinator(
    register: Register, copenhagen: City, organizer: User
) -> None:
    only = register(copenhagen)

    decline_registration(registration=only, by=organizer)
    newcomer = register(copenhagen)

    assert Delegation.objects.get().coordinator == newcomer.user


def test_a_substitute_takes_over_the_seat_without_a_quota_recount(
    register: Register, policy: RegistrationPolicy, copenhagen: City
) -> None:
    set_limits(policy, city_quota=1)
    member = register(copenhagen)
    waiting = register(copenhagen)
    colleague = UserFactory.create(email="colleague@example.org")

    substitute = substitute_member(
        registration=member,
        substitute=colleague,
        details=details(badge_name="Colleague"),
        by=member.user,
    )

    assert [Registration.objects.get(pk=r.pk).status for r in (member, substitute, waiting)] == [
        Status.CANCELLED,
        Status.APPROVED,
        Status.WAITLISTED,
    ]
    assert (substitute.replaces, substitute.delegation, substitute.city) == (
        member,
        member.delegation,
        copenhagen,
    )
    assert substitute.privacy_accepted_at is None
    assert Delegation.objects.get().coordinator == colleague
    last = RegistrationChange.objects.filter(registration=member).last()
    assert last is not None
    assert (last.old_status, last.new_status) == ("approved", "cancelled")
    assert last.description_display == "Substituted by colleague@example.org"
    [first] = RegistrationChange.objects.filter(registration=substitute)
    assert first.changed_by == member.user
    assert first.description_display == f"Substitute for {member.user.email}"


def test_a_substitute_for_an_approved_member_needs_approval_when_the_policy_does(
    pending: Registration, organizer: User
) -> None:
    approve_registration(registration=pending, by=organizer)

    substitute = substitute_member(
        registration=pending, substitute=UserFactory.create(), details=details(), by=organizer
    )

    assert substitute.status == Status.PENDING_APPROVAL


def test_a_substitute_for_a_waitlisted_member_keeps_the_place_in_the_queue(
    register: Register, policy: RegistrationPolicy, copenhagen: City
) -> None:
    set_limits(policy, capacity=1)
    register(copenhagen)
    waiting = register(copenhagen)

    substitute = substitute_member(
        registration=waiting, substitute=UserFactory.create(), details=details(), by=None
    )

    assert (substitute.status, substitute.waitlisted_at) == (
        Status.WAITLISTED,
        waiting.waitlisted_at,
    )


def test_substituting_with_someone_already_registered_is_refused(
    register: Register, copenhagen: City, aarhus: City
) -> None:
    member, elsewhere = register(copenhagen), register(aarhus)

    with pytest.raises(RegistrationError) as refusal:
        substitute_member(
            registration=member, substitute=elsewhere.user, details=details(), by=None
        )

    assert (refusal.value.code, refusal.value.message) == (
        "already_registered",
        f"{elsewhere.user.email} is already registered for this event.",
    )
    assert Registration.objects.get(pk=member.pk).status == Status.APPROVED


def test_substituting_a_cancelled_member_is_refused(register: Register, copenhagen: City) -> None:
    member = register(copenhagen)
    cancel_registration(registration=member, by=None)

    with pytest.raises(RegistrationError) as refusal:
        substitute_member(
            registration=member, substitute=UserFactory.create(), details=details(), by=None
        )

    assert refusal.value.code == "not_active"
