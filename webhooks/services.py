"""Writes of webhooks: endpoints, and deliveries that are persisted like mail.

emit() writes one Delivery per subscribed endpoint in the caller's transaction and hands each to
Celery after commit. deliver() claims a due row (queued -> sending, one worker wins), POSTs it
signed, and records the answer: 2xx delivered; anything else (an error, a timeout, a redirect)
is tried again with backoff, up to WEBHOOK_MAX_ATTEMPTS, then failed, which an organizer can
retry. sweep() hands over what a broker outage or a dead worker left behind. The webhook id is
the same on every try, so a receiver that deduplicates by it handles each event once.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
import urllib.error
import urllib.request
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from events.models import Event
from summit.jobs import enqueue
from webhooks.models import Delivery, Endpoint, EventType

logger = logging.getLogger(__name__)

DELIVER = "webhooks.tasks.deliver_webhook"  # the task that calls deliver() below


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


@transaction.atomic
def create_endpoint(
    *,
    url: str,
    event_types: list[str],
    event: Event | None,
    description: str = "",
    by: User,
) -> Endpoint:
    return Endpoint.objects.create(
        url=url,
        event_types=sorted(set(event_types)),
        event=event,
        description=description,
        secret=new_secret(),
        created_by=by,
    )


def set_endpoint_active(*, endpoint: Endpoint, active: bool) -> None:
    Endpoint.objects.filter(pk=endpoint.pk).update(is_active=active)


def emit(*, event_type: EventType, event: Event, key: str, data: dict[str, Any]) -> int:
    """One delivery per active endpoint subscribed to `event_type` for `event`; called inside
    the transaction of the change, so the deliveries commit or vanish with it. Emitting the
    same key again writes nothing new. Returns how many deliveries were written."""
    # A handful of endpoints: their event lists are read in Python (SQLite has no JSON
    # containment lookup).
    endpoints = Endpoint.objects.filter(Q(event=event) | Q(event__isnull=True), is_active=True)
    now = timezone.now()
    payload = {"type": event_type.value, "created_at": now.isoformat(), "data": data}
    written = 0
    for endpoint in endpoints:
        if event_type.value not in endpoint.event_types:
            continue
        delivery, created = Delivery.objects.get_or_create(
            endpoint=endpoint,
            key=key,
            defaults={"event_type": event_type.value, "payload": payload, "next_attempt_at": now},
        )
        if created:
            written += 1
            transaction.on_commit(partial(enqueue, DELIVER, delivery.pk), robust=True)
    return written


def signature(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """Standard Webhooks' signature: HMAC-SHA256 over "id.timestamp.body", keyed with the
    secret's base64 part; sent as "v1,<base64>" in the webhook-signature header."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def claim(delivery_id: int) -> Delivery | None:
    """Atomically move a due delivery from queued to sending; None if another worker has it,
    it was delivered already, or it is not due yet."""
    now = timezone.now()
    claimed = (
        Delivery.objects.due(now)
        .filter(pk=delivery_id)
        .update(status=Delivery.Status.SENDING, claimed_at=now)
    )
    if not claimed:
        return None
    return Delivery.objects.select_related("endpoint").get(pk=delivery_id)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer that is not 2xx: not followed, so a receiver cannot send the
    signed body somewhere its organizers did not register."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(delivery: Delivery) -> int:
    """POST the delivery, signed; returns the HTTP status. Raises OSError when no answer."""
    body = json.dumps({"id": str(delivery.uuid), **delivery.payload}).encode()
    timestamp = int(timezone.now().timestamp())
    webhook_id = str(delivery.uuid)
    request = urllib.request.Request(
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Summit-Webhooks/1",
            "webhook-id": webhook_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature(delivery.endpoint.secret, webhook_id, timestamp, body),
        },
    )
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx: an answer
        return int(error.code)


def retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))


