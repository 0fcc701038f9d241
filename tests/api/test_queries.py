"""Each list costs the same number of queries for 2 rows as for 25: no N+1."""

from __future__ import annotations

from typing import Any

import pytest

from events.models import Event, Room
from tests.api.conftest import CheckedClient
from tests.factories import RoomFactory
from tests.sessions_app.factories import SessionFactory, SessionPersonFactory, ThemeFactory


def agenda(event: Event, room: Room, n: int) -> None:
    theme = ThemeFactory.create()
    for _ in range(n):
        session = SessionFactory.create(event=event, room=room)
        session.themes.add(theme)
        SessionPersonFactory.create(session=session, city=event.venue.city)
        SessionPersonFactory.create(session=session, role="moderator")
        RoomFactory.create(venue=event.venue)


# event, count, rows, themes, people (with their cities)
@pytest.mark.parametrize("n", [2, 25])
def test_session_list_queries(
    api: CheckedClient, event: Event, festsal: Room, n: int, django_assert_num_queries: Any
) -> None:
    agenda(event, festsal, n)
    with django_assert_num_queries(5):
        response = api.get("/api/v1/events/nsc-2049/sessions/")
    assert len(response.json()["results"]) == n


@pytest.mark.parametrize("n", [2, 25])
def test_people_list_queries(
    api: CheckedClient, event: Event, festsal: Room, n: int, django_assert_num_queries: Any
) -> None:
    agenda(event, festsal, n)
    with django_assert_num_queries(2):  # event, people
        response = api.get("/api/v1/events/nsc-2049/people/")
    assert response.json()["count"] == 2 * n


@pytest.mark.parametrize("n", [2, 25])
def test_room_list_queries(
    api: CheckedClient, event: Event, festsal: Room, n: int, django_assert_num_queries: Any
) -> None:
    agenda(event, festsal, n)
    with django_assert_num_queries(3):  # event, count, rows
        response = api.get("/api/v1/events/nsc-2049/rooms/")
    assert response.json()["count"] == n + 1


@pytest.mark.parametrize("n", [2, 25])
def test_event_list_queries(
    api: CheckedClient, n: int, django_assert_num_queries: Any, db: None
) -> None:
    from tests.factories import EventFactory

    EventFactory.create_batch(n)
    with django_assert_num_queries(2):  # count, rows
        response = api.get("/api/v1/events/")
    assert response.json()["count"] == n
