"""A program moves and then cancels a published session through the API; a real Celery worker
on Redis posts session.moved and session.cancelled to a real receiver on 127.0.0.1, each once,
signed, and the attendee's mails are queued: the API's writes are the builder's."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from api.ids import session_public_id
from api.services import create_api_token
from outbox.models import OutboundMail
from sessions_app.models import Signup
from tests.factories import EventFactory, RoomFactory, UserFactory
from tests.outbox.support import wait_until
from tests.sessions_app.factories import SessionFactory, local
from tests.webhooks.conftest import Receiver
from webhooks.models import Delivery
from webhooks.services import create_endpoint

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def signed_by(secret: str, received: Any) -> bool:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    headers = received.headers
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + received.body
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return hmac.compare_digest(expected, headers["webhook-signature"])


def test_api_moves_and_cancellations_reach_the_receiver_once_through_a_worker(
    celery_worker: Any, receiver: Receiver, organizer: User
) -> None:
    event = EventFactory.create()
    room = RoomFactory.create(venue=event.venue)
    day = event.start_date
    session = SessionFactory.create(
        event=event, room=room, starts_at=local(day, 10), ends_at=local(day, 11)
    )
    Signup.objects.create(
        session=session, user=UserFactory.create(email="attendee@example.org"), status="signed_up"
    )
    endpoint = create_endpoint(
        url=receiver.url,
        event_types=["session.moved", "session.cancelled"],
        event=event,
        by=organizer,
    )
    _token, raw = create_api_token(name="CRM", scope="write", event=event, by=organizer)
    client, auth = Client(), {"Authorization": f"Bearer {raw}"}
    base = f"/api/v1/sessions/{session_public_id(session.uid)}/"
    moved_to = local(day, 14).isoformat()

    moved = client.post(
        base + "move/", {"starts_at": moved_to}, content_type="application/json", headers=auth
    )
    # The move's mail is written before the cancellation is made: a change superseded by a
    # newer one before its fan-out runs sends nothing (sessions_app.emails.queue_change_mails).
    wait_until(
        lambda: OutboundMail.objects.filter(to="attendee@example.org").count() == 1,
        what="the attendee's mail about the move",
        timeout=60,
    )
    cancelled = client.post(base + "cancel/", {}, content_type="application/json", headers=auth)

    assert (moved.status_code, cancelled.status_code) == (200, 200)
    wait_until(
        lambda: (
            sorted(Delivery.objects.values_list("status", flat=True)) == ["delivered", "delivered"]
        ),
        what="both deliveries",
    )
    assert len(receiver.received) == 2
    types = sorted(r.json["type"] for r in receiver.received)
    assert types == ["session.cancelled", "session.moved"]
    assert all(signed_by(endpoint.secret, r) for r in receiver.received)
    move = next(r.json["data"] for r in receiver.received if r.json["type"] == "session.moved")
    assert move["id"] == str(session_public_id(session.uid))  # the API's id for it
    assert (move["starts_at"], move["sequence"]) == (
        local(day, 14).astimezone(dt.UTC).isoformat(),
        1,
    )
    wait_until(
        lambda: OutboundMail.objects.filter(to="attendee@example.org").count() == 2,
        what="the attendee's two mails (the move, the cancellation)",
        timeout=60,  # written by the worker after the deliveries; CI runs two test processes
    )
