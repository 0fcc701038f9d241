"""Signing up and withdrawing through the pages, the clash confirmation, every refusal as a
message, the session page's sign-up box, and "my agenda"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from events.models import Event, Room
from registrations.models import Registration
from sessions_app.models import Session, Signup
from sessions_app.services import cancel_session
from tests.sessions_app.conftest import FIRST_DAY, MakeDelegate
from tests.sessions_app.factories import SessionFactory, SignupFactory, local

SIGNED_UP, WAITLISTED, WITHDRAWN = (
    Signup.Status.SIGNED_UP,
    Signup.Status.WAITLISTED,
    Signup.Status.WITHDRAWN,
)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def sign_up_url(session: Session) -> str:
    return reverse("sessions_app:sign_up", kwargs={"pk": session.pk})


def withdraw_url(session: Session) -> str:
    return reverse("sessions_app:withdraw", kwargs={"pk": session.pk})


@pytest.fixture
def overlapping(event: Event, festsal: Room) -> Session:
    """10:30-12:00 on the first day: overlaps `session` (10:00-11:30)."""
    return SessionFactory.create(
        event=event,
        title="Plenary: cities and platforms",
        room=festsal,
        starts_at=local(FIRST_DAY, 10, 30),
        ends_at=local(FIRST_DAY, 12),
    )


# --- sign up ------------------------------------------------------------------------------------
def test_signing_up_seats_the_delegate_and_says_so(
    session: Session, approved_delegate: User
) -> None:
    response = logged_in(approved_delegate).post(sign_up_url(session))

    assert response.status_code == 302
    assert response["Location"] == session.get_absolute_url()
    assert messages_of(response) == ["You are signed up for “Countering disinformation locally”."]
    assert Signup.objects.get(user=approved_delegate).status == SIGNED_UP


def test_a_full_session_puts_the_delegate_on_its_waiting_list_and_says_so(
    session: Session, make_delegate: MakeDelegate
) -> None:
    Session.objects.filter(pk=session.pk).update(capacity=1)
    SignupFactory.create(session=session, user=make_delegate())
    latecomer = make_delegate()

    response = logged_in(latecomer).post(sign_up_url(session))

    assert response.status_code == 302
    assert messages_of(response) == [
        "“Countering disinformation locally” is full: you are on its waiting list, "
        "and mailed if a seat frees."
    ]
    assert Signup.objects.get(user=latecomer).status == WAITLISTED


def test_a_clash_asks_the_delegate_to_confirm_and_signs_up_nothing_yet(
    session: Session, overlapping: Session, approved_delegate: User
) -> None:
    SignupFactory.create(session=overlapping, user=approved_delegate)

    response = logged_in(approved_delegate).post(sign_up_url(session))

    assert response.status_code == 200
    assert response.templates[0].name == "sessions_app/confirm_clash.html"
    page = response.content.decode()
    assert "This overlaps “Plenary: cities and platforms” (20 April 2049, 10:30–12:00 CEST" in page
    assert '<input type="hidden" name="confirm_clash" value="on">' in page
    assert f'action="{sign_up_url(session)}"' in page
    assert not session.signups.exists()


def test_confirming_the_clash_signs_the_delegate_up(
    session: Session, overlapping: Session, approved_delegate: User
) -> None:
    SignupFactory.create(session=overlapping, user=approved_delegate)

    response = logged_in(approved_delegate).post(sign_up_url(session), {"confirm_clash": "on"})

    assert response.status_code == 302
    assert session.signups.get().status == SIGNED_UP
    assert Signup.objects.active().filter(user=approved_delegate).count() == 2


def test_a_tampered_confirm_value_is_no_500(session: Session, approved_delegate: User) -> None:
    response = logged_in(approved_delegate).post(
        sign_up_url(session), {"confirm_clash": ["<script>", "x" * 5000]}
    )

    assert response.status_code == 302
    assert session.signups.get().status == SIGNED_UP


def _closed(session: Session, **_: Any) -> None:
    start = timezone.now() + dt.timedelta(minutes=30)
    Session.objects.filter(pk=session.pk).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )


def _cancelled(session: Session, **_: Any) -> None:
    cancel_session(session=session, by=None)


def _not_approved(session: Session, user: User) -> None:
    Registration.objects.filter(user=user).update(status=Registration.Status.PENDING_APPROVAL)


def _mayors_only(session: Session, **_: Any) -> None:
    Session.objects.filter(pk=session.pk).update(
        audience=Session.Audience.OFFICES, audience_offices=["mayor"]
    )


def _already(session: Session, user: User) -> None:
    SignupFactory.create(session=session, user=user)


@pytest.mark.parametrize(
    ("arrange", "message"),
    [
        (_closed, "Sign-up for this session closed on "),
        (_cancelled, "This session was cancelled."),
        (_not_approved, "Only approved delegates of Nordic Safe Cities Summit 2049 can sign up"),
        (_mayors_only, "This session is open only to"),
        (_already, "You have already chosen this session."),
    ],
)
def test_each_refusal_is_a_clear_message_on_the_session_page(
    session: Session, approved_delegate: User, arrange: Any, message: str
) -> None:
    arrange(session, user=approved_delegate)
    client = logged_in(approved_delegate)

    response = client.post(sign_up_url(session))

    assert response.status_code == 302
    assert response["Location"] == session.get_absolute_url()
    [shown] = messages_of(response)
    assert shown.startswith(message)
    assert client.get(response["Location"]).status_code == 200


# --- withdraw -----------------------------------------------------------------------------------
def test_withdrawing_from_my_agenda_goes_back_there_and_promotes_the_next(
    session: Session, make_delegate: MakeDelegate
) -> None:
    Session.objects.filter(pk=session.pk).update(capacity=1)
    seated, waiting = make_delegate(), make_delegate()
    SignupFactory.create(session=session, user=seated)
    SignupFactory.create(session=session, user=waiting, status=WAITLISTED)

    response = logged_in(seated).post(withdraw_url(session), {"next": "/my/agenda/"})

    assert response.status_code == 302
    assert response["Location"] == "/my/agenda/"
    assert Signup.objects.get(user=seated).status == WITHDRAWN
    assert Signup.objects.get(user=waiting).status == SIGNED_UP


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_withdraw_never_redirects_off_the_site(
    session: Session, approved_delegate: User, target: str
) -> None:
    SignupFactory.create(session=session, user=approved_delegate)

    response = logged_in(approved_delegate).post(withdraw_url(session), {"next": target})

    assert response.status_code == 302
    assert response["Location"] == session.get_absolute_url()


def test_withdrawing_twice_is_a_message_not_an_error(
    session: Session, approved_delegate: User
) -> None:
    SignupFactory.create(session=session, user=approved_delegate)
    client = logged_in(approved_delegate)
    client.post(withdraw_url(session), follow=True)  # follow: shows and clears its message

    response = client.post(withdraw_url(session))

    assert response.status_code == 302
    assert messages_of(response) == ["You are not signed up for this session."]


# --- the session page's sign-up box -------------------------------------------------------------
def test_the_session_page_offers_the_sign_up_button_to_an_approved_delegate(
    session: Session, approved_delegate: User
) -> None:
    page = logged_in(approved_delegate).get(session.get_absolute_url()).content.decode()

    assert f'<form method="post" action="{sign_up_url(session)}">' in page
    assert ">Sign up</button>" in page


def test_a_full_session_offers_the_waiting_list(
    session: Session, make_delegate: MakeDelegate
) -> None:
    Session.objects.filter(pk=session.pk).update(capacity=1)
    SignupFactory.create(session=session, user=make_delegate())

    page = logged_in(make_delegate()).get(session.get_absolute_url()).content.decode()

    assert ">Join the waiting list</button>" in page
    assert "Full · 0 on the waiting list" not in page


def test_a_signed_up_delegate_sees_the_join_link_and_withdraw_button(
    session: Session, approved_delegate: User
) -> None:
    Session.objects.filter(pk=session.pk).update(join_url="https://meet.example/room-1")
    SignupFactory.create(session=session, user=approved_delegate)

    page = logged_in(approved_delegate).get(session.get_absolute_url()).content.decode()

    assert 'href="https://meet.example/room-1"' in page
    assert f'action="{withdraw_url(session)}"' in page
    assert "You are signed up" in page


@pytest.mark.parametrize("who", ["anonymous", "waitlisted", "other_delegate", "organizer"])
def test_only_seated_attendees_see_the_join_link(
    session: Session, make_delegate: MakeDelegate, organizer: User, who: str
) -> None:
    Session.objects.filter(pk=session.pk).update(join_url="https://meet.example/room-1")
    client = Client()
    if who == "waitlisted":
        user = make_delegate()
        SignupFactory.create(session=session, user=user, status=WAITLISTED)
        client.force_login(user)
    elif who == "other_delegate":
        client.force_login(make_delegate())
    elif who == "organizer":
        client.force_login(organizer)

    page = client.get(session.get_absolute_url()).content.decode()

    assert "meet.example" not in page


def test_anonymous_visitors_are_asked_to_sign_in_first(session: Session) -> None:
    page = Client().get(session.get_absolute_url()).content.decode()

    assert f'href="/accounts/login/?next=/sessions/{session.pk}/"' in page
    assert "Sign in to sign up" in page


def test_a_person_without_an_approved_registration_is_told_why(
    session: Session, delegate: User
) -> None:
    page = logged_in(delegate).get(session.get_absolute_url()).content.decode()

    assert "Only approved delegates of Nordic Safe Cities Summit 2049 can sign up" in page
    assert sign_up_url(session) not in page


# --- my agenda ----------------------------------------------------------------------------------
def test_my_agenda_lists_seats_and_waiting_places_in_local_time(
    session: Session, overlapping: Session, make_delegate: MakeDelegate
) -> None:
    me = make_delegate()
    Session.objects.filter(pk=overlapping.pk).update(capacity=1)
    SignupFactory.create(session=overlapping, user=make_delegate())
    SignupFactory.create(session=overlapping, user=make_delegate(), status=WAITLISTED)
    SignupFactory.create(session=overlapping, user=me, status=WAITLISTED)
    SignupFactory.create(session=session, user=me)

    response = logged_in(me).get(reverse("sessions_app:my_agenda"))

    [(event, rows)] = response.context["events"]
    assert event == session.event
    assert [(row.session.title, row.when, row.position) for row in rows] == [
        ("Countering disinformation locally", "20 April 2049, 10:00–11:30 CEST", None),
        ("Plenary: cities and platforms", "20 April 2049, 10:30–12:00 CEST", 2),
    ]
    assert "Waiting list: number 2" in response.content.decode()


def test_my_agenda_leaves_out_withdrawn_places(session: Session, approved_delegate: User) -> None:
    SignupFactory.create(session=session, user=approved_delegate, status=WITHDRAWN)

    response = logged_in(approved_delegate).get(reverse("sessions_app:my_agenda"))

    assert response.context["events"] == []
    assert "You have not chosen any sessions yet." in response.content.decode()


def test_session_page_offers_add_to_calendar_links_in_utc(client: Client, db: None) -> None:
    session = SessionFactory.create(
        title="Street team, on foot",
        starts_at=dt.datetime(2049, 4, 20, 8, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2049, 4, 20, 9, 30, tzinfo=dt.UTC),
    )

    response = client.get(session.get_absolute_url())

    links = dict(response.context["calendar_links"])
    assert links["Calendar file (.ics)"] == f"/sessions/{session.pk}/calendar.ics"
    assert "dates=20490420T080000Z%2F20490420T093000Z" in links["Google Calendar"]
    assert links["Microsoft 365"].startswith("https://outlook.office.com/calendar/0/deeplink/")
    assert "startdt=2049-04-20T08%3A00%3A00Z" in links["Outlook.com"]
    assert b"Add to your calendar" in response.content


def test_my_agenda_links_to_the_calendar_feed_and_download(client: Client, db: None) -> None:
    signup = SignupFactory.create()
    client.force_login(signup.user)

    response = client.get(reverse("sessions_app:my_agenda"))

    assert b'href="/my/calendar/"' in response.content
    assert b'href="/my/agenda.ics"' in response.content
