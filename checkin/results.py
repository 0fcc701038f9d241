"""What the check-in page is told about a scan: a pure function of the record.

Staff see name, office, city and delegation of a person of their own event, nothing else.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db.models import Field
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy

from checkin.models import Checkin
from registrations.models import Registration

Result = Checkin.Result


def describe(record: Checkin) -> dict[str, Any]:
    checkin_list = record.checkin_list
    event = checkin_list.event
    registration = record.registration
    data: dict[str, Any] = {
        "result": record.result,
        "ok": record.is_valid,
        "label": label(record, "result"),
        "reason": reason(record),
        "direction": record.direction,
        "list": checkin_list.name,
        "recorded_at": record.created_at.isoformat(),
        "person": None,
    }
    if registration is not None and registration.event_id == event.pk:
        data["person"] = person(registration)
    if record.previous is not None:
        data["previous"] = {
            "at": record.previous.created_at.isoformat(),
            "by": str(record.previous.staff) if record.previous.staff else "",
        }
    return data


def person(registration: Registration) -> dict[str, str]:
    return {
        "name": registration.badge_name,
        "office": label(registration, "office"),
        "city": registration.city.name,
        "delegation": registration.delegation.city.name,
    }


def label(instance: Any, field: str) -> str:
    """What get_<field>_display() answers, without its cost: Django rebuilds the choices'
    dict on each call, and hashing every lazy label translates all of them (some 25
    gettext calls per scan); here the dict is built once and only the one label is
    translated, in the language active now."""
    value = getattr(instance, field)
    return str(_choices(instance._meta.get_field(field)).get(value, value))


@cache
def _choices(field: Field[Any, Any]) -> dict[Any, Any]:
    return dict(field.flatchoices)


def reason(record: Checkin) -> str:
    result, name = record.result, record.checkin_list.name
    if result == Result.VALID:
        if record.direction == Checkin.Direction.EXIT:
            return gettext("Checked out of %(list)s.") % {"list": name}
        return gettext("Checked in to %(list)s.") % {"list": name}
    if result == Result.ALREADY_IN and record.previous is not None:
        zone = record.checkin_list.event.zone
        when = formats.time_format(timezone.localtime(record.previous.created_at, zone))
        who = str(record.previous.staff) if record.previous.staff else gettext("someone")
        return gettext("Already checked in at %(time)s by %(staff)s.") % {
            "time": when,
            "staff": who,
        }
    registration = record.registration
    declined = registration is not None and registration.status == Registration.Status.DECLINED
    if result == Result.CANCELLED and declined:
        return gettext("The registration was declined.")
    return str(REASONS.get(Result(result), ""))


REASONS = {
    Result.ALREADY_IN: gettext_lazy("Already checked in."),
    Result.NOT_IN: gettext_lazy("Not checked in here, so there is nothing to check out of."),
    Result.NOT_ON_LIST: gettext_lazy("Not signed up for this session."),
    Result.NOT_APPROVED: gettext_lazy("The registration is not approved yet."),
    Result.WAITLISTED: gettext_lazy("On the waiting list, without a seat."),
    Result.CANCELLED: gettext_lazy("The registration was cancelled."),
    Result.REVOKED: gettext_lazy(
        "This badge was replaced by a newer one: ask for the person's ID."
    ),
    Result.OTHER_EVENT: gettext_lazy("This badge is for another event."),
    Result.UNKNOWN: gettext_lazy("Not a Summit badge, or the code could not be read."),
}
