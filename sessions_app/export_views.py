"""Organizers' downloads of the programme's people: every sign-up and waiting list as XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from sessions_app.builder import get_event
from sessions_app.exports import signups_sheet
from summit.xlsx import download


@require_safe
@login_required
def export_signups_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event(request, slug)
    return download([signups_sheet(event)], filename=f"signups-{event.slug}.xlsx")
