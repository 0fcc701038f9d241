"""The funder report: an event's figures as a workbook of several sheets, built by a Celery
task (it reads every registration, session and check-in of the event) and kept for a while."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event


class FunderReport(models.Model):
    class Status(models.TextChoices):
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="funder_reports", verbose_name=_("event")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.BUILDING, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress in per cent"), default=0)
    step = models.CharField(_("step"), max_length=100, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    content = models.BinaryField(_("XLSX file"), null=True, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("funder report")
        verbose_name_plural = _("funder reports")
        constraints = [
            # One being built per event at a time: asking again while it builds asks once.
            models.UniqueConstraint(
                fields=["event"],
                condition=models.Q(status="building"),
                name="one_funder_report_building",
            )
        ]

    def __str__(self) -> str:
        return f"funder report {self.pk} ({self.status})"
