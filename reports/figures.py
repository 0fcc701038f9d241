"""An event's figures for its dashboard: who registered, from where, in which role, from which
kind of city, how full the sessions and delegations are, who came. Reads only, a fixed number
of queries whatever the size (ten, and checkin.counts' four more once check-in lists exist).

Each figure is a list of rows (a label, a value, and the filter of the organizers' registration
list that shows the people behind it), so that a chart, its table and the list agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urlencode

from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import TruncWeek
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_countries import countries

from checkin.counts import arrivals_for
from events.models import CityMembership, Event, Network
from events.translated import lookups
from meetings.counts import status_counts
from registrations.models import Delegation, Registration, RegistrationPolicy
from sessions_app.models import Session, Signup

Status = Registration.Status
ACTIVE = (Status.SUBMITTED, Status.PENDING_APPROVAL, Status.APPROVED, Status.WAITLISTED)


@dataclass(frozen=True)
class Row:
    label: str
    value: int
    query: dict[str, str] = field(default_factory=dict)  # the registration list's filters
    total: int | None = None  # the whole the value is a part of (a session's seats)
    url: str = ""  # where the row leads when not to the registration list
    parts: tuple[Row, ...] = ()  # a stacked row's pieces (a week's registrations by status)
    unit: str = "registrations"  # what the value counts (the list behind shows registrations)
    extra: int | None = None  # the table's third column, when its figure has one (no-shows)

    @property
    def querystring(self) -> str:
        return urlencode(self.query)


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    note: str
    rows: list[Row]
    heading: str = ""  # the table's first column, when not "Row"
    extra_column: str = ""  # the heading of the table's third column (Row.extra), if any

    @property
    def stacked(self) -> bool:
        return any(row.parts for row in self.rows)

    @property
    def columns(self) -> list[str]:
        """A stacked figure's parts, by name: the columns of its table."""
        return [part.label for part in self.rows[0].parts] if self.stacked else []

    @property
    def largest(self) -> int:
        return max([row.total or row.value for row in self.rows], default=0)


def event_figures(event: Event) -> list[Figure]:
    registrations = Registration.objects.filter(event=event).order_by()
    active = registrations.filter(status__in=ACTIVE)
    by_city = list(active.values("city_id", "city__name", "country").annotate(n=Count("pk")))
    weekly = weekly_counts(registrations)
    return [
        by_status(weekly),
        over_time(weekly),
        by_country(by_city),
        by_office(active),
        by_membership(event.network, by_city),
        first_time_or_returning(event, by_city),
        top_cities(by_city),
        session_fill(event),
        delegation_fill(event),
        attendance(event),
        meetings(event),
    ]


def weekly_counts(registrations: Any) -> list[tuple[Any, str, int]]:
    """Registrations by week (Monday, UTC) and status: the rows of over_time, and summed over
    the weeks, of by_status (every registration has its week), in one query."""
    return list(
        registrations.annotate(week=TruncWeek("created_at"))
        .values_list("week", "status")
        .annotate(n=Count("pk"))
        .order_by("week")
    )


def by_status(weekly: list[tuple[Any, str, int]]) -> Figure:
    counts: Counter[str] = Counter()
    for _week, status, n in weekly:
        counts[status] += n
    rows = [Row(str(label), counts[value], {"status": value}) for value, label in Status.choices]
    return Figure(
        "status", _("Registrations by status"), _("Every registration, in each status."), rows
    )


def by_country(by_city: list[dict[str, Any]]) -> Figure:
    """Active registrations by country: the cities' counts summed (a registration has one
    city and one country)."""
    counts: Counter[str] = Counter()
    for row in by_city:
        counts[row["country"]] += row["n"]
    rows = [
        Row(countries.name(code), n, {"status": "active", "country": code})
        for code, n in counts.items()
    ]
    rows.sort(key=lambda row: (-row.value, row.label))
    return Figure(
        "country", _("By country"), _("Active registrations: holding a seat or waiting."), rows
    )


