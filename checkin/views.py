"""The check-in pages for staff (phone-sized), and a delegate's own badge and QR code."""

from __future__ import annotations

import uuid
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import is_organizer
from checkin import badges, offline, pdf, results, scan_sql, search, services, tokens
from checkin.access import (
    SCAN_FIELDS,
    get_event_for_staff,
    get_list_for_staff,
    get_own_approved_registration,
)
from checkin.forms import ScanForm
from checkin.models import Checkin, CheckinList
from events.models import Event
from registrations.access import current_user
from registrations.models import Registration

SEARCH_LIMIT = 20


@require_safe
@login_required
def my_checkin_events(request: HttpRequest) -> HttpResponse:
    """The events the person may check people in at."""
    rows = Event.objects.order_by("-start_date")
    if not is_organizer(request.user):
        rows = rows.filter(checkin_staff__user=current_user(request))
    return render(request, "checkin/events.html", {"events": rows})


@require_safe
@login_required
def choose_list(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_staff(request, slug)
    lists = services.checkin_lists_for(event=event)
    return render(request, "checkin/lists.html", {"event": event, "lists": lists})


@require_safe
@login_required
@never_cache
def checkin_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    checkin_list = get_list_for_staff(request, slug, pk)
    query = request.GET.get("q", "").strip()[:100]
    context = {
        "checkin_list": checkin_list,
        "event": checkin_list.event,
        "query": query,
        "matches": _search(checkin_list, query) if query else [],
        "nonce": uuid.uuid4().hex,  # the hand check-in form's: a double submit is one record
        "direction": "exit" if request.GET.get("direction") == "exit" else "entry",
    }
    return render(request, "checkin/checkin.html", context)


def _search(checkin_list: CheckinList, query: str) -> list[Registration]:
    return search.search_registrations(checkin_list.event_id, query, limit=SEARCH_LIMIT)


@require_POST
@login_required
def scan(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    """A scanned payload (or a person picked by hand) and the device's nonce: the result as
    JSON. A bad payload is a result (unknown, revoked, ...), never an error."""
    form = ScanForm(request.POST)
    if scan_sql.available() and form.is_valid() and form.cleaned_data["payload"]:
        answer = _scan_on_postgres(request, slug, pk, form)
        if answer is not None:
            return JsonResponse(answer)
    # The reference path, and every refusal: no such list (404), not theirs (403), bad input.
    checkin_list = get_list_for_staff(request, slug, pk, only=SCAN_FIELDS)
    if not form.is_valid():
        return JsonResponse({"error": form.errors.get_json_data()}, status=400)
    record = _check_in(request, checkin_list, form)
    if record is None:
        message = _("Nobody of this event was chosen.")
        return JsonResponse({"error": {"registration": [{"message": message}]}}, status=404)
    return JsonResponse(results.describe(record))


def _scan_on_postgres(
    request: HttpRequest, slug: str, pk: int, form: ScanForm
) -> dict[str, Any] | None:
    data = form.cleaned_data
    return scan_sql.scan_badge(
        slug=slug,
        pk=pk,
        staff=current_user(request),
        nonce=data["nonce"],
        payload=data["payload"],
        device=data["device"],
        direction=data["direction"],
        scanned_at=data["scanned_at"],
    )


@require_safe
@login_required
@gzip_page  # 5,000 delegates: about 1 MB of JSON, a third of it compressed
def offline_list(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    """What the phone keeps to answer scans while offline (checkin/offline.py)."""
    checkin_list = get_list_for_staff(request, slug, pk)
    response = JsonResponse(offline.offline_list(checkin_list))
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def check_in_by_hand(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The search list's button, for phones without JavaScript: the result as a message."""
    checkin_list = get_list_for_staff(request, slug, pk)
    form = ScanForm(request.POST)
    record = _check_in(request, checkin_list, form) if form.is_valid() else None
    if record is None:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join(errors) or _("Nobody of this event was chosen."))
    else:
        data = results.describe(record)
        level = messages.SUCCESS if data["ok"] else messages.ERROR
        head = (
            f"{data['label']}: {data['person']['name']}." if data["person"] else f"{data['label']}."
        )
        messages.add_message(request, level, f"{head} {data['reason']}")
    return redirect("checkin:checkin_page", slug=slug, pk=pk)


def _check_in(request: HttpRequest, checkin_list: CheckinList, form: ScanForm) -> Checkin | None:
    data = form.cleaned_data
    registration = None
    if not data["payload"]:
        rows = Registration.objects.filter(event=checkin_list.event)
        rows = rows.select_related("city", "delegation__city")  # what the answer shows
        registration = rows.filter(pk=data["registration"]).first()
        if registration is None:
            return None
    return services.check_in(
        checkin_list=checkin_list,
        staff=current_user(request),
        nonce=data["nonce"],
        device=data["device"],
        direction=data["direction"],
        payload=data["payload"] or None,
        registration=registration,
        scanned_at=data["scanned_at"],
    )


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served under /checkin/ so that its scope covers the check-in pages (static files cannot
    control pages outside /static/)."""
    response = render(request, "checkin/sw.js", content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


# --- a delegate's own badge ---------------------------------------------------------------------
@require_safe
@login_required
@never_cache
def my_badge(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_own_approved_registration(request, pk)
    badge = services.ensure_badges(registrations=[registration])[registration.pk]
    qr = segno.make(tokens.payload_for(badge.code), error="m", micro=False)
    svg = qr.svg_inline(scale=6, title=registration.badge_name)
    context = {"registration": registration, "event": registration.event, "qr": mark_safe(svg)}
    return render(request, "checkin/my_badge.html", context)


@require_safe
@login_required
@never_cache
def my_badge_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_own_approved_registration(request, pk)
    registration = get_object_or_404(
        Registration.objects.select_related("city", "delegation__city", "event"), pk=registration.pk
    )
    cards = badges.cards_for(registration.event, [registration])
    content = pdf.single_badges(cards, title=registration.badge_name)
    return pdf_response(content, f"badge-{registration.event.slug}.pdf")


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
