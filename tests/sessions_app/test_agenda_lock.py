"""lock_agenda on its own: it makes the event's policy row it locks when there is none yet,
and refuses to run outside a transaction, where a lock would end with its own statement. The
lock between writers is proven on PostgreSQL in tests/api/test_agenda_lock.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from events.models import Event
from sessions_app.models import SessionPolicy
from sessions_app.services import lock_agenda, move_session
from tests.sessions_app.factories import SessionFactory


def test_lock_agenda_makes_the_missing_policy_row_with_the_defaults(event: Event) -> None:
    with transaction.atomic():
        lock_agenda(event.pk)

    policy = SessionPolicy.objects.get(event=event)
    assert (policy.signup_closes_before, policy.reminder_before) == (
        dt.timedelta(hours=1),
        dt.timedelta(hours=24),
    )


def test_lock_agenda_keeps_an_existing_policy(event: Event) -> None:
    SessionPolicy.objects.create(event=event, signup_closes_before=dt.timedelta(hours=3))

    with transaction.atomic():
        lock_agenda(event.pk)

    assert list(SessionPolicy.objects.values_list("signup_closes_before", flat=True)) == [
        dt.timedelta(hours=3)
    ]


@pytest.mark.django_db(transaction=True)
def test_lock_agenda_outside_a_transaction_is_refused(event: Event) -> None:
    with pytest.raises(RuntimeError, match="inside a transaction"):
        lock_agenda(event.pk)


def test_a_move_takes_the_agenda_lock(event: Event) -> None:
    session = SessionFactory.create(event=event)

    move_session(session=session, starts_at=session.starts_at + dt.timedelta(hours=1), by=None)

    assert SessionPolicy.objects.filter(event=event).count() == 1
