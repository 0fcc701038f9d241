"""The change fan-out end to end: a move committed here, the batches chained through a real
Celery worker on the real Redis, the outbox delivering over SMTP to a real sink. Rows must be
committed for the worker's thread to see them, hence transactional_db (via celery_worker)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import transaction

from accounts.models import User
from outbox.models import OutboundMail
from sessions_app.models import Session, Signup
from sessions_app.services import move_session
from tests.conftest import SinkHandler
from tests.outbox.support import celery_publishing_to, wait_until
from tests.services import need_postgres, need_redis
from tests.sessions_app.conftest import FIRST_DAY
from tests.sessions_app.factories import local

pytestmark = pytest.mark.services

ATTENDEES = 1000


def crowd(session: Session, size: int) -> set[str]:
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(email=f"attendee{n}@example.org", first_name=f"Attendee {n}") for n in range(size)
        )
        Session.objects.filter(pk=session.pk).update(capacity=size)
        Signup.objects.bulk_create(
            Signup(session=session, user=user, status=Signup.Status.SIGNED_UP) for user in users
        )
    return {user.email for user in users}


def calendar_of(message: Any) -> str:
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST"
    return str(part.get_content())


def test_a_move_reaches_every_one_of_1000_attendees_once_through_the_real_worker(
    session: Session, celery_worker: Any, smtp_sink: SinkHandler
) -> None:
    need_postgres()
    emails = crowd(session, ATTENDEES)

    started = time.monotonic()
    with celery_publishing_to(need_redis()):
        move_session(session=session, starts_at=local(FIRST_DAY, 15), room=session.room, by=None)
        wait_until(
            lambda: len(smtp_sink.messages) >= ATTENDEES,
            # A bound on waiting, not a speed figure (the fan-out's time is measured in
            # bench/): under a loaded machine 1,000 deliveries have taken over 60 s.
            timeout=180,
            what=f"{ATTENDEES} messages at the sink",
        )
        sent = OutboundMail.objects.filter(status=OutboundMail.Status.SENT)
        wait_until(lambda: sent.count() == ATTENDEES, timeout=10, what="every row marked sent")
        # The last, empty batch is queued after the last deliveries: once it has run, the
        # queue is drained and a duplicate would have arrived.
        told = Session.objects.filter(pk=session.pk, notified_revision=1)
        wait_until(told.exists, timeout=10, what="the fan-out to finish")
    elapsed = time.monotonic() - started
    print(f"{ATTENDEES} attendees told through the real worker in {elapsed:.1f} s")

    assert len(smtp_sink.messages) == ATTENDEES
    assert {message["To"] for message in smtp_sink.messages} == emails
    for message in smtp_sink.messages:
        ics = calendar_of(message)
        assert "METHOD:REQUEST\r\n" in ics
        assert "SEQUENCE:1\r\n" in ics
        assert f"UID:{session.uid}\r\n" in ics
        assert f"mailto:{message['To']}" in ics.replace("\r\n ", "")
