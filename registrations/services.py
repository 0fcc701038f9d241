"""Writes to registrations: register, approve, decline, cancel, substitute, quotas, waiting list.

Every service that claims, frees or limits seats holds the event's seat lock (seats.lock_seats)
from before it counts until its transaction commits, so no event, city or country is ever over
its limit. Every status change writes one RegistrationChange and queues one mail for it.
Refusals raise RegistrationError; the views show its message.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import fields as dataclass_fields

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_organizer
from events.models import City, Event, RegistrationPhase
from registrations import seats
from registrations.emails import send_transition_mail
from registrations.models import (
    HISTORY_LINES,
    Delegation,
    Registration,
    RegistrationChange,
    RegistrationPolicy,
)
from registrations.signals import registration_ended

Status = Registration.Status

# Foreign keys are set by the services, not typed in: skip full_clean's one query per key.
KEYS = ["event", "user", "delegation", "city", "replaces"]


class RegistrationError(Exception):
    """A refusal to show to the person, with a stable code for views and tests."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


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


# --- registering --------------------------------------------------------------------------------
@transaction.atomic
def register_delegate(
    *,
    user: User,
    event: Event,
    country: str,
    city: City | None,
    proposed_city_name: str = "",
    details: DelegateDetails,
    privacy_accepted: bool,
) -> Registration:
    """Register `user` for `event` on behalf of their city, and queue the matching mail.

    The city comes from the registry, or is proposed by name: then it is an unconfirmed City
    that an organizer confirms (confirm_city). The registration joins the (event, city)
    delegation, created on first use with its first registrant as coordinator. Its status:
    waitlisted if any limit is reached (event capacity, the city's quota or its delegation's
    override, the country's quota); otherwise submitted while the city awaits confirmation,
    else pending approval if the policy requires approval, else approved.

    Raises RegistrationError (not_open, closed, privacy_not_accepted, city_missing,
    city_not_in_country, already_registered), or ValidationError for malformed details that a
    form should have caught. Nothing is saved when it raises.
    """
    _check_open(event)
    if not privacy_accepted:
        raise RegistrationError("privacy_not_accepted", _("Please accept the privacy notice."))
    city = _resolve_city(city=city, proposed_name=proposed_city_name, country=country)
    registration = Registration(
        event=event, user=user, city=city, country=country, **details.as_fields()
    )
    registration.full_clean(exclude=[*KEYS, "status"], validate_constraints=False)
    if not city.is_confirmed:
        # Lock order city, then event, as in confirm_city: a proposal confirmed meanwhile is
        # seen here, and one confirmed later finds this registration (submitted) to advance.
        city = City.objects.select_for_update().get(pk=city.pk)
    # Before the lock, which every registration for the event waits for: the unique
    # constraint catches a second registration that races this check (_insert).
    if Registration.objects.active().filter(event=event, user=user).exists():
        raise RegistrationError("already_registered", _("You are already registered."))
    policy = seats.lock_seats(event)
    event.registration_policy = policy  # the mail's policy: the fresh one, without a query
    registration.delegation = _join_delegation(event=event, city=city, user=user)
    registration.privacy_accepted_at = timezone.now()
    count = seats.count_seats_for(policy, delegation=registration.delegation, country=country)
    if count.fits(city_id=city.pk, country=country):
        registration.status = _admitted_status(city, policy)
    else:
        registration.status = Status.WAITLISTED
        registration.waitlisted_at = timezone.now()
    _insert(registration)
    _record(registration, old_status="", by=user, description="Registered")
    return registration


def _check_open(event: Event) -> None:
    phase = event.registration_phase()
    if phase == RegistrationPhase.CLOSED:
        raise RegistrationError("closed", _("Registration for this event has closed."))
    if phase == RegistrationPhase.NOT_OPEN_YET and event.registration_opens_at:
        opens = timezone.localtime(event.registration_opens_at, event.zone)
        when = f"{formats.date_format(opens, 'DATETIME_FORMAT')} ({event.time_zone})"
        raise RegistrationError("not_open", _("Registration opens on %(when)s.") % {"when": when})
    if phase != RegistrationPhase.OPEN:
        raise RegistrationError("not_open", _("Registration for this event is not open yet."))


def _resolve_city(*, city: City | None, proposed_name: str, country: str) -> City:
    if city is not None:
        if city.country.code != country:
            raise RegistrationError(
                "city_not_in_country",
                _("%(city)s is not in the country you chose.") % {"city": city.name},
            )
        return city
    name = " ".join(proposed_name.split())
    if not name:
        raise RegistrationError("city_missing", _("Choose your city, or propose it by name."))
    return propose_city(name=name, country=country)


def propose_city(*, name: str, country: str) -> City:
    """The registry's city of that name and country (any letter case), or a new unconfirmed one."""
    existing = City.objects.filter(country=country, name__iexact=name).first()
    if existing is not None:
        return existing
    city = City(name=name, country=country, is_confirmed=False)
    city.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            city.save()
    except IntegrityError:  # proposed at the same moment by someone for another event
        return City.objects.get(country=country, name=name)
    return city


def _join_delegation(*, event: Event, city: City, user: User) -> Delegation:
    # A new delegation is created with its coordinator: one write instead of two.
    delegation, _created = Delegation.objects.get_or_create(
        event=event, city=city, defaults={"coordinator": user}
    )
    if delegation.coordinator_id is None:
        delegation.coordinator = user
        delegation.save(update_fields=["coordinator"])
    return delegation


