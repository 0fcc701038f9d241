"""The badges of an event: who gets one, what is printed on it, and its role colour.

Badges are made when first printed or shown (services.ensure_badges), for approved
registrations only. The role is the organizer's choice on the badge, else the strongest the
data shows: speaker, moderator (of a session of the event that is not cancelled), organizer,
check-in staff, delegate.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q
from django.utils.translation import gettext

from accounts.models import User
from accounts.roles import ORGANIZERS
from checkin import services, tokens
from checkin.models import Badge, CheckinStaff, Role
from checkin.pdf import BadgeCard
from events.models import Event
from events.templatetags.summit import date_range
from registrations.models import Delegation, Registration
from sessions_app.models import Session, SessionPerson


def approved_registrations(
    event: Event, *, delegation: Delegation | None = None
) -> list[Registration]:
    rows = Registration.objects.filter(event=event, status=Registration.Status.APPROVED)
    if delegation is not None:
        rows = rows.filter(delegation=delegation)
    rows = rows.select_related("city", "delegation__city")
    return list(rows.order_by("delegation__city__name", "badge_name", "pk"))


def cards_for(event: Event, registrations: Sequence[Registration]) -> list[BadgeCard]:
    """The badge cards of these (approved) registrations of `event`, in their order."""
    badges = services.ensure_badges(registrations=registrations)
    roles = roles_for(event, registrations, badges)
    dates = date_range(event.start_date, event.end_date)
    return [
        card(registration, badges[registration.pk], roles[registration.pk], event, dates)
        for registration in registrations
        if registration.pk in badges
    ]


def card(
    registration: Registration, badge: Badge, role: str, event: Event, dates: str
) -> BadgeCard:
    return BadgeCard(
        name=registration.badge_name,
        office=registration.get_office_display(),
        city=registration.city.name,
        country=str(registration.country.name),
        delegation=gettext("Delegation of %(city)s") % {"city": registration.delegation.city.name},
        role=role,
        role_label=str(Role(role).label),
        event=event.name,
        dates=dates,
        payload=tokens.payload_for(badge.code),
    )


def roles_for(
    event: Event, registrations: Sequence[Registration], badges: dict[int, Badge]
) -> dict[int, str]:
    """Each registration's role on its badge, in four queries whatever the number of people."""
    users = {r.user_id for r in registrations}
    billed: dict[int, set[str]] = {}
    people = SessionPerson.objects.filter(session__event=event, user__in=users).exclude(
        session__status=Session.Status.CANCELLED
    )
    for user_id, role in people.values_list("user_id", "role"):
        billed.setdefault(user_id, set()).add(role)
    organizers = set(
        User.objects.filter(Q(is_superuser=True) | Q(groups__name=ORGANIZERS), pk__in=users)
        .values_list("pk", flat=True)
        .distinct()
    )
    staff = set(
        CheckinStaff.objects.filter(event=event, user__in=users).values_list("user_id", flat=True)
    )
    roles = {}
    for registration in registrations:
        badge = badges.get(registration.pk)
        user_id = registration.user_id
        if badge is not None and badge.role:
            roles[registration.pk] = badge.role
        elif Role.SPEAKER in billed.get(user_id, ()):
            roles[registration.pk] = Role.SPEAKER
        elif Role.MODERATOR in billed.get(user_id, ()):
            roles[registration.pk] = Role.MODERATOR
        elif user_id in organizers:
            roles[registration.pk] = Role.ORGANIZER
        elif user_id in staff:
            roles[registration.pk] = Role.STAFF
        else:
            roles[registration.pk] = Role.DELEGATE
    return roles
