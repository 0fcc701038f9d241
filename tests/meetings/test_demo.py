"""The demo's next summit has meeting requests in every state, each with its history."""

from __future__ import annotations

import pytest

from demo.load import load_demo
from meetings.models import MeetingRequest

pytestmark = pytest.mark.django_db


def test_the_demo_summit_has_a_request_in_every_state() -> None:
    load_demo()
    rows = MeetingRequest.objects.filter(event__slug="nsc-annual-summit-next")
    assert sorted(rows.values_list("status", flat=True)) == sorted(
        ["pending", "counter_proposed", "accepted", "accepted", "declined", "expired", "cancelled"]
    )
    secret = rows.get(confidential=True)
    assert (secret.status, secret.interpreter_needed) == ("accepted", True)
    for meeting in rows:
        assert meeting.changes.filter(kind="requested").exists()
        if meeting.status in ("accepted", "cancelled"):
            assert meeting.invited_sequence == meeting.sequence  # noted as sent: nobody mailed
    load_demo()
    assert rows.count() == 7
