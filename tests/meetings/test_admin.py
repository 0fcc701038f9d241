"""Organizers set up slots and rooms in the administration; a slot outside the event is
refused there with a message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import Event
from meetings.models import MeetingRoom, MeetingSlot

pytestmark = pytest.mark.django_db


def admin_client(organizer: User) -> Client:
    client = Client()
    client.force_login(organizer)
    return client


def test_an_organizer_adds_a_slot_and_a_table(organizer: User, event: Event) -> None:
    client = admin_client(organizer)
    day = event.start_date.isoformat()
    response = client.post(
        reverse("admin:meetings_meetingslot_add"),
        {
            "event": event.pk,
            "starts_at_0": day,
            "starts_at_1": "12:00",
            "ends_at_0": day,
            "ends_at_1": "12:30",
        },
    )
    assert response.status_code == 302
    slot = MeetingSlot.objects.get()
    # Read on the event's clock (Copenhagen), not the site's UTC.
    assert slot.starts_at == dt.datetime.combine(event.start_date, dt.time(12), tzinfo=event.zone)
    page = client.get(reverse("admin:meetings_meetingslot_change", args=[slot.pk])).content.decode()
    assert 'value="12:00:00"' in page
    response = client.post(
        reverse("admin:meetings_meetingroom_add"),
        {"event": event.pk, "name": "Table 9", "capacity": 6},
    )
    assert response.status_code == 302
    assert MeetingRoom.objects.get().name == "Table 9"


def test_a_slot_outside_the_event_is_refused_in_the_admin(organizer: User, event: Event) -> None:
    response = admin_client(organizer).post(
        reverse("admin:meetings_meetingslot_add"),
        {
            "event": event.pk,
            "starts_at_0": "2050-01-01",
            "starts_at_1": "12:00",
            "ends_at_0": "2050-01-01",
            "ends_at_1": "12:30",
        },
    )
    assert response.status_code == 200
    assert "The slot must lie within the event&#x27;s days." in response.content.decode()
    assert not MeetingSlot.objects.exists()


def test_meeting_requests_are_read_only_in_the_admin(organizer: User, event: Event) -> None:
    client = admin_client(organizer)
    assert client.get(reverse("admin:meetings_meetingrequest_changelist")).status_code == 200
    assert client.get(reverse("admin:meetings_meetingrequest_add")).status_code == 403
