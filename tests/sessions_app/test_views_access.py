"""Who may do what on the sessions' pages: anonymous, the delegate (signed up for the session),
another approved delegate, an organizer, for GET and POST on every view, with exact outcomes."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import Event, Room
from sessions_app.models import Session, Signup
from tests.sessions_app.conftest import FIRST_DAY, MakeDelegate
from tests.sessions_app.factories import SessionFactory, SignupFactory, local

PERSONAS = ["anonymous", "delegate", "other_delegate", "organizer"]
LOGIN = reverse("account_login")


@pytest.fixture
def people(make_delegate: MakeDelegate, organizer: User, session: Session) -> dict[str, Any]:
    """The delegate holds a seat in `session`; the other delegate is approved but chose none."""
    delegate = make_delegate()
    SignupFactory.create(session=session, user=delegate)
    return {
        "anonymous": None,
        "delegate": delegate,
        "other_delegate": make_delegate(),
        "organizer": organizer,
    }


@pytest.fixture
def draft(event: Event, workshop_room: Room) -> Session:
    return SessionFactory.create(
        event=event,
        title="Unannounced draft",
        room=workshop_room,
        starts_at=local(FIRST_DAY, 14),
        ends_at=local(FIRST_DAY, 15),
        status=Session.Status.DRAFT,
    )


def client_for(people: dict[str, Any], persona: str) -> Client:
    client = Client()
    if people[persona] is not None:
        client.force_login(people[persona])
    return client


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def urls(session: Session) -> dict[str, str]:
    return {
        "agenda": reverse("sessions_app:agenda", kwargs={"slug": session.event.slug}),
        "session_detail": session.get_absolute_url(),
        "sign_up": reverse("sessions_app:sign_up", kwargs={"pk": session.pk}),
        "withdraw": reverse("sessions_app:withdraw", kwargs={"pk": session.pk}),
        "my_agenda": reverse("sessions_app:my_agenda"),
    }


# --- read-only pages: GET --------------------------------------------------------------------
@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_sees_the_public_agenda_and_session_page(
    people: dict[str, Any], session: Session, persona: str
) -> None:
    client = client_for(people, persona)

    for name in ("agenda", "session_detail"):
        response = client.get(urls(session)[name])
        assert response.status_code == 200
        assert "Countering disinformation locally" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 404), ("delegate", 404), ("other_delegate", 404), ("organizer", 200)],
)
def test_only_organizers_open_a_draft_session(
    people: dict[str, Any], draft: Session, persona: str, status: int
) -> None:
    response = client_for(people, persona).get(draft.get_absolute_url())

    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 404), ("delegate", 404), ("other_delegate", 404), ("organizer", 200)],
)
def test_only_organizers_open_the_agenda_of_an_unpublished_event(
    people: dict[str, Any], event: Event, persona: str, status: int
) -> None:
    Event.objects.filter(pk=event.pk).update(is_published=False)

    response = client_for(people, persona).get(
        reverse("sessions_app:agenda", kwargs={"slug": event.slug})
    )

    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "status", "titles"),
    [
        ("anonymous", 302, None),
        ("delegate", 200, ["Countering disinformation locally"]),
        ("other_delegate", 200, []),
        ("organizer", 200, []),
    ],
)
def test_my_agenda_shows_each_person_only_their_own_sessions(
    people: dict[str, Any], session: Session, persona: str, status: int, titles: list[str] | None
) -> None:
    response = client_for(people, persona).get(urls(session)["my_agenda"])

    assert response.status_code == status
    if titles is None:
        assert response["Location"] == f"{LOGIN}?next=/my/agenda/"
    else:
        assert [
            row.session.title for _event, rows in response.context["events"] for row in rows
        ] == (titles)


# --- wrong methods ------------------------------------------------------------------------------
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("view", ["agenda", "session_detail", "my_agenda"])
def test_read_only_pages_refuse_post(
    people: dict[str, Any], session: Session, persona: str, view: str
) -> None:
    response = client_for(people, persona).post(urls(session)[view])

    assert response.status_code == 405
    assert Signup.objects.active().count() == 1


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("view", ["sign_up", "withdraw"])
def test_sign_up_and_withdraw_refuse_get(
    people: dict[str, Any], session: Session, persona: str, view: str
) -> None:
    response = client_for(people, persona).get(urls(session)[view])

    assert response.status_code == 405
    assert Signup.objects.active().count() == 1


# --- sign up: POST ------------------------------------------------------------------------------
def test_anonymous_sign_up_goes_to_the_login_page(people: dict[str, Any], session: Session) -> None:
    response = Client().post(urls(session)["sign_up"])

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/sessions/{session.pk}/sign-up/"
    assert Signup.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "message", "active"),
    [
        ("delegate", "You have already chosen this session.", 1),
        ("other_delegate", "You are signed up for “Countering disinformation locally”.", 2),
        ("organizer", "Only approved delegates of Nordic Safe Cities Summit 2049 can sign", 1),
    ],
)
def test_sign_up_outcomes_per_person(
    people: dict[str, Any], session: Session, persona: str, message: str, active: int
) -> None:
    response = client_for(people, persona).post(urls(session)["sign_up"])

    assert response.status_code == 302
    assert response["Location"] == session.get_absolute_url()
    assert messages_of(response)[0].startswith(message)
    assert Signup.objects.active().count() == active


@pytest.mark.parametrize(
    ("persona", "status", "message"),
    [
        ("delegate", 404, None),
        ("other_delegate", 404, None),
        ("organizer", 302, "This session is not open for sign-up."),
    ],
)
def test_nobody_signs_up_for_a_draft(
    people: dict[str, Any], draft: Session, persona: str, status: int, message: str | None
) -> None:
    response = client_for(people, persona).post(
        reverse("sessions_app:sign_up", kwargs={"pk": draft.pk})
    )

    assert response.status_code == status
    if message is not None:
        assert messages_of(response) == [message]
    assert draft.signups.count() == 0


# --- withdraw: POST -----------------------------------------------------------------------------
def test_anonymous_withdraw_goes_to_the_login_page(
    people: dict[str, Any], session: Session
) -> None:
    response = Client().post(urls(session)["withdraw"])

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/sessions/{session.pk}/withdraw/"
    assert Signup.objects.active().count() == 1


def test_the_delegate_withdraws_their_own_place(people: dict[str, Any], session: Session) -> None:
    response = client_for(people, "delegate").post(urls(session)["withdraw"])

    assert response.status_code == 302
    assert response["Location"] == session.get_absolute_url()
    assert messages_of(response) == ["You have withdrawn from “Countering disinformation locally”."]
    assert Signup.objects.get(user=people["delegate"]).status == Signup.Status.WITHDRAWN


@pytest.mark.parametrize("persona", ["other_delegate", "organizer"])
def test_nobody_withdraws_someone_elses_place(
    people: dict[str, Any], session: Session, persona: str
) -> None:
    response = client_for(people, persona).post(urls(session)["withdraw"])

    assert response.status_code == 302
    assert messages_of(response) == ["You are not signed up for this session."]
    assert Signup.objects.get(user=people["delegate"]).status == Signup.Status.SIGNED_UP


# --- tampered ids -------------------------------------------------------------------------------
@pytest.mark.parametrize("pk", ["999999", "100000000000000000000000"])
@pytest.mark.parametrize(
    ("method", "view"),
    [("get", "session_detail"), ("post", "sign_up"), ("post", "withdraw")],
)
def test_unknown_session_ids_are_404(
    people: dict[str, Any], session: Session, pk: str, method: str, view: str
) -> None:
    client = client_for(people, "delegate")
    url = urls(session)[view].replace(f"/{session.pk}/", f"/{pk}/")

    response = getattr(client, method)(url)

    assert response.status_code == 404
    assert Signup.objects.active().count() == 1


def test_an_unknown_event_agenda_is_404(people: dict[str, Any]) -> None:
    response = client_for(people, "delegate").get("/events/no-such-event/agenda/")

    assert response.status_code == 404
