"""The organizers' lists as files: the registration list as CSV (streamed) and XLSX, the same
columns in both, every cell disarmed so that a spreadsheet never runs one as a formula; the
delegations and the proposed cities as XLSX. Every XLSX is written by summit.xlsx."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from events.models import Event
from registrations.models import (
    FLAG_LABELS,
    Delegation,
    Diet,
    Registration,
    RegistrationNeeds,
    RegistrationPolicy,
    SignLanguage,
    spoken_languages,
)
from summit.xlsx import CONTENT_TYPE, Sheet, workbook

XLSX_TYPE = CONTENT_TYPE
Status = Registration.Status


def ordered(rows: Any) -> Any:
    # The needs by the same join (organizers only: these views are the organizers'), no query more.
    return rows.select_related("user", "city", "needs").order_by("created_at", "pk")


CSV_HEADER = [
    "id",
    "status",
    "badge_name",
    "email",
    "office",
    "organization",
    "city",
    "city_confirmed",
    "country",
    "phone",
    "languages",
    # The structured needs (issue #18), in words; special-category data, organizers' files only.
    "interpretation_into",
    "sign_language",
    *FLAG_LABELS,
    "assistance_details",
    "diets",
    "dietary_details",
    "other_needs",
    "visibility",
    "registered_at",
]
# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...)).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """The cell as text a spreadsheet shows as text: a leading quote disarms a formula."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Any) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    # The byte order mark makes Excel read the file as UTF-8.
    yield "\ufeff".encode()
    yield writer.writerow(CSV_HEADER).encode()
    for registration in rows.iterator(chunk_size=500):
        yield writer.writerow([neutralise(cell) for cell in csv_row(registration)]).encode()


def csv_row(r: Registration) -> list[object]:
    return [
        r.pk,
        r.status,
        r.badge_name,
        r.user.email,
        r.office,
        r.organization,
        r.city.name,
        "yes" if r.city.is_confirmed else "no",
        r.country.code,
        r.phone,
        " ".join(r.languages),
        *needs_cells(r),
        r.visibility,
        r.created_at.isoformat(timespec="seconds"),
    ]


def needs_cells(r: Registration) -> list[object]:
    """The registration's structured needs as readable cells: names, "yes", empty if none."""
    try:
        needs = r.needs
    except RegistrationNeeds.DoesNotExist:
        needs = RegistrationNeeds(registration=r)
    language = spoken_languages().get(needs.interpretation_into, needs.interpretation_into)
    sign = SignLanguage(needs.sign_language).label if needs.sign_language else ""
    return [
        language,
        sign,
        *("yes" if getattr(needs, name) else "" for name in FLAG_LABELS),
        needs.assistance_details,
        ", ".join(str(Diet(d).label) for d in needs.diets if d in Diet.values),
        needs.dietary_details,
        needs.other_needs,
    ]


def xlsx(rows: Any, *, title: str) -> bytes:
    """The rows as one worksheet (summit.xlsx): the id a number, the registration time a date
    (UTC), every other cell text, never a formula."""
    return workbook([registrations_sheet(rows, title=title)])


def registrations_sheet(rows: Any, *, title: str) -> Sheet:
    def cells() -> Iterator[list[object]]:
        for registration in rows.iterator(chunk_size=500):
            pk, *texts, _registered = csv_row(registration)
            yield [pk, *(str(value) for value in texts), registration.created_at]

    return Sheet(title or "Registrations", CSV_HEADER, cells())


def delegations_sheet(event: Event) -> Sheet:
    """Every delegation of the event: its city, coordinator, seats and members by status."""
    policy = RegistrationPolicy.objects.filter(event=event).first()
    count = {
        str(status): Count("registrations", filter=Q(registrations__status=status))
        for status in (Status.APPROVED, Status.WAITLISTED, Status.PENDING_APPROVAL)
    }
    delegations = (
        Delegation.objects.filter(event=event)
        .select_related("city", "coordinator")
        .annotate(**count)
        .order_by("city__name", "pk")
    )
    rows = [
        (
            d.city.name,
            d.city.country.code,
            d.coordinator.email if d.coordinator else "",
            _seats(d, policy),
            getattr(d, Status.APPROVED),
            getattr(d, Status.WAITLISTED),
            getattr(d, Status.PENDING_APPROVAL),
        )
        for d in delegations
    ]
    header = [
        _("City"),
        _("Country"),
        _("Coordinator"),
        _("Seats"),
        _("Approved"),
        _("Waitlisted"),
        _("Pending approval"),
    ]
    return Sheet(_("Delegations"), header, rows)


def _seats(delegation: Delegation, policy: RegistrationPolicy | None) -> int | str:
    seats = delegation.quota(policy) if policy else delegation.quota_override
    return "" if seats is None else seats


def proposed_cities_sheet(cities: Any) -> Sheet:
    """The proposed cities (organizer_views._proposed_cities), a row per registration."""
    rows = [
        (
            city.name,
            city.country.code,
            _("yes") if city.is_confirmed else _("no"),
            registration.badge_name,
            registration.user.email,
            registration.get_status_display(),
            registration.created_at,
        )
        for city in cities
        for registration in city.event_registrations
    ]
    header = [
        _("City"),
        _("Country"),
        _("Confirmed"),
        _("Name on the badge"),
        _("Email"),
        _("Status"),
        _("Registered at (UTC)"),
    ]
    return Sheet(_("Proposed cities"), header, rows)
