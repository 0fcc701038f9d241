"""Delegates' places at sessions (signed up or waitlisted) and their calendar feed tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sessions_app.models.session import Session
from summit import cache


class SignupQuerySet(models.QuerySet["Signup"]):
    def active(self) -> SignupQuerySet:
        return self.filter(status__in=ACTIVE_SIGNUP_STATUSES)

    def seated(self) -> SignupQuerySet:
        return self.filter(status=Signup.Status.SIGNED_UP)

    def waitlist(self) -> SignupQuerySet:
        """First come, first served."""
        return self.filter(status=Signup.Status.WAITLISTED).order_by("created_at", "pk")


class Signup(models.Model):
    """A delegate's place in a session, or on its waiting list.

    Signing up again after a withdrawal makes a new row (a new place in the queue); the old one
    stays as history. `personal_sequence` counts the changes of this person's own calendar copy
    (each withdrawal and each new sign-up) across those rows: an invite's SEQUENCE is
    session.revision + personal_sequence, which never goes down, so a new invite after a
    withdrawal outranks the CANCEL that withdrawal sent (issue #5, point 5).
    """

    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", _("Signed up")
        WAITLISTED = "waitlisted", _("Waitlisted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="signups", verbose_name=_("session")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_signups",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status)
    personal_sequence = models.PositiveIntegerField(
        _("personal calendar sequence"), default=0, editable=False
    )
    # The waiting list's order.
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SignupQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=models.Q(status__in=["signed_up", "waitlisted"]),
                name="one_active_signup_per_session_user",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["signed_up", "waitlisted", "withdrawn"]),
                name="signup_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status", "created_at"], name="signup_queue_idx"),
            models.Index(fields=["user", "status"], name="signup_user_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.session} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_SIGNUP_STATUSES

    @property
    def calendar_sequence(self) -> int:
        """The SEQUENCE of this person's invite or cancellation for the session."""
        return self.session.revision + self.personal_sequence


ACTIVE_SIGNUP_STATUSES = (Signup.Status.SIGNED_UP, Signup.Status.WAITLISTED)


class CalendarFeedToken(models.Model):
    """The secret in a person's calendar feed address (calendar/feed/<token>.ics).

    Only the SHA-256 of the token is stored: whoever reads the database (a backup, a support
    query) cannot subscribe to anyone's calendar. The raw token is shown once, when it is made.
    Revoked rows stay as history; at most one row per person is live.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
        verbose_name=_("person"),
    )
    token_hash = models.CharField(_("token hash (SHA-256)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_calendar_feed_token_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({'revoked' if self.revoked_at else 'live'})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    @transaction.atomic
    def issue(cls, user: Any) -> str:
        """Revoke the person's live token, if any, and make a new one; returns the raw token,
        which is stored nowhere. The person's row is locked first, so two clicks at once make
        one live token, not an IntegrityError."""
        get_user_model().objects.select_for_update().only("pk").get(pk=user.pk)
        cls.revoke_for(user)
        raw = secrets.token_urlsafe(32)
        cls.objects.create(user=user, token_hash=cls.hash(raw))
        return raw

    @classmethod
    def revoke_for(cls, user: Any) -> int:
        """Revoke the person's live token; returns how many were live (0 or 1)."""
        live = cls.objects.filter(user=user, revoked_at__isnull=True)
        revoked = live.update(revoked_at=timezone.now())
        # update() sends no signal: the feeds cached by token must stop answering at once.
        cache.changed("feed-tokens")
        return revoked

    @classmethod
    def owner_for(cls, raw: str) -> tuple[int, str] | None:
        """Whose live token this is, as (user id, their language), or None: wrong and revoked
        tokens look the same."""
        live = cls.objects.filter(token_hash=cls.hash(raw), revoked_at__isnull=True)
        return live.values_list("user_id", "user__language").first()
