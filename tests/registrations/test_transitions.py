"""Organizer decisions, details and the history they leave (coordination and substitution are in
test_coordination_and_substitutes.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import User
from events.models import City
from registrations.models import Registration, RegistrationChange, RegistrationPolicy
from registrations.services import (
    RegistrationError,
    approve_registration,
    cancel_registration,
    confirm_city,
    decline_registration,
    set_delegation_quota,
    substitute_member,
    update_details,
)
from tests.factories import UserFactory
from tests.registrations.conftest import Register, history, set_limits
from tests.registrations.factories import details

Status = Registration.Status


def test_approving_a_pending_registration_records_who_approved(
    pending: Registration, organizer: User
) -> None:
    approved = approve_registration(registration=pending, by=organizer)

    assert approved.status == Status.APPROVED
    assert history(pending) == [
        (pending.user.email, "", "pending_approval", "Registered"),
        (organizer.email, "pending_approval", "approved", "Approved"),
    ]


@pytest.mark.parametrize(
    ("status", "code", "message"),
    [
        (
            Status.APPROVED,
            "not_pending",
            "Only a registration pending approval can be approved; this one is approved.",
        ),
        (
            Status.WAITLISTED,
            "not_pending",
            "Only a registration pending approval can be approved; this one is waitlisted.",
        ),
        (
            Status.CANCELLED,
            "not_pending",
            "Only a registration pending approval can be approved; this one is cancelled.",
        ),
    ],
)
def test_approving_a_registration_that_is_not_pending_is_refused(
    pending: Registration, organizer: User, status: Status, code: str, message: str
) -> None:
    Registration.objects.filter(pk=pending.pk).update(status=status, waitlisted_at=timezone.now())

    with pytest.raises(RegistrationError) as refusal:
        approve_registration(registration=pending, by=organizer)

    assert (refusal.value.code, refusal.value.message) == (code, message)
    assert RegistrationChange.objects.filter(registration=pending).count() == 1


def test_approving_a_registration_of_an_unconfirmed_city_is_refused(
    register: Register, organizer: User
) -> None:
    submitted = register(None, country="NO", proposed_city_name="Tromsø")

    with pytest.raises(RegistrationError) as refusal:
        approve_registration(registration=submitted, by=organizer)

    assert (refusal.value.code, refusal.value.message) == (
        "city_not_confirmed",
        "Confirm the proposed city Tromsø first.",
    )


def test_a_submitted_registration_whose_city_was_confirmed_directly_can_be_approved(
    register: Register, organizer: User
) -> None:
    submitted = register(None, country="NO", proposed_city_name="Tromsø")
    City.objects.filter(name="Tromsø").update(is_confirmed=True)  # as in the events admin

    approved = approve_registration(registration=submitted, by=organizer)

    assert approved.status == Status.APPROVED


def test_declining_and_cancelling_twice_is_refused_the_second_time(
    register: Register, copenhagen: City, aarhus: City, organizer: User
) -> None:
    declined, cancelled = register(copenhagen), register(aarhus)
    decline_registration(registration=declined, by=organizer)
    cancel_registration(registration=cancelled, by=cancelled.user)

    with pytest.raises(RegistrationError) as decline_refusal:
        decline_registration(registration=declined, by=organizer)
    with pytest.raises(RegistrationError) as cancel_refusal:
        cancel_registration(registration=cancelled, by=cancelled.user)

    assert (decline_refusal.value.code, decline_refusal.value.message) == (
        "not_active",
        "This registration is already declined.",
    )
    assert (cancel_refusal.value.code, cancel_refusal.value.message) == (
        "not_active",
        "This registration is already cancelled.",
    )
    assert [len(history(declined)), len(history(cancelled))] == [2, 2]


def test_confirming_a_proposed_city_moves_its_submitted_registrations_on(
    register: Register, policy: RegistrationPolicy, organizer: User
) -> None:
    set_limits(policy, capacity=1, requires_approval=True)
    submitted = register(None, country="NO", proposed_city_name="Tromsø")
    waiting = register(None, country="NO", proposed_city_name="Tromsø")

    advanced = confirm_city(city=submitted.city, by=organizer)

    assert advanced == [submitted]
    assert City.objects.get(name="Tromsø").is_confirmed is True
    assert Registration.objects.get(pk=submitted.pk).status == Status.PENDING_APPROVAL
    assert Registration.objects.get(pk=waiting.pk).status == Status.WAITLISTED
    assert history(submitted)[-1] == (
        organizer.email,
        "submitted",
        "pending_approval",
        "City confirmed",
    )


def test_a_submitted_registration_promoted_after_confirmation_skips_submitted(
    register: Register, policy: RegistrationPolicy, copenhagen: City
) -> None:
    set_limits(policy, capacity=1)
    seated = register(copenhagen)
    waiting = register(None, country="NO", proposed_city_name="Tromsø")
    confirm_city(city=waiting.city, by=None)

    cancel_registration(registration=seated, by=None)

    assert Registration.objects.get(pk=waiting.pk).status == Status.APPROVED


def test_a_negative_quota_is_refused(register: Register, copenhagen: City) -> None:
    member = register(copenhagen)

    with pytest.raises(RegistrationError) as refusal:
        set_delegation_quota(delegation=member.delegation, quota=-1, by=None)

    assert refusal.value.code == "invalid_quota"


def test_editing_details_records_the_changed_fields(register: Register, copenhagen: City) -> None:
    member = register(copenhagen, phone="")

    update_details(
        registration=member,
        details=details(phone="+45 33 66 33 66", languages=("da",)),
        by=member.user,
    )

    change = RegistrationChange.objects.filter(registration=member).last()
    assert change is not None
    assert (change.old_status, change.new_status, change.description) == (
        "approved",
        "approved",
        "Details changed",
    )
    assert change.fields == {
        "phone": ["", "+45 33 66 33 66"],
        "languages": [["da", "en"], ["da"]],
    }
    assert Registration.objects.get(pk=member.pk).phone == "+45 33 66 33 66"


def test_editing_nothing_writes_no_history(register: Register, copenhagen: City) -> None:
    member = register(copenhagen)

    update_details(registration=member, details=details(), by=member.user)

    assert len(history(member)) == 1


def test_a_substitute_accepts_the_privacy_notice_when_completing_details(
    register: Register, copenhagen: City
) -> None:
    member = register(copenhagen)
    colleague = UserFactory.create()
    substitute = substitute_member(
        registration=member, substitute=colleague, details=details(), by=None
    )

    update_details(registration=substitute, details=details(), by=colleague, accept_privacy=True)

    change = RegistrationChange.objects.filter(registration=substitute).last()
    assert change is not None
    assert list(change.fields) == ["privacy_accepted_at"]
    assert Registration.objects.get(pk=substitute.pk).privacy_accepted_at is not None


def test_delegates_cannot_edit_after_the_deadline_but_organizers_can(
    register: Register, policy: RegistrationPolicy, copenhagen: City, organizer: User
) -> None:
    member = register(copenhagen)
    set_limits(policy, edit_deadline=timezone.now() - dt.timedelta(minutes=1))

    with pytest.raises(RegistrationError) as refusal:
        update_details(registration=member, details=details(phone="+45 1234"), by=member.user)
    update_details(registration=member, details=details(phone="+45 5678"), by=organizer)

    assert refusal.value.code == "edit_closed"
    assert Registration.objects.get(pk=member.pk).phone == "+45 5678"


def test_a_cancelled_registration_cannot_be_edited(register: Register, copenhagen: City) -> None:
    member = register(copenhagen)
    cancel_registration(registration=member, by=None)

    with pytest.raises(RegistrationError) as refusal:
        update_details(registration=member, details=details(phone="1"), by=member.user)

    assert refusal.value.code == "not_active"


def test_the_history_of_a_registration_reads_as_a_story(
    pending: Registration, organizer: User
) -> None:
    approve_registration(registration=pending, by=organizer)
    cancel_registration(registration=pending, by=pending.user)

    assert history(pending) == [
        (pending.user.email, "", "pending_approval", "Registered"),
        (organizer.email, "pending_approval", "approved", "Approved"),
        (pending.user.email, "approved", "cancelled", "Cancelled"),
    ]


def test_promotions_are_recorded_as_the_systems_with_their_cause(
    register: Register, policy: RegistrationPolicy, copenhagen: City
) -> None:
    set_limits(policy, capacity=1)
    seated = register(copenhagen)
    waiting = register(copenhagen)

    cancel_registration(registration=seated, by=seated.user)

    assert history(waiting)[-1] == (None, "waitlisted", "approved", "Promoted: a seat was freed")