def by_office(active: Any) -> Figure:
    counts = dict(active.values_list("office").annotate(n=Count("pk")))
    rows = [
        Row(str(label), counts[value], {"status": "active", "office": value})
        for value, label in Registration.Office.choices
        if counts.get(value)
    ]
    return Figure("office", _("By office"), _("Active registrations."), rows)


def by_membership(network: Network, by_city: list[dict[str, Any]]) -> Figure:
    """Members and partners of the event's network, and the rest, counted by registration."""
    status_of = dict(
        CityMembership.objects.filter(
            network_id=network.pk, city_id__in=[row["city_id"] for row in by_city]
        )
        .order_by()  # not the model's order by network and city name, which joins both
        .values_list("city_id", "status")
    )
    totals = {CityMembership.Status.MEMBER: 0, CityMembership.Status.PARTNER: 0, "": 0}
    for row in by_city:
        totals[status_of.get(row["city_id"], "")] += row["n"]
    rows = [
        Row(
            _("Member cities"),
            totals[CityMembership.Status.MEMBER],
            {"status": "active", "membership": CityMembership.Status.MEMBER},
        ),
        Row(
            _("Partner cities"),
            totals[CityMembership.Status.PARTNER],
            {"status": "active", "membership": CityMembership.Status.PARTNER},
        ),
        Row(_("Other cities"), totals[""], {"status": "active", "membership": "none"}),
    ]
    return Figure(
        "membership",
        _("By network membership"),
        _("Active registrations, by their city's place in %(network)s.") % {"network": network},
        rows,
    )


def first_time_or_returning(event: Event, by_city: list[dict[str, Any]]) -> Figure:
    """Cities counted once each: returning when an earlier event of the network had one of its
    delegates approved."""
    earlier = set(
        Registration.objects.filter(
            event__network_id=event.network_id,
            event__start_date__lt=event.start_date,
            status=Status.APPROVED,
        )
        .order_by()
        .values_list("city_id", flat=True)
        .distinct()
    )
    cities = {row["city_id"] for row in by_city}
    # Cities are counted; the list behind a row shows their active registrations.
    rows = [
        Row(
            _("Returning cities"),
            len(cities & earlier),
            {"status": "active", "edition": "returning"},
            unit="cities",
        ),
        Row(
            _("First-time cities"),
            len(cities - earlier),
            {"status": "active", "edition": "first"},
            unit="cities",
        ),
    ]
    return Figure(
        "returning",
        _("First-time and returning cities"),
        _("Returning: a delegate was approved at an earlier event of the network."),
        rows,
    )


def top_cities(by_city: list[dict[str, Any]], limit: int = 15) -> Figure:
    # A country's name once, not once per city (400 cities, 40 countries at the bench summit)
    country = {code: countries.name(code) for code in {row["country"] for row in by_city}}
    rows = [
        Row(
            f"{row['city__name']}, {country[row['country']]}",
            row["n"],
            {"status": "active", "city": str(row["city_id"])},
        )
        for row in by_city
    ]
    rows.sort(key=lambda row: (-row.value, row.label))
    return Figure(
        "cities", _("Cities"), _("The cities with the most active registrations."), rows[:limit]
    )


def session_fill(event: Event) -> Figure:
    published = Session.objects.filter(event=event, published_at__isnull=False)
    sessions = (
        cast(Any, published.exclude(status=Session.Status.CANCELLED))
        .rewrite(False)  # the title's columns are read as they are, the fallback done below
        .annotate(
            seated=_signups(Signup.Status.SIGNED_UP), waiting=_signups(Signup.Status.WAITLISTED)
        )
        .values_list("pk", *lookups("title"), "capacity", "room__capacity", "seated", "waiting")
        .order_by("starts_at", "pk")
    )
    # One reverse() for every session's address (a reverse costs more than the rest of a row).
    stand_in = 2_147_483_647
    address = reverse("sessions_app:session_detail", kwargs={"pk": stand_in})
    rows = []
    for pk, translated, original, capacity, room_capacity, seated, waiting in sessions:
        title = translated or original or ""
        label = (
            title
            if not waiting
            else _("%(title)s (%(n)s waiting)") % {"title": title, "n": waiting}
        )
        rows.append(
            Row(
                label,
                seated,
                total=capacity or room_capacity,
                url=address.replace(str(stand_in), str(pk)),
            )
        )
    return Figure(
        "sessions",
        _("Session fill"),
        _("Seats taken of the seats each published session has."),
        rows,
    )


