"""Writes of the check-in app: badges, lists, the staff role, and check-ins.

check_in() records every scan, failed ones too. Scans of one person are serialised by a lock
on their registration row, so two devices scanning the same badge at once make one valid
check-in and one "already checked in"; the (list, nonce) unique constraint makes a scan sent
twice one record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import timezone

from accounts.roles import is_organizer, organizer_condition
from checkin import tokens
from checkin.models import Badge, Checkin, CheckinList, CheckinStaff
from events.models import Event
from registrations.models import Registration
from sessions_app.models import Session, SessionPerson, Signup

Result = Checkin.Result
Status = Registration.Status


# --- badges ---------------------------------------------------------------------------------
@transaction.atomic
def ensure_badges(*, registrations: Iterable[Registration]) -> dict[int, Badge]:
    """The live badge of each approved registration, made for those that have none yet.

    Idempotent and safe to run twice at once: the "one live badge" constraint drops a second
    row (ignore_conflicts), and the live rows are read back afterwards.
    """
    approved = [r.pk for r in registrations if r.status == Status.APPROVED]
    live = {b.registration_id: b for b in Badge.objects.live().filter(registration__in=approved)}
    missing = [pk for pk in approved if pk not in live]
    if missing:
        rows = [Badge(registration_id=pk, code=tokens.new_code()) for pk in missing]
        Badge.objects.bulk_create(rows, ignore_conflicts=True)
        fresh = Badge.objects.live().filter(registration__in=missing)
        live.update({b.registration_id: b for b in fresh})
    return live


@transaction.atomic
def reissue_badge(*, registration: Registration, by: Any) -> Badge:
    """Revoke the registration's live badge (a lost one) and make a new one: the old QR code
    refuses from now on. The role set by an organizer carries over."""
    Registration.objects.select_for_update().only("pk").get(pk=registration.pk)
    old = Badge.objects.live().filter(registration=registration).first()
    role = old.role if old else ""
    Badge.objects.live().filter(registration=registration).update(revoked_at=timezone.now())
    return Badge.objects.create(
        registration=registration, code=tokens.new_code(), role=role, issued_by=by
    )


# --- lists and staff --------------------------------------------------------------------------
def checkin_lists_for(*, event: Event) -> list[CheckinList]:
    """The event's lists, made when missing: the entrance and one per public session.

    Idempotent: the unique constraints keep one entrance and one list per session when two
    requests make them at once.
    """
    CheckinList.objects.get_or_create(event=event, session=None)
    sessions = (
        Session.objects.filter(event=event, published_at__isnull=False)
        .exclude(status=Session.Status.CANCELLED)
        .filter(checkin_list__isnull=True)
    )
    rows = [CheckinList(event=event, session=session) for session in sessions]
    if rows:
        CheckinList.objects.bulk_create(rows, ignore_conflicts=True)
    lists = CheckinList.objects.filter(event=event).select_related("event", "session__room")
    return list(lists.order_by(F("session__starts_at").asc(nulls_first=True), "pk"))


@transaction.atomic
def grant_checkin_staff(*, event: Event, user: Any, by: Any) -> CheckinStaff:
    role, _ = CheckinStaff.objects.get_or_create(
        event=event, user=user, defaults={"granted_by": by}
    )
    return role


@transaction.atomic
def revoke_checkin_staff(*, event: Event, user: Any) -> int:
    deleted, _ = CheckinStaff.objects.filter(event=event, user=user).delete()
    return deleted


def can_check_in(user: Any, event: Event) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return is_organizer(user) or CheckinStaff.objects.filter(event=event, user=user).exists()


def may_check_in(user: Any) -> ExpressionWrapper:
    """can_check_in(user, its event) as a boolean annotation of a query of CheckinLists: the
    scan decides it in the query that reads the list."""
    if not getattr(user, "is_authenticated", False):
        return ExpressionWrapper(Value(False), output_field=BooleanField())
    staff = CheckinStaff.objects.filter(event=OuterRef("event"), user=user.pk)
    condition = Q(organizer_condition(user)) | Q(Exists(staff))
    return ExpressionWrapper(condition, output_field=BooleanField())


# --- checking in ------------------------------------------------------------------------------
def check_in(
    *,
    checkin_list: CheckinList,
    staff: Any,
    nonce: str,
    device: str = "",
    direction: str = Checkin.Direction.ENTRY,
    payload: str | None = None,
    registration: Registration | None = None,
    scanned_at: dt.datetime | None = None,
) -> Checkin:
    """Check a scanned payload (or a registration picked by hand) in or out of a list.

    Returns the record, which is new unless this list already has one with `nonce` (a repeated
    request returns the first answer). Every outcome is recorded.

    A scan of a person is decided under the lock on their registration row, where the nonce is
    looked up too; a scan of nobody (an unknown code) has no row to lock, and the (list, nonce)
    constraint refuses its twin: the transaction ends and the first record is read. No savepoint,
    as the transaction is the attempt (inside a caller's transaction, atomic() makes one).
    """
    try:
        with transaction.atomic():
            return _check_in(
                checkin_list=checkin_list,
                staff=staff,
                nonce=nonce,
                device=device,
                direction=direction,
                payload=payload,
                registration=registration,
                scanned_at=scanned_at,
            )
    except IntegrityError:  # the same nonce at the same moment, with no person to lock on
        return Checkin.objects.get(checkin_list=checkin_list, nonce=nonce)


def _check_in(
    *,
    checkin_list: CheckinList,
    staff: Any,
    nonce: str,
    device: str,
    direction: str,
    payload: str | None,
    registration: Registration | None,
    scanned_at: dt.datetime | None,
) -> Checkin:
    badge, result = None, None
    if registration is None:
        badge, result = _badge_for(payload or "")
        registration = badge.registration if badge else None
    previous = None
    if registration is not None:
        # Every scan of this person waits here for the one before it to commit; the status is
        # read with the lock, as that commit may have changed it.
        locked = Registration.objects.select_for_update().values_list("status", flat=True)
        registration.status = locked.get(pk=registration.pk)
        known, last = _known_and_last(checkin_list, registration, nonce)
        if known is not None:
            known.checkin_list = checkin_list  # what the answer shows, without reading it again
            if known.registration_id == registration.pk:
                known.registration = registration
            return known
        if result is None:
            result = _admission(checkin_list, registration)
        if result is None:
            result, previous = _presence(last, direction)
    record = Checkin(
        checkin_list=checkin_list,
        registration=registration,
        badge=badge,
        staff=staff,
        device=device[:64],
        nonce=nonce,
        direction=direction,
        method=Checkin.Method.SCAN if payload is not None else Checkin.Method.MANUAL,
        result=result or Result.UNKNOWN,
        previous=previous,
        scanned_at=scanned_at,
    )
    record.save()
    return record


# What a scan reads of the badge and its person: what the checks and the answer need.
BADGE_FIELDS = (
    "revoked_at",
    "registration__event",
    "registration__user",
    "registration__status",
    "registration__badge_name",
    "registration__office",
    "registration__city__name",
    "registration__delegation__city__name",
)


def _badge_for(payload: str) -> tuple[Badge | None, str | None]:
    code = tokens.code_from(payload)
    badge = None
    if code is not None:
        # With what the answer shows of the person (checkin.results.person): one query.
        rows = Badge.objects.select_related("registration__city", "registration__delegation__city")
        badge = rows.only(*BADGE_FIELDS).filter(code=code).first()
    if badge is None:
        return None, Result.UNKNOWN
    return badge, (Result.REVOKED if not badge.is_live else None)


# The record in full (a repeated scan answers with it), and of who made it what their name
# shows (accounts.User.__str__).
RECORD_FIELDS = (
    *(field.name for field in Checkin._meta.concrete_fields),
    "staff__first_name",
    "staff__last_name",
    "staff__email",
)


def _known_and_last(
    checkin_list: CheckinList, registration: Registration, nonce: str
) -> tuple[Checkin | None, Checkin | None]:
    """This list's record of `nonce`, if any, else the person's last valid record here: one
    query, under the registration's lock (the record with the nonce sorts first)."""
    rows = (
        Checkin.objects.filter(checkin_list=checkin_list)
        .filter(Q(nonce=nonce) | Q(registration=registration, result=Result.VALID))
        .select_related("staff")
        .only(*RECORD_FIELDS)
        .order_by(Case(When(nonce=nonce, then=0), default=1), "-created_at", "-pk")
    )
    first = rows.first()
    if first is not None and first.nonce == nonce:
        return first, None
    return None, first


def _admission(checkin_list: CheckinList, registration: Registration) -> str | None:
    """Why this registration may not come in here, or None if it may."""
    result = refusal(checkin_list, registration)
    if result is not None or checkin_list.session_id is None:
        return result
    session_id, user_id = checkin_list.session_id, registration.user_id
    is_person = SessionPerson.objects.filter(session_id=session_id, user_id=user_id).exists()
    signup = None
    if not is_person:
        signup = Signup.objects.active().filter(session_id=session_id, user_id=user_id).first()
    return session_refusal(is_person, signup.status if signup else None)


def refusal(checkin_list: CheckinList, registration: Registration) -> str | None:
    """Why this registration may not come in anywhere on this list's event, or None."""
    if registration.event_id != checkin_list.event_id:
        return Result.OTHER_EVENT
    if registration.status in (Status.CANCELLED, Status.DECLINED):
        return Result.CANCELLED
    if registration.status == Status.WAITLISTED:
        return Result.WAITLISTED
    if registration.status != Status.APPROVED:
        return Result.NOT_APPROVED
    return None


def session_refusal(is_person: bool, signup_status: str | None) -> str | None:
    """Why an approved person may not come into a session: neither on its programme (a
    speaker, a moderator) nor signed up with a seat."""
    if is_person:
        return None
    if signup_status is None:
        return Result.NOT_ON_LIST
    return None if signup_status == Signup.Status.SIGNED_UP else Result.WAITLISTED


def _presence(last: Checkin | None, direction: str) -> tuple[str, Checkin | None]:
    """Whether this entry or exit is valid, from the person's last valid record on the list
    (read under the registration's lock): a person is in after a valid entry, until a valid
    exit."""
    inside = last is not None and last.direction == Checkin.Direction.ENTRY
    if direction == Checkin.Direction.ENTRY:
        return (Result.ALREADY_IN, last) if inside else (Result.VALID, None)
    return (Result.VALID, None) if inside else (Result.NOT_IN, None)
