"""The organizers' badge and check-in staff pages: print badges per event, delegation or
person, reissue a lost badge, and grant or remove the check-in staff role."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from checkin import badges, counts, exports, pdf, services
from checkin.forms import StaffForm
from checkin.models import CheckinStaff
from checkin.views import pdf_response
from events.models import Event
from registrations.access import current_user, get_event_for_organizer
from registrations.models import Delegation, Registration
from summit.xlsx import download


@require_safe
@login_required
def badges_page(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    return _page(request, event, StaffForm())


def _page(request: HttpRequest, event: Event, form: StaffForm, status: int = 200) -> HttpResponse:
    approved = Q(registrations__status=Registration.Status.APPROVED)
    delegations = (
        Delegation.objects.filter(event=event)
        .select_related("city")
        .annotate(approved=Count("registrations", filter=approved))
        .filter(approved__gt=0)
        .order_by("city__name")
    )
    chosen = None
    people: list[Registration] = []
    delegation_id = request.GET.get("delegation", "")
    if delegation_id.isdigit():
        chosen = next((d for d in delegations if d.pk == int(delegation_id)), None)
        people = badges.approved_registrations(event, delegation=chosen) if chosen else []
    context = {
        "event": event,
        "delegations": delegations,
        "chosen": chosen,
        "people": people,
        "staff": CheckinStaff.objects.filter(event=event).select_related("user"),
        "form": form,
    }
    return render(request, "checkin/organizer_badges.html", context, status=status)


@require_safe
@login_required
def event_badges_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    cards = badges.cards_for(event, badges.approved_registrations(event))
    return pdf_response(pdf.badge_sheets(cards, title=event.name), f"badges-{event.slug}.pdf")


@require_safe
@login_required
def delegation_badges_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    delegation = get_object_or_404(Delegation.objects.select_related("city"), event=event, pk=pk)
    cards = badges.cards_for(event, badges.approved_registrations(event, delegation=delegation))
    title = f"{event.name} – {delegation.city.name}"
    return pdf_response(pdf.badge_sheets(cards, title=title), f"badges-{event.slug}-{pk}.pdf")


@require_safe
@login_required
def person_badge_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    registration = _approved(event, pk)
    cards = badges.cards_for(event, [registration])
    content = pdf.single_badges(cards, title=registration.badge_name)
    return pdf_response(content, f"badge-{event.slug}-{pk}.pdf")


@require_POST
@login_required
def reissue_badge(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    registration = _approved(event, pk)
    services.reissue_badge(registration=registration, by=current_user(request))
    messages.success(
        request,
        _("A new badge for %(name)s: the old one no longer works.")
        % {"name": registration.badge_name},
    )
    url = reverse("checkin:badges_page", kwargs={"slug": slug})
    return redirect(f"{url}?delegation={registration.delegation_id}")


def _approved(event: Event, pk: int) -> Registration:
    rows = Registration.objects.select_related("city", "delegation__city")
    return get_object_or_404(rows, event=event, pk=pk, status=Registration.Status.APPROVED)


@require_POST
@login_required
def grant_staff(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    form = StaffForm(request.POST)
    if not form.is_valid():
        return _page(request, event, form, status=400)
    user = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
    if user is None:
        form.add_error("email", _("Nobody has an account with this address."))
        return _page(request, event, form, status=400)
    services.grant_checkin_staff(event=event, user=user, by=current_user(request))
    messages.success(request, _("%(person)s may now check people in.") % {"person": user})
    return redirect("checkin:badges_page", slug=slug)


@require_POST
@login_required
def remove_staff(request: HttpRequest, slug: str, user_pk: int) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    user = get_object_or_404(User, pk=user_pk)
    services.revoke_checkin_staff(event=event, user=user)
    messages.success(request, _("%(person)s may no longer check people in.") % {"person": user})
    return redirect("checkin:badges_page", slug=slug)


# --- live counts --------------------------------------------------------------------------------
@require_safe
@login_required
def live_counts(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    rows = counts.counts_for(event, services.checkin_lists_for(event=event))
    return render(request, "checkin/counts.html", {"event": event, "rows": rows})


@require_safe
@login_required
def live_counts_json(request: HttpRequest, slug: str) -> JsonResponse:
    """What the counts page fetches every few seconds to update itself without a reload."""
    event = get_event_for_organizer(request, slug)
    rows = counts.counts_for(event, services.checkin_lists_for(event=event))
    response = JsonResponse({"lists": [row.as_json() for row in rows]})
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@login_required
def export_checkin_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    """Who came through the entrance (no-shows too), and the check-in staff."""
    event = get_event_for_organizer(request, slug)
    sheets = [exports.entrance_sheet(event), exports.staff_sheet(event)]
    return download(sheets, filename=f"checkin-{event.slug}.xlsx")
