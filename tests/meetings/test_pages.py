"""The coordinators' and organizers' pages end to end: forms, refusals, hostile input, My
agenda and the personal feed, and fixed query counts for the lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from meetings import services
from meetings.models import MeetingRequest, MeetingRoom, MeetingSlot
from sessions_app.models import CalendarFeedToken
from tests.factories import EventFactory
from tests.meetings.conftest import FIRST_DAY, Side, make_side
from tests.sessions_app.factories import local
from tests.sessions_app.feeds import feed_url, uids

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def request_data(
    turku: Side, oslo: Side, offered: list[MeetingSlot], **overrides: Any
) -> dict[str, Any]:
    data = {
        "recipient": turku.delegation.pk,
        "topic": "Safe night-time streets",
        "message": "Shall we?",
        "slots": [offered[0].pk, offered[1].pk],
        "participants": [oslo.lead.pk],
        "interpret_from": "",
        "interpret_to": "",
    }
    return {**data, **overrides}


def test_a_coordinator_sends_a_request_from_the_form(
    oslo: Side, turku: Side, slots: list[MeetingSlot], tables: list[MeetingRoom]
) -> None:
    url = reverse("meetings:new_request", kwargs={"pk": oslo.delegation.pk})
    data = request_data(
        turku, oslo, slots, interpreter_needed="on", interpret_from="no", interpret_to="fi"
    )
    response = signed_in(oslo.coordinator).post(url, data)
    meeting = MeetingRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:meeting_detail", kwargs={"pk": meeting.pk})
    assert (meeting.topic, meeting.interpret_from, meeting.interpret_to) == (
        "Safe night-time streets",
        "no",
        "fi",
    )
    assert set(meeting.proposed_slots.all()) == set(slots[:2])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"topic": ""}, "This field is required."),
        ({"topic": "x" * 201}, "at most 200 characters"),
        ({"slots": []}, "This field is required."),
        ({"slots": ["abc"]}, "is not a valid value"),
        ({"slots": ["999999"]}, "Select a valid choice"),
        ({"recipient": "999999"}, "Select a valid choice"),
        ({"participants": ["'; DROP TABLE x;--"]}, "is not a valid value"),
        ({"interpreter_needed": "on"}, "Name both languages"),
        ({"interpreter_needed": "on", "interpret_from": "fi", "interpret_to": "fi"}, "must differ"),
        ({"interpret_from": "klingon"}, "Select a valid choice"),
    ],
)
def test_bad_request_input_gets_a_clear_message(
    overrides: dict[str, Any], message: str, oslo: Side, turku: Side, slots: list[MeetingSlot]
) -> None:
    url = reverse("meetings:new_request", kwargs={"pk": oslo.delegation.pk})
    response = signed_in(oslo.coordinator).post(url, request_data(turku, oslo, slots, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MeetingRequest.objects.exists()


def test_a_delegation_or_a_participant_of_another_event_or_delegation_is_no_choice(
    oslo: Side, turku: Side, slots: list[MeetingSlot]
) -> None:
    elsewhere = make_side(EventFactory.create(), "Bergen", "NO", "berit")
    url = reverse("meetings:new_request", kwargs={"pk": oslo.delegation.pk})
    client = signed_in(oslo.coordinator)
    for overrides in ({"recipient": elsewhere.delegation.pk}, {"participants": [turku.member.pk]}):
        response = client.post(url, request_data(turku, oslo, slots, **overrides))
        assert "Select a valid choice" in response.content.decode()
    assert not MeetingRequest.objects.exists()


def test_a_refusal_is_shown_with_its_reason(
    request_: MeetingRequest, oslo: Side, turku: Side, slots: list[MeetingSlot]
) -> None:
    aarhus = make_side(request_.event, "Aarhus", "DK", "aase")
    url = reverse("meetings:new_request", kwargs={"pk": aarhus.delegation.pk})
    data = request_data(turku, aarhus, slots, participants=[aarhus.lead.pk])
    response = signed_in(aarhus.coordinator).post(url, data)
    assert response.status_code == 200
    assert (
        "is held by another meeting request that waits for an answer" in response.content.decode()
    )


def test_hostile_topic_is_shown_as_text(oslo: Side, turku: Side, slots: list[MeetingSlot]) -> None:
    meeting = services.request_meeting(
        requester=oslo.delegation,
        recipient=turku.delegation,
        by=None,
        topic="<script>alert(1)</script>",
        slots=slots[:1],
        participants=[oslo.lead],
    )
    html = (
        signed_in(turku.coordinator)
        .get(reverse("meetings:meeting_detail", kwargs={"pk": meeting.pk}))
        .content.decode()
    )
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_accepting_through_the_page_and_bad_accept_input(
    request_: MeetingRequest, turku: Side, slots: list[MeetingSlot], tables: list[MeetingRoom]
) -> None:
    client = signed_in(turku.coordinator)
    url = reverse("meetings:accept", kwargs={"pk": request_.pk})
    for bad in (
        {"accept-slot": "x"},
        {"accept-slot": slots[3].pk},
        {"accept-slot": slots[0].pk, "accept-room": "0"},
        {},
    ):
        response = client.post(url, bad)
        assert response.status_code == 400, bad
        assert (
            "Select a valid choice" in response.content.decode()
            or "required" in response.content.decode()
        )
    nobody = client.post(url, {"accept-slot": slots[0].pk})  # no participant of Turku chosen yet
    assert nobody.status_code == 400
    assert "This field is required." in nobody.content.decode()
    sofa = MeetingRoom.objects.create(event=request_.event, name="Sofa", capacity=2)
    everyone = [turku.lead.pk, turku.member.pk]
    refused = client.post(
        url, {"accept-slot": slots[0].pk, "accept-participants": everyone, "accept-room": sofa.pk}
    )
    assert refused.status_code == 409
    assert "Sofa seats 2; this meeting needs 3." in refused.content.decode()
    done = client.post(
        url,
        {
            "accept-slot": slots[0].pk,
            "accept-participants": [turku.member.pk],
            "accept-room": tables[1].pk,
        },
    )
    assert done.status_code == 302
    request_.refresh_from_db()
    assert (request_.status, request_.room) == ("accepted", tables[1])


def test_a_counter_proposal_through_the_page(
    request_: MeetingRequest, turku: Side, slots: list[MeetingSlot]
) -> None:
    url = reverse("meetings:counter", kwargs={"pk": request_.pk})
    response = signed_in(turku.coordinator).post(
        url, {"counter-slots": [slots[3].pk], "counter-note": "Later?"}
    )
    assert response.status_code == 302
    request_.refresh_from_db()
    assert request_.status == "counter_proposed"
    assert list(request_.proposed_slots.all()) == [slots[3]]


def test_participants_see_their_meeting_in_my_agenda_and_their_feed(
    request_: MeetingRequest,
    oslo: Side,
    turku: Side,
    slots: list[MeetingSlot],
    tables: list[MeetingRoom],
) -> None:
    services.accept_meeting(
        meeting=request_,
        delegation=turku.delegation,
        by=None,
        slot=slots[0],
        participants=[turku.member],
    )
    agenda = reverse("sessions_app:my_agenda")
    mine = signed_in(turku.member.user).get(agenda).content.decode()
    assert "Meeting Oslo – Turku: Safe night-time streets" in mine
    not_mine = signed_in(oslo.member.user).get(agenda).content.decode()
    assert "Safe night-time streets" not in not_mine
    raw = CalendarFeedToken.issue(turku.member.user)
    assert uids(Client().get(feed_url(raw))) == [request_.uid]
    other = CalendarFeedToken.issue(oslo.member.user)
    assert uids(Client().get(feed_url(other))) == []
    # A cancellation takes it out of the cached feed at once.
    services.cancel_meeting(meeting=request_, delegation=None, by=None)
    assert uids(Client().get(feed_url(raw))) == []
    download = signed_in(oslo.lead.user).get(reverse("sessions_app:download_my_agenda"))
    assert request_.uid not in download.content.decode()


def crowd(event: Any, prefix: str, count: int, room: MeetingRoom) -> Side:
    """`count` requests to one delegation from as many others, each in a slot of its own on
    the second day: every other one pending, the rest booked."""
    hub = make_side(event, f"{prefix} hub", "IS", f"{prefix}hub")
    for n in range(count):
        other = make_side(event, f"{prefix} city {n}", "SE", f"{prefix}{n}")
        starts = local(FIRST_DAY + dt.timedelta(days=1), 8, 0) + dt.timedelta(minutes=20 * n)
        slot = MeetingSlot.objects.create(
            event=event, starts_at=starts, ends_at=starts + dt.timedelta(minutes=20)
        )
        if n % 2:
            services.schedule_meeting(
                requester=other.delegation,
                recipient=hub.delegation,
                by=None,
                topic=f"Topic {n}",
                slot=slot,
                participants=[other.member, hub.lead],
                room=room,
            )
        else:
            services.request_meeting(
                requester=other.delegation,
                recipient=hub.delegation,
                by=None,
                topic=f"Topic {n}",
                slots=[slot],
                participants=[other.lead],
            )
    return hub


@pytest.mark.parametrize("view", ["delegation_meetings", "event_meetings"])
def test_the_lists_cost_the_same_queries_for_few_and_many_requests(
    view: str, event: Any, tables: list[MeetingRoom], organizer: User
) -> None:
    counts = []
    client = signed_in(organizer)
    for prefix, size in (("a", 2), ("b", 12)):
        MeetingRequest.objects.all().delete()
        MeetingSlot.objects.all().delete()
        hub = crowd(event, prefix, size, tables[1])
        url = (
            reverse("meetings:delegation_meetings", kwargs={"pk": hub.delegation.pk})
            if view == "delegation_meetings"
            else reverse("meetings:event_meetings", kwargs={"slug": event.slug})
        )
        client.get(url)  # warm the session and the permission caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert f"Topic {size - 1}" in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_organizer_books_a_meeting_centrally(
    oslo: Side, turku: Side, slots: list[MeetingSlot], tables: list[MeetingRoom], organizer: User
) -> None:
    url = reverse("meetings:schedule", kwargs={"slug": oslo.delegation.event.slug})
    client = signed_in(organizer)
    data = {
        "requester": oslo.delegation.pk,
        "recipient": turku.delegation.pk,
        "topic": "Budget",
        "slot": slots[1].pk,
        "participants": [oslo.lead.pk, turku.member.pk],
    }
    same = client.post(url, {**data, "recipient": oslo.delegation.pk})
    assert "Choose two different delegations of this event." in same.content.decode()
    bad = client.post(url, {**data, "slot": "nope"})
    assert "Select a valid choice" in bad.content.decode()
    response = client.post(url, data)
    meeting = MeetingRequest.objects.get()
    assert response.status_code == 302
    assert (meeting.status, meeting.slot, meeting.room) == ("accepted", slots[1], tables[0])
    assert list(meeting.changes.values_list("kind", flat=True)) == ["scheduled"]
