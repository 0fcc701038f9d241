"""Organizers' webhook endpoints, and every delivery to them: a row written in the same
transaction as the change it announces, sent by Celery, retried with backoff (services.py)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import Event


class EventType(models.TextChoices):
    """What an endpoint can subscribe to. The values are the `type` of the payload."""

    REGISTRATION_CREATED = "registration.created", _("A registration is made")
    REGISTRATION_APPROVED = "registration.approved", _("A registration is approved")
    REGISTRATION_DECLINED = "registration.declined", _("A registration is declined")
    REGISTRATION_CANCELLED = "registration.cancelled", _("A registration is cancelled")
    SESSION_MOVED = "session.moved", _("A published session moves (time or room)")
    SESSION_CANCELLED = "session.cancelled", _("A published session is cancelled")


class Endpoint(models.Model):
    """A URL that receives the chosen events, of one event or of all, signed with its secret."""

    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    event_types = models.JSONField(_("events"), default=list)
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhook_endpoints",
        verbose_name=_("event"),
        help_text=_("Empty: every event."),
    )
    # The shared secret the receiver checks signatures with (Standard Webhooks: "whsec_" and
    # base64). Kept in clear: signing needs it; only organizers see it.
    secret = models.CharField(_("secret"), max_length=100, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("webhooks:endpoint", kwargs={"pk": self.pk})


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def due(self, now: object) -> DeliveryQuerySet:
        return self.filter(status=Delivery.Status.QUEUED, next_attempt_at__lte=now)

    def stale_sending(self, before: object) -> DeliveryQuerySet:
        """Claimed by a worker that has not finished by `before`: the worker died."""
        return self.filter(status=Delivery.Status.SENDING, claimed_at__lt=before)


class Delivery(models.Model):
    """One event to one endpoint. `uuid` is the webhook-id the receiver sees: the same on every
    try, so a receiver that got it once can ignore a repeat."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    uuid = models.UUIDField(_("webhook id"), default=uuid.uuid4, unique=True, editable=False)
    # What caused it ("registration-change:12"): one cause, one delivery per endpoint.
    key = models.CharField(_("cause"), max_length=100)
    event_type = models.CharField(_("event"), max_length=40, choices=EventType)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("last answer"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    # When it failed for good (its last attempt); cleared when an organizer retries it. The
    # retention purge counts a failed delivery's age from here (services.purge_deliveries).
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "key"], name="one_delivery_per_cause")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due")]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint}"
