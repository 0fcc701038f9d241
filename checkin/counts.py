"""Live counts for organizers: per list, who is expected, who came, who is in, who did not come.

Read in five queries whatever the size of the event: the lists, the approved delegates, each
session's seats and its speakers without a seat (counted by the database), and the valid scans,
which are folded in order (a person is in after a valid entry until a valid exit).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef

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
    expected = _expected_in_sessions([x.session_id for x in lists if x.session_id], approved)
    arrived, inside = _presence(lists)
    return [
        ListCount(
            checkin_list=x,
            expected=len(approved_users) if x.session_id is None else expected[x.session_id],
            arrived=len(arrived[x.pk]),
            inside=inside[x.pk],
        )
        for x in lists
    ]


def _expected_in_sessions(session_ids: list[int | None], approved: Any) -> dict[int | None, int]:
    """Per session, the approved delegates with a seat, and its registered speakers and
    moderators (they are on the list too), each person once. Counted by the database: a
    person has at most one seat and one billing per session (the unique constraints), so the
    number is the seated plus the billed who have no seat."""
    approved_users = approved.order_by().values("user_id")
    seated = Signup.objects.filter(
        session__in=session_ids, status=Signup.Status.SIGNED_UP, user__in=approved_users
    )
    billed = SessionPerson.objects.filter(session__in=session_ids, user__in=approved_users).exclude(
        Exists(
            Signup.objects.filter(
                session=OuterRef("session"), user=OuterRef("user"), status=Signup.Status.SIGNED_UP
            )
        )
    )
    expected: dict[int | None, int] = defaultdict(int)
    for rows in (seated, billed):
        for session_id, n in (
            rows.order_by()
            .values("session_id")
            .annotate(n=Count("pk"))
            .values_list("session_id", "n")
        ):
            expected[session_id] += n
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
