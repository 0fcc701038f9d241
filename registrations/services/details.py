"""What a delegate types in about themselves, and changing it later (update_details)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import fields as dataclass_fields

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_organizer
from registrations.models import (
    Registration,
    RegistrationPolicy,
)
from registrations.services.transitions import (
    KEYS,
    RegistrationError,
    record,
    reload,
)

Status = Registration.Status


@dataclass(frozen=True, kw_only=True)
class DelegateDetails:
    """What a delegate types in about themselves; forms build it from cleaned_data."""

    badge_name: str
    office: str
    organization: str
    phone: str = ""
    languages: tuple[str, ...] = ()
    interpretation_needs: str = ""
    dietary_needs: str = ""
    accessibility_needs: str = ""
    visibility: str = Registration.Visibility.ORGANIZERS
    directory_fields: tuple[str, ...] = ()

    def as_fields(self) -> dict[str, object]:
        values = asdict(self)
        values["languages"] = list(self.languages)
        values["directory_fields"] = list(self.directory_fields)
        return values


DETAIL_FIELDS = [f.name for f in dataclass_fields(DelegateDetails)]


@transaction.atomic
def update_details(
    *,
    registration: Registration,
    details: DelegateDetails,
    by: User,
    accept_privacy: bool = False,
) -> Registration:
    """Change a registration's details, recording the changed fields in its history.

    Delegates may edit until the policy's edit deadline; organizers at any time.
    """
    registration = reload(registration, lock=True)
    if not registration.is_active:
        raise RegistrationError("not_active", _("This registration can no longer be changed."))
    deadline = RegistrationPolicy.for_event(registration.event).edit_deadline
    if deadline and timezone.now() >= deadline and not is_organizer(by):
        raise RegistrationError("edit_closed", _("The deadline for changes has passed."))
    changed = {
        name: [getattr(registration, name), value]
        for name, value in details.as_fields().items()
        if getattr(registration, name) != value
    }
    for name, (_old, value) in changed.items():
        setattr(registration, name, value)
    if accept_privacy and registration.privacy_accepted_at is None:
        registration.privacy_accepted_at = timezone.now()
        changed["privacy_accepted_at"] = [None, registration.privacy_accepted_at.isoformat()]
    if not changed:
        return registration
    registration.full_clean(exclude=KEYS, validate_constraints=False)
    registration.save(update_fields=[*changed, "updated_at"])
    record(
        registration,
        old_status=registration.status,
        by=by,
        description="Details changed",
        fields=changed,
    )
    return registration
