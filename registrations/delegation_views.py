"""The delegation pages: the coordinator's members and invitations, the mail's invitation link,
the organizers' quota and coordinator decisions, and the event's delegate list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from accounts.roles import is_organizer
from registrations import invitations, services
from registrations.access import (
    current_user,
    get_delegation_for_coordinator,
    get_delegation_for_organizer,
    get_open_event,
    posted,
)
from registrations.delegation_links import delegation_links
from registrations.forms import CoordinatorForm, DelegationQuotaForm, InviteForm, SubstituteForm
from registrations.models import Delegation, Registration, RegistrationPolicy

INVITATION_REFUSALS = {
    "unknown": 404,
    "used": 410,
    "revoked": 410,
    "expired": 410,
    "wrong_person": 403,
}


def invitation_refused(request: HttpRequest, error: services.RegistrationError) -> HttpResponse:
    status = INVITATION_REFUSALS.get(error.code, 400)
    context = {"message": error.message, "code": error.code}
    return render(request, "registrations/invitation_invalid.html", context, status=status)


@require_safe
@login_required
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The mail's link: behind login (allauth brings the person back here), then on to the
    registration form of the delegation's event, carrying the token."""
    try:
        invitation = invitations.find_invitation(token=token, user=current_user(request))
    except invitations.InvitationError as error:
        return invitation_refused(request, error)
    url = reverse("registrations:register", kwargs={"slug": invitation.delegation.event.slug})
    return redirect(f"{url}?{QueryDict.fromkeys(['invitation'], token).urlencode()}")


# --- the delegation page ------------------------------------------------------------------------
@require_safe
@login_required
def delegation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = get_delegation_for_coordinator(request, pk)
    return _delegation_page(request, delegation)


def _delegation_page(
    request: HttpRequest,
    delegation: Delegation,
    *,
    form: InviteForm | None = None,
    quota_form: DelegationQuotaForm | None = None,
    coordinator_form: CoordinatorForm | None = None,
) -> HttpResponse:
    """The page, with the invitation form, and for organizers the quota and coordinator forms;
    a bound form passed in shows its errors."""
    members = invitations.delegation_members(delegation)
    context: dict[str, Any] = {
        "delegation": delegation,
        "event": delegation.event,
        "members": members,
        "pending": invitations.pending_invitations(delegation),
        "form": form or InviteForm(),
        "delegation_links": delegation_links(delegation.pk),
    }
    if is_organizer(request.user):
        context.update(_organizer_context(delegation, members, quota_form, coordinator_form))
    return render(request, "registrations/delegation.html", context)


def _organizer_context(
    delegation: Delegation,
    members: list[tuple[Registration, list[str]]],
    quota_form: DelegationQuotaForm | None,
    coordinator_form: CoordinatorForm | None,
) -> dict[str, Any]:
    policy = RegistrationPolicy.for_event(delegation.event)
    current = next(
        (r.pk for r, _m in members if r.is_active and r.user_id == delegation.coordinator_id), None
    )
    return {
        "organizer_view": True,
        "city_quota": policy.city_quota,
        "quota": delegation.quota(policy),
        "seats_taken": sum(1 for r, _m in members if r.holds_seat),
        "quota_form": quota_form
        or DelegationQuotaForm(initial={"quota": delegation.quota_override}),
        "coordinator_form": coordinator_form
        or CoordinatorForm(delegation=delegation, initial={"member": current}),
    }


@require_POST
@login_required
def invite_delegate(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = get_delegation_for_coordinator(request, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            invitations.invite_delegate(
                delegation=delegation, email=email, by=current_user(request)
            )
        except invitations.InvitationError as error:
            form.add_error("email", error.message)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
            return redirect("registrations:delegation_detail", pk=delegation.pk)
    return _delegation_page(request, delegation, form=form)


@require_POST
@login_required
def revoke_invitation(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    delegation = get_delegation_for_coordinator(request, pk)
    invitation = get_object_or_404(delegation.invitations, pk=invitation_pk)
    try:
        invitations.revoke_invitation(invitation=invitation, by=current_user(request))
    except invitations.InvitationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Invitation withdrawn."))
    return redirect("registrations:delegation_detail", pk=delegation.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def substitute_member(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    delegation = get_delegation_for_coordinator(request, pk)
    member = get_object_or_404(delegation.registrations.select_related("user"), pk=registration_pk)
    form = SubstituteForm(posted(request))
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
        registration=member, substitute=substitute, details=form.details(), by=current_user(request)
    )


# --- the organizers' decisions about a delegation -----------------------------------------------
@require_POST
@login_required
def set_delegation_quota(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = get_delegation_for_organizer(request, pk)
    form = DelegationQuotaForm(request.POST)
    if form.is_valid():
        try:
            promoted = services.set_delegation_quota(
                delegation=delegation, quota=form.cleaned_data["quota"], by=current_user(request)
            )
        except services.RegistrationError as error:
            form.add_error("quota", error.message)
        else:
            messages.success(request, _("The delegation's quota is saved."))
            _report_promoted(request, promoted)
            return redirect("registrations:delegation_detail", pk=delegation.pk)
    return _delegation_page(request, delegation, quota_form=form)


def _report_promoted(request: HttpRequest, promoted: list[Registration]) -> None:
    if promoted:
        names = ", ".join(r.badge_name for r in promoted)
        messages.info(request, _("Promoted from the waiting list: %(names)s") % {"names": names})


@require_POST
@login_required
def appoint_coordinator(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = get_delegation_for_organizer(request, pk)
    form = CoordinatorForm(request.POST, delegation=delegation)
    if form.is_valid():
        member: Registration = form.cleaned_data["member"]
        try:
            services.appoint_coordinator(
                delegation=delegation, user=member.user, by=current_user(request)
            )
        except services.RegistrationError as error:
            form.add_error("member", error.message)
        else:
            messages.success(
                request, _("%(name)s now coordinates the delegation.") % {"name": member.badge_name}
            )
            return redirect("registrations:delegation_detail", pk=delegation.pk)
    return _delegation_page(request, delegation, coordinator_form=form)


# --- the event's delegate list ------------------------------------------------------------------
@require_safe
@login_required
def delegate_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The event's approved delegates who agreed to be listed; for its approved delegates and
    organizers."""
    event = get_open_event(request, slug)
    if not invitations.may_see_delegate_list(request.user, event):
        # A page that says why rather than a bare 403: a pending delegate gets in later.
        context = {"event": event, "closed": True}
        return render(request, "registrations/delegate_list.html", context, status=403)
    context = {"event": event, "delegates": invitations.listed_delegates(event)}
    return render(request, "registrations/delegate_list.html", context)
