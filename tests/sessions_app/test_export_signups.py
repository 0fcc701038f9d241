"""The organizers' XLSX of every sign-up and session waiting list: checked cell by cell against
the sign-up rows; organizers only."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from sessions_app.models import Signup
from tests.factories import EventFactory, UserFactory
from tests.sessions_app.factories import SessionFactory, SignupFactory

pytestmark = pytest.mark.django_db


def test_every_seat_and_waiting_place_is_a_row_in_order(client: Client, organizer: User) -> None:
    event = EventFactory.create()
    early = SessionFactory.create(event=event, title="Street teams", capacity=2, slug="a")
    late = SessionFactory.create(
        event=event,
        title="=Night patrols",
        slug="b",
        starts_at=early.starts_at + dt.timedelta(hours=3),
    )
    people = [UserFactory.create(first_name=f"P{n}", last_name="Holm") for n in range(5)]
    for person, status in zip(
        people, ["signed_up", "signed_up", "waitlisted", "waitlisted", "withdrawn"], strict=True
    ):
        SignupFactory.create(session=early, user=person, status=status)
    SignupFactory.create(session=late, user=people[4], status="signed_up")
    client.force_login(organizer)

    response = client.get(reverse("sessions_app:export_signups_xlsx", kwargs={"slug": event.slug}))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="signups-{event.slug}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert rows[0][:6] == (
        "Session",
        "Starts (UTC)",
        "Room",
        "Status",
        "Place on the waiting list",
        "Name",
    )
    got = [(r[0], r[3], r[4], r[5], r[6]) for r in rows[1:]]
    expected = []
    for session in (early, late):
        waiting = 0
        signups = Signup.objects.filter(session=session).exclude(status="withdrawn")
        for signup in sorted(signups, key=lambda s: (s.status != "signed_up", s.created_at, s.pk)):
            place = None
            if signup.status == "waitlisted":
                waiting += 1
                place = waiting
            expected.append(
                (
                    session.title,
                    signup.get_status_display(),
                    place,
                    signup.user.get_full_name(),
                    signup.user.email,
                )
            )
    assert got == expected
    assert [r[2] for r in got] == [None, None, 1, 2, None]
    assert sheet.cell(row=len(rows), column=1).data_type == "s"  # "=Night patrols" is text
    assert rows[1][1] == early.starts_at.astimezone(dt.UTC).replace(tzinfo=None)


@pytest.mark.parametrize("who", ["anonymous", "delegate"])
def test_only_organizers_download_the_sign_ups(client: Client, delegate: User, who: str) -> None:
    event = EventFactory.create()
    if who == "delegate":
        client.force_login(delegate)
    response = client.get(reverse("sessions_app:export_signups_xlsx", kwargs={"slug": event.slug}))
    assert response.status_code == (302 if who == "anonymous" else 403)
