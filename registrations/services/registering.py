"""Registering a delegate for their city: the registration, its delegation, a proposed city."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from events.models import City, Event, RegistrationPhase
from registrations import seats
from registrations.consent import Purpose
from registrations.models import (
    Delegation,
    Registration,
)
from registrations.services.details import DelegateDetails
from registrations.services.transitions import (
    KEYS,
    RegistrationError,
    admitted_status,
    answer_consent,
    insert,
    record,
)

Status = Registration.Status


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
    consents: Mapping[str, bool] | None = None,
    notice_version: int | None = None,
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

    The answers (the notice, version `notice_version`; the delegate list, from the details'
    visibility; the optional `consents`) go to consent_answered, in this transaction.
    """
    _check_open(event)
    if not privacy_accepted:
        raise RegistrationError("privacy_not_accepted", _("Please accept the privacy notice."))
    city = _resolve_city(city=city, proposed_name=proposed_city_name, country=country)
    registration = Registration(
        event=event, user=user, city=city, country=country, **details.as_fields()
    )
    # The country is not checked again here (its 249 choices cost more than the rest of the
    # model's validation): _resolve_city made it the city's, and a city's country is valid.
    registration.full_clean(exclude=[*KEYS, "status", "country"], validate_constraints=False)
    if not city.is_confirmed:
        # Lock order city, then event, as in confirm_city: a proposal confirmed meanwhile is
        # seen here, and one confirmed later finds this registration (submitted) to advance.
        city = City.objects.select_for_update().get(pk=city.pk)
    # Before the lock, which every registration for the event waits for: the unique
    # constraint catches a second registration that races this check (insert).
    if Registration.objects.active().filter(event=event, user=user).exists():
        raise RegistrationError("already_registered", _("You are already registered."))
    # Also before the lock: what does not depend on the seat count. The consents are the
    # person's for the event, not the registration's; they commit or vanish with it.
    answers = {
        Purpose.PRIVACY_NOTICE: True,
        Purpose.DELEGATE_LIST: registration.visibility == Registration.Visibility.DELEGATES,
        **(consents or {}),
    }
    answer_consent(registration, answers, notice_version=notice_version)
    registration.delegation = _find_delegation(event=event, city=city, user=user)
    registration.privacy_accepted_at = timezone.now()
    policy = seats.lock_seats(event)
    event.registration_policy = policy  # the mail's policy: the fresh one, without a query
    # Under the lock, the count rereads the delegation's coordinator and quota override.
    count = seats.count_seats_for(policy, delegation=registration.delegation, country=country)
    _take_coordination(registration.delegation, user)
    if count.fits(city_id=city.pk, country=country):
        registration.status = admitted_status(city, policy)
    else:
        registration.status = Status.WAITLISTED
        registration.waitlisted_at = timezone.now()
    insert(registration)
    record(registration, old_status="", by=user, description="Registered")
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


def _find_delegation(*, event: Event, city: City, user: User) -> Delegation:
    """The (event, city) delegation, created with `user` as its coordinator on first use (one
    write instead of two). Before the seat lock: only registering creates delegations, and a
    second registrant creating the same one waits on the unique key for the first to commit,
    then finds it; neither holds the seat lock meanwhile."""
    delegation, _created = Delegation.objects.get_or_create(
        event=event, city=city, defaults={"coordinator": user}
    )
    return delegation


def _take_coordination(delegation: Delegation, user: User) -> None:
    """Under the seat lock, as a coordinator's hand-over: a delegation whose coordinator left
    with nobody after them gets its next registrant."""
    if delegation.coordinator_id is None:
        delegation.coordinator = user
        delegation.save(update_fields=["coordinator"])
