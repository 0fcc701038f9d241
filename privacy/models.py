"""Erasures: a person's request (or an organizer's on their behalf) to erase them, kept as an
audit line that holds no personal data, only the account's number, who asked and when."""

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
