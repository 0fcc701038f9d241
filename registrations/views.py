"""The delegates' and organizers' registration pages: fetch with permission, form, service."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_countries import countries

from accounts.models import User
from accounts.roles import is_organizer
from events.models import City, Event
from registrations import invitations, services
from registrations.forms import (
    BulkDecisionForm,
    EditDetailsForm,
    InviteForm,
    RegistrationFilterForm,
    RegistrationForm,
    SubstituteForm,
)
from registrations.models import Delegation, DelegationInvitation, Registration, RegistrationPolicy

# Where a refusal of register_delegate belongs on the form; other codes go above it.
ERROR_FIELDS = {
    "city_not_in_country": "city",
    "city_missing": "city",
    "privacy_not_accepted": "privacy_accepted",
}
PAGE_SIZE = 100


def _posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data; None on GET, so an empty POST still shows "this field is required"."""
    return request.POST if request.method == "POST" else None


# --- permission helpers -------------------------------------------------------------------------
def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # behind login_required
    return request.user


def _get_open_event(request: HttpRequest, slug: str) -> Event:
    events = Event.objects.select_related("venue")
    if not is_organizer(request.user):
        events = events.published()
    return get_object_or_404(events, slug=slug)


def _get_own_registration(request: HttpRequest, pk: int) -> Registration:
    """The person's own registration; organizers may open anyone's. Others get 404, so a
    guessed id tells nothing."""
    rows = Registration.objects.select_related("event__venue", "city", "user")
    if not is_organizer(request.user):
        rows = rows.filter(user=_user(request))
    return get_object_or_404(rows, pk=pk)


def _get_event_for_organizer(request: HttpRequest, slug: str) -> Event:
    if not is_organizer(request.user):
        raise PermissionDenied
    return get_object_or_404(Event.objects.select_related("venue"), slug=slug)


def _get_delegation_for_coordinator(request: HttpRequest, pk: int) -> Delegation:
    """A delegation its coordinator manages; organizers may open any. Others get 404."""
    rows = Delegation.objects.select_related("event__venue", "city", "coordinator")
    if not is_organizer(request.user):
        rows = rows.filter(coordinator=_user(request))
    return get_object_or_404(rows, pk=pk)


def _get_invitation(request: HttpRequest, event: Event) -> DelegationInvitation | None:
    """The invitation a registration link carries (?invitation=token), if any."""
    token = request.GET.get("invitation", "")
    if not token:
        return None
    invitation = invitations.find_invitation(token=token, user=_user(request))
    if invitation.delegation.event_id != event.pk:
        raise invitations.InvitationError("unknown", _("This invitation link is not valid."))
    return invitation


# --- delegates ----------------------------------------------------------------------------------
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _get_open_event(request, slug)
    try:
        invitation = _get_invitation(request, event)
    except invitations.InvitationError as error:
        return _invitation_refused(request, error)
    city = invitation.delegation.city if invitation else None
    form = RegistrationForm(_posted(request), fixed_city=city)
    if form.is_valid():
        try:
            _register(request, event, form, invitation)
        except services.RegistrationError as error:
            form.add_error(ERROR_FIELDS.get(error.code), error.message)
        else:
            messages.success(request, _("You are registered for %(event)s.") % {"event": event})
            return redirect("registrations:my_registrations")
    existing = Registration.objects.active().filter(event=event, user=_user(request)).first()
    context = {"event": event, "form": form, "existing": existing, "invitation": invitation}
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
            user=_user(request),
            details=form.details(),
            privacy_accepted=data["privacy_accepted"],
        )
    return services.register_delegate(
        user=_user(request),
        event=event,
        country=data["country"],
        city=data["city"],
        proposed_city_name=data["proposed_city"],
        details=form.details(),
        privacy_accepted=data["privacy_accepted"],
    )


