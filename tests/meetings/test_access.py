"""Who may see and do what: only the two coordinators and organizers act; participants see
their own meeting; everyone else gets nothing (404, or 403 on organizers' pages)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from meetings.models import MeetingRequest, MeetingSlot
from tests.factories import UserFactory
from tests.meetings.conftest import Side, make_side
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(
    request_: MeetingRequest, oslo: Side, turku: Side, organizer: User, outsider: User
) -> dict[str, User | None]:
    aarhus = make_side(request_.event, "Aarhus", "DK", "aase")
    request_.participants.create(registration=oslo.member, side="requester")
    colleague = RegistrationFactory.create(
        event=request_.event,
        city=oslo.delegation.city,
        user=UserFactory.create(email="colleague@example.org"),
    )
    return {
        "anonymous": None,
        "outsider": outsider,
        "other coordinator": aarhus.coordinator,
        "colleague": colleague.user,
        "participant": oslo.member.user,
        "requester": oslo.coordinator,
        "recipient": turku.coordinator,
        "organizer": organizer,
    }


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def status(client: Client, method: str, url: str, data: dict[str, Any] | None = None) -> int:
    response = getattr(client, method)(url, data or {})
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return 401  # shorthand in the tables: sent to sign in
    return int(response.status_code)


DETAIL = {
    "anonymous": 401,
    "outsider": 404,
    "other coordinator": 404,
    "colleague": 404,
    "participant": 200,
    "requester": 200,
    "recipient": 200,
    "organizer": 200,
}
DELEGATION_PAGE = {
    "anonymous": 401,
    "outsider": 404,
    "other coordinator": 404,
    "colleague": 404,
    "participant": 404,
    "requester": 200,
    "recipient": 404,
    "organizer": 200,
}
ORGANIZER_PAGE = {
    "anonymous": 401,
    "outsider": 403,
    "other coordinator": 403,
    "colleague": 403,
    "participant": 403,
    "requester": 403,
    "recipient": 403,
    "organizer": 200,
}


@pytest.mark.parametrize("who", list(DETAIL))
def test_who_sees_a_meeting(
    who: str, people: dict[str, User | None], request_: MeetingRequest
) -> None:
    url = reverse("meetings:meeting_detail", kwargs={"pk": request_.pk})
    assert status(client_for(people[who]), "get", url) == DETAIL[who]


@pytest.mark.parametrize("who", list(DELEGATION_PAGE))
def test_who_sees_a_delegations_requests(
    who: str, people: dict[str, User | None], oslo: Side
) -> None:
    for name in ("delegation_meetings", "new_request"):
        url = reverse(f"meetings:{name}", kwargs={"pk": oslo.delegation.pk})
        assert status(client_for(people[who]), "get", url) == DELEGATION_PAGE[who], name


@pytest.mark.parametrize("who", list(ORGANIZER_PAGE))
def test_who_sees_the_organizers_pages(
    who: str, people: dict[str, User | None], request_: MeetingRequest
) -> None:
    for name in ("event_meetings", "schedule"):
        url = reverse(f"meetings:{name}", kwargs={"slug": request_.event.slug})
        assert status(client_for(people[who]), "get", url) == ORGANIZER_PAGE[who], name


ACT = {
    "anonymous": 401,
    "outsider": 404,
    "other coordinator": 404,
    "colleague": 404,
    "participant": 403,
    "requester": 409,
    "organizer": 302,
    "recipient": 302,
}


@pytest.mark.parametrize("who", list(ACT))
def test_who_may_decline(
    who: str, people: dict[str, User | None], request_: MeetingRequest
) -> None:
    """The invited side answers (or organizers for it); the requester waits (409: not its turn)."""
    url = reverse("meetings:decline", kwargs={"pk": request_.pk})
    assert status(client_for(people[who]), "post", url, {"decline-note": "No"}) == ACT[who]
    request_.refresh_from_db()
    declined = ACT[who] == 302
    assert request_.status == ("declined" if declined else "pending")


CANCEL = {**ACT, "requester": 302}


@pytest.mark.parametrize("who", list(CANCEL))
def test_who_may_cancel(who: str, people: dict[str, User | None], request_: MeetingRequest) -> None:
    url = reverse("meetings:cancel", kwargs={"pk": request_.pk})
    assert status(client_for(people[who]), "post", url) == CANCEL[who]
    request_.refresh_from_db()
    assert request_.status == ("cancelled" if CANCEL[who] == 302 else "pending")


def test_a_participant_sees_the_meeting_but_no_actions(
    people: dict[str, User | None], request_: MeetingRequest
) -> None:
    response = client_for(people["participant"]).get(
        reverse("meetings:meeting_detail", kwargs={"pk": request_.pk})
    )
    html = response.content.decode()
    assert "Safe night-time streets" in html
    assert 'id="accept-form"' not in html
    assert 'id="cancel-form"' not in html


def test_the_recipient_sees_the_answer_forms_and_the_requester_only_cancel(
    people: dict[str, User | None], request_: MeetingRequest
) -> None:
    url = reverse("meetings:meeting_detail", kwargs={"pk": request_.pk})
    mine = client_for(people["recipient"]).get(url).content.decode()
    theirs = client_for(people["requester"]).get(url).content.decode()
    assert 'id="accept-form"' in mine
    assert 'id="counter-form"' in mine
    assert 'id="accept-form"' not in theirs
    assert 'id="cancel-form"' in theirs


def test_actions_answer_405_to_get_and_pages_405_to_put(
    people: dict[str, User | None], request_: MeetingRequest, slots: list[MeetingSlot]
) -> None:
    client = client_for(people["recipient"])
    for name in ("accept", "counter", "decline", "cancel", "move"):
        assert (
            client.get(reverse(f"meetings:{name}", kwargs={"pk": request_.pk})).status_code == 405
        )
    assert (
        client.put(reverse("meetings:meeting_detail", kwargs={"pk": request_.pk})).status_code
        == 405
    )


def test_only_organizers_move_a_meeting(
    people: dict[str, User | None], request_: MeetingRequest, turku: Side, slots: list[MeetingSlot]
) -> None:
    from meetings import services

    services.accept_meeting(
        meeting=request_,
        delegation=turku.delegation,
        by=None,
        slot=slots[0],
        participants=[turku.lead],
    )
    url = reverse("meetings:move", kwargs={"pk": request_.pk})
    assert status(client_for(people["recipient"]), "post", url, {"move-slot": slots[2].pk}) == 409
    assert status(client_for(people["organizer"]), "post", url, {"move-slot": slots[2].pk}) == 302
    request_.refresh_from_db()
    assert (request_.slot, request_.sequence) == (slots[2], 1)
