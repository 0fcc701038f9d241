"""Erasures: a person's request (or an organizer's on their behalf) to erase them, kept as an
audit line that holds no personal data, only the account's number, who asked and when. Data
exports: "download my data", a ZIP built by a task, kept until it expires."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Erasure(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        DONE = "done", _("Done")

    # The account's number, not a foreign key: the audit line outlives what it points at.
    user_id = models.PositiveBigIntegerField(_("account number"), unique=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    by_the_person = models.BooleanField(_("asked by the person"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.REQUESTED, db_index=True
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"account {self.user_id}: {self.status}"


class DataExport(models.Model):
    """Everything Summit holds about a person, as a ZIP (data.json and index.html), built by a
    Celery task and downloadable by that person alone until it expires."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Being prepared")
        READY = "ready", _("Ready")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("person"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.REQUESTED, db_index=True
    )
    content = models.BinaryField(_("ZIP file"), null=True, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        constraints = [
            # One being prepared at a time: a double click asks once.
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="requested"), name="one_pending_export"
            )
        ]

    def __str__(self) -> str:
        return f"data export {self.pk} ({self.status})"
