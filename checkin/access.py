"""Who may open what in the check-in app. Each helper raises 403 or 404 before a view reads."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from checkin.models import CheckinList
from checkin.services import can_check_in, may_check_in
from events.models import Event
from registrations.access import current_user, get_own_registration
from registrations.models import Registration


def get_event_for_staff(request: HttpRequest, slug: str) -> Event:
    """An event the person may check people in at (its check-in staff, or an organizer)."""
    event = get_object_or_404(Event.objects.select_related("venue"), slug=slug)
    if not can_check_in(request.user, event):
        raise PermissionDenied
    return event


# What a scan reads of its list (checkin.results.describe): the list's name (the session's
# title or the event's name) and the event's time zone. The fewer columns, the cheaper the ORM
# builds the query.
SCAN_FIELDS = ("event__name", "event__venue__time_zone", "session__title")


def get_list_for_staff(
    request: HttpRequest, slug: str, pk: int, *, only: tuple[str, ...] = ()
) -> CheckinList:
    """The list with its event, and whether the person may check in there, in one query (the
    scan's path); when there is no such list, the answers get_event_for_staff gives (404 for an
    unknown event, 403 for someone who may not check in there) and then 404. `only`: the
    columns of the event and session to read (SCAN_FIELDS), all of them when empty."""
    rows = CheckinList.objects.select_related("event__venue", "session")
    if only:
        rows = rows.only("event", "session", *only)
    rows = rows.filter(event__slug=slug, pk=pk).annotate(allowed=may_check_in(request.user))
    try:
        checkin_list = rows.get()
    except CheckinList.DoesNotExist:
        get_event_for_staff(request, slug)
        raise Http404 from None
    if not checkin_list.allowed:
        raise PermissionDenied
    return checkin_list


def get_own_approved_registration(request: HttpRequest, pk: int) -> Registration:
    """The person's own approved registration (a badge exists only for those); else 404.
    Organizers may open anyone's, like the registration pages."""
    registration = get_own_registration(request, pk)
    if registration.status != Registration.Status.APPROVED:
        raise PermissionDenied if registration.user_id == current_user(request).pk else Http404
    return registration
