"""The database keeps the invariants even if a service were bypassed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from events.models import City, Event
from registrations.models import Delegation, Registration, RegistrationPolicy, spoken_languages
from tests.registrations.factories import RegistrationFactory

Status = Registration.Status


def test_database_refuses_a_second_active_registration_of_a_person(
    event: Event, copenhagen: City
) -> None:
    first = RegistrationFactory.create(event=event, city=copenhagen, status=Status.PENDING_APPROVAL)

    with pytest.raises(IntegrityError):
        RegistrationFactory.create(
            event=event, city=copenhagen, user=first.user, status=Status.WAITLISTED
        )


@pytest.mark.parametrize("ended", [Status.CANCELLED, Status.DECLINED])
def test_database_allows_a_new_registration_after_a_cancelled_or_declined_one(
    event: Event, copenhagen: City, ended: Status
) -> None:
    first = RegistrationFactory.create(event=event, city=copenhagen, status=ended)
    RegistrationFactory.create(event=event, city=copenhagen, user=first.user, status=ended)

    again = RegistrationFactory.create(event=event, city=copenhagen, user=first.user)

    assert Registration.objects.filter(user=first.user).count() == 3
    assert again.status == Status.APPROVED


def test_database_refuses_a_waitlisted_registration_without_its_place_in_the_queue(
    event: Event, copenhagen: City
) -> None:
    with pytest.raises(IntegrityError):
        RegistrationFactory.create(
            event=event, city=copenhagen, status=Status.WAITLISTED, waitlisted_at=None
        )


def test_database_refuses_an_unknown_status(event: Event, copenhagen: City) -> None:
    with pytest.raises(IntegrityError):
        RegistrationFactory.create(event=event, city=copenhagen, status="maybe")


def test_database_refuses_a_second_delegation_of_a_city_at_an_event(
    event: Event, copenhagen: City
) -> None:
    Delegation.objects.create(event=event, city=copenhagen)

    with pytest.raises(IntegrityError):
        Delegation.objects.create(event=event, city=copenhagen)


def test_clean_refuses_a_city_of_another_country(event: Event, malmo: City) -> None:
    registration = RegistrationFactory.build(event=event, city=malmo, country="DK")

    with pytest.raises(ValidationError) as error:
        registration.clean()

    assert error.value.message_dict == {"city": ["This city is not in the chosen country."]}


def test_clean_refuses_an_unknown_delegate_list_field(event: Event, copenhagen: City) -> None:
    registration = RegistrationFactory.build(
        event=event, city=copenhagen, directory_fields=["office", "phone"]
    )

    with pytest.raises(ValidationError) as error:
        registration.clean()

    assert error.value.message_dict == {"directory_fields": ["Unknown delegate list field."]}


def test_delegation_quota_is_its_override_or_the_event_quota_per_city(
    event: Event, copenhagen: City
) -> None:
    policy = RegistrationPolicy(event=event, city_quota=4)

    assert Delegation(event=event, city=copenhagen).quota(policy) == 4
    assert Delegation(event=event, city=copenhagen, quota_override=0).quota(policy) == 0


def test_spoken_languages_include_the_regions_own_beside_djangos_catalogue() -> None:
    languages = spoken_languages()

    assert {code: languages[code] for code in ("da", "fo", "kl", "se", "ar")} == {
        "da": "Danish",
        "fo": "Faroese",
        "kl": "Greenlandic",
        "se": "Northern Sami",
        "ar": "Arabic",
    }
    assert "zh-hans" not in languages
