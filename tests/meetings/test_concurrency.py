"""Two coordinators accept two different requests for the same room and slot at the same
instant, each through its own database connection (PostgreSQL: SQLite ignores row locks).
One meeting is booked there; the other acceptance is refused with a reason."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from events.models import Event
from meetings import services
from meetings.models import MeetingRequest, MeetingRoom, MeetingSlot
from tests.meetings.conftest import Side, make_side
from tests.services import need_postgres

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def at_once(
    jobs: list[Callable[[], MeetingRequest]],
) -> tuple[list[MeetingRequest], list[Exception]]:
    barrier = threading.Barrier(len(jobs))
    done: list[MeetingRequest] = []
    errors: list[Exception] = []

    def run(job: Callable[[], MeetingRequest]) -> None:
        try:
            barrier.wait(timeout=30)
            done.append(job())
        except Exception as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return done, errors


def test_two_acceptances_of_one_room_and_slot_at_once_book_one_meeting(
    event: Event, slots: list[MeetingSlot]
) -> None:
    need_postgres()
    summit = event
    table = MeetingRoom.objects.create(event=summit, name="The only table", capacity=6)
    pairs = [
        (make_side(summit, "Oslo", "NO", "ola"), make_side(summit, "Turku", "FI", "tuula")),
        (make_side(summit, "Aarhus", "DK", "aase"), make_side(summit, "Malmö", "SE", "maja")),
    ]
    requests = [
        services.request_meeting(
            requester=a.delegation,
            recipient=b.delegation,
            by=None,
            topic=f"Topic {n}",
            slots=[slots[0]],
            participants=[a.lead],
        )
        for n, (a, b) in enumerate(pairs)
    ]

    def accept(meeting: MeetingRequest, side: Side) -> Callable[[], MeetingRequest]:
        return lambda: services.accept_meeting(
            meeting=meeting,
            delegation=side.delegation,
            by=None,
            slot=slots[0],
            participants=[side.lead],
            room=table,
        )

    done, errors = at_once([accept(m, b) for m, (_a, b) in zip(requests, pairs, strict=True)])

    assert len(done) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], services.MeetingRefused)
    assert "The only table" in str(errors[0])
    booked = MeetingRequest.objects.filter(status="accepted", room=table, slot=slots[0])
    assert booked.count() == 1
    loser = MeetingRequest.objects.exclude(pk=booked.get().pk).get()
    assert loser.status == MeetingRequest.Status.PENDING  # still open: another room or slot may do
