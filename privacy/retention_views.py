"""The organizers' privacy pages: the overview of events (notice version, retention), and an
event's retention page: what is purged when, and how many days its special-category fields are
kept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.roles import is_organizer
from events.models import Event
from privacy.forms import RetentionForm
from privacy.retention import preview, retention_days, set_retention_days
from registrations.access import get_event_for_organizer, posted


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def retention(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    form = RetentionForm(posted(request), initial={"retention_days": retention_days(event)})
    if form.is_valid():
        set_retention_days(event=event, days=form.cleaned_data["retention_days"])
        messages.success(request, _("The retention period is saved."))
        return redirect("privacy:retention", slug=event.slug)
    context = {"event": event, "form": form, "plan": preview(event)}
    status = 400 if form.is_bound else 200
    return render(request, "privacy/retention.html", context, status=status)


@require_safe
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The organizers' privacy page: each event's notice version and retention, the erasures."""
    if not is_organizer(request.user):
        raise PermissionDenied
    events = Event.objects.annotate(notice_version=Max("privacy_notices__version")).order_by(
        "-start_date", "name"
    )
    return render(request, "privacy/overview.html", {"events": events})
