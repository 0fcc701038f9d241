"""The admin changes sessions through the services: revision, changelog and mails as elsewhere;
its speakers and moderators too, under the agenda lock (issue #16)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from sessions_app.models import Session, SessionChange, SessionPolicy
from tests.factories import UserFactory
from tests.sessions_app.factories import SessionPersonFactory


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


# What a browser posts beside the JSON fields with a callable default (show_hidden_initial): with
# them the admin form sees no change to the session itself.
UNCHANGED = {"initial-languages": "[]", "initial-audience_offices": "[]"}


def people_forms(*rows: Mapping[str, object], initial: int = 0) -> dict[str, object]:
    """The people inline's management form and rows (`id` set for a row already saved)."""
    data: dict[str, object] = {
        **UNCHANGED,
        "people-TOTAL_FORMS": str(len(rows)),
        "people-INITIAL_FORMS": str(initial),
    }
    for index, row in enumerate(rows):
        fields = {"role": "speaker", "user": "", "name": "", "office": "", "city": "", **row}
        data.update({f"people-{index}-{name}": value for name, value in fields.items()})
        data[f"people-{index}-session"] = row.get("session", "")
    return data


def test_editing_only_the_speakers_in_the_admin_takes_the_agenda_lock(
    admin: Client, session: Session
) -> None:
    """Issue #16: the inline is written by update_session, which locks the agenda (making the
    event's policy row) and records the change like the builder."""
    url = reverse("admin:sessions_app_session_change", args=[session.pk])
    speaker = {"name": "Mette Frederiksen", "position": "0"}

    response = admin.post(url, {**form_data(session), **people_forms(speaker)})

    assert response.status_code == 302
    assert SessionPolicy.objects.filter(event_id=session.event_id).count() == 1
    assert list(session.people.values_list("name", "role")) == [("Mette Frederiksen", "speaker")]
    change = session.changes.get()
    assert (change.kind, change.after) == (
        SessionChange.Kind.EDITED,
        {"people": [{"name": "Mette Frederiksen", "role": "speaker"}]},
    )


def test_removing_and_reordering_speakers_in_the_admin_goes_through_update_session(
    admin: Client, session: Session
) -> None:
    first = SessionPersonFactory.create(session=session, name="Anna Ek", position=0)
    second = SessionPersonFactory.create(session=session, name="Bo Lind", position=1)
    third = SessionPersonFactory.create(session=session, name="Cai Berg", position=2)
    url = reverse("admin:sessions_app_session_change", args=[session.pk])
    rows = [
        {"id": first.pk, "session": session.pk, "name": "Anna Ek", "position": "5"},
        {
            "id": second.pk,
            "session": session.pk,
            "name": "Bo Lind",
            "position": "1",
            "DELETE": "on",
        },
        {"id": third.pk, "session": session.pk, "name": "Cai Berg", "position": "2"},
    ]

    response = admin.post(url, {**form_data(session), **people_forms(*rows, initial=3)})

    assert response.status_code == 302
    assert list(session.people.values_list("name", "position")) == [("Cai Berg", 0), ("Anna Ek", 1)]
    assert session.changes.get().before == {
        "people": [
            {"name": "Anna Ek", "role": "speaker"},
            {"name": "Bo Lind", "role": "speaker"},
            {"name": "Cai Berg", "role": "speaker"},
        ]
    }


def test_speakers_of_a_new_session_in_the_admin_are_added_through_the_service(
    admin: Client, session: Session
) -> None:
    data = {
        **form_data(session, slug="a-new-one", title="A new one"),
        **people_forms({"name": "Anna Ek", "position": "0"}, {"name": "Bo Lind", "position": "1"}),
    }

    response = admin.post(reverse("admin:sessions_app_session_add"), data)

    assert response.status_code == 302
    created = Session.objects.get(slug="a-new-one")
    assert list(created.people.values_list("name", "position")) == [("Anna Ek", 0), ("Bo Lind", 1)]
    assert (created.changes.count(), SessionPolicy.objects.count()) == (0, 1)


def test_the_same_person_twice_in_the_admin_is_refused_with_a_message(
    admin: Client, session: Session, organizer: User
) -> None:
    url = reverse("admin:sessions_app_session_change", args=[session.pk])
    twice = [{"user": organizer.pk, "name": "Olga Org", "position": str(n)} for n in (0, 1)]

    response = admin.post(url, {**form_data(session), **people_forms(*twice)}, follow=True)

    assert response.status_code == 200
    assert "A person can be listed only once per session." in response.content.decode()
    assert not session.people.exists()