def _signups(status: str) -> Subquery:
    """A session's sign-ups in one status, counted per session on the sign-up queue index
    (session, status): a join and GROUP BY would carry all 30,000 sign-ups of the bench
    summit (a third of the time in PostgreSQL). A plain COUNT, as with_seat_counts does."""
    counted = (
        Signup.objects.filter(session=OuterRef("pk"), status=status)
        .order_by()
        .annotate(n=Func(F("session"), function="COUNT", output_field=IntegerField()))
        .values("n")
    )
    return Subquery(counted, output_field=IntegerField())


def over_time(weekly: list[tuple[Any, str, int]]) -> Figure:
    """New registrations per week (Monday, UTC), split by the status each has now."""
    weeks: dict[Any, dict[str, int]] = {}
    for week, status, n in weekly:
        weeks.setdefault(week, {})[status] = n
    rows = []
    for week, by_status in weeks.items():
        monday = week.date().isoformat()
        parts = tuple(
            Row(str(label), by_status.get(value, 0), {"status": value, "week": monday})
            for value, label in Status.choices
        )
        rows.append(
            Row(
                date_format(week, "DATE_FORMAT"),
                sum(by_status.values()),
                {"week": monday},
                parts=parts,
            )
        )
    return Figure(
        "weeks",
        _("Registrations over time"),
        _("New registrations each week (from its Monday, UTC), in the status each has now."),
        rows,
        heading=_("Week"),
    )


def delegation_fill(event: Event, limit: int = 15) -> Figure:
    """Approved members of each delegation against its city's seats (the delegation's own quota,
    else the event's quota per city); the fullest first."""
    policy = (
        RegistrationPolicy.objects.filter(event=event).values_list("city_quota", flat=True).first()
    )
    delegations = (
        Delegation.objects.filter(event=event)
        .annotate(approved=Count("registrations", filter=Q(registrations__status=Status.APPROVED)))
        .values_list("city_id", "city__name", "quota_override", "approved")
    )
    rows = [
        Row(
            name,
            approved,
            {"status": Status.APPROVED, "city": str(city_id)},
            total=quota if quota is not None else policy,
        )
        for city_id, name, quota, approved in delegations
    ]
    rows.sort(key=lambda row: (-(row.value / row.total if row.total else 0), -row.value, row.label))
    return Figure(
        "delegations",
        _("Delegation fill"),
        _("Approved members of each city's delegation, of its seats."),
        rows[:limit],
    )


def attendance(event: Event) -> Figure:
    """Check-in: who came (at least once) of who was expected, per list in use, and the
    no-shows as the funder report counts them (expected who did not come, never below 0)."""
    rows = [
        Row(c.name, c.arrived, total=c.expected, extra=max(c.expected - c.arrived, 0))
        for c in arrivals_for(event)
    ]
    return Figure(
        "attendance",
        _("Check-in"),
        _(
            "Arrived of expected, and the no-shows, at the entrance and each session with a "
            "check-in list."
        ),
        rows,
        extra_column=_("No-shows"),
    )


def meetings(event: Event) -> Figure:
    """Bilateral meeting requests by status: counts only, never a topic (issue #17)."""
    page = reverse("meetings:event_meetings", kwargs={"slug": event.slug})
    rows = [Row(label, count, url=page) for label, count in status_counts(event) if count]
    return Figure(
        "meetings",
        _("Bilateral meetings"),
        _("Meeting requests between delegations, by status; confidential ones included."),
        rows,
    )
