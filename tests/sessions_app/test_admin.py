"""The admin changes sessions through the services: revision, changelog and mails as elsewhere."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from sessions_app.models import Session, SessionChange
from tests.factories import UserFactory


@pytest.fixture
def admin(client: Client, db: None) -> Client:
    client.force_login(
        UserFactory.create(email="ada.admin@example.org", is_staff=True, is_superuser=True)
    )
    return client


def form_data(session: Session, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "event": session.event_id,
        "title": session.title,
        "slug": session.slug,
        "description": session.description,
        "format": session.format,
        "room": session.room_id,
        "starts_at_0": "2049-04-20",
        "starts_at_1": "08:00:00",  # the admin shows UTC, the project's TIME_ZONE
        "ends_at_0": "2049-04-20",
        "ends_at_1": "09:30:00",
        "capacity": "",
        "languages": "[]",
        "join_url": "",
        "audience": session.audience,
        "audience_offices": "[]",
        "audience_network": "",
        "people-TOTAL_FORMS": "0",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "1000",
    }
    return {**data, **changes}


def test_moving_a_session_in_the_admin_goes_through_update_session(
    admin: Client, session: Session
) -> None:
    url = reverse("admin:sessions_app_session_change", args=[session.pk])

    response = admin.post(url, form_data(session, starts_at_1="12:00:00", ends_at_1="13:30:00"))

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.revision, session.starts_at.hour) == (1, 12)
    assert list(session.changes.values_list("kind", flat=True)) == [SessionChange.Kind.MOVED]


def test_the_cancel_action_cancels_through_the_service(admin: Client, session: Session) -> None:
    url = reverse("admin:sessions_app_session_changelist")

    response = admin.post(url, {"action": "cancel_sessions", "_selected_action": [session.pk]})

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.revision) == (Session.Status.CANCELLED, 1)


def test_the_changelog_is_read_only(admin: Client, session: Session) -> None:
    change = SessionChange.objects.create(session=session, revision=0, kind="edited")

    add = admin.get(reverse("admin:sessions_app_sessionchange_add"))
    detail = admin.get(reverse("admin:sessions_app_sessionchange_change", args=[change.pk]))
    post = admin.post(
        reverse("admin:sessions_app_sessionchange_change", args=[change.pk]), {"kind": "moved"}
    )

    assert (add.status_code, detail.status_code, post.status_code) == (403, 200, 403)
    assert SessionChange.objects.get(pk=change.pk).kind == "edited"


def test_every_sessions_admin_page_opens(admin: Client, session: Session, organizer: User) -> None:
    names = ["session", "theme", "signup", "sessionchange", "agendapublication", "sessionpolicy"]

    codes = [
        admin.get(reverse(f"admin:sessions_app_{name}_changelist")).status_code for name in names
    ]
    page = admin.get(reverse("admin:sessions_app_session_change", args=[session.pk]))

    assert codes == [200] * len(names)
    assert page.status_code == 200
