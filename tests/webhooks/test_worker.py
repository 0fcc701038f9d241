"""Webhooks through a real Celery worker on Redis to a real HTTP receiver: a receiver that fails
and recovers gets each event exactly once by its webhook id; a change committed while the
broker is down waits and the sweeper delivers it. Rows must be committed for the worker's
own connection to see them, hence transactional_db."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from events.models import City
from registrations.models import RegistrationPolicy
from registrations.services import approve_registration
from summit.celery import app
from tests.outbox.conftest import private_redis  # noqa: F401
from tests.outbox.support import RedisServer, celery_publishing_to, wait_until
from tests.registrations.conftest import Register, set_limits
from tests.webhooks.conftest import Receiver
from webhooks.models import Delivery, Endpoint
from webhooks.services import sweep

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def statuses() -> list[str]:
    return list(Delivery.objects.order_by("pk").values_list("status", flat=True))


def test_a_receiver_that_fails_twice_then_recovers_gets_each_event_once(
    celery_worker: Any,
    receiver: Receiver,
    endpoint: Endpoint,
    register: Register,
    copenhagen: City,
    policy: RegistrationPolicy,
    organizer: User,
    settings: Any,
) -> None:
    settings.WEBHOOK_RETRY_BASE_SECONDS = 1
    set_limits(policy, requires_approval=True)
    receiver.answers = [500, 503]  # the first two requests fail, whichever they carry

    with transaction.atomic():
        registration = register(copenhagen)
    with transaction.atomic():
        approve_registration(registration=registration, by=organizer)

    wait_until(lambda: statuses() == ["delivered", "delivered"], what="both deliveries")
    created, approved = Delivery.objects.order_by("pk")
    assert created.attempts + approved.attempts == len(receiver.received) == 4
    assert receiver.accepted_ids() == {str(created.uuid), str(approved.uuid)}
    types = {r.headers["webhook-id"]: r.json["type"] for r in receiver.received}
    assert types == {
        str(created.uuid): "registration.created",
        str(approved.uuid): "registration.approved",
    }


def test_a_change_committed_while_the_broker_is_down_is_delivered_by_the_sweeper_once(
    private_redis: RedisServer,  # noqa: F811
    receiver: Receiver,
    endpoint: Endpoint,
    register: Register,
    copenhagen: City,
) -> None:
    with celery_publishing_to(private_redis.url):
        private_redis.stop()
        with transaction.atomic():
            register(copenhagen)  # the registration commits; the hand-over to Celery fails
        assert statuses() == ["queued"]
        assert receiver.received == []

        private_redis.start()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            # The sweeper leaves rows younger than a few seconds to on_commit: this one is older.
            Delivery.objects.update(next_attempt_at=timezone.now() - dt.timedelta(minutes=1))
            assert sweep() == 1
            wait_until(lambda: statuses() == ["delivered"], what="the sweeper's delivery")
            assert sweep() == 0

    assert len(receiver.received) == 1
