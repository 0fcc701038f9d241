from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from tests.factories import EventFactory


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


def test_healthz_answers_ok(client: Client, db: None) -> None:
    response = client.get("/healthz/")
    assert (response.status_code, response.content) == (200, b"ok")
