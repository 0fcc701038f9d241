"""The builder warns before publishing when a session moved onto an accepted meeting holds one
of its participants (a seat, or billed on it): meetings checks the agenda when a meeting is
booked, not when a session moves later (meetings.clashes through sessions_app.builder_warnings)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from meetings import services
from meetings.models import MeetingRequest, MeetingSlot
from sessions_app.models import Session, SessionPerson, Signup
from tests.factories import RoomFactory
from tests.meetings.conftest import FIRST_DAY, Side
from tests.sessions_app.factories import SessionFactory, SignupFactory, local

pytestmark = pytest.mark.django_db
CLASH = (
    "Tuula Member is in this session and in the bilateral meeting of Oslo and Turku at the same "
    "time."
)


@pytest.fixture
def accepted(request_: MeetingRequest, turku: Side, slots: list[MeetingSlot]) -> MeetingRequest:
    """Oslo and Turku meet 09:00-09:30, Turku with its member."""
    return services.accept_meeting(
        meeting=request_,
        delegation=turku.delegation,
        by=turku.coordinator,
        slot=slots[0],
        participants=[turku.member],
    )


def session_at(side: Side, hour: int, **fields: object) -> Session:
    event = side.delegation.event
    return SessionFactory.create(
        event=event,
        room=RoomFactory.create(venue=event.venue),
        title=f"Session at {hour}",
        starts_at=local(FIRST_DAY, hour),
        ends_at=local(FIRST_DAY, hour + 1),
        **fields,
    )


def builder(organizer: User, side: Side) -> list[tuple[Session, str]]:
    client = Client()
    client.force_login(organizer)
    url = reverse("sessions_app:builder", kwargs={"slug": side.delegation.event.slug})
    response = client.get(f"{url}?day={FIRST_DAY.isoformat()}")
    assert response.status_code == 200
    return list(response.context["clashes"])


def test_a_session_moved_onto_a_meeting_its_seated_participant_is_in_is_warned_of(
    accepted: MeetingRequest, turku: Side, organizer: User
) -> None:
    session = session_at(turku, 11)
    SignupFactory.create(session=session, user=turku.member.user)
    assert builder(organizer, turku) == []

    client = Client()
    client.force_login(organizer)
    move = reverse(
        "sessions_app:builder_move", kwargs={"slug": session.event.slug, "pk": session.pk}
    )
    client.post(move, {"room": session.room.pk, "day": FIRST_DAY, "start": "09:00", "end": "10:00"})

    assert builder(organizer, turku) == [(session, CLASH)]
    page = client.get(reverse("sessions_app:builder", kwargs={"slug": session.event.slug}))
    assert "have a bilateral meeting at the same time" in page.content.decode()


def test_a_speaker_in_the_meeting_is_warned_of_too(
    accepted: MeetingRequest, turku: Side, organizer: User
) -> None:
    session = session_at(turku, 9)
    SessionPerson.objects.create(session=session, user=turku.member.user, name="Tuula Member")

    assert builder(organizer, turku) == [(session, CLASH)]


def test_no_warning_for_a_cancelled_session_a_waiting_list_place_or_another_hour(
    accepted: MeetingRequest, turku: Side, oslo: Side, organizer: User
) -> None:
    cancelled = session_at(turku, 9, status=Session.Status.CANCELLED)
    SignupFactory.create(session=cancelled, user=turku.member.user)
    full = session_at(turku, 9)
    SignupFactory.create(session=full, user=turku.member.user, status=Signup.Status.WAITLISTED)
    later = session_at(turku, 10)  # from 10:00, after the meeting's 09:30 end
    SignupFactory.create(session=later, user=turku.member.user)
    outsider = session_at(turku, 9)
    SignupFactory.create(session=outsider, user=oslo.member.user)  # not in the meeting

    assert builder(organizer, turku) == []


def session_page(organizer: User, session: Session) -> str:
    client = Client()
    client.force_login(organizer)
    url = reverse(
        "sessions_app:builder_session", kwargs={"slug": session.event.slug, "pk": session.pk}
    )
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_builders_session_page_warns_of_its_own_clash_only(
    accepted: MeetingRequest, turku: Side, organizer: User
) -> None:
    clashing = session_at(turku, 9)
    SignupFactory.create(session=clashing, user=turku.member.user)
    later = session_at(turku, 10)
    SignupFactory.create(session=later, user=turku.member.user)
    heading = (
        "Before you publish: people in this session have a bilateral meeting at the same time."
    )

    page, other = session_page(organizer, clashing), session_page(organizer, later)

    assert heading in page
    assert f"<li>{CLASH}</li>" in page
    assert heading not in other
    assert CLASH not in other
