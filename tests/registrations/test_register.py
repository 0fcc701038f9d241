from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import City, Event
from registrations.models import Delegation, Registration, RegistrationPolicy
from registrations.services import RegistrationError, register_delegate
from tests.factories import UserFactory
from tests.registrations.conftest import Register, set_limits
from tests.registrations.factories import details

Status = Registration.Status


def test_registration_without_approval_is_approved_and_its_first_registrant_coordinates(
    register: Register, copenhagen: City
) -> None:
    registration = register(copenhagen, badge_name="Sophie Hæstorp Andersen")

    registration.refresh_from_db()
    delegation = Delegation.objects.get(event=registration.event, city=copenhagen)
    assert (registration.status, registration.delegation, registration.country.code) == (
        Status.APPROVED,
        delegation,
        "DK",
    )
    assert delegation.coordinator == registration.user
    assert registration.privacy_accepted_at is not None
    assert registration.languages == ["da", "en"]


def test_registration_is_pending_when_the_policy_requires_approval(
    register: Register, policy: RegistrationPolicy, copenhagen: City
) -> None:
    set_limits(policy, requires_approval=True)

    assert register(copenhagen).status == Status.PENDING_APPROVAL


def test_second_registrant_joins_the_delegation_without_coordinating(
    register: Register, copenhagen: City
) -> None:
    first = register(copenhagen)
    second = register(copenhagen)

    assert second.delegation == first.delegation
    assert Delegation.objects.get().coordinator == first.user


def test_registration_before_opening_is_refused_with_the_local_opening_time(
    register: Register, event: Event, copenhagen: City
) -> None:
    event.registration_opens_at = dt.datetime(2099, 1, 15, 8, 0, tzinfo=dt.UTC)
    event.save()

    with pytest.raises(RegistrationError) as refusal:
        register(copenhagen)

    assert refusal.value.code == "not_open"
    assert refusal.value.message == (
        "Registration opens on 15 January 2099, 09:00 (Europe/Copenhagen)."
    )
    assert not Registration.objects.exists()


def test_registration_with_no_opening_time_is_refused(
    register: Register, event: Event, copenhagen: City
) -> None:
    event.registration_opens_at = None
    event.save()

    with pytest.raises(RegistrationError) as refusal:
        register(copenhagen)

    assert (refusal.value.code, refusal.value.message) == (
        "not_open",
        "Registration for this event is not open yet.",
    )


def test_registration_after_closing_is_refused(
    register: Register, event: Event, copenhagen: City
) -> None:
    event.registration_closes_at = timezone.now() - dt.timedelta(minutes=1)
    event.save()

    with pytest.raises(RegistrationError) as refusal:
        register(copenhagen)

    assert (refusal.value.code, refusal.value.message) == (
        "closed",
        "Registration for this event has closed.",
    )


def test_registration_without_accepting_the_privacy_notice_is_refused(
    event: Event, policy: RegistrationPolicy, copenhagen: City
) -> None:
    with pytest.raises(RegistrationError) as refusal:
        register_delegate(
            user=UserFactory.create(),
            event=event,
            country="DK",
            city=copenhagen,
            details=details(),
            privacy_accepted=False,
        )

    assert refusal.value.code == "privacy_not_accepted"
    assert not Registration.objects.exists()


def test_city_from_another_country_is_refused(register: Register, malmo: City) -> None:
    with pytest.raises(RegistrationError) as refusal:
        register(malmo, country="DK")

    assert (refusal.value.code, refusal.value.message) == (
        "city_not_in_country",
        "Malmö is not in the country you chose.",
    )
    assert not Delegation.objects.exists()


def test_registration_without_a_city_is_refused(register: Register) -> None:
    with pytest.raises(RegistrationError) as refusal:
        register(None, country="DK", proposed_city_name="   ")

    assert refusal.value.code == "city_missing"


def test_second_active_registration_of_a_person_is_refused(
    register: Register, copenhagen: City, aarhus: City
) -> None:
    first = register(copenhagen)

    with pytest.raises(RegistrationError) as refusal:
        register(aarhus, user=first.user)

    assert (refusal.value.code, refusal.value.message) == (
        "already_registered",
        "You are already registered.",
    )
    assert list(Registration.objects.all()) == [first]
    assert not Delegation.objects.filter(city=aarhus).exists()


def test_cancelled_delegate_may_register_again(register: Register, copenhagen: City) -> None:
    first = register(copenhagen)
    Registration.objects.filter(pk=first.pk).update(status=Status.CANCELLED)

    again = register(copenhagen, user=first.user)

    assert again.pk != first.pk
    assert again.status == Status.APPROVED


def test_proposed_city_is_created_unconfirmed_and_the_registration_submitted(
    register: Register,
) -> None:
    registration = register(None, country="NO", proposed_city_name="  Tromsø  ")

    city = City.objects.get(name="Tromsø")
    assert (city.country.code, city.is_confirmed) == ("NO", False)
    assert (registration.city, registration.status) == (city, Status.SUBMITTED)
    assert registration.delegation.city == city


def test_proposed_city_already_in_the_registry_is_used_whatever_its_letter_case(
    register: Register, aarhus: City
) -> None:
    registration = register(None, country="DK", proposed_city_name="AARHUS")

    assert registration.city == aarhus
    assert registration.status == Status.APPROVED
    assert City.objects.filter(name__iexact="aarhus").count() == 1


def test_invalid_details_save_nothing_not_even_the_proposed_city(register: Register) -> None:
    with pytest.raises(ValidationError) as error:
        register(None, country="DK", proposed_city_name="Odense", badge_name="x" * 101)

    assert set(error.value.message_dict) == {"badge_name"}
    assert not City.objects.filter(name="Odense").exists()
    assert not Registration.objects.exists()
    assert not Delegation.objects.exists()


def test_unknown_language_code_is_refused(register: Register, copenhagen: City) -> None:
    with pytest.raises(ValidationError) as error:
        register(copenhagen, languages=("da", "klingon"))

    assert error.value.message_dict == {"languages": ["Unknown language code: klingon."]}


def test_unknown_country_is_refused_for_a_proposed_city(register: Register) -> None:
    with pytest.raises(ValidationError) as error:
        register(None, country="XX", proposed_city_name="Atlantis")

    assert set(error.value.message_dict) == {"country"}
    assert not City.objects.filter(name="Atlantis").exists()


def test_registration_for_an_event_without_a_policy_creates_the_default_one(
    event: Event, copenhagen: City
) -> None:
    registration = register_delegate(
        user=UserFactory.create(),
        event=event,
        country="DK",
        city=copenhagen,
        details=details(),
        privacy_accepted=True,
    )

    policy = RegistrationPolicy.objects.get(event=event)
    assert (policy.capacity, policy.city_quota, policy.country_quota) == (None, None, None)
    assert policy.requires_approval is True
    assert registration.status == Status.PENDING_APPROVAL
