"""The builder's create and edit forms beyond place and time: speakers and moderators (registered
delegates or guests; add, remove, order), themes, languages, audience and the join link, all
through the services (an edit, no revision), with clear errors for bad input and never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import City, Event, Room
from registrations.models import Registration
from sessions_app.models import Session, SessionChange
from tests.factories import NetworkFactory
from tests.sessions_app.conftest import FIRST_DAY
from tests.sessions_app.factories import SessionPersonFactory, ThemeFactory

DAY = FIRST_DAY.isoformat()


@pytest.fixture
def client_(organizer: User) -> Client:
    client = Client()
    client.force_login(organizer)
    return client


def edit_url(session: Session) -> str:
    return reverse(
        "sessions_app:builder_edit", kwargs={"slug": session.event.slug, "pk": session.pk}
    )


def people_data(*rows: dict[str, Any], initial: int = 0) -> dict[str, Any]:
    """A people formset as a browser posts it: every row's fields, blanks where not given."""
    data: dict[str, Any] = {"people-TOTAL_FORMS": len(rows), "people-INITIAL_FORMS": initial}
    for n, row in enumerate(rows):
        fields = {"role": "speaker", "delegate": "", "name": "", "office": "", "city": ""}
        fields.update({"ORDER": "", **row})
        data.update({f"people-{n}-{name}": value for name, value in fields.items()})
    return data


def edit_data(session: Session, **fields: Any) -> dict[str, Any]:
    return {
        "title": session.title,
        "format": session.format,
        "audience": "all",
        **people_data(),
        **fields,
    }


def billed(session: Session) -> list[tuple[str, str]]:
    return list(session.people.order_by("position").values_list("role", "name"))


def test_the_edit_form_sets_people_themes_languages_audience_and_join_link(
    client_: Client, session: Session, approved_delegate: User, copenhagen: City
) -> None:
    theme = ThemeFactory.create(name="Conspiracy")
    registration = Registration.objects.get(user=approved_delegate)
    data = edit_data(
        session,
        themes=[theme.pk],
        languages=["en", "da"],
        join_url="meet.example.org/room-7",
        audience="offices",
        audience_offices=["mayor", "councillor"],
        **people_data(
            {"delegate": approved_delegate.pk, "ORDER": "2"},
            {
                "role": "moderator",
                "name": "Head of the secretariat",
                "office": "ngo",
                "city": copenhagen.pk,
                "ORDER": "1",
            },
            {},  # a blank row left blank adds nobody
        ),
    )

    response = client_.post(edit_url(session), data)

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.revision, session.languages, session.join_url) == (
        0,
        ["en", "da"],
        "https://meet.example.org/room-7",
    )
    assert (session.audience, session.audience_offices) == ("offices", ["mayor", "councillor"])
    assert list(session.themes.all()) == [theme]
    assert billed(session) == [
        ("moderator", "Head of the secretariat"),
        ("speaker", registration.badge_name),
    ]
    assert SessionChange.objects.get(session=session).kind == "edited"


def test_the_edit_form_removes_and_reorders_people(client_: Client, session: Session) -> None:
    SessionPersonFactory.create(session=session, name="First", position=0)
    SessionPersonFactory.create(session=session, name="Second", position=1)
    SessionPersonFactory.create(session=session, name="Third", position=2)
    page = client_.get(
        reverse(
            "sessions_app:builder_session", kwargs={"slug": session.event.slug, "pk": session.pk}
        )
    )
    assert page.context["people"].initial_form_count() == 3
    rows = (
        {"name": "First", "ORDER": "3"},
        {"name": "Second", "ORDER": "1", "DELETE": "on"},
        {"name": "Third", "ORDER": "2"},
    )

    response = client_.post(edit_url(session), edit_data(session, **people_data(*rows, initial=3)))

    assert response.status_code == 302
    assert billed(session) == [("speaker", "Third"), ("speaker", "First")]


