"""Who may use the agenda builder: anonymous people are sent to log in, delegates get 403,
organizers get the page or the action, for GET and POST on every builder view; the wrong method
is 405 for everyone. The changelog is public, like the agenda it belongs to."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import Event, Room
from sessions_app.models import Session, SessionChange
from tests.sessions_app.conftest import FIRST_DAY, MakeDelegate

PERSONAS = ["anonymous", "delegate", "organizer"]
LOGIN = reverse("account_login")
DAY = FIRST_DAY.isoformat()


@pytest.fixture
def people(make_delegate: MakeDelegate, organizer: User) -> dict[str, Any]:
    return {"anonymous": None, "delegate": make_delegate(), "organizer": organizer}


def client_for(people: dict[str, Any], persona: str) -> Client:
    client = Client()
    if people[persona] is not None:
        client.force_login(people[persona])
    return client


def page_urls(session: Session) -> dict[str, str]:
    slug = session.event.slug
    return {
        "builder": reverse("sessions_app:builder", kwargs={"slug": slug}),
        "builder_session": reverse(
            "sessions_app:builder_session", kwargs={"slug": slug, "pk": session.pk}
        ),
    }


def action_posts(session: Session, festsal: Room) -> dict[str, tuple[str, dict[str, Any]]]:
    """Each action's address and a valid form; in this order each one still applies."""
    slug, pk = session.event.slug, session.pk
    where = {"room": festsal.pk, "day": DAY, "start": "14:00", "end": "15:00"}
    details = {"audience": "all", "people-TOTAL_FORMS": "0", "people-INITIAL_FORMS": "0"}
    return {
        "builder_create": (
            reverse("sessions_app:builder_create", kwargs={"slug": slug}),
            {"title": "New", "format": "panel", **details, **where},
        ),
        "builder_edit": (
            reverse("sessions_app:builder_edit", kwargs={"slug": slug, "pk": pk}),
            {"title": "Renamed", "format": "panel", **details},
        ),
        "builder_move": (
            reverse("sessions_app:builder_move", kwargs={"slug": slug, "pk": pk}),
            where,
        ),
        "builder_duplicate": (
            reverse("sessions_app:builder_duplicate", kwargs={"slug": slug, "pk": pk}),
            where,
        ),
        "builder_publish": (reverse("sessions_app:builder_publish", kwargs={"slug": slug}), {}),
        "builder_cancel": (
            reverse("sessions_app:builder_cancel", kwargs={"slug": slug, "pk": pk}),
            {},
        ),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_builder_pages_on_get(people: dict[str, Any], session: Session, persona: str) -> None:
    client = client_for(people, persona)

    for url in page_urls(session).values():
        response = client.get(url)
        if persona == "anonymous":
            assert (response.status_code, response["Location"]) == (302, f"{LOGIN}?next={url}")
        elif persona == "delegate":
            assert response.status_code == 403
        else:
            assert response.status_code == 200
            assert "Countering disinformation locally" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_builder_actions_on_post(
    people: dict[str, Any], session: Session, festsal: Room, persona: str
) -> None:
    client = client_for(people, persona)
    builder = reverse("sessions_app:builder", kwargs={"slug": session.event.slug})

    outcomes = {}
    for name, (url, data) in action_posts(session, festsal).items():
        response = client.post(url, data)
        outcomes[name] = (response.status_code, response.get("Location", ""))

    if persona == "anonymous":
        assert outcomes == {
            name: (302, f"{LOGIN}?next={url}")
            for name, (url, _data) in action_posts(session, festsal).items()
        }
    elif persona == "delegate":
        assert outcomes == dict.fromkeys(outcomes, (403, ""))
    else:
        assert outcomes == {
            name: (302, f"{builder}?day={DAY}" if name != "builder_publish" else builder)
            for name in outcomes
        }
    session.refresh_from_db()
    touched = SessionChange.objects.filter(session=session).exists()
    assert touched is (persona == "organizer")
    assert session.is_cancelled is (persona == "organizer")


@pytest.mark.parametrize("persona", PERSONAS)
def test_builder_views_refuse_the_wrong_method(
    people: dict[str, Any], session: Session, festsal: Room, persona: str
) -> None:
    client = client_for(people, persona)

    for url in page_urls(session).values():
        assert client.post(url).status_code == 405
    for url, _data in action_posts(session, festsal).values():
        assert client.get(url).status_code == 405
    assert Session.objects.count() == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_reads_the_changelog_of_a_published_event(
    people: dict[str, Any], event: Event, persona: str
) -> None:
    response = client_for(people, persona).get(
        reverse("sessions_app:changelog", kwargs={"slug": event.slug})
    )

    assert response.status_code == 200
    assert "Agenda changes: Nordic Safe Cities Summit 2049" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("anonymous", 404), ("delegate", 404), ("organizer", 200)]
)
def test_only_organizers_read_the_changelog_of_a_draft_event(
    people: dict[str, Any], event: Event, persona: str, status: int
) -> None:
    event.is_published = False
    event.save(update_fields=["is_published"])

    response = client_for(people, persona).get(
        reverse("sessions_app:changelog", kwargs={"slug": event.slug})
    )

    assert response.status_code == status
