"""What a check-in phone keeps so that it can answer a scan while offline.

Keyed by the SHA-256 of each live badge's QR payload, never the payload: the phone can
recognise a badge it is shown but cannot make one. Each entry holds what staff see anyway
(name, office, city, delegation) and the answer the server would give now; revoked badges are
listed without a person. The server still decides when the queued scan arrives.
"""

from __future__ import annotations

import hashlib
from typing import Any

from checkin import tokens
from checkin.models import Badge, Checkin, CheckinList
from checkin.results import person
from registrations.models import ACTIVE_STATUSES, Registration
from sessions_app.models import SessionPerson, Signup

Result = Checkin.Result
Status = Registration.Status


def key_of(payload: str) -> str:
    return hashlib.sha256(payload.strip().encode()).hexdigest()


def offline_list(checkin_list: CheckinList) -> dict[str, Any]:
    event = checkin_list.event
    badges = Badge.objects.filter(
        registration__event=event, registration__status__in=ACTIVE_STATUSES
    ).select_related("registration__city", "registration__delegation__city")
    inside = _inside_now(checkin_list)
    seated, waiting = _session_people(checkin_list)
    entries: dict[str, dict[str, Any]] = {}
    for badge in badges:
        key = key_of(tokens.payload_for(badge.code))
        if not badge.is_live:
            entries[key] = {"result": Result.REVOKED}
            continue
        registration = badge.registration
        result = _result(checkin_list, registration, seated, waiting)
        if result == Result.VALID and registration.pk in inside:
            result = Result.ALREADY_IN
        entries[key] = {"result": result, "person": person(registration)}
    return {"list": checkin_list.pk, "entries": entries}


def _result(
    checkin_list: CheckinList, registration: Registration, seated: set[int], waiting: set[int]
) -> str:
    if registration.status == Status.WAITLISTED:
        return Result.WAITLISTED
    if registration.status != Status.APPROVED:
        return Result.NOT_APPROVED
    if checkin_list.session_id is None or registration.user_id in seated:
        return Result.VALID
    return Result.WAITLISTED if registration.user_id in waiting else Result.NOT_ON_LIST


def _session_people(checkin_list: CheckinList) -> tuple[set[int], set[int]]:
    if checkin_list.session_id is None:
        return set(), set()
    signups = Signup.objects.active().filter(session_id=checkin_list.session_id)
    seated = set(signups.filter(status=Signup.Status.SIGNED_UP).values_list("user_id", flat=True))
    billed = SessionPerson.objects.filter(session_id=checkin_list.session_id, user__isnull=False)
    seated |= set(billed.values_list("user_id", flat=True))
    waiting = set(signups.filter(status=Signup.Status.WAITLISTED).values_list("user_id", flat=True))
    return seated, waiting


def _inside_now(checkin_list: CheckinList) -> set[int]:
    valid = Checkin.objects.filter(
        checkin_list=checkin_list, result=Result.VALID, registration__isnull=False
    ).order_by("created_at", "pk")
    last: dict[int, str] = {}
    for registration_id, direction in valid.values_list("registration_id", "direction"):
        last[registration_id] = direction
    return {pk for pk, direction in last.items() if direction == Checkin.Direction.ENTRY}
