"""A sign-up that overlaps the person's accepted meeting is a clash, like one that overlaps a
session they chose (sessions_app.signups reads the agenda items meetings provides)."""

from __future__ import annotations

import pytest

from meetings import services
from meetings.models import MeetingRequest, MeetingSlot
from sessions_app.models import Signup
from sessions_app.services import SessionError
from sessions_app.signups import sign_up
from tests.factories import RoomFactory
from tests.meetings.conftest import Side
from tests.sessions_app.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_a_session_during_ones_meeting_is_a_clash_that_may_be_confirmed(
    request_: MeetingRequest, oslo: Side, turku: Side, slots: list[MeetingSlot]
) -> None:
    services.accept_meeting(
        meeting=request_,
        delegation=turku.delegation,
        by=turku.coordinator,
        slot=slots[0],
        participants=[turku.member],
    )
    room = RoomFactory.create(venue=turku.delegation.event.venue)
    during = SessionFactory.create(
        event=turku.delegation.event,
        room=room,
        title="Night economy panel",
        starts_at=slots[0].starts_at,
        ends_at=slots[1].ends_at,
    )
    after = SessionFactory.create(
        event=turku.delegation.event,
        room=room,
        title="Street teams",
        starts_at=slots[2].starts_at,
        ends_at=slots[3].ends_at,
    )

    with pytest.raises(SessionError) as refused:
        sign_up(session=during, user=turku.member.user)

    assert refused.value.code == "clash"
    assert "which is in your agenda" in str(refused.value)
    assert "Oslo" in str(refused.value)  # the meeting's title names the other city
    assert not Signup.objects.filter(user=turku.member.user, session=during).exists()
    # Not one of the meeting's people: no clash. After the meeting: no clash.
    assert sign_up(session=during, user=turku.lead.user).status == Signup.Status.SIGNED_UP
    assert sign_up(session=after, user=turku.member.user).status == Signup.Status.SIGNED_UP
    # The person may still choose it, knowing.
    confirmed = sign_up(session=during, user=turku.member.user, confirm_clash=True)
    assert confirmed.status == Signup.Status.SIGNED_UP
