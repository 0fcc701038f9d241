"""Two programs book the same free hour of a room at the same instant, each through its own
database connection (PostgreSQL: SQLite ignores row locks): one gets it, the other the
conflict. The agenda's lock makes the second check see the first booking."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from accounts.models import User
from api.models import ApiToken
from events.models import Event, Room
from sessions_app.models import Session, SessionPolicy
from tests.api.conftest import CheckedClient, bearer, make_token
from tests.services import need_postgres

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
PROGRAMS = 4


def test_programs_booking_one_room_at_once_get_it_once(
    api: CheckedClient, event: Event, festsal: Room, organizer: User
) -> None:
    need_postgres()
    SessionPolicy.objects.create(event=event)  # there already: only the row lock serialises
    tokens = [make_token(organizer, scope=ApiToken.Scope.WRITE) for _ in range(PROGRAMS)]
    barrier = threading.Barrier(PROGRAMS)
    answers: list[int] = []
    errors: list[Exception] = []

    def program(n: int) -> None:
        client = CheckedClient()
        client.openapi = api.openapi
        body = {
            "event": event.slug,
            "title": f"Booked by program {n}",
            "room": festsal.pk,
            "starts_at": "2049-04-21T09:00:00+02:00",
            "ends_at": "2049-04-21T10:00:00+02:00",
        }
        try:
            barrier.wait(timeout=30)
            response: Any = client.post(
                "/api/v1/sessions/",
                body,
                content_type="application/json",
                headers=bearer(tokens[n]),
            )
            answers.append(response.status_code)
        except Exception as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=program, args=(n,)) for n in range(PROGRAMS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(answers) == [201] + [409] * (PROGRAMS - 1)
    assert Session.objects.filter(room=festsal).count() == 1
