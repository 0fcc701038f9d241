"""The organizers' CSV export: Excel-ready UTF-8, formulas disarmed, streamed, flat query count."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import City, Event
from registrations.exports import CSV_HEADER, neutralise
from registrations.models import Registration, RegistrationPolicy
from tests.factories import EventFactory
from tests.registrations.factories import RegistrationFactory
from tests.registrations.test_views_organizer import bulk_registrations

Status = Registration.Status
# The user (the session comes from the cache), the user's and their groups' permissions,
# event, the filter cities and networks, the rows.
EXPORT_QUERIES = 7


@pytest.fixture
def organizer_client(client: Client, organizer: User, policy: RegistrationPolicy) -> Client:
    client.force_login(organizer)
    return client


def export_url(event: Event) -> str:
    return reverse("registrations:export_registrations", kwargs={"slug": event.slug})


def download(client: Client, event: Event, **params: str) -> tuple[bytes, list[list[str]]]:
    response = client.get(export_url(event), params)
    assert isinstance(response, StreamingHttpResponse)
    raw = b"".join(response.streaming_content)
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_export_is_an_attachment_of_utf8_with_a_byte_order_mark(
    organizer_client: Client, event: Event, copenhagen: City
) -> None:
    RegistrationFactory.create(event=event, city=copenhagen, badge_name="Søren Ærø Åberg")

    response = organizer_client.get(export_url(event))
    raw = b"".join(response.streaming_content)  # type: ignore[attr-defined]

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="registrations-{event.slug}.csv"'
    )
    assert raw.startswith(b"\xef\xbb\xbfid,status,badge_name,")
    assert "Søren Ærø Åberg".encode() in raw


def test_export_has_one_row_per_registration_with_its_details(
    organizer_client: Client, delegate: User, event: Event, copenhagen: City
) -> None:
    registration = RegistrationFactory.create(
        event=event,
        user=delegate,
        city=copenhagen,
        badge_name="Dan Delegate",
        office="mayor",
        phone="33 66 33 66",
        languages=["da", "en"],
    )

    _raw, rows = download(organizer_client, event)

    assert rows[0] == CSV_HEADER
    assert rows[1] == [
        str(registration.pk),
        "approved",
        "Dan Delegate",
        "dan.delegate@example.org",
        "mayor",
        "City Hall",
        "Copenhagen",
        "yes",
        "DK",
        "33 66 33 66",
        "da en",
        *[""] * 11,  # no structured needs (issue #18)
        "organizers",
        registration.created_at.isoformat(timespec="seconds"),
    ]
    assert len(rows) == 2


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (
            '=HYPERLINK("http://evil.example","click")',
            '\'=HYPERLINK("http://evil.example","click")',
        ),
        ("+45 33 66 33 66", "'+45 33 66 33 66"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Plain = text", "Plain = text"),
        ("<script>alert('badge')</script>", "<script>alert('badge')</script>"),
    ],
)
def test_export_disarms_cells_a_spreadsheet_would_run_as_formulas(
    organizer_client: Client, event: Event, copenhagen: City, value: str, cell: str
) -> None:
    RegistrationFactory.create(event=event, city=copenhagen, badge_name=value, phone=value[:40])

    _raw, rows = download(organizer_client, event)

    assert (rows[1][2], rows[1][9]) == (cell, neutralise(value[:40]))


def test_export_follows_the_pages_filters_and_leaves_out_other_events(
    organizer_client: Client, event: Event, copenhagen: City, malmo: City
) -> None:
    RegistrationFactory.create(event=event, city=copenhagen, badge_name="Dane")
    RegistrationFactory.create(event=event, city=malmo, badge_name="Swede")
    RegistrationFactory.create(event=EventFactory.create(), city=malmo, badge_name="Elsewhere")

    _raw, everyone = download(organizer_client, event)
    _raw, swedes = download(organizer_client, event, country="SE")

    assert [row[2] for row in everyone[1:]] == ["Dane", "Swede"]
    assert [row[2] for row in swedes[1:]] == ["Swede"]


@pytest.mark.parametrize("size", [10, 1000])
def test_export_issues_the_same_queries_at_any_size(
    organizer_client: Client,
    event: Event,
    copenhagen: City,
    aarhus: City,
    malmo: City,
    size: int,
    django_assert_num_queries: Any,
) -> None:
    bulk_registrations(event, size, [copenhagen, aarhus, malmo])

    with django_assert_num_queries(EXPORT_QUERIES):
        _raw, rows = download(organizer_client, event)

    assert len(rows) == size + 1
    assert rows[1][5] == '\'=HYPERLINK("http://evil.example","x")'
