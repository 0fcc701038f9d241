"""Reminders: one mail to each seated attendee inside their event's reminder window, never twice,
never for cancelled sessions or attendees who left; found by a scan whose queries do not grow."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import User
from events.models import Event, Room
from outbox.models import OutboundMail
from sessions_app import reminders, tasks
from sessions_app.models import Session, SessionPolicy, Signup
from sessions_app.services import cancel_session, move_session
from sessions_app.signups import sign_up, withdraw
from tests.sessions_app.conftest import FIRST_DAY
from tests.sessions_app.factories import SessionFactory, SignupFactory, local

STARTS = local(FIRST_DAY, 10)  # the `session` fixture's start
INSIDE = STARTS - dt.timedelta(hours=23)  # inside the default 24-hour window


def seat(session: Session, count: int, status: str = Signup.Status.SIGNED_UP) -> list[Signup]:
    return [SignupFactory.create(session=session, status=status) for _ in range(count)]


def crowd(session: Session, size: int) -> None:
    users = User.objects.bulk_create(
        User(email=f"attendee{n}@example.org", first_name=f"Attendee {n}") for n in range(size)
    )
    Signup.objects.bulk_create(
        Signup(session=session, user=user, status=Signup.Status.SIGNED_UP) for user in users
    )


def reminded() -> list[str]:
    rows = OutboundMail.objects.filter(idempotency_key__startswith="reminder:")
    return sorted(rows.values_list("to", flat=True))


def test_each_seated_attendee_inside_the_window_is_reminded_in_local_time(
    session: Session,
) -> None:
    signups = seat(session, 3)

    assert reminders.send_due_reminders(now=INSIDE) == 3

    assert reminded() == sorted(s.user.email for s in signups)
    mail = OutboundMail.objects.get(to=signups[0].user.email)
    assert mail.idempotency_key == f"reminder:session:{session.pk}:user:{signups[0].user_id}"
    assert mail.subject == (
        "Reminder: Countering disinformation locally, 20 April 2049, 10:00 CEST (Europe/Copenhagen)"
    )
    assert "20 April 2049, 10:00–11:30 CEST (Europe/Copenhagen)" in mail.body_text
    assert "Workshop room 1, Copenhagen City Hall" in mail.body_text
    assert mail.alternatives == []  # a reminder changes nobody's calendar


def test_the_join_link_is_in_the_reminder_of_an_online_session(session: Session) -> None:
    Session.objects.filter(pk=session.pk).update(join_url="https://meet.example.org/a?b=1&c=2")
    seat(session, 1)

    reminders.send_due_reminders(now=INSIDE)

    mail = OutboundMail.objects.get()
    assert "Online: https://meet.example.org/a?b=1&c=2" in mail.body_text
    assert 'href="https://meet.example.org/a?b=1&amp;c=2"' in mail.body_html


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (STARTS - dt.timedelta(hours=24, minutes=1), 0),
        (STARTS - dt.timedelta(hours=24), 1),
        (STARTS - dt.timedelta(minutes=1), 1),
        (STARTS, 0),
        (STARTS + dt.timedelta(minutes=1), 0),
    ],
    ids=["before-the-window", "window-opens", "a-minute-before", "at-the-start", "started"],
)
def test_reminders_go_out_only_inside_the_window_and_before_the_start(
    session: Session, now: dt.datetime, expected: int
) -> None:
    seat(session, 1)

    assert reminders.send_due_reminders(now=now) == expected
    assert OutboundMail.objects.count() == expected


def test_repeated_runs_never_remind_anyone_twice(session: Session) -> None:
    seat(session, 2)

    runs = [
        reminders.send_due_reminders(now=INSIDE + dt.timedelta(minutes=5 * n)) for n in range(4)
    ]

    assert runs == [2, 0, 0, 0]
    assert OutboundMail.objects.count() == 2


def test_a_session_moved_after_the_reminder_is_not_reminded_again(session: Session) -> None:
    [signup] = seat(session, 1)
    reminders.send_due_reminders(now=INSIDE)

    # The move mail (on commit, not run here) tells them the new time.
    move_session(session=session, starts_at=local(FIRST_DAY, 15), room=session.room, by=None)

    assert reminders.send_due_reminders(now=local(FIRST_DAY, 14)) == 0
    assert reminded() == [signup.user.email]


def test_signing_up_again_after_withdrawing_brings_no_second_reminder(
    session: Session, approved_delegate: User
) -> None:
    now = STARTS - dt.timedelta(hours=3)
    signup = sign_up(session=session, user=approved_delegate, now=now)
    reminders.send_due_reminders(now=now)
    withdraw(signup=signup)
    sign_up(session=session, user=approved_delegate, now=now)

    assert reminders.send_due_reminders(now=now) == 0
    assert reminded() == [approved_delegate.email]


def test_cancelled_and_draft_sessions_are_not_reminded(event: Event, workshop_room: Room) -> None:
    cancelled = SessionFactory.create(event=event, room=workshop_room, starts_at=STARTS)
    seat(cancelled, 2)
    cancel_session(session=cancelled, by=None)
    draft = SessionFactory.create(
        event=event, room=workshop_room, starts_at=STARTS, status=Session.Status.DRAFT
    )
    seat(draft, 2)

    assert reminders.send_due_reminders(now=INSIDE) == 0
    assert reminded() == []


def test_withdrawn_and_waitlisted_attendees_are_not_reminded(session: Session) -> None:
    [seated] = seat(session, 1)
    seat(session, 2, status=Signup.Status.WAITLISTED)
    seat(session, 2, status=Signup.Status.WITHDRAWN)

    assert reminders.send_due_reminders(now=INSIDE) == 1
    assert reminded() == [seated.user.email]


def test_an_attendee_who_withdraws_before_the_window_gets_no_reminder(
    session: Session, approved_delegate: User
) -> None:
    signup = sign_up(session=session, user=approved_delegate, now=STARTS - dt.timedelta(days=3))
    withdraw(signup=signup)

    assert reminders.send_due_reminders(now=INSIDE) == 0


def test_each_event_reminds_at_its_own_reminder_before(session: Session, event: Event) -> None:
    SessionPolicy.objects.create(event=event, reminder_before=dt.timedelta(hours=2))
    other = SessionFactory.create(starts_at=STARTS)  # another event, no policy: 24 hours
    [mine] = seat(session, 1)
    [theirs] = seat(other, 1)

    assert reminders.send_due_reminders(now=STARTS - dt.timedelta(hours=3)) == 1
    assert reminded() == [theirs.user.email]
    assert reminders.send_due_reminders(now=STARTS - dt.timedelta(hours=2)) == 1
    assert reminded() == sorted([mine.user.email, theirs.user.email])


def test_a_run_queues_at_most_its_limit_and_the_next_run_goes_on(session: Session) -> None:
    seat(session, 5)

    runs = [reminders.send_due_reminders(now=INSIDE, limit=2) for _ in range(4)]

    assert runs == [2, 2, 1, 0]
    assert OutboundMail.objects.count() == 5


@pytest.mark.parametrize("size", [10, 200])
def test_the_scan_takes_one_query_whatever_the_number_of_sign_ups(
    session: Session, size: int, django_assert_num_queries: Any
) -> None:
    crowd(session, size)

    with django_assert_num_queries(1):
        due = reminders.due_reminders(now=INSIDE, limit=500)
        # Everything the mail renders comes with the scan.
        names = [(s.user.email, s.session.event.name, s.session.room.venue.city.name) for s in due]

    assert len(names) == size


def test_the_beat_task_drains_a_full_batch_in_chained_runs(
    event: Event, workshop_room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reminders, "REMINDER_BATCH", 2)
    soon = timezone.now() + dt.timedelta(hours=2)
    session = SessionFactory.create(event=event, room=workshop_room, starts_at=soon)
    seat(session, 5)

    assert tasks.send_session_reminders.delay().get() == 2  # then 2, then 1, chained

    assert OutboundMail.objects.filter(idempotency_key__startswith="reminder:").count() == 5


def test_beat_runs_the_reminders_every_five_minutes() -> None:
    assert settings.CELERY_BEAT_SCHEDULE["send-session-reminders"] == {
        "task": "sessions_app.tasks.send_session_reminders",
        "schedule": 300.0,
    }
    assert tasks.send_session_reminders.name == "sessions_app.tasks.send_session_reminders"
