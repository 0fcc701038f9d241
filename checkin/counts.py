"""Live counts for organizers: per list, who is expected, who came, who is in, who did not come.

Read in five queries whatever the size of the event: the lists, the approved delegates, the
sessions' sign-ups and people, and the valid scans, which are folded in order (a person is in
after a valid entry until a valid exit). The dashboard's arrivals (who came of who was
expected) are counted by the database instead, in five queries that return a row per list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet

from checkin.models import Checkin, CheckinList, entrance_name
from events.models import Event
from events.translated import lookups
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


@dataclass(frozen=True)
class Arrivals:
    name: str  # the list's, as CheckinList.name
    expected: int
    arrived: int  # came in at least once


def arrivals_for(event: Event) -> list[Arrivals]:
    """Per list of the event, in the lists' order, the same expected and arrived as counts_for,
    counted by the database: no row per person or per scan reaches Python (30,000 sign-ups at
    the bench summit), and no list, event or session object is built."""
    lists = CheckinList.objects.filter(event=event)
    rows = list(lists.values_list("pk", "session_id", *lookups("session__title")))
    if not rows:
        return []
    approved = Registration.objects.filter(
        event=event, status=Registration.Status.APPROVED
    ).order_by()
    everyone = approved.aggregate(n=Count("user_id", distinct=True))["n"]
    expected = _expected_by_session(lists, approved.values("user_id"))
    arrived = dict(
        Checkin.objects.filter(
            checkin_list__in=lists,
            result=Checkin.Result.VALID,
            direction=Checkin.Direction.ENTRY,
            registration__isnull=False,
        )
        .order_by()
        .values("checkin_list_id")
        .annotate(n=Count("registration_id", distinct=True))
        .values_list("checkin_list_id", "n")
    )
    return [
        Arrivals(
            name=entrance_name(event.name) if session_id is None else translated or original or "",
            expected=everyone if session_id is None else expected.get(session_id, 0),
            arrived=arrived.get(pk, 0),
        )
        for pk, session_id, translated, original in rows
    ]


def _expected_by_session(
    lists: QuerySet[CheckinList], approved_users: QuerySet[Registration, Any]
) -> dict[int, int]:
    """What _expected_in_sessions finds, counted: a person has at most one seat and one billing
    per session (the unique constraints), so the approved people expected are the seated plus
    the billed who have no seat."""
    sessions = lists.filter(session__isnull=False).values("session_id")
    seat = Signup.objects.filter(status=Signup.Status.SIGNED_UP)
    seated = seat.filter(session__in=sessions, user__in=approved_users)
    billed = SessionPerson.objects.filter(session__in=sessions, user__in=approved_users).exclude(
        Exists(seat.filter(session=OuterRef("session"), user=OuterRef("user")))
    )
    expected: dict[int, int] = defaultdict(int)
    for rows in (seated, billed):
        grouped = rows.order_by().values("session_id").annotate(n=Count("pk"))
        for session_id, n in grouped.values_list("session_id", "n"):
            expected[session_id] += n
    return expected
