"""Limits and the waiting list: the event's policy, a city's quota, promotion in order."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from events.models import Event
from registrations import seats
from registrations.models import (
    Delegation,
    Registration,
    RegistrationPolicy,
)
from registrations.services.transitions import (
    RegistrationError,
    admitted_status,
    move,
)

Status = Registration.Status


@transaction.atomic
def save_policy(*, policy: RegistrationPolicy) -> list[Registration]:
    """Save an event's limits and rules; raised limits promote from the waiting list.

    Lowered limits bump nobody: they only stop new admissions until enough seats are freed.
    A changed approval rule applies to registrations admitted from now on.
    """
    seats.lock_seats(policy.event)
    policy.save()
    return promote(policy, cause="Promoted: the event's limits changed")


@transaction.atomic
def set_delegation_quota(
    *, delegation: Delegation, quota: int | None, by: User | None
) -> list[Registration]:
    """Override one city's quota at an event (None: back to the event's quota per city).
    A raised quota promotes from the waiting list; returns the promoted registrations.
    Nobody is bumped by a lowered one."""
    if quota is not None and quota < 0:
        raise RegistrationError("invalid_quota", _("A quota cannot be negative."))
    policy = seats.lock_seats(delegation.event)
    delegation.quota_override = quota
    delegation.save(update_fields=["quota_override"])
    return promote(
        policy,
        cause="Promoted: the quota of %(city)s changed",
        params={"city": delegation.city.name},
    )


@transaction.atomic
def promote_waitlist(*, event: Event) -> list[Registration]:
    """Give every free seat to the waiting list, first come first served within each scope;
    returns the promoted registrations. The other services call this on their own."""
    return promote(seats.lock_seats(event), cause="Promoted: seats were free")


def promote(
    policy: RegistrationPolicy, *, cause: str, params: dict[str, str] | None = None
) -> list[Registration]:
    """Promote, in waiting-list order, every registration whose event, city and country all have
    a seat left; one that does not fit does not block a later one in other scopes.

    Needs the seat lock held. Promotions are the system's doing: they are recorded without a
    person, with the cause (a line of models.HISTORY_LINES and its params).
    """
    count = seats.count_seats(policy)
    waitlist = Registration.objects.filter(event_id=policy.event_id).waitlist()
    promoted = []
    for registration in waitlist.select_related("user", "city", "event__venue"):
        if policy.capacity is not None and count.total >= policy.capacity:
            break
        if not count.fits(city_id=registration.city_id, country=registration.country.code):
            continue
        count.take(city_id=registration.city_id, country=registration.country.code)
        new_status = admitted_status(registration.city, policy)
        move(registration, new_status, by=None, description=cause, params=params)
        promoted.append(registration)
    return promoted
