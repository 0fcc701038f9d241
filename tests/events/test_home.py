from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from demo.load import load_demo
from tests.factories import EventFactory, VenueFactory


def test_home_lists_upcoming_and_past_published_events(client: Client, db: None) -> None:
    upcoming = EventFactory(name="Nordic Safe Cities Annual Summit 2027")
    past = EventFactory(
        name="Nordic Safe Cities Annual Summit 2022",
        start_date=dt.date(2022, 10, 24),
        end_date=dt.date(2022, 10, 25),
    )
    EventFactory(name="Secret draft", is_published=False)

    response = client.get(reverse("events:home"))

    assert response.status_code == 200
    assert list(response.context["upcoming"]) == [upcoming]
    assert list(response.context["past"]) == [past]
    assert b"24\xe2\x80\x9325 October 2022" in response.content
    assert b"Secret draft" not in response.content


def test_home_shows_the_demo_2022_editions_under_past_events(
    client: Client, db: None, on_demo_day: dt.date
) -> None:
    load_demo(today=on_demo_day)

    response = client.get(reverse("events:home"))

    assert response.status_code == 200
    assert [e.slug for e in response.context["upcoming"]] == [
        "nsc-annual-summit-next",
        "scn-dialogue-london-next",
        "scn-dialogue-helsinki-next",
    ]
    assert [e.slug for e in response.context["past"]] == [
        "scn-dialogue-helsinki-2022",
        "nsc-annual-summit-2022",
        "scn-dialogue-london-2022",
    ]
    html = response.content.decode()
    past_section = html[html.index('id="past-h"') :]
    assert "Nordic Safe Cities Annual Summit 2022</a>" in past_section
    assert "24–25 October 2022" in past_section
    assert "27–28 September 2022" in past_section
    assert "1–2 December 2022" in past_section


@pytest.mark.parametrize(
    ("time_zone", "closes_at_utc", "shown"),
    [
        pytest.param(
            "Europe/Copenhagen",
            dt.datetime(2099, 1, 25, 22, 59, tzinfo=dt.UTC),
            '<time datetime="2099-01-25T23:59+01:00">25 January 2099, 23:59 CET</time>',
            id="copenhagen-winter",
        ),
        pytest.param(
            "Europe/Copenhagen",
            dt.datetime(2099, 7, 25, 21, 59, tzinfo=dt.UTC),
            '<time datetime="2099-07-25T23:59+02:00">25 July 2099, 23:59 CEST</time>',
            id="copenhagen-summer",
        ),
        pytest.param(
            "Europe/Helsinki",
            dt.datetime(2099, 1, 25, 21, 59, tzinfo=dt.UTC),
            '<time datetime="2099-01-25T23:59+02:00">25 January 2099, 23:59 EET</time>',
            id="helsinki-winter",
        ),
        pytest.param(
            "Europe/London",
            dt.datetime(2099, 1, 31, 23, 30, tzinfo=dt.UTC),
            '<time datetime="2099-01-31T23:30+00:00">31 January 2099, 23:30 GMT</time>',
            id="london-winter",
        ),
        pytest.param(
            "Europe/Copenhagen",
            dt.datetime(2099, 1, 31, 23, 30, tzinfo=dt.UTC),
            '<time datetime="2099-02-01T00:30+01:00">1 February 2099, 00:30 CET</time>',
            id="copenhagen-next-local-day",
        ),
    ],
)
def test_home_shows_registration_deadline_in_venue_local_time(
    client: Client, db: None, time_zone: str, closes_at_utc: dt.datetime, shown: str
) -> None:
    EventFactory(
        venue=VenueFactory(time_zone=time_zone),
        start_date=dt.date(2099, 3, 1),
        end_date=dt.date(2099, 3, 2),
        registration_closes_at=closes_at_utc,
    )

    response = client.get(reverse("events:home"))

    assert response.status_code == 200
    assert f"Registration open until {shown}" in response.content.decode()


def test_home_announces_registration_that_has_not_opened_yet(client: Client, db: None) -> None:
    EventFactory(
        start_date=dt.date(2099, 3, 1),
        end_date=dt.date(2099, 3, 2),
        registration_opens_at=dt.datetime(2099, 1, 5, 8, 0, tzinfo=dt.UTC),
        registration_closes_at=dt.datetime(2099, 2, 20, 22, 59, tzinfo=dt.UTC),
    )

    response = client.get(reverse("events:home"))

    assert (
        'Registration opens on <time datetime="2099-01-05T09:00+01:00">5 January 2099, 09:00 CET'
        in response.content.decode()
    )


def test_home_shows_no_registration_line_for_past_events(client: Client, db: None) -> None:
    EventFactory(
        start_date=dt.date(2022, 10, 24),
        end_date=dt.date(2022, 10, 25),
        registration_opens_at=dt.datetime(2022, 8, 15, 7, 0, tzinfo=dt.UTC),
        registration_closes_at=dt.datetime(2022, 10, 17, 21, 59, tzinfo=dt.UTC),
    )

    response = client.get(reverse("events:home"))

    assert response.status_code == 200
    assert b"Registration" not in response.content


@pytest.mark.parametrize("size", [2, 20])
def test_home_costs_two_queries_for_any_number_of_events(
    client: Client, db: None, django_assert_num_queries: Any, size: int
) -> None:
    EventFactory.create_batch(size // 2)
    EventFactory.create_batch(
        size // 2, start_date=dt.date(2022, 10, 24), end_date=dt.date(2022, 10, 25)
    )

    with django_assert_num_queries(2):  # upcoming, past
        response = client.get(reverse("events:home"))

    assert len(response.context["upcoming"]) + len(response.context["past"]) == size


@pytest.mark.parametrize("size", [2, 20])
def test_home_costs_the_same_queries_for_an_organizer_at_any_size(
    client: Client, organizer: Any, django_assert_num_queries: Any, size: int
) -> None:
    EventFactory.create_batch(size - 1)
    EventFactory(is_published=False)
    client.force_login(organizer)

    with django_assert_num_queries(5):  # user, 2 permission lookups, upcoming, past
        response = client.get(reverse("events:home"))

    assert len(response.context["upcoming"]) == size


def test_home_refuses_post(client: Client, db: None) -> None:
    response = client.post(reverse("events:home"))

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_healthz_answers_ok(client: Client, db: None) -> None:
    response = client.get("/healthz/")
    assert (response.status_code, response.content) == (200, b"ok")
