"""What a delegate types in about themselves, and changing it later (update_details)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import fields as dataclass_fields

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_organizer
from registrations.consent import Purpose
from registrations.models import (
    Registration,
    RegistrationPolicy,
)
from registrations.services.transitions import (
    KEYS,
    RegistrationError,
    answer_consent,
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
    notice_version: int | None = None,
) -> Registration:
    """Change a registration's details, recording the changed fields in its history.

    Delegates may edit until the policy's edit deadline; organizers at any time. Accepting the
    notice (a substitute's first edit) and a changed delegate list choice go to consent_answered.
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
    answers: dict[str, bool] = {}
    if "privacy_accepted_at" in changed:
        answers[Purpose.PRIVACY_NOTICE] = True
    listed = registration.visibility == Registration.Visibility.DELEGATES
    if "visibility" in changed and (by.pk == registration.user_id or not listed):
        # Only the person gives their consent; anyone taking them off the list ends it.
        answers[Purpose.DELEGATE_LIST] = listed
    answer_consent(registration, answers, notice_version=notice_version)
    return registration


@transaction.atomic
def set_delegate_listing(*, registration: Registration, listed: bool, by: User) -> Registration:
    """List the person in the event's delegate list (shown to its delegates) or take them off
    it (organizers only). At any time, past the edit deadline too: it is their consent."""
    registration = reload(registration, lock=True)
    wanted = Registration.Visibility.DELEGATES if listed else Registration.Visibility.ORGANIZERS
    if registration.visibility != wanted:
        old, registration.visibility = registration.visibility, wanted
        registration.save(update_fields=["visibility", "updated_at"])
        record(
            registration,
            old_status=registration.status,
            by=by,
            description="Details changed",
            fields={"visibility": [old, wanted]},
        )
    answer_consent(registration, {Purpose.DELEGATE_LIST: listed}, notice_version=None)
    return registration
