"""The coordinators' meeting pages: a delegation's requests in and out, a new request, a
meeting with its history and the actions of whoever answers now. Organizers' pages are in
organizer_views.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from meetings import forms, services
from meetings.access import Viewer, get_acting, get_meeting
from meetings.models import MeetingRequest
from registrations.access import current_user, get_delegation_for_coordinator, posted


@require_safe
@login_required
def delegation_meetings(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = get_delegation_for_coordinator(request, pk)
    rows = MeetingRequest.objects.for_lists().order_by("-created_at", "-pk")
    context = {
        "delegation": delegation,
        "event": delegation.event,
        "incoming": list(rows.filter(recipient=delegation)),
        "outgoing": list(rows.filter(requester=delegation)),
    }
    return render(request, "meetings/delegation.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def new_request(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = get_delegation_for_coordinator(request, pk)
    form = forms.RequestForm(posted(request), delegation=delegation)
    if form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.request_meeting(
                requester=delegation,
                recipient=data["recipient"],
                by=current_user(request),
                topic=data["topic"],
                message=data["message"],
                slots=list(data["slots"]),
                participants=list(data["participants"]),
                interpreter_needed=data["interpreter_needed"],
                interpret_from=data["interpret_from"],
                interpret_to=data["interpret_to"],
                confidential=data["confidential"],
            )
        except services.MeetingRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, _("Your request is sent."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    context = {"delegation": delegation, "event": delegation.event, "form": form}
    return render(request, "meetings/request_form.html", context)


def detail_context(viewer: Viewer, **forms_given: object) -> dict[str, object]:
    meeting = viewer.meeting
    answering = viewer.answering
    context: dict[str, object] = {
        "meeting": meeting,
        "viewer": viewer,
        "event": meeting.event,
        "participants": list(meeting.participants.select_related("registration")),
        "history": list(meeting.changes.select_related("by")),
        "slots": list(meeting.proposed_slots.select_related("event__venue")),
        "note_form": forms.DeclineForm(),
    }
    if answering is not None:
        context["accept_form"] = forms.AcceptForm(meeting=meeting, delegation=answering)
        context["counter_form"] = forms.CounterForm(meeting=meeting, delegation=answering)
    if viewer.organizer and meeting.status == MeetingRequest.Status.ACCEPTED:
        context["move_form"] = forms.MoveForm(meeting=meeting)
    context.update(forms_given)
    return context


@require_safe
@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = get_meeting(request, pk)
    return render(request, "meetings/detail.html", detail_context(viewer))


def _refused(
    request: HttpRequest, viewer: Viewer, refused: services.MeetingRefused, **given: object
) -> HttpResponse:
    for reason in refused.reasons:
        messages.error(request, reason)
    return render(request, "meetings/detail.html", detail_context(viewer, **given), status=409)


def _answering(viewer: Viewer) -> services.MeetingRefused | None:
    if viewer.answering is None:
        return services.MeetingRefused(_("It is not your delegation's turn to answer."))
    return None


@require_POST
@login_required
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = get_acting(request, pk)
    if (refused := _answering(viewer)) is not None:
        return _refused(request, viewer, refused)
    assert viewer.answering is not None
    form = forms.AcceptForm(request.POST, meeting=viewer.meeting, delegation=viewer.answering)
    if not form.is_valid():
        return render(
            request, "meetings/detail.html", detail_context(viewer, accept_form=form), status=400
        )
    try:
        services.accept_meeting(
            meeting=viewer.meeting,
            delegation=viewer.answering,
            by=current_user(request),
            slot=form.cleaned_data["slot"],
            participants=list(form.cleaned_data["participants"]),
            room=form.cleaned_data["room"],
        )
    except services.MeetingRefused as error:
        return _refused(request, viewer, error, accept_form=form)
    messages.success(request, _("The meeting is agreed. Every participant gets a calendar invite."))
    return redirect("meetings:meeting_detail", pk=pk)


@require_POST
@login_required
def counter(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = get_acting(request, pk)
    if (refused := _answering(viewer)) is not None:
        return _refused(request, viewer, refused)
    assert viewer.answering is not None
    form = forms.CounterForm(request.POST, meeting=viewer.meeting, delegation=viewer.answering)
    if not form.is_valid():
        return render(
            request, "meetings/detail.html", detail_context(viewer, counter_form=form), status=400
        )
    try:
        services.counter_propose(
            meeting=viewer.meeting,
            delegation=viewer.answering,
            by=current_user(request),
            slots=list(form.cleaned_data["slots"]),
            participants=list(form.cleaned_data["participants"]),
            note=form.cleaned_data["note"],
        )
    except services.MeetingRefused as error:
        return _refused(request, viewer, error, counter_form=form)
    messages.success(request, _("Your proposal is sent."))
    return redirect("meetings:meeting_detail", pk=pk)


@require_POST
@login_required
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = get_acting(request, pk)
    if (refused := _answering(viewer)) is not None:
        return _refused(request, viewer, refused)
    assert viewer.answering is not None
    form = forms.DeclineForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.decline_meeting(
            meeting=viewer.meeting, delegation=viewer.answering, by=current_user(request), note=note
        )
    except services.MeetingRefused as error:
        return _refused(request, viewer, error)
    messages.success(request, _("You declined the request."))
    return redirect("meetings:meeting_detail", pk=pk)


@require_POST
@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = get_acting(request, pk)
    form = forms.NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.cancel_meeting(
            meeting=viewer.meeting,
            delegation=None
            if viewer.organizer and viewer.delegation is None
            else viewer.delegation,
            by=current_user(request),
            note=note,
        )
    except services.MeetingRefused as error:
        return _refused(request, viewer, error)
    messages.success(request, _("The meeting is cancelled."))
    return redirect("meetings:meeting_detail", pk=pk)