@require_safe
@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    registrations = (
        Registration.objects.filter(user=_user(request))
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
    registration = _get_own_registration(request, pk)
    needs_privacy = registration.privacy_accepted_at is None
    initial = EditDetailsForm.initial_from(registration)
    form = EditDetailsForm(_posted(request), initial=initial, needs_privacy=needs_privacy)
    if form.is_valid():
        try:
            services.update_details(
                registration=registration,
                details=form.details(),
                by=_user(request),
                accept_privacy=form.cleaned_data.get("privacy_accepted", False),
            )
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(_back(request, registration))
    context = {
        "registration": registration,
        "form": form,
        "editable": registration.is_active and _editable(registration, timezone.now()),
        "deadline": RegistrationPolicy.for_event(registration.event).edit_deadline,
    }
    return render(request, "registrations/edit.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cancel_registration(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST cancels."""
    registration = _get_own_registration(request, pk)
    if request.method != "POST":
        return render(request, "registrations/cancel.html", {"registration": registration})
    try:
        services.cancel_registration(registration=registration, by=_user(request))
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


# --- invitations and the delegation page --------------------------------------------------------
INVITATION_REFUSALS = {"unknown": 404, "used": 410, "revoked": 410, "wrong_person": 403}


def _invitation_refused(request: HttpRequest, error: services.RegistrationError) -> HttpResponse:
    status = INVITATION_REFUSALS.get(error.code, 400)
    context = {"message": error.message, "code": error.code}
    return render(request, "registrations/invitation_invalid.html", context, status=status)


@require_safe
@login_required
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The mail's link: behind login (allauth brings the person back here), then on to the
    registration form of the delegation's event, carrying the token."""
    try:
        invitation = invitations.find_invitation(token=token, user=_user(request))
    except invitations.InvitationError as error:
        return _invitation_refused(request, error)
    url = reverse("registrations:register", kwargs={"slug": invitation.delegation.event.slug})
    return redirect(f"{url}?{QueryDict.fromkeys(['invitation'], token).urlencode()}")


@require_safe
@login_required
def delegation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = _get_delegation_for_coordinator(request, pk)
    return _delegation_page(request, delegation, InviteForm())


def _delegation_page(
    request: HttpRequest, delegation: Delegation, form: InviteForm, status: int = 200
) -> HttpResponse:
    context = {
        "delegation": delegation,
        "event": delegation.event,
        "members": invitations.delegation_members(delegation),
        "pending": invitations.pending_invitations(delegation),
        "form": form,
    }
    return render(request, "registrations/delegation.html", context, status=status)


@require_POST
@login_required
def invite_delegate(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = _get_delegation_for_coordinator(request, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            invitations.invite_delegate(delegation=delegation, email=email, by=_user(request))
        except invitations.InvitationError as error:
            form.add_error("email", error.message)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
            return redirect("registrations:delegation_detail", pk=delegation.pk)
    return _delegation_page(request, delegation, form)


@require_POST
@login_required
def revoke_invitation(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    delegation = _get_delegation_for_coordinator(request, pk)
    invitation = get_object_or_404(delegation.invitations, pk=invitation_pk)
    try:
        invitations.revoke_invitation(invitation=invitation, by=_user(request))
    except invitations.InvitationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Invitation withdrawn."))
    return redirect("registrations:delegation_detail", pk=delegation.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def substitute_member(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    delegation = _get_delegation_for_coordinator(request, pk)
    member = get_object_or_404(delegation.registrations.select_related("user"), pk=registration_pk)
    form = SubstituteForm(_posted(request))
    if form.is_valid():
        try:
            _substitute(request, member, form)
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The seat now belongs to the substitute."))
            return redirect("registrations:delegation_detail", pk=delegation.pk)
    context = {"delegation": delegation, "event": delegation.event, "member": member, "form": form}
    return render(request, "registrations/substitute.html", context)


def _substitute(request: HttpRequest, member: Registration, form: SubstituteForm) -> None:
    email = form.cleaned_data["email"]
    substitute = User.objects.filter(email__iexact=email).first()
    if substitute is None:
        raise services.RegistrationError(
            "no_account",
            _("Nobody has an account with %(email)s yet: invite them instead.") % {"email": email},
        )
    services.substitute_member(
        registration=member, substitute=substitute, details=form.details(), by=_user(request)
    )


@require_safe
@login_required
def delegate_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The event's approved delegates who agreed to be listed; for its approved delegates and
    organizers."""
    event = _get_open_event(request, slug)
    if not invitations.may_see_delegate_list(request.user, event):
        # A page that says why rather than a bare 403: a pending delegate gets in later.
        context = {"event": event, "closed": True}
        return render(request, "registrations/delegate_list.html", context, status=403)
    context = {"event": event, "delegates": invitations.listed_delegates(event)}
    return render(request, "registrations/delegate_list.html", context)


# --- organizers ---------------------------------------------------------------------------------
@require_safe
@login_required
def event_registrations(request: HttpRequest, slug: str) -> HttpResponse:
    event = _get_event_for_organizer(request, slug)
    filter_form = _filter_form(request, event)
    rows = _filtered(event, filter_form).select_related("user", "city")
    page = Paginator(rows.order_by("created_at", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "event": event,
        "filter_form": filter_form,
        "page": page,
        "query": _querystring(request.GET),
        **_counts(event),
    }
    return render(request, "registrations/organizer_list.html", context)


@require_POST
@login_required
def decide_registrations(request: HttpRequest, slug: str) -> HttpResponse:
    """Approve or decline the selected registrations; one refusal does not stop the others."""
    event = _get_event_for_organizer(request, slug)
    form = BulkDecisionForm(request.POST, event_id=event.pk)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect(_list_url(event, request.POST.get("query", "")))
    action = form.cleaned_data["action"]
    service = {
        "approve": services.approve_registration,
        "decline": services.decline_registration,
    }[action]
    _apply(request, service, form.cleaned_data["registrations"], action)
    return redirect(_list_url(event, request.POST.get("query", "")))


def _apply(
    request: HttpRequest,
    service: Callable[..., Registration],
    registrations: Iterable[Registration],
    action: str,
) -> None:
    done = 0
    for registration in registrations:
        try:
            service(registration=registration, by=_user(request))
        except services.RegistrationError as error:
            messages.warning(request, f"{registration.badge_name}: {error.message}")
        else:
            done += 1
    if action == "approve":
        text = ngettext("%(n)d registration approved.", "%(n)d registrations approved.", done)
    else:
        text = ngettext("%(n)d registration declined.", "%(n)d registrations declined.", done)
    messages.success(request, text % {"n": done})


@require_safe
@login_required
def registration_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _get_event_for_organizer(request, slug)
    registration = get_object_or_404(
        Registration.objects.select_related("user", "city", "delegation__coordinator"),
        event=event,
        pk=pk,
    )
    changes = registration.changes.select_related("changed_by")
    context = {"event": event, "registration": registration, "changes": changes}
    return render(request, "registrations/organizer_detail.html", context)


@require_safe
@login_required
def export_registrations(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    event = _get_event_for_organizer(request, slug)
    rows = _filtered(event, _filter_form(request, event)).select_related("user", "city")
    response = StreamingHttpResponse(
        _csv_lines(rows.order_by("created_at", "pk")), content_type="text/csv; charset=utf-8"
    )
    filename = f"registrations-{event.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- organizer page helpers ---------------------------------------------------------------------
def _filter_form(request: HttpRequest, event: Event) -> RegistrationFilterForm:
    cities = list(City.objects.filter(registrations__event=event).distinct().order_by("name"))
    return RegistrationFilterForm(request.GET, cities=cities)


def _filtered(event: Event, form: RegistrationFilterForm) -> Any:
    rows = Registration.objects.filter(event=event)
    chosen = form.filters()
    lookups = {
        "status": "status",
        "country": "country",
        "city": "city_id",
        "network": "city__memberships__network_id",
        "office": "office",
    }
    rows = rows.filter(**{lookups[name]: chosen[name] for name in lookups if name in chosen})
    if query := chosen.get("q"):
        rows = rows.filter(
            Q(badge_name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(organization__icontains=query)
            | Q(city__name__icontains=query)
        )
    return rows


def _counts(event: Event) -> dict[str, Any]:
    """Active registrations per country and per city, with how many are approved."""
    active = Registration.objects.filter(event=event).active().order_by()
    approved = Count("pk", filter=Q(status=Registration.Status.APPROVED))
    per_country = [
        (countries.name(row["country"]), row["n"], row["approved"])
        for row in active.values("country").annotate(n=Count("pk"), approved=approved)
    ]
    per_city = [
        (f"{row['city__name']}, {countries.name(row['country'])}", row["n"], row["approved"])
        for row in active.values("city__name", "country").annotate(n=Count("pk"), approved=approved)
    ]
    return {"per_country": sorted(per_country), "per_city": sorted(per_city)}


def _querystring(data: QueryDict) -> str:
    """The filter parameters of a request, re-encoded: nothing else goes back into an address."""
    kept = QueryDict(mutable=True)
    for name in RegistrationFilterForm.base_fields:
        kept.setlist(name, data.getlist(name)[:1])
    return kept.urlencode()


def _list_url(event: Event, query: str) -> str:
    url = reverse("registrations:event_registrations", kwargs={"slug": event.slug})
    kept = _querystring(QueryDict(query))
    return f"{url}?{kept}" if kept else url


# --- the CSV export -----------------------------------------------------------------------------
CSV_HEADER = [
    "id",
    "status",
    "badge_name",
    "email",
    "office",
    "organization",
    "city",
    "city_confirmed",
    "country",
    "phone",
    "languages",
    "interpretation_needs",
    "dietary_needs",
    "accessibility_needs",
    "visibility",
    "registered_at",
]
# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...)).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """The cell as text a spreadsheet shows as text: a leading quote disarms a formula."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: Any) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    # The byte order mark makes Excel read the file as UTF-8.
    yield "\ufeff".encode()
    yield writer.writerow(CSV_HEADER).encode()
    for registration in rows.iterator(chunk_size=500):
        yield writer.writerow([neutralise(cell) for cell in _csv_row(registration)]).encode()


def _csv_row(r: Registration) -> list[object]:
    return [
        r.pk,
        r.status,
        r.badge_name,
        r.user.email,
        r.office,
        r.organization,
        r.city.name,
        "yes" if r.city.is_confirmed else "no",
        r.country.code,
        r.phone,
        " ".join(r.languages),
        r.interpretation_needs,
        r.dietary_needs,
        r.accessibility_needs,
        r.visibility,
        r.created_at.isoformat(timespec="seconds"),
    ]
