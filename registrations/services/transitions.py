"""The steps every registration service takes: reload under the lock, move the status, write
the history line (which queues its one mail), insert, tell what the person consented to; and
the refusal they raise."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError
from django.utils.translation import gettext as _

from accounts.models import User
from events.models import City
from registrations.emails import send_transition_mail
from registrations.models import (
    HISTORY_LINES,
    Registration,
    RegistrationChange,
    RegistrationPolicy,
)
from registrations.signals import consent_answered, registration_changed

Status = Registration.Status


# Foreign keys are set by the services, not typed in: skip full_clean's one query per key.
KEYS = ["event", "user", "delegation", "city", "replaces"]


class RegistrationError(Exception):
    """A refusal to show to the person, with a stable code for views and tests."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def admitted_status(city: City, policy: RegistrationPolicy) -> Status:
    """The status of a registration that got a seat."""
    if not city.is_confirmed:
        return Status.SUBMITTED
    return Status.PENDING_APPROVAL if policy.requires_approval else Status.APPROVED


def insert(registration: Registration) -> None:
    """Save a new registration; the conditional unique constraint backs the check made under
    the lock. No savepoint (two round trips): callers are atomic and let the error end their
    transaction, so nothing runs on the aborted transaction."""
    try:
        registration.save()
    except IntegrityError as error:
        raise RegistrationError(
            "already_registered", _("This person is already registered for this event.")
        ) from error


def hand_over_coordination(leaving: Registration) -> None:
    """A coordinator who leaves hands over to the earliest remaining member, as the first
    registrant became coordinator in the first place."""
    delegation = leaving.delegation
    if delegation.coordinator_id != leaving.user_id:
        return
    successor = delegation.registrations.active().exclude(pk=leaving.pk).order_by("pk").first()
    delegation.coordinator = successor.user if successor else None
    delegation.save(update_fields=["coordinator"])
    if successor is not None:
        record(successor, old_status=successor.status, by=None, description="Became coordinator")


def reload(registration: Registration, *, lock: bool = False) -> Registration:
    """The registration as committed now: the caller's copy may predate the lock."""
    rows = Registration.objects.select_related("event__venue", "user", "city", "delegation")
    if lock:
        rows = rows.select_for_update(of=("self",))
    return rows.get(pk=registration.pk)


def move(
    registration: Registration,
    status: Status,
    *,
    by: User | None,
    description: str,
    params: dict[str, str] | None = None,
) -> RegistrationChange:
    old_status = registration.status
    registration.status = status
    # update_fields: a concurrent edit of the details (update_details) must not be overwritten.
    registration.save(update_fields=["status", "updated_at"])
    return record(
        registration, old_status=old_status, by=by, description=description, params=params
    )


def record(
    registration: Registration,
    *,
    old_status: str,
    by: User | None,
    description: str,
    params: dict[str, str] | None = None,
    fields: dict[str, list[object]] | None = None,
) -> RegistrationChange:
    """Write the history line and, for a status transition, queue its one mail.

    The description is a line of HISTORY_LINES, stored in English with its values in params:
    it is translated when shown, in the reader's language.
    """
    if description not in HISTORY_LINES:
        raise ValueError(f"Not a history line: {description!r} (add it to HISTORY_LINES).")
    change = RegistrationChange.objects.create(
        registration=registration,
        changed_by=by,
        old_status=old_status,
        new_status=registration.status,
        description=description,
        params=params or {},
        fields=fields or {},
    )
    send_transition_mail(change)
    registration_changed.send(sender=RegistrationChange, change=change)
    return change


def answer_consent(
    registration: Registration, answers: Mapping[str, bool], *, notice_version: int | None
) -> None:
    """Tell the apps above what the person answered (registrations.consent)."""
    if answers:
        consent_answered.send(
            sender=Registration,
            registration=registration,
            answers=dict(answers),
            notice_version=notice_version,
        )
