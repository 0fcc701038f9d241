"""What registrations tell the apps built on them. Sent inside the service's transaction, so a
receiver's writes commit or roll back with the registration's own.

registration_ended: a registration stopped holding its place (cancelled or declined);
    kwargs: registration. sessions_app withdraws the person from the event's sessions.
registration_changed: a history line was written (a new registration, a status change, an
    edit); kwargs: change (the RegistrationChange). webhooks announces it.
consent_answered: the person answered for some purposes (registrations.consent.Purpose);
    kwargs: registration, answers ({purpose: given}), notice_version (the notice they were
    shown, None for the standard text). privacy records each answer.
"""

from __future__ import annotations

from django.dispatch import Signal

registration_ended = Signal()
registration_changed = Signal()
consent_answered = Signal()
