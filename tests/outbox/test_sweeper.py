"""The beat task that re-queues what fell through: dead workers' mails and lost hand-overs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from outbox.models import OutboundMail
from outbox.services import sweep_outbox
from outbox.tasks import sweep_outbox as sweep_outbox_task
from tests.outbox.factories import OutboundMailFactory

Status = OutboundMail.Status


@pytest.fixture(autouse=True)
def _stale_after_five_minutes(settings: Any) -> None:
    settings.OUTBOX_STALE_SECONDS = 300


def ago(seconds: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=seconds)


def state(mail: OutboundMail) -> tuple[Any, ...]:
    mail.refresh_from_db()
    return (mail.status, mail.attempts, mail.claimed_at, mail.next_attempt_at, mail.sent_at)


def test_sweeper_resends_a_mail_whose_worker_died_while_sending(
    db: None, mailoutbox: list[Any]
) -> None:
    stale = OutboundMailFactory.create(
        subject="Stuck", status=Status.SENDING, claimed_at=ago(301), next_attempt_at=ago(302)
    )

    assert sweep_outbox() == 1

    stale.refresh_from_db()
    assert (stale.status, stale.attempts) == (Status.SENT, 1)
    assert [m.subject for m in mailoutbox] == ["Stuck"]


def test_sweeper_leaves_a_mail_a_live_worker_is_still_sending(
    db: None, mailoutbox: list[Any]
) -> None:
    fresh = OutboundMailFactory.create(status=Status.SENDING, claimed_at=ago(299))
    before = state(fresh)

    assert sweep_outbox() == 0

    assert state(fresh) == before
    assert mailoutbox == []


def test_sweeper_never_resends_a_sent_or_failed_mail(db: None, mailoutbox: list[Any]) -> None:
    sent = OutboundMailFactory.create(
        status=Status.SENT, attempts=1, claimed_at=ago(3600), sent_at=ago(3599)
    )
    failed = OutboundMailFactory.create(status=Status.FAILED, attempts=8, next_attempt_at=ago(3600))
    before = [state(sent), state(failed)]

    assert sweep_outbox() == 0

    assert [state(sent), state(failed)] == before
    assert mailoutbox == []


def test_sweeper_leaves_a_retry_that_is_not_due_yet(db: None, mailoutbox: list[Any]) -> None:
    later = OutboundMailFactory.create(
        attempts=2, last_error="SMTPDataError: (451, b'try later')", next_attempt_at=ago(-60)
    )
    before = state(later)

    assert sweep_outbox() == 0

    assert state(later) == before
    assert mailoutbox == []


def test_sweeper_sends_a_due_mail_whose_hand_over_to_celery_was_lost(
    db: None, mailoutbox: list[Any]
) -> None:
    due = OutboundMailFactory.create(subject="Lost in the broker", next_attempt_at=ago(60))

    assert sweep_outbox_task.delay().get() == 1

    due.refresh_from_db()
    assert (due.status, due.attempts) == (Status.SENT, 1)
    assert [m.subject for m in mailoutbox] == ["Lost in the broker"]


def test_sweeper_leaves_a_mail_queued_a_moment_ago_to_its_own_hand_over(
    db: None, mailoutbox: list[Any]
) -> None:
    just_queued = OutboundMailFactory.create(next_attempt_at=ago(1))
    before = state(just_queued)

    assert sweep_outbox() == 0

    assert state(just_queued) == before
    assert mailoutbox == []


def test_sweeper_handles_a_mixed_outbox_in_one_pass(db: None, mailoutbox: list[Any]) -> None:
    OutboundMailFactory.create(subject="stale", status=Status.SENDING, claimed_at=ago(400))
    OutboundMailFactory.create(subject="fresh", status=Status.SENDING, claimed_at=ago(10))
    OutboundMailFactory.create(subject="sent", status=Status.SENT, attempts=1, sent_at=ago(500))
    OutboundMailFactory.create(subject="due", next_attempt_at=ago(30))
    OutboundMailFactory.create(subject="later", attempts=1, next_attempt_at=ago(-600))

    assert sweep_outbox() == 2

    assert sorted(m.subject for m in mailoutbox) == ["due", "stale"]
    assert dict(OutboundMail.objects.values_list("subject", "status")) == {
        "stale": Status.SENT,
        "fresh": Status.SENDING,
        "sent": Status.SENT,
        "due": Status.SENT,
        "later": Status.QUEUED,
    }
