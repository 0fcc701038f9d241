"""The structured needs (issue #18) in the organizers' CSV and XLSX: a column per need, readable
values, no query more; nobody but organizers gets the files."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import City, Event
from registrations.exports import CSV_HEADER
from registrations.models import Registration, RegistrationNeeds, RegistrationPolicy
from tests.registrations.factories import RegistrationFactory
from tests.registrations.test_export import EXPORT_QUERIES, download
from tests.registrations.test_export_xlsx import workbook_rows

NEEDS_COLUMNS = [
    "interpretation_into",
    "sign_language",
    "captions",
    "hearing_loop",
    "step_free",
    "quiet_room",
    "assistance",
    "assistance_details",
    "diets",
    "dietary_details",
    "other_needs",
]


@pytest.fixture
def organizer_client(client: Client, organizer: User, policy: RegistrationPolicy) -> Client:
    client.force_login(organizer)
    return client


def with_needs(event: Event, city: City, **needs: Any) -> Registration:
    registration = RegistrationFactory.create(event=event, city=city)
    RegistrationNeeds.objects.create(registration=registration, **needs)
    return registration


def test_the_csv_has_a_readable_column_per_need(
    organizer_client: Client, event: Event, copenhagen: City
) -> None:
    with_needs(
        event,
        copenhagen,
        interpretation_into="fi",
        sign_language="dsl",
        step_free=True,
        diets=["vegan", "halal"],
        dietary_details="=1+1",
        other_needs="Arrive by taxi",
    )
    RegistrationFactory.create(event=event, city=copenhagen)

    _raw, rows = download(organizer_client, event)

    start = CSV_HEADER.index("interpretation_into")
    assert rows[0][start : start + 11] == NEEDS_COLUMNS
    assert rows[1][start : start + 11] == [
        "Finnish",
        "Danish Sign Language",
        "",
        "",
        "yes",
        "",
        "",
        "",
        "Vegan, Halal",
        "'=1+1",
        "Arrive by taxi",
    ]
    assert rows[2][start : start + 11] == [""] * 11


def test_the_xlsx_has_the_same_needs_cells(
    organizer_client: Client, event: Event, copenhagen: City
) -> None:
    with_needs(event, copenhagen, sign_language="ils", quiet_room=True)

    rows = workbook_rows(organizer_client, event)

    start = CSV_HEADER.index("interpretation_into")
    assert rows[0][start : start + 11] == NEEDS_COLUMNS
    cells = [cell or "" for cell in rows[1][start : start + 11]]
    assert cells == ["", "International Sign", "", "", "", "yes", "", "", "", "", ""]


@pytest.mark.parametrize("size", [2, 12])
def test_needs_cost_no_query_more(
    organizer_client: Client,
    event: Event,
    copenhagen: City,
    size: int,
    django_assert_num_queries: Any,
) -> None:
    for _ in range(size):
        with_needs(event, copenhagen, captions=True, diets=["vegan"])

    with django_assert_num_queries(EXPORT_QUERIES):
        _raw, rows = download(organizer_client, event)

    assert [row[CSV_HEADER.index("captions")] for row in rows[1:]] == ["yes"] * size


@pytest.mark.parametrize("name", ["export_registrations", "export_registrations_xlsx"])
def test_a_coordinator_gets_no_export(
    client: Client, event: Event, copenhagen: City, name: str
) -> None:
    coordinator = with_needs(event, copenhagen, diets=["vegan"]).user
    assert coordinator.coordinated_delegations.exists()
    client.force_login(coordinator)

    response = client.get(reverse(f"registrations:{name}", kwargs={"slug": event.slug}))

    assert response.status_code in (403, 404)
    assert b"Vegan" not in response.content


def test_a_coordinators_delegation_page_shows_no_needs(
    client: Client, event: Event, copenhagen: City
) -> None:
    member = with_needs(event, copenhagen, sign_language="ils", dietary_details="Sesame")
    coordinator = member.delegation.coordinator
    assert coordinator is not None
    client.force_login(coordinator)

    page = client.get(reverse("registrations:delegation_detail", args=[member.delegation.pk]))

    assert page.status_code == 200
    assert member.badge_name in page.content.decode()
    assert "International Sign" not in page.content.decode()
    assert "Sesame" not in page.content.decode()
