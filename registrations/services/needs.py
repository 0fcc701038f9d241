"""Saving a delegate's access and language needs (issue #18)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_organizer
from registrations.models import NEEDS_FIELDS, Registration, RegistrationNeeds, RegistrationPolicy
from registrations.services.transitions import RegistrationError, reload


@transaction.atomic
def save_needs(*, registration: Registration, by: User, needs: dict[str, Any]) -> RegistrationNeeds:
    """Write the registration's needs (the NEEDS_FIELDS of `needs`; others are ignored).

    Special-category data: no history line and no webhook carries it, only the row itself.
    The delegate may change it until the edit deadline, organizers at any time.
    """
    registration = reload(registration, lock=True)
    if not registration.is_active:
        raise RegistrationError("not_active", _("This registration can no longer be changed."))
    deadline = RegistrationPolicy.for_event(registration.event).edit_deadline
    if deadline and timezone.now() >= deadline and not is_organizer(by):
        raise RegistrationError("edit_closed", _("The deadline for changes has passed."))
    row, _created = RegistrationNeeds.objects.get_or_create(registration=registration)
    for name in NEEDS_FIELDS:
        if name in needs:
            setattr(row, name, needs[name])
    row.full_clean(exclude=["registration"])
    row.save()
    return row


@transaction.atomic
def register_with_needs(
    register: Callable[[], Registration], *, needs: dict[str, Any] | None
) -> Registration:
    """Run `register` (register_delegate or accept_invitation) and save the needs the delegate
    gave in the registration form, in the same transaction: a refused need saves nothing.

    An empty section writes no row, as before (registrations.needs.needs_of reads none as empty).
    """
    registration = register()
    values = {name: (needs or {}).get(name) for name in NEEDS_FIELDS if (needs or {}).get(name)}
    if values:
        row = RegistrationNeeds(registration=registration, **values)
        row.full_clean(exclude=["registration"])
        row.save(force_insert=True)
    return registration
