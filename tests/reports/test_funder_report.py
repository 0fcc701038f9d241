"""The funder report: the workbook opened with openpyxl and checked cell by cell against
figures computed here from the rows; asked twice while building, built once; progress and
download on the page; expiry; access; one build through a real worker."""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

import pytest
from django_countries import countries
from openpyxl import load_workbook

from accounts.models import User
from checkin.services import check_in, checkin_lists_for
from events.models import City, CityMembership, Event
from registrations.models import Registration
from reports.funder import build_funder_report, request_funder_report
from reports.models import FunderReport
from sessions_app.models import Signup
from tests.factories import CityFactory, EventFactory
from tests.registrations.factories import RegistrationFactory
from tests.sessions_app.factories import SessionFactory, SignupFactory

Status = Registration.Status
ACTIVE = {"submitted", "pending_approval", "approved", "waitlisted"}  # written out on purpose
SHEETS = ["Summary", "By country", "By city", "By network", "Sessions", "Attendance"]


@pytest.fixture
def event(db: None) -> Event:
    return EventFactory.create(name="Nordic Safe Cities Summit 2049")


def populate(event: Event, organizer: User, count: int = 60) -> None:
    """Registrations of every status from eight cities (members, partners, others; some back
    from an earlier edition), three sessions with sign-ups and waiting lists, a few check-ins."""
    names = ["Aarhus", "Malmö", "Oslo", "Tampere", "Reykjavík", "Bergen", "Turku", "Lund"]
    codes = ["DK", "SE", "NO", "FI", "IS", "NO", "FI", "SE"]
    cities = [CityFactory.create(name=n, country=c) for n, c in zip(names, codes, strict=True)]
    for city in cities[:3]:
        CityMembership.objects.create(city=city, network=event.network)
    CityMembership.objects.create(
        city=cities[3], network=event.network, status=CityMembership.Status.PARTNER
    )
    earlier = EventFactory.create(
        network=event.network, start_date=event.start_date - dt.timedelta(days=365)
    )
    RegistrationFactory.create(event=earlier, city=cities[0], status=Status.APPROVED)
    RegistrationFactory.create(event=earlier, city=cities[4], status=Status.APPROVED)
    RegistrationFactory.create(event=earlier, city=cities[5], status=Status.DECLINED)
    rng = random.Random(14)
    made = []
    for _ in range(count):
        city = rng.choice(cities)
        made.append(
            RegistrationFactory.create(
                event=event, city=city, country=city.country.code, status=rng.choice(Status.values)
            )
        )
    approved = [r for r in made if r.status == Status.APPROVED]
    sessions = [
        SessionFactory.create(event=event, title=f"Session {n}", capacity=c, slug=f"s{n}")
        for n, c in enumerate((5, 8, None))
    ]
    for session, people in zip(sessions, (approved[:7], approved[2:6], approved[:3]), strict=True):
        for n, registration in enumerate(people):
            status = Signup.Status.SIGNED_UP if n < (session.capacity or 99) else "waitlisted"
            SignupFactory.create(session=session, user=registration.user, status=status)
    lists = checkin_lists_for(event=event)
    entrance = next(x for x in lists if x.is_entrance)
    for n, registration in enumerate(approved[:4]):
        check_in(checkin_list=entrance, staff=organizer, nonce=f"e-{n}", registration=registration)
    first = next(x for x in lists if x.session_id == sessions[0].pk)
    check_in(checkin_list=first, staff=organizer, nonce="s-0", registration=approved[0])


