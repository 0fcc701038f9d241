"""Check-in as rows for a spreadsheet (summit.xlsx): who of the approved delegates came through
the entrance (and when first), no-shows included; and the check-in staff."""

from __future__ import annotations

from django.db.models import Min
from django.utils.translation import gettext as _

from checkin.models import Checkin, CheckinStaff
from events.models import Event
from registrations.models import Registration
from summit.xlsx import Sheet


def entrance_sheet(event: Event) -> Sheet:
    first = dict(
        Checkin.objects.filter(
            checkin_list__event=event,
            checkin_list__session__isnull=True,
            result=Checkin.Result.VALID,
            direction=Checkin.Direction.ENTRY,
            registration__isnull=False,
        )
        .values("registration_id")
        .annotate(first=Min("created_at"))
        .values_list("registration_id", "first")
    )
    approved = (
        Registration.objects.filter(event=event, status=Registration.Status.APPROVED)
        .select_related("user", "city")
        .order_by("city__name", "badge_name", "pk")
    )
    rows = [
        (
            r.badge_name,
            r.user.email,
            r.city.name,
            r.country.code,
            _("yes") if r.pk in first else _("no"),
            first.get(r.pk),
        )
        for r in approved
    ]
    header = [
        _("Name on the badge"),
        _("Email"),
        _("City"),
        _("Country"),
        _("Arrived"),
        _("First arrival (UTC)"),
    ]
    return Sheet(_("Entrance"), header, rows)


def staff_sheet(event: Event) -> Sheet:
    staff = CheckinStaff.objects.filter(event=event).select_related("user").order_by("user__email")
    rows = [(s.user.get_full_name(), s.user.email) for s in staff]
    return Sheet(_("Check-in staff"), [_("Name"), _("Email")], rows)
