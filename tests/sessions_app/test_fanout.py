"""The change fan-out: batches of attendees, each told once, however often the task runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from accounts.models import User
from outbox.models import OutboundMail
from sessions_app import emails, tasks
from sessions_app.models import Session, Signup
from sessions_app.services import move_session
from tests.factories import UserFactory
from tests.sessions_app.conftest import FIRST_DAY
from tests.sessions_app.factories import local

ATTENDEES = 250


def crowd(session: Session, size: int) -> list[Signup]:
    users = User.objects.bulk_create(
        User(email=f"attendee{n}@example.org", first_name=f"Attendee {n}") for n in range(size)
    )
    Session.objects.filter(pk=session.pk).update(capacity=size)
    return Signup.objects.bulk_create(
        Signup(session=session, user=user, status=Signup.Status.SIGNED_UP) for user in users
    )


def moved(session: Session) -> Session:
    """Move the session without running its on-commit fan-out, so the test runs it."""
    return move_session(session=session, starts_at=local(FIRST_DAY, 15), room=session.room, by=None)


def test_250_attendees_are_told_in_batches_of_100_each_once(session: Session) -> None:
    signups = crowd(session, ATTENDEES)
    moved(session)

    cursors = []
    cursor: int | None = 0
    while cursor is not None:
        cursor = emails.queue_change_mails(
            session_id=session.pk, revision=1, after=cursor, batch_size=100
        )
        cursors.append(cursor)

    assert cursors == [signups[99].pk, signups[199].pk, None]
    assert OutboundMail.objects.count() == ATTENDEES
    assert set(OutboundMail.objects.values_list("to", flat=True)) == {
        f"attendee{n}@example.org" for n in range(ATTENDEES)
    }
    session.refresh_from_db()
    assert session.notified_revision == 1


def test_the_task_chains_its_batches_and_a_rerun_adds_no_mail(
    session: Session, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    crowd(session, ATTENDEES)

    with django_capture_on_commit_callbacks(execute=True):
        moved(session)
    tasks.notify_session_change.delay(session.pk, 1)  # a redelivered or retried task

    assert OutboundMail.objects.count() == ATTENDEES
    assert (
        OutboundMail.objects.filter(
            idempotency_key__startswith=f"session:{session.pk}:rev:1:user:"
        ).count()
        == ATTENDEES
    )


def test_a_lost_fan_out_is_found_by_the_sweep_and_completed(session: Session) -> None:
    crowd(session, 3)
    moved(session)  # its on-commit task never runs: as if the broker had been down
    Session.objects.filter(pk=session.pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=10)
    )

    assert emails.sessions_owing_mails() == [(session.pk, 1)]
    assert tasks.sweep_session_changes.delay().get() == 1
    assert OutboundMail.objects.count() == 3
    assert emails.sessions_owing_mails() == []


def test_people_who_signed_up_after_the_change_are_not_told_about_it(session: Session) -> None:
    moved(session)
    Signup.objects.create(
        session=session, user=UserFactory.create(), status=Signup.Status.SIGNED_UP
    )

    emails.queue_change_mails(session_id=session.pk, revision=1)

    assert OutboundMail.objects.count() == 0
