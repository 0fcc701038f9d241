"""The organizers' check-in XLSX: every approved delegate with whether and when they first
came through the entrance (no-shows included), and the check-in staff; organizers only."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from checkin.models import Checkin
from checkin.services import check_in, checkin_lists_for, grant_checkin_staff
from tests.factories import CityFactory, EventFactory, UserFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_each_approved_delegate_says_whether_they_came(client: Client, organizer: User) -> None:
    event = EventFactory.create()
    city = CityFactory.create(name="Aarhus", country="DK")
    came, stayed_away = (
        RegistrationFactory.create(event=event, city=city, status="approved", badge_name=n)
        for n in ("Ada", "Bo")
    )
    RegistrationFactory.create(event=event, city=city, status="declined", badge_name="Cy")
    entrance = next(x for x in checkin_lists_for(event=event) if x.is_entrance)
    check_in(checkin_list=entrance, staff=organizer, nonce="n-1", registration=came)
    check_in(checkin_list=entrance, staff=organizer, nonce="n-2", registration=came)
    helper = UserFactory.create(email="door@summit.example", first_name="Door", last_name="Keeper")
    grant_checkin_staff(event=event, user=helper, by=organizer)
    client.force_login(organizer)

    response = client.get(reverse("checkin:export_checkin_xlsx", kwargs={"slug": event.slug}))

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Entrance", "Check-in staff"]
    rows = [tuple(c.value for c in row) for row in book["Entrance"].iter_rows(min_row=2)]
    first = Checkin.objects.filter(registration=came).order_by("created_at").first()
    assert first is not None
    assert [row[:5] for row in rows] == [
        ("Ada", came.user.email, "Aarhus", "DK", "yes"),
        ("Bo", stayed_away.user.email, "Aarhus", "DK", "no"),
    ]
    # The first of the two scans, in UTC (a spreadsheet keeps milliseconds, rounded).
    arrival = first.created_at.astimezone(dt.UTC).replace(tzinfo=None)
    written = rows[0][5]
    assert isinstance(written, dt.datetime)
    assert abs(written - arrival) < dt.timedelta(milliseconds=2)
    assert rows[1][5] is None
    staff = [tuple(c.value for c in row) for row in book["Check-in staff"].iter_rows(min_row=2)]
    assert staff == [("Door Keeper", "door@summit.example")]


@pytest.mark.parametrize("who", ["anonymous", "delegate"])
def test_only_organizers_download_the_check_in(client: Client, delegate: User, who: str) -> None:
    event = EventFactory.create()
    if who == "delegate":
        client.force_login(delegate)
    response = client.get(reverse("checkin:export_checkin_xlsx", kwargs={"slug": event.slug}))
    assert response.status_code == (302 if who == "anonymous" else 403)
