"""Days far from the event are refused with a message, never a 500: year 1 or 9999 would
overflow the time arithmetic, and a typo such as 2127 for 2027 would make a century-long day."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.sessions_app.conftest import FIRST_DAY


def _url(session, name):
    return reverse(f"sessions_app:{name}", kwargs={"slug": session.event.slug, "pk": session.pk})


@pytest.fixture
def organizer_client(organizer):
    client = Client(raise_request_exception=False)
    client.force_login(organizer)
    return client


@pytest.mark.parametrize(("day", "start"), [("0001-01-01", "00:00"), ("9999-12-31", "23:30")])
def test_preview_of_a_day_at_the_ends_of_the_calendar_is_refused(
    organizer_client, session, festsal, day, start
):
    response = organizer_client.get(
        _url(session, "builder_preview"), {"room": festsal.pk, "day": day, "start": start}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(("day", "start"), [("0001-01-01", "00:00"), ("9999-12-31", "23:30")])
def test_move_to_a_day_at_the_ends_of_the_calendar_is_refused(
    organizer_client, session, festsal, day, start
):
    before = (session.starts_at, session.ends_at)
    response = organizer_client.post(
        _url(session, "builder_move"), {"room": festsal.pk, "day": day, "start": start}
    )
    assert response.status_code == 400
    assert "within a year of the event" in response.content.decode()
    session.refresh_from_db()
    assert (session.starts_at, session.ends_at) == before


def test_an_end_day_a_century_later_is_refused(organizer_client, session, festsal):
    response = organizer_client.post(
        _url(session, "builder_move"),
        {
            "room": festsal.pk,
            "day": FIRST_DAY.isoformat(),
            "start": "10:00",
            "end": "11:00",
            "end_day": (FIRST_DAY + dt.timedelta(days=36500)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "within a week" in response.content.decode()


def test_an_end_day_the_next_day_is_accepted(organizer_client, session, festsal):
    response = organizer_client.post(
        _url(session, "builder_move"),
        {
            "room": festsal.pk,
            "day": FIRST_DAY.isoformat(),
            "start": "23:00",
            "end": "01:00",
            "end_day": (FIRST_DAY + dt.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.ends_at - session.starts_at == dt.timedelta(hours=2)
