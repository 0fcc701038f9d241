"""Delivering to a real HTTP receiver on 127.0.0.1: signed, retried with backoff, failed for good
after the last attempt, retried by hand; claimed once; swept when a worker or broker let go."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from tests.webhooks.conftest import Receiver
from webhooks.models import Delivery, Endpoint, EventType
from webhooks.services import claim, create_endpoint, deliver, emit, retry_failed, sweep

pytestmark = pytest.mark.django_db
Status = Delivery.Status


@pytest.fixture
def delivery(endpoint: Endpoint, event: Any) -> Delivery:
    emit(
        event_type=EventType.REGISTRATION_APPROVED,
        event=event,
        key="test:1",
        data={"id": 7, "name": "Sophie Hæstorp Andersen"},
    )
    return Delivery.objects.get()


def reloaded(delivery: Delivery) -> Delivery:
    delivery.refresh_from_db()
    return delivery


def test_a_delivery_is_posted_signed_with_the_standard_webhooks_scheme(
    delivery: Delivery, receiver: Receiver, endpoint: Endpoint
) -> None:
    assert deliver(delivery.pk) is None

    [request] = receiver.received
    headers = request.headers
    assert headers["content-type"] == "application/json"
    assert headers["webhook-id"] == str(delivery.uuid)
    # Checked as a receiver would, from the spec: HMAC-SHA256 of "id.timestamp.body".
    key = base64.b64decode(endpoint.secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + request.body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert headers["webhook-signature"] == f"v1,{expected}"
    assert abs(int(headers["webhook-timestamp"]) - timezone.now().timestamp()) < 60
    assert request.json == {
        "id": str(delivery.uuid),
        "type": "registration.approved",
        "created_at": delivery.payload["created_at"],
        "data": {"id": 7, "name": "Sophie Hæstorp Andersen"},
    }
    delivery = reloaded(delivery)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        Status.DELIVERED,
        1,
        200,
    )


def test_a_failing_receiver_gets_it_again_later_with_the_same_id(
    delivery: Delivery, receiver: Receiver, settings: Any
) -> None:
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    receiver.answers = [500]

    delay = deliver(delivery.pk)

    assert delay == dt.timedelta(seconds=30)
    delivery = reloaded(delivery)
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        Status.QUEUED,
        1,
        "HTTP 500",
    )
    assert delivery.next_attempt_at > timezone.now() + dt.timedelta(seconds=25)
    assert deliver(delivery.pk) is None  # not due yet: nothing sent
    assert len(receiver.received) == 1

    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert deliver(delivery.pk) is None
    assert reloaded(delivery).status == Status.DELIVERED
    assert receiver.accepted_ids() == {str(delivery.uuid)}
    assert len(receiver.received) == 2


def test_the_backoff_doubles_and_the_last_attempt_fails_for_good_until_retried(
    delivery: Delivery, receiver: Receiver, settings: Any
) -> None:
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    settings.WEBHOOK_RETRY_BASE_SECONDS = 10
    receiver.answers = [503, 404, 500]
    delays = []
    for _ in range(3):
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        delays.append(deliver(delivery.pk))

    assert delays == [dt.timedelta(seconds=10), dt.timedelta(seconds=20), None]
    delivery = reloaded(delivery)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        Status.FAILED,
        3,
        500,
    )

    assert retry_failed(delivery=delivery) is True
    assert retry_failed(delivery=delivery) is False  # queued now, not failed
    assert deliver(delivery.pk) is None
    assert reloaded(delivery).status == Status.DELIVERED


def test_a_redirect_is_not_followed(delivery: Delivery, receiver: Receiver) -> None:
    receiver.answers = [302]

    assert deliver(delivery.pk) is not None

    assert len(receiver.received) == 1  # the Location was not asked
    assert reloaded(delivery).last_error == "HTTP 302"


def test_nobody_listening_is_an_error_worth_another_try(
    organizer: User, event: Any, receiver: Receiver
) -> None:
    create_endpoint(
        url="http://127.0.0.1:9/nothing-here/",
        event_types=["registration.approved"],
        event=None,
        by=organizer,
    )
    emit(event_type=EventType.REGISTRATION_APPROVED, event=event, key="k", data={})
    delivery = Delivery.objects.get()

    assert deliver(delivery.pk) is not None

    delivery = reloaded(delivery)
    assert delivery.status == Status.QUEUED
    assert "ConnectionRefusedError" in delivery.last_error or "URLError" in delivery.last_error


def test_one_worker_claims_a_delivery(delivery: Delivery) -> None:
    assert claim(delivery.pk) is not None
    assert claim(delivery.pk) is None


def test_the_sweeper_takes_back_a_dead_workers_claim_and_hands_over_due_ones(
    delivery: Delivery, receiver: Receiver, settings: Any
) -> None:
    claim(delivery.pk)  # a worker is sending it
    assert sweep() == 0  # a live claim is left alone
    # The worker dies, and the stale time passes.
    long_ago = timezone.now() - dt.timedelta(seconds=settings.WEBHOOK_STALE_SECONDS + 10)
    Delivery.objects.filter(pk=delivery.pk).update(claimed_at=long_ago)

    assert sweep() == 1  # Celery runs eagerly in these tests: delivered on the spot

    assert reloaded(delivery).status == Status.DELIVERED
    assert sweep() == 0
    assert len(receiver.received) == 1


def test_emitting_the_same_cause_twice_writes_one_delivery(endpoint: Endpoint, event: Any) -> None:
    for _ in range(2):
        emit(event_type=EventType.SESSION_MOVED, event=event, key="session-change:9", data={})

    assert Delivery.objects.count() == 1
    assert json.dumps(Delivery.objects.get().payload)  # stored as JSON