def test_the_session_page_shows_the_people_in_the_edit_form(
    client_: Client, session: Session
) -> None:
    SessionPersonFactory.create(session=session, name="Jane Doe", role="moderator")

    response = client_.get(
        reverse(
            "sessions_app:builder_session", kwargs={"slug": session.event.slug, "pk": session.pk}
        )
    )

    body = response.content.decode()
    assert "Person 1: Jane Doe" in body
    assert "Person 2 (new)" in body
    assert 'name="people-TOTAL_FORMS" value="3"' in body


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            people_data({"office": "mayor"}),
            "Choose a registered delegate or give a guest&#x27;s name.",
        ),
        (people_data({"delegate": "999999"}), "Select a valid choice."),
        ({"audience": "offices"}, "Choose at least one office."),
        ({"audience": "network_members"}, "Choose the network."),
        ({"languages": ["xx"]}, "Select a valid choice. xx is not one of the available choices."),
        ({"join_url": "not a link at all"}, "Enter a valid URL."),
        ({"people-TOTAL_FORMS": "x"}, "ManagementForm data is missing or has been tampered with."),
    ],
)
def test_bad_details_are_form_errors_and_change_nothing(
    client_: Client, session: Session, fields: dict[str, Any], message: str
) -> None:
    response = client_.post(edit_url(session), edit_data(session, title="Renamed", **fields))

    assert response.status_code == 400
    assert message in response.content.decode()
    session.refresh_from_db()
    assert (session.title, session.people.count(), session.changes.count()) == (
        "Countering disinformation locally",
        0,
        0,
    )


def test_a_delegate_billed_twice_is_refused_with_the_services_message(
    client_: Client, session: Session, approved_delegate: User
) -> None:
    rows = people_data({"delegate": approved_delegate.pk}, {"delegate": approved_delegate.pk})

    response = client_.post(edit_url(session), edit_data(session, **rows))

    assert response.status_code == 400
    assert "A person can be listed only once per session." in response.content.decode()
    assert session.people.count() == 0


def test_a_public_speaker_change_is_in_the_changelog(
    client_: Client, event: Event, session: Session
) -> None:
    SessionPersonFactory.create(session=session, name="Old speaker")
    rows = people_data({"name": "Old speaker", "DELETE": "on"}, {"name": "New speaker"}, initial=1)
    client_.post(edit_url(session), edit_data(session, **rows))

    response = Client().get(reverse("sessions_app:changelog", args=[event.slug]))

    assert "Speakers and moderators: Old speaker → New speaker" in response.content.decode()


def test_create_adds_a_draft_with_its_details_and_people(
    client_: Client, event: Event, festsal: Room, approved_delegate: User
) -> None:
    network = NetworkFactory.create()
    data = {
        "title": "Mayors only",
        "format": "dialogue",
        "room": festsal.pk,
        "day": DAY,
        "start": "16:00",
        "end": "17:00",
        "audience": "network_members",
        "audience_network": network.pk,
        "languages": ["en"],
        **people_data({"delegate": approved_delegate.pk}),
    }

    response = client_.post(reverse("sessions_app:builder_create", args=[event.slug]), data)

    assert response.status_code == 302
    created = Session.objects.get(title="Mayors only")
    assert (created.status, created.audience_network, created.languages) == (
        "draft",
        network,
        ["en"],
    )
    assert [p.user for p in created.people.all()] == [approved_delegate]


def test_create_with_a_bad_person_keeps_what_was_typed(
    client_: Client, event: Event, festsal: Room
) -> None:
    data = {
        "title": "Kept title",
        "format": "panel",
        "room": festsal.pk,
        "day": DAY,
        "start": "16:00",
        "end": "17:00",
        "audience": "all",
        **people_data({"office": "mayor"}),
    }

    response = client_.post(reverse("sessions_app:builder_create", args=[event.slug]), data)

    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="Kept title"' in body
    assert "Choose a registered delegate or give a guest&#x27;s name." in body
    assert not Session.objects.filter(title="Kept title").exists()


def test_a_session_crossing_midnight_is_moved_with_an_end_day(
    client_: Client, session: Session
) -> None:
    url = reverse(
        "sessions_app:builder_move", kwargs={"slug": session.event.slug, "pk": session.pk}
    )
    data = {
        "room": session.room_id,
        "day": DAY,
        "start": "22:30",
        "end": "01:00",
        "end_day": "2049-04-21",
    }

    response = client_.post(url, data)

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.ends_at - session.starts_at).total_seconds() == 150 * 60
    page = client_.get(
        reverse(
            "sessions_app:builder_session", kwargs={"slug": session.event.slug, "pk": session.pk}
        )
    )
    move_form = page.context["move_form"]
    assert (str(move_form["end"].value()), str(move_form["end_day"].value())) == (
        "01:00:00",
        "2049-04-21",
    )


def test_a_move_without_an_end_keeps_the_length(client_: Client, session: Session) -> None:
    url = reverse(
        "sessions_app:builder_move", kwargs={"slug": session.event.slug, "pk": session.pk}
    )

    response = client_.post(url, {"room": session.room_id, "day": DAY, "start": "15:00"})

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.ends_at - session.starts_at).total_seconds() == 90 * 60
