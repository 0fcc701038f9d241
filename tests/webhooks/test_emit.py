"""What is announced, to whom: a delivery row per subscribed endpoint, in the transaction of the
change; nothing for drafts, edits, other events, unsubscribed types or switched-off endpoints."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from accounts.models import User
from events.models import City, Event
from registrations.models import Registration, RegistrationPolicy
from registrations.services import (
    approve_registration,
    cancel_registration,
    decline_registration,
    register_with_needs,
    update_details,
)
from sessions_app.models import Session, session_uuid
from sessions_app.services import cancel_session, move_session
from tests.registrations.conftest import Register, set_limits
from tests.registrations.factories import details
from tests.sessions_app.factories import RoomFactory, SessionFactory
from tests.webhooks.conftest import Receiver
from webhooks.models import Delivery, Endpoint, EventType
from webhooks.services import create_endpoint, set_endpoint_active

pytestmark = pytest.mark.django_db


def types(endpoint: Endpoint) -> list[str]:
    return [d.event_type for d in endpoint.deliveries.order_by("pk")]


def test_a_registration_announces_itself_with_what_a_crm_needs_and_no_special_category_data(
    endpoint: Endpoint, register: Register, copenhagen: City, event: Event
) -> None:
    registration = register_with_needs(
        lambda: register(copenhagen, phone="+45 12 34 56 78"), needs={"other_needs": "Vegan"}
    )

    [delivery] = endpoint.deliveries.all()
    assert delivery.event_type == "registration.created"
    assert delivery.payload["type"] == "registration.created"
    data = delivery.payload["data"]
    assert data["id"] == registration.pk
    assert (data["event"], data["status"], data["city"], data["country"]) == (
        event.slug,
        registration.status,
        "Copenhagen",
        "DK",
    )
    assert data["email"] == registration.user.email
    assert "Vegan" not in str(delivery.payload)
    assert "+45" not in str(delivery.payload)


def test_approving_declining_and_cancelling_are_each_announced(
    endpoint: Endpoint,
    register: Register,
    copenhagen: City,
    policy: RegistrationPolicy,
    organizer: User,
) -> None:
    set_limits(policy, requires_approval=True)
    first, second = register(copenhagen), register(copenhagen)
    approve_registration(registration=first, by=organizer)
    decline_registration(registration=second, by=organizer)
    cancel_registration(registration=Registration.objects.get(pk=first.pk), by=first.user)

    assert types(endpoint) == [
        "registration.created",
        "registration.created",
        "registration.approved",
        "registration.declined",
        "registration.cancelled",
    ]


def test_editing_details_is_no_status_news(
    endpoint: Endpoint, register: Register, copenhagen: City
) -> None:
    registration = register(copenhagen)
    update_details(
        registration=registration, details=details(office="deputy_mayor"), by=registration.user
    )

    assert types(endpoint) == ["registration.created"]


def test_only_subscribed_active_endpoints_of_the_event_or_of_all_events_get_it(
    receiver: Receiver,
    organizer: User,
    register: Register,
    copenhagen: City,
    event: Event,
    other_event: Event,
) -> None:
    def make(types: list[str], scope: Event | None) -> Endpoint:
        return create_endpoint(url=receiver.url, event_types=types, event=scope, by=organizer)

    this_event = make(["registration.created"], event)
    all_events = make(["registration.created"], None)
    elsewhere = make(["registration.created"], other_event)
    other_type = make(["registration.approved"], None)
    switched_off = make(["registration.created"], None)
    set_endpoint_active(endpoint=switched_off, active=False)

    register(copenhagen)

    assert (types(this_event), types(all_events)) == (["registration.created"],) * 2
    assert types(elsewhere) == types(other_type) == types(switched_off) == []


def test_a_rolled_back_change_leaves_no_delivery(
    endpoint: Endpoint, register: Register, copenhagen: City
) -> None:
    def register_then_fail() -> None:
        with transaction.atomic():
            register(copenhagen)
            raise RuntimeError("the request failed after the service")

    with pytest.raises(RuntimeError):
        register_then_fail()

    assert not Delivery.objects.exists()


def test_a_published_session_moved_and_cancelled_is_announced_with_its_calendar_identity(
    endpoint: Endpoint, event: Event, organizer: User
) -> None:
    session = SessionFactory.create(event=event)
    other_room = RoomFactory.create(venue=event.venue, name="Festsalen")
    later = session.starts_at.replace(hour=session.starts_at.hour + 2)

    move_session(session=session, starts_at=later, room=other_room, by=organizer)
    cancel_session(session=Session.objects.get(pk=session.pk), by=organizer)

    moved, cancelled = endpoint.deliveries.order_by("pk")
    assert (moved.event_type, cancelled.event_type) == ("session.moved", "session.cancelled")
    data = moved.payload["data"]
    assert data["id"] == str(session_uuid(session.uid))
    assert (data["room"], data["sequence"], data["time_zone"]) == (
        "Festsalen",
        1,
        "Europe/Copenhagen",
    )
    assert dt.datetime.fromisoformat(data["starts_at"]) == later
    assert dt.datetime.fromisoformat(data["before"]["starts_at"]) == session.starts_at
    assert cancelled.payload["data"]["status"] == Session.Status.CANCELLED


def test_a_draft_moving_about_is_nobodys_news(
    endpoint: Endpoint, event: Event, organizer: User
) -> None:
    draft = SessionFactory.create(event=event, status=Session.Status.DRAFT)
    move_session(
        session=draft, starts_at=draft.starts_at.replace(hour=15), room=draft.room, by=organizer
    )

    assert types(endpoint) == []


def test_every_event_type_is_a_choice_of_the_form() -> None:
    assert {value for value, _label in EventType.choices} == {
        "registration.created",
        "registration.approved",
        "registration.declined",
        "registration.cancelled",
        "session.moved",
        "session.cancelled",
    }
