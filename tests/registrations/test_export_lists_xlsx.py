"""The organizers' XLSX of the delegations and of the proposed cities, checked cell by cell
against the rows; organizers only."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from registrations.models import Delegation, Registration, RegistrationPolicy
from tests.factories import CityFactory, EventFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def rows_of(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def test_the_delegations_sheet_counts_each_delegations_members(
    client: Client, organizer: User
) -> None:
    event = EventFactory.create()
    RegistrationPolicy.objects.create(event=event, city_quota=5)
    aarhus, malmo = (
        CityFactory.create(name="Aarhus", country="DK"),
        CityFactory.create(name="Malmö", country="SE"),
    )
    for status in ("approved", "approved", "waitlisted", "declined"):
        RegistrationFactory.create(event=event, city=aarhus, status=status)
    made = RegistrationFactory.create(event=event, city=malmo, status="pending_approval")
    Delegation.objects.filter(city=malmo).update(quota_override=2, coordinator=made.user)
    client.force_login(organizer)

    rows = rows_of(
        client.get(reverse("registrations:export_delegations_xlsx", kwargs={"slug": event.slug}))
    )

    assert rows[0] == (
        "City",
        "Country",
        "Coordinator",
        "Seats",
        "Approved",
        "Waitlisted",
        "Pending approval",
    )
    expected = []
    for d in Delegation.objects.filter(event=event).order_by("city__name"):
        members = list(Registration.objects.filter(delegation=d).values_list("status", flat=True))
        expected.append(
            (
                d.city.name,
                d.city.country.code,
                d.coordinator.email if d.coordinator else None,
                d.quota_override if d.quota_override is not None else 5,
                members.count("approved"),
                members.count("waitlisted"),
                members.count("pending_approval"),
            )
        )
    assert rows[1:] == expected
    assert rows[1][4:] == (2, 1, 0)


def test_the_proposed_cities_sheet_lists_each_registration_of_a_proposed_city(
    client: Client, organizer: User
) -> None:
    event = EventFactory.create()
    proposed = CityFactory.create(name="Nowhere", country="FI", is_confirmed=False)
    waiting = [
        RegistrationFactory.create(event=event, city=proposed, status="submitted") for _ in range(2)
    ]
    RegistrationFactory.create(event=event, city=CityFactory.create(name="Oslo"), status="approved")
    client.force_login(organizer)

    rows = rows_of(
        client.get(
            reverse("registrations:export_proposed_cities_xlsx", kwargs={"slug": event.slug})
        )
    )

    assert [r[:6] for r in rows[1:]] == [
        ("Nowhere", "FI", "no", r.badge_name, r.user.email, "Submitted") for r in waiting
    ]


@pytest.mark.parametrize("name", ["export_delegations_xlsx", "export_proposed_cities_xlsx"])
@pytest.mark.parametrize("who", ["anonymous", "delegate"])
def test_only_organizers_download_these_lists(
    client: Client, delegate: User, name: str, who: str
) -> None:
    event = EventFactory.create()
    if who == "delegate":
        client.force_login(delegate)
    response = client.get(reverse(f"registrations:{name}", kwargs={"slug": event.slug}))
    assert response.status_code == (302 if who == "anonymous" else 403)
