"""Live counts for organizers: per list, who is expected, who came, who is in, who did not come.

Read in five queries whatever the size of the event: the lists, the approved delegates, the
sessions' sign-ups and people, and the valid scans, which are folded in order (a person is in
after a valid entry until a valid exit).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from checkin.models import Checkin, CheckinList
from events.models import Event
from registrations.models import Registration
from sessions_app.models import SessionPerson, Signup


@dataclass(frozen=True)
class ListCount:
    checkin_list: CheckinList
    expected: int
    arrived: int  # came in at least once
    inside: int  # in now

    @property
    def no_shows(self) -> int:
        return max(self.expected - self.arrived, 0)

    def as_json(self) -> dict[str, int]:
        return {
            "list": self.checkin_list.pk,
            "expected": self.expected,
            "arrived": self.arrived,
            "inside": self.inside,
            "no_shows": self.no_shows,
        }


def counts_for(event: Event, lists: Sequence[CheckinList]) -> list[ListCount]:
    approved = Registration.objects.filter(event=event, status=Registration.Status.APPROVED)
    approved_users = set(approved.values_list("user_id", flat=True))
    expected = _expected_in_sessions([x.session_id for x in lists if x.session_id], approved_users)
    arrived, inside = _presence(lists)
    return [
        ListCount(
            checkin_list=x,
            expected=len(approved_users) if x.session_id is None else len(expected[x.session_id]),
            arrived=len(arrived[x.pk]),
            inside=inside[x.pk],
        )
        for x in lists
    ]


def _expected_in_sessions(
    session_ids: list[int | None], approved_users: set[int]
) -> dict[int | None, set[int]]:
    """Per session, the approved delegates with a seat, and its registered speakers and
    moderators (they are on the list too)."""
    expected: dict[int | None, set[int]] = defaultdict(set)
    seated = Signup.objects.filter(session__in=session_ids, status=Signup.Status.SIGNED_UP)
    billed = SessionPerson.objects.filter(session__in=session_ids, user__isnull=False)
    for rows in (seated, billed):
        for session_id, user_id in rows.values_list("session_id", "user_id"):
            if user_id in approved_users:
                expected[session_id].add(user_id)
    return expected


def _presence(lists: Sequence[CheckinList]) -> tuple[dict[int, set[int]], dict[int, int]]:
    valid = Checkin.objects.filter(
        checkin_list__in=lists, result=Checkin.Result.VALID, registration__isnull=False
    ).order_by("created_at", "pk")
    arrived: dict[int, set[int]] = defaultdict(set)
    last: dict[tuple[int, int], str] = {}
    for list_id, registration_id, direction in valid.values_list(
        "checkin_list_id", "registration_id", "direction"
    ):
        if direction == Checkin.Direction.ENTRY:
            arrived[list_id].add(registration_id)
        last[(list_id, registration_id)] = direction
    inside: dict[int, int] = defaultdict(int)
    for (list_id, _registration), direction in last.items():
        if direction == Checkin.Direction.ENTRY:
            inside[list_id] += 1
    return arrived, inside
