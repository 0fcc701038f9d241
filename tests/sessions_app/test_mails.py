"""Mails: one per sign-up outcome and one per attendee per change, in the venue's local time,
escaped in HTML, each under its own idempotency key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accounts.models import User
from events.models import Room
from outbox.models import OutboundMail
from sessions_app import emails
from sessions_app.models import Session, Signup
from sessions_app.services import cancel_session, move_session, update_session
from sessions_app.signups import sign_up, withdraw
from tests.sessions_app.conftest import FIRST_DAY, MakeDelegate
from tests.sessions_app.factories import SessionFactory, SignupFactory, local

Capture = Callable[..., Any]  # django_capture_on_commit_callbacks


def keys(prefix: str = "") -> list[str]:
    rows = OutboundMail.objects.filter(idempotency_key__startswith=prefix).order_by("pk")
    return list(rows.values_list("idempotency_key", flat=True))


def test_signing_up_sends_one_mail_in_local_time(session: Session, approved_delegate: User) -> None:
    signup = sign_up(session=session, user=approved_delegate)

    mail = OutboundMail.objects.get()
    assert (mail.idempotency_key, mail.to) == (
        f"signup:{signup.pk}:signed_up",
        approved_delegate.email,
    )
    assert mail.subject == "You are signed up: Countering disinformation locally"
    assert "20 April 2049, 10:00–11:30 CEST (Europe/Copenhagen)" in mail.body_text
    assert "Workshop room 1, Copenhagen City Hall" in mail.body_text


def test_the_waiting_list_and_a_promotion_each_send_their_mail(
    session: Session, make_delegate: MakeDelegate
) -> None:
    Session.objects.filter(pk=session.pk).update(capacity=1)
    seated = sign_up(session=session, user=make_delegate())
    waiting = sign_up(session=session, user=make_delegate())

    withdraw(signup=seated)

    assert keys() == [
        f"signup:{seated.pk}:signed_up",
        f"signup:{waiting.pk}:waitlisted",
        f"signup:{seated.pk}:withdrawn",
        f"signup:{waiting.pk}:promoted",
    ]
    assert OutboundMail.objects.get(idempotency_key__endswith="promoted").subject == (
        "A seat is free for you: Countering disinformation locally"
    )


def attendees(session: Session) -> tuple[Signup, Signup, Signup]:
    signed_up = SignupFactory.create(session=session)
    waitlisted = SignupFactory.create(session=session, status=Signup.Status.WAITLISTED)
    withdrawn = SignupFactory.create(session=session, status=Signup.Status.WITHDRAWN)
    return signed_up, waitlisted, withdrawn


def test_a_move_mails_each_attendee_once_saying_what_it_was(
    session: Session, django_capture_on_commit_callbacks: Capture
) -> None:
    signed_up, waitlisted, _withdrawn = attendees(session)

    with django_capture_on_commit_callbacks(execute=True):
        move_session(session=session, starts_at=local(FIRST_DAY, 15), room=session.room, by=None)

    prefix = f"session:{session.pk}:rev:1:user:"
    assert keys("session:") == [
        f"{prefix}{signed_up.user_id}:moved",
        f"{prefix}{waitlisted.user_id}:moved",
    ]
    mail = OutboundMail.objects.get(to=signed_up.user.email)
    assert mail.subject == "New time: Countering disinformation locally"
    assert "20 April 2049, 15:00–16:30 CEST (Europe/Copenhagen)" in mail.body_text
    assert (
        "It was: 20 April 2049, 10:00–11:30 CEST (Europe/Copenhagen), Workshop room 1"
        in mail.body_text
    )
    assert (
        "You are still on its waiting list."
        in OutboundMail.objects.get(to=waitlisted.user.email).body_text
    )


def test_each_change_gets_its_own_mail_and_a_room_change_says_so(
    session: Session, festsal: Room, django_capture_on_commit_callbacks: Capture
) -> None:
    signup = SignupFactory.create(session=session)

    with django_capture_on_commit_callbacks(execute=True):
        move_session(session=session, starts_at=session.starts_at, room=festsal, by=None)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_session(session=session, by=None)

    user = signup.user_id
    assert keys() == [
        f"session:{session.pk}:rev:1:user:{user}:moved",
        f"session:{session.pk}:rev:2:user:{user}:cancelled",
    ]
    assert list(OutboundMail.objects.order_by("pk").values_list("subject", flat=True)) == [
        "New room: Countering disinformation locally",
        "Cancelled: Countering disinformation locally",
    ]


def test_edits_and_draft_changes_mail_nobody(
    session: Session, django_capture_on_commit_callbacks: Capture
) -> None:
    SignupFactory.create(session=session)
    draft = SessionFactory.create(
        event=session.event, room=session.room, status=Session.Status.DRAFT
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        update_session(session=session, by=None, title="A new title", description="More.")
        move_session(session=draft, starts_at=local(FIRST_DAY, 16), room=draft.room, by=None)

    assert (callbacks, keys()) == ([], [])


def test_a_superseded_revision_leaves_the_telling_to_the_newer_one(
    session: Session, django_capture_on_commit_callbacks: Capture
) -> None:
    signup = SignupFactory.create(session=session)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        move_session(session=session, starts_at=local(FIRST_DAY, 15), room=session.room, by=None)
        move_session(session=session, starts_at=local(FIRST_DAY, 16), room=session.room, by=None)
    for callback in callbacks:  # the fan-out of revision 1 runs after revision 2 exists
        callback()

    assert keys() == [f"session:{session.pk}:rev:2:user:{signup.user_id}:moved"]


def test_user_input_is_escaped_in_html_and_plain_in_text(
    session: Session, django_capture_on_commit_callbacks: Capture
) -> None:
    SignupFactory.create(session=session)
    update_session(session=session, by=None, title="<script>alert('x')</script> & more")

    with django_capture_on_commit_callbacks(execute=True):
        cancel_session(session=session, by=None)

    mail = OutboundMail.objects.get()
    assert "<script>" not in mail.body_html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in mail.body_html
    assert "<script>alert('x')</script> & more" in mail.body_text
    assert mail.subject == "Cancelled: <script>alert('x')</script> & more"


def test_mails_are_written_in_the_recipients_language(session: Session) -> None:
    signup = SignupFactory.create(session=session, user__language="en")

    mail = emails.send_signup_mail(signup, "signed_up")

    assert mail.body_html.startswith('<!DOCTYPE html>\n<html lang="en">')


@pytest.mark.parametrize("mail", ["signed_up", "waitlisted", "promoted"])
def test_sending_a_signup_mail_twice_queues_it_once(session: Session, mail: str) -> None:
    signup = SignupFactory.create(session=session)

    first, again = emails.send_signup_mail(signup, mail), emails.send_signup_mail(signup, mail)

    assert first.pk == again.pk
    assert keys() == [f"signup:{signup.pk}:{mail}"]