def expected(event: Event) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's rows, computed from the registrations, memberships, sign-ups and scans."""
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in Registration.objects.filter(event=event).values(
            "status", "city_id", "city__name", "country", "user_id", "pk"
        )
    ]
    active = [r for r in rows if r["status"] in ACTIVE]
    kind = dict(
        CityMembership.objects.filter(network=event.network).values_list("city_id", "status")
    )
    back = set(
        Registration.objects.filter(
            event__network=event.network,
            event__start_date__lt=event.start_date,
            status="approved",
        ).values_list("city_id", flat=True)
    )
    names = {"member": "Member", "partner": "Partner", None: "Neither member nor partner"}
    cities = {r["city_id"] for r in active}
    countries_of = {r["country"] for r in active}

    def count(of: list[dict[str, Any]], key: str, value: Any) -> int:
        return sum(r[key] == value for r in of)

    by_country = sorted(
        (
            (
                countries.name(code),
                code,
                count(active, "country", code),
                sum(r["country"] == code and r["status"] == "approved" for r in active),
                len({r["city_id"] for r in active if r["country"] == code}),
            )
            for code in countries_of
        ),
        key=lambda row: (-row[2], row[0]),
    )
    by_city = sorted(
        (
            (
                City.objects.get(pk=pk).name,
                countries.name(City.objects.get(pk=pk).country.code),
                names[kind.get(pk)],
                "Returning" if pk in back else "First time",
                count(active, "city_id", pk),
                sum(r["city_id"] == pk and r["status"] == "approved" for r in active),
            )
            for pk in cities
        ),
        key=lambda row: (-row[4], row[0]),
    )
    by_network = []
    for status in ("member", "partner", None):
        mine = [r for r in active if kind.get(r["city_id"]) == status]
        by_network.append(
            (
                names[status],
                len({r["city_id"] for r in mine}),
                len(mine),
                count(mine, "status", "approved"),
            )
        )
    approved_users = {r["user_id"] for r in rows if r["status"] == "approved"}
    approved_ids = {r["pk"] for r in rows if r["status"] == "approved"}
    from checkin.models import Checkin, CheckinList
    from sessions_app.models import Session

    scans = Checkin.objects.filter(result="valid", direction="entry")
    sessions = []
    attendance = []
    for checkin_list in CheckinList.objects.filter(event=event).order_by(
        "session__starts_at", "pk"
    ):
        came = len(
            set(scans.filter(checkin_list=checkin_list).values_list("registration_id", flat=True))
            & approved_ids
        )
        if checkin_list.session_id is None:
            wanted = len(approved_users)
            entrance = (wanted, came)
        else:
            wanted = len(
                set(
                    Signup.objects.filter(
                        session_id=checkin_list.session_id, status="signed_up"
                    ).values_list("user_id", flat=True)
                )
                & approved_users
            )
        attendance.append((checkin_list.name, wanted, came, max(wanted - came, 0)))
    arrived_at = {
        x.session_id: len(
            set(scans.filter(checkin_list=x).values_list("registration_id", flat=True))
        )
        for x in CheckinList.objects.filter(event=event, session__isnull=False)
    }
    for session in Session.objects.filter(event=event).order_by("starts_at", "pk"):
        signups = list(session.signups.values_list("status", flat=True))
        sessions.append(
            (
                session.title,
                session.starts_at.astimezone(dt.UTC).replace(tzinfo=None),
                session.room.name,
                session.capacity or session.room.capacity,
                signups.count("signed_up"),
                signups.count("waitlisted"),
                arrived_at.get(session.pk),
            )
        )
    seats = sum(s[4] for s in sessions)
    waiting = sum(s[5] for s in sessions)
    summary = [
        ("Registrations", len(rows)),
        *((str(label), count(rows, "status", value)) for value, label in Status.choices),
        ("Active registrations", len(active)),
        ("Countries", len(countries_of)),
        ("Cities", len(cities)),
        ("Returning cities", len(cities & back)),
        ("First-time cities", len(cities - back)),
        ("From member cities", sum(kind.get(r["city_id"]) == "member" for r in active)),
        ("From partner cities", sum(kind.get(r["city_id"]) == "partner" for r in active)),
        ("From other cities", sum(r["city_id"] not in kind for r in active)),
        ("Sessions", len(sessions)),
        ("Seats taken in sessions", seats),
        ("Waiting for a session seat", waiting),
        ("Expected at the entrance", entrance[0]),
        ("Arrived at the entrance", entrance[1]),
        ("No-shows at the entrance", entrance[0] - entrance[1]),
    ]
    return {
        "Summary": summary,
        "By country": by_country,
        "By city": by_city,
        "By network": by_network,
        "Sessions": sessions,
        "Attendance": attendance,
    }


def sheets_of(content: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {
        sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }


def built(event: Event, organizer: User) -> FunderReport:
    report = request_funder_report(event=event, by=organizer)
    assert build_funder_report(report.pk)
    report.refresh_from_db()
    return report


@pytest.mark.django_db
def test_every_cell_matches_the_figures_computed_from_the_rows(
    event: Event, organizer: User
) -> None:
    populate(event, organizer)
    report = built(event, organizer)

    sheets = sheets_of(bytes(report.content or b""))
    want = expected(event)

    assert list(sheets) == SHEETS
    summary = dict(sheets["Summary"][1:])
    assert summary["Event"] == event.name
    assert summary["First day"].date() == event.start_date
    for label, value in want["Summary"]:
        assert summary[label] == value, label
    assert sheets["By country"][0] == ("Country", "Code", "Active", "Approved", "Cities")
    for name in SHEETS[1:]:
        shown = [tuple("" if v is None else v for v in row) for row in sheets[name][1:]]
        wanted = [tuple("" if v is None else v for v in row) for row in want[name]]
        assert shown == wanted, name
    # The figures are not all zeros: the population reaches every kind of row.
    assert want["By network"][0][2]
    assert want["By network"][1][2]
    assert want["By network"][2][2]
    assert summary["Returning cities"]
    assert summary["Arrived at the entrance"] == 4


@pytest.mark.django_db
def test_asked_twice_while_building_it_is_built_once(
    event: Event, organizer: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as queued:
        first = request_funder_report(event=event, by=organizer)
        second = request_funder_report(event=event, by=organizer)

    assert first.pk == second.pk
    assert len(queued) == 1
    assert FunderReport.objects.count() == 1
    assert build_funder_report(first.pk) is True
    assert build_funder_report(first.pk) is False  # a second delivery of the job: nothing to do
    # Once it is ready, asking again builds a new one with today's figures.
    assert request_funder_report(event=event, by=organizer).pk != first.pk
