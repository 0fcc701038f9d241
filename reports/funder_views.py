"""The funder report's page (ask for it, see how far the build got), its status as JSON for
the page's script, and the download. Organizers only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from events.models import Event
from registrations.access import current_user, get_event_for_organizer
from reports.funder import request_funder_report
from reports.models import FunderReport
from summit.xlsx import CONTENT_TYPE


def _latest(event: Event) -> FunderReport | None:
    """The report to show: the one being built, else the newest that has not expired."""
    now = timezone.now()
    shown = FunderReport.objects.filter(event=event).exclude(expires_at__lte=now).defer("content")
    return shown.first()


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def funder_report(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    if request.method == "POST":
        report = request_funder_report(event=event, by=current_user(request))
        if report.status == FunderReport.Status.BUILDING:
            messages.success(request, _("The funder report is being built."))
        return redirect("reports:funder_report", slug=event.slug)
    context = {"event": event, "report": _latest(event)}
    return render(request, "reports/funder_report.html", context)


@require_safe
@login_required
def funder_report_status(request: HttpRequest, slug: str) -> JsonResponse:
    event = get_event_for_organizer(request, slug)
    report = _latest(event)
    if report is None:
        return JsonResponse({"status": "none"})
    ready = report.status == FunderReport.Status.READY
    download = reverse("reports:download_funder_report", kwargs={"slug": slug, "pk": report.pk})
    return JsonResponse(
        {
            "status": report.status,
            "progress": report.progress,
            "step": report.step,
            "download": download if ready else "",
        }
    )


@require_safe
@login_required
def download_funder_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    report = get_object_or_404(FunderReport, pk=pk, event=event, status=FunderReport.Status.READY)
    if report.expires_at is None or report.expires_at <= timezone.now():
        raise Http404
    response = HttpResponse(bytes(report.content or b""), content_type=CONTENT_TYPE)
    stamp = report.ready_at.strftime("%Y%m%d-%H%M") if report.ready_at else ""
    name = f"funder-report-{event.slug}-{stamp}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
