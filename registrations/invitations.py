"""Delegation invitations: invite a colleague by mail, revoke, accept; the delegate list.

The link carries a random token; the database keeps only its SHA-256 hash
(DelegationInvitation.token_hash). It works for settings.DELEGATION_INVITATION_DAYS, then the
coordinator invites again. Accepting registers the invitee through services.register_delegate,
so the event's quotas and waiting list apply as for anyone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_organizer
from events.models import Event
from events.templatetags.summit import format_local
from outbox.services import render_mail
from registrations.models import (
    Delegation,
    DelegationInvitation,
    Registration,
    spoken_languages,
)
from registrations.services import DelegateDetails, RegistrationError, register_delegate


class InvitationError(RegistrationError):
    """A refusal about an invitation: unknown, used, revoked, expired, wrong_person,
    already_invited."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("registrations:accept_invitation", args=[token])


@transaction.atomic
def invite_delegate(*, delegation: Delegation, email: str, by: User) -> DelegationInvitation:
    """Invite `email` to join `delegation` and queue the one invitation mail with its link.

    Refuses (InvitationError) a person already registered for the event and a second active
    invitation to the same address; the partial unique constraint backs the latter. An expired
    invitation to the address is revoked first, in this transaction, so it frees its place in
    the constraint: two coordinators re-inviting at once still end with one active invitation.
    """
    email = email.strip().lower()
    event = delegation.event
    registered = Registration.objects.active().filter(event=event, user__email__iexact=email)
    if registered.exists():
        raise InvitationError(
            "already_registered",
            _("%(email)s is already registered for this event.") % {"email": email},
        )
    now = timezone.now()
    delegation.invitations.filter(
        email=email, accepted_at=None, revoked_at=None, expires_at__lte=now
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = DelegationInvitation(
        delegation=delegation,
        email=email,
        token_hash=hash_token(token),
        invited_by=by,
        expires_at=now + dt.timedelta(days=settings.DELEGATION_INVITATION_DAYS),
    )
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as error:
        raise InvitationError(
            "already_invited",
            _("%(email)s has been invited already; revoke that invitation to send a new one.")
            % {"email": email},
        ) from error
    _send_invitation_mail(invitation, token)
    return invitation


def _send_invitation_mail(invitation: DelegationInvitation, token: str) -> None:
    delegation = invitation.delegation
    event = delegation.event
    context: dict[str, object] = {
        "invitation": invitation,
        "delegation": delegation,
        "event": event,
        "venue": event.venue,
        "inviter": invitation.invited_by,
        "accept_url": invitation_url(token),
        "event_url": settings.SITE_URL + event.get_absolute_url(),
    }
    # Keyed by the invitation: one mail per invitation, whoever calls twice. The language is the
    # invitee's if the address has an account, else the site's default (settings.LANGUAGE_CODE,
    # English, the networks' working language): never the inviter's, and events have none.
    render_mail(
        "registration_invitation", context, to=invitation.email, key=f"invitation:{invitation.pk}"
    )


@transaction.atomic
def revoke_invitation(*, invitation: DelegationInvitation, by: User) -> DelegationInvitation:
    """Revoke a pending invitation: its link stops working."""
    invitation = DelegationInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_active:
        raise InvitationError("not_active", _("This invitation was already used or revoked."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


def find_invitation(*, token: str, user: User, lock: bool = False) -> DelegationInvitation:
    """The active invitation behind `token`, addressed to `user`; InvitationError otherwise."""
    rows = DelegationInvitation.objects.select_related(
        "delegation__event__venue", "delegation__city"
    )
    if lock:
        rows = rows.select_for_update(of=("self",))
    invitation = rows.filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise InvitationError("unknown", _("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise InvitationError("used", _("This invitation has already been used."))
    # Whichever ended the link first: a re-invitation revokes the expired invitation it replaces.
    if invitation.expires_at <= (invitation.revoked_at or timezone.now()):
        raise _expired(invitation)
    if invitation.revoked_at is not None:
        raise InvitationError("revoked", _("This invitation was withdrawn."))
    if invitation.email != user.email.lower():
        raise InvitationError(
            "wrong_person",
            _(
                "This invitation was sent to another email address. Log in with the address "
                "the invitation was sent to."
            ),
        )
    return invitation


def _expired(invitation: DelegationInvitation) -> InvitationError:
    when = format_local(invitation.expires_at, invitation.delegation.event.time_zone)
    return InvitationError(
        "expired",
        _(
            "This invitation expired on %(date)s. Ask the coordinator who invited you to send "
            "you a new invitation."
        )
        % {"date": when},
    )


@transaction.atomic
def accept_invitation(
    *,
    token: str,
    user: User,
    details: DelegateDetails,
    privacy_accepted: bool,
    consents: Mapping[str, bool] | None = None,
    notice_version: int | None = None,
) -> Registration:
    """Register `user` in the invitation's delegation and mark the invitation used.

    The invitation row is locked first, so the same link cannot register two people.
    """
    invitation = find_invitation(token=token, user=user, lock=True)
    delegation = invitation.delegation
    registration = register_delegate(
        user=user,
        event=delegation.event,
        country=delegation.city.country.code,
        city=delegation.city,
        details=details,
        privacy_accepted=privacy_accepted,
        consents=consents,
        notice_version=notice_version,
    )
    invitation.accepted_at = timezone.now()
    invitation.registration = registration
    invitation.save(update_fields=["accepted_at", "registration"])
    return registration


# --- reads --------------------------------------------------------------------------------------
def missing_data(registration: Registration) -> list[str]:
    """What a member still has to provide, for the coordinator's delegation page."""
    missing = []
    if registration.privacy_accepted_at is None:
        missing.append(str(_("privacy notice not accepted")))
    if not registration.phone:
        missing.append(str(_("phone")))
    if not registration.languages:
        missing.append(str(_("languages")))
    return missing


def delegation_members(delegation: Delegation) -> list[tuple[Registration, list[str]]]:
    rows = delegation.registrations.select_related("user", "replaces").order_by("created_at", "pk")
    return [(r, missing_data(r)) for r in rows]


def pending_invitations(delegation: Delegation) -> QuerySet[DelegationInvitation]:
    """Neither used nor revoked; expired ones included, so the coordinator sees them."""
    return delegation.invitations.filter(accepted_at=None, revoked_at=None).select_related(
        "invited_by"
    )


def may_see_delegate_list(user: Any, event: Event) -> bool:
    """Organizers, and the event's approved delegates."""
    if is_organizer(user):
        return True
    approved = Registration.objects.filter(event=event, status=Registration.Status.APPROVED)
    return approved.filter(user=user).exists()


def listed_delegates(event: Event) -> list[dict[str, Any]]:
    """The event's approved delegates who agreed to be listed, each with only the fields they
    agreed to show besides name and city. One query, whatever the number of delegates."""
    rows = (
        Registration.objects.filter(
            event=event,
            status=Registration.Status.APPROVED,
            visibility=Registration.Visibility.DELEGATES,
        )
        .select_related("city", "user")
        .order_by("country", "city__name", "badge_name", "pk")
    )
    names = spoken_languages()
    return [_listed(r, names) for r in rows]


def _listed(registration: Registration, language_names: dict[str, str]) -> dict[str, Any]:
    shown = set(registration.directory_fields)
    field = Registration.DirectoryField
    return {
        "name": registration.badge_name,
        "city": registration.city.name,
        "country": registration.country.name,
        "office": registration.get_office_display() if field.OFFICE in shown else "",
        "organization": registration.organization if field.ORGANIZATION in shown else "",
        "email": registration.user.email if field.EMAIL in shown else "",
        "languages": [language_names.get(code, code) for code in registration.languages]
        if field.LANGUAGES in shown
        else [],
    }
