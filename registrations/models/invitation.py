"""A coordinator's invitation of a colleague into the city's delegation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registrations.models.delegation import Delegation
from registrations.models.registration import Registration


class DelegationInvitation(models.Model):
    """A coordinator's (or organizer's) invitation to join a delegation, sent by mail.

    Only a SHA-256 hash of the link's token is stored: a leaked database row cannot be turned
    into a working link, and the token itself exists only in the mail.
    """

    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("delegation"),
    )
    # Stored lower-cased (services.invitations) so the unique constraint ignores letter case.
    email = models.EmailField(_("email address"))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    registration = models.OneToOneField(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("registration"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # Set by invitations.invite_delegate: settings.DELEGATION_INVITATION_DAYS after creation.
    # Expiry alone frees nothing in the constraint below: re-inviting revokes the expired row.
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("delegation invitation")
        verbose_name_plural = _("delegation invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_active_invitation_per_delegation_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.delegation}"

    @property
    def is_active(self) -> bool:
        """Neither used nor revoked, expired or not: what the unique constraint counts."""
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
