"""The delegates' own registration pages: register, my registrations, edit, cancel.

The delegation, invitation and delegate-list pages are in delegation_views.py, the organizers'
pages in organizer_views.py; the permission lookups all three share are in access.py.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from events.models import Event
from registrations import invitations, services
from registrations.access import current_user, get_open_event, get_own_registration, posted
from registrations.consent import current_notice
from registrations.delegation_views import invitation_refused
from registrations.forms import EditDetailsForm, RegistrationForm
from registrations.models import DelegationInvitation, Registration, RegistrationPolicy
from registrations.needs import NeedsForm

# Where a refusal of register_delegate belongs on the form; other codes go above it.
ERROR_FIELDS = {
    "city_not_in_country": "city",
    "city_missing": "city",
    "privacy_not_accepted": "privacy_accepted",
}


def _get_invitation(request: HttpRequest, event: Event) -> DelegationInvitation | None:
    """The invitation a registration link carries (?invitation=token), if any."""
    token = request.GET.get("invitation", "")
    if not token:
        return None
    invitation = invitations.find_invitation(token=token, user=current_user(request))
    if invitation.delegation.event_id != event.pk:
        raise invitations.InvitationError("unknown", _("This invitation link is not valid."))
    return invitation


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_open_event(request, slug)
    try:
        invitation = _get_invitation(request, event)
    except invitations.InvitationError as error:
        return invitation_refused(request, error)
    city = invitation.delegation.city if invitation else None
    # A posted form says which notice it showed (notice_version): the current one is read only
    # for a page to show, not for a registration that succeeds.
    notice = None if request.method == "POST" else current_notice(event)
    initial = {"notice_version": notice.version if notice else None}
    form = RegistrationForm(posted(request), fixed_city=city, initial=initial)
    needs_form = NeedsForm(posted(request), prefix="needs")
    if form.is_valid() & needs_form.is_valid():  # both, so that both show their errors
        try:
            services.register_with_needs(
                lambda: _register(request, event, form, invitation), needs=needs_form.cleaned_data
            )
        except services.RegistrationError as error:
            form.add_error(ERROR_FIELDS.get(error.code), error.message)
        else:
            messages.success(request, _("You are registered for %(event)s.") % {"event": event})
            return redirect("registrations:my_registrations")
    if request.method == "POST":
        notice = current_notice(event)
    existing = Registration.objects.active().filter(event=event, user=current_user(request)).first()
    context = {
        "event": event,
        "form": form,
        "needs_form": needs_form,
        "existing": existing,
        "invitation": invitation,
        "notice": notice,
    }
    return render(request, "registrations/register.html", context)


def _register(
    request: HttpRequest,
    event: Event,
    form: RegistrationForm,
    invitation: DelegationInvitation | None,
) -> Registration:
    data = form.cleaned_data
    if invitation is not None:
        return invitations.accept_invitation(
            token=request.GET["invitation"],
            user=current_user(request),
            details=form.details(),
            privacy_accepted=data["privacy_accepted"],
            consents=form.consents(),
            notice_version=data["notice_version"],
        )
    return services.register_delegate(
        user=current_user(request),
        event=event,
        country=data["country"],
        city=data["city"],
        proposed_city_name=data["proposed_city"],
        details=form.details(),
        privacy_accepted=data["privacy_accepted"],
        consents=form.consents(),
        notice_version=data["notice_version"],
    )


@require_safe
@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    registrations = (
        Registration.objects.filter(user=current_user(request))
        .select_related("event__venue", "event__registration_policy", "city", "delegation")
        .order_by("-event__start_date", "-created_at")
    )
    now = timezone.now()
    rows = [(r, r.is_active and _editable(r, now)) for r in registrations]
    return render(request, "registrations/my_registrations.html", {"rows": rows})


def _editable(registration: Registration, now: dt.datetime) -> bool:
    deadline = RegistrationPolicy.for_event(registration.event).edit_deadline
    return deadline is None or now < deadline


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edit_registration(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_own_registration(request, pk)
    needs_privacy = registration.privacy_accepted_at is None
    notice = current_notice(registration.event) if needs_privacy else None
    initial = EditDetailsForm.initial_from(registration)
    initial["notice_version"] = notice.version if notice else None
    form = EditDetailsForm(posted(request), initial=initial, needs_privacy=needs_privacy)
    if form.is_valid():
        try:
            services.update_details(
                registration=registration,
                details=form.details(),
                by=current_user(request),
                accept_privacy=form.cleaned_data.get("privacy_accepted", False),
                notice_version=form.cleaned_data.get("notice_version"),
            )
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(_back(request, registration))
    context = {
        "registration": registration,
        "notice": notice,
        "form": form,
        "editable": registration.is_active and _editable(registration, timezone.now()),
        "deadline": RegistrationPolicy.for_event(registration.event).edit_deadline,
    }
    return render(request, "registrations/edit.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cancel_registration(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST cancels."""
    registration = get_own_registration(request, pk)
    if request.method != "POST":
        return render(request, "registrations/cancel.html", {"registration": registration})
    try:
        services.cancel_registration(registration=registration, by=current_user(request))
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(_back(request, registration))


def _back(request: HttpRequest, registration: Registration) -> str:
    """Delegates go back to their list; an organizer acting on someone's to its detail page."""
    if registration.user_id == request.user.pk:
        return reverse("registrations:my_registrations")
    return reverse(
        "registrations:registration_detail",
        kwargs={"slug": registration.event.slug, "pk": registration.pk},
    )
