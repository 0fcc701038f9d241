"""Delegate registration: an event's policy, city delegations, registrations and their history.

Which statuses hold a seat (see SEAT_STATUSES): submitted, pending approval and approved. A
submitted or pending registration will normally be approved, so it reserves its seat already;
otherwise approving it later could overfill the event. Waitlisted, declined and cancelled hold
none. Seats are counted and claimed only in registrations.services, under seats.lock_seats().

One module per concern; everything is imported from here (`from registrations.models import
Registration`), as Django and the migrations expect.
"""

from registrations.models.delegation import Delegation
from registrations.models.history import HISTORY_LINES, RegistrationChange
from registrations.models.invitation import DelegationInvitation
from registrations.models.languages import (
    EXTRA_LANGUAGES,
    MAX_LANGUAGES,
    spoken_languages,
    validate_languages,
)
from registrations.models.policy import RegistrationPolicy
from registrations.models.registration import (
    ACTIVE_STATUSES,
    SEAT_STATUSES,
    Registration,
    RegistrationQuerySet,
)

__all__ = [
    "ACTIVE_STATUSES",
    "EXTRA_LANGUAGES",
    "HISTORY_LINES",
    "MAX_LANGUAGES",
    "SEAT_STATUSES",
    "Delegation",
    "DelegationInvitation",
    "Registration",
    "RegistrationChange",
    "RegistrationPolicy",
    "RegistrationQuerySet",
    "spoken_languages",
    "validate_languages",
]
