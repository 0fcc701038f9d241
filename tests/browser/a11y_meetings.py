"""The meetings part of the accessibility tests' world: Oslo asks the coordinator's
delegation for a meeting (so the answer forms show), and one meeting is already agreed (so
"My agenda" and the organizers' grid show one)."""

from __future__ import annotations

import datetime as dt

from events.models import Event
from meetings import services
from meetings.models import MeetingRequest, MeetingRoom, MeetingSlot
from registrations.models import Registration
from tests.factories import CityFactory, UserFactory
from tests.registrations.factories import RegistrationFactory
from tests.sessions_app.factories import local


def build_meetings(event: Event, registration: Registration) -> MeetingRequest:
    oslo = CityFactory.create(name="Oslo", country="NO")
    lead = RegistrationFactory.create(
        event=event,
        city=oslo,
        badge_name="Ola Nordmann",
        user=UserFactory.create(email="ola@oslo.example", first_name="Ola"),
    )
    day = event.start_date
    slots = [
        MeetingSlot.objects.create(
            event=event,
            starts_at=local(day, 8, 30 * n) if n < 2 else local(day, 9, 30 * (n - 2)),
            ends_at=(local(day, 8, 30 * n) if n < 2 else local(day, 9, 30 * (n - 2)))
            + dt.timedelta(minutes=30),
        )
        for n in range(4)
    ]
    MeetingRoom.objects.create(event=event, name="Table 1", capacity=4)
    MeetingRoom.objects.create(event=event, name="Table 2", capacity=8)
    agreed = services.request_meeting(
        requester=registration.delegation,
        recipient=lead.delegation,
        by=registration.user,
        topic="Shared CCTV guidelines",
        slots=[slots[0]],
        participants=[registration],
        confidential=True,
    )
    services.accept_meeting(
        meeting=agreed, delegation=lead.delegation, by=lead.user, slot=slots[0], participants=[lead]
    )
    return services.request_meeting(
        requester=lead.delegation,
        recipient=registration.delegation,
        by=lead.user,
        topic="Night-time economy",
        slots=slots[1:3],
        participants=[lead],
        interpreter_needed=True,
        interpret_from="no",
        interpret_to="da",
    )
