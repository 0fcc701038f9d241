"""Who may open what: the small lookups every registration view starts with.

Each fetches with permission and raises 404 (a guessed id tells nothing) or 403 (a page for
organizers only). They live apart from the views so the three view modules can share them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import get_object_or_404

from accounts.models import User
from accounts.roles import is_organizer
from events.models import Event
from registrations.models import Delegation, Registration


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data; None on GET, so an empty POST still shows "this field is required"."""
    return request.POST if request.method == "POST" else None


def current_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # behind login_required
    return request.user


def get_open_event(request: HttpRequest, slug: str) -> Event:
    """A published event; organizers may open a draft too. Others get 404 for a draft."""
    # The venue: the event's time zone is its venue's (the opening time in a refusal).
    event = get_object_or_404(Event.objects.select_related("venue"), slug=slug)
    # Asked only for a draft: the role check loads every permission of the person (two queries).
    if not event.is_published and not is_organizer(request.user):
        raise Http404
    return event


def get_own_registration(request: HttpRequest, pk: int) -> Registration:
    """The person's own registration; organizers may open anyone's. Others get 404, so a
    guessed id tells nothing."""
    rows = Registration.objects.select_related("event__venue", "city", "user")
    if not is_organizer(request.user):
        rows = rows.filter(user=current_user(request))
    return get_object_or_404(rows, pk=pk)


def get_event_for_organizer(request: HttpRequest, slug: str) -> Event:
    if not is_organizer(request.user):
        raise PermissionDenied
    return get_object_or_404(Event.objects.select_related("venue"), slug=slug)


def get_delegation_for_coordinator(request: HttpRequest, pk: int) -> Delegation:
    """A delegation its coordinator manages; organizers may open any. Others get 404."""
    rows = Delegation.objects.select_related("event__venue", "city", "coordinator")
    if not is_organizer(request.user):
        rows = rows.filter(coordinator=current_user(request))
    return get_object_or_404(rows, pk=pk)


def get_delegation_for_organizer(request: HttpRequest, pk: int) -> Delegation:
    """Quota and coordinator are the organizers' decisions: anyone else gets 403."""
    if not is_organizer(request.user):
        raise PermissionDenied
    rows = Delegation.objects.select_related("event__venue", "city", "coordinator")
    return get_object_or_404(rows, pk=pk)
