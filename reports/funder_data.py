"""The funder report's sheets as plain rows: summary, by country, by city, by network
membership, sessions, attendance. Reads only, a fixed number of queries whatever the size.

Counts are of *active* registrations (holding a seat or waiting) unless a column says
"approved"; a city is returning when a delegate of it was approved at an earlier event of the
same network (as on the dashboard).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from checkin.counts import counts_for
from checkin.models import CheckinList
from events.models import CityMembership, Event
from registrations.models import Registration
from reports.figures import ACTIVE
from sessions_app.models import Session, Signup
from summit.xlsx import Sheet

Status = Registration.Status


@dataclass
class Facts:
    """What the sheets share, read once."""

    event: Event
    cities: list[dict[str, Any]] = field(default_factory=list)  # active, with approved
    membership: dict[int, str] = field(default_factory=dict)  # city id -> member / partner
    returning: set[int] = field(default_factory=set)  # city ids
    statuses: dict[str, int] = field(default_factory=dict)
    sessions: list[tuple[Any, ...]] = field(default_factory=list)
    attendance: list[Any] = field(default_factory=list)  # checkin.counts.ListCount


def read_facts(event: Event) -> Facts:
    registrations = Registration.objects.filter(event=event).order_by()
    approved = Count("pk", filter=Q(status=Status.APPROVED))
    cities = list(
        registrations.filter(status__in=ACTIVE)
        .values("city_id", "city__name", "country")
        .annotate(active=Count("pk"), approved=approved)
        .order_by("country", "city__name", "city_id")
    )
    ids = [row["city_id"] for row in cities]
    membership = dict(
        CityMembership.objects.filter(network_id=event.network_id, city_id__in=ids).values_list(
            "city_id", "status"
        )
    )
    returning = set(
        Registration.objects.filter(
            event__network_id=event.network_id,
            event__start_date__lt=event.start_date,
            status=Status.APPROVED,
            city_id__in=ids,
        )
        .order_by()
        .values_list("city_id", flat=True)
        .distinct()
    )
    statuses = dict(registrations.values_list("status").annotate(n=Count("pk")))
    return Facts(
        event, cities, membership, returning, statuses, _sessions(event), _attendance(event)
    )


def _sessions(event: Event) -> list[tuple[Any, ...]]:
    return list(
        Session.objects.filter(event=event, published_at__isnull=False)
        .exclude(status=Session.Status.CANCELLED)
        .annotate(
            seated=Count("signups", filter=Q(signups__status=Signup.Status.SIGNED_UP)),
            waiting=Count("signups", filter=Q(signups__status=Signup.Status.WAITLISTED)),
        )
        .values_list(
            "pk",
            "title",
            "starts_at",
            "room__name",
            "capacity",
            "room__capacity",
            "seated",
            "waiting",
        )
        .order_by("starts_at", "pk")
    )


def _attendance(event: Event) -> list[Any]:
    lists = list(CheckinList.objects.filter(event=event).select_related("event", "session"))
    return counts_for(event, lists) if lists else []


def membership_name(facts: Facts, city_id: int) -> str:
    status = facts.membership.get(city_id)
    if status is None:
        return _("Neither member nor partner")
    return str(CityMembership.Status(status).label)


def summary(facts: Facts) -> Sheet:
    event, active = facts.event, sum(row["active"] for row in facts.cities)
    by_kind: Counter[str] = Counter()
    for row in facts.cities:
        by_kind[facts.membership.get(row["city_id"], "")] += row["active"]
    entrance = next((c for c in facts.attendance if c.checkin_list.session_id is None), None)
    rows: list[tuple[str, Any]] = [
        (_("Event"), event.name),
        (_("Network"), str(event.network)),
        (_("First day"), event.start_date),
        (_("Last day"), event.end_date),
        (_("Made at (UTC)"), timezone.now()),
        (_("Registrations"), sum(facts.statuses.values())),
        *((str(label), facts.statuses.get(value, 0)) for value, label in Status.choices),
        (_("Active registrations"), active),
        (_("Countries"), len({row["country"] for row in facts.cities})),
        (_("Cities"), len(facts.cities)),
        (_("Returning cities"), len(facts.returning)),
        (_("First-time cities"), len(facts.cities) - len(facts.returning)),
        (_("From member cities"), by_kind[CityMembership.Status.MEMBER]),
        (_("From partner cities"), by_kind[CityMembership.Status.PARTNER]),
        (_("From other cities"), by_kind[""]),
        (_("Sessions"), len(facts.sessions)),
        (_("Seats taken in sessions"), sum(s[6] for s in facts.sessions)),
        (_("Waiting for a session seat"), sum(s[7] for s in facts.sessions)),
        (_("Expected at the entrance"), entrance.expected if entrance else ""),
        (_("Arrived at the entrance"), entrance.arrived if entrance else ""),
        (_("No-shows at the entrance"), entrance.no_shows if entrance else ""),
    ]
    return Sheet(_("Summary"), [_("Figure"), _("Value")], rows)


def by_country(facts: Facts) -> Sheet:
    active: Counter[str] = Counter()
    approved: Counter[str] = Counter()
    cities: Counter[str] = Counter()
    for row in facts.cities:
        active[row["country"]] += row["active"]
        approved[row["country"]] += row["approved"]
        cities[row["country"]] += 1
    codes = sorted(active, key=lambda code: (-active[code], countries.name(code)))
    rows = [(countries.name(c), c, active[c], approved[c], cities[c]) for c in codes]
    header = [_("Country"), _("Code"), _("Active"), _("Approved"), _("Cities")]
    return Sheet(_("By country"), header, rows)


def by_city(facts: Facts) -> Sheet:
    rows = [
        (
            row["city__name"],
            countries.name(row["country"]),
            membership_name(facts, row["city_id"]),
            _("Returning") if row["city_id"] in facts.returning else _("First time"),
            row["active"],
            row["approved"],
        )
        for row in sorted(facts.cities, key=lambda row: (-row["active"], row["city__name"]))
    ]
    header = [
        _("City"),
        _("Country"),
        _("Network membership"),
        _("First time or returning"),
        _("Active"),
        _("Approved"),
    ]
    return Sheet(_("By city"), header, rows)


def by_network(facts: Facts) -> Sheet:
    kinds = [
        (CityMembership.Status.MEMBER, str(CityMembership.Status.MEMBER.label)),
        (CityMembership.Status.PARTNER, str(CityMembership.Status.PARTNER.label)),
        ("", _("Neither member nor partner")),
    ]
    rows = []
    for kind, label in kinds:
        mine = [row for row in facts.cities if facts.membership.get(row["city_id"], "") == kind]
        active = sum(row["active"] for row in mine)
        rows.append((label, len(mine), active, sum(row["approved"] for row in mine)))
    header = [_("Network membership"), _("Cities"), _("Active"), _("Approved")]
    return Sheet(_("By network"), header, rows)


def sessions(facts: Facts) -> Sheet:
    arrived = {c.checkin_list.session_id: c.arrived for c in facts.attendance}
    rows = [
        (
            title,
            starts_at,
            room or "",
            capacity or room_capacity or "",
            seated,
            waiting,
            arrived.get(pk, ""),
        )
        for pk, title, starts_at, room, capacity, room_capacity, seated, waiting in facts.sessions
    ]
    header = [
        _("Session"),
        _("Starts (UTC)"),
        _("Room"),
        _("Seats"),
        _("Signed up"),
        _("Waiting"),
        _("Checked in"),
    ]
    return Sheet(_("Sessions"), header, rows)


def attendance(facts: Facts) -> Sheet:
    rows = [(c.checkin_list.name, c.expected, c.arrived, c.no_shows) for c in facts.attendance]
    header = [_("Check-in list"), _("Expected"), _("Arrived"), _("No-shows")]
    return Sheet(_("Attendance"), header, rows)


SHEETS: list[Callable[[Facts], Sheet]] = [
    summary,
    by_country,
    by_city,
    by_network,
    sessions,
    attendance,
]
