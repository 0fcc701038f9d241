"""The organizers' meeting pages: every request of an event, the grid of slots x rooms, the
central scheduling form and moving a booked meeting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from meetings import forms, grid, services
from meetings.access import get_acting, get_event_for_organizer
from meetings.models import MeetingRequest
from meetings.views import _refused, detail_context
from registrations.access import current_user, posted


@require_safe
@login_required
def event_meetings(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    meetings = list(
        MeetingRequest.objects.for_lists().filter(event=event).order_by("-created_at", "-pk")
    )
    context = {"event": event, "meetings": meetings, "grid": grid.build(event, meetings)}
    return render(request, "meetings/organizer.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    form = forms.ScheduleForm(posted(request), event_id=event.pk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.schedule_meeting(
                requester=data["requester"],
                recipient=data["recipient"],
                by=current_user(request),
                topic=data["topic"],
                slot=data["slot"],
                room=data["room"],
                participants=list(data["participants"]),
                confidential=data["confidential"],
            )
        except services.MeetingRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
        else:
            messages.success(
                request, _("The meeting is booked. Every participant gets a calendar invite.")
            )
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/schedule.html", {"event": event, "form": form})


@require_POST
@login_required
def move(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = get_acting(request, pk)
    if not viewer.organizer:
        return _refused(
            request, viewer, services.MeetingRefused(_("Only organizers move meetings."))
        )
    form = forms.MoveForm(request.POST, meeting=viewer.meeting)
    if not form.is_valid():
        return render(
            request, "meetings/detail.html", detail_context(viewer, move_form=form), status=400
        )
    try:
        services.move_meeting(
            meeting=viewer.meeting,
            by=current_user(request),
            slot=form.cleaned_data["slot"],
            room=form.cleaned_data["room"],
        )
    except services.MeetingRefused as refused:
        return _refused(request, viewer, refused, move_form=form)
    messages.success(request, _("The meeting is moved. Every participant gets an updated invite."))
    return redirect("meetings:meeting_detail", pk=pk)
