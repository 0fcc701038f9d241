"""The figures of every event of a network in one year, summed: the event dashboard's figures
over all their registrations, plus each edition's first-time and returning cities, its active
registrations and its session fill. A fixed number of queries whatever the number of events.

Rows lead to each event's own dashboard or registration list: there is no list across events.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from checkin.models import Checkin
from events.models import Event, Network
from registrations.models import Delegation, Registration, RegistrationPolicy
from reports.figures import (
    ACTIVE,
    Figure,
    Row,
    by_country,
    by_membership,
    by_office,
    by_status,
    over_time,
    top_cities,
    weekly_counts,
)
from sessions_app.models import Session, Signup

Status = Registration.Status


def network_events(network: Network, year: int) -> list[Event]:
    return list(
        Event.objects.filter(network=network, start_date__year=year).order_by("start_date", "pk")
    )


def network_figures(network: Network, events: list[Event]) -> list[Figure]:
    registrations = Registration.objects.filter(event__in=events).order_by()
    active = registrations.filter(status__in=ACTIVE)
    weekly = weekly_counts(registrations)
    by_city = list(active.values("city_id", "city__name", "country").annotate(n=Count("pk")))
    return [
        per_event(events, active),
        by_status(weekly),
        over_time(weekly),
        by_country(by_city),
        by_office(active),
        by_membership(network, by_city),
        editions(network, events, active),
        top_cities(by_city),
        session_fill(events),
        delegation_fill(events),
        entrance(events),
    ]


def _dashboard(event: Event) -> str:
    return reverse("reports:dashboard", kwargs={"slug": event.slug})


def _listing(event: Event, **query: str) -> str:
    url = reverse("registrations:event_registrations", kwargs={"slug": event.slug})
    return f"{url}?{urlencode(query)}"


def per_event(events: list[Event], active: Any) -> Figure:
    counts = dict(active.values_list("event_id").annotate(n=Count("pk")))
    rows = [Row(event.name, counts.get(event.pk, 0), url=_dashboard(event)) for event in events]
    return Figure(
        "events",
        _("Events"),
        _("Active registrations at each event; a row opens its dashboard."),
        rows,
    )


def editions(network: Network, events: list[Event], active: Any) -> Figure:
    """Per event, its cities counted once each: returning when a delegate of the city was
    approved at an earlier event of the network (of any year), else first-time."""
    cities: dict[int, set[int]] = defaultdict(set)
    for event_id, city_id in active.values_list("event_id", "city_id").distinct():
        cities[event_id].add(city_id)
    latest = max((event.start_date for event in events), default=None)
    approved = (
        Registration.objects.filter(
            event__network=network, event__start_date__lt=latest, status=Status.APPROVED
        )
        .order_by()
        .values_list("city_id", "event__start_date")
        .distinct()
        if latest
        else []
    )
    first_approved: dict[int, Any] = {}
    for city_id, day in approved:
        if city_id not in first_approved or day < first_approved[city_id]:
            first_approved[city_id] = day
    rows = []
    for event in events:
        mine = cities.get(event.pk, set())
        back = {c for c in mine if c in first_approved and first_approved[c] < event.start_date}
        parts = (
            Row(
                _("Returning cities"),
                len(back),
                url=_listing(event, status="active", edition="returning"),
                unit="cities",
            ),
            Row(
                _("First-time cities"),
                len(mine - back),
                url=_listing(event, status="active", edition="first"),
                unit="cities",
            ),
        )
        rows.append(Row(event.name, len(mine), url=_dashboard(event), parts=parts, unit="cities"))
    return Figure(
        "editions",
        _("First-time and returning cities, per event"),
        _("Returning: a delegate was approved at an earlier event of the network."),
        rows,
        heading=_("Event"),
    )


def session_fill(events: list[Event]) -> Figure:
    """Seats taken of the seats of every published, not cancelled session, per event."""
    sessions = (
        Session.objects.filter(event__in=events, published_at__isnull=False)
        .exclude(status=Session.Status.CANCELLED)
        .annotate(seated=Count("signups", filter=Q(signups__status=Signup.Status.SIGNED_UP)))
        .values_list("event_id", "capacity", "room__capacity", "seated")
    )
    taken: dict[int, int] = defaultdict(int)
    seats: dict[int, int] = defaultdict(int)
    for event_id, capacity, room_capacity, seated in sessions:
        taken[event_id] += seated
        seats[event_id] += capacity or room_capacity or 0
    rows = [
        Row(event.name, taken[event.pk], total=seats[event.pk], url=_dashboard(event))
        for event in events
        if event.pk in seats
    ]
    return Figure(
        "sessions",
        _("Session fill"),
        _("Seats taken of the seats of every published session, per event."),
        rows,
    )


def delegation_fill(events: list[Event]) -> Figure:
    """Approved members of every delegation, of the delegations' seats (each its own quota,
    else the event's quota per city), per event; an event without any limit shows no total."""
    quotas = dict(
        RegistrationPolicy.objects.filter(event__in=events).values_list("event_id", "city_quota")
    )
    delegations = (
        Delegation.objects.filter(event__in=events)
        .annotate(approved=Count("registrations", filter=Q(registrations__status=Status.APPROVED)))
        .values_list("event_id", "quota_override", "approved")
    )
    approved: dict[int, int] = defaultdict(int)
    seats: dict[int, int | None] = {}
    for event_id, override, n in delegations:
        approved[event_id] += n
        quota = override if override is not None else quotas.get(event_id)
        known = seats.get(event_id, 0)
        seats[event_id] = None if quota is None or known is None else known + quota
    rows = [
        Row(event.name, approved[event.pk], total=seats[event.pk], url=_dashboard(event))
        for event in events
        if event.pk in seats
    ]
    return Figure(
        "delegations",
        _("Delegation fill"),
        _("Approved members of every delegation, of the delegations' seats, per event."),
        rows,
    )


def entrance(events: list[Event]) -> Figure:
    """Approved delegates who came through the entrance at least once, of all approved."""
    approved = dict(
        Registration.objects.filter(event__in=events, status=Status.APPROVED)
        .order_by()
        .values_list("event_id")
        .annotate(n=Count("pk"))
    )
    arrived = dict(
        Checkin.objects.filter(
            checkin_list__event__in=events,
            checkin_list__session__isnull=True,
            result=Checkin.Result.VALID,
            direction=Checkin.Direction.ENTRY,
            registration__status=Status.APPROVED,
        )
        .order_by()
        .values_list("checkin_list__event_id")
        .annotate(n=Count("registration_id", distinct=True))
    )
    rows = [
        Row(event.name, arrived.get(event.pk, 0), total=approved[event.pk], url=_dashboard(event))
        for event in events
        if approved.get(event.pk)
    ]
    return Figure(
        "attendance",
        _("Check-in at the entrance"),
        _("Approved delegates who arrived at least once, of all approved, per event."),
        rows,
    )
