"""Organizers' and delegates' decisions: approve, decline, cancel, confirm a proposed city."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from events.models import City, Event
from registrations import seats
from registrations.models import Registration
from registrations.services.transitions import (
    RegistrationError,
    admitted_status,
    hand_over_coordination,
    move,
    reload,
)
from registrations.services.waitlist import promote
from registrations.signals import registration_ended

Status = Registration.Status


@transaction.atomic
def approve_registration(*, registration: Registration, by: User | None) -> Registration:
    """Approve a registration pending approval and queue the approval mail."""
    seats.lock_seats(registration.event)
    registration = reload(registration)
    if registration.status == Status.SUBMITTED and not registration.city.is_confirmed:
        raise RegistrationError(
            "city_not_confirmed",
            _("Confirm the proposed city %(city)s first.") % {"city": registration.city.name},
        )
    # Submitted with a confirmed city: confirmed without confirm_city (e.g. in the events admin).
    if registration.status not in (Status.SUBMITTED, Status.PENDING_APPROVAL):
        raise RegistrationError(
            "not_pending",
            _("Only a registration pending approval can be approved; this one is %(status)s.")
            % {"status": registration.get_status_display().lower()},
        )
    move(registration, Status.APPROVED, by=by, description="Approved")
    return registration


@transaction.atomic
def decline_registration(*, registration: Registration, by: User | None) -> Registration:
    """Decline a registration (also an approved one); its seat goes to the waiting list."""
    return _leave(registration, Status.DECLINED, by=by, description="Declined")


@transaction.atomic
def cancel_registration(*, registration: Registration, by: User | None) -> Registration:
    """Cancel a registration (the delegate's or an organizer's decision); its seat goes to the
    waiting list."""
    return _leave(registration, Status.CANCELLED, by=by, description="Cancelled")


def _leave(
    registration: Registration, status: Status, *, by: User | None, description: str
) -> Registration:
    policy = seats.lock_seats(registration.event)
    registration = reload(registration)
    if not registration.is_active:
        raise RegistrationError(
            "not_active",
            _("This registration is already %(status)s.")
            % {"status": registration.get_status_display().lower()},
        )
    held_seat = registration.holds_seat
    move(registration, status, by=by, description=description)
    hand_over_coordination(registration)
    # Someone who no longer attends holds no session place: sessions_app, which builds on
    # registrations, hears it (registrations/signals.py).
    registration_ended.send(sender=Registration, registration=registration)
    if held_seat:
        promote(policy, cause="Promoted: a seat was freed")
    return registration


@transaction.atomic
def confirm_city(*, city: City, by: User | None) -> list[Registration]:
    """Confirm a proposed city; its submitted registrations move on to pending approval or
    approved, per each event's policy. Returns them."""
    # Locks the city first, like register_delegate for an unconfirmed city: see there.
    city = City.objects.select_for_update().get(pk=city.pk)
    if not city.is_confirmed:
        city.is_confirmed = True
        city.save(update_fields=["is_confirmed"])
    # Waitlisted ones count too: a promotion racing with us may have made them submitted.
    event_ids = Registration.objects.active().filter(city=city).values_list("event_id", flat=True)
    advanced = []
    for event in Event.objects.filter(pk__in=event_ids).order_by("pk"):
        policy = seats.lock_seats(event)
        submitted = Registration.objects.filter(event=event, city=city, status=Status.SUBMITTED)
        for registration in submitted.select_related("user", "event__venue", "city"):
            new_status = admitted_status(city, policy)
            move(registration, new_status, by=by, description="City confirmed")
            advanced.append(registration)
    return advanced
