"""A delegation's members: appointing its coordinator, substituting a member."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from registrations import seats
from registrations.models import (
    Delegation,
    Registration,
)
from registrations.services.details import DelegateDetails
from registrations.services.transitions import (
    KEYS,
    RegistrationError,
    insert,
    move,
    record,
    reload,
)

Status = Registration.Status


@transaction.atomic
def appoint_coordinator(*, delegation: Delegation, user: User, by: User | None) -> Delegation:
    """Make one of the delegation's active members its coordinator (an organizer's choice)."""
    # Under the event lock, like a member leaving: the coordinator is always an active member.
    seats.lock_seats(delegation.event)
    member = delegation.registrations.active().filter(user=user).first()
    if member is None:
        raise RegistrationError(
            "coordinator_not_member",
            _("The coordinator must be a registered member of the delegation."),
        )
    delegation.coordinator = user
    delegation.save(update_fields=["coordinator"])
    record(member, old_status=member.status, by=by, description="Appointed coordinator")
    return delegation


@transaction.atomic
def substitute_member(
    *, registration: Registration, substitute: User, details: DelegateDetails, by: User | None
) -> Registration:
    """Replace a member of a delegation by another person, who takes over the seat (or the
    place on the waiting list) without a quota recount, and the coordination if it was theirs.

    Approval is personal: under a policy that requires it, the substitute of an approved member
    is pending approval. The substitute accepts the privacy notice themselves (update_details).
    """
    policy = seats.lock_seats(registration.event)
    old = reload(registration)
    if not old.is_active:
        raise RegistrationError("not_active", _("Only an active member can be substituted."))
    if Registration.objects.active().filter(event=old.event, user=substitute).exists():
        raise RegistrationError(
            "already_registered",
            _("%(person)s is already registered for this event.") % {"person": substitute.email},
        )
    status = Status(old.status)
    if status == Status.APPROVED and policy.requires_approval:
        status = Status.PENDING_APPROVAL
    new = Registration(
        event=old.event,
        user=substitute,
        delegation=old.delegation,
        city=old.city,
        country=old.country,
        status=status,
        waitlisted_at=old.waitlisted_at,
        replaces=old,
        **details.as_fields(),
    )
    new.full_clean(exclude=KEYS, validate_constraints=False)
    # The substitute first, so that the cancellation mail can name them.
    insert(new)
    record(
        new,
        old_status="",
        by=by,
        description="Substitute for %(person)s",
        params={"person": old.user.email},
    )
    move(
        old,
        Status.CANCELLED,
        by=by,
        description="Substituted by %(person)s",
        params={"person": substitute.email},
    )
    if old.delegation.coordinator_id == old.user_id:
        old.delegation.coordinator = substitute
        old.delegation.save(update_fields=["coordinator"])
    return new
