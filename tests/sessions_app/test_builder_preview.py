"""The builder's conflict preview: while a block is dragged, builder.js asks which conflicts the
drop would cause. Organizers only, GET only, JSON; the same conflict rules; nothing saved."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from events.models import Room
from sessions_app.models import Session, SessionChange
from tests.sessions_app.conftest import FIRST_DAY, MakeDelegate
from tests.sessions_app.factories import SessionFactory, SessionPersonFactory, local

DAY = FIRST_DAY.isoformat()
LOGIN = reverse("account_login")


def preview_url(session: Session, **query: Any) -> str:
    kwargs = {"slug": session.event.slug, "pk": session.pk}
    url = reverse("sessions_app:builder_preview", kwargs=kwargs)
    return url + "?" + "&".join(f"{name}={value}" for name, value in query.items())


@pytest.fixture
def client_(organizer: User) -> Client:
    client = Client()
    client.force_login(organizer)
    return client


@pytest.fixture
def plenary(session: Session, festsal: Room) -> Session:
    """14:00-15:00 in the Festsalen, with the session's speaker as its moderator."""
    SessionPersonFactory.create(session=session, name="Head of the InfoHouse")
    plenary = SessionFactory.create(
        event=session.event,
        title="Opening plenary",
        room=festsal,
        starts_at=local(FIRST_DAY, 14),
        ends_at=local(FIRST_DAY, 15),
    )
    SessionPersonFactory.create(session=plenary, name="Head of the InfoHouse", role="moderator")
    return plenary


def test_a_drop_on_a_busy_room_previews_the_conflicts_and_saves_nothing(
    client_: Client, session: Session, plenary: Session, festsal: Room
) -> None:
    response = client_.get(preview_url(session, room=festsal.pk, day=DAY, start="14:30"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body == {
        "conflicts": [
            {
                "kind": "room_double_booked",
                "message": "Festsalen is booked twice: “Opening plenary” and “Countering "
                "disinformation locally” overlap.",
                "sessions": [plenary.pk, session.pk],
            },
            {
                "kind": "person_double_booked",
                "message": "Head of the InfoHouse is in two sessions at once: “Opening plenary” "
                "and “Countering disinformation locally”.",
                "sessions": [plenary.pk, session.pk],
            },
        ],
        "reasons": ["room booked twice", "speaker double-booked"],
    }
    session.refresh_from_db()
    assert (session.room.name, session.starts_at, session.revision) == (
        "Workshop room 1",
        local(FIRST_DAY, 10),
        0,
    )
    assert not SessionChange.objects.exists()


def test_a_free_slot_previews_no_conflict(
    client_: Client, session: Session, plenary: Session, festsal: Room
) -> None:
    response = client_.get(preview_url(session, room=festsal.pk, day=DAY, start="15:00"))

    assert json.loads(response.content) == {"conflicts": [], "reasons": []}


def test_a_resize_previews_with_its_new_end(
    client_: Client, session: Session, plenary: Session, workshop_room: Room
) -> None:
    query = {"room": workshop_room.pk, "day": DAY, "start": "10:00"}

    short = client_.get(preview_url(session, **query, end="14:00"))
    long = client_.get(preview_url(session, **query, end="14:15"))

    assert json.loads(short.content)["reasons"] == []
    assert json.loads(long.content)["reasons"] == ["speaker double-booked"]


def test_a_preview_of_the_room_over_its_capacity(
    client_: Client, session: Session, workshop_room: Room, festsal: Room
) -> None:
    Session.objects.filter(pk=session.pk).update(capacity=100)

    to_small = client_.get(preview_url(session, room=workshop_room.pk, day=DAY, start="12:00"))
    to_large = client_.get(preview_url(session, room=festsal.pk, day=DAY, start="12:00"))

    assert json.loads(to_small.content)["reasons"] == ["over the room's capacity"]
    assert json.loads(to_large.content)["reasons"] == []


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"day": DAY, "start": "25:00"}, ["Enter a valid time."]),
        ({"day": "soon", "start": "10:00"}, ["Enter a valid date."]),
        ({"day": DAY, "start": "10:00", "end": "09:00"}, ["A session must end after it starts."]),
        ({}, ["This field is required.", "This field is required."]),
    ],
)
def test_bad_input_is_a_400_with_the_errors(
    client_: Client, session: Session, workshop_room: Room, query: dict[str, str], errors: list[str]
) -> None:
    response = client_.get(preview_url(session, room=workshop_room.pk, **query))

    assert response.status_code == 400
    assert json.loads(response.content) == {"errors": errors}


def test_a_cancelled_session_has_no_preview(
    client_: Client, session: Session, workshop_room: Room
) -> None:
    session.status = Session.Status.CANCELLED
    session.save(update_fields=["status"])

    response = client_.get(preview_url(session, room=workshop_room.pk, day=DAY, start="12:00"))

    assert response.status_code == 400
    assert json.loads(response.content) == {"errors": ["A cancelled session cannot be changed."]}


@pytest.mark.parametrize("persona", ["anonymous", "delegate"])
def test_only_organizers_get_a_preview(
    session: Session, workshop_room: Room, make_delegate: MakeDelegate, persona: str
) -> None:
    client = Client()
    if persona == "delegate":
        client.force_login(make_delegate())
    url = preview_url(session, room=workshop_room.pk, day=DAY, start="12:00")

    response = client.get(url)

    if persona == "anonymous":
        assert (response.status_code, response["Location"]) == (
            302,
            f"{LOGIN}?next={quote(url, safe='/')}",
        )
    else:
        assert response.status_code == 403


def test_the_preview_is_read_only(client_: Client, session: Session, workshop_room: Room) -> None:
    url = preview_url(session, room=workshop_room.pk, day=DAY, start="12:00")

    assert client_.post(url).status_code == 405
    assert client_.head(url).status_code == 200


def test_a_session_of_another_event_is_404(
    client_: Client, session: Session, workshop_room: Room
) -> None:
    other = SessionFactory.create()
    url = reverse(
        "sessions_app:builder_preview", kwargs={"slug": other.event.slug, "pk": session.pk}
    )

    response = client_.get(url, {"room": str(workshop_room.pk), "day": DAY, "start": "12:00"})

    assert response.status_code == 404


def test_the_preview_issues_as_many_queries_at_200_sessions_as_at_2(
    client_: Client,
    session: Session,
    plenary: Session,
    festsal: Room,
    django_assert_num_queries: Any,
) -> None:
    url = preview_url(session, room=festsal.pk, day=DAY, start="16:00")
    client_.get(url)  # warm caches that fill once per process
    with CaptureQueriesContext(connection) as at_2:
        client_.get(url)
    SessionFactory.create_batch(198, event=session.event, room=festsal)

    with django_assert_num_queries(len(at_2)):
        assert client_.get(url).status_code == 200
