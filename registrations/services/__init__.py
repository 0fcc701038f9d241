"""Writes to registrations: register, approve, decline, cancel, substitute, quotas, waiting list.

Every service that claims, frees or limits seats holds the event's seat lock (seats.lock_seats)
from before it counts until its transaction commits, so no event, city or country is ever over
its limit. Every status change writes one RegistrationChange and queues one mail for it.
Refusals raise RegistrationError; the views show its message.

One module per concern; every service is imported from here (`from registrations.services
import approve_registration`, `services.cancel_registration(...)` in views).
"""

from registrations.services.decisions import (
    approve_registration,
    cancel_registration,
    confirm_city,
    decline_registration,
)
from registrations.services.delegation import appoint_coordinator, substitute_member
from registrations.services.details import DETAIL_FIELDS, DelegateDetails, update_details
from registrations.services.needs import register_with_needs, save_needs
from registrations.services.registering import propose_city, register_delegate
from registrations.services.transitions import RegistrationError
from registrations.services.waitlist import promote_waitlist, save_policy, set_delegation_quota

__all__ = [
    "DETAIL_FIELDS",
    "DelegateDetails",
    "RegistrationError",
    "appoint_coordinator",
    "approve_registration",
    "cancel_registration",
    "confirm_city",
    "decline_registration",
    "promote_waitlist",
    "propose_city",
    "register_delegate",
    "register_with_needs",
    "save_needs",
    "save_policy",
    "set_delegation_quota",
    "substitute_member",
    "update_details",
]
