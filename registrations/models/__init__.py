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
from registrations.models.needs import (
    FLAG_LABELS,
    NEEDS_FIELDS,
    Diet,
    RegistrationNeeds,
    SignLanguage,
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
    "FLAG_LABELS",
    "HISTORY_LINES",
    "NEEDS_FIELDS",
    "MAX_LANGUAGES",
    "SEAT_STATUSES",
    "Delegation",
    "Diet",
    "DelegationInvitation",
    "Registration",
    "RegistrationChange",
    "RegistrationNeeds",
    "RegistrationPolicy",
    "RegistrationQuerySet",
    "SignLanguage",
    "spoken_languages",
    "validate_languages",
]
