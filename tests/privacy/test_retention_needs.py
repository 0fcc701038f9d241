"""Retention covers the structured needs (issue #18's RegistrationNeeds): every needs column is
in a class of privacy.retention.FIELD_CLASSES, and the purge empties them on the day."""

from __future__ import annotations

import datetime as dt

import pytest

from privacy import retention
from registrations.models import (
    NEEDS_FIELDS,
    Registration,
    RegistrationNeeds,
    SignLanguage,
)
from tests.factories import EventFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_every_needs_column_is_in_a_retention_class() -> None:
    purged = {
        path for field_class in retention.FIELD_CLASSES.values() for path in field_class.fields
    }

    assert {f"registrations.RegistrationNeeds.{name}" for name in NEEDS_FIELDS} <= purged
    assert "other_needs" in NEEDS_FIELDS  # the free text that replaced the old fields


def test_the_structured_needs_are_emptied_on_the_purge_day_and_the_registration_stays() -> None:
    event = EventFactory.create(start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 3, 2))
    registration: Registration = RegistrationFactory.create(event=event)
    needs = RegistrationNeeds.objects.create(
        registration=registration,
        interpretation_into="da",
        sign_language=list(SignLanguage)[0],
        captions=True,
        step_free=True,
        assistance=True,
        assistance_details="A guide at the entrance",
        diets=["vegetarian"],
        dietary_details="No nuts",
    )
    day = retention.fields_purge_date(event)
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=event.zone)

    retention.purge_due(now=noon - dt.timedelta(days=1))
    needs.refresh_from_db()
    assert (needs.captions, needs.dietary_details) == (True, "No nuts")

    counts = retention.purge_due(now=noon)

    needs.refresh_from_db()
    assert needs.is_empty
    assert needs.diets == []
    assert counts["accessibility"] == 6  # interpretation, sign language, 3 yes/no, the details
    assert counts["dietary"] == 2
    kept = Registration.objects.get(pk=registration.pk)  # the figures' rows stay
    assert (kept.country, kept.city_id) == (registration.country, registration.city_id)
    assert retention.purge_due(now=noon)["accessibility"] == 0  # a second run finds nothing