def _admitted_status(city: City, policy: RegistrationPolicy) -> Status:
    """The status of a registration that got a seat."""
    if not city.is_confirmed:
        return Status.SUBMITTED
    return Status.PENDING_APPROVAL if policy.requires_approval else Status.APPROVED


def _insert(registration: Registration) -> None:
    """Save a new registration; the conditional unique constraint backs the check made under
    the lock. No savepoint (two round trips): callers are atomic and let the error end their
    transaction, so nothing runs on the aborted transaction."""
    try:
        registration.save()
    except IntegrityError as error:
        raise RegistrationError(
            "already_registered", _("This person is already registered for this event.")
        ) from error


# --- organizer decisions ------------------------------------------------------------------------
@transaction.atomic
def approve_registration(*, registration: Registration, by: User | None) -> Registration:
    """Approve a registration pending approval and queue the approval mail."""
    seats.lock_seats(registration.event)
    registration = _reload(registration)
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
    _move(registration, Status.APPROVED, by=by, description="Approved")
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
    registration = _reload(registration)
    if not registration.is_active:
        raise RegistrationError(
            "not_active",
            _("This registration is already %(status)s.")
            % {"status": registration.get_status_display().lower()},
        )
    held_seat = registration.holds_seat
    _move(registration, status, by=by, description=description)
    _hand_over_coordination(registration)
    # Someone who no longer attends holds no session place: sessions_app, which builds on
    # registrations, hears it (registrations/signals.py).
    registration_ended.send(sender=Registration, registration=registration)
    if held_seat:
        _promote(policy, cause="Promoted: a seat was freed")
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
            new_status = _admitted_status(city, policy)
            _move(registration, new_status, by=by, description="City confirmed")
            advanced.append(registration)
    return advanced


# --- quotas and the waiting list ----------------------------------------------------------------
@transaction.atomic
def save_policy(*, policy: RegistrationPolicy) -> list[Registration]:
    """Save an event's limits and rules; raised limits promote from the waiting list.

    Lowered limits bump nobody: they only stop new admissions until enough seats are freed.
    A changed approval rule applies to registrations admitted from now on.
    """
    seats.lock_seats(policy.event)
    policy.save()
    return _promote(policy, cause="Promoted: the event's limits changed")


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
    return _promote(
        policy,
        cause="Promoted: the quota of %(city)s changed",
        params={"city": delegation.city.name},
    )


@transaction.atomic
def promote_waitlist(*, event: Event) -> list[Registration]:
    """Give every free seat to the waiting list, first come first served within each scope;
    returns the promoted registrations. The other services call this on their own."""
    return _promote(seats.lock_seats(event), cause="Promoted: seats were free")


def _promote(
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
        new_status = _admitted_status(registration.city, policy)
        _move(registration, new_status, by=None, description=cause, params=params)
        promoted.append(registration)
    return promoted


# --- the delegation -----------------------------------------------------------------------------
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
    _record(member, old_status=member.status, by=by, description="Appointed coordinator")
    return delegation


def _hand_over_coordination(leaving: Registration) -> None:
    """A coordinator who leaves hands over to the earliest remaining member, as the first
    registrant became coordinator in the first place."""
    delegation = leaving.delegation
    if delegation.coordinator_id != leaving.user_id:
        return
    successor = delegation.registrations.active().exclude(pk=leaving.pk).order_by("pk").first()
    delegation.coordinator = successor.user if successor else None
    delegation.save(update_fields=["coordinator"])
    if successor is not None:
        _record(successor, old_status=successor.status, by=None, description="Became coordinator")


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
    old = _reload(registration)
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
    _insert(new)
    _record(
        new,
        old_status="",
        by=by,
        description="Substitute for %(person)s",
        params={"person": old.user.email},
    )
    _move(
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


# --- the delegate's own details -----------------------------------------------------------------
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
    registration = _reload(registration, lock=True)
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
    _record(
        registration,
        old_status=registration.status,
        by=by,
        description="Details changed",
        fields=changed,
    )
    return registration


# --- shared steps -------------------------------------------------------------------------------
def _reload(registration: Registration, *, lock: bool = False) -> Registration:
    """The registration as committed now: the caller's copy may predate the lock."""
    rows = Registration.objects.select_related("event__venue", "user", "city", "delegation")
    if lock:
        rows = rows.select_for_update(of=("self",))
    return rows.get(pk=registration.pk)


def _move(
    registration: Registration,
    status: Status,
    *,
    by: User | None,
    description: str,
    params: dict[str, str] | None = None,
) -> RegistrationChange:
    old_status = registration.status
    registration.status = status
    # update_fields: a concurrent edit of the details (update_details) must not be overwritten.
    registration.save(update_fields=["status", "updated_at"])
    return _record(
        registration, old_status=old_status, by=by, description=description, params=params
    )


def _record(
    registration: Registration,
    *,
    old_status: str,
    by: User | None,
    description: str,
    params: dict[str, str] | None = None,
    fields: dict[str, list[object]] | None = None,
) -> RegistrationChange:
    """Write the history line and, for a status transition, queue its one mail.

    The description is a line of HISTORY_LINES, stored in English with its values in params:
    it is translated when shown, in the reader's language.
    """
    if description not in HISTORY_LINES:
        raise ValueError(f"Not a history line: {description!r} (add it to HISTORY_LINES).")
    change = RegistrationChange.objects.create(
        registration=registration,
        changed_by=by,
        old_status=old_status,
        new_status=registration.status,
        description=description,
        params=params or {},
        fields=fields or {},
    )
    send_transition_mail(change)
    return change
