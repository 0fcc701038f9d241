"""Factories for registration state. They arrange a starting point without services (no mails,
no history); the behaviour under test always goes through registrations.services."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from registrations.models import Delegation, Registration, RegistrationPolicy
from registrations.services import DelegateDetails
from tests.factories import CityFactory, EventFactory, UserFactory


class RegistrationPolicyFactory(factory.django.DjangoModelFactory[RegistrationPolicy]):
    class Meta:
        model = RegistrationPolicy
        django_get_or_create = ("event",)

    event = factory.SubFactory(EventFactory)
    requires_approval = False


class DelegationFactory(factory.django.DjangoModelFactory[Delegation]):
    class Meta:
        model = Delegation
        django_get_or_create = ("event", "city")

    event = factory.SubFactory(EventFactory)
    city = factory.SubFactory(CityFactory)


class RegistrationFactory(factory.django.DjangoModelFactory[Registration]):
    """An approved registration unless status= says otherwise."""

    class Meta:
        model = Registration
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    city = factory.SubFactory(CityFactory)
    country = factory.LazyAttribute(lambda o: o.city.country.code)
    delegation = factory.LazyAttribute(
        lambda o: DelegationFactory.create(event=o.event, city=o.city)
    )
    badge_name = factory.Sequence(lambda n: f"Delegate {n}")
    office = Registration.Office.CITY_OFFICIAL
    organization = "City Hall"
    status = Registration.Status.APPROVED
    privacy_accepted_at = factory.LazyFunction(timezone.now)
    waitlisted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == Registration.Status.WAITLISTED else None
    )

    @factory.post_generation
    def coordinates(obj: Registration, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        """The city's first registrant coordinates its delegation, as register_delegate does."""
        if create and obj.delegation.coordinator_id is None:
            Delegation.objects.filter(pk=obj.delegation_id).update(coordinator=obj.user)
            obj.delegation.coordinator = obj.user


def details(**overrides: Any) -> DelegateDetails:
    values: dict[str, Any] = {
        "badge_name": "Mette Jensen",
        "office": Registration.Office.MAYOR,
        "organization": "Aarhus Kommune",
        "languages": ("da", "en"),
    }
    return DelegateDetails(**{**values, **overrides})