def deliver(delivery_id: int) -> dt.timedelta | None:
    """Send one due delivery. Returns the delay before the next try, or None when delivered,
    failed for good, or not ours to send."""
    delivery = claim(delivery_id)
    if delivery is None:
        return None
    attempts = delivery.attempts + 1
    try:
        code = post(delivery)
    except (OSError, ValueError) as error:  # refused, timed out, no such host, a bad URL
        return _record_failure(delivery, attempts, None, f"{type(error).__name__}: {error}")
    if 200 <= code < 300:
        Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
            status=Delivery.Status.DELIVERED,
            attempts=attempts,
            last_status_code=code,
            last_error="",
            delivered_at=timezone.now(),
        )
        return None
    return _record_failure(delivery, attempts, code, f"HTTP {code}")


def _record_failure(
    delivery: Delivery, attempts: int, code: int | None, message: str
) -> dt.timedelta | None:
    fields: dict[str, Any] = {
        "attempts": attempts,
        "last_status_code": code,
        "last_error": message[:2000],
        "claimed_at": None,
    }
    if attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.FAILED, failed_at=timezone.now(), **fields
        )
        logger.warning("Webhook delivery %s failed for good: %s", delivery.pk, message)
        return None
    delay = retry_delay(attempts)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.QUEUED, next_attempt_at=timezone.now() + delay, **fields
    )
    return delay


def sweep(now: dt.datetime | None = None) -> int:
    """Hand over what fell through: deliveries stuck in sending (a dead worker) go back to
    queued, and every due queued one goes to Celery again; the claim makes a duplicate
    hand-over harmless. Returns how many were handed over."""
    now = now or timezone.now()
    stale_before = now - dt.timedelta(seconds=settings.WEBHOOK_STALE_SECONDS)
    settled = now - dt.timedelta(seconds=5)  # younger ones are still on their way (on_commit)
    Delivery.objects.stale_sending(stale_before).update(
        status=Delivery.Status.QUEUED, claimed_at=None, next_attempt_at=settled
    )
    due = list(Delivery.objects.due(settled).values_list("pk", flat=True)[:1000])
    for delivery_id in due:
        enqueue(DELIVER, delivery_id)
    return len(due)


def retry_failed(*, delivery: Delivery) -> bool:
    """An organizer tries a failed delivery again, with a fresh count of attempts."""
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.FAILED).update(
            status=Delivery.Status.QUEUED,
            attempts=0,
            next_attempt_at=timezone.now(),
            failed_at=None,
        )
        if updated:
            transaction.on_commit(partial(enqueue, DELIVER, delivery.pk), robust=True)
    return bool(updated)


PURGE_BATCH = 1000


def purge_deliveries(now: dt.datetime | None = None) -> dict[str, int]:
    """Delete what is kept long enough: delivered deliveries WEBHOOK_DELIVERED_KEEP_DAYS after
    delivery, failed ones WEBHOOK_FAILED_KEEP_DAYS after they failed for good (longer, so
    organizers can see and retry them; a retry starts the clock again). Queued and sending
    ones are never deleted. In batches, so no statement holds many rows at once. Returns how
    many of each were deleted."""
    now = now or timezone.now()
    delivered_before = now - dt.timedelta(days=settings.WEBHOOK_DELIVERED_KEEP_DAYS)
    failed_before = now - dt.timedelta(days=settings.WEBHOOK_FAILED_KEEP_DAYS)
    return {
        "delivered": _delete_in_batches(
            Delivery.objects.filter(
                status=Delivery.Status.DELIVERED, delivered_at__lt=delivered_before
            )
        ),
        "failed": _delete_in_batches(
            Delivery.objects.filter(status=Delivery.Status.FAILED, failed_at__lt=failed_before)
        ),
    }


def _delete_in_batches(rows: Any) -> int:
    deleted = 0
    while batch := list(rows.order_by("pk").values_list("pk", flat=True)[:PURGE_BATCH]):
        # The status stays in the filter: a row retried meanwhile is queued again, not deleted.
        deleted += rows.filter(pk__in=batch).delete()[0]
    return deleted
