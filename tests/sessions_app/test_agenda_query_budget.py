"""The agenda pages' query budget: as many queries at 500 sessions as at 10."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from events.models import Event, Room
from sessions_app.models import Session, SessionPerson, Signup
from tests.sessions_app.conftest import FIRST_DAY, agenda_url
from tests.sessions_app.factories import (
    ThemeFactory,
    local,
)


# --- query budget -------------------------------------------------------------------------------
def build_sessions(event: Event, room: Room, count: int, attendee: User, first: int = 0) -> None:
    """`count` published sessions with a theme, two people and the attendee signed up: with
    bulk_create, so 500 take a moment."""
    theme = ThemeFactory.create(name="Extremism and hate")
    now = timezone.now()
    sessions = Session.objects.bulk_create(
        Session(
            event=event,
            title=f"Session {n}",
            slug=f"session-{n}",
            room=room,
            starts_at=local(FIRST_DAY + dt.timedelta(days=n % 2), 9) + dt.timedelta(minutes=n),
            ends_at=local(FIRST_DAY + dt.timedelta(days=n % 2), 10) + dt.timedelta(minutes=n),
            status=Session.Status.PUBLISHED,
            published_at=now,
            languages=["en", "da"],
        )
        for n in range(first, first + count)
    )
    Session.themes.through.objects.bulk_create(
        Session.themes.through(session_id=s.pk, theme_id=theme.pk) for s in sessions
    )
    SessionPerson.objects.bulk_create(
        SessionPerson(session=s, name=name, role=role)
        for s in sessions
        for name, role in (("Speaker", "speaker"), ("Moderator", "moderator"))
    )
    Signup.objects.bulk_create(
        Signup(session=s, user=attendee, status=Signup.Status.SIGNED_UP) for s in sessions
    )


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["agenda", "agenda_as_delegate", "my_agenda"])
def test_the_pages_issue_as_many_queries_at_500_sessions_as_at_10(
    event: Event,
    workshop_room: Room,
    approved_delegate: User,
    django_assert_num_queries: Any,
    page: str,
    settings: Any,
) -> None:
    # The queries of a render: the cache, which would answer without any, is off.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    client = Client()
    if page != "agenda":
        client.force_login(approved_delegate)
    url = reverse("sessions_app:my_agenda") if page == "my_agenda" else agenda_url(event)
    build_sessions(event, workshop_room, 10, approved_delegate)
    client.get(url)  # warm caches that fill once per process (content types)
    at_10 = count_queries(client, url)

    build_sessions(event, workshop_room, 490, approved_delegate, first=10)

    with django_assert_num_queries(at_10):
        response = client.get(url)
    groups = response.context["events" if page == "my_agenda" else "days"]
    assert sum(len(rows) for _key, rows in groups) == 500
