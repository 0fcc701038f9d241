"""A confidential meeting never appears in a public output: every page, calendar, export and
API answer a visitor (or a delegate who is not a participant, or the dashboard) can get is
rendered, and none holds its topic, message or the names of its rooms."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from api.ids import session_public_id
from meetings import services
from meetings.models import MeetingRequest, MeetingRoom, MeetingSlot
from sessions_app.models import CalendarFeedToken, Session
from tests.factories import RoomFactory
from tests.meetings.conftest import FIRST_DAY, Side, make_side
from tests.sessions_app.factories import SessionFactory, local

pytestmark = pytest.mark.django_db
SECRET = "Harbour secret 7F3Q"
NOTE = "Whisper 9K2Z"


@pytest.fixture
def secret_meetings(oslo: Side, turku: Side, slots: list[MeetingSlot], organizer: User) -> Session:
    event = oslo.delegation.event
    hall = RoomFactory.create(venue=event.venue, name="Plenary hall", capacity=300)
    session = SessionFactory.create(
        event=event,
        room=hall,
        title="Opening plenary",
        starts_at=local(FIRST_DAY, 14),
        ends_at=local(FIRST_DAY, 15),
    )
    booth = MeetingRoom.objects.create(event=event, name="Booth Quiet 5X", capacity=6, room=hall)
    accepted = services.request_meeting(
        requester=oslo.delegation,
        recipient=turku.delegation,
        by=oslo.coordinator,
        topic=SECRET,
        message=NOTE,
        slots=slots[:1],
        participants=[oslo.lead],
        confidential=True,
    )
    services.accept_meeting(
        meeting=accepted,
        delegation=turku.delegation,
        by=turku.coordinator,
        slot=slots[0],
        participants=[turku.lead],
        room=booth,
    )
    services.request_meeting(
        requester=turku.delegation,
        recipient=oslo.delegation,
        by=turku.coordinator,
        topic=SECRET + " (pending)",
        message=NOTE,
        slots=slots[2:3],
        participants=[turku.member],
        confidential=True,
    )
    return session


def public_urls(session: Session) -> list[str]:
    slug = session.event.slug
    return [
        reverse("events:home"),
        reverse("events:event_detail", kwargs={"slug": slug}),
        reverse("sessions_app:agenda", kwargs={"slug": slug}),
        reverse("sessions_app:session_detail", kwargs={"pk": session.pk}),
        reverse("sessions_app:download_agenda", kwargs={"slug": slug}),
        reverse("sessions_app:download_session", kwargs={"pk": session.pk}),
        reverse("sessions_app:changelog", kwargs={"slug": slug}),
        reverse("schedules:schedule_xml", kwargs={"slug": slug}),
        reverse("schedules:schedule_json", kwargs={"slug": slug}),
        reverse("schedules:schedule2_json", kwargs={"slug": slug}),
        reverse("api:event_list"),
        reverse("api:event_detail", kwargs={"slug": slug}),
        reverse("api:room_list", kwargs={"slug": slug}),
        reverse("api:session_list", kwargs={"slug": slug}),
        reverse("api:people_list", kwargs={"slug": slug}),
        reverse("api:session_detail", kwargs={"public_id": session_public_id(session.uid)}),
        reverse("api:schema"),
    ]


def assert_secret_absent(content: bytes, where: str) -> None:
    text = content.decode()
    for needle in (SECRET, NOTE, "Booth Quiet 5X", "7F3Q"):
        assert needle not in text, f"{needle!r} found in {where}"


def test_no_public_output_shows_a_confidential_meeting(secret_meetings: Session) -> None:
    client = Client()
    for url in public_urls(secret_meetings):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_secret_absent(response.content, url)


def test_a_delegate_who_is_no_participant_sees_nothing_of_it(
    secret_meetings: Session, oslo: Side
) -> None:
    aarhus = make_side(secret_meetings.event, "Aarhus", "DK", "aase")
    client = Client()
    client.force_login(aarhus.member.user)
    slug = secret_meetings.event.slug
    pages = [
        *public_urls(secret_meetings),
        reverse("sessions_app:my_agenda"),
        reverse("sessions_app:download_my_agenda"),
        reverse("registrations:delegate_list", kwargs={"slug": slug}),
        reverse("registrations:my_registrations"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_secret_absent(response.content, url)
    raw = CalendarFeedToken.issue(aarhus.member.user)
    feed = Client().get(reverse("sessions_app:calendar_feed", kwargs={"token": raw}))
    assert_secret_absent(feed.content, "the personal feed")
    # The same person's colleague in the meeting does see it: the test can find it.
    mine = Client()
    mine.force_login(oslo.lead.user)
    assert SECRET in mine.get(reverse("sessions_app:my_agenda")).content.decode()


def test_the_dashboard_and_the_organizers_lists_show_no_topic(
    secret_meetings: Session, organizer: User
) -> None:
    client = Client()
    client.force_login(organizer)
    slug = secret_meetings.event.slug
    for url in (
        reverse("reports:dashboard", kwargs={"slug": slug}),
        reverse("reports:list"),
        reverse("registrations:event_registrations", kwargs={"slug": slug}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_secret_absent(response.content, url)
    assert MeetingRequest.objects.filter(confidential=True).count() == 2
    # The dashboard counts them, by status, and that is all it says.
    dashboard = client.get(reverse("reports:dashboard", kwargs={"slug": slug}))
    meetings = next(c for c in dashboard.context["charts"] if c["figure"].key == "meetings")
    counts = {row.label: row.value for row in meetings["figure"].rows}
    assert (counts["Pending"], counts["Accepted"]) == (1, 1)
