"""The organizers' badge sheet of a whole event: ask for it, watch it being built, download it.

The status page works without JavaScript (it reloads itself every few seconds while the sheet
is being built, and has a link to do so); with it, static/js/badge_sheet.js polls the JSON and
updates the progress bar in place, and shows the download link when the sheet is ready.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from checkin import sheets
from checkin.models import BadgeSheet
from checkin.views import pdf_response
from registrations.access import current_user, get_event_for_organizer


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@never_cache
def badge_sheet(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    if request.method == "POST":
        sheets.request_sheet(event=event, by=current_user(request))
        return redirect("checkin:badge_sheet", slug=slug)
    sheet = sheets.current_sheet(event)
    context = {
        "event": event,
        "sheet": sheet,
        "state": _state(sheet, slug) if sheet else None,
        "out_of_date": sheet is not None and sheets.is_out_of_date(sheet),
    }
    return render(request, "checkin/badge_sheet.html", context)


@require_safe
@login_required
@never_cache
def badge_sheet_json(request: HttpRequest, slug: str) -> JsonResponse:
    """What the status page polls: the newest sheet's progress, and its link once ready."""
    event = get_event_for_organizer(request, slug)
    sheet = sheets.current_sheet(event)
    return JsonResponse({"sheet": _state(sheet, slug) if sheet else None})


@require_safe
@login_required
def badge_sheet_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    sheet = get_object_or_404(BadgeSheet, event=event, pk=pk, status=BadgeSheet.Status.READY)
    if sheet.expires_at is None or sheet.expires_at <= timezone.now():
        raise Http404
    return pdf_response(bytes(sheet.content or b""), f"badges-{event.slug}-{sheet.pk}.pdf")


def _state(sheet: BadgeSheet, slug: str) -> dict[str, object]:
    ready = sheet.status == BadgeSheet.Status.READY
    url = reverse("checkin:badge_sheet_pdf", kwargs={"slug": slug, "pk": sheet.pk})
    labels = {
        BadgeSheet.Status.BUILDING: _("Being built: %(done)s of %(total)s badges drawn.")
        % {"done": sheet.done, "total": sheet.total or "…"},
        BadgeSheet.Status.READY: _("Ready: %(total)s badges, %(size)s kB.")
        % {"total": sheet.total, "size": (sheet.size + 1023) // 1024},
        BadgeSheet.Status.FAILED: _("Building the sheet failed. Ask for it again."),
    }
    return {
        "id": sheet.pk,
        "status": sheet.status,
        "done": sheet.done,
        "total": sheet.total,
        "percent": sheet.percent,
        "label": labels[BadgeSheet.Status(sheet.status)],
        "url": url if ready else None,
    }
