"""The organizers' XLSX export: the CSV's rows, cell by cell, opened with openpyxl; text cells
stay text (no formula runs); filters and access as the list's."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from events.models import City, Event
from registrations.models import Registration, RegistrationPolicy
from tests.registrations.factories import RegistrationFactory
from tests.registrations.test_export import download

Status = Registration.Status


@pytest.fixture
def organizer_client(client: Client, organizer: User, policy: RegistrationPolicy) -> Client:
    client.force_login(organizer)
    return client


def xlsx_url(event: Event) -> str:
    return reverse("registrations:export_registrations_xlsx", kwargs={"slug": event.slug})


def workbook_rows(client: Client, event: Event, **params: str) -> list[list[Any]]:
    response = client.get(xlsx_url(event), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    book = load_workbook(io.BytesIO(response.content))
    [sheet] = book.worksheets
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_xlsx_holds_the_csvs_rows_cell_by_cell(
    organizer_client: Client, event: Event, copenhagen: City, aarhus: City
) -> None:
    RegistrationFactory.create(event=event, city=copenhagen, badge_name="Søren Ærø Åberg")
    RegistrationFactory.create(
        event=event, city=aarhus, badge_name="Þóra Ðís", languages=["is", "en"], phone=""
    )
    RegistrationFactory.create(event=event, city=aarhus, status=Status.WAITLISTED)

    _raw, csv_rows = download(organizer_client, event)
    xlsx_rows = workbook_rows(organizer_client, event)

    assert len(xlsx_rows) == len(csv_rows) == 4
    assert xlsx_rows[0] == csv_rows[0]
    for sheet_row, csv_row in zip(xlsx_rows[1:], csv_rows[1:], strict=True):
        pk, *texts, registered_at = sheet_row
        assert str(pk) == csv_row[0]
        assert [t or "" for t in texts] == csv_row[1:-1]
        registration = Registration.objects.get(pk=pk)
        assert isinstance(registered_at, dt.datetime)
        expected = registration.created_at.astimezone(dt.UTC).replace(tzinfo=None)
        assert abs(registered_at - expected) < dt.timedelta(milliseconds=1)


def test_a_formula_in_a_name_stays_text_in_the_sheet(
    organizer_client: Client, event: Event, copenhagen: City
) -> None:
    RegistrationFactory.create(
        event=event, city=copenhagen, badge_name='=HYPERLINK("https://evil.example","x")'
    )

    response = organizer_client.get(xlsx_url(event))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]

    name = sheet.cell(row=2, column=3)
    assert name.value == '=HYPERLINK("https://evil.example","x")'
    assert name.data_type == "s"  # a string cell: no spreadsheet evaluates it


def test_the_filters_of_the_list_apply(
    organizer_client: Client, event: Event, copenhagen: City, aarhus: City
) -> None:
    RegistrationFactory.create(event=event, city=copenhagen)
    RegistrationFactory.create(event=event, city=aarhus)

    rows = workbook_rows(organizer_client, event, city=str(aarhus.pk))

    assert [row[6] for row in rows[1:]] == ["Aarhus"]


def test_a_long_event_name_makes_a_valid_sheet_name(organizer_client: Client, event: Event) -> None:
    event.name = "Nordic Safe Cities: Annual Summit [2049] / Copenhagen?"
    event.save()

    sheet = load_workbook(io.BytesIO(organizer_client.get(xlsx_url(event)).content)).worksheets[0]

    assert sheet.title == "Nordic Safe Cities  Annual Summi"[:31]


@pytest.mark.parametrize("who", ["anonymous", "delegate"])
def test_only_organizers_download_it(
    client: Client, delegate: User, event: Event, who: str
) -> None:
    if who == "delegate":
        client.force_login(delegate)
    response = client.get(xlsx_url(event))
    assert response.status_code == (302 if who == "anonymous" else 403)
