"""How long deliveries are kept: delivered ones WEBHOOK_DELIVERED_KEEP_DAYS after delivery,
failed ones WEBHOOK_FAILED_KEEP_DAYS after they failed for good (a retry starts again); queued
and sending ones always. By the beat task, also through a real Celery worker."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from tests.outbox.support import wait_until
from tests.webhooks.conftest import Receiver
from webhooks import tasks
from webhooks.models import Delivery, Endpoint
from webhooks.services import deliver, purge_deliveries, retry_failed

NOW = dt.datetime(2049, 6, 1, 12, tzinfo=dt.UTC)
Status = Delivery.Status


def make(
    endpoint: Endpoint, status: str, *, days_ago: float, key: str, now: dt.datetime = NOW
) -> Delivery:
    """A delivery whose last step (delivered, failed, queued) was `days_ago` before `now`."""
    when = now - dt.timedelta(days=days_ago)
    return Delivery.objects.create(
        endpoint=endpoint,
        key=key,
        event_type="registration.approved",
        payload={"type": "registration.approved", "data": {}},
        status=status,
        next_attempt_at=when,
        delivered_at=when if status == Status.DELIVERED else None,
        failed_at=when if status == Status.FAILED else None,
        claimed_at=when if status == Status.SENDING else None,
    )


@pytest.fixture
def keep(settings: Any) -> None:
    settings.WEBHOOK_DELIVERED_KEEP_DAYS = 30
    settings.WEBHOOK_FAILED_KEEP_DAYS = 90


def test_old_delivered_ones_go_failed_ones_are_kept_longer(
    endpoint: Endpoint, keep: None, db: None
) -> None:
    rows = {
        "delivered 31 days ago": make(endpoint, Status.DELIVERED, days_ago=31, key="a"),
        "delivered 29 days ago": make(endpoint, Status.DELIVERED, days_ago=29, key="b"),
        "failed 31 days ago": make(endpoint, Status.FAILED, days_ago=31, key="c"),
        "failed 91 days ago": make(endpoint, Status.FAILED, days_ago=91, key="d"),
        "queued for 200 days": make(endpoint, Status.QUEUED, days_ago=200, key="e"),
        "sending for 200 days": make(endpoint, Status.SENDING, days_ago=200, key="f"),
    }

    assert purge_deliveries(NOW) == {"delivered": 1, "failed": 1}

    left = set(Delivery.objects.values_list("key", flat=True))
    assert left == {"b", "c", "e", "f"}
    assert rows["delivered 29 days ago"].key in left


def test_the_limits_are_settings(endpoint: Endpoint, settings: Any, db: None) -> None:
    make(endpoint, Status.DELIVERED, days_ago=3, key="a")
    make(endpoint, Status.FAILED, days_ago=3, key="b")
    settings.WEBHOOK_DELIVERED_KEEP_DAYS = 2
    settings.WEBHOOK_FAILED_KEEP_DAYS = 4

    assert purge_deliveries(NOW) == {"delivered": 1, "failed": 0}
    settings.WEBHOOK_FAILED_KEEP_DAYS = 2
    assert purge_deliveries(NOW) == {"delivered": 0, "failed": 1}
    assert not Delivery.objects.exists()


def test_many_are_deleted_in_batches(endpoint: Endpoint, keep: None, db: None) -> None:
    Delivery.objects.bulk_create(
        Delivery(
            endpoint=endpoint,
            key=f"k{n}",
            event_type="registration.approved",
            payload={},
            status=Status.DELIVERED,
            next_attempt_at=NOW,
            delivered_at=NOW - dt.timedelta(days=40),
        )
        for n in range(2500)
    )

    assert purge_deliveries(NOW) == {"delivered": 2500, "failed": 0}
    assert not Delivery.objects.exists()


def test_failing_for_good_dates_it_and_a_retry_restarts_the_clock(
    receiver: Receiver, endpoint: Endpoint, keep: None, settings: Any, db: None
) -> None:
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    receiver.answers = [500]
    delivery = make(endpoint, Status.QUEUED, days_ago=0, key="a")
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())

    deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert delivery.failed_at is not None
    assert timezone.now() - delivery.failed_at < dt.timedelta(minutes=1)

    assert retry_failed(delivery=delivery) is True
    delivery.refresh_from_db()
    assert (delivery.status, delivery.failed_at) == (Status.QUEUED, None)
    # Queued again: kept whatever its age.
    assert purge_deliveries(timezone.now() + dt.timedelta(days=1000)) == {
        "delivered": 0,
        "failed": 0,
    }


def test_the_endpoint_page_says_how_long_deliveries_are_kept(
    endpoint: Endpoint, organizer: User, keep: None
) -> None:
    client = Client()
    client.force_login(organizer)

    page = client.get(endpoint.get_absolute_url()).content.decode()

    assert "deleted 30 days after delivery; failed ones 90 days after they failed" in page


def test_the_purge_runs_as_a_beat_task(settings: Any) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["purge-webhook-deliveries"]
    assert entry["task"] == tasks.purge_webhook_deliveries.name


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_purge_task_in_a_real_worker(
    celery_worker: Any, endpoint: Endpoint, keep: None
) -> None:
    now = timezone.now()
    make(endpoint, Status.DELIVERED, days_ago=1, key="kept", now=now)
    make(endpoint, Status.DELIVERED, days_ago=31, key="old", now=now)
    make(endpoint, Status.FAILED, days_ago=31, key="failed", now=now)

    tasks.purge_webhook_deliveries.delay()  # results are not stored: watch the rows

    wait_until(
        lambda: sorted(Delivery.objects.values_list("key", flat=True)) == ["failed", "kept"],
        what="the old delivered one deleted by the worker",
    )
